/**
 * styles.xml of the report templates: the 公文 styles a clerk sees in Word's style pane (公文正文,
 * 公文标题, 发文机关标志, heading 1/2, 表格文字, 版记 …), carrying the GB/T 9704 fonts and sizes.
 */
import { BODY_CHAR_SPACING_TWIPS } from '../../pipeline/render/documents/pageGeometry.js';
import { CHAR, esc, FONT, fonts, ISSUER_SIZE, ISSUER_SPACE_BEFORE, LINE_PITCH, RED, SIZE, TYPE_WIDTH } from './wordml.js';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

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
    // Normal is the default paragraph style: blank paragraphs without a pStyle take its 22-line pitch.
    `<w:style w:type="${type}"${s.id === 'Normal' ? ' w:default="1"' : ''} w:customStyle="${s.id.startsWith('Gw') ? 1 : 0}" w:styleId="${s.id}">` +
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

export function stylesXml(): string {
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
    {
      id: 'Heading1',
      name: 'heading 1',
      basedOn: 'Normal',
      next: 'GwBody',
      outline: 0,
      ppr: `<w:keepNext/>${indentFirst2}`,
      rpr: fonts(FONT.hei),
    },
    {
      id: 'Heading2',
      name: 'heading 2',
      basedOn: 'Normal',
      next: 'GwBody',
      outline: 1,
      ppr: `<w:keepNext/>${indentFirst2}`,
      rpr: fonts(FONT.kai),
    },
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
    { id: 'GwDateKeep', name: '成文日期（与附注同页）', basedOn: 'GwDate', ppr: '<w:keepNext/>' },
    { id: 'GwNote', name: '附注', basedOn: 'Normal', ppr: `<w:ind w:firstLine="${2 * CHAR}"/><w:jc w:val="left"/>` },
    { id: 'GwAttachLabel', name: '附件标识', basedOn: 'Normal', ppr: '<w:jc w:val="left"/>', rpr: fonts(FONT.hei) },
    { id: 'GwAttachTitle', name: '附件标题', basedOn: 'GwTitle' },
    { id: 'GwTableNote', name: '表注', basedOn: 'Normal', ppr: '<w:jc w:val="center"/>', rpr: fonts(FONT.kai) },
    {
      id: 'GwTableHead',
      name: '表头',
      basedOn: 'Normal',
      ppr: `${offGrid}<w:jc w:val="center"/>`,
      rpr: `${fonts(FONT.hei)}${size(SIZE.小四)}`,
    },
    { id: 'GwTableText', name: '表格文字', basedOn: 'Normal', ppr: `${offGrid}<w:jc w:val="center"/>`, rpr: size(SIZE.小四) },
    { id: 'GwImprint', name: '版记', basedOn: 'Normal', ppr: '<w:jc w:val="left"/>', rpr: size(SIZE.四号) },
    { id: 'GwImprintAnchor', name: '版记锚点', basedOn: 'Normal', ppr: offGrid, rpr: size(2) },
    {
      id: 'GwSample',
      name: '示例数据标记',
      basedOn: 'Normal',
      ppr: `${offGrid}<w:jc w:val="right"/>`,
      // rPr children in schema order (Word refuses a file whose elements are out of order).
      rpr: `${fonts(FONT.hei)}<w:color w:val="${RED}"/>${size(SIZE.三号)}<w:bdr w:val="single" w:sz="8" w:space="1" w:color="${RED}"/>`,
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
