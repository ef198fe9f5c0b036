#!/usr/bin/env node
// The CLI entry (CommonJS, see package.json here: no ES module loader at start-up). It runs the bundled CLI,
// compiled with its V8 code cache (load-cli.js); the bundle is built by `npm install`/`npm ci` through the root
// prepare script.
'use strict';
const { loadCli } = require('./load-cli.js');

const loaded = loadCli();
if (loaded === undefined) {
  process.stderr.write('migrate-core is not built yet: run `npm run build` (npm ci does it through prepare).\n');
  process.exitCode = 2;
} else {
  // A closed pipe (`| head`) is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', (error) => { if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw error; });
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nStopping after the current migration. Ctrl-C again exits at once, but the server still runs the statements it has received (at most the rest of this migration) before it frees the lock; the next run resumes where it stopped.\n');
    controller.abort();
  });
  const isTTY = Boolean(process.stdout.isTTY && process.stderr.isTTY);
  // A question is asked only at a terminal (both ends); Ctrl-C at the prompt answers nothing, which is a no.
  const ask = process.stdin.isTTY && process.stdout.isTTY ? async (question) => {
    const { createInterface } = require('node:readline');
    return new Promise((resolve) => {
      const prompt = createInterface({ input: process.stdin, output: process.stdout });
      prompt.on('SIGINT', () => { process.stdout.write('\n'); prompt.close(); resolve(''); });
      prompt.question(question, (answer) => { prompt.close(); resolve(answer); });
    });
  } : undefined;
  const io = { stdout: process.stdout, stderr: process.stderr, isTTY, ...(ask ? { ask } : {}) };
  loaded.cli.main(process.argv.slice(2), process.env, io, process.cwd(), controller.signal).then((code) => {
    process.exitCode = code;
  });
}
