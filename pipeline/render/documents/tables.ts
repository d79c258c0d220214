/**
 * The attachment tables (附件) of the reports: column layout and formatted rows. The Word
 * templates are generated from the same column specs (scripts/make-templates.ts), and the PDF
 * draws the same rows, so both print identical cells.
 */
import { type ChangeItem, type Changes, type GroupFigures, type RankRow, type ReportContext, townshipWordOf } from '../../context.js';
import { CATEGORIES, DISPOSE_CATEGORY, IDLE_REASON_TEXTS } from '../../vocabulary.js';
import { formatDateCn, formatMoney, formatPercent } from '../../format/index.js';
import { sheetName, type SheetColumn, type Spill, townshipSpread } from './overflow.js';
import { breakTitle } from './title.js';

export type AttachmentKey =
  | 'townships'
  | 'idle'
  | 'dividends'
  | 'warnings'
  | 'overdue'
  | 'thematic'
  | 'changes'
  | 'rankTownships'
  | 'rankDepartments'
  | 'yearStart';

export interface Column {
  /** field name in a row (and docxtemplater tag inside the row loop) */
  key: string;
  /** header text as printed */
  title: string;
  /** when the header depends on the profile, the template prints this tag instead of fixed text */
  titleTag: string | null;
  /** relative width (in characters of the table font) */
  width: number;
  align: 'left' | 'center' | 'right';
  /** a cell never breaks inside (project numbers, dates, amounts): the column is as wide as its widest cell */
  noBreak: boolean;
}

export interface Attachment {
  key: AttachmentKey;
  no: number;
  title: string;
  /** line under the title, e.g. （截至2026年9月30日） */
  note: string;
  /** table font size in points: 12 (小四) for the summary table, 10.5 (五号) for project lists */
  fontSize: number;
  columns: Column[];
  rows: Record<string, string>[];
  /** 合计 row, or null */
  total: Record<string, string> | null;
  /** printed instead of rows when the list is empty */
  emptyText: string | null;
  /**
   * paragraphs above the table when the list is longer than the profile allows (overflow.ts): its
   * totals, which rows the table shows, and the spreadsheet sheet that holds them all; else empty
   */
  summary: string[];
}

type ColumnSpec = [key: string, title: string, width: number, align?: Column['align'], titleTag?: string];

/** Cells of these columns are one token each (HZ-2024-002, 2026年6月30日, 1234.56): never broken. */
const NO_BREAK = new Set([
  'no',
  'id',
  'township',
  'n1',
  'n2',
  'n3',
  'n4',
  'projects',
  'investment',
  'dueDate',
  'agreed',
  'received',
  'owed',
  'plannedDate',
  'level',
  'category',
  'kind',
  'change',
  'from',
  'to',
  'rank',
  'tasks',
  'done',
  'rate',
  'red',
]);

function columns(specs: ColumnSpec[]): Column[] {
  return specs.map(([key, title, width, align = 'center', titleTag = null]) => ({
    key,
    title,
    width,
    align,
    titleTag,
    noBreak: NO_BREAK.has(key),
  }));
}

/** Static table layouts; titles that depend on the profile carry a tag and a neutral default. */
export const ATTACHMENT_LAYOUT: Record<
  AttachmentKey,
  {
    suffix: string[];
    fontSize: number;
    columns: Column[];
    hasTotal: boolean;
    empty: string;
    /** false: the table stays whole however long (the summary table is the totals); default true */
    overflow?: boolean;
  }
