/**
 * Headers as real templates write them (issue 25): hints in brackets, marks, natural units, the
 * common aliases, every header cell not read named in the log, two columns for one field and data
 * under an empty header cell refused, and 大足 附件3 as the seed draws it (a header over three rows).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../pipeline/errors.js';
import { matchHeader } from '../pipeline/ingest/columns.js';
import { computeContext } from '../pipeline/run.js';
import type { ReportContext } from '../pipeline/context.js';
import { sgyp } from './support/cli.js';
import { BASE_HEADER, problemsOf, tempDir, writeLedger } from './support/ledger.js';

const SAMPLE = path.join(__dirname, '..', 'data', '01-青林镇-示例数据.csv');

/** The sample's 青林镇 ledger with its header cells renamed (line 2 is the header). */
function sampleWithHeader(dir: string, rename: Record<string, string>): void {
  const lines = readFileSync(SAMPLE, 'utf8').split('\n');
  const cells = lines[1]!.split(',');
  for (const [from, to] of Object.entries(rename)) {
    const i = cells.indexOf(from);
    expect(i, from).toBeGreaterThanOrEqual(0);
    cells[i] = to.includes(',') ? `"${to}"` : to;
  }
  lines[1] = cells.join(',');
  writeFileSync(path.join(dir, '01-青林镇.csv'), lines.join('\n'));
}

/** The figures the headers must not change. */
function figures(ctx: ReportContext) {
  const states: Record<string, number> = {};
  for (const p of ctx.projects) states[p.operatingState] = (states[p.operatingState] ?? 0) + 1;
  return { total: ctx.total, states, red: ctx.warnings.red, yellow: ctx.warnings.yellow, dividends: ctx.dividends.projects };
}

const SAMPLE_FIGURES = {
  total: { projects: 70, investment: 13768.21, households: 2997, assetValue: 14249.75 },
  states: { 正常运营: 67, 停产: 1, 运营一般: 1, 已处置: 1 },
};

describe('header cells as templates write them', () => {
  it('reads each hint, mark, unit and alias as its column', () => {
    const cases: [string, string, boolean?][] = [
      ['运营状态（正常运营/停产/闲置）', 'operating_state'],
      ['运营状态(正常运营/停产/闲置)', 'operating_state'],
      ['是否脱贫村（是/否）', 'poor_village'],
      ['是否脱贫村（是或否）', 'poor_village'],
      ['*运营状态', 'operating_state'],
      ['＊项目编号', 'id'],
      ['★项目名称※', 'name'],
      ['项目编号（必填）', 'id'],
      ['项目名称（全称）', 'name'],
      ['目前已取得的成效（请注明截止日期）', 'results'],
      ['带动脱贫户数（户）', 'households'],
      ['带动脱贫户数（个）', 'households'],
      ['建设年度（年）', 'year'],
      ['*建设年度（年）（必填）', 'year'],
      ['投入帮扶资金（万元）（必填）', 'investment'],
      ['投入帮扶资金（元）', 'investment', true],
      ['*投入帮扶资金（单位：元）', 'investment', true],
      ['乡（镇）', 'township'],
      ['所在乡镇', 'township'],
      ['行政村', 'village'],
      ['所在村', 'village'],
      ['项目年度', 'year'],
      ['停用时间', 'stop_date'],
      ['停产时间', 'stop_date'],
      ['完成时间', 'completed_date'],
      ['计划完成时间', 'planned_date'],
      ['合同到期时间', 'contract_end'],
      ['本金到期日', 'principal_due'],
      ['资产金额（万元）', 'asset_value'],
      ['项目总投资（万元）', 'asset_value'],
      ['是否贫困村', 'poor_village'],
      ['项目所在村是否为脱贫村', 'poor_village'],
    ];
    for (const [header, key, yuan] of cases) {
      const m = matchHeader(header);
      expect([header, m?.col.key, m?.yuan]).toEqual([header, key, yuan ?? false]);
    }
    // another unit, or money in a hint, is another column: not read into ours
    for (const header of [
      '带动脱贫户数（人）',
      '投入帮扶资金（亩）',
      '约定分红（元/年）',
      '运营状态（万元）',
      '建设年度（户）',
      '管护主体',
    ]) {
      expect([header, matchHeader(header)]).toEqual([header, undefined]);
    }
  });

  it('gives the sample’s figures when its header carries hints, marks, units and aliases', async () => {
    const plain = tempDir();
    sampleWithHeader(plain, {});
    expect(figures(await computeContext({ dataDir: plain, asOf: '2026-09-30' }))).toMatchObject(SAMPLE_FIGURES);
    const dir = tempDir();
    sampleWithHeader(dir, {
      项目编号: '*项目编号',
      项目名称: '项目名称（全称）',
      乡镇: '乡（镇）',
      村: '所在村',
      是否脱贫村: '是否脱贫村（是/否）',
      建设年度: '建设年度（年）',
      '资产原值（万元）': '资产金额（万元）',
      运营状态: '运营状态（正常运营/停产/闲置）',
      停用日期: '停用时间',
      完成日期: '完成时间',
      带动脱贫户数: '带动脱贫户数（户）',
      取得成效: '目前已取得的成效（请注明截止日期）',
      类别: '★类别',
    });
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    const base = await computeContext({ dataDir: plain, asOf: '2026-09-30' });
    expect(figures(ctx)).toEqual(figures(base));
    expect(ctx.projects).toEqual(base.projects);
    expect(figures(ctx)).toMatchObject(SAMPLE_FIGURES);
  });

  it('still reads 元 as 元 (÷10000) behind a mark or a hint', async () => {
    const dir = tempDir();
    const header = [
      '*项目编号',
      '项目名称',
      '乡镇',
      '建设年度（年）',
      '*投入帮扶资金（元）（必填）',
      '类别（巩固类/升级类/盘活类/调整类）',
    ];
    writeLedger(dir, 'a.csv', header, [['HX-1', '牛场', '东山镇', 2019, 1234567.89, '巩固类']]);
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.projects.map((p) => [p.id, p.year, p.investment, p.category])).toEqual([['HX-1', 2019, 123.46, '巩固']]);
  });
});

