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
  biff5Workbook,
  figuresOf,
  folderWith,
  patchXlsx,
  SAMPLE_SHEET,
  SAMPLE_WORKBOOK,
  sampleWorkbook,
  withDate1904,
} from './support/workbooks.js';

/** Computed once, when a test first asks (never left running when a test run ends). */
function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

const baseline = once(() => figuresOf(folderWith({ [SAMPLE_WORKBOOK]: sampleWorkbook() })));

/** The sample's 青林镇 ledger (70 projects, UTF-8 CSV with a title line). */
const QINGLIN = '01-青林镇-示例数据.csv';
const qinglinText = () => readFileSync(`data/${QINGLIN}`, 'utf8').replace(/^\ufeff/, '');
const qinglinBaseline = once(() => figuresOf(folderWith({ [QINGLIN]: readFileSync(`data/${QINGLIN}`) })));

/** `sgyp check` in this process: its exit code and every line it printed. */
async function check(dir: string, ...args: string[]) {
  const lines: string[] = [];
  const code = await main(['check', '--data', dir, '--as-of', AS_OF, ...args], { out: (s) => lines.push(s), err: (s) => lines.push(s) });
  return { code, lines };
}

const errorLines = (lines: string[]) => lines.filter((l) => l.includes(': 错误：'));

