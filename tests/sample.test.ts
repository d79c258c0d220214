/**
 * The bundled sample (示例县) through the whole computation: it reproduces the 互助县 published
 * table and every rule fires on the rows designed for it (see scripts/make-sample.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportContext } from '../pipeline/context.js';
import { computeContext } from '../pipeline/run.js';
import { AS_OF, summarize, writeSample } from '../scripts/make-sample.js';

let ctx: ReportContext;
/** The sample generator's own reading of the rules (scripts/make-sample.ts), computed in TypeScript apart from the SQL. */
let independent: ReturnType<typeof summarize>;
let tmp = '';
beforeAll(async () => {
  ctx = await computeContext({ dataDir: 'data' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'sgyp-sample-'));
  independent = summarize((await writeSample(tmp)).effective, AS_OF);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const idsWith = (reason: string) =>
  ctx.warnings.list.items
    .filter((w) => w.reasons.includes(reason))
    .map((w) => w.id)
    .sort();

describe('the sample county', () => {
  it('reproduces the published totals: 450 projects, 巩固 414, 升级 19, 盘活 5, 调整 12', () => {
    expect(ctx.total.projects).toBe(450);
    expect(Object.fromEntries(Object.entries(ctx.byCategory).map(([k, v]) => [k, v.projects]))).toEqual({
      巩固: 414,
      升级: 19,
      盘活: 5,
      调整: 12,
    });
    expect(ctx.byCategory.巩固.share).toBe(92);
    expect(ctx.total.investment).toBe(94021.2);
    expect(ctx.total.households).toBe(20129);
    expect(ctx.meta).toMatchObject({ asOf: '2026-09-30', sample: true, quarter: 3 });
  });

  it('counts every row read as counted or left out, per file and in all', () => {
    for (const f of ctx.rows.files) expect(f.read, f.file).toBe(f.counted + f.leftOut);
    expect(ctx.rows).toMatchObject({ read: 458, counted: 450, leftOut: 8 });
    expect(ctx.rows.files.map((f) => f.encoding)).toContain('gb18030');
    expect(ctx.rows.files.map((f) => f.encoding)).toContain('xlsx');
  });

  it('finds the designed idle, inefficient, warning and dividend figures', () => {
    expect(ctx.idle).toBe(6);
    expect(ctx.inefficient).toBe(10);
    expect(ctx.idleInefficient.count).toBe(15);
    expect(ctx.idleInefficient.items).toHaveLength(15);
    expect([ctx.warnings.red, ctx.warnings.yellow]).toEqual([18, 15]);
    expect(ctx.dividends).toMatchObject({ projects: 8, agreed: 53.9, received: 7.7, owed: 46.2, rate: 14.3 });
  });

  it('fires every computed warning reason on the rows designed for it', () => {
    expect(idsWith('合同距到期不足1个月')).toEqual(['SL-2020-010', 'SL-2024-003']);
    expect(idsWith('合同距到期1至3个月')).toEqual(['SL-2016-002', 'SL-2019-027', 'SL-2020-035']);
    expect(idsWith('合同到期已闲置超过3个月')).toEqual(['SL-2016-003', 'SL-2019-020', 'SL-2021-042']);
    expect(idsWith('合同到期已闲置超过1个月')).toEqual(['SL-2017-015', 'SL-2020-036']);
    expect(idsWith('逾期未收取收益超过6个月')).toEqual(['SL-2014-001', 'SL-2018-010', 'SL-2018-027', 'SL-2020-042']);
    // SL-2020-008 has the recorded 收益尚未上缴: one fact, one reason
    expect(idsWith('收益未按约定时间上缴')).toEqual(['SL-2017-036', 'SL-2018-017', 'SL-2024-010']);
    expect(idsWith('到期本金尚未收回')).toEqual(['SL-2015-003']);
    expect(idsWith('已盘活资产跟踪监测')).toEqual(['SL-2015-001', 'SL-2019-013']);
    expect(idsWith('运营一般')).toEqual(['SL-2019-005', 'SL-2020-054']);
    expect(idsWith('闲置资产尚未盘活')).toEqual(['SL-2016-033', 'SL-2019-020']);
    // idle 调整 projects are to be disposed of, not revived (SL-2015-011: stopped 2026-03-31, 闲置 on 09-30)
    expect(idsWith('符合处置条件尚未处置')).toEqual(['SL-2015-011', 'SL-2016-003', 'SL-2018-028', 'SL-2024-006']);
    for (const [reason, n] of Object.entries(ctx.warnings.byReason)) expect(n, reason).toBeGreaterThan(0);
  });

  // §4.5 / 农规发〔2024〕26号 “根据产业发展和市场变化情况适时调整”
  it('lists the 巩固 projects that contradict 巩固 (warned red, 闲置 or 低效) for 重新研判类别, with why', () => {
    expect(ctx.reclassify.items.map((r) => r.id).sort()).toEqual([
      'SL-2014-001',
      'SL-2015-003',
      'SL-2016-010',
      'SL-2017-006',
      'SL-2018-008',
      'SL-2018-010',
      'SL-2018-027',
      'SL-2019-032',
    ]);
    // warned red on a contract date alone (SL-2020-010, SL-2024-003: 合同距到期不足1个月) or on the use of
    // income (SL-2025-013: 分配使用违反负面清单): nothing against 运营良好、收益稳定 (§9), not listed
    expect(ctx.warnings.list.items.filter((w) => ['SL-2020-010', 'SL-2024-003', 'SL-2025-013'].includes(w.id)).map((w) => w.level)).toEqual(
      ['red', 'red', 'red'],
    );
    expect(ctx.reclassify.items.every((r) => r.category === '巩固' && r.why.length > 0)).toBe(true);
    expect(ctx.reclassify.items.find((r) => r.id === 'SL-2017-006')?.why).toEqual(['连续两年净收益为负']);
  });

  // §2: 推进举措/取得成效/存在问题 (and their aliases) are loaded for the internal reports
  it('loads the free-text columns under every alias the townships use', () => {
    expect(ctx.ledgerNotes.items.filter((n) => n.results).length).toBeGreaterThan(20);
    expect(ctx.ledgerNotes.items.filter((n) => n.problems).length).toBeGreaterThan(20);
    expect(ctx.ledgerNotes.items.some((n) => n.township === '南山镇' && n.problems)).toBe(true); // 存在的主要问题及建议
  });

  it('reports progress, approval levels and the data-quality note', () => {
    expect(ctx.progress.升级).toMatchObject({ total: 19, completed: 6, completedThisQuarter: 3, completedThisYear: 5, overdue: 3 });
    expect(ctx.progress.盘活).toMatchObject({ total: 5, completed: 2, overdue: 1 });
    expect(ctx.progress.调整).toMatchObject({ total: 12, completed: 5, overdue: 2 });
    // §4.6: every open problem item gets a level, not only 盘活/调整; simplified only for a village's 调整 asset
    expect(ctx.approvals.byLevel.map((l) => l.projects)).toEqual([12, 25, 1, 1]);
    for (const level of ['township', 'county', 'city', 'province'] as const) {
      const ids = ctx.approvals.list.items.filter((i) => i.level === level).map((i) => i.id);
      expect(ids.sort(), level).toEqual([...independent.approvals[level]].sort());
    }
    expect(ctx.approvals.list.items.filter((i) => i.simplified).map((i) => i.id)).toEqual(independent.approvals.simplified);
    expect(ctx.approvals.simplified).toBe(2);
    // SL-2013-007: 原值 18 alone is over 10, but its 处置批次 2026-01 with SL-2024-006 (6.5) totals 24.5 ≤ 30
    expect(ctx.approvals.list.items.find((i) => i.id === 'SL-2013-007')).toMatchObject({ value: 18, batch: '2026-01', simplified: true });
    // 大足 闲置程度 重大 kept on the 盘活 item
    expect(ctx.idleInefficient.items.find((i) => i.id === 'SL-2016-033')?.severity).toBe('重大');
    expect(ctx.approvals.list.items.some((i) => i.category === '巩固')).toBe(true);
    // an item already 已销号 has nothing left to approve
    const closed = ctx.projects.filter((p) => p.progressState === '已销号').map((p) => p.id);
    expect(closed.length).toBeGreaterThan(0);
    expect(ctx.approvals.list.items.filter((i) => closed.includes(i.id))).toEqual([]);
    expect(ctx.dataQuality.map((d) => d.id)).toEqual(['SL-2024-006']);
  });

  it('publishes the plan with its disclosure metadata', () => {
    const plan = ctx.documents.find((d) => d.slug === 'plan-2026');
    expect(plan).toMatchObject({ docNumber: '示政函〔2026〕18号', openness: '主动公开', written: '2026-04-29' });
    expect(plan?.indexNo).toMatch(/\/2026-001$/);
    expect(plan?.text).toContain('示例数据');
  });
});
