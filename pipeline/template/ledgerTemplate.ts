/**
 * The ledger workbook a township fills (`sgyp template`): a sheet 填表说明 that explains every column,
 * then a sheet 台账 with the canonical header of ingest/columns.ts in row 1 (the county's own
 * category labels in 类别), a note on each header, and on the data rows the number formats and data
 * validations that keep a clerk to what the pipeline accepts: drop-down lists for every closed
 * vocabulary, dates, amounts in 万元, whole years and counts.
 *
 * Every word a list offers comes from vocabulary.ts or the profile, never typed here. The sheet
 * 填表说明 has no row holding both 项目编号 and 项目名称, so the reader never takes it for a ledger.
 *
 * Equal profiles give equal bytes: fixed document dates, and one fixed timestamp on every zip entry
 * (sheet/book.ts).
 */
import type { Comment, DataValidation, Workbook, Worksheet } from 'exceljs';
import type { Profile } from '../config/profile.js';
import { InputError } from '../errors.js';
import { type ColumnDef, COLUMNS, matchCategoryLabel } from '../ingest/columns.js';
import { CREATOR, workbookBytes } from '../sheet/book.js';
import { A4_LANDSCAPE, A4_LANDSCAPE_PAGE_WIDE, solidFill, thinBorder } from '../sheet/style.js';
import { displayWidth, WIDE_FROM_NON_LATIN, wrappedLines } from '../sheet/width.js';
import {
  CATEGORIES,
  DEFAULT_OPERATING_STATE,
  DEFAULT_PROGRESS_STATE,
  DONE_STATES,
  NO,
  OPERATING_MODES,
  OPERATING_STATES_ACCEPTED,
  PROGRESS_CATEGORIES,
  PROGRESS_STATES,
  RECORDED_RISKS,
  SEVERITIES,
  YES,
} from '../vocabulary.js';

export const GUIDE_SHEET = '填表说明';
export const LEDGER_SHEET = '台账';
/** Data rows that carry the validations: 2 … TEMPLATE_ROWS + 1. */
export const TEMPLATE_ROWS = 1000;
/** Document properties that mark a workbook as a template this program wrote (write.ts checks them). */
export const TEMPLATE_CREATOR = CREATOR;
export const TEMPLATE_KEYWORDS = 'sgyp:ledger-template';
/** The fixed date of the document properties and of every zip entry. */
export const TEMPLATE_DATE = new Date(Date.UTC(2026, 0, 1));

/** 风险情形 may hold several terms: they are separated by this (the reader also takes ; 、 ,). */
const TERM_SEPARATOR = '；';
/** A date a clerk may type, as the messages of load/validate.ts show it. */
const DATE_EXAMPLE = '2026-04-29';
/** The last year and date the validations accept (the pipeline itself stops at the as-of date). */
const LAST_YEAR = 2100;
/** Net income may be negative: the validation only asks for a number. */
const SIGNED_LIMIT = 100_000_000;

