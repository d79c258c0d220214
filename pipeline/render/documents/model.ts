/**
 * The text of the two official documents, built once from the ReportContext. Both the Word file
 * (through docxtemplater data, see word/templateData.ts) and the PDF (pdf/pdf.ts) are drawn from this model, so
 * they carry the same sentences and figures. Pure functions: no I/O, no figure computed here —
 * every number is read from the context and printed with pipeline/format.
 */
import type { ReportContext } from '../../context.js';
import { formatDateCn, periodLabel, quarterLabel } from '../../format/index.js';
import { documentNames } from '../../vocabulary.js';
import { buildAttachments, hasChangeItems, type Attachment, type AttachmentKey } from './tables.js';
import { type OverflowBook, Spill } from './overflow.js';
import * as say from './sentences.js';
import { breakTitle, namePhrases } from './title.js';

export type { Attachment, AttachmentKey, Column } from './tables.js';
export type { OverflowBook, OverflowSheet, SheetColumn } from './overflow.js';

/** One body paragraph: an optional run-in heading (楷体, e.g. “（一）升级类项目。”) and the text. */
export type Para = say.Para;

export interface Section {
  key: string;
  /** numbered first-level heading, e.g. 一、总体情况 (黑体) */
  heading: string;
  paragraphs: Para[];
  /** the clerk writes this section: paragraphs are 【请在此处填写……】 marks */
  placeholder: boolean;
}

export interface SectionSpec {
  key: string;
  heading: string;
  placeholder?: boolean;
}

/** Section order and headings. The Word templates print these headings as literal text. */
export const QUARTERLY_SECTIONS: readonly SectionSpec[] = [
  { key: 'overview', heading: '一、总体情况' },
  { key: 'measures', heading: '二、主要工作举措和成效', placeholder: true },
  { key: 'progress', heading: '三、分类推进情况' },
  { key: 'warnings', heading: '四、风险预警情况' },
  { key: 'problems', heading: '五、存在问题' },
  { key: 'nextSteps', heading: '六、下步工作' },
];

export const ANNUAL_SECTIONS: readonly SectionSpec[] = [
  { key: 'basics', heading: '一、基本情况' },
  { key: 'stages', heading: '二、阶段推进情况' },
  { key: 'results', heading: '三、分类推进成效' },
  { key: 'risks', heading: '四、风险防控和收益管理' },
  { key: 'experience', heading: '五、经验做法', placeholder: true },
  { key: 'problems', heading: '六、存在问题' },
  { key: 'plans', heading: '七、下步打算', placeholder: true },
];

export const QUARTERLY_ATTACHMENTS: readonly AttachmentKey[] = ['townships', 'idle', 'dividends', 'warnings', 'overdue'];

/** 季度通报 (下行文 to the townships and departments): headings without level words, so one template serves every county. */
export const NOTICE_SECTIONS: readonly SectionSpec[] = [
  { key: 'overview', heading: '一、总体情况' },
  { key: 'townshipRanking', heading: '二、属地推进情况' },
  { key: 'departmentRanking', heading: '三、部门推进情况' },
  { key: 'problems', heading: '四、存在问题' },
  { key: 'requirements', heading: '五、工作要求' },
];
export const NOTICE_ATTACHMENTS: readonly AttachmentKey[] = ['rankTownships', 'rankDepartments', 'overdue'];
/** Attached to the quarterly report after the others only when there is an earlier snapshot and something changed. */
export const QUARTERLY_CHANGES_ATTACHMENT: AttachmentKey = 'changes';
/**
 * The quarterly report's attachments carried only sometimes, in order after the others: the
 * 专题研究 list (profile thematicReview) and the 变动情况表 (an earlier snapshot, something changed).
 */
export const QUARTERLY_OPTIONAL_ATTACHMENTS: readonly AttachmentKey[] = ['thematic', QUARTERLY_CHANGES_ATTACHMENT];
export const ANNUAL_ATTACHMENTS: readonly AttachmentKey[] = ['townships', 'overdue'];
/** Attached to the annual summary after the others only when there is a snapshot to call 年初 (ctx.yearStart). */
export const ANNUAL_YEAR_START_ATTACHMENT: AttachmentKey = 'yearStart';

