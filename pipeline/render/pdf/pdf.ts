/**
 * PDF output with pdfmake 0.3, laid out after GB/T 9704-2012: A4, margins 37/35/28/26 mm, 22 lines
 * of 28 characters of 3号 on the 156 × 225 mm type area, 2号 title, 黑体 and 楷体 headings, page
 * numbers `— N —` in 4号 right on odd and left on even pages. The text is the same document model
 * the Word file is filled from. Same input, same bytes: the info dates are the context's fixed
 * document date and pdfmake reads nothing but the chosen font files.
 */
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { Chart } from '../charts.js';
import { BODY_CHAR_PT, BODY_CHAR_SPACING_PT, LINE_PITCH_PT, PAGE_MM, PT, PT_PER_MM, TYPE_MM } from '../documents/pageGeometry.js';
import type { Attachment, Para, ReportDocument } from '../documents/model.js';
import { attachmentWidths } from '../documents/widths.js';
import { fontData, type FontChoice } from './fonts.js';
import { PdfFonts, type Inline } from './text.js';

// pdfmake ships no types for its Node entry; this is the part we use.
interface PdfmakeApi {
  setFonts(fonts: Record<string, unknown>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (file: string) => boolean): void;
  createPdf(doc: Record<string, unknown>): { getBuffer(): Promise<Buffer> };
  virtualfs: { existsSync(name: string): boolean; writeFileSync(name: string, data: Buffer): void };
}
const pdf = pdfmake as unknown as PdfmakeApi;

type Node = Record<string, unknown> | string;

const RED = '#FF0000';
const mm = (n: number) => n * PT_PER_MM;
const TYPE_W = mm(TYPE_MM.width);
const CHAR = BODY_CHAR_PT;
const TITLE_PITCH = 35;
/** 发文机关标志: same size and distance from the top as the Word template (scripts/templates/wordml.ts). */
const ISSUER_SIZE = 26;
// GB/T 9704-2012 §7.2.4: the top edge of the 发文机关标志 is 35 mm below the top of the type area.
const ISSUER_SPACE_BEFORE = mm(35);
const PLACEHOLDER_BACKGROUND = '#FFFF00';

export interface PdfInput {
  doc: ReportDocument;
  fonts: FontChoice;
  /** category chart for documents that carry one */
  chart: Chart | null;
  /** ISO timestamp for CreationDate/ModDate */
  documentDate: string;
}

/**
 * Where the 版记 goes, measured in a first pass: on a page of its own, the next even page (GB/T
 * 9704 §7.4.1, the back of the last sheet; as the Word file's section that starts on an even page),
 * after a blank page when the attachments end on an even page; neither page numbered (§7.5).
 */
interface ImprintPlace {
  /** space to leave above the 版记 so its last rule lands on the type area's bottom edge */
  drop: number;
  /** a blank page before the 版记's page */
  blankPage: boolean;
  /** pages from this one on carry no page number (the blank page and the 版记's); 0: all numbered */
  unnumberedFrom: number;
}

export interface PdfResult {
  bytes: Buffer;
  /** characters no available font could draw */
  missing: string[];
  /** faces embedded */
  faces: string[];
}

