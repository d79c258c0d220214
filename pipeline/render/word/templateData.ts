/**
 * The data handed to docxtemplater for each Word template, and the schema of that data (every tag
 * a template may use). The schema serves the template lint: a tag not in it is a misspelling or a
 * field that does not exist. Tag names are English identifiers; see templates/README.md.
 */
import type { ReportContext } from '../../context.js';
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
  type ReportDocument,
  type SectionSpec,
} from '../documents/model.js';
import { ATTACHMENT_LAYOUT, headerTags } from '../documents/tables.js';
import { CHART_MARKER } from './chart.js';

export type TemplateName = 'quarterly' | 'annual' | 'notice';
export const TEMPLATE_NAMES: readonly TemplateName[] = ['quarterly', 'annual', 'notice'];
export const templateFile = (name: TemplateName) => `${name}.docx`;

/**
 * 'text' — a plain tag {x}; 'list' — a loop over strings, {#x}{.}{/x} or {-w:p x}{.}{/x};
 * an object — a loop over records with these fields (their own tags inside the loop).
 */
export type FieldSchema = { [tag: string]: 'text' | 'list' | FieldSchema };

/** Tag names of one attachment (附件) in a template. */
export function attachmentTags(key: AttachmentKey) {
  return {
    title: `${key}Title`,
    note: `${key}Note`,
    summary: `${key}Summary`,
    rows: `${key}Rows`,
    total: `${key}Total`,
    empty: `${key}Empty`,
  };
}

/**
 * The loop around an attachment a document carries only sometimes (the quarterly report's
 * 变动情况表, the annual summary's 年初年末分类对比表): `{#changesAttachment}` … `{/changesAttachment}`,
 * `{#yearStartAttachment}` …, each in a paragraph of its own, so
 * that the attachment and those two paragraphs vanish when it is not carried.
 */
export function optionalAttachmentTag(key: AttachmentKey): string {
  return `${key}Attachment`;
}

/** The number of an attachment carried only sometimes (附件{changesNo}): it follows those carried before it. */
export function optionalAttachmentNoTag(key: AttachmentKey): string {
  return `${key}No`;
}

const PARA_FIELDS: FieldSchema = { lead: 'text', text: 'text' };
const HEADER_TAGS = [
  'levelTownship',
  'levelUnit',
  'label1',
  'label2',
  'label3',
  'label4',
  'labelTasks',
  'labelYearThen',
  'labelYearNow',
] as const;

function specFor(name: TemplateName): {
  sections: readonly SectionSpec[];
  attachments: readonly AttachmentKey[];
  optional: readonly AttachmentKey[];
  text: string[];
  lists: string[];
} {
  const common = ['title', 'intro', 'attachmentFirst', 'signature', 'date', ...HEADER_TAGS];
  if (name === 'quarterly') {
    return {
      sections: QUARTERLY_SECTIONS,
      attachments: QUARTERLY_ATTACHMENTS,
      optional: QUARTERLY_OPTIONAL_ATTACHMENTS,
      text: [...common, 'issuer', 'docNumber', 'signer', 'recipient', 'closing', 'printer', 'printDate'],
      lists: ['sampleMark', 'attachmentMore', 'note', 'copyTo'],
    };
  }
  if (name === 'notice') {
    return {
      sections: NOTICE_SECTIONS,
      attachments: NOTICE_ATTACHMENTS,
      optional: [QUARTERLY_CHANGES_ATTACHMENT],
      text: [...common, 'issuer', 'docNumber', 'recipient', 'closing', 'printer', 'printDate'],
      lists: ['sampleMark', 'attachmentMore', 'copyTo'],
    };
  }
  return {
    sections: ANNUAL_SECTIONS,
    attachments: ANNUAL_ATTACHMENTS,
    optional: [ANNUAL_YEAR_START_ATTACHMENT],
    text: [...common, 'subtitle'],
    // chart: the marker of the category chart's paragraph (word/chart.ts), empty without a chart
    lists: ['sampleMark', 'attachmentMore', 'chart'],
  };
}