/** What each column holds, as the header note and 填表说明 say it (the accepted values are added from the vocabulary). */
function describe(col: ColumnDef, profile: Profile): string {
  const township = profile.levelNames.township;
  const progressLabels = PROGRESS_CATEGORIES.map((c) => profile.labels[c]).join('、');
  const text: Record<string, string> = {
    id: '项目（资产）编号，全县不得重复；同一项目各期台账保持同一编号',
    name: '项目（资产）名称，如 ××村光伏电站',
    township: `所属${township}名称`,
    village: '所属村（社区）名称',
    poor_village: '所在村是否脱贫村',
    industry: '所属产业，如 种植业、养殖业、光伏、乡村旅游',
    year: `建设年度，四位年份（${profile.thresholds.firstYear}年以后）`,
    fund_source: '资金来源，如 衔接资金、统筹整合涉农资金、东西部协作资金',
    investment: '投入的帮扶资金，单位万元',
    asset_value: '资产原值，单位万元；不填按投入帮扶资金计',
    ownership: '资产确权给谁，如 ××村股份经济合作社',
    department: '项目实施主管部门',
    operator: '经营主体（企业、合作社、村集体等）名称',
    operating_mode: '经营方式',
    contact: '联系人姓名：只供核对，不进入报告和网站',
    phone: '联系电话：只供核对，不进入报告和网站',
    category: '“四个一批”类别，每个项目只填一类',
    operating_state: `运营状态；不填按“${DEFAULT_OPERATING_STATE}”`,
    stop_date: '停产、停用（闲置）开始的日期；不能晚于统计截止日期',
    contract_end: '出租、委托、入股等合同的到期日期',
    dividend_agreed: '合同约定的分红（收益），单位万元',
    dividend_due: '约定应分红（上缴收益）的日期',
    dividend_received: '实际收到的分红（收益），单位万元',
    principal_due: '入股、借出本金约定收回的日期',
    principal_recovered: '到期本金是否已收回',
    net_prev2: '前年全年净收益，单位万元，亏损填负数',
    net_prev: '上年全年净收益，单位万元，亏损填负数',
    net_cur: '本年初至今的净收益，单位万元，亏损填负数',
    severity: '闲置资产的闲置程度',
    batch: '同一批处置的资产填同一批次名称，如 2026-1；单独处置的不填',
    capacity_design: '设计产能（与实际产能用同一单位）',
    capacity_actual: '实际产能（与设计产能用同一单位）',
    progress_state: `${progressLabels}项目的工作进展；不填按“${DEFAULT_PROGRESS_STATE}”`,
    planned_date: '计划完成的日期',
    completed_date: `实际完成的日期；进展状态为“${DONE_STATES.join('”或“')}”时必填`,
    households: '带动的脱贫户数，整数',
    risks: `主管部门认定的风险情形，可填多项，用“${TERM_SEPARATOR}”分隔`,
    measures: '推进举措（文字，只用于内部报告，不在网站公开）',
    results: '取得成效（文字，只用于内部报告，不在网站公开）',
    problems: '存在问题（文字，只用于内部报告，不在网站公开）',
  };
  const s = text[col.key];
  if (!s) throw new Error(`column ${col.key} has no description in the ledger template`);
  return s;
}

/** The county's category labels, in the order of CATEGORIES; each must be one the reader knows. */
export function categoryLabels(profile: Profile): string[] {
  const problems = CATEGORIES.filter((c) => matchCategoryLabel(profile.labels[c]) !== c).map((c) => ({
    file: profile.source,
    line: null,
    column: null,
    field: `labels.${c}`,
    value: profile.labels[c],
    message: `台账读取时认不出这个类别叫法，模板的下拉列表不能用它；应为“${c}”类的一种叫法（如 ${c}类）`,
  }));
  if (problems.length) throw new InputError(problems);
  return CATEGORIES.map((c) => profile.labels[c]);
}

/** The closed vocabulary of a column (the drop-down list), or null. */
export function vocabularyOf(col: ColumnDef, profile: Profile): readonly string[] | null {
  switch (col.kind) {
    case 'category':
      return categoryLabels(profile);
    case 'operatingState':
      return OPERATING_STATES_ACCEPTED;
    case 'progressState':
      return PROGRESS_STATES;
    case 'operatingMode':
      return OPERATING_MODES;
    case 'yesno':
      return [YES, NO];
    case 'riskTerms':
      return [...RECORDED_RISKS.red, ...RECORDED_RISKS.yellow, ...RECORDED_RISKS.other];
    default:
      // 闲置程度 is text to the reader (an empty cell is not an error) but takes only the severities
      return col.key === 'severity' ? SEVERITIES : null;
  }
}

const isWanYuan = (col: ColumnDef) => /（万元）$/.test(col.header);

/** Number format of a column's data cells. */
function numFmtOf(col: ColumnDef): string {
  switch (col.kind) {
    case 'date':
      return 'yyyy-mm-dd';
    case 'amount':
    case 'signedAmount':
      return isWanYuan(col) ? '0.00' : 'General';
    case 'year':
    case 'count':
      return '0';
    default:
      // text, so that an identifier like 001 keeps its zeros
      return '@';
  }
}

