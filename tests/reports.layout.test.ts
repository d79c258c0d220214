/**
 * Layout of the documents (issue 20 item 7): column widths from the content, so that a long list
 * of a big county takes as few pages as its text allows and 项目名称 is never one character wide
 * next to an empty column; project numbers and dates never broken; the same chart in Word and PDF.
 */
import PizZip from 'pizzip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportContext } from '../pipeline/context.js';
import { categoryChartBars, renderCategoryChart } from '../pipeline/render/charts.js';
import { buildDocuments } from '../pipeline/render/documents/model.js';
import { columnNeed, estimateEm, fitWidths } from '../pipeline/render/documents/widths.js';
import { chooseFonts } from '../pipeline/render/pdf/fonts.js';
import { renderPdf } from '../pipeline/render/pdf/pdf.js';
import { PdfFonts } from '../pipeline/render/pdf/text.js';
import { CHART_MARKER } from '../pipeline/render/word/chart.js';
import { renderDocx } from '../pipeline/render/word/docx.js';
import { computeContext } from '../pipeline/run.js';

const SIZE = 10.5;
const measure = (text: string) => estimateEm(text) * SIZE;

describe('fitWidths', () => {
  it('gives every column its one-line width when all fit, then headers on one line, the slack in proportion', () => {
    expect(
      fitWidths(
        [
          { min: 10, max: 20 },
          { min: 30, max: 60 },
        ],
        160,
      ),
    ).toEqual([40, 120]);
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
    expect(
      fitWidths(
        [
          { min: 20, max: 25 },
          { min: 20, max: 30 },
          { min: 20, max: 120 },
        ],
        100,
      ),
    ).toEqual([25, 30, 45]);
    // two that want much share in proportion
    expect(
      fitWidths(
        [
          { min: 10, max: 110 },
          { min: 10, max: 310 },
        ],
        100,
      ),
    ).toEqual([30, 70]);
  });

  it('keeps the unbreakable columns whole when the minimums do not fit, the others sharing the rest', () => {
    // a number column (30) and two that wrap (40, 60) on 80: the number keeps 30, the others 20 and 30
    expect(
      fitWidths(
        [
          { min: 30, max: 30, hard: true },
          { min: 40, max: 90 },
          { min: 60, max: 120 },
        ],
        80,
      ),
    ).toEqual([30, 20, 30]);
  });

  it('scales the minimums down when even they do not fit', () => {
    expect(
      fitWidths(
        [
          { min: 50, max: 50 },
          { min: 150, max: 150 },
        ],
        100,
      ),
    ).toEqual([25, 75]);
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
    expect(needs[0]).toEqual({ min: 2 * SIZE, max: 2 * SIZE, ideal: 2 * SIZE, hard: true });
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

describe('unbroken project numbers and dates, fitted tables and the chart, in Word and PDF (sample county)', () => {
  let ctx: ReportContext;
  let quarterlyXml: string;
  let annual: PizZip;
  beforeAll(async () => {
    ctx = await computeContext({ dataDir: 'data' });
    const [quarterly, , annualDoc] = buildDocuments(ctx);
    quarterlyXml = new PizZip(renderDocx('templates/quarterly.docx', quarterly!, ctx)).file('word/document.xml')!.asText();
    annual = new PizZip(renderDocx('templates/annual.docx', annualDoc!, ctx, categoryChartBars(ctx)));
  }, 60_000);

  it('Word: every hyphen of a project number is a non-breaking hyphen, in the tables and in the text', () => {
    const texts = [...quarterlyXml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!);
    expect(texts.some((t) => /[A-Z]+-\d/.test(t))).toBe(false);
    // the 低效闲置 list's first project, as its cell holds it
    expect(buildDocuments(ctx)[0]!.attachments.find((a) => a.key === 'idle')!.rows[0]!.id).toBe('SL-2016-003');
    expect(quarterlyXml).toContain(
      '<w:t xml:space="preserve">SL</w:t><w:noBreakHyphen/><w:t xml:space="preserve">2016</w:t><w:noBreakHyphen/><w:t xml:space="preserve">003</w:t>',
    );
  });

  it('Word: the attachment tables are marked and their columns fitted to their cells', () => {
    const table = /<w:tbl>(?:(?!<\/w:tbl>)[\s\S])*?<w:tblCaption w:val="sgyp:idle"\/>[\s\S]*?<\/w:tbl>/.exec(quarterlyXml)![0];
    const grid = [...table.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    // 序号 项目编号 项目名称 乡镇 类别 投入资金 认定情形 主要原因 进展状态 主管部门, the type area's 8845 twips
    expect(grid).toHaveLength(10);
    expect(grid.reduce((s, w) => s + w, 0)).toBe(8845);
    // 项目编号 holds SL-2016-003 whole (11 characters of 小五, the list's 9 pt, 0.62 em each, and the margins)
    expect(grid[1]).toBeGreaterThanOrEqual(Math.ceil(11 * 0.62 * 180) + 114);
    // every cell of a row as wide as its column
    const row = /<w:tr>(?:(?!<\/w:tr>)[\s\S])*?<\/w:tr>/.exec(table)![0];
    expect([...row.matchAll(/<w:tcW w:w="(\d+)"/g)].map((m) => Number(m[1]))).toEqual(grid);
  });

  it('PDF: project numbers and dates are runs that never break', () => {
    const fonts = new PdfFonts(chooseFonts(ctx.profile, { fontDirs: [] }));
    const runs = fonts.runs('项目SL-2016-003计划于2026年7月4日完成，7月31日前验收，2026年9月底前', 'body', { size: 16 });
    expect(runs.filter((r) => r.noWrap).map((r) => r.text)).toEqual(['SL-2016-003', '2026年7月4日', '7月31日', '2026年9月']);
    expect(runs.map((r) => r.text).join('')).toBe('项目SL-2016-003计划于2026年7月4日完成，7月31日前验收，2026年9月底前');
  });

  it('the annual .docx carries the PDF’s category chart: its bars, figures and colours', () => {
    const xml = annual.file('word/document.xml')!.asText();
    expect(xml).not.toContain(CHART_MARKER);
    // after 基本情况, before 二、
    const at = xml.indexOf('<c:chart ');
    expect(at).toBeGreaterThan(xml.indexOf('一、'));
    expect(at).toBeLessThan(xml.indexOf('二、'));
    expect(xml).toContain('r:id="rIdSgypChart1"');
    expect(annual.file('word/_rels/document.xml.rels')!.asText()).toContain('Target="charts/sgyp-chart1.xml"');
    expect(annual.file('[Content_Types].xml')!.asText()).toContain(
      '<Override PartName="/word/charts/sgyp-chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>',
    );
    const chart = annual.file('word/charts/sgyp-chart1.xml')!.asText();
    const values = (tag: string) =>
      [...new RegExp(`<c:${tag}>([\\s\\S]*?)</c:${tag}>`).exec(chart)![1]!.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]);
    expect(values('cat')).toEqual(['巩固类', '升级类', '盘活类', '调整类']);
    expect(values('val')).toEqual(['414', '19', '5', '12']);
    expect([...chart.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1])).toEqual([
      '414个（92.0%）',
      '19个（4.2%）',
      '5个（1.1%）',
      '12个（2.7%）',
    ]);
    expect([...chart.matchAll(/<c:dPt>.*?<a:srgbClr val="(\w+)"/g)].map((m) => m[1])).toEqual(['2F6F4F', '1F5F99', 'B8860B', 'A23B2A']);
  });

  it('PDF: no level-1 heading ends a page (the annual summary’s 三、 used to stand alone at the foot of page 2)', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const fonts = chooseFonts(ctx.profile, { fontDirs: [] });
    const annualDoc = buildDocuments(ctx)[2]!;
    const { bytes } = await renderPdf({ doc: annualDoc, fonts, chart: renderCategoryChart(ctx), documentDate: ctx.meta.documentDate });
    const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
    const headings = annualDoc.sections.map((s) => s.heading);
    const ends: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      const lines = new Map<number, string>();
      for (const it of (await page.getTextContent()).items) {
        if (!('str' in it) || !it.str.trim()) continue;
        const y = Math.round(it.transform[5] as number);
        lines.set(y, (lines.get(y) ?? '') + it.str);
      }
      // the lowest line above the page number
      const body = [...lines].filter(([, t]) => !/^[—\d\s]+$/.test(t)).sort((a, b) => a[0] - b[0]);
      ends.push((body[0]?.[1] ?? '').replace(/\s+/g, ''));
    }
    await pdf.destroy();
    expect(headings).toContain('三、分类推进成效');
    expect(ends.filter((line) => headings.includes(line))).toEqual([]);
  }, 60_000);

  it('a document without the chart has no chart paragraph', async () => {
    const [quarterly] = buildDocuments(ctx);
    expect(quarterly!.chartAfter).toBeNull();
    expect(quarterlyXml).not.toContain('<c:chart');
    expect(quarterlyXml).not.toContain(CHART_MARKER);
  });
});
