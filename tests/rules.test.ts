/**
 * The rules of docs/rules.md §4 pinned at their boundaries: the day before, on and after each
 * threshold, with month-end arithmetic (D = 2026-03-31: D − 1 month = 2026-02-28,
 * D − 3 months = 2025-12-31, D − 6 months = 2025-09-30, D + 1 month = 2026-04-30, D + 3 months = 2026-06-30).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportContext } from '../pipeline/context.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { computeContext } from '../pipeline/run.js';
import { BASE_HEADER, contextOf, problemsOf, project, tempDir, writeLedger } from './support/ledger.js';

const D = '2026-03-31';

function warning(ctx: ReportContext, id: string) {
  return ctx.warnings.list.items.find((w) => w.id === id);
}
function idleItem(ctx: ReportContext, id: string) {
  return ctx.idleInefficient.items.find((w) => w.id === id);
}

describe('§4.1 闲置: 停产/闲置 and 停用日期 ≤ D − 6 months', () => {
  let ctx: ReportContext;
  beforeAll(async () => {
    ctx = await contextOf(
      [
        project('I-BEFORE', { 运营状态: '停产', 停用日期: '2025-09-29' }),
        project('I-ON', { 运营状态: '停产', 停用日期: '2025-09-30' }),
        project('I-AFTER', { 运营状态: '停产', 停用日期: '2025-10-01' }),
        project('I-NODATE', { 运营状态: '闲置' }),
        project('I-STOPWORK', { 运营状态: '停工', 停用日期: '2025-01-01' }),
        project('I-RUNNING', { 运营状态: '正常运营', 停用日期: '2025-01-01' }),
        project('I-DONE', { 运营状态: '停产', 停用日期: '2025-01-01', 类别: '盘活类', 进展状态: '已完成', 完成日期: '2026-03-01' }),
      ],
      D,
    );
  });

  it('counts a project stopped six months or more before D, not one stopped later', () => {
    expect(idleItem(ctx, 'I-BEFORE')?.idle).toBe(true);
    expect(idleItem(ctx, 'I-ON')?.idle).toBe(true);
    expect(idleItem(ctx, 'I-AFTER')).toBeUndefined();
    expect(idleItem(ctx, 'I-STOPWORK')?.idle).toBe(true);
    expect(idleItem(ctx, 'I-RUNNING')).toBeUndefined();
    expect(ctx.idle).toBe(5);
  });

  it('takes the department’s word when 停用日期 is empty and notes it for the clerk', () => {
    expect(idleItem(ctx, 'I-NODATE')).toMatchObject({ idle: true, reasons: ['闲置（未填停用日期）'] });
    expect(ctx.dataQuality).toEqual([{ id: 'I-NODATE', file: 'ledger.csv', line: 5, note: '缺停用日期（按主管部门认定计为闲置）' }]);
  });

  it('prints the reason with the threshold', () => {
    expect(idleItem(ctx, 'I-ON')?.reasons).toEqual(['停产满6个月']);
  });

  it('raises the red 闲置资产尚未盘活 unless the project is completed', () => {
    expect(warning(ctx, 'I-ON')?.reasons).toContain('闲置资产尚未盘活');
    expect(warning(ctx, 'I-DONE')?.reasons ?? []).not.toContain('闲置资产尚未盘活');
    expect(warning(ctx, 'I-DONE')).toMatchObject({ level: 'yellow', reasons: ['已盘活资产跟踪监测'] });
  });
});

describe('§4.2 低效', () => {
  let ctx: ReportContext;
  beforeAll(async () => {
    const share = { 运营方式: '入股经营', '约定分红（万元）': 10, '实际分红（万元）': 0 };
    ctx = await contextOf(
      [
        project('E-DIV-BEFORE', { ...share, 应分红日期: '2025-09-29' }),
        project('E-DIV-ON', { ...share, 应分红日期: '2025-09-30' }),
        project('E-DIV-AFTER', { ...share, 应分红日期: '2025-10-01' }),
        project('E-DIV-PARTIAL', { ...share, '实际分红（万元）': 4, 应分红日期: '2025-01-01' }),
        project('E-DIV-RENT', { ...share, 运营方式: '出租经营', 应分红日期: '2025-01-01' }),
        project('E-DIV-PAID', { ...share, '实际分红（万元）': 10, 应分红日期: '2025-01-01' }),
        project('E-LOSS', { '前年净收益（万元）': -1, '上年净收益（万元）': -0.01 }),
        project('E-LOSS-ONE', { '前年净收益（万元）': 3, '上年净收益（万元）': -5 }),
        project('E-LOSS-THIS-YEAR', { '上年净收益（万元）': -1, '本年净收益（万元）': -5 }),
        project('E-CAP', { 设计产能: 100, 实际产能: 49.99 }),
        project('E-CAP-HALF', { 设计产能: 100, 实际产能: 50 }),
        project('E-DECLARED', { 风险情形: '认定低效' }),
      ],
      D,
    );
  });

  // 鄂托克前旗 §四: “权益类项目到期后6个月内未获得分红” — A(应分红日期, 6) ≤ D and nothing received
  it('flags 入股经营 projects that received no dividend by six months after it was due', () => {
    expect(idleItem(ctx, 'E-DIV-BEFORE')).toMatchObject({ inefficient: true, reasons: ['入股经营到期6个月未获分红'] });
    // A(2025-09-30, 6) = 2026-03-30 ≤ D; A(2025-10-01, 6) = 2026-04-01 > D
    expect(idleItem(ctx, 'E-DIV-ON')?.inefficient).toBe(true);
    expect(idleItem(ctx, 'E-DIV-AFTER')).toBeUndefined();
    // a partial payment is a dividend received: 分红追缴, not 低效
    expect(idleItem(ctx, 'E-DIV-PARTIAL')).toBeUndefined();
    expect(ctx.dividends.list.items.map((d) => d.id)).toContain('E-DIV-PARTIAL');
    expect(idleItem(ctx, 'E-DIV-RENT')).toBeUndefined();
    expect(idleItem(ctx, 'E-DIV-PAID')).toBeUndefined();
  });

  // “连续两年运营净收益为负”: the last two complete years, 前年 and 上年; a Q1 本年 is not a year
  it('flags two complete years of losses, capacity under half, and a department’s finding', () => {
    expect(idleItem(ctx, 'E-LOSS')?.reasons).toEqual(['连续两年净收益为负']);
    expect(idleItem(ctx, 'E-LOSS-ONE')).toBeUndefined();
    expect(idleItem(ctx, 'E-LOSS-THIS-YEAR')).toBeUndefined();
    expect(idleItem(ctx, 'E-CAP')?.reasons).toEqual(['实际产能低于设计产能的50%']);
    expect(idleItem(ctx, 'E-CAP-HALF')).toBeUndefined();
    expect(idleItem(ctx, 'E-DECLARED')?.reasons).toEqual(['主管部门认定低效']);
    expect(ctx.inefficient).toBe(5);
  });

  it('does not make 认定低效 a warning by itself', () => {
    expect(warning(ctx, 'E-DECLARED')).toBeUndefined();
  });
});

describe('§4.3 分红追缴 and the dividend warnings', () => {
  let ctx: ReportContext;
  beforeAll(async () => {
    const owed = { '约定分红（万元）': '12.50', '实际分红（万元）': '2.25' };
    ctx = await contextOf(
      [
        project('D-RED', { ...owed, 应分红日期: '2025-09-29' }),
        project('D-YELLOW-6M', { ...owed, 应分红日期: '2025-09-30' }),
        project('D-YELLOW-1D', { ...owed, 应分红日期: '2026-03-30' }),
        project('D-DUE-TODAY', { ...owed, 应分红日期: D }),
        project('D-PAID', { '约定分红（万元）': 5, '实际分红（万元）': 5, 应分红日期: '2025-01-01' }),
        project('D-NOTHING-PAID', { '约定分红（万元）': 3, 应分红日期: '2026-01-15' }),
      ],
      D,
    );
  });

  it('lists projects whose dividend was due before D and not fully paid', () => {
    expect(ctx.dividends.list.items.map((d) => d.id).sort()).toEqual(['D-NOTHING-PAID', 'D-RED', 'D-YELLOW-1D', 'D-YELLOW-6M']);
    expect(ctx.dividends.list.items.find((d) => d.id === 'D-RED')).toMatchObject({
      agreed: 12.5,
      received: 2.25,
      owed: 10.25,
      dueDate: '2025-09-29',
    });
  });

  it('reports owed, recovered and the recovery rate with exact sums', () => {
    expect(ctx.dividends).toMatchObject({ projects: 4, agreed: 40.5, received: 6.75, owed: 33.75, rate: 16.7 });
  });

  // red “超过6个月”: A(应分红日期, 6) < D; A(2025-09-30, 6) = 2026-03-30 < D
  it('is red more than six months after the due date and yellow before', () => {
    expect(warning(ctx, 'D-RED')).toMatchObject({ level: 'red', reasons: ['逾期未收取收益超过6个月'] });
    expect(warning(ctx, 'D-YELLOW-6M')).toMatchObject({ level: 'red', reasons: ['逾期未收取收益超过6个月'] });
    expect(warning(ctx, 'D-YELLOW-1D')).toMatchObject({ level: 'yellow', reasons: ['收益未按约定时间上缴'] });
    expect(warning(ctx, 'D-DUE-TODAY')).toBeUndefined();
    expect(warning(ctx, 'D-PAID')).toBeUndefined();
  });
});

describe('§4.4 contract and principal warnings', () => {
  let ctx: ReportContext;
  beforeAll(async () => {
    ctx = await contextOf(
      [
        project('C-ON-D', { 合同到期日期: D }),
        project('C-DAY-BEFORE-1M', { 合同到期日期: '2026-04-29' }),
        project('C-ON-1M', { 合同到期日期: '2026-04-30' }),
        project('C-DAY-BEFORE-3M', { 合同到期日期: '2026-06-29' }),
        project('C-ON-3M', { 合同到期日期: '2026-06-30' }),
        project('C-EXPIRED-RUNNING', { 合同到期日期: '2025-01-01' }),
        project('C-IDLE-OVER-3M', { 合同到期日期: '2025-12-30', 运营状态: '闲置', 停用日期: '2025-12-01' }),
        project('C-IDLE-ON-3M', { 合同到期日期: '2025-12-31', 运营状态: '停产', 停用日期: '2025-12-01' }),
        project('C-IDLE-OVER-1M', { 合同到期日期: '2026-02-27', 运营状态: '停工', 停用日期: '2026-01-01' }),
        project('C-IDLE-NOT-1M', { 合同到期日期: '2026-03-01', 运营状态: '停产', 停用日期: '2026-01-01' }),
        project('C-STOPPED-LATELY', { 合同到期日期: '2025-06-30', 运营状态: '停产', 停用日期: '2026-03-21' }),
        project('C-DISPOSED', { 合同到期日期: '2026-04-10', 运营状态: '已处置', 本金到期日期: '2026-01-01', 本金是否收回: '否' }),
        project('P-OPEN', { 本金到期日期: '2026-03-30', 本金是否收回: '否' }),
        project('P-DUE-TODAY', { 本金到期日期: D, 本金是否收回: '否' }),
        project('P-BACK', { 本金到期日期: '2025-03-30', 本金是否收回: '是' }),
        project('R-RECORDED', { 风险情形: '收益过低；运营一般、分配使用不规范' }),
        project('R-STATE', { 运营状态: '运营一般', 风险情形: '运营一般' }),
        project('R-MIXED', { 风险情形: '收益不合理', 合同到期日期: '2026-04-01' }),
      ],
      D,
    );
  });

  it('is red when the contract ends within a month of D (D included)', () => {
    expect(warning(ctx, 'C-ON-D')).toMatchObject({ level: 'red', reasons: ['合同距到期不足1个月'] });
    expect(warning(ctx, 'C-DAY-BEFORE-1M')).toMatchObject({ level: 'red', reasons: ['合同距到期不足1个月'] });
  });

  it('is yellow from one month up to three months before the end', () => {
    expect(warning(ctx, 'C-ON-1M')).toMatchObject({ level: 'yellow', reasons: ['合同距到期1至3个月'] });
    expect(warning(ctx, 'C-DAY-BEFORE-3M')).toMatchObject({ level: 'yellow', reasons: ['合同距到期1至3个月'] });
    expect(warning(ctx, 'C-ON-3M')).toBeUndefined();
    expect(warning(ctx, 'C-EXPIRED-RUNNING')).toBeUndefined();
  });

  // 鄂托克前旗 §五: “合同到期已闲置超过3个月” red, “超过1个月” yellow, counted from S = the later of
  // 合同到期日期 and 停用日期: A(2025-12-30, 3) = 2026-03-30 < D; A(2025-12-31, 3) = D is not “超过”
  it('warns on expired contracts whose asset stands idle, by how long since the later of the end and the stop', () => {
    expect(warning(ctx, 'C-IDLE-OVER-3M')?.reasons).toEqual(['合同到期已闲置超过3个月']);
    expect(warning(ctx, 'C-IDLE-ON-3M')).toMatchObject({ level: 'yellow', reasons: ['合同到期已闲置超过1个月'] });
    // 停工 is stopped too; A(2026-02-27, 1) = 2026-03-27 < D; A(2026-03-01, 1) = 2026-04-01 > D
    expect(warning(ctx, 'C-IDLE-OVER-1M')).toMatchObject({ level: 'yellow', reasons: ['合同到期已闲置超过1个月'] });
    expect(warning(ctx, 'C-IDLE-NOT-1M')).toBeUndefined();
    // a contract that ended long ago on an asset stopped ten days before D: idle for ten days only
    expect(warning(ctx, 'C-STOPPED-LATELY')).toBeUndefined();
  });

  // §4.4: a disposed asset gets no reason about its operation or contract; money owed to it still counts
  it('gives a disposed asset no contract warning, but still the principal it is owed', () => {
    expect(warning(ctx, 'C-DISPOSED')).toMatchObject({ level: 'red', reasons: ['到期本金尚未收回'] });
  });

  it('is red when principal fell due before D and is not back', () => {
    expect(warning(ctx, 'P-OPEN')).toMatchObject({ level: 'red', reasons: ['到期本金尚未收回'] });
    expect(warning(ctx, 'P-DUE-TODAY')).toBeUndefined();
    expect(warning(ctx, 'P-BACK')).toBeUndefined();
  });

  it('takes recorded 风险情形 with their levels, and 运营一般 once', () => {
    expect(warning(ctx, 'R-RECORDED')).toMatchObject({ level: 'red', reasons: ['收益过低', '运营一般', '分配使用不规范'] });
    expect(warning(ctx, 'R-STATE')).toMatchObject({ level: 'yellow', reasons: ['运营一般'] });
    expect(warning(ctx, 'R-MIXED')).toMatchObject({ level: 'red', reasons: ['合同距到期不足1个月', '收益不合理'] });
  });

  it('counts levels and every reason, zeros included', () => {
    expect(ctx.warnings.red).toBe(ctx.warnings.list.items.filter((w) => w.level === 'red').length);
    expect(ctx.warnings.red + ctx.warnings.yellow).toBe(ctx.warnings.list.items.length);
    expect(ctx.warnings.byReason['合同距到期不足1个月']).toBe(3);
    expect(ctx.warnings.byReason['运营一般']).toBe(2);
    expect(ctx.warnings.byReason['符合处置条件尚未处置']).toBe(0);
    expect(Object.keys(ctx.warnings.byReason)).toHaveLength(19);
  });
});

describe('§4.5 progress and §4.6 approval levels', () => {
  let ctx: ReportContext;
  beforeAll(async () => {
    const up = { 类别: '升级类' };
    ctx = await contextOf(
      [
        project('G-1', { ...up, 进展状态: '已完成', 完成日期: '2025-12-31' }),
        project('G-2', { ...up, 进展状态: '已完成', 完成日期: '2026-01-01' }),
        project('G-3', { ...up, 进展状态: '已销号', 完成日期: '2026-03-31' }),
        project('G-4', { ...up, 进展状态: '推进中', 计划完成日期: '2026-03-30' }),
        project('G-5', { ...up, 计划完成日期: D }),
        project('V-100', { 类别: '盘活类', '资产原值（万元）': 100 }),
        project('V-100.01', { 类别: '盘活类', '资产原值（万元）': '100.01' }),
        project('V-1000', { 类别: '调整类', '投入帮扶资金（万元）': 1000 }),
        project('V-5000', { 类别: '调整类', '资产原值（万元）': 5000 }),
        project('V-5000.01', { 类别: '调整类', '资产原值（万元）': '5,000.01' }),
        project('V-10', { 类别: '调整类', '资产原值（万元）': 10, 资产权属: '马家台村股份经济合作社' }),
        // §4.6: assets 确权到旗、镇 never qualify for the simplified procedure, whatever their value
        project('V-10-TOWN', { 类别: '调整类', '资产原值（万元）': 8, 资产权属: '东山镇人民政府' }),
        // a 处置批次 of village assets totalling ≤ 30 qualifies, one totalling more does not
        project('B-1', { 类别: '调整类', '资产原值（万元）': 18, 资产权属: '上庄村股份经济合作社', 处置批次: '2026-1' }),
        project('B-2', { 类别: '调整类', '资产原值（万元）': 12, 资产权属: '上庄村股份经济合作社', 处置批次: '2026-1' }),
        project('B-3', { 类别: '调整类', '资产原值（万元）': 18, 资产权属: '下河村股份经济合作社', 处置批次: '2026-2' }),
        project('B-4', { 类别: '调整类', '资产原值（万元）': 12.01, 资产权属: '下河村股份经济合作社', 处置批次: '2026-2' }),
        project('K-1', { 运营状态: '半停产' }),
      ],
      D,
    );
  });

  it('counts states, completion rate, completions this quarter and year, and overdue work', () => {
    expect(ctx.progress.升级).toEqual({
      total: 5,
      byState: { 未启动: 1, 推进中: 1, 已完成: 2, 已销号: 1 },
      completed: 3,
      completionRate: 60,
      completedThisQuarter: 2,
      completedThisYear: 2,
      overdue: 1,
    });
    expect(ctx.overdue.items.map((o) => o.id)).toEqual(['G-4']);
  });

  it('reports 巩固 by 运营状态 instead of completion', () => {
    expect(ctx.consolidateByState).toEqual({ 半停产: 1 });
  });

  // 鄂托克前旗 §七(四): 100万元以下 乡镇或旗直部门, 100–1000 旗领导小组, 1000–5000 市级复核, 5000 以上 省级
  it('assigns 销号 approval levels by 资产原值 (default 投入帮扶资金)', () => {
    expect(ctx.approvals.byLevel.map((l) => [l.level, l.projects])).toEqual([
      ['township', 7],
      ['county', 2],
      ['city', 1],
      ['province', 1],
    ]);
    expect(ctx.approvals.byLevel[0]?.label).toBe('乡镇或县级主管部门');
  });

  // §六(四)3(2): 村集体资产 单项 ≤ 10万元 or a batch ≤ 30万元 may be disposed of by the simplified procedure
  it('opens the simplified procedure only to village-owned 调整 assets, alone ≤ 10 or in a batch ≤ 30', () => {
    expect(ctx.approvals.list.items.filter((i) => i.simplified).map((i) => i.id)).toEqual(['B-1', 'B-2', 'V-10']);
    expect(ctx.approvals.simplified).toBe(3);
  });
});

/** Rules v2 (docs/rules.md §4.0–§4.7, revised 2026-11-23), at D = 2026-09-30 and the month ends the calendar turns on. */
describe('§4.0 calendar: periods count forward from the event (民法典 第二百零一、二百零二条)', () => {
  const D2 = '2026-09-30';
  let ctx: ReportContext;
  beforeAll(async () => {
    const owed = { '约定分红（万元）': 6, '实际分红（万元）': 1 };
    ctx = await contextOf(
      [
        // “停止运营六个月以上”: A(2026-03-31, 6) = 2026-09-30 ≤ D
        project('K-STOP-0331', { 运营状态: '停产', 停用日期: '2026-03-31' }),
        project('K-STOP-0401', { 运营状态: '停产', 停用日期: '2026-04-01' }),
        // “逾期未收取收益超过6个月”: A(2026-03-29, 6) = 2026-09-29 < D is red; A(2026-03-31, 6) = D is not
        project('K-DIV-0329', { ...owed, 应分红日期: '2026-03-29' }),
        project('K-DIV-0331', { ...owed, 应分红日期: '2026-03-31' }),
        // “合同距到期不足1个月”: D ≤ E < A(D, 1) = 2026-10-30; “1至3个月”: up to A(D, 3) = 2026-12-30
        project('K-END-D', { 合同到期日期: D2 }),
        project('K-END-1029', { 合同到期日期: '2026-10-29' }),
        project('K-END-1030', { 合同到期日期: '2026-10-30' }),
        project('K-END-1229', { 合同到期日期: '2026-12-29' }),
        project('K-END-1230', { 合同到期日期: '2026-12-30' }),
        // “合同到期已闲置超过1个月”: A(2026-08-31, 1) = 2026-09-30 = D is not “超过”; A(2026-08-29, 1) < D is
        project('K-EXP-0831', { 合同到期日期: '2026-08-31', 运营状态: '闲置', 停用日期: '2026-08-01' }),
        project('K-EXP-0829', { 合同到期日期: '2026-08-29', 运营状态: '闲置', 停用日期: '2026-08-01' }),
      ],
      D2,
    );
  });

  it('counts an asset stopped on 03-31 as 闲置 on 09-30, and not one stopped on 04-01', () => {
    expect(idleItem(ctx, 'K-STOP-0331')?.idle).toBe(true);
    expect(idleItem(ctx, 'K-STOP-0401')).toBeUndefined();
  });

  it('makes an unpaid dividend red only once six months have passed (超过), not on the day they are full', () => {
    expect(warning(ctx, 'K-DIV-0329')).toMatchObject({ level: 'red', reasons: ['逾期未收取收益超过6个月'] });
    expect(warning(ctx, 'K-DIV-0331')).toMatchObject({ level: 'yellow', reasons: ['收益未按约定时间上缴'] });
  });

  it('splits the months before a contract ends with no day between the red and the yellow window', () => {
    expect(warning(ctx, 'K-END-D')?.reasons).toEqual(['合同距到期不足1个月']);
    expect(warning(ctx, 'K-END-1029')?.reasons).toEqual(['合同距到期不足1个月']);
    expect(warning(ctx, 'K-END-1030')?.reasons).toEqual(['合同距到期1至3个月']);
    expect(warning(ctx, 'K-END-1229')?.reasons).toEqual(['合同距到期1至3个月']);
    expect(warning(ctx, 'K-END-1230')).toBeUndefined();
  });

  it('counts “超过1个月” after an expired contract from the month end, clamped (08-31 + 1 month = 09-30)', () => {
    expect(warning(ctx, 'K-EXP-0831')?.reasons ?? []).not.toContain('合同到期已闲置超过1个月');
    expect(warning(ctx, 'K-EXP-0829')?.reasons).toContain('合同到期已闲置超过1个月');
  });

  it('counts “超过3个月” from 12-31 as three calendar months (12-31 + 3 months = 03-31)', async () => {
    const later = await contextOf(
      [project('K-EXP-1231', { 合同到期日期: '2026-12-31', 运营状态: '停产', 停用日期: '2026-12-01' })],
      '2027-03-31',
    );
    expect(warning(later, 'K-EXP-1231')).toMatchObject({ level: 'yellow', reasons: ['合同到期已闲置超过1个月'] });
    const dayAfter = await contextOf(
      [project('K-EXP-1231', { 合同到期日期: '2026-12-31', 运营状态: '停产', 停用日期: '2026-12-01' })],
      '2027-04-01',
    );
    expect(warning(dayAfter, 'K-EXP-1231')?.reasons).toContain('合同到期已闲置超过3个月');
  });
});

