/**
 * Bad values and bad files are input errors naming the file, never a crash, a hang or a silent
 * acceptance (issue 9 item 5): files that are not regular or cannot be opened, encodings, damaged
 * workbooks, numbers and dates outside a plausible range, over-long cells, ledgers without a
 * project, and the database never closed under a running query.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from '../pipeline/errors.js';
import { LIMITS } from '../pipeline/ingest/columns.js';
import { describeFsError, describeReadError, describeWorkbookError } from '../pipeline/ingest/files.js';
import { Database } from '../pipeline/load/database.js';
import { bigLedgerText, check } from './support/robust.js';
import { BASE_HEADER, contextOf, problemsOf, project, tempDir, writeLedger } from './support/ledger.js';

const ROW = ['A-1', '牛场', '东山镇', 2019, 10, '巩固类'];

const shown = (problems: Problem[]) => problems.map(formatProblem);

describe('files that are not plain readable ledgers', () => {
  it('refuses a FIFO, a link to a device and a link to nothing by name, and leaves a broken link to a non-ledger alone', async () => {
    const dir = tempDir();
    writeLedger(dir, 'a.csv', BASE_HEADER, [ROW]);
    execFileSync('mkfifo', [path.join(dir, 'pipe.csv')]);
    symlinkSync('/dev/zero', path.join(dir, 'zero.csv'));
    symlinkSync(path.join(dir, 'nothing'), path.join(dir, 'gone.xlsx'));
    symlinkSync(path.join(dir, 'nothing'), path.join(dir, 'gone.txt'));
    const res = await check(dir);
    expect(res.code).toBe(1);
    expect(res.text).toContain(
      'gone.xlsx: 错误：无法读取文件：文件不存在（可能是指向已删除文件的链接或快捷方式，或在读取时被移走） [file]',
    );
    expect(res.text).toContain('pipe.csv: 错误：不是普通文件（是命名管道），不能作为台账读取：请放入台账文件本身 [file]');
    expect(res.text).toContain('zero.csv: 错误：不是普通文件（是设备文件），不能作为台账读取：请放入台账文件本身 [file]');
    expect(res.text).toContain('共 3 处错误');
    expect(res.text).not.toContain('gone.txt');
  });

  it('names a file whose name is GBK, not UTF-8, as it would read in Chinese', async () => {
    const dir = tempDir();
    writeLedger(dir, 'a.csv', BASE_HEADER, [ROW]);
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), iconv.encode('东山镇.csv', 'gbk')]), 'x');
    const problems = await problemsOf(dir);
    expect(shown(problems)).toEqual([
      '东山镇.csv: 错误：文件名不是 UTF-8 编码（多为在 Windows 上压缩、在本机解压的 GBK 中文文件名），无法读取：请把文件改名后重新运行 [file]',
    ]);
  });

  it('walks a folder link back to its parent once, and shows a line break in a file name as ↵', async () => {
    const dir = tempDir();
    writeLedger(dir, 'sub/a.csv', BASE_HEADER, [ROW]);
    symlinkSync('..', path.join(dir, 'sub', 'loop'));
    writeLedger(dir, 'b\n.csv', BASE_HEADER, [['A-1', '羊场', '东山镇', 2019, 10, '巩固类']]);
    const problems = await problemsOf(dir);
    expect(shown(problems)).toEqual(['sub/a.csv:2: 错误：列“项目编号”，值“A-1”：项目编号重复，已在 b↵.csv:2 出现过 [duplicate]']);
  });
});

describe('file system errors', () => {
  it('are said in Chinese, whatever the errno', () => {
    const say = (code: string) => describeFsError(Object.assign(new Error(`${code}: English text`), { code }));
    expect(say('EACCES')).toBe('没有读取权限（请检查文件的权限设置）');
    expect(say('ELOOP')).toBe('链接（符号链接）形成了循环，指不到真正的文件');
    expect(say('EIO')).toBe('磁盘读取出错（文件可能已损坏，或存储设备有问题）');
    expect(say('EXDEV')).toBe('系统错误（代码 EXDEV）');
    expect(describeReadError(new RangeError('Invalid string length'))).toBe('文件过大或内容异常（超出了能处理的长度），不像一份台账');
    expect(describeReadError(Object.assign(new Error('x'), { code: 'ERR_FS_FILE_TOO_LARGE' }))).toBe('文件过大（超过 2 GB），不像一份台账');
    // a library's own error code is not a file system error
    expect(describeReadError(Object.assign(new TypeError('x'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBe(
      '文件内容无法解析（文件可能已损坏，或不是它的扩展名所说的格式）',
    );
    expect(describeWorkbookError(Object.assign(new TypeError('x'), { code: 'ERR_INVALID_ARG_TYPE' }), 'a.et')).toBe(
      '无法读取工作簿（文件已损坏或不是 WPS 表格）：请在 Excel 或 WPS 中打开检查，另存为 .xlsx 后重新运行',
    );
  });
});

describe('encodings', () => {
  it('reports one damaged byte in a UTF-8 file as an encoding problem on its line, not a missing header', async () => {
    const dir = tempDir();
    const file = writeLedger(dir, 'a.csv', BASE_HEADER, [ROW, ['A-2', '羊场', '西河乡', 2020, 20, '升级类']]);
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from('羊场'));
    bytes[at + 1] = 0xff;
    writeFileSync(file, bytes);
    expect(shown(await problemsOf(dir))).toEqual([
      'a.csv:3: 错误：文件是 UTF-8 编码，但这一行有不属于 UTF-8 的字节（共3处；文件可能已损坏，或混入了其他编码的文字）：请在 Excel 或 WPS 中打开，另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重新运行 [encoding]',
    ]);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, and a workbook renamed to .csv', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.csv'), Buffer.from([0x41, 0x0a, 0xff, 0xfe, 0x0a]));
    writeFileSync(path.join(dir, 'b.csv'), readFileSync(path.join('data', '05-石峡乡-示例数据.xlsx')));
    expect(shown(await problemsOf(dir))).toEqual([
      'a.csv:2: 错误：文件编码无法识别（不是 UTF-8，也不是 GB18030/GBK）：请在 Excel 或 WPS 中打开，另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重新运行 [encoding]',
      'b.csv: 错误：这不是 CSV 文本文件，而是一个工作簿（.xlsx、.et 或 .ods 等压缩格式），只是扩展名写成了 .csv：请把扩展名改回原来的再运行 [encoding]',
    ]);
  });
});

/** A ZIP holding one entry whose deflate data ends in a non-final block: SheetJS's own inflate never returns on it. */
function endlessDeflateZip(): Buffer {
  const name = Buffer.from('[Content_Types].xml');
  const data = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(1000, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(1000, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

describe('damaged workbooks', () => {
  it('turns what SheetJS throws into a Chinese message naming the file, and answers at once on endless deflate data', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.xlsx'), Buffer.from('PK\u0003\u0004garbage garbage', 'latin1'));
    writeFileSync(path.join(dir, 'b.xlsx'), '');
    writeFileSync(path.join(dir, 'c.xlsx'), endlessDeflateZip());
    writeFileSync(path.join(dir, 'd.ods'), endlessDeflateZip());
    const res = await check(dir);
    expect(res.code).toBe(1);
    expect(res.ms).toBeLessThan(20_000);
    const damaged = (f: string, kind: string) =>
      `${f}: 错误：无法读取工作簿（文件已损坏或不是 ${kind}）：请在 Excel 或 WPS 中打开检查，另存为 .xlsx 后重新运行 [file]`;
    expect(res.text.split('\n').filter((l) => l.includes(': 错误：'))).toEqual([
      damaged('a.xlsx', 'Excel 文件'),
      'b.xlsx: 错误：文件是空的（0 字节），不是工作簿 [file]',
      damaged('c.xlsx', 'Excel 文件'),
      damaged('d.ods', 'OpenDocument 表格'),
    ]);
  });

  it('reads a sheet whose dimension claims a million rows by the rows it has', async () => {
    const dir = tempDir();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(BASE_HEADER);
    ws.addRow(ROW);
    const zip = new PizZip(Buffer.from(await wb.xlsx.writeBuffer()));
    const sheet = zip.file('xl/worksheets/sheet1.xml')!.asText();
    expect(sheet).toMatch(/<dimension ref="A1:F2"\/>/);
    zip.file('xl/worksheets/sheet1.xml', sheet.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:IV1048576"/>'));
    writeFileSync(path.join(dir, 'a.xlsx'), zip.generate({ type: 'nodebuffer' }));
    const res = await check(dir);
    expect(res.code).toBe(0);
    expect(res.text).toContain('读取 a.xlsx［台账］（工作簿，表头在第1行）：读入1行，计入项目1个，剔除0行');
    expect(res.ms).toBeLessThan(20_000);
  });
});

describe('numbers and dates in a plausible range', () => {
  const HEADER = [...BASE_HEADER, '设计产能', '实际产能', '带动脱贫户数', '上年净收益（万元）', '合同到期日期', '完成日期', '进展状态'];

  it('refuses 1_000, 1e3 and values past the limits, with the range in the message, before any sum can overflow', async () => {
    const dir = tempDir();
    const row = (id: string, cells: Record<string, string | number>) =>
      HEADER.map((h, i) => cells[h] ?? (i < 6 ? [id, '牛场', '东山镇', 2019, 10, '盘活类'][i]! : ''));
    writeLedger(dir, 'a.csv', HEADER, [
      row('A-1', { '投入帮扶资金（万元）': '1_000' }),
      row('A-2', { '投入帮扶资金（万元）': '1e3' }),
      row('A-3', { '投入帮扶资金（万元）': '1000000000.01', 设计产能: '99999999999999.9999', 实际产能: 1 }),
      row('A-4', { 带动脱贫户数: '10000001', '上年净收益（万元）': '-1,000,000,001' }),
      row('A-5', { 合同到期日期: '0001-01-01', 完成日期: '9999-12-31', 进展状态: '已完成' }),
      row('A-6', { 合同到期日期: '2126-10-01', 完成日期: '1949-09-30', 进展状态: '已完成' }),
    ]);
    const amount = '应为不小于0的数字（万元，可带千位分隔符，如 1,234.50） [amount]';
    expect(shown(await problemsOf(dir))).toEqual([
      `a.csv:2: 错误：列“投入帮扶资金（万元）”，值“1_000”：${amount}`,
      `a.csv:3: 错误：列“投入帮扶资金（万元）”，值“1e3”：${amount}`,
      'a.csv:4: 错误：列“投入帮扶资金（万元）”，值“1000000000.01”：数值超出合理范围，应为0至1,000,000,000之间的数字（单位万元）：请检查单位和位数 [amount-range]',
      'a.csv:4: 错误：列“设计产能”，值“99999999999999.9999”：数值超出合理范围，应为0至100,000,000,000之间的数字：请检查位数 [amount-range]',
      'a.csv:5: 错误：列“上年净收益（万元）”，值“-1,000,000,001”：数值超出合理范围，应在-1,000,000,000至1,000,000,000之间（单位万元）：请检查单位和位数 [signed-amount-range]',
      'a.csv:5: 错误：列“带动脱贫户数”，值“10000001”：数值超出合理范围，应为0至10,000,000之间的整数：请检查位数 [count-range]',
      'a.csv:6: 错误：列“合同到期日期”，值“0001-01-01”：日期超出合理范围，应在 1949-10-01 至 2126-09-30（统计截止日期后100年）之间：请检查年份 [date-range]',
      'a.csv:6: 错误：列“完成日期”，值“9999-12-31”：日期超出合理范围，应在 1949-10-01 至统计截止日期 2026-09-30 之间：请检查年份 [date-range]',
      'a.csv:7: 错误：列“合同到期日期”，值“2126-10-01”：日期超出合理范围，应在 1949-10-01 至 2126-09-30（统计截止日期后100年）之间：请检查年份 [date-range]',
      'a.csv:7: 错误：列“完成日期”，值“1949-09-30”：日期超出合理范围，应在 1949-10-01 至统计截止日期 2026-09-30 之间：请检查年份 [date-range]',
    ]);
  });

  it('accepts the limits themselves and sums them in wide types', async () => {
    const max = LIMITS.amount;
    const ctx = await contextOf([
      project('A-1', {
        '投入帮扶资金（万元）': max,
        带动脱贫户数: LIMITS.count,
        合同到期日期: '2126-09-30',
        设计产能: LIMITS.capacity,
        实际产能: 1,
      }),
      project('A-2', { '投入帮扶资金（万元）': max, 带动脱贫户数: LIMITS.count, 停用日期: '1949-10-01' }),
      project('A-3', { '投入帮扶资金（万元）': max, 带动脱贫户数: LIMITS.count, '上年净收益（万元）': -max }),
    ]);
    expect(ctx.total).toMatchObject({ projects: 3, investment: 3 * max, households: 3 * LIMITS.count });
    expect(ctx.idleInefficient.items.map((i) => i.id)).toEqual(['A-1']);
  });

  it('refuses an Excel date serial 0 (shown as 1900-01-00) as the number the cell holds', async () => {
    const dir = tempDir();
    const xlsx = await import('@e965/xlsx');
    const ws = xlsx.utils.aoa_to_sheet([
      [...BASE_HEADER, '合同到期日期'],
      [...ROW, ''],
    ]);
    ws.G2 = { t: 'n', v: 0, z: 'yyyy-mm-dd' };
    const wb = xlsx.utils.book_new();
    xlsx.utils.book_append_sheet(wb, ws, '台账');
    writeFileSync(path.join(dir, 'a.xlsx'), xlsx.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    expect(shown(await problemsOf(dir))).toEqual([
      'a.xlsx:2: 错误：列“合同到期日期”，值“0”：不是有效日期，应写作 2026-04-29、2026/4/29、2026.4.29 或 2026年4月29日 [date]',
    ]);
  });

  it('reads a workbook number Excel shows with an exponent as its digits', async () => {
    const dir = tempDir();
    const xlsx = await import('@e965/xlsx');
    const ws = xlsx.utils.aoa_to_sheet([
      BASE_HEADER,
      ['A-1', '牛场', '东山镇', 2019, 1e21, '巩固类'],
      ['A-2', '羊场', '东山镇', 2019, 1e-7, '巩固类'],
    ]);
    const wb = xlsx.utils.book_new();
    xlsx.utils.book_append_sheet(wb, ws, '台账');
    writeFileSync(path.join(dir, 'a.xlsx'), xlsx.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    expect(shown(await problemsOf(dir))).toEqual([
      'a.xlsx:2: 错误：列“投入帮扶资金（万元）”，值“1000000000000000000000”：数值超出合理范围，应为0至1,000,000,000之间的数字（单位万元）：请检查单位和位数 [amount-range]',
    ]);
  });
});

describe('cell lengths', () => {
  it('refuses a cell longer than its column allows, naming row, column and length; the limit itself is read', async () => {
    const dir = tempDir();
    writeLedger(
      dir,
      'a.csv',
      [...BASE_HEADER, '推进举措', '风险情形'],
      [
        ['A-1', '名'.repeat(200), '东山镇', 2019, 10, '巩固类', '举'.repeat(2000), ''],
        ['A-2', '名'.repeat(201), '东山镇', 2019, 10, '巩固类', '举'.repeat(2001), '、'.repeat(300)],
        ['B'.repeat(51), '羊场', '东山镇', 2019, 10, '巩固类', '', ''],
      ],
    );
    // (sorted by the column's name, as every list of problems is)
    expect(shown(await problemsOf(dir))).toEqual([
      `a.csv:3: 错误：列“推进举措”，值“${'举'.repeat(60)}…（共2001字）”：内容过长（共2001字），该列最多2000字：请精简后重新填写 [too-long]`,
      `a.csv:3: 错误：列“项目名称”，值“${'名'.repeat(60)}…（共201字）”：内容过长（共201字），该列最多200字：请精简后重新填写 [too-long]`,
      `a.csv:3: 错误：列“风险情形”，值“${'、'.repeat(60)}…（共300字）”：内容过长（共300字），该列最多200字：请精简后重新填写 [too-long]`,
      `a.csv:4: 错误：列“项目编号”，值“${'B'.repeat(51)}”：内容过长（共51字），该列最多50字：请精简后重新填写 [too-long]`,
    ]);
  });

  it('refuses a cell of millions of characters in a CSV file and in a workbook, with its row and column, in seconds', async () => {
    const dir = tempDir();
    writeLedger(dir, 'a.csv', BASE_HEADER, [ROW, ['A-2', '名'.repeat(1_000_000), '东山镇', 2019, 10, '巩固类']], { preamble: ['台账'] });
    // a workbook cell holds at most 32,767 characters: a row of many full cells is over 2 MB as CSV
    const xlsx = await import('@e965/xlsx');
    const extra = Array.from({ length: 25 }, (_, i) => `备注${i + 1}`);
    const ws = xlsx.utils.aoa_to_sheet([
      [...BASE_HEADER, ...extra],
      [],
      ['B-1', '羊场', '西'.repeat(31_000), 2019, 10, '巩固类', ...extra.map(() => '注'.repeat(30_000))],
    ]);
    const wb = xlsx.utils.book_new();
    xlsx.utils.book_append_sheet(wb, ws, '台账');
    writeFileSync(path.join(dir, 'b.xlsx'), xlsx.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const res = await check(dir);
    expect(res.code).toBe(1);
    expect(res.text).toContain(
      `a.csv:4: 错误：列“项目名称”，值“${'名'.repeat(60)}…（共1000000字）”：内容过长（共1000000字），该列最多200字：请精简后重新填写 [too-long]`,
    );
    expect(res.text).toContain(
      `b.xlsx:3: 错误：列“乡镇”，值“${'西'.repeat(60)}…（共31000字）”：内容过长（共31000字），该列最多200字：请精简后重新填写 [too-long]`,
    );
    expect(res.ms).toBeLessThan(20_000);
  });
});

describe('a ledger of tens of megabytes (its head read first, the rest streamed in chunks)', () => {
  // sampled: the streamed check; robust.slow.test.ts reads the same ledger whole (a quoted cell) and as
  // GB18030, and counts its rows in a full computation
  it('places an error on its row, read streamed', async () => {
    const text = bigLedgerText();
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.csv'), text);
    const res = await check(dir);
    expect(res.code).toBe(1);
    // preamble, header, 94,999 rows and two blank lines above it: row 95,000 is line 95,004
    expect(res.text).toContain('a.csv:95004: 错误：列“建设年度”，值“二〇一九”');
    expect(res.text).toContain('共 1 处错误');
  });
});

describe('ledgers without a project', () => {
  it('is an input error naming every file when no file holds a project', async () => {
    const dir = tempDir();
    writeLedger(dir, 'a.csv', BASE_HEADER, []);
    writeLedger(
      dir,
      'b.csv',
      BASE_HEADER,
      [
        ['合计', '', '', '', 0, ''],
        ['', '', '', '', '', ''],
      ],
      { preamble: ['台账'] },
    );
    expect(shown(await problemsOf(dir))).toEqual([
      'a.csv: 错误：没有任何项目：表头（第1行）以下没有数据行；所有台账合计没有一个项目，无法统计 [no-projects]',
      'b.csv: 错误：没有任何项目：表头（第2行）以下的2行都不是项目（空行1、合计1、说明0）；所有台账合计没有一个项目，无法统计 [no-projects]',
    ]);
  });

  it('reads a township file without projects beside one with them', async () => {
    const ctx = await contextOf([project('A-1')], '2026-09-30', { files: { 'b.csv': [] } });
    expect(ctx.rows.files.map((f) => [f.file, f.counted])).toEqual([
      ['b.csv', 0],
      ['ledger.csv', 1],
    ]);
  });
});

describe('the database', () => {
  it('closes only after the queries still running, and refuses a query after close', async () => {
    const db = await Database.open({ threads: 1 });
    const slow = db.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM range(3000) a, range(3000) b WHERE (a.range * b.range) % 7 = 1');
    db.close();
    db.close();
    expect((await slow).n).toBeGreaterThan(1_000_000);
    await expect(db.run('SELECT 1')).rejects.toThrow('database used after close');
  });
});

describe('the profile', () => {
  it('is explained in Chinese when it is not YAML or holds wrong values (never the parser’s English)', async () => {
    const dir = tempDir();
    writeLedger(dir, 'a.csv', BASE_HEADER, [ROW]);
    writeFileSync(path.join(dir, 'profile.yaml'), 'county: [unclosed\n');
    expect(shown(await problemsOf(dir))).toEqual([
      `${path.join(dir, 'profile.yaml')}:2: 错误：配置文件无法解析（不是有效的 YAML 格式，问题在第2行第1列附近）`,
    ]);
    writeFileSync(path.join(dir, 'profile.yaml'), 'thresholds:\n  idleMonths: -1\n  capacityRatio: "x"\ndocuments: 3\n');
    expect(shown(await problemsOf(dir))).toEqual([
      `${path.join(dir, 'profile.yaml')}: 错误：配置项“thresholds.idleMonths”：数值过小：期望 数字 >=1`,
      `${path.join(dir, 'profile.yaml')}: 错误：配置项“thresholds.capacityRatio”：类型不对，应为数字`,
      `${path.join(dir, 'profile.yaml')}: 错误：配置项“documents”：类型不对，应为列表`,
    ]);
  });
});

describe('a folder inside the data folder named like a ledger', () => {
  it('is walked as a folder', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'old.csv'));
    writeLedger(dir, 'old.csv/a.csv', BASE_HEADER, [ROW]);
    const res = await check(dir);
    expect(res.code).toBe(0);
    expect(res.text).toContain('读取 old.csv/a.csv（UTF-8，表头在第1行）：读入1行，计入项目1个');
  });
});
