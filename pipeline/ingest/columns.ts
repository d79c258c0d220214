/**
 * The ledger columns of docs/rules.md §2: canonical header, accepted aliases, kind of value.
 * Header matching (matchHeader) ignores case, spaces, full-/half-width brackets, marks (* ★ ※), a
 * trailing hint in brackets and a unit natural to the column; 元 on an amount is read in 元.
 */
import { CATEGORY_LABELS, type Category } from '../vocabulary.js';

export type ColumnKind =
  | 'code' // an identifier: full-width letters and digits become half-width
  | 'text'
  | 'note' // free text (推进举措, 取得成效, 存在问题): loaded for the internal reports, never published
  | 'yesno'
  | 'year'
  | 'amount' // decimal ≥ 0, thousands separators allowed
  | 'signedAmount' // decimal, may be negative
  | 'date'
  | 'count' // integer ≥ 0
  | 'category'
  | 'operatingState'
  | 'progressState'
  | 'operatingMode'
  | 'riskTerms'
  | 'personal'; // read only to recognise the column; never loaded

/**
 * What a cell may hold, in one place: the longest text per kind of column (a longer cell is an
 * input error naming it, so a pasted document can neither stall the PDF layout nor flood a page),
 * and the plausible range of numbers and dates (checked before any sum or product can overflow).
 */
export const LIMITS = {
  /** characters per cell, by kind; kinds not listed are parsed or checked against a vocabulary */
  chars: { code: 50, text: 200, note: 2000, riskTerms: 200 } as Partial<Record<ColumnKind, number>>,
  /** 万元, for amounts (and either sign for net income) */
  amount: 1_000_000_000,
  /** 设计产能/实际产能, in whatever unit the ledger uses */
  capacity: 100_000_000_000,
  /** 带动脱贫户数 */
  count: 10_000_000,
  /** the earliest date any ledger date may hold */
  earliestDate: '1949-10-01',
  /** due dates (合同到期、应分红、本金到期、计划完成) may lie this many years after the as-of date */
  dueYears: 100,
};

/** Largest value a numeric column accepts (its negative is the smallest for signed amounts). */
export function maxValueOf(key: string, kind: ColumnKind): number | null {
  if (kind === 'count') return LIMITS.count;
  if (kind !== 'amount' && kind !== 'signedAmount') return null;
  return key.startsWith('capacity_') ? LIMITS.capacity : LIMITS.amount;
}

export interface ColumnDef {
  /** SQL identifier used in the staging and project tables */
  key: string;
  header: string;
  aliases: string[];
  kind: ColumnKind;
  required: boolean;
}

