/**
 * One annotated ledger: a first sheet 错误清单 listing the file's errors, then the ledger as received
 * (every sheet, every row at its own row number) with each bad cell filled red and carrying the
 * message as a note. Written with exceljs's streaming writer, so a long ledger is not held as
 * cell objects in memory.
 */
import { shownValue, type Problem } from '../errors.js';
import { headerRows, type LedgerGrid, type LedgerSheet } from '../ingest/grid.js';
import { columnLetter } from '../ingest/header.js';
import { CREATOR, workbookWriter } from '../sheet/book.js';
import { A4_LANDSCAPE, A4_LANDSCAPE_PAGE_WIDE, CALIBRI, HEADER_FILL, solidFill } from '../sheet/style.js';
import { displayWidth, wrappedLines } from '../sheet/width.js';

/** A problem of this file, with the sheet it names (multi-sheet workbooks) or null. */
export interface FileProblem {
  problem: Problem;
  sheet: string | null;
}

export interface AnnotateInfo {
  /** the ledger as messages name it (relative to the data folder) */
  relPath: string;
  /** e.g. `sgyp check` */
  command: string;
  /** when the run happened */
  at: Date;
}

const LIST_SHEET = '错误清单';
/** Excel's light red with dark red text (“Bad” cell style). */
const BAD_FILL = solidFill('FFFFC7CE');
const BAD_FONT = { ...CALIBRI, color: { argb: 'FF9C0006' } } as const;
/** the rest of a row whose problem names no cell */
const ROW_FILL = solidFill('FFFFEBEE');
/** Excel's limits for a sheet */
const MAX_ROWS = 1_048_576;
const MAX_COLUMN_WIDTH = 40;

/** Where a problem lands in its sheet: a cell (0-based column) or the whole row (column null). */
interface Mark {
  sheet: number;
  row: number;
  column: number | null;
  note: string;
}

/** Write the annotated workbook of one ledger file to `file`. */
export async function writeAnnotatedWorkbook(file: string, grid: LedgerGrid, problems: FileProblem[], info: AnnotateInfo): Promise<void> {
  const wb = await workbookWriter(file);
  wb.creator = CREATOR;
  wb.created = info.at;

  const names = sheetNames(grid.sheets);
  const located = problems.map((fp) => locate(grid, fp));
  const multiSheet = grid.workbook && grid.sheets.length > 1;

  // 错误清单: a line on what this is, the table of errors, each linked to its cell.
  const columns = [
    { header: '序号', width: 6 },
    ...(multiSheet ? [{ header: '工作表', width: 14 }] : []),
    { header: '行', width: 7 },
    { header: '列', width: 22 },
    { header: '值', width: 24 },
    { header: '问题及应填写', width: 64 },
    { header: '位置', width: 12 },
  ];
  const list = wb.addWorksheet(LIST_SHEET, {
    views: [{ state: 'frozen', ySplit: 3 }],
    properties: { tabColor: { argb: 'FFC00000' } },
    pageSetup: A4_LANDSCAPE_PAGE_WIDE,
  });
  list.columns = columns.map((c) => ({ width: c.width }));
  const title = list.getRow(1);
  title.getCell(1).value = `台账“${info.relPath}”共 ${problems.length} 处错误（${info.command}，${stamp(info.at)} 运行）`;
  title.getCell(1).font = { ...CALIBRI, bold: true, size: 12 };
  title.commit();
  const hint = list.getRow(2);
  hint.getCell(1).value = located.some((m) => m)
    ? '后面的工作表是收到的台账原样，行号与原台账一致；红色单元格为出错处，鼠标指向可看说明。请在原台账中改正后重新报送。'
    : '以上错误涉及整个文件，没有标在单元格上；后面的工作表是收到的台账原样。请在原台账中改正后重新报送。';
  hint.getCell(1).font = { ...CALIBRI, color: { argb: 'FF595959' } };
  hint.commit();
  const head = list.getRow(3);
  columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.header;
    cell.font = { ...CALIBRI, bold: true };
    cell.fill = HEADER_FILL;
    cell.border = { bottom: { style: 'thin' } };
  });
  head.commit();
  problems.forEach(({ problem: p, sheet }, i) => {
    const row = list.getRow(4 + i);
    const mark = located[i];
    const values: (string | number | null)[] = [
      i + 1,
      ...(multiSheet ? [sheet ?? ''] : []),
      p.line,
      p.column ?? '',
      p.value == null ? '' : shownValue(p.value),
      p.message,
    ];
    values.forEach((v, k) => {
      if (v !== null && v !== '') row.getCell(k + 1).value = v;
      row.getCell(k + 1).alignment = { vertical: 'top' };
    });
    // rows as tall as the wrapped message (Excel does not grow them when opening the file)
    row.getCell(values.length).alignment = { wrapText: true, vertical: 'top' };
    row.height = 15 * wrappedLines(p.message, columns[values.length - 1]!.width - 2);
    if (mark) {
      const ref = `${columnLetter(mark.column ?? 0)}${mark.row + 1}`;
      const name = names[mark.sheet]!;
      row.getCell(values.length + 1).value = {
        text: multiSheet ? `${name}!${ref}` : ref,
        hyperlink: `#'${name.replace(/'/g, "''")}'!${ref}`,
      };
      row.getCell(values.length + 1).font = { ...CALIBRI, color: { argb: 'FF0563C1' }, underline: true };
    }
    row.commit();
  });
  list.commit();

  grid.sheets.forEach((sheet, index) => {
    writeLedgerSheet(
      wb,
      names[index]!,
      sheet,
      located.filter((m): m is Mark => m?.sheet === index),
    );
  });
  await wb.commit();
}