/** Builds the pdfmake document definition; exported for snapshot tests. */
export function pdfDefinition(
  input: PdfInput,
  fonts: PdfFonts,
  imprintPlace: ImprintPlace = { drop: 0, blankPage: false, unnumberedFrom: 0 },
  seen: (node: SeenNode) => void = () => {},
): Record<string, unknown> {
  const { doc } = input;
  const body = (text: string, role: 'body' | 'kai' | 'hei' = 'body', extra: Partial<RunOpts> = {}) =>
    fonts.runs(text, role, { size: PT.三号, pitch: LINE_PITCH_PT, ...extra });
  type RunOpts = Parameters<PdfFonts['runs']>[2];

  const blank = (): Node => ({ text: body(' '), margin: [0, 0, 0, 0] });
  const bodyPara = (runs: Inline[], indent = true, extra: Record<string, unknown> = {}): Node => ({
    text: runs,
    fontSize: PT.三号,
    characterSpacing: BODY_CHAR_SPACING_PT,
    alignment: 'justify',
    ...(indent ? { leadingIndent: 2 * CHAR } : {}),
    ...extra,
  });
  const para = (p: Para, placeholder: boolean): Node =>
    bodyPara([...(p.lead ? body(p.lead, 'kai') : []), ...body(p.text, 'body', placeholder ? { background: PLACEHOLDER_BACKGROUND } : {})]);

  const content: Node[] = [];
  if (doc.sampleMark) content.push(sampleMark(doc.sampleMark, fonts));
  if (doc.masthead) content.push(...masthead(doc, fonts, body, bodyPara));
  else content.push(blank());

  content.push({
    text: fonts.runs(doc.title, 'title', { size: PT.二号, pitch: TITLE_PITCH }),
    fontSize: PT.二号,
    alignment: 'center',
  });
  if (doc.subtitle) content.push({ text: body(doc.subtitle, 'kai'), fontSize: PT.三号, alignment: 'center' });
  content.push(blank());
  if (doc.recipient) content.push(bodyPara(body(doc.recipient), false));
  content.push(bodyPara(body(doc.intro)));

  for (const s of doc.sections) {
    content.push(bodyPara(body(s.heading, 'hei'), true, { headlineLevel: 1 }));
    for (const p of s.paragraphs) content.push(para(p, s.placeholder));
    if (doc.chartAfter === s.key && input.chart) content.push(chartNode(input.chart, fonts));
  }

  // 结束语 (or, without one, the last paragraph), 附件说明 and signature stay on one page: the
  // signature never stands on a page without text (GB/T 9704 §7.3.5.5).
  const closing: Node[] = [];
  if (doc.closing) closing.push(bodyPara(body(doc.closing)));
  else closing.push(content.pop()!);
  closing.push(blank());
  if (doc.attachmentNotes.length) closing.push(attachmentNotes(doc.attachmentNotes, body, bodyPara));
  closing.push(blank());
  closing.push(bodyPara(body(doc.signature), false, { alignment: 'right', margin: [0, 0, 2 * CHAR, 0] }));
  closing.push(bodyPara(body(doc.date), false, { alignment: 'right', margin: [0, 0, 4 * CHAR, 0] }));
  // 附注 (GB/T 9704 §7.3.7): 居左空二字加圆括号, the line under the 成文日期.
  if (doc.note) closing.push(bodyPara(body(doc.note), true, { alignment: 'left' }));
  content.push({ stack: closing, unbreakable: true });

  for (const a of doc.attachments) content.push(...attachment(a, fonts, body, bodyPara));
  if (doc.imprint) {
    if (imprintPlace.blankPage) content.push({ text: '', pageBreak: 'before' });
    content.push(...imprint(doc.imprint, fonts, imprintPlace.drop));
  }

  const date = new Date(input.documentDate);
  return {
    pageSize: 'A4',
    pageMargins: [mm(PAGE_MM.left), mm(PAGE_MM.top), mm(PAGE_MM.right), mm(PAGE_MM.bottom)],
    info: {
      title: doc.info.title,
      author: doc.info.author,
      subject: doc.info.subject,
      keywords: doc.info.keywords,
      creator: 'sgyp',
      producer: 'sgyp',
      creationDate: date,
      modDate: date,
    },
    language: 'zh-CN',
    defaultStyle: { font: fonts.roleFamily('body'), fontSize: PT.三号 },
    content,
    footer: (page: number) => (imprintPlace.unnumberedFrom && page >= imprintPlace.unnumberedFrom ? { text: '' } : pageNumber(page, fonts)),
    // A level-1 heading never ends a page: it moves on when nothing follows it on its page, or
    // when the line under it is below the type area (pdfmake then starts the next paragraph on
    // this page and moves its first line on, so that paragraph still counts as following).
    pageBreakBefore: (node: SeenNode & { headlineLevel?: number }, q: { getFollowingNodesOnPage(): unknown[] }) => {
      if (node.id) seen(node);
      if (node.headlineLevel !== 1) return false;
      return q.getFollowingNodesOnPage().length === 0 || node.startPosition.top + 2 * LINE_PITCH_PT > TYPE_BOTTOM + 1;
    },
  };
}

