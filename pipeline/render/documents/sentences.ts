/**
 * Sentences of the reports, written in the manner of the county plans (seeds 000, 004): short
 * declaratives that state each figure with its unit. Every number comes from the ReportContext and
 * is printed through pipeline/format; a sentence whose figure is zero is reworded rather than
 * printing “0个” where a clerk would write “暂无”.
 */
import { type Category, type RankRow, type ReportContext, townshipWordOf } from '../../context.js';
import { CATEGORIES, OPERATING_STATES, PROGRESS_CATEGORIES } from '../../vocabulary.js';
import { chineseNumber, formatDateCn, formatMoney, formatPercent, periodLabel } from '../../format/index.js';
import { sheetName, type Spill } from './overflow.js';
import { type AttachmentKey, departmentOf, headerTags, place, unitsOf, yearStartLabels } from './tables.js';

export interface Para {
  lead: string;
  text: string;
}

/** Returns “（见附件N）” for an attachment the document carries, else ''. */
export type SeeAttachment = (key: AttachmentKey) => string;

const para = (text: string, lead = ''): Para => ({ lead, text });
const money = (n: number) => `${formatMoney(n)}万元`;
/** （一） （二） … */
const lead2 = (i: number, title: string) => `（${chineseNumber(i + 1)}）${title}。`;

/** 全县 (a city's: 全市) */
function whole(ctx: ReportContext): string {
  return `全${ctx.area.level}`;
}

/** 我县 (a city's: 我市) */
function ours(ctx: ReportContext): string {
  return `我${ctx.area.level}`;
}

/** A project named in the text: 名称（编号，…）; in a city with its 县 first, 名称（甲县，编号，…）, as 编号 repeat across 县. */
function named(p: { name: string; id: string; county?: string }, ...more: string[]): string {
  return `${p.name}（${[...(p.county ? [p.county] : []), p.id, ...more].join('，')}）`;
}

function label(ctx: ReportContext, c: Category): string {
  return ctx.labels[c];
}

/** The ledger columns a sentence may rest on, by key (ingest/columns.ts), as a clerk knows them. */
const COLUMN_NAMES: Record<string, string> = {
  households: '带动脱贫户数',
  operating_state: '运营状态',
  stop_date: '停用日期',
  operating_mode: '运营方式',
  contract_end: '合同到期日期',
  dividend_agreed: '约定分红',
  dividend_due: '应分红日期',
  dividend_received: '实际分红',
  principal_due: '本金到期日期',
  principal_recovered: '本金是否收回',
  net_prev2: '前年净收益',
  net_prev: '上年净收益',
  capacity_design: '设计产能',
  capacity_actual: '实际产能',
  risks: '风险情形',
  progress_state: '进展状态',
  planned_date: '计划完成日期',
  completed_date: '完成日期',
  asset_value: '资产原值',
};

/** Columns the 闲置/低效 rules read (§4.1, §4.2). */
const IDLE_COLUMNS = [
  'operating_state',
  'stop_date',
  'operating_mode',
  'dividend_agreed',
  'dividend_due',
  'dividend_received',
  'net_prev2',
  'net_prev',
  'capacity_design',
  'capacity_actual',
];
/** Columns the red and yellow warnings read (§4.4). */
const WARNING_COLUMNS = [
  'operating_state',
  'stop_date',
  'contract_end',
  'dividend_agreed',
  'dividend_due',
  'dividend_received',
  'principal_due',
  'principal_recovered',
  'risks',
];
/** Columns the 分红追缴 reads (§4.3). */
const DIVIDEND_COLUMNS = ['dividend_agreed', 'dividend_due', 'dividend_received'];

/** Which of `keys` no ledger file had, as the clerk names them (docs/rules.md §9: a missing column is not a zero). */
function absent(ctx: ReportContext, keys: readonly string[]): string[] {
  return keys.filter((k) => !ctx.ledgerColumns.includes(k)).map((k) => COLUMN_NAMES[k] ?? k);
}

/** “台账未填报合同到期日期、风险情形，相关预警情形未能核查”, or '' when the ledgers had every column. */
function unchecked(ctx: ReportContext, keys: readonly string[], what: string): string {
  const gaps = absent(ctx, keys);
  return gaps.length ? `台账未填报${gaps.join('、')}，${what}未能核查` : '';
}

/** 乡镇, or 乡镇（街道） where a unit is a 街道 (context.ts). */
const townshipWord = townshipWordOf;

/** 各乡镇 as addressed: a city's 县（市、区）, a county's 乡镇 or 乡镇（街道）. */
const unitsWord = unitsOf;

/** “（参照《…》（鄂前政办发〔2024〕13号））”: the document a rule rests on, from the profile; '' when the profile names none. */
export function basis(ctx: ReportContext): string {
  const b = ctx.profile.rulesBasis;
  if (!b) return '';
  return `${b.verb}《${b.title}》${b.docNumber ? `（${b.docNumber}）` : ''}`;
}

/** The 盘活、调整 labels as this county prints them. */
function problemCategories(ctx: ReportContext): string {
  return `${label(ctx, '盘活')}、${label(ctx, '调整')}`;
}

/** The 销号 levels that are the reader's own review (市级复核, 省级复核 in a report to the 市). */
const REVIEW_LEVELS = ['city', 'province'];
/** How many of them the text names before 等. */
const REVIEW_NAMED = 20;

function asOfCn(ctx: ReportContext): string {
  return formatDateCn(ctx.meta.asOf);
}

/**
 * 《示例县…工作方案》（示政函〔2026〕118号）, with 我县 in front when the title lacks the county;
 * null when the profile gives no plan title (no title is ever invented).
 */
function planRef(ctx: ReportContext): string | null {
  const { title, docNumber } = ctx.profile.plan;
  if (!title) return null;
  const cited = title.startsWith(ctx.area.name) ? `《${title}》` : `${ours(ctx)}《${title}》`;
  return docNumber ? `${cited}（${docNumber}）` : cited;
}

/** “按照《…》部署” or, without a plan title, “按照经营性帮扶项目资产“四个一批”工作部署”. */
function byPlan(ctx: ReportContext): string {
  return planRef(ctx) ?? '经营性帮扶项目资产“四个一批”工作';
}

/** 一是……；二是……；三是……。 */
function enumerate(items: string[]): string {
  return `${items.map((s, i) => `${chineseNumber(i + 1)}是${s}`).join('；')}。`;
}

// ---------------------------------------------------------------- shared paragraphs