export interface Masthead {
  /** 发文机关标志 (red) */
  issuer: string;
  /** 发文字号, e.g. 示农专办〔2026〕7号 */
  docNumber: string;
  /** 签发人 name ('' leaves the place for the clerk); null for a 下行文, whose 发文字号 stands centred */
  signer: string | null;
}

export interface Imprint {
  copyTo: string | null;
  printer: string;
  /** 印发日期, e.g. 2026年10月12日印发 (blank for the clerk when the profile gives no date) */
  printDate: string;
}

/** Printed where the profile gives no 成文日期: the clerk writes the date when it is signed. */
export const BLANK_DATE = '    年  月  日';
/** Printed in place of a 发文顺序号 the profile does not give, e.g. 示农专办〔2026〕  号. */
export const BLANK_SERIAL = '  ';

export interface ReportDocument {
  kind: 'quarterly' | 'annual' | 'notice';
  /** file name without extension: quarterly-2026Q3, notice-2026Q3, annual-2026 */
  baseName: string;
  /** 示例数据 mark, or null for real data */
  sampleMark: string | null;
  masthead: Masthead | null;
  /** title; `\n` marks where the line breaks (2号 holds about 20 characters a line) */
  title: string;
  subtitle: string | null;
  recipient: string | null;
  intro: string;
  sections: Section[];
  closing: string | null;
  /** 附件说明 items, e.g. 1.示例县经营性帮扶项目资产“四个一批”分类统计表 */
  attachmentNotes: string[];
  signature: string;
  /** 成文日期, e.g. 2026年10月12日, or BLANK_DATE */
  date: string;
  /** 附注 under the date, e.g. （联系人：王晓红；联系电话：0971-8123456）, or null */
  note: string | null;
  attachments: Attachment[];
  imprint: Imprint | null;
  /**
   * the spreadsheet beside the document (reports/<baseName>-附件.xlsx) holding the lists too long
   * for it (profile thresholds.attachmentRows), whole; null when every list fits
   */
  workbook: OverflowBook | null;
  /** section after which the PDF places the category chart, or null */
  chartAfter: string | null;
  info: { title: string; author: string; subject: string; keywords: string };
}

export const SAMPLE_MARK = '示例数据';

/**
 * Profiles often write organ names with a bare level word (县农业农村局; a city's 市农业农村局); a
 * document needs the county (or city) in front (示例县农业农村局). Names that already start with
 * it are left alone.
 */
export function qualifyOrgName(name: string, ctx: ReportContext): string {
  const { area } = ctx;
  if (name.startsWith(area.name)) return name;
  if (name.startsWith(area.level)) return area.name + name.slice(area.level.length);
  return name;
}

/** “（见附件2）” when the document carries that attachment, else nothing. */
function seeAttachment(attachments: Attachment[]): say.SeeAttachment {
  return (key) => {
    const a = attachments.find((x) => x.key === key);
    return a ? `（见附件${a.no}）` : '';
  };
}

function attachmentNote(a: Attachment): string {
  return `${a.no}.${a.title.replace(/\n/g, '')}`;
}

/**
 * The spreadsheet a document's long lists go to: <baseName>-附件.xlsx beside it; with
 * `everyAttachment` (the quarterly report) every attachment goes there whole.
 */
function spillFor(ctx: ReportContext, baseName: string, kind: ReportDocument['kind']): Spill {
  return new Spill(`${baseName}-附件.xlsx`, ctx.profile.thresholds.attachmentRows, kind === 'quarterly', workbookName(ctx, kind));
}

/**
 * How the documents name the spreadsheet beside them: in Chinese, never by its file name
 * (青岚县2026年第三季度“四个一批”工作推进情况附件).
 */
