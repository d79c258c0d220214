import type { Problem } from '../errors.js';
import type { Category } from '../vocabulary.js';
import {
  COLUMN_BY_KEY,
  COLUMNS,
  type ColumnDef,
  isHint,
  matchCategoryLabel,
  matchColumn,
  matchCountyColumn,
  matchHeader,
  normalizeHeader,
  notReadReason,
  unitOf,
} from './columns.js';

export interface HeaderMap {
  /** ledger column key → 0-based index in the file's columns, and the header as written */
  columns: Map<string, { index: number; header: string; yuan?: boolean }>;
  /** one-hot category columns (大足 layout) */
  oneHot: { index: number; header: string; category: Category }[];
  /** the 县 column of a city's ledger (columns.ts COUNTY_COLUMN), read only at level city */
  county?: { index: number; header: string };
  width: number;
  /** cells a row needs to reach every ledger column (the last one's index + 1) */
  needed: number;
  /**
   * header cells read as nothing, each named in the log: not recognised (reason null), or known and
   * not read (the reason); 序号 and 备注 are not among them (columns.ts NOT_READ)
   */
  unread: { index: number; header: string; reason: string | null }[];
  /** two header cells naming one column: an input error naming both */
  duplicates: { key: string; first: HeaderCell; second: HeaderCell }[];
  /** 0-based indexes of the empty header cells (a filled column under one is an input error) */
  blank: number[];
  /**
   * header cells that repeat the label on their left (a label merged across columns): not a second
   * column for the field; a cell under one filled otherwise than the cell of column `of` is an input error
   */
  spans: { index: number; of: number }[];
}

/** Rows searched for the header line. */
export const HEADER_SEARCH_ROWS = 50;

/** A header cell: 0-based column and the label as written (on one line). */
export interface HeaderCell {
  index: number;
  header: string;
}

/** A header cell as a label: a label typed over two lines (Alt+Enter) is shown on one in messages. */
export function label(raw: string | undefined): string {
  return (raw ?? '').replace(/\s*[\r\n]+\s*/g, '').trim();
}

/** Map a header row's cells to ledger columns; null if it is not the header. */
export function mapHeader(cells: string[]): HeaderMap | null {
  const columns: HeaderMap['columns'] = new Map();
  const oneHot: HeaderMap['oneHot'] = [];
  const unread: HeaderMap['unread'] = [];
  const duplicates: HeaderMap['duplicates'] = [];
  const blank: number[] = [];
  const spans: HeaderMap['spans'] = [];
  const fallbacks: { key: string; index: number; header: string; yuan: boolean; rank: number }[] = [];
  let county: HeaderMap['county'];
  cells.forEach((raw, index) => {
    const header = label(raw);
    if (!header) {
      blank.push(index);
      return;
    }
    const match = matchHeader(header);
    if (match?.fallback) fallbacks.push({ key: match.col.key, index, header, yuan: match.yuan, rank: match.rank });
    else if (match) {
      const seen = columns.get(match.col.key);
      if (!seen) columns.set(match.col.key, { index, header, ...(match.yuan ? { yuan: true } : {}) });
      // the label of the column on the left once more: one label merged across columns (SheetJS fills each)
      else if (header === label(cells[index - 1]) && (seen.index === index - 1 || spans.some((x) => x.index === index - 1)))
        spans.push({ index, of: seen.index });
      // personal data is never read: a second 联系人及电话 column is carried along
      else if (match.col.kind !== 'personal') duplicates.push({ key: match.col.key, first: seen, second: { index, header } });
    } else {
      const category = matchCategoryLabel(header);
      if (category) oneHot.push({ index, header, category });
      else if (!county && matchCountyColumn(header)) county = { index, header };
      else {
        const reason = notReadReason(header);
        if (reason !== null) unread.push({ index, header, reason: reason ?? null });
      }
    }
  });
  // 资产编号, 项目总投资 … stand for their column only where the ledger has no header of its own (columns.ts FALLBACK_ALIASES)
  fallbacks.sort((x, y) => x.rank - y.rank || x.index - y.index);
  for (const f of fallbacks) {
    const seen = columns.get(f.key);
    if (seen) unread.push({ index: f.index, header: f.header, reason: `已有“${seen.header}”列，未读取` });
    else columns.set(f.key, { index: f.index, header: f.header, ...(f.yuan ? { yuan: true } : {}) });
  }
  unread.sort((x, y) => x.index - y.index);
  if (!columns.has('id') || !columns.has('name')) return null;
  const indexes = [...[...columns.values()].map((c) => c.index), ...oneHot.map((o) => o.index)];
  return {
    columns,
    oneHot,
    width: cells.length,
    needed: Math.max(...indexes) + 1,
    unread,
    duplicates,
    blank,
    spans,
    ...(county ? { county } : {}),
  };
}