type Writer = import('exceljs').stream.xlsx.WorkbookWriter;

function writeLedgerSheet(wb: Writer, name: string, sheet: LedgerSheet, marks: Mark[]): void {
  const rows = sheet.rows.slice(0, MAX_ROWS);
  const headerSpan = headerRows(rows);
  const header = headerSpan ? headerSpan.last : -1;
  // (loops, not Math.max(...spread): a ledger may have a million rows)
  let width = 0;
  for (const r of rows) width = Math.max(width, r.length);
  for (const m of marks) width = Math.max(width, (m.column ?? 0) + 1);
  const ws = wb.addWorksheet(name, {
    views: header >= 0 ? [{ state: 'frozen', ySplit: header + 1 }] : [],
    properties: marks.length ? { tabColor: { argb: 'FFC00000' } } : {},
    // printed at full size: a ledger of forty columns fitted to one page width cannot be read
    pageSetup: A4_LANDSCAPE,
  });
  // widths from the header down: a title above it spans many columns and should not widen the first
  ws.columns = Array.from({ length: width }, (_, c) => ({ width: columnWidth(rows, headerSpan ? headerSpan.first : 0, c) }));

  // marks by row: cell notes (several problems in one cell share its note) and whole rows
  const byRow = new Map<number, { cells: Map<number, string[]>; rowNotes: string[] }>();
  for (const m of marks) {
    const entry = byRow.get(m.row) ?? { cells: new Map<number, string[]>(), rowNotes: [] as string[] };
    byRow.set(m.row, entry);
    if (m.column == null) entry.rowNotes.push(m.note);
    else entry.cells.set(m.column, [...(entry.cells.get(m.column) ?? []), m.note]);
  }

  // A merged range is merged again unless a marked cell lies in it (then every cell shows its own value).
  for (const g of sheet.merges) {
    const marked = marks.some((m) => m.row >= g.top && m.row <= g.bottom && (m.column ?? 0) >= g.left && (m.column ?? 0) <= g.right);
    if (!marked && g.bottom < rows.length) ws.mergeCells(g.top + 1, g.left + 1, g.bottom + 1, g.right + 1);
  }

  const last = marks.reduce((n, m) => Math.max(n, m.row + 1), rows.length);
  for (let r = 0; r < last; r++) {
    const cells = rows[r] ?? [];
    const marked = byRow.get(r);
    if (!cells.some((c) => c !== '') && !marked) continue;
    const row = ws.getRow(r + 1);
    cells.forEach((text, c) => {
      if (text !== '') row.getCell(c + 1).value = text;
    });
    const inHeader = headerSpan !== null && r >= headerSpan.first && r <= headerSpan.last;
    if (inHeader) for (let c = 0; c < cells.length; c++) row.getCell(c + 1).font = { ...CALIBRI, bold: true };
    if (marked) {
      if (marked.rowNotes.length) {
        for (let c = 1; c < width; c++) row.getCell(c + 1).fill = ROW_FILL;
        const first = marked.cells.get(0) ?? [];
        marked.cells.set(0, [...marked.rowNotes, ...first]);
      }
      for (const [c, notes] of marked.cells) {
        const cell = row.getCell(c + 1);
        cell.fill = BAD_FILL;
        cell.font = { ...BAD_FONT, bold: inHeader };
        cell.note = notes.join('\n');
      }
    }
    row.commit();
  }
  ws.commit();
}