/** 全县共纳入经营性项目450个，其中巩固类414个，升级类19个，盘活类5个，调整类12个。 … */
function totals(ctx: ReportContext): Para {
  const counts = CATEGORIES.map((c) => `${label(ctx, c)}${ctx.byCategory[c].projects}个`).join('，');
  const shares = CATEGORIES.map((c) => formatPercent(ctx.byCategory[c].share)).join('、');
  const invest = CATEGORIES.map((c) => `${label(ctx, c)}${money(ctx.byCategory[c].investment)}`).join('、');
  return para(
    `截至${asOfCn(ctx)}，${whole(ctx)}共纳入经营性项目${ctx.total.projects}个，其中${counts}。` +
      `四类项目分别占项目总数的${shares}。` +
      `累计投入帮扶资金${money(ctx.total.investment)}，其中${invest}；${households(ctx, ctx.total.households)}。`,
  );
}

/** 带动脱贫户12户次, or that the ledgers do not report it (never 0户次 for a column they lack). */
function households(ctx: ReportContext, n: number): string {
  return ctx.ledgerColumns.includes('households') ? `带动脱贫户${n}户次` : '台账未填报带动脱贫户数，本项未统计';
}

/**
 * 经排查… Without 运营状态 no asset can be found idle: the count is not reported. Where some of the
 * columns the 闲置/低效 rules read are missing, the sentence says which, never 暂未发现.
 */
function idleSummary(ctx: ReportContext, see: SeeAttachment): Para {
  const gaps = unchecked(ctx, IDLE_COLUMNS, '相关闲置、低效情形');
  if (!ctx.ledgerColumns.includes('operating_state') && ctx.idleInefficient.count === 0) {
    return para(`台账未填报${absent(ctx, IDLE_COLUMNS).join('、')}，闲置、低效项目资产本项未统计。`);
  }
  if (ctx.idleInefficient.count === 0) {
    return para(gaps ? `按台账已填报的情况，未认定闲置、低效项目资产；${gaps}。` : `经排查，${whole(ctx)}暂未发现闲置、低效项目资产。`);
  }
  return para(
    `经排查，${whole(ctx)}有闲置项目资产${ctx.idle}个、低效项目资产${ctx.inefficient}个（同一项目既闲置又低效的分别计入），` +
      `共${ctx.idleInefficient.count}个项目纳入低效闲置项目资产清单${see('idle')}。${gaps ? `${gaps}。` : ''}`,
  );
}

/** 巩固类项目中，正常运营400个，运营一般14个。 */
function consolidateStates(ctx: ReportContext): Para | null {
  // without 运营状态 every project would read as the default 正常运营: a claim the ledgers do not make
  if (!ctx.ledgerColumns.includes('operating_state')) return null;
  const states = Object.keys(ctx.consolidateByState).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'zh'));
  const parts = states.filter((s) => (ctx.consolidateByState[s] ?? 0) > 0).map((s) => `${s}${ctx.consolidateByState[s]}个`);
  if (parts.length === 0) return null;
  return para(`${label(ctx, '巩固')}项目中，${parts.join('，')}。`);
}

function rank(state: string): number {
  const i = (OPERATING_STATES as readonly string[]).indexOf(state);
  return i < 0 ? OPERATING_STATES.length : i;
}

/**
 * 销号坚持整改一个、销号一个，实行分级审批 … (docs/rules.md §4.6: every open problem item, whatever its
 * category), with the document the levels rest on, and every project awaiting a 市级/省级复核 named.
 */
function approvals(ctx: ReportContext, spill: Spill | null = null): string {
  const levels = ctx.approvals.byLevel.filter((l) => l.projects > 0).map((l) => `${l.label}的${l.projects}个`);
  const who = `尚未销号的问题项目（预警、低效闲置及${problemCategories(ctx)}项目）`;
  const rule = basis(ctx) ? `（审批层级${basis(ctx)}确定）` : '';
  const value = ctx.ledgerColumns.includes('asset_value') ? '资产原值' : '资产原值（台账未填报资产原值的按投入帮扶资金）';
  const head = levels.length
    ? `销号坚持“整改一个、销号一个”，按${value}分级审批${rule}，${who}中审批层级为${levels.join('、')}`
    : `暂无需要办理销号审批的问题项目`;
  const review = ctx.approvals.list.items.filter((i) => REVIEW_LEVELS.includes(i.level));
  const reviewLine = review.length
    ? `；其中需${REVIEW_LEVELS.flatMap((l) => review.find((i) => i.level === l)?.label ?? []).join('、')}的项目为` +
      review
        .slice(0, REVIEW_NAMED)
        .map((i) => named(i, label(ctx, i.category), `${i.label}`, `资产原值${money(i.value)}`))
        .join('；') +
      (review.length > REVIEW_NAMED ? `等${review.length}个` : '')
    : '';
  const t = ctx.profile.thresholds;
  const simplified =
    ctx.approvals.simplified > 0
      ? `；村集体所有的${label(ctx, '调整')}资产中，单项资产原值${t.simplifiedDisposal}万元及以下或同一处置批次合计${t.simplifiedBatch}万元及以下、` +
        `可按简化程序处置的${ctx.approvals.simplified}个`
      : '';
  return `${head}${reviewLine}${simplified}。${approvalSheet(ctx, spill)}`;
}

/** The first columns of a project list sent to the spreadsheet: 序号, 项目编号, 项目名称 and where it lies. */
function projectColumns(ctx: ReportContext) {
  return [
    { key: 'no', title: '序号', format: 'count' },
    { key: 'id', title: '项目编号', format: 'text' },
    { key: 'name', title: '项目名称', format: 'text' },
    { key: 'township', title: headerTags(ctx).levelTownship!, format: 'text' },
  ] as const;
}

/**
 * The 销号审批层级清单: every open problem item with the level that must approve its 销号, as a sheet
 * of the spreadsheet beside the quarterly report (the 市 reviews its own and merges the counties').
 */
function approvalSheet(ctx: ReportContext, spill: Spill | null): string {
  const items = ctx.approvals.list.items;
  if (!spill || items.length === 0) return '';
  const where = spill.add({
    name: sheetName('销号审批层级清单'),
    title: `尚未销号的问题项目及销号审批层级（截至${asOfCn(ctx)}）`,
    columns: [
      ...projectColumns(ctx),
      { key: 'category', title: '类别', format: 'text' },
      { key: 'value', title: '资产原值（万元）', format: 'money' },
      { key: 'level', title: '审批层级', format: 'text' },
      { key: 'simplified', title: '可按简化程序处置', format: 'text' },
    ],
    rows: items.map((i, k) => ({
      no: String(k + 1),
      id: i.id,
      name: i.name,
      township: place(i),
      category: label(ctx, i.category),
      value: formatMoney(i.value),
      level: i.label,
      simplified: i.simplified ? '是' : '',
    })),
    total: null,
  });
  return `全部${items.length}个问题项目及其审批层级见随本文报送的${where}。`;
}

