/**
 * npm run fuzz — bad input must be an input error, never a crash, a hang or a lost row.
 *
 * Each case builds a small folder of ledgers that the pipeline reads without error (generated CSV
 * in UTF-8/GB18030, copies of the sample county's files, .xlsx/.xls/.ods workbooks), damages it
 * with one or two mutations (byte flips, truncation mid-character, other encodings, huge cells and
 * numbers, odd dates, other delimiters, stray quotes, CR line ends, garbage files, a FIFO, links to
 * nothing or to a device, workbooks as other writers save them: 1904 dates, a stale dimension,
 * hidden sheets, uncomputed formulas, text and HTML named .xls …) and runs `sgyp check` in this
 * process (main() of pipeline/cli.ts with its output captured). A case passes when:
 *   - it ends within the time limit with exit 0 or 1 (never 2 or 3, never a hang);
 *   - every error line starts with the file it is about (a path relative to the data folder);
 *   - no line holds a library's English (a run of six or more Latin letters outside file names,
 *     quoted values and the few words of our own messages) or a stack trace;
 *   - on exit 0, every file's rows read = counted + left out, the files' counted rows add up to the
 *     projects reported, and where the mutation kept every project row, none is lost.
 *
 *   npm run fuzz -- [--cases N] [--seed S] [--case K] [--timeout MS] [--parallel P] [--all | --held-back]
 *
 * Prints `N cases: … exit 0, … exit 1, … exit 3, … hangs, … rows lost` and exits 1 on any failure,
 * naming the seed and case and the folder where the failing case's files were kept. A case is
 * reproducible alone: `--seed S --case K`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { main } from '../pipeline/cli.js';
import { visible } from '../pipeline/errors.js';
import { mulberry32 } from './prng.js';
import { withBadCrc, withDate1904, withStaleDimension } from './xlsxPatch.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every mutation the fuzzer knows. */
export const MUTATIONS = [
  'none',
  'byte-flip',
  'truncate',
  'truncate-mid-char',
  'gb18030',
  'mixed-encoding',
  'utf16',
  'huge-cell',
  'long-cell',
  'huge-number',
  'odd-number',
  'odd-date',
  'control-chars',
  'lone-cr',
  'cr-line-ends',
  'crlf-line-ends',
  'tab-delimiter',
  'semicolon-delimiter',
  'fullwidth-comma',
  'stray-quote',
  'alt-enter-header',
  'no-projects',
  'duplicate-id',
  'garbage-file',
  'empty-file',
  'fifo',
  'dangling-link',
  'device-link',
  'gbk-name',
  'control-name',
  'unreadable',
  'dir-loop',
  'dir-named-csv',
  'bad-profile',
  'header-hints',
  'unknown-column',
  'duplicate-column',
  'blank-header-column',
  // workbooks as other writers save them (issue 25)
  'date1904',
  'stale-dimension',
  'hidden-sheet',
  'merged-note',
  'uncomputed-formula',
  'excel-error',
  'crc-damage',
  'dot-file',
  'lock-file',
  'xls-text',
  'xls-html',
  'unicode-space',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/**
 * Mutations left out of the default set (run with `--all` or `--held-back`): none now; the
 * Alt+Enter header cell, held back until the record scan could read it, is in the default set.
 */
export const HELD_BACK: readonly Mutation[] = [];

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** the first case number (0-based) of the `cases` run; default 0 */
  first?: number;
  /** run only this case number (0-based) */
  only?: number;
  timeoutMs: number;
  mutations: readonly Mutation[];
  /** where a failing case's files are kept */
  keepDir: string;
  /** cases run at the same time (each in its own DuckDB); default 1 */
  parallel?: number;
  log?: (line: string) => void;
}

export interface CaseOutcome {
  index: number;
  mutations: Mutation[];
  files: string[];
  code: number | 'hang';
  ms: number;
  failures: string[];
  kept?: string;
  /** stdout and stderr of the run, for the report of a failure */
  output: string;
}

export interface FuzzSummary {
  seed: number;
  cases: number;
  exit0: number;
  exit1: number;
  /** exits other than 0 and 1 (3: unexpected failure, 2: usage) */
  exit3: number;
  hangs: number;
  rowsLost: number;
  failures: CaseOutcome[];
  /** the longest a case took */
  slowestMs: number;
  /** processor time of the whole run (this process, all threads); on idle cores the run takes about this divided by `parallel` */
  cpuMs: number;
}

export function summaryLine(s: FuzzSummary): string {
  return `${s.cases} cases: ${s.exit0} exit 0, ${s.exit1} exit 1, ${s.exit3} exit 3, ${s.hangs} hangs, ${s.rowsLost} rows lost, ${s.failures.length} failed (slowest ${(s.slowestMs / 1000).toFixed(1)} s, processor time ${(s.cpuMs / 1000).toFixed(0)} s)`;
}

// ——— Valid ledgers ———

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

interface Table {
  header: string[];
  rows: string[][];
  /** lines above the header (a title) and below the rows (合计) */
  preamble: string[][];
  trailer: string[][];
  /** project rows the table holds; null once a mutation made that unknowable */
  projects: number | null;
}

interface LedgerFile {
  /** path relative to the data folder */
  name: string;
  format: 'csv' | 'xlsx' | 'xls' | 'ods' | 'et';
  table: Table | null;
  /** the file as written; for a sample copy, its bytes */
  bytes?: Buffer;
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';
  eol: string;
  delimiter: string;
  /** write cells as they are, never quoted (a quote inside one stays a stray quote) */
  noQuote?: boolean;
  /** byte mutations applied after serialisation */
  bytePatches: ((b: Buffer, r: Rand) => Buffer)[];
  /** a workbook cell that holds a date serial instead of text: [row, column, serial] */
  dateSerial?: [number, number, number];
  /** what a header mutation (HEADER_MUTATIONS) expects of the run: its exit code and a text its output holds */
  expect?: { code: 0 | 1; text: string }[];
  /** .xlsx: a hidden or very hidden copy of the sheet (last quarter's) beside it */
  hiddenCopy?: 'hidden' | 'veryHidden';
  /** .xlsx: a 填表说明 line merged across the table below the rows */
  mergedNote?: boolean;
  /** .xlsx: a row whose 投入帮扶资金 is a formula never computed (no cached value) */
  uncomputed?: number;
  /** written as an HTML table in GBK (a web system's “导出Excel”) */
  html?: boolean;
}

