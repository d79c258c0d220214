/**
 * The shared vocabulary of the domain (docs/rules.md §2–§4): categories and the labels that mean them,
 * operating and progress states, operating modes, warning reasons and recorded risk terms, and the
 * calendar of the reporting periods. Every stage imports its words from here, and the SQL lists and
 * macros are generated from it (load/stage.ts), so each domain word is written once.
 *
 * No I/O: this module only declares.
 */

/** docs/rules.md §3, in the order every table prints them. */
export const CATEGORIES = ['巩固', '升级', '盘活', '调整'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories that have a completion (进展状态) to track (§4.5). */
export const PROGRESS_CATEGORIES = ['升级', '盘活', '调整'] as const;
export type ProgressCategory = (typeof PROGRESS_CATEGORIES)[number];

/** docs/rules.md §3: every label that means a category. */
export const CATEGORY_LABELS: Record<Category, readonly string[]> = {
  巩固: ['巩固', '巩固类', '巩固一批', '优势类'],
  升级: ['升级', '升级类', '升级一批', '提升', '提升类', '提升一批', '薄弱类'],
  盘活: ['盘活', '盘活类', '盘活一批', '闲置类', '闲置类（一般）', '闲置类（重大）', '一般闲置类', '重大闲置类'],
  调整: ['调整', '调整类', '调整一批', '淘汰类', '另起炉灶', '另起炉灶一批'],
};

/** 大足's split of 闲置类 (§3): a label or the column 闲置程度 says which. */
export const SEVERITIES = ['一般', '重大'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const MAJOR: Severity = '重大';

/** 进展状态 (§2), in the order tables print them. */
export const PROGRESS_STATES = ['未启动', '推进中', '已完成', '已销号'] as const;
export type ProgressState = (typeof PROGRESS_STATES)[number];
/** A project's work is done in these states (§4.0). */
export const DONE_STATES = ['已完成', '已销号'] as const satisfies readonly ProgressState[];
export const DEFAULT_PROGRESS_STATE: ProgressState = '未启动';

/** 运营状态 as reports print them (§2). */
export const OPERATING_STATES = ['正常运营', '运营一般', '半停产', '停产', '闲置', '在建', '已处置'] as const;
export type OperatingState = (typeof OPERATING_STATES)[number];
/** 运营状态 a ledger may hold: the printed ones and the construction stops 停工/停建. */
export const OPERATING_STATES_ACCEPTED = [...OPERATING_STATES, '停工', '停建'] as const;
/** An asset is stopped in these states (§4.0). */
export const STOPPED_STATES = ['停产', '闲置', '停工', '停建'] as const;
export const DISPOSED_STATE = '已处置';
export const DEFAULT_OPERATING_STATE: OperatingState = '正常运营';
/** The operating state that is also the recorded yellow reason 运营一般 (§4.4). */
export const FAIR_OPERATION = '运营一般';

/** 运营方式 (§2). */
export const OPERATING_MODES = ['自主经营', '出租经营', '入股经营', '委托经营', '联建联营', '其他'] as const;
/** The equity mode whose missing dividends make a project 低效 (§4.2). */
export const EQUITY_MODE = '入股经营';

/** 是/否 cells. */
export const YES = '是';
export const NO = '否';
/** How a one-hot category cell says yes (大足 附件3 ticks) and no (docs/rules.md §2). */
export const ONE_HOT_YES = [YES, '√', '✓', '✔', '☑', '●', '1'] as const;
export const ONE_HOT_NO = [NO, '×', '✗', '✘', '0'] as const;

export type WarningLevel = 'red' | 'yellow';

/** Recorded reasons the rules also know: unpaid income replaces the computed late one; the disposal reason is also computed (§4.4). */
export const UNPAID_INCOME = '收益尚未上缴';
export const DISPOSE_REASON = '符合处置条件尚未处置';
/** The 进展状态 that closes an item: nothing left to approve (§4.6). */
export const CLOSED_STATE: ProgressState = '已销号';
/** Who owns an asset that may be disposed of by the simplified procedure (§4.6): a village or its collective. */
export const VILLAGE_OWNER = /(村|社区|嘎查)/;
/** …never an asset 确权到旗、镇 or to a department. */
export const STATE_OWNER = /(人民政府|政府|局|委员会办公室|管委会|旗|县)$/;

/** The category whose projects are to be disposed of or replaced, not revived (§4.4). */
export const DISPOSE_CATEGORY: Category = '调整';

/** 风险情形 terms recorded by departments (§4.4). */
export const RECORDED_RISKS = {
  red: ['运营不正常', '收益过低', UNPAID_INCOME, '分配使用违反负面清单', DISPOSE_REASON],
  yellow: ['运营一般', '收益不合理', '分配使用不规范', '已通过司法程序追缴', '处置所得尚未安排使用'],
  /** feeds 低效 (§4.2), not a warning by itself */
  other: ['认定低效'],
} as const;
/** The recorded term that makes a project 低效 (§4.2). */
export const DECLARED_INEFFICIENT = '认定低效';

/** Reasons the rules compute (§4.4), as printed; keys name them in SQL (`reason_<key>()`). */
export const COMPUTED_REASONS = {
  contract_1m: '合同距到期不足1个月',
  expired_3m: '合同到期已闲置超过3个月',
  dividend_6m: '逾期未收取收益超过6个月',
  principal: '到期本金尚未收回',
  idle: '闲置资产尚未盘活',
  contract_3m: '合同距到期1至3个月',
  expired_1m: '合同到期已闲置超过1个月',
  dividend_late: '收益未按约定时间上缴',
  revived: '已盘活资产跟踪监测',
} as const;

/**
 * The red reasons that speak against 运营良好、收益稳定、无重大风险隐患 and so ground a 建议重新研判类别
 * (§4.5, §9): revenue, principal, idleness and operation. A contract date alone (合同距到期不足1个月:
 * a lease about to be renewed) or the use of income does not.
 */
export const RECLASSIFY_REASONS = [
  COMPUTED_REASONS.expired_3m,
  COMPUTED_REASONS.dividend_6m,
  COMPUTED_REASONS.principal,
  COMPUTED_REASONS.idle,
  '运营不正常',
  '收益过低',
  UNPAID_INCOME,
] as const;

/** Words of the printed 闲置/低效 reasons (§4.1, §4.2), e.g. 停产满6个月; keys name them in SQL (`idle_text_<key>()`). */
export const IDLE_REASON_TEXTS = {
  full: '满',
  months: '个月',
  no_stop_date: '（未填停用日期）',
  dividend_after: `${EQUITY_MODE}到期`,
  dividend_missing: '个月未获分红',
  loss_two_years: '连续两年净收益为负',
  capacity_below: '实际产能低于设计产能的',
  declared: '主管部门认定低效',
} as const;

/** The category whose completed projects are watched (已盘活资产跟踪监测, §4.4). */
export const REVIVE_CATEGORY: Category = '盘活';

/** Every reason of §4.4 in the order printed: red ones, then yellow ones. */
export const WARNING_REASONS = {
  red: [
    COMPUTED_REASONS.contract_1m,
    COMPUTED_REASONS.expired_3m,
    COMPUTED_REASONS.dividend_6m,
    COMPUTED_REASONS.principal,
    COMPUTED_REASONS.idle,
    ...RECORDED_RISKS.red,
  ],
  yellow: [
    COMPUTED_REASONS.contract_3m,
    COMPUTED_REASONS.expired_1m,
    COMPUTED_REASONS.dividend_late,
    COMPUTED_REASONS.revived,
    ...RECORDED_RISKS.yellow,
  ],
} as const;

// ——— Calendar ———

/** The reporting periods that hold the as-of date D: its quarter and its year. */
export interface Period {
  asOf: string;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  quarterStart: string;
  quarterEnd: string;
  yearStart: string;
  yearEnd: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function periodOf(asOf: string): Period {
  const [year, month] = asOf.split('-').map(Number) as [number, number];
  const quarter = (Math.floor((month - 1) / 3) + 1) as Period['quarter'];
  const startMonth = (quarter - 1) * 3 + 1;
  const endMonth = startMonth + 2;
  return {
    asOf,
    year,
    quarter,
    quarterStart: `${year}-${pad(startMonth)}-01`,
    quarterEnd: `${year}-${pad(endMonth)}-${pad(lastDay(year, endMonth))}`,
    yearStart: `${year}-01-01`,
    yearEnd: `${year}-12-31`,
  };
}

/**
 * The names (without extension) of the documents a build as of `asOf` writes into reports/:
 * the quarter's report and 通报, the month's 月调度表, the year's summary (render/documents).
 */
export function documentNames(asOf: string): { quarterly: string; notice: string; monthly: string; annual: string } {
  const { year, quarter } = periodOf(asOf);
  return {
    quarterly: `quarterly-${year}Q${quarter}`,
    notice: `notice-${year}Q${quarter}`,
    monthly: `monthly-${asOf.slice(0, 7)}`,
    annual: `annual-${year}`,
  };
}

/** The day before `iso` (YYYY-MM-DD): the end of the period before one that starts on `iso`. */
export function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** True when `iso` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso);
}