> = {
  townships: {
    suffix: ['经营性', '帮扶项目资产', '“四个一批”', '分类统计表'],
    fontSize: 12,
    hasTotal: true,
    empty: '暂无项目',
    overflow: false,
    columns: columns([
      ['name', '乡镇', 6, 'center', 'levelTownship'],
      ['n1', '巩固类', 4, 'center', 'label1'],
      ['n2', '升级类', 4, 'center', 'label2'],
      ['n3', '盘活类', 4, 'center', 'label3'],
      ['n4', '调整类', 4, 'center', 'label4'],
      ['projects', '合计', 4],
      ['investment', '投入帮扶资金（万元）', 7, 'right'],
    ]),
  },
  idle: {
    suffix: ['低效闲置项目资产清单'],
    // ten columns (进展状态 and 主管部门 too, docs/rules.md §4.2): 小五 (9 pt) leaves 项目名称 room to read
    fontSize: 9,
    hasTotal: false,
    empty: '暂无低效闲置项目资产',
    columns: columns([
      ['no', '序号', 2.6],
      ['id', '项目编号', 8],
      ['name', '项目名称', 9.5, 'left'],
      ['township', '乡镇', 4.5, 'center', 'levelTownship'],
      ['category', '类别', 4],
      ['investment', '投入资金（万元）', 5, 'right'],
      ['kind', '认定情形', 4],
      ['reasons', '主要原因', 7, 'left'],
      ['state', '进展状态', 4],
      ['department', '主管部门', 6, 'left'],
    ]),
  },
  dividends: {
    suffix: ['分红追缴项目清单'],
    fontSize: 10.5,
    hasTotal: true,
    empty: '暂无分红追缴项目',
    columns: columns([
      ['no', '序号', 2.6],
      ['id', '项目编号', 8],
      ['name', '项目名称', 8.5, 'left'],
      ['township', '乡镇', 4.5, 'center', 'levelTownship'],
      ['operator', '经营主体', 7.5, 'left'],
      ['dueDate', '应分红日期', 6.4],
      ['agreed', '约定分红', 5.2, 'right'],
      ['received', '已收回', 5.2, 'right'],
      ['owed', '欠缴', 5.2, 'right'],
    ]),
  },
  warnings: {
    suffix: ['预警项目清单'],
    fontSize: 10.5,
    hasTotal: false,
    empty: '暂无预警项目',
    columns: columns([
      ['no', '序号', 2.6],
      ['id', '项目编号', 8],
      ['name', '项目名称', 10, 'left'],
      ['township', '乡镇', 4.5, 'center', 'levelTownship'],
      ['level', '预警等级', 4],
      ['reasons', '预警情形', 11, 'left'],
      ['department', '主管部门', 7, 'left'],
    ]),
  },
  overdue: {
    suffix: ['逾期未完成项目清单'],
    fontSize: 10.5,
    hasTotal: false,
    empty: '暂无逾期未完成项目',
    columns: columns([
      ['no', '序号', 2.6],
      ['id', '项目编号', 8],
      ['name', '项目名称', 11, 'left'],
      ['township', '乡镇', 4.5, 'center', 'levelTownship'],
      ['category', '类别', 4.5],
      ['plannedDate', '计划完成日期', 7],
      ['state', '进展状态', 4.5],
    ]),
  },
  changes: {
    suffix: ['经营性', '帮扶项目资产', '“四个一批”', '变动情况表'],
    fontSize: 10.5,
    hasTotal: false,
    empty: '较上期没有变动',
    columns: columns([
      ['no', '序号', 2.6],
      ['id', '项目编号', 8],
      ['name', '项目名称', 8, 'left'],
      ['township', '乡镇', 4.5, 'center', 'levelTownship'],
      ['change', '变动', 6.5],
      ['from', '原', 6.5],
      ['to', '现', 7.5],
      ['note', '说明', 8, 'left'],
    ]),
  },
  // 大足 三(四): every 重大闲置 and every 调整 project (profile thematicReview)
  thematic: {
    suffix: ['需专题研究、集中认定的项目清单'],
    fontSize: 10.5,
    hasTotal: false,
    empty: '暂无需专题研究、集中认定的项目',
    columns: columns([
      ['no', '序号', 2.6],
      ['id', '项目编号', 8],
      ['name', '项目名称', 11, 'left'],
      ['township', '乡镇', 4.5, 'center', 'levelTownship'],
      ['category', '类别', 5],
      ['severity', '闲置程度', 4],
      ['why', '列入原因', 8, 'left'],
    ]),
  },
  // the annual summary's 年初 → 年末 by category (only with a snapshot near 1 January)
  yearStart: {
    suffix: ['经营性', '帮扶项目资产', '“四个一批”', '{yearStartEnd}分类对比表'],
    fontSize: 12,
    hasTotal: true,
    empty: '暂无项目',
    overflow: false,
    columns: columns([
      ['category', '类别', 6],
      ['before', '年初（个）', 6, 'center', 'labelYearThen'],
      ['now', '年末（个）', 6, 'center', 'labelYearNow'],
      ['diff', '增减（个）', 5],
    ]),
  },
  // the 季度通报's ranking tables; {units} and {departments} in the title are the area's level words
  // (各乡镇, 县直有关部门; a city's: 各县（市、区）, 各县（市、区）有关部门)
  rankTownships: {
    suffix: ['经营性', '帮扶项目资产', '“四个一批”', '各{units}', '推进情况排名表'],
    fontSize: 10.5,
    hasTotal: true,
    empty: '暂无项目',
    columns: rankColumns(['name', '乡镇', 5, 'center', 'levelUnit']),
  },
  rankDepartments: {
    suffix: ['经营性', '帮扶项目资产', '“四个一批”', '{departments}', '推进情况排名表'],
    fontSize: 10.5,
    hasTotal: true,
    empty: '暂无项目',
    columns: rankColumns(['name', '主管部门', 8, 'left']),
  },
};