describe('header cells the run does not read', () => {
  it('names every unrecognised header cell in the log, per file and sheet, and never defaults it silently', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      ['序号', ...BASE_HEADER, '运营状况', '带动脱贫户数（人）', '管护主体', '备注'],
      [[1, 'HX-1', '牛场', '东山镇', 2019, 10, '巩固类', '停产', 75, '东山村', '']],
    );
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('东山').addRow([...BASE_HEADER, '联农带农方式']);
    wb.getWorksheet('东山')!.addRow(['HX-2', '羊场', '东山镇', 2020, 5, '巩固类', '务工']);
    wb.addWorksheet('西河').addRow([...BASE_HEADER]);
    wb.getWorksheet('西河')!.addRow(['HX-3', '蜂场', '西河乡', 2020, 5, '巩固类']);
    await wb.xlsx.writeFile(path.join(dir, 'b.xlsx'));
    const res = await sgyp('check', '--data', dir, '--as-of', '2026-09-30');
    expect(res.code).toBe(0);
    expect(res.out.split('\n').filter((l) => /^(读取|a\.csv|b\.xlsx)/.test(l))).toEqual([
      '读取 a.csv（UTF-8，表头在第1行）：读入1行，计入项目1个，剔除0行（空行0、合计0、说明0）',
      'a.csv：未识别的列：“运营状况”（H列）、“带动脱贫户数（人）”（I列），已忽略',
      'a.csv：列“管护主体”（J列）管护主体不一定是资产权属或经营主体，未读取；请在“资产权属”“经营主体”列中填写',
      '读取 b.xlsx［东山］（工作簿，表头在第1行）：读入1行，计入项目1个，剔除0行（空行0、合计0、说明0）',
      'b.xlsx［东山］：未识别的列：“联农带农方式”（G列），已忽略',
      '读取 b.xlsx［西河］（工作簿，表头在第1行）：读入1行，计入项目1个，剔除0行（空行0、合计0、说明0）',
    ]);
  });

  it('reads 项目总投资 as 资产原值 only where the ledger has no 资产原值, and names it otherwise', async () => {
    const alone = tempDir();
    writeLedger(alone, 'a.csv', [...BASE_HEADER, '项目总投资（万元）'], [['HX-1', '牛场', '东山镇', 2019, 10, '巩固类', 25]]);
    expect((await computeContext({ dataDir: alone, asOf: '2026-09-30' })).total).toMatchObject({ investment: 10, assetValue: 25 });
    const both = tempDir();
    writeLedger(
      both,
      'a.csv',
      [...BASE_HEADER, '项目总投资（万元）', '资产原值（万元）'],
      [['HX-1', '牛场', '东山镇', 2019, 10, '巩固类', 25, 12]],
    );
    const res = await sgyp('check', '--data', both, '--as-of', '2026-09-30');
    expect(res.out.split('\n').filter((l) => l.startsWith('a.csv'))).toEqual([
      'a.csv：列“项目总投资（万元）”（G列）已有“资产原值（万元）”列，未读取',
    ]);
    expect((await computeContext({ dataDir: both, asOf: '2026-09-30' })).total).toMatchObject({ investment: 10, assetValue: 12 });
  });

  it('reads 资产编号, 资产名称 and 资产金额 only where the ledger has no 项目编号, 项目名称 or 资产原值 of its own', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      [
        '资产编号',
        '资产名称',
        '项目编号',
        '项目名称',
        '乡镇',
        '建设年度',
        '投入帮扶资金',
        '类别',
        '项目总投资（万元）',
        '资产金额（万元）',
      ],
      [['ZC-1', '冷库设备', 'HX-1', '冷链项目', '东山镇', 2019, 10, '巩固类', 40, 30]],
    );
    const res = await sgyp('check', '--data', dir, '--as-of', '2026-09-30');
    expect(res.out.split('\n').filter((l) => l.startsWith('a.csv'))).toEqual([
      'a.csv：列“资产编号”（A列）已有“项目编号”列，未读取',
      'a.csv：列“资产名称”（B列）已有“项目名称”列，未读取',
      'a.csv：列“项目总投资（万元）”（I列）已有“资产金额（万元）”列，未读取',
    ]);
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.projects.map((p) => [p.id, p.name])).toEqual([['HX-1', '冷链项目']]);
    expect(ctx.total).toMatchObject({ investment: 10, assetValue: 30 });
  });
});

