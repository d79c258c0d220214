/**
 * The one computation: the loaded ledgers (load/) → the figures of docs/rules.md §5 in SQL over the
 * whole table (compute/sql/<name>.sql) → ReportContext. Each query's rows are checked against a zod
 * schema (rows.ts), and each section of the context has its own small mapper below; buildContext
 * only runs the queries and puts the sections together.
 */
import { z } from 'zod';
import type { PublishedDocument } from '../config/documents.js';
import type { Profile } from '../config/profile.js';
import type {
  ApprovalFigures,
  Area,
  CategoryFigures,
  ChangeItem,
  Changes,
  TrendPoint,
  DataQualityNote,
  FileRows,
  GroupFigures,
  ProgressFigures,
  RankRow as RankFigures,
  ProjectList,
  ReportContext,
  StageStatus,
  YearStart,
} from '../context.js';
import { COLUMNS } from '../ingest/columns.js';
import type { Source } from '../ingest/sources.js';
import type { Database } from '../load/database.js';
import { lit } from '../load/database.js';
import type { Loaded } from '../load/index.js';
import {
  CATEGORIES,
  PROGRESS_CATEGORIES,
  PROGRESS_STATES,
  WARNING_REASONS,
  type Category,
  type Period,
  type ProgressCategory,
} from '../vocabulary.js';
import { monthlyFigures, yearStartNames } from './cycle.js';
import { queryList, queryListFile } from './lists.js';
import { amount, category, checkRows, counts, int, isoDate, optionalText, projectRefColumns, queryRow, queryRows, text } from './rows.js';

export interface ContextOptions {
  /** include the public project list (the site needs it; stats.json does not) */
  projects: boolean;
  /** the documents the profile publishes (config/documents.ts) */
  documents: PublishedDocument[];
  /**
   * The earlier snapshot read into `previous_projects` (history/), and every earlier snapshot into
   * `trend_projects`: the changes since it and the trend are computed.
   * Absent or null: no snapshot, `changes` is null and `trend` empty.
   */
  previous?: { asOf: string; source: Changes['source'] } | null;
  /** The snapshot read into `month_base_projects` (the latest before the month's first day): the 月调度表's work done this month. */
  monthBase?: { asOf: string } | null;
  /** The snapshot read into `year_start_projects` (the one nearest 1 January): the annual summary's 年初 → 年末. */
  yearStart?: { asOf: string; source: Changes['source'] } | null;
  /**
   * This run's snapshot, the view `snapshot_projects` the changes compare with, made or being made
   * on the side connection (history/): the change queries wait for it. Given with `previous`.
   */
  snapshotMade?: Promise<void>;
}

/** The tables an earlier snapshot is read into that the changes are computed against (history/). */
type SnapshotTable = 'previous_projects' | 'year_start_projects';

// ——— Row schemas, one per query ———

