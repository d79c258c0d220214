/**
 * Outputs that are safe, complete tier (`npm run test:all`): the kill points after the journal that
 * tests/outputs.test.ts does not sample, and the runs of full builds (from a foreign folder, reports/
 * and site/ swapped, Q2 → Q3 → Q3 again, a second run beside a build).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOURNAL, LOCK, MANIFEST, recover } from '../pipeline/output/outDir.js';
import {
  asOfIn,
  bin,
  dir,
  expectSwapCompleted,
  fingerprint,
  LATER,
  ledgers,
  made,
  manifestFiles,
  root,
  SAVED,
  SAVED_NAME,
  sgyp,
  sha,
  tree,
} from './support/outputs.js';

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

describe('a run killed while it puts its outputs in place (the other kill points)', () => {
  const data = ledgers();

  for (const step of ['journal', 'swapped']) {
    it(`after the journal (${step}): the next run completes the swap`, () => expectSwapCompleted(data, step));
  }

  it('between the files of reports/ and site/: the next run completes the swap, keeping an edited report and a foreign file', () => {
    const out = dir();
    expect(sgyp(['build', '--data', data, '--out', out, '--as-of', '2026-09-30']).code).toBe(0);
    const edited = Buffer.concat([readFileSync(path.join(out, 'reports', 'annual-2026.docx')), Buffer.from('经验做法')]);
    writeFileSync(path.join(out, 'reports', 'annual-2026.docx'), edited);
    utimesSync(path.join(out, 'reports', 'annual-2026.docx'), SAVED, SAVED);
    mkdirSync(path.join(out, 'site', '附件'));
    writeFileSync(path.join(out, 'site', '附件', '公告.txt'), '县里的公告');
    const res = sgyp(['build', '--data', data, '--out', out, '--as-of', '2026-09-30'], { killAt: 'swap:site' });
    expect(res.signal).toBe('SIGKILL');
    // killed with the new reports in place (the edited draft renamed first) and the site not yet touched
    expect(tree(out)).toEqual(expect.arrayContaining([JOURNAL, LOCK, 'reports', 'site']));
    expect(readFileSync(path.join(out, 'reports', 'annual-2026（修改稿，2026-12-05 10时31分）.docx')).equals(edited)).toBe(true);
    const dead = path.join(os.tmpdir(), 'sgyp-load-999999-litter');
    mkdirSync(dead, { recursive: true });
    writeFileSync(path.join(dead, '.sgyp-load'), '999999');
    // named like it, without the marker: someone else's, left alone
    const other = path.join(os.tmpdir(), 'sgyp-load-999998-notmine');
    mkdirSync(other, { recursive: true });
    made.push(other);
    // the next run (a run of stats) first completes the swap, then does its own work
    const next = sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-09-30']);
    expect(next.code).toBe(0);
    expect(next.out).toContain('上次运行在替换输出时中断，已补完。');
    expect(tree(out)).toEqual([MANIFEST, 'history', 'reports', 'site', 'stats.json']);
    expect(tree(path.join(out, 'reports'))).toContain('quarterly-2026Q3.pdf');
    expect(readFileSync(path.join(out, 'reports', 'annual-2026（修改稿，2026-12-05 10时31分）.docx')).equals(edited)).toBe(true);
    expect(readFileSync(path.join(out, 'site', '附件', '公告.txt'), 'utf8')).toBe('县里的公告');
    expect(readFileSync(path.join(out, 'site', 'index.html'), 'utf8')).toContain('2026年9月30日');
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(other)).toBe(true);
  }, 240_000); // two full builds and a stats run, each in its own process
});

describe('the clerk’s work is never lost (full builds)', () => {
  const data = ledgers();

  it('Q2, then Q3, then Q3 again: every period’s documents stay, edited .docx and .pdf are kept, added files are left alone', () => {
    const out = dir();
    const reports = path.join(out, 'reports');
    expect(sgyp(['build', '--data', data, '--out', out, '--as-of', '2026-06-30']).code).toBe(0);
    const q2 = fingerprint(reports);
    expect(Object.keys(q2)).toEqual([
      'annual-2026.docx',
      'annual-2026.pdf',
      'monthly-2026-06.pdf',
      'monthly-2026-06.xlsx',
      'notice-2026Q2.docx',
      'notice-2026Q2.pdf',
      'quarterly-2026Q2-附件.xlsx',
      'quarterly-2026Q2.docx',
      'quarterly-2026Q2.pdf',
    ]);
    // the clerk fills in the annual draft (and makes it read-only), marks up the Q2 PDF, adds files
    const annual = Buffer.concat([readFileSync(path.join(reports, 'annual-2026.docx')), Buffer.from('经验做法')]);
    writeFileSync(path.join(reports, 'annual-2026.docx'), annual);
    chmodSync(path.join(reports, 'annual-2026.docx'), 0o444);
    utimesSync(path.join(reports, 'annual-2026.docx'), SAVED, SAVED);
    const pdf = Buffer.concat([readFileSync(path.join(reports, 'quarterly-2026Q2.pdf')), Buffer.from('%批注')]);
    writeFileSync(path.join(reports, 'quarterly-2026Q2.pdf'), pdf);
    writeFileSync(path.join(reports, '年度总结-修改稿.docx'), '修改稿');
    mkdirSync(path.join(out, 'site', '县里', '通知'), { recursive: true });
    writeFileSync(path.join(out, 'site', '县里', '通知', 'a.html'), '<p>通知</p>');

    const q3 = sgyp(['build', '--data', data, '--out', out, '--as-of', '2026-09-30']);
    expect(q3.code).toBe(0);
    expect(q3.out).toContain(
      `保留修改稿：${path.join(reports, 'annual-2026.docx')} 在本程序写出后被修改过，已改名为 ${path.join(reports, `annual-2026${SAVED_NAME}.docx`)}（内容未动），新稿写在原文件名处。`,
    );
    expect(q3.out).toContain(
      `未改动 2 个不是本程序写出的文件：${path.join(reports, '年度总结-修改稿.docx')}、${path.join(out, 'site', '县里', '通知', 'a.html')}`,
    );
    const after = fingerprint(reports);
    // Q2's documents all stay, the edited PDF as the clerk left it
    for (const name of Object.keys(q2).filter((n) => !n.startsWith('annual-'))) {
      expect(after[name], name).toBe(name === 'quarterly-2026Q2.pdf' ? sha(path.join(reports, name)) : q2[name]);
    }
    expect(readFileSync(path.join(reports, 'quarterly-2026Q2.pdf')).equals(pdf)).toBe(true);
    expect(readFileSync(path.join(reports, `annual-2026${SAVED_NAME}.docx`)).equals(annual)).toBe(true);
    expect(readFileSync(path.join(reports, 'annual-2026.docx')).equals(annual)).toBe(false);
    expect(readFileSync(path.join(reports, '年度总结-修改稿.docx'), 'utf8')).toBe('修改稿');
    expect(readFileSync(path.join(out, 'site', '县里', '通知', 'a.html'), 'utf8')).toBe('<p>通知</p>');
    expect(Object.keys(after)).toEqual(
      [
        'annual-2026.docx',
        'annual-2026.pdf',
        'monthly-2026-06.pdf',
        'monthly-2026-06.xlsx',
        'monthly-2026-09.pdf',
        'monthly-2026-09.xlsx',
        'notice-2026Q2.docx',
        'notice-2026Q2.pdf',
        'notice-2026Q3.docx',
        'notice-2026Q3.pdf',
        'quarterly-2026Q2-附件.xlsx',
        'quarterly-2026Q2.docx',
        'quarterly-2026Q2.pdf',
        'quarterly-2026Q3-附件.xlsx',
        'quarterly-2026Q3.docx',
        'quarterly-2026Q3.pdf',
        `annual-2026${SAVED_NAME}.docx`,
        '年度总结-修改稿.docx',
      ].sort(),
    );

    // Q3 again, after the clerk edited the Q3 report: only Q3's unedited files are replaced
    const q3doc = Buffer.concat([readFileSync(path.join(reports, 'quarterly-2026Q3.docx')), Buffer.from('文号')]);
    writeFileSync(path.join(reports, 'quarterly-2026Q3.docx'), q3doc);
    utimesSync(path.join(reports, 'quarterly-2026Q3.docx'), LATER, LATER);
    const again = sgyp(['build', '--data', data, '--out', out, '--as-of', '2026-09-30']);
    expect(again.code).toBe(0);
    const kept = `quarterly-2026Q3（修改稿，2026-12-06 09时05分）.docx`;
    expect(again.out).toContain(`已改名为 ${path.join(reports, kept)}（内容未动）`);
    expect(again.out).not.toContain('annual-2026.docx 在本程序写出后被修改过');
    const last = fingerprint(reports);
    expect(Object.keys(last)).toEqual([...Object.keys(after), kept].sort());
    expect(readFileSync(path.join(reports, kept)).equals(q3doc)).toBe(true);
    // same input, same bytes: the replaced files of Q3 are as the first Q3 run wrote them; the others untouched
    for (const [name, hash] of Object.entries(after)) expect(last[name], name).toBe(hash);
    expect(Object.keys(manifestFiles(out)).filter((f) => f.startsWith('reports/'))).toEqual(
      Object.keys(after)
        .filter((n) => !n.includes('修改'))
        .map((n) => `reports/${n}`),
    );
  }, 300_000); // three full builds

  it('a run killed during each step of Q2 → Q3 → Q3 again is completed by the next, keeping the edited and the foreign file', () => {
    const out = dir();
    expect(sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-06-30']).code).toBe(0);
    const foreign = path.join(out, 'history', '2026-06-30', '核对.txt');
    writeFileSync(foreign, '两层');
    writeFileSync(path.join(out, '.sgyp-tmp-x'), '我的文件');
    for (const [step, asOf] of [
      ['journal', '2026-09-30'],
      ['swap:history/2026-09-30', '2026-09-30'],
    ] as const) {
      const edited = `{"step": "${step}"}`;
      writeFileSync(path.join(out, 'stats.json'), edited);
      utimesSync(path.join(out, 'stats.json'), SAVED, SAVED);
      const res = sgyp(['stats', '--data', data, '--out', out, '--as-of', asOf], { killAt: step });
      expect(res.signal).toBe('SIGKILL');
      expect(tree(out)).toEqual(expect.arrayContaining([JOURNAL, LOCK]));
      recover(out);
      const kept = tree(out).filter((n) => n.startsWith('stats（'));
      expect(readFileSync(path.join(out, kept.at(-1)!), 'utf8')).toBe(edited);
      expect(asOfIn(out)).toBe(asOf);
      expect(readFileSync(foreign, 'utf8')).toBe('两层');
      expect(readFileSync(path.join(out, '.sgyp-tmp-x'), 'utf8')).toBe('我的文件');
      expect(tree(out).filter((n) => n.startsWith('.sgyp-') && n !== '.sgyp-tmp-x')).toEqual([MANIFEST]);
    }
    // the clerk's files and the kept drafts: the same after the kill points and after a run killed before the journal
    const settled = [
      MANIFEST,
      '.sgyp-tmp-x',
      'history',
      'stats.json',
      `stats${SAVED_NAME}.json`,
      'stats（修改稿，2026-12-05 10时31分，2）.json',
    ];
    expect(tree(out)).toEqual(settled);
    expect(tree(path.join(out, 'history'))).toEqual(['2026-06-30', '2026-09-30']);
    // killed before the journal: the next run (not just recover) finds the old outputs, removes only its own staging folder
    const res = sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-09-30'], { killAt: 'staged' });
    expect(res.signal).toBe('SIGKILL');
    expect(tree(out).filter((n) => n.startsWith('.sgyp-tmp-'))).toHaveLength(2);
    expect(sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-09-30']).code).toBe(0);
    expect(tree(out)).toEqual(settled);
  });
});

describe('one run at a time', () => {
  const data = ledgers();

  it('a second run into the same --out exits 2 naming the lock file; a lock of a process that is gone is taken over', async () => {
    const out = dir();
    const first = spawn(process.execPath, [bin, 'build', '--data', data, '--out', out, '--as-of', '2026-09-30'], {
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
    });
    const done = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    while (!existsSync(path.join(out, LOCK))) await new Promise((r) => setTimeout(r, 20));
    const second = sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-09-30']);
    expect(second.code).toBe(2);
    expect(second.err).toBe(
      `错误：输出目录 ${out} 正由另一次运行（进程 ${first.pid}）使用：锁文件 ${path.join(out, LOCK)}。请等它结束后再运行；如确认没有其他运行，可删除该锁文件。\n`,
    );
    expect(await done).toBe(0);
    expect(tree(out)).toEqual([MANIFEST, 'history', 'reports', 'site', 'stats.json']);
    // a lock left by a process that is gone
    writeFileSync(path.join(out, LOCK), JSON.stringify({ pid: 999999, token: 'dead' }));
    expect(sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-09-30']).code).toBe(0);
    expect(tree(out)).toEqual([MANIFEST, 'history', 'reports', 'site', 'stats.json']);
  }, 240_000);
});