describe('columns that cannot be read as one field', () => {
  it('refuses two columns for one field, naming both cells', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      ['序号', '项目编号', ...BASE_HEADER.slice(1), '项目代码'],
      [[1, 'HX-1', '牛场', '东山镇', 2019, 10, '巩固类', 'X-1']],
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['标题']);
    ws.addRow([...BASE_HEADER, '帮扶资金（万元）']);
    ws.addRow(['HX-2', '羊场', '东山镇', 2020, 5, '巩固类', 6]);
    await wb.xlsx.writeFile(path.join(dir, 'b.xlsx'));
    expect((await problemsOf(dir)).map(formatProblem)).toEqual([
      'a.csv:1: 错误：列“项目代码”：B列“项目编号”和H列“项目代码”都是“项目编号”，一项内容只能有一列：请删去其中一列，或把不是这项内容的一列改名 [header]',
      'b.xlsx:2: 错误：列“帮扶资金（万元）”：E列“投入帮扶资金（万元）”和G列“帮扶资金（万元）”都是“投入帮扶资金（万元）”，一项内容只能有一列：请删去其中一列，或把不是这项内容的一列改名 [header]',
    ]);
  });

  it('refuses a filled column under an empty header cell, naming the column and its first cell', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      [...BASE_HEADER, '', '备注'],
      [
        ['HX-1', '牛场', '东山镇', 2019, 10, '巩固类', '', ''],
        ['HX-2', '羊场', '东山镇', 2019, 10, '巩固类', '停产', ''],
        ['合计', '', '', '', 20, '', '2', ''],
      ],
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['', ...BASE_HEADER, '']);
    ws.addRow([1, 'HX-3', '蜂场', '西河乡', 2020, 5, '巩固类', '']);
    ws.addRow([2, 'HX-4', '茶园', '西河乡', 2020, 5, '巩固类', 75]);
    await wb.xlsx.writeFile(path.join(dir, 'b.xlsx'));
    expect((await problemsOf(dir)).map(formatProblem)).toEqual([
      'a.csv:3: 错误：值“停产”：G列有内容（从G3起），但表头（第1行）这一列是空的，这一列不会被读取：请在表头填写列名，或删去这一列的内容 [header]',
      'b.xlsx:3: 错误：值“75”：H列有内容（从H3起），但表头（第1行）这一列是空的，这一列不会被读取：请在表头填写列名，或删去这一列的内容 [header]',
    ]);
  });

  it('reads a label merged across two columns as one column, and names a cell under its second half that differs', async () => {
    const dir = tempDir();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['项目编号', '项目名称', '', '乡镇', '建设年度', '投入帮扶资金（万元）', '类别']);
    ws.mergeCells('B1:C1');
    ws.addRow(['HX-1', '蜂场', '', '西河乡', 2020, 5, '巩固类']);
    ws.addRow(['HX-2', '茶园', '', '西河乡', 2020, 5, '巩固类']);
    ws.mergeCells('B3:C3');
    await wb.xlsx.writeFile(path.join(dir, 'a.xlsx'));
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.projects.map((p) => [p.id, p.name])).toEqual([
      ['HX-1', '蜂场'],
      ['HX-2', '茶园'],
    ]);
    ws.getCell('C2').value = '二期';
    await wb.xlsx.writeFile(path.join(dir, 'a.xlsx'));
    expect((await problemsOf(dir)).map(formatProblem)).toEqual([
      'a.xlsx:2: 错误：值“二期”：C列有内容（从C2起），但表头（第1行）在这一列与B列是同一个合并的列名，只读取B列：请把内容移到B列，或给C列单独的列名 [header]',
    ]);
  });

  it('reads a 序号 column without its label, and a note under the table', async () => {
    const dir = tempDir();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['', ...BASE_HEADER, '']);
    ws.addRow([1, 'HX-3', '蜂场', '西河乡', 2020, 5, '巩固类', '']);
    ws.addRow([2, 'HX-4', '茶园', '西河乡', 2020, 5, '巩固类', '']);
    ws.addRow(['填表说明：金额单位为万元']);
    await wb.xlsx.writeFile(path.join(dir, 'b.xlsx'));
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files.map((f) => [f.read, f.counted, f.notes])).toEqual([[3, 2, 1]]);
  });
});

