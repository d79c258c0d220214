/**
 * WordprocessingML building blocks for the report templates: page geometry, 公文 fonts and sizes,
 * and small helpers for runs, paragraphs and tables. The package parts (styles, settings, footers,
 * properties) are in styles.ts and package.ts beside this file. Used by scripts/make-templates.ts; the page
 * setup follows GB/T 9704-2012 (党政机关公文格式).
 *
 * Units: twips (1/20 pt) for lengths, half-points for font sizes, eighths of a point for borders.
 */
import { esc } from '../../pipeline/render/word/package.js';
import { LINE_PITCH_TWIPS, PAGE_MM } from '../../pipeline/render/documents/pageGeometry.js';

/** GB/T 9704 page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm. */
export const PAGE = {
  width: 11906,
  height: 16838,
  top: mm(PAGE_MM.top),
  bottom: mm(PAGE_MM.bottom),
  left: mm(PAGE_MM.left),
  right: mm(PAGE_MM.right),
  /** distance from the page bottom to the footer: puts the page number ~7 mm below the type area */
  footer: mm(23),
  header: mm(15),
} as const;

/** Type area width (156 mm) and the 28-character grid. */
export const TYPE_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** 3号 = 16 pt: one character of the body grid */
export const CHAR = 320;
/** 225 mm / 22 lines, as Word writes it for a 22-line grid */
export const LINE_PITCH = LINE_PITCH_TWIPS;
/**
 * docGrid charSpace for 28 characters a line: Word stores (pitch − default font size) in 1/4096 pt,
 * pitch = 156 mm / 28 = 15.79 pt against the 16 pt default size → −842 (what Word itself writes).
 * The grid documents the intent (Word's page setup shows 22 × 28); the paragraphs themselves do
 * not snap to it but get the same result from exact line spacing and −0.25 pt character spacing,
 * which LibreOffice and WPS lay out identically (see docLayout.ts).
 */
export const CHAR_SPACE = -842;

export function mm(n: number): number {
  return Math.round((n / 25.4) * 1440);
}

/** The fonts GB/T 9704 names, by the family names Word and WPS know them by. */
export const FONT = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  hei: '黑体',
  kai: '楷体_GB2312',
  song: '宋体',
} as const;

/** Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt, 五号 10.5 pt, 小五 9 pt. */
export const SIZE = { 二号: 44, 三号: 32, 四号: 28, 小四: 24, 五号: 21, 小五: 18 } as const;

export const RED = 'FF0000';

/** 发文机关标志 size in points (fits about 17 characters a line) and its distance from the top. */
export const ISSUER_SIZE = 26;
// 35 mm = 1984 twips (GB/T 9704-2012 §7.2.4)
export const ISSUER_SPACE_BEFORE = 1984;

export { esc };

/** w:rFonts naming one font for every script, so digits and Latin letters match the Chinese text. */
export function fonts(name: string): string {
  return `<w:rFonts w:ascii="${name}" w:eastAsia="${name}" w:hAnsi="${name}" w:cs="${name}" w:hint="eastAsia"/>`;
}

export interface RunOptions {
  font?: string;
  size?: number;
  color?: string;
  bold?: boolean;
  /** character style id */
  style?: string;
  highlight?: string;
}

/** A text run; `text` may hold docxtemplater tags. */
export function run(text: string, o: RunOptions = {}): string {
  const pr = [
    o.style ? `<w:rStyle w:val="${o.style}"/>` : '',
    o.font ? fonts(o.font) : '',
    o.bold ? '<w:b/>' : '',
    o.color ? `<w:color w:val="${o.color}"/>` : '',
    o.size ? `<w:sz w:val="${o.size}"/><w:szCs w:val="${o.size}"/>` : '',
    o.highlight ? `<w:highlight w:val="${o.highlight}"/>` : '',
  ].join('');
  return `<w:r>${pr ? `<w:rPr>${pr}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
}

export const TAB = '<w:r><w:tab/></w:r>';

export interface ParaOptions {
  style?: string;
  align?: 'left' | 'center' | 'right' | 'both';
  pageBreakBefore?: boolean;
}

/** A paragraph; pPr children are written in schema order (pStyle, pageBreakBefore, jc). */
export function para(runs: string, o: ParaOptions = {}): string {
  const pr = [
    o.style ? `<w:pStyle w:val="${o.style}"/>` : '',
    o.pageBreakBefore ? '<w:pageBreakBefore/>' : '',
    o.align ? `<w:jc w:val="${o.align}"/>` : '',
  ].join('');
  return `<w:p>${pr ? `<w:pPr>${pr}</w:pPr>` : ''}${runs}</w:p>`;
}

/** An empty body line (one grid line). */
export const BLANK = '<w:p/>';

export interface TableColumn {
  title: string;
  /** width in twips */
  width: number;
  align: 'left' | 'center' | 'right';
}

function cell(width: number, content: string): string {
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>${content}</w:tc>`;
}

/**
 * A bordered table the width of the type area. `rows` are lists of cell texts (with tags); the
 * header row repeats on every page and no row splits across pages. `caption` (w:tblCaption) marks
 * an attachment's table, whose widths the report sets from its cells.
 */
export function table(columns: TableColumn[], rows: string[][], fontSize: number, caption?: string): string {
  const grid = columns.map((c) => `<w:gridCol w:w="${c.width}"/>`).join('');
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const tblPr =
    `<w:tblPr><w:tblW w:w="${TYPE_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>` +
    `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>` +
    `<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>` +
    // the mark by which the report fits the columns to their cells (pipeline/render/word/layout.ts)
    `${caption ? `<w:tblCaption w:val="${esc(caption)}"/>` : ''}</w:tblPr>`;
  const head =
    `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>` +
    columns.map((c) => cell(c.width, para(run(c.title, { size: fontSize }), { style: 'GwTableHead', align: 'center' }))).join('') +
    `</w:tr>`;
  const body = rows
    .map(
      (r) =>
        `<w:tr><w:trPr><w:cantSplit/></w:trPr>` +
        r
          .map((text, i) =>
            cell(
              columns[i]!.width,
              para(run(text, { size: fontSize }), {
                style: 'GwTableText',
                align: columns[i]!.align === 'right' ? 'right' : columns[i]!.align === 'left' ? 'left' : 'center',
              }),
            ),
          )
          .join('') +
        `</w:tr>`,
    )
    .join('');
  return `<w:tbl>${tblPr}<w:tblGrid>${grid}</w:tblGrid>${head}${body}</w:tbl>`;
}

/** Split `total` (default: the type width) over relative column widths (rounding so the sum is exact). */
export function columnWidths(weights: number[], total = TYPE_WIDTH): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((w / sum) * total));
  let last = weights.length - 1;
  while (last > 0 && weights[last] === 0) last--;
  widths[last]! += total - widths.reduce((a, b) => a + b, 0);
  return widths;
}
