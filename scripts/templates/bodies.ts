/**
 * Bodies of the Word templates (templates/quarterly.docx, templates/annual.docx) with their
 * docxtemplater tags. A clerk may reword fixed text, move paragraphs or change styles in Word or
 * WPS; the tags must stay as they are (npm run check lints them). Written by
 * scripts/make-templates.ts, never at report time.
 */
import {
  ANNUAL_ATTACHMENTS,
  ANNUAL_SECTIONS,
  ANNUAL_YEAR_START_ATTACHMENT,
  NOTICE_ATTACHMENTS,
  NOTICE_SECTIONS,
  QUARTERLY_ATTACHMENTS,
  QUARTERLY_CHANGES_ATTACHMENT,
  QUARTERLY_OPTIONAL_ATTACHMENTS,
  QUARTERLY_SECTIONS,
  type AttachmentKey,
  type SectionSpec,
} from '../../pipeline/render/documents/model.js';
import {
  attachmentTags,
  optionalAttachmentNoTag,
  optionalAttachmentTag,
  type TemplateName,
} from '../../pipeline/render/word/templateData.js';
import { ATTACHMENT_LAYOUT, type Column } from '../../pipeline/render/documents/tables.js';
import { TABLE_MARK } from '../../pipeline/render/word/layout.js';
import { BLANK, columnWidths, PAGE, para, run, SIZE, TAB, table, TYPE_WIDTH } from './wordml.js';
import { sectPr } from './package.js';

/** A paragraph repeated once per item of a list of strings; an empty list removes it. */
function listPara(tag: string, style: string, runOpts: Parameters<typeof run>[1] = {}, prefix = ''): string {
  return para(run(`{-w:p ${tag}}${prefix}{.}{/${tag}}`, runOpts), { style });
}

function sampleMark(): string {
  return listPara('sampleMark', 'GwSample');
}

/** 版头 of an upward document: red issuer, 发文字号 left and 签发人 right, the red line. */
function masthead(): string {
  return (
    para(run('{issuer}'), { style: 'GwIssuer' }) +
    BLANK +
    para(run('{docNumber}') + TAB + run('签发人：') + run('{signer}', { style: 'GwSignerName' }), { style: 'GwDocNo' }) +
    BLANK
  );
}

/**
 * One section: the 黑体 heading as fixed text, then one paragraph per item, the run-in 楷体 lead
 * followed by the text. Placeholder sections print their text highlighted for the clerk.
 */
function section(s: SectionSpec, keepWithNext = false): string {
  const keep = keepWithNext ? 'Keep' : '';
  const body = s.placeholder
    ? para(run(`{-w:p ${s.key}}`) + run('{text}', { highlight: 'yellow' }) + run(`{/${s.key}}`), { style: `GwPlaceholder${keep}` })
    : para(run(`{-w:p ${s.key}}`) + run('{lead}', { style: 'GwLead' }) + run('{text}') + run(`{/${s.key}}`), { style: `GwBody${keep}` });
  return para(run(s.heading), { style: 'Heading1' }) + body;
}

/**
 * 版头 of a downward document (下行文): red issuer, the 发文字号 centred under it (no 签发人),
 * the red line. The paragraph keeps the 发文字号 style and its red rule, without its indent.
 */
function noticeMasthead(): string {
  return (
    para(run('{issuer}'), { style: 'GwIssuer' }) +
    BLANK +
    `<w:p><w:pPr><w:pStyle w:val="GwDocNo"/><w:ind w:left="0" w:right="0"/><w:jc w:val="center"/></w:pPr>${run('{docNumber}')}</w:p>` +
    BLANK
  );
}

/*
 * From the last body paragraph to the date every paragraph keeps with the next (style GwKeep…),
 * so the signature never stands alone on a page (GB/T 9704 §7.3.5.5 forbids a “此页无正文” page).
 */
function attachmentNotes(): string {
  return para(run('附件：{attachmentFirst}'), { style: 'GwAttachNote' }) + listPara('attachmentMore', 'GwAttachNoteMore');
}

function signature(withNote = false): string {
  return (
    para(run(''), { style: 'GwKeepBlank' }) +
    para(run('{signature}'), { style: 'GwSignature' }) +
    para(run('{date}'), { style: withNote ? 'GwDateKeep' : 'GwDate' }) +
    // 附注 (GB/T 9704 §7.3.7): 居左空二字加圆括号, the line under the 成文日期.
    (withNote ? listPara('note', 'GwNote') : '')
  );
}

/**
 * Width in twips that a 五号 cell of these columns needs to hold its one token unbroken
 * (HZ-2024-002, 2026年12月31日, 80640.80), with room for the gap LibreOffice puts between Chinese
 * and digits; the template's table cannot measure its data, so these cover the widest usual value.
 */