export function templateSchema(name: TemplateName): FieldSchema {
  const spec = specFor(name);
  const schema: FieldSchema = {};
  for (const t of spec.text) schema[t] = 'text';
  for (const l of spec.lists) schema[l] = 'list';
  for (const s of spec.sections) schema[s.key] = PARA_FIELDS;
  for (const key of spec.optional) {
    schema[optionalAttachmentTag(key)] = {};
    schema[optionalAttachmentNoTag(key)] = 'text';
  }
  for (const key of [...spec.attachments, ...spec.optional]) {
    const tags = attachmentTags(key);
    const layout = ATTACHMENT_LAYOUT[key];
    const row: FieldSchema = Object.fromEntries(layout.columns.map((c) => [c.key, 'text' as const]));
    schema[tags.title] = 'text';
    schema[tags.note] = 'text';
    schema[tags.summary] = 'list';
    schema[tags.rows] = row;
    if (layout.hasTotal) schema[tags.total] = row;
    schema[tags.empty] = 'list';
  }
  return schema;
}

/**
 * Tags a template must hold, with what the Word file would lack without them: the paragraphs an
 * attachment too long for the document prints above its table (where the whole list is).
 */
export function requiredTags(name: TemplateName): Record<string, string> {
  return Object.fromEntries(
    [...specFor(name).attachments, ...specFor(name).optional].map((key) => [
      attachmentTags(key).summary,
      `附件清单过长时的说明（共多少项、全部清单在哪个电子表格）`,
    ]),
  );
}

/** docxtemplater data for a document; optional parts become empty lists so their paragraphs vanish. */
export function templateData(doc: ReportDocument, ctx: ReportContext): Record<string, unknown> {
  const name: TemplateName = doc.kind;
  const [first, ...more] = doc.attachmentNotes;
  const data: Record<string, unknown> = {
    ...headerTags(ctx),
    sampleMark: doc.sampleMark ? [doc.sampleMark] : [],
    title: doc.title,
    intro: doc.intro,
    attachmentFirst: first ?? '',
    attachmentMore: more,
    signature: doc.signature,
    date: doc.date,
  };
  if (name === 'quarterly' || name === 'notice') {
    Object.assign(data, {
      issuer: doc.masthead?.issuer ?? '',
      docNumber: doc.masthead?.docNumber ?? '',
      recipient: doc.recipient ?? '',
      closing: doc.closing ?? '',
      copyTo: doc.imprint?.copyTo ? [doc.imprint.copyTo] : [],
      printer: doc.imprint?.printer ?? '',
      printDate: doc.imprint?.printDate ?? '',
    });
    if (name === 'quarterly') Object.assign(data, { signer: doc.masthead?.signer ?? '', note: doc.note ? [doc.note] : [] });
  } else {
    data.subtitle = doc.subtitle ?? '';
    data.chart = doc.chartAfter ? [CHART_MARKER] : [];
  }
  for (const s of doc.sections) data[s.key] = s.paragraphs;
  for (const key of specFor(name).optional) {
    const carried = doc.attachments.some((a) => a.key === key);
    data[optionalAttachmentTag(key)] = carried ? [{}] : [];
    data[optionalAttachmentNoTag(key)] = String(doc.attachments.find((a) => a.key === key)?.no ?? '');
    const tags = attachmentTags(key);
    // never printed when not carried (the loop is empty); set so that no tag lacks its data
    Object.assign(data, { [tags.title]: '', [tags.note]: '', [tags.summary]: [], [tags.rows]: [], [tags.empty]: [] });
    if (ATTACHMENT_LAYOUT[key].hasTotal) data[tags.total] = [];
  }
  for (const a of doc.attachments) {
    const tags = attachmentTags(a.key);
    data[tags.title] = a.title;
    data[tags.note] = a.note;
    data[tags.summary] = a.summary;
    data[tags.rows] = a.rows;
    if (ATTACHMENT_LAYOUT[a.key].hasTotal) data[tags.total] = a.total ? [a.total] : [];
    data[tags.empty] = a.emptyText ? [a.emptyText] : [];
  }
  return data;
}
