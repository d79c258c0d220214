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
 * History (docs/rules.md §8, history/): stats and build compare with the latest earlier snapshot
 * (OUT/history, or --history, or the ledgers of --previous) and keep a snapshot of their own as-of
 * date, staged and committed with the other outputs: history/<as-of>/ is replaced, the other
 * snapshots are kept.
 */
import { existsSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkAnnotateDir, writeAnnotatedLedgers } from './annotate/index.js';
import { buildContext, wholeLists } from './compute/buildContext.js';
import { readPublishedDocuments } from './config/documents.js';
import { defaultProfile, loadProfile, type Profile } from './config/profile.js';
import { History, type HistoryPlace, historyPlace } from './history/index.js';
import { loadLedgers, type Loaded } from './load/index.js';
import { projectLists, type ReportContext } from './context.js';
import { InputError, type Problem, shownValue, UsageError } from './errors.js';
import { columnLetter } from './ingest/header.js';
import type { Source } from './ingest/sources.js';
import {
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
  history = historyPlace(opts.historyDir, dataDir, outDir);
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
async function runStages(opts: RunOptions, dataDir: string, place: HistoryPlace | null, log: (line: string) => void): Promise<RunResult> {
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
  // The staged outputs (stats, build): opened once the input is valid, so that this run's snapshot
  // is written (by DuckDB, from the loaded projects) into the same transaction as the other outputs.
  let tx: OutputTransaction | null = null;
  let history: History | null = null;
  try {
    let context: ReportContext;
    let documents: ReportContext;
    try {
      if (templateProblems.length) throw new InputError(templateProblems);
      // what to compare with, read in, and this run's snapshot begun: DuckDB writes it on the side
      // connection while the context is computed (the change queries wait for it)
      history = place ? await History.open(loaded, place, opts, log) : null;
      context = await buildContext(loaded, {
        projects: opts.command === 'build',
        documents: readPublishedDocuments(profile, opts.dataDir),
        ...history?.compared,
      });
      if (history) {
        tx = OutputTransaction.begin(path.resolve(opts.outDir!), log);
        // not awaited here: stats.json is written while DuckDB finishes the snapshot (stageFigures waits)
        history.stage(tx);
      }
      logRead(loaded, context, log);
      if (!tx || !history) return { context, written: [], kept: [], keptNotes: [] };
      await stageFigures(context, tx, history, opts.outDir!, log);
      // the documents count, name and spill every item: a long list read back before the database closes
      documents = opts.command === 'build' ? await wholeLists(context, loaded.db) : context;
    } finally {
      // the database is closed once this run's snapshot is staged (or the run failed): its memory
      // freed before the reports and the site
      loaded.dispose();
    }
    return await writeOutputs({ opts, dataDir, context, documents, tx, history, log });
  } finally {
    history?.dispose();
    tx?.dispose();
  }
}

interface WriteStep {
  opts: RunOptions;
  dataDir: string;
  context: ReportContext;
  /** the context with its long lists whole (compute/buildContext.ts wholeLists), for the reports and the site */
  documents: ReportContext;
  /** the output transaction (stats, build): stats.json and this run's snapshot staged in it */
  tx: OutputTransaction;
  history: History;
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

/** Log what was read: the files left alone, each file's rows and unread header cells, the figures, the changes. */
function logRead(loaded: Loaded, context: ReportContext, log: (line: string) => void): void {
  for (const f of loaded.ignored) log(`未读取 ${f.file}：${f.reason}`);
  for (const note of loaded.notes) log(note);
  for (const f of context.rows.files) {
    const where = `${f.file}${f.sheet ? `［${f.sheet}］` : ''}`;
    log(
      `读取 ${where}（${ENCODING_NAMES[f.encoding]}，表头在第${f.headerLine}行）：` +
        `读入${f.read}行，计入项目${f.counted}个，剔除${f.leftOut}行（空行${f.blank}、合计${f.total}、说明${f.notes}）`,
    );
    // every header cell the run does not read is named (an optional column never drops out unseen)
    const source = loaded.sources.find((s) => s.relPath === f.file && s.sheet === f.sheet);
    for (const line of unreadColumnLines(where, source?.header.unread ?? [])) log(line);
  }
  log(
    `截至${context.meta.asOf}：项目${context.total.projects}个，` +
      `巩固${context.byCategory.巩固.projects}、升级${context.byCategory.升级.projects}、盘活${context.byCategory.盘活.projects}、调整${context.byCategory.调整.projects}`,
  );
}

/**
 * (stats, build) The changes logged; stats.json into the staging folder, its copy beside this run's
 * snapshot, and the snapshot staged (the database may close then).
 */
async function stageFigures(
  context: ReportContext,
  tx: OutputTransaction,
  history: History,
  outDir: string,
  log: (line: string) => void,
): Promise<void> {
  if (context.changes) {
    const c = context.changes;
    log(
      `与截至${c.since}的${c.source === 'history' ? '快照' : '上期台账'}相比：新增项目${c.added.count}个、减少${c.removed.count}个、` +
        `调整类别${c.reclassified.count}个、新完成${c.completed.count}个、新增预警${c.warningsRaised.count}个、解除预警${c.warningsCleared.count}个` +
        (c.removed.count > 0 ? `；减少的项目请核实去向（见 stats.json 的 dataQuality）` : ''),
    );
  }
  try {
    const stats = tx.files.write('stats.json', renderStatsJson(context));
    // the long lists stats.json points to (lists/<name>.parquet), beside it
    const lists = projectLists(context)
      // (the ledgers' free text is in no list of stats.json)
      .filter((l) => l.file && l.name !== 'ledgerNotes')
      .map((l) => ({ file: l.file!, as: listFile(l) }));
    for (const l of lists) tx.files.copy(l.file, l.as);
    // the snapshot's figures: a copy of stats.json and its lists beside its projects, which DuckDB has written by now
    await history.staged(stats, lists);
  } catch (e) {
    throw writeFailure(e, path.resolve(outDir));
  }
}

/** (stats, build) Render the reports and the site (build) into the staging folder, then put everything in place. */
async function writeOutputs({ opts, dataDir, context, documents, tx, history, log }: WriteStep): Promise<RunResult> {
  const stage = tx.stage;
  const outDir = path.resolve(opts.outDir!);
  try {
    if (opts.command === 'build') {
      const { renderReports } = await import('./render/reports.js');
      const { chooseFonts } = await import('./render/pdf/fonts.js');
      // the PDF fonts, decided from the profile before rendering: a font file it names that cannot be read is an input error
      await renderReports(documents, tx.files, { log, fonts: chooseFonts(documents.profile) });
      const { renderSite } = await import('./render/site/site.js');
      await renderSite(documents, tx.files, {
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
    ...history.outEntries,
  ];
  // a snapshot kept elsewhere (--history) is put in place first (history/index.ts)
  const elsewhere = history.commit(log);
  const kept: RunResult['kept'] = [...elsewhere.kept];
  const files = tx.commit(entries, log);
  if (files.length) kept.push({ dir: opts.outDir!, files });
  // lists/ emptied (no list is long now, and the clerk kept nothing there): not left behind
  const listsDir = path.join(outDir, LISTS);
  if (existsSync(listsDir) && readdirSync(listsDir).length === 0) rmdirSync(listsDir);
  for (const name of entries) log(`写入 ${path.join(opts.outDir!, name.replace(/\*$/, '.*'))}`);
  return { context, written: [...entries, ...elsewhere.written], kept, keptNotes: [] };
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
