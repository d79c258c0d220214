/**
 * The reporting cycle, issue 10 items 5 and 6 (docs/rules.md §8, 鄂托克前旗 八(二) “月调度、季通报、年总结”):
 * the 月调度表 of every build (figures in SQL, workbook and one-page PDF), the quarterly report's
 * attachments as one workbook, and the annual summary's 年初 → 年末 against the snapshot nearest
 * 1 January — exact figures, in stats.json, the workbooks and the documents; nothing about 年初
 * without a snapshot.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sgyp } from './support/cli.js';
import type { ReportContext } from '../pipeline/context.js';
import { yearStartNames } from '../pipeline/compute/cycle.js';
import { choose, latestBefore, nearestYearStart } from '../pipeline/history/choose.js';
import { buildMonthlySheet } from '../pipeline/render/documents/monthlySheet.js';
import { buildAnnualSummary, buildQuarterlyReport } from '../pipeline/render/documents/model.js';
import { bookHeading } from '../pipeline/render/documents/overflow.js';
import { renderMonthly } from '../pipeline/render/monthlyReport.js';
import { chooseFonts } from '../pipeline/render/pdf/fonts.js';
import { renderOverflowBook } from '../pipeline/render/attachmentsWorkbook.js';
import { toStatsJson } from '../pipeline/render/stats/statsJson.js';
import { computeContext, run } from '../pipeline/run.js';
import { pdfItems, squash } from './fixtures/docs/support.js';

import {
  bookRow,
  county,
  DEPT_A,
  DEPT_B,
  NOV,
  Q2,
  Q3,
  Q4,
  readBook,
  row,
  sheetRows,
  statsIn,
  tmp,
  Y0,
  YEAR_START,
} from './support/cycle.js';

describe('the 月调度表 of the sample county (2026年9月)', () => {
  let ctx: ReportContext;
  let out: string;
  let written: string[];
  const log: string[] = [];
  beforeAll(async () => {
    ctx = await computeContext({ dataDir: 'data' });
    out = tmp('sgyp-monthly-');
    written = await renderMonthly(ctx, out, { fonts: chooseFonts(ctx.profile, { fontDirs: [] }), log: (l) => log.push(l) });
  }, 120_000);

  it('computes the figures by 乡镇 (附件1 order) and 主管部门 with the 合计, in stats.json under monthly', () => {
    const stats = toStatsJson(ctx) as { monthly: ReportContext['monthly'] };
    expect(stats.monthly).toEqual(ctx.monthly);
    expect(ctx.monthly).toMatchObject({ month: '2026-09', monthStart: '2026-09-01', since: null });
    expect(ctx.monthly.townships.map((t) => t.name)).toEqual(ctx.townships.map((t) => t.name));
    expect(ctx.monthly.townships).toEqual([
      row('青林镇', 70, [63, 4, 1, 2], [7, 3, 3, 1], 42.9, [2, 5, 5], 11),
      row('河源镇', 55, [50, 2, 1, 2], [5, 3, 2, 0], 60, [1, 3, 2], 9.6),
      row('南山镇', 52, [47, 2, 1, 2], [5, 2, 2, 1], 40, [0, 2, 3], 5),
      row('柏树乡', 45, [42, 2, 0, 1], [3, 2, 1, 0], 66.7, [0, 0, 0], 0),
      row('石峡乡', 40, [36, 3, 0, 1], [4, 0, 4, 0], 0, [1, 2, 2], 5),
      row('金滩镇', 50, [46, 2, 1, 1], [4, 1, 1, 2], 25, [2, 3, 1], 9.6),
      row('杨家湾乡', 42, [39, 2, 0, 1], [3, 1, 2, 0], 33.3, [0, 1, 1], 6),
      row('白马镇', 48, [45, 1, 1, 1], [3, 0, 2, 1], 0, [0, 2, 1], 0),
      row('阳坡乡', 48, [46, 1, 0, 1], [2, 1, 0, 1], 50, [0, 0, 0], 0),
    ]);
    expect(ctx.monthly.departments).toEqual([
      row('县文体旅游局', 58, [52, 4, 1, 1], [6, 4, 2, 0], 66.7, [0, 2, 5], 5),
      row('县农业农村局', 308, [282, 13, 2, 11], [26, 9, 12, 5], 34.6, [6, 12, 8], 38.2),
      row('县林业和草原局', 11, [11, 0, 0, 0], [0, 0, 0, 0], null, [0, 0, 0], 0),
      row('县发展和改革局', 27, [27, 0, 0, 0], [0, 0, 0, 0], null, [0, 1, 1], 0),
      row('县工业商务和信息化局', 43, [39, 2, 2, 0], [4, 0, 3, 1], 0, [0, 3, 1], 3),
      row('县人力资源和社会保障局', 3, [3, 0, 0, 0], [0, 0, 0, 0], null, [0, 0, 0], 0),
    ]);
    expect(ctx.monthly.total).toEqual(row('合计', 450, [414, 19, 5, 12], [36, 13, 17, 6], 36.1, [6, 18, 15], 46.2));
  });

  it('agrees with the figures of the other outputs', () => {
    const t = ctx.monthly.total;
    const done = ctx.progress.升级.completed + ctx.progress.盘活.completed + ctx.progress.调整.completed;
    expect([t.done, t.red, t.yellow, t.owed]).toEqual([done, ctx.warnings.red, ctx.warnings.yellow, ctx.dividends.owed]);
    expect(t.overdue).toBe(ctx.overdue.count);
    for (const r of ctx.monthly.townships) {
      const ranked = ctx.ranking.townships.find((x) => x.name === r.name)!;
      expect([r.tasks, r.done, r.rate, r.overdue, r.red, r.owed]).toEqual([
        ranked.tasks,
        ranked.done,
        ranked.rate,
        ranked.overdue,
        ranked.red,
        ranked.owed,
      ]);
      expect(r.inProgress + r.notStarted + r.done).toBe(r.tasks);
    }
  });

  it('writes reports/monthly-2026-09.xlsx: two sheets, numbers in numeric cells, frozen header, landscape on one page', async () => {
    expect(written.map((f) => path.basename(f))).toEqual(['monthly-2026-09.xlsx', 'monthly-2026-09.pdf']);
    const book = await readBook(path.join(out, 'monthly-2026-09.xlsx'));
    expect(book.worksheets.map((w) => w.name)).toEqual(['分乡镇推进情况', '分主管部门推进情况']);
    expect(book.creator).toBe('sgyp');
    const ws = book.getWorksheet('分乡镇推进情况')!;
    expect(ws.getCell('A1').value).toBe('示例县经营性帮扶项目资产“四个一批”工作月调度表（2026年9月）');
    expect(ws.getCell('A2').value).toBe('填报单位：示例县农业农村局');
    expect(sheetRows(ws, 2)[0]).toContain('截至日期：2026年9月30日');
    expect(sheetRows(ws, 3)[0]).toContain('示例数据');
    expect(ws.getRow(4).getCell(3).value).toBe('分类（个）');
    expect(ws.getRow(5).getCell(3).value).toBe('巩固类');
    expect(ws.getRow(4).getCell(14).value).toBe('应追缴分红\n（万元）');
    const data = sheetRows(ws, 6).slice(0, 10);
    expect(data).toEqual([...ctx.monthly.townships, ctx.monthly.total].map((r) => bookRow(r, false)));
    expect(typeof ws.getCell('B6').value).toBe('number');
    expect(ws.getCell('J6').numFmt).toBe('0.0%');
    expect(ws.getCell('N6').numFmt).toBe('0.00');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 5 });
    // the filter on the lower header row, over the nine townships, not the 合计
    expect(ws.autoFilter).toBe('A5:N14');
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 1, paperSize: 9 });
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(12);
    const deps = book.getWorksheet('分主管部门推进情况')!;
    expect(sheetRows(deps, 6).slice(0, 7)).toEqual([...ctx.monthly.departments, ctx.monthly.total].map((r) => bookRow(r, false)));
    expect(String(sheetRows(deps).flat().join(''))).toContain('没有2026年9月1日以前的台账数据可供比较，本表未统计本月新增完成。');
  });

  it('writes a one-page PDF (A4 landscape) with the title and the figures', async () => {
    const pdf = readFileSync(path.join(out, 'monthly-2026-09.pdf'));
    const { pages, items } = await pdfItems(pdf);
    expect(pages).toBe(1);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.8\d+ 595\.2\d+\]/);
    const text = squash(items);
    expect(text).toContain('示例县经营性帮扶项目资产“四个一批”工作月调度表（2026年9月）');
    expect(text).toContain('填报单位：示例县农业农村局');
    expect(text).toContain('截至日期：2026年9月30日');
    // 名称, 项目数, four categories, 已完成, 推进中, 未启动, 完成率, 逾期未完成, 红色, 黄色, 应追缴分红
    expect(text).toContain('青林镇706341233142.9%25511.00');
    expect(text).toContain('合计450414195121317636.1%6181546.20');
    expect(text).toContain('没有2026年9月1日以前的台账数据可供比较');
    expect(log.some((l) => /monthly-2026-09\.pdf（.*1页，表格字号[\d.]+磅/.test(l))).toBe(true);
  });
});

// ——— A county of 40 townships and 40 departments ———

describe('a 月调度表 of 40 townships and 40 departments', () => {
  it('stays on one page: smaller type, the tables side by side if need be', async () => {
    const ctx = await computeContext({ dataDir: 'data' });
    const base = ctx.monthly.townships[0]!;
    const many = (prefix: string, n: number, len: number) =>
      Array.from({ length: n }, (_, i) => ({ ...base, name: `${prefix}${'山河'.repeat(len)}${i + 1}` }));
    ctx.monthly = {
      ...ctx.monthly,
      since: '2026-08-31',
      townships: many('', 40, 2),
      departments: many('县', 40, 4).map((d) => ({ ...d, name: `${d.name}局`, newlyDone: 12 })),
      total: { ...ctx.monthly.total, newlyDone: 480 },
    };
    const out = tmp('sgyp-monthly-long-');
    const log: string[] = [];
    await renderMonthly(ctx, out, { fonts: chooseFonts(ctx.profile, { fontDirs: [] }), log: (l) => log.push(l) });
    const { pages, items } = await pdfItems(readFileSync(path.join(out, 'monthly-2026-09.pdf')));
    expect(pages).toBe(1);
    const text = squash(items);
    expect(text).toContain('本月新增完成');
    for (const name of ['山河山河1', '山河山河40', '县山河山河山河山河40局']) expect(text).toContain(name);
    const line = log.find((l) => l.includes('monthly-2026-09.pdf'))!;
    expect(line).toMatch(/1页，表格字号[\d.]+磅/);
    const size = Number(/表格字号([\d.]+)磅/.exec(line)![1]);
    expect(size).toBeGreaterThanOrEqual(5);
    // the workbook has every row, and the header of the column the snapshot allows
    const book = await readBook(path.join(out, 'monthly-2026-09.xlsx'));
    const ws = book.getWorksheet('分主管部门推进情况')!;
    expect(ws.getRow(5).getCell(11).value).toBe('本月新增完成');
    expect(sheetRows(ws, 6).filter((r) => typeof r[1] === 'number')).toHaveLength(41);
  }, 120_000);
});

// ——— The quarterly report's attachments as one workbook ———

describe('the quarterly report’s attachments as one workbook (sample county)', () => {
  it('has a sheet per attachment, each list whole under a title row, numbers as numbers, dates as dates', async () => {
    const ctx = await computeContext({ dataDir: 'data' });
    const doc = buildQuarterlyReport(ctx);
    expect(doc.workbook?.file).toBe('quarterly-2026Q3-附件.xlsx');
    const file = path.join(tmp('sgyp-attachbook-'), doc.workbook!.file);
    writeFileSync(file, await renderOverflowBook(doc.workbook!, ctx.meta.documentDate, doc.info.author, bookHeading(ctx, 'quarterly')));
    const book = await readBook(file);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      '附件1 分类统计表',
      '附件2 低效闲置项目资产清单',
      '附件3 分红追缴项目清单',
      '附件4 预警项目清单',
      '附件5 逾期未完成项目清单',
      '销号审批层级清单',
    ]);
    // every sheet: the county, the period and the 截至 date in row 1, the header in row 2, frozen
    // below it, the filter on it
    for (const ws of book.worksheets) {
      expect(ws.getCell('A1').value).toMatch(/^示例县.*（2026年第三季度，截至2026年9月30日）$/);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(String(ws.autoFilter)).toMatch(/^A2:[A-Z]+\d+$/);
    }
    expect(book.getWorksheet('附件1 分类统计表')!.getCell('A1').value).toBe(
      '示例县经营性帮扶项目资产“四个一批”分类统计表（2026年第三季度，截至2026年9月30日）',
    );
    const rows = (name: string) => sheetRows(book.getWorksheet(name)!, 2);
    expect(rows('销号审批层级清单')).toHaveLength(1 + ctx.approvals.list.items.length);
    // header, the rows of the context's list, and the 合计 where the document has one
    expect(rows('附件1 分类统计表')).toHaveLength(1 + ctx.townships.length + 1);
    expect(rows('附件2 低效闲置项目资产清单')).toHaveLength(1 + ctx.idleInefficient.count);
    expect(rows('附件3 分红追缴项目清单')).toHaveLength(1 + ctx.dividends.list.items.length + 1);
    expect(rows('附件4 预警项目清单')).toHaveLength(1 + ctx.warnings.list.items.length);
    expect([ctx.townships.length, ctx.idleInefficient.count, ctx.dividends.list.items.length, ctx.warnings.list.items.length]).toEqual([
      9, 15, 8, 33,
    ]);
    expect(rows('附件1 分类统计表')[0]).toEqual(['乡镇', '巩固类', '升级类', '盘活类', '调整类', '合计', '投入帮扶资金（万元）']);
    expect(rows('附件1 分类统计表')[1]).toEqual(['青林镇', 63, 4, 1, 2, 70, ctx.townships[0]!.investment]);
    expect(rows('附件1 分类统计表').at(-1)).toEqual(['合计', 414, 19, 5, 12, 450, 94021.2]);
    // every amount header with its unit; the 应分红日期 a date cell of the day
    const dividends = rows('附件3 分红追缴项目清单');
    expect(dividends[0]!.slice(-4)).toEqual(['应分红日期', '约定分红（万元）', '已收回（万元）', '欠缴（万元）']);
    expect(dividends.at(-1)!.slice(-3)).toEqual([53.9, 7.7, 46.2]);
    const first = ctx.dividends.list.items.find((d) => d.id === dividends[1]![1])!;
    const dueCol = dividends[0]!.indexOf('应分红日期') + 1;
    const due = book.getWorksheet('附件3 分红追缴项目清单')!.getRow(3).getCell(dueCol);
    expect(due.value).toEqual(new Date(`${first.dueDate}T00:00:00Z`));
    expect(due.numFmt).toBe('yyyy-mm-dd');
    // short lists stay whole in the document: it names no spreadsheet
    expect(doc.attachments.every((a) => a.summary.length === 0)).toBe(true);
    // the notice and the annual summary keep their spreadsheet for long lists only
    expect(buildAnnualSummary(ctx).workbook).toBeNull();
  }, 120_000);
});

// ——— A year of snapshots ———

// sampled: Q4 as a stats run; cycle.slow.test.ts builds it (the 月调度表 files, the annual summary, the workbook)
describe('a year of snapshots: 2025-12-31, Q2, Q3 and 2026-11-30, then Q4', () => {
  const out = path.join(tmp('sgyp-cycle-out-'), 'out');

  it('without an earlier snapshot: no 本月新增完成 and no 年初', async () => {
    const res = await sgyp('stats', '--data', county(Y0), '--out', out, '--as-of', '2025-12-31');
    expect(res.err).toBe('');
    expect(statsIn(out).yearStart).toBeNull();
    expect(statsIn(out).monthly.since).toBeNull();
    expect(statsIn(out).monthly.total.newlyDone).toBeNull();
  });

  it('Q3: 年初 is 2025-12-31; 本月新增完成 counts since 6月30日, the latest snapshot before September', async () => {
    expect((await sgyp('stats', '--data', county(Q2), '--out', out, '--as-of', '2026-06-30')).code).toBe(0);
    const res = await sgyp('stats', '--data', county(Q3), '--out', out, '--as-of', '2026-09-30');
    expect(res.code).toBe(0);
    expect(res.out).toContain('月调度表“本月新增完成”对比：截至2026-06-30');
    expect(res.out).toContain('年度总结的年初情况：截至2025-12-31');
    const { monthly, yearStart } = statsIn(out);
    expect(monthly.since).toBe('2026-06-30');
    expect(monthly.townships.map((t) => [t.name, t.newlyDone])).toEqual([
      ['东山镇', 0],
      ['西河乡', 0],
      ['南山镇', 1],
    ]);
    expect(monthly.total.newlyDone).toBe(1);
    expect(yearStart?.since).toBe('2025-12-31');
    expect(yearStart?.completed.items.map((i) => i.id)).toEqual(['B-2', 'B-6']);
  });

  it('Q4 (stats): the 年初 → 年末 figures exactly, in stats.json', async () => {
    expect((await sgyp('stats', '--data', county(NOV), '--out', out, '--as-of', '2026-11-30')).code).toBe(0);
    const res = await sgyp('stats', '--data', county(Q4), '--out', out, '--as-of', '2026-12-31');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(statsIn(out).yearStart).toEqual(YEAR_START);
  });

  it('Q4: the 月调度表 counts the work done in December against 2026-11-30', async () => {
    const { monthly } = statsIn(out);
    expect(monthly).toEqual({
      month: '2026-12',
      monthStart: '2026-12-01',
      since: '2026-11-30',
      townships: [
        row('东山镇', 2, [1, 1, 0, 0], [1, 1, 0, 0], 100, [0, 1, 0, 0], 0),
        row('西河乡', 2, [0, 1, 0, 1], [2, 1, 1, 0], 50, [0, 0, 0, 1], 0),
        row('南山镇', 3, [1, 1, 1, 0], [2, 2, 0, 0], 100, [0, 0, 2, 1], 10),
      ],
      departments: [
        row(DEPT_A, 4, [1, 2, 1, 0], [3, 2, 1, 0], 66.7, [0, 1, 1, 0], 0),
        row(DEPT_B, 2, [0, 1, 0, 1], [2, 2, 0, 0], 100, [0, 0, 0, 2], 0),
        row('未填写', 1, [1, 0, 0, 0], [0, 0, 0, 0], null, [0, 0, 1, 0], 10),
      ],
      total: row('合计', 7, [2, 3, 1, 1], [5, 4, 1, 0], 80, [0, 1, 2, 2], 10),
    });
  });
});

describe('年初 from other snapshots', () => {
  it('a snapshot far from 1 January is named by its date, not 年初', async () => {
    const out = path.join(tmp('sgyp-cycle-far-'), 'out');
    expect((await sgyp('stats', '--data', county(Q2), '--out', out, '--as-of', '2026-06-30')).code).toBe(0);
    const result = await run({ command: 'stats', dataDir: county(Q4), outDir: out, asOf: '2026-12-31' });
    const ctx = result.context!;
    expect(ctx.yearStart?.since).toBe('2026-06-30');
    const text = buildAnnualSummary(ctx)
      .sections.flatMap((s) => s.paragraphs.map((p) => p.text))
      .join('');
    expect(text).toContain('与2026年6月30日相比，全县项目总数保持7个，');
    expect(text).not.toContain('快照');
    expect(text).not.toContain('年初（');
    expect(text).not.toContain('年初以来');
    expect(text).toContain('2026年6月30日以来，新增项目1个，减少项目1个，2026年6月30日尚未完成、现已完成的升级类、盘活类、调整类项目3个。');
  });

  it('--previous serves as the 年初 and the month base when no snapshot is older', async () => {
    const out = path.join(tmp('sgyp-cycle-prev-'), 'out');
    const res = await sgyp(
      'stats',
      '--data',
      county(Q4),
      '--out',
      out,
      '--as-of',
      '2026-12-31',
      '--previous',
      county(Y0, { asOf: '2025-12-31' }),
    );
    expect(res.err).toBe('');
    const { yearStart, monthly } = statsIn(out);
    expect(yearStart).toEqual({ ...YEAR_START, source: 'previous' });
    expect(monthly.since).toBe('2025-12-31');
    expect(monthly.total.newlyDone).toBe(4);
    const ctx = { ...(await computeContext({ dataDir: county(Q4), asOf: '2026-12-31' })), monthly };
    expect(buildMonthlySheet(ctx).tables[0].columns.map((c) => c.title)).toContain('2025年12月31日以来新增完成');
  });

  it('without any snapshot the annual summary says nothing about 年初', async () => {
    const ctx = await computeContext({ dataDir: county(Q4), asOf: '2026-12-31' });
    expect(ctx.yearStart).toBeNull();
    const doc = buildAnnualSummary(ctx);
    const text = doc.sections.flatMap((s) => s.paragraphs.map((p) => p.lead + p.text)).join('');
    expect(text).not.toContain('年初');
    expect(doc.attachments.map((a) => a.key)).toEqual(['townships', 'overdue']);
  });
});

describe('which snapshot is 年初 and which the month base', () => {
  it('年初: nearest 1 January on either side, before the as-of date; of two equally near, the earlier', () => {
    expect(nearestYearStart(['2025-09-30', '2025-12-31', '2026-03-31'], '2026-12-31')).toBe('2025-12-31');
    expect(nearestYearStart(['2025-12-31', '2026-01-02'], '2026-06-30')).toBe('2025-12-31');
    expect(nearestYearStart(['2025-12-20', '2026-01-05'], '2026-06-30')).toBe('2026-01-05');
    expect(nearestYearStart(['2025-06-30', '2026-06-30'], '2026-12-31')).toBe('2026-06-30');
    expect(nearestYearStart(['2026-01-01'], '2026-01-01')).toBeNull();
    expect(nearestYearStart(['2026-03-31', '2026-06-30'], '2026-01-15')).toBeNull();
    expect(nearestYearStart([], '2026-12-31')).toBeNull();
  });

  it('called 年初 only within 31 days of 1 January, 年末 only in December; else by their dates', () => {
    expect(yearStartNames('2025-12-31', '2026-12-31')).toEqual({ sinceIsYearStart: true, asOfIsYearEnd: true });
    expect(yearStartNames('2025-12-01', '2026-12-01')).toEqual({ sinceIsYearStart: true, asOfIsYearEnd: true });
    expect(yearStartNames('2025-11-30', '2026-12-31')).toEqual({ sinceIsYearStart: false, asOfIsYearEnd: true });
    expect(yearStartNames('2026-02-01', '2026-09-30')).toEqual({ sinceIsYearStart: true, asOfIsYearEnd: false });
    expect(yearStartNames('2026-02-02', '2026-09-30')).toEqual({ sinceIsYearStart: false, asOfIsYearEnd: false });
    expect(yearStartNames('2026-06-30', '2026-11-30')).toEqual({ sinceIsYearStart: false, asOfIsYearEnd: false });
  });

  it('month base: the latest before the month’s first day', () => {
    expect(latestBefore(['2026-06-30', '2026-08-31', '2026-09-15'], '2026-09-01')).toBe('2026-08-31');
    expect(latestBefore(['2026-09-01'], '2026-09-01')).toBeNull();
  });

  it('a run’s choice: complete snapshots before its as-of date; the ledgers of --previous replace the previous one and the trend', () => {
    const dir = tmp('sgyp-choose-');
    // complete snapshots, one of this run's own date, one without its projects, and a folder that is no snapshot
    for (const asOf of ['2025-12-31', '2026-06-30', '2026-09-30', '2026-12-31']) {
      mkdirSync(path.join(dir, asOf));
      writeFileSync(path.join(dir, asOf, 'projects.parquet'), '');
    }
    mkdirSync(path.join(dir, '2026-11-30'));
    mkdirSync(path.join(dir, 'notes'));
    writeFileSync(path.join(dir, 'notes', 'projects.parquet'), '');
    const file = (asOf: string) => path.join(dir, asOf, 'projects.parquet');
    expect(choose(dir, '2026-12-31', null)).toEqual({
      previous: { asOf: '2026-09-30', file: file('2026-09-30') },
      trend: ['2025-12-31', '2026-06-30', '2026-09-30'].map((asOf) => ({ asOf, projects: file(asOf) })),
      monthBase: { asOf: '2026-09-30', file: file('2026-09-30') },
      yearStart: { asOf: '2025-12-31', file: file('2025-12-31') },
    });
    // --previous as of 2026-11-30: compared with those ledgers (file null: already read in), the trend is theirs alone
    expect(choose(dir, '2026-12-31', '2026-11-30')).toEqual({
      previous: { asOf: '2026-11-30', file: null },
      trend: [],
      monthBase: { asOf: '2026-11-30', file: null },
      yearStart: { asOf: '2025-12-31', file: file('2025-12-31') },
    });
    // --previous of a date the history also holds: the ledgers, not the snapshot
    expect(choose(dir, '2026-10-15', '2026-09-30').monthBase).toEqual({ asOf: '2026-09-30', file: null });
    expect(choose(path.join(dir, 'missing'), '2026-12-31', null)).toEqual({ previous: null, trend: [], monthBase: null, yearStart: null });
  });
});
