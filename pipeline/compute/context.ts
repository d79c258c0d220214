/**
 * The one computation: ledgers → DuckDB → ReportContext. Reads and validates every file, loads it,
 * evaluates the rules of domain.md §4 and the figures of §5 in SQL over the whole table. Throws an
 * InputError listing every problem of every file when the input is wrong.
 */
import type { PublishedDocument } from '../config/documents.js';
import type { Profile } from '../config/profile.js';
import { type Category, type CategoryFigures, type FileRows, type GroupFigures, type ProgressCategory, type ProgressFigures, type ProgressState, type ProjectRef, type ReportContext, type StageStatus } from '../context.js';
import { CATEGORIES, type Period, PROGRESS_STATES, WARNING_REASONS } from '../vocabulary.js';
import { readSql } from '../load/database.js';
import type { Loaded } from '../load/index.js';

type R = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);
const str = (v: unknown) => (v == null ? null : String(v));

/** The columns every list item shares (id, name, where, category). */
function projectRef(r: R): ProjectRef {
  return { id: String(r.id), name: String(r.name), township: String(r.township), village: str(r.village), category: r.category as Category };
}

function groupFigures(rows: R[]): GroupFigures[] {
  return rows.map((r) => ({
    name: String(r.name),
    projects: num(r.projects),
    investment: num(r.investment),
    counts: Object.fromEntries(CATEGORIES.map((c) => [c, num(r[c])])) as Record<Category, number>,
  }));
}

export interface ContextOptions {
  /** include the public project list (the site needs it; stats.json does not) */
  projects: boolean;
  /** the documents the profile publishes (config/documents.ts) */
  documents: PublishedDocument[];
}