/** The columns of the 季度通报's ranking tables; `name` is the 乡镇 or the 主管部门. */
function rankColumns(name: ColumnSpec): Column[] {
  return columns([
    ['rank', '排名', 2.6],
    name,
    ['tasks', '升级类、盘活类、调整类项目（个）', 6, 'center', 'labelTasks'],
    ['done', '已完成（个）', 4],
    ['rate', '完成率', 4],
    ['overdue', '逾期未完成（个）', 4.5],
    ['red', '红色预警（个）', 4],
    ['owed', '欠缴分红（万元）', 5, 'right'],
  ]);
}

/** The lists of the 变动情况表, in the order it prints them, with the word of its 变动 column. */
export const CHANGE_KINDS = [
  ['added', '新增项目'],
  ['removed', '减少项目'],
  ['reclassified', '调整类别'],
  ['completed', '完成'],
  ['newlyOverdue', '逾期未完成'],
  ['warningsRaised', '新增预警'],
  ['warningsCleared', '解除预警'],
  ['warningLevelChanged', '预警等级变化'],
] as const satisfies readonly (readonly [keyof Changes, string])[];

export type ChangeKind = (typeof CHANGE_KINDS)[number][0];

/** True when the changes list at least one project (the 变动情况表 is attached only then). */
export function hasChangeItems(changes: Changes | null | undefined): boolean {
  return Boolean(changes && CHANGE_KINDS.some(([k]) => changes[k].count > 0));
}

/** 原 and 现 of one row of the 变动情况表, as printed. */
function changeCells(ctx: ReportContext, kind: ChangeKind, item: ChangeItem): { from: string; to: string } {
  const none = '—';
  const cat = (c: string | null) => (c ? (ctx.labels[c as keyof ReportContext['labels']] ?? c) : none);
  const level = (l: string | null) => (l === 'red' || l === 'yellow' ? `${LEVEL_NAMES[l]}预警` : '无预警');
  switch (kind) {
    case 'added':
    case 'removed':
    case 'reclassified':
      return { from: cat(item.from), to: cat(item.to) };
    case 'completed':
      return { from: item.from ?? none, to: item.to ?? none };
    case 'newlyOverdue':
      return { from: none, to: item.to ? `计划${formatDateCn(item.to)}` : none };
    case 'warningsRaised':
    case 'warningsCleared':
    case 'warningLevelChanged':
      return { from: level(item.from), to: level(item.to) };
  }
}

