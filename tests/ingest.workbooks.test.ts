/**
 * Workbooks as offices and systems really write them (issue 25): read exactly as Excel shows them
 * — the sample's own figures — or refused naming the file, the cell and what to do. Each fixture
 * is the sample's ledger saved the way a real writer saves it (support/workbooks.ts).
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import PizZip from 'pizzip';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../pipeline/cli.js';
import { formatProblem } from '../pipeline/errors.js';
import { BASE_HEADER, csvText, problemsOf } from './support/ledger.js';
import {
  AS_OF,
  figuresOf,
  folderWith,
  patchXlsx,
  SAMPLE_SHEET,
  SAMPLE_WORKBOOK,
  sampleWorkbook,
  withDate1904,
} from './support/workbooks.js';

const baseline = figuresOf(folderWith({ [SAMPLE_WORKBOOK]: sampleWorkbook() }));

/** The sample's 青林镇 ledger (70 projects, UTF-8 CSV with a title line). */
const QINGLIN = '01-青林镇-示例数据.csv';
const qinglinText = () => readFileSync(`data/${QINGLIN}`, 'utf8').replace(/^\ufeff/, '');
const qinglinBaseline = figuresOf(folderWith({ [QINGLIN]: readFileSync(`data/${QINGLIN}`) }));

/** `sgyp check` in this process: its exit code and every line it printed. */
async function check(dir: string, ...args: string[]) {
  const lines: string[] = [];
  const code = await main(['check', '--data', dir, '--as-of', AS_OF, ...args], { out: (s) => lines.push(s), err: (s) => lines.push(s) });
  return { code, lines };
}

const errorLines = (lines: string[]) => lines.filter((l) => l.includes(': 错误：'));