export async function buildContext(loaded: Loaded, options: ContextOptions): Promise<ReportContext> {
  const { db, profile, period, sources } = loaded;
  const q = (name: string) => db.all<R>(readSql(name));
  const group = (column: string) => db.all<R>(readSql('by_group').replaceAll('{{group}}', column));

  const [fileRows, totals, byCat, towns, industries, departments, consolidate, idleRows, warnRows, reasonRows,
    progressRows, overdueRows, dividendRows, dividendTotals, approvalRows, quality, publicRows] = await Promise.all([
    q('file_rows'), q('totals'), q('by_category'), group('township'), group('industry'), group('department'),
    q('consolidate_by_state'), q('idle_inefficient'), q('warnings'), q('warning_reasons'), q('progress'), q('overdue'),
    q('dividends'), q('dividend_totals'), q('approvals'), q('data_quality'),
    options.projects ? q('public_projects') : Promise.resolve([] as R[]),
  ]);
  const qualityLines = new Map(
    (quality.length
      ? await db.all<R>(readSql('row_lines').replaceAll('{{rows}}', `(SELECT src, rid FROM projects WHERE idle_without_date)`))
      : []
    ).map((r) => [num(r.rid), num(r.line)]),
  );

  const files: FileRows[] = fileRows.map((r, i) => {
    const s = sources[i]!;
    const blankLines = s.blanksAfter.length;
    const blank = num(r.blank) + blankLines;
    const read = num(r.records) + blankLines;
    return {
      file: s.relPath,
      ...(s.sheet ? { sheet: s.sheet } : {}),
      encoding: s.encoding,
      headerLine: s.headerRow,
      read,
      counted: num(r.counted),
      leftOut: read - num(r.counted),
      blank,
      total: num(r.total),
      notes: num(r.notes),
    };
  });

  // canonical category order in every map, whatever order SQL grouped them in
  const byCategory = Object.fromEntries(
    sortByCategory(byCat).map((r) => [
      r.category,
      {
        projects: num(r.projects),
        investment: num(r.investment),
        share: num(r.share),
        investmentShare: num(r.investment_share),
        households: num(r.households),
      } satisfies CategoryFigures,
    ]),
  ) as Record<Category, CategoryFigures>;

  const progress = Object.fromEntries(
    sortByCategory(progressRows).map((r) => [
      r.category,
      {
        total: num(r.total),
        byState: Object.fromEntries(PROGRESS_STATES.map((s) => [s, num(r[s])])) as ProgressFigures['byState'],
        completed: num(r.completed),
        completionRate: num(r.completion_rate),
        completedThisQuarter: num(r.completed_this_quarter),
        completedThisYear: num(r.completed_this_year),
        overdue: num(r.overdue),
      } satisfies ProgressFigures,
    ]),
  ) as Record<ProgressCategory, ProgressFigures>;

  const byReason: Record<string, number> = {};
  for (const reason of [...WARNING_REASONS.red, ...WARNING_REASONS.yellow]) byReason[reason] = 0;
  for (const r of reasonRows) byReason[String(r.reason)] = num(r.n);

  const warningItems = warnRows.map((r) => ({
    ...projectRef(r),
    level: r.level as 'red' | 'yellow',
    reasons: (r.reasons as string[]).slice(),
    department: str(r.department),
  }));

  const approvalLabels = profile.approvalLevels as Record<string, string>;
  const t = totals[0]!;
  const dt = dividendTotals[0]!;

  return {
    meta: {
      ...period,
      sample: profile.sample,
      documentDate: `${period.asOf}T00:00:00.000Z`,
    },
    profile,
    labels: { ...profile.labels },
    rows: {
      read: files.reduce((a, f) => a + f.read, 0),
      counted: files.reduce((a, f) => a + f.counted, 0),
      leftOut: files.reduce((a, f) => a + f.leftOut, 0),
      files,
    },
    total: { projects: num(t.projects), investment: num(t.investment), households: num(t.households), assetValue: num(t.asset_value) },
    byCategory,
    townships: groupFigures(towns),
    industries: groupFigures(industries),
    departments: groupFigures(departments),
    consolidateByState: Object.fromEntries(consolidate.map((r) => [String(r.state), num(r.n)])),
    idle: idleRows.filter((r) => r.idle).length,
    inefficient: idleRows.filter((r) => r.inefficient).length,
    idleInefficient: idleRows.map((r) => ({
      ...projectRef(r),
      operatingState: String(r.operating_state),
      investment: num(r.investment),
      idle: Boolean(r.idle),
      inefficient: Boolean(r.inefficient),
      reasons: (r.reasons as string[]).slice(),
      department: str(r.department),
    })),
    warnings: {
      red: warningItems.filter((w) => w.level === 'red').length,
      yellow: warningItems.filter((w) => w.level === 'yellow').length,
      byReason,
      items: warningItems,
    },
    progress,
    overdueItems: overdueRows.map((r) => ({
      ...projectRef(r),
      plannedDate: String(r.planned_date),
      progressState: r.progress_state as ProgressState,
    })),
    dividends: {
      projects: num(dt.projects),
      agreed: num(dt.agreed),
      received: num(dt.received),
      owed: num(dt.owed),
      rate: num(dt.rate),
      items: dividendRows.map((r) => ({
        ...projectRef(r),
        agreed: num(r.agreed),
        received: num(r.received),
        owed: num(r.owed),
        dueDate: String(r.due_date),
        overdueMonths: num(r.overdue_months),
        operator: str(r.operator),
      })),
    },
    approvals: {
      byLevel: approvalRows.map((r) => ({
        level: String(r.level),
        label: approvalLabels[String(r.level)] ?? String(r.level),
        projects: num(r.projects),
        value: num(r.value),
      })),
      simplified: num(approvalRows[0]?.simplified),
    },
    stages: stageStatuses(profile, period),
    dataQuality: quality.map((r) => ({
      id: String(r.id),
      file: sources[num(r.src)]!.label,
      line: qualityLines.get(num(r.rid)) ?? 0,
      note: String(r.note),
    })),
    projects: publicRows.map((r) => ({
      ...projectRef(r),
      industry: str(r.industry),
      year: num(r.year),
      fundSource: str(r.fund_source),
      investment: num(r.investment),
      ownership: str(r.ownership),
      department: str(r.department),
      category: r.category as Category,
      operatingState: String(r.operating_state),
      progressState: String(r.progress_state),
      households: r.households == null ? null : num(r.households),
    })),
    documents: options.documents,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

function sortByCategory(rows: R[]): R[] {
  return [...rows].sort((a, b) => CATEGORIES.indexOf(a.category as Category) - CATEGORIES.indexOf(b.category as Category));
}

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