const NO_BREAK_TWIPS: Record<string, number> = {
  no: 560,
  id: 1500,
  township: 900,
  dueDate: 2100,
  plannedDate: 2100,
  agreed: 760,
  received: 760,
  owed: 760,
  investment: 1100,
  level: 700,
  category: 900,
  kind: 900,
  change: 1300,
  from: 1100,
  to: 2100,
  rank: 560,
  tasks: 900,
  done: 800,
  rate: 900,
  red: 800,
};

/** Column widths: unbroken columns of the project lists get what their token needs, the rest share the remainder. */
function tableWidths(columns: readonly Column[], fontSize: number): number[] {
  const fixed = columns.map((c) => (fontSize < 12 && c.noBreak ? (NO_BREAK_TWIPS[c.key] ?? 0) : 0));
  if (fixed.every((w) => w === 0)) return columnWidths(columns.map((c) => c.width));
  const flex = columnWidths(
    columns.map((c, i) => (fixed[i] ? 0 : c.width)),
    TYPE_WIDTH - fixed.reduce((a, b) => a + b, 0),
  );
  return columns.map((_, i) => fixed[i] || flex[i]!);
}

/** 附件N on a new page, its title, the as-of note and the table with a row loop. */
function attachment(key: AttachmentKey, no: number | string): string {
  const layout = ATTACHMENT_LAYOUT[key];
  const tags = attachmentTags(key);
  const widths = tableWidths(layout.columns, layout.fontSize);
  const size = layout.fontSize === 12 ? SIZE.小四 : layout.fontSize === 9 ? SIZE.小五 : SIZE.五号;
  const columns = layout.columns.map((c, i) => ({
    title: c.titleTag ? `{${c.titleTag}}` : c.title,
    width: widths[i]!,
    align: c.align,
  }));
  const loopRow = (loop: string) =>
    layout.columns.map((c, i) => {
      const open = i === 0 ? `{#${loop}}` : '';
      const close = i === layout.columns.length - 1 ? `{/${loop}}` : '';
      return `${open}{${c.key}}${close}`;
    });
  const rows = [loopRow(tags.rows)];
  if (layout.hasTotal) rows.push(loopRow(tags.total));
  return (
    para(run(`附件${no}`), { style: 'GwAttachLabel', pageBreakBefore: true }) +
    BLANK +
    para(run(`{${tags.title}}`), { style: 'GwAttachTitle' }) +
    para(run(`{${tags.note}}`), { style: 'GwTableNote' }) +
    // a list too long for the document: its totals and where the whole list is (empty otherwise)
    listPara(tags.summary, 'GwBody') +
    table(columns, rows, size, `${TABLE_MARK}${key}`) +
    listPara(tags.empty, 'GwBody')
  );
}

/**
 * An attachment the report carries only sometimes, inside a loop whose tags stand in paragraphs of
 * their own: docxtemplater drops those paragraphs, and with an empty loop everything between them.
 * Its number is a tag ({changesNo}): it follows the attachments carried before it.
 */
function optionalAttachment(key: AttachmentKey): string {
  const tag = optionalAttachmentTag(key);
  return (
    para(run(`{#${tag}}`), { style: 'GwBody' }) +
    attachment(key, `{${optionalAttachmentNoTag(key)}}`) +
    para(run(`{/${tag}}`), { style: 'GwBody' })
  );
}

/**
 * 版记 as a borderless table with horizontal rules only: thick first and last rule, a thin one
 * between 抄送 and 印发 (GB/T 9704 §7.4.1), the text one character in from the type area's edges.
 * The 抄送 row is a row loop, so it disappears when the profile names no recipients of copies.
 * The table floats at the foot of the type area of a page of its own, the next even page (a
 * section that starts there, §7.4.1: the 版记 on the back of the last sheet), its last rule on
 * the type area's bottom edge.
 */
