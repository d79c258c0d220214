/**
 * Table layout of the documents (issue 20 item 7): column widths from the content, so that a long
 * list of a big county takes as few pages as its text allows and 项目名称 is never one character
 * wide next to an empty column.
 */
import { describe, expect, it } from 'vitest';
import { columnNeed, estimateEm, fitWidths } from '../pipeline/render/documents/widths.js';

const SIZE = 10.5;
const measure = (text: string) => estimateEm(text) * SIZE;

describe('fitWidths', () => {
  it('gives every column its one-line width when all fit, then headers on one line, the slack in proportion', () => {
    expect(fitWidths([{ min: 10, max: 20 }, { min: 30, max: 60 }], 160)).toEqual([40, 120]);
    // 20 of slack: the header wanting 10 more gets it, the one wanting 30 more does not
    expect(
      fitWidths(
        [
          { min: 10, max: 20, ideal: 30 },
          { min: 10, max: 20, ideal: 50 },
        ],
        60,
      ),
    ).toEqual([30 + (10 * 30) / 50, 20 + (10 * 20) / 50]);
  });

  it('else the minimums, then the columns wanting least more their whole width, the rest shared', () => {
    // wants: 5, 10, 100 more; 40 to spare: the first two get all, the third the 25 left
    expect(fitWidths([{ min: 20, max: 25 }, { min: 20, max: 30 }, { min: 20, max: 120 }], 100)).toEqual([25, 30, 45]);
    // two that want much share in proportion
    expect(fitWidths([{ min: 10, max: 110 }, { min: 10, max: 310 }], 100)).toEqual([30, 70]);
  });

  it('scales the minimums down when even they do not fit', () => {
    expect(fitWidths([{ min: 50, max: 50 }, { min: 150, max: 150 }], 100)).toEqual([25, 75]);
  });
});

describe('columnNeed and the widths of a long list', () => {
  // 200 rows as a big county's 分红追缴 list prints them: 经营主体 empty (no ledger has it)
  const rows = Array.from({ length: 200 }, (_, i) => ({
    no: String(i + 1),
    id: `BX-2018-${String(97002 - i).padStart(5, '0')}`,
    name: i % 7 === 0 ? '青林镇东山村高标准设施蔬菜大棚及配套冷链仓储项目' : `项目${97002 - i}`,
    operator: '',
    dueDate: '2026年11月30日',
    owed: '1234.56',
  }));
  const columns = [
    { key: 'no', title: '序号', noBreak: true },
    { key: 'id', title: '项目编号', noBreak: true },
    { key: 'name', title: '项目名称', noBreak: false },
    { key: 'operator', title: '经营主体', noBreak: false },
    { key: 'dueDate', title: '应分红日期', noBreak: true },
    { key: 'owed', title: '欠缴', noBreak: true },
  ];
  const needs = columns.map((c) =>
    columnNeed(
      c.title,
      rows.map((r) => r[c.key as keyof (typeof rows)[number]]),
      c.noBreak,
      measure,
    ),
  );
  const total = 380;
  const widths = fitWidths(needs, total);

  it('measures what a column cannot do without and what it would take on one line', () => {
    // 序号: its header, whole; 项目编号 and the date: their widest cell; 经营主体: half its header
    expect(needs[0]).toEqual({ min: 2 * SIZE, max: 2 * SIZE, ideal: 2 * SIZE });
    expect(needs[1]!.min).toBeCloseTo(estimateEm('BX-2018-97002') * SIZE, 6);
    // (its header on one line only when the rows leave room)
    expect(needs[3]).toEqual({ min: 2 * SIZE, max: 2 * SIZE, ideal: 4 * SIZE });
    expect(needs[4]!.min).toBeCloseTo(estimateEm('2026年11月30日') * SIZE, 6);
    expect(needs[2]).toEqual({ min: 4 * SIZE, max: 24 * SIZE, ideal: 24 * SIZE });
  });

  it('keeps numbers and dates whole, gives 项目名称 the room and the empty column none beyond its header', () => {
    expect(widths.reduce((s, w) => s + w, 0)).toBeCloseTo(total, 6);
    for (const i of [0, 1, 4, 5]) expect(widths[i]).toBeGreaterThanOrEqual(needs[i]!.min);
    // the empty column: its header in two lines
    expect(widths[3]).toBe(2 * SIZE);
    // everything else goes to 项目名称: at least “项目97002” on one line, far wider than the empty column
    expect(widths[2]).toBeGreaterThanOrEqual(estimateEm('项目97002') * SIZE);
    expect(widths[2]).toBeGreaterThan(11 * SIZE);
    expect(widths[2]).toBeGreaterThan(2.5 * widths[3]!);
  });
});
