#!/usr/bin/env node
// The `sgyp` command. Runs the compiled CLI in lib/ (built by `npm run build:cli`, which npm's
// `prepare` runs on npm install and npm ci), so it starts at once. When lib/ is missing or older
// than the TypeScript sources (they were edited since the last build), it runs the sources through
// tsx instead: slower to start, never stale.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = path.join(root, 'lib', '.built');

/** Newest modification time of the .ts files under `dir`. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) {
      newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

let main;
if (existsSync(stamp) && newestSource(path.join(root, 'pipeline')) <= statSync(stamp).mtimeMs) {
  ({ main } = await import('../lib/pipeline/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../pipeline/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