function workbookName(ctx: ReportContext, kind: ReportDocument['kind']): string {
  const { meta } = ctx;
  const area = ctx.area.name;
  if (kind === 'annual') return `${area}${meta.year}年“四个一批”工作总结附件`;
  const period = periodLabel(meta.year, meta.quarter);
  return `${area}${period}“四个一批”工作推进情况${kind === 'notice' ? '通报' : ''}附件`;
}

/** The 附件说明: the attachments, then the spreadsheet beside the document when it has one. */
function attachmentNotes(attachments: Attachment[], book: OverflowBook | null, name: string): string[] {
  const notes = attachments.map(attachmentNote);
  return book ? [...notes, `${attachments.length + 1}.${name}（电子表格）`] : notes;
}

/** 抄送 as printed: the list, with its full stop; null when there is none. */
function copyToLine(copyTo: string): string | null {
  return copyTo.trim() ? `${copyTo.trim().replace(/[。.]$/, '')}。` : null;
}

function sampleMark(ctx: ReportContext): string | null {
  return ctx.meta.sample ? SAMPLE_MARK : null;
}

function infoFor(ctx: ReportContext, title: string, subject: string) {
  return {
    title: title.replace(/\n/g, ''),
    author: qualifyOrgName(ctx.profile.issuer, ctx),
    subject,
    keywords: `四个一批,经营性帮扶项目资产,${ctx.area.name}`,
  };
}

/** The profile's settings for one period (2026Q3 or 2026): 发文顺序号 and 成文日期, if given. */
function periodSettings(ctx: ReportContext, key: string): { serial?: number; date?: string } {
  return ctx.profile.reports?.[key] ?? {};
}

/**
 * Characters of the 发文机关标志 (26 pt, as the Word template's GwIssuer) a line of the 156 mm type
 * area holds: a longer organ name breaks between its words (…工作 | 领导小组 | 办公室), never inside one.
 */
const ISSUER_LINE_WIDTH = 17;

function issuerLines(issuer: string, ctx: ReportContext): string {
  return breakTitle(namePhrases(issuer, ctx.area.name), ISSUER_LINE_WIDTH);
}

/** 成文日期 from the profile, else blank for the clerk (never the as-of date as if signed). */
function signedDate(date: string | undefined): string {
  return date ? formatDateCn(date) : BLANK_DATE;
}

/** 季度工作推进情况报告 (上行文) for the quarter holding ctx.meta.asOf. */
export function buildQuarterlyReport(ctx: ReportContext): ReportDocument {
  const { meta, profile } = ctx;
  const issuer = qualifyOrgName(profile.issuer, ctx);
  const settings = periodSettings(ctx, `${meta.year}Q${meta.quarter}`);
  // GB/T 9704 §7.3.1: 发文机关名称 + 事由 + 文种.
  const title = quarterTitle(ctx, issuer, '的报告');
  const contact = profile.contact;
  const baseName = documentNames(meta.asOf).quarterly;
  // the municipal office adds the counties' attachments up in Excel: all of them in the spreadsheet
  const spill = spillFor(ctx, baseName, 'quarterly');
  const attachments = buildAttachments(
    ctx,
    [
      ...QUARTERLY_ATTACHMENTS,
      ...(ctx.thematicReview ? (['thematic'] as const) : []),
      ...(hasChangeItems(ctx.changes) ? [QUARTERLY_CHANGES_ATTACHMENT] : []),
    ],
    spill,
  );
  const see = seeAttachment(attachments);
  const byKey: Record<string, Para[]> = {
    overview: say.overview(ctx, see),
    measures: say.measuresPlaceholder(ctx),
    progress: say.progress(ctx, see, true, spill),
    warnings: say.warnings(ctx, see, spill, true),
    problems: say.problems(ctx),
    nextSteps: say.nextSteps(ctx),
  };
  return {
    kind: 'quarterly',
    baseName,
    sampleMark: sampleMark(ctx),
    masthead: {
      issuer: issuerLines(issuer, ctx),
      docNumber: `${profile.docNumberPrefix}〔${meta.year}〕${settings.serial ?? BLANK_SERIAL}号`,
      signer: profile.signer,
    },
    title,
    subtitle: null,
    recipient: `${profile.recipient}：`,
    intro: say.quarterlyIntro(ctx),
    sections: QUARTERLY_SECTIONS.map((s) => ({
      key: s.key,
      heading: s.heading,
      paragraphs: byKey[s.key]!,
      placeholder: s.placeholder ?? false,
    })),
    closing: '特此报告。',
    attachmentNotes: attachmentNotes(attachments, spill.book(''), spill.name),
    signature: issuer,
    date: signedDate(settings.date),
    note: contact ? `（联系人：${contact.name}；联系电话：${contact.phone}）` : null,
    attachments,
    imprint: {
      copyTo: copyToLine(profile.copyTo),
      printer: qualifyOrgName(profile.printer, ctx),
      printDate: `${signedDate(settings.date)}印发`,
    },
    workbook: spill.book(`${title.replace(/\n/g, '')}附件`),
    chartAfter: null,
    info: infoFor(ctx, title, `${periodLabel(meta.year, meta.quarter)}“四个一批”工作推进情况报告`),
  };
}

