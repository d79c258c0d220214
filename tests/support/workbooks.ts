/**
 * The sample's own workbook (data/05-石峡乡-示例数据.xlsx) saved the ways other programs save it:
 * each variant is the same ledger, patched in its XML as the real writer leaves it, so that a test
 * can ask for exactly the sample's figures or an exact refusal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { computeContext } from '../../pipeline/run.js';
import { tempDir } from './ledger.js';

export { patchXlsx, withDate1904 } from '../../scripts/xlsxPatch.js';

export const SAMPLE_WORKBOOK = '05-石峡乡-示例数据.xlsx';
/** The sample's date (profile.yaml asOf). */
export const AS_OF = '2026-09-30';
export const SAMPLE_SHEET = 'xl/worksheets/sheet1.xml';

export function sampleWorkbook(): Buffer {
  return readFileSync(path.join('data', SAMPLE_WORKBOOK));
}

/** A data folder holding `files` (name → bytes). */
export function folderWith(files: Record<string, Buffer | string>): string {
  const dir = tempDir('sgyp-wb-');
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
  return dir;
}

/** The figures a test compares: totals, categories, warnings, the rows of each file. */
export async function figuresOf(dir: string) {
  const ctx = await computeContext({ dataDir: dir, asOf: AS_OF });
  return {
    total: ctx.total,
    byCategory: ctx.byCategory,
    warnings: ctx.warnings.list.items.map((w) => [w.id, w.level, w.reasons]),
    projects: ctx.projects.map((p) => JSON.stringify(p)),
    files: ctx.rows.files.map((f) => [f.sheet, f.headerLine, f.read, f.counted, f.leftOut, f.blank, f.total, f.notes]),
  };
}

/**
 * An Excel 5.0/95 workbook (BIFF5), as Excel 95 or WPS's “Excel 95 工作簿” wrote it: one sheet,
 * every cell a LABEL (text in the workbook's code page, CODEPAGE record 936 = GBK on Chinese
 * Windows) or a NUMBER, in the “Book” stream of a compound file. Built record by record: no
 * library writes BIFF5 with Chinese text (SheetJS writes it Latin-1, LibreOffice no longer writes it).
 */
export async function biff5Workbook(sheet: string, rows: (string | number)[][], codepage = 936): Promise<Buffer> {
  const iconv = (await import('iconv-lite')).default;
  const XLSX = await import('@e965/xlsx');
  const encode = (s: string) => iconv.encode(s, codepage === 936 ? 'gbk' : `cp${codepage}`);
  const record = (type: number, body: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(type, 0);
    head.writeUInt16LE(body.length, 2);
    return Buffer.concat([head, body]);
  };
  const u16 = (...values: number[]) => {
    const b = Buffer.alloc(2 * values.length);
    for (const [i, v] of values.entries()) b.writeUInt16LE(v, 2 * i);
    return b;
  };
  const bof = (dt: number) => record(0x0809, u16(0x0500, dt, 0x0dbb, 0x07cc));
  const eof = record(0x000a, Buffer.alloc(0));
  // the sheet's stream: BOF, DIMENSIONS, one LABEL or NUMBER a filled cell, EOF
  const cells: Buffer[] = [];
  for (const [r, row] of rows.entries()) {
    for (const [c, v] of row.entries()) {
      if (v === '') continue;
      if (typeof v === 'number') {
        const n = Buffer.alloc(8);
        n.writeDoubleLE(v, 0);
        cells.push(record(0x0203, Buffer.concat([u16(r, c, 0), n])));
      } else {
        const text = encode(v);
        cells.push(record(0x0204, Buffer.concat([u16(r, c, 0, text.length), text])));
      }
    }
  }
  const width = Math.max(...rows.map((r) => r.length));
  const sheetStream = Buffer.concat([bof(0x0010), record(0x0200, u16(0, rows.length, 0, width, 0)), ...cells, eof]);
  // the globals: BOF, CODEPAGE, BOUNDSHEET (its offset is where the sheet's BOF starts), EOF
  const name = encode(sheet);
  const boundsheet = (offset: number) => {
    const pos = Buffer.alloc(4);
    pos.writeUInt32LE(offset, 0);
    return record(0x0085, Buffer.concat([pos, u16(0), Buffer.from([name.length]), name]));
  };
  const globalsLength = bof(0x0005).length + record(0x0042, u16(codepage)).length + boundsheet(0).length + eof.length;
  const globals = Buffer.concat([bof(0x0005), record(0x0042, u16(codepage)), boundsheet(globalsLength), eof]);
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, 'Book', Buffer.concat([globals, sheetStream]));
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}
