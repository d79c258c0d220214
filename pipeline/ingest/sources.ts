/**
 * Turns every ledger file under the data folder into a "source" DuckDB can read: a UTF-8 CSV file,
 * the spreadsheet row of its header, how its header columns map to ledger columns, and where its
 * blank lines are (DuckDB's CSV reader skips blank lines, but a clerk counts them as rows, so the
 * row numbers in messages must count them too).
 *
 * Big UTF-8 files are never decoded in JavaScript: the encoding sniff, the header search and the
 * line scan work on the bytes, and DuckDB reads the file itself. GB18030 files and .xlsx workbooks
 * are converted to UTF-8 CSV in a temporary folder first.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Category } from '../vocabulary.js';
import type { Problem } from '../errors.js';
import { COLUMNS, matchCategoryLabel, matchColumn, type ColumnDef } from './columns.js';
import { decodeNonUtf8 } from './encoding.js';
import { describeReadError, describeWorkbookError, listLedgerFiles, WORKBOOK } from './files.js';
import { loadSheetJS, readWorkbook } from './sheetjs.js';

export { listLedgerFiles } from './files.js';

export interface HeaderMap {
  /** ledger column key → 0-based index in the file's columns, and the header as written */
  columns: Map<string, { index: number; header: string }>;
  /** one-hot category columns (大足 layout) */
  oneHot: { index: number; header: string; category: Category }[];
  width: number;
}

export interface Source {
  /** as shown to the user: path relative to the data folder, plus [sheet] for workbooks */
  label: string;
  relPath: string;
  sheet?: string;
  encoding: 'utf-8' | 'gb18030' | 'xlsx';
  /** UTF-8 CSV file for DuckDB (the original for UTF-8 CSV) */
  csvPath: string;
  /** size of that file */
  bytes: number;
  /** physical lines to skip to reach the first data line (through the header line) */
  skipLines: number;
  /** spreadsheet row of the header (1-based) */
  headerRow: number;
  header: HeaderMap;
  /** blank records after the header: each entry = non-blank records seen before that blank line */
  blanksAfter: number[];
  /** DuckDB must read this file single-threaded: it has quoted line breaks */
  quotedNewlines: boolean;
}

export interface SourceScan {
  sources: Source[];
  problems: Problem[];
  /** files found that are not ledgers (left alone) */
  ignored: string[];
}

const HEADER_SEARCH_ROWS = 50;

/** Read every ledger file's outline; files with problems are reported and left out. */
export async function scanSources(dataDir: string, tmpDir: string): Promise<SourceScan> {
  const { ledgers, ignored, problems } = listLedgerFiles(dataDir);
  const sources: Source[] = [];
  let n = 0;
  for (const rel of ledgers) {
    const abs = path.join(dataDir, rel);
    try {
      if (WORKBOOK.test(rel)) {
        const result = await scanWorkbook(abs, rel, tmpDir, () => ++n);
        sources.push(...result.sources);
        problems.push(...result.problems);
      } else {
        const result = scanCsv(abs, rel, tmpDir, ++n);
        if ('problem' in result) problems.push(result.problem);
        else sources.push(result);
      }
    } catch (e) {
      // a reader failing on this file's content: the file's problem, in Chinese (never the library's English)
      problems.push({ file: rel, line: null, column: null, value: null, message: `无法读取文件：${describeReadError(e)}`, rule: 'file' });
    }
  }
  if (ledgers.length === 0 && problems.length === 0) {
    problems.push({
      file: dataDir,
      line: null,
      column: null,
      value: null,
      message: '数据目录中没有台账文件（.csv、.xlsx、.xls、.et 或 .ods）',
    });
  }
  return { sources, problems, ignored };
}

/** Map a header row's cells to ledger columns; null if it is not the header. */
export function mapHeader(cells: string[]): HeaderMap | null {
  const columns = new Map<string, { index: number; header: string }>();
  const oneHot: HeaderMap['oneHot'] = [];
  cells.forEach((raw, index) => {
    const header = (raw ?? '').trim();
    if (!header) return;
    const col = matchColumn(header);
    if (col) {
      // a second column with the same meaning is carried along, not read
      if (!columns.has(col.key)) columns.set(col.key, { index, header });
      return;
    }
    const category = matchCategoryLabel(header);
    if (category) oneHot.push({ index, header, category });
  });
  if (!columns.has('id') || !columns.has('name')) return null;
  return { columns, oneHot, width: cells.length };
}

