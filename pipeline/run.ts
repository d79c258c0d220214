/**
 * The orchestrator: the only file that knows the stage order.
 *
 *   check  — read and validate every ledger, lint the templates
 *   stats  — check, compute the context, write stats.json
 *   build  — stats, then the reports and the site
 *   template — (its own entry, writeTemplate) the blank ledger workbook for the county's townships
 *
 * Outputs are staged inside --out and put in place only when every stage has succeeded, one run
 * at a time per --out (see output/outDir.ts: a failed or killed run never leaves a half-replaced
 * --out, entries this program did not create are never touched, files in its own folders that the
 * clerk added or edited are kept, and the documents of other periods stay).
 *
 * With --annotate DIR, a run that finds ledger errors also writes each erring ledger file back
 * with its bad cells marked (annotate/), for the county office to send to the township.
 *
 * History (docs/rules.md §8): stats and build compare with the latest earlier snapshot (OUT/history, or
 * --history, or the ledgers of --previous) and keep a snapshot of their own as-of date, staged and
 * committed with the other outputs: history/<as-of>/ is replaced, the other snapshots are kept.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkAnnotateDir, writeAnnotatedLedgers } from './annotate/index.js';
import { buildContext, wholeLists } from './compute/context.js';
import { contextLists } from './compute/lists.js';
import { readPublishedDocuments } from './config/documents.js';
import { defaultProfile, loadProfile, type Profile } from './config/profile.js';
import { attachEarlierLedgers } from './load/earlier.js';
import { loadLedgers, type Loaded } from './load/index.js';
import { attachPrevious, attachSnapshot, attachTrend, copyPrevious, createSnapshot, writeSnapshot } from './load/snapshot.js';
import type { ReportContext } from './context.js';
import { InputError, type Problem, shownValue, UsageError } from './errors.js';
import { columnLetter, type Source } from './ingest/sources.js';
import { latestBefore, listSnapshots, nearestYearStart, SNAPSHOT_PROJECTS, SNAPSHOT_STATS } from './output/history.js';
import {
  checkHistoryDir,
  checkOutDir,
  checkOwnership,
  documentEntries,
  HISTORY,
  type Kept,
  keptLines,
  Lock,
  OutputTransaction,
  recover,
  writeFailure,
} from './output/outDir.js';
import { listFile, renderStatsJson } from './render/stats/statsJson.js';

/** The folder of the output holding the long lists whole (render/stats/statsJson.ts listFile). */
const LISTS = 'lists';

export type Command = 'check' | 'stats' | 'build';

/** What each writing command puts into --out (entries this program owns there). */
const OUTPUTS = { stats: ['stats.json', LISTS], build: ['stats.json', LISTS, 'reports', 'site'] } as const;

export interface RunOptions {
  command: Command;
  dataDir: string;
  outDir?: string;
  asOf?: string;
  profilePath?: string;
  /** site base path, overrides the profile's disclosure.basePath */
  base?: string;
  /** --annotate: folder for the annotated ledgers of a run that finds ledger errors */
  annotate?: string;
  /** folder of the history snapshots; default OUT/history */
  historyDir?: string;
  /** an earlier data folder to compare with instead of the history */
  previousDir?: string;
  log?: (line: string) => void;
}

export interface RunResult {
  context: ReportContext | null;
  /** paths written, relative to outDir */
  written: string[];
  /** the clerk's files this run kept (edited drafts renamed beside the new one, own files left alone), paths relative to `dir` */
  kept: { dir: string; files: Kept[] }[];
  /** the same, one Chinese line each (the CLI's closing summary) */
  keptNotes: string[];
}

const ENCODING_NAMES = { 'utf-8': 'UTF-8', gb18030: 'GB18030', 'utf-16': 'UTF-16', xlsx: '工作簿' } as const;

