#!/usr/bin/env node
// The `gatewarden` command. All the work is in the bundle dist/cli.js (built from
// server/src/cli/main.ts); this file only finds it and turns its result into an exit code.
'use strict';

const path = require('path');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
let cli;
try {
  cli = require(bundle);
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(bundle)) {
    console.error(`gatewarden: ${bundle} is missing. Build it first with \`npm run build\` (or \`npm ci\`, whose prepare script builds).`);
    process.exit(2);
  }
  throw error;
}

cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`gatewarden: internal error: ${error && error.stack ? error.stack : error}`);
    process.exitCode = 2;
  },
);
