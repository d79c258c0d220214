/**
 * pipeline/sheet: the one column-width rule of the workbooks, and their bytes — equal input gives
 * equal bytes whatever the time of writing, every zip entry stamped with the document's day.
 */
import PizZip from 'pizzip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { streamedWorkbookBytes, workbookBytes } from '../pipeline/sheet/book.js';
import { displayWidth, WIDE_FROM_NON_LATIN, wrappedLines } from '../pipeline/sheet/width.js';
import { restamp, zipDate } from '../pipeline/sheet/zip.js';

describe('displayWidth and wrappedLines', () => {
  it('counts a Chinese character (BMP or not) and a full-width form two, Latin one', () => {
    expect(displayWidth('项目A1')).toBe(6);
    expect(displayWidth('（万元）')).toBe(8);
    expect(displayWidth('𠀀x')).toBe(3);
    expect(displayWidth('')).toBe(0);
  });

  it('counts “”, — and … one by default and two from Latin-1 up (the ledger template)', () => {
    expect(displayWidth('“甲”—…')).toBe(6);
    expect(displayWidth('“甲”—…', WIDE_FROM_NON_LATIN)).toBe(10);
    expect(displayWidth('é×', WIDE_FROM_NON_LATIN)).toBe(2);
  });

  it('gives the lines of a wrapped text, at least one', () => {
    expect(wrappedLines('', 10)).toBe(1);
    expect(wrappedLines('一二三四五', 10)).toBe(1);
    expect(wrappedLines('一二三四五六', 10)).toBe(2);
    expect(wrappedLines('一二三四五', 10, { scale: 1.05 })).toBe(2);
    expect(wrappedLines('“”“”“', 9, { wideFrom: WIDE_FROM_NON_LATIN })).toBe(2);
  });
});

describe('workbook bytes', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const info = { title: '测试簿', company: '示例县农业农村局', date: new Date('2026-09-30T00:00:00.000Z') };

  /** The bytes written at two different times of day, and every zip entry's timestamp. */
  async function twice(write: () => Promise<Buffer>): Promise<{ equal: boolean; stamps: string[] }> {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-05T10:31:07+08:00'));
    const a = await write();
    vi.setSystemTime(new Date('2027-01-02T23:59:58+08:00'));
    const b = await write();
    vi.useRealTimers();
    const zip = new PizZip(a);
    const stamps = [...new Set(Object.values(zip.files).map((f) => f.date.toString()))];
    return { equal: a.equals(b), stamps };
  }

  it('in memory: equal whenever written, every entry stamped 2026-09-30 00:00 (local), the properties set', async () => {
    const write = () =>
      workbookBytes(info, (wb) => {
        wb.addWorksheet('表').addRow(['项目', 1.5]);
      });
    const { equal, stamps } = await twice(write);
    expect(equal).toBe(true);
    expect(stamps).toEqual([new Date(2026, 8, 30).toString()]);
    const core = new PizZip(await write()).file('docProps/core.xml')!.asText();
    expect(core).toContain('<dc:creator>sgyp</dc:creator>');
    expect(core).toContain('<cp:lastModifiedBy>sgyp</cp:lastModifiedBy>');
    expect(core).toContain('<dc:title>测试簿</dc:title>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-09-30T00:00:00Z</dcterms:modified>');
  });

  it('streamed: equal whenever written, every entry stamped 2026-09-30 00:00 (local)', async () => {
    const write = () =>
      streamedWorkbookBytes(info, (wb) => {
        const ws = wb.addWorksheet('表');
        ws.getRow(1).getCell(1).value = '项目';
        ws.getRow(1).commit();
        ws.commit();
      });
    const { equal, stamps } = await twice(write);
    expect(equal).toBe(true);
    expect(stamps).toEqual([new Date(2026, 8, 30).toString()]);
    const zip = new PizZip(await write());
    expect(zip.file('docProps/core.xml')!.asText()).toContain('<dc:title>测试簿</dc:title>');
    // exceljs 4.4's streaming writer leaves app.xml's Company empty (book.ts, BookInfo.company)
    expect(zip.file('docProps/app.xml')!.asText()).toContain('<Company></Company>');
  });

  it('restamp keeps every entry and its content, only the timestamp changes', () => {
    const zip = new PizZip();
    zip.file('a.xml', '<a/>', { date: new Date(2020, 0, 1, 12, 30) });
    zip.file('b/c.xml', '<c>甲</c>', { date: new Date(2021, 5, 6, 7, 8) });
    const bytes = zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
    const out = new PizZip(restamp(bytes, zipDate('2026-01-01')));
    expect(Object.keys(out.files).sort()).toEqual(['a.xml', 'b/c.xml']);
    expect(out.file('b/c.xml')!.asText()).toBe('<c>甲</c>');
    expect([...new Set(Object.values(out.files).map((f) => f.date.toString()))]).toEqual([new Date(2026, 0, 1).toString()]);
  });
});