const FileRowsRow = z.object({ src: int, records: int, counted: int, blank: int, total: int, notes: int });
const TotalsRow = z.object({ projects: int, investment: amount, households: int, asset_value: amount });
const CategoryRow = z.object({ category, projects: int, investment: amount, share: amount, investment_share: amount, households: int });
const GroupRow = z.object({ county: optionalText, name: text, projects: int, investment: amount, counts });
const StateCountRow = z.object({ state: text, n: int });
const IdleRow = z.object({
  ...projectRefColumns,
  operatingState: text,
  investment: amount,
  idle: z.boolean(),
  inefficient: z.boolean(),
  reasons: z.array(text),
  department: optionalText,
  severity: optionalText,
  progressState: optionalText,
});
const WarningRow = z.object({ ...projectRefColumns, level: z.enum(['red', 'yellow']), reasons: z.array(text), department: optionalText });
const ReasonRow = z.object({ reason: text, n: int });
const ListCountsRow = z.object({ idle: int, inefficient: int, red: int, yellow: int });
const ProgressRow = z.object({
  category: z.enum(PROGRESS_CATEGORIES),
  total: int,
  by_state: counts,
  completed: int,
  completion_rate: amount,
  completed_this_quarter: int,
  completed_this_year: int,
  overdue: int,
});
const OverdueRow = z.object({ ...projectRefColumns, plannedDate: isoDate, progressState: z.enum(PROGRESS_STATES) });
const DividendRow = z.object({
  ...projectRefColumns,
  agreed: amount,
  received: amount,
  owed: amount,
  dueDate: isoDate,
  overdueMonths: int,
  operator: optionalText,
});
const DividendTotalsRow = z.object({ projects: int, agreed: amount, received: amount, owed: amount, rate: amount });
const ApprovalRow = z.object({ level: text, projects: int, value: amount, simplified: int });
const ApprovalItemRow = z.object({
  ...projectRefColumns,
  value: amount,
  level: text,
  label: text,
  simplified: z.boolean(),
  batch: optionalText,
  severity: optionalText,
});
const ReclassifyRow = z.object({ ...projectRefColumns, why: z.array(text) });
const ThematicRow = z.object({ ...projectRefColumns, severity: optionalText });
const LedgerNoteRow = z.object({ ...projectRefColumns, measures: optionalText, results: optionalText, problems: optionalText });
const QualityRow = z.object({ id: text, src: int, rid: int, note: text });
const RowLineRow = z.object({ rid: int, line: int });
const ChangeRow = z.object({
  kind: z.enum([
    'added',
    'removed',
    'reclassified',
    'completed',
    'newlyOverdue',
    'warningsRaised',
    'warningsCleared',
    'warningLevelChanged',
  ]),
  id: text,
  name: text,
  county: optionalText,
  township: text,
  from: optionalText,
  to: optionalText,
  file: optionalText,
  line: int.nullable(),
  warning: z.enum(['red', 'yellow']).nullable(),
});
const ChangeTotalsRow = z.object({
  projects_then: int,
  projects_now: int,
  investment_then: amount,
  investment_now: amount,
  investment_change: amount,
  recovered: amount,
  recovered_projects: int,
  owed_then: amount,
  owed_now: amount,
});
const ChangePairRow = z.object({ from: category, to: category, n: int });
const ChangeCategoryRow = z.object({ category, projects_then: int, projects_now: int, investment_then: amount, investment_now: amount });
const RankRow = z.object({
  name: text,
  tasks: int,
  done: int,
  rate: amount.nullable(),
  rank: int.nullable(),
  overdue: int,
  red: int,
  owed: amount,
});
/** A row of ranking.sql: a RankRow with the 县 it lies in (a city's 乡镇 and 主管部门), else NULL. */
const GroupRankRow = RankRow.extend({ county: optionalText });
const TrendRow = z.object({ as_of: isoDate, projects: int, investment: amount, counts, completed: int });
const PublicProjectRow = z.object({
  ...projectRefColumns,
  industry: optionalText,
  year: int,
  fundSource: optionalText,
  investment: amount,
  ownership: optionalText,
  department: optionalText,
  operatingState: text,
  progressState: optionalText,
  households: int.nullable(),
});

type Row<S extends z.ZodType> = z.output<S>;

/** The project lists of the context (compute/lists.ts): each one's query (compute/sql/<query>.sql) and item schema. */
const LISTS = {
  idleInefficient: { query: 'idle_inefficient', schema: IdleRow },
  warnings: { query: 'warnings', schema: WarningRow },
  overdue: { query: 'overdue', schema: OverdueRow },
  dividends: { query: 'dividends', schema: DividendRow },
  approvals: { query: 'approvals', schema: ApprovalItemRow },
  reclassify: { query: 'reclassify', schema: ReclassifyRow },
  thematicReview: { query: 'thematic_review', schema: ThematicRow },
  ledgerNotes: { query: 'ledger_notes', schema: LedgerNoteRow },
} as const;
type ListName = keyof typeof LISTS;

// ——— The context ———

