/**
 * Every input error names file, spreadsheet row, column, value and what was expected, in Chinese,
 * and every error of every file comes out in one run.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../pipeline/errors.js';
import { BASE_HEADER, problemsOf, tempDir, writeLedger } from './support/ledger.js';

const HEADER = [
  ...BASE_HEADER,
  '运营状态',
  '进展状态',
  '完成日期',
  '应分红日期',
  '约定分红（万元）',
  '是否脱贫村',
  '风险情形',
  '运营方式',
  '带动脱贫户数',
  '上年净收益（万元）',
];

describe('a ledger with one mistake of each kind', async () => {
  const dir = tempDir();
  writeLedger(
    dir,
    '东山镇.csv',
    HEADER,
    [
      ['A-1', '牛场', '东山镇', 2019, 10, '巩固类', '', '', '', '', '', '', '', '', '', ''],
      ['A-1', '羊场', '东山镇', 2019, 10, '巩固类', '', '', '', '', '', '', '', '', '', ''],
      ['', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
      ['A-3', '', '', '', '', '', '', '', '', '', '', '', '', '', '', 'x'],
      [
        'A-4',
        '鸡场',
        '东山镇',
        2011,
        '12,5',
        '优秀类',
        '停业',
        '完成',
        '',
        '2026-02-30',
        '-3',
        '也许',
        '收益过低；乱收费',
        '承包',
        '3.5',
        '亏损',
      ],
      ['A-5', '鱼塘', '东山镇', 2027, 'abc', '盘活', '', '已完成', '', '2026年13月1日', '', '', '', '', '', ''],
    ],
    { preamble: ['东山镇台账'] },
  );
  writeLedger(dir, '西河乡.csv', ['项目编号', '项目名称', '乡镇'], [['B-1', '蜂场', '西河乡']]);
  writeFileSync(path.join(dir, '空文件.csv'), '');
  writeLedger(
    dir,
    '南山镇.csv',
    ['项目编号', '项目名称', '乡镇', '建设年度', '投入帮扶资金', '巩固类', '升级类', '盘活类', '调整类'],
    [
      ['C-1', '菜园', '南山镇', 2020, 1, '是', '是', '否', '否'],
      ['C-2', '菜园', '南山镇', 2020, 1, '否', '否', '否', '否'],
      ['C-3', '菜园', '南山镇', 2020, 1, '对', '否', '否', '否'],
    ],
  );
  const problems = await problemsOf(dir);
  const lines = problems.map(formatProblem);

  it('reports every error of every file in one run, sorted by file and row', () => {
    expect(lines).toEqual([
      '东山镇.csv:4: 错误：列“项目编号”，值“A-1”：项目编号重复，已在 东山镇.csv:3 出现过 [duplicate]',
      '东山镇.csv:6: 错误：列“上年净收益（万元）”，值“x”：应为数字（万元，亏损写负数，如 -3.5） [signed-amount]',
      '东山镇.csv:6: 错误：列“乡镇”：必填项为空 [required]',
      '东山镇.csv:6: 错误：列“建设年度”：必填项为空 [required]',
      '东山镇.csv:6: 错误：列“投入帮扶资金（万元）”：必填项为空 [required]',
      '东山镇.csv:6: 错误：列“类别”：必填项为空 [required]',
      '东山镇.csv:6: 错误：列“项目名称”：必填项为空 [required]',
      '东山镇.csv:7: 错误：列“上年净收益（万元）”，值“亏损”：应为数字（万元，亏损写负数，如 -3.5） [signed-amount]',
      '东山镇.csv:7: 错误：列“带动脱贫户数”，值“3.5”：应为不小于0的整数 [count]',
      '东山镇.csv:7: 错误：列“应分红日期”，值“2026-02-30”：不是有效日期，应写作 2026-04-29、2026/4/29、2026.4.29 或 2026年4月29日 [date]',
      '东山镇.csv:7: 错误：列“建设年度”，值“2011”：应为2012至2026之间的四位年份 [year]',
      '东山镇.csv:7: 错误：列“投入帮扶资金（万元）”，值“12,5”：应为不小于0的数字（万元，可带千位分隔符，如 1,234.50） [amount]',
      '东山镇.csv:7: 错误：列“是否脱贫村”，值“也许”：应填“是”或“否” [yesno]',
      '东山镇.csv:7: 错误：列“类别”，值“优秀类”：不是认可的类别，应为 巩固/升级/盘活/调整（可带“类”“一批”），或 优势类、薄弱类、提升类、闲置类、淘汰类、另起炉灶 [category]',
      '东山镇.csv:7: 错误：列“约定分红（万元）”，值“-3”：应为不小于0的数字（万元，可带千位分隔符，如 1,234.50） [amount]',
      '东山镇.csv:7: 错误：列“运营方式”，值“承包”：应为 自主经营、出租经营、入股经营、委托经营、联建联营、其他 之一 [operating-mode]',
      '东山镇.csv:7: 错误：列“运营状态”，值“停业”：应为 正常运营、运营一般、半停产、停产、闲置、在建、已处置、停工、停建 之一 [operating-state]',
      '东山镇.csv:7: 错误：列“进展状态”，值“完成”：应为 未启动、推进中、已完成、已销号 之一 [progress-state]',
      '东山镇.csv:7: 错误：列“风险情形”，值“乱收费”：不是认可的风险情形，应为 运营不正常、收益过低、收益尚未上缴、分配使用违反负面清单、符合处置条件尚未处置、运营一般、收益不合理、分配使用不规范、已通过司法程序追缴、处置所得尚未安排使用、认定低效 中的一项或多项（用“；”分隔） [risk-term]',
      '东山镇.csv:8: 错误：列“完成日期”：进展状态为“已完成”时必须填写完成日期 [completed-date]',
      '东山镇.csv:8: 错误：列“应分红日期”，值“2026年13月1日”：不是有效日期，应写作 2026-04-29、2026/4/29、2026.4.29 或 2026年4月29日 [date]',
      '东山镇.csv:8: 错误：列“建设年度”，值“2027”：应为2012至2026之间的四位年份 [year]',
      '东山镇.csv:8: 错误：列“投入帮扶资金（万元）”，值“abc”：应为不小于0的数字（万元，可带千位分隔符，如 1,234.50） [amount]',
      '南山镇.csv:2: 错误：列“巩固类/升级类/盘活类/调整类”：类别列中填“是”（或打√）的有多列（巩固、升级），应恰有一列为“是” [onehot-count]',
      '南山镇.csv:3: 错误：列“巩固类/升级类/盘活类/调整类”：类别列（巩固类/升级类/盘活类/调整类等）中没有一列填“是”（或打√），应恰有一列为“是” [onehot-count]',
      '南山镇.csv:4: 错误：列“巩固类”，值“对”：应填 是 √ ✓ ✔ ☑ ● 1 表示属于该类，否 × ✗ ✘ 0 或留空表示不属于 [onehot-mark]',
      '空文件.csv: 错误：文件是空的，缺少列：项目编号、项目名称、乡镇、建设年度、投入帮扶资金（万元）、类别 [header]',
      '西河乡.csv:1: 错误：表头缺少必填列：建设年度、投入帮扶资金（万元）、类别（或“巩固类/升级类/盘活类/调整类”四列“是/否”） [header]',
    ]);
  });

  it('carries the index of each cell the header finder placed, for --annotate to mark it', () => {
    const at = (column: string, line: number) => problems.find((p) => p.file === '东山镇.csv' && p.column === column && p.line === line);
    // HEADER's positions: 项目编号 A, 投入帮扶资金（万元） E, 上年净收益（万元） P
    expect(at('项目编号', 4)?.columnIndex).toBe(0);
    expect(at('投入帮扶资金（万元）', 7)?.columnIndex).toBe(4);
    expect(at('上年净收益（万元）', 6)?.columnIndex).toBe(15);
    // a one-hot cell: 巩固类 … 调整类 are columns F to I of 南山镇.csv; “对” stands in 巩固类 (F)
    expect(problems.find((p) => p.file === '南山镇.csv' && p.value === '对')?.columnIndex).toBe(5);
    // the whole row or the whole file: no cell
    expect(problems.filter((p) => p.line === null).every((p) => p.columnIndex === undefined)).toBe(true);
  });

  it('names the row a clerk sees (title line counted) and passes over blank rows', () => {
    expect(problems.filter((p) => p.file === '东山镇.csv').map((p) => p.line)).not.toContain(5);
  });
});

describe('a folder without ledgers', () => {
  it('says there is nothing to read', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'readme.txt'), 'x');
    const problems = await problemsOf(dir);
    expect(problems.map((p) => p.message)).toEqual(['数据目录中没有台账文件（.csv、.xlsx、.xlsm、.xls、.et 或 .ods）']);
  });

  it('names a file whose header cannot be found and the columns it lacks', async () => {
    const dir = tempDir();
    writeLedger(dir, 'a.csv', ['编号', '名称', '乡镇', '年度'], [['1', '2', '3', '4']]);
    const problems = await problemsOf(dir);
    expect(formatProblem(problems[0]!)).toBe(
      'a.csv: 错误：找不到表头行（应有一行同时含“项目编号”和“项目名称”），缺少列：项目编号、项目名称、建设年度、投入帮扶资金（万元）、类别 [header]',
    );
  });
});
