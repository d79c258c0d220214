/**
 * SheetJS (@e965/xlsx), loaded only when a workbook is read, with Node's zlib for the ZIP entries
 * of .xlsx/.ods. SheetJS's own JavaScript inflate never ends on some damaged data (it reads past
 * the input as zero bits and grows its buffer forever, blocking the process); zlib throws on the
 * same bytes, which becomes an input error naming the file.
 */
import { isUtf8 } from 'node:buffer';
import zlib from 'node:zlib';
import { describeWorkbookError } from './files.js';

type SheetJS = typeof import('@e965/xlsx');

/** Largest ZIP entry inflated: far above any ledger sheet, below what would exhaust memory (a ZIP bomb). */
const MAX_ENTRY_BYTES = 1 << 30;

/**
 * The InflateRaw SheetJS's use_zlib expects (it calls `_processChunk` and reads `bytesRead`),
 * over zlib's documented inflateRawSync: no deprecated property, no internal API. Data after the
 * end of the deflate stream (the rest of the ZIP) is ignored; bytesRead is what the stream used.
 */
class InflateRaw {
  readonly _finishFlushFlag = zlib.constants.Z_FINISH;
  bytesRead = 0;
  _processChunk(chunk: Uint8Array): Buffer {
    const { buffer, engine } = zlib.inflateRawSync(chunk, { info: true, maxOutputLength: MAX_ENTRY_BYTES }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    this.bytesRead = engine.bytesWritten;
    return buffer;
  }
}

let loaded: Promise<SheetJS> | null = null;

export function loadSheetJS(): Promise<SheetJS> {
  loaded ??= Promise.all([import('@e965/xlsx'), import('@e965/xlsx/dist/cpexcel.full.mjs')]).then(([xlsx, cptable]) => {
    xlsx.CFB.utils.use_zlib({ InflateRaw, deflateRawSync: zlib.deflateRawSync });
    // code pages: Excel 95 (BIFF5) and older workbooks hold text in the system's code page (936 on Chinese Windows)
    xlsx.set_cptable(cptable);
    return xlsx;
  });
  return loaded;
}

/**
 * xlsx.read without SheetJS's console output: it prints English warnings (“unrecognized character
 * … in ODF format”) straight to the terminal, which the clerk would take for errors.
 */
export function readWorkbook(
  xlsx: SheetJS,
  bytes: Buffer | string,
  opts: import('@e965/xlsx').ParsingOptions,
): import('@e965/xlsx').WorkBook {
  const { error, warn, log } = console;
  console.error = console.warn = console.log = () => {};
  try {
    return xlsx.read(bytes, opts);
  } finally {
    Object.assign(console, { error, warn, log });
  }
}

/**
 * What a workbook file really holds, by its first bytes rather than its extension: a ZIP (.xlsx,
 * .ods, .et of newer WPS), a compound file (Excel 97–2003 .xls, Excel 95 BIFF5, older .et), an
 * HTML table (the “导出Excel” of a web system, named .xls), Excel 2003's XML spreadsheet, or plain
 * text (CSV/TSV named .xls).
 */
export type WorkbookBytes = 'zip' | 'cfb' | 'html' | 'xml' | 'text' | 'other';

const SNIFF_BYTES = 64 * 1024;

export function sniffWorkbook(bytes: Buffer): WorkbookBytes {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05)) return 'zip';
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0 && bytes.readUInt32BE(4) === 0xa1b11ae1) return 'cfb';
  // UTF-16 text (Excel's “Unicode 文本” saved as .xls) has NUL bytes: its BOM says what it is
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const head = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2, SNIFF_BYTES));
    return /^\s*</.test(head) ? (/<table[\s>]/i.test(head) ? 'html' : 'other') : 'text';
  }
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) return 'other';
  const text = head.toString('latin1').replace(/^\xef\xbb\xbf/, '');
  if (/^\s*</.test(text)) {
    // SpreadsheetML 2003 (<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">) is SheetJS's to read
    if (/<(ss:)?Workbook[\s>]/.test(text)) return 'xml';
    return /<table[\s>]/i.test(text) ? 'html' : 'other';
  }
  // SYLK (ID;P) and DIF (TABLE\r\n0,1) are SheetJS's; text in UTF-8 or GB18030 is a CSV or TSV, and
  // anything else (a damaged file) is left to SheetJS, which calls it damaged
  if (/^(ID;|TABLE\r?\n0,1)/.test(text)) return 'other';
  return isUtf8(bytes) || decodes(bytes, 'gb18030') ? 'text' : 'other';
}

