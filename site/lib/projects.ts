/**
 * Columns of the 项目资产公示 table and of projects.csv: the public fields only, in one order, with
 * one way of printing each cell, so that the HTML table and the CSV never differ.
 */
import { formatMoney } from '../../pipeline/format/index.js';
import type { PublicSiteData, SiteProject } from './data.js';

export interface ProjectColumn {
  key: keyof SiteProject;
  header: string;
  numeric?: boolean;
}

export const PROJECT_COLUMNS: readonly ProjectColumn[] = [
  { key: 'id', header: '项目编号' },
  { key: 'name', header: '项目名称' },
  { key: 'township', header: '乡镇' },
  { key: 'village', header: '村' },
  { key: 'industry', header: '所属产业' },
  { key: 'year', header: '建设年度' },
  { key: 'fundSource', header: '资金来源' },
  { key: 'investment', header: '投入帮扶资金（万元）', numeric: true },
  { key: 'ownership', header: '资产权属' },
  { key: 'department', header: '主管部门' },
  { key: 'category', header: '类别' },
  { key: 'operatingState', header: '运营状态' },
  { key: 'progressState', header: '进展状态' },
  { key: 'households', header: '带动脱贫户数', numeric: true },
];

/**
 * The columns of a site's lists: PROJECT_COLUMNS, and in a city the 县 before the 乡镇 (the same
 * 乡镇 name may lie in two 县).
 */
export function projectColumns(data: PublicSiteData): readonly ProjectColumn[] {
  const counties = data.meta.counties;
  if (!counties) return PROJECT_COLUMNS;
  return PROJECT_COLUMNS.flatMap((c) => (c.key === 'township' ? [{ key: 'county' as const, header: counties.level }, c] : [c]));
}

/** Cell text as printed on the site and in the CSV (category as the county's label; empty for null). */
export function cellText(p: SiteProject, key: keyof SiteProject, labels: PublicSiteData['labels']): string {
  const v = p[key];
  // §4.5: a 巩固 project with no 进展状态 has none: “—”, never 未启动
  if (key === 'progressState' && v === null) return '—';
  if (v === null || v === undefined) return '';
  if (key === 'category') return labels[p.category];
  if (key === 'investment') return formatMoney(p.investment);
  return String(v);
}

/**
 * A text cell that starts like a formula (= + - @) is prefixed with an apostrophe, so that a
 * ledger value can never run as a formula when the public opens the file in Excel or WPS.
 */
function inertText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with BOM (so Excel and WPS detect the encoding), CRLF line ends, RFC 4180 quoting. */
export function renderProjectsCsv(data: PublicSiteData): string {
  const columns = projectColumns(data);
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const p of data.projects) {
    lines.push(
      columns.map((c) => {
        const text = cellText(p, c.key, data.labels);
        return csvField(c.numeric ? text : inertText(text));
      }).join(','),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/**
 * Rows on one page of the 项目资产公示 list and of each township's list. Every page is plain HTML
 * (page 1 at the list's own URL, then 2/, 3/ …), so the list reads and pages without JavaScript,
 * and no page grows with the county. Why 100: laying out the 14-column table is what a phone spends
 * its time on (measured in Chromium: about 0.4 s of main thread for 100 rows, 2 s for 500, before
 * the 4× slowdown of a mid-range phone), and the first paint waits for it.
 */
export const PROJECTS_PER_PAGE = 100;

/** Number of pages of a list of `n` projects (an empty list still has its first page). */
export function pageCount(n: number): number {
  return Math.max(1, Math.ceil(n / PROJECTS_PER_PAGE));
}

/** Site path of page `page` (1-based) of a list whose first page is `first`: 'projects/', 'projects/2/' … */
export function pagePath(first: string, page: number): string {
  return page === 1 ? first : `${first}${page}/`;
}

/** The `page` route parameter of every page of a list of `n` projects: undefined for page 1, then '2', '3' … */
export function pageParams(n: number): (string | undefined)[] {
  return Array.from({ length: pageCount(n) }, (_, i) => (i === 0 ? undefined : String(i + 1)));
}

/** Page number from the `page` route parameter (undefined → 1). */
export function pageNumber(param: string | undefined): number {
  return param === undefined ? 1 : Number(param);
}

/**
 * The filter index of a project list (`projects/search.json`, `townships/tNN/search.json`),
 * fetched by the filter script only when a reader starts filtering. Columnar, in the order of
 * PROJECT_COLUMNS, each cell as printed (cellText), so the rows the script draws read exactly as
 * the static pages: a column whose values repeat (乡镇, 类别, 运营状态 …) is a list of distinct texts
 * and a number per project; 项目编号 and 项目名称, nearly all distinct, are the texts themselves.
 */
export interface ProjectIndex {
  /** number of projects */
  n: number;
  /** the column keys, in the order of projectColumns */
  keys: (keyof SiteProject)[];
  /** per column: the distinct texts when the column is coded, else null */
  dicts: (string[] | null)[];
  /** per column: per project, an index into dicts[column], or the text itself when dicts[column] is null */
  cols: (number[] | string[])[];
  /**
   * 乡镇 slugs (the select's values), aligned with the dict of the 乡镇 column; a city's 乡镇 column
   * is coded by 县 and 乡镇, so that its dict may hold a name twice (东山镇 of 甲县 and of 乙县)
   */
  townships: string[];
  /** canonical 类别 (the select's values), aligned with the dict of the 类别 column */
  categories: SiteProject['category'][];
}

export function buildProjectIndex(projects: readonly SiteProject[], data: PublicSiteData): ProjectIndex {
  // A city's 乡镇 is its 县 and its name (东山镇 may lie in two 县): the 乡镇 column is coded by both,
  // so that each of the select's 乡镇 has a code of its own, though two codes may print the same text.
  const city = data.counties !== undefined;
  const townshipKey = (county: string | undefined, name: string) => (city ? `${county ?? ''}\u0000${name}` : name);
  const slugOf = new Map(data.townships.map((t) => [townshipKey(t.county, t.name), t.slug]));
  const columns = projectColumns(data);
  const dicts: (string[] | null)[] = [];
  const cols: (number[] | string[])[] = [];
  let townships: string[] = [];
  let categories: SiteProject['category'][] = [];
  for (const c of columns) {
    const texts = projects.map((p) => cellText(p, c.key, data.labels));
    const keys = c.key === 'township' ? projects.map((p, i) => townshipKey(p.county, texts[i]!)) : texts;
    // key → code, and the text each code prints
    const codes = new Map<string, number>();
    const dict: string[] = [];
    const code = (key: string, text: string) => {
      if (!codes.has(key)) {
        codes.set(key, codes.size);
        dict.push(text);
      }
    };
    if (c.key === 'category') {
      // in the county's order of the four categories, whatever the rows hold
      categories = data.categories.map((k) => k.key);
      for (const k of data.categories) code(k.label, k.label);
    }
    keys.forEach((k, i) => code(k, texts[i]!));
    const coded = c.key === 'township' || c.key === 'county' || c.key === 'category' || codes.size * 2 <= texts.length;
    if (coded) {
      dicts.push(dict);
      cols.push(keys.map((k) => codes.get(k)!));
    } else {
      dicts.push(null);
      cols.push(texts);
    }
    if (c.key === 'township') townships = [...codes.keys()].map((key) => slugOf.get(key) ?? '');
  }
  return { n: projects.length, keys: columns.map((c) => c.key), dicts, cols, townships, categories };
}
