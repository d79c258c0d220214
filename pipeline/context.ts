/**
 * ReportContext: the one result of the computation. Every renderer (stats.json, Word, PDF, site)
 * reads this object and nothing else; none of them computes a figure of its own.
 *
 * Units: every amount is 万元 as a JavaScript number already rounded to two decimals by DuckDB
 * (DECIMAL arithmetic, so sums are exact before rounding). Shares and rates are percents rounded
 * to one decimal (12.3 means 12.3%). Dates are ISO strings `YYYY-MM-DD`; format them for display
 * with `pipeline/format/`.
 */

import type { PublishedDocument } from './config/documents.js';
import type { Profile } from './config/profile.js';
import type { Category, OperatingState, Period, ProgressCategory, ProgressState, WarningLevel } from './vocabulary.js';

export type { Category, OperatingState, ProgressCategory, ProgressState, PublishedDocument, WarningLevel };

export interface CategoryFigures {
  projects: number;
  /** 投入帮扶资金, 万元 */
  investment: number;
  /** share of all projects, percent, one decimal */
  share: number;
  /** share of all 投入帮扶资金, percent, one decimal */
  investmentShare: number;
  /** 带动脱贫户数 */
  households: number;
}

export interface GroupFigures {
  /** level city: the 县 of a 乡镇 row (乡镇 names repeat across 县); absent in a county and on other groups */
  county?: string;
  name: string;
  projects: number;
  investment: number;
  counts: Record<Category, number>;
}

export interface FileRows {
  /** path relative to the data folder, with forward slashes */
  file: string;
  /** sheet name for .xlsx files */
  sheet?: string;
  encoding: 'utf-8' | 'gb18030' | 'utf-16' | 'xlsx';
  /** spreadsheet row of the header */
  headerLine: number;
  read: number;
  counted: number;
  leftOut: number;
  /** left out by kind */
  blank: number;
  total: number;
  notes: number;
}

export interface ProjectRef {
  id: string;
  name: string;
  /** level city: the project's 县 (项目编号 is unique within it); absent in a county */
  county?: string;
  township: string;
  village: string | null;
  category: Category;
}

export interface IdleItem extends ProjectRef {
  /** 大足 闲置程度: 一般 or 重大 */
  severity: string | null;
  operatingState: string;
  investment: number;
  idle: boolean;
  inefficient: boolean;
  /** reasons as printed, e.g. 停产满6个月, 连续两年净收益为负 */
  reasons: string[];
  department: string | null;
  /** 进展状态 (docs/rules.md §4.2: the list shows where its work stands); null for a 巩固 project that leaves it empty */
  progressState: string | null;
}

export interface WarningItem extends ProjectRef {
  level: WarningLevel;
  /** reasons exactly as in docs/rules.md §4.4, red ones first */
  reasons: string[];
  department: string | null;
}

export interface DividendItem extends ProjectRef {
  /** 约定分红 */
  agreed: number;
  /** 实际分红 */
  received: number;
  /** 约定 − 实际 */
  owed: number;
  dueDate: string;
  /** months since 应分红日期 (whole calendar months) */
  overdueMonths: number;
  operator: string | null;
}

export interface ProgressFigures {
  total: number;
  byState: Record<ProgressState, number>;
  /** 已完成 + 已销号 */
  completed: number;
  /** percent, one decimal */
  completionRate: number;
  /** 完成日期 inside the quarter holding the as-of date */
  completedThisQuarter: number;
  /** 完成日期 inside the year holding the as-of date */
  completedThisYear: number;
  /** 计划完成日期 < as-of and not completed */
  overdue: number;
}

export interface OverdueItem extends ProjectRef {
  plannedDate: string;
  progressState: ProgressState;
}

/** An open problem item (§4.6) and the level that must approve its 销号. */
export interface ApprovalItem extends ProjectRef {
  /** 资产原值, 万元 */
  value: number;
  level: string;
  /** the county's name of the level */
  label: string;
  /** may be disposed of by the simplified procedure (village-owned 调整 asset, ≤ 10 alone or its batch ≤ 30) */
  simplified: boolean;
  batch: string | null;
  severity: string | null;
}

export interface ApprovalFigures {
  /** every level, in order, with the count and 资产原值 of the open problem items it must approve */
  byLevel: { level: string; label: string; projects: number; value: number }[];
  /** items that may be disposed of by the simplified procedure */
  simplified: number;
  /** the projects awaiting 销号 (stats.json: approvals.items) */
  list: ProjectList<ApprovalItem>;
}

/** A 巩固 project that contradicts the 巩固 definition: 建议重新研判类别 (§4.5), with why. */
export interface ReclassifyItem extends ProjectRef {
  why: string[];
}

