import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sgyp } from './support/cli.js';
import type { Changes } from '../pipeline/context.js';
import { MANIFEST } from '../pipeline/output/outDir.js';
import { buildQuarterlyReport } from '../pipeline/render/documents/model.js';
import { contextOf, project, tempDir } from './support/ledger.js';

import {
  county,
  fingerprint,
  item,
  list,
  parquetRows,
  Q2,
  Q3,
  Q3_CHANGES,
  Q3_QUALITY,
  Q4,
  Q4_CHANGES,
  statsIn,
  expectSnapshotSwapCompleted,
} from './support/history.js';

describe('Q2, Q3 and Q4 built into the same --out', () => {
  const q2 = county(Q2);
  const q3 = county(Q3);
  const q4 = county(Q4);
  const out = path.join(tempDir('sgyp-history-out-'), 'out');
  const history = path.join(out, 'history');

  it('Q2: no earlier snapshot, no changes; its snapshot is kept in history/2026-06-30', async () => {
    const res = await sgyp('stats', '--data', q2, '--out', out, '--as-of', '2026-06-30');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(statsIn(out).changes).toBeNull();
    expect(statsIn(out).trend).toEqual([]);
    expect(readdirSync(history)).toEqual(['2026-06-30']);
    expect(readdirSync(path.join(history, '2026-06-30')).sort()).toEqual(['projects.parquet', 'stats.json']);
    expect(readFileSync(path.join(history, '2026-06-30', 'stats.json'), 'utf8')).toBe(readFileSync(path.join(out, 'stats.json'), 'utf8'));
    const rows = await parquetRows(path.join(history, '2026-06-30', 'projects.parquet'));
    expect(rows.map((r) => `${r.id} ${r.category} ${r.warning}`)).toEqual([
      'A-1 巩固 null',
      'A-2 升级 null',
      'A-3 调整 red',
      'A-4 巩固 yellow',
      'A-5 巩固 null',
      'A-7 升级 null',
      'A-8 巩固 yellow',
      'A-9 巩固 red',
    ]);
    expect(JSON.parse(readFileSync(path.join(out, MANIFEST), 'utf8')).entries).toEqual(['history', 'stats.json']);
  });

  it('Q3 (stats): the exact changes since 2026-06-30 in stats.json, the removed project as a data-quality note', async () => {
    const res = await sgyp('stats', '--data', q3, '--out', out, '--as-of', '2026-09-30');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const stats = statsIn(out);
    expect(stats.changes).toEqual(Q3_CHANGES);
    expect(stats.dataQuality).toEqual(Q3_QUALITY);
    expect(readdirSync(history)).toEqual(['2026-06-30', '2026-09-30']);
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'history', 'stats.json']);
    expect(res.out).toContain('对比历史快照：截至2026-06-30');
  });

  it('a rebuild of Q3 replaces only its own snapshot and does not count twice', async () => {
    const before = fingerprint(path.join(history, '2026-06-30'));
    const res = await sgyp('stats', '--data', q3, '--out', out, '--as-of', '2026-09-30');
    expect(res.code).toBe(0);
    expect(statsIn(out).changes).toEqual(Q3_CHANGES);
    expect(readdirSync(history)).toEqual(['2026-06-30', '2026-09-30']);
    expect(fingerprint(path.join(history, '2026-06-30'))).toEqual(before);
  });

  it('Q4: compared with Q3, not Q2', async () => {
    const res = await sgyp('stats', '--data', q4, '--out', out, '--as-of', '2026-12-31');
    expect(res.code).toBe(0);
    expect(statsIn(out).changes).toEqual(Q4_CHANGES);
    expect(statsIn(out).dataQuality).toEqual([]);
    expect(statsIn(out).trend).toEqual([
      { asOf: '2026-06-30', projects: 8, investment: 405, counts: { 巩固: 5, 升级: 2, 盘活: 0, 调整: 1 }, completed: 0 },
      { asOf: '2026-09-30', projects: 8, investment: 465, counts: { 巩固: 3, 升级: 4, 盘活: 0, 调整: 1 }, completed: 2 },
      { asOf: '2026-12-31', projects: 8, investment: 465, counts: { 巩固: 3, 升级: 4, 盘活: 0, 调整: 1 }, completed: 3 },
    ]);
    expect(readdirSync(history)).toEqual(['2026-06-30', '2026-09-30', '2026-12-31']);
  });

  it('a failed run (a bad ledger) leaves history/ byte for byte as it was', async () => {
    const before = fingerprint(history);
    const bad = county([...Q4, project('A-10', { '投入帮扶资金（万元）': 'abc' })]);
    for (const asOf of ['2026-12-31', '2027-03-31']) {
      const res = await sgyp('build', '--data', bad, '--out', out, '--as-of', asOf);
      expect(res.code).toBe(1);
      expect(res.err).toContain('ledger.csv:10: 错误：列“投入帮扶资金（万元）”，值“abc”');
    }
    expect(fingerprint(history)).toEqual(before);
    expect(statsIn(out).asOf).toBe('2026-12-31');
  });

  it('--previous compares with last quarter’s ledgers instead, with the same changes', async () => {
    const fresh = path.join(tempDir('sgyp-history-prev-'), 'out');
    const res = await sgyp('stats', '--data', q3, '--out', fresh, '--as-of', '2026-09-30', '--previous', q2);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const stats = statsIn(fresh);
    expect(stats.changes).toEqual({ ...Q3_CHANGES, source: 'previous' });
    expect(stats.trend.map((p) => [p.asOf, p.projects, p.completed])).toEqual([
      ['2026-06-30', 8, 0],
      ['2026-09-30', 8, 2],
    ]);
    expect(stats.dataQuality).toEqual(Q3_QUALITY);
    // the earlier ledgers are compared with, not kept: the history holds this run's snapshot only
    expect(readdirSync(path.join(fresh, 'history'))).toEqual(['2026-09-30']);
  });
});