/** How a value is written, for 填表说明 (the list columns say their values instead). */
function formatText(col: ColumnDef, profile: Profile): string {
  switch (col.kind) {
    case 'date':
      return `日期，如 ${DATE_EXAMPLE}`;
    case 'amount':
      return isWanYuan(col) ? '不小于0的数字（万元），如 120.50' : '不小于0的数字';
    case 'signedAmount':
      return '数字（万元），亏损填负数，如 -3.50';
    case 'year':
      return `四位年份，${profile.thresholds.firstYear}—${LAST_YEAR}`;
    case 'count':
      return '不小于0的整数';
    case 'note':
      return '文字，可多行';
    default:
      return '文字';
  }
}

/**
 * Lines a wrapped text takes in a column `width` units wide (a Han character is a little under two
 * units; “”, — and the like count as wide as one).
 */
function linesOf(text: string, width: number): number {
  return wrappedLines(text, width - 2, { scale: 0.95, wideFrom: WIDE_FROM_NON_LATIN });
}

function widthOf(col: ColumnDef): number {
  const min: Partial<Record<ColumnDef['kind'], number>> = { note: 36, date: 12, code: 14, riskTerms: 24 };
  const byKey: Record<string, number> = { name: 28, township: 12, village: 14, ownership: 22, operator: 22 };
  // bold header text is a little wider than the regular digits the units count
  return Math.max(byKey[col.key] ?? min[col.kind] ?? 10, displayWidth(col.header, WIDE_FROM_NON_LATIN) + 4);
}

/**
 * Excel's limits: a message title 32 characters, a message 255, an inline list 255. The texts are
 * built from the vocabulary; one that outgrows its limit is a bug to fix here, not to cut silently.
 */
function within(s: string, n: number): string {
  if ([...s].length > n) throw new Error(`validation text longer than Excel's ${n} characters: ${s}`);
  return s;
}