/** What a department wrote about a project (internal reports only; never on the site). */
export interface LedgerNote extends ProjectRef {
  measures: string | null;
  results: string | null;
  problems: string | null;
}

/** A project that needs 专题研究、集中认定 (大足 三(四): every 重大闲置 and every 调整). */
export interface ThematicItem extends ProjectRef {
  severity: string | null;
}

export interface StageStatus {
  name: string;
  /** month range label, e.g. 6—10月 */
  months: string;
  start: string;
  end: string;
  status: '已完成' | '进行中' | '未开始';
}

export interface DataQualityNote {
  id: string;
  file: string;
  line: number;
  note: string;
}

/**
 * One project in a list of changes. `from` and `to` are what the list compares: a category
 * (canonical key), a 进展状态, a 计划完成日期 (ISO) or a warning level (red/yellow); null where the
 * project had or has none (not in the ledger then, no warning now …).
 */
export interface ChangeItem {
  id: string;
  name: string;
  /** level city: the project's 县; absent in a county */
  county?: string;
  township: string;
  from: string | null;
  to: string | null;
  /** a removed project's warning level at the earlier snapshot (red/yellow); absent otherwise */
  warning?: WarningLevel;
}

export interface ChangeList {
  count: number;
  /** ordered by 项目编号 */
  items: ChangeItem[];
}

/**
 * What changed since the latest earlier snapshot (docs/rules.md §8): each current project compared with
 * its row then, by 项目编号. A project absent then counts as not done, not overdue and not warned
 * then (so a new project already warned is a warning raised); a project absent now is only removed.
 */
export interface Changes {
  /** as-of date of the earlier snapshot */
  since: string;
  /** where it came from: OUT/history (or --history), or the ledgers of --previous */
  source: 'history' | 'previous';
  projects: { before: number; now: number };
  /** 投入帮扶资金, 万元 */
  investment: { before: number; now: number; change: number };
  /** in the ledger now, not then: from null, to its category */
  added: ChangeList;
  /**
   * in the ledger then, not now (assets do not vanish: also a data-quality note): from its category;
   * `warning` its warning level then (red/yellow), absent when it had none
   */
  removed: ChangeList;
  /** category then → now */
  reclassified: ChangeList & { pairs: { from: Category; to: Category; count: number }[] };
  /** 升级/盘活/调整 work done now (已完成/已销号) and not then: 进展状态 then → now */
  completed: ChangeList;
  /** overdue now (计划完成日期 passed, not done) and not then: to the 计划完成日期 */
  newlyOverdue: ChangeList;
  /** warned now, not then: to the level now */
  warningsRaised: ChangeList;
  /** warned then, not now (still in the ledger): from the level then */
  warningsCleared: ChangeList;
  /** warned then and now at another level: red ↔ yellow */
  warningLevelChanged: ChangeList;
  /** 分红追缴: received in the period on the projects owed then (up to what they owed), and the owed totals */
  dividends: { recovered: number; projects: number; owedThen: number; owedNow: number };
}

/** One 乡镇 or 主管部门 in the ranking of the 季度通报 (completion rate of its 升级/盘活/调整 projects). */
export interface RankRow {
  /** level city: the 县 of a 乡镇 or 主管部门 row; absent in a county and on the rows of the 县 themselves */
  county?: string;
  name: string;
  /**
   * 1 = highest completion rate, equal rates share a rank; null without 升级/盘活/调整 projects or
   * with fewer than the profile's thresholds.rankMinTasks of them (listed, not ranked)
   */
  rank: number | null;
  /** its 升级/盘活/调整 projects */
  tasks: number;
  /** of them, done (已完成/已销号) */
  done: number;
  /** percent, one decimal; null without such projects */
  rate: number | null;
  /** 计划完成日期 passed, not done */
  overdue: number;
  /** projects warned red (any category) */
  red: number;
  /** 分红追缴 owed, 万元 */
  owed: number;
}

/** The ledger at one as-of date: an earlier snapshot's, or this run's (the last point). */
export interface TrendPoint {
  asOf: string;
  projects: number;
  /** 投入帮扶资金, 万元 */
  investment: number;
  counts: Record<Category, number>;
  /** 升级/盘活/调整 projects whose work is done (已完成/已销号) */
  completed: number;
}

/**
 * One row of the 月调度表 (鄂托克前旗 八(二) “月调度”): a 乡镇, a 主管部门 or the whole county.
 * Work counts (tasks … newlyDone) are of its 升级/盘活/调整 projects; warnings and 追缴 of all its projects.
 */