const LEVEL_NAMES = { red: '红色', yellow: '黄色' } as const;

/** 说明 of a vanished project: its warning then, and that where it went is being checked (assets do not vanish). */
function removedNote(since: string, item: ChangeItem): string {
  const level = item.warning ? `为${LEVEL_NAMES[item.warning]}预警` : '无预警';
  return `${formatDateCn(since)}${level}；本期台账中无此项目，去向待核实`;
}

function idleKind(idle: boolean, inefficient: boolean): string {
  return [idle ? '闲置' : '', inefficient ? '低效' : ''].filter(Boolean).join('、');
}

/** A township and its 县 as one key (a city's 乡镇 names repeat across 县). */
const townshipKey = (t: { county?: string; township: string }) => `${t.county ?? ''}\u0000${t.township}`;

/**
 * Where a project lies, as the lists print it: its 乡镇, and in a city its 县 in front (甲县东山镇),
 * under the header 县/乡镇 (headerTags).
 */
export function place(item: { county?: string; township: string }): string {
  return `${item.county ?? ''}${item.township}`;
}

/**
 * A city's list rows carry the project's 县 apart too (field `county`, in no column of the
 * document): the workbook the 市 merges gives it a column of its own (render/attachmentsWorkbook.ts).
 */
function countyField(item: { county?: string }): { county?: string } {
  return item.county === undefined ? {} : { county: item.county };
}

/**
 * A 主管部门 of a city's ranking with its 县: the county ledgers write 县农业农村局, the city's table
 * 甲县农业农村局 (a name that already holds its 县 is left alone).
 */
export function departmentOf(ctx: ReportContext, r: { county?: string; name: string }): string {
  if (!r.county || r.name.startsWith(r.county)) return r.name;
  const level = ctx.profile.levelNames.county;
  return r.name.startsWith(level) ? r.county + r.name.slice(level.length) : `${r.county}${r.name}`;
}

/**
 * Project lists in 附件1's township order (the ledger's; a city's by 县, then 乡镇), keeping the
 * context's order within a township; a township 附件1 does not show goes last.
 */
function inTownshipOrder<T extends { county?: string; township: string }>(ctx: ReportContext, items: readonly T[]): T[] {
  const rank = new Map(ctx.townships.map((t, i) => [townshipKey({ county: t.county, township: t.name }), i]));
  const at = (t: T) => rank.get(townshipKey(t)) ?? ctx.townships.length;
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => at(a.item) - at(b.item) || a.i - b.i)
    .map((x) => x.item);
}

function summaryRow(g: GroupFigures, name = g.name): Record<string, string> {
  return {
    name,
    n1: String(g.counts[CATEGORIES[0]]),
    n2: String(g.counts[CATEGORIES[1]]),
    n3: String(g.counts[CATEGORIES[2]]),
    n4: String(g.counts[CATEGORIES[3]]),
    projects: String(g.projects),
    investment: formatMoney(g.investment),
  };
}

/** 附件1's rows: the townships; in a city each 县's subtotal (甲县小计) with its 乡镇 under it. */
function summaryRows(ctx: ReportContext): Record<string, string>[] {
  if (!ctx.counties) return ctx.townships.map((t) => summaryRow(t));
  return ctx.counties.flatMap((c) => [
    summaryRow(c, `${c.name}小计`),
    ...ctx.townships.filter((t) => t.county === c.name).map((t) => summaryRow(t)),
  ]);
}

/** Which rows of an overflowing list the document shows: row indexes, most at risk first, and how they were chosen. */
interface RiskOrder {
  order: number[];
  /** e.g. 按风险程度（红色预警在前，预警情形多的在前）; '' for the list's first rows */
  text: string;
}

