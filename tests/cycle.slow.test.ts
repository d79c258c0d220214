/**
 * The reporting cycle, complete tier (`npm run test:all`): the year of snapshots of
 * tests/cycle.test.ts with Q4 built — the 月调度表 of December in its workbook and PDF, the annual
 * summary's 年初 → 年末 in Word and PDF, and the quarterly report's workbook with its 变动情况表.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sgyp } from './support/cli.js';
import { docxParagraphs, pdfItems, squash } from './fixtures/docs/support.js';

import { bookRow, county, NOV, Q2, Q3, Q4, readBook, sheetRows, statsIn, tmp, Y0, YEAR_START, YEAR_START_TEXT } from './support/cycle.js';

describe('a year of snapshots, then the Q4 build', () => {
  const out = path.join(tmp('sgyp-cycle-out-'), 'out');

  // the snapshots as tests/cycle.test.ts makes and checks them
  beforeAll(async () => {
    for (const [rows, asOf] of [
      [Y0, '2025-12-31'],
      [Q2, '2026-06-30'],
      [Q3, '2026-09-30'],
      [NOV, '2026-11-30'],
    ] as const)
      expect((await sgyp('stats', '--data', county(rows), '--out', out, '--as-of', asOf)).code).toBe(0);
  }, 240_000);

  it('Q4 (build): the 年初 → 年末 figures exactly, in stats.json', async () => {
    const res = await sgyp('build', '--data', county(Q4), '--out', out, '--as-of', '2026-12-31');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(statsIn(out).yearStart).toEqual(YEAR_START);
  }, 240_000);

  it('Q4: the 月调度表 workbook and PDF count the work done in December against 2026-11-30', async () => {
    const { monthly } = statsIn(out);
    const book = await readBook(path.join(out, 'reports', 'monthly-2026-12.xlsx'));
    const ws = book.getWorksheet('分乡镇推进情况')!;
    expect(ws.getRow(5).getCell(11).value).toBe('本月新增完成');
    expect(sheetRows(ws, 6).slice(0, 4)).toEqual([...monthly.townships, monthly.total].map((r) => bookRow(r, true)));
    const { pages, items } = await pdfItems(readFileSync(path.join(out, 'reports', 'monthly-2026-12.pdf')));
    expect(pages).toBe(1);
    expect(squash(items)).toContain('“本月新增完成”为与截至2026年11月30日的台账相比新完成（已完成或已销号）的升级类、盘活类、调整类项目。');
  });

  it('Q4: the annual summary says 年初 → 年末 in Word and PDF, with the 年初年末分类对比表', async () => {
    const word = squash(docxParagraphs(readFileSync(path.join(out, 'reports', 'annual-2026.docx'))));
    const pdf = squash((await pdfItems(readFileSync(path.join(out, 'reports', 'annual-2026.pdf')))).items);
    for (const text of [word, pdf]) {
      expect(text).toContain(YEAR_START_TEXT);
      expect(text).toContain('3.本县经营性帮扶项目资产“四个一批”年初年末分类对比表');
      expect(text).toContain('（2025年12月31日至2026年12月31日）');
      expect(text).toContain('类别年初（个）年末（个）增减（个）巩固类32-1升级类13+2盘活类110调整类110合计67+1');
    }
  });

  it('Q4: the quarterly report’s workbook holds every attachment, the 变动情况表 too', async () => {
    const book = await readBook(path.join(out, 'reports', 'quarterly-2026Q4-附件.xlsx'));
    expect(book.worksheets.map((w) => w.name)).toEqual([
      '附件1 分类统计表',
      '附件2 低效闲置项目资产清单',
      '附件3 分红追缴项目清单',
      '附件4 预警项目清单',
      '附件5 逾期未完成项目清单',
      '附件6 变动情况表',
      '销号审批层级清单',
    ]);
    const ws = book.getWorksheet('附件6 变动情况表')!;
    expect(ws.getCell('A1').value).toBe('本县经营性帮扶项目资产“四个一批”变动情况表（2026年第四季度，2026年11月30日至2026年12月31日）');
    const changes = sheetRows(ws, 2);
    // since 2026-11-30: B-8 added, B-3 and B-7 completed, B-8 warned
    expect(changes).toEqual([
      // no project left the ledger: the 说明 column, which no row fills, is left out of the workbook
      ['序号', '项目编号', '项目名称', '乡镇', '变动', '原', '现'],
      [1, 'B-8', '民宿', '南山镇', '新增项目', '—', '巩固类'],
      [2, 'B-3', '冷库', '西河乡', '完成', '推进中', '已完成'],
      [3, 'B-7', '光伏', '南山镇', '完成', '推进中', '已完成'],
      [4, 'B-8', '民宿', '南山镇', '新增预警', '无预警', '黄色预警'],
    ]);
  });
});