/** Required columns missing from a header (类别 may be replaced by one-hot columns). */
export function missingColumns(h: HeaderMap | null, cells: string[] = []): ColumnDef[] {
  const found = new Set<string>();
  if (h) for (const k of h.columns.keys()) found.add(k);
  else
    for (const c of cells) {
      const col = matchColumn(c ?? '');
      if (col) found.add(col.key);
    }
  return COLUMNS.filter((c) => c.required && !found.has(c.key) && !(c.key === 'category' && h && h.oneHot.length > 0));
}

function noHeaderProblem(rel: string, best: string[], empty = false): Problem {
  const missing = missingColumns(null, best).map((c) => c.header);
  return {
    file: rel,
    line: null,
    column: null,
    value: null,
    rule: 'header',
    message: `${empty ? '文件是空的' : '找不到表头行（应有一行同时含“项目编号”和“项目名称”）'}，缺少列：${missing.join('、')}`,
  };
}

function missingProblem(rel: string, row: number, h: HeaderMap): Problem | null {
  const missing = missingColumns(h);
  if (!missing.length) return null;
  return {
    file: rel,
    line: row,
    column: null,
    value: null,
    rule: 'header',
    message: `表头缺少必填列：${missing.map((c) => c.header).join('、')}${missing.some((c) => c.key === 'category') ? '（或“巩固类/升级类/盘活类/调整类”四列“是/否”）' : ''}`,
  };
}

function scanCsv(abs: string, rel: string, tmpDir: string, n: number): Source | { problem: Problem } {
  let bytes = readFileSync(abs);
  let encoding: Source['encoding'] = 'utf-8';
  let csvPath = abs;
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (!isUtf8(bytes)) {
    // Not valid UTF-8: township exports from Excel/WPS are GB18030 (a superset of GBK).
    const decoded = decodeNonUtf8(bytes);
    if ('problem' in decoded) return { problem: { file: rel, column: null, value: null, rule: 'encoding', ...decoded.problem } };
    encoding = 'gb18030';
    bytes = Buffer.from(decoded.text, 'utf8');
    csvPath = path.join(tmpDir, `src-${n}.csv`);
    writeFileSync(csvPath, bytes);
  }
  const start = hasBom && encoding === 'utf-8' ? 3 : 0;
  const lines = new LineScanner(bytes, start);

  // Find the header among the first records.
  let best: string[] = [];
  let bestScore = -1;
  for (let i = 0; i < HEADER_SEARCH_ROWS; i++) {
    const rec = lines.next();
    if (!rec) break;
    if (rec.blank) continue;
    const cells = parseRecord(bytes.subarray(rec.start, rec.end).toString('utf8'));
    const header = mapHeader(cells);
    if (header) {
      const missing = missingProblem(rel, rec.row, header);
      if (missing) return { problem: missing };
      const { blanksAfter, quotedNewlines } = lines.rest();
      return {
        label: rel,
        relPath: rel,
        encoding,
        csvPath,
        bytes: bytes.length,
        skipLines: rec.lastLine + 1,
        headerRow: rec.row,
        header,
        blanksAfter,
        quotedNewlines: quotedNewlines || rec.lastLine !== rec.firstLine,
      };
    }
    const score = cells.filter((c) => matchColumn(c ?? '')).length;
    if (score > bestScore) {
      bestScore = score;
      best = cells;
    }
  }
  return { problem: noHeaderProblem(rel, best, bytes.subarray(start).toString('utf8').trim() === '') };
}

function parseRecord(text: string): string[] {
  const rows = parseCsv(text.replace(/\r?\n$/, ''), { relax_column_count: true, relax_quotes: true, bom: true }) as string[][];
  return rows[0] ?? [];
}

interface RecordInfo {
  /** byte range of the record (without the final line break) */
  start: number;
  end: number;
  /** spreadsheet row, 1-based, blank lines counted */
  row: number;
  /** 0-based physical lines the record spans */
  firstLine: number;
  lastLine: number;
  blank: boolean;
}

/**
 * Walks CSV records over raw bytes with indexOf (native speed on large files), tracking quote
 * parity so a quoted line break does not start a new record.
 */
class LineScanner {
  private pos: number;
  private line = 0;
  private row = 0;
  private nextQuote: number;
  constructor(
    // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through `const { buf } = this`
    private readonly buf: Buffer,
    start: number,
  ) {
    this.pos = start;
    this.nextQuote = buf.indexOf(0x22, start);
  }

