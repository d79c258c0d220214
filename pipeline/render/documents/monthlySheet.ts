/**
 * The 月调度表 (鄂托克前旗 八(二) “月调度、季通报、年总结”，各资产主管部门每月25日前报送): one
 * sheet for the month holding the as-of date, with the progress by 乡镇 and by 主管部门 and the
 * county's 合计, as the workbook (render/monthlyReport.ts) and the one-page PDF (pdf/monthlyPdf.ts) print it.
 * Pure: the figures are the context's (ctx.monthly, computed in SQL); this only names the columns
 * and formats the cells.
 */
import type { MonthlyRow, ReportContext } from '../../context.js';
import { formatDateCn, formatMoney, formatPercent } from '../../format/index.js';
import { CATEGORIES, dayBefore, documentNames, PROGRESS_CATEGORIES } from '../../vocabulary.js';
import { qualifyOrgName, SAMPLE_MARK } from './model.js';

/** How a cell is written: text, a count, an amount in 万元 (two decimals) or a percent (one decimal). */
export type MonthlyFormat = 'text' | 'count' | 'money' | 'percent';

export interface MonthlyColumn {
  key: MonthlyKey;
  /** header of the column (under its group's header when it has one) */
  title: string;
  /** the header spanning this column and its neighbours of the same group; null: the title spans both header rows */
  group: string | null;
  format: MonthlyFormat;
}

/** The cells of a row: the row's name and its figures. */
export type MonthlyKey =
  | 'name'
  | 'projects'
  | 'n1'
  | 'n2'
  | 'n3'
  | 'n4'
  | 'done'
  | 'inProgress'
  | 'notStarted'
  | 'rate'
  | 'newlyDone'
  | 'overdue'
  | 'red'
  | 'yellow'
  | 'owed';

export interface MonthlyTable {
  /** e.g. 一、分乡镇推进情况 */
  heading: string;
  /**
   * a city's 乡镇 table: the 县 of the rows (names 甲县东山镇), longest first, so that the workbook
   * gives the 县 a column of its own; else null
   */
  counties: string[] | null;
  /** the columns, the first one the 乡镇 or 主管部门 */
  columns: MonthlyColumn[];
  rows: MonthlyRow[];
  total: MonthlyRow;
}

export interface MonthlySheet {
  /** file name without extension: monthly-2026-09 */
  baseName: string;
  /** <county>经营性帮扶项目资产“四个一批”工作月调度表（2026年9月） */
  title: string;
  /** 填报单位：示例县农业农村局 */
  unit: string;
  /** 截至日期：2026年9月30日 */
  asOf: string;
  sampleMark: string | null;
  tables: [MonthlyTable, MonthlyTable];
  /** 说明 under the tables: what the columns count, and whether 本月新增完成 is counted */
  notes: string[];
  info: { title: string; author: string; subject: string; keywords: string };
}

/** 8月31日 (or 2025年12月31日 in another year). */
function shortDate(iso: string, year: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return String(y) === year ? `${m}月${d}日` : formatDateCn(iso);
}

/**
 * Header of the work done since the snapshot: 本月新增完成 when the snapshot is the last day of the
 * month before, else what it is (6月30日以来新增完成).
 */
function newlyDoneTitle(since: string, monthStart: string): string {
  return since === dayBefore(monthStart) ? '本月新增完成' : `${shortDate(since, monthStart.slice(0, 4))}以来新增完成`;
}

