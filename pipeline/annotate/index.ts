/**
 * --annotate DIR: mistakes back to the township. When the ledgers have errors, every ledger file
 * with errors gets a workbook in DIR (`乡镇/甲镇.csv` → `DIR/乡镇/甲镇.批注.xlsx`): its errors
 * listed, and the ledger as received with every bad cell red and its message as a note.
 *
 * DIR may not overlap the data folder (the next run would read the annotated workbooks as
 * ledgers) nor --out (output/outDir.ts checkAnnotateDir, before anything is read). The workbooks are written into a temporary folder beside DIR and then moved
 * in, each replacing an earlier one of the same name that this program wrote and nobody changed
 * since (DIR/.sgyp-manifest.json lists them with their sha256); a workbook someone edited, or a
 * file of that name not written by this program, is first renamed beside it
 * (`甲镇.批注（修改稿，2026-12-05 10时31分）.xlsx`). Nothing else in DIR is touched.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { InputError, type Problem } from '../errors.js';
import { type LedgerGrid, readLedgerGrid } from '../ingest/grid.js';
import { listLedgerFiles } from '../ingest/sources.js';
import { type Kept, keptLines, placeFiles, writeFailure } from '../output/outDir.js';
import { type FileProblem, writeAnnotatedWorkbook } from './annotatedWorkbook.js';

export const ANNOTATED_SUFFIX = '.批注.xlsx';

export interface AnnotatedFile {
  /** the workbook written: DIR as given joined with its name */
  path: string;
  /** the ledger it annotates, relative to the data folder */
  ledger: string;
  problems: number;
}

export interface AnnotateOptions {
  dataDir: string;
  /** DIR as given on the command line */
  dir: string;
  /** e.g. `sgyp check`, named in each workbook */
  command: string;
  at?: Date;
  /** filled with the files in DIR that were kept (a workbook someone edited, a file not written by this program) */
  kept?: Kept[];
}

/**
 * The problems of each ledger file: Problem.file is the ledger's path relative to the data folder,
 * with `[sheet]` appended in a workbook of several sheets. Problems of the profile (Problem.field),
 * the templates or the folder as a whole belong to no ledger and are left out.
 */
export function problemsByLedger(problems: Problem[], ledgers: string[]): Map<string, FileProblem[]> {
  const known = new Set(ledgers);
  const byLedger = new Map<string, FileProblem[]>();
  for (const problem of problems) {
    if (problem.field != null) continue;
    let ledger: string | null = null;
    let sheet: string | null = null;
    if (known.has(problem.file)) ledger = problem.file;
    else {
      const m = /^(.*)\[([^[\]]*)\]$/.exec(problem.file);
      if (m && known.has(m[1]!)) [ledger, sheet] = [m[1]!, m[2]!];
    }
    if (ledger == null) continue;
    byLedger.set(ledger, [...(byLedger.get(ledger) ?? []), { problem, sheet }]);
  }
  return byLedger;
}

/**
 * `甲镇.csv` → `甲镇.批注.xlsx`; when two ledgers of one folder share a base name (甲镇.csv and
 * 甲镇.xlsx) both keep their extension (`甲镇.csv.批注.xlsx`), so no workbook replaces another.
 */
export function annotatedNames(ledgers: string[]): Map<string, string> {
  const bare = (rel: string) => rel.replace(/\.[^./]*$/, '');
  const count = new Map<string, number>();
  for (const rel of ledgers) count.set(bare(rel).toLowerCase(), (count.get(bare(rel).toLowerCase()) ?? 0) + 1);
  return new Map(ledgers.map((rel) => [rel, `${(count.get(bare(rel).toLowerCase()) ?? 0) > 1 ? rel : bare(rel)}${ANNOTATED_SUFFIX}`]));
}

/** The failed run's error, with the annotated ledgers written into `opts.dir` for its problems (or why they could not be). */
export async function annotatedError(e: InputError, opts: { dataDir: string; dir: string; command: string }): Promise<InputError> {
  const { dir } = opts;
  const kept: Kept[] = [];
  try {
    const files = await writeAnnotatedLedgers(e.problems, { ...opts, kept });
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

/** Write the annotated workbook of every ledger file with problems; [] when no problem is a ledger's. */
export async function writeAnnotatedLedgers(problems: Problem[], opts: AnnotateOptions): Promise<AnnotatedFile[]> {
  if (!existsSync(opts.dataDir)) return [];
  const { ledgers } = listLedgerFiles(opts.dataDir);
  const byLedger = problemsByLedger(problems, ledgers);
  if (!byLedger.size) return [];
  const names = annotatedNames(ledgers);
  const at = opts.at ?? new Date();
  const dir = path.resolve(opts.dir);
  const parent = path.dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = mkdtempSync(path.join(parent, `.sgyp-annotate-${process.pid}-`));
  try {
    const written: AnnotatedFile[] = [];
    for (const [ledger, list] of byLedger) {
      const name = names.get(ledger)!;
      let grid: LedgerGrid;
      try {
        grid = await readLedgerGrid(path.join(opts.dataDir, ledger), ledger);
      } catch {
        // a file that cannot be read at all: its problems say so, the list is all there is to show
        grid = { workbook: false, sheets: [] };
      }
      const staged = path.join(tmp, name);
      mkdirSync(path.dirname(staged), { recursive: true });
      await writeAnnotatedWorkbook(staged, grid, list, { relPath: ledger, command: opts.command, at });
      written.push({ path: path.join(opts.dir, name), ledger, problems: list.length });
    }
    mkdirSync(dir, { recursive: true });
    const kept = placeFiles(
      dir,
      tmp,
      written.map((f) => names.get(f.ledger)!),
    );
    opts.kept?.push(...kept);
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
