#!/usr/bin/env node
// node tests/support/killAt.mjs STEP ARGS…: the sgyp command (ARGS as for bin/sgyp.mjs), killed with
// SIGKILL at STEP of the output protocol (staged, journal, swap:<entry or file>, swapped;
// output/outDir.ts), as a power cut would — for the tests of recovery. It installs the output
// transaction's step hook, which a normal run leaves empty, then runs the command as bin/sgyp.mjs
// does: the compiled CLI in lib/ when it is up to date, else the sources through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const stamp = path.join(root, 'lib', '.built');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const [step, ...args] = process.argv.slice(2);
let cli;
let outDir;
if (existsSync(stamp) && newestSource(path.join(root, 'pipeline')) <= statSync(stamp).mtimeMs) {
  cli = await import('../../lib/pipeline/cli.js');
  outDir = await import('../../lib/pipeline/output/outDir.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../../pipeline/cli.ts');
  outDir = await import('../../pipeline/output/outDir.ts');
}
outDir.OutputTransaction.atStep = (at) => {
  if (at === step) process.kill(process.pid, 'SIGKILL');
};
process.exitCode = await cli.main(args);