/** What pdfmake tells about a laid-out node (through pageBreakBefore). */
interface SeenNode {
  id?: string;
  startPosition: { pageNumber: number; top: number };
}

const IMPRINT_END_ID = 'imprint-end';
/** Bottom edge of the type area, in points from the page top. */
const TYPE_BOTTOM = mm(PAGE_MM.height - PAGE_MM.bottom);

function sampleMark(mark: string, fonts: PdfFonts): Node {
  return {
    columns: [
      { width: '*', text: '' },
      {
        width: 'auto',
        table: { body: [[{ text: fonts.runs(mark, 'hei', { size: PT.三号 }), color: RED, fontSize: PT.三号 }]] },
        layout: { hLineColor: () => RED, vLineColor: () => RED, hLineWidth: () => 1, vLineWidth: () => 1 },
      },
    ],
  };
}

type BodyRuns = (text: string, role?: 'body' | 'kai' | 'hei', extra?: Record<string, unknown>) => Inline[];
type BodyPara = (runs: Inline[], indent?: boolean, extra?: Record<string, unknown>) => Node;

/** Red 发文机关标志, 发文字号 left and 签发人 right (centred alone in a 下行文), and the red separator line 4 mm below. */
function masthead(doc: ReportDocument, fonts: PdfFonts, body: BodyRuns, bodyPara: BodyPara): Node[] {
  const m = doc.masthead!;
  return [
    {
      text: fonts.runs(m.issuer, 'title', { size: ISSUER_SIZE, color: RED }),
      fontSize: ISSUER_SIZE,
      color: RED,
      alignment: 'center',
      margin: [0, doc.sampleMark ? ISSUER_SPACE_BEFORE - 20 : ISSUER_SPACE_BEFORE, 0, 0],
    },
    { text: body(' ') },
    // 上行文: 发文字号 left and 签发人 right; 下行文: 发文字号 centred (GB/T 9704 §7.2.4, §7.2.5)
    m.signer === null
      ? bodyPara(body(m.docNumber), false, { alignment: 'center' })
      : {
          columns: [
            bodyPara(body(m.docNumber), false, { width: '*', margin: [CHAR, 0, 0, 0], alignment: 'left' }),
            bodyPara([...body('签发人：'), ...body(m.signer, 'kai')], false, {
              width: 'auto',
              margin: [0, 0, CHAR, 0],
              alignment: 'right',
            }),
          ],
        },
    {
      canvas: [{ type: 'line', x1: 0, y1: 0, x2: TYPE_W, y2: 0, lineWidth: 1.5, lineColor: RED }],
      margin: [0, mm(4) - 6, 0, 0],
    },
    { text: body(' ') },
  ];
}

/** 附件：1.XXX with the following items aligned after “附件：”. */
function attachmentNotes(notes: string[], body: BodyRuns, bodyPara: BodyPara): Node {
  return {
    columns: [
      // 5 characters: 2 of indent and “附件：” (plus a point of slack so it never wraps).
      bodyPara(body('附件：'), false, { width: 5 * CHAR + 1, margin: [2 * CHAR, 0, 0, 0], alignment: 'left' }),
      { width: '*', stack: notes.map((n) => bodyPara(body(n), false, { alignment: 'left' })) },
    ],
  };
}

function chartNode(chart: Chart, fonts: PdfFonts): Node {
  return {
    svg: chart.svg,
    width: TYPE_W * 0.9,
    alignment: 'center',
    // ECharts names its own font families in the SVG; pdfmake draws unknown families with this one.
    font: fonts.family(fonts.faceCovering('hei', svgText(chart.svg))),
    margin: [0, 6, 0, 6],
  };
}

