/**
 * --annotate DIR (mistakes back to the township): a failed run writes each erring ledger back as
 * a workbook — the errors listed, the ledger as received with the bad cells red and noted at the
 * very row numbers the messages give — and nothing else anywhere.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HELP } from '../pipeline/cli.js';
import { sgyp } from './support/cli.js';
import { formatProblem, type Problem, shownValue } from '../pipeline/errors.js';
import { BASE_HEADER, problemsOf, tempDir, writeLedger } from './support/ledger.js';

function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function noteText(cell: ExcelJS.Cell): string {
  const note = cell.note as string | { texts?: { text: string }[] } | undefined;
  if (!note) return '';
  return typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join('');
}

function fillColor(cell: ExcelJS.Cell): string | undefined {
  return (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
}

/** The 错误清单 as records keyed by its header row (row 3). */
function errorList(wb: ExcelJS.Workbook): Record<string, string | number | null>[] {
  const ws = wb.worksheets[0]!;
  expect(ws.name).toBe('错误清单');
  const header = (ws.getRow(3).values as unknown[]).slice(1).map(String);
  const records: Record<string, string | number | null>[] = [];
  for (let r = 4; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    records.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).text === '' ? null : row.getCell(i + 1).text])));
  }
  return records;
}

/** 1-based column of a header text in the sheet's header row (the first with 项目编号 and 项目名称). */
function columnOf(ws: ExcelJS.Worksheet, header: string): number {
  for (let r = 1; r <= ws.rowCount; r++) {
    const texts = (ws.getRow(r).values as unknown[]).map((v) => (v == null ? '' : String(v)));
    if (texts.includes('项目编号') && texts.includes('项目名称')) return texts.indexOf(header);
  }
  return -1;
}

/** When the clerk saved a file (local time: the kept name shows it so). */
const SAVED = new Date(2026, 11, 5, 10, 31);