export async function run(opts: RunOptions): Promise<RunResult> {
  const log = opts.log ?? (() => {});
  if (!existsSync(opts.dataDir)) {
    throw new InputError([{ file: opts.dataDir, line: null, column: null, value: null, message: '数据目录不存在' }]);
  }
  if (!statSync(opts.dataDir).isDirectory()) {
    throw new InputError([
      { file: opts.dataDir, line: null, column: null, value: null, message: '--data 应为存放台账的文件夹，而这是一个文件' },
    ]);
  }
  const dataDir = path.resolve(opts.dataDir);
  // Before reading anything: refuse an --out, --annotate or --history folder that overlaps the
  // inputs (or each other), an --out that holds others' files, and finish what a killed run left behind.
  let history: HistoryPlace | null = null;
  if (opts.annotate) checkAnnotateDir(opts.annotate, { dataDir: opts.dataDir, outDir: opts.command === 'check' ? undefined : opts.outDir });
  if (opts.command === 'check') {
    if (opts.historyDir || opts.previousDir) throw new UsageError('--history 和 --previous 只用于 stats 和 build 命令');
    return runAnnotated(opts, dataDir, null, log, []);
  }
  const outDir = path.resolve(opts.outDir!);
  checkOutDir(outDir, { dataDir, profileFile: opts.profilePath ?? null });
  history = historyPlace(opts, dataDir, outDir);
  // one run at a time per folder: taken before anything in it is looked at or finished
  const locks = [Lock.acquire(outDir)];
  let ok = false;
  try {
    if (!history.inOut) locks.push(Lock.acquire(history.dir, '历史快照目录'));
    const recovered: RunResult['kept'] = [];
    for (const dir of history.inOut ? [outDir] : [outDir, history.dir]) {
      let kept: Kept[];
      try {
        kept = recover(dir, log);
      } catch (e) {
        throw writeFailure(e, dir, '上次中断的替换尚未补完，下次运行会再试。');
      }
      if (kept.length) recovered.push({ dir, files: kept });
    }
    checkOwnership(outDir, [...OUTPUTS[opts.command], ...(history.inOut ? [HISTORY] : [])]);
    const result = await runAnnotated(opts, dataDir, history, log, recovered);
    ok = true;
    return result;
  } finally {
    for (const lock of locks.reverse()) {
      if (ok) lock.release();
      else lock.releaseFailed();
    }
  }
}

async function runAnnotated(
  opts: RunOptions,
  dataDir: string,
  history: HistoryPlace | null,
  log: (line: string) => void,
  recovered: RunResult['kept'],
): Promise<RunResult> {
  const withRecovered = (r: RunResult): RunResult => {
    const kept = [...recovered, ...r.kept];
    return { ...r, kept, keptNotes: kept.flatMap((k) => keptLines(k.files, k.dir)) };
  };
  if (!opts.annotate) return withRecovered(await runStages(opts, dataDir, history, log));
  let result: RunResult;
  try {
    result = await runStages(opts, dataDir, history, log);
  } catch (e) {
    if (e instanceof InputError) throw await annotate(e, opts.annotate, opts);
    throw e;
  }
  log(`没有错误，无需批注：未在 ${opts.annotate} 写出任何文件。`);
  return withRecovered(result);
}

/** The failed run's error, with the annotated ledgers written for its problems (--annotate). */
async function annotate(e: InputError, dir: string, opts: RunOptions): Promise<InputError> {
  const kept: Kept[] = [];
  try {
    const files = await writeAnnotatedLedgers(e.problems, { dataDir: opts.dataDir, dir, command: `sgyp ${opts.command}`, kept });
    return new InputError(e.problems, {
      dir,
      files: files.map((f) => ({ path: f.path, problems: f.problems })),
      kept: keptLines(kept, dir),
    });
  } catch (failure) {
    const wrapped = writeFailure(failure, dir, '');
    return new InputError(e.problems, { dir, files: [], failure: (wrapped as Error).message });
  }
}

