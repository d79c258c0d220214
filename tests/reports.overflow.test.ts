/**
 * Lists too long for a document (issue 11): a county whose warning, dividend and 类别研判 lists
 * are longer than the profile's thresholds.attachmentRows. The report's attachment gives the
 * totals, the first rows by risk and the spreadsheet that holds the whole list; the spreadsheet
 * beside the report has every row; Word and PDF say the same; two builds give the same bytes.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportContext } from '../pipeline/context.js';
import { buildAnnualSummary, buildQuarterlyReport, type ReportDocument } from '../pipeline/render/documents/model.js';
import { renderReports } from '../pipeline/render/reports.js';
import { chooseFonts } from '../pipeline/render/pdf/fonts.js';
import { computeContext } from '../pipeline/run.js';
import { formatProblem } from '../pipeline/errors.js';
import { DEFAULT_TEMPLATES_DIR, lintTemplates } from '../pipeline/render/word/templateLint.js';
import { docxParagraphs, pdfItems, squash } from './fixtures/docs/support.js';
import { BASE_HEADER, project, tempDir, writeLedger } from './support/ledger.js';

const LIMIT = 40;
const TOWNS = ['东山镇', '西河乡', '南湾镇', '北岭乡', '中和镇'];
const QUARTERLY = 'quarterly-2026Q3';
const BOOK = `${QUARTERLY}-附件.xlsx`;
/** How the documents name that spreadsheet: in Chinese, never by its file name. */
const BOOK_NAME = '青山县2026年第三季度“四个一批”工作推进情况附件';

/**
 * 420 projects over five townships: every third warned red (收益过低), every third yellow (运营一般),
 * every fifth owing dividends, every eleventh idle since 2025.
 */
function ledgerRows() {
  return Array.from({ length: 420 }, (_, i) => {
    const risk = i % 3 === 0 ? '收益过低' : i % 3 === 1 ? '运营一般' : '';
    const owes = i % 5 === 0;
    const idle = i % 11 === 0;
    return project(`OV-${String(i + 1).padStart(4, '0')}`, {
      乡镇: TOWNS[i % TOWNS.length]!,
      '投入帮扶资金（万元）': 50 + (i % 37),
      风险情形: risk,
      '约定分红（万元）': owes ? 10 + (i % 7) : null,
      应分红日期: owes ? (i % 2 ? '2025-06-30' : '2026-06-30') : null,
      '实际分红（万元）': owes ? 2 : null,
      运营状态: idle ? '停产' : '正常运营',
      停用日期: idle ? '2025-01-01' : null,
    });
  });
}

async function overflowContext(limit: number): Promise<ReportContext> {
  const dir = tempDir();
  dirs.push(dir);
  const rows = ledgerRows();
  const header = [...new Set([...BASE_HEADER, ...rows.flatMap((r) => Object.keys(r))])];
  writeLedger(
    dir,
    'ledger.csv',
    header,
    rows.map((r) => header.map((h) => r[h] ?? null)),
  );
  writeFileSync(path.join(dir, 'profile.yaml'), `county: 青山县\nthresholds:\n  attachmentRows: ${limit}\n`);
  return computeContext({ dataDir: dir, asOf: '2026-09-30' });
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function build(ctx: ReportContext): Promise<string> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'sgyp-overflow-'));
  dirs.push(out);
  await renderReports(ctx, out, { fonts: chooseFonts(ctx.profile, { fontDirs: [] }) });
  return path.join(out, 'reports');
}