/** The text an SVG draws (its text nodes), for choosing a font that has every glyph. */
function svgText(svg: string): string {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('');
}

/** Cell padding 1 mm, hairlines 0.5 pt; widths share what is left of the type width. */
const CELL_PAD = mm(1);
const RULE = 0.5;

/**
 * Column widths from the content (documents/widths.ts): a column whose cells never break (project
 * numbers, dates, amounts) gets at least its widest cell, the others share the rest by how much
 * their text would take on one line.
 */
export function columnWidths(a: Attachment, fonts: PdfFonts): number[] {
  const n = a.columns.length;
  const free = TYPE_W - n * 2 * CELL_PAD - (n + 1) * RULE;
  // a little slack: a measured width is exact, and pdfmake wraps a line that fills it (a header's
  // 黑体 needs a point more)
  const measure = (text: string, bold: boolean) => (text ? fonts.measure(text, bold ? 'hei' : 'body', a.fontSize) + (bold ? 1.5 : 0.5) : 0);
  return attachmentWidths(a, measure, free);
}

function attachment(a: Attachment, fonts: PdfFonts, body: BodyRuns, bodyPara: BodyPara): Node[] {
  const size = a.fontSize;
  const cell = (text: string, align: string, role: 'body' | 'hei' = 'body', noWrap = false): Node => ({
    text: fonts.runs(text, role, { size }),
    fontSize: size,
    alignment: align,
    ...(noWrap ? { noWrap: true } : {}),
  });
  // a header wraps before its unit, never inside it: 投入资金 / （万元）
  const header = a.columns.map((c): Node => {
    const [words = '', ...unit] = c.title.split(/(?=（)/);
    return {
      text: [
        ...fonts.runs(words, 'hei', { size }),
        ...unit.flatMap((u) => fonts.runs(u, 'hei', { size }).map((r) => ({ ...r, noWrap: true }))),
      ],
      fontSize: size,
      alignment: 'center',
    };
  });
  const rows = a.rows.map((r) => a.columns.map((c) => cell(r[c.key] ?? '', c.align, 'body', c.noBreak)));
  if (a.total) rows.push(a.columns.map((c) => cell(a.total![c.key] ?? '', c.align, 'body', c.noBreak)));
  const out: Node[] = [
    bodyPara(body(`附件${a.no}`, 'hei'), false, { pageBreak: 'before', alignment: 'left' }),
    { text: body(' ') },
    { text: fonts.runs(a.title, 'title', { size: PT.二号, pitch: TITLE_PITCH }), fontSize: PT.二号, alignment: 'center' },
    { text: body(a.note, 'kai'), fontSize: PT.三号, alignment: 'center' },
    // a list too long for the document: its totals and where the whole list is
    ...a.summary.map((p) => bodyPara(body(p))),
    {
      table: { headerRows: 1, dontBreakRows: true, widths: columnWidths(a, fonts), body: [header, ...rows] },
      layout: {
        hLineWidth: () => RULE,
        vLineWidth: () => RULE,
        paddingLeft: () => CELL_PAD,
        paddingRight: () => CELL_PAD,
        paddingTop: () => 2,
        paddingBottom: () => 2,
      },
    },
  ];
  if (a.emptyText) out.push(bodyPara(body(a.emptyText)));
  return out;
}

/**
 * 版记: rules thick–thin–thick across the type width, text one 4号 character in, at the foot of
 * the last page (GB/T 9704 §7.4.1): `drop` is the space above it that puts its last rule on the
 * type area's bottom edge (measured by renderPdf in a first layout pass). Never split over pages.
 */