/** Everything after the checks: profile, ledgers, context, outputs. */
async function runStages(opts: RunOptions, dataDir: string, history: HistoryPlace | null, log: (line: string) => void): Promise<RunResult> {
  // Read the profile, then every ledger; template problems are reported together with ledger ones.
  const profile = loadProfile(opts.dataDir, opts.profilePath);
  log(`配置：${profile.source}（${profile.level === 'city' ? profile.city : profile.county}）`);
  // The renderers are loaded only when needed: `stats` should not pay for Astro or pdfmake.
  const templateProblems: Problem[] = opts.command === 'stats' ? [] : await lintPackageTemplates();
  let loaded: Loaded;
  try {
    loaded = await loadLedgers({ dataDir: opts.dataDir, asOf: opts.asOf, profile });
  } catch (e) {
    if (e instanceof InputError) throw new InputError([...e.problems, ...templateProblems]);
    throw e;
  }
  let context: ReportContext;
  // The staged outputs: opened once the input is valid, so that this run's snapshot can be written
  // (by DuckDB, from the loaded projects) into the same transaction as the other outputs.
  let tx: OutputTransaction | null = null;
  let historyTx: OutputTransaction | null = null;
  let snapshotStaged: Promise<void> = Promise.resolve();
  try {
    try {
      if (templateProblems.length) throw new InputError(templateProblems);
      // this run's snapshot, begun now on the side connection: DuckDB writes it while the context is
      // computed and put together (writeSnapshot below, and the change queries, wait for it)
      if (history) createSnapshot(loaded.db).catch(() => {});
      const previous = history ? await attachEarlier(loaded, history, opts, profile, log) : null;
      const cycle = history ? await attachCycleSnapshots(loaded, history, previous, log) : null;
      context = await buildContext(loaded, {
        projects: opts.command === 'build',
        documents: readPublishedDocuments(profile, opts.dataDir),
        previous,
        ...cycle,
      });
      if (history) {
        tx = OutputTransaction.begin(path.resolve(opts.outDir!));
        if (!history.inOut) {
          checkOwnership(history.dir, [loaded.asOf]);
          historyTx = OutputTransaction.begin(history.dir);
        }
        const snapshotDir = history.inOut ? path.join(tx.stage, HISTORY, loaded.asOf) : path.join(historyTx!.stage, loaded.asOf);
        mkdirSync(snapshotDir, { recursive: true });
        // not awaited here: stats.json is written while DuckDB finishes the snapshot (writeOutputs waits)
        snapshotStaged = writeSnapshot(loaded.db, path.join(snapshotDir, SNAPSHOT_PROJECTS));
        snapshotStaged.catch(() => {});
      }
    } catch (e) {
      loaded.dispose();
      throw e;
    }
    // the snapshot staged, the database is closed (its memory freed before the reports and the site)
    const staged = async () => {
      await snapshotStaged;
      loaded.dispose();
    };
    // the documents need every item of a long list: read back before the database closes
    const whole = () => wholeLists(context, loaded.db);
    try {
      return await writeOutputs({
        opts,
        dataDir,
        ignored: loaded.ignored,
        sources: loaded.sources,
        notes: loaded.notes,
        context,
        tx,
        historyTx,
        history,
        staged,
        whole,
        log,
      });
    } finally {
      loaded.dispose();
    }
  } finally {
    historyTx?.dispose();
    tx?.dispose();
  }
}

/** Where this run's snapshot goes, and whether that is inside --out (one transaction) or not. */
interface HistoryPlace {
  dir: string;
  inOut: boolean;
}

function historyPlace(opts: RunOptions, dataDir: string, outDir: string): HistoryPlace {
  if (!opts.historyDir) return { dir: path.join(outDir, HISTORY), inOut: true };
  const dir = path.resolve(opts.historyDir);
  return checkHistoryDir(dir, { dataDir, outDir }) ? { dir: path.join(outDir, HISTORY), inOut: true } : { dir, inOut: false };
}

/**
 * Read what to compare with into the database: the ledgers of --previous (loaded at their own as-of
 * date and profile), else the latest snapshot of the history before this as-of date, else nothing.
 */