function listFormula(values: readonly string[]): string {
  if (values.some((v) => /[,"]/.test(v))) throw new Error(`a list value holds a comma or a quote: ${values.join('|')}`);
  const formula = `"${values.join(',')}"`;
  within(values.join(','), 255);
  return formula;
}

type Validation = DataValidation;

/** The validation of a column's data cells, or null for free text. */
export function validationOf(col: ColumnDef, profile: Profile): Validation | null {
  const title = within(col.header, 32);
  const stop = (error: string) => ({ showErrorMessage: true, errorStyle: 'stop', errorTitle: title, error: within(error, 255) });
  const list = vocabularyOf(col, profile);
  if (list && col.kind === 'riskTerms') {
    // A list validation checks the whole cell against one value, and a cell may hold several terms:
    // the drop-down offers the terms, the input message says how to combine them, and no error
    // message stops a combination (the reader checks every term and names an unknown one).
    return {
      type: 'list',
      allowBlank: true,
      formulae: [listFormula(list)],
      showErrorMessage: false,
      showInputMessage: true,
      promptTitle: title,
      prompt: within(`可选一项，或手工填多项，用“${TERM_SEPARATOR}”分隔：${list.join(TERM_SEPARATOR)}`, 255),
    };
  }
  if (list) {
    return { type: 'list', allowBlank: true, formulae: [listFormula(list)], ...stop(`请从下拉列表中选择：${list.join('、')}`) };
  }
  const firstDate = new Date(Date.UTC(profile.thresholds.firstYear, 0, 1));
  const lastDate = new Date(Date.UTC(LAST_YEAR, 11, 31));
  switch (col.kind) {
    case 'date':
      return {
        type: 'date',
        operator: 'between',
        allowBlank: true,
        formulae: [firstDate, lastDate],
        showInputMessage: true,
        promptTitle: title,
        prompt: `填日期，如 ${DATE_EXAMPLE}`,
        ...stop(`应为${profile.thresholds.firstYear}年至${LAST_YEAR}年之间的日期，如 ${DATE_EXAMPLE}`),
      };
    case 'amount':
      return {
        type: 'decimal',
        operator: 'greaterThanOrEqual',
        allowBlank: true,
        formulae: [0],
        ...stop(isWanYuan(col) ? '应为不小于0的数字，单位万元，不带“万元”等文字' : '应为不小于0的数字'),
      };
    case 'signedAmount':
      return {
        type: 'decimal',
        operator: 'between',
        allowBlank: true,
        formulae: [-SIGNED_LIMIT, SIGNED_LIMIT],
        ...stop('应为数字，单位万元，亏损填负数，不带“万元”等文字'),
      };
    case 'year':
      return {
        type: 'whole',
        operator: 'between',
        allowBlank: true,
        formulae: [profile.thresholds.firstYear, LAST_YEAR],
        ...stop(`应为${profile.thresholds.firstYear}至${LAST_YEAR}之间的四位年份`),
      };
    case 'count':
      return { type: 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], ...stop('应为不小于0的整数') };
    default:
      return null;
  }
}

/** exceljs validates a whole range with `worksheet.dataValidations.add` (untyped in its index.d.ts). */
function addValidation(ws: Worksheet, range: string, v: Validation): void {
  (ws as unknown as { dataValidations: { add(range: string, v: Validation): void } }).dataValidations.add(range, v);
}

const BORDER = thinBorder('FF9E9E9E');
const REQUIRED_FILL = solidFill('FFF8CBAD');
const OPTIONAL_FILL = solidFill('FFDDEBF7');

function requiredText(col: ColumnDef): string {
  return col.required ? '必填' : col.key === 'completed_date' ? '条件必填' : '选填';
}

/** The header note: required or not, what to enter, where the values come from. */
function headerNote(col: ColumnDef, profile: Profile): Comment {
  const list = vocabularyOf(col, profile);
  const values = list
    ? col.kind === 'riskTerms'
      ? `从下拉列表选，多项用“${TERM_SEPARATOR}”分隔（见填表说明）`
      : `从下拉列表选：${list.join('、')}`
    : formatText(col, profile);
  return {
    texts: [
      { font: { bold: true, size: 9 }, text: `${requiredText(col)}。` },
      { font: { size: 9 }, text: `${describe(col, profile)}。\n${values}` },
    ],
  };
}

function addLedgerSheet(wb: Workbook, profile: Profile): void {
  const ws = wb.addWorksheet(LEDGER_SHEET, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 1, topLeftCell: 'C2', activeCell: 'A2' }],
    pageSetup: { ...A4_LANDSCAPE, fitToPage: false, printTitlesRow: '1:1' },
  });
  ws.columns = COLUMNS.map((col) => ({
    key: col.key,
    width: widthOf(col),
    style: {
      numFmt: numFmtOf(col),
      alignment: col.kind === 'note' ? { vertical: 'top', wrapText: true } : { vertical: 'top' },
    },
  }));
  const header = ws.getRow(1);
  header.height = 24;
  COLUMNS.forEach((col, i) => {
    const cell = header.getCell(i + 1);
    cell.value = col.header;
    cell.style = {
      font: { bold: true, size: 11, color: { argb: 'FF000000' } },
      fill: col.required ? REQUIRED_FILL : OPTIONAL_FILL,
      alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
      border: BORDER,
      numFmt: '@',
    };
    cell.note = headerNote(col, profile);
    const v = validationOf(col, profile);
    const letter = ws.getColumn(i + 1).letter;
    if (v) addValidation(ws, `${letter}2:${letter}${TEMPLATE_ROWS + 1}`, v);
  });
}

