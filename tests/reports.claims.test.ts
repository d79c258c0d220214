/**
 * What the documents may say (issue 20, docs/rules.md §9), each on a fixture shaped like the case that
 * showed it: a ledger in the 大足 附件3 layout lacking columns, read with a 大足 profile; townships
 * tied at 0 % with a 街道 among them; a red project that vanished between two as-of dates; 巩固
 * projects warned on a contract date alone.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportContext } from '../pipeline/context.js';
import { buildAnnualSummary, buildQuarterlyNotice, buildQuarterlyReport, type ReportDocument } from '../pipeline/render/documents/model.js';
import { toPublicSiteData } from '../pipeline/render/site/publicData.js';
import { computeContext, run } from '../pipeline/run.js';
import { project, type RowSpec, tempDir, writeRowSpecs } from './support/ledger.js';

/** The body of a document as the clerk reads it: opening, headings and paragraphs. */
function body(doc: ReportDocument): string {
  return [doc.recipient ?? '', doc.intro, ...doc.sections.flatMap((s) => [s.heading, ...s.paragraphs.map((p) => p.lead + p.text)])].join(
    '\n',
  );
}

/** Every word a reader sees: the body, the 附件说明, the attachments' titles, notes, summaries and cells. */
function everything(doc: ReportDocument): string {
  return [
    doc.title,
    body(doc),
    ...doc.attachmentNotes,
    ...doc.attachments.flatMap((a) => [a.title, a.note, ...a.summary, ...a.rows.flatMap((r) => Object.values(r))]),
  ].join('\n');
}

function paragraph(doc: ReportDocument, lead: string): string {
  const p = doc.sections.flatMap((s) => s.paragraphs).find((x) => x.lead.includes(lead));
  if (!p) throw new Error(`no paragraph ${lead}`);
  return p.text;
}

const BASIS = '参照《鄂托克前旗扶贫（帮扶）项目资产巩固提升盘活处置工作方案》（鄂前政办发〔2024〕13号）';

// ——— a 大足-layout ledger (one-hot 项目现状, no 带动脱贫户数/运营状态/合同/分红 columns) with a 大足 profile ———

const DAZU_PROFILE = `county: 大足区
issuer: 大足区帮扶产业提质增效工作领导小组办公室
recipient: 重庆市委农办
copyTo: 重庆市农业农村委员会
levelNames: { county: 区, township: 镇街 }
labels: { 巩固: 优势类, 升级: 薄弱类, 盘活: 闲置类, 调整: 淘汰类 }
thematicReview: true
`;

const DAZU_HEADER = [
  '项目编号',
  '项目名称',
  '镇街',
  '购建年度',
  '投入帮扶资金（万元）',
  '优势类',
  '薄弱类',
  '闲置类',
  '淘汰类',
  '闲置程度',
  '进展状态',
  '计划完成日期',
];

function dazuRow(id: string, name: string, town: string, amount: number, tick: 0 | 1 | 2 | 3, extra: RowSpec = {}): RowSpec {
  const ticks = ['优势类', '薄弱类', '闲置类', '淘汰类'];
  return {
    项目编号: id,
    项目名称: name,
    镇街: town,
    购建年度: 2019,
    '投入帮扶资金（万元）': amount,
    ...Object.fromEntries(ticks.map((t, i) => [t, i === tick ? '√' : ''])),
    ...extra,
  };
}

