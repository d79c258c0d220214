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
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Problem } from '../errors.js';
import { matchColumn } from './columns.js';
import { type CsvRecord, decodeLedgerBytes, delimiterCandidates, RecordScanner } from './csv.js';
import { describeReadError, type Ignored, listLedgerFiles, WORKBOOK } from './files.js';
import {
  columnLetter,
  duplicateProblems,
  findHeader,
  HEADER_SEARCH_ROWS,
  type HeaderMap,
  mapHeader,
  missingProblem,
  noHeaderProblem,
} from './header.js';
import { openWorkbook } from './sheetjs.js';

export { type Ignored, listLedgerFiles, WORKBOOK } from './files.js';

/** A record whose cells do not line up with the header's columns. */
export interface Split {
  /** 1-based position among the file's non-blank records after the header */
  k: number;
  /** spreadsheet row */
  row: number;
  /** quotes that cannot be paired (cell counts are checked by the load, stage.ts) */
  kind: 'quote';
  cells: number;
}

export interface Source {
  /** as shown to the user: path relative to the data folder, plus [sheet] for workbooks */
  label: string;
  relPath: string;
  sheet?: string;
  encoding: 'utf-8' | 'gb18030' | 'utf-16' | 'xlsx';
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
  /** non-blank records after the header, counted by the scan (the load checks DuckDB's rows against it) */
  records: number;
  /** records whose cells do not line up with the header */
  splits: Split[];
  /** DuckDB must read this file single-threaded: it has quoted line breaks */
  quotedNewlines: boolean;
  /** input errors the scan found in a file it still reads (a filled column under an empty header cell) */
  problems?: Problem[];
  /** records (k as in Split) that are a note merged across the table: left out as notes, whatever they say */
  noteRows?: number[];
}

export interface SourceScan {
  sources: Source[];
  problems: Problem[];
  /** files and sheets found that are not ledgers (left alone) */
  ignored: Ignored[];
  /** files read as what they really are, not as their extension says (a .xls that is an HTML table…) */
  notes: string[];
}

/** Sheets that explain how to fill the ledger (说明, 填表说明, 使用说明) are not ledgers. */
const INSTRUCTION_SHEET = /^(填表|使用|编制)?说明|说明$/;

/** Read every ledger file's outline; files with problems are reported and left out. */
export async function scanSources(dataDir: string, tmpDir: string, opts: { readHiddenSheets?: boolean } = {}): Promise<SourceScan> {
  const { ledgers, ignored, problems } = listLedgerFiles(dataDir);
  const sources: Source[] = [];
  const notes: string[] = [];
  let n = 0;
  for (const rel of ledgers) {
    const abs = path.join(dataDir, rel);
    try {
      const result = WORKBOOK.test(rel) ? await scanWorkbook(abs, rel, tmpDir, () => ++n, opts.readHiddenSheets ?? false) : null;
      if (result && !('text' in result)) {
        sources.push(...result.sources);
        problems.push(...result.problems);
        ignored.push(...result.ignored);
        notes.push(...result.notes);
      } else {
        // a CSV file, or a workbook's name over text (a .xls saved by a web system as CSV or TSV)
        if (result) notes.push(result.text);
        const result2 = scanCsv(abs, rel, tmpDir, ++n);
        if ('problem' in result2) problems.push(result2.problem);
        else sources.push(result2);
        problems.push(...(result2.problems ?? []));
      }
    } catch (e) {
      // a reader failing on this file's content: the file's problem, in Chinese (never the library's English)
      problems.push({ file: rel, line: null, column: null, value: null, message: `无法读取文件：${describeReadError(e)}`, rule: 'file' });
    }
  }
  if (ledgers.length === 0 && problems.length === 0) {
    // spreadsheets of a format not read (.xlsb, .numbers) are named: the clerk sees why nothing was read
    const others = ignored.filter((f) => /格式不能读取/.test(f.reason)).map((f) => f.file);
    problems.push({
      file: dataDir,
      line: null,
      column: null,
      value: null,
      message: `数据目录中没有台账文件（.csv、.xlsx、.xlsm、.xls、.et 或 .ods）${
        others.length ? `；${others.join('、')} 的格式不能读取，请另存为 .xlsx` : ''
      }`,
    });
  }
  return { sources, problems, ignored, notes };
}

