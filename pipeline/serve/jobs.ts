/**
 * The work the workbench starts: checking a period's ledgers, and building it.
 *
 * A check runs `run({ command: 'check', annotate })` in this process, one at a time, and is kept
 * until the period's folder changes (workspace.ts signature). A build runs the `sgyp build` command
 * itself in a child process (so its outputs are those of the command line, byte for byte, and the
 * output protocol, lock included, is the command's), one at a time: a second request is told that
 * one is running. Its log lines are passed on as they come, with the stage they show.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { annotatedNames } from '../annotate/index.js';
import type { FileRows } from '../context.js';
import { InputError, OutputError, type Problem, UsageError } from '../errors.js';
import type { Ignored } from '../ingest/files.js';
import { PACKAGE_ROOT } from '../packageRoot.js';
import { run } from '../run.js';
import { ANNOTATED, OUT, PERIODS, PRIVATE, type Workspace } from './workspace.js';

export interface CheckResult {
  period: string;
  signature: string;
  at: string;
  ok: boolean;
  projects: number | null;
  /** each ledger file read (check passed) */
  files: FileRows[];
  problems: Problem[];
  /** ledger → its annotated workbook, relative to the workspace root */
  annotated: Record<string, string>;
  ignored: Ignored[];
  /** projects per 乡镇 (as stats.json's byTownship names them), when the check passed */
  townships: Record<string, number> | null;
  /** a failure that is not the ledgers' (the output folder, the program) */
  failure: string | null;
}

/** The stages of a build, as its log shows them. */
export const STAGES = [
  { key: 'profile', label: '读取配置', starts: /^配置：/ },
  { key: 'ledgers', label: '读取台账', starts: /^(未?读取 )/ },
  { key: 'figures', label: '计算统计', starts: /^截至\d{4}-\d{2}-\d{2}：/ },
  { key: 'reports', label: '生成报告', starts: /^(PDF 字体|写入 reports\/)/ },
  { key: 'site', label: '生成网站', starts: /^(site: |网站 site\/)/ },
  { key: 'commit', label: '放入输出目录', starts: /^写入 \S*stats\.json$/ },
  { key: 'done', label: '完成', starts: /^完成，用时/ },
] as const;
export type StageKey = (typeof STAGES)[number]['key'];

export interface BuildRecord {
  id: number;
  /** the period's folder (periods/<period>) */
  period: string;
  /** the as-of date it was built for: the period's date unless another was chosen */
  asOf: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'ok' | 'failed';
  exitCode: number | null;
  stage: StageKey | null;
  /** the command's stdout lines (its log) */
  log: string[];
  /** its stderr lines (the errors of a failed run, one Chinese line each) */
  errors: string[];
}

export type BuildEvent =
  | { type: 'stage'; stage: StageKey; label: string }
  | { type: 'line'; text: string }
  | { type: 'done'; record: BuildRecord };

export class Jobs {
  private checks = new Map<string, CheckResult>();
  private checking: Promise<unknown> = Promise.resolve();
  private building: BuildRecord | null = null;
  private listeners = new Set<(e: BuildEvent) => void>();
  private builds = 0;