describe('a 大足-layout ledger lacking columns, with a 大足 profile', () => {
  let ctx: ReportContext;
  let report: ReportDocument;
  let annual: ReportDocument;
  beforeAll(async () => {
    const dir = tempDir('sgyp-claims-dazu-');
    writeFileSync(path.join(dir, 'profile.yaml'), DAZU_PROFILE);
    writeRowSpecs(
      dir,
      '龙水镇.csv',
      [
        dazuRow('DZ-1', '柑橘园', '龙水镇', 120, 0),
        dazuRow('DZ-2', '养殖场', '龙水镇', 50, 1, { 进展状态: '未启动', 计划完成日期: '2026-12-31' }),
        dazuRow('DZ-3', '加工厂', '宝顶镇', 1200, 2, { 闲置程度: '重大', 进展状态: '未启动', 计划完成日期: '2026-12-31' }),
        dazuRow('DZ-4', '冷库', '棠香街道', 30, 3, { 进展状态: '未启动', 计划完成日期: '2026-12-31' }),
      ],
      DAZU_HEADER,
    );
    ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    report = buildQuarterlyReport(ctx);
    annual = buildAnnualSummary(ctx);
  }, 60_000);

  it('knows which optional columns the ledgers had, once, in the context', () => {
    expect(ctx.ledgerColumns).toEqual(['severity', 'progress_state', 'planned_date']);
  });

  it('says a missing column is not reported, never 0 or 暂未发现 (Build 1)', () => {
    const text = body(report);
    expect(text).toContain(
      '累计投入帮扶资金1400.00万元，其中优势类120.00万元、薄弱类50.00万元、闲置类1200.00万元、淘汰类30.00万元；台账未填报带动脱贫户数，本项未统计。',
    );
    expect(text).not.toContain('户次');
    expect(text).toContain(
      '台账未填报运营状态、停用日期、运营方式、约定分红、应分红日期、实际分红、前年净收益、上年净收益、设计产能、实际产能，闲置、低效项目资产本项未统计。',
    );
    expect(text).not.toContain('暂未发现');
    expect(paragraph(report, '红黄预警')).toBe(
      `按照红黄预警规则（${BASIS}确定），截至2026年9月30日，按台账已填报的情况未触发预警；` +
        '台账未填报运营状态、停用日期、合同到期日期、约定分红、应分红日期、实际分红、本金到期日期、本金是否收回、风险情形，相关预警情形未能核查。',
    );
    expect(paragraph(report, '分红追缴')).toBe('台账未填报约定分红、应分红日期、实际分红，分红追缴情况本项未统计。');
    expect(text).not.toContain('暂无预警项目');
    expect(text).not.toContain('暂无应分红');
  });

  it('gives no verdict the figures do not bear: 3 tasks, none done (Build 1)', () => {
    const problems = report.sections
      .find((s) => s.key === 'problems')!
      .paragraphs.map((p) => p.text)
      .join('');
    expect(problems).not.toContain('推进顺利');
    expect(problems).toBe(
      '当前工作中还存在以下问题：一是分类推进尚未取得实质进展，薄弱类、闲置类、淘汰类项目3个中尚无完成的，其中未启动3个；' +
        '二是台账填报不够完整，未填报带动脱贫户数、运营状态、停用日期、运营方式、合同到期日期、约定分红、应分红日期、实际分红、' +
        '本金到期日期、本金是否收回、前年净收益、上年净收益、设计产能、实际产能、风险情形、完成日期、资产原值等内容，' +
        '相关情况未能统计核查，需督促补齐。',
    );
  });

  it('prints the profile’s labels and level names in every sentence (Build 5)', () => {
    const text = everything(report);
    for (const word of ['巩固类', '升级类', '盘活类', '调整类', '乡镇或县级', '县级领导小组']) expect(text).not.toContain(word);
    expect(paragraph(report, '销号审批')).toContain(
      '尚未销号的问题项目（预警、低效闲置及闲置类、淘汰类项目）中审批层级为镇街或区级主管部门的1个、市级复核的1个',
    );
  });

  it('names the project awaiting the 市’s review in the 销号 paragraph, with the basis (Build 3, 4)', () => {
    expect(paragraph(report, '销号审批')).toBe(
      `销号坚持“整改一个、销号一个”，按资产原值（台账未填报资产原值的按投入帮扶资金）分级审批（审批层级${BASIS}确定），` +
        '尚未销号的问题项目（预警、低效闲置及闲置类、淘汰类项目）中审批层级为镇街或区级主管部门的1个、市级复核的1个；' +
        '其中需市级复核的项目为加工厂（DZ-3，闲置类，市级复核，资产原值1200.00万元）。' +
        '全部2个问题项目及其审批层级见随本文报送的电子表格《大足区2026年第三季度“四个一批”工作推进情况附件》中的“销号审批层级清单”工作表。',
    );
    const sheet = report.workbook!.sheets.find((s) => s.name === '销号审批层级清单')!;
    expect(sheet.rows.map((r) => [r.id, r.category, r.value, r.level])).toEqual([
      ['DZ-3', '闲置类', '1200.00', '市级复核'],
      ['DZ-4', '淘汰类', '30.00', '镇街或区级主管部门'],
    ]);
  });

  it('lists the 专题研究 projects as a paragraph and an attachment (Build 3)', () => {
    expect(paragraph(report, '专题研究')).toBe(
      '需提请专题研究、集中认定的项目2个（重大闲置1个、淘汰类1个，同一项目可能兼有）（见附件6）：加工厂（DZ-3，重大闲置类）；冷库（DZ-4，淘汰类）。',
    );
    const thematic = report.attachments.find((a) => a.key === 'thematic')!;
    expect(thematic.no).toBe(6);
    expect(thematic.rows.map((r) => [r.id, r.category, r.severity, r.why])).toEqual([
      ['DZ-3', '闲置类', '重大', '重大闲置'],
      ['DZ-4', '淘汰类', '', '淘汰类项目'],
    ]);
    expect(report.workbook!.sheets.map((s) => s.name)).toContain('附件6 需专题研究、集中认定的项目清单');
  });

  it('cites no plan title the profile does not give, and names the workbook in Chinese in the 附件说明 (Build 5)', () => {
    expect(report.intro).toBe(
      '按照经营性帮扶项目资产“四个一批”工作部署，现将我区2026年第三季度经营性帮扶项目资产“四个一批”工作推进情况报告如下：',
    );
    expect(everything(report)).not.toMatch(/xlsx|quarterly|快照/);
    expect(report.attachmentNotes.at(-1)).toBe('7.大足区2026年第三季度“四个一批”工作推进情况附件（电子表格）');
  });

  it('breaks the title between words, never inside 领导小组 (Build 5)', () => {
    expect(report.title.split('\n').some((line) => line.includes('领导小组'))).toBe(true);
  });

  it('breaks the red 发文机关标志 between words too: 17 characters of 26 pt a line (Build 5)', () => {
    expect(report.masthead!.issuer).toBe('大足区帮扶产业提质增效工作\n领导小组办公室');
  });

  it('leaves the 主要工作举措 to the clerk, marked (Build 5)', () => {
    const measures = report.sections.find((s) => s.key === 'measures')!;
    expect(measures.heading).toBe('二、主要工作举措和成效');
    expect(measures.placeholder).toBe(true);
    expect(measures.paragraphs[0]!.text).toMatch(/^【请在此处填写本季度主要工作举措/);
  });

  it('claims no 运营状态 and ranks no departments the ledgers do not name (Build 1)', () => {
    expect(body(report)).not.toContain('正常运营');
    expect(body(annual)).not.toContain('正常运营');
    const notice = buildQuarterlyNotice(ctx);
    // a 街道 has an 办事处, not a 人民政府
    expect(notice.recipient).toBe('各镇人民政府、棠香街道办事处，区直有关部门：');
    expect(notice.sections.find((s) => s.key === 'departmentRanking')!.paragraphs.map((p) => p.text)).toEqual([
      '台账未填报主管部门，区直有关部门推进情况本项未统计（见附件2）。',
    ]);
    expect(annual.intro).toBe(
      '2026年，我区全面推进经营性帮扶项目资产“四个一批”分类管理工作。现将2026年工作情况总结如下（数据截至2026年9月30日）：',
    );
  });

  it('the site says what the documents say: no households where the ledgers have none', () => {
    const site = toPublicSiteData(ctx);
    expect(site.totals).toEqual({ projects: 4, investment: 1400 });
    expect(site.categories.map((c) => c.households)).toEqual([null, null, null, null]);
  });

  it('annual draft: dated stage claims, a marked place where the data cannot know (Build 1)', () => {
    const stages = annual.sections.find((s) => s.key === 'stages')!.paragraphs.map((p) => p.text);
    expect(stages[0]).toBe(
      '全面排查经营性帮扶项目资产，建立基础台账；截至2026年9月30日，台账共纳入项目4个、投入帮扶资金1400.00万元。' +
        '按工作方案，该阶段安排在2026年4月30日前完成。【请核实该阶段工作是否已全部完成，并补充完成情况。】',
    );
    expect(body(annual)).not.toContain('该阶段工作已完成');
    expect(body(annual)).toContain('共1个，投入帮扶资金120.00万元，台账未填报带动脱贫户数，本项未统计。');
  });
});