/** Indexes of `items` (in the document's order, as rowsFor lists them) by `risk`, ties in the document's order. */
function byRisk<T>(items: readonly T[], risk: (a: T, b: T) => number, text: string): RiskOrder {
  return { order: items.map((_, i) => i).sort((a, b) => risk(items[a]!, items[b]!) || a - b), text };
}

/**
 * The order in which an overflowing list shows its first rows: the risk of each list, after the
 * order its section already uses (red before yellow, largest sums, oldest dates). A list without
 * an order of its own shows its first rows.
 */
function riskOrder(ctx: ReportContext, key: AttachmentKey, n: number): RiskOrder {
  switch (key) {
    case 'idle':
      return byRisk(
        inTownshipOrder(ctx, ctx.idleInefficient.items),
        (a, b) =>
          Number(b.severity === '重大') - Number(a.severity === '重大') ||
          Number(b.idle && b.inefficient) - Number(a.idle && a.inefficient) ||
          b.investment - a.investment,
        '按风险程度（重大闲置在前，既闲置又低效的在前，再按投入资金从多到少）',
      );
    case 'dividends':
      return byRisk(
        inTownshipOrder(ctx, ctx.dividends.list.items),
        (a, b) => b.owed - a.owed || b.overdueMonths - a.overdueMonths,
        '按欠缴金额从多到少',
      );
    case 'warnings':
      return byRisk(
        inTownshipOrder(ctx, ctx.warnings.list.items),
        (a, b) => Number(b.level === 'red') - Number(a.level === 'red') || b.reasons.length - a.reasons.length,
        '按风险程度（红色预警在前，预警情形多的在前）',
      );
    case 'overdue':
      return byRisk(
        inTownshipOrder(ctx, ctx.overdue.items),
        (a, b) => a.plannedDate.localeCompare(b.plannedDate),
        '按计划完成日期从早到晚',
      );
    default:
      return { order: Array.from({ length: n }, (_, i) => i), text: '' };
  }
}

function rowsFor(ctx: ReportContext, key: AttachmentKey): Record<string, string>[] {
  const seq = (i: number) => String(i + 1);
  switch (key) {
    case 'townships':
      return summaryRows(ctx);
    case 'idle':
      return inTownshipOrder(ctx, ctx.idleInefficient.items).map((p, i) => ({
        no: seq(i),
        id: p.id,
        name: p.name,
        township: place(p),
        ...countyField(p),
        category: ctx.labels[p.category],
        investment: formatMoney(p.investment),
        kind: idleKind(p.idle, p.inefficient),
        // a list sent up states the finding; a data note (未填停用日期) is the county's own housekeeping
        reasons: p.reasons.map((r) => r.replace(IDLE_REASON_TEXTS.no_stop_date, '')).join('；'),
        state: p.progressState ?? '—',
        department: p.department === null ? '' : departmentOf(ctx, { county: p.county, name: p.department }),
      }));
    case 'thematic':
      return inTownshipOrder(ctx, ctx.thematicReview?.items ?? []).map((t, i) => ({
        no: seq(i),
        id: t.id,
        name: t.name,
        township: place(t),
        category: ctx.labels[t.category],
        severity: t.severity ?? '',
        why: [t.severity === '重大' ? '重大闲置' : '', t.category === DISPOSE_CATEGORY ? `${ctx.labels[DISPOSE_CATEGORY]}项目` : '']
          .filter(Boolean)
          .join('、'),
      }));
    case 'dividends':
      return inTownshipOrder(ctx, ctx.dividends.list.items).map((d, i) => ({
        no: seq(i),
        id: d.id,
        name: d.name,
        township: place(d),
        ...countyField(d),
        operator: d.operator ?? '',
        dueDate: formatDateCn(d.dueDate),
        agreed: formatMoney(d.agreed),
        received: formatMoney(d.received),
        owed: formatMoney(d.owed),
      }));
    case 'warnings':
      return inTownshipOrder(ctx, ctx.warnings.list.items).map((w, i) => ({
        no: seq(i),
        id: w.id,
        name: w.name,
        township: place(w),
        ...countyField(w),
        level: LEVEL_NAMES[w.level],
        reasons: w.reasons.join('；'),
        department: w.department === null ? '' : departmentOf(ctx, { county: w.county, name: w.department }),
      }));
    case 'changes': {
      const changes = ctx.changes;
      if (!changes) return [];
      const rows = CHANGE_KINDS.flatMap(([kind, word]) =>
        inTownshipOrder(ctx, changes[kind].items).map((item) => ({
          id: item.id,
          name: item.name,
          township: place(item),
          ...countyField(item),
          change: word,
          ...changeCells(ctx, kind, item),
          note: kind === 'removed' ? removedNote(changes.since, item) : '',
        })),
      );
      return rows.map((r, i) => ({ no: seq(i), ...r }));
    }
    case 'rankTownships':
      // a city's 季度通报 ranks its 县
      return (ctx.ranking.counties ?? ctx.ranking.townships).map(rankRow);
    case 'rankDepartments':
      return ctx.ranking.departments.map((r) => ({ ...rankRow(r), name: departmentOf(ctx, r) }));
    case 'yearStart': {
      const y = ctx.yearStart;
      if (!y) return [];
      return CATEGORIES.map((c) => {
        const { before, now } = y.categories[c];
        return { category: ctx.labels[c], before: String(before), now: String(now), diff: signed(now - before) };
      });
    }
    case 'overdue':
      return inTownshipOrder(ctx, ctx.overdue.items).map((o, i) => ({
        no: seq(i),
        id: o.id,
        name: o.name,
        township: place(o),
        ...countyField(o),
        category: ctx.labels[o.category],
        plannedDate: formatDateCn(o.plannedDate),
        state: o.progressState,
      }));
  }
}