  next(): RecordInfo | null {
    const { buf } = this;
    if (this.pos >= buf.length) return null;
    const start = this.pos;
    const firstLine = this.line;
    let inQuote = false;
    let end: number;
    for (;;) {
      let nl = buf.indexOf(0x0a, this.pos);
      if (nl < 0) nl = buf.length;
      // count quotes before the line break
      while (this.nextQuote >= 0 && this.nextQuote < nl) {
        inQuote = !inQuote;
        this.nextQuote = buf.indexOf(0x22, this.nextQuote + 1);
      }
      this.pos = nl + 1;
      if (!inQuote || nl >= buf.length) {
        end = nl > start && buf[nl - 1] === 0x0d ? nl - 1 : nl;
        break;
      }
      this.line++;
    }
    const lastLine = this.line;
    this.line++;
    this.row++;
    return { start, end, row: this.row, firstLine, lastLine, blank: end <= start };
  }

  /** Scan the remaining records: where the blank ones are, and whether any spans lines. */
  rest(): { blanksAfter: number[]; quotedNewlines: boolean } {
    const blanksAfter: number[] = [];
    let nonBlank = 0;
    let quotedNewlines = false;
    // Fast path: no quote left in the file means one record per line.
    if (this.nextQuote < 0) {
      const { buf } = this;
      while (this.pos < buf.length) {
        let nl = buf.indexOf(0x0a, this.pos);
        if (nl < 0) nl = buf.length;
        const len = nl - this.pos - (nl > this.pos && buf[nl - 1] === 0x0d ? 1 : 0);
        if (len <= 0) blanksAfter.push(nonBlank);
        else nonBlank++;
        this.pos = nl + 1;
      }
      return { blanksAfter, quotedNewlines };
    }
    for (let rec = this.next(); rec; rec = this.next()) {
      if (rec.blank) blanksAfter.push(nonBlank);
      else nonBlank++;
      if (rec.lastLine !== rec.firstLine) quotedNewlines = true;
    }
    return { blanksAfter, quotedNewlines };
  }
}

type SheetJS = typeof import('@e965/xlsx');
type SheetCell = import('@e965/xlsx').CellObject;

const MAX_SHEET_COLUMNS = 256;

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * A workbook cell as a clerk sees it: formulas by their computed value, dates (numbers with a date
 * format) as YYYY-MM-DD, numbers as written, text as is.
 */
function cellText(xlsx: SheetJS, cell: SheetCell | undefined): string {
  if (!cell || cell.v == null) return '';
  // a serial below 1 is no day (Excel shows 0 as 1900-01-00): left as the number, refused as a date
  if (cell.t === 'n' && typeof cell.v === 'number' && cell.v >= 1 && cell.z != null && xlsx.SSF.is_date(cell.z)) {
    const d = xlsx.SSF.parse_date_code(cell.v);
    if (d && d.y > 0) return `${d.y}-${pad2(d.m)}-${pad2(d.d)}`;
  }
  if (cell.v instanceof Date) return cell.v.toISOString().slice(0, 10);
  if (cell.t === 'e') return cell.w ?? '#错误';
  if (typeof cell.v === 'boolean') return cell.v ? '是' : '否';
  // 1e+21 and 1e-7 as digits: a huge amount is then refused for its size, a tiny one read (rounded)
  if (typeof cell.v === 'number' && Number.isFinite(cell.v) && /e/.test(String(cell.v))) {
    return cell.v.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
  }
  return String(cell.v);
}

/** The sheet's cells as text rows (row 0 = spreadsheet row 1); a merged cell holds for every cell it spans. */
function sheetRows(xlsx: SheetJS, ws: import('@e965/xlsx').WorkSheet): string[][] {
  const ref = ws['!ref'];
  if (!ref) return [];
  const range = usedRange(xlsx, ws, ref);
  const rows: string[][] = [];
  for (let r = 0; r <= range.e.r; r++) {
    const cells: string[] = [];
    // a ledger has some forty columns: a stray far-right cell does not make thousands of empty ones
    for (let c = 0; c <= Math.min(range.e.c, MAX_SHEET_COLUMNS - 1); c++) {
      cells.push(r < range.s.r || c < range.s.c ? '' : cellText(xlsx, ws[xlsx.utils.encode_cell({ r, c })] as SheetCell | undefined));
    }
    rows.push(cells);
  }
  for (const m of ws['!merges'] ?? []) {
    const value = rows[m.s.r]?.[m.s.c] ?? '';
    const lastRow = Math.min(m.e.r, rows.length - 1);
    const lastCol = Math.min(m.e.c, MAX_SHEET_COLUMNS - 1);
    for (let r = m.s.r; r <= lastRow; r++) for (let c = m.s.c; c <= lastCol; c++) rows[r]![c] = value;
  }
  return rows;
}

