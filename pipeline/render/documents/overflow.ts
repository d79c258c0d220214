/**
 * Lists too long for a document. A county of 10⁵ projects has tens of thousands of warned ones: an
 * attachment listing them all is thousands of pages nobody reads. So a list longer than the
 * profile's `thresholds.attachmentRows` goes whole to a sheet of a spreadsheet beside the report
 * (reports/<report>-附件.xlsx, written by render/attachmentsWorkbook.ts), and the document keeps its totals,
 * its first rows by risk and a sentence naming the spreadsheet and the sheet. The mechanism is the
 * same for every attachment (tables.ts) and for the long lists of the body text (sentences.ts); Word
 * and PDF print the one model, so both say the same. Pure: no I/O, no figure computed beyond
 * counting the rows of a list already computed.
 */
import type { ReportContext } from '../../context.js';
import { formatDateCn, periodLabel } from '../../format/index.js';

/** A column of a spilled list: its row field, header, and how the spreadsheet types its cells. */
export interface SheetColumn {
  key: string;
  title: string;
  /**
   * 'count' and 'money' cells are written as numbers (money with two decimals, its header with
   * （万元）), 'date' cells (2026年9月30日 or 2026-09-30) as date cells; others as text
   */
  format: 'text' | 'count' | 'money' | 'date';
}

/** One sheet of the spreadsheet beside a report: a list, whole, in the document's order. */
export interface OverflowSheet {
  /** sheet name (≤ 31 characters, none of []:*?/\), e.g. 附件4 预警项目清单 */
  name: string;
  /** the list's title and as-of note, for the sheet's properties */
  title: string;
  columns: SheetColumn[];
  rows: Record<string, string>[];
  /** 合计 row, or null */
  total: Record<string, string> | null;
}

/** The spreadsheet beside a report; written only when it has a sheet (the quarterly report's: always). */
export interface OverflowBook {
  /** file name inside reports/, e.g. quarterly-2026Q3-附件.xlsx */
  file: string;
  /** document title (workbook properties) */
  title: string;
  sheets: OverflowSheet[];
}

/** What the title row of every sheet names besides the list: where, which period, as of when. */
export interface BookHeading {
  /** the county (a city: the city), e.g. 示例县 */
  area: string;
  /** 2026年第三季度, 2026年度 */
  period: string;
  /** 2026年9月30日 */
  asOf: string;
  /** the word for a 县 (the header of a city's 县 column) */
  countyWord: string;
}

/** The heading of a report's spreadsheet: the annual summary's period is its year, the others' their quarter. */
export function bookHeading(ctx: ReportContext, kind: 'quarterly' | 'notice' | 'annual'): BookHeading {
  const { year, quarter, asOf } = ctx.meta;
  return {
    area: ctx.area.name,
    period: kind === 'annual' ? `${year}年度` : periodLabel(year, quarter),
    asOf: formatDateCn(asOf),
    countyWord: ctx.profile.levelNames.county,
  };
}

/**
 * Collects the lists one document spills while it is built. With `everyAttachment` (the quarterly
 * report, whose attachments the municipal office adds up in Excel) every attachment gets its sheet,
 * whole, whether or not the document shows it whole.
 */
export class Spill {
  readonly sheets: OverflowSheet[] = [];
  constructor(
    readonly file: string,
    /** rows a list may have in the document (profile thresholds.attachmentRows) */
    readonly limit: number,
    readonly everyAttachment = false,
    /** how the documents name the spreadsheet (in Chinese, never its file name) */
    readonly name = '附件',
  ) {}

  /** Does a list of `n` rows go to the spreadsheet? */
  overflows(n: number): boolean {
    return n > this.limit;
  }

  /** Add a sheet; returns how the document names it: 电子表格《示例县2026年第三季度“四个一批”工作推进情况附件》中的“…”工作表. */
  add(sheet: OverflowSheet): string {
    const taken = new Set(this.sheets.map((s) => s.name));
    let name = sheet.name;
    for (let i = 2; taken.has(name); i++) name = `${sheet.name.slice(0, 28)}（${i}）`;
    this.sheets.push({ ...sheet, name });
    return `电子表格《${this.name}》中的“${name}”工作表`;
  }

  book(title: string): OverflowBook | null {
    return this.sheets.length ? { file: this.file, title, sheets: this.sheets } : null;
  }
}

/** A valid sheet name: Excel forbids []:*?/\ and allows 31 characters. */
export function sheetName(name: string): string {
  return [...name.replace(/[[\]:*?/\\]/g, '').trim()].slice(0, 31).join('') || '清单';
}

/** How many townships are named before “等”. */
const TOWNSHIPS_NAMED = 10;

/**
 * 分布在9个乡镇：东山镇45个、西河乡30个…; with more than ten townships the ten with most rows, then 等.
 * Townships with equal counts keep the list's order.
 */
export function townshipSpread(rows: readonly Record<string, string>[], level: string): string {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const t = r.township ?? '';
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const named = ranked.slice(0, TOWNSHIPS_NAMED).map(([t, n]) => `${t || `未填${level}`}${n}个`);
  return ranked.length > TOWNSHIPS_NAMED
    ? `分布在${ranked.length}个${level}，数量较多的是${named.join('、')}等`
    : `分布在${ranked.length}个${level}：${named.join('、')}`;
}