describe('§4.2–§4.4 rules v2', () => {
  let ctx: ReportContext;
  beforeAll(async () => {
    ctx = await contextOf(
      [
        // 调整类: “另起炉灶/处置”, never “盘活” — once, even when the department recorded it too
        project('V-ADJUST', { 类别: '调整类', 运营状态: '闲置', 停用日期: '2025-01-01' }),
        project('V-ADJUST-REC', { 类别: '调整类', 运营状态: '闲置', 停用日期: '2025-01-01', 风险情形: '符合处置条件尚未处置' }),
        // one fact, one reason: the recorded 收益尚未上缴 replaces the computed yellow one
        project('V-UNPAID', { '约定分红（万元）': 5, '实际分红（万元）': 1, 应分红日期: '2026-06-30', 风险情形: '收益尚未上缴' }),
        // a disposed asset is neither 闲置 nor 低效
        project('V-DISPOSED', { 运营状态: '已处置', 设计产能: 100, 实际产能: 1, 合同到期日期: '2026-10-10' }),
      ],
      '2026-09-30',
    );
  });

  it('tells an idle 调整 project 符合处置条件尚未处置, once, and not 闲置资产尚未盘活', () => {
    expect(warning(ctx, 'V-ADJUST')).toMatchObject({ level: 'red', reasons: ['符合处置条件尚未处置'] });
    expect(warning(ctx, 'V-ADJUST-REC')).toMatchObject({ level: 'red', reasons: ['符合处置条件尚未处置'] });
  });

  it('prints one reason for one fact: a recorded 收益尚未上缴, not the computed 收益未按约定时间上缴 besides', () => {
    expect(warning(ctx, 'V-UNPAID')).toMatchObject({ level: 'red', reasons: ['收益尚未上缴'] });
  });

  it('leaves a disposed asset off the 低效闲置 list and gives it no contract warning', () => {
    expect(idleItem(ctx, 'V-DISPOSED')).toBeUndefined();
    expect(warning(ctx, 'V-DISPOSED')).toBeUndefined();
  });

  it('uses 本年 and 上年 for the two-year loss rule when D is 12-31 (the year of D is complete)', async () => {
    const rows = [project('V-LOSS', { '前年净收益（万元）': 1, '上年净收益（万元）': -1, '本年净收益（万元）': -2 })];
    expect(idleItem(await contextOf(rows, '2026-12-31'), 'V-LOSS')?.reasons).toEqual(['连续两年净收益为负']);
    expect(idleItem(await contextOf(rows, '2026-12-30'), 'V-LOSS')).toBeUndefined();
  });
});