export interface MonthlyRow {
  /** 乡镇 or 主管部门 (未填写 for projects without one); 合计 for the whole county */
  name: string;
  projects: number;
  counts: Record<Category, number>;
  /** its 升级/盘活/调整 projects */
  tasks: number;
  /** of them, done (已完成/已销号) */
  done: number;
  /** of them, 推进中 */
  inProgress: number;
  /** of them, 未启动 */
  notStarted: number;
  /** done / tasks, percent, one decimal; null without such projects */
  rate: number | null;
  /** 计划完成日期 passed, not done */
  overdue: number;
  /** projects warned red / yellow (the level of their warning) */
  red: number;
  yellow: number;
  /** 分红追缴 owed, 万元 */
  owed: number;
  /** done now and not at the snapshot `since` (absent then counts as not done); null without that snapshot */
  newlyDone: number | null;
}

/** The 月调度表 of the month holding the as-of date: progress by 乡镇 and by 主管部门. */
export interface MonthlyFigures {
  /** YYYY-MM */
  month: string;
  /** the month's first day, YYYY-MM-DD */
  monthStart: string;
  /**
   * as-of date of the latest snapshot before the month's first day, against which `newlyDone`
   * counts; null when there is none (then every `newlyDone` is null: not counted, never guessed)
   */
  since: string | null;
  /** in 附件1's order (first appearance in the ledger) */
  townships: MonthlyRow[];
  departments: MonthlyRow[];
  /** the whole county (name 合计) */
  total: MonthlyRow;
}

/**
 * The annual summary's 年初 → 年末 view (docs/rules.md §8): the changes (as `Changes`) against the
 * snapshot nearest 1 January of the as-of date's year (on either side, before the as-of date), and
 * the projects and 投入帮扶资金 of each category then and now.
 */
export interface YearStart extends Changes {
  categories: Record<Category, { before: number; now: number; investmentBefore: number; investmentNow: number }>;
  /**
   * What the documents may call the two points (docs/rules.md §8, compute/cycle.ts yearStartNames):
   * `since` is 年初 only within 31 days of 1 January, the as-of date 年末 only in December; else each
   * is named by its date. Not in stats.json.
   */
  names: { sinceIsYearStart: boolean; asOfIsYearEnd: boolean };
}

/** One project with the fields that may be published (no 联系人/联系电话, no warning details). */
export interface PublicProject {
  id: string;
  name: string;
  /** level city: the project's 县; absent in a county */
  county?: string;
  township: string;
  village: string | null;
  industry: string | null;
  year: number;
  fundSource: string | null;
  investment: number;
  ownership: string | null;
  department: string | null;
  category: Category;
  operatingState: string;
  /** null for a 巩固 project whose ledger leaves it empty (printed “—”) */
  progressState: string | null;
  households: number | null;
}

export interface ReportContext {
  /** the as-of date D, the quarter and the year that hold it */
  meta: Period & {
    /** true when the profile marks the data as 示例数据 */
    sample: boolean;
    /** fixed timestamp written into DOCX/PDF metadata: the as-of date at 00:00 UTC */
    documentDate: string;
  };
  profile: Profile;
  /** the county or city the context covers, with its level words (compute/buildContext.ts areaOf) */
  area: Area;
  /** display label of each category as this county prints it */
  labels: Record<Category, string>;
  rows: { read: number; counted: number; leftOut: number; files: FileRows[] };
  /**
   * The optional ledger columns (ingest/columns.ts keys, e.g. households, operating_state,
   * contract_end) found in the header of at least one ledger file, in COLUMNS order. A figure that
   * rests on a column absent here is not reported (台账未填报…), never 0 or 暂未发现 (docs/rules.md §9).
   */
  ledgerColumns: string[];
  /** the 乡镇 whose name makes them a 街道 (…街道, …街道办事处), in 附件1's order: the documents then say 乡镇（街道） */
  streets: string[];
  total: { projects: number; investment: number; households: number; assetValue: number };
  byCategory: Record<Category, CategoryFigures>;
  /**
   * 乡镇 × 类别, townships in ledger order of first appearance; in a city (profile level city) each
   * township carries its 县, and the townships of one 县 stand together, the 县 in order of first appearance
   */
  townships: GroupFigures[];
  /** level city only: 县 × 类别, in the order of `townships`; their sums are the totals */
  counties?: GroupFigures[];
  industries: GroupFigures[];
  departments: GroupFigures[];
  /** 巩固 reported by 运营状态 */
  consolidateByState: Record<string, number>;
  idle: number;
  inefficient: number;
  /** 闲置 or 低效, with reasons (互助 附件2) */
  idleInefficient: ProjectList<IdleItem>;
  warnings: {
    red: number;
    yellow: number;
    /** every reason of §4.4 with its count (zeros included), in §4.4 order */
    byReason: Record<string, number>;
    /** the warned projects (stats.json: warnings.items) */
    list: ProjectList<WarningItem>;
  };
  progress: Record<ProgressCategory, ProgressFigures>;
  overdue: ProjectList<OverdueItem>;
  dividends: {
    projects: number;
    agreed: number;
    received: number;
    owed: number;
    /** received / agreed over the listed projects, percent one decimal */
    rate: number;
    /** the projects owing (stats.json: dividends.items) */
    list: ProjectList<DividendItem>;
  };
  approvals: ApprovalFigures;
  /** townships and departments ranked by the completion rate of their 升级/盘活/调整 projects (季度通报) */
  ranking: {
    townships: RankRow[];
    departments: RankRow[];
    /** the whole county or city (name 合计, rank null) */
    total: RankRow;
    /** level city only: the 县 ranked (the 季度通报 of a city ranks its 县) */
    counties?: RankRow[];
  };
  /** 巩固 projects warned red or 闲置/低效: 建议重新研判类别 */
  reclassify: ProjectList<ReclassifyItem>;
  /** free text of the ledgers, for the internal annual draft; never published */
  ledgerNotes: ProjectList<LedgerNote>;
  /** null unless the profile asks for it (thematicReview) */
  thematicReview: ProjectList<ThematicItem> | null;
  stages: StageStatus[];
  /** what changed since the latest earlier snapshot; null when there is none */
  changes: Changes | null;
  /** every earlier snapshot (oldest first) and this run; empty when there is nothing to compare with */
  trend: TrendPoint[];
  /** the 月调度表 of the month holding the as-of date */
  monthly: MonthlyFigures;
  /** 年初 → 年末 for the annual summary; null without a snapshot before the as-of date */
  yearStart: YearStart | null;
  dataQuality: DataQualityNote[];
  projects: PublicProject[];
  documents: PublishedDocument[];
}