/**
 * 季度通报 (下行文) to the townships and the county's departments (a city's: to its 县 and the
 * city's departments) for the quarter holding
 * ctx.meta.asOf: where each stands (ranked by the completion rate of its 升级/盘活/调整 projects),
 * its overdue projects, red warnings and 追缴 owed, and what changed since the last quarter.
 * Its 发文字号 and 成文日期 are left for the clerk.
 */
export function buildQuarterlyNotice(ctx: ReportContext): ReportDocument {
  const { meta, profile } = ctx;
  const issuer = qualifyOrgName(profile.issuer, ctx);
  const title = quarterTitle(ctx, issuer, '的通报');
  const noticeBase = documentNames(meta.asOf).notice;
  const spill = spillFor(ctx, noticeBase, 'notice');
  const attachments = buildAttachments(
    ctx,
    hasChangeItems(ctx.changes) ? [...NOTICE_ATTACHMENTS, QUARTERLY_CHANGES_ATTACHMENT] : NOTICE_ATTACHMENTS,
    spill,
  );
  const see = seeAttachment(attachments);
  const byKey: Record<string, Para[]> = {
    overview: say.noticeOverview(ctx, see),
    townshipRanking: say.noticeRanking(ctx, 'townships', see),
    departmentRanking: say.noticeRanking(ctx, 'departments', see),
    problems: say.problems(ctx),
    requirements: say.noticeRequirements(ctx),
  };
  return {
    kind: 'notice',
    baseName: noticeBase,
    sampleMark: sampleMark(ctx),
    masthead: { issuer: issuerLines(issuer, ctx), docNumber: `${profile.docNumberPrefix}〔${meta.year}〕${BLANK_SERIAL}号`, signer: null },
    title,
    subtitle: null,
    recipient: `${profile.notice.recipient?.trim() || noticeRecipient(ctx)}：`,
    intro: say.noticeIntro(ctx),
    sections: NOTICE_SECTIONS.map((s) => ({ key: s.key, heading: s.heading, paragraphs: byKey[s.key]!, placeholder: false })),
    closing: '特此通报。',
    attachmentNotes: attachmentNotes(attachments, spill.book(''), spill.name),
    signature: issuer,
    date: BLANK_DATE,
    note: null,
    attachments,
    imprint: {
      // the 通报's own 抄送 (profile notice.copyTo): never the 上行文's
      copyTo: copyToLine(profile.notice.copyTo),
      printer: qualifyOrgName(profile.printer, ctx),
      printDate: `${BLANK_DATE}印发`,
    },
    chartAfter: null,
    info: infoFor(ctx, title, `${periodLabel(meta.year, meta.quarter)}“四个一批”工作推进情况通报`),
    workbook: spill.book(`${title.replace(/\n/g, '')}附件`),
  };
}