export const COLUMNS: ColumnDef[] = [
  { key: 'id', header: '项目编号', aliases: ['项目代码'], kind: 'code', required: true },
  { key: 'name', header: '项目名称', aliases: ['项目名称（全称）'], kind: 'text', required: true },
  {
    key: 'township',
    header: '乡镇',
    aliases: ['镇街', '乡镇（街道）', '所属乡镇', '乡（镇）', '所在乡镇', '乡（镇、街道）', '镇（街道）', '所在乡镇（街道）', '苏木乡镇'],
    kind: 'text',
    required: true,
  },
  {
    key: 'village',
    header: '村',
    aliases: ['村（社区）', '嘎查村', '所属村', '行政村', '所在村', '村（居）', '所在村（社区）'],
    kind: 'text',
    required: false,
  },
  {
    key: 'poor_village',
    header: '是否脱贫村',
    aliases: ['是否贫困村', '是否为脱贫村', '项目所在村是否为脱贫村'],
    kind: 'yesno',
    required: false,
  },
  { key: 'industry', header: '所属产业', aliases: ['产业类型'], kind: 'text', required: false },
  { key: 'year', header: '建设年度', aliases: ['购建年度', '实施年度'], kind: 'year', required: true },
  { key: 'fund_source', header: '资金来源', aliases: [], kind: 'text', required: false },
  {
    key: 'investment',
    header: '投入帮扶资金（万元）',
    aliases: ['投入帮扶资金', '帮扶资金（万元）', '投资额（万元）'],
    kind: 'amount',
    required: true,
  },
  { key: 'asset_value', header: '资产原值（万元）', aliases: ['资产原值'], kind: 'amount', required: false },
  { key: 'ownership', header: '资产权属', aliases: ['权属'], kind: 'text', required: false },
  { key: 'department', header: '主管部门', aliases: ['项目实施主管部门'], kind: 'text', required: false },
  { key: 'operator', header: '经营主体', aliases: ['运营主体'], kind: 'text', required: false },
  { key: 'operating_mode', header: '运营方式', aliases: ['经营方式'], kind: 'operatingMode', required: false },
  { key: 'contact', header: '联系人', aliases: [], kind: 'personal', required: false },
  { key: 'phone', header: '联系电话', aliases: ['联系人及电话', '联系人及联系电话'], kind: 'personal', required: false },
  { key: 'category', header: '类别', aliases: ['四个一批类别', '分类'], kind: 'category', required: true },
  { key: 'operating_state', header: '运营状态', aliases: [], kind: 'operatingState', required: false },
  { key: 'stop_date', header: '停用日期', aliases: ['停产日期'], kind: 'date', required: false },
  { key: 'contract_end', header: '合同到期日期', aliases: [], kind: 'date', required: false },
  { key: 'dividend_agreed', header: '约定分红（万元）', aliases: ['应收收益（万元）'], kind: 'amount', required: false },
  { key: 'dividend_due', header: '应分红日期', aliases: [], kind: 'date', required: false },
  { key: 'dividend_received', header: '实际分红（万元）', aliases: ['已收收益（万元）'], kind: 'amount', required: false },
  { key: 'principal_due', header: '本金到期日期', aliases: [], kind: 'date', required: false },
  { key: 'principal_recovered', header: '本金是否收回', aliases: [], kind: 'yesno', required: false },
  { key: 'net_prev2', header: '前年净收益（万元）', aliases: [], kind: 'signedAmount', required: false },
  { key: 'net_prev', header: '上年净收益（万元）', aliases: [], kind: 'signedAmount', required: false },
  { key: 'net_cur', header: '本年净收益（万元）', aliases: [], kind: 'signedAmount', required: false },
  { key: 'severity', header: '闲置程度', aliases: [], kind: 'text', required: false },
  { key: 'batch', header: '处置批次', aliases: [], kind: 'text', required: false },
  { key: 'capacity_design', header: '设计产能', aliases: [], kind: 'amount', required: false },
  { key: 'capacity_actual', header: '实际产能', aliases: [], kind: 'amount', required: false },
  { key: 'progress_state', header: '进展状态', aliases: [], kind: 'progressState', required: false },
  { key: 'planned_date', header: '计划完成日期', aliases: [], kind: 'date', required: false },
  { key: 'completed_date', header: '完成日期', aliases: [], kind: 'date', required: false },
  { key: 'households', header: '带动脱贫户数', aliases: [], kind: 'count', required: false },
  { key: 'risks', header: '风险情形', aliases: [], kind: 'riskTerms', required: false },
  { key: 'measures', header: '推进举措', aliases: [], kind: 'note', required: false },
  { key: 'results', header: '取得成效', aliases: ['目前已取得的成效'], kind: 'note', required: false },
  { key: 'problems', header: '存在问题', aliases: ['存在的主要问题及建议'], kind: 'note', required: false },
];

/**
 * The 县 of a row in a city's ledgers (profile `level: city`; README “A city”). Not a column of
 * the county ledger: a county reads a 县 column as any column it does not know (carried along,
 * ignored), so it is kept out of COLUMNS, the template and the annotations.
 */
export const COUNTY_COLUMN = {
  key: 'county',
  header: '县',
  aliases: [
    '县区',
    '区县',
    '县（区）',
    '县（市）',
    '县（市、区）',
    '县（市、区、旗）',
    '旗',
    '县（旗）',
    '旗县',
    '所属县',
    '所属县（市、区）',
  ],
} as const;