/** A line that is a 合计 or a note (not a project): a filled cell there under a blank header is not data. */
const NOT_DATA = /^(合\s*计|总\s*计|小\s*计|备\s*注|填表说明|填报说明|注[:：]|说明[:：])/;

/**
 * Filled cells under an empty header cell, watched row by row after the header: the first of each
 * such column is an input error (its data would be dropped without a word), unless the column is
 * only counting (1, 2, 3 … from 1: a 序号 without its label). 合计 and note lines are not looked at, nor a
 * line whose filled cells all hold one text (a note merged across the table). Likewise a column under
 * a label merged across columns (HeaderMap spans): only its left column is read, so a cell there
 * that does not repeat the left one (a merged cell) is an input error.
 */
class BlankHeaderWatch {
  private readonly first = new Map<number, { row: number; value: string }>();
  private readonly counting = new Map<number, number | null>();
  private readonly blank: number[];
  private readonly spans: HeaderMap['spans'];
  constructor(header: HeaderMap) {
    this.blank = header.blank;
    this.spans = header.spans;
  }

  get watching(): boolean {
    return this.blank.length > 0 || this.spans.length > 0;
  }

  /** One line after the header: its cells and its spreadsheet row. */
  see(cells: string[], row: number): void {
    let filled: string | undefined;
    let one = true;
    for (const c of cells) {
      const t = c.trim();
      if (!t) continue;
      if (filled === undefined) filled = t;
      else if (t !== filled) one = false;
    }
    if (filled === undefined || NOT_DATA.test(filled) || (one && cells.filter((c) => c.trim()).length > 1)) return;
    for (const i of this.blank) {
      const value = (cells[i] ?? '').trim();
      if (!value) continue;
      if (!this.first.has(i)) this.first.set(i, { row, value });
      // counting: 1, then each filled cell one more
      const last = this.counting.has(i) ? this.counting.get(i)! : 0;
      this.counting.set(i, last !== null && value === String(last + 1) ? last + 1 : null);
    }
    for (const { index, of } of this.spans) {
      const value = (cells[index] ?? '').trim();
      if (value && value !== (cells[of] ?? '').trim() && !this.first.has(index)) this.first.set(index, { row, value });
    }
  }

  problems(file: string, headerRow: number): Problem[] {
    return [...this.first.entries()]
      .filter(([i]) => this.spans.some((x) => x.index === i) || this.counting.get(i) === null)
      .sort(([a], [b]) => a - b)
      .map(([i, f]) => {
        const span = this.spans.find((x) => x.index === i);
        const at = `${columnLetter(i)}列有内容（从${columnLetter(i)}${f.row}起），但`;
        return {
          file,
          line: f.row,
          column: null,
          value: f.value,
          rule: 'header',
          message: span
            ? `${at}表头（第${headerRow}行）在这一列与${columnLetter(span.of)}列是同一个合并的列名，只读取${columnLetter(span.of)}列：请把内容移到${columnLetter(span.of)}列，或给${columnLetter(i)}列单独的列名`
            : `${at}表头（第${headerRow}行）这一列是空的，这一列不会被读取：请在表头填写列名，或删去这一列的内容`,
        };
      });
  }
}

/**
 * A CSV file larger than this is first read from its head only: when the head shows a plain UTF-8
 * comma-separated ledger, the rest is checked and its lines counted in chunks (streamLines), never
 * held whole in memory (reading 250 MB into one buffer cost a second at a million rows). Anything
 * else falls back to reading the whole file.
 */
const STREAM_BYTES = 32 * 1024 * 1024;
/** The head read first: far more than the header search's rows need. */
const HEAD_BYTES = 1024 * 1024;
/** The chunks the rest of a large file is read in. */
const CHUNK_BYTES = 8 * 1024 * 1024;

