/**
 * The helpers and the county of tests/cycle.test.ts and tests/cycle.slow.test.ts: readers of the
 * workbooks, the 月调度表 rows, and a year of ledgers (2025-12-31, Q2, Q3, 2026-11-30, Q4) with the
 * 年初 → 年末 expected of them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll } from 'vitest';
import type { MonthlyRow, ReportContext, YearStart } from '../../pipeline/context.js';
import { project, type RowSpec, tempDir, writeRowSpecs } from './ledger.js';

export const dirs: string[] = [];
export const tmp = (prefix: string) => {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  return book;
}

/** Rows of a worksheet as arrays of cell values, from row `from` on (merged cells hold their value once). */
export function sheetRows(ws: ExcelJS.Worksheet, from = 1): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((row, n) => {
    if (n >= from) rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

/** A 月调度表 row as the workbook holds it: name, 项目数, four categories, work, warnings, owed (a rate as a fraction). */
export function bookRow(r: MonthlyRow, withNewlyDone: boolean): unknown[] {
  return [
    r.name,
    r.projects,
    r.counts.巩固,
    r.counts.升级,
    r.counts.盘活,
    r.counts.调整,
    r.done,
    r.inProgress,
    r.notStarted,
    r.rate === null ? '—' : Number((r.rate / 100).toFixed(3)),
    ...(withNewlyDone ? [r.newlyDone] : []),
    r.overdue,
    r.red,
    r.yellow,
    r.owed,
  ];
}

export const row = (
  name: string,
  projects: number,
  counts: number[],
  work: number[],
  rate: number | null,
  rest: number[],
  owed: number,
) => ({
  name,
  projects,
  counts: { 巩固: counts[0], 升级: counts[1], 盘活: counts[2], 调整: counts[3] },
  tasks: work[0],
  done: work[1],
  inProgress: work[2],
  notStarted: work[3],
  rate,
  overdue: rest[0],
  red: rest[1],
  yellow: rest[2],
  owed,
  newlyDone: rest[3] ?? null,
});

// ——— The sample county's 月调度表 ———

export const DEPT_A = '县农业农村局';
export const DEPT_B = '县发展和改革局';

/** 2025-12-31: six projects in three townships. */
export const Y0: RowSpec[] = [
  project('B-1', { 项目名称: '牛场', 主管部门: DEPT_A, 风险情形: '收益过低' }),
  project('B-2', {
    项目名称: '羊场',
    类别: '升级类',
    '投入帮扶资金（万元）': 50,
    主管部门: DEPT_A,
    进展状态: '推进中',
    计划完成日期: '2026-06-30',
  }),
  project('B-3', { 项目名称: '冷库', 乡镇: '西河乡', 类别: '调整类', '投入帮扶资金（万元）': 30, 主管部门: DEPT_B, 进展状态: '未启动' }),
  project('B-4', { 项目名称: '茶园', 乡镇: '西河乡', '投入帮扶资金（万元）': 40, 主管部门: DEPT_A }),
  project('B-5', { 项目名称: '加工厂', 乡镇: '西河乡', '投入帮扶资金（万元）': 60, 主管部门: DEPT_B }),
  project('B-6', { 项目名称: '大棚', 乡镇: '南山镇', 类别: '盘活类', '投入帮扶资金（万元）': 20, 主管部门: DEPT_A, 进展状态: '推进中' }),
];
export const swap = (rows: RowSpec[], id: string, change: RowSpec | null) =>
  rows.flatMap((r) => (r.项目编号 === id ? (change ? [{ ...r, ...change }] : []) : [r]));
/** 2026-06-30: B-2 done, B-4 巩固 → 升级, B-7 added. */
export const Q2 = [
  ...swap(swap(Y0, 'B-2', { 进展状态: '已完成', 完成日期: '2026-05-20' }), 'B-4', { 类别: '升级类', 进展状态: '推进中' }),
  project('B-7', {
    项目名称: '光伏',
    乡镇: '南山镇',
    建设年度: 2026,
    类别: '升级类',
    '投入帮扶资金（万元）': 120,
    主管部门: DEPT_B,
    进展状态: '推进中',
  }),
].sort((a, b) => String(a.项目编号).localeCompare(String(b.项目编号)));
/** 2026-09-30: B-5 gone, B-6 done. */
export const Q3 = swap(swap(Q2, 'B-5', null), 'B-6', { 进展状态: '已完成', 完成日期: '2026-09-10' });
/** 2026-11-30: B-3 started. */
export const NOV = swap(Q3, 'B-3', { 进展状态: '推进中' });
/** 2026-12-31: B-3 and B-7 done; B-8 added, its dividend two months late. */
export const Q4 = [
  ...swap(swap(NOV, 'B-3', { 进展状态: '已完成', 完成日期: '2026-12-15' }), 'B-7', { 进展状态: '已完成', 完成日期: '2026-12-20' }),
  project('B-8', {
    项目名称: '民宿',
    乡镇: '南山镇',
    建设年度: 2026,
    '投入帮扶资金（万元）': 80,
    '约定分红（万元）': 10,
    应分红日期: '2026-10-31',
    '实际分红（万元）': 0,
  }),
];

export function county(rows: RowSpec[], profile?: Record<string, unknown>): string {
  const dir = tempDir('sgyp-cycle-data-');
  dirs.push(dir);
  writeRowSpecs(dir, 'ledger.csv', rows);
  if (profile) writeFileSync(path.join(dir, 'profile.json'), JSON.stringify(profile));
  return dir;
}

/** stats.json's yearStart: the context's without what the documents call its two points */
export type StatsYearStart = Omit<YearStart, 'names'>;

export interface Stats {
  monthly: ReportContext['monthly'];
  yearStart: StatsYearStart | null;
}
export const statsIn = (dir: string): Stats => JSON.parse(readFileSync(path.join(dir, 'stats.json'), 'utf8')) as Stats;

export const ref = (id: string, name: string, township: string, from: string | null, to: string | null) => ({
  id,
  name,
  township,
  from,
  to,
});
export const list = (...items: ReturnType<typeof ref>[]) => ({ count: items.length, items });

/** Q4 against 2025-12-31. */
export const YEAR_START: StatsYearStart = {
  since: '2025-12-31',
  source: 'history',
  projects: { before: 6, now: 7 },
  investment: { before: 300, now: 440, change: 140 },
  added: list(ref('B-7', '光伏', '南山镇', null, '升级'), ref('B-8', '民宿', '南山镇', null, '巩固')),
  removed: list(ref('B-5', '加工厂', '西河乡', '巩固', null)),
  reclassified: { ...list(ref('B-4', '茶园', '西河乡', '巩固', '升级')), pairs: [{ from: '巩固', to: '升级', count: 1 }] },
  completed: list(
    ref('B-2', '羊场', '东山镇', '推进中', '已完成'),
    ref('B-3', '冷库', '西河乡', '未启动', '已完成'),
    ref('B-6', '大棚', '南山镇', '推进中', '已完成'),
    ref('B-7', '光伏', '南山镇', null, '已完成'),
  ),
  newlyOverdue: list(),
  // B-6 revived (盘活 done): yellow 已盘活资产跟踪监测 (§4.4)
  warningsRaised: list(ref('B-6', '大棚', '南山镇', null, 'yellow'), ref('B-8', '民宿', '南山镇', null, 'yellow')),
  warningsCleared: list(),
  warningLevelChanged: list(),
  dividends: { recovered: 0, projects: 0, owedThen: 0, owedNow: 10 },
  categories: {
    巩固: { before: 3, now: 2, investmentBefore: 200, investmentNow: 180 },
    升级: { before: 1, now: 3, investmentBefore: 50, investmentNow: 210 },
    盘活: { before: 1, now: 1, investmentBefore: 20, investmentNow: 20 },
    调整: { before: 1, now: 1, investmentBefore: 30, investmentNow: 30 },
  },
};

export const YEAR_START_TEXT =
  '与年初（2025年12月31日）相比，全县项目总数由6个增加到7个，投入帮扶资金由300.00万元增加到440.00万元；' +
  '分类看，巩固类由3个减少到2个，升级类由1个增加到3个，盘活类保持1个，调整类保持1个（见附件3）。' +
  '年初以来，新增项目2个，减少项目1个，1个项目由巩固类调整为升级类，年初尚未完成、现已完成的升级类、盘活类、调整类项目4个。';