const COUNTY_HEADERS = new Set([COUNTY_COLUMN.header, ...COUNTY_COLUMN.aliases].map((h) => normalizeHeader(h)));

/** A header that names the 县 of each row (city ledgers). */
export function matchCountyColumn(header: string): boolean {
  return COUNTY_HEADERS.has(normalizeHeader(header)) || COUNTY_HEADERS.has(headerKey(header));
}

/**
 * The 县 a ledger file belongs to by the folder it sits in: the first folder of its path below the
 * data folder (`01-甲县/东山镇.csv`, `甲县/乡镇/东山镇.xlsx` → 甲县), without a leading ordinal
 * (`01-`, `1.`, `01_`, `（一）`) or a trailing `-示例数据`; null for a file directly in the data folder.
 */
export function countyOfPath(relPath: string): string | null {
  const slash = relPath.indexOf('/');
  if (slash < 0) return null;
  const name = relPath
    .slice(0, slash)
    .trim()
    .replace(/^(\d+\s*[-_.、．\s]\s*|[（(][一二三四五六七八九十]+[）)]\s*)/, '')
    .replace(/\s*[-_—]\s*示例数据$/, '')
    .trim();
  return name || null;
}

/** Columns that reach the database (personal data is recognised but never loaded). */
export const LOADED_COLUMNS = COLUMNS.filter((c) => c.kind !== 'personal');
export const COLUMN_BY_KEY = new Map(COLUMNS.map((c) => [c.key, c]));

/** Marks a template puts before or after a label: * required, ★ ※ emphasis. */
const MARKS = /^[*★☆※]+|[*★☆※]+$/g;