export async function buildContext(loaded: Loaded, options: ContextOptions): Promise<ReportContext> {
  const { db, profile, period, sources } = loaded;
  // level city: 乡镇 and 主管部门 within their 县 (county is NULL in a county: one group as before)
  const city = profile.level === 'city';
  const group = (column: string, within = 'NULL::VARCHAR') => queryRows(db, 'by_group', GroupRow, { group: column, within });
  const minTasks = String(profile.thresholds.rankMinTasks);
  const rank = (column: string, within = 'NULL::VARCHAR') =>
    queryRows(db, 'ranking', GroupRankRow, { group: column, within, min_tasks: minTasks });
  // the lists' placeholders (compute/lists.ts): a city's 县, the county's name of each 销号 level
  const labels = profile.approvalLevels as Record<string, string>;
  const fill = {
    county: city ? 'county, ' : '',
    label: `CASE level ${Object.entries(labels)
      .map(([level, label]) => `WHEN ${lit(level)} THEN ${lit(label)}`)
      .join(' ')} ELSE level END`,
  };
  const listOptions = { fill, maxItems: profile.thresholds.listItems, firstItems: profile.thresholds.attachmentRows };
  const list = <N extends ListName>(name: N) =>
    queryList(db, LISTS[name].query, name, LISTS[name].schema as (typeof LISTS)[N]['schema'], listOptions);
  const approvalList = list('approvals');
  // every query started at once (the database runs two at a time), each result named
  const q = await settleAll({
    fileRows: queryRows(db, 'file_rows', FileRowsRow),
    totals: queryRow(db, 'totals', TotalsRow),
    byCat: queryRows(db, 'by_category', CategoryRow),
    towns: group('township', 'county'),
    industries: group('industry'),
    departments: group('department'),
    consolidate: queryRows(db, 'consolidate_by_state', StateCountRow),
    idleList: list('idleInefficient'),
    warnList: list('warnings'),
    listCounts: queryRow(db, 'list_counts', ListCountsRow),
    reasonRows: queryRows(db, 'warning_reasons', ReasonRow),
    progressRows: queryRows(db, 'progress', ProgressRow),
    overdueList: list('overdue'),
    dividendList: list('dividends'),
    dividendTotals: queryRow(db, 'dividend_totals', DividendTotalsRow),
    approvalList,
    // counted per level from the list's items as written (its file), not computed twice
    approvalRows: approvalList.then(() =>
      queryRows(db, 'approval_levels', ApprovalRow, { items: `FROM read_parquet(${lit(queryListFile(db, 'approvals'))})` }),
    ),
    reclassifyList: list('reclassify'),
    thematicList: profile.thematicReview ? list('thematicReview') : null,
    noteList: list('ledgerNotes'),
    quality: dataQuality(db, sources),
    publicRows: options.projects ? queryRows(db, 'public_projects', PublicProjectRow, fill) : [],
    changes: options.previous ? changesSince(db, options.previous, options.snapshotMade) : null,
    townshipRanks: rank('township', 'county'),
    departmentRanks: rank('department', 'county'),
    rankTotal: queryRow(db, 'ranking_total', RankRow),
    counties: city ? group('county') : null,
    countyRanks: city ? rank('county') : null,
  });
  const { towns, counties, countyRanks, changes, listCounts } = q;

  // the reporting cycle (docs/rules.md §8), after the queries above: changesSince has made snapshot_projects
  const monthly = await monthlyFigures(db, period.asOf, options.monthBase?.asOf ?? null);
  const yearStart = options.yearStart ? await yearStartSince(db, options.yearStart, period.asOf, options.snapshotMade) : null;

  const files = fileFigures(q.fileRows, sources);
  const context: ReportContext = {
    meta: { ...period, sample: profile.sample, documentDate: `${period.asOf}T00:00:00.000Z` },
    profile,
    area: areaOf(profile),
    labels: { ...profile.labels },
    rows: {
      read: files.reduce((a, f) => a + f.read, 0),
      counted: files.reduce((a, f) => a + f.counted, 0),
      leftOut: files.reduce((a, f) => a + f.leftOut, 0),
      files,
    },
    ledgerColumns: ledgerColumns(sources),
    streets: towns.filter((t) => STREET.test(t.name)).map((t) => `${t.county ?? ''}${t.name}`),
    total: {
      projects: q.totals.projects,
      investment: q.totals.investment,
      households: q.totals.households,
      assetValue: q.totals.asset_value,
    },
    byCategory: categoryFigures(q.byCat),
    townships: towns.map(groupFigures),
    ...(counties ? { counties: counties.map(groupFigures) } : {}),
    industries: q.industries.map(groupFigures),
    departments: q.departments.map(groupFigures),
    consolidateByState: Object.fromEntries(q.consolidate.map((r) => [r.state, r.n])),
    idle: listCounts.idle,
    inefficient: listCounts.inefficient,
    idleInefficient: q.idleList,
    warnings: { red: listCounts.red, yellow: listCounts.yellow, byReason: reasonCounts(q.reasonRows), list: q.warnList },
    progress: progressFigures(q.progressRows),
    overdue: q.overdueList,
    dividends: { ...q.dividendTotals, list: q.dividendList },
    approvals: { ...approvalFigures(q.approvalRows, profile), list: q.approvalList },
    ranking: {
      townships: q.townshipRanks.map(rankRow),
      departments: q.departmentRanks.map(rankRow),
      total: q.rankTotal,
      ...(countyRanks ? { counties: countyRanks.map(rankRow) } : {}),
    },
    reclassify: q.reclassifyList,
    thematicReview: q.thematicList,
    ledgerNotes: q.noteList,
    stages: stageStatuses(profile, period),
    changes: changes?.changes ?? null,
    trend: changes?.trend ?? [],
    monthly,
    yearStart,
    dataQuality: [...q.quality, ...(changes?.removedNotes ?? [])],
    projects: q.publicRows,
    documents: options.documents,
  };
  return context;
}