/**
 * Header mutations whose outcome is known (issue 25): headers with hints, marks, units and
 * aliases read as before; an unknown column read and named in the log; a second column for one
 * field, or data under an empty header cell, refused naming it. Checked when a case applies only these.
 */
const HEADER_MUTATIONS: readonly Mutation[] = ['none', 'header-hints', 'unknown-column', 'duplicate-column', 'blank-header-column'];

/** The expectations of a file's header mutations (created on first use). */
function expectOf(f: LedgerFile): NonNullable<LedgerFile['expect']> {
  f.expect = f.expect ?? [];
  return f.expect;
}

/** A header as a template may write it, read as the same column. */
function hintedHeader(r: Rand, h: string): string {
  const special: Record<string, string[]> = {
    建设年度: ['建设年度（年）'],
    带动脱贫户数: ['带动脱贫户数（户）'],
    运营状态: ['运营状态（正常运营/停产/闲置）', '*运营状态'],
    项目名称: ['项目名称（全称）'],
    乡镇: ['乡（镇）', '所在乡镇'],
    村: ['行政村', '所在村'],
    合同到期日期: ['合同到期时间'],
    '资产原值（万元）': ['资产金额（万元）'],
  };
  return pick(r, [...(special[h] ?? []), `*${h}`, `${h}（必填）`, `★${h}`, `※${h}※`]);
}

const BASE_HEADER = ['项目编号', '项目名称', '乡镇', '建设年度', '投入帮扶资金（万元）', '类别'];
const TOWNS = ['东山镇', '西河乡', '南岭镇'];
const NAMES = ['肉牛养殖场', '光伏电站', '冷库', '蔬菜大棚', '农家乐', '加工厂', '茶园'];
const CATEGORIES = ['巩固类', '升级类', '盘活类', '调整类'];
const pad = (n: number) => String(n).padStart(2, '0');
const randomDate = (r: Rand, y0: number, y1: number) => `${int(r, y0, y1)}-${pad(int(r, 1, 12))}-${pad(int(r, 1, 28))}`;

/** Optional columns and valid values for them. */
const EXTRA: { header: string; value: (r: Rand) => string }[] = [
  { header: '村', value: (r) => pick(r, ['青林村', '河口村', '']) },
  { header: '运营状态', value: (r) => pick(r, ['正常运营', '运营一般', '']) },
  { header: '合同到期日期', value: (r) => pick(r, [randomDate(r, 2027, 2035), '']) },
  { header: '带动脱贫户数', value: (r) => String(int(r, 0, 300)) },
  { header: '设计产能', value: () => '1000' },
  { header: '实际产能', value: (r) => String(int(r, 500, 1000)) },
  { header: '推进举措', value: (r) => pick(r, ['落实管护责任', '引进经营主体，完善利益联结', '']) },
  { header: '资产原值（万元）', value: (r) => (int(r, 10, 90000) / 100).toFixed(2) },
  { header: '上年净收益（万元）', value: (r) => (int(r, -500, 5000) / 100).toFixed(2) },
  { header: '约定分红（万元）', value: (r) => String(int(r, 0, 20)) },
];

function validTable(r: Rand, fileNo: number): Table {
  const extras = EXTRA.filter(() => r() < 0.35);
  const header = [...BASE_HEADER, ...extras.map((e) => e.header)];
  const n = int(r, 1, 6);
  const rows = Array.from({ length: n }, (_, i) => [
    `F${fileNo}-${String(i + 1).padStart(3, '0')}`,
    `${pick(r, TOWNS).slice(0, 2)}${pick(r, NAMES)}`,
    pick(r, TOWNS),
    String(int(r, 2013, 2025)),
    (int(r, 50, 50000) / 100).toFixed(2),
    pick(r, CATEGORIES),
    ...extras.map((e) => e.value(r)),
  ]);
  const preamble = r() < 0.3 ? [['示例县经营性帮扶项目资产台账']] : [];
  const trailer = r() < 0.3 ? [['合计', '', '', '', rows.reduce((a, row) => a + Number(row[4]), 0).toFixed(2)]] : [];
  return { header, rows, preamble, trailer, projects: n };
}

const SAMPLE_CSV = readdirSync(path.join(root, 'data')).filter((f) => f.endsWith('.csv'));
const SAMPLE_XLSX = readdirSync(path.join(root, 'data')).filter((f) => f.endsWith('.xlsx'));

function baseFile(r: Rand, fileNo: number): LedgerFile {
  const x = r();
  const common = { bytePatches: [], eol: '\n', delimiter: ',', encoding: 'utf-8' as const };
  if (x < 0.15) {
    // a sample file as the county sends it (with its own ids: only one sample file per case)
    const name = pick(r, SAMPLE_CSV);
    return { ...common, name: `f${fileNo}-${name}`, format: 'csv', table: null, bytes: readFileSync(path.join(root, 'data', name)) };
  }
  if (x < 0.2) {
    const name = pick(r, SAMPLE_XLSX);
    return { ...common, name: `f${fileNo}-${name}`, format: 'xlsx', table: null, bytes: readFileSync(path.join(root, 'data', name)) };
  }
  const table = validTable(r, fileNo);
  if (x < 0.65) {
    return {
      ...common,
      name: `f${fileNo}.csv`,
      format: 'csv',
      table,
      encoding: pick(r, ['utf-8', 'utf-8-bom', 'gb18030'] as const),
      eol: pick(r, ['\n', '\r\n']),
    };
  }
  const format = pick(r, ['xlsx', 'xlsx', 'xls', 'ods', 'et'] as const);
  return { ...common, name: `f${fileNo}.${format}`, format, table };
}

