/**
 * Outputs that are safe (issue 13): sgyp runs from any folder, writes only what it owns, refuses an
 * --out that overlaps the inputs, survives being killed at any moment of putting its outputs in
 * place, refuses text that the documents cannot hold and personal data in public fields, and
 * publishes only files from inside the data folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { JOURNAL, MANIFEST, recover } from '../pipeline/output/outDir.js';
import { BASE_HEADER, problemsOf, tempDir, writeLedger } from './support/ledger.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin/sgyp.mjs');
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = tempDir('sgyp-out-test-');
  made.push(d);
  return d;
}

function sgyp(args: string[], opts: { cwd?: string; killAt?: string } = {}) {
  const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } as NodeJS.ProcessEnv;
  if (opts.killAt) env.SGYP_TEST_KILL_AT = opts.killAt;
  else delete env.SGYP_TEST_KILL_AT;
  const res = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: opts.cwd ?? root, env });
  return { code: res.status, signal: res.signal, out: res.stdout, err: res.stderr };
}

/** A small valid ledger folder. */
function ledgers(name = '台账'): string {
  const data = path.join(dir(), name);
  mkdirSync(data, { recursive: true });
  writeLedger(data, 'a.csv', BASE_HEADER, [
    ['A-1', '牛场', '东山镇', 2019, 10, '巩固类'],
    ['A-2', '羊场', '西河乡', 2020, 20, '调整类'],
  ]);
  return data;
}