/** 建议重新研判类别 projects named in the text; a longer list goes to the spreadsheet beside the report. */
const RECLASSIFY_INLINE = 20;
/** …of which the text names this many. */
const RECLASSIFY_NAMED = 10;

/** §4.5: 巩固 projects that contradict the 巩固 definition are named for 重新研判类别. */
function reclassify(ctx: ReportContext, spill: Spill | null): string {
  const item = (r: ReportContext['reclassify']['items'][number]) => named(r, r.why.join('、'));
  const n = ctx.reclassify.count;
  const standard = `与“运营良好、收益稳定、无重大风险隐患”的${label(ctx, '巩固')}标准不符，建议根据产业发展和市场变化情况重新研判类别`;
  if (!spill || n <= RECLASSIFY_INLINE) {
    return `${label(ctx, '巩固')}项目中有${n}个存在红色预警或低效闲置情形：${ctx.reclassify.items.map(item).join('；')}，${standard}。`;
  }
  const where = spill.add({
    name: sheetName('建议重新研判类别'),
    title: `${label(ctx, '巩固')}项目中建议重新研判类别的项目（截至${asOfCn(ctx)}）`,
    columns: [...projectColumns(ctx), { key: 'why', title: '存在情形', format: 'text' }],
    rows: ctx.reclassify.items.map((r, i) => ({ no: String(i + 1), id: r.id, name: r.name, township: place(r), why: r.why.join('、') })),
    total: null,
  });
  const first = ctx.reclassify.items.slice(0, RECLASSIFY_NAMED).map(item);
  return (
    `${label(ctx, '巩固')}项目中有${n}个存在红色预警或低效闲置情形，${standard}；` +
    `其中${first.join('；')}等，全部${n}个项目见随本文报送的${where}。`
  );
}

function progressLine(ctx: ReportContext, c: (typeof PROGRESS_CATEGORIES)[number], period: 'quarter' | 'year'): string {
  const p = ctx.progress[c];
  if (p.total === 0) return `${whole(ctx)}暂无${label(ctx, c)}项目。`;
  if (!ctx.ledgerColumns.includes('progress_state')) return `共${p.total}个；台账未填报进展状态，完成情况本项未统计。`;
  const cancelled = p.byState['已销号'] > 0 ? `（其中已销号${p.byState['已销号']}个）` : '';
  const inPeriod = !ctx.ledgerColumns.includes('completed_date')
    ? '台账未填报完成日期，本期完成数未统计'
    : period === 'quarter'
      ? `本季度完成${p.completedThisQuarter}个`
      : `全年完成${p.completedThisYear}个`;
  const overdue = !ctx.ledgerColumns.includes('planned_date')
    ? '台账未填报计划完成日期，逾期情况未能核查'
    : p.overdue > 0
      ? `逾期未完成${p.overdue}个`
      : '无逾期未完成项目';
  const done =
    period === 'quarter'
      ? `共${p.total}个，已完成${p.completed}个${cancelled}，推进中${p.byState['推进中']}个，未启动${p.byState['未启动']}个，完成率${formatPercent(p.completionRate)}。${inPeriod}，${overdue}。`
      : `共${p.total}个，${inPeriod}，累计已完成${p.completed}个${cancelled}，完成率${formatPercent(p.completionRate)}；推进中${p.byState['推进中']}个，未启动${p.byState['未启动']}个，${overdue}。`;
  return done;
}

/** Overdue projects listed in the text when there is no attachment for them (at most this many). */
const OVERDUE_INLINE = 10;

function overdueList(ctx: ReportContext, see: SeeAttachment): string {
  const head = `超过计划完成时间仍未完成的项目${ctx.overdue.count}个${see('overdue')}`;
  const items = ctx.overdue.items
    .slice(0, OVERDUE_INLINE)
    .map((o) => named(o, label(ctx, o.category), `计划${formatDateCn(o.plannedDate)}完成`, o.progressState));
  const more = ctx.overdue.count > OVERDUE_INLINE ? `等${ctx.overdue.count}个项目` : '';
  return `${head}：${items.join('；')}${more}。`;
}

// ---------------------------------------------------------------- changes since the earlier snapshot

/**
 * “上季度末（2026年6月30日）” when the earlier snapshot is the end of the quarter before, else the
 * date alone: the sentences never call a snapshot 上季度末 that is not.
 */