function columnsFor(ctx: ReportContext, nameTitle: string): MonthlyColumn[] {
  const m = ctx.monthly;
  const tasks = `${PROGRESS_CATEGORIES.map((c) => ctx.labels[c]).join('、')}项目推进情况（个）`;
  const col = (key: MonthlyKey, title: string, group: string | null, format: MonthlyFormat = 'count'): MonthlyColumn => ({
    key,
    title,
    group,
    format,
  });
  return [
    col('name', nameTitle, null, 'text'),
    col('projects', '项目数（个）', null),
    ...CATEGORIES.map((c, i) => col(`n${i + 1}` as MonthlyKey, ctx.labels[c], '分类（个）')),
    col('done', '已完成', tasks),
    col('inProgress', '推进中', tasks),
    col('notStarted', '未启动', tasks),
    col('rate', '完成率', tasks, 'percent'),
    ...(m.since ? [col('newlyDone', newlyDoneTitle(m.since, m.monthStart), tasks)] : []),
    col('overdue', '逾期未完成', tasks),
    col('red', '红色', '预警项目（个）'),
    col('yellow', '黄色', '预警项目（个）'),
    col('owed', '应追缴分红（万元）', null, 'money'),
  ];
}

/** The value of a cell: a number, or text (a name; — for a rate without projects). */
export function monthlyValue(row: MonthlyRow, key: MonthlyKey): string | number {
  switch (key) {
    case 'name':
      return row.name;
    case 'n1':
    case 'n2':
    case 'n3':
    case 'n4':
      return row.counts[CATEGORIES[Number(key.slice(1)) - 1]!];
    case 'rate':
      return row.rate ?? '—';
    case 'newlyDone':
      return row.newlyDone ?? '—';
    default:
      return row[key];
  }
}

/** A cell as printed. */
export function monthlyText(row: MonthlyRow, column: MonthlyColumn): string {
  const v = monthlyValue(row, column.key);
  if (typeof v === 'string') return v;
  if (column.format === 'money') return formatMoney(v);
  if (column.format === 'percent') return formatPercent(v);
  return String(v);
}

/** The 月调度表 of ctx.meta.asOf's month. */
export function buildMonthlySheet(ctx: ReportContext): MonthlySheet {
  const { profile, monthly: m } = ctx;
  const [year, month] = m.month.split('-').map(Number);
  const { area } = ctx;
  const title = `${area.name}经营性帮扶项目资产“四个一批”工作月调度表（${year}年${month}月）`;
  const unit = qualifyOrgName(profile.office, ctx);
  // in a city the rows are each 乡镇 within its 县 (甲县东山镇)
  const { county: countyWord, township: townWord } = profile.levelNames;
  const township = area.city ? `${countyWord}/${townWord}` : townWord;
  const townHeading = area.city ? `一、分${countyWord}、${townWord}推进情况` : `一、分${townWord}推进情况`;
  const tasks = PROGRESS_CATEGORIES.map((c) => ctx.labels[c]).join('、');
  const notes = [
    `完成率＝已完成（含已销号）÷${tasks}项目数；逾期未完成为超过计划完成日期仍未完成的项目；预警项目按预警等级计，同一项目只计一次；` +
      `应追缴分红为应分红日期已过、实际分红少于约定分红的差额。`,
    m.since
      ? `“${newlyDoneTitle(m.since, m.monthStart)}”为与截至${formatDateCn(m.since)}的台账相比新完成（已完成或已销号）的${tasks}项目。`
      : `没有${formatDateCn(m.monthStart)}以前的台账数据可供比较，本表未统计本月新增完成。`,
  ];
  return {
    baseName: documentNames(ctx.meta.asOf).monthly,
    title,
    unit: `填报单位：${unit}`,
    asOf: `截至日期：${formatDateCn(ctx.meta.asOf)}`,
    sampleMark: ctx.meta.sample ? SAMPLE_MARK : null,
    tables: [
      {
        heading: townHeading,
        counties: ctx.counties ? ctx.counties.map((c) => c.name).sort((a, b) => b.length - a.length) : null,
        columns: columnsFor(ctx, township),
        rows: m.townships,
        total: m.total,
      },
      { heading: '二、分主管部门推进情况', counties: null, columns: columnsFor(ctx, '主管部门'), rows: m.departments, total: m.total },
    ],
    notes: notes.map((n, i) => `${i + 1}.${n}`),
    info: {
      title,
      author: unit,
      subject: `${year}年${month}月“四个一批”工作推进情况`,
      keywords: `四个一批,月调度,${area.name}`,
    },
  };
}
