/**
 * Documents v2 (issue 12) on a county with its own profile: its organ in the title, its 文号
 * serial and 成文日期 for the quarter, the 附注 with the contact's telephone, project numbers whole
 * in the PDF, 户次, the 版记 at the foot of the last page, attachments in 附件1's township order;
 * and, without period settings, blanks for the clerk instead of a wrong number or date.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportContext } from '../pipeline/context.js';
import { parseProfile } from '../pipeline/config/profile.js';
import { InputError } from '../pipeline/errors.js';
import { buildQuarterlyReport } from '../pipeline/render/documents/model.js';
import { breakTitle } from '../pipeline/render/documents/title.js';
import { PAGE_MM, PT_PER_MM } from '../pipeline/render/documents/pageGeometry.js';
import { renderReports } from '../pipeline/render/reports.js';
import { chooseFonts } from '../pipeline/render/pdf/fonts.js';
import { docxParagraphs, loadFixtureContext, squash } from './fixtures/docs/support.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function county(): ReportContext {
  const ctx = loadFixtureContext();
  ctx.meta.sample = false;
  ctx.profile = {
    ...ctx.profile,
    county: '青山县',
    issuer: '青山县农业农村局',
    office: '青山县农业农村局',
    printer: '青山县农业农村局办公室',
    recipient: '青州市农业农村局',
    docNumberPrefix: '青农',
    reports: { '2026Q3': { serial: 45, date: '2026-10-15' } },
    contact: { name: '赵敏', phone: '0871-6543210' },
    copyTo: '青州市乡村振兴局',
    plan: { title: '青山县2026年经营性帮扶项目资产“四个一批”工作方案', docNumber: '青政办〔2026〕9号', reportingClause: null },
  };
  ctx.area = { ...ctx.area, name: '青山县' };
  return ctx;
}

interface PdfPage {
  items: { str: string; y: number }[];
}

async function pdfPages(bytes: Buffer): Promise<PdfPage[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: PdfPage[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const items = (await page.getTextContent()).items.flatMap((it) =>
      'str' in it && it.str.trim() ? [{ str: it.str, y: it.transform[5] as number }] : [],
    );
    pages.push({ items });
    page.cleanup();
  }
  await doc.destroy();
  return pages;
}

describe('a county with its own profile: the quarterly report', () => {
  const ctx = county();
  let docx: string[];
  let docxXml: string;
  let pages: PdfPage[];
  let pdfText: string;
  beforeAll(async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'sgyp-v2-'));
    dirs.push(out);
    await renderReports(ctx, out, { fonts: chooseFonts(ctx.profile, { fontDirs: [] }) });
    const bytes = readFileSync(path.join(out, 'reports/quarterly-2026Q3.docx'));
    docx = docxParagraphs(bytes);
    docxXml = new PizZip(bytes).file('word/document.xml')!.asText();
    pages = await pdfPages(readFileSync(path.join(out, 'reports/quarterly-2026Q3.pdf')));
    pdfText = squash(pages.flatMap((p) => p.items.map((i) => i.str)));
  });

  it.each([
    ['the organ in the title (发文机关 + 事由 + 文种)', '青山县农业农村局关于2026年第三季度经营性帮扶项目资产“四个一批”工作推进情况的报告'],
    ['the quarter’s 文号', '青农〔2026〕45号'],
    ['the 成文日期 and 印发日期', '青山县农业农村局2026年10月15日'],
    ['the 附注 with the telephone', '（联系人：赵敏；联系电话：0871-6543210）'],
    ['户次 for households summed over projects', '带动脱贫户3210户次'],
    ['抄送 as the profile gives it', '抄送：青州市乡村振兴局。'],
    [
      'the plan cited without a clause it may not contain',
      '按照《青山县2026年经营性帮扶项目资产“四个一批”工作方案》（青政办〔2026〕9号）工作部署，现将',
    ],
  ])('Word and PDF carry %s', (_what, needle) => {
    expect(squash(docx)).toContain(needle);
    expect(pdfText).toContain(needle);
  });

  it('never breaks 帮扶项目资产 across title lines', () => {
    const title = docx.find((p) => p.includes('关于') && p.endsWith('的报告'))!;
    for (const line of title.split('\n')) expect(line.length).toBeLessThanOrEqual(20);
    expect(title.split('\n').some((l) => l.includes('帮扶项目资产'))).toBe(true);
  });

  it('keeps the data-quality notes out of the 上行文', () => {
    expect(ctx.dataQuality.length).toBeGreaterThan(0);
    expect(squash(docx)).not.toContain('信息需补充完善');
    expect(pdfText).not.toContain('信息需补充完善');
  });

  it('prints every warned project’s number whole in one PDF text item', () => {
    const items = pages.flatMap((p) => p.items.map((i) => i.str));
    for (const w of ctx.warnings.list.items)
      expect(
        items.some((s) => s.includes(w.id)),
        w.id,
      ).toBe(true);
  });

  it('prints dates in table cells whole', () => {
    const items = pages.flatMap((p) => p.items.map((i) => i.str));
    for (const d of ctx.dividends.list.items) {
      const [y, m, day] = d.dueDate.split('-').map(Number);
      expect(
        items.some((s) => s.includes(`${y}年${m}月${day}日`)),
        d.dueDate,
      ).toBe(true);
    }
  });

  it('lists warned projects in 附件1’s township order', () => {
    const order = ctx.townships.map((t) => t.name);
    const ids = docx.slice(docx.indexOf('附件4'), docx.indexOf('附件5')).filter((p) => /^SL-\d{4}-\d{3}$/.test(p));
    const warned = new Map(ctx.warnings.list.items.map((w) => [w.id, w.township]));
    const towns = ids.filter((id) => warned.has(id)).map((id) => order.indexOf(warned.get(id)!));
    expect(towns.length).toBe(ctx.warnings.list.items.length);
    expect([...towns].sort((a, b) => a - b)).toEqual(towns);
  });

  it('ends the PDF with the 版记 at the foot of an even page of its own, unnumbered (GB/T 9704 §7.4.1, §7.5)', () => {
    const last = pages.at(-1)!;
    expect(pages.length % 2).toBe(0);
    // the 版记 alone: 抄送 and 印发, no page number, no table text
    expect(last.items.map((i) => i.str).join('')).not.toMatch(/—\s*\d+\s*—/);
    expect(squash(last.items.map((i) => i.str))).toBe('抄送：青州市乡村振兴局。青山县农业农村局办公室2026年10月15日印发');
    // the page before it is numbered (a blank page before the 版记 would be unnumbered too)
    const before = pages
      .at(-2)!
      .items.map((i) => i.str)
      .join('')
      .replace(/\s+/g, '');
    expect(before === '' || before.includes(`—${pages.length - 1}—`)).toBe(true);
    const lineAt = (y: number) =>
      last.items
        .filter((i) => Math.abs(i.y - y) < 1)
        .map((i) => i.str)
        .join('');
    const printed = last.items.find((i) => lineAt(i.y).includes('2026年10月15日印发'))!;
    expect(printed).toBeDefined();
    const typeBottom = PAGE_MM.bottom * PT_PER_MM; // from the page's lower edge
    // the 印发 line is the last line of the type area: within one line (29 pt) of its bottom edge
    expect(printed.y).toBeGreaterThan(typeBottom);
    expect(printed.y).toBeLessThan(typeBottom + 29);
    // nothing below it
    expect(last.items.filter((i) => i.y < printed.y - 1)).toEqual([]);
  });

  it('anchors the Word 版记 to the foot of the type area, in a section of its own from the next even page, unnumbered', () => {
    const tables = docxXml.split('<w:tbl>');
    const last = tables.at(-1)!;
    // the body's section ends right before it; the last section starts on an even page, with an empty footer
    expect(tables.at(-2)!).toMatch(
      /<w:p><w:pPr><w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"\/>.*<\/w:sectPr><\/w:pPr><\/w:p><w:p\/>$/,
    );
    expect(last).toMatch(
      /<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterNone"\/><w:footerReference w:type="even" r:id="rIdFooterNone"\/><w:type w:val="evenPage"\/>/,
    );
    expect(last).toContain('w:tblpYSpec="bottom"');
    expect(last).toContain('w:vertAnchor="margin"');
    expect(last).toContain('2026年10月15日印发');
  });
});

describe('without period settings', () => {
  const ctx = county();
  ctx.profile = {
    ...ctx.profile,
    reports: {},
    contact: undefined,
    plan: { ...ctx.profile.plan, reportingClause: '关于按季度报送推进情况的要求' },
  };
  const doc = buildQuarterlyReport(ctx);

  it('leaves the 发文顺序号 blank for the clerk, never a wrong number', () => {
    expect(doc.masthead!.docNumber).toBe('青农〔2026〕  号');
  });

  it('leaves the 成文日期 and 印发日期 blank, never the as-of date as if signed', () => {
    expect(doc.date).toBe('    年  月  日');
    expect(doc.imprint!.printDate).toBe('    年  月  日印发');
    expect(doc.note).toBeNull();
  });

  it('cites the reporting clause the profile names', () => {
    expect(doc.intro).toContain('（青政办〔2026〕9号）关于按季度报送推进情况的要求，现将');
  });
});

describe('breakTitle', () => {
  it('breaks only between phrases, into as few and as even lines as fit', () => {
    const t = breakTitle([
      '示例县',
      '“四个一批”',
      '工作专班办公室',
      '关于',
      '2026年',
      '第三季度',
      '经营性',
      '帮扶项目资产',
      '“四个一批”',
      '工作推进情况',
      '的报告',
    ]);
    expect(t.split('\n')).toEqual([
      '示例县“四个一批”工作专班办公室',
      '关于2026年第三季度经营性帮扶项目资产',
      '“四个一批”工作推进情况的报告',
    ]);
  });
});

describe('profile: per-period document settings', () => {
  it('reads serial and date per quarter (2026Q3) and per year (2026), and the contact', () => {
    const p = parseProfile(
      'reports:\n  2026Q3:\n    serial: 31\n    date: "2026-10-12"\n  2026:\n    date: "2026-12-20"\ncontact:\n  name: 王晓红\n  phone: 0971-8123456\n',
      'profile.yaml',
    );
    expect(p.reports).toEqual({ '2026Q3': { serial: 31, date: '2026-10-12' }, '2026': { date: '2026-12-20' } });
    expect(p.contact).toEqual({ name: '王晓红', phone: '0971-8123456' });
    expect(p.plan.reportingClause).toBeNull();
  });

  it.each([
    ['a period that is neither YYYYQn nor YYYY', 'reports:\n  2026q3:\n    serial: 31\n'],
    ['a date that does not exist', 'reports:\n  2026Q3:\n    date: "2026-09-31"\n'],
    ['the old single serial', 'docSerial: 12\n'],
  ])('refuses %s', (_what, yaml) => {
    expect(() => parseProfile(yaml, 'profile.yaml')).toThrow(InputError);
  });
});