function imprint(imp: NonNullable<ReportDocument['imprint']>, fonts: PdfFonts, drop: number): Node[] {
  const size = PT.四号;
  const text = (s: string, alignment = 'left') => ({
    text: fonts.runs(s, 'body', { size, pitch: LINE_PITCH_PT }),
    fontSize: size,
    alignment,
  });
  const rows: Node[][] = [];
  if (imp.copyTo) rows.push([{ ...text(`抄送：${imp.copyTo}`), colSpan: 2 }, {}]);
  rows.push([text(imp.printer), text(imp.printDate, 'right')]);
  const table: Node = {
    table: { widths: ['*', 'auto'], body: rows, dontBreakRows: true },
    layout: {
      hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === node.table.body.length ? 1 : 0.7),
      vLineWidth: () => 0,
      paddingLeft: () => size,
      paddingRight: () => size,
      paddingTop: () => 0,
      paddingBottom: () => 0,
    },
  };
  return [
    // on a page of its own, its last rule on the type area's bottom edge
    { stack: [{ text: '', margin: [0, Math.max(2 * LINE_PITCH_PT, drop), 0, 0] }, table], unbreakable: true, pageBreak: 'before' },
    { id: IMPRINT_END_ID, text: ' ', fontSize: 1, lineHeight: 0.01 },
  ];
}

/** `— N —` in 4号 宋体, 7 mm under the type area; odd pages right, even pages left (one character in). */
function pageNumber(page: number, fonts: PdfFonts): Node {
  const odd = page % 2 === 1;
  return {
    text: fonts.runs(`— ${page} —`, 'song', { size: PT.四号 }),
    fontSize: PT.四号,
    alignment: odd ? 'right' : 'left',
    margin: [mm(PAGE_MM.left) + PT.四号, mm(7), mm(PAGE_MM.right) + PT.四号, 0],
  };
}

/** Render a document to PDF bytes. */
export async function renderPdf(input: PdfInput): Promise<PdfResult> {
  const fonts = new PdfFonts(input.fonts);
  // The footer is laid out per page during rendering, in every pass: register the faces its
  // characters need before any layout hands the font dictionary over.
  fonts.runs('— 0123456789 —', 'song', { size: PT.四号 });
  let definition = pdfDefinition(input, fonts);
  if (input.doc.imprint) {
    // First pass: on which page and where does the 版记 land? Then push it down to the foot of
    // that page, after a blank page if that page is odd.
    const at: Record<string, SeenNode['startPosition']> = {};
    await layout(
      pdfDefinition(input, fonts, undefined, (n) => (at[n.id!] = n.startPosition)),
      fonts,
    );
    // Only the end marker's position is reliable: when the unbreakable 版记 moves to a new page,
    // pdfmake keeps the table's first (abandoned) position.
    const end = at[IMPRINT_END_ID];
    if (end) {
      // the table's top already sits 2 lines below the page top; keep those lines, add the rest
      const drop = 2 * LINE_PITCH_PT + (TYPE_BOTTOM - end.top) - 0.5;
      const blankPage = end.pageNumber % 2 === 1;
      definition = pdfDefinition(input, fonts, { drop, blankPage, unnumberedFrom: end.pageNumber });
    }
  }
  const bytes = await layout(definition, fonts);
  return { bytes, missing: [...fonts.missing], faces: fonts.usedFaces().map((f) => f.name) };
}

/** Lay a pdfmake document out with the fonts it uses (and no others) and return the PDF bytes. */
export async function layout(definition: Record<string, unknown>, fonts: PdfFonts): Promise<Buffer> {
  const allowed = new Set([...fonts.files()].map((f) => path.resolve(f)));
  const dict = fonts.fontDictionary();
  for (const entry of Object.values(dict)) {
    // a WOFF font goes to pdfkit unwrapped, through pdfmake's in-memory file system
    const data = typeof entry.normal === 'string' ? fontData(entry.normal) : null;
    if (!data) continue;
    const name = `sgyp-fonts/${path.basename(entry.normal as string)}.ttf`;
    if (!pdf.virtualfs.existsSync(name)) pdf.virtualfs.writeFileSync(name, data);
    entry.normal = name;
  }
  pdf.setFonts(dict);
  pdf.setUrlAccessPolicy(() => false);
  pdf.setLocalAccessPolicy((file) => allowed.has(path.resolve(file)));
  return pdf.createPdf(definition).getBuffer();
}