// ——— Serialisation ———

function csvCell(s: string, delimiter: string, noQuote = false): string {
  if (noQuote) return s;
  return s.includes('"') || s.includes(delimiter) || /[\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function tableLines(t: Table): string[][] {
  return [...t.preamble, t.header, ...t.rows, ...t.trailer];
}

function encode(text: string, encoding: LedgerFile['encoding']): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.from(`\ufeff${text}`, 'utf8');
    case 'gb18030':
      return iconv.encode(text, 'gb18030');
    case 'utf-16le':
      return Buffer.from(`\ufeff${text}`, 'utf16le');
    case 'utf-16be':
      return Buffer.from(Buffer.from(`\ufeff${text}`, 'utf16le').swap16());
  }
}

async function fileBytes(f: LedgerFile): Promise<Buffer> {
  if (f.bytes) return f.bytes;
  const t = f.table!;
  if (f.html) {
    const esc = (c: string) => c.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const rows = tableLines(t).map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
    const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><table>\r\n${rows.join('\r\n')}\r\n</table></body></html>`;
    return iconv.encode(page, 'gbk');
  }
  if (f.format === 'csv') {
    const text = tableLines(t)
      .map((row) => row.map((c) => csvCell(c, f.delimiter, f.noQuote)).join(f.delimiter))
      .join(f.eol);
    return encode(text + f.eol, f.encoding);
  }
  const aoa: (string | number | Date)[][] = tableLines(t).map((row) =>
    row.map((c) => (/^\d{4}$/.test(c) || /^\d+\.\d\d$/.test(c) ? Number(c) : c)),
  );
  if (f.format === 'xlsx' && !f.dateSerial) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    for (const row of aoa) ws.addRow(row);
    if (f.uncomputed != null) {
      const cell = ws.getRow(t.preamble.length + 2 + f.uncomputed).getCell(5);
      cell.value = { formula: `${cell.value ?? 0}*1` } as ExcelJS.CellValue;
    }
    if (f.mergedNote) {
      const row = ws.addRow(['1. 金额单位为万元；2. 类别填 巩固类、升级类、盘活类、调整类之一']);
      ws.mergeCells(row.number, 1, row.number, t.header.length);
    }
    if (f.hiddenCopy) {
      const copy = wb.addWorksheet('上季度', { state: f.hiddenCopy });
      for (const row of aoa) copy.addRow(row);
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const xlsx = await import('@e965/xlsx');
  const ws = xlsx.utils.aoa_to_sheet(aoa);
  if (f.dateSerial) {
    const [row, col, serial] = f.dateSerial;
    ws[xlsx.utils.encode_cell({ r: row + t.preamble.length + 1, c: col })] = { t: 'n', v: serial, z: 'yyyy-mm-dd' };
  }
  const wb = xlsx.utils.book_new();
  xlsx.utils.book_append_sheet(wb, ws, '台账');
  const bookType = f.format === 'ods' ? 'ods' : f.format === 'xlsx' ? 'xlsx' : 'biff8';
  // SheetJS prints English notes while writing a date format to .ods: not the pipeline's output
  const { error } = console;
  console.error = () => {};
  try {
    return xlsx.write(wb, { type: 'buffer', bookType }) as Buffer;
  } finally {
    console.error = error;
  }
}

// ——— Mutations ———

const TEXT_COLUMNS = ['项目编号', '项目名称', '乡镇'];
const NUMBER_COLUMNS = [
  '投入帮扶资金（万元）',
  '建设年度',
  '带动脱贫户数',
  '设计产能',
  '实际产能',
  '资产原值（万元）',
  '上年净收益（万元）',
];
const DATE_COLUMNS = ['合同到期日期', '应分红日期', '计划完成日期', '停用日期', '完成日期'];

const HUGE_NUMBERS = [
  () => '9'.repeat(400),
  () => '99999999999999.9999',
  () => '1000000000.0001',
  () => '1,000,000,000,000',
  () => '-99999999999999',
  () => '1e308',
  () => '-1e309',
  () => '999999999',
  () => '10000001',
  () => '2147483648',
];
const ODD_NUMBERS = [
  '1_000',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '１２３．５',
  '-0',
  '1.',
  '.5',
  '1,00',
  '+7',
  '１,２３４',
  '12 000',
  '3.5万',
];
const ODD_DATES = [
  '0001-01-01',
  '9999-12-31',
  '1949-09-30',
  '1949-10-01',
  '2020-02-30',
  '2126-10-01',
  '0',
  '45000',
  '1900-01-00',
  '2020年13月1日',
  '20200-01-01',
  '2020/2/29',
  '-2020-01-01',
];

/** Column index of a header in the table, adding the column (empty elsewhere) when missing. */
function column(t: Table, header: string): number {
  let i = t.header.indexOf(header);
  if (i < 0) {
    t.header.push(header);
    for (const row of t.rows) row.push('');
    i = t.header.length - 1;
  }
  return i;
}

function setCell(t: Table, r: Rand, header: string, value: string): void {
  const c = column(t, header);
  const row = t.rows[int(r, 0, t.rows.length - 1)];
  if (row) row[c] = value;
}

function flipBytes(b: Buffer, r: Rand): Buffer {
  const out = Buffer.from(b);
  const n = int(r, 1, 5);
  for (let i = 0; i < n && out.length; i++) out[int(r, 0, out.length - 1)] = int(r, 0, 255);
  return out;
}

function truncateMidChar(b: Buffer, r: Rand): Buffer {
  // inside a multi-byte character when there is one
  const starts: number[] = [];
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0xc0) starts.push(i);
  const at = starts.length ? pick(r, starts) + 1 : int(r, 0, b.length);
  return b.subarray(0, at);
}

interface CaseFs {
  dir: string;
  /** labels a message may start with: relative paths as messages show them */
  labels: string[];
}

type Special = (fs: CaseFs, r: Rand) => void;

/** Apply a mutation to the case: to one file's table, its bytes, or the folder. */
function mutate(m: Mutation, files: LedgerFile[], specials: Special[], r: Rand): void {
  const f = pick(r, files);
  const t = f.table;
  const lost = () => {
    if (t) t.projects = null;
  };
  switch (m) {
    case 'none':
      return;
    case 'byte-flip':
      f.bytePatches.push(flipBytes);
      lost();
      return;
    case 'truncate':
      f.bytePatches.push((b, rr) => b.subarray(0, int(rr, 0, b.length)));
      lost();
      return;
    case 'truncate-mid-char':
      f.bytePatches.push(truncateMidChar);
      lost();
      return;
    case 'gb18030':
      if (f.format === 'csv' && t) f.encoding = 'gb18030';
      return;
    case 'utf16':
      if (f.format === 'csv' && t) f.encoding = pick(r, ['utf-16le', 'utf-16be'] as const);
      return;
    case 'mixed-encoding':
      // a UTF-8 file with one line pasted in GB18030
      if (f.format !== 'csv' || f.encoding === 'gb18030') return;
      f.bytePatches.push((b, rr) => {
        const text = b.toString('utf8');
        const lines = text.split('\n');
        const i = int(rr, 0, Math.max(0, lines.length - 2));
        lines[i] = iconv.encode(lines[i]!, 'gb18030').toString('latin1');
        return Buffer.concat(
          lines.map((l, k) =>
            Buffer.concat([k === i ? Buffer.from(l, 'latin1') : Buffer.from(l, 'utf8'), Buffer.from(k < lines.length - 1 ? '\n' : '')]),
          ),
        );
      });
      lost();
      return;
    case 'huge-cell':
      if (t) {
        setCell(
          t,
          r,
          pick(r, [...TEXT_COLUMNS, '推进举措', '投入帮扶资金（万元）', '风险情形']),
          (r() < 0.5 ? 'x' : '名').repeat(1_000_000),
        );
        lost();
      }
      return;
    case 'long-cell':
      if (t) {
        const [header, limit] = pick(r, [
          ['项目名称', 200],
          ['项目编号', 50],
          ['推进举措', 2000],
          ['村', 200],
        ] as const);
        setCell(t, r, header, '长'.repeat(limit + int(r, -1, 1) + (r() < 0.3 ? 16000 : 0)));
        lost();
      }
      return;
    case 'huge-number':
      if (t) {
        setCell(t, r, pick(r, NUMBER_COLUMNS), pick(r, HUGE_NUMBERS)());
        lost();
      }
      return;
    case 'odd-number':
      if (t) {
        setCell(t, r, pick(r, NUMBER_COLUMNS), pick(r, ODD_NUMBERS));
        lost();
      }
      return;
    case 'odd-date':
      if (t) {
        if (f.format !== 'csv' && r() < 0.5) {
          f.dateSerial = [int(r, 0, t.rows.length - 1), column(t, pick(r, DATE_COLUMNS)), pick(r, [0, 0.5, 1, 60, 2958465, 18000, 45000])];
        } else setCell(t, r, pick(r, DATE_COLUMNS), pick(r, ODD_DATES));
        lost();
      }
      return;
    case 'control-chars':
      if (t) {
        setCell(
          t,
          r,
          pick(r, [...TEXT_COLUMNS, '推进举措']),
          `项目${pick(r, ['\u0007', '\u0000', '\u001b[31m', '\u2028', '\u0008', '\ufffe'])}名`,
        );
        lost();
      }
      return;
    case 'lone-cr':
      if (t) {
        setCell(t, r, pick(r, TEXT_COLUMNS), `东山\r${pick(r, ['镇', '养殖场', 'A'])}`);
        // quoted, the CR is part of the cell and every row is still read; bare, it ends a row (as in Excel)
        f.noQuote = r() < 0.5;
        if (f.noQuote) lost();
      }
      return;
    case 'cr-line-ends':
      f.eol = '\r';
      return;
    case 'crlf-line-ends':
      f.eol = '\r\n';
      return;
    case 'tab-delimiter':
      f.delimiter = '\t';
      lost();
      return;
    case 'semicolon-delimiter':
      f.delimiter = ';';
      lost();
      return;
    case 'fullwidth-comma':
      if (t) {
        // one row typed with full-width commas: one cell holding the whole row
        const row = t.rows[int(r, 0, t.rows.length - 1)]!;
        row.splice(0, row.length, row.join('，'));
        lost();
      }
      return;
    case 'stray-quote':
      if (t) {
        const row = t.rows[int(r, 0, t.rows.length - 1)]!;
        const c = int(r, 0, row.length - 1);
        row[c] = pick(r, [`${row[c]!.slice(0, 1)}"${row[c]!.slice(1)}`, `"${row[c]}`, `${row[c]}"`]);
        f.noQuote = true;
        lost();
      }
      return;
    case 'alt-enter-header':
      // a line break typed into a header cell (Alt+Enter): the same column, every row still read
      if (t) {
        const k = int(r, 0, t.header.length - 1);
        const h = t.header[k]!;
        const at = int(r, 1, Math.max(1, h.length - 1));
        t.header[k] = `${h.slice(0, at)}${pick(r, ['\n', '\r\n'])}${h.slice(at)}`;
      }
      return;
    case 'no-projects':
      if (t) {
        t.rows = t.rows.map(() => t.header.map(() => ''));
        t.projects = 0;
      }
      return;
    case 'duplicate-id':
      if (t?.rows.length) {
        t.rows.push([...t.rows[0]!]);
        lost();
      }
      return;
    case 'garbage-file':
      specials.push((fs, rr) => {
        const name = `garbage-${int(rr, 0, 99)}.${pick(rr, ['csv', 'xlsx', 'xls', 'ods'])}`;
        const bytes = Buffer.from(Array.from({ length: int(rr, 1, 4096) }, () => int(rr, 0, 255)));
        if (name.endsWith('.xlsx') && rr() < 0.5) bytes.write('PK\u0003\u0004', 0, 'latin1');
        if (name.endsWith('.xls') && rr() < 0.5) Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes);
        writeFileSync(path.join(fs.dir, name), bytes);
        fs.labels.push(name);
      });
      return;
    case 'empty-file':
      specials.push((fs, rr) => {
        const name = `empty.${pick(rr, ['csv', 'xlsx', 'xls'])}`;
        writeFileSync(path.join(fs.dir, name), pick(rr, ['', ' ', '\n\n', '\ufeff', '\r\n']));
        fs.labels.push(name);
      });
      return;
    case 'fifo':
      specials.push((fs) => {
        execFileSync('mkfifo', [path.join(fs.dir, 'pipe.csv')]);
        fs.labels.push('pipe.csv');
      });
      return;
    case 'dangling-link':
      specials.push((fs, rr) => {
        const name = pick(rr, ['gone.csv', 'gone.xlsx', 'gone.txt']);
        symlinkSync(path.join(fs.dir, 'no-such-file'), path.join(fs.dir, name));
        fs.labels.push(name);
      });
      return;
    case 'device-link':
      specials.push((fs, rr) => {
        const name = pick(rr, ['zero.csv', 'null.xlsx', 'urandom.xls']);
        symlinkSync(
          name.startsWith('zero') ? '/dev/zero' : name.startsWith('null') ? '/dev/null' : '/dev/urandom',
          path.join(fs.dir, name),
        );
        fs.labels.push(name);
      });
      return;
    case 'gbk-name':
      specials.push((fs, rr) => {
        const name = pick(rr, ['东山镇.csv', '西河乡台账.xlsx', '说明.txt']);
        const raw = iconv.encode(name, 'gbk');
        writeFileSync(Buffer.concat([Buffer.from(`${fs.dir}/`), raw]), 'x');
        fs.labels.push(new TextDecoder('gb18030').decode(raw));
      });
      return;
    case 'control-name':
      if (f.format === 'csv') {
        const base = f.name;
        f.name = base.replace(/\.csv$/, `${pick(r, ['\n', '\u0007', '\t', ' '])}x.csv`);
      }
      return;
    case 'unreadable':
      specials.push((fs) => {
        const name = files[0]!.name;
        chmodSync(path.join(fs.dir, name), 0);
      });
      return;
    case 'dir-loop':
      specials.push((fs) => {
        mkdirSync(path.join(fs.dir, 'sub'), { recursive: true });
        symlinkSync('..', path.join(fs.dir, 'sub', 'loop'));
      });
      return;
    case 'bad-profile':
      specials.push((fs, rr) => {
        const file = path.join(fs.dir, 'profile.yaml');
        writeFileSync(
          file,
          pick(rr, [
            'county: [unclosed\n',
            'county: 本县\nthresholds:\n  idleMonths: -1\n  capacityRatio: "x"\n  bogus: 3\n',
            'asOf: 2026-13-01\nsample: maybe\n',
            'documents: 3\nlabels: {巩固: 1}\n',
            'disclosure: {basePath: 7, orgCode: [1]}\nfonts: {仿宋: /no/such/font.ttf}\n',
            Buffer.from(Array.from({ length: 300 }, () => int(rr, 0, 255))).toString('latin1'),
          ]),
        );
        fs.labels.push(file);
      });
      return;
    case 'header-hints':
      if (t) {
        for (let n = int(r, 1, 3); n > 0; n--) {
          const k = int(r, 0, t.header.length - 1);
          // the ledger's own columns only (not one another mutation added or broke over two lines)
          const known = [...BASE_HEADER, ...EXTRA.map((e) => e.header)];
          if (known.includes(t.header[k]!)) t.header[k] = hintedHeader(r, t.header[k]!);
        }
        expectOf(f).push({ code: 0, text: '' });
      }
      return;
    case 'unknown-column':
      if (t) {
        const h = pick(r, ['联农带农方式', '带动脱贫人口（人）', '项目类型']);
        if (t.header.includes(h)) return;
        t.header.push(h);
        for (const row of t.rows) row.push(pick(r, ['务工', '3', '']));
        expectOf(f).push({ code: 0, text: `“${h}”（` });
      }
      return;
    case 'duplicate-column':
      if (t) {
        const [h, k] = pick(r, [
          ['项目代码', 0],
          ['帮扶资金（万元）', 4],
          ['购建年度', 3],
        ] as const);
        if (t.header.includes(h)) return;
        t.header.push(h);
        for (const row of t.rows) row.push(row[k]!);
        expectOf(f).push({ code: 1, text: `“${h}”都是` });
        lost();
      }
      return;
    case 'blank-header-column':
      if (t?.rows.length) {
        t.header.push('');
        t.rows.forEach((row, i) => {
          row.push(i === 0 ? pick(r, ['停产', '说明', '75']) : '');
        });
        expectOf(f).push({ code: 1, text: '但表头' });
        lost();
      }
      return;
    case 'dir-named-csv':
      specials.push((fs) => {
        mkdirSync(path.join(fs.dir, 'folder.csv'), { recursive: true });
      });
      return;
    case 'date1904':
      // Excel for Mac's date system: the same dates, serials 1462 days smaller
      if (f.format === 'xlsx') f.bytePatches.push((b) => withDate1904(b));
      return;
    case 'stale-dimension':
      if (f.format === 'xlsx') f.bytePatches.push((b) => withStaleDimension(b));
      return;
    case 'hidden-sheet':
      if (f.format === 'xlsx' && t && !f.dateSerial) f.hiddenCopy = pick(r, ['hidden', 'veryHidden'] as const);
      return;
    case 'merged-note':
      if (f.format === 'xlsx' && t && !f.dateSerial) {
        f.mergedNote = true;
        t.trailer.push(['1. 金额单位为万元']);
      }
      return;
    case 'uncomputed-formula':
      if (f.format === 'xlsx' && t?.rows.length && !f.dateSerial) {
        f.uncomputed = int(r, 0, t.rows.length - 1);
        lost();
      }
      return;
    case 'excel-error':
      if (t) {
        setCell(t, r, pick(r, [...TEXT_COLUMNS, '投入帮扶资金（万元）', '村']), pick(r, ['#DIV/0!', '#N/A', '#REF!', '#VALUE!', '#NAME?']));
        lost();
      }
      return;
    case 'crc-damage':
      if (f.format === 'xlsx') {
        f.bytePatches.push((b) => withBadCrc(b) ?? b);
        lost();
      }
      return;
    case 'dot-file':
      // a ledger whose name starts with a dot is read like any other
      f.name = f.name.replace(/^(.*\/)?/, (dir) => `${dir}.`);
      return;
    case 'lock-file':
      specials.push((fs, rr) => {
        const name = pick(rr, ['~$台账.xlsx', '.~lock.台账.xlsx#', '~$WRL0001.tmp']);
        writeFileSync(path.join(fs.dir, name), Buffer.from([0x06, 0x73, 0x67, 0x79, 0x70]));
        fs.labels.push(name);
      });
      return;
    case 'xls-text':
      // CSV or TSV text saved as .xls by a web system: read by the CSV reader
      if (f.format === 'csv' && t) {
        f.name = f.name.replace(/\.csv$/, '.xls');
        if (r() < 0.5) {
          f.delimiter = '\t';
          lost();
        }
      }
      return;
    case 'xls-html':
      if (t && !f.dateSerial) {
        f.html = true;
        f.name = f.name.replace(/\.\w+$/, '.xls');
      }
      return;
    case 'unicode-space':
      // a no-break or other Unicode space around a value: trimmed like a space
      if (t?.rows.length) {
        const row = t.rows[int(r, 0, t.rows.length - 1)]!;
        const c = int(r, 0, Math.min(row.length, BASE_HEADER.length) - 1);
        row[c] = pick(r, ['\u00a0', '\u2002', '\u3000', '\u202f'])! + row[c] + pick(r, ['\u00a0', '', '\u2009'])!;
      }
      return;
  }
}