// ——— ties at 0 %, a 街道, a unit with too few tasks ———

/** `n` 升级 projects of one township, `done` of them 已完成. */
function tasks(town: string, prefix: string, n: number, done: number): RowSpec[] {
  return Array.from({ length: n }, (_, i) =>
    project(`${prefix}-${i + 1}`, {
      乡镇: town,
      类别: '升级类',
      进展状态: i < done ? '已完成' : '未启动',
      计划完成日期: '2026-12-31',
      完成日期: i < done ? '2026-08-01' : null,
    }),
  );
}

describe('the 季度通报 ranks fairly (Build 2) and addresses a 街道 (Build 5)', () => {
  let notice: ReportDocument;
  let report: ReportDocument;
  beforeAll(async () => {
    const dir = tempDir('sgyp-claims-ties-');
    writeFileSync(path.join(dir, 'profile.yaml'), 'county: 青岚县\ncopyTo: 青岚市农业农村局\n');
    writeRowSpecs(dir, 'ledger.csv', [
      ...tasks('东山镇', 'A', 4, 2),
      ...tasks('西河乡', 'B', 3, 3),
      ...tasks('南山镇', 'C', 3, 0),
      ...tasks('加定镇', 'D', 6, 0),
      ...tasks('北坡乡', 'E', 3, 0),
      ...tasks('高寨街道', 'F', 3, 0),
      ...tasks('红岩镇', 'G', 3, 0),
      ...tasks('青石乡', 'H', 3, 0),
      ...tasks('白沙镇', 'I', 3, 0),
      ...tasks('西山乡', 'J', 1, 0),
    ]);
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    notice = buildQuarterlyNotice(ctx);
    report = buildQuarterlyReport(ctx);
  }, 60_000);

  it('names every unit tied at 0 % with its task count, and lists one with too few tasks unranked', () => {
    expect(notice.sections.find((s) => s.key === 'townshipRanking')!.paragraphs[0]!.text).toBe(
      '按升级类、盘活类、调整类项目完成率排名（见附件1），各乡镇（街道）中排在前列的是' +
        '西河乡（3个项目完成3个，完成率100.0%）、东山镇（4个项目完成2个，完成率50.0%）；' +
        '完成率为0的有7个乡镇（街道）：南山镇（3个项目完成0个，完成率0.0%）、加定镇（6个项目完成0个，完成率0.0%）、' +
        '北坡乡（3个项目完成0个，完成率0.0%）、高寨街道（3个项目完成0个，完成率0.0%）、红岩镇（3个项目完成0个，完成率0.0%）、' +
        '青石乡（3个项目完成0个，完成率0.0%）、白沙镇（3个项目完成0个，完成率0.0%）。' +
        '西山乡（1个项目完成0个，完成率0.0%）的升级类、盘活类、调整类项目少于3个，列出完成率，不参与排名。',
    );
    const table = notice.attachments.find((a) => a.key === 'rankTownships')!;
    expect(table.rows.map((r) => [r.rank, r.name])).toEqual([
      ['1', '西河乡'],
      ['2', '东山镇'],
      ['3', '南山镇'],
      ['3', '加定镇'],
      ['3', '北坡乡'],
      ['3', '高寨街道'],
      ['3', '红岩镇'],
      ['3', '青石乡'],
      ['3', '白沙镇'],
      ['—', '西山乡'],
    ]);
  });

  it('addresses the 街道 in 主送 and says 乡镇（街道）; the 通报 has its own 抄送', () => {
    expect(notice.recipient).toBe('各乡镇人民政府、高寨街道办事处，县直有关部门：');
    expect(paragraph(notice, '对标对表')).toMatch(/^各乡镇（街道）、县直有关部门/);
    expect(notice.imprint!.copyTo).toBeNull();
    expect(report.imprint!.copyTo).toBe('青林市农业农村局。'.replace('青林', '青岚'));
  });

  it('puts 公示不少于10天 with 处置 and 转让拍卖, and 销号 as 整改一个、销号一个 (Build 4)', () => {
    const text = paragraph(report, '规范销号处置');
    expect(text).toContain('坚持“整改一个、销号一个”，按资产原值确定的审批权限分级审批销号');
    expect(text).toContain('处置、转让拍卖结果公示不少于10天');
    expect(body(report)).not.toMatch(/销号[^；。]*公示/);
  });
});