function sinceLabel(ctx: ReportContext, since: string): string {
  const start = new Date(`${ctx.meta.quarterStart}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - 1);
  return start.toISOString().slice(0, 10) === since ? `上季度末（${formatDateCn(since)}）` : formatDateCn(since);
}

/** “由8个增加到10个” / “保持8个” */
function fromTo(then: number, now: number, unit: (n: number) => string): string {
  if (then === now) return `保持${unit(now)}`;
  return `由${unit(then)}${now > then ? '增加' : '减少'}到${unit(now)}`;
}

/**
 * 总体情况: 较上季度末（2026年6月30日），新增项目2个，完成5个，3个项目由巩固类调整为升级类，
 * 新增预警4个、解除3个（见附件5）。项目总数由…，投入帮扶资金由…。 Nothing without a snapshot.
 */
function changeSummary(ctx: ReportContext, see: SeeAttachment): Para | null {
  const c = ctx.changes;
  if (!c) return null;
  const parts: string[] = [];
  if (c.added.count > 0) parts.push(`新增项目${c.added.count}个`);
  if (c.removed.count > 0) parts.push(`减少项目${c.removed.count}个`);
  if (c.completed.count > 0) parts.push(`完成${c.completed.count}个`);
  for (const p of c.reclassified.pairs) parts.push(`${p.count}个项目由${label(ctx, p.from)}调整为${label(ctx, p.to)}`);
  const raised = c.warningsRaised.count;
  const cleared = c.warningsCleared.count;
  if (raised > 0 && cleared > 0) parts.push(`新增预警${raised}个、解除${cleared}个`);
  else if (raised > 0) parts.push(`新增预警${raised}个`);
  else if (cleared > 0) parts.push(`解除预警${cleared}个`);
  const head = `较${sinceLabel(ctx, c.since)}，`;
  const what = parts.length ? `${head}${parts.join('，')}${see('changes')}。` : `${head}项目数量、类别、完成和预警情况均无变化。`;
  return para(
    `${what}${whole(ctx)}项目总数${fromTo(c.projects.before, c.projects.now, (n) => `${n}个`)}，` +
      `投入帮扶资金${fromTo(c.investment.before, c.investment.now, money)}。${vanished(ctx, c)}`,
  );
}

/** How many vanished projects the text names before 等 (all of them are in the 变动情况表). */
const VANISHED_NAMED = 10;

/**
 * Assets do not vanish (docs/rules.md §8): each project in the earlier ledger and not in this one,
 * named with its category and warning level then, and that where it went is being checked.
 */
function vanished(ctx: ReportContext, c: NonNullable<ReportContext['changes']>): string {
  const items = c.removed.items;
  if (items.length === 0) return '';
  const when = formatDateCn(c.since);
  const item = (r: (typeof items)[number]) =>
    named(r, r.from ? `${when}为${label(ctx, r.from as Category)}` : when, r.warning ? `${LEVEL_WORDS[r.warning]}预警` : '无预警');
  const more = items.length > VANISHED_NAMED ? `等${items.length}个项目` : '';
  return `减少的项目为${items.slice(0, VANISHED_NAMED).map(item).join('；')}${more}，本期台账中已无记录，其去向正在逐一核实。`;
}

const LEVEL_WORDS = { red: '红色', yellow: '黄色' } as const;

/** 分类推进情况: 较上季度末，升级类、盘活类、调整类项目新完成2个，新增逾期未完成1个。 */
function progressChange(ctx: ReportContext): Para | null {
  const c = ctx.changes;
  if (!c) return null;
  const cats = PROGRESS_CATEGORIES.map((x) => label(ctx, x)).join('、');
  const done = c.completed.count > 0 ? `新完成${c.completed.count}个` : '没有新完成的项目';
  const overdue = c.newlyOverdue.count > 0 ? `新增逾期未完成${c.newlyOverdue.count}个` : '没有新增逾期未完成项目';
  return para(`较${sinceLabel(ctx, c.since)}，${cats}项目${done}，${overdue}。`);
}

/** 风险预警情况: 较上季度末，新增预警1个、解除预警2个，1个项目预警等级发生变化。 */
function warningChange(ctx: ReportContext): string {
  const c = ctx.changes;
  if (!c) return '';
  const parts = [`新增预警${c.warningsRaised.count}个`, `解除预警${c.warningsCleared.count}个`];
  if (c.warningLevelChanged.count > 0) parts.push(`${c.warningLevelChanged.count}个项目预警等级发生变化`);
  return `较${sinceLabel(ctx, c.since)}，${parts.join('、')}。`;
}

/** 分红追缴: 较上季度末，收回欠缴分红6.00万元（1个项目），尚欠分红由10.00万元减少到4.00万元。 */
function dividendChange(ctx: ReportContext): string {
  const c = ctx.changes;
  if (!c) return '';
  const d = c.dividends;
  if (d.owedThen === 0 && d.owedNow === 0) return '';
  const recovered = d.recovered > 0 ? `收回欠缴分红${money(d.recovered)}（${d.projects}个项目）` : '未收回欠缴分红';
  return `较${sinceLabel(ctx, c.since)}，${recovered}，尚欠分红${fromTo(d.owedThen, d.owedNow, money)}。`;
}

// ---------------------------------------------------------------- quarterly report

/**
 * The opening cites only a clause the profile names (plan.reportingClause, in the plan's own
 * words); without one it cites the plan as a whole and no requirement the plan may not contain.
 */
export function quarterlyIntro(ctx: ReportContext): string {
  const period = periodLabel(ctx.meta.year, ctx.meta.quarter);
  const clause = ctx.profile.plan.reportingClause?.trim();
  const plan = planRef(ctx);
  return (
    (clause && plan ? `按照${plan}${clause}，` : `按照${plan ?? '经营性帮扶项目资产“四个一批”'}工作部署，`) +
    `现将${ours(ctx)}${period}经营性帮扶项目资产“四个一批”工作推进情况报告如下：`
  );
}

/**
 * A city's figures by 县: 分县看（见附件1），甲县纳入项目5个，投入帮扶资金750.00万元，升级类、盘活类、调整类项目
 * 完成率33.3%，红色预警项目2个；乙县…。 Nothing in a county.
 */
function countyFigures(ctx: ReportContext, see: SeeAttachment): Para | null {
  if (!ctx.counties) return null;
  const ranks = new Map((ctx.ranking.counties ?? []).map((r) => [r.name, r]));
  const parts = ctx.counties.map((c) => {
    const r = ranks.get(c.name);
    const rate = r?.rate == null ? `无${tasksLabel(ctx)}项目` : `${tasksLabel(ctx)}项目完成率${formatPercent(r.rate)}`;
    const red = r && r.red > 0 ? `红色预警项目${r.red}个` : '无红色预警项目';
    return `${c.name}纳入项目${c.projects}个，投入帮扶资金${money(c.investment)}，${rate}，${red}`;
  });
  return para(`分${ctx.profile.levelNames.county}看${see('townships')}，${parts.join('；')}。`);
}

export function overview(ctx: ReportContext, see: SeeAttachment): Para[] {
  const change = changeSummary(ctx, see);
  const byCounty = countyFigures(ctx, see);
  const out = [totals(ctx), ...(byCounty ? [byCounty] : []), ...(change ? [change] : []), idleSummary(ctx, see)];
  const states = consolidateStates(ctx);
  if (states) out.push(states);
  return out;
}

/**
 * 主要工作举措和成效: the clerk writes it; what the ledgers' 推进举措 and 取得成效 columns hold is quoted
 * beneath as material, marked for deletion.
 */
export function measuresPlaceholder(ctx: ReportContext): Para[] {
  return [
    para(
      `【请在此处填写本季度主要工作举措和取得的成效：结合${ours(ctx)}实际，从组织推动、分类施策、盘活闲置资产、分红追缴、风险处置等方面简要叙述，可列举典型项目。】`,
    ),
    ...ledgerMaterial(ctx, 'measures', '推进举措'),
    ...ledgerMaterial(ctx, 'results', '取得成效'),
  ];
}

export function progress(ctx: ReportContext, see: SeeAttachment, withChanges = false, spill: Spill | null = null): Para[] {
  const out = PROGRESS_CATEGORIES.map((c, i) => para(progressLine(ctx, c, 'quarter'), lead2(i, `${label(ctx, c)}项目`)));
  const change = withChanges ? progressChange(ctx) : null;
  if (change) out.unshift(change);
  let n = PROGRESS_CATEGORIES.length;
  if (ctx.overdue.count > 0) out.push(para(overdueList(ctx, see), lead2(n++, '逾期项目')));
  out.push(para(approvals(ctx, spill), lead2(n, '销号审批')));
  return out;
}

export function warnings(ctx: ReportContext, see: SeeAttachment, spill: Spill | null = null, withChanges = false): Para[] {
  const w = ctx.warnings;
  const rule = basis(ctx) ? `（${basis(ctx)}确定）` : '';
  const gaps = unchecked(ctx, WARNING_COLUMNS, '相关预警情形');
  const levels =
    w.list.count === 0
      ? gaps
        ? `按照红黄预警规则${rule}，截至${asOfCn(ctx)}，按台账已填报的情况未触发预警；${gaps}。`
        : `按照红黄预警规则${rule}，截至${asOfCn(ctx)}，${whole(ctx)}暂无预警项目。`
      : `按照红黄预警规则${rule}，${whole(ctx)}共有预警项目${w.list.count}个，其中红色预警${w.red}个、黄色预警${w.yellow}个${see('warnings')}。` +
        (gaps ? `${gaps}。` : '');
  const reasons = Object.entries(w.byReason)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${r}的${n}个`);
  const byReason = reasons.length ? `从预警情形看（同一项目可能同时触发多种情形），${reasons.join('、')}。` : '';
  const d = ctx.dividends;
  const dividendGaps = absent(ctx, DIVIDEND_COLUMNS);
  const dividends = dividendGaps.length
    ? `台账未填报${dividendGaps.join('、')}，分红追缴情况本项未统计。`
    : d.projects === 0
      ? `截至${asOfCn(ctx)}，${whole(ctx)}暂无应分红未到位项目。`
      : `${whole(ctx)}应分红未足额到位项目${d.projects}个，约定分红${money(d.agreed)}，已收回${money(d.received)}，` +
        `尚欠${money(d.owed)}，收回率${formatPercent(d.rate)}${see('dividends')}；` +
        `应分红日期后超过${ctx.profile.thresholds.dividendLateMonths}个月仍未足额收取的按红色预警“逾期未收取收益超过6个月”统计，其余按黄色预警“收益未按约定时间上缴”统计。`;
  const out = [
    para(levels + byReason + (withChanges ? warningChange(ctx) : ''), lead2(0, '红黄预警')),
    para(dividends + (withChanges && !dividendGaps.length ? dividendChange(ctx) : ''), lead2(1, '分红追缴')),
  ];
  if (ctx.reclassify.count > 0) out.push(para(reclassify(ctx, spill), lead2(out.length, '类别研判')));
  const thematic = thematicReview(ctx, see);
  if (thematic) out.push(para(thematic, lead2(out.length, '专题研究')));
  return out;
}