function addGuideSheet(wb: Workbook, profile: Profile): void {
  const ws = wb.addWorksheet(GUIDE_SHEET, {
    pageSetup: A4_LANDSCAPE_PAGE_WIDE,
  });
  ws.columns = [{ width: 6 }, { width: 22 }, { width: 10 }, { width: 58 }, { width: 62 }];
  const wrap = { vertical: 'top', wrapText: true } as const;
  const numbered = { horizontal: 'center', vertical: 'top' } as const;
  const title = ws.addRow([`${profile.county}经营性帮扶项目资产“四个一批”台账  填表说明`]);
  ws.mergeCells(1, 1, 1, 5);
  title.font = { bold: true, size: 16 };
  title.height = 30;
  title.alignment = { vertical: 'middle', horizontal: 'center' };

  const required = COLUMNS.filter((c) => c.required).map((c) => c.header);
  const risks = vocabularyOf(COLUMNS.find((c) => c.kind === 'riskTerms')!, profile)!;
  const rules = [
    `在“${LEDGER_SHEET}”工作表中填写，一行填一个项目（资产），从第2行开始；第1行表头不要改动、删除或调换顺序，表头上方不要插入标题行，表格下方不要加合计行。`,
    `不要合并单元格：同一${profile.levelNames.township}、同一村的每一行都要把${profile.levelNames.township}名、村名填完整。`,
    `表头橙色底的列必须填写：${required.join('、')}；其余（蓝色底）的列有就填，没有就留空。鼠标停在表头上可看到该列的填写要求。`,
    '有下拉箭头的列请从下拉列表中选择，不要自行输入其他说法。',
    `日期填写为 ${DATE_EXAMPLE} 这样的格式（在 Excel、WPS 中输入 2026-4-29 或 2026/4/29 会自动识别为日期）。`,
    '金额单位一律为万元，只填数字，不带“万元”“元”等文字；净收益亏损的填负数。',
    `建设年度填四位年份（${profile.thresholds.firstYear}年以后）；带动脱贫户数填整数。`,
    `风险情形可以不填，也可以填一项或多项，多项之间用“${TERM_SEPARATOR}”分隔，只能使用这些说法：${risks.join(TERM_SEPARATOR)}。`,
    '联系人、联系电话只供核对，不进入报告和网站；其他各列不要填写手机号、电话号码或身份证号。推进举措、取得成效、存在问题只用于内部报告。',
    `填好后保存为 .xlsx 文件（文件名写明${profile.levelNames.township}），报${profile.issuer}。本说明页不会被当作台账读入，可以保留。`,
  ];
  ws.addRow([]);
  const rulesHead = ws.addRow(['一、填写要求']);
  rulesHead.font = { bold: true, size: 12 };
  rules.forEach((text, i) => {
    const row = ws.addRow([i + 1, text]);
    ws.mergeCells(row.number, 2, row.number, 5);
    row.alignment = wrap;
    row.getCell(1).alignment = numbered;
    row.height = 16 * linesOf(text, 150); // the merged width of columns B…E
  });

  ws.addRow([]);
  const colsHead = ws.addRow(['二、各列说明']);
  colsHead.font = { bold: true, size: 12 };
  const tableHead = ws.addRow(['序号', '列', '是否必填', '填写内容', '可填的值或格式']);
  tableHead.eachCell((cell) => {
    cell.style = {
      font: { bold: true },
      fill: OPTIONAL_FILL,
      alignment: { horizontal: 'center', vertical: 'middle' },
      border: BORDER,
    };
  });
  COLUMNS.forEach((col, i) => {
    const list = vocabularyOf(col, profile);
    const values = list ? `${col.kind === 'riskTerms' ? '一项或多项：' : '下拉选择：'}${list.join('、')}` : formatText(col, profile);
    const row = ws.addRow([i + 1, col.header, requiredText(col), describe(col, profile), values]);
    row.alignment = wrap;
    row.getCell(1).alignment = numbered;
    row.eachCell((cell) => {
      cell.border = BORDER;
    });
    if (col.required) row.getCell(3).font = { bold: true, color: { argb: 'FFC00000' } };
    row.height = 16 * Math.max(linesOf(describe(col, profile), 58), linesOf(values, 62));
  });
}

/** The template workbook for a county, as .xlsx bytes. */
export async function renderLedgerTemplate(profile: Profile): Promise<Buffer> {
  categoryLabels(profile); // a label the reader would not take is refused before anything is built
  const info = { title: `${profile.county}经营性帮扶项目资产台账（模板）`, keywords: TEMPLATE_KEYWORDS, date: TEMPLATE_DATE };
  return workbookBytes(info, (wb) => {
    addGuideSheet(wb, profile);
    addLedgerSheet(wb, profile);
    // the clerk opens the workbook on the instructions
    wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  });
}
