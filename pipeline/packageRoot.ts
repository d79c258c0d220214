/**
 * The folder of the sgyp package (the one holding its package.json), found from this module's own
 * location. The runtime reads files that are not compiled TypeScript from there — the SQL queries,
 * the Word templates, the site's sources — so they are found both when the TypeScript runs
 * directly (tests, tsx) and when the compiled JavaScript in lib/ runs (the `sgyp` command).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'sgyp') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`找不到 sgyp 程序包的根目录（从 ${start} 向上查找 package.json）`);
    dir = up;
  }
}

export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
