/**
 * The spreadsheet beside a report (reports/<report>-附件.xlsx): every list too long for the
 * document, whole, one sheet each (documents/overflow.ts decides which). Each sheet has the
 * document's column headers in row 1 (frozen, with a filter), the rows in the document's order,
 * counts and amounts as numbers, and columns as wide as their text. Equal input gives equal bytes:
 * the workbook's dates are the context's document date, and every zip entry carries one timestamp
 * (word/package.ts, as for the .docx).
 */
import { PassThrough } from 'node:stream';
import type { OverflowBook, OverflowSheet, SheetColumn } from './documents/model.js';
import { generateZip, zipDate } from './word/package.js';
import PizZip from 'pizzip';

type Writer = import('exceljs').stream.xlsx.WorkbookWriter;

/** exceljs's default font, named in every font set (a font without a name falls back to a serif face). */
const FONT = { name: '宋体', family: 2, size: 11 } as const;
const BOLD = { ...FONT, bold: true } as const;
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } } as const;
const THIN = { style: 'thin', color: { argb: 'FFBFBFBF' } } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN } as const;
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

/** Display width in Excel's character units: a Chinese character counts two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) < 0x2e80 ? 1 : 2;
  return w;
}

function cellValue(text: string, format: SheetColumn['format']): string | number {
  if (format === 'text' || text === '') return text;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/** One sheet, row by row (the streaming writer keeps no rows in memory once committed). */
function writeSheet(wb: Writer, sheet: OverflowSheet): void {
  const all = sheet.total ? [...sheet.rows, sheet.total] : sheet.rows;
  // widths first: the writer puts the columns before the rows (loops: a list may be long)
  const widths = sheet.columns.map((c) => {
    let w = displayWidth(c.title);
    for (const r of all) w = Math.max(w, displayWidth(r[c.key] ?? ''));
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2));
  });
  const ws = wb.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', ySplit: 1, activeCell: 'A2' }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
      showGridLines: true,
    },
    headerFooter: { oddHeader: `&C${sheet.title.replace(/&/g, '&&')}`, oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = widths.map((width) => ({ width }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + sheet.rows.length, column: sheet.columns.length } };
  const header = ws.getRow(1);
  sheet.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.title;
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  header.commit();
  // data cells carry only what they need (a style per cell costs more than the rest of the sheet):
  // the sheet's grid lines, printed too, stand for borders
  all.forEach((r, n) => {
    const row = ws.getRow(n + 2);
    sheet.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.value = cellValue(r[c.key] ?? '', c.format);
      if (c.format === 'money') cell.numFmt = '0.00';
    });
    if (r === sheet.total) row.font = BOLD;
    row.commit();
  });
  ws.commit();
}

/** The .xlsx bytes of a report's spreadsheet; `documentDate` (ISO) dates the workbook and its zip entries. */
export async function renderOverflowBook(book: OverflowBook, documentDate: string, author: string): Promise<Buffer> {
  // loaded only when a list overflows: the sample county's build never pays for exceljs
  const ExcelJS = (await import('exceljs')).default;
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  // shared strings, as Excel, WPS and LibreOffice write them
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  const date = new Date(documentDate);
  wb.creator = 'sgyp';
  wb.lastModifiedBy = 'sgyp';
  wb.company = author;
  wb.title = book.title;
  wb.created = date;
  wb.modified = date;
  for (const sheet of book.sheets) writeSheet(wb, sheet);
  await wb.commit();
  // one timestamp on every zip entry, as for the .docx (the writer stamps the time of writing)
  return generateZip(new PizZip(Buffer.concat(chunks)), zipDate(documentDate));
}