/** Where a problem is shown in the grid; null when it names no row (or a sheet the grid lacks). */
function locate(grid: LedgerGrid, { problem: p, sheet }: FileProblem): Mark | null {
  if (p.line == null || p.line < 1) return null;
  const index = sheet == null ? (grid.sheets.length === 1 ? 0 : -1) : grid.sheets.findIndex((s) => s.name === sheet);
  if (index < 0) return null;
  const rows = grid.sheets[index]!.rows;
  const row = p.line - 1;
  // the cell the header finder placed the column at (load/validate.ts); by its header text only for a
  // problem found before the columns were mapped (a header problem, a file DuckDB could not read)
  const column = p.columnIndex ?? (p.column == null ? null : columnIndex(rows, row, p.column));
  const value = p.value == null ? '' : `，值“${shownValue(p.value)}”`;
  const label = p.column ? `列“${p.column}”${value}：` : '';
  return { sheet: index, row, column, note: `${label}${p.message}` };
}

/**
 * The column of a header text for a problem in row `row` that carries no columnIndex: found in the header rows at or above it
 * (from the first row with 项目编号 and 项目名称, over up to three rows: headerRows). null when no
 * such cell is found: then the problem marks the row.
 */
function columnIndex(rows: string[][], row: number, column: string): number | null {
  const span = headerRows(rows);
  if (!span || span.first > row) return null;
  const wanted = column.trim();
  for (let r = span.first; r <= Math.min(span.last, row); r++) {
    const c = (rows[r] ?? []).findIndex((cell) => cell.trim() === wanted);
    if (c >= 0) return c;
  }
  return null;
}

/** Sheet names Excel accepts: at most 31 characters, none of \ / ? * [ ] :, unique, never 错误清单. */
function sheetNames(sheets: LedgerSheet[]): string[] {
  const taken = new Set([LIST_SHEET]);
  return sheets.map((s) => {
    const base =
      s.name
        .replace(/[\\/?*[\]:]/g, '_')
        .replace(/^'|'$/g, '_')
        .slice(0, 31) || '台账';
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 27)}（${n}）`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/**
 * Width of column c in characters, from row `from` down: its longest cell, within 6–40. A line
 * with a single cell (a note such as 填表说明 under the table) runs over its neighbours and is not measured.
 */
function columnWidth(rows: string[][], from: number, c: number): number {
  let widest = 0;
  const limit = Math.min(rows.length, from + 2000);
  for (let r = from; r < limit && widest < MAX_COLUMN_WIDTH; r++) {
    const cells = rows[r] ?? [];
    if (cells.filter((x) => x !== '').length > 1) widest = Math.max(widest, displayWidth(cells[c] ?? ''));
  }
  return Math.min(MAX_COLUMN_WIDTH, Math.max(6, widest + 2));
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function stamp(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}