describe('the sample workbook saved other ways', () => {
  it('reads the 1904 date system to the same figures as the 1900 one', async () => {
    const base = await baseline;
    expect(base.total.projects).toBe(40);
    const figures = await figuresOf(folderWith({ [SAMPLE_WORKBOOK]: withDate1904(sampleWorkbook()) }));
    expect(figures).toEqual(base);
  });

  it('reads every row past a stale <dimension>', async () => {
    const stale = patchXlsx(sampleWorkbook(), { [SAMPLE_SHEET]: (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:AP20"/>') });
    expect(await figuresOf(folderWith({ [SAMPLE_WORKBOOK]: stale }))).toEqual(await baseline);
  });

  it('reads a macro-enabled .xlsm like the .xlsx', async () => {
    const xlsm = patchXlsx(sampleWorkbook(), {
      '[Content_Types].xml': (xml) =>
        xml.replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml'),
    });
    expect(await figuresOf(folderWith({ '05-石峡乡-示例数据.xlsm': xlsm }))).toEqual(await baseline);
  });

  it('leaves hidden and very hidden sheets alone and names them', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sampleWorkbook() as unknown as ArrayBuffer);
    const ledger = wb.worksheets[0]!;
    // last quarter's copy hidden, an archive of disposed projects very hidden: neither may count
    for (const [name, state] of [
      ['上季度', 'hidden'],
      ['已处置', 'veryHidden'],
    ] as const) {
      const copy = wb.addWorksheet(name, { state });
      ledger.eachRow((row, n) => {
        copy.getRow(n).values = row.values as ExcelJS.CellValue[];
      });
    }
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const dir = folderWith({ [SAMPLE_WORKBOOK]: bytes });
    expect(await figuresOf(dir)).toEqual(await baseline);
    const { code, lines } = await check(dir);
    expect(code).toBe(0);
    expect(lines.filter((l) => l.startsWith('未读取'))).toEqual([
      `未读取 ${SAMPLE_WORKBOOK}［说明］：填表说明工作表，不是台账`,
      `未读取 ${SAMPLE_WORKBOOK}［上季度］：隐藏工作表，不计入（要计入请在 Excel 或 WPS 中取消隐藏）`,
      `未读取 ${SAMPLE_WORKBOOK}［已处置］：深度隐藏的工作表（Excel 中看不到），不计入`,
    ]);
  });

  it('refuses a workbook whose ZIP checksums fail, naming the file', async () => {
    // stored uncompressed, one digit of an amount changed afterwards: the bytes still read, the CRC says no
    const stored = Buffer.from(new PizZip(sampleWorkbook()).generate({ type: 'nodebuffer', compression: 'STORE' }));
    const at = stored.indexOf('<v>235.24</v>');
    expect(at).toBeGreaterThan(0);
    stored.write('9', at + 3, 'latin1');
    const { code, lines } = await check(folderWith({ [SAMPLE_WORKBOOK]: stored }));
    expect(code).toBe(1);
    expect(errorLines(lines)).toEqual([`${SAMPLE_WORKBOOK}: 错误：文件已损坏（压缩校验失败），请重新保存或重新发送 [file]`]);
  });
});

/** A small ledger workbook: BASE_HEADER and rows, with `edit` applied to the sheet before it is written. */
async function ledgerBook(rows: ExcelJS.CellValue[][], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(BASE_HEADER);
  for (const r of rows) ws.addRow(r);
  edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('cells Excel would show otherwise', () => {
  it('refuses a formula without a computed value and Excel error values, naming each cell', async () => {
    const bytes = await ledgerBook([
      ['A-1', '牛场', '东山镇', 2019, { formula: 'SUM(10,5)' } as ExcelJS.CellValue, '巩固类'],
      ['A-2', { error: '#DIV/0!' } as ExcelJS.CellValue, '东山镇', 2019, 10, '巩固类'],
      ['A-3', '羊场', '东山镇', 2019, { formula: 'E2/0', result: { error: '#DIV/0!' } } as ExcelJS.CellValue, '巩固类'],
      ['A-4', '蜂场', '东山镇', 2019, { formula: 'VLOOKUP(1,Z1:Z2,2,0)', result: { error: '#N/A' } } as ExcelJS.CellValue, '巩固类'],
    ]);
    const problems = await problemsOf(folderWith({ 'a.xlsx': bytes }));
    expect(problems.map(formatProblem)).toEqual([
      'a.xlsx:2: 错误：列“投入帮扶资金（万元）”，值“=SUM(10,5)”：单元格 E2 的公式没有计算结果，请在 Excel 或 WPS 中打开并保存后重新运行 [formula]',
      'a.xlsx:3: 错误：列“项目名称”，值“#DIV/0!”：单元格 B3 是 Excel 的错误值（公式算不出结果）：请在 Excel 或 WPS 中改正公式或填入数值后重新运行 [excel-error]',
      'a.xlsx:4: 错误：列“投入帮扶资金（万元）”，值“#DIV/0!”：单元格 E4 是 Excel 的错误值（公式算不出结果）：请在 Excel 或 WPS 中改正公式或填入数值后重新运行 [excel-error]',
      'a.xlsx:5: 错误：列“投入帮扶资金（万元）”，值“#N/A”：单元格 E5 是 Excel 的错误值（公式算不出结果）：请在 Excel 或 WPS 中改正公式或填入数值后重新运行 [excel-error]',
    ]);
  });

  it('refuses an Excel error value typed into a CSV file', async () => {
    const dir = folderWith({ 'a.csv': csvText(BASE_HEADER, [['A-1', '#DIV/0!', '东山镇', 2019, 10, '巩固类'], ['A-2', '羊场', '#REF!', 2019, 10, '巩固类']]) });
    expect((await problemsOf(dir)).map(formatProblem)).toEqual([
      'a.csv:2: 错误：列“项目名称”，值“#DIV/0!”：是 Excel 的错误值（公式算不出结果），不是这一格的内容：请在 Excel 或 WPS 中改正公式或填入内容后重新运行 [excel-error]',
      'a.csv:3: 错误：列“乡镇”，值“#REF!”：是 Excel 的错误值（公式算不出结果），不是这一格的内容：请在 Excel 或 WPS 中改正公式或填入内容后重新运行 [excel-error]',
    ]);
  });

  it('reads a 填表说明 line merged across the table as one note, whatever it says', async () => {
    const bytes = await ledgerBook(
      [
        ['A-1', '牛场', '东山镇', 2019, 10, '巩固类'],
        ['1. 金额单位为万元；2. 类别填 巩固类、升级类、盘活类、调整类之一', '', '', '', '', ''],
        ['A-2', '羊场', '东山镇', 2020, 20, '升级类'],
      ],
      (ws) => ws.mergeCells('A3:F3'),
    );
    const figures = await figuresOf(folderWith({ 'a.xlsx': bytes }));
    expect(figures.total).toMatchObject({ projects: 2, investment: 30 });
    expect(figures.files).toEqual([['台账', 1, 3, 2, 1, 0, 0, 1]]);
  });

  it('reads 建设年度 typed as a date (shown 2015年, or as a date) as its year', async () => {
    const bytes = await ledgerBook(
      [
        ['A-1', '牛场', '东山镇', new Date(Date.UTC(2015, 0, 1)), 10, '巩固类'],
        ['A-2', '羊场', '东山镇', new Date(Date.UTC(2016, 2, 1)), 10, '巩固类'],
      ],
      (ws) => {
        ws.getCell('D2').numFmt = 'yyyy"年"';
        ws.getCell('D3').numFmt = 'yyyy-mm-dd';
      },
    );
    const figures = await figuresOf(folderWith({ 'a.xlsx': bytes }));
    expect(figures.projects.map((p) => JSON.parse(p).year)).toEqual([2015, 2016]);
  });
});