async function attachEarlier(
  loaded: Loaded,
  history: HistoryPlace,
  opts: RunOptions,
  profile: Loaded['profile'],
  log: (line: string) => void,
): Promise<{ asOf: string; source: 'history' | 'previous' } | null> {
  if (opts.previousDir) {
    const dir = opts.previousDir;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new InputError([
        { file: dir, line: null, column: null, value: null, message: '--previous 应为存放上期台账的文件夹，该文件夹不存在' },
      ]);
    }
    if (path.resolve(dir) === path.resolve(opts.dataDir))
      throw new UsageError('--previous 与 --data 是同一个文件夹：请指定上期台账所在的文件夹');
    // its own profile if it has one (the as-of date of then), else this run's; as-of: the profile's, else the end of the quarter before
    const own = loadProfile(dir);
    const earlierProfile = own.baseDir ? own : profile;
    const asOf = (own.baseDir ? own.asOf : undefined) ?? dayBefore(loaded.period.quarterStart);
    if (asOf >= loaded.asOf) {
      throw new InputError([
        {
          file: own.baseDir ? own.source : dir,
          line: null,
          column: null,
          field: 'asOf',
          value: asOf,
          message: `上期台账的截止日期应早于本期（${loaded.asOf}）`,
        },
      ]);
    }
    await attachEarlierLedgers(loaded.db, { dataDir: dir, asOf, profile: earlierProfile });
    await attachTrend(loaded.db, [], asOf);
    log(`对比上期台账：${dir}（截至${asOf}）`);
    return { asOf, source: 'previous' };
  }
  const earlier = listSnapshots(history.dir).filter((s) => s.asOf < loaded.asOf);
  const snapshot = earlier.at(-1);
  if (!snapshot) return null;
  await attachPrevious(loaded.db, snapshot.projects);
  await attachTrend(
    loaded.db,
    earlier.map((s) => ({ asOf: s.asOf, file: s.projects })),
  );
  log(`对比历史快照：截至${snapshot.asOf}`);
  return { asOf: snapshot.asOf, source: 'history' };
}

/**
 * The other snapshots of the reporting cycle (docs/rules.md §8), from the history's snapshots before
 * the as-of date and the ledgers of --previous: the latest before the first day of the as-of
 * date's month into `month_base_projects` (the 月调度表's work done this month), and the one
 * nearest 1 January of its year into `year_start_projects` (the annual summary's 年初).
 */
async function attachCycleSnapshots(
  loaded: Loaded,
  history: HistoryPlace,
  previous: { asOf: string; source: 'history' | 'previous' } | null,
  log: (line: string) => void,
): Promise<{ monthBase: { asOf: string } | null; yearStart: { asOf: string; source: 'history' | 'previous' } | null }> {
  // as-of date → its Parquet file; null: the ledgers of --previous, already in previous_projects
  const candidates = new Map<string, string | null>();
  for (const s of listSnapshots(history.dir)) if (s.asOf < loaded.asOf) candidates.set(s.asOf, s.projects);
  if (previous?.source === 'previous') candidates.set(previous.asOf, null);
  const dates = [...candidates.keys()];
  const attach = async (asOf: string, table: 'month_base_projects' | 'year_start_projects') => {
    const file = candidates.get(asOf);
    if (file) await attachSnapshot(loaded.db, file, table);
    else await copyPrevious(loaded.db, table);
  };
  const monthBase = latestBefore(dates, `${loaded.asOf.slice(0, 7)}-01`);
  if (monthBase) {
    await attach(monthBase, 'month_base_projects');
    log(`月调度表“本月新增完成”对比：截至${monthBase}`);
  }
  const yearStart = nearestYearStart(dates, loaded.asOf);
  if (yearStart) {
    await attach(yearStart, 'year_start_projects');
    log(`年度总结的年初情况：截至${yearStart}`);
  }
  return {
    monthBase: monthBase ? { asOf: monthBase } : null,
    yearStart: yearStart ? { asOf: yearStart, source: candidates.get(yearStart) ? 'history' : 'previous' } : null,
  };
}

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

interface WriteStep {
  opts: RunOptions;
  dataDir: string;
  ignored: Loaded['ignored'];
  /** the files and sheets read, for the header cells they do not read */
  sources: Loaded['sources'];
  notes: Loaded['notes'];
  context: ReportContext;
  /** the output transaction (stats, build), its snapshot staged or being staged (see staged) */
  tx: OutputTransaction | null;
  /** the transaction of a --history folder outside --out */
  historyTx: OutputTransaction | null;
  history: HistoryPlace | null;
  /** wait for this run's snapshot to be staged, then close the database */
  staged: () => Promise<void>;
  /** the context with its long lists whole (before staged()) */
  whole: () => Promise<ReportContext>;
  log: (line: string) => void;
}

