// Stands in for iconv-lite inside the CLI bundle (scripts/bundle-cli.mjs puts it where mysql2 requires
// iconv-lite). mysql2 decodes the server version of every handshake as CESU-8, which is not one of Node's
// encodings, so iconv-lite would load its table of every encoding (over half a megabyte, about 17 ms of each
// command). Here it starts with its own UTF-8 family only (cesu8, utf8, base64, ...) and loads the whole table
// the first time it is asked for any other encoding (a latin2 column, say).
'use strict';
const iconv = require('iconv-lite');

const getCodec = iconv.getCodec;
let everyEncoding = false;
iconv.encodings = Object.assign(Object.create(null), require('iconv-lite/encodings/internal'));
iconv.getCodec = (encoding) => {
  try {
    return getCodec(encoding);
  } catch (error) {
    if (everyEncoding) throw error;
    everyEncoding = true;
    iconv.encodings = null;
    return getCodec(encoding);
  }
};

module.exports = iconv;
