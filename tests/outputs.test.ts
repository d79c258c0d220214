/**
 * Outputs that are safe (issue 13): sgyp runs from any folder, writes only what it owns, refuses an
 * --out that overlaps the inputs, survives being killed at any moment of putting its outputs in
 * place, refuses text that the documents cannot hold and personal data in public fields, and
 * publishes only files from inside the data folder. Sampled for `npm test`: one kill point after the
 * journal, no full build; tests/outputs.slow.test.ts has the other kill points (those of Q2 → Q3 → Q3
 * again too) and the full builds.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputError } from '../pipeline/errors.js';
import { JOURNAL, MANIFEST, recover, writeFailure } from '../pipeline/output/outDir.js';
import { BASE_HEADER, problemsOf, writeLedger } from './support/ledger.js';
import {
  asOfIn,
  dir,
  expectSwapCompleted,
  fingerprint,
  killedAt,
  ledgers,
  manifestFiles,
  SAVED,
  SAVED_NAME,
  sgyp,
  sha,
  tree,
} from './support/outputs.js';

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

  it('before the journal: the next run finds the old outputs and removes the litter', () => {
    const out = killedAt(data, 'staged');
    expect(tree(out).some((n) => n.startsWith('.sgyp-tmp-'))).toBe(true);
    recover(out);
    expect(tree(out)).toEqual([MANIFEST, 'history', 'stats.json']);
    expect(asOfIn(out)).toBe('2026-06-30');
    expect(tree(path.join(out, 'history'))).toEqual(['2026-06-30']);
  });

  // sampled: one kill point after the journal; outputs.slow.test.ts has the others (journal, swapped)
  for (const step of ['swap:stats.json']) {
    it(`after the journal (${step}): the next run completes the swap`, () => expectSwapCompleted(data, step));
  }
});

describe('the clerk’s work is never lost', () => {
  const data = ledgers();

  it('keeps an edited (read-only) stats.json under a new name, the clerk’s files at any depth, and a clerk’s .sgyp-tmp-x', () => {
    const out = dir();
    expect(sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-06-30']).code).toBe(0);
    expect(Object.keys(manifestFiles(out))).toEqual(['history/2026-06-30/projects.parquet', 'history/2026-06-30/stats.json', 'stats.json']);
    expect(manifestFiles(out)['stats.json']!.sha256).toBe(sha(path.join(out, 'stats.json')));
    writeFileSync(path.join(out, 'stats.json'), '{"核对": "已改"}');
    chmodSync(path.join(out, 'stats.json'), 0o444);
    utimesSync(path.join(out, 'stats.json'), SAVED, SAVED);
    writeFileSync(path.join(out, 'history', '说明.txt'), '一层');
    mkdirSync(path.join(out, 'history', '2026-06-30', '备注'));
    writeFileSync(path.join(out, 'history', '2026-06-30', '备注', '核对.txt'), '两层');
    writeFileSync(path.join(out, '.sgyp-tmp-x'), '我的文件');
    mkdirSync(path.join(out, '.sgyp-tmp-y'));
    writeFileSync(path.join(out, '.sgyp-tmp-y', 'a.txt'), '我的文件夹');
    const res = sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-06-30']);
    expect(res.code).toBe(0);
    const kept = `stats${SAVED_NAME}.json`;
    const line = `保留修改稿：${path.join(out, 'stats.json')} 在本程序写出后被修改过，已改名为 ${path.join(out, kept)}（内容未动），新稿写在原文件名处。`;
    expect(res.out.split('\n').filter((l) => l.includes(line))).toHaveLength(2); // in the log and in the closing summary
    expect(res.out).toContain(
      `未改动 2 个不是本程序写出的文件：${path.join(out, 'history', '2026-06-30', '备注', '核对.txt')}、${path.join(out, 'history', '说明.txt')}`,
    );
    expect(tree(out)).toEqual(['.sgyp-manifest.json', '.sgyp-tmp-x', '.sgyp-tmp-y', 'history', 'stats.json', kept]);
    expect(readFileSync(path.join(out, kept), 'utf8')).toBe('{"核对": "已改"}');
    expect(statSync(path.join(out, kept)).mode & 0o777).toBe(0o444);
    expect(asOfIn(out)).toBe('2026-06-30');
    expect(readFileSync(path.join(out, 'history', '说明.txt'), 'utf8')).toBe('一层');
    expect(readFileSync(path.join(out, 'history', '2026-06-30', '备注', '核对.txt'), 'utf8')).toBe('两层');
    expect(readFileSync(path.join(out, '.sgyp-tmp-x'), 'utf8')).toBe('我的文件');
    expect(readFileSync(path.join(out, '.sgyp-tmp-y', 'a.txt'), 'utf8')).toBe('我的文件夹');
    // the kept file is the clerk's now: not in the manifest, and a third run leaves it and says nothing of it
    expect(Object.keys(manifestFiles(out))).toEqual(['history/2026-06-30/projects.parquet', 'history/2026-06-30/stats.json', 'stats.json']);
    const third = sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-06-30']);
    expect(third.code).toBe(0);
    expect(third.out).not.toContain('保留修改稿');
    expect(tree(out)).toEqual(['.sgyp-manifest.json', '.sgyp-tmp-x', '.sgyp-tmp-y', 'history', 'stats.json', kept]);
  });

  it('an --out of the version before the file list: its journal is completed, its unedited files replaced, an edited one kept', () => {
    const out = dir();
    expect(sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-06-30']).code).toBe(0);
    // as that version left it: a manifest of entries only, and a run killed after its journal
    writeFileSync(path.join(out, MANIFEST), JSON.stringify({ program: 'sgyp', entries: ['history', 'stats.json'] }));
    const staging = path.join(out, '.sgyp-tmp-4242-old');
    mkdirSync(path.join(staging, 'new'), { recursive: true });
    writeFileSync(path.join(staging, 'new', 'stats.json'), '{"asOf": "2026-06-30", "from": "the killed run"}');
    writeFileSync(path.join(out, JOURNAL), JSON.stringify({ staging: '.sgyp-tmp-4242-old', entries: ['stats.json'] }));
    recover(out);
    expect(tree(out)).toEqual([MANIFEST, 'history', 'stats.json']);
    expect(readFileSync(path.join(out, 'stats.json'), 'utf8')).toBe('{"asOf": "2026-06-30", "from": "the killed run"}');
    // the clerk edits stats.json after that manifest was written; the snapshot files are older than it
    const future = new Date(2099, 0, 1, 8, 0);
    utimesSync(path.join(out, 'stats.json'), future, future);
    const res = sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-06-30']);
    expect(res.code).toBe(0);
    expect(tree(out)).toEqual([MANIFEST, 'history', 'stats.json', 'stats（修改稿，2099-01-01 08时00分）.json']);
    expect(res.out).not.toContain('history/2026-06-30/projects.parquet');
    expect(Object.keys(manifestFiles(out))).toEqual(['history/2026-06-30/projects.parquet', 'history/2026-06-30/stats.json', 'stats.json']);
  });
});

describe('one run at a time, and places that cannot be written', () => {
  const data = ledgers();

  it('an --out or --history that is a file, or cannot be written: exit 2 naming it, in Chinese, nothing written', () => {
    const base = dir();
    const file = path.join(base, '输出.txt');
    writeFileSync(file, '不是文件夹');
    const asFile = sgyp(['stats', '--data', data, '--out', file, '--as-of', '2026-09-30']);
    expect(asFile).toMatchObject({ code: 2, err: `错误：输出目录 ${file} 已存在，但不是文件夹：请指向一个文件夹。\n` });
    const out = path.join(base, 'out');
    const hist = sgyp(['stats', '--data', data, '--out', out, '--history', file, '--as-of', '2026-09-30']);
    expect(hist).toMatchObject({ code: 2, err: `错误：历史快照目录 ${file} 已存在，但不是文件夹：请指向一个文件夹。\n` });
    const under = sgyp(['stats', '--data', data, '--out', path.join(file, 'out'), '--as-of', '2026-09-30']);
    expect(under.code).toBe(2);
    expect(under.err).toBe(`错误：无法写入 ${path.join(file, 'out')}：${file} 是一个文件，不是文件夹。\n`);
    const sys = sgyp(['stats', '--data', data, '--out', '/sys/sgyp-out', '--as-of', '2026-09-30']);
    expect(sys.code).toBe(2);
    expect(sys.err).toMatch(/^错误：无法写入 \/sys\/sgyp-out：(没有写入权限|不允许写入（权限不足或是系统目录）|所在磁盘是只读的)。\n$/);
    expect(tree(base)).toEqual(['输出.txt']);
    expect(readFileSync(file, 'utf8')).toBe('不是文件夹');
  });

  it('says a full disk in Chinese, naming the path, whether the file system or DuckDB reports it', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/县/out/reports/a.pdf' });
    expect((writeFailure(full, '/县/out') as Error).message).toBe(
      '无法写入 /县/out/reports/a.pdf：磁盘空间已满。输出目录中已有的文件没有改动。',
    );
    const duck = new Error('IO Error: Could not write file "/县/out/x.parquet": No space left on device');
    expect(writeFailure(duck, '/县/out')).toBeInstanceOf(OutputError);
    expect((writeFailure(duck, '/县/out') as Error).message).toBe('无法写入 /县/out：磁盘空间已满。输出目录中已有的文件没有改动。');
    const other = new Error('something else');
    expect(writeFailure(other, '/县/out')).toBe(other);
  });

  it('a damaged history snapshot is named in Chinese (exit 1), and the outputs stay as they were', () => {
    const out = dir();
    expect(sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-06-30']).code).toBe(0);
    const parquet = path.join(out, 'history', '2026-06-30', 'projects.parquet');
    writeFileSync(parquet, 'PAR1 损坏的快照');
    const before = fingerprint(out);
    const res = sgyp(['stats', '--data', data, '--out', out, '--as-of', '2026-09-30']);
    expect(res.code).toBe(1);
    expect(res.err).toContain(
      `${parquet}: 错误：历史快照无法读取（文件已损坏或不完整）：请把该快照所在的文件夹移出历史目录后重新运行，或用 --previous 指定上期台账 [history]`,
    );
    expect(res.err).not.toMatch(/Error|Invalid|parquet file/);
    expect(fingerprint(out)).toEqual(before);
  });
});

describe('text the documents cannot hold, and personal data in public fields', () => {
  it('refuses a control character (BEL) in 乡镇 and a phone or ID-card number in 项目名称, naming the cell', async () => {
    const data = dir();
    writeLedger(data, 'a.csv', BASE_HEADER, [
      ['A-1', '牛场', '东山\u0007镇', 2019, 10, '巩固类'],
      ['A-2', '羊场（联系13912345678）', '西河乡', 2020, 20, '调整类'],
      ['A-3', '加工厂 632122198001011238', '西河乡', 2020, 20, '调整类'],
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

  it('refuses two documents with one 索引号 (check names the key)', () => {
    const res = profileErrors([doc({ index: '11639901X/2026-001' }), doc({ slug: 'b', index: '11639901X/2026-001' })]);
    expect(res.code).toBe(1);
    expect(res.err).toContain('配置项“documents.1.index”，值“11639901X/2026-001”：索引号与 documents.0（plan）重复');
  });

  it('refuses unknown keys at every depth', () => {
    const res = profileErrors([], { thresholds: { idleMonth: 3 }, disclosure: { basepath: '/x/' } });
    expect(res.code).toBe(1);
    expect(res.err).toContain('配置项“thresholds”');
    expect(res.err).toContain('不认识的配置项：idleMonth');
    expect(res.err).toContain('不认识的配置项：basepath');
  });
});