/** Normalise a header or label for comparison: width, brackets, spaces, case. */
export function normalizeHeader(s: string): string {
  return toHalfWidth(s)
    .replace(/[\s\u3000]+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .toLowerCase();
}

/** Full-width ASCII (Ｆ１ etc.) and the ideographic space to their half-width forms. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** A header normalised, its leading and trailing marks (`*运营状态`, `项目编号※`) and a trailing colon dropped. */
function headerKey(s: string): string {
  return normalizeHeader(s)
    .replace(MARKS, '')
    .replace(/[:：]$/, '')
    .replace(MARKS, '');
}

/**
 * Text in brackets after a label that only says how to fill the column: the values to choose from
 * (`（正常运营/停产/闲置）`, `（是/否）`, `（是或否）`), `（必填）`, `（全称）`, `（请注明截止日期）`, a date
 * format. Taken off before the label is matched.
 */
export function isHint(inner: string): boolean {
  const t = normalizeHeader(inner).replace(/^[（]|[）]$/g, '');
  if (!t) return false;
  // a unit of money is never a hint: 约定分红（元/年） is in 元, and not read as 万元
  if (t.includes('元')) return false;
  if (/[/|、，,;；]/.test(t) || /^.{1,6}或.{1,6}$/.test(t)) return true;
  if (/^(必填|选填|非必填|可选|可不填|必录|全称|简称|填全称|如有|可空|如实填写|单选|多选|下拉选择)项?$/.test(t)) return true;
  if (/^(请|注|填|如|例|按|选|格式)/.test(t)) return true;
  return /^(yyyy|年月日|年-月-日|年\/月\/日)/.test(t);
}

/** The unit a bracket gives (`（万元）`, `（单位：元）`), or null. */
export function unitOf(inner: string): string | null {
  const t = normalizeHeader(inner).replace(/^单位[:：]?/, '');
  return /^(万元|元|户|个|人|年|亩|%)$/.test(t) ? t : null;
}

/**
 * Units a column may carry in its header and still be read as it is: 万元 for amounts, 年 for a
 * year, 户 (or 个) for 带动脱贫户数. 元 on an amount is read and divided by 10,000 (matchHeader). Any
 * other unit makes it another column (带动脱贫户数（人） counts people, not households; 投入帮扶资金（亩）
 * is no amount): named in the log as not recognised, never read into ours.
 */
function naturalUnit(col: ColumnDef, unit: string): boolean {
  if (col.kind === 'amount' || col.kind === 'signedAmount') return unit === '万元';
  if (col.kind === 'year') return unit === '年';
  if (col.kind === 'count') return unit === '户' || unit === '个';
  return false;
}

interface IndexEntry {
  col: ColumnDef;
  /** an alias read only where no other header of the column is present (FALLBACK_ALIASES) */
  fallback: boolean;
  /** among a column's fallbacks, the one listed first is read (0 for other headers) */
  rank: number;
}

/**
 * Headers read as a column only when the ledger has no other header for it: another thing that
 * stands in for the column, not another name for it; beside the column's own header they are
 * carried along and named in the log (never a second column for one field, never an error).
 * - 资产编号/资产名称: an asset's number and name where the ledger lists projects by their assets; a
 *   ledger may have both, one project holding several assets.
 * - 项目年度: the year of the project (立项, 计划) where no 建设年度 says when it was built.
 * - 资产金额: the asset's value as booked, which is what 资产原值 records.
 * - 项目总投资: the whole cost of the project, 帮扶资金 and the operator's or a bank's money together.
 *   It is not 投入帮扶资金 (read as that, it would inflate every sum of 帮扶资金) but the value of the
 *   asset built with it: 资产原值 again.
 */
const FALLBACK_ALIASES: Record<string, string[]> = {
  id: ['资产编号'],
  name: ['资产名称'],
  year: ['项目年度'],
  asset_value: ['资产金额（万元）', '资产金额', '项目总投资（万元）', '项目总投资', '总投资（万元）', '总投资'],
};

/**
 * Headers recognised and never read, with the reason the log gives. 管护主体 (who keeps the asset
 * in repair) is neither 资产权属 nor 经营主体: 鄂托克前旗's rules list 产权主体, 管护主体 and 承租
 * (运营) 主体 as three things to check, and give 经营性 assets an 运营主体 but 公益性 ones a 管护
 * 责任人 named by the 权属单位. Read as 资产权属 it would move projects between approval levels (销号);
 * read as 经营主体 it would name the wrong party in 分红追缴. 序号 and 备注 are in every template and
 * hold nothing the figures use: carried along without a word.
 */
const NOT_READ: Record<string, string | null> = {
  序号: null,
  备注: null,
  备注说明: null,
  管护主体: '管护主体不一定是资产权属或经营主体，未读取；请在“资产权属”“经营主体”列中填写',
  管护责任人: '管护责任人不一定是资产权属或经营主体，未读取；请在“资产权属”“经营主体”列中填写',
};

const HEADER_INDEX = new Map<string, IndexEntry>();
function index(name: string, entry: IndexEntry): void {
  const n = headerKey(name);
  if (!HEADER_INDEX.has(n)) HEADER_INDEX.set(n, entry);
  // 投入帮扶资金（万元） is also known as 投入帮扶资金
  const bare = n.replace(/（万元）$/, '');
  if (!HEADER_INDEX.has(bare)) HEADER_INDEX.set(bare, entry);
}
for (const col of COLUMNS) {
  for (const name of [col.header, ...col.aliases]) {
    index(name, { col, fallback: false, rank: 0 });
    // a date column is also headed …时间 (停用时间, 完成时间) and …到期日 (合同到期日)
    if (col.kind === 'date') {
      index(name.replace(/日期$/, '时间'), { col, fallback: false, rank: 0 });
      index(name.replace(/到期日期$/, '到期日'), { col, fallback: false, rank: 0 });
    }
  }
}
for (const [key, names] of Object.entries(FALLBACK_ALIASES)) {
  names.forEach((name, rank) => {
    index(name, { col: COLUMN_BY_KEY.get(key)!, fallback: true, rank });
  });
}
const NOT_READ_INDEX = new Map(Object.entries(NOT_READ).map(([h, reason]) => [headerKey(h), reason]));

const LABEL_INDEX = new Map<string, Category>();
for (const [cat, labels] of Object.entries(CATEGORY_LABELS) as [Category, string[]][]) {
  for (const l of labels) LABEL_INDEX.set(normalizeHeader(l), cat);
}

/** How a header reads: its column, in 元 (÷10,000), or read only where the column has no other header. */
export interface HeaderMatch {
  col: ColumnDef;
  yuan: boolean;
  fallback: boolean;
  /** among a column's fallbacks, the one listed first is read */
  rank: number;
}

/**
 * The ledger column a header names: as written, else without its marks (`*`, `★`, `※`), without a
 * trailing hint in brackets (isHint) and without a unit natural to the column (naturalUnit); 元 on
 * an amount column is read in 元. Undefined for any other header (another unit is another column).
 */
export function matchHeader(header: string): HeaderMatch | undefined {
  let n = headerKey(header);
  for (let guard = 0; n && guard < 8; guard++) {
    const hit = HEADER_INDEX.get(n);
    if (hit) return { ...hit, yuan: false };
    const m = /^(.+?)（([^（）]*)）$/.exec(n);
    if (!m) return undefined;
    const [, base, inner] = m as unknown as [string, string, string];
    if (isHint(inner)) {
      n = headerKey(base);
      continue;
    }
    const unit = unitOf(inner);
    if (!unit) return undefined;
    const under = matchHeader(base);
    if (!under || under.yuan) return undefined;
    if (unit === '元' && (under.col.kind === 'amount' || under.col.kind === 'signedAmount')) return { ...under, yuan: true };
    return naturalUnit(under.col, unit) ? under : undefined;
  }
  return undefined;
}

export function matchColumn(header: string): ColumnDef | undefined {
  return matchHeader(header)?.col;
}

/**
 * An amount column whose header gives the unit 元 (投入帮扶资金（元）): read, and divided by 10,000
 * into 万元. Only amount columns: 元 on another column is someone else's column.
 */
export function matchAmountInYuan(header: string): ColumnDef | undefined {
  const m = matchHeader(header);
  return m?.yuan ? m.col : undefined;
}

/**
 * A header known and not read: undefined if unknown; null for one carried along without a word
 * (序号, 备注), else the reason the log gives.
 */
export function notReadReason(header: string): string | null | undefined {
  let n = headerKey(header);
  for (let guard = 0; n && guard < 8; guard++) {
    if (NOT_READ_INDEX.has(n)) return NOT_READ_INDEX.get(n);
    const m = /^(.+?)（([^（）]*)）$/.exec(n);
    if (!m || !isHint(m[2]!)) return undefined;
    n = headerKey(m[1]!);
  }
  return undefined;
}

/** A header that is a category label means the one-hot layout (大足 management ledger). */
export function matchCategoryLabel(label: string): Category | undefined {
  let n = normalizeHeader(label);
  for (let guard = 0; n && guard < 8; guard++) {
    const hit = LABEL_INDEX.get(n) ?? LABEL_INDEX.get(headerKey(n));
    if (hit) return hit;
    // 优势类（是/否）, ★闲置类: the label without its hint and marks
    const m = /^(.+?)（([^（）]*)）$/.exec(headerKey(n));
    if (!m || !isHint(m[2]!)) return undefined;
    n = headerKey(m[1]!);
  }
  return undefined;
}

/** The labels as usually written (full-width brackets), matched before normalising. */
export const CATEGORY_DISPLAY_PAIRS: [string, Category][] = Object.entries(CATEGORY_LABELS).flatMap(([cat, labels]) =>
  labels.map((l) => [l, cat as Category] as [string, Category]),
);

/** label → canonical category pairs, normalised, for the SQL lookup table. */
export function categoryLabelPairs(): [string, Category][] {
  return [...LABEL_INDEX.entries()];
}