/** How many 专题研究 projects the text names before 等 (all of them are in the attachment). */
const THEMATIC_NAMED = 10;

/** 大足 三(四): every 重大闲置 and every 调整 project goes to 专题研究、集中认定 (profile thematicReview). */
function thematicReview(ctx: ReportContext, see: SeeAttachment): string | null {
  if (!ctx.thematicReview) return null;
  const items = ctx.thematicReview.items;
  const dispose = label(ctx, '调整');
  if (items.length === 0) return `${whole(ctx)}暂无需专题研究、集中认定的重大闲置项目和${dispose}项目。`;
  const major = items.filter((i) => i.severity === '重大').length;
  const adjust = items.filter((i) => i.category === '调整').length;
  const first = items
    .slice(0, THEMATIC_NAMED)
    .map((i) => named(i, i.category === '调整' ? dispose : `${i.severity ?? ''}${label(ctx, i.category)}`));
  const more = items.length > THEMATIC_NAMED ? `等${items.length}个项目` : '';
  return (
    `需提请专题研究、集中认定的项目${items.length}个（重大闲置${major}个、${dispose}${adjust}个，同一项目可能兼有）${see('thematic')}：` +
    `${first.join('；')}${more}。`
  );
}

export function problems(ctx: ReportContext): Para[] {
  const items: string[] = [];
  const idleLeft = ctx.warnings.byReason['闲置资产尚未盘活'] ?? 0;
  if (idleLeft > 0) items.push(`闲置资产盘活进度偏慢，仍有${idleLeft}个闲置项目资产尚未盘活`);
  if (ctx.overdue.count > 0) items.push(`部分项目推进滞后，${ctx.overdue.count}个项目超过计划完成时间仍未完成`);
  if (ctx.inefficient > 0) items.push(`部分项目运营效益不高，低效项目资产${ctx.inefficient}个`);
  if (ctx.dividends.owed > 0) items.push(`收益分红追缴难度较大，尚有${money(ctx.dividends.owed)}分红未收回`);
  if (ctx.warnings.red > 0) items.push(`风险隐患仍然存在，红色预警项目${ctx.warnings.red}个`);
  // the verdict 推进顺利 needs the figures behind it: work begun where there is work
  const t = ctx.ranking.total;
  const notStarted = PROGRESS_CATEGORIES.reduce((n, c) => n + ctx.progress[c].byState['未启动'], 0);
  if (ctx.ledgerColumns.includes('progress_state') && t.tasks > 0) {
    if (t.done === 0) items.push(`分类推进尚未取得实质进展，${tasksLabel(ctx)}项目${t.tasks}个中尚无完成的，其中未启动${notStarted}个`);
    else if (notStarted > 0) items.push(`部分项目尚未启动，${tasksLabel(ctx)}项目中未启动${notStarted}个`);
  }
  // what changed since the earlier ledger: assets that left it, and work that fell behind this period
  const c = ctx.changes;
  if (c && c.removed.count > 0) items.push(`部分项目资产去向不明，${c.removed.count}个项目在本期台账中已无记录，去向尚待核实`);
  if (c && c.newlyOverdue.count > 0 && ctx.overdue.count > c.newlyOverdue.count) {
    items.push(`逾期项目仍在增加，较${sinceLabel(ctx, c.since)}新增逾期未完成${c.newlyOverdue.count}个`);
  }
  // what the ledgers did not report cannot be judged: said, never passed over
  const gaps = absent(ctx, Object.keys(COLUMN_NAMES));
  if (gaps.length) items.push(`台账填报不够完整，未填报${gaps.join('、')}等内容，相关情况未能统计核查，需督促补齐`);
  // Data-quality notes are the county's own housekeeping (build log, stats.json): never in a
  // document that goes to the 上级.
  if (items.length === 0) {
    return [para('当前工作总体推进顺利，暂未发现突出问题，但资产长效管理机制仍需进一步健全。')];
  }
  return [para(`当前工作中还存在以下问题：${enumerate(items)}`)];
}

