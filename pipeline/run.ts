/**
 * The orchestrator: the only file that knows the stage order.
 *
 *   check  — read and validate every ledger, lint the templates
 *   stats  — check, compute the context, write stats.json
 *   build  — stats, then the reports and the site
 *   template — (its own entry, writeTemplate) the blank ledger workbook for the county's townships
 *
 * Outputs are staged inside --out and put in place only when every stage has succeeded, one run
 * at a time per --out, all through one Output opened before anything is read (output/outDir.ts:
 * the folders checked, locked and recovered, staged, committed, released). A failed or killed run
 * never leaves a half-replaced --out, entries this program did not create are never touched, files
 * in its own folders that the clerk added or edited are kept, and the documents of other periods stay.
 *
 * With --annotate DIR, a run that finds ledger errors also writes each erring ledger file back
 * with its bad cells marked (annotate/), for the county office to send to the township.
 *
 * History (docs/rules.md §8, history/): stats and build compare with the latest earlier snapshot
 * (OUT/history, or --history, or the ledgers of --previous) and keep a snapshot of their own as-of
 * date, staged and committed with the other outputs: history/<as-of>/ is replaced, the other
 * snapshots are kept.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { annotatedError } from './annotate/index.js';
import { buildContext, wholeLists } from './compute/buildContext.js';
import { readPublishedDocuments } from './config/documents.js';
import { defaultProfile, loadProfile, type Profile } from './config/profile.js';
import { History } from './history/index.js';
import { loadLedgers, type Loaded } from './load/index.js';
import { projectLists, type ReportContext } from './context.js';
import { InputError, type Problem, shownValue, UsageError } from './errors.js';
import { columnLetter } from './ingest/header.js';
import type { Source } from './ingest/sources.js';
import type { OutputFiles } from './output/files.js';
import { type Kept, Output, type Staged } from './output/outDir.js';
import { listFile, renderStatsJson } from './render/stats/statsJson.js';

/** The folder of the output holding the long lists whole (render/stats/statsJson.ts listFile). */
const LISTS = 'lists';

export type Command = 'check' | 'stats' | 'build';

/** What each command puts into --out (entries this program owns there; `reports/*`: the documents of its period). */
const OUTPUTS: Record<Command, readonly string[]> = {
  check: [],
  stats: ['stats.json', LISTS],
  build: ['stats.json', LISTS, 'reports/*', 'site'],
};

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
  // Before reading anything: the folders this run writes (--annotate, and for stats and build --out
  // and its history) checked against the inputs and each other, locked, and what a killed run left
  // behind finished (output/outDir.ts Output).
  const writes = opts.command !== 'check';
  if (writes && !opts.outDir) throw new UsageError(`${opts.command} 需要 --out 目录`);
  const output = Output.open(
    {
      dataDir: opts.dataDir,
      outDir: writes ? opts.outDir : undefined,
      entries: OUTPUTS[opts.command],
      historyDir: opts.historyDir,
      annotate: opts.annotate,
      profileFile: opts.profilePath,
    },
    log,
  );
  if (!writes && (opts.historyDir || opts.previousDir)) throw new UsageError('--history 和 --previous 只用于 stats 和 build 命令');
  let ok = false;
  try {
    const result = await runAnnotated(opts, output, log);
    ok = true;
    return result;
  } finally {
    output.close(ok);
  }
}

/** The stages; with --annotate, a run that finds ledger errors writes the annotated ledgers (annotate/). */
async function runAnnotated(opts: RunOptions, output: Output, log: (line: string) => void): Promise<RunResult> {
  if (!opts.annotate) return runStages(opts, output, log);
  let result: RunResult;
  try {
    result = await runStages(opts, output, log);
  } catch (e) {
    if (e instanceof InputError)
      throw await annotatedError(e, { dataDir: opts.dataDir, dir: opts.annotate, command: `sgyp ${opts.command}` });
    throw e;
  }
  log(`没有错误，无需批注：未在 ${opts.annotate} 写出任何文件。`);
  return result;
}