function imprint(): string {
  // 印发日期 “2026年9月30日印发” needs about 10 characters of 4号 (with room for the
  // gap word processors put between Chinese and digits); the organ name gets the rest.
  const width = TYPE_WIDTH;
  const organWidth = width - 4000;
  const rule = (side: string, sz: number) => `<w:${side} w:val="single" w:sz="${sz}" w:space="0" w:color="000000"/>`;
  const none = (side: string) => `<w:${side} w:val="nil"/>`;
  const indent = SIZE.四号 * 10;
  const floating =
    `<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0" ` +
    `w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="${PAGE.left}" w:tblpYSpec="bottom"/><w:tblOverlap w:val="never"/>`;
  // Horizontal position from the page edge: LibreOffice (7.4) floats a full-width table only then.
  const tblPr =
    `<w:tblPr>${floating}<w:tblW w:w="${width}" w:type="dxa"/><w:jc w:val="center"/>` +
    `<w:tblBorders>${rule('top', 8)}${none('left')}${rule('bottom', 8)}${none('right')}${rule('insideH', 4)}${none('insideV')}</w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="${indent}" w:type="dxa"/><w:right w:w="${indent}" w:type="dxa"/></w:tblCellMar></w:tblPr>`;
  const tc = (width: number, content: string, span = 1) =>
    `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}</w:tcPr>${content}</w:tc>`;
  const copyRow = `<w:tr><w:trPr><w:cantSplit/></w:trPr>${tc(width, para(run('{-w:tr copyTo}抄送：{.}{/copyTo}'), { style: 'GwImprint' }), 2)}</w:tr>`;
  const printRow =
    `<w:tr><w:trPr><w:cantSplit/></w:trPr>` +
    tc(organWidth, para(run('{printer}'), { style: 'GwImprint', align: 'left' })) +
    tc(width - organWidth, para(run('{printDate}'), { style: 'GwImprint', align: 'right' })) +
    `</w:tr>`;
  return (
    // the body's section ends here; the 版记's starts on the next even page (package.ts sectPr)
    // (LibreOffice starts the new section's page only with a paragraph before the floating table)
    `<w:p><w:pPr>${sectPr()}</w:pPr></w:p>${BLANK}` +
    `<w:tbl>${tblPr}<w:tblGrid><w:gridCol w:w="${organWidth}"/><w:gridCol w:w="${width - organWidth}"/></w:tblGrid>${copyRow}${printRow}</w:tbl>` +
    // the paragraph the floating table is anchored to (a body cannot end with a table)
    para(run(''), { style: 'GwImprintAnchor' })
  );
}

export function quarterlyTemplateBody(): string {
  return [
    sampleMark(),
    masthead(),
    para(run('{title}'), { style: 'GwTitle' }),
    BLANK,
    para(run('{recipient}'), { style: 'GwRecipient' }),
    para(run('{intro}'), { style: 'GwBody' }),
    ...QUARTERLY_SECTIONS.map((s) => section(s)),
    para(run('{closing}'), { style: 'GwClosing' }),
    para(run(''), { style: 'GwKeepBlank' }),
    attachmentNotes(),
    signature(true),
    ...QUARTERLY_ATTACHMENTS.map((k, i) => attachment(k, i + 1)),
    ...QUARTERLY_OPTIONAL_ATTACHMENTS.map((k) => optionalAttachment(k)),
    imprint(),
  ].join('');
}

/** The section of the annual summary the chart follows (documents/model.ts chartAfter). */
const ANNUAL_CHART_AFTER = 'basics';

export function annualTemplateBody(): string {
  return [
    sampleMark(),
    BLANK,
    para(run('{title}'), { style: 'GwTitle' }),
    para(run('{subtitle}'), { style: 'GwSubtitle' }),
    BLANK,
    para(run('{intro}'), { style: 'GwBody' }),
    // No closing sentence here: the last section keeps with the signature so that page has text.
    // The category chart follows 基本情况, as in the PDF (word/chart.ts puts the picture in).
    ...ANNUAL_SECTIONS.map(
      (s, i) => section(s, i === ANNUAL_SECTIONS.length - 1) + (s.key === ANNUAL_CHART_AFTER ? listPara('chart', 'GwBody') : ''),
    ),
    para(run(''), { style: 'GwKeepBlank' }),
    attachmentNotes(),
    signature(),
    ...ANNUAL_ATTACHMENTS.map((k, i) => attachment(k, i + 1)),
    optionalAttachment(ANNUAL_YEAR_START_ATTACHMENT),
  ].join('');
}

/** 季度通报 (下行文): as the quarterly report, with the downward 版头 and no 附注. */
export function noticeTemplateBody(): string {
  return [
    sampleMark(),
    noticeMasthead(),
    para(run('{title}'), { style: 'GwTitle' }),
    BLANK,
    para(run('{recipient}'), { style: 'GwRecipient' }),
    para(run('{intro}'), { style: 'GwBody' }),
    ...NOTICE_SECTIONS.map((s) => section(s)),
    para(run('{closing}'), { style: 'GwClosing' }),
    para(run(''), { style: 'GwKeepBlank' }),
    attachmentNotes(),
    signature(),
    ...NOTICE_ATTACHMENTS.map((k, i) => attachment(k, i + 1)),
    optionalAttachment(QUARTERLY_CHANGES_ATTACHMENT),
    imprint(),
  ].join('');
}

export const TEMPLATE_BODIES: Record<TemplateName, () => string> = {
  quarterly: quarterlyTemplateBody,
  annual: annualTemplateBody,
  notice: noticeTemplateBody,
};

export const TEMPLATE_TITLES: Record<TemplateName, string> = {
  quarterly: '季度工作推进情况报告（模板）',
  annual: '年度工作总结（模板）',
  notice: '季度工作推进情况通报（模板）',
};
