/**
 * The orchestrator: the only file that knows the stage order.
 *
 *   check  — read and validate every ledger, lint the templates
 *   stats  — check, compute the context, write stats.json
 *   build  — stats, then the reports and the site
 *   template — (its own entry, writeTemplate) the blank ledger workbook for the county's townships
 *
 * Outputs are staged inside --out and put in place only when every stage has succeeded, one run
 * at a time per --out, all through one Output opened before any ledger is read (output/outDir.ts:
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
import { annotatedError } from './annotate/index.js';
import { computeFigures } from './compute/figures.js';
import { defaultProfile, loadProfile, type Profile } from './config/profile.js';
import { readSettings } from './config/settings.js';
import type { ReportContext } from './context.js';
import { InputError, type Problem, UsageError } from './errors.js';
import { openHistory } from './history/index.js';
import { loadInputs } from './load/index.js';
import { type Kept, Output } from './output/outDir.js';
import { renderOutputs } from './render/outputs.js';

export type Command = 'check' | 'stats' | 'build';

/** What each command puts into --out (entries this program owns there; `reports/*`: the documents of its period; lists: stats.json's long lists). */
const OUTPUTS: Record<Command, readonly string[]> = {
  check: [],
  stats: ['stats.json', 'lists'],
  build: ['stats.json', 'lists', 'reports/*', 'site'],
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

/**
 * One run, the stages in order, each room entered once from here: the settings read (config/),
 * the output opened (output/), the ledgers loaded (load/), the history read in (history/), the
 * figures computed (compute/), the outputs rendered (render/) and put in place (output/).
 */
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
  const writes = opts.command !== 'check';
  const build = opts.command === 'build';
  if (writes && !opts.outDir) throw new UsageError(`${opts.command} 需要 --out 目录`);
  if (!writes && (opts.historyDir || opts.previousDir)) throw new UsageError('--history 和 --previous 只用于 stats 和 build 命令');
  let output: Output | null = null;
  let ok = false;
  try {
    // the profile, the as-of date, the published documents, the folder of --previous
    const settings = readSettings(opts, log);
    // Before any ledger or snapshot is read: the folders this run writes (--annotate, and for stats
    // and build --out and its history) checked against the inputs and each other, locked, what a
    // killed run left behind finished, and the staging begun (output/outDir.ts Output).
    output = Output.open(
      {
        dataDir: opts.dataDir,
        outDir: writes ? opts.outDir : undefined,
        entries: OUTPUTS[opts.command],
        historyDir: opts.historyDir,
        annotate: opts.annotate,
        profileFile: opts.profilePath,
        asOf: settings.asOf,
      },
      log,
    );
    // the package's Word templates (build, check): their problems reported with the ledgers'
    const templateProblems = opts.command === 'stats' ? [] : await lintPackageTemplates();
    const input = await loadInputs(settings, templateProblems);
    let result: RunResult;
    try {
      const { staged } = output;
      // this run's snapshot written (by DuckDB, from the loaded projects) into the staging while the figures are computed
      const compared = staged ? await openHistory(input, { historyDir: output.historyDir!, snapshot: staged.snapshot }, log) : {};
      const figures = await computeFigures(input, { projects: build, whole: build, ...compared }, log);
      if (!staged) result = { context: figures.context, written: [], kept: [], keptNotes: [] };
      else {
        // the outputs, made one after another as the output stages each of them
        const files = renderOutputs(figures, { build, base: opts.base, dataDir: opts.dataDir, log });
        // What this run replaces: stats.json, the lists, the documents of its period in reports/ (the other
        // periods' stay), the site, and its own snapshot (output/outDir.ts Output.commit).
        result = { context: figures.context, ...(await output.commit(OUTPUTS[opts.command], files)) };
      }
    } catch (e) {
      throw output.failure(e);
    } finally {
      input.dispose();
    }
    if (opts.annotate) log(`没有错误，无需批注：未在 ${opts.annotate} 写出任何文件。`);
    ok = true;
    return result;
  } catch (e) {
    // --annotate: a run that finds ledger errors writes the annotated ledgers (annotate/)
    if (opts.annotate && e instanceof InputError)
      throw await annotatedError(e, { dataDir: opts.dataDir, dir: opts.annotate, command: `sgyp ${opts.command}` });
    throw e;
  } finally {
    output?.close(ok);
  }
}

export interface ComputeOptions {
  dataDir: string;
  asOf?: string;
  profilePath?: string;
}

/** Ledgers → ReportContext without writing anything (tests, other callers): check's stages plus the computation. */
export async function computeContext(opts: ComputeOptions): Promise<ReportContext> {
  const input = await loadInputs(readSettings(opts));
  try {
    return (await computeFigures(input, { projects: true, whole: false })).context;
  } finally {
    input.dispose();
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