  constructor(
    readonly ws: Workspace,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** The period's check: the kept one while the folder is unchanged, else a new run (one at a time). */
  async check(period: string): Promise<CheckResult> {
    const next = this.checking.then(() => this.checkNow(period));
    this.checking = next.catch(() => {});
    return next;
  }

  private async checkNow(period: string): Promise<CheckResult> {
    const signature = this.ws.signature(period);
    const kept = this.checks.get(period);
    if (kept && kept.signature === signature) return kept;
    const dataDir = this.ws.periodDir(period);
    const listing = this.ws.listing(period);
    const annotateDir = this.ws.annotatedDir(period);
    mkdirSync(annotateDir, { recursive: true });
    const result: CheckResult = {
      period,
      signature,
      at: new Date().toISOString(),
      ok: false,
      projects: null,
      files: [],
      problems: [],
      annotated: {},
      ignored: listing.ignored,
      townships: null,
      failure: null,
    };
    try {
      const r = await run({ command: 'check', dataDir, asOf: period, annotate: annotateDir });
      result.ok = true;
      result.projects = r.context?.total.projects ?? 0;
      result.files = r.context?.rows.files ?? [];
      result.townships = Object.fromEntries(
        (r.context?.townships ?? []).map((t) => [
          t.county ? `${t.county}/${t.name}` : t.name,
          Object.values(t.counts).reduce((a, b) => a + b, 0),
        ]),
      );
    } catch (e) {
      if (e instanceof InputError) {
        result.problems = e.problems;
        const names = annotatedNames(listing.ledgers);
        const written = new Set((e.annotation?.files ?? []).map((f) => path.resolve(f.path)));
        for (const ledger of listing.ledgers) {
          const name = names.get(ledger);
          if (name && written.has(path.resolve(annotateDir, name))) result.annotated[ledger] = `${ANNOTATED}/${period}/${name}`;
        }
        if (e.annotation?.failure) result.failure = `未能写出批注台账：${e.annotation.failure}`;
      } else if (e instanceof OutputError || e instanceof UsageError) {
        result.failure = e.message;
      } else throw e;
    }
    this.checks.set(period, result);
    return result;
  }

  get current(): BuildRecord | null {
    return this.building;
  }

  /** The last build of the period (kept in the workspace's private folder), or null. */
  lastBuild(period: string): BuildRecord | null {
    if (this.building?.period === period) return this.building;
    const file = this.recordFile(period);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BuildRecord) : null;
  }

  subscribe(listener: (e: BuildEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts `sgyp build` of the period's ledgers as of `asOf`, or returns the build already running. */
  build(period: string, asOf = period): { started: BuildRecord } | { busy: BuildRecord } {
    if (this.building) return { busy: this.building };
    const record: BuildRecord = {
      id: ++this.builds,
      period,
      asOf,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      status: 'running',
      exitCode: null,
      stage: null,
      log: [],
      errors: [],
    };
    this.building = record;
    this.log(`开始生成：截至 ${asOf}（${PERIODS}/${period}）`);
    const args = [path.join(PACKAGE_ROOT, 'bin', 'sgyp.mjs'), 'build', '--data', `${PERIODS}/${period}`, '--out', OUT, '--as-of', asOf];
    const child = spawn(process.execPath, args, { cwd: this.ws.root, stdio: ['ignore', 'pipe', 'pipe'] });
    const emit = (e: BuildEvent) => {
      for (const l of this.listeners) l(e);
    };
    lines(child.stdout, (text) => {
      record.log.push(text);
      const stage = [...STAGES].reverse().find((s) => s.starts.test(text));
      const at = (k: StageKey | null) => STAGES.findIndex((s) => s.key === k);
      if (stage && at(stage.key) > at(record.stage)) {
        record.stage = stage.key;
        emit({ type: 'stage', stage: stage.key, label: stage.label });
      }
      emit({ type: 'line', text });
    });
    lines(child.stderr, (text) => {
      record.errors.push(text);
      emit({ type: 'line', text });
    });
    const finish = (code: number | null, failure?: string) => {
      if (record.finishedAt) return;
      record.exitCode = code;
      if (failure) record.errors.push(failure);
      record.status = code === 0 ? 'ok' : 'failed';
      record.finishedAt = new Date().toISOString();
      this.building = null;
      this.log(record.status === 'ok' ? `生成完成：截至 ${asOf}` : `生成失败：截至 ${asOf}`);
      mkdirSync(path.dirname(this.recordFile(period)), { recursive: true });
      writeFileSync(this.recordFile(period), JSON.stringify(record, null, 1));
      emit({ type: 'done', record });
    };
    child.on('error', (e) => finish(null, `无法启动生成：${e.message}`));
    child.on('close', (code) => finish(code));
    return { started: record };
  }

  private recordFile(period: string): string {
    return path.join(this.ws.root, PRIVATE, 'builds', `${period}.json`);
  }
}

function lines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const p of parts) each(p);
  });
  stream.on('end', () => {
    if (rest) each(rest);
  });
}