describe('--history, --previous and their mistakes', () => {
  it('--history DIR keeps the snapshots there and compares with them; OUT gets no history/', async () => {
    const q2 = county(Q2);
    const q3 = county(Q3);
    const base = tempDir('sgyp-history-elsewhere-');
    const out = path.join(base, 'out');
    const hist = path.join(base, 'snapshots');
    expect((await sgyp('stats', '--data', q2, '--out', out, '--as-of', '2026-06-30', '--history', hist)).code).toBe(0);
    const res = await sgyp('stats', '--data', q3, '--out', out, '--as-of', '2026-09-30', '--history', hist);
    expect(res.code).toBe(0);
    expect(statsIn(out).changes).toEqual(Q3_CHANGES);
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'stats.json']);
    expect(readdirSync(hist).sort()).toEqual([MANIFEST, '2026-06-30', '2026-09-30']);
    expect(JSON.parse(readFileSync(path.join(hist, MANIFEST), 'utf8')).entries).toEqual(['2026-06-30', '2026-09-30']);
  });

  it('refuses a --history inside the data folder or inside --out, and --history with check (exit 2)', async () => {
    const data = county(Q2);
    const out = path.join(tempDir('sgyp-history-bad-'), 'out');
    const inData = await sgyp('stats', '--data', data, '--out', out, '--as-of', '2026-06-30', '--history', path.join(data, 'h'));
    expect(inData.code).toBe(2);
    expect(inData.err).toContain('历史快照目录');
    expect(inData.err).toContain('数据目录');
    const inOut = await sgyp('stats', '--data', data, '--out', out, '--as-of', '2026-06-30', '--history', path.join(out, 'site'));
    expect(inOut.code).toBe(2);
    expect(inOut.err).toContain('位于输出目录之内');
    const check = await sgyp('check', '--data', data, '--as-of', '2026-06-30', '--history', out);
    expect(check.code).toBe(2);
    expect(check.err).toContain('--history 和 --previous 只用于 stats 和 build 命令');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a history/ in --out that it did not create, and leaves it alone', async () => {
    const data = county(Q2);
    const out = tempDir('sgyp-history-foreign-');
    mkdirSync(path.join(out, 'history'));
    writeFileSync(path.join(out, 'history', 'notes.txt'), 'the clerk’s own');
    const res = await sgyp('stats', '--data', data, '--out', out, '--as-of', '2026-06-30');
    expect(res.code).toBe(2);
    expect(res.err).toContain('不是本程序生成的 “history”');
    expect(readdirSync(out)).toEqual(['history']);
    expect(readdirSync(path.join(out, 'history'))).toEqual(['notes.txt']);
  });

  it('--previous: errors of the earlier ledgers name their folder; a later or equal as-of is refused', async () => {
    const q3 = county(Q3);
    const bad = county([...Q2, project('A-10', { 类别: '未知类' })]);
    const out = path.join(tempDir('sgyp-history-prevbad-'), 'out');
    const res = await sgyp('stats', '--data', q3, '--out', out, '--as-of', '2026-09-30', '--previous', bad);
    expect(res.code).toBe(1);
    expect(res.err).toContain(`${path.join(bad, 'ledger.csv')}:10: 错误：列“类别”，值“未知类”`);
    expect(existsSync(out)).toBe(false);
    const later = county(Q3);
    writeFileSync(path.join(later, 'profile.json'), JSON.stringify({ asOf: '2026-09-30' }));
    const same = await sgyp('stats', '--data', q3, '--out', out, '--as-of', '2026-09-30', '--previous', later);
    expect(same.code).toBe(1);
    expect(same.err).toContain('上期台账的截止日期应早于本期（2026-09-30）');
  });
});