/**
 * The named results of `queries`, once every one has settled; the first failure is thrown only
 * then: the caller closes the database on failure, and must not while other queries still run on it.
 */
async function settleAll<T extends Record<string, unknown>>(queries: T): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const names = Object.keys(queries);
  const settled = await Promise.allSettled(Object.values(queries));
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  return Object.fromEntries(names.map((n, i) => [n, (settled[i] as PromiseFulfilledResult<unknown>).value])) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}

/**
 * The context with every item of its long lists read back from their files, each checked against
 * its query's schema: what the documents need (they spill long lists into workbooks). The lists keep
 * their files. A context without long lists is returned as it is.
 */
export async function wholeLists(ctx: ReportContext, db: Database): Promise<ReportContext> {
  const whole = async <T>(list: ProjectList<T>): Promise<ProjectList<T>> => {
    if (!list.file || list.items.length === list.count) return list;
    const { query, schema } = LISTS[list.name as ListName];
    const items = checkRows(query, schema, await db.all(`FROM read_parquet(${lit(list.file)})`)) as T[];
    return { ...list, items, order: '' };
  };
  return {
    ...ctx,
    idleInefficient: await whole(ctx.idleInefficient),
    warnings: { ...ctx.warnings, list: await whole(ctx.warnings.list) },
    overdue: await whole(ctx.overdue),
    dividends: { ...ctx.dividends, list: await whole(ctx.dividends.list) },
    approvals: { ...ctx.approvals, list: await whole(ctx.approvals.list) },
    reclassify: await whole(ctx.reclassify),
    thematicReview: ctx.thematicReview ? await whole(ctx.thematicReview) : null,
    ledgerNotes: await whole(ctx.ledgerNotes),
  };
}

// ——— Section mappers ———

/** A unit that is a 街道 by its name (高寨街道, 城关街道办事处). */
const STREET = /街道(办事处)?$/;

/** The optional columns found in the header of any ledger file (one-hot category columns stand for 类别), in COLUMNS order. */
function ledgerColumns(sources: Source[]): string[] {
  const found = new Set<string>();
  for (const s of sources) for (const key of s.header.columns.keys()) found.add(key);
  return COLUMNS.filter((c) => !c.required && c.kind !== 'personal' && found.has(c.key)).map((c) => c.key);
}

/**
 * A 县 where there is one (level city), else nothing: a county's outputs stay as they were.
 * For the figures' few rows. The project lists come from their queries in their final shape
 * (compute/lists.ts), and the change items, which can be as many, name every field in one object
 * literal with `county: r.county ?? undefined` (JSON.stringify leaves it out all the same):
 * spreading this function's result into each item made V8 build every item field by field, 1.4 s
 * of a million-row run.
 */
function countyOf(county: string | null): { county?: string } {
  return county === null ? {} : { county };
}

function rankRow({ county, ...r }: Row<typeof GroupRankRow>): RankFigures {
  return { ...countyOf(county), ...r };
}

/** Rows read per file: DuckDB's records plus the blank lines its reader skipped (counted by ingest). */
function fileFigures(rows: Row<typeof FileRowsRow>[], sources: Source[]): FileRows[] {
  return rows.map((r) => {
    const s = sources[r.src]!;
    const blankLines = s.blanksAfter.length;
    const read = r.records + blankLines;
    return {
      file: s.relPath,
      ...(s.sheet ? { sheet: s.sheet } : {}),
      encoding: s.encoding,
      headerLine: s.headerRow,
      read,
      counted: r.counted,
      leftOut: read - r.counted,
      blank: r.blank + blankLines,
      total: r.total,
      notes: r.notes,
    };
  });
}