function scanCsv(abs: string, rel: string, tmpDir: string, n: number): Source | { problem: Problem; problems?: Problem[] } {
  const size = statSync(abs).size;
  if (size > STREAM_BYTES) {
    const streamed = scanCsvBytes(readHead(abs), { abs, rel, tmpDir, n, streamSize: size });
    if (streamed) return streamed;
  }
  return scanCsvBytes(readFileSync(abs), { abs, rel, tmpDir, n, streamSize: null })!;
}

/** The first HEAD_BYTES of a file, up to the end of its last whole line. */
function readHead(abs: string): Buffer {
  const buf = Buffer.alloc(HEAD_BYTES);
  const fd = openSync(abs, 'r');
  try {
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, buf.lastIndexOf(0x0a, n - 1) + 1);
  } finally {
    closeSync(fd);
  }
}

interface CsvFile {
  abs: string;
  rel: string;
  tmpDir: string;
  n: number;
  /** the file's size when `bytes` is only its head (STREAM_BYTES): null is returned where the head cannot decide */
  streamSize: number | null;
}

function scanCsvBytes(bytes: Buffer, file: CsvFile): Source | { problem: Problem; problems?: Problem[] } | null {
  const { abs, rel, tmpDir, n, streamSize } = file;
  const head = streamSize !== null;
  const decoded = decodeLedgerBytes(bytes);
  if ('problem' in decoded)
    return head ? null : { problem: { file: rel, column: null, value: null, rule: 'encoding', ...decoded.problem } };
  // a head that is not plain UTF-8 (GB18030, UTF-16): the whole file is read and converted
  if (head && !decoded.original) return null;
  let { buf, start, original } = decoded;
  const { encoding } = decoded;
  // old Macintosh line ends (CR only): every CR ends a row
  if (buf.indexOf(0x0a, start) < 0 && buf.indexOf(0x0d, start) >= 0) {
    if (head) return null;
    buf = Buffer.from(buf.subarray(start).map((b) => (b === 0x0d ? 0x0a : b)));
    start = 0;
    original = false;
  }

  // Find the header among the first records, with each delimiter in turn.
  let best: string[] = [];
  let bestScore = -1;
  for (const delim of delimiterCandidates()) {
    const scanner = new RecordScanner(buf, start, delim);
    // the first records, and where each ends (a header may take three rows: findHeader)
    const recs: { rec: CsvRecord; after: number }[] = [];
    const rows: string[][] = [];
    for (let i = 0; i < HEADER_SEARCH_ROWS + 2; i++) {
      const rec = scanner.next();
      if (!rec) break;
      recs.push({ rec, after: scanner.offset });
      rows.push(rec.blank ? [] : (splitRecord(buf, rec, delim) ?? []));
    }
    const found = findHeader(rows);
    if (!found) {
      for (const cells of rows.slice(0, HEADER_SEARCH_ROWS)) {
        const score = cells.filter((c) => matchColumn(c ?? '')).length;
        if (score > bestScore) {
          bestScore = score;
          best = cells;
        }
      }
      continue;
    }
    const { header } = found;
    const last = recs[found.last]!;
    scanner.rewind(last.after, last.rec.row);
    const multiLine = recs.slice(0, found.last + 1).some((r) => r.rec.lines > 1 || r.rec.irregular);
    const refused = [...duplicateProblems(rel, last.rec.row, header), ...nonNull(missingProblem(rel, last.rec.row, header))];
    if (refused.length) return { problem: refused[0]!, problems: refused.slice(1) };
    return scanCsvRows({
      rel,
      abs,
      tmpDir,
      n,
      streamSize,
      buf,
      scanner,
      delim,
      header,
      headerRow: last.rec.row,
      encoding,
      // a file with an empty header cell is read here, cell by cell, to find data under it
      direct: original && delim === 0x2c && !multiLine && header.blank.length === 0 && header.spans.length === 0,
    });
  }
  if (head) return null;
  return { problem: noHeaderProblem(rel, best, buf.subarray(start).toString('utf8').trim() === '') };
}