/** 年度工作总结（初稿） for the year holding ctx.meta.asOf, with places the clerk fills in. */
export function buildAnnualSummary(ctx: ReportContext): ReportDocument {
  const { meta, profile } = ctx;
  const title = breakTitle([ctx.area.name, `${meta.year}年`, '经营性', '帮扶项目资产', '“四个一批”', '工作总结']);
  const settings = periodSettings(ctx, String(meta.year));
  const baseName = documentNames(meta.asOf).annual;
  const spill = spillFor(ctx, baseName, 'annual');
  const attachments = buildAttachments(
    ctx,
    ctx.yearStart ? [...ANNUAL_ATTACHMENTS, ANNUAL_YEAR_START_ATTACHMENT] : ANNUAL_ATTACHMENTS,
    spill,
  );
  const see = seeAttachment(attachments);
  const byKey: Record<string, Para[]> = {
    basics: say.annualBasics(ctx, see),
    stages: say.stages(ctx),
    results: say.annualResults(ctx, see),
    risks: say.warnings(ctx, see, spill),
    experience: say.experiencePlaceholder(ctx),
    problems: say.problems(ctx),
    plans: say.plansPlaceholder(ctx),
  };
  return {
    kind: 'annual',
    baseName,
    sampleMark: sampleMark(ctx),
    masthead: null,
    title,
    subtitle: '（初稿）',
    recipient: null,
    intro: say.annualIntro(ctx),
    sections: ANNUAL_SECTIONS.map((s) => ({
      key: s.key,
      heading: s.heading,
      paragraphs: byKey[s.key]!,
      placeholder: s.placeholder ?? false,
    })),
    closing: null,
    attachmentNotes: attachmentNotes(attachments, spill.book(''), spill.name),
    signature: qualifyOrgName(profile.issuer, ctx),
    date: signedDate(settings.date),
    note: null,
    attachments,
    imprint: null,
    workbook: spill.book(`${title.replace(/\n/g, '')}附件`),
    chartAfter: 'basics',
    info: infoFor(ctx, title, `${meta.year}年“四个一批”工作总结（初稿）`),
  };
}

/**
 * 主送 of the 季度通报 when the profile gives none: 各乡镇人民政府，县直有关部门; with 街道 among the
 * units, their 办事处 too (各乡镇人民政府、高寨街道办事处; more than three: 各街道办事处); a city's 各县（市、区）人民政府.
 */
function noticeRecipient(ctx: ReportContext): string {
  const { area } = ctx;
  const units = ctx.streets.length === 0 || area.city ? `各${area.units}人民政府` : streetsAddressed(ctx);
  return `${units}，${area.level}直有关部门`;
}

/** 各乡镇人民政府、高寨街道办事处 (a 街道 has an 办事处, not a 人民政府; 大足's 镇街: 各镇人民政府、…街道办事处). */
function streetsAddressed(ctx: ReportContext): string {
  const offices = ctx.streets.map((s) => (s.endsWith('办事处') ? s : `${s}办事处`));
  const word = ctx.profile.levelNames.township.replace(/（街道）$|街道?$/, '') || '乡镇';
  const towns = ctx.townships.length > ctx.streets.length ? `各${word}人民政府、` : '';
  return `${towns}${offices.length > 3 ? '各街道办事处' : offices.join('、')}`;
}

export function buildDocuments(ctx: ReportContext): ReportDocument[] {
  return [buildQuarterlyReport(ctx), buildQuarterlyNotice(ctx), buildAnnualSummary(ctx)];
}

/**
 * GB/T 9704 §7.3.1: 发文机关名称 + 事由 + 文种, in phrases that are never broken across lines
 * (the quarterly report's 的报告, the 季度通报's 的通报).
 */
function quarterTitle(ctx: ReportContext, issuer: string, kind: string): string {
  const { meta } = ctx;
  return breakTitle([
    ...namePhrases(issuer, ctx.area.name),
    '关于',
    `${meta.year}年`,
    quarterLabel(meta.quarter),
    '经营性',
    '帮扶项目资产',
    '“四个一批”',
    '工作推进情况',
    kind,
  ]);
}