describe('the sample workbook saved other ways', () => {
  it('reads the 1904 date system to the same figures as the 1900 one', async () => {
    const base = await baseline();
    expect(base.total.projects).toBe(40);
    const figures = await figuresOf(folderWith({ [SAMPLE_WORKBOOK]: withDate1904(sampleWorkbook()) }));
    expect(figures).toEqual(base);
  });

  // saved by LibreOffice (soffice --convert-to xls / ods) from the 1904 workbook above, the option kept
  for (const ext of ['xls', 'ods']) {
    it(`reads the 1904 workbook as LibreOffice saves it as .${ext} to the same figures`, async () => {
      const bytes = readFileSync(`tests/fixtures/workbooks/石峡乡-1904.${ext}`);
      expect(await figuresOf(folderWith({ [`05-石峡乡-示例数据.${ext}`]: bytes }))).toEqual(await baseline());
    });
  }

  it('reads every row past a stale <dimension>', async () => {
    const stale = patchXlsx(sampleWorkbook(), {
      [SAMPLE_SHEET]: (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:AP20"/>'),
    });
    expect(await figuresOf(folderWith({ [SAMPLE_WORKBOOK]: stale }))).toEqual(await baseline());
  });

  it('reads a macro-enabled .xlsm like the .xlsx', async () => {
    const xlsm = patchXlsx(sampleWorkbook(), {
      '[Content_Types].xml': (xml) =>
        xml.replace(
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
          'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
        ),
    });
    expect(await figuresOf(folderWith({ '05-石峡乡-示例数据.xlsm': xlsm }))).toEqual(await baseline());
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
    expect(await figuresOf(dir)).toEqual(await baseline());
    const { code, lines } = await check(dir);
    expect(code).toBe(0);
    expect(lines.filter((l) => l.startsWith('未读取'))).toEqual([
      `未读取 ${SAMPLE_WORKBOOK}［说明］：填表说明工作表，不是台账`,
      `未读取 ${SAMPLE_WORKBOOK}［上季度］：隐藏工作表，不计入（要计入请在 Excel 或 WPS 中取消隐藏）`,
      `未读取 ${SAMPLE_WORKBOOK}［已处置］：深度隐藏的工作表（Excel 中看不到），不计入`,
    ]);
  });

  it('reads hidden sheets only when the profile says readHiddenSheets: true', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('台账').addRows([BASE_HEADER, ['A-1', '牛场', '东山镇', 2019, 10, '巩固类']]);
    wb.addWorksheet('补报', { state: 'hidden' }).addRows([BASE_HEADER, ['A-2', '羊场', '东山镇', 2020, 20, '升级类']]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expect((await figuresOf(folderWith({ 'a.xlsx': bytes }))).total).toMatchObject({ projects: 1, investment: 10 });
    const dir = folderWith({ 'a.xlsx': bytes, 'profile.yaml': 'county: 示例县\nreadHiddenSheets: true\n' });
    expect((await figuresOf(dir)).total).toMatchObject({ projects: 2, investment: 30 });
    const { lines } = await check(dir);
    expect(lines).toContain('a.xlsx［补报］ 是隐藏工作表，按配置 readHiddenSheets 读取');
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

describe('sheets LibreOffice writes', () => {
  it('reads an .ods whose last styled row is repeated to the end of the sheet by the rows it has, in seconds', async () => {
    const XLSX = await import('@e965/xlsx');
    const ws = XLSX.utils.aoa_to_sheet([BASE_HEADER, ['A-1', '牛场', '东山镇', 2019, 10, '巩固类']]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '台账');
    const zip = new PizZip(XLSX.write(wb, { type: 'buffer', bookType: 'ods' }) as Buffer);
    // as LibreOffice ends a sheet whose columns are formatted: one empty styled row repeated a million times
    const empty =
      '<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:style-name="ce1" table:number-columns-repeated="1024"/></table:table-row>';
    zip.file('content.xml', zip.file('content.xml')!.asText().replace('</table:table>', `${empty}</table:table>`));
    const started = Date.now();
    const figures = await figuresOf(folderWith({ 'a.ods': zip.generate({ type: 'nodebuffer' }) }));
    expect(figures.total).toMatchObject({ projects: 1, investment: 10 });
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

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
    const dir = folderWith({
      'a.csv': csvText(BASE_HEADER, [
        ['A-1', '#DIV/0!', '东山镇', 2019, 10, '巩固类'],
        ['A-2', '羊场', '#REF!', 2019, 10, '巩固类'],
      ]),
    });
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

describe('every file in the folder read or named', () => {
  it('names .xlsb, .numbers and office lock files as left alone, and reads a ledger whose name starts with a dot', async () => {
    const XLSX = await import('@e965/xlsx');
    const xlsb = XLSX.write(XLSX.read(sampleWorkbook()), { bookType: 'xlsb', type: 'buffer' }) as Buffer;
    const dir = folderWith({
      '.隐藏.csv': readFileSync(`data/${QINGLIN}`),
      '~$甲镇.xlsx': Buffer.from([0x06, 0x73, 0x67, 0x79, 0x70]),
      '.~lock.甲镇.xlsx#': ',sgyp,host,05.12.2026 05:30,file:///home/sgyp/.config/libreoffice/4;\n',
      '乙镇.xlsb': xlsb,
      '丙镇.numbers': Buffer.from('PK\u0003\u0004', 'latin1'),
    });
    const { code, lines } = await check(dir);
    expect(code).toBe(0);
    expect(lines.filter((l) => l.startsWith('未读取') || l.startsWith('读取'))).toEqual([
      '未读取 .~lock.甲镇.xlsx#：LibreOffice 的锁定文件（对应的文件正被打开），不是台账',
      '未读取 ~$甲镇.xlsx：Excel 或 WPS 的临时锁定文件（对应的工作簿正被打开），不是台账',
      '未读取 丙镇.numbers：Apple Numbers 表格（.numbers）格式不能读取，请另存为 .xlsx',
      '未读取 乙镇.xlsb：Excel 二进制工作簿（.xlsb）格式不能读取，请另存为 .xlsx',
      '读取 .隐藏.csv（UTF-8，表头在第2行）：读入70行，计入项目70个，剔除0行（空行0、合计0、说明0）',
    ]);
  });

  it('names the .xlsb files of a folder that holds nothing else it can read', async () => {
    const dir = folderWith({ '乙镇.xlsb': Buffer.from('PK\u0003\u0004', 'latin1'), '甲镇.xlsb': Buffer.from('PK\u0003\u0004', 'latin1') });
    const { code, lines } = await check(dir);
    expect(code).toBe(1);
    expect(errorLines(lines)).toEqual([
      `${dir}: 错误：数据目录中没有台账文件（.csv、.xlsx、.xlsm、.xls、.et 或 .ods）；乙镇.xlsb、甲镇.xlsb 的格式不能读取，请另存为 .xlsx`,
    ]);
  });
});

/** Figures but for the sheet's name: a workbook's sheet against the CSV file, which has none. */
const sheetless = (f: Awaited<ReturnType<typeof qinglinBaseline>>) => ({ ...f, files: f.files.map((row) => row.slice(1)) });

/** The 青林镇 ledger's rows as cells (title line first). */
const qinglinRows = () => parseCsv(qinglinText(), { relax_column_count: true }) as string[][];

/** An HTML table as a web system's “导出Excel” writes it: a title cell spanning the table, one <tr> a row. */
function htmlTable(rows: string[][], charset: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const width = Math.max(...rows.map((r) => r.length));
  const body = rows
    .map((r, i) =>
      i === 0 && r.length === 1
        ? `<tr><td colspan="${width}">${esc(r[0]!)}</td></tr>`
        : `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`,
    )
    .join('\r\n');
  return `<html xmlns:x="urn:schemas-microsoft-com:office:excel">\r\n<head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"></head>\r\n<body><table border="1">\r\n${body}\r\n</table></body></html>\r\n`;
}

describe('text, web pages and Excel 95 named .xls', () => {
  it('reads tab-separated GBK text named .xls with the CSV reader, to the CSV ledger’s figures, and says so', async () => {
    const tsv = qinglinRows()
      .map((r) => r.join('\t'))
      .join('\r\n');
    const dir = folderWith({ '青林镇.xls': iconv.encode(tsv, 'gbk') });
    expect(await figuresOf(dir)).toEqual(await qinglinBaseline());
    const { code, lines } = await check(dir);
    expect(code).toBe(0);
    expect(lines).toContain('青林镇.xls 实为文本文件（CSV 或制表符分隔），已按 CSV 读取');
  });

  it('reads an HTML table in GB2312 named .xls as text cells, to the CSV ledger’s figures, and says so', async () => {
    const dir = folderWith({ '青林镇.xls': iconv.encode(htmlTable(qinglinRows(), 'gb2312'), 'gbk') });
    const figures = await figuresOf(dir);
    expect(figures.files.map((row) => row[0])).toEqual(['Sheet1']);
    expect(sheetless(figures)).toEqual(sheetless(await qinglinBaseline()));
    const { lines } = await check(dir);
    expect(lines).toContain('青林镇.xls 实为网页表格（HTML），已按文本读取');
  });

  it('reads an Excel 95 (BIFF5) workbook in code page 936 to the CSV ledger’s figures, and says so', async () => {
    const dir = folderWith({ '青林镇.xls': await biff5Workbook('青林镇', qinglinRows()) });
    const figures = await figuresOf(dir);
    expect(figures.files.map((row) => row[0])).toEqual(['青林镇']);
    expect(sheetless(figures)).toEqual(sheetless(await qinglinBaseline()));
    const { lines } = await check(dir);
    expect(lines).toContain('青林镇.xls 实为 Excel 5.0/95 工作簿（BIFF5），已按其代码页读取');
  });

  it('reads an Excel 2003 XML spreadsheet named .xls, and says so', async () => {
    const xml =
      '<?xml version="1.0"?>\r\n<?mso-application progid="Excel.Sheet"?>\r\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">' +
      '<Worksheet ss:Name="台账"><Table>' +
      [BASE_HEADER, ['001', '牛场', '东山镇', '2019', '10', '巩固类']]
        .map(
          (r, i) =>
            `<Row>${r.map((c, k) => `<Cell><Data ss:Type="${i > 0 && (k === 3 || k === 4) ? 'Number' : 'String'}">${c}</Data></Cell>`).join('')}</Row>`,
        )
        .join('') +
      '</Table></Worksheet></Workbook>';
    const dir = folderWith({ 'a.xls': xml });
    const figures = await figuresOf(dir);
    expect(figures.projects.map((p) => JSON.parse(p)).map((p) => [p.id, p.investment])).toEqual([['001', 10]]);
    const { lines } = await check(dir);
    expect(lines).toContain('a.xls 实为 Excel 2003 XML 表格，已按其单元格读取');
  });

  it('never guesses a type in an HTML table: 001 stays 001, 5-6 is a village, 1e3 is refused as in its CSV twin', async () => {
    const header = [...BASE_HEADER, '村'];
    const rows = [
      ['001', '牛场', '东山镇', '2019', '10', '巩固类', '5-6'],
      ['002', '羊场', '东山镇', '2019', '1e3', '巩固类', '3-1'],
    ];
    const html = folderWith({ 'a.xls': htmlTable([header, ...rows], 'utf-8') });
    const csv = folderWith({ 'a.csv': csvText(header, rows) });
    const shown = async (dir: string) => (await problemsOf(dir)).map((p) => formatProblem(p).replace(/^a\.\w+/, 'a'));
    expect(await shown(html)).toEqual([
      'a:3: 错误：列“投入帮扶资金（万元）”，值“1e3”：应为不小于0的数字（万元，可带千位分隔符，如 1,234.50） [amount]',
    ]);
    expect(await shown(html)).toEqual(await shown(csv));
    rows[1]![4] = '1000';
    const ok = await figuresOf(folderWith({ 'a.xls': htmlTable([header, ...rows], 'utf-8') }));
    expect(ok.projects.map((p) => [JSON.parse(p).id, JSON.parse(p).village])).toEqual([
      ['001', '5-6'],
      ['002', '3-1'],
    ]);
  });
});

describe('small things that refused a whole file or misread a cell', () => {
  it('reads a CSV line that is only "" as a blank line', async () => {
    const text = `${csvText(BASE_HEADER, [['A-1', '牛场', '东山镇', 2019, 10, '巩固类']])}""\nA-2,羊场,东山镇,2020,20,升级类\n`;
    const figures = await figuresOf(folderWith({ 'a.csv': text }));
    expect(figures.total).toMatchObject({ projects: 2, investment: 30 });
    expect(figures.files).toEqual([[undefined, 1, 3, 2, 1, 1, 0, 0]]);
  });

  it('trims no-break and other Unicode spaces like ASCII spaces', async () => {
    const rows = [
      ['A-1\u00a0', '\u00a0牛场\u00a0', '东山镇\u2002', '2019\u00a0', '12.5\u00a0', '巩固类\u3000'],
      ['A-2', '羊场', '东山镇', '\u20092020', '\u202f7.5', '\u00a0升级类'],
    ];
    const figures = await figuresOf(folderWith({ 'a.csv': csvText(BASE_HEADER, rows) }));
    expect(figures.projects.map((p) => JSON.parse(p)).map((p) => [p.id, p.name, p.year, p.investment, p.category])).toEqual([
      ['A-1', '牛场', 2019, 12.5, '巩固'],
      ['A-2', '羊场', 2020, 7.5, '升级'],
    ]);
  });

  it('refuses an encrypted OpenDocument file and an encrypted .xlsx as password-protected, not damaged', async () => {
    const zip = new PizZip();
    zip.file('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', { compression: 'STORE' });
    zip.file(
      'META-INF/manifest.xml',
      '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>' +
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="4096"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA">' +
        '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>',
    );
    zip.file('content.xml', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 73 + 11) & 0xff)), { compression: 'STORE' });
    // an encrypted .xlsx is a compound file holding EncryptionInfo and EncryptedPackage
    const XLSX = await import('@e965/xlsx');
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, 'EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    XLSX.CFB.utils.cfb_add(cfb, 'EncryptedPackage', Buffer.alloc(600, 7));
    const xlsx = Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
    const { code, lines } = await check(folderWith({ '甲镇.ods': zip.generate({ type: 'nodebuffer' }), '乙镇.xlsx': xlsx }));
    expect(code).toBe(1);
    expect(errorLines(lines)).toEqual([
      '乙镇.xlsx: 错误：工作簿设有打开密码，无法读取：请在 Excel 或 WPS 中取消密码后另存，再重新运行 [file]',
      '甲镇.ods: 错误：工作簿设有打开密码，无法读取：请在 Excel、WPS 或 LibreOffice 中取消密码后另存，再重新运行 [file]',
    ]);
  });
});

describe('the run refused up front', () => {
  it('refuses an --as-of before 2012 or after 2100, or before the profile’s firstYear, as a usage error', async () => {
    const dir = folderWith({ 'a.csv': csvText(BASE_HEADER, [['A-1', '牛场', '东山镇', 2019, 10, '巩固类']]) });
    const run = async (asOf: string, ...args: string[]) => {
      const lines: string[] = [];
      const code = await main(['check', '--data', dir, '--as-of', asOf, ...args], { out: (s) => lines.push(s), err: (s) => lines.push(s) });
      return [code, lines.find((l) => l.startsWith('--as-of'))];
    };
    expect(await run('2206-09-30')).toEqual([2, '--as-of 的年份应在2012至2100年之间，实际为“2206-09-30”\n运行 sgyp --help 查看用法。']);
    expect(await run('2011-12-31')).toEqual([2, '--as-of 的年份应在2012至2100年之间，实际为“2011-12-31”\n运行 sgyp --help 查看用法。']);
    const profile = `${dir}/p.yaml`;
    (await import('node:fs')).writeFileSync(profile, 'county: 示例县\nthresholds:\n  firstYear: 2016\n');
    expect(await run('2015-09-30', '--profile', profile)).toEqual([
      2,
      '--as-of 的年份应在2016至2100年之间（不早于配置的建设年度下限 firstYear），实际为“2015-09-30”\n运行 sgyp --help 查看用法。',
    ]);
  });

  it('refuses a profile that gives two categories one label', async () => {
    const dir = folderWith({
      'a.csv': csvText(BASE_HEADER, [['A-1', '牛场', '东山镇', 2019, 10, '巩固类']]),
      'profile.yaml': 'county: 示例县\nlabels:\n  巩固: 巩固类\n  升级: 提升类\n  盘活: 提升类\n  调整: 调整类\n',
    });
    const { code, lines } = await check(dir);
    expect(code).toBe(1);
    expect(errorLines(lines)).toEqual([
      `${dir}/profile.yaml: 错误：配置项“labels”：四个类别的名称不能相同：每个类别要有自己的名称（如 巩固类、升级类、盘活类、调整类）`,
    ]);
  });
});
