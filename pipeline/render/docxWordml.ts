/**
 * WordprocessingML building blocks for the report templates: the package parts (styles, settings,
 * footers, fonts, properties) and small helpers for paragraphs, runs and tables. Used by
 * scripts/make-templates.ts; the page setup follows GB/T 9704-2012 (党政机关公文格式).
 *
 * Units: twips (1/20 pt) for lengths, half-points for font sizes, eighths of a point for borders.
 */
import PizZip from 'pizzip';
import { BODY_CHAR_SPACING_TWIPS, LINE_PITCH_TWIPS, PAGE_MM } from './docLayout.js';

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

/** Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt, 五号 10.5 pt. */
export const SIZE = { 二号: 44, 三号: 32, 四号: 28, 小四: 24, 五号: 21 } as const;

export const RED = 'FF0000';

/** 发文机关标志 size in points (fits about 17 characters a line) and its distance from the top. */
export const ISSUER_SIZE = 26;
const ISSUER_SPACE_BEFORE = 1400;

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fonts(name: string): string {
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
  /** raw w:ind / w:tabs / w:pBdr / w:spacing XML */
  extra?: string;
}

export function para(runs: string, o: ParaOptions = {}): string {
  const pr = [
    o.style ? `<w:pStyle w:val="${o.style}"/>` : '',
    o.pageBreakBefore ? '<w:pageBreakBefore/>' : '',
    o.extra ?? '',
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
 * header row repeats on every page and no row splits across pages.
 */
export function table(columns: TableColumn[], rows: string[][], fontSize: number): string {
  const grid = columns.map((c) => `<w:gridCol w:w="${c.width}"/>`).join('');
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const tblPr =
    `<w:tblPr><w:tblW w:w="${TYPE_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>` +
    `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>` +
    `<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>`;
  const head =
    `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>` +
    columns
      .map((c) => cell(c.width, para(run(c.title, { size: fontSize }), { style: 'GwTableHead', align: 'center' })))
      .join('') +
    `</w:tr>`;
  const body = rows
    .map(
      (r) =>
        `<w:tr><w:trPr><w:cantSplit/></w:trPr>` +
        r.map((text, i) => cell(columns[i]!.width, para(run(text, { size: fontSize }), { style: 'GwTableText', align: columns[i]!.align === 'right' ? 'right' : columns[i]!.align === 'left' ? 'left' : 'center' }))).join('') +
        `</w:tr>`,
    )
    .join('');
  return `<w:tbl>${tblPr}<w:tblGrid>${grid}</w:tblGrid>${head}${body}</w:tbl>`;
}

/** Split the type width over relative column widths (rounding so the sum is exact). */
export function columnWidths(weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((w / sum) * TYPE_WIDTH));
  widths[widths.length - 1]! += TYPE_WIDTH - widths.reduce((a, b) => a + b, 0);
  return widths;
}

const NS =
  'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:o="urn:schemas-microsoft-com:office:office" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml" ' +
  'xmlns:w10="urn:schemas-microsoft-com:office:word" ' +
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" ' +
  'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" ' +
  'mc:Ignorable="w14"';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function sectPr(): string {
  return (
    `<w:sectPr>` +
    `<w:footerReference w:type="default" r:id="rIdFooterOdd"/>` +
    `<w:footerReference w:type="even" r:id="rIdFooterEven"/>` +
    `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>` +
    `<w:pgMar w:top="${PAGE.top}" w:right="${PAGE.right}" w:bottom="${PAGE.bottom}" w:left="${PAGE.left}" ` +
    `w:header="${PAGE.header}" w:footer="${PAGE.footer}" w:gutter="0"/>` +
    `<w:cols w:space="425"/>` +
    `<w:docGrid w:type="linesAndChars" w:linePitch="${LINE_PITCH}" w:charSpace="${CHAR_SPACE}"/>` +
    `</w:sectPr>`
  );
}

export function documentXml(body: string): string {
  return `${XML_HEAD}<w:document ${NS}><w:body>${body}${sectPr()}</w:body></w:document>`;
}

/**
 * Page number `— N —` in 4号 宋体: odd pages right (one character in from the edge), even pages
 * left, as GB/T 9704 §7.5 asks; Word shows the two footers because settings.xml turns on
 * evenAndOddHeaders.
 */
function footerXml(side: 'right' | 'left'): string {
  const ind = side === 'right' ? `<w:ind w:right="${SIZE.四号 * 10}"/>` : `<w:ind w:left="${SIZE.四号 * 10}"/>`;
  const r = (inner: string) => `<w:r><w:rPr>${fonts(FONT.song)}<w:sz w:val="${SIZE.四号}"/><w:szCs w:val="${SIZE.四号}"/></w:rPr>${inner}</w:r>`;
  return (
    `${XML_HEAD}<w:ftr ${NS}><w:p><w:pPr><w:pStyle w:val="Footer"/>${ind}<w:jc w:val="${side}"/></w:pPr>` +
    r('<w:t xml:space="preserve">— </w:t>') +
    r('<w:fldChar w:fldCharType="begin"/>') +
    r('<w:instrText xml:space="preserve"> PAGE </w:instrText>') +
    r('<w:fldChar w:fldCharType="separate"/>') +
    r('<w:t>1</w:t>') +
    r('<w:fldChar w:fldCharType="end"/>') +
    r('<w:t xml:space="preserve"> —</w:t>') +
    `</w:p></w:ftr>`
  );
}

interface StyleSpec {
  id: string;
  name: string;
  type?: 'paragraph' | 'character';
  basedOn?: string;
  next?: string;
  ppr?: string;
  rpr?: string;
  outline?: number;
}

function style(s: StyleSpec): string {
  const type = s.type ?? 'paragraph';
  return (
    `<w:style w:type="${type}" w:customStyle="${s.id.startsWith('Gw') ? 1 : 0}" w:styleId="${s.id}">` +
    `<w:name w:val="${esc(s.name)}"/>` +
    (s.basedOn ? `<w:basedOn w:val="${s.basedOn}"/>` : '') +
    (s.next ? `<w:next w:val="${s.next}"/>` : '') +
    `<w:qFormat/>` +
    (s.ppr || s.outline !== undefined
      ? `<w:pPr>${s.ppr ?? ''}${s.outline !== undefined ? `<w:outlineLvl w:val="${s.outline}"/>` : ''}</w:pPr>`
      : '') +
    (s.rpr ? `<w:rPr>${s.rpr}</w:rPr>` : '') +
    `</w:style>`
  );
}

const size = (hp: number) => `<w:sz w:val="${hp}"/><w:szCs w:val="${hp}"/>`;
const exactLine = (twips: number) => `<w:spacing w:before="0" w:after="0" w:line="${twips}" w:lineRule="exact"/>`;
/** Tables, footers and marks keep their own line height: off the 22-line grid. */
const offGrid = `<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>`;
const indentFirst2 = `<w:ind w:firstLineChars="200" w:firstLine="${2 * CHAR}"/>`;

function stylesXml(): string {
  const styles: StyleSpec[] = [
    {
      id: 'Normal',
      name: 'Normal',
      // autoSpace off: no extra gap between Chinese and digits (“2026年”), as 公文 print it.
      ppr: `<w:widowControl/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:snapToGrid w:val="0"/>${exactLine(LINE_PITCH)}<w:jc w:val="both"/>`,
      rpr: `${fonts(FONT.body)}<w:spacing w:val="${BODY_CHAR_SPACING_TWIPS}"/><w:kern w:val="2"/>${size(SIZE.三号)}`,
    },
    { id: 'GwBody', name: '公文正文', basedOn: 'Normal', ppr: indentFirst2 },
    { id: 'GwClosing', name: '结束语', basedOn: 'GwBody', ppr: '<w:keepNext/>' },
    { id: 'GwBodyKeep', name: '公文正文（与署名同页）', basedOn: 'GwBody', ppr: '<w:keepNext/>' },
    { id: 'GwKeepBlank', name: '空行（与下段同页）', basedOn: 'Normal', ppr: '<w:keepNext/>' },
    {
      id: 'GwIssuer',
      name: '发文机关标志',
      basedOn: 'Normal',
      // GB/T 9704 §7.2.4: the issuer mark's top edge 35 mm below the type area (a little less
      // when the 示例数据 mark takes the first line).
      ppr: `<w:snapToGrid w:val="0"/><w:spacing w:before="${ISSUER_SPACE_BEFORE}" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>`,
      rpr: `${fonts(FONT.title)}<w:color w:val="${RED}"/>${size(ISSUER_SIZE * 2)}`,
    },
    {
      id: 'GwDocNo',
      name: '发文字号',
      basedOn: 'Normal',
      // The red separator line sits 4 mm under the document number (GB/T 9704 §7.2.6).
      ppr:
        `<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="11" w:color="${RED}"/></w:pBdr>` +
        `<w:tabs><w:tab w:val="right" w:pos="${TYPE_WIDTH - CHAR}"/></w:tabs>` +
        `<w:ind w:left="${CHAR}" w:right="0"/>`,
    },
    { id: 'GwSignerName', name: '签发人姓名', type: 'character', rpr: fonts(FONT.kai) },
    {
      id: 'GwTitle',
      name: '公文标题',
      basedOn: 'Normal',
      ppr: `${exactLine(700)}<w:jc w:val="center"/>`,
      rpr: `${fonts(FONT.title)}${size(SIZE.二号)}`,
    },
    { id: 'GwSubtitle', name: '公文副标题', basedOn: 'Normal', ppr: '<w:jc w:val="center"/>', rpr: fonts(FONT.kai) },
    { id: 'GwRecipient', name: '主送机关', basedOn: 'Normal' },
    { id: 'Heading1', name: 'heading 1', basedOn: 'Normal', next: 'GwBody', outline: 0, ppr: `<w:keepNext/>${indentFirst2}`, rpr: fonts(FONT.hei) },
    { id: 'Heading2', name: 'heading 2', basedOn: 'Normal', next: 'GwBody', outline: 1, ppr: `<w:keepNext/>${indentFirst2}`, rpr: fonts(FONT.kai) },
    { id: 'GwLead', name: '二级标题（楷体）', type: 'character', rpr: fonts(FONT.kai) },
    {
      id: 'GwPlaceholder',
      name: '待填写内容',
      basedOn: 'GwBody',
      ppr: `<w:pBdr><w:left w:val="single" w:sz="18" w:space="4" w:color="C00000"/></w:pBdr>`,
    },
    { id: 'GwPlaceholderKeep', name: '待填写内容（与署名同页）', basedOn: 'GwPlaceholder', ppr: '<w:keepNext/>' },
    {
      id: 'GwAttachNote',
      name: '附件说明',
      basedOn: 'Normal',
      next: 'GwAttachNoteMore',
      // 附件：1.XXXX — first line starts 2 characters in, wrapped lines align after “附件：”.
      ppr: `<w:keepNext/><w:ind w:left="${5 * CHAR}" w:hanging="${3 * CHAR}"/>`,
    },
    { id: 'GwAttachNoteMore', name: '附件说明续', basedOn: 'Normal', ppr: `<w:keepNext/><w:ind w:left="${5 * CHAR}"/>` },
    { id: 'GwSignature', name: '署名', basedOn: 'Normal', ppr: `<w:keepNext/><w:ind w:right="${2 * CHAR}"/><w:jc w:val="right"/>` },
    { id: 'GwDate', name: '成文日期', basedOn: 'Normal', ppr: `<w:ind w:right="${4 * CHAR}"/><w:jc w:val="right"/>` },
    { id: 'GwAttachLabel', name: '附件标识', basedOn: 'Normal', ppr: '<w:jc w:val="left"/>', rpr: fonts(FONT.hei) },
    { id: 'GwAttachTitle', name: '附件标题', basedOn: 'GwTitle' },
    { id: 'GwTableNote', name: '表注', basedOn: 'Normal', ppr: '<w:jc w:val="center"/>', rpr: fonts(FONT.kai) },
    { id: 'GwTableHead', name: '表头', basedOn: 'Normal', ppr: `${offGrid}<w:jc w:val="center"/>`, rpr: `${fonts(FONT.hei)}${size(SIZE.小四)}` },
    { id: 'GwTableText', name: '表格文字', basedOn: 'Normal', ppr: `${offGrid}<w:jc w:val="center"/>`, rpr: size(SIZE.小四) },
    { id: 'GwImprint', name: '版记', basedOn: 'Normal', ppr: '<w:jc w:val="left"/>', rpr: size(SIZE.四号) },
    { id: 'GwImprintKeep', name: '版记前空行', basedOn: 'Normal', ppr: '<w:keepNext/>' },
    {
      id: 'GwSample',
      name: '示例数据标记',
      basedOn: 'Normal',
      ppr: `${offGrid}<w:jc w:val="right"/>`,
      rpr: `${fonts(FONT.hei)}<w:color w:val="${RED}"/><w:bdr w:val="single" w:sz="8" w:space="1" w:color="${RED}"/>${size(SIZE.三号)}`,
    },
    { id: 'Footer', name: 'footer', basedOn: 'Normal', ppr: offGrid, rpr: `${fonts(FONT.song)}${size(SIZE.四号)}` },
  ];
  return (
    `${XML_HEAD}<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
    `<w:docDefaults><w:rPrDefault><w:rPr>${fonts(FONT.body)}<w:kern w:val="2"/>${size(SIZE.三号)}` +
    `<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>` +
    styles.map(style).join('') +
    `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>` +
    `<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>` +
    `<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
    `</w:styles>`
  );
}

function settingsXml(): string {
  return (
    `${XML_HEAD}<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
    `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<w:zoom w:percent="100"/>` +
    `<w:evenAndOddHeaders/>` +
    `<w:defaultTabStop w:val="420"/>` +
    `<w:drawingGridVerticalSpacing w:val="${LINE_PITCH}"/>` +
    `<w:displayHorizontalDrawingGridEvery w:val="0"/>` +
    `<w:characterSpacingControl w:val="compressPunctuation"/>` +
    `<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/>` +
    `<w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>` +
    `<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
    `<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>` +
    `<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>` +
    `</w:settings>`
  );
}

/** Font table: w:altName lets Word fall back to 仿宋/楷体 where the _GB2312 fonts are not installed. */
function fontTableXml(): string {
  const f = (name: string, alt: string, family: string, pitch = 'variable') =>
    `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`;
  return (
    `${XML_HEAD}<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
    f(FONT.title, '宋体', 'script') +
    f(FONT.body, '仿宋', 'modern', 'fixed') +
    f(FONT.hei, 'SimHei', 'modern', 'fixed') +
    f(FONT.kai, '楷体', 'modern', 'fixed') +
    f(FONT.song, 'SimSun', 'auto') +
    `</w:fonts>`
  );
}

const CONTENT_TYPES =
  `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
  `<Default Extension="xml" ContentType="application/xml"/>` +
  `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
  `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
  `<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
  `<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
  `<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
  `<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
  `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
  `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
  `</Types>`;

const ROOT_RELS =
  `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
  `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
  `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
  `</Relationships>`;

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const DOCUMENT_RELS =
  `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>` +
  `<Relationship Id="rIdSettings" Type="${REL}/settings" Target="settings.xml"/>` +
  `<Relationship Id="rIdFonts" Type="${REL}/fontTable" Target="fontTable.xml"/>` +
  `<Relationship Id="rIdFooterOdd" Type="${REL}/footer" Target="footer1.xml"/>` +
  `<Relationship Id="rIdFooterEven" Type="${REL}/footer" Target="footer2.xml"/>` +
  `</Relationships>`;

export interface CoreProps {
  title: string;
  creator: string;
  /** ISO timestamp written as both created and modified */
  date: string;
}

export function coreXml(p: CoreProps): string {
  const date = p.date.replace(/\.\d{3}Z$/, 'Z');
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
    `xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${esc(p.title)}</dc:title><dc:creator>${esc(p.creator)}</dc:creator>` +
    `<cp:lastModifiedBy>${esc(p.creator)}</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified>` +
    `</cp:coreProperties>`
  );
}

const APP_XML =
  `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
  `xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
  `<Application>sgyp</Application><DocSecurity>0</DocSecurity></Properties>`;

/**
 * Zip entries carry a DOS timestamp in local time; a Date built from local components gives the
 * same bytes whatever the machine's time zone.
 */
export function zipDate(iso: string): Date {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(y!, m! - 1, d!, 0, 0, 0);
}

/** Give every entry the same timestamp so that equal input gives an equal archive. */
export function stampZip(zip: PizZip, date: Date): void {
  for (const name of Object.keys(zip.files)) zip.files[name]!.date = date;
}

export function generateZip(zip: PizZip, date: Date): Buffer {
  stampZip(zip, date);
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
}

/** A complete .docx package around the given body XML. */
export function buildPackage(body: string, core: CoreProps): Buffer {
  const zip = new PizZip();
  const date = zipDate(core.date);
  const add = (name: string, text: string) => zip.file(name, text, { date });
  add('[Content_Types].xml', CONTENT_TYPES);
  add('_rels/.rels', ROOT_RELS);
  add('docProps/core.xml', coreXml(core));
  add('docProps/app.xml', APP_XML);
  add('word/document.xml', documentXml(body));
  add('word/_rels/document.xml.rels', DOCUMENT_RELS);
  add('word/styles.xml', stylesXml());
  add('word/settings.xml', settingsXml());
  add('word/fontTable.xml', fontTableXml());
  add('word/footer1.xml', footerXml('right'));
  add('word/footer2.xml', footerXml('left'));
  return generateZip(zip, date);
}
