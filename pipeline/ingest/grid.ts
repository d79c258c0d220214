/**
 * A ledger file as the clerk sees it: every sheet, every row as text, title and blank lines
 * included, so that row i of the grid is spreadsheet row i + 1 — the row numbers of the messages.
 * The annotated ledgers (annotate/) are drawn from it.
 *
 * CSV is read by the same decoding and record scan as scanSources (readCsvRows); workbooks are read with SheetJS through the same
 * `sheetRows` (merged cells filled, dates as YYYY-MM-DD, formulas by their value).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openWorkbook } from './sheetjs.js';
import { findHeader, HEADER_SEARCH_ROWS } from './header.js';
import { readCsvRows, sheetRows, usesDate1904, WORKBOOK } from './sources.js';

/** A merged range, 0-based and inclusive. */
export interface GridRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface LedgerSheet {
  /** the sheet's name; for CSV the file's name without its extension */
  name: string;
  /** row 0 = spreadsheet row 1 */
  rows: string[][];
  /** merged ranges of a workbook sheet (their cells all hold the value of the top-left one) */
  merges: GridRange[];
}

export interface LedgerGrid {
  /** a workbook (its sheets are named in messages when there are several) rather than a CSV file */
  workbook: boolean;
  sheets: LedgerSheet[];
}

/** Read a ledger file (absolute path; relPath as in messages) into its grid. */
export async function readLedgerGrid(absPath: string, relPath: string): Promise<LedgerGrid> {
  const bytes = readFileSync(absPath);
  // opened as scanSources opens it: by what the bytes are (a .xls that is CSV text is read as CSV)
  const opened = WORKBOOK.test(relPath) ? await openWorkbook(bytes, relPath) : null;
  if (opened?.kind === 'problem') throw new Error(opened.message);
  if (opened?.kind === 'workbook') {
    const { xlsx, wb } = opened;
    const date1904 = usesDate1904(wb);
    return {
      workbook: true,
      sheets: wb.SheetNames.map((name) => {
        const ws = wb.Sheets[name]!;
        const merges = (ws['!merges'] ?? []).map((m) => ({ top: m.s.r, left: m.s.c, bottom: m.e.r, right: m.e.c }));
        return { name, rows: sheetRows(xlsx, ws, date1904), merges };
      }),
    };
  }
  const rows = readCsvRows(bytes);
  return { workbook: false, sheets: [{ name: path.basename(relPath).replace(/\.[^.]*$/, ''), rows, merges: [] }] };
}

/**
 * 0-based rows of the header (first and last: a header may span up to three rows), found as
 * scanSources finds it (findHeader), or null.
 */
export function headerRows(rows: string[][]): { first: number; last: number } | null {
  const found = findHeader(rows.slice(0, HEADER_SEARCH_ROWS + 2));
  return found ? { first: found.first, last: found.last } : null;
}

/** 0-based index of the header's first row (headerRows), or -1. */
export function headerRowIndex(rows: string[][]): number {
  return headerRows(rows)?.first ?? -1;
}