function categoryFigures(rows: Row<typeof CategoryRow>[]): Record<Category, CategoryFigures> {
  const byCategory = new Map(rows.map((r) => [r.category, r]));
  return Object.fromEntries(
    CATEGORIES.map((c) => {
      const r = byCategory.get(c)!;
      return [
        c,
        { projects: r.projects, investment: r.investment, share: r.share, investmentShare: r.investment_share, households: r.households },
      ];
    }),
  ) as Record<Category, CategoryFigures>;
}

function groupFigures(r: Row<typeof GroupRow>): GroupFigures {
  return {
    ...countyOf(r.county),
    name: r.name,
    projects: r.projects,
    investment: r.investment,
    counts: Object.fromEntries(CATEGORIES.map((c) => [c, r.counts?.[c] ?? 0])) as Record<Category, number>,
  };
}

/** Projects per warning reason: every reason of §4.4, 0 where none holds. */
function reasonCounts(reasons: Row<typeof ReasonRow>[]): Record<string, number> {
  const byReason: Record<string, number> = {};
  for (const reason of [...WARNING_REASONS.red, ...WARNING_REASONS.yellow]) byReason[reason] = 0;
  for (const r of reasons) byReason[r.reason] = r.n;
  return byReason;
}

function progressFigures(rows: Row<typeof ProgressRow>[]): Record<ProgressCategory, ProgressFigures> {
  const byCategory = new Map(rows.map((r) => [r.category, r]));
  return Object.fromEntries(
    PROGRESS_CATEGORIES.map((c) => {
      const r = byCategory.get(c)!;
      return [
        c,
        {
          total: r.total,
          byState: Object.fromEntries(PROGRESS_STATES.map((s) => [s, r.by_state?.[s] ?? 0])) as ProgressFigures['byState'],
          completed: r.completed,
          completionRate: r.completion_rate,
          completedThisQuarter: r.completed_this_quarter,
          completedThisYear: r.completed_this_year,
          overdue: r.overdue,
        },
      ];
    }),
  ) as Record<ProgressCategory, ProgressFigures>;
}

function approvalFigures(rows: Row<typeof ApprovalRow>[], profile: Profile): Omit<ApprovalFigures, 'list'> {
  const labels = profile.approvalLevels as Record<string, string>;
  return {
    byLevel: rows.map((r) => ({ level: r.level, label: labels[r.level] ?? r.level, projects: r.projects, value: r.value })),
    simplified: rows[0]?.simplified ?? 0,
  };
}

/** Notes for the clerk that are not errors, with the spreadsheet row of each. */
async function dataQuality(db: Database, sources: Source[]): Promise<DataQualityNote[]> {
  const notes = await queryRows(db, 'data_quality', QualityRow);
  if (!notes.length) return [];
  const lines = new Map(
    (await queryRows(db, 'row_lines', RowLineRow, { rows: '(SELECT src, rid FROM projects WHERE idle_without_date)' })).map((r) => [
      r.rid,
      r.line,
    ]),
  );
  return notes.map((r) => ({ id: r.id, file: sources[r.src]!.label, line: lines.get(r.rid) ?? 0, note: r.note }));
}

/**
 * The changes since the earlier snapshot (changes.sql, change_totals.sql, change_pairs.sql), and a
 * data-quality note for every project that left the ledger: assets do not vanish, the clerk must
 * say where it went.
 */
async function changesSince(
  db: Database,
  previous: NonNullable<ContextOptions['previous']>,
  snapshotMade: ContextOptions['snapshotMade'],
): Promise<{ changes: Changes; removedNotes: DataQualityNote[]; trend: TrendPoint[] }> {
  await snapshotMade;
  const [{ changes, rows }, trend] = await Promise.all([
    changesAgainst(db, 'previous_projects', previous),
    queryRows(db, 'trend', TrendRow),
  ]);
  const removedNotes = rows
    .filter((r) => r.kind === 'removed')
    .map((r) => ({
      id: r.id,
      file: r.file ?? '',
      line: r.line ?? 0,
      note: `截至${previous.asOf}的台账中有此项目（${r.name}，${r.county ?? ''}${r.township}），本期台账中没有：资产不会凭空消失，请核实并说明去向`,
    }));
  return {
    changes,
    removedNotes,
    trend: trend.map((r) => ({
      asOf: r.as_of,
      projects: r.projects,
      investment: r.investment,
      counts: Object.fromEntries(CATEGORIES.map((c) => [c, r.counts?.[c] ?? 0])) as Record<Category, number>,
      completed: r.completed,
    })),
  };
}