describe('§4.7 what a date may be', () => {
  it('refuses a 停用日期 or 完成日期 after D, naming the cell', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      [...BASE_HEADER, '运营状态', '停用日期', '进展状态', '完成日期'],
      [
        ['F-1', '牛场', '东山镇', 2019, 10, '盘活类', '停产', '2026-10-01', '已完成', '2026-09-30'],
        ['F-2', '羊场', '东山镇', 2019, 10, '盘活类', '停产', '2026-09-30', '已完成', '2026-10-01'],
      ],
    );
    const problems = await problemsOf(dir, '2026-09-30');
    expect(problems.map((p) => [p.line, p.column, p.value, p.rule])).toEqual([
      [2, '停用日期', '2026-10-01', 'future-date'],
      [3, '完成日期', '2026-10-01', 'future-date'],
    ]);
  });
});

describe('thresholds come from the profile', () => {
  it('uses idleMonths and dividendLateMonths of the profile in every rule', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      [...BASE_HEADER, '运营状态', '停用日期', '约定分红（万元）', '实际分红（万元）', '应分红日期'],
      [
        ['T-IDLE', '牛场', '东山镇', 2019, 10, '巩固类', '停产', '2026-05-31', '', '', ''],
        ['T-DIV', '羊场', '东山镇', 2019, 10, '巩固类', '', '', 5, 1, '2026-06-29'],
      ],
    );
    writeFileSync(path.join(dir, 'profile.json'), JSON.stringify({ thresholds: { idleMonths: 4, dividendLateMonths: 3 } }));
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    // A(2026-05-31, 4) = 2026-09-30 ≤ D; A(2026-06-29, 3) = 2026-09-29 < D
    expect(idleItem(ctx, 'T-IDLE')).toMatchObject({ idle: true, reasons: ['停产满4个月'] });
    expect(warning(ctx, 'T-DIV')).toMatchObject({ level: 'red', reasons: ['逾期未收取收益超过6个月'] });
  });
});

