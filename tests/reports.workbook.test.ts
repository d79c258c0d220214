/**
 * The spreadsheet beside a report, as the 市 merges it with other counties' (issue 20 item 6): a
 * title row naming county, period and 截至 date, the header frozen under it with the filter,
 * units in amount headers, dates as date cells, a 县 column in a city, no column no row fills,
 * and the same bytes for the same input.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { BookHeading, OverflowBook } from '../pipeline/render/documents/overflow.js';
import { renderOverflowBook } from '../pipeline/render/attachmentsWorkbook.js';

const HEADING: BookHeading = { area: '示例市', period: '2026年第三季度', asOf: '2026年9月30日', countyWord: '县' };

/** A city's 分红追缴 list: two rows, 经营主体 empty in both (no ledger had the column). */
const BOOK: OverflowBook = {
  file: 'quarterly-2026Q3-附件.xlsx',
  title: '示例市2026年第三季度工作推进情况报告附件',
  sheets: [
    {
      name: '附件3 分红追缴项目清单',
      title: '示例市分红追缴项目清单（截至2026年9月30日；金额单位：万元）',
      columns: [
        { key: 'no', title: '序号', format: 'count' },
        { key: 'id', title: '项目编号', format: 'text' },
        { key: 'name', title: '项目名称', format: 'text' },
        { key: 'township', title: '县/乡镇', format: 'text' },
        { key: 'operator', title: '经营主体', format: 'text' },
        { key: 'dueDate', title: '应分红日期', format: 'date' },
        { key: 'agreed', title: '约定分红', format: 'money' },
        { key: 'owed', title: '欠缴', format: 'money' },
      ],
      rows: [
        {
          no: '1',
          id: 'A-1',
          name: '牛场',
          township: '甲县东山镇',
          county: '甲县',
          operator: '',
          dueDate: '2026年7月4日',
          agreed: '10.00',
          owed: '5.50',
        },
        {
          no: '2',
          id: 'B-2',
          name: '茶园',
          township: '乙县南山镇',
          county: '乙县',
          operator: '',
          dueDate: '2025年12月31日',
          agreed: '3.00',
          owed: '3.00',
        },
      ],
      total: { no: '', id: '', name: '合计', township: '', operator: '', dueDate: '', agreed: '13.00', owed: '8.50' },
    },
  ],
};

async function read(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets[0]!;
}

const values = (ws: ExcelJS.Worksheet, row: number) => (ws.getRow(row).values as unknown[]).slice(1);

describe('the spreadsheet beside a report', () => {
  it('has a title row, a frozen filtered header with units, a 县 column, date cells, and no empty column', async () => {
    const bytes = await renderOverflowBook(BOOK, '2026-09-30T00:00:00.000Z', '示例市农业农村局', HEADING);
    const ws = await read(bytes);
    expect(ws.getCell('A1').value).toBe('示例市分红追缴项目清单（2026年第三季度，截至2026年9月30日）');
    expect(ws.model.merges).toEqual(['A1:H1']);
    expect(values(ws, 2)).toEqual(['序号', '项目编号', '项目名称', '县', '乡镇', '应分红日期', '约定分红（万元）', '欠缴（万元）']);
    expect(values(ws, 3)).toEqual([1, 'A-1', '牛场', '甲县', '东山镇', new Date('2026-07-04T00:00:00Z'), 10, 5.5]);
    expect(values(ws, 4)).toEqual([2, 'B-2', '茶园', '乙县', '南山镇', new Date('2025-12-31T00:00:00Z'), 3, 3]);
    expect(values(ws, 5)).toEqual([undefined, undefined, '合计', undefined, undefined, undefined, 13, 8.5]);
    expect(ws.getCell('F3').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('G3').numFmt).toBe('0.00');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBe('A2:H4');
    // the same input, the same bytes
    expect((await renderOverflowBook(BOOK, '2026-09-30T00:00:00.000Z', '示例市农业农村局', HEADING)).equals(bytes)).toBe(true);
  });

  it('keeps a column some row fills, and a county’s 乡镇 column as it is', async () => {
    const sheet = BOOK.sheets[0]!;
    const county: OverflowBook = {
      ...BOOK,
      sheets: [
        {
          ...sheet,
          title: '示例县分红追缴项目清单（截至2026年9月30日；金额单位：万元）',
          columns: sheet.columns.map((c) => (c.key === 'township' ? { ...c, title: '乡镇' } : c)),
          rows: sheet.rows.map(({ county: _, ...r }, i) => ({ ...r, township: (r.township ?? '').slice(2), operator: i ? '' : '合作社' })),
        },
      ],
    };
    const ws = await read(await renderOverflowBook(county, '2026-09-30T00:00:00.000Z', '示例县农业农村局', { ...HEADING, area: '示例县' }));
    expect(ws.getCell('A1').value).toBe('示例县分红追缴项目清单（2026年第三季度，截至2026年9月30日）');
    expect(values(ws, 2)).toEqual(['序号', '项目编号', '项目名称', '乡镇', '经营主体', '应分红日期', '约定分红（万元）', '欠缴（万元）']);
    expect(values(ws, 3).slice(3, 5)).toEqual(['东山镇', '合作社']);
  });
});