// ——— One case ———

interface BuiltCase {
  dir: string;
  labels: string[];
  mutations: Mutation[];
  files: string[];
  /** project rows expected when no mutation touched them */
  expectedProjects: number | null;
  /** rows below the header of each file whose table no mutation touched (projects, 合计 rows) */
  expectedRead: Map<string, number>;
  /** a case of header mutations only: the exit code and the texts its output must hold */
  expected: { code: 0 | 1; texts: string[]; any: boolean } | null;
}

function caseSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

export async function buildCase(seed: number, index: number, mutations: readonly Mutation[], parent: string): Promise<BuiltCase> {
  const r = mulberry32(caseSeed(seed, index));
  const nFiles = r() < 0.7 ? 1 : 2;
  const files: LedgerFile[] = [];
  for (let i = 0; i < nFiles; i++) {
    const f = baseFile(r, i + 1);
    // one copy of the sample per case: two would repeat the same project numbers
    if (f.bytes && files.some((g) => g.bytes)) files.push({ ...baseFile(() => 0.9, i + 1) });
    else files.push(f);
  }
  const applied: Mutation[] = [];
  const specials: Special[] = [];
  const nMut = r() < 0.6 ? 1 : 2;
  for (let i = 0; i < nMut; i++) {
    const m = pick(r, mutations);
    // each mutation once a case: a second FIFO or link of the same name would collide
    if (applied.includes(m)) continue;
    applied.push(m);
    mutate(m, files, specials, r);
  }
  const dir = mkdtempSync(path.join(parent, `case-${index}-`));
  const fs: CaseFs = { dir, labels: [] };
  for (const f of files) {
    let bytes = await fileBytes(f);
    for (const patch of f.bytePatches) bytes = patch(bytes, r);
    writeFileSync(path.join(dir, f.name), bytes);
    fs.labels.push(f.name);
  }
  for (const s of specials) s(fs, r);
  const known = files.map((f) => (f.table ? f.table.projects : f.bytes ? null : null));
  const expectedProjects = known.every((n) => n != null) ? known.reduce((a, n) => a! + n!, 0) : null;
  const expectedRead = new Map(
    files.flatMap((f) => (f.table && f.table.projects != null ? [[f.name, f.table.rows.length + f.table.trailer.length] as const] : [])),
  );
  const expects = files.flatMap((f) => f.expect ?? []);
  const expected =
    expects.length && applied.every((m) => HEADER_MUTATIONS.includes(m))
      ? expects.some((e) => e.code === 1)
        ? // refused: for one of the refusals at least (a file refused for two columns is not read further)
          { code: 1 as const, texts: expects.filter((e) => e.code === 1).map((e) => e.text), any: true }
        : { code: 0 as const, texts: expects.map((e) => e.text).filter(Boolean), any: false }
      : null;
  return { dir, labels: fs.labels, mutations: applied, files: files.map((f) => f.name), expectedProjects, expectedRead, expected };
}