/** +5, -3, 0 */
function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function rankRow(r: RankRow): Record<string, string> {
  return {
    rank: r.rank == null ? '—' : String(r.rank),
    name: r.name,
    tasks: String(r.tasks),
    done: String(r.done),
    rate: r.rate == null ? '—' : formatPercent(r.rate),
    overdue: String(r.overdue),
    red: String(r.red),
    owed: formatMoney(r.owed),
  };
}

function totalFor(ctx: ReportContext, key: AttachmentKey): Record<string, string> | null {
  if (key === 'rankTownships' || key === 'rankDepartments') return { ...rankRow(ctx.ranking.total), rank: '' };
  if (key === 'yearStart' && ctx.yearStart) {
    const { before, now } = ctx.yearStart.projects;
    return { category: '合计', before: String(before), now: String(now), diff: signed(now - before) };
  }
  if (key === 'townships') {
    return {
      name: '合计',
      n1: String(ctx.byCategory[CATEGORIES[0]].projects),
      n2: String(ctx.byCategory[CATEGORIES[1]].projects),
      n3: String(ctx.byCategory[CATEGORIES[2]].projects),
      n4: String(ctx.byCategory[CATEGORIES[3]].projects),
      projects: String(ctx.total.projects),
      investment: formatMoney(ctx.total.investment),
    };
  }
  if (key === 'dividends' && ctx.dividends.list.items.length > 0) {
    return {
      no: '',
      id: '',
      name: '合计',
      township: '',
      operator: '',
      dueDate: '',
      agreed: formatMoney(ctx.dividends.agreed),
      received: formatMoney(ctx.dividends.received),
      owed: formatMoney(ctx.dividends.owed),
    };
  }
  return null;
}

/** Column header as this county prints it (category labels and the township level word). */
function resolveTitle(ctx: ReportContext, c: Column): string {
  if (!c.titleTag) return c.title;
  return headerTags(ctx)[c.titleTag] ?? c.title;
}

/**
 * What the annual summary calls its two points in time: 年初 and 年末, or their dates, as the
 * computation decided (ctx.yearStart.names, docs/rules.md §8). Without a snapshot there is no
 * 对比表 and no sentence: the columns keep their titles.
 */