interface RowScanInput {
  rel: string;
  abs: string;
  tmpDir: string;
  n: number;
  /** set when buf is only the file's head: the rest is streamed, or null returned (scanCsv reads it all) */
  streamSize: number | null;
  buf: Buffer;
  scanner: RecordScanner;
  delim: number;
  header: HeaderMap;
  headerRow: number;
  encoding: Source['encoding'];
  /** DuckDB may read the file itself if nothing after the header is irregular */
  direct: boolean;
}

/**
 * The records after the header: counted and the blank ones located. A plain file (UTF-8,
 * comma-separated, no quote and no lone CR after the header) is one record a line: DuckDB reads
 * it itself and the count here is a count of lines. Anything else (quotes, another encoding or
 * delimiter, a header over several lines) is rewritten as plain UTF-8 CSV from this scan's
 * records, so that DuckDB reads exactly the records counted here, each with its cells as split
 * here (fewer than the header's when the record has fewer: the load names such rows).
 */
function scanCsvRows(x: RowScanInput): Source | null {
  const { buf, scanner, delim, header } = x;
  const from = scanner.offset;
  // a plain file: DuckDB reads it itself, and its lines are counted here (a large one's chunk by chunk)
  if (x.streamSize !== null || (x.direct && buf.indexOf(0x22, from) < 0 && !hasLoneCr(buf, from))) {
    const lines =
      x.streamSize === null ? countLines(buf, from, { blanksAfter: [], records: 0 }) : x.direct ? streamLines(x.abs, from) : null;
    if (!lines) return null;
    return {
      label: x.rel,
      relPath: x.rel,
      encoding: x.encoding,
      csvPath: x.abs,
      bytes: x.streamSize ?? buf.length,
      skipLines: x.headerRow,
      headerRow: x.headerRow,
      header,
      ...lines,
      splits: [],
      quotedNewlines: false,
    };
  }
  const width = header.width;
  const blanksAfter: number[] = [];
  const splits: Split[] = [];
  const out: string[] = [];
  let quotedNewlines = false;
  const watch = new BlankHeaderWatch(header);
  for (let rec = scanner.next(); rec; rec = scanner.next()) {
    if (rec.blank) {
      blanksAfter.push(out.length);
      continue;
    }
    const cells = splitRecord(buf, rec, delim);
    if (!cells) {
      // quotes that cannot be paired: the row is named, its text kept in the first cell
      splits.push({ k: out.length + 1, row: rec.row, kind: 'quote', cells: rec.cells });
      const text = buf.subarray(rec.start, rec.end).toString('utf8');
      if (/[\r\n]/.test(text)) quotedNewlines = true;
      out.push(csvQuote(text));
      continue;
    }
    // a line that is only quotes ("" or "",""): no cell holds anything, a blank line as a clerk sees it
    // (written out, "" would become an empty line DuckDB skips, and the count of rows would not match)
    if (cells.every((c) => c === '')) {
      blanksAfter.push(out.length);
      continue;
    }
    if (rec.lines > 1 || cells.some((c) => /[\r\n]/.test(c))) quotedNewlines = true;
    if (watch.watching) watch.see(cells, rec.row);
    // cells beyond the header: one is kept (the load names the row) when any of them is filled
    const extra = cells.slice(width).find((c) => c.trim() !== '');
    out.push([...cells.slice(0, width), ...(extra === undefined ? [] : [extra])].map(csvQuote).join(','));
  }
  const csvPath = path.join(x.tmpDir, `src-${x.n}.csv`);
  const text = Buffer.from(out.length ? `${out.join('\n')}\n` : '', 'utf8');
  writeFileSync(csvPath, text);
  return {
    label: x.rel,
    relPath: x.rel,
    encoding: x.encoding,
    csvPath,
    bytes: text.length,
    skipLines: 0,
    headerRow: x.headerRow,
    header,
    blanksAfter,
    records: out.length,
    splits,
    quotedNewlines,
    problems: watch.problems(x.rel, x.headerRow),
  };
}

/** The records after a header, counted, and the positions of the blank lines among them (Source). */
interface Lines {
  blanksAfter: number[];
  records: number;
}

