/**
 * City mode, complete tier (`npm run test:all`): the two-county fixture tests/fixtures/city built end
 * to end — the 月调度表, the documents addressed from the city to the province, and the city site.
 * tests/city.test.ts checks its figures from a stats run.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxParagraphs, pdfItems, squash } from './fixtures/docs/support.js';
import { FIXTURE, filesUnder, pageText } from './support/city.js';
import { sgyp } from './support/cli.js';
import { tempDir } from './support/ledger.js';

describe('the two-county city (tests/fixtures/city), built end to end', () => {
  let out: string;

  beforeAll(async () => {
    out = path.join(tempDir('sgyp-city-'), 'out');
    const res = await sgyp('build', '--data', FIXTURE, '--out', out, '--quiet');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
  }, 240_000);
  afterAll(() => rmSync(path.dirname(out), { recursive: true, force: true }));

  it('the 月调度表 is the city’s, each 乡镇 within its 县 and matched to no other 县', async () => {
    const monthly = JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8')).monthly as {
      townships: { name: string; projects: number; tasks: number; done: number }[];
      total: { projects: number };
    };
    expect(monthly.townships.map((t) => [t.name, t.projects, t.tasks, t.done])).toEqual([
      ['甲县东山镇', 3, 2, 1],
      ['甲县西河乡', 2, 1, 0],
      ['乙县南山镇', 2, 1, 0],
      ['乙县东山镇', 2, 2, 2],
      ['乙县北岭乡', 1, 0, 0],
    ]);
    expect(monthly.total.projects).toBe(10);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(out, 'reports/monthly-2026-09.xlsx'));
    expect(book.worksheets.map((w) => w.name)).toEqual(['分县、乡镇推进情况', '分主管部门推进情况']);
    expect(book.worksheets[0]!.getCell('A1').text).toBe('示例市经营性帮扶项目资产“四个一批”工作月调度表（2026年9月）');
    // the 县 and the 乡镇 in columns of their own, both kept in view; the 合计 under 县
    const towns = book.worksheets[0]!;
    expect([towns.getCell('A4').text, towns.getCell('B4').text, towns.getCell('C4').text]).toEqual(['县', '乡镇', '项目数\n（个）']);
    const names: string[][] = [];
    for (let r = 6; r <= 11; r++) names.push([towns.getCell(r, 1).text, towns.getCell(r, 2).text, towns.getCell(r, 3).text]);
    expect(names).toEqual([
      ['甲县', '东山镇', '3'],
      ['甲县', '西河乡', '2'],
      ['乙县', '南山镇', '2'],
      ['乙县', '东山镇', '2'],
      ['乙县', '北岭乡', '1'],
      ['合计', '', '10'],
    ]);
    expect(towns.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 5 });
    expect(book.worksheets[1]!.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 5 });
  });

  it('the quarterly report’s workbook gives each listed project’s 县 a column of its own, under a title row naming the city', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(out, 'reports/quarterly-2026Q3-附件.xlsx'));
    const ws = book.getWorksheet('附件4 预警项目清单')!;
    expect(ws.getCell('A1').text).toBe('示例市预警项目清单（2026年第三季度，截至2026年9月30日）');
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header.slice(0, 5)).toEqual(['序号', '项目编号', '项目名称', '县', '乡镇']);
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => {
      if (n > 2) rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows.length).toBeGreaterThan(0);
    // the 县 apart, the 乡镇 without it
    for (const r of rows) {
      expect(['甲县', '乙县']).toContain(r[3]);
      expect(String(r[4])).not.toMatch(/^[甲乙]县/);
    }
  });

  it('the quarterly report goes from the city to the province, with 县 rows and their subtotals (Word and PDF)', async () => {
    const docx = docxParagraphs(readFileSync(path.join(out, 'reports/quarterly-2026Q3.docx')));
    expect(docx).toContain('示例市“四个一批”工作专班办公室');
    expect(docx).toContain('示市农专办〔2026〕12号\t签发人：赵明');
    expect(docx).toContain('示例市“四个一批”工作专班办公室\n关于2026年第三季度经营性帮扶项目资产\n“四个一批”工作推进情况的报告');
    expect(docx).toContain('省委农办：');
    expect(docx).toContain(
      '按照《示例市2026年经营性帮扶项目资产“四个一批”工作方案》（示市政办〔2026〕9号）工作部署，现将我市2026年第三季度经营性帮扶项目资产“四个一批”工作推进情况报告如下：',
    );
    expect(docx).toContain(
      '分县看（见附件1），甲县纳入项目5个，投入帮扶资金750.00万元，升级类、盘活类、调整类项目完成率33.3%，红色预警项目2个；' +
        '乙县纳入项目5个，投入帮扶资金610.00万元，升级类、盘活类、调整类项目完成率66.7%，红色预警项目1个。',
    );
    expect(docx.some((p) => p.startsWith('截至2026年9月30日，全市共纳入经营性项目10个'))).toBe(true);
    // 附件1: each 县's subtotal, its 乡镇 under it, the city's total
    const start = docx.indexOf('县/乡镇');
    expect(docx.slice(start, start + 7 + 8 * 7)).toEqual([
      ...['县/乡镇', '巩固类', '升级类', '盘活类', '调整类', '合计', '投入帮扶资金（万元）'],
      ...['甲县小计', '2', '1', '1', '1', '5', '750.00'],
      ...['东山镇', '1', '1', '1', '0', '3', '500.00'],
      ...['西河乡', '1', '0', '0', '1', '2', '250.00'],
      ...['乙县小计', '2', '1', '1', '1', '5', '610.00'],
      ...['南山镇', '1', '1', '0', '0', '2', '410.00'],
      ...['东山镇', '0', '0', '1', '1', '2', '130.00'],
      ...['北岭乡', '1', '0', '0', '0', '1', '70.00'],
      ...['合计', '4', '2', '2', '2', '10', '1360.00'],
    ]);
    // the lists name the 县 with the 乡镇
    const warnings = docx.indexOf('预警等级');
    expect(docx.slice(warnings + 3, warnings + 10)).toEqual([
      '1',
      'JX-003',
      '东山镇冷库',
      '甲县东山镇',
      '红色',
      '闲置资产尚未盘活',
      '甲县农业农村局',
    ]);
    expect(docx).toContain(
      // 北岭乡合作社 (YX-005) is warned red only for 合同距到期不足1个月: no ground for 研判 (§9)
      '（三）类别研判。巩固类项目中有1个存在红色预警或低效闲置情形：西河乡养殖场（甲县，XM-001，逾期未收取收益超过6个月），与“运营良好、收益稳定、无重大风险隐患”的巩固类标准不符，建议根据产业发展和市场变化情况重新研判类别。',
    );
    expect(docx).toContain('示例市农业农村局');
    const pdf = squash((await pdfItems(readFileSync(path.join(out, 'reports/quarterly-2026Q3.pdf')))).items);
    expect(pdf).toContain('省委农办：');
    expect(pdf).toContain('分县看（见附件1），甲县纳入项目5个，投入帮扶资金750.00万元');
    expect(pdf).toContain(
      '县/乡镇巩固类升级类盘活类调整类合计投入帮扶资金（万元）甲县小计21115750.00东山镇11103500.00西河乡10012250.00乙县小计21115610.00',
    );
  });

  it('the 季度通报 goes down to the 县 and ranks them', () => {
    const docx = docxParagraphs(readFileSync(path.join(out, 'reports/notice-2026Q3.docx')));
    expect(docx).toContain('各县（市、区）人民政府，市直有关部门：');
    expect(docx).toContain(
      '按升级类、盘活类、调整类项目完成率排名（见附件1），各县（市、区）依次为乙县（3个项目完成2个，完成率66.7%）、甲县（3个项目完成1个，完成率33.3%）。',
    );
    expect(docx).toContain('示例市经营性帮扶项目资产“四个一批”\n各县（市、区）推进情况排名表');
    const table = docx.indexOf('排名');
    // the 合计 row's empty 排名 cell is no paragraph of text
    expect(docx.slice(table, table + 8 + 8 * 3 - 1)).toEqual([
      ...[
        '排名',
        '县（市、区）',
        '升级类、盘活类、调整类项目（个）',
        '已完成（个）',
        '完成率',
        '逾期未完成（个）',
        '红色预警（个）',
        '欠缴分红（万元）',
      ],
      ...['1', '乙县', '3', '2', '66.7%', '0', '1', '0.00'],
      ...['2', '甲县', '3', '1', '33.3%', '1', '2', '6.00'],
      ...['合计', '6', '3', '50.0%', '1', '3', '6.00'],
    ]);
    expect(docx).toContain(
      '（一）对标对表加快推进。各县（市、区）、市直有关部门要对照附件逐项核对本地区、本部门项目进展，排名靠后的要认真分析原因、倒排工期，逾期未完成的项目要明确责任人和完成时限，确保按期完成分类推进任务。',
    );
  });

  it('the annual summary is the city’s', () => {
    const docx = docxParagraphs(readFileSync(path.join(out, 'reports/annual-2026.docx')));
    expect(docx).toContain('示例市2026年经营性帮扶项目资产\n“四个一批”工作总结');
    expect(docx).toContain('项目分布在2个县的5个乡镇。');
  });

  it('the site: figures by 县 on the home page, a page per 县 listing its 乡镇, lists with a 县 column', () => {
    const site = path.join(out, 'site');
    const home = pageText(path.join(site, 'index.html'));
    expect(home).toContain('示例市经营性帮扶项目资产“四个一批”信息公开');
    expect(home).toContain('各县（市、区）分类情况');
    expect(home).toContain('分类项目数量：甲县5个（巩固类2，升级类1，盘活类1，调整类1）；乙县5个（巩固类2，升级类1，盘活类1，调整类1）。');
    // one page per 县 (c01, c02 in code-point order of the names: 乙 < 甲), listing its 乡镇
    const c01 = pageText(path.join(site, 'counties/c01/index.html'));
    expect(c01).toContain('乙县项目资产情况');
    expect(c01).toContain(
      '乙县各乡镇分类统计（投入帮扶资金单位：万元） 乡镇 项目数（个） 投入帮扶资金 巩固类 升级类 盘活类 调整类 南山镇 2 410.00 1 1 0 0 东山镇 2 130.00 0 0 1 1 北岭乡 1 70.00 1 0 0 0',
    );
    const c02 = pageText(path.join(site, 'counties/c02/index.html'));
    expect(c02).toContain(
      '甲县各乡镇分类统计（投入帮扶资金单位：万元） 乡镇 项目数（个） 投入帮扶资金 巩固类 升级类 盘活类 调整类 东山镇 3 500.00 1 1 1 0 西河乡 2 250.00 1 0 0 1',
    );
    expect(c02).toContain('共 5 个项目');
    expect(readFileSync(path.join(site, 'counties/c02/index.html'), 'utf8')).toContain('href="/townships/t04/">东山镇</a>');
    // five township pages: 东山镇 twice, each with its own 县
    const towns = readdirSync(path.join(site, 'townships')).filter((n) => n.startsWith('t'));
    expect(towns).toEqual(['t01', 't02', 't03', 't04', 't05']);
    const t01 = pageText(path.join(site, 'townships/t01/index.html'));
    expect(t01).toContain('首页 › 各县（市、区）情况 › 乙县 › 东山镇');
    expect(t01).toContain('乙县东山镇项目资产情况');
    expect(pageText(path.join(site, 'townships/index.html'))).toContain(
      '县/乡镇 项目数（个） 投入帮扶资金 巩固类 升级类 盘活类 调整类 甲县 5 750.00 2 1 1 1 东山镇 3 500.00 1 1 1 0 西河乡 2 250.00 1 0 0 1 乙县 5 610.00 2 1 1 1',
    );
    const csv = readFileSync(path.join(site, 'projects.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      '\uFEFF项目编号,项目名称,县,乡镇,村,所属产业,建设年度,资金来源,投入帮扶资金（万元）,资产权属,主管部门,类别,运营状态,进展状态,带动脱贫户数',
    );
    expect(csv.filter((l) => l.startsWith('XM-001,'))).toEqual([
      'XM-001,西河乡养殖场,甲县,西河乡,西河村,,2021,,200.00,,县农业农村局,巩固类,正常运营,—,60',
      'XM-001,南山镇茶园,乙县,南山镇,茶山村,,2020,,150.00,,县农业农村局,巩固类,正常运营,—,40',
    ]);
    const index = JSON.parse(readFileSync(path.join(site, 'projects/search.json'), 'utf8'));
    expect(index.keys.slice(0, 4)).toEqual(['id', 'name', 'county', 'township']);
    // 东山镇 twice in the dict, one code (and slug) each
    expect(index.dicts[3]).toEqual(['东山镇', '西河乡', '南山镇', '东山镇', '北岭乡']);
    // slugs in code-point order of 县 and 乡镇: 乙县东山镇 t01, 乙县北岭乡 t02, 乙县南山镇 t03, 甲县东山镇 t04, 甲县西河乡 t05
    expect(index.townships).toEqual(['t04', 't05', 't03', 't01', 't02']);
    const projectsPage = readFileSync(path.join(site, 'projects/index.html'), 'utf8');
    expect(projectsPage).toContain('<option value="t01">乙县东山镇</option>');
  });

  it('no personal data and no ledger path reaches the site', () => {
    const site = path.join(out, 'site');
    for (const f of filesUnder(site)) {
      const text = readFileSync(path.join(site, f), 'utf8');
      for (const secret of [
        '张三',
        '李四',
        '王五',
        '赵六',
        '13800000001',
        '13900000003',
        '联系人',
        '联系电话',
        '李青',
        '0971-6123456',
        '01-甲县',
      ]) {
        expect(text.includes(secret), `${f}: ${secret}`).toBe(false);
      }
    }
  });
});
