/**
 * CSV as other programs write it (docs/rules.md §2): the encoding (UTF-8 with or without BOM, GB18030,
 * UTF-16 with BOM as Excel's “Unicode 文本” writes it), the delimiter (comma, tab or semicolon,
 * sniffed from the header line) and the records.
 *
 * Records are found by one scan over the bytes with the rule Excel and DuckDB follow: a quote
 * opens a quoted cell only at the start of a cell (a quote inside an unquoted cell is a character
 * like any other), a quoted cell may hold line breaks and doubled quotes. The scan numbers the
 * records as a clerk sees the rows, counts each record's cells and notes anything another reader
 * could take differently; it is the count of rows read that the load checks its rows against.
 */
import { isUtf8 } from 'node:buffer';
import { decodeNonUtf8 } from './encoding.js';

export type CsvEncoding = 'utf-8' | 'gb18030' | 'utf-16';

export interface Decoded {
  /** UTF-8 bytes of the file (the file's own bytes when it is UTF-8) */
  buf: Buffer;
  /** where the text starts in buf (after a UTF-8 BOM) */
  start: number;
  encoding: CsvEncoding;
  /** buf is the file as it is on disk (DuckDB may read the file itself) */
  original: boolean;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The file's text as UTF-8; null when it is none of the encodings a ledger comes in. */
export function decodeLedgerBytes(bytes: Buffer): Decoded | { problem: { line: number | null; message: string } } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return utf16(bytes.subarray(2), bytes[0] === 0xff ? 'utf-16le' : 'utf-16be');
  }
  const le = utf16Guess(bytes);
  if (le) return utf16(bytes, le);
  if (isUtf8(bytes)) {
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { buf: bytes, start: bom ? 3 : 0, encoding: 'utf-8', original: true };
  }
  // Not valid UTF-8: township exports from Excel/WPS are GB18030 (a superset of GBK); or damaged
  // UTF-8, a workbook renamed .csv, bytes in no encoding (encoding.ts says which)
  const decoded = decodeNonUtf8(bytes);
  if ('problem' in decoded) return decoded;
  return { buf: Buffer.from(decoded.text, 'utf8'), start: 0, encoding: 'gb18030', original: false };
}

function utf16(bytes: Buffer, label: 'utf-16le' | 'utf-16be'): Decoded | { problem: { line: null; message: string } } {
  try {
    const text = new TextDecoder(label, { fatal: true }).decode(bytes);
    return { buf: Buffer.from(text, 'utf8'), start: 0, encoding: 'utf-16', original: false };
  } catch {
    return {
      problem: {
        line: null,
        message:
          '文件是 UTF-16 编码（Excel 的“Unicode 文本”），但其中有不完整的字符（文件可能已损坏）：请在 Excel 或 WPS 中打开，另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重新运行',
      },
    };
  }
}

/** UTF-16 without a BOM: most high bytes of the first characters are zero (ASCII delimiters, digits). */
function utf16Guess(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 2048) & ~1;
  if (n < 16) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Something in a record that another reader could take differently. */
export type Irregularity = 'stray-quote' | 'after-quote' | 'lone-cr' | 'unclosed-quote';

export interface CsvRecord {
  /** byte range, without the line break */
  start: number;
  end: number;
  /** spreadsheet row (1-based; blank lines counted) */
  row: number;
  /** physical lines it spans */
  lines: number;
  /** cells (delimiters outside quotes + 1) */
  cells: number;
  blank: boolean;
  irregular: Irregularity | null;
}

/**
 * Walks the records of a UTF-8 buffer. One pass over the bytes; quotes open a quoted cell only
 * at the start of a cell.
 */
export class RecordScanner {
  private pos: number;
  private row = 0;
  constructor(
    private readonly buf: Buffer,
    start: number,
    private readonly delim: number,
  ) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  /** Go back to a place offset and row gave (to read a record again). */
  rewind(pos: number, row: number): void {
    this.pos = pos;
    this.row = row;
  }

  next(): CsvRecord | null {
    const buf = this.buf;
    const n = buf.length;
    const delim = this.delim;
    if (this.pos >= n) return null;
    const start = this.pos;
    let i = start;
    let cells = 1;
    let lines = 1;
    let cellStart = true;
    let irregular: Irregularity | null = null;
    let end = n;
    for (;;) {
      // the common bytes in a tight loop; quotes, CR and LF handled below
      while (i < n) {
        const b = buf[i]!;
        if (b === delim) {
          cells++;
          cellStart = true;
        } else if (b === LF || b === QUOTE || b === CR) break;
        else cellStart = false;
        i++;
      }
      if (i >= n) {
        end = n;
        this.pos = n;
        break;
      }
      const b = buf[i]!;
      if (b === LF) {
        end = i > start && buf[i - 1] === CR ? i - 1 : i;
        this.pos = i + 1;
        break;
      }
      if (b === CR) {
        if (buf[i + 1] !== LF) irregular ??= 'lone-cr';
        cellStart = false;
        i++;
        continue;
      }
      if (!cellStart) {
        // a quote inside an unquoted cell is a character like any other
        irregular ??= 'stray-quote';
        i++;
        continue;
      }
      // a quoted cell: to the closing quote (a doubled quote is a quote character)
      i++;
      let closed = false;
      while (i < n) {
        const c = buf[i]!;
        if (c === QUOTE) {
          if (buf[i + 1] === QUOTE) {
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (c === LF) lines++;
        i++;
      }
      if (!closed) {
        irregular = 'unclosed-quote';
        end = n;
        this.pos = n;
        break;
      }
      const after = buf[i];
      if (after !== undefined && after !== delim && after !== LF && !(after === CR && buf[i + 1] === LF)) irregular ??= 'after-quote';
      cellStart = false;
    }
    this.row++;
    return { start, end, row: this.row, lines, cells, blank: end <= start, irregular };
  }
}

const DELIMITERS = [0x2c, 0x09, 0x3b] as const;
export const DELIMITER_NAMES: Record<number, string> = { 44: '逗号', 9: '制表符', 59: '分号' };

/** Candidate delimiters in the order tried: comma, tab, semicolon. */
export function delimiterCandidates(): readonly number[] {
  return DELIMITERS;
}