describe('when every ranked unit is at 0 % (Build 2)', () => {
  it('names nobody 前列', async () => {
    const dir = tempDir('sgyp-claims-zero-');
    writeRowSpecs(dir, 'ledger.csv', [...tasks('东山镇', 'A', 3, 0), ...tasks('西河乡', 'B', 4, 0), ...tasks('南山镇', 'C', 3, 0)]);
    const notice = buildQuarterlyNotice(await computeContext({ dataDir: dir, asOf: '2026-09-30' }));
    const text = notice.sections.find((s) => s.key === 'townshipRanking')!.paragraphs[0]!.text;
    expect(text).toBe(
      '按升级类、盘活类、调整类项目完成率排名（见附件1），参与排名的3个乡镇完成率均为0：' +
        '东山镇（3个项目完成0个，完成率0.0%）、西河乡（4个项目完成0个，完成率0.0%）、南山镇（3个项目完成0个，完成率0.0%）。',
    );
    expect(body(notice)).not.toContain('前列');
  });
});

// ——— 研判, the overdue attachment, the 低效闲置 list ———

describe('the quarterly report’s lists (Build 3, 4)', () => {
  let ctx: ReportContext;
  let report: ReportDocument;
  beforeAll(async () => {
    const dir = tempDir('sgyp-claims-lists-');
    writeRowSpecs(dir, 'ledger.csv', [
      // a lease about to be renewed: red (合同距到期不足1个月), but nothing against 运营良好、收益稳定
      project('R-1', { 合同到期日期: '2026-10-15', 运营状态: '正常运营' }),
      project('R-2', { 本金到期日期: '2026-01-01', 本金是否收回: '否', 运营状态: '正常运营' }),
      project('R-3', { 运营状态: '停产', 主管部门: '县农业农村局', 类别: '盘活类', 进展状态: '推进中', 计划完成日期: '2026-08-31' }),
    ]);
    ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    report = buildQuarterlyReport(ctx);
  }, 60_000);

  it('suggests 研判 from principal, never from a contract date alone', () => {
    expect(ctx.reclassify.items.map((r) => [r.id, r.why])).toEqual([['R-2', ['到期本金尚未收回']]]);
  });

  it('attaches the overdue list to the quarterly report and names it in the body', () => {
    const overdue = report.attachments.find((a) => a.key === 'overdue')!;
    expect(overdue.no).toBe(5);
    expect(overdue.rows.map((r) => [r.id, r.plannedDate, r.state])).toEqual([['R-3', '2026年8月31日', '推进中']]);
    expect(paragraph(report, '逾期项目')).toBe(
      '超过计划完成时间仍未完成的项目1个（见附件5）：项目R-3（R-3，盘活类，计划2026年8月31日完成，推进中）。',
    );
    expect(report.workbook!.sheets.map((s) => s.name)).toContain('附件5 逾期未完成项目清单');
  });

  it('gives the 低效闲置 list 进展状态 and 主管部门, and no data note', () => {
    const idle = report.attachments.find((a) => a.key === 'idle')!;
    expect(idle.columns.map((c) => c.title)).toEqual([
      '序号',
      '项目编号',
      '项目名称',
      '乡镇',
      '类别',
      '投入资金（万元）',
      '认定情形',
      '主要原因',
      '进展状态',
      '主管部门',
    ]);
    expect(idle.rows.map((r) => [r.id, r.reasons, r.state, r.department])).toEqual([['R-3', '停产', '推进中', '县农业农村局']]);
    expect(ctx.idleInefficient.items[0]!.reasons).toEqual(['停产（未填停用日期）']);
  });

  it('prints the basis the profile names', () => {
    const own = { ...ctx, profile: { ...ctx.profile, rulesBasis: { verb: '按照', title: '青岚县帮扶项目资产管理办法', docNumber: null } } };
    expect(paragraph(buildQuarterlyReport(own), '红黄预警')).toMatch(/^按照红黄预警规则（按照《青岚县帮扶项目资产管理办法》确定），/);
    const none = { ...ctx, profile: { ...ctx.profile, rulesBasis: null } };
    expect(paragraph(buildQuarterlyReport(none), '红黄预警')).toMatch(/^按照红黄预警规则，/);
  });
});