/**
 * 大足 附件3 as the seed draws it (003, 附件3): a title, 填报单位/审核人 and 填报人/更新时间 lines, a
 * header whose 项目现状 groups 优势类/薄弱类/闲置类/淘汰类, and a third header row of 是/否 under them.
 * `extra` inserts columns a county ledger needs (the seed's form has no 乡镇 or 投入帮扶资金).
 */
const SEED_UPPER = [
  '序号',
  '项目编号',
  '项目名称',
  '购建年度',
  '资产权属',
  '主管部门',
  '联系人及联系电话',
  '项目现状',
  '',
  '',
  '',
  '闲置类或淘汰类产业项目债权债务纠纷、现有资产及资产确权、利益相关方诉求等情况',
  '推进举措',
  '目前已取得的成效（请注明截止日期）',
  '存在的主要问题及建议',
];
const GROUP = ['优势类', '薄弱类', '闲置类', '淘汰类'];

function seedTable(withLedgerColumns: boolean): { rows: (string | number)[][]; groupAt: number; headerRows: number } {
  const upper = withLedgerColumns ? [...SEED_UPPER.slice(0, 3), '镇街', '投入帮扶资金（万元）', ...SEED_UPPER.slice(3)] : SEED_UPPER;
  const width = upper.length;
  const groupAt = upper.indexOf('项目现状');
  const row = (at: Record<number, string | number>) => Array.from({ length: width }, (_, i) => at[i] ?? '');
  const group = (cells: string[]) => Object.fromEntries(cells.map((c, k) => [groupAt + k, c]));
  const data = (n: number, id: string, name: string, yes: number, amount: number) =>
    withLedgerColumns
      ? row({ 0: n, 1: id, 2: name, 3: '龙水镇', 4: amount, 5: 2018 + n, 6: '龙水村股份经济合作社', [groupAt + yes]: '是' })
      : row({ 0: n, 1: id, 2: name, 3: 2018 + n, [groupAt + yes]: '是' });
  const rows = [
    row({ 0: '大足区推进帮扶产业提质增效管理台账' }),
    row({ 0: '填报单位：龙水镇', [width - 2]: '审核人：' }),
    row({ 0: '填报人及联系电话：', [width - 2]: '更新时间：2026年9月30日' }),
    upper,
    row(group(GROUP)),
    row(group(['是/否', '是/否', '是/否', '是/否'])),
    data(1, 'DZ-1', '柑橘园', 0, 120),
    data(2, 'DZ-2', '养殖场', 1, 50.5),
    data(3, 'DZ-3', '加工厂', 2, 8),
    data(4, 'DZ-4', '冷库', 3, 30),
    row({
      1: '备注说明',
      2: '1. 部门原有优势类、薄弱类、闲置类、淘汰类产业项目的数量。2.截至更新时间，目前已盘活和已调整的产业项目数量。',
    }),
    row({
      0: '填表说明：1.项目编号、项目名称、购建年度、主管单位按项目库提供的信息填写。2.项目现状和工作举措根据主管部门、区（县）人民政府明确的措施填写。',
    }),
  ];
  return { rows, groupAt, headerRows: 3 };
}