/**
 * The sheet's range as its filled cells span it. A sheet whose dimension says A1:IV1048576 (whole
 * columns formatted) over a few filled rows must not make a million empty rows.
 */
function usedRange(xlsx: SheetJS, ws: import('@e965/xlsx').WorkSheet, ref: string): import('@e965/xlsx').Range {
  const range = xlsx.utils.decode_range(ref);
  const keys = Object.keys(ws).filter((k) => k[0] !== '!');
  const area = (range.e.r + 1) * Math.min(range.e.c + 1, MAX_SHEET_COLUMNS);
  if (area <= 4 * keys.length + 100_000) return range;
  let lastRow = range.s.r;
  let lastCol = range.s.c;
  for (const k of keys) {
    if ((ws[k] as SheetCell).v == null) continue;
    const { r, c } = xlsx.utils.decode_cell(k);
    if (r > lastRow) lastRow = r;
    if (c > lastCol) lastCol = c;
  }
  return { s: range.s, e: { r: Math.min(lastRow, range.e.r), c: Math.min(lastCol, range.e.c) } };
}

function csvQuote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every sheet that has the header becomes a UTF-8 CSV source; row numbers stay Excel's. */
async function scanWorkbook(
  abs: string,
  rel: string,
  tmpDir: string,
  nextId: () => number,
): Promise<{ sources: Source[]; problems: Problem[] }> {
  // loaded only when a workbook is read (SheetJS reads .xlsx, .xls, .et and .ods alike)
  const xlsx = await loadSheetJS();
  const bytes = readFileSync(abs);
  const unreadable = (message: string) => ({
    sources: [],
    problems: [{ file: rel, line: null, column: null, value: null, message, rule: 'file' }],
  });
  if (bytes.length === 0) return unreadable('文件是空的（0 字节），不是工作簿');
  let wb: import('@e965/xlsx').WorkBook;
  try {
    wb = readWorkbook(xlsx, bytes, { type: 'buffer', cellNF: true, cellFormula: false, cellHTML: false, cellStyles: false });
  } catch (e) {
    return unreadable(describeWorkbookError(e, rel));
  }
  const sources: Source[] = [];
  let best: string[] = [];
  let bestScore = -1;
  const problems: Problem[] = [];
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name]!;
    const rows = sheetRows(xlsx, ws);
    let headerIdx = -1;
    let header: HeaderMap | null = null;
    for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
      const cells = rows[i] ?? [];
      header = mapHeader(cells);
      if (header) {
        headerIdx = i;
        break;
      }
      const score = cells.filter((c) => matchColumn(c)).length;
      if (score > bestScore) {
        bestScore = score;
        best = cells;
      }
    }
    if (!header) continue;
    const label = wb.SheetNames.length > 1 ? `${rel}[${name}]` : rel;
    const missing = missingProblem(label, headerIdx + 1, header);
    if (missing) {
      problems.push(missing);
      continue;
    }
    const blanksAfter: number[] = [];
    let nonBlank = 0;
    const out: string[] = [];
    for (let i = headerIdx + 1; i < rows.length; i++) {
      const cells = rows[i] ?? [];
      if (cells.every((c) => c.trim() === '')) {
        blanksAfter.push(nonBlank);
        continue;
      }
      nonBlank++;
      const padded = Array.from({ length: header.width }, (_, k) => cells[k] ?? '');
      out.push(padded.map(csvQuote).join(','));
    }
    const csvPath = path.join(tmpDir, `src-${nextId()}.csv`);
    const csv = Buffer.from(`${out.join('\n')}\n`, 'utf8');
    writeFileSync(csvPath, csv);
    sources.push({
      label,
      relPath: rel,
      sheet: name,
      encoding: 'xlsx',
      csvPath,
      bytes: csv.length,
      skipLines: 0,
      headerRow: headerIdx + 1,
      header,
      blanksAfter,
      quotedNewlines: out.some((l) => /[\r\n]/.test(l)),
    });
  }
  if (!sources.length && !problems.length) problems.push(noHeaderProblem(rel, best, bestScore < 0));
  return { sources, problems };
}
