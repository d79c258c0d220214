/**
 * Helpers of tests/outputs.test.ts and tests/outputs.slow.test.ts: the command in a process of its
 * own (so that a kill point can SIGKILL it), small ledger folders, and fingerprints of an --out.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import { JOURNAL, MANIFEST, recover } from '../../pipeline/output/outDir.js';
import { BASE_HEADER, tempDir, writeLedger } from './ledger.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = path.join(root, 'bin/sgyp.mjs');
const killAtEntry = path.join(root, 'tests/support/killAt.mjs');
export const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function dir(): string {
  const d = tempDir('sgyp-out-test-');
  made.push(d);
  return d;
}

/** The command; with `killAt`, through the test entry that kills it (SIGKILL) at that step of the output protocol. */
export function sgyp(args: string[], opts: { cwd?: string; killAt?: string } = {}) {
  const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } as NodeJS.ProcessEnv;
  const entry = opts.killAt ? [killAtEntry, opts.killAt] : [bin];
  const res = spawnSync(process.execPath, [...entry, ...args], { encoding: 'utf8', cwd: opts.cwd ?? root, env });
  return { code: res.status, signal: res.signal, out: res.stdout, err: res.stderr };
}

/** A small valid ledger folder. */
export function ledgers(name = '台账'): string {
  const data = path.join(dir(), name);
  mkdirSync(data, { recursive: true });
  writeLedger(data, 'a.csv', BASE_HEADER, [
    ['A-1', '牛场', '东山镇', 2019, 10, '巩固类'],
    ['A-2', '羊场', '西河乡', 2020, 20, '调整类'],
  ]);
  return data;
}

export const tree = (d: string) => readdirSync(d).sort();
export const asOfIn = (out: string) => (JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8')) as { asOf: string }).asOf;

/** --out holding a finished stats run of 2026-06-30 of `data`, then a run of 2026-09-30 killed at `step`. */
export function killedAt(data: string, step: string): string {
  const out = dir();
  expect(sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-06-30']).code).toBe(0);
  const res = sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-09-30'], { killAt: step });
  expect(res.signal).toBe('SIGKILL');
  return out;
}

/**
 * A run killed at `step`, after the journal (killedAt): the journal is there, and the next run's
 * recovery completes the swap to the Q3 outputs with both snapshots. The kill points of
 * outputs.test.ts and outputs.slow.test.ts.
 */
export function expectSwapCompleted(data: string, step: string): void {
  const out = killedAt(data, step);
  expect(tree(out)).toContain(JOURNAL);
  recover(out);
  expect(tree(out)).toEqual([MANIFEST, 'history', 'stats.json']);
  expect(asOfIn(out)).toBe('2026-09-30');
  expect(tree(path.join(out, 'history'))).toEqual(['2026-06-30', '2026-09-30']);
}

/** When the clerk saved a file: the kept name shows this local time. */
export const SAVED = new Date(2026, 11, 5, 10, 31);
export const SAVED_NAME = '（修改稿，2026-12-05 10时31分）';
export const LATER = new Date(2026, 11, 6, 9, 5);

export const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** Every file under `d` with its sha256. */
export function fingerprint(d: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(d, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(d, path.join(e.parentPath, e.name)))
      .sort()
      .map((rel) => [rel, sha(path.join(d, rel))]),
  );
}
export const manifestFiles = (out: string) =>
  JSON.parse(readFileSync(path.join(out, MANIFEST), 'utf8')).files as Record<string, { size: number; sha256: string }>;
