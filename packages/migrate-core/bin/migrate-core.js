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
  // First SIGINT (Ctrl-C) or SIGTERM: a running migrate or rollback stops after its current statement, the
  // ledger records where, and the exit status is 130 (SIGINT) or 143 (SIGTERM). Second: the statement in
  // progress is interrupted on the server (KILL QUERY: an atomic statement is rolled back) and the process
  // exits within seconds, whatever the server does.
  const stop = new AbortController();
  const cancel = new AbortController();
  const exitCodeOf = (signal) => (signal === 'SIGTERM' ? 143 : 130);
  const onSignal = (signal) => {
    if (!stop.signal.aborted) {
      process.stderr.write(`\n${signal}: stopping after the current statement; the ledger records where, and the next run resumes there. ` +
        `${signal === 'SIGINT' ? 'Ctrl-C' : 'The signal'} again stops the statement in progress now.\n`);
      stop.abort(signal);
      return;
    }
    process.stderr.write(`\n${signal} again: interrupting the statement in progress on the server and exiting.\n`);
    cancel.abort(signal);
    setTimeout(() => process.exit(exitCodeOf(signal)), 5000).unref();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  const isTTY = Boolean(process.stdout.isTTY && process.stderr.isTTY);
  // A question is asked only at a terminal (both ends); Ctrl-C at the prompt answers nothing, which is a no.
  // isatty(0) rather than process.stdin, which would open a stream on stdin at every command; asked only when
  // stdout is a terminal, so that a command in CI, Nx or a pipe does not load node:tty for it.
  const ask = process.stdout.isTTY && require('node:tty').isatty(0) ? async (question) => {
    const { createInterface } = require('node:readline');
    return new Promise((resolve) => {
      const prompt = createInterface({ input: process.stdin, output: process.stdout });
      prompt.on('SIGINT', () => { process.stdout.write('\n'); prompt.close(); resolve(''); });
      prompt.question(question, (answer) => { prompt.close(); resolve(answer); });
    });
  } : undefined;
  const io = { stdout: process.stdout, stderr: process.stderr, isTTY, ...(ask ? { ask } : {}) };
  loaded.cli.main(process.argv.slice(2), process.env, io, process.cwd(), { stop: stop.signal, cancel: cancel.signal }).then((code) => {
    process.exitCode = code;
    // The first successful run of each command keeps the code it compiled in the code cache (load-cli.js).
    if (code === 0) loaded.learn(process.argv[2]);
  });
}