describe('a run killed while it puts its snapshot in place', () => {
  // sampled: one kill point; history.slow.test.ts has the other (swap:history/2026-09-30)
  for (const step of ['swap:stats.json']) {
    it(`killed at ${step}: the next run completes the swap and no earlier snapshot is lost`, () => expectSnapshotSwapCompleted(step));
  }
});

describe('the quarterly report’s wording of the changes', () => {
  const empty = () => ({ count: 0, items: [] });
  const none: Changes = {
    since: '2026-06-30',
    source: 'history',
    projects: { before: 8, now: 8 },
    investment: { before: 465, now: 465, change: 0 },
    added: empty(),
    removed: empty(),
    reclassified: { ...empty(), pairs: [] },
    completed: empty(),
    newlyOverdue: empty(),
    warningsRaised: empty(),
    warningsCleared: empty(),
    warningLevelChanged: empty(),
    dividends: { recovered: 0, projects: 0, owedThen: 0, owedNow: 0 },
  };
  const text = (doc: ReturnType<typeof buildQuarterlyReport>) =>
    doc.sections.flatMap((s) => s.paragraphs.map((p) => p.lead + p.text)).join('\n');

  it('without a snapshot it says nothing about change and carries five attachments', async () => {
    const ctx = await contextOf(Q3);
    expect(ctx.changes).toBeNull();
    const doc = buildQuarterlyReport(ctx);
    expect(text(doc)).not.toMatch(/较上季度末|较\d{4}年/);
    expect(doc.attachments.map((a) => a.key)).toEqual(['townships', 'idle', 'dividends', 'warnings', 'overdue']);
  });

  it('a snapshot with nothing changed: says so, and attaches no 变动情况表', async () => {
    const ctx = { ...(await contextOf(Q3)), changes: none };
    const doc = buildQuarterlyReport(ctx);
    expect(text(doc)).toContain(
      '较上季度末（2026年6月30日），项目数量、类别、完成和预警情况均无变化。全县项目总数保持8个，投入帮扶资金保持465.00万元。',
    );
    expect(text(doc)).toContain('较上季度末（2026年6月30日），升级类、盘活类、调整类项目没有新完成的项目，没有新增逾期未完成项目。');
    expect(text(doc)).toContain('较上季度末（2026年6月30日），新增预警0个、解除预警0个。');
    expect(doc.attachments.map((a) => a.key)).toEqual(['townships', 'idle', 'dividends', 'warnings', 'overdue']);
  });

  it('a snapshot that is not the end of the quarter before is named by its date only', async () => {
    const ctx = {
      ...(await contextOf(Q3)),
      changes: { ...none, since: '2026-08-15', added: list(item('A-6', '光伏', '南山镇', null, '升级')) },
    };
    const doc = buildQuarterlyReport(ctx);
    expect(text(doc)).toContain('较2026年8月15日，新增项目1个（见附件6）。');
    expect(text(doc)).not.toContain('上季度末');
    expect(doc.attachments.at(-1)).toMatchObject({ key: 'changes', no: 6, note: '（2026年8月15日至2026年9月30日）' });
  });
});
