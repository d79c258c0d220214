/**
 * Ledgers as township clerks make them (issue 9, docs/rules.md §2, docs/ledgers.md): the 大足 附件3 workbook with a header
 * over two rows, merged cells, ticks and amounts in 元; CSV as Excel's other exports write it; and
 * the ways a hand-edited CSV loses rows, each of which must now be read or named with its row.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { main } from '../pipeline/cli.js';
import { computeContext } from '../pipeline/run.js';
import { formatProblem } from '../pipeline/errors.js';
import { BASE_HEADER, problemsOf, tempDir } from './support/ledger.js';

/** The 大足 附件3 layout: title, a header over rows 3–4, 项目现状 merged over four ticked columns, 乡镇 merged down. */
function dazuSheet(ws: ExcelJS.Worksheet): void {
  ws.addRow(['大足区推进帮扶产业提质增效管理台账']);
  ws.mergeCells('A1:J1');
  ws.addRow(['填报单位：龙水镇', '', '', '', '', '', '', '', '', '更新时间：2026年9月30日']);
  ws.addRow(['序号', '项目编号', '项目名称', '镇街', '购建年度', '投入帮扶资金（元）', '项目现状', '', '', '']);
  ws.addRow(['', '', '', '', '', '', '优势类', '薄弱类', '闲置类', '淘汰类']);
  for (const c of ['A', 'B', 'C', 'D', 'E', 'F']) ws.mergeCells(`${c}3:${c}4`);
  ws.mergeCells('G3:J3');
  ws.addRow([1, 'DZ-1', '柑橘园', '龙水镇', 2018, 1234567.89, '√', '', '', '']);
  ws.addRow([2, 'DZ-2', '养殖场', '', 2019, 500000, '', '✓', '', '']);
  ws.addRow([3, 'DZ-3', '加工厂', '', 2020, '80000', '', '', '●', '×']);
  ws.addRow([4, 'DZ-4', '冷库', '', 2021, 1, '', '', '', '☑']);
  ws.mergeCells('D5:D8');
  ws.addRow(['合计', '', '', '', '', { formula: 'SUM(F5:F8)', result: 1814568.89 }, '', '', '', '']);
  ws.addRow(['填表说明：1.金额单位为元；2.项目现状在对应类别下打√']);
}

async function dazuWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填表说明').addRow(['项目编号', '项目名称', '说明：按项目逐行填写']);
  dazuSheet(wb.addWorksheet('龙水镇'));
  await wb.xlsx.writeFile(file);
}

