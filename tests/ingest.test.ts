/**
 * Every input shape of docs/rules.md §2 and docs/ledgers.md, read by the real pipeline from real files.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { computeContext } from '../pipeline/run.js';
import { BASE_HEADER, tempDir, writeLedger } from './support/ledger.js';

const ROW = ['HX-1', '高原牛场', '东山镇', 2019, 120.5, '巩固类'];

describe('encodings and line ends', () => {
  it('reads UTF-8 with and without BOM, GB18030 and CRLF as the same ledger', async () => {
    const dir = tempDir();
    writeLedger(dir, 'a.csv', BASE_HEADER, [ROW], { bom: true });
    writeLedger(dir, 'b.csv', BASE_HEADER, [['HX-2', '镕堃喆昇珺赟合作社', '西河乡', 2020, 80, '升级类']], {
      encoding: 'gb18030',
      crlf: true,
    });
    writeLedger(dir, 'c.csv', BASE_HEADER, [['HX-3', '蜂场', '北山乡', 2021, 10, '盘活类']], { crlf: true });
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files.map((f) => [f.file, f.encoding, f.counted])).toEqual([
      ['a.csv', 'utf-8', 1],
      ['b.csv', 'gb18030', 1],
      ['c.csv', 'utf-8', 1],
    ]);
    expect(ctx.projects.find((p) => p.id === 'HX-2')?.name).toBe('镕堃喆昇珺赟合作社');
    expect(ctx.townships.map((t) => t.name)).toEqual(['东山镇', '西河乡', '北山乡']);
  });

  it('decodes four-byte GB18030 characters exactly', async () => {
    const dir = tempDir();
    // 𠀀 (U+20000) is a four-byte sequence in GB18030
    writeLedger(dir, 'a.csv', BASE_HEADER, [['HX-1', '𠀀村合作社', '东山镇', 2019, 1, '巩固']], { encoding: 'gb18030' });
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.projects[0]?.name).toBe('𠀀村合作社');
  });
});

describe('layout of township files', () => {
  it('finds the header under title and preamble lines and numbers rows as a spreadsheet does', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      ['序号', ...BASE_HEADER, '备注'],
      [[1, ...ROW, ''], [], [2, 'HX-2', '羊场', '东山镇', 2019, 5, '巩固类', '']],
      {
        preamble: ['大足区推进帮扶产业提质增效管理台账', '填报单位：XX镇,,,', '', '更新时间：2026年9月30日'],
        trailer: ['合计,,,,,,125.5,,', '', '备注：本表由镇农业服务中心填报', '填表说明：1.金额单位万元'],
      },
    );
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files[0]).toMatchObject({ headerLine: 5, read: 7, counted: 2, leftOut: 5, blank: 2, total: 1, notes: 2 });
    expect(ctx.rows).toMatchObject({ read: 7, counted: 2, leftOut: 5 });
    expect(ctx.total.investment).toBe(125.5);
  });

  it('recognises 总计 rows and rows whose only content is in a carried-along column as left out', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      ['序号', ...BASE_HEADER],
      [
        [1, ...ROW],
        ['总计', '', '', '', '', '120.5', ''],
        [',', '', '', '', '', '', ''],
      ],
    );
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files[0]).toMatchObject({ read: 3, counted: 1, total: 1 });
  });

  it('accepts header aliases, full-width brackets, spaces and units', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      [
        '项目代码',
        '资产名称',
        '所属乡镇',
        '村（社区）',
        '购建年度',
        '投资额(万元)',
        '四个一批类别',
        ' 经营方式 ',
        '联系人及电话',
        '已收收益（万元）',
      ],
      [['HX-1', '牛场', '东山镇', '一村', 2019, 10, '提升一批', '入股经营', '张三 13800001111', 1]],
    );
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.projects[0]).toMatchObject({ id: 'HX-1', village: '一村', category: '升级', year: 2019, investment: 10 });
  });

  it('reads the 大足 one-hot layout', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      ['项目编号', '项目名称', '镇街', '购建年度', '投入帮扶资金', '优势类', '薄弱类', '闲置类（一般）', '闲置类（重大）', '淘汰类'],
      [
        ['DZ-1', '柑橘园', '龙水镇', 2018, 50, '是', '否', '否', '否', '否'],
        ['DZ-2', '养殖场', '龙水镇', 2018, 50, '', '', '', '是', ''],
        ['DZ-3', '加工厂', '龙水镇', 2018, 50, '否', '否', '否', '否', '是'],
      ],
    );
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.projects.map((p) => p.category)).toEqual(['巩固', '盘活', '调整']);
  });

  it('reads every category label of §3', async () => {
    const labels: [string, string][] = [
      ['巩固', '巩固'],
      ['巩固一批', '巩固'],
      ['优势类', '巩固'],
      ['提升', '升级'],
      ['提升类', '升级'],
      ['薄弱类', '升级'],
      ['升级一批', '升级'],
      ['闲置类(一般)', '盘活'],
      ['闲置类（重大）', '盘活'],
      ['盘活', '盘活'],
      ['淘汰类', '调整'],
      ['另起炉灶', '调整'],
      ['另起炉灶一批', '调整'],
      ['调整类', '调整'],
      [' 调整 ', '调整'],
    ];
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      BASE_HEADER,
      labels.map(([l], i) => [`L-${i}`, '项目', '东山镇', 2020, 1, l]),
    );
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.projects.map((p) => p.category)).toEqual(labels.map(([, c]) => c));
  });
});

describe('values', () => {
  it('reads full-width digits, thousands separators and the four date formats', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      [...BASE_HEADER, '合同到期日期', '应分红日期', '停用日期', '本金到期日期', '带动脱贫户数', '约定分红（万元）'],
      [
        [
          'ＨＸ－１',
          '牛场',
          '东山镇',
          '２０１９',
          '1,234.50',
          '巩固类',
          '2026-10-15',
          '2026/1/31',
          '2025.3.1',
          '2027年4月29日',
          '１２',
          '３.５',
        ],
        ['HX-2', '羊场', '东山镇', '2019年', '１２', '巩固类', '', '', '', '', '', ''],
      ],
    );
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.projects[0]).toMatchObject({ id: 'HX-1', year: 2019, investment: 1234.5, households: 12 });
    expect(ctx.projects[1]).toMatchObject({ year: 2019, investment: 12 });
    expect(ctx.total.investment).toBe(1246.5);
    expect(ctx.warnings.list.items[0]).toMatchObject({ id: 'HX-1', reasons: ['合同距到期不足1个月', '逾期未收取收益超过6个月'] });
    expect(ctx.dividends.list.items[0]).toMatchObject({ dueDate: '2026-01-31', owed: 3.5 });
  });

  it('sums amounts exactly (no binary floating-point drift)', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 1000 }, (_, i) => [`S-${i}`, '项目', '东山镇', 2020, '0.10', '巩固类']);
    rows.push(['S-x', '项目', '东山镇', 2020, '0.20', '升级类']);
    writeLedger(dir, 'a.csv', BASE_HEADER, rows);
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.total.investment).toBe(100.2);
    expect(ctx.byCategory.巩固.investment).toBe(100);
    expect(ctx.byCategory.巩固.share).toBe(99.9);
  });
});

describe('workbooks and folders', () => {
  it('reads .xlsx sheets that have the header, with Excel row numbers, dates and formulas', async () => {
    const dir = tempDir();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['东山镇帮扶项目资产台账']);
    ws.mergeCells('A1:F1');
    ws.addRow([...BASE_HEADER, '合同到期日期']);
    ws.addRow(['HX-1', '牛场', '东山镇', 2019, 120.5, '巩固类', new Date(Date.UTC(2026, 9, 15))]);
    ws.addRow([]);
    ws.addRow(['HX-2', '羊场', '东山镇', 2020, 30, '盘活类']);
    ws.addRow(['合计', '', '', '', { formula: 'SUM(E3:E5)', result: 150.5 }, '']);
    wb.addWorksheet('说明').addRow(['填表说明：金额单位为万元']);
    const second = wb.addWorksheet('补充');
    second.addRow(BASE_HEADER);
    second.addRow(['HX-3', '蜂场', '西河乡', 2021, 8, '调整类']);
    await wb.xlsx.writeFile(path.join(dir, '台账.xlsx'));
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files.map((f) => [f.file, f.sheet, f.headerLine, f.read, f.counted])).toEqual([
      ['台账.xlsx', '台账', 2, 4, 2],
      ['台账.xlsx', '补充', 1, 1, 1],
    ]);
    expect(ctx.total).toMatchObject({ projects: 3, investment: 158.5 });
    expect(ctx.warnings.list.items.map((w) => w.id)).toEqual(['HX-1']);
  });

  // Excel 97–2003 (.xls), WPS (.et) and OpenDocument (.ods) as county offices still save them,
  // written here by SheetJS itself: a 乡镇 cell merged down its rows, a date cell, a formula.
  for (const [ext, bookType] of [
    ['xls', 'biff8'],
    ['et', 'biff8'],
    ['ods', 'ods'],
  ] as const) {
    it(`reads a .${ext} workbook with a merged 乡镇 cell and a date cell`, async () => {
      const XLSX = await import('@e965/xlsx');
      const dir = tempDir();
      const ws = XLSX.utils.aoa_to_sheet([
        ['东山镇帮扶项目资产台账'],
        [...BASE_HEADER, '合同到期日期'],
        ['HX-1', '牛场', '东山镇', 2019, 120.5, '巩固类', 46310],
        ['HX-2', '羊场', null, 2020, 30, '盘活类', null],
        ['合计', null, null, null, { t: 'n', v: 150.5, f: 'SUM(E3:E4)' }, null, null],
      ]);
      ws.G3!.z = 'yyyy-mm-dd';
      ws['!merges'] = [{ s: { r: 2, c: 2 }, e: { r: 3, c: 2 } }];
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, ws, '台账');
      writeFileSync(path.join(dir, `台账.${ext}`), XLSX.write(wb, { bookType, type: 'buffer' }) as Buffer);
      const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
      expect(ctx.rows.files.map((f) => [f.file, f.headerLine, f.read, f.counted, f.total])).toEqual([[`台账.${ext}`, 2, 3, 2, 1]]);
      expect(ctx.projects.map((p) => [p.id, p.township])).toEqual([
        ['HX-1', '东山镇'],
        ['HX-2', '东山镇'],
      ]);
      // 46310 = 2026-10-15: a contract ending within a month of D is a red warning
      expect(ctx.warnings.list.items.map((w) => [w.id, w.reasons])).toEqual([['HX-1', ['合同距到期不足1个月']]]);
    });
  }

  it('reads every ledger in subfolders and leaves other files alone', async () => {
    const dir = tempDir();
    writeLedger(dir, 'a.csv', BASE_HEADER, [ROW]);
    writeLedger(dir, 'sub/b.CSV', BASE_HEADER, [['HX-2', '羊场', '西河乡', 2020, 1, '巩固']]);
    writeFileSync(path.join(dir, 'notes.txt'), 'not a ledger');
    writeFileSync(path.join(dir, 'scan.pdf'), iconv.encode('%PDF', 'latin1'));
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows.files.map((f) => f.file)).toEqual(['a.csv', 'sub/b.CSV']);
    expect(ctx.total.projects).toBe(2);
  });
});