function decodes(bytes: Buffer, label: string): boolean {
  try {
    new TextDecoder(label, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The text of an HTML file: its BOM, else the charset its <meta> names, else UTF-8 when valid, else GB18030. */
export function decodeHtml(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = bytes.subarray(0, SNIFF_BYTES).toString('latin1');
  const charset = /<meta[^>]*charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  let label = charset?.toLowerCase();
  if (!label) label = isUtf8(bytes) ? 'utf-8' : 'gb18030';
  // GB2312 and GBK pages hold GB18030 characters more often than not (a web system writes what the database holds)
  if (/^(gb2312|gbk|gb_2312.*|x-gbk|cp936|euc-cn)$/.test(label)) label = 'gb18030';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder(isUtf8(bytes) ? 'utf-8' : 'gb18030').decode(bytes);
  }
}

/** A ZIP-based workbook whose parts are encrypted (an OpenDocument file saved with a password). */
export async function zipEncrypted(bytes: Buffer): Promise<boolean> {
  const { default: PizZip } = await import('pizzip');
  try {
    return /encryption-data/.test(new PizZip(bytes).file('META-INF/manifest.xml')?.asText() ?? '');
  } catch {
    return false;
  }
}

/** The parts of an entry PizZip has read from the ZIP's directory, not yet inflated. */
interface ZipEntryData {
  crc32: number;
  compressionMethod: string;
  getCompressedContent(): Uint8Array | string;
}

/**
 * A ZIP-based workbook with an entry failing its CRC check: bytes changed on the way, which SheetJS
 * reads as sound. PizZip reads the ZIP's directory (each entry's CRC and its compressed bytes);
 * the entries are inflated and checked with Node's zlib (PizZip's own check, in JavaScript, took a
 * quarter of the time of reading a 50,000-row workbook).
 */
export async function zipDamaged(bytes: Buffer): Promise<boolean> {
  const { default: PizZip } = await import('pizzip');
  try {
    const zip = new PizZip(bytes);
    for (const file of Object.values(zip.files)) {
      const data = (file as unknown as { _data?: ZipEntryData })._data;
      if (!data || typeof data.getCompressedContent !== 'function') continue;
      const raw = data.getCompressedContent();
      const stored = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      const content = data.compressionMethod === '\x08\x00' ? zlib.inflateRawSync(stored, { maxOutputLength: MAX_ENTRY_BYTES }) : stored;
      if (zlib.crc32(content) >>> 0 !== data.crc32 >>> 0) return true;
    }
    return false;
  } catch {
    // a directory PizZip cannot read, or an entry zlib cannot inflate: SheetJS has read it, so it is no CRC failure
    return false;
  }
}

const PASSWORD = '工作簿设有打开密码，无法读取：请在 Excel、WPS 或 LibreOffice 中取消密码后另存，再重新运行';
const DAMAGED_ZIP = '文件已损坏（压缩校验失败），请重新保存或重新发送';

/** The options every workbook is read with (scanSources and the annotated ledgers alike). */
export const READ_OPTIONS = { type: 'buffer', cellNF: true, cellFormula: true, cellHTML: false, cellStyles: false } as const;

/**
 * An Office Open XML workbook (.xlsx, .xlsm): its directory names xl/workbook.xml. Only these are read
 * with stub cells, which keep a formula written without a value (a program's, never opened in
 * Excel): an OpenDocument file's repeated empty cells (a styled row repeated a million times) would
 * become a billion stubs.
 */
function officeOpenXml(bytes: Buffer): boolean {
  return bytes.includes('xl/workbook.xml', 0, 'latin1');
}

/** A workbook file opened: its sheets, or the CSV reader's to read, or why it cannot be read. */
export type Opened =
  | { kind: 'workbook'; xlsx: SheetJS; wb: import('@e965/xlsx').WorkBook; note?: string }
  | { kind: 'text'; note: string }
  | { kind: 'problem'; message: string };

/** Open a workbook file by what its bytes are (sniffWorkbook); `name` is the file's name as shown. */
export async function openWorkbook(bytes: Buffer, name: string): Promise<Opened> {
  if (bytes.length === 0) return { kind: 'problem', message: '文件是空的（0 字节），不是工作簿' };
  const kind = sniffWorkbook(bytes);
  if (kind === 'text') return { kind: 'text', note: `${name} 实为文本文件（CSV 或制表符分隔），已按 CSV 读取` };
  if (kind === 'zip' && (await zipEncrypted(bytes))) return { kind: 'problem', message: PASSWORD };
  const xlsx = await loadSheetJS();
  let wb: import('@e965/xlsx').WorkBook;
  try {
    // an HTML table is read as the text of its cells: 001 stays 001, 5-6 is no date, 1e3 no number
    wb =
      kind === 'html'
        ? readWorkbook(xlsx, decodeHtml(bytes), { ...READ_OPTIONS, type: 'string', raw: true })
        : readWorkbook(xlsx, bytes, { ...READ_OPTIONS, sheetStubs: kind === 'zip' && officeOpenXml(bytes) });
  } catch (e) {
    return { kind: 'problem', message: describeWorkbookError(e, name) };
  }
  if (kind === 'zip' && (await zipDamaged(bytes))) return { kind: 'problem', message: DAMAGED_ZIP };
  if (kind === 'html') return { kind: 'workbook', xlsx, wb, note: `${name} 实为网页表格（HTML），已按文本读取` };
  if (kind === 'xml') return { kind: 'workbook', xlsx, wb, note: `${name} 实为 Excel 2003 XML 表格，已按其单元格读取` };
  if (kind === 'cfb' && bytes.includes(Buffer.from('Book\0', 'utf16le')) && !bytes.includes(Buffer.from('Workbook', 'utf16le')))
    return { kind: 'workbook', xlsx, wb, note: `${name} 实为 Excel 5.0/95 工作簿（BIFF5），已按其代码页读取` };
  return { kind: 'workbook', xlsx, wb };
}