// ——— Checks ———

/** Words of our own messages that are not Chinese (file formats, encodings, programs). */
const OWN_WORDS = /OpenDocument|LibreOffice|Numbers|Windows|GB18030|UTF-8|UTF-16/g;

function checkOutput(c: BuiltCase, code: number, out: string[], err: string[]): string[] {
  const failures: string[] = [];
  // as messages show them: control characters made visible, never cut
  const labels = [...c.labels, c.dir].map((l) => visible(l)).sort((a, b) => b.length - a.length);
  const all = [...out, ...err].flatMap((s) => s.split('\n'));
  for (const line of all) {
    if (/^\s+at\s/.test(line) || /\b(Error|TypeError|RangeError):/.test(line))
      failures.push(`stack or error class in output: ${line.slice(0, 200)}`);
    let rest = line;
    for (const l of labels) rest = rest.split(l).join(' ');
    rest = rest
      .replace(/“[^”]*”/g, ' ')
      .replace(/［[^］]*］/g, ' ')
      .replace(/\[[^\]]*\]/g, ' ')
      .replace(OWN_WORDS, ' ');
    const english = /[A-Za-z]{6,}/.exec(rest);
    if (english) failures.push(`English text “${english[0]}” in: ${line.slice(0, 200)}`);
  }
  if (code === 1) {
    const lines = err.flatMap((s) => s.split('\n')).filter((l) => l.trim() && !/^共 \d+ 处错误/.test(l));
    if (!lines.length) failures.push('exit 1 without an error line');
    for (const line of lines) {
      const named = labels.some((l) => line.startsWith(`${l}:`) || line.startsWith(`${l}[`));
      if (!named) failures.push(`error line does not start with a file of the case: ${line.slice(0, 200)}`);
    }
  }
  return failures;
}