/** Everything after the checks: profile, ledgers, context, outputs. */
async function runStages(opts: RunOptions, output: Output, log: (line: string) => void): Promise<RunResult> {
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
  let documents: ReportContext;
  let staged: Staged | null;
  try {
    if (templateProblems.length) throw new InputError(templateProblems);
    // what to compare with, read in, and this run's snapshot begun: DuckDB writes it on the side
    // connection while the context is computed (the change queries wait for it)
    const historyDir = output.historyDir;
    const history = historyDir
      ? await History.open(loaded, { historyDir, dataDir: opts.dataDir, previousDir: opts.previousDir }, log)
      : null;
    context = await buildContext(loaded, {
      projects: opts.command === 'build',
      documents: readPublishedDocuments(profile, opts.dataDir),
      ...history?.compared,
    });
    // The staged outputs (stats, build): begun once the input is valid, so that this run's snapshot
    // is written (by DuckDB, from the loaded projects) into the same transaction as the other outputs.
    staged = history ? output.begin(loaded.asOf) : null;
    logRead(loaded, context, log);
    if (!history || !staged) return { context, written: [], kept: [], keptNotes: [] };
    await stageFigures(context, staged, history, output, log);
    // the documents count, name and spill every item: a long list read back before the database closes
    documents = opts.command === 'build' ? await wholeLists(context, loaded.db) : context;
  } finally {
    // the database is closed once this run's snapshot is staged (or the run failed): its memory
    // freed before the reports and the site
    loaded.dispose();
  }
  return await writeOutputs(opts, { context, documents, files: staged.files, output, log });
}

interface WriteStep {
  context: ReportContext;
  /** the context with its long lists whole (compute/buildContext.ts wholeLists), for the reports and the site */
  documents: ReportContext;
  /** the staged files of the output transaction (stats, build): stats.json and this run's snapshot written there */
  files: OutputFiles;
  output: Output;
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
 * (stats, build) The changes logged; stats.json and its lists into the staging folder, and this run's
 * snapshot staged with a copy of them (the database may close then).
 */
async function stageFigures(
  context: ReportContext,
  staged: Staged,
  history: History,
  output: Output,
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
    const { files } = staged;
    const stats = files.write('stats.json', renderStatsJson(context));
    // the long lists stats.json points to (lists/<name>.parquet), beside it
    const lists = projectLists(context)
      // (the ledgers' free text is in no list of stats.json)
      .filter((l) => l.file && l.name !== 'ledgerNotes')
      .map((l) => ({ file: l.file!, as: listFile(l) }));
    for (const l of lists) files.copy(l.file, l.as);
    // the snapshot: a copy of stats.json and its lists beside its projects, once DuckDB has written them
    await history.stage(staged.snapshot, stats, lists);
  } catch (e) {
    throw output.failure(e);
  }
}

/** (stats, build) Render the reports and the site (build) into the staging folder, then put everything in place. */
async function writeOutputs(opts: RunOptions, { context, documents, files, output, log }: WriteStep): Promise<RunResult> {
  try {
    if (opts.command === 'build') {
      const { renderReports } = await import('./render/reports.js');
      const { chooseFonts } = await import('./render/pdf/fonts.js');
      // the PDF fonts, decided from the profile before rendering: a font file it names that cannot be read is an input error
      await renderReports(documents, files, { log, fonts: chooseFonts(documents.profile) });
      const { renderSite } = await import('./render/site/site.js');
      await renderSite(documents, files, {
        log,
        base: opts.base,
        dataDir: path.resolve(opts.dataDir),
      });
    }
  } catch (e) {
    throw output.failure(e);
  }
  // What this run replaces: stats.json, the lists, the documents of its period in reports/ (the other
  // periods' stay), the site, and its own snapshot (output/outDir.ts Output.commit).
  return { context, ...output.commit(OUTPUTS[opts.command]) };
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
