/**
 * The one computation: ledgers → DuckDB → ReportContext. Reads and validates every file, loads it,
 * evaluates the rules of domain.md §4 and the figures of §5 in SQL over the whole table. Throws an
 * InputError listing every problem of every file when the input is wrong.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProfile, type Profile } from './config/profile.js';
import {
  CATEGORIES,
  PROGRESS_STATES,
  type Category,
  type CategoryFigures,
  type FileRows,
  type GroupFigures,
  type ProgressCategory,
  type ProgressFigures,
  type ProgressState,
  type ProjectRef,
  type PublishedDocument,
  type ReportContext,
  type StageStatus,
} from './context.js';
import { InputError, sortProblems, type Problem } from './errors.js';
import { scanSources, type Source } from './ingest/sources.js';
import { Database, readSql } from './load/database.js';
import { isIsoDate, periodOf, type Period } from './load/period.js';
import { createProjectsView, createStaging, stageSource } from './load/stage.js';
import { collectInputErrors } from './load/validate.js';

/** Every reason of §4.4 in the order printed: red ones, then yellow ones. */
export const WARNING_REASONS = {
  red: ['合同距到期不足1个月', '合同到期已闲置超过3个月', '逾期未收取收益超过6个月', '到期本金尚未收回', '闲置资产尚未盘活',
    '运营不正常', '收益过低', '收益尚未上缴', '分配使用违反负面清单', '符合处置条件尚未处置'],
  yellow: ['合同距到期1至3个月', '合同到期已闲置超过1个月', '收益未按约定时间上缴', '已盘活资产跟踪监测',
    '运营一般', '收益不合理', '分配使用不规范', '已通过司法程序追缴', '处置所得尚未安排使用'],
} as const;

export interface ComputeOptions {
  dataDir: string;
  asOf?: string;
  profilePath?: string;
  /** profile already loaded (skips loadProfile) */
  profile?: Profile;
  log?: (line: string) => void;
}

export interface Loaded {
  db: Database;
  profile: Profile;
  asOf: string;
  period: Period;
  sources: Source[];
  ignored: string[];
  /** close the database and remove temporary files */
  dispose(): void;
}

/** Resolve the as-of date: --as-of, else the profile's. */
export function resolveAsOf(profile: Profile, asOf?: string): string {
  const value = asOf ?? profile.asOf;
  if (!value) {
    throw new InputError([
      { file: profile.source, line: null, column: null, field: 'asOf', value: null, message: '没有统计截止日期：请用 --as-of YYYY-MM-DD 指定，或在配置文件中填写 asOf' },
    ]);
  }
  if (!isIsoDate(value)) {
    throw new InputError([{ file: '--as-of', line: null, column: null, value, message: '应为 YYYY-MM-DD 格式的真实日期' }]);
  }
  return value;
}

/** Read, validate and load every ledger; throws InputError with all problems. */
export async function loadLedgers(opts: ComputeOptions): Promise<Loaded> {
  const profile = opts.profile ?? loadProfile(opts.dataDir, opts.profilePath);
  const asOf = resolveAsOf(profile, opts.asOf);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sgyp-load-'));
  const db = await Database.open();
  const dispose = () => {
    db.close();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const scan = await scanSources(opts.dataDir, tmp);
    if (!scan.sources.length) throw new InputError(sortProblems(scan.problems));
    await createStaging(db, profile, asOf);
    for (const [i, s] of scan.sources.entries()) await stageSource(db, i, s);
    const problems: Problem[] = [...scan.problems, ...(await collectInputErrors(db, profile, Number(asOf.slice(0, 4))))];
    if (problems.length) throw new InputError(sortProblems(problems));
    await createProjectsView(db);
    return { db, profile, asOf, period: periodOf(asOf), sources: scan.sources, ignored: scan.ignored, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

export async function computeContext(opts: ComputeOptions): Promise<ReportContext> {
  const loaded = await loadLedgers(opts);
  try {
    return await buildContext(loaded, opts.dataDir);
  } finally {
    loaded.dispose();
  }
}

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
}

export async function buildContext(loaded: Loaded, dataDir: string, options: ContextOptions = { projects: true }): Promise<ReportContext> {
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
    documents: publishedDocuments(profile, dataDir),
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

/** The documents the profile publishes, with their 索引号 (numbered in profile order per year). */
export function publishedDocuments(profile: Profile, dataDir: string): PublishedDocument[] {
  const seq = new Map<string, number>();
  return profile.documents.map((d) => {
    const year = d.written.slice(0, 4);
    const n = (seq.get(year) ?? 0) + 1;
    seq.set(year, n);
    const indexNo = profile.disclosure.indexPattern
      .replaceAll('{orgCode}', profile.disclosure.orgCode)
      .replaceAll('{year}', year)
      .replaceAll('{seq}', String(n).padStart(3, '0'));
    const base = profile.baseDir ?? dataDir;
    let text: string | null = null;
    if (d.textFile) {
      const file = path.resolve(base, d.textFile);
      if (!existsSync(file)) {
        throw new InputError([{ file: profile.source, line: null, column: null, field: `documents.${d.slug}.textFile`, value: d.textFile, message: '找不到该文件' }]);
      }
      text = readFileSync(file, 'utf8');
    }
    return {
      slug: d.slug,
      title: d.title,
      indexNo,
      publisher: d.publisher ?? profile.disclosure.publisher,
      written: d.written,
      published: d.published,
      docNumber: d.docNumber,
      topic: d.topic,
      openness: '主动公开' as const,
      files: d.files.map((f) => ({ path: f, kind: (f.toLowerCase().split('.').pop() ?? 'pdf') as 'pdf' | 'docx' | 'txt' })),
      text,
      generated: d.generated,
    };
  });
}
