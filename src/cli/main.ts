#!/usr/bin/env node
// `policy`: the command-line front door. Exit codes: 0 ok, 1 usage or compile
// error, 2 test or verification failure.

import { runCli } from './program.js';

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