export function nextSteps(ctx: ReportContext): Para[] {
  const cats = PROGRESS_CATEGORIES.map((c) => label(ctx, c)).join('、');
  const overdue = ctx.overdue.count > 0 ? `，对${ctx.overdue.count}个逾期未完成项目实行重点督办` : '';
  const w = ctx.warnings;
  const risk =
    w.red + w.yellow > 0
      ? `对${w.red}个红色预警项目逐一制定化解措施、限期整改，对${w.yellow}个黄色预警项目加强跟踪监测，防止风险升级。`
      : '持续开展风险监测，及时发现和处置风险隐患。';
  const owed =
    ctx.dividends.owed > 0
      ? `督促经营主体履行合同，按约定及时足额兑现收益，力争尽快收回欠缴分红${money(ctx.dividends.owed)}；对拒不履约的，依法依规采取追缴措施。`
      : '督促经营主体履行合同，按约定及时足额兑现收益。';
  return [
    para(`对${cats}项目中推进中和未启动的项目逐一压实责任、倒排工期${overdue}，确保按期完成分类推进任务。`, lead2(0, '加快分类推进')),
    para(risk, lead2(1, '抓好风险处置')),
    para(owed, lead2(2, '加大分红追缴力度')),
    para(
      '坚持“整改一个、销号一个”，按资产原值确定的审批权限分级审批销号；需处置、转让拍卖的资产，严格履行民主决策程序，' +
        '处置、转让拍卖结果公示不少于10天；严禁随意处置、违规处置帮扶资产，防止资产流失。',
      lead2(3, '规范销号处置'),
    ),
    para('按月更新项目资产台账，做到账实相符、账账相符，按时报送工作推进情况。', lead2(4, '健全长效机制')),
  ];
}

// ---------------------------------------------------------------- quarterly notice (季度通报, 下行文)

export function noticeIntro(ctx: ReportContext): string {
  return (
    `为及时掌握工作进展、压实工作责任，按照${byPlan(ctx)}部署，现将截至${asOfCn(ctx)}${whole(ctx)}` +
    `经营性帮扶项目资产“四个一批”工作推进情况通报如下：`
  );
}

function tasksLabel(ctx: ReportContext): string {
  return PROGRESS_CATEGORIES.map((c) => label(ctx, c)).join('、');
}

export function noticeOverview(ctx: ReportContext, see: SeeAttachment): Para[] {
  const t = ctx.ranking.total;
  const rate = t.rate == null ? '' : `，完成率${formatPercent(t.rate)}`;
  const has = (k: string) => ctx.ledgerColumns.includes(k);
  const done = has('progress_state') ? `已完成${t.done}个${rate}` : '台账未填报进展状态，完成情况本项未统计';
  const overdue = !has('planned_date')
    ? '台账未填报计划完成日期，逾期情况未能核查。'
    : t.overdue > 0
      ? `超过计划完成时间仍未完成的${t.overdue}个${see('overdue')}。`
      : '无逾期未完成项目。';
  const redGaps = unchecked(ctx, WARNING_COLUMNS, '部分预警情形');
  const red = t.red > 0 ? `红色预警项目${t.red}个` : redGaps ? '按台账已填报的情况未触发红色预警' : '暂无红色预警项目';
  const owed = absent(ctx, DIVIDEND_COLUMNS).length
    ? `；台账未填报${absent(ctx, DIVIDEND_COLUMNS).join('、')}，欠缴分红本项未统计。`
    : t.owed > 0
      ? `，尚欠分红${money(t.owed)}。`
      : '，暂无欠缴分红。';
  const out = [
    totals(ctx),
    para(`${tasksLabel(ctx)}项目共${t.tasks}个，${done}；${overdue}${red}${redGaps && t.red === 0 ? `（${redGaps}）` : ''}${owed}`),
  ];
  const change = changeSummary(ctx, see);
  if (change) out.push(change);
  return out;
}

/** The group of projects whose 乡镇 or 主管部门 is empty (by_group.sql, ranking.sql). */
const UNNAMED = '未填写';

/** A ranked group as named in the text; a city's 主管部门 with its 县 (甲县农业农村局). */
function groupName(ctx: ReportContext, r: RankRow): string {
  return r.name === UNNAMED ? `${r.county ?? ''}未填写主管部门的项目` : departmentOf(ctx, r);
}

/** A list of names with a figure each: 青林镇（2个）、金滩镇（2个）. */
function namedFigures(ctx: ReportContext, rows: RankRow[], figure: (r: RankRow) => string): string {
  return rows.map((r) => `${groupName(ctx, r)}（${figure(r)}）`).join('、');
}

/** How many names the ranking sentences name at the top and at the bottom (more when tied at the boundary). */
const RANK_NAMED = 3;

/** A rate with the work it rests on: 青林镇（4个项目完成2个，完成率50.0%）. */
function withRate(ctx: ReportContext, rows: RankRow[]): string {
  return namedFigures(ctx, rows, (r) => `${r.tasks}个项目完成${r.done}个，完成率${formatPercent(r.rate ?? 0)}`);
}

/**
 * The rows ranked at or above `rank` (ties at the boundary come in whole): the first RANK_NAMED
 * and every row tied with the last of them.
 */
function topTied(ranked: RankRow[], n: number): RankRow[] {
  const boundary = ranked[Math.min(n, ranked.length) - 1]?.rank ?? 0;
  return ranked.filter((r) => (r.rank ?? Infinity) <= boundary);
}

/** The last RANK_NAMED rows and every row tied with the first of them. */
function bottomTied(ranked: RankRow[], n: number): RankRow[] {
  const boundary = ranked[Math.max(0, ranked.length - n)]?.rank ?? 0;
  return ranked.filter((r) => (r.rank ?? 0) >= boundary);
}

/**
 * 属地/部门推进情况: the ranking by completion rate (its table attached), then where the overdue
 * projects, the red warnings and the 追缴 owed are. Fair to name (docs/rules.md §9): units tied at a
 * boundary are named together, nobody is 前列 at 0 %, a rate goes with its task count, and a unit
 * with fewer tasks than the profile's thresholds.rankMinTasks is listed, not ranked.
 */
