/**
 * The spreadsheet beside a report (reports/<report>-附件.xlsx): every list too long for the
 * document, whole, one sheet each (documents/overflow.ts decides which), laid out for the 市 to
 * merge with other counties' books. Each sheet has a title row (the county, the period and the
 * 截至 date: 示例县低效闲置项目资产清单（2026年第三季度，截至2026年9月30日）), the document's column
 * headers in row 2 (frozen below the title, with the filter), each amount header with its unit
 * （万元）, the rows in the document's order, counts and amounts as numbers, dates as date cells
 * (yyyy-mm-dd), and columns as wide as their text. In a city a 县 column stands before the 乡镇.
 * A column no row fills (经营主体 when no ledger has it) is left out: the context does not say
 * which columns the ledgers had, and an empty column would read as “reported, nothing”.
 * Equal input gives equal bytes: the workbook's dates are the context's document date, and every
 * zip entry carries one timestamp (sheet/book.ts).
 */
import { streamedWorkbookBytes } from '../sheet/book.js';
import { A4_LANDSCAPE_PAGE_WIDE, HEADER_FILL, SONG, SONG_BOLD, thinBorder } from '../sheet/style.js';
import { displayWidth, wrappedLines } from '../sheet/width.js';
import type { BookHeading, OverflowBook, OverflowSheet, SheetColumn } from './documents/overflow.js';

type Writer = import('exceljs').stream.xlsx.WorkbookWriter;

const BORDER = thinBorder('FFBFBFBF');
const TITLE_FONT = { ...SONG, size: 14, bold: true } as const;
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
/** Row of the title, of the column headers; the data start below. */
const TITLE_ROW = 1;
const HEADER_ROW = 2;

const CN_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date cell's value: midnight UTC of the day (exceljs counts Excel's serial days in UTC). */
export function dateOf(text: string): Date | null {
  const m = CN_DATE.exec(text) ?? ISO_DATE.exec(text);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCDate() === Number(m[3]) ? date : null;
}

/** A cell's value; an empty text is an empty cell. */
function cellValue(text: string, format: SheetColumn['format']): string | number | Date | null {
  if (text === '') return null;
  if (format === 'text') return text;
  if (format === 'date') return dateOf(text) ?? text;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/** An amount's header names its unit: 约定分红 → 约定分红（万元）. */
export function headerOf(c: SheetColumn): string {
  return c.format === 'money' && !c.title.includes('（') ? `${c.title}（万元）` : c.title;
}

/** A sheet's title row: its list, the area, the period and the 截至 date. */
export function sheetHeading(sheet: OverflowSheet, h: BookHeading): string {
  // the list's title ends with its note: （截至2026年9月30日） or （2026年6月30日至2026年9月30日）
  const m = /^(.*?)（([^（）]*)）$/.exec(sheet.title);
  // (the sheet's amount headers carry their unit: the note's 金额单位 goes)
  const [title, note] = m ? [m[1]!, m[2]!.replace(/；金额单位：[^；]*$/, '')] : [sheet.title, `截至${h.asOf}`];
  const named = title.startsWith(h.area) ? title : `${h.area}${title}`;
  return `${named}（${h.period}，${note.includes(h.asOf) ? note : `${note}，截至${h.asOf}`}）`;
}

/**
 * The columns a sheet prints: the list's, less those no row fills, and in a city (rows carrying
 * their 县) a 县 column before the 乡镇; `township` cells then lose their 县 prefix.
 */
export function sheetLayout(sheet: OverflowSheet, countyWord: string): { columns: SheetColumn[]; city: boolean } {
  const all = sheet.total ? [...sheet.rows, sheet.total] : sheet.rows;
  const filled = (key: string) => all.some((r) => (r[key] ?? '') !== '');
  const city = sheet.rows.some((r) => (r.county ?? '') !== '') && sheet.columns.some((c) => c.key === 'township');
  const columns = sheet.rows.length ? sheet.columns.filter((c) => filled(c.key)) : [...sheet.columns];
  if (city) {
    const at = columns.findIndex((c) => c.key === 'township');
    const township = columns[at]!;
    columns.splice(
      at,
      1,
      { key: 'county', title: countyWord, format: 'text' },
      {
        ...township,
        title: township.title.split('/').at(-1)!,
      },
    );
  }
  return { columns, city };
}

/** The text of a cell as the sheet prints it (a city's 乡镇 without its 县). */
function cellText(r: Record<string, string>, key: string, city: boolean): string {
  const text = r[key] ?? '';
  if (city && key === 'township' && r.county && text.startsWith(r.county)) return text.slice(r.county.length);
  return text;
}

/** One sheet, row by row (the streaming writer keeps no rows in memory once committed). */
function writeSheet(wb: Writer, sheet: OverflowSheet, heading: BookHeading): void {
  const all = sheet.total ? [...sheet.rows, sheet.total] : sheet.rows;
  const { columns, city } = sheetLayout(sheet, heading.countyWord);
  const titles = columns.map(headerOf);
  const title = sheetHeading(sheet, heading);
  // widths first: the writer puts the columns before the rows (loops: a list may be long)
  const widths = columns.map((c, i) => {
    let w = displayWidth(titles[i]!);
    if (c.format === 'date') w = Math.max(w, 10);
    else for (const r of all) w = Math.max(w, displayWidth(cellText(r, c.key, city)));
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2));
  });
  const n = columns.length;
  const ws = wb.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      ...A4_LANDSCAPE_PAGE_WIDE,
      printTitlesRow: `${TITLE_ROW}:${HEADER_ROW}`,
      showGridLines: true,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = widths.map((width) => ({ width }));
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW + sheet.rows.length, column: n } };
  // the title over the table's width (the streaming writer merges before the rows are written)
  if (n > 1) ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, n);
  const titleRow = ws.getRow(TITLE_ROW);
  Object.assign(titleRow.getCell(1), {
    value: title,
    font: TITLE_FONT,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  });
  const tableWidth = widths.reduce((s, w) => s + w, 0);
  titleRow.height = 24 * wrappedLines(title, tableWidth, { scale: 1.3 });
  titleRow.commit();
  const header = ws.getRow(HEADER_ROW);
  titles.forEach((t, i) => {
    const cell = header.getCell(i + 1);
    cell.value = t;
    cell.font = SONG_BOLD;
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  header.commit();
  // data cells carry only what they need (a style per cell costs more than the rest of the sheet):
  // the sheet's grid lines, printed too, stand for borders
  all.forEach((r, k) => {
    const row = ws.getRow(HEADER_ROW + 1 + k);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const value = cellValue(cellText(r, c.key, city), c.format);
      cell.value = value;
      if (c.format === 'money') cell.numFmt = '0.00';
      else if (value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
    });
    if (r === sheet.total) row.font = SONG_BOLD;
    row.commit();
  });
  ws.commit();
}

/**
 * The .xlsx bytes of a report's spreadsheet; `documentDate` (ISO) dates the workbook and its zip
 * entries, `heading` names the area, period and as-of date in each sheet's title row.
 */
export async function renderOverflowBook(book: OverflowBook, documentDate: string, author: string, heading: BookHeading): Promise<Buffer> {
  // (exceljs is loaded only when a list overflows: the sample county's build never pays for it)
  return streamedWorkbookBytes({ title: book.title, company: author, date: new Date(documentDate) }, (wb) => {
    for (const sheet of book.sheets) writeSheet(wb, sheet, heading);
  });
}
