/**
 * The 月调度表 of the month holding the as-of date, as a workbook (reports/monthly-YYYY-MM.xlsx,
 * for the county office and the municipal one to add up in Excel) and a one-page PDF
 * (reports/monthly-YYYY-MM.pdf, pdf/monthlyPdf.ts). Both format the same sheet model
 * (documents/monthlySheet.ts), whose figures are the context's.
 *
 * The workbook has a sheet per table (分乡镇, 分主管部门), each printable alone: title (the county and
 * the month), 填报单位 and 截至日期 above a two-row header (frozen with the name column, the filter on
 * its lower row), amounts with their unit in the header, counts, amounts and rates as
 * numbers, the 合计 row and the notes; A4 landscape, fitted to one page. Equal input gives equal
 * bytes (the workbook's dates are the context's document date, every zip entry one timestamp).
 */
import type { ReportContext } from '../context.js';
import { type Destination, type OutputFile, outputFiles } from '../outputFiles.js';
import { buildMonthlySheet, type MonthlyColumn, type MonthlySheet, type MonthlyTable, monthlyValue } from './documents/monthlySheet.js';
import type { MonthlyRow } from '../context.js';
import type { FontChoice } from './pdf/fonts.js';
import { renderMonthlyPdf } from './pdf/monthlyPdf.js';
import { workbookBytes } from '../sheet/book.js';
import { A4_LANDSCAPE, HEADER_FILL, SONG, SONG_BOLD, thinBorder } from '../sheet/style.js';
import { displayWidth, wrappedLines } from '../sheet/width.js';

type Workbook = import('exceljs').Workbook;
type Worksheet = import('exceljs').Worksheet;

const TITLE_FONT = { ...SONG, size: 16, bold: true } as const;
const RED_FONT = { ...SONG_BOLD, color: { argb: 'FFFF0000' } } as const;
const BORDER = thinBorder('FF000000');
const NUMBER_FORMATS = { text: '@', count: '0', money: '0.00', percent: '0.0%' } as const;

/** Rows of a sheet above the table, and the two header rows. */
const TITLE_ROW = 1;
const UNIT_ROW = 2;
const HEADING_ROW = 3;
const HEADER_ROW = 4;
const FIRST_ROW = HEADER_ROW + 2;

/** The sheet's name: the table's heading without its number (分乡镇推进情况). */
function sheetNameOf(table: MonthlyTable): string {
  return table.heading.replace(/^[一二三四五六七八九十]+、/, '').slice(0, 31);
}

/** A column as the workbook prints it: a 月调度表 column, or a city's 县 and 乡镇 split from the name. */
interface PrintedColumn {
  title: string;
  group: string | null;
  format: MonthlyColumn['format'];
  value: (r: MonthlyRow) => string | number;
}

/**
 * The columns of a table as the workbook prints them: in a city the name column of the 乡镇 table
 * (甲县东山镇, under 县/乡镇) becomes a 县 column and a 乡镇 column, so the 市 can filter and add up by 县.
 */
function printedColumns(table: MonthlyTable, total: MonthlyRow): PrintedColumn[] {
  const cols: PrintedColumn[] = table.columns.map((c) => ({ ...c, value: (r: MonthlyRow) => monthlyValue(r, c.key) }));
  const counties = table.counties;
  if (!counties) return cols;
  const [countyWord = '县', townWord = '乡镇'] = table.columns[0]!.title.split('/');
  const countyOf = (r: MonthlyRow) => (r === total ? '' : (counties.find((c) => r.name.startsWith(c)) ?? ''));
  return [
    { title: countyWord, group: null, format: 'text', value: (r) => (r === total ? r.name : countyOf(r)) },
    { title: townWord, group: null, format: 'text', value: (r) => (r === total ? '' : r.name.slice(countyOf(r).length)) },
    ...cols.slice(1),
  ];
}