export function noticeRanking(ctx: ReportContext, which: 'townships' | 'departments', see: SeeAttachment): Para[] {
  // a city ranks its 县 (各县（市、区）) and the departments of its 县
  const { area } = ctx;
  const rows = which === 'townships' ? (ctx.ranking.counties ?? ctx.ranking.townships) : ctx.ranking.departments;
  const unit = which === 'townships' ? unitsWord(ctx) : '部门';
  const who =
    which === 'townships' ? `各${unitsWord(ctx)}` : area.city ? `各${area.units}有关部门` : `${ctx.profile.levelNames.county}直有关部门`;
  const table = see(which === 'townships' ? 'rankTownships' : 'rankDepartments');
  const ranked = rows.filter((r) => r.rank != null);
  const min = ctx.profile.thresholds.rankMinTasks;
  const head = `按${tasksLabel(ctx)}项目完成率排名${table}`;
  let ranking: string;
  if (which === 'departments' && !ctx.ledgerColumns.includes('department')) {
    // one group 未填写主管部门 is no ranking of departments
    return [para(`台账未填报主管部门，${who}推进情况本项未统计${table}。`)];
  }
  if (!ctx.ledgerColumns.includes('progress_state')) {
    ranking = `台账未填报进展状态，${who}完成情况本项未统计，不作排名${table}。`;
  } else if (ranked.length === 0) {
    const some = rows.filter((r) => r.tasks > 0);
    ranking = some.length
      ? `${who}的${tasksLabel(ctx)}项目均少于${min}个，不作排名${table}：${withRate(ctx, some)}。`
      : `${who}暂无${tasksLabel(ctx)}项目${table}。`;
  } else if (ranked.every((r) => r.rate === 0)) {
    ranking = `${head}，参与排名的${ranked.length}个${unit}完成率均为0：${withRate(ctx, ranked)}。`;
  } else if (ranked.length <= 2 * RANK_NAMED) {
    ranking = `${head}，${who}依次为${withRate(ctx, ranked)}。`;
  } else {
    const top = topTied(ranked, RANK_NAMED).filter((r) => (r.rate ?? 0) > 0);
    const bottom = bottomTied(ranked, RANK_NAMED).filter((r) => !top.includes(r));
    const zero = bottom.length > 0 && bottom.every((r) => r.rate === 0) ? ranked.filter((r) => r.rate === 0) : null;
    const tail = zero
      ? `完成率为0的有${zero.length}个${unit}：${withRate(ctx, zero)}`
      : bottom.length
        ? `排在后列的是${withRate(ctx, bottom)}`
        : '';
    ranking = `${head}，${who}中排在前列的是${withRate(ctx, top)}${tail ? `；${tail}` : ''}。`;
  }
  const small = rows.filter((r) => r.rank == null && r.tasks > 0);
  const none = rows.filter((r) => r.tasks === 0);
  if (ctx.ledgerColumns.includes('progress_state') && ranked.length > 0 && small.length > 0) {
    ranking += `${withRate(ctx, small)}的${tasksLabel(ctx)}项目少于${min}个，列出完成率，不参与排名。`;
  }
  if (ranked.length > 0 && none.length > 0) {
    ranking += `${none.map((r) => groupName(ctx, r)).join('、')}没有${tasksLabel(ctx)}项目，不参与排名。`;
  }
  const overdue = rows.filter((r) => r.overdue > 0);
  const red = rows.filter((r) => r.red > 0);
  const owed = rows.filter((r) => r.owed > 0);
  const has = (k: string) => ctx.ledgerColumns.includes(k);
  const redGaps = absent(ctx, WARNING_COLUMNS).length > 0;
  const issues = [
    overdue.length
      ? `逾期未完成项目分布在${namedFigures(ctx, overdue, (r) => `${r.overdue}个`)}`
      : has('planned_date')
        ? `${who}均无逾期未完成项目`
        : '台账未填报计划完成日期，逾期情况未能核查',
    red.length
      ? `红色预警项目分布在${namedFigures(ctx, red, (r) => `${r.red}个`)}`
      : redGaps
        ? `按台账已填报的情况，${who}未触发红色预警`
        : `${who}均无红色预警项目`,
    owed.length
      ? `尚欠分红的有${namedFigures(ctx, owed, (r) => money(r.owed))}`
      : absent(ctx, DIVIDEND_COLUMNS).length
        ? '台账未填报分红情况，欠缴分红本项未统计'
        : `${who}均无欠缴分红`,
  ];
  return [para(ranking), para(`${issues.join('；')}。`)];
}

export function noticeRequirements(ctx: ReportContext): Para[] {
  const { area } = ctx;
  const rule = basis(ctx) ? `（${basis(ctx)}）` : '';
  return [
    para(
      `各${unitsWord(ctx)}、${area.level}直有关部门要对照附件逐项核对本地区、本部门项目进展，排名靠后的要认真分析原因、倒排工期，` +
        `逾期未完成的项目要明确责任人和完成时限，确保按期完成分类推进任务。`,
      lead2(0, '对标对表加快推进'),
    ),
    para(
      '对红色预警项目逐一制定化解措施、限期整改，对黄色预警项目加强跟踪监测；督促经营主体按约定及时足额兑现收益，依法依规追缴欠缴分红。',
      lead2(1, '扎实做好风险处置'),
    ),
    para(
      `各资产主管部门每月25日前报送本部门项目资产台账更新情况和工作推进情况${rule}，做到账实相符、账账相符；台账中的项目不得擅自删减，确需核销、处置的应按程序报批。`,
      lead2(2, '按时报送进展情况'),
    ),
  ];
}

// ---------------------------------------------------------------- annual summary

export function annualIntro(ctx: ReportContext): string {
  const plan = planRef(ctx);
  return (
    `${ctx.meta.year}年，${ours(ctx)}${plan ? `按照${plan}部署，` : ''}全面推进经营性帮扶项目资产“四个一批”分类管理工作。` +
    `现将${ctx.meta.year}年工作情况总结如下（数据截至${asOfCn(ctx)}）：`
  );
}

export function annualBasics(ctx: ReportContext, see: SeeAttachment): Para[] {
  const { county } = ctx.profile.levelNames;
  const township = townshipWord(ctx);
  // a city: where its projects are, then its figures by 县 (with the attachment)
  const byCounty = countyFigures(ctx, see);
  const towns = ctx.counties
    ? `项目分布在${ctx.counties.length}个${county}的${ctx.townships.length}个${township}。`
    : `项目分布在${ctx.townships.length}个${township}${see('townships')}。`;
  // 年初 → 年末 (with a snapshot near 1 January) after the totals
  const since = yearStartChange(ctx, see) ?? [];
  const out = [totals(ctx), ...since, para(towns), ...(byCounty ? [byCounty] : []), idleSummary(ctx, see)];
  return out;
}

/**
 * 年初 → 年末 (ctx.yearStart, the snapshot nearest 1 January): 与年初（2025年12月31日）相比，全县项目
 * 总数由…，其中巩固类由…；新增项目2个，减少1个，3个项目由巩固类调整为升级类，年初尚未完成、现已完成的
 * 升级类、盘活类、调整类项目5个。 A snapshot that is not near 1 January is named by its date. Nothing
 * without a snapshot: no 年初 figure is ever guessed.
 */
