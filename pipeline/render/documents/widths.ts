/**
 * Table column widths from the content, for the PDF (measured with the embedded fonts) and the
 * Word file (estimated from the characters): each column gets at least what it cannot do without —
 * a cell that never breaks (project number, date, amount) its widest cell, a header its longer
 * half, a text column a few characters — and the rest of the table's width goes to the columns
 * whose text would otherwise wrap, in proportion to how much more they would take on one line. So
 * 项目名称 is never one character wide next to an empty column, and a long list takes as few lines
 * (and pages) as its text allows.
 */

export interface ColumnNeed {
  /** width below which the column cannot go (its unbreakable content, its header's longer half) */
  min: number;
  /** width of its widest cell (at least `min`) */
  max: number;
  /** width of its header on one line, given when the rows leave room for it (at least `max`) */
  ideal?: number;
  /** its cells never break (project number, date, amount): it keeps `min` when the others must give */
  hard?: boolean;
}

/**
 * Widths summing to `total` (the columns' content widths, padding excluded): every column its
 * `max` when all fit, then as many headers on one line (`ideal`) as the slack allows, the rest
 * of the slack shared by the widths; else every column its `min`, then
 * the columns wanting least more their `max` while the rest allows, and what is left shared by
 * the others in proportion to what they still want (`max − min`); when even the minimums do not fit,
 * the columns that never break keep theirs and the others share the rest in proportion to theirs
 * (only when even the unbreakable ones do not fit are all scaled down, and cells overrun).
 */
export function fitWidths(needs: readonly ColumnNeed[], total: number): number[] {
  const cols = needs.map((n) => ({ min: Math.max(0, n.min), max: Math.max(n.min, n.max, 0) }));
  const sumMax = cols.reduce((s, c) => s + c.max, 0);
  const sumMin = cols.reduce((s, c) => s + c.min, 0);
  if (cols.length === 0) return [];
  if (sumMax <= total) {
    // room for every cell on one line: then the headers on one line, those wanting least first;
    // the slack left goes with the widths (never to a column of nothing)
    const widths = cols.map((c) => c.max);
    let slack = total - sumMax;
    const more = needs.map((n, i) => Math.max(0, (n.ideal ?? 0) - widths[i]!));
    for (const i of more.map((_, i) => i).sort((a, b) => more[a]! - more[b]! || a - b)) {
      if (more[i]! > slack) break;
      widths[i]! += more[i]!;
      slack -= more[i]!;
    }
    const sum = widths.reduce((s, w) => s + w, 0);
    return sum > 0 ? widths.map((w) => w + (slack * w) / sum) : cols.map(() => total / cols.length);
  }
  if (sumMin <= total) {
    // the columns that want least first get all they want (a short name on one line saves a line
    // in every row), then the rest is shared by the others in proportion to what they still want
    const widths = cols.map((c) => c.min);
    let spare = total - sumMin;
    const order = cols.map((_, i) => i).sort((a, b) => cols[a]!.max - cols[a]!.min - (cols[b]!.max - cols[b]!.min) || a - b);
    const open: number[] = [];
    for (const i of order) {
      const want = cols[i]!.max - cols[i]!.min;
      if (open.length === 0 && want <= spare) {
        widths[i] = cols[i]!.max;
        spare -= want;
      } else open.push(i);
    }
    const wanted = open.reduce((s, i) => s + cols[i]!.max - cols[i]!.min, 0);
    for (const i of open) widths[i]! += (spare * (cols[i]!.max - cols[i]!.min)) / wanted;
    return widths;
  }
  // the minimums do not fit (a list of many columns): the columns that never break keep theirs, and
  // those that wrap share what is left in proportion to theirs (their text takes more lines)
  const hardSum = cols.reduce((s, c, i) => s + (needs[i]!.hard ? c.min : 0), 0);
  if (hardSum < total && hardSum > 0) {
    const soft = (total - hardSum) / (sumMin - hardSum);
    return cols.map((c, i) => (needs[i]!.hard ? c.min : c.min * soft));
  }
  return cols.map((c) => (c.min * total) / sumMin);
}

/** What a column must and would like to have, from its header and its cells measured by `measure`. */
export function columnNeed(
  header: string,
  cells: readonly string[],
  noBreak: boolean,
  measure: (text: string, bold: boolean) => number,
  /** the least width of a column that may wrap, in the width of this many CJK characters */
  minChars = 4,
): ColumnNeed {
  // a header of more than two characters may wrap in its middle (约定/分红), never inside its
  // unit: 投入资金 / （万元）
  const [words = '', ...unit] = header.split(/(?=（)/);
  const chars = [...words];
  const half = chars.length <= 2 ? words : chars.slice(0, Math.ceil(chars.length / 2)).join('');
  const headerMin = Math.max(measure(half, true), ...unit.map((u) => measure(u, true)));
  const headerMax = Math.max(measure(words, true), ...unit.map((u) => measure(u, true)));
  let widest = 0;
  for (const c of cells) widest = Math.max(widest, measure(c, false));
  // a header on one line matters less than the cells on one line: it is only one row
  if (noBreak) {
    const min = Math.max(headerMin, widest);
    return { min, max: min, ideal: Math.max(headerMax, min), hard: true };
  }
  const wrapMin = Math.min(widest, measure('国'.repeat(minChars), false));
  const min = Math.max(headerMin, wrapMin);
  const max = Math.max(min, widest);
  return { min, max, ideal: Math.max(headerMax, max) };
}

/** A table as attachmentWidths reads it (documents/tables.ts Attachment). */
interface MeasuredTable {
  columns: readonly { key: string; title: string; noBreak: boolean }[];
  rows: readonly Record<string, string>[];
  total: Record<string, string> | null;
}

/**
 * An attachment's column widths, fitted into `free`: each column's need from its header and its
 * cells, the 合计 row's included, as `measure` gives them (the PDF by its fonts, Word by estimate).
 */
export function attachmentWidths(a: MeasuredTable, measure: (text: string, bold: boolean) => number, free: number): number[] {
  const cells = [...a.rows, ...(a.total ? [a.total] : [])];
  return fitWidths(
    a.columns.map((c) =>
      columnNeed(
        c.title,
        cells.map((r) => r[c.key] ?? ''),
        c.noBreak,
        measure,
      ),
    ),
    free,
  );
}

/**
 * Width of `text` in em of the font size, as a word processor draws 宋体/仿宋: a CJK character or
 * full-width sign one em, a Latin letter, digit or sign 0.62 (wide enough for the Latin faces word processors fall back to) (the Word file's estimate; the
 * PDF measures with its fonts).
 */
export function estimateEm(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    w += cp < 0x2e80 && !(cp >= 0x2010 && cp <= 0x201f) ? 0.62 : 1;
  }
  return w;
}