/** The log's lines for the header cells of a file that are not read: the unrecognised in one line, each known one with its reason. */
export function unreadColumnLines(where: string, unread: Source['header']['unread']): string[] {
  const cell = (u: { index: number; header: string }) => `“${shownValue(u.header)}”（${columnLetter(u.index)}列）`;
  const unknown = unread.filter((u) => u.reason === null);
  return [
    ...(unknown.length ? [`${where}：未识别的列：${unknown.map(cell).join('、')}，已忽略`] : []),
    ...unread.filter((u) => u.reason !== null).map((u) => `${where}：列${cell(u)}${u.reason}`),
  ];
}

/** Log what was read, then (stats, build) render into the staging folder and put everything in place. */
async function writeOutputs({
  opts,
  dataDir,
  ignored,
  sources,
  notes,
  context,
  tx,
  historyTx,
  history,
  staged,
  whole,
  log,
}: WriteStep): Promise<RunResult> {
  for (const f of ignored) log(`未读取 ${f.file}：${f.reason}`);
  for (const note of notes) log(note);
  for (const f of context.rows.files) {
    const where = `${f.file}${f.sheet ? `［${f.sheet}］` : ''}`;
    log(
      `读取 ${where}（${ENCODING_NAMES[f.encoding]}，表头在第${f.headerLine}行）：` +
        `读入${f.read}行，计入项目${f.counted}个，剔除${f.leftOut}行（空行${f.blank}、合计${f.total}、说明${f.notes}）`,
    );
    // every header cell the run does not read is named (an optional column never drops out unseen)
    const source = sources.find((s) => s.relPath === f.file && s.sheet === f.sheet);
    for (const line of unreadColumnLines(where, source?.header.unread ?? [])) log(line);
  }
  log(
    `截至${context.meta.asOf}：项目${context.total.projects}个，` +
      `巩固${context.byCategory.巩固.projects}、升级${context.byCategory.升级.projects}、盘活${context.byCategory.盘活.projects}、调整${context.byCategory.调整.projects}`,
  );
  if (opts.command === 'check' || !tx || !history) return { context, written: [], kept: [], keptNotes: [] };
  if (context.changes) {
    const c = context.changes;
    log(
      `与截至${c.since}的${c.source === 'history' ? '快照' : '上期台账'}相比：新增项目${c.added.count}个、减少${c.removed.count}个、` +
        `调整类别${c.reclassified.count}个、新完成${c.completed.count}个、新增预警${c.warningsRaised.count}个、解除预警${c.warningsCleared.count}个` +
        (c.removed.count > 0 ? `；减少的项目请核实去向（见 stats.json 的 dataQuality）` : ''),
    );
  }

  // Render everything into a staging folder inside --out, then put it in place (output/outDir.ts).
  const asOf = context.meta.asOf;
  const stage = tx.stage;
  const outDir = path.resolve(opts.outDir!);
  try {
    const stats = renderStatsJson(context);
    writeFileSync(path.join(stage, 'stats.json'), stats);
    // the snapshot's figures: a copy of stats.json next to its projects, with the long lists it points to
    const snapshotDir = path.join(history.inOut ? path.join(stage, HISTORY) : historyTx!.stage, asOf);
    copyFileSync(path.join(stage, 'stats.json'), path.join(snapshotDir, SNAPSHOT_STATS));
    for (const list of contextLists(context)) {
      if (!list.file || list.name === 'ledgerNotes') continue; // (the ledgers' free text stays out of stats.json)
      for (const dir of [stage, snapshotDir]) {
        mkdirSync(path.join(dir, LISTS), { recursive: true });
        copyFileSync(list.file, path.join(dir, listFile(list)));
      }
    }
    const documents = opts.command === 'build' ? await whole() : context;
    await staged();
    if (opts.command === 'build') {
      const { renderReports } = await import('./render/reports.js');
      await renderReports(documents, stage, { log });
      const { renderSite } = await import('./render/site/site.js');
      await renderSite(documents, stage, {
        log,
        base: opts.base,
        dataDir,
      });
    }
  } catch (e) {
    throw writeFailure(e, outDir);
  }
  // What this run replaces: stats.json, the documents of its period in reports/ (the other periods'
  // stay), the site, and its own snapshot (output/outDir.ts).
  const entries: string[] = [
    'stats.json',
    // the long lists of this run, or (none now) those an earlier run left
    ...(existsSync(path.join(stage, LISTS)) || existsSync(path.join(outDir, LISTS)) ? [LISTS] : []),
    ...(opts.command === 'build' ? [...documentEntries(stage, 'reports'), 'site'] : []),
    ...(history.inOut ? [`${HISTORY}/${asOf}`] : []),
  ];
  const kept: RunResult['kept'] = [];
  // A snapshot kept elsewhere (--history) is put in place first: it records a run whose outputs
  // were complete; were the run killed between the two, the next run replaces that snapshot.
  if (historyTx) {
    const files = historyTx.commit([asOf], log);
    if (files.length) kept.push({ dir: history.dir, files });
    log(`写入 ${path.join(history.dir, asOf)}`);
  }
  const files = tx.commit(entries, log);
  if (files.length) kept.push({ dir: opts.outDir!, files });
  // lists/ emptied (no list is long now, and the clerk kept nothing there): not left behind
  const listsDir = path.join(outDir, LISTS);
  if (existsSync(listsDir) && readdirSync(listsDir).length === 0) rmdirSync(listsDir);
  for (const name of entries) log(`写入 ${path.join(opts.outDir!, name.replace(/\*$/, '.*'))}`);
  return { context, written: historyTx ? [...entries, path.join(history.dir, asOf)] : entries, kept, keptNotes: [] };
}