export function yearStartLabels(ctx: ReportContext): { start: string; end: string } {
  const y = ctx.yearStart;
  if (!y) return { start: '年初', end: '年末' };
  return {
    start: y.names.sinceIsYearStart ? '年初' : formatDateCn(y.since),
    end: y.names.asOfIsYearEnd ? '年末' : formatDateCn(ctx.meta.asOf),
  };
}

/**
 * Values of the header tags the templates use. In a city the township column of the lists holds
 * 县 and 乡镇 (县/乡镇), and the ranking of the 季度通报 ranks the 县 (levelUnit).
 */
export function headerTags(ctx: ReportContext): Record<string, string> {
  const { area } = ctx;
  const { county, township } = ctx.profile.levelNames;
  const points = yearStartLabels(ctx);
  return {
    levelTownship: area.city ? `${county}/${township}` : township,
    levelUnit: area.city ? area.units : township,
    label1: ctx.labels[CATEGORIES[0]],
    label2: ctx.labels[CATEGORIES[1]],
    label3: ctx.labels[CATEGORIES[2]],
    label4: ctx.labels[CATEGORIES[3]],
    labelTasks: `${ctx.labels[CATEGORIES[1]]}、${ctx.labels[CATEGORIES[2]]}、${ctx.labels[CATEGORIES[3]]}项目（个）`,
    labelYearThen: `${points.start}（个）`,
    labelYearNow: `${points.end}（个）`,
  };
}

/** 年初年末 in the 对比表's title only when its two points are truly the year's start and end; else its note gives the dates. */
function yearStartEnd(ctx: ReportContext): string {
  const { start, end } = yearStartLabels(ctx);
  return start === '年初' && end === '年末' ? '年初年末' : '';
}

/** 乡镇, or 乡镇（街道） where a unit is a 街道 (a city's: its 县（市、区）). */
export function unitsOf(ctx: ReportContext): string {
  const { area } = ctx;
  return area.city ? area.units : townshipWordOf(ctx);
}

function noteFor(ctx: ReportContext, key: AttachmentKey, asOf: string): string {
  // the amount columns of 附件3 are narrow: their unit goes above the table
  if (key === 'dividends') return `（截至${asOf}；金额单位：万元）`;
  if (key === 'changes' && ctx.changes) return `（${formatDateCn(ctx.changes.since)}至${asOf}）`;
  if (key === 'yearStart' && ctx.yearStart) return `（${formatDateCn(ctx.yearStart.since)}至${asOf}）`;
  return `（截至${asOf}）`;
}

/** Cells the spreadsheet writes as numbers. */
const COUNT_KEYS = new Set(['no', 'n1', 'n2', 'n3', 'n4', 'projects', 'rank', 'tasks', 'done', 'overdue', 'red']);
const MONEY_KEYS = new Set(['investment', 'agreed', 'received', 'owed']);
const DATE_KEYS = new Set(['dueDate', 'plannedDate']);

export function sheetColumns(columns: readonly Column[]): SheetColumn[] {
  return columns.map((c) => ({
    key: c.key,
    title: c.title,
    format: COUNT_KEYS.has(c.key) ? 'count' : MONEY_KEYS.has(c.key) ? 'money' : DATE_KEYS.has(c.key) ? 'date' : 'text',
  }));
}

/** The totals an overflowing list's summary names, from the context's figures. */
function overflowDetail(ctx: ReportContext, key: AttachmentKey): string {
  switch (key) {
    case 'warnings':
      return `，其中红色预警${ctx.warnings.red}个、黄色预警${ctx.warnings.yellow}个`;
    case 'idle':
      return `，其中闲置${ctx.idle}个、低效${ctx.inefficient}个（既闲置又低效的分别计入）`;
    case 'dividends':
      return `，约定分红${formatMoney(ctx.dividends.agreed)}万元，已收回${formatMoney(ctx.dividends.received)}万元，尚欠${formatMoney(ctx.dividends.owed)}万元`;
    default:
      return '';
  }
}

