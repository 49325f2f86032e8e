#!/usr/bin/env node
// Entry point of the `pyshift` command (package.json "bin"); the code lives in lib/ after `npm run build`.
import { runCli } from '../lib/cli/main.js';

const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  ownProcess: true,
});
process.exitCode = code;