const tree = (d: string) => readdirSync(d).sort();
const asOfIn = (out: string) => (JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8')) as { asOf: string }).asOf;

describe('run from anywhere', () => {
  it('builds from a foreign current folder into an --out outside the checkout, writing nothing into the checkout', () => {
    const data = ledgers();
    const cwd = dir();
    // what Astro, Vite or a staging folder could have written into the checkout
    const traces = ['.astro', '.cache', 'site/.astro', 'node_modules/.vite', 'node_modules/.astro'].map((p) => path.join(root, p));
    const stamp = () => traces.map((p) => (existsSync(p) ? `${p} ${statSync(p).mtimeMs}` : `${p} -`));
    const before = stamp();
    const res = sgyp(['build', '--data', data, '--out', '../out', '--as-of', '2026-09-30'], { cwd });
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const out = path.join(cwd, '..', 'out');
    made.push(out);
    expect(tree(out)).toEqual([MANIFEST, 'history', 'reports', 'site', 'stats.json']);
    expect(readFileSync(path.join(out, 'site', 'index.html'), 'utf8')).toContain('2026年9月30日');
    expect(tree(cwd)).toEqual([]);
    expect(stamp()).toEqual(before);
  });
});

describe('writes only what it owns', () => {
  it('refuses an --out equal to, inside or a parent of --data, and leaves the ledgers alone', () => {
    const data = ledgers('reports'); // ledgers kept in a folder named reports …
    const out = path.dirname(data); // … and --out its parent
    for (const o of [out, data, path.join(data, 'out')]) {
      const res = sgyp(['build', '--data', data, '--out', o, '--as-of', '2026-09-30']);
      expect(res.code).toBe(2);
      expect(res.err).toMatch(/输出目录 .*数据目录/);
    }
    expect(tree(data)).toEqual(['a.csv']);
    expect(existsSync(path.join(data, 'out'))).toBe(false);
  });

  it('never replaces an entry it did not create, and says which', () => {
    const data = ledgers();
    const out = dir();
    mkdirSync(path.join(out, 'site'));
    writeFileSync(path.join(out, 'site', 'index.html'), '<p>the county’s own web root</p>');
    const res = sgyp(['build', '--data', data, '--out', out, '--as-of', '2026-09-30']);
    expect(res.code).toBe(2);
    expect(res.err).toContain('不是本程序生成的 “site”');
    expect(tree(out)).toEqual(['site']);
    expect(readFileSync(path.join(out, 'site', 'index.html'), 'utf8')).toBe('<p>the county’s own web root</p>');
    // stats writes only stats.json: the foreign site/ is no obstacle, and stays
    expect(sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-09-30']).code).toBe(0);
    expect(tree(out)).toEqual([MANIFEST, 'history', 'site', 'stats.json']);
  });
});

describe('a run killed while it puts its outputs in place', () => {
  const data = ledgers();

  /** --out holding a finished stats run of 2026-06-30, then a run of 2026-09-30 killed at `step`. */
  function killedAt(step: string): string {
    const out = dir();
    expect(sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-06-30']).code).toBe(0);
    const res = sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-09-30'], { killAt: step });
    expect(res.signal).toBe('SIGKILL');
    return out;
  }

  it('before the journal: the next run finds the old outputs and removes the litter', () => {
    const out = killedAt('staged');
    expect(tree(out).some((n) => n.startsWith('.sgyp-tmp-'))).toBe(true);
    recover(out);
    expect(tree(out)).toEqual([MANIFEST, 'history', 'stats.json']);
    expect(asOfIn(out)).toBe('2026-06-30');
    expect(tree(path.join(out, 'history'))).toEqual(['2026-06-30']);
  });

  for (const step of ['journal', 'swap:stats.json', 'swapped']) {
    it(`after the journal (${step}): the next run completes the swap`, () => {
      const out = killedAt(step);
      expect(tree(out)).toContain(JOURNAL);
      recover(out);
      expect(tree(out)).toEqual([MANIFEST, 'history', 'stats.json']);
      expect(asOfIn(out)).toBe('2026-09-30');
      expect(tree(path.join(out, 'history'))).toEqual(['2026-06-30', '2026-09-30']);
    });
  }

  it('between the renames of reports/ and site/: the next run leaves both from one run', () => {
    const out = dir();
    expect(sgyp(['build', '--data', data, '--out', out, '--as-of', '2026-06-30']).code).toBe(0);
    const res = sgyp(['build', '--data', data, '--out', out, '--as-of', '2026-09-30'], { killAt: 'swap:site' });
    expect(res.signal).toBe('SIGKILL');
    // killed with the new reports/ in place and the old site/ moved aside: no site/ at all
    expect(tree(out)).not.toContain('site');
    const dead = path.join(os.tmpdir(), 'sgyp-load-999999-litter');
    mkdirSync(dead, { recursive: true });
    // the next run (a check of stats) first completes the swap, then does its own work
    expect(sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-09-30']).code).toBe(0);
    expect(tree(out)).toEqual([MANIFEST, 'history', 'reports', 'site', 'stats.json']);
    expect(tree(path.join(out, 'reports'))).toContain('quarterly-2026Q3.pdf');
    expect(readFileSync(path.join(out, 'site', 'index.html'), 'utf8')).toContain('2026年9月30日');
    expect(existsSync(dead)).toBe(false);
  }, 240_000); // two full builds and a stats run, each in its own process
});

describe('text the documents cannot hold, and personal data in public fields', () => {
  it('refuses a control character (BEL) in 乡镇 and a phone or ID-card number in 项目名称, naming the cell', async () => {
    const data = dir();
    writeLedger(data, 'a.csv', BASE_HEADER, [
      ['A-1', '牛场', '东山\u0007镇', 2019, 10, '巩固类'],
      ['A-2', '羊场（联系13912345678）', '西河乡', 2020, 20, '调整类'],
      ['A-3', '加工厂 63212219800101123X', '西河乡', 2020, 20, '调整类'],
      ['HZ-2024-0023', '2024年冷库项目', '西河乡', 2020, 20, '调整类'],
    ]);
    const problems = await problemsOf(data);
    expect(problems.map((p) => [p.line, p.column, p.rule])).toEqual([
      [2, '乡镇', 'control-char'],
      [3, '项目名称', 'personal-data'],
      [4, '项目名称', 'personal-data'],
    ]);
    const res = sgyp(['check', '--data', data, '--as-of', '2026-09-30']);
    expect(res.code).toBe(1);
    expect(res.err).toContain('a.csv:2: 错误：列“乡镇”，值“东山␇镇”');
    expect(res.err).not.toContain('\u0007');
  });
});

describe('what the profile may publish', () => {
  function profileErrors(documents: unknown[], extra: Record<string, unknown> = {}) {
    const data = ledgers();
    writeFileSync(path.join(data, 'profile.json'), JSON.stringify({ asOf: '2026-09-30', documents, ...extra }));
    mkdirSync(path.join(data, 'docs'));
    return sgyp(['check', '--data', data]);
  }
  const doc = (more: Record<string, unknown>) => ({ slug: 'plan', title: '方案', written: '2026-04-29', published: '2026-04-30', ...more });

  it('refuses text files and attachments from outside the data folder, devices and folders, naming the key', () => {
    const res = profileErrors([
      doc({ textFile: '../../../../../etc/passwd' }),
      doc({ slug: 'b', textFile: '/dev/zero' }),
      doc({ slug: 'c', textFile: 'docs' }),
      doc({ slug: 'd', files: ['/etc/hostname'] }),
    ]);
    expect(res.code).toBe(1);
    expect(res.err).toContain('配置项“documents.0.textFile”，值“../../../../../etc/passwd”：只能发布数据目录中的文件');
    expect(res.err).toContain('配置项“documents.1.textFile”，值“/dev/zero”：只能发布数据目录中的文件');
    expect(res.err).toContain('配置项“documents.2.textFile”，值“docs”：应为普通文件');
    expect(res.err).toContain('配置项“documents.3.files.0”，值“/etc/hostname”：只能发布数据目录中的文件');
  });

  it('refuses unknown keys at every depth', () => {
    const res = profileErrors([], { thresholds: { idleMonth: 3 }, disclosure: { basepath: '/x/' } });
    expect(res.code).toBe(1);
    expect(res.err).toContain('配置项“thresholds”');
    expect(res.err).toContain('不认识的配置项：idleMonth');
    expect(res.err).toContain('不认识的配置项：basepath');
  });
});