/** A CR that does not end a line (old Mac line ends inside a file, or pasted text). */
function hasLoneCr(buf: Buffer, from: number): boolean {
  for (let i = buf.indexOf(0x0d, from); i >= 0; i = buf.indexOf(0x0d, i + 1)) if (buf[i + 1] !== 0x0a) return true;
  return false;
}

/** Lines from `from` to the end, added to `lines` (returned): how many hold something, and where the blank ones are. */
function countLines(buf: Buffer, from: number, lines: Lines): Lines {
  let pos = from;
  while (pos < buf.length) {
    let nl = buf.indexOf(0x0a, pos);
    if (nl < 0) nl = buf.length;
    const len = nl - pos - (nl > pos && buf[nl - 1] === 0x0d ? 1 : 0);
    if (len <= 0) lines.blanksAfter.push(lines.records);
    else lines.records++;
    pos = nl + 1;
  }
  return lines;
}

/**
 * The lines of a file from byte `from` to its end, read in chunks of whole lines: counted as
 * countLines does, provided every chunk is valid UTF-8 (a chunk of whole lines never splits a
 * character) with no quote and no lone CR. Null otherwise, or for a line longer than a chunk.
 */
function streamLines(abs: string, from: number): Lines | null {
  const lines: Lines = { blanksAfter: [], records: 0 };
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const fd = openSync(abs, 'r');
  try {
    let held = 0;
    let pos = from;
    for (;;) {
      const n = readSync(fd, buf, held, CHUNK_BYTES - held, pos);
      pos += n;
      const filled = held + n;
      const end = n === 0 ? filled : buf.lastIndexOf(0x0a, filled - 1) + 1;
      if (end === 0 && filled > 0) return null;
      const whole = buf.subarray(0, end);
      if (!isUtf8(whole) || whole.indexOf(0x22) >= 0 || hasLoneCr(whole, 0)) return null;
      countLines(whole, 0, lines);
      if (n === 0) return lines;
      buf.copy(buf, 0, end, filled);
      held = filled - end;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Every record of a CSV ledger as cells, blank ones included (row i = spreadsheet row i + 1), read
 * exactly as scanCsv reads it (same decoding, delimiter and records): the annotated ledgers draw
 * on it. A record whose quotes cannot be read is one cell holding its text.
 */
export function readCsvRows(bytes: Buffer): string[][] {
  const decoded = decodeLedgerBytes(bytes);
  if ('problem' in decoded) return [];
  let { buf, start } = decoded;
  if (buf.indexOf(0x0a, start) < 0 && buf.indexOf(0x0d, start) >= 0) {
    buf = Buffer.from(buf.subarray(start).map((b) => (b === 0x0d ? 0x0a : b)));
    start = 0;
  }
  const read = (delim: number, limit: number) => {
    const scanner = new RecordScanner(buf, start, delim);
    const rows: string[][] = [];
    for (let rec = scanner.next(); rec && rows.length < limit; rec = scanner.next()) {
      rows.push(rec.blank ? [] : (splitRecord(buf, rec, delim) ?? [buf.subarray(rec.start, rec.end).toString('utf8')]));
    }
    return rows;
  };
  const delim = delimiterCandidates().find((d) => read(d, HEADER_SEARCH_ROWS).some((cells) => mapHeader(cells))) ?? 0x2c;
  return read(delim, Number.POSITIVE_INFINITY);
}

/** A record's cells; null when its quotes cannot be read. */
function splitRecord(buf: Buffer, rec: CsvRecord, delim: number): string[] | null {
  const text = buf.subarray(rec.start, rec.end).toString('utf8');
  const d = String.fromCharCode(delim);
  if (!text.includes('"')) return text.split(d);
  if (rec.irregular === 'unclosed-quote') return null;
  try {
    const rows = parseCsv(text, { delimiter: d, relax_quotes: true, relax_column_count: true, record_delimiter: ['\n'] }) as string[][];
    return rows.length === 1 ? rows[0]! : null;
  } catch {
    return null;
  }
}

export type SheetJS = typeof import('@e965/xlsx');
type SheetCell = import('@e965/xlsx').CellObject;
type WorkSheet = import('@e965/xlsx').WorkSheet;
type WorkBook = import('@e965/xlsx').WorkBook;

const MAX_SHEET_COLUMNS = 256;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The workbook's date system: Excel for Mac's 1904 (serial 0 = 1904-01-01) or the usual 1900. */
export function usesDate1904(wb: WorkBook): boolean {
  return Boolean(wb.Workbook?.WBProps?.date1904);
}

/** A date format that shows the year alone (yyyy, yyyy"年"): a 建设年度 typed as a date is read as its year. */
function yearOnlyFormat(z: string): boolean {
  const bare = z.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /y/i.test(bare) && !/[mdhs]/i.test(bare);
}

/**
 * A workbook cell as a clerk sees it: formulas by their computed value, dates (numbers with a date
 * format) as YYYY-MM-DD in the workbook's date system (a date format showing the year alone as the
 * year), numbers as written, text as is.
 */
function cellText(xlsx: SheetJS, cell: SheetCell | undefined, date1904: boolean): string {
  if (!cell || cell.v == null) return '';
  // a serial below 1 is no day (Excel shows 0 as 1900-01-00): left as the number, refused as a date
  if (cell.t === 'n' && typeof cell.v === 'number' && cell.v >= 1 && cell.z != null && xlsx.SSF.is_date(cell.z)) {
    const d = xlsx.SSF.parse_date_code(cell.v, { date1904 });
    if (d && d.y > 0) return yearOnlyFormat(String(cell.z)) ? String(d.y) : `${d.y}-${pad2(d.m)}-${pad2(d.d)}`;
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

/**
 * The sheet's cells as text rows (row 0 = spreadsheet row 1); a merged cell holds for every cell it
 * spans. Dates are read in the workbook's date system (`date1904`, usesDate1904).
 */
export function sheetRows(xlsx: SheetJS, ws: WorkSheet, date1904 = false): string[][] {
  const range = usedRange(xlsx, ws);
  if (!range) return [];
  const rows: string[][] = [];
  for (let r = 0; r <= range.e.r; r++) {
    const cells: string[] = [];
    // a ledger has some forty columns: a stray far-right cell does not make thousands of empty ones
    for (let c = 0; c <= Math.min(range.e.c, MAX_SHEET_COLUMNS - 1); c++) {
      cells.push(cellText(xlsx, ws[xlsx.utils.encode_cell({ r, c })] as SheetCell | undefined, date1904));
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
 * The sheet's range as its cells span it, whatever its `<dimension>` says: a dimension left stale
 * by a streaming or template-filling writer (A1:F20 over 70 rows) is ignored as Excel and
 * LibreOffice ignore it, and one saying A1:IV1048576 (whole columns formatted) over a few filled
 * rows makes no million empty rows. Null for a sheet without a cell.
 */
function usedRange(xlsx: SheetJS, ws: WorkSheet): import('@e965/xlsx').Range | null {
  let lastRow = -1;
  let lastCol = -1;
  for (const k in ws) {
    if (k[0] === '!') continue;
    const cell = ws[k] as SheetCell;
    if (cell.v == null && cell.f == null) continue;
    const { r, c } = xlsx.utils.decode_cell(k);
    if (r > lastRow) lastRow = r;
    if (c > lastCol) lastCol = c;
  }
  return lastRow < 0 ? null : { s: { r: 0, c: 0 }, e: { r: lastRow, c: lastCol } };
}

/** Excel's error values, as a cell shows them. */
export const EXCEL_ERRORS = ['#DIV/0!', '#N/A', '#REF!', '#VALUE!', '#NAME?', '#NUM!', '#NULL!', '#GETTING_DATA', '#SPILL!', '#CALC!'];

/**
 * Cells of the loaded rows and columns (after the header, in a column it maps) Excel would not show as a value:
 * a formula without a computed result (a file written by a program and never opened in Excel or
 * WPS), and Excel's error values (#DIV/0!, #N/A…). Each is an input error naming the cell.
 */
function unshownCells(xlsx: SheetJS, ws: WorkSheet, label: string, headerIdx: number, header: HeaderMap, headerCells: string[]): Problem[] {
  const problems: Problem[] = [];
  // the cells loaded: the columns the header maps (a helper column carried along may hold what it likes)
  const loaded = new Set([...[...header.columns.values()].map((c) => c.index), ...header.oneHot.map((o) => o.index)]);
  if (header.county) loaded.add(header.county.index);
  for (const k in ws) {
    if (k[0] === '!') continue;
    const cell = ws[k] as SheetCell;
    const error = cell.t === 'e';
    const uncomputed = !error && cell.f != null && (cell.v == null || cell.t === 'z');
    if (!error && !uncomputed) continue;
    const { r, c } = xlsx.utils.decode_cell(k);
    if (r <= headerIdx || !loaded.has(c)) continue;
    const column = (headerCells[c] ?? '').replace(/\s*[\r\n]+\s*/g, '').trim() || null;
    problems.push({
      file: label,
      line: r + 1,
      column,
      value: error ? (cell.w ?? '#错误') : `=${cell.f}`,
      rule: error ? 'excel-error' : 'formula',
      message: error
        ? `单元格 ${k} 是 Excel 的错误值（公式算不出结果）：请在 Excel 或 WPS 中改正公式或填入数值后重新运行`
        : `单元格 ${k} 的公式没有计算结果，请在 Excel 或 WPS 中打开并保存后重新运行`,
    });
  }
  return problems.sort((a, b) => a.line! - b.line! || (a.message < b.message ? -1 : 1));
}

/**
 * Rows after the header covered by one merged cell across the table (a 填表说明 or 备注 line merged
 * over every column): one note, whatever it says. Their 0-based indexes.
 */
function mergedNoteRows(ws: WorkSheet, headerIdx: number, header: HeaderMap): Set<number> {
  const notes = new Set<number>();
  const first = Math.min(...[...header.columns.values()].map((c) => c.index), ...header.oneHot.map((o) => o.index));
  for (const m of ws['!merges'] ?? []) {
    if (m.s.r <= headerIdx || m.s.c > first || m.e.c < header.needed - 1) continue;
    for (let r = m.s.r; r <= m.e.r; r++) notes.add(r);
  }
  return notes;
}

/** Hidden (1) or very hidden (2) sheets of a workbook, by name. */
function hiddenSheets(wb: WorkBook): Map<string, number> {
  const hidden = new Map<string, number>();
  for (const sh of wb.Workbook?.Sheets ?? []) if (sh.Hidden && sh.name) hidden.set(sh.name, sh.Hidden);
  return hidden;
}

function nonNull<T>(x: T | null): T[] {
  return x === null ? [] : [x];
}

function csvQuote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A workbook scanned: its sheets' sources, its problems, the sheets left alone, and what it really was. */
interface WorkbookScan {
  sources: Source[];
  problems: Problem[];
  ignored: Ignored[];
  notes: string[];
}

/**
 * Every visible sheet that has the header becomes a UTF-8 CSV source; row numbers stay Excel's. A
 * .xls that is really text goes to the CSV reader (`text`); hidden sheets are named, not read.
 */
async function scanWorkbook(
  abs: string,
  rel: string,
  tmpDir: string,
  nextId: () => number,
  readHidden: boolean,
): Promise<WorkbookScan | { text: string }> {
  const unreadable = (message: string): WorkbookScan => ({
    sources: [],
    problems: [{ file: rel, line: null, column: null, value: null, message, rule: 'file' }],
    ignored: [],
    notes: [],
  });
  const opened = await openWorkbook(readFileSync(abs), rel);
  if (opened.kind === 'problem') return unreadable(opened.message);
  if (opened.kind === 'text') return { text: opened.note };
  const { xlsx, wb } = opened;
  const date1904 = usesDate1904(wb);
  const hidden = hiddenSheets(wb);
  const sources: Source[] = [];
  const ignored: Ignored[] = [];
  const notes = opened.note ? [opened.note] : [];
  let best: string[] = [];
  let bestScore = -1;
  const problems: Problem[] = [];
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name]!;
    const shown = `${rel}［${name}］`;
    if (hidden.has(name) && readHidden) notes.push(`${shown} 是隐藏工作表，按配置 readHiddenSheets 读取`);
    else if (hidden.has(name)) {
      ignored.push({
        file: shown,
        reason:
          hidden.get(name) === 2
            ? '深度隐藏的工作表（Excel 中看不到），不计入'
            : '隐藏工作表，不计入（要计入请在 Excel 或 WPS 中取消隐藏）',
      });
      continue;
    }
    if (INSTRUCTION_SHEET.test(name.trim())) {
      ignored.push({ file: `${rel}［${name}］`, reason: '填表说明工作表，不是台账' });
      continue;
    }
    const rows = sheetRows(xlsx, ws, date1904);
    const found = findHeader(rows.slice(0, HEADER_SEARCH_ROWS + 2));
    if (!found) {
      for (const cells of rows.slice(0, HEADER_SEARCH_ROWS)) {
        const score = cells.filter((c) => matchColumn(c)).length;
        if (score > bestScore) {
          bestScore = score;
          best = cells;
        }
      }
      const empty = rows.every((r) => r.every((c) => c.trim() === ''));
      ignored.push({ file: `${rel}［${name}］`, reason: empty ? '空工作表' : '没有表头行（没有一行同时含“项目编号”和“项目名称”）' });
      continue;
    }
    const { header } = found;
    const headerIdx = found.last;
    const label = wb.SheetNames.length > 1 ? `${rel}[${name}]` : rel;
    const refused = [...duplicateProblems(label, headerIdx + 1, header), ...nonNull(missingProblem(label, headerIdx + 1, header))];
    if (refused.length) {
      problems.push(...refused);
      continue;
    }
    // cells Excel would show as no value: named; their rows are read as empty (the run fails on the problem)
    const unshown = unshownCells(xlsx, ws, label, headerIdx, header, rows[headerIdx] ?? []);
    problems.push(...unshown);
    const unshownRows = new Set(unshown.map((p) => p.line! - 1));
    const noteRows = mergedNoteRows(ws, headerIdx, header);
    const blanksAfter: number[] = [];
    const noteKs: number[] = [];
    let nonBlank = 0;
    const out: string[] = [];
    const watch = new BlankHeaderWatch(header);
    for (let i = headerIdx + 1; i < rows.length; i++) {
      const cells = rows[i] ?? [];
      if (cells.every((c) => c.trim() === '')) {
        blanksAfter.push(nonBlank);
        continue;
      }
      nonBlank++;
      if (watch.watching) watch.see(cells, i + 1);
      const padded = Array.from({ length: header.width }, (_, k) => cells[k] ?? '');
      if (unshownRows.has(i)) padded.fill('');
      else if (noteRows.has(i)) {
        // one note, its text once (in the first cell), marked as a note for the load (Source.noteRows)
        padded.fill('', 1);
        padded[0] = cells.find((c) => c.trim() !== '') ?? '';
        noteKs.push(nonBlank);
      }
      out.push(padded.map(csvQuote).join(','));
    }
    problems.push(...watch.problems(label, headerIdx + 1));
    const csvPath = path.join(tmpDir, `src-${nextId()}.csv`);
    const csv = Buffer.from(out.length ? `${out.join('\n')}\n` : '', 'utf8');
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
      records: nonBlank,
      splits: [],
      quotedNewlines: out.some((l) => /[\r\n]/.test(l)),
      ...(noteKs.length ? { noteRows: noteKs } : {}),
    });
  }
  if (!sources.length && !problems.length && ignored.every((f) => !/隐藏/.test(f.reason))) {
    // no sheet is a ledger: the file is named as an error, not left alone
    ignored.length = 0;
    problems.push(noHeaderProblem(rel, best, bestScore < 0));
  }
  return { sources, problems, ignored, notes };
}