describe('the 大足 附件3 workbook', () => {
  it('reads a header over two rows, merged cells, ticks and amounts in 元 (÷10000 exactly)', async () => {
    const dir = tempDir();
    await dazuWorkbook(path.join(dir, '龙水镇.xlsx'));
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files.map((f) => [f.file, f.sheet, f.headerLine, f.read, f.counted, f.total, f.notes])).toEqual([
      ['龙水镇.xlsx', '龙水镇', 4, 6, 4, 1, 1],
    ]);
    expect(ctx.projects.map((p) => [p.id, p.township, p.category, p.investment])).toEqual([
      ['DZ-1', '龙水镇', '巩固', 123.46],
      ['DZ-2', '龙水镇', '升级', 50],
      ['DZ-3', '龙水镇', '盘活', 8],
      ['DZ-4', '龙水镇', '调整', 0],
    ]);
    // 1,814,568.89 元 = 181.456889 万元, printed to the 0.01 万元
    expect(ctx.total.investment).toBe(181.46);
  });

  it('names every sheet it leaves alone, and why', async () => {
    const dir = tempDir();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('填表说明').addRow(['项目编号', '项目名称', '说明：按项目逐行填写']);
    dazuSheet(wb.addWorksheet('龙水镇'));
    wb.addWorksheet('汇总').addRow(['全区合计', 4]);
    wb.addWorksheet('Sheet3');
    await wb.xlsx.writeFile(path.join(dir, '龙水镇.xlsx'));
    const lines: string[] = [];
    const code = await main(['check', '--data', dir, '--as-of', '2026-09-30'], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(0);
    expect(lines.filter((l) => l.startsWith('未读取') || l.startsWith('读取'))).toEqual([
      '未读取 龙水镇.xlsx［填表说明］：填表说明工作表，不是台账',
      '未读取 龙水镇.xlsx［汇总］：没有表头行（没有一行同时含“项目编号”和“项目名称”）',
      '未读取 龙水镇.xlsx［Sheet3］：空工作表',
      '读取 龙水镇.xlsx［龙水镇］（工作簿，表头在第4行）：读入6行，计入项目4个，剔除2行（空行0、合计1、说明1）',
    ]);
  });

  it('reads the same workbook saved as .xls to the same figures', async () => {
    const XLSX = await import('@e965/xlsx');
    const dir = tempDir();
    const src = tempDir();
    await dazuWorkbook(path.join(src, 'a.xlsx'));
    const wb = XLSX.read(await import('node:fs').then((fs) => fs.readFileSync(path.join(src, 'a.xlsx'))), { cellNF: true });
    writeFileSync(path.join(dir, '龙水镇.xls'), XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer);
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.projects.map((p) => [p.id, p.township, p.category, p.investment])).toEqual([
      ['DZ-1', '龙水镇', '巩固', 123.46],
      ['DZ-2', '龙水镇', '升级', 50],
      ['DZ-3', '龙水镇', '盘活', 8],
      ['DZ-4', '龙水镇', '调整', 0],
    ]);
  });

  it('names a mark that is neither yes nor no, and a row ticked twice', async () => {
    const dir = tempDir();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['项目编号', '项目名称', '镇街', '购建年度', '投入帮扶资金（万元）', '项目现状', '', '', '']);
    ws.addRow(['', '', '', '', '', '优势类', '薄弱类', '闲置类', '淘汰类']);
    ws.mergeCells('F1:I1');
    ws.addRow(['DZ-1', '柑橘园', '龙水镇', 2018, 10, '√', '√', '', '']);
    ws.addRow(['DZ-2', '养殖场', '龙水镇', 2018, 10, '', '?', '', '']);
    await wb.xlsx.writeFile(path.join(dir, 'a.xlsx'));
    const lines = (await problemsOf(dir)).map(formatProblem);
    expect(lines).toEqual([
      'a.xlsx:3: 错误：列“巩固类/升级类/盘活类/调整类”：类别列中填“是”（或打√）的有多列（巩固、升级），应恰有一列为“是” [onehot-count]',
      'a.xlsx:4: 错误：列“薄弱类”，值“?”：应填 是 √ ✓ ✔ ☑ ● 1 表示属于该类，否 × ✗ ✘ 0 或留空表示不属于 [onehot-mark]',
    ]);
  });
});

const HEADER = [...BASE_HEADER, '备注'];
const ROWS = [
  ['HX-1', '牛场', '东山镇', '2019', '120.5', '巩固类', ''],
  ['HX-2', '羊场', '东山镇', '2020', '30', '盘活类', '说明'],
];