/** On exit 0: rows read = counted + left out per file, and the counted rows are the projects. */
function checkRows(c: BuiltCase, out: string[]): { failures: string[]; lost: boolean } {
  const failures: string[] = [];
  let counted = 0;
  const lines = out.flatMap((s) => s.split('\n'));
  for (const line of lines) {
    const m = /读入(\d+)行，计入项目(\d+)个，剔除(\d+)行（空行(\d+)、合计(\d+)、说明(\d+)）/.exec(line);
    if (!m) continue;
    const [read, n, left, blank, total, notes] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    counted += n;
    if (read !== n + left || left !== blank + total + notes) failures.push(`rows do not add up: ${line}`);
    const file = /^读取 (.+?)(［[^］]*］)?（/.exec(line)?.[1];
    const expected = file == null ? undefined : c.expectedRead.get(file);
    if (expected != null && read !== expected) failures.push(`${expected} rows written below the header, ${read} read: ${line}`);
  }
  const projects = Number(/截至\S+：项目(\d+)个/.exec(lines.join('\n'))?.[1] ?? Number.NaN);
  if (projects !== counted) failures.push(`the files count ${counted} projects, the total says ${projects}`);
  if (c.expectedProjects != null && projects !== c.expectedProjects) {
    failures.push(`${c.expectedProjects} project rows written, ${projects} counted`);
  }
  return { failures, lost: failures.length > 0 };
}