export interface ComputeOptions {
  dataDir: string;
  asOf?: string;
  profilePath?: string;
}

/** Ledgers → ReportContext without writing anything (tests, other callers): check's stages plus the computation. */
export async function computeContext(opts: ComputeOptions): Promise<ReportContext> {
  const profile = loadProfile(opts.dataDir, opts.profilePath);
  const loaded = await loadLedgers({ dataDir: opts.dataDir, asOf: opts.asOf, profile });
  try {
    return await buildContext(loaded, { projects: true, documents: readPublishedDocuments(profile, opts.dataDir) });
  } finally {
    loaded.dispose();
  }
}

export interface TemplateOptions {
  /** the .xlsx file to write */
  outFile: string;
  /** folder whose profile.yaml/.json is the county's (else the built-in default) */
  dataDir?: string;
  profilePath?: string;
  log?: (line: string) => void;
}

/** `sgyp template`: the county profile → the ledger workbook a township fills (template/). */
export async function writeTemplate(opts: TemplateOptions): Promise<Profile> {
  const log = opts.log ?? (() => {});
  if (opts.dataDir !== undefined && !(existsSync(opts.dataDir) && statSync(opts.dataDir).isDirectory())) {
    throw new InputError([{ file: opts.dataDir, line: null, column: null, value: null, message: '数据目录不存在或不是文件夹' }]);
  }
  const profile =
    opts.dataDir !== undefined || opts.profilePath !== undefined ? loadProfile(opts.dataDir ?? '', opts.profilePath) : defaultProfile();
  log(`配置：${profile.source}（${profile.level === 'city' ? profile.city : profile.county}）`);
  // loaded only here: the other commands should not pay for exceljs
  const { writeLedgerTemplate } = await import('./template/write.js');
  await writeLedgerTemplate(opts.outFile, profile);
  log(`写入 ${opts.outFile}`);
  return profile;
}

async function lintPackageTemplates(): Promise<Problem[]> {
  const { DEFAULT_TEMPLATES_DIR, lintTemplates } = await import('./render/word/templateLint.js');
  return lintTemplates(DEFAULT_TEMPLATES_DIR);
}
