/**
 * The orchestrator: the only file that knows the stage order.
 *
 *   check  — read and validate every ledger, lint the templates
 *   stats  — check, compute the context, write stats.json
 *   build  — stats, then the reports and the site
 *   template — (its own entry, writeTemplate) the blank ledger workbook for the county's townships
 *
 * Outputs are staged inside --out and put in place only when every stage has succeeded (see
 * output/outDir.ts: a failed or killed run never leaves a half-replaced --out, and entries this
 * program did not create are never touched).
 *
 * With --annotate DIR, a run that finds ledger errors also writes each erring ledger file back
 * with its bad cells marked (annotate/), for the county office to send to the township.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkAnnotateDir, writeAnnotatedLedgers } from './annotate/index.js';
import { buildContext } from './compute/context.js';
import { readPublishedDocuments } from './config/documents.js';
import { defaultProfile, loadProfile, type Profile } from './config/profile.js';
import { loadLedgers, type Loaded } from './load/index.js';
import type { ReportContext } from './context.js';
import { InputError, type Problem } from './errors.js';
import { checkOutDir, checkOwnership, OutputTransaction, recover } from './output/outDir.js';
import { renderStatsJson } from './render/stats/statsJson.js';

export type Command = 'check' | 'stats' | 'build';

/** What each writing command puts into --out (entries this program owns there). */
const OUTPUTS = { stats: ['stats.json'], build: ['stats.json', 'reports', 'site'] } as const;

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
  log?: (line: string) => void;
}

export interface RunResult {
  context: ReportContext | null;
  /** paths written, relative to outDir */
  written: string[];
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
  // Before reading anything: refuse an --out or --annotate folder that overlaps the inputs (or
  // each other), an --out that holds others' files, and finish what a killed run left behind.
  if (opts.command !== 'check') checkOutDir(path.resolve(opts.outDir!), { dataDir, profileFile: opts.profilePath ?? null });
  if (opts.annotate) checkAnnotateDir(opts.annotate, { dataDir: opts.dataDir, outDir: opts.command === 'check' ? undefined : opts.outDir });
  if (opts.command !== 'check') {
    const outDir = path.resolve(opts.outDir!);
    recover(outDir, log);
    checkOwnership(outDir, [...OUTPUTS[opts.command]]);
  }
  if (!opts.annotate) return runStages(opts, dataDir, log);
  let result: RunResult;
  try {
    result = await runStages(opts, dataDir, log);
  } catch (e) {
    if (e instanceof InputError) throw await annotate(e, opts.annotate, opts);
    throw e;
  }
  log(`没有错误，无需批注：未在 ${opts.annotate} 写出任何文件。`);
  return result;
}

/** The failed run's error, with the annotated ledgers written for its problems (--annotate). */
async function annotate(e: InputError, dir: string, opts: RunOptions): Promise<InputError> {
  try {
    const files = await writeAnnotatedLedgers(e.problems, { dataDir: opts.dataDir, dir, command: `sgyp ${opts.command}` });
    return new InputError(e.problems, { dir, files: files.map((f) => ({ path: f.path, problems: f.problems })) });
  } catch (failure) {
    return new InputError(e.problems, { dir, files: [], failure: (failure as Error).message });
  }
}

/** Everything after the checks: profile, ledgers, context, outputs. */
async function runStages(opts: RunOptions, dataDir: string, log: (line: string) => void): Promise<RunResult> {
  // Read the profile, then every ledger; template problems are reported together with ledger ones.
  const profile = loadProfile(opts.dataDir, opts.profilePath);
  log(`配置：${profile.source}（${profile.county}）`);
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
  try {
    if (templateProblems.length) throw new InputError(templateProblems);
    context = await buildContext(loaded, {
      projects: opts.command === 'build',
      documents: readPublishedDocuments(profile, opts.dataDir),
    });
  } finally {
    loaded.dispose();
  }
  for (const f of loaded.ignored) log(`未读取 ${f.file}：${f.reason}`);
  for (const f of context.rows.files) {
    log(
      `读取 ${f.file}${f.sheet ? `［${f.sheet}］` : ''}（${ENCODING_NAMES[f.encoding]}，表头在第${f.headerLine}行）：` +
        `读入${f.read}行，计入项目${f.counted}个，剔除${f.leftOut}行（空行${f.blank}、合计${f.total}、说明${f.notes}）`,
    );
  }
  log(
    `截至${context.meta.asOf}：项目${context.total.projects}个，` +
      `巩固${context.byCategory.巩固.projects}、升级${context.byCategory.升级.projects}、盘活${context.byCategory.盘活.projects}、调整${context.byCategory.调整.projects}`,
  );
  if (opts.command === 'check') return { context, written: [] };

  // Render everything into a staging folder inside --out, then put it in place (output/outDir.ts).
  const outDir = path.resolve(opts.outDir!);
  const entries = [...OUTPUTS[opts.command]];
  const tx = OutputTransaction.begin(outDir);
  try {
    const stage = tx.stage;
    writeFileSync(path.join(stage, 'stats.json'), renderStatsJson(context));
    if (opts.command === 'build') {
      const { renderReports } = await import('./render/reports.js');
      await renderReports(context, stage, { log });
      const { renderSite } = await import('./render/site/site.js');
      await renderSite(context, stage, {
        log,
        base: opts.base,
        dataDir,
      });
    }
    tx.commit(entries);
    for (const name of entries) log(`写入 ${path.join(opts.outDir!, name)}`);
    return { context, written: entries };
  } finally {
    tx.dispose();
  }
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
  log(`配置：${profile.source}（${profile.county}）`);
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