// ——— Watchdog ———

const NOTE_BYTES = 1024;

/**
 * A case blocked in a synchronous call (readFileSync on a FIFO) stops the event loop, and with it
 * every timer: a worker thread watches the clock of each running case, prints the reproducer of
 * one that ran far past the time limit and kills the process.
 */
export function startWatchdog(
  slots: number,
  timeoutMs: number,
): { arm(slot: number, note: string): void; disarm(slot: number): void; stop(): void } {
  const clock = new Float64Array(new SharedArrayBuffer(8 * slots));
  const notes = new Uint8Array(new SharedArrayBuffer(NOTE_BYTES * slots));
  const code = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { clock, notes, limit, size } = workerData;
setInterval(() => {
  for (let i = 0; i < clock.length; i++) {
    const started = clock[i];
    if (started > 0 && Date.now() - started > limit) {
      const note = Buffer.from(notes.subarray(i * size, (i + 1) * size)).toString('utf8').replace(/\\0+$/, '');
      fs.writeSync(2, '\\nfuzz: a case blocked the process for ' + Math.round((Date.now() - started) / 1000) + ' s (hang): ' + note + '\\n');
      process.kill(process.pid, 'SIGKILL');
    }
  }
}, 500);`;
  const worker = new Worker(code, { eval: true, workerData: { clock, notes, limit: timeoutMs + 10_000, size: NOTE_BYTES } });
  worker.unref();
  return {
    arm(slot, note) {
      const bytes = new Uint8Array(NOTE_BYTES);
      bytes.set(Buffer.from(note, 'utf8').subarray(0, NOTE_BYTES));
      notes.set(bytes, slot * NOTE_BYTES);
      clock[slot] = Date.now();
    },
    disarm(slot) {
      clock[slot] = 0;
    },
    stop() {
      clock.fill(0);
      void worker.terminate();
    },
  };
}

// ——— The run ———

async function runCheck(dir: string, timeoutMs: number): Promise<{ code: number | 'hang'; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), timeoutMs);
  });
  const code = await Promise.race([
    main(['check', '--data', dir, '--as-of', '2026-09-30'], { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }),
    hang,
  ]);
  clearTimeout(timer);
  return { code, out, err };
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzSummary> {
  const log = opts.log ?? (() => {});
  const parallel = Math.max(1, opts.parallel ?? 1);
  const parent = mkdtempSync(path.join(os.tmpdir(), 'sgyp-fuzz-'));
  const summary: FuzzSummary = {
    seed: opts.seed,
    cases: 0,
    exit0: 0,
    exit1: 0,
    exit3: 0,
    hangs: 0,
    rowsLost: 0,
    failures: [],
    slowestMs: 0,
    cpuMs: 0,
  };
  const cpu = process.cpuUsage();
  const watchdog = startWatchdog(parallel, opts.timeoutMs);
  const first = opts.first ?? 0;
  const indexes = opts.only != null ? [opts.only] : Array.from({ length: opts.cases }, (_, i) => first + i);
  const outcomes: CaseOutcome[] = [];

  const runOne = async (slot: number, index: number) => {
    const c = await buildCase(opts.seed, index, opts.mutations, parent);
    watchdog.arm(slot, `seed ${opts.seed}, case ${index} (${c.mutations.join(' + ')}), files in ${c.dir}`);
    const started = Date.now();
    const { code, out, err } = await runCheck(c.dir, opts.timeoutMs);
    watchdog.disarm(slot);
    const ms = Date.now() - started;
    summary.cases++;
    summary.slowestMs = Math.max(summary.slowestMs, ms);
    const failures: string[] = [];
    if (code === 'hang') {
      summary.hangs++;
      failures.push(`no result after ${opts.timeoutMs} ms`);
    } else if (code === 0) summary.exit0++;
    else if (code === 1) summary.exit1++;
    else {
      summary.exit3++;
      failures.push(`exit ${code}`);
    }
    if (code !== 'hang') failures.push(...checkOutput(c, code, out, err));
    if (c.expected && code !== 'hang') {
      const text = [...out, ...err].join('\n');
      if (code !== c.expected.code) failures.push(`header mutations expect exit ${c.expected.code}, got ${code}`);
      const missing = c.expected.texts.filter((t) => !text.includes(t));
      if (c.expected.any ? missing.length === c.expected.texts.length : missing.length)
        failures.push(`header mutations expect ${missing.map((t) => `“${t}”`).join('、')} in the output`);
    }
    if (code === 0) {
      const rows = checkRows(c, out);
      if (rows.lost) summary.rowsLost++;
      failures.push(...rows.failures);
    }
    const outcome: CaseOutcome = {
      index,
      mutations: c.mutations,
      files: c.labels,
      code,
      ms,
      failures,
      output: [...out, ...err].join('\n').slice(0, 4000),
    };
    if (failures.length) {
      outcome.kept = keep(c.dir, opts.keepDir, opts.seed, index);
      outcomes.push(outcome);
      log(`FAIL seed ${opts.seed} case ${index} (${c.mutations.join(' + ')}): ${failures[0]}`);
    }
    // a hung case may still be reading its folder: leave it to the temp cleanup
    if (code !== 'hang') removeCase(c.dir, c.mutations);
    const used = process.cpuUsage(cpu);
    summary.cpuMs = (used.user + used.system) / 1000;
    if (summary.cases % 100 === 0) log(`… ${summaryLine(summary)}`);
  };

  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async (_, slot) => {
        while (next < indexes.length) await runOne(slot, indexes[next++]!);
      }),
    );
  } finally {
    watchdog.stop();
    if (!summary.hangs) rmSync(parent, { recursive: true, force: true });
  }
  summary.failures = outcomes.sort((a, b) => a.index - b.index);
  const used = process.cpuUsage(cpu);
  summary.cpuMs = (used.user + used.system) / 1000;
  return summary;
}

function removeCase(dir: string, mutations: readonly Mutation[]): void {
  if (mutations.includes('unreadable')) {
    // an unreadable file or a folder link must not stop the cleanup
    // a file without permissions must not stop the cleanup
    execFileSync('chmod', ['-R', 'u+rwX', dir], { stdio: 'ignore' });
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Copy a failing case's files where the user can look at them (links and FIFOs as they are). */
function keep(dir: string, keepDir: string, seed: number, index: number): string {
  const target = path.join(keepDir, `seed-${seed}-case-${index}`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(path.dirname(target), { recursive: true });
  try {
    cpSync(dir, target, { recursive: true, verbatimSymlinks: true });
  } catch {
    // a special file that cannot be copied: the reproducer command still rebuilds the case
  }
  return target;
}

export function reproducer(seed: number, o: CaseOutcome): string {
  return [
    `seed ${seed}, case ${o.index}: ${o.mutations.join(' + ')} on ${o.files.map((f) => JSON.stringify(f)).join(', ')} → ${o.code === 'hang' ? 'hang' : `exit ${o.code}`} (${o.ms} ms)`,
    ...o.failures.slice(0, 5).map((f) => `  ${f}`),
    `  files kept in ${o.kept ?? '(not kept)'}`,
    `  reproduce: npm run fuzz -- --seed ${seed} --case ${o.index}${o.mutations.some((m) => HELD_BACK.includes(m)) ? ' --all' : ''}`,
  ].join('\n');
}

// ——— Command line ———

async function cli(argv: string[]): Promise<number> {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seed = Number(value('--seed') ?? 1);
  const cases = Number(value('--cases') ?? 1000);
  const only = value('--case') != null ? Number(value('--case')) : undefined;
  const timeoutMs = Number(value('--timeout') ?? 30_000);
  const parallel = Number(value('--parallel') ?? 2);
  const mutations = argv.includes('--held-back')
    ? HELD_BACK
    : argv.includes('--all')
      ? MUTATIONS
      : MUTATIONS.filter((m) => !HELD_BACK.includes(m));
  const keepDir = path.resolve(value('--keep') ?? path.join(root, 'tests', '.out', 'fuzz'));
  const started = Date.now();
  const summary = await runFuzz({ seed, cases, only, timeoutMs, mutations, keepDir, parallel, log: (l) => console.error(l) });
  for (const f of summary.failures)
    console.log(
      `${reproducer(seed, f)}\n${f.output
        .split('\n')
        .slice(0, 8)
        .map((l) => `    | ${l.slice(0, 200)}`)
        .join('\n')}`,
    );
  console.log(`${summaryLine(summary)} (seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return summary.failures.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(2);
    },
  );
}