/** Rows of a worksheet as arrays of cell values, from the header (row 2, under the title row) on. */
function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((row, n) => {
    if (n >= 2) rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe('a county whose lists are longer than the profile allows', () => {
  let ctx: ReportContext;
  let doc: ReportDocument;
  let reports: string;
  let docx: string;
  let pdf: string;
  let pages: number;
  let book: ExcelJS.Workbook;
  beforeAll(async () => {
    ctx = await overflowContext(LIMIT);
    doc = buildQuarterlyReport(ctx);
    reports = await build(ctx);
    docx = squash(docxParagraphs(readFileSync(path.join(reports, `${QUARTERLY}.docx`))));
    const items = await pdfItems(readFileSync(path.join(reports, `${QUARTERLY}.pdf`)));
    pdf = squash(items.items);
    pages = items.pages;
    book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(path.join(reports, BOOK)) as unknown as ArrayBuffer);
  }, 180_000);

  it('reads the threshold from the profile, and the ledger has lists longer than it', () => {
    expect(ctx.profile.thresholds.attachmentRows).toBe(LIMIT);
    expect(ctx.warnings.list.items.length).toBe(319);
    expect(ctx.dividends.list.items.length).toBe(84);
    expect(ctx.reclassify.count).toBeGreaterThan(20);
  });

  it('shows the first rows of the warning list by risk, renumbered, red before yellow', () => {
    const a = doc.attachments.find((x) => x.key === 'warnings')!;
    expect(a.rows).toHaveLength(LIMIT);
    expect(a.rows.map((r) => r.no)).toEqual(Array.from({ length: LIMIT }, (_, i) => String(i + 1)));
    // 191 red projects: the first LIMIT shown are all red, those with most reasons first
    expect(ctx.warnings.red).toBe(191);
    expect(new Set(a.rows.map((r) => r.level))).toEqual(new Set(['红色']));
    const reasons = a.rows.map((r) => r.reasons!.split('；').length);
    expect(reasons).toEqual([...reasons].sort((x, y) => y - x));
    expect(reasons[0]).toBe(Math.max(...ctx.warnings.list.items.map((w) => w.reasons.length)));
  });

  it('shows the dividend list by amount owed, with the 合计 of the whole list', () => {
    const a = doc.attachments.find((x) => x.key === 'dividends')!;
    expect(a.rows).toHaveLength(LIMIT);
    const owed = a.rows.map((r) => Number(r.owed));
    expect(owed).toEqual([...owed].sort((x, y) => y - x));
    expect(Math.max(...owed)).toBe(Math.max(...ctx.dividends.list.items.map((d) => d.owed)));
    expect(a.total).toMatchObject({ name: '全部合计', owed: ctx.dividends.owed.toFixed(2) });
  });

  it('says in the attachment how many there are, by township, and where the whole list is', () => {
    const a = doc.attachments.find((x) => x.key === 'warnings')!;
    // townships by count, equal counts in 附件1's order
    const byTown = TOWNS.map((t) => [t, ctx.warnings.list.items.filter((w) => w.township === t).length] as const);
    expect(byTown.map(([, n]) => n)).toEqual([84, 59, 59, 58, 59]);
    expect(a.summary).toEqual([
      '本清单共有预警项目319个，其中红色预警191个、黄色预警128个，分布在5个乡镇：东山镇84个、西河乡59个、南湾镇59个、中和镇59个、北岭乡58个。',
      `因数量较多，下表按风险程度（红色预警在前，预警情形多的在前）列出前${LIMIT}个；全部319个预警项目见随本文报送的电子表格《${BOOK_NAME}》中的“附件4 预警项目清单”工作表。`,
    ]);
  });

  it('keeps lists within the limit whole, without a summary', () => {
    const idle = doc.attachments.find((x) => x.key === 'idle')!;
    expect(idle.rows.length).toBe(ctx.idleInefficient.count);
    expect(idle.rows.length).toBeLessThanOrEqual(LIMIT);
    expect(idle.summary).toEqual([]);
  });

  it('names ten 类别研判 projects in the text and the spreadsheet for all of them', () => {
    const text = doc.sections.flatMap((s) => s.paragraphs).find((p) => p.lead.includes('类别研判'))!.text;
    const n = ctx.reclassify.count;
    expect(text).toContain(`巩固类项目中有${n}个存在红色预警或低效闲置情形，`);
    expect(text).toContain(`等，全部${n}个项目见随本文报送的电子表格《${BOOK_NAME}》中的“建议重新研判类别”工作表。`);
    const named = ctx.reclassify.items.filter((r) => text.includes(`（${r.id}，`));
    expect(named.map((r) => r.id)).toEqual(ctx.reclassify.items.slice(0, 10).map((r) => r.id));
  });

  it('Word and PDF print the same summaries and the same rows', () => {
    for (const a of doc.attachments) {
      for (const p of a.summary) {
        expect(docx).toContain(squash([p]));
        expect(pdf).toContain(squash([p]));
      }
    }
    const shown = doc.attachments.find((x) => x.key === 'warnings')!.rows.map((r) => r.id!);
    const hidden = ctx.warnings.list.items.map((w) => w.id).filter((id) => !shown.includes(id));
    // an id the report does not show is not anywhere in it (no 类别研判 or dividend row names it either)
    const elsewhere = new Set([
      ...doc.attachments.flatMap((a) => (a.key === 'warnings' ? [] : a.rows.map((r) => r.id))),
      ...ctx.reclassify.items.slice(0, 10).map((r) => r.id),
    ]);
    for (const id of shown) {
      expect(docx, id).toContain(id);
      expect(pdf, id).toContain(id);
    }
    for (const id of hidden.filter((x) => !elsewhere.has(x))) {
      expect(docx, id).not.toContain(`${id}`);
      expect(pdf, id).not.toContain(`${id}`);
    }
  });

  it('keeps the quarterly report short', () => {
    expect(pages).toBeLessThanOrEqual(30);
  });

  it('writes the whole lists to the spreadsheet beside the report, one sheet each', () => {
    expect(readdirSync(reports).sort()).toEqual(
      [
        'annual-2026-附件.xlsx',
        'annual-2026.docx',
        'annual-2026.pdf',
        'monthly-2026-09.pdf',
        'monthly-2026-09.xlsx',
        'notice-2026Q3.docx',
        'notice-2026Q3.pdf',
        BOOK,
        `${QUARTERLY}.docx`,
        `${QUARTERLY}.pdf`,
      ].sort(),
    );
    // the quarterly report's spreadsheet holds every attachment (the short ones too) and the 类别研判 list
    expect(book.worksheets.map((w) => w.name)).toEqual([
      '附件1 分类统计表',
      '附件2 低效闲置项目资产清单',
      '附件3 分红追缴项目清单',
      '附件4 预警项目清单',
      '附件5 逾期未完成项目清单',
      '销号审批层级清单',
      '建议重新研判类别',
    ]);
    expect(sheetRows(book.getWorksheet('附件2 低效闲置项目资产清单')!)).toHaveLength(1 + ctx.idleInefficient.count);
    const warnings = sheetRows(book.getWorksheet('附件4 预警项目清单')!);
    // no project of this ledger names its 主管部门: the sheet has no such column
    expect(doc.workbook!.sheets.find((s) => s.name === '附件4 预警项目清单')!.rows.every((r) => r.department === '')).toBe(true);
    expect(warnings[0]).toEqual(['序号', '项目编号', '项目名称', '乡镇', '预警等级', '预警情形']);
    // every warned project, in the document's order (附件1's townships), numbered from 1
    const inDocument = doc.workbook!.sheets.find((s) => s.name === '附件4 预警项目清单')!.rows.map((r) => r.id);
    expect(warnings.slice(1).map((r) => r[1])).toEqual(inDocument);
    expect(new Set(inDocument)).toEqual(new Set(ctx.warnings.list.items.map((w) => w.id)));
    expect(warnings.slice(1).map((r) => r[0])).toEqual(inDocument.map((_, i) => i + 1));
    const reclassify = sheetRows(book.getWorksheet('建议重新研判类别')!);
    expect(reclassify.slice(1).map((r) => r[1])).toEqual(ctx.reclassify.items.map((r) => r.id));
  });

  it('gives each sheet a title row, a frozen header row with a filter and units, amounts as numbers, dates as dates and its 合计', () => {
    const ws = book.getWorksheet('附件3 分红追缴项目清单')!;
    expect(ws.getCell('A1').value).toBe('青山县分红追缴项目清单（2026年第三季度，截至2026年9月30日）');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBe('A2:H86');
    const rows = sheetRows(ws);
    // no ledger row names its 经营主体: the sheet leaves the column out
    expect(ctx.dividends.list.items.every((d) => d.operator === null)).toBe(true);
    expect(rows[0]).toEqual(['序号', '项目编号', '项目名称', '乡镇', '应分红日期', '约定分红（万元）', '已收回（万元）', '欠缴（万元）']);
    expect(rows).toHaveLength(1 + 84 + 1);
    expect(typeof rows[1]![7]).toBe('number');
    expect(rows[1]![4]).toBeInstanceOf(Date);
    expect(ws.getCell('E3').numFmt).toBe('yyyy-mm-dd');
    const shown = doc.workbook!.sheets.find((s) => s.name === '附件3 分红追缴项目清单')!.rows[0]!;
    expect((rows[1]![4] as Date).toISOString().slice(0, 10)).toBe(ctx.dividends.list.items.find((d) => d.id === shown.id)!.dueDate);
    expect(rows.at(-1)).toEqual([
      undefined,
      undefined,
      '合计',
      undefined,
      undefined,
      ctx.dividends.agreed,
      ctx.dividends.received,
      ctx.dividends.owed,
    ]);
    expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(10);
  });

  it('writes the same bytes twice', async () => {
    const again = await build(ctx);
    for (const name of readdirSync(reports)) {
      expect(readFileSync(path.join(again, name)).equals(readFileSync(path.join(reports, name))), name).toBe(true);
    }
  }, 180_000);

  it('spills the annual summary’s lists to its own spreadsheet', () => {
    const annual = buildAnnualSummary(ctx);
    expect(annual.workbook?.file).toBe('annual-2026-附件.xlsx');
    expect(annual.workbook?.sheets.map((s) => s.name)).toEqual(['建议重新研判类别']);
  });
});

describe('the same county under the default threshold of 200', () => {
  it('keeps the lists that fit whole and spills only the longer one', async () => {
    const ctx = await overflowContext(200);
    const doc = buildQuarterlyReport(ctx);
    expect(doc.attachments.find((a) => a.key === 'dividends')!.summary).toEqual([]);
    expect(doc.attachments.find((a) => a.key === 'warnings')!.rows).toHaveLength(200);
    expect(doc.workbook?.sheets.map((s) => s.name)).toEqual([
      '附件1 分类统计表',
      '附件2 低效闲置项目资产清单',
      '附件3 分红追缴项目清单',
      '附件4 预警项目清单',
      '附件5 逾期未完成项目清单',
      '销号审批层级清单',
      '建议重新研判类别',
    ]);
  });
});

describe('a Word template without the paragraph for a long list', () => {
  it('is refused by the template lint, naming the tag', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sgyp-overflow-lint-'));
    dirs.push(dir);
    for (const t of ['quarterly', 'annual', 'notice'])
      copyFileSync(path.join(DEFAULT_TEMPLATES_DIR, `${t}.docx`), path.join(dir, `${t}.docx`));
    const file = path.join(dir, 'quarterly.docx');
    const zip = new PizZip(readFileSync(file));
    const xml = zip.file('word/document.xml')!.asText();
    const tag = '{-w:p warningsSummary}{.}{/warningsSummary}';
    expect(xml).toContain(tag);
    zip.file('word/document.xml', xml.replace(tag, ''));
    writeFileSync(file, zip.generate({ type: 'nodebuffer' }));
    const problems = lintTemplates(dir).map(formatProblem);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('quarterly.docx');
    expect(problems[0]).toContain(tag);
    expect(problems[0]).toContain('附件清单过长时的说明');
  });
});
