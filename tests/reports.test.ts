/**
 * The quarterly report and the annual summary, Word and PDF, rendered from the hand-made fixture
 * context: the figures are in both, both agree, the page follows GB/T 9704, fonts are embedded and
 * equal input gives equal bytes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../pipeline/format/index.js';
import { renderReports } from '../pipeline/render/reports.js';
import { chooseFonts } from '../pipeline/render/pdf/fonts.js';
import { docxParagraphs, figures, loadFixtureContext, pdfItems, squash } from './fixtures/docs/support.js';
import { listOf } from '../pipeline/context.js';

const ctx = loadFixtureContext();
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'sgyp-reports-'));
  dirs.push(d);
  return d;
};

let out: string;
let files: string[];
const log: string[] = [];

beforeAll(async () => {
  out = tmp();
  files = await renderReports(ctx, out, { log: (l) => log.push(l), fonts: chooseFonts(ctx.profile) });
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const file = (name: string) => path.join(out, 'reports', name);
const QUARTERLY = 'quarterly-2026Q3';
const ANNUAL = 'annual-2026';

describe('renderReports', () => {
  it('writes the quarterly report (with its attachments as a spreadsheet), the notice, the annual summary and the 月调度表', () => {
    expect(files.map((f) => path.relative(out, f)).sort()).toEqual(
      [
        `reports/${ANNUAL}.docx`,
        `reports/${ANNUAL}.pdf`,
        `reports/${QUARTERLY}.docx`,
        `reports/${QUARTERLY}.pdf`,
        `reports/${QUARTERLY}-附件.xlsx`,
        'reports/monthly-2026-09.xlsx',
        'reports/monthly-2026-09.pdf',
        'reports/notice-2026Q3.docx',
        'reports/notice-2026Q3.pdf',
      ].sort(),
    );
  });

  it('logs every file with its size and the fonts used', () => {
    expect(log.some((l) => l.startsWith('PDF 字体 正文：'))).toBe(true);
    for (const f of files) expect(log.some((l) => l.startsWith(`写入 ${path.relative(out, f)}（`) && /KB|MB/.test(l))).toBe(true);
  });
});

describe.each([QUARTERLY, ANNUAL])('%s: figures from the context', (base) => {
  let docxText: string;
  let pdfText: string;
  beforeAll(async () => {
    docxText = squash(docxParagraphs(readFileSync(file(`${base}.docx`))));
    pdfText = squash((await pdfItems(readFileSync(file(`${base}.pdf`)))).items);
  });

  const common = [
    '全县共纳入经营性项目450个，其中巩固类414个，升级类19个，盘活类5个，调整类12个。',
    `闲置项目资产${ctx.idle}个`,
    `低效项目资产${ctx.inefficient}个`,
    `红色预警${ctx.warnings.red}个`,
    `黄色预警${ctx.warnings.yellow}个`,
    `尚欠${formatMoney(ctx.dividends.owed)}万元`,
    `收回率65.3%`,
    '2026年9月30日',
    '镕堃喆昇珺赟生态农业合作社冷库',
  ];
  const perDocument =
    base === QUARTERLY
      ? [
          '示例数据',
          '示农专办〔2026〕7号',
          '签发人：张明远',
          '市委农办：',
          '完成率31.6%',
          '本季度完成2个',
          ...ctx.idleInefficient.items.map((p) => p.id),
          ...ctx.dividends.list.items.map((d) => d.id),
          ...ctx.warnings.list.items.map((w) => w.id),
          '抄送：县委农办',
        ]
      : [
          '示例数据',
          '（初稿）',
          '排查摸底阶段（4月份）',
          '分类推进阶段（6—10月份）',
          '全年完成5个',
          '【请在此处填写经验做法',
          '【请在此处填写下步打算',
          ...ctx.overdue.items.map((o) => o.id),
        ];

  it.each([...common, ...perDocument])('Word and PDF both hold “%s”', (needle) => {
    expect(docxText).toContain(needle);
    expect(pdfText).toContain(needle);
  });
});

describe.each([QUARTERLY, ANNUAL])('%s: Word and PDF agree', (base) => {
  it('print the same set of figures', async () => {
    const docx = figures(docxParagraphs(readFileSync(file(`${base}.docx`))));
    // The annual PDF also carries the category chart: its labels print the same figures.
    // items joined, so a page number drawn as three items (— 11 —) is left out as a whole
    const pdf = figures([(await pdfItems(readFileSync(file(`${base}.pdf`)))).items.join(' ')]);
    expect([...pdf].sort()).toEqual([...docx].sort());
  });
});

describe('Word page setup (GB/T 9704)', () => {
  const twips = (mm: number) => (mm / 25.4) * 1440;
  it.each([QUARTERLY, ANNUAL])('%s is A4 with margins 37/35/28/26 mm and a 22 × 28 grid', (base) => {
    const xml = new PizZip(readFileSync(file(`${base}.docx`))).file('word/document.xml')!.asText();
    const attr = (el: string, name: string) => Number(new RegExp(`<w:${el}\\b[^>]*\\bw:${name}="(-?\\d+)"`).exec(xml)?.[1]);
    expect(attr('pgSz', 'w')).toBe(11906);
    expect(attr('pgSz', 'h')).toBe(16838);
    expect(Math.abs(attr('pgMar', 'top') - twips(37))).toBeLessThan(1);
    expect(Math.abs(attr('pgMar', 'bottom') - twips(35))).toBeLessThan(1);
    expect(Math.abs(attr('pgMar', 'left') - twips(28))).toBeLessThan(1);
    expect(Math.abs(attr('pgMar', 'right') - twips(26))).toBeLessThan(1);
    expect(xml).toMatch(/<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"\/>/);
    // 22 lines of 579 twips fit the 225 mm type area
    expect(22 * 579).toBeLessThanOrEqual(twips(225));
  });

  it('has odd and even footers with the page number — N —', () => {
    const zip = new PizZip(readFileSync(file(`${QUARTERLY}.docx`)));
    expect(zip.file('word/settings.xml')!.asText()).toContain('<w:evenAndOddHeaders/>');
    const odd = zip.file('word/footer1.xml')!.asText();
    const even = zip.file('word/footer2.xml')!.asText();
    expect(odd).toContain('<w:jc w:val="right"/>');
    expect(even).toContain('<w:jc w:val="left"/>');
    for (const f of [odd, even]) {
      expect(f).toContain(' PAGE ');
      expect(f).toContain('— ');
      expect(f).toContain('w:eastAsia="宋体"');
      expect(f).toContain('<w:sz w:val="28"/>');
    }
  });

  it('names the 公文 fonts in its styles', () => {
    const styles = new PizZip(readFileSync(file(`${QUARTERLY}.docx`))).file('word/styles.xml')!.asText();
    for (const font of ['方正小标宋简体', '仿宋_GB2312', '黑体', '楷体_GB2312', '宋体']) expect(styles).toContain(`w:eastAsia="${font}"`);
    expect(styles).toContain('<w:sz w:val="44"/>'); // 2号 title
    expect(styles).toContain('<w:sz w:val="32"/>'); // 3号 body
  });

  it('carries the fixed document date in core.xml', () => {
    const core = new PizZip(readFileSync(file(`${QUARTERLY}.docx`))).file('docProps/core.xml')!.asText();
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-09-30T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-09-30T00:00:00Z</dcterms:modified>');
  });
});

describe('PDF', () => {
  it.each([QUARTERLY, ANNUAL])('%s embeds every font it uses', (base) => {
    const text = readFileSync(file(`${base}.pdf`)).toString('latin1');
    const objects = [...text.matchAll(/\d+ 0 obj([\s\S]*?)endobj/g)].map((m) => m[1]!);
    const fonts = objects.filter((o) => /\/Type\s*\/Font\b/.test(o));
    const descriptors = objects.filter((o) => /\/Type\s*\/FontDescriptor\b/.test(o));
    expect(fonts.length).toBeGreaterThan(0);
    expect(descriptors.length).toBeGreaterThan(0);
    for (const d of descriptors) expect(d).toMatch(/\/FontFile[23]?\s+\d+ 0 R/);
    // No font without a descriptor other than composite (Type0) wrappers: no unembedded base-14 font.
    for (const f of fonts) if (!/\/Subtype\s*\/Type0/.test(f)) expect(f).toMatch(/\/FontDescriptor\s+\d+ 0 R/);
  });

  it('has A4 pages and the fixed creation date', () => {
    const text = readFileSync(file(`${QUARTERLY}.pdf`)).toString('latin1');
    expect(text).toMatch(/\/MediaBox \[0 0 595\.2\d+ 841\.8\d+\]/);
    expect(text).toContain('D:20260930000000Z');
  });
});

describe('determinism', () => {
  it('renders the same bytes twice', async () => {
    const again = tmp();
    const second = await renderReports(ctx, again, { fonts: chooseFonts(ctx.profile) });
    for (const f of second) {
      const first = path.join(out, path.relative(again, f));
      expect(readFileSync(f).equals(readFileSync(first)), path.basename(f)).toBe(true);
    }
  });
});

describe('a county with nothing to report and real data', () => {
  const quiet = loadFixtureContext();
  quiet.meta.sample = false;
  quiet.profile = { ...quiet.profile, sample: false, copyTo: '', signer: '' };
  quiet.idleInefficient = listOf('idleInefficient', []);
  quiet.idle = 0;
  quiet.inefficient = 0;
  quiet.warnings = {
    red: 0,
    yellow: 0,
    byReason: Object.fromEntries(Object.keys(quiet.warnings.byReason).map((r) => [r, 0])),
    list: listOf('warnings', []),
  };
  quiet.dividends = { projects: 0, agreed: 0, received: 0, owed: 0, rate: 0, list: listOf('dividends', []) };
  quiet.overdue = listOf('overdue', []);
  quiet.dataQuality = [];

  let docx: string;
  let pdf: string;
  beforeAll(async () => {
    const dir = tmp();
    await renderReports(quiet, dir, { fonts: chooseFonts(quiet.profile) });
    docx = squash(docxParagraphs(readFileSync(path.join(dir, 'reports', `${QUARTERLY}.docx`))));
    pdf = squash((await pdfItems(readFileSync(path.join(dir, 'reports', `${QUARTERLY}.pdf`)))).items);
  });

  it.each([
    '全县暂未发现闲置、低效项目资产。',
    '全县暂无预警项目。',
    '全县暂无应分红未到位项目。',
    '截至2026年9月30日，暂无低效闲置项目资产。',
    '截至2026年9月30日，暂无分红追缴项目。',
    '截至2026年9月30日，暂无预警项目。',
    '签发人：',
  ])('Word and PDF say “%s”', (needle) => {
    expect(docx).toContain(needle);
    expect(pdf).toContain(needle);
  });

  it('print no 示例数据 mark and no 抄送 line', () => {
    for (const text of [docx, pdf]) {
      expect(text).not.toContain('示例数据');
      expect(text).not.toContain('抄送');
    }
  });
});
