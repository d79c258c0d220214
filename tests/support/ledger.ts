/**
 * Builds small ledgers in temporary folders for tests: real files in real encodings, read by the
 * real pipeline.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { computeContext } from '../../pipeline/run.js';
import type { ReportContext } from '../../pipeline/context.js';
import { InputError, type Problem } from '../../pipeline/errors.js';

export const BASE_HEADER = ['项目编号', '项目名称', '乡镇', '建设年度', '投入帮扶资金（万元）', '类别'];

export interface FileOptions {
  encoding?: 'utf-8' | 'gb18030';
  bom?: boolean;
  crlf?: boolean;
  /** lines written above the header */
  preamble?: string[];
  /** lines written after the rows */
  trailer?: string[];
}

export function tempDir(prefix = 'sgyp-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

function quote(cell: string | number | null | undefined): string {
  const s = cell == null ? '' : String(cell);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvText(header: string[], rows: (string | number | null)[][], opts: FileOptions = {}): string {
  const nl = opts.crlf ? '\r\n' : '\n';
  const lines = [
    ...(opts.preamble ?? []),
    header.map(quote).join(','),
    ...rows.map((r) => r.map(quote).join(',')),
    ...(opts.trailer ?? []),
  ];
  return lines.join(nl) + nl;
}

export function writeLedger(
  dir: string,
  name: string,
  header: string[],
  rows: (string | number | null)[][],
  opts: FileOptions = {},
): string {
  const text = csvText(header, rows, opts);
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  if (opts.encoding === 'gb18030') writeFileSync(file, iconv.encode(text, 'gb18030'));
  else writeFileSync(file, (opts.bom ? '\ufeff' : '') + text);
  return file;
}

/** One row for BASE_HEADER plus extra columns. */
export type RowSpec = Record<string, string | number | null>;

/** Write rows given as {header: value} objects (missing cells empty) and compute the context. */
export async function contextOf(
  rows: RowSpec[],
  asOf = '2026-09-30',
  extra: { files?: Record<string, RowSpec[]> } = {},
): Promise<ReportContext> {
  const dir = tempDir();
  writeRowSpecs(dir, 'ledger.csv', rows, BASE_HEADER);
  for (const [name, list] of Object.entries(extra.files ?? {})) writeRowSpecs(dir, name, list, BASE_HEADER);
  return computeContext({ dataDir: dir, asOf });
}

/** Write rows given as {header: value} objects (missing cells empty) as `dir/name`: the columns of `first`, then those the rows name. */
export function writeRowSpecs(dir: string, name: string, rows: RowSpec[], first: string[] = []): string {
  const header = [...new Set([...first, ...rows.flatMap((r) => Object.keys(r))])];
  return writeLedger(
    dir,
    name,
    header,
    rows.map((r) => header.map((h) => r[h] ?? null)),
  );
}

/** A valid project row; override any column. */
export function project(id: string, overrides: RowSpec = {}): RowSpec {
  return { 项目编号: id, 项目名称: `项目${id}`, 乡镇: '东山镇', 建设年度: 2020, '投入帮扶资金（万元）': 100, 类别: '巩固类', ...overrides };
}

/** The problems an input raises (fails the test when it raises none). */
export async function problemsOf(dir: string, asOf = '2026-09-30'): Promise<Problem[]> {
  try {
    await computeContext({ dataDir: dir, asOf });
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  throw new Error('expected input errors, got none');
}