/** The labels of a header over two rows (twoRowHeader), one per column. */
function twoRowCells(upper: string[], lower: string[]): string[] {
  const width = Math.max(upper.length, lower.length);
  return Array.from({ length: width }, (_, i) => {
    const u = (upper[i] ?? '').trim();
    const l = (lower[i] ?? '').trim();
    if (!l || l === u) return u;
    // a unit given once in the group label (金额（元） above 投入帮扶资金) holds for the columns below
    const unit = /[（(](万元|元)[）)]$/.exec(u)?.[0];
    return unit && !/[（(].*[）)]$/.test(l) ? `${l}${unit}` : l;
  });
}

/**
 * A header over two rows (大足 附件3: 项目现状 merged above 优势类/薄弱类/闲置类/淘汰类): the label
 * below a group label names the column, a cell merged down over both rows keeps its label. Taken
 * only when the second row names columns the first does not: a data row never does.
 */
export function twoRowHeader(upper: string[], lower: string[], upperMap: HeaderMap): HeaderMap | null {
  const merged = mapHeader(twoRowCells(upper, lower));
  if (!merged) return null;
  const size = (h: HeaderMap) => h.columns.size + h.oneHot.length;
  return size(merged) > size(upperMap) ? merged : null;
}

/**
 * A row under the header that only says how to fill it (大足 附件3's `是/否` under 优势类…淘汰类,
 * `（万元）` or `单位：元` under an amount): every filled cell a hint or a unit (columns.ts isHint,
 * unitOf) or the label above it (a cell merged down), at least one a hint. A data row never is: its
 * 项目编号 is no hint, and a bare 是, √ or 1 is a mark, not a hint. The labels with the units the
 * row gives, or null when the row is not such a row.
 */
function hintRowCells(labels: string[], row: string[], above: string[]): string[] | null {
  const out = [...labels];
  let hints = 0;
  for (let c = 0; c < row.length; c++) {
    const cell = label(row[c]);
    if (!cell || cell === label(above[c]) || cell === label(labels[c])) continue;
    const inner = cell.replace(/^[（(]/, '').replace(/[）)]$/, '');
    const unit = unitOf(inner);
    // a hint stands under a label; a section heading (一、巩固类) or a number is a line of the table
    if (!label(labels[c]) || /^([一二三四五六七八九十]+|\d+)[、.．]/.test(inner)) return null;
    if (!unit && !isHint(inner)) return null;
    hints++;
    const l = label(labels[c]);
    if (unit && l && !/[）)]$/.test(l)) out[c] = `${l}（${unit}）`;
  }
  return hints ? out : null;
}

/** Where a header was found: its first and last rows (0-based, among the rows given) and its columns. */
export interface FoundHeader {
  first: number;
  last: number;
  header: HeaderMap;
}

/**
 * The header among the first rows of a sheet or file (HEADER_SEARCH_ROWS; blank rows as []): the
 * first row that names 项目编号 and 项目名称, with the row under it when the two make a header over two
 * rows (twoRowHeader), and then a row of hints under it (hintRowCells) — up to three rows, as 大足
 * 附件3 draws it. The one finder of the scan (CSV and workbooks) and of the annotated ledgers.
 */