/**
 * The area a context covers: a county, whose figures go by 乡镇 (the default), or a city, whose
 * ledgers come from its counties and whose figures go by 县, then 乡镇 (profile `level: city`).
 */
export interface Area {
  city: boolean;
  /** 示例县, or 示例市 */
  name: string;
  /** its level word, as in 全县/我县 or 全市/我市: levelNames.county or levelNames.city */
  level: string;
  /** the level below it as addressed in documents (各乡镇, 各县（市、区）): levelNames.township or levelNames.counties */
  units: string;
}

/**
 * What the documents and the site call the county's townships: the profile's word (乡镇), or
 * 乡镇（街道） where a unit is a 街道 and the word does not already say so (镇街). One source for the
 * reports and the public site (docs/rules.md §9).
 */
export function townshipWordOf(ctx: Pick<ReportContext, 'profile' | 'streets'>): string {
  const t = ctx.profile.levelNames.township;
  return ctx.streets.length > 0 && !t.includes('街') ? `${t}（街道）` : t;
}

/**
 * A project list of the context (warnings, 低效闲置, overdue, …): plain data, in one of two forms
 * (compute/lists.ts):
 * - `file` null: `items` holds every item of the list, each checked against its query's schema;
 * - past profile thresholds.listItems (a city's or a province's lists, hundreds of thousands of
 *   projects): `items` holds the first thresholds.attachmentRows items by risk (`order` says how
 *   they were chosen), and the whole list stays in the Parquet file `file`, written by DuckDB,
 *   which the outputs carry as lists/<name>.parquet. The documents get the whole list
 *   (compute/lists.ts wholeLists).
 * `count` is the list's length either way: a figure never comes from `items.length`.
 */
export interface ProjectList<T> {
  /** the list's name in stats.json, and of its file: lists/<name>.parquet */
  name: string;
  count: number;
  items: T[];
  /** how the first items of a cut list were chosen ('按风险程度（…）'); '' when they are the list's first */
  order: string;
  /** the whole list (Parquet) when `items` holds only its first items, else null */
  file: string | null;
  /** the items' fields that hold sums of money (万元, DOUBLE in DuckDB: stats.json writes 5.0, not 5) */
  amounts: string[];
}

/** Every project list of the context (the stats.json outputs, the documents' check that each is whole). */
export function projectLists(ctx: ReportContext): ProjectList<unknown>[] {
  return [
    ctx.idleInefficient,
    ctx.warnings.list,
    ctx.overdue,
    ctx.dividends.list,
    ctx.approvals.list,
    ctx.reclassify,
    ...(ctx.thematicReview ? [ctx.thematicReview] : []),
    ctx.ledgerNotes,
  ];
}

/** A list of `items`, whole (tests, and contexts put together by hand). */
export function listOf<T>(name: string, items: T[], amounts: string[] = []): ProjectList<T> {
  return { name, count: items.length, items, order: '', file: null, amounts };
}