function yearStartChange(ctx: ReportContext, see: SeeAttachment): Para[] | null {
  const y = ctx.yearStart;
  if (!y) return null;
  const { start: then } = yearStartLabels(ctx);
  const when = then === '年初' ? `年初（${formatDateCn(y.since)}）` : then;
  const byCategory = CATEGORIES.map((c) => `${label(ctx, c)}${fromTo(y.categories[c].before, y.categories[c].now, (n) => `${n}个`)}`);
  const totalsLine =
    `与${when}相比，${whole(ctx)}项目总数${fromTo(y.projects.before, y.projects.now, (n) => `${n}个`)}` +
    `，投入帮扶资金${fromTo(y.investment.before, y.investment.now, money)}；` +
    `分类看，${byCategory.join('，')}${see('yearStart')}。`;
  const moved: string[] = [];
  if (y.added.count > 0) moved.push(`新增项目${y.added.count}个`);
  if (y.removed.count > 0) moved.push(`减少项目${y.removed.count}个`);
  for (const p of y.reclassified.pairs) moved.push(`${p.count}个项目由${label(ctx, p.from)}调整为${label(ctx, p.to)}`);
  const tasks = PROGRESS_CATEGORIES.map((c) => label(ctx, c)).join('、');
  if (y.completed.count > 0) moved.push(`${then}尚未完成、现已完成的${tasks}项目${y.completed.count}个`);
  const movedLine = moved.length
    ? `${then}以来，${moved.join('，')}。`
    : `${then}以来，没有新增、减少或调整类别的项目，也没有新完成的${tasks}项目。`;
  return [para(totalsLine + movedLine)];
}

/**
 * What each stage did, as far as the ledgers show it, with the date the figures are of. Whether a
 * stage is done the ledgers cannot know: the plan's months are stated as the plan's, and the clerk
 * confirms the rest in a marked place (【请核实…】).
 */
const STAGE_WORK: Record<string, (ctx: ReportContext) => string> = {
  排查摸底: (ctx) =>
    `全面排查经营性帮扶项目资产，建立基础台账；截至${asOfCn(ctx)}，台账共纳入项目${ctx.total.projects}个、投入帮扶资金${money(ctx.total.investment)}。`,
  方案制定: (ctx) =>
    `按照“四个一批”分类标准，将项目逐一划分为${CATEGORIES.map((c) => label(ctx, c)).join('、')}，明确工作措施、责任主体和完成时限。`,
  分类推进: (ctx) =>
    ctx.ledgerColumns.includes('progress_state')
      ? `截至${asOfCn(ctx)}，` +
        PROGRESS_CATEGORIES.map((c) => `${label(ctx, c)}项目已完成${ctx.progress[c].completed}个`).join('，') +
        (ctx.ledgerColumns.includes('planned_date')
          ? `；逾期未完成${ctx.overdue.count}个。`
          : '；台账未填报计划完成日期，逾期情况未能核查。')
      : '台账未填报进展状态，完成情况本项未统计。',
  总结提升: () => '全面梳理工作开展情况，总结经验做法，查找短板不足，健全经营性帮扶项目资产长效管理机制。',
};

export function stages(ctx: ReportContext): Para[] {
  return ctx.stages.map((s, i) => {
    const work = STAGE_WORK[s.name]?.(ctx) ?? '';
    const status =
      s.status === '已完成'
        ? `按工作方案，该阶段安排在${formatDateCn(s.end)}前完成。【请核实该阶段工作是否已全部完成，并补充完成情况。】`
        : s.status === '进行中'
          ? `按工作方案，该阶段安排在${formatDateCn(s.start)}至${formatDateCn(s.end)}。【请核实并补充该阶段工作进展。】`
          : `按工作方案，该阶段将于${formatDateCn(s.start)}起开展。`;
    return para(work + status, lead2(i, `${s.name}阶段（${s.months}份）`));
  });
}

export function annualResults(ctx: ReportContext, see: SeeAttachment): Para[] {
  const c0 = ctx.byCategory['巩固'];
  const states = consolidateStates(ctx);
  const consolidate =
    `共${c0.projects}个，投入帮扶资金${money(c0.investment)}，${households(ctx, c0.households)}。` +
    (states ? states.text.replace(`${label(ctx, '巩固')}项目中，`, '其中') : '');
  const out = [para(consolidate, lead2(0, `${label(ctx, '巩固')}项目`))];
  PROGRESS_CATEGORIES.forEach((c, i) => {
    out.push(para(progressLine(ctx, c, 'year'), lead2(i + 1, `${label(ctx, c)}项目`)));
  });
  let n = PROGRESS_CATEGORIES.length + 1;
  if (ctx.overdue.count > 0) out.push(para(overdueList(ctx, see), lead2(n++, '逾期项目')));
  out.push(para(approvals(ctx), lead2(n, '销号审批')));
  return out;
}

export const PLACEHOLDER_OPEN = '【';
export const PLACEHOLDER_CLOSE = '】';

/** How many ledger entries the draft quotes as material for each placeholder. */
const NOTES_QUOTED = 8;

/** What the departments wrote in one free-text column, as material for the clerk (the annual draft is internal). */
function ledgerMaterial(ctx: ReportContext, key: 'measures' | 'results' | 'problems', what: string): Para[] {
  const notes = ctx.ledgerNotes.items.filter((n) => n[key]);
  if (notes.length === 0) return [];
  const quoted = notes.slice(0, NOTES_QUOTED).map((n) => `${named(n)}：${n[key]}`);
  const more = notes.length > NOTES_QUOTED ? `等，共${notes.length}个项目填写了${what}` : '';
  return [para(`【供参考：台账中填报的${what}——${quoted.join('；')}${more}。定稿前请删除本段。】`)];
}

export function experiencePlaceholder(ctx: ReportContext): Para[] {
  return [
    para(
      '【请在此处填写经验做法：结合本地实际，从组织领导、分类施策、盘活闲置资产、分红追缴、风险防控、长效机制建设等方面总结好经验、好做法，每条经验可附典型案例。】',
    ),
    ...ledgerMaterial(ctx, 'results', '取得成效'),
  ];
}

export function plansPlaceholder(ctx: ReportContext): Para[] {
  return [
    para(
      `【请在此处填写下步打算：围绕下一年度工作目标，针对上述问题，从巩固提升、盘活调整、风险防控、收益分配和长效管理等方面提出具体措施，明确责任单位和完成时限。${ours(ctx)}需重点关注的问题见本文第六部分。】`,
    ),
    ...ledgerMaterial(ctx, 'problems', '存在问题'),
  ];
}