export function findHeader(rows: (string[] | null | undefined)[]): FoundHeader | null {
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const cells = rows[i] ?? [];
    const first = mapHeader(cells);
    if (!first) continue;
    let found: FoundHeader = { first: i, last: i, header: first };
    let labels = cells;
    const lower = rows[i + 1];
    const two = lower ? twoRowHeader(cells, lower, first) : null;
    if (two && lower) {
      found = { first: i, last: i + 1, header: two };
      labels = twoRowCells(cells, lower);
    }
    const hints = rows[found.last + 1];
    const hinted = hints ? hintRowCells(labels, hints, rows[found.last] ?? []) : null;
    const header = hinted ? mapHeader(hinted) : null;
    if (header && hinted) {
      found = { first: i, last: found.last + 1, header };
      labels = hinted;
    }
    // 单位：元 above the table: every amount column whose label gives no unit is in 元
    if (preambleUnit(rows.slice(0, i)) === '元') {
      const inYuan = labels.map((l) => {
        const m = matchHeader(label(l));
        const money = m && (m.col.kind === 'amount' || m.col.kind === 'signedAmount') && !m.col.key.startsWith('capacity_');
        return money && !m.yuan && !/[）)]$/.test(label(l)) ? `${label(l)}（元）` : l;
      });
      found = { ...found, header: mapHeader(inYuan) ?? found.header };
    }
    return found;
  }
  return null;
}

/** The unit a line above the header gives every amount (`单位：元`, `金额单位：万元`), or null. */
function preambleUnit(rows: (string[] | null | undefined)[]): string | null {
  for (const row of rows)
    for (const cell of row ?? []) {
      const m = /^(金额|资金)?单位:(万元|元)[。.]?$/.exec(normalizeHeader(label(cell)));
      if (m) return m[2]!;
    }
  return null;
}

/** Column letters as a spreadsheet shows them (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Two header cells naming one ledger column: an input error naming both (file, row, both letters and labels). */
export function duplicateProblems(file: string, row: number, h: HeaderMap): Problem[] {
  return h.duplicates.map((d) => ({
    file,
    line: row,
    column: d.second.header,
    value: null,
    rule: 'header',
    message:
      `${columnLetter(d.first.index)}列“${d.first.header}”和${columnLetter(d.second.index)}列“${d.second.header}”都是“${COLUMN_BY_KEY.get(d.key)!.header}”，` +
      '一项内容只能有一列：请删去其中一列，或把不是这项内容的一列改名',
  }));
}

/** Required columns missing from a header (类别 may be replaced by one-hot columns). */
export function missingColumns(h: HeaderMap | null, cells: string[] = []): ColumnDef[] {
  const found = new Set<string>();
  if (h) for (const k of h.columns.keys()) found.add(k);
  else
    for (const c of cells) {
      const col = matchColumn(c ?? '');
      if (col) found.add(col.key);
    }
  return COLUMNS.filter((c) => c.required && !found.has(c.key) && !(c.key === 'category' && h && h.oneHot.length > 0));
}

export function noHeaderProblem(rel: string, best: string[], empty = false): Problem {
  const missing = missingColumns(null, best).map((c) => c.header);
  return {
    file: rel,
    line: null,
    column: null,
    value: null,
    rule: 'header',
    message: `${empty ? '文件是空的' : '找不到表头行（应有一行同时含“项目编号”和“项目名称”）'}，缺少列：${missing.join('、')}`,
  };
}

export function missingProblem(rel: string, row: number, h: HeaderMap): Problem | null {
  const missing = missingColumns(h);
  if (!missing.length) return null;
  const unknown = h.unread.filter((u) => u.reason === null);
  return {
    file: rel,
    line: row,
    column: null,
    value: null,
    rule: 'header',
    message:
      `表头缺少必填列：${missing.map((c) => c.header).join('、')}${missing.some((c) => c.key === 'category') ? '（或“巩固类/升级类/盘活类/调整类”四列“是/否”）' : ''}` +
      // the header cells not recognised may be the missing ones under another name
      (unknown.length ? `；表头中未识别的列：${unknown.map((u) => `${columnLetter(u.index)}列“${u.header}”`).join('、')}` : ''),
  };
}
