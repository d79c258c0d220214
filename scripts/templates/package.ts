/**
 * The .docx package around a template body: document.xml with the GB/T 9704 section (A4, margins,
 * 22 × 28 grid, odd/even footers), settings, font table, relationships and document properties,
 * zipped with one fixed timestamp so that equal input gives an equal archive.
 */
import PizZip from 'pizzip';
import { coreXml, XML_HEAD, type CoreProps } from '../../pipeline/render/word/package.js';
import { stampedZip, zipDate } from '../../pipeline/sheet/zip.js';
import { stylesXml } from './styles.js';
import { CHAR_SPACE, FONT, fonts, LINE_PITCH, PAGE, SIZE } from './wordml.js';

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

/**
 * A section's page setup. The body's: page numbers in the odd and even footers. The 版记's (the
 * last section of a document with one, `imprintPage`): starts on the next even page (GB/T 9704
 * §7.4.1, 版记 on the back of the last sheet; Word and LibreOffice insert the blank odd page when
 * needed), without page numbers (§7.5: 空白页和版记页均不编排页码).
 */
export function sectPr(imprintPage = false): string {
  const footers = imprintPage
    ? `<w:footerReference w:type="default" r:id="rIdFooterNone"/><w:footerReference w:type="even" r:id="rIdFooterNone"/><w:type w:val="evenPage"/>`
    : `<w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>`;
  return (
    `<w:sectPr>` +
    footers +
    `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>` +
    `<w:pgMar w:top="${PAGE.top}" w:right="${PAGE.right}" w:bottom="${PAGE.bottom}" w:left="${PAGE.left}" ` +
    `w:header="${PAGE.header}" w:footer="${PAGE.footer}" w:gutter="0"/>` +
    `<w:cols w:space="425"/>` +
    `<w:docGrid w:type="linesAndChars" w:linePitch="${LINE_PITCH}" w:charSpace="${CHAR_SPACE}"/>` +
    `</w:sectPr>`
  );
}

/** The document part; `imprintPage`: the body ends with the 版记's section (bodies.ts imprint()). */
export function documentXml(body: string, imprintPage = false): string {
  return `${XML_HEAD}<w:document ${NS}><w:body>${body}${sectPr(imprintPage)}</w:body></w:document>`;
}

/** The footer of the 版记's section: empty. */
function emptyFooterXml(): string {
  return `${XML_HEAD}<w:ftr ${NS}><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr></w:p></w:ftr>`;
}

/**
 * Page number `— N —` in 4号 宋体: odd pages right (one character in from the edge), even pages
 * left, as GB/T 9704 §7.5 asks; Word shows the two footers because settings.xml turns on
 * evenAndOddHeaders.
 */
function footerXml(side: 'right' | 'left'): string {
  const ind = side === 'right' ? `<w:ind w:right="${SIZE.四号 * 10}"/>` : `<w:ind w:left="${SIZE.四号 * 10}"/>`;
  const r = (inner: string) =>
    `<w:r><w:rPr>${fonts(FONT.song)}<w:sz w:val="${SIZE.四号}"/><w:szCs w:val="${SIZE.四号}"/></w:rPr>${inner}</w:r>`;
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

function settingsXml(): string {
  return (
    `${XML_HEAD}<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
    `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<w:zoom w:percent="100"/>` +
    // Children in the order of the schema (CT_Settings): Word is strict about it.
    `<w:defaultTabStop w:val="420"/>` +
    `<w:evenAndOddHeaders/>` +
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
  `<Override PartName="/word/footer3.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
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
  `<Relationship Id="rIdFooterNone" Type="${REL}/footer" Target="footer3.xml"/>` +
  `</Relationships>`;

const APP_XML =
  `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
  `xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
  `<Application>sgyp</Application><DocSecurity>0</DocSecurity></Properties>`;

/** A complete .docx package around the given body XML. */
export function buildPackage(body: string, core: CoreProps, imprintPage = false): Buffer {
  const zip = new PizZip();
  const date = zipDate(core.date);
  const add = (name: string, text: string) => zip.file(name, text, { date });
  add('[Content_Types].xml', CONTENT_TYPES);
  add('_rels/.rels', ROOT_RELS);
  add('docProps/core.xml', coreXml(core));
  add('docProps/app.xml', APP_XML);
  add('word/document.xml', documentXml(body, imprintPage));
  add('word/_rels/document.xml.rels', DOCUMENT_RELS);
  add('word/styles.xml', stylesXml());
  add('word/settings.xml', settingsXml());
  add('word/fontTable.xml', fontTableXml());
  add('word/footer1.xml', footerXml('right'));
  add('word/footer2.xml', footerXml('left'));
  add('word/footer3.xml', emptyFooterXml());
  return stampedZip(zip, date);
}