/** An attachment, whole, as a sheet of the spreadsheet beside the report (附件4 预警项目清单); returns how the document names it. */
function addSheet(a: Attachment, layout: (typeof ATTACHMENT_LAYOUT)[AttachmentKey], spill: Spill): string {
  return spill.add({
    name: sheetName(`附件${a.no} ${layout.suffix.at(-1) ?? ''}`),
    title: `${a.title.replace(/\n/g, '')}${a.note}`,
    columns: sheetColumns(a.columns),
    rows: a.rows,
    total: a.total,
  });
}

/**
 * An attachment whose list is longer than the profile allows: the whole list to a sheet of the
 * spreadsheet beside the report (`where`, when already there); in the document, the summary
 * (count, totals, townships), the first rows by risk, renumbered, and the 合计 row of the whole list.
 */
function overflowed(
  ctx: ReportContext,
  a: Attachment,
  layout: (typeof ATTACHMENT_LAYOUT)[AttachmentKey],
  spill: Spill,
  where = addSheet(a, layout, spill),
): Attachment {
  const n = a.rows.length;
  const noun = layout.empty.replace(/^暂无/, '') || '项目';
  const risk = riskOrder(ctx, a.key, n);
  const shown = risk.order
    .slice(0, spill.limit)
    .map((i, k) => (a.rows[i]!.no === undefined ? a.rows[i]! : { ...a.rows[i]!, no: String(k + 1) }));
  const spread = a.columns.some((c) => c.key === 'township') ? `，${townshipSpread(a.rows, ctx.profile.levelNames.township)}` : '';
  const firstCol = a.columns.find((c) => c.key !== 'no' && c.key !== 'id')?.key ?? 'name';
  return {
    ...a,
    rows: shown,
    total: a.total ? { ...a.total, [firstCol]: '全部合计' } : null,
    summary: [
      `本清单共有${noun}${n}个${overflowDetail(ctx, a.key)}${spread}。`,
      `因数量较多，下表${risk.text}列出前${shown.length}个；全部${n}个${noun}见随本文报送的${where}。`,
    ],
  };
}

/**
 * The attachments of a document. With `spill`, a list longer than the profile's
 * thresholds.attachmentRows goes whole to the spreadsheet beside the report (overflow.ts); with a
 * spill for every attachment, each one does, and only the long ones are cut in the document.
 */
export function buildAttachments(ctx: ReportContext, keys: readonly AttachmentKey[], spill: Spill | null = null): Attachment[] {
  const asOf = formatDateCn(ctx.meta.asOf);
  const { area } = ctx;
  // a county's own departments (县直); a city ranks the departments of its 县
  const departments = area.city ? `各${area.units}有关部门` : `${ctx.profile.levelNames.county}直有关部门`;
  return keys.map((key, i) => {
    const layout = ATTACHMENT_LAYOUT[key];
    const rows = rowsFor(ctx, key);
    const attachment: Attachment = {
      key,
      no: i + 1,
      title: breakTitle([
        area.name,
        ...layout.suffix.map((p) =>
          p.replace('{units}', unitsOf(ctx)).replace('{departments}', departments).replace('{yearStartEnd}', yearStartEnd(ctx)),
        ),
      ]),
      note: noteFor(ctx, key, asOf),
      fontSize: layout.fontSize,
      columns: layout.columns.map((c) => ({ ...c, title: resolveTitle(ctx, c) })),
      rows,
      total: layout.hasTotal ? totalFor(ctx, key) : null,
      emptyText: rows.length === 0 ? `截至${asOf}，${layout.empty}。` : null,
      summary: [],
    };
    const whole = spill?.everyAttachment ? addSheet(attachment, layout, spill) : undefined;
    return spill && layout.overflow !== false && spill.overflows(rows.length)
      ? overflowed(ctx, attachment, layout, spill, whole)
      : attachment;
  });
}