/** The changes of the projects now (snapshot_projects) against the snapshot in `table`, as of `since.asOf`. */
async function changesAgainst(
  db: Database,
  table: SnapshotTable,
  since: { asOf: string; source: Changes['source'] },
): Promise<{ changes: Changes; rows: Row<typeof ChangeRow>[] }> {
  const fill = { previous: table };
  const [rows, totals, pairs] = await Promise.all([
    queryRows(db, 'changes', ChangeRow, fill),
    queryRow(db, 'change_totals', ChangeTotalsRow, fill),
    queryRows(db, 'change_pairs', ChangePairRow, fill),
  ]);
  const list = (kind: Row<typeof ChangeRow>['kind']) => {
    const items: ChangeItem[] = rows
      .filter((r) => r.kind === kind)
      .map((r) => ({
        id: r.id,
        name: r.name,
        county: r.county ?? undefined,
        township: r.township,
        from: r.from,
        to: r.to,
        warning: r.warning ?? undefined,
      }));
    return { count: items.length, items };
  };
  return {
    rows,
    changes: {
      since: since.asOf,
      source: since.source,
      projects: { before: totals.projects_then, now: totals.projects_now },
      investment: { before: totals.investment_then, now: totals.investment_now, change: totals.investment_change },
      added: list('added'),
      removed: list('removed'),
      reclassified: { ...list('reclassified'), pairs: pairs.map((p) => ({ from: p.from, to: p.to, count: p.n })) },
      completed: list('completed'),
      newlyOverdue: list('newlyOverdue'),
      warningsRaised: list('warningsRaised'),
      warningsCleared: list('warningsCleared'),
      warningLevelChanged: list('warningLevelChanged'),
      dividends: {
        recovered: totals.recovered,
        projects: totals.recovered_projects,
        owedThen: totals.owed_then,
        owedNow: totals.owed_now,
      },
    },
  };
}

/**
 * 年初 → 年末 (docs/rules.md §8): the changes against the snapshot nearest 1 January, read into
 * `year_start_projects`, with each category's projects and 投入帮扶资金 then and now. Its vanished
 * projects are not noted again: the latest snapshot's changes note those still missing.
 */
async function yearStartSince(
  db: Database,
  start: NonNullable<ContextOptions['yearStart']>,
  asOf: string,
  snapshotMade: ContextOptions['snapshotMade'],
): Promise<YearStart> {
  await snapshotMade;
  const [{ changes }, categories] = await Promise.all([
    changesAgainst(db, 'year_start_projects', start),
    queryRows(db, 'change_categories', ChangeCategoryRow, { previous: 'year_start_projects' }),
  ]);
  const byCategory = new Map(categories.map((r) => [r.category, r]));
  return {
    ...changes,
    categories: Object.fromEntries(
      CATEGORIES.map((c) => {
        const r = byCategory.get(c)!;
        return [c, { before: r.projects_then, now: r.projects_now, investmentBefore: r.investment_then, investmentNow: r.investment_now }];
      }),
    ) as YearStart['categories'],
    names: yearStartNames(changes.since, asOf),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Where the plan's four stages stand at D (calendar, not figures). */
export function stageStatuses(profile: Profile, period: Period): StageStatus[] {
  return profile.stages.map((s) => {
    const start = `${period.year}-${pad(s.startMonth)}-01`;
    const endDay = new Date(Date.UTC(period.year, s.endMonth, 0)).getUTCDate();
    const end = `${period.year}-${pad(s.endMonth)}-${pad(endDay)}`;
    const status = period.asOf > end ? '已完成' : period.asOf >= start ? '进行中' : '未开始';
    const months = s.startMonth === s.endMonth ? `${s.startMonth}月` : `${s.startMonth}—${s.endMonth}月`;
    return { name: s.name, months, start, end, status };
  });
}

/** The area of a profile: a county (the default), or a city (profile `level: city`) whose figures go by 县. */
export function areaOf(profile: Profile): Area {
  const names = profile.levelNames as Profile['levelNames'] & Partial<Pick<Profile['levelNames'], 'city' | 'counties'>>;
  if (profile.level === 'city') {
    return { city: true, name: profile.city ?? '本市', level: names.city ?? '市', units: names.counties ?? '县（市、区）' };
  }
  return { city: false, name: profile.county, level: names.county, units: names.township };
}