function csvOf(rows: (string | number)[][]): string {
  return `${rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\n')}\n`;
}

async function seedWorkbook(file: string, withLedgerColumns: boolean): Promise<void> {
  const { rows, groupAt } = seedTable(withLedgerColumns);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('管理台账');
  for (const r of rows) ws.addRow(r);
  const width = rows[3]!.length;
  const col = (i: number) => String.fromCharCode(65 + i);
  ws.mergeCells(`A1:${col(width - 1)}1`);
  // every label outside the group merged down over the three header rows, 项目现状 across its four
  for (let i = 0; i < width; i++) if (i < groupAt || i > groupAt + 3) ws.mergeCells(`${col(i)}4:${col(i)}6`);
  ws.mergeCells(`${col(groupAt)}4:${col(groupAt + 3)}4`);
  await wb.xlsx.writeFile(file);
}

describe('大足 附件3 as the seed draws it: a header over three rows', () => {
  const expected = [
    ['DZ-1', '龙水镇', 2019, '巩固', 120],
    ['DZ-2', '龙水镇', 2020, '升级', 50.5],
    ['DZ-3', '龙水镇', 2021, '盘活', 8],
    ['DZ-4', '龙水镇', 2022, '调整', 30],
  ];

  it('reads the CSV with the 是/否 row as part of the header', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '龙水镇.csv'), csvOf(seedTable(true).rows));
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files.map((f) => [f.headerLine, f.read, f.counted, f.notes])).toEqual([[6, 6, 4, 2]]);
    expect(ctx.projects.map((p) => [p.id, p.township, p.year, p.category, p.investment])).toEqual(expected);
    expect(ctx.total.investment).toBe(208.5);
  });

  it('reads the workbook with its merged cells to the same figures, and names the column it does not read', async () => {
    const dir = tempDir();
    await seedWorkbook(path.join(dir, '龙水镇.xlsx'), true);
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files.map((f) => [f.headerLine, f.read, f.counted, f.notes])).toEqual([[6, 6, 4, 2]]);
    expect(ctx.projects.map((p) => [p.id, p.township, p.year, p.category, p.investment])).toEqual(expected);
    const res = await sgyp('check', '--data', dir, '--as-of', '2026-09-30');
    expect(res.out.split('\n').filter((l) => l.startsWith('龙水镇'))).toEqual([
      '龙水镇.xlsx［管理台账］：未识别的列：“闲置类或淘汰类产业项目债权债务纠纷、现有资产及资产确权、利益相关方诉求等情况”（N列），已忽略',
    ]);
  });

  it('refuses the form exactly as drawn for the columns a ledger needs, on its last header row', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '龙水镇.csv'), csvOf(seedTable(false).rows));
    await seedWorkbook(path.join(dir, '双路镇.xlsx'), false);
    // and a required column under a name not known: named beside the missing one
    writeLedger(
      dir,
      'd.csv',
      ['项目编号', '项目名称', '乡镇', '建设年份（年度）', '投入帮扶资金', '类别'],
      [['HX-1', '牛场', '东山镇', 2019, 10, '巩固类']],
    );
    expect((await problemsOf(dir)).map(formatProblem)).toEqual([
      'd.csv:1: 错误：表头缺少必填列：建设年度；表头中未识别的列：D列“建设年份（年度）” [header]',
      '双路镇.xlsx:6: 错误：表头缺少必填列：乡镇、投入帮扶资金（万元）；表头中未识别的列：L列“闲置类或淘汰类产业项目债权债务纠纷、现有资产及资产确权、利益相关方诉求等情况” [header]',
      '龙水镇.csv:6: 错误：表头缺少必填列：乡镇、投入帮扶资金（万元）；表头中未识别的列：L列“闲置类或淘汰类产业项目债权债务纠纷、现有资产及资产确权、利益相关方诉求等情况” [header]',
    ]);
  });

  it('marks a cell under the three-row header at its place in the annotated ledger', async () => {
    const data = tempDir();
    const { rows, groupAt } = seedTable(true);
    rows[7]![groupAt + 1] = '对';
    writeFileSync(path.join(data, '龙水镇.csv'), csvOf(rows));
    const notes = path.join(tempDir(), 'notes');
    const res = await sgyp('check', '--data', data, '--as-of', '2026-09-30', '--annotate', notes);
    expect(res.err.split('\n')[0]).toBe(
      '龙水镇.csv:8: 错误：列“薄弱类”，值“对”：应填 是 √ ✓ ✔ ☑ ● 1 表示属于该类，否 × ✗ ✘ 0 或留空表示不属于 [onehot-mark]',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(notes, '龙水镇.批注.xlsx'));
    const ws = wb.getWorksheet('龙水镇')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    const cell = ws.getCell(8, groupAt + 2);
    expect([cell.text, (cell.fill as ExcelJS.FillPattern).fgColor?.argb !== undefined]).toEqual(['对', true]);
    expect([4, 5, 6].map((r) => ws.getCell(r, 2).font?.bold ?? false)).toEqual([true, true, true]);
  });

  it('never takes a section line under the header for a row of hints', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      ['序号', ...BASE_HEADER],
      [
        ['一、巩固类', '', '', '', '', '', ''],
        [1, 'HX-1', '牛场', '东山镇', 2019, 10, '巩固类'],
      ],
    );
    // the line stays a line of the table (left out as one without a ledger cell), the header one row
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files.map((f) => [f.headerLine, f.read, f.counted, f.blank])).toEqual([[1, 2, 1, 1]]);
  });

  it('reads the amounts in 元 when a line above the table says 单位：元', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      [...BASE_HEADER.slice(0, 4), '投入帮扶资金', '类别', '资产原值（万元）', '设计产能'],
      [['HX-1', '牛场', '东山镇', 2019, 1234567.89, '巩固类', 200, 1000]],
      { preamble: ['东山镇帮扶项目资产台账', ',,,,,,,金额单位：元'] },
    );
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.total).toMatchObject({ investment: 123.46, assetValue: 200 });
  });

  it('reads a unit row under the header as the columns’ unit (元 ÷ 10000)', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'a.csv'),
      csvOf([
        [...BASE_HEADER.slice(0, 4), '投入帮扶资金', '类别'],
        ['', '', '', '（年）', '（元）', '（巩固类/升级类/盘活类/调整类）'],
        ['HX-1', '牛场', '东山镇', 2019, 1234567.89, '巩固类'],
      ]),
    );
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files.map((f) => [f.headerLine, f.read, f.counted])).toEqual([[2, 1, 1]]);
    expect(ctx.projects.map((p) => [p.id, p.investment])).toEqual([['HX-1', 123.46]]);
  });
});