function writeTable(wb: Workbook, sheet: MonthlySheet, table: MonthlyTable): void {
  const cols = printedColumns(table, table.total);
  const n = cols.length;
  // the name columns stay in view (a city's 县 and 乡镇)
  const names = table.counties ? 2 : 1;
  const ws: Worksheet = wb.addWorksheet(sheetNameOf(table), {
    views: [{ state: 'frozen', xSplit: names, ySplit: FIRST_ROW - 1, activeCell: `${names === 2 ? 'C' : 'B'}${FIRST_ROW}` }],
    pageSetup: {
      ...A4_LANDSCAPE,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW + 1}`,
    },
  });
  const rows = [...table.rows, table.total];
  ws.columns = cols.map((c, i) => {
    // a header wraps (its unit below it, a long one over two lines)
    const title = displayWidth(c.title.split('（')[0]!);
    const header = (title <= 10 ? title : Math.ceil(title / 2)) + 2;
    const cells = rows.map((r) => displayWidth(String(c.value(r))) + 2);
    return { width: Math.min(40, Math.max(i < names ? 12 : 8, header, ...cells)) };
  });

  // title, 填报单位 and 截至日期, the table's heading (and the 示例数据 mark)
  ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, n);
  Object.assign(ws.getCell(TITLE_ROW, 1), {
    value: sheet.title,
    font: TITLE_FONT,
    alignment: { horizontal: 'center', vertical: 'middle' },
  });
  ws.getRow(TITLE_ROW).height = 30;
  const half = Math.ceil(n / 2);
  ws.mergeCells(UNIT_ROW, 1, UNIT_ROW, half);
  ws.mergeCells(UNIT_ROW, half + 1, UNIT_ROW, n);
  Object.assign(ws.getCell(UNIT_ROW, 1), { value: sheet.unit, font: SONG });
  Object.assign(ws.getCell(UNIT_ROW, half + 1), { value: sheet.asOf, font: SONG, alignment: { horizontal: 'right' } });
  ws.mergeCells(HEADING_ROW, 1, HEADING_ROW, n - 2);
  Object.assign(ws.getCell(HEADING_ROW, 1), { value: table.heading, font: SONG_BOLD });
  if (sheet.sampleMark) {
    ws.mergeCells(HEADING_ROW, n - 1, HEADING_ROW, n);
    Object.assign(ws.getCell(HEADING_ROW, n - 1), { value: sheet.sampleMark, font: RED_FONT, alignment: { horizontal: 'right' } });
  }

  // two header rows: a column without a group spans both; a group's header spans its columns
  // a column's unit on a line of its own: 应追缴分红 / （万元）
  const header = (row: number, col: number, value: string, unitBelow = true) =>
    Object.assign(ws.getCell(row, col), {
      value: unitBelow ? value.replace(/(?=（)/, '\n') : value,
      font: SONG_BOLD,
      fill: HEADER_FILL,
      border: BORDER,
      alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    });
  for (let i = 0; i < n; i++) {
    const c = cols[i]!;
    if (!c.group) {
      ws.mergeCells(HEADER_ROW, i + 1, HEADER_ROW + 1, i + 1);
      header(HEADER_ROW, i + 1, c.title);
      header(HEADER_ROW + 1, i + 1, c.title);
      continue;
    }
    header(HEADER_ROW + 1, i + 1, c.title);
    if (i === 0 || cols[i - 1]!.group !== c.group) {
      let end = i;
      while (end + 1 < n && cols[end + 1]!.group === c.group) end++;
      for (let k = i; k <= end; k++) header(HEADER_ROW, k + 1, c.group, false);
      if (end > i) ws.mergeCells(HEADER_ROW, i + 1, HEADER_ROW, end + 1);
    }
  }
  // the filter on the lower header row, over the rows without the 合计 (a sort would move it)
  ws.autoFilter = { from: { row: HEADER_ROW + 1, column: 1 }, to: { row: FIRST_ROW + table.rows.length - 1, column: n } };
  ws.getRow(HEADER_ROW).height = 22;
  ws.getRow(HEADER_ROW + 1).height = 36;

  // the rows and the 合计: numbers as numbers (a rate as a fraction shown as a percent)
  rows.forEach((r, k) => {
    const row = ws.getRow(FIRST_ROW + k);
    cols.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const v = c.value(r);
      cell.value = typeof v === 'number' && c.format === 'percent' ? Math.round(v * 10) / 1000 : v;
      if (typeof v === 'number') cell.numFmt = NUMBER_FORMATS[c.format];
      cell.font = r === table.total ? SONG_BOLD : SONG;
      cell.border = BORDER;
      cell.alignment = { horizontal: i < names ? 'left' : typeof v === 'number' ? 'right' : 'center', vertical: 'middle' };
    });
  });

  // the notes under the table, each over the table's width
  const notesAt = FIRST_ROW + rows.length + 1;
  Object.assign(ws.getCell(notesAt, 1), { value: '说明：', font: SONG });
  sheet.notes.forEach((note, k) => {
    const at = notesAt + 1 + k;
    ws.mergeCells(at, 1, at, n);
    Object.assign(ws.getCell(at, 1), { value: note, font: SONG, alignment: { wrapText: true, vertical: 'top' } });
    const width = ws.columns.reduce((s, c) => s + (c.width ?? 8), 0);
    ws.getRow(at).height = 15 * wrappedLines(note, width, { scale: 1.05 });
  });
}

/** The .xlsx bytes of the 月调度表; `documentDate` (ISO) dates the workbook and its zip entries. */
export async function renderMonthlyBook(sheet: MonthlySheet, documentDate: string): Promise<Buffer> {
  const { author: company, subject, keywords } = sheet.info;
  return workbookBytes({ title: sheet.title, company, subject, keywords, date: new Date(documentDate) }, (wb) => {
    for (const table of sheet.tables) writeTable(wb, sheet, table);
  });
}

/**
 * Write monthly-YYYY-MM.xlsx and .pdf through `to` (the run's files, or a folder), in its folder
 * `opts.folder` (reports/ in a build); returns the paths written and logs each with its size and
 * time, and the PDF's font size and layout.
 */
export function renderMonthly(ctx: ReportContext, to: Destination, opts: MonthlyOptions): Promise<string[]> {
  return outputFiles(to, opts.log).putAll(monthlyFiles(ctx, opts));
}

export interface MonthlyOptions {
  fonts: FontChoice;
  log: (line: string) => void;
  /** the folder its files go in (reports/ in a build) */
  folder?: string;
}

/** The files of renderMonthly, each made when the writer asks for the next. */
export async function* monthlyFiles(ctx: ReportContext, opts: MonthlyOptions): AsyncGenerator<OutputFile> {
  const at = (name: string) => (opts.folder ? `${opts.folder}/${name}` : name);
  const sheet = buildMonthlySheet(ctx);
  let since = performance.now();
  const xlsx = await renderMonthlyBook(sheet, ctx.meta.documentDate);
  yield { rel: at(`${sheet.baseName}.xlsx`), bytes: xlsx, logged: { since } };

  since = performance.now();
  const pdf = await renderMonthlyPdf({ sheet, fonts: opts.fonts, documentDate: ctx.meta.documentDate });
  yield {
    rel: at(`${sheet.baseName}.pdf`),
    bytes: pdf.bytes,
    logged: { since, note: `；${pdf.pages}页，表格字号${pdf.fontSize}磅，${pdf.sideBySide ? '两表并排' : '两表上下排列'}` },
  };
  if (pdf.pages > 1) opts.log(`警告：月调度表的行数太多，PDF 排成一页时字号过小，已排为${pdf.pages}页`);
}