describe('sgyp … --annotate DIR on ledgers with errors', () => {
  const data = tempDir();
  // a CSV below a subfolder: a title line and a blank line above the header, a blank line and a
  // quoted line break among the rows, a bad amount, a bad date, an unknown category, a duplicate id
  writeLedger(
    data,
    '乡镇/甲镇.csv',
    [...BASE_HEADER, '合同到期日期'],
    [
      ['A-1', '牛场', '甲镇', 2019, 100, '巩固类', '2027-01-01'],
      ['A-2', '羊场', '甲镇', 2020, '12,5', '升级类', ''],
      [null],
      ['A-3', '茶园\n二期', '甲镇', 2021, 30, '盘活类', '2026-13-45'],
      ['A-4', '果园', '甲镇', 2021, 30, '优先类', ''],
      ['A-1', '鱼塘', '甲镇', 2022, 40, '调整类', ''],
    ],
    { preamble: ['甲镇经营性帮扶项目资产台账', ''] },
  );
  writeLedger(data, '丙镇.csv', BASE_HEADER, [['C-1', '菜棚', '丙镇', 2020, 10, '巩固类']]);
  const parent = tempDir();
  const notes = path.join(parent, '批注');
  const out = tempDir();
  let res: Awaited<ReturnType<typeof sgyp>>;
  let problems: Problem[];

  beforeAll(async () => {
    // a workbook of two sheets: a merged title above the header, a year out of range, an empty name
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.mergeCells('A1:F1');
    ws.getCell('A1').value = '乙镇帮扶项目资产台账（2026年9月）';
    ws.addRow(BASE_HEADER);
    ws.addRow(['B-1', '光伏电站', '乙镇', 2019, 200, '巩固类']);
    ws.addRow(['B-2', '冷库', '乙镇', 1999, 50, '升级类']);
    ws.addRow(['B-3', '', '乙镇', 2020, 60, '盘活类']);
    wb.addWorksheet('说明').addRow(['填表说明：金额单位为万元']);
    await wb.xlsx.writeFile(path.join(data, '乙镇.xlsx'));

    // a file of that name this program did not write is kept under a new name; a file of the clerk's stays
    mkdirSync(path.join(notes, '乡镇'), { recursive: true });
    writeFileSync(path.join(notes, '乡镇', '甲镇.批注.xlsx'), 'old');
    utimesSync(path.join(notes, '乡镇', '甲镇.批注.xlsx'), SAVED, SAVED);
    writeFileSync(path.join(notes, '说明.txt'), 'clerk notes');

    problems = await problemsOf(data);
    res = await sgyp('stats', '--data', data, '--out', out, '--as-of', '2026-09-30', '--annotate', notes);
  });

  it('fails as before (exit 1, every problem printed, --out untouched) and names each workbook written', () => {
    expect(res.code).toBe(1);
    expect(problems.map((p) => p.file)).toEqual([
      '乙镇.xlsx[台账]',
      '乙镇.xlsx[台账]',
      '乡镇/甲镇.csv',
      '乡镇/甲镇.csv',
      '乡镇/甲镇.csv',
      '乡镇/甲镇.csv',
    ]);
    for (const p of problems) expect(res.err).toContain(formatProblem(p));
    expect(res.err).toContain(`已写出批注台账：${path.join(notes, '乙镇.批注.xlsx')}（2处错误）`);
    expect(res.err).toContain(`已写出批注台账：${path.join(notes, '乡镇', '甲镇.批注.xlsx')}（4处错误）`);
    expect(res.err).toContain(`出错的台账已逐格标注在 ${notes}（2个文件`);
    expect(listTree(out)).toEqual([]);
    // one workbook per erring ledger (none for the clean 丙镇.csv), nothing else touched, no temp folder left
    const renamed = '乡镇/甲镇.批注（原有文件，2026-12-05 10时31分）.xlsx';
    expect(listTree(notes)).toEqual(['.sgyp-manifest.json', '乙镇.批注.xlsx', '乡镇', '乡镇/甲镇.批注.xlsx', renamed, '说明.txt']);
    expect(readFileSync(path.join(notes, '说明.txt'), 'utf8')).toBe('clerk notes');
    expect(readFileSync(path.join(notes, renamed), 'utf8')).toBe('old');
    expect(res.err).toContain(
      `保留原有文件：${path.join(notes, '乡镇/甲镇.批注.xlsx')} 不是本程序写出的，已改名为 ${path.join(notes, renamed)}（内容未动），本次输出写在原文件名处。`,
    );
    expect(readdirSync(parent)).toEqual(['批注']);
  });

  it('lists the CSV’s errors as the command line gives them, and marks each at its row and column', async () => {
    const wb = await readWorkbook(path.join(notes, '乡镇', '甲镇.批注.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['错误清单', '甲镇']);
    const list = wb.worksheets[0]!;
    expect(list.getCell('A1').text).toMatch(/^台账“乡镇\/甲镇\.csv”共 4 处错误（sgyp stats，\d{4}-\d\d-\d\d \d\d:\d\d 运行）$/);
    expect(list.getCell('A3').font?.bold).toBe(true);
    expect(list.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const mine = problems.filter((p) => p.file === '乡镇/甲镇.csv');
    expect(errorList(wb)).toEqual(
      mine.map((p, i) => ({
        序号: String(i + 1),
        行: String(p.line),
        列: p.column,
        值: p.value == null ? null : shownValue(p.value),
        问题及应填写: p.message,
        位置: expect.stringMatching(/^[A-G]\d+$/),
      })),
    );
    expect(mine.map((p) => [p.line, p.column, p.value, p.rule])).toEqual([
      [5, '投入帮扶资金（万元）', '12,5', 'amount'],
      [7, '合同到期日期', '2026-13-45', 'date'],
      [8, '类别', '优先类', 'category'],
      [9, '项目编号', 'A-1', 'duplicate'],
    ]);

    const ws = wb.getWorksheet('甲镇')!;
    // the ledger as received: the title on row 1, row 2 blank, the header on row 3
    expect(ws.getCell('A1').text).toBe('甲镇经营性帮扶项目资产台账');
    expect(ws.getRow(2).cellCount).toBe(0);
    expect(ws.getCell('A3').text).toBe('项目编号');
    expect(ws.getCell('B7').text).toBe('茶园\n二期');
    for (const p of mine) {
      const cell = ws.getCell(p.line!, columnOf(ws, p.column!));
      expect(cell.text).toBe(p.value);
      expect(fillColor(cell)).toBe('FFFFC7CE');
      expect(noteText(cell)).toContain(p.message);
    }
    expect(ws.getCell('E5').text).toBe('12,5');
    expect(fillColor(ws.getCell('E4'))).toBeUndefined();
    expect(noteText(ws.getCell('E4'))).toBe('');
    expect(list.getCell('F4').text).toBe('E5');
  });

  it('names the sheet of a workbook and keeps its other sheets', async () => {
    const wb = await readWorkbook(path.join(notes, '乙镇.批注.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['错误清单', '台账', '说明']);
    const mine = problems.filter((p) => p.file === '乙镇.xlsx[台账]');
    expect(mine.map((p) => [p.line, p.column, p.value])).toEqual([
      [4, '建设年度', '1999'],
      [5, '项目名称', null],
    ]);
    expect(errorList(wb)).toEqual(
      mine.map((p, i) => ({
        序号: String(i + 1),
        工作表: '台账',
        行: String(p.line),
        列: p.column,
        值: p.value,
        问题及应填写: p.message,
        位置: ['台账!D4', '台账!B5'][i],
      })),
    );
    const ws = wb.getWorksheet('台账')!;
    expect(ws.getCell('A1').text).toBe('乙镇帮扶项目资产台账（2026年9月）');
    expect(ws.getCell('A2').text).toBe('项目编号');
    for (const p of mine) {
      const cell = ws.getCell(p.line!, columnOf(ws, p.column!));
      expect(cell.text).toBe(p.value ?? '');
      expect(fillColor(cell)).toBe('FFFFC7CE');
      expect(noteText(cell)).toContain(p.message);
    }
    expect(wb.getWorksheet('说明')!.getCell('A1').text).toBe('填表说明：金额单位为万元');
  });
});

describe('--annotate and what is not a cell', () => {
  it('marks the header row for a missing column, and lists a file without a header only', async () => {
    const data = tempDir();
    writeLedger(
      data,
      '丁镇.csv',
      ['项目编号', '项目名称', '乡镇', '投入帮扶资金（万元）', '类别'],
      [['D-1', '砖厂', '丁镇', 10, '巩固类']],
      { preamble: ['丁镇台账'] },
    );
    writeFileSync(path.join(data, '戊镇.csv'), '随便写的东西\n1,2,3\n');
    const notes = path.join(tempDir(), 'notes');
    const res = await sgyp('check', '--data', data, '--as-of', '2026-09-30', '--annotate', notes);
    expect(res.code).toBe(1);
    expect(listTree(notes)).toEqual(['.sgyp-manifest.json', '丁镇.批注.xlsx', '戊镇.批注.xlsx']);

    const ding = await readWorkbook(path.join(notes, '丁镇.批注.xlsx'));
    expect(errorList(ding)).toEqual([{ 序号: '1', 行: '2', 列: null, 值: null, 问题及应填写: '表头缺少必填列：建设年度', 位置: 'A2' }]);
    const ws = ding.getWorksheet('丁镇')!;
    expect(fillColor(ws.getCell('A2'))).toBe('FFFFC7CE');
    expect(noteText(ws.getCell('A2'))).toBe('表头缺少必填列：建设年度');
    expect(fillColor(ws.getCell('C2'))).toBe('FFFFEBEE');

    const wu = await readWorkbook(path.join(notes, '戊镇.批注.xlsx'));
    expect(errorList(wu)).toEqual([
      {
        序号: '1',
        行: null,
        列: null,
        值: null,
        问题及应填写: expect.stringContaining('找不到表头行'),
        位置: null,
      },
    ]);
    const sheet = wu.getWorksheet('戊镇')!;
    expect(sheet.getCell('A1').text).toBe('随便写的东西');
    expect(fillColor(sheet.getCell('A1'))).toBeUndefined();
  });

  it('writes nothing for a clean run, or when no error is in a ledger', async () => {
    const data = tempDir();
    writeLedger(data, 'a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2019, 1, '巩固类']]);
    const notes = path.join(tempDir(), 'notes');
    const clean = await sgyp('check', '--data', data, '--as-of', '2026-09-30', '--annotate', notes);
    expect(clean.code).toBe(0);
    expect(clean.out).toContain(`没有错误，无需批注：未在 ${notes} 写出任何文件。`);
    expect(existsSync(notes)).toBe(false);

    writeFileSync(path.join(data, 'profile.yaml'), 'county: 示例县\nthresholds:\n  idleMonths: -1\n');
    const config = await sgyp('check', '--data', data, '--as-of', '2026-09-30', '--annotate', notes);
    expect(config.code).toBe(1);
    expect(config.err).toContain('没有需要批注的台账');
    expect(config.err).toContain('未生成任何输出');
    expect(existsSync(notes)).toBe(false);
  });
});

describe('--annotate DIR that would mix with the inputs or outputs', () => {
  const data = tempDir();
  writeLedger(data, 'a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2019, 'abc', '巩固类']]);

  it('refuses (exit 2) a folder inside, equal to or around the data folder, before reading anything', async () => {
    for (const dir of [path.join(data, '批注'), data, path.dirname(data)]) {
      const res = await sgyp('check', '--data', data, '--as-of', '2026-09-30', '--annotate', dir);
      expect(res.code).toBe(2);
      expect(res.err).toContain('数据目录');
      expect(res.err).not.toContain('a.csv:2');
    }
    expect(listTree(data)).toEqual(['a.csv']);
  });

  it('refuses a folder that overlaps --out', async () => {
    const out = tempDir();
    for (const dir of [out, path.join(out, 'notes')]) {
      const res = await sgyp('stats', '--data', data, '--out', out, '--as-of', '2026-09-30', '--annotate', dir);
      expect(res).toMatchObject({ code: 2, err: expect.stringContaining('与输出目录') });
    }
    expect(listTree(out)).toEqual([]);
  });

  it('is explained by --help', () => {
    expect(HELP).toContain('--annotate 目录');
    expect(HELP).toContain('甲镇.批注.xlsx');
  });
});

describe('--annotate DIR keeps what someone changed', () => {
  it('replaces its own unchanged workbook, and keeps one the clerk edited under a new name beside the new one', async () => {
    const data = tempDir();
    writeLedger(data, '甲镇.csv', BASE_HEADER, [['A-1', '牛场', '甲镇', 2019, 'abc', '巩固类']]);
    const notes = path.join(tempDir(), 'notes');
    const run = () => sgyp('check', '--data', data, '--as-of', '2026-09-30', '--annotate', notes);
    expect((await run()).code).toBe(1);
    const book = path.join(notes, '甲镇.批注.xlsx');
    const first = readFileSync(book);
    const again = await run();
    expect(again.code).toBe(1);
    expect(again.err).not.toContain('保留');
    expect(listTree(notes)).toEqual(['.sgyp-manifest.json', '甲镇.批注.xlsx']);

    // the clerk adds a note to the workbook and saves it
    const edited = Buffer.concat([first, Buffer.from('clerk')]);
    writeFileSync(book, edited);
    utimesSync(book, SAVED, SAVED);
    const third = await run();
    expect(third.code).toBe(1);
    const kept = path.join(notes, '甲镇.批注（修改稿，2026-12-05 10时31分）.xlsx');
    expect(third.err).toContain(`保留修改稿：${book} 在本程序写出后被修改过，已改名为 ${kept}（内容未动），新稿写在原文件名处。`);
    expect(readFileSync(kept).equals(edited)).toBe(true);
    expect((await readWorkbook(book)).worksheets[0]!.name).toBe('错误清单');
    expect(listTree(notes)).toEqual(['.sgyp-manifest.json', '甲镇.批注.xlsx', '甲镇.批注（修改稿，2026-12-05 10时31分）.xlsx']);
  });
});