// §3: 大足 splits 闲置类 into 一般 and 重大 (附件2 “闲置类（一般/重大）”), and 三(四) sends every 重大闲置类
// and every 淘汰类 project to 区政府专题研究、集中认定
describe('§3 大足 闲置类（一般/重大）', () => {
  it('accepts 重大闲置类 and 闲置程度, keeps the severity and lists the projects for 专题研究 when the profile asks', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      [...BASE_HEADER, '闲置程度', '运营状态', '停用日期'],
      [
        ['S-1', '冷库', '东山镇', 2019, 10, '重大闲置类', '', '闲置', '2025-01-01'],
        ['S-2', '厂房', '东山镇', 2019, 10, '闲置类（一般）', '', '闲置', '2025-01-01'],
        ['S-3', '大棚', '东山镇', 2019, 10, '闲置类', '重大', '闲置', '2025-01-01'],
        ['S-4', '羊场', '东山镇', 2019, 10, '淘汰类', '', '', ''],
      ],
    );
    writeFileSync(path.join(dir, 'profile.json'), JSON.stringify({ thematicReview: true }));
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.byCategory.盘活.projects).toBe(3);
    expect(ctx.idleInefficient.items.map((i) => [i.id, i.severity])).toEqual([
      ['S-1', '重大'],
      ['S-2', '一般'],
      ['S-3', '重大'],
    ]);
    expect(ctx.thematicReview?.items.map((t) => t.id)).toEqual(['S-1', 'S-3', 'S-4']);
  });

  it('refuses a 闲置程度 other than 一般 or 重大', async () => {
    const dir = tempDir();
    writeLedger(dir, 'a.csv', [...BASE_HEADER, '闲置程度'], [['S-1', '冷库', '东山镇', 2019, 10, '闲置类', '严重']]);
    expect((await problemsOf(dir)).map((p) => [p.line, p.column, p.value, p.rule])).toEqual([[2, '闲置程度', '严重', 'severity']]);
  });
});