describe('CSV as other programs write it', () => {
  it('reads Excel’s “Unicode 文本” (UTF-16 with BOM, tab-separated) saved as .csv', async () => {
    const dir = tempDir();
    const text = [HEADER, ...ROWS].map((r) => r.join('\t')).join('\r\n');
    writeFileSync(path.join(dir, 'a.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`${text}\r\n`, 'utf-16le')]));
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files[0]).toMatchObject({ encoding: 'utf-16', headerLine: 1, read: 2, counted: 2 });
    expect(ctx.total).toMatchObject({ projects: 2, investment: 150.5 });
  });

  it('reads semicolon- and tab-separated UTF-8 with quoted cells', async () => {
    for (const d of [';', '\t']) {
      const dir = tempDir();
      const rows = [HEADER, ['HX-1', '"牛场;一期"', '东山镇', '2019', '"1,120.5"', '巩固类', ''], ROWS[1]!];
      writeFileSync(path.join(dir, 'a.csv'), `${rows.map((r) => r.join(d)).join('\n')}\n`);
      const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
      expect(ctx.projects.map((p) => [p.id, p.name, p.investment])).toEqual([
        ['HX-1', '牛场;一期', 1120.5],
        ['HX-2', '羊场', 30],
      ]);
    }
  });

  it('keeps the rows after a stray quote inside a cell, with their row numbers', async () => {
    const dir = tempDir();
    const lines = [
      HEADER.join(','),
      'HX-1,5"大棚,东山镇,2019,10,巩固类,',
      'HX-2,羊场,东山镇,2020,x,盘活类,',
      'HX-3,牛场,东山镇,2020,10,盘活类,',
    ];
    writeFileSync(path.join(dir, 'a.csv'), `${lines.join('\n')}\n`);
    expect((await problemsOf(dir)).map(formatProblem)).toEqual([
      'a.csv:3: 错误：列“投入帮扶资金（万元）”，值“x”：应为不小于0的数字（万元，可带千位分隔符，如 1,234.50） [amount]',
    ]);
    lines[2] = 'HX-2,羊场,东山镇,2020,10,盘活类,';
    writeFileSync(path.join(dir, 'a.csv'), `${lines.join('\n')}\n`);
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.projects.map((p) => [p.id, p.name])).toEqual([
      ['HX-1', '5"大棚'],
      ['HX-2', '羊场'],
      ['HX-3', '牛场'],
    ]);
    expect(ctx.rows.files[0]).toMatchObject({ read: 3, counted: 3 });
  });

  it('names a row typed with full-width commas instead of counting it as blank', async () => {
    const dir = tempDir();
    const lines = [
      ['序号', ...HEADER].join(','),
      '1,HX-1,牛场,东山镇,2019,10,巩固类,',
      '2，HX-2，羊场，东山镇，2020，30，盘活类，',
      '3,HX-3,马场,东山镇,2020,30,盘活类,',
      '合计,,,,,70',
    ];
    writeFileSync(path.join(dir, 'a.csv'), `${lines.join('\n')}\n`);
    expect((await problemsOf(dir)).map(formatProblem)).toEqual([
      'a.csv:3: 错误：这一行只分出1列，表头有8列，单元格对不上列：可能用了全角逗号“，”或漏了分隔符；请在 Excel 或 WPS 中打开核对后另存 [split-short]',
    ]);
  });

  it('names a row with more filled cells than the header', async () => {
    const dir = tempDir();
    const lines = [HEADER.join(','), 'HX-1,牛场,东山镇,2019,10,巩固类,', 'HX-2,羊场,一期,东山镇,2020,30,盘活类,'];
    writeFileSync(path.join(dir, 'a.csv'), `${lines.join('\n')}\n`);
    const problems = await problemsOf(dir);
    expect(problems.map((p) => [p.line, p.rule])).toEqual([[3, 'split-long']]);
  });

  it('reads a header cell with a line break (Alt+Enter) and keeps the first data row', async () => {
    const dir = tempDir();
    const lines = [
      '东山镇台账',
      '项目编号,项目名称,乡镇,建设年度,"投入帮扶资金',
      '（万元）",类别',
      'HX-1,牛场,东山镇,2019,10,巩固类',
      'HX-2,羊场,东山镇,2020,abc,盘活类',
    ];
    writeFileSync(path.join(dir, 'a.csv'), `${lines.join('\r\n')}\r\n`);
    expect((await problemsOf(dir)).map((p) => [p.line, p.column, p.value])).toEqual([[4, '投入帮扶资金（万元）', 'abc']]);
    lines[4] = 'HX-2,羊场,东山镇,2020,5,盘活类';
    writeFileSync(path.join(dir, 'a.csv'), `${lines.join('\r\n')}\r\n`);
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files[0]).toMatchObject({ headerLine: 2, read: 2, counted: 2 });
    expect(ctx.total.investment).toBe(15);
  });

  it('names the row where a quote opens and never closes', async () => {
    const dir = tempDir();
    const lines = [
      BASE_HEADER.join(','),
      'HX-1,牛场,东山镇,2019,10,巩固类',
      'HX-2,"羊场,东山镇,2020,30,盘活类',
      'HX-3,马场,东山镇,2020,30,盘活类',
    ];
    writeFileSync(path.join(dir, 'a.csv'), `${lines.join('\n')}\n`);
    expect((await problemsOf(dir)).map((p) => [p.line, p.rule])).toEqual([[3, 'split-quote']]);
  });

  it('names a file in no known encoding instead of looking for its header', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'a.csv'),
      Buffer.concat([Buffer.from(`${BASE_HEADER.join(',')}\nHX-1,牛`), Buffer.from([0xff, 0xff, 0x0a])]),
    );
    expect((await problemsOf(dir)).map((p) => [p.file, p.rule])).toEqual([['a.csv', 'encoding']]);
  });
});