// ——— a red project that vanished between two as-of dates ———

describe('a project warned red last quarter that vanished (Build 3)', () => {
  let ctx: ReportContext;
  beforeAll(async () => {
    const out = path.join(tempDir('sgyp-claims-vanish-'), 'out');
    const rows = [
      project('V-1', { 项目名称: '冷库', 乡镇: '西河乡', 风险情形: '运营不正常' }),
      project('V-2', { 项目名称: '茶园', 乡镇: '西河乡' }),
      project('V-3', { 项目名称: '牛场' }),
    ];
    const q2 = tempDir('sgyp-claims-q2-');
    writeRowSpecs(q2, 'ledger.csv', rows);
    await run({ command: 'stats', dataDir: q2, outDir: out, asOf: '2026-06-30' });
    const q3 = tempDir('sgyp-claims-q3-');
    writeRowSpecs(q3, 'ledger.csv', rows.slice(1));
    ctx = (await run({ command: 'stats', dataDir: q3, outDir: out, asOf: '2026-09-30' })).context!;
  }, 60_000);

  it('carries its warning level then in the context', () => {
    expect(ctx.changes!.removed.items).toEqual([{ id: 'V-1', name: '冷库', township: '西河乡', from: '巩固', to: null, warning: 'red' }]);
  });

  it('names it in the body with its category and warning level then', () => {
    const overview = buildQuarterlyReport(ctx)
      .sections.find((s) => s.key === 'overview')!
      .paragraphs.map((p) => p.text)
      .join('\n');
    expect(overview).toContain('减少的项目为冷库（V-1，2026年6月30日为巩固类，红色预警），本期台账中已无记录，其去向正在逐一核实。');
  });

  it('counts it among the problems', () => {
    const problems = buildQuarterlyReport(ctx).sections.find((s) => s.key === 'problems')!.paragraphs[0]!.text;
    expect(problems).toContain('部分项目资产去向不明，1个项目在本期台账中已无记录，去向尚待核实');
    expect(problems).not.toContain('推进顺利');
  });

  it('explains it in the 说明 column of the 变动情况表', () => {
    const changes = buildQuarterlyReport(ctx).attachments.find((a) => a.key === 'changes')!;
    expect(changes.columns.at(-1)!.title).toBe('说明');
    expect(changes.rows.filter((r) => r.change === '减少项目').map((r) => [r.id, r.from, r.note])).toEqual([
      ['V-1', '巩固类', '2026年6月30日为红色预警；本期台账中无此项目，去向待核实'],
    ]);
  });

  it('annual draft: names the earlier date, never a 快照, and titles no 年初年末 table (Build 1)', () => {
    const annual = buildAnnualSummary(ctx);
    expect(everything(annual)).not.toMatch(/快照|年初年末/);
    expect(body(annual)).toContain('与2026年6月30日相比，全县项目总数由3个减少到2个');
    const table = annual.attachments.find((a) => a.key === 'yearStart')!;
    expect(table.title.replace(/\n/g, '')).toBe('本县经营性帮扶项目资产“四个一批”分类对比表');
    expect(table.note).toBe('（2026年6月30日至2026年9月30日）');
  });
});
