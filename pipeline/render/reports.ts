/**
 * The official documents: the quarterly report (季度工作推进情况报告) and the year-end summary
 * draft (年度工作总结), each as Word (from templates/*.docx) and PDF, written to OUT/reports/, with
 * a spreadsheet <name>-附件.xlsx beside a document whose lists are too long for it.
 * Both formats come from one document model (documents/model.ts), so they carry the same text and
 * figures. Equal input gives byte-identical files. The documents are made one after another as
 * a stream of files (reportFiles) that the run's one writer (outputFiles.ts) puts in place and logs
 * (relative to the output folder) with its size, time and the fonts used.
 */
import path from 'node:path';
import { projectLists, type ReportContext } from '../context.js';
import { type Destination, type OutputFile, outputFiles } from '../outputFiles.js';
import { categoryChartBars, renderCategoryChart } from './charts.js';
import { templateFile } from './word/templateData.js';
import { buildDocuments } from './documents/model.js';
import { bookHeading } from './documents/overflow.js';
import { renderDocx } from './word/docx.js';
import { describeFonts, type FontChoice } from './pdf/fonts.js';
import { renderPdf } from './pdf/pdf.js';
import { DEFAULT_TEMPLATES_DIR } from './word/templateLint.js';
import { monthlyFiles } from './monthlyReport.js';
import { renderOverflowBook } from './attachmentsWorkbook.js';

export interface RenderReportsOptions {
  log?: (line: string) => void;
  /** folder holding quarterly.docx and annual.docx; default: the package's templates/ */
  templatesDir?: string;
  /** the PDF fonts, chosen from the profile before rendering (pdf/fonts.ts chooseFonts, called by render/outputs.ts) */
  fonts: FontChoice;
}

/**
 * Write reports/quarterly-<YYYY>Q<n>.docx|.pdf, notice-<YYYY>Q<n>.docx|.pdf and
 * annual-<YYYY>.docx|.pdf (with <name>-附件.xlsx: always for the quarterly report, elsewhere where a
 * list overflows), and the 月调度表 monthly-<YYYY>-<MM>.xlsx|.pdf, through `to` (the run's files, or a
 * folder); returns the paths written. The caller lints the templates first (templateLint.ts).
 */
export function renderReports(ctx: ReportContext, to: Destination, opts: RenderReportsOptions): Promise<string[]> {
  return outputFiles(to, opts.log).putAll(reportFiles(ctx, opts));
}

/** The files of renderReports, each made when the writer asks for the next. */
export async function* reportFiles(ctx: ReportContext, opts: RenderReportsOptions): AsyncGenerator<OutputFile> {
  const log = opts.log ?? (() => {});
  // the documents count, name and spill every item: a list cut for stats.json must come whole (compute/buildContext.ts wholeLists)
  for (const list of projectLists(ctx)) {
    if (list.items.length !== list.count)
      throw new Error(`清单 ${list.name} 只有前${list.items.length}项（共${list.count}项）：报告需要完整清单`);
  }
  const templatesDir = opts.templatesDir ?? DEFAULT_TEMPLATES_DIR;

  const { fonts } = opts;
  for (const line of describeFonts(fonts)) log(`PDF 字体 ${line}`);
  // Data-quality notes are for the county's own clerks: stats.json lists them, the documents sent up do not.
  if (ctx.dataQuality.length > 0) {
    log(`提示：台账有${ctx.dataQuality.length}处信息需补充完善（见 stats.json 的 dataQuality），报告中不写入`);
  }

  for (const doc of buildDocuments(ctx)) {
    let since = performance.now();
    // the same chart (or none) in both formats: the PDF draws the SVG, Word its own chart of the same bars
    const chart = doc.chartAfter ? renderCategoryChart(ctx) : null;
    const docx = renderDocx(path.join(templatesDir, templateFile(doc.kind)), doc, ctx, chart && categoryChartBars(ctx));
    yield { rel: `reports/${doc.baseName}.docx`, bytes: docx, logged: { since } };

    since = performance.now();
    const result = await renderPdf({ doc, fonts, chart, documentDate: ctx.meta.documentDate });
    yield {
      rel: `reports/${doc.baseName}.pdf`,
      bytes: result.bytes,
      logged: { since, note: `，嵌入字体：${[...new Set(result.faces)].join('、')}` },
    };
    if (result.missing.length) log(`警告：以下字符在所有可用字体中都没有字形，PDF 中无法显示：${result.missing.join(' ')}`);

    // the lists too long for the document, whole, in the spreadsheet the document names
    if (doc.workbook) {
      since = performance.now();
      const xlsx = await renderOverflowBook(doc.workbook, ctx.meta.documentDate, doc.info.author, bookHeading(ctx, doc.kind));
      const lists = doc.workbook.sheets.map((s) => `“${s.name}”${s.rows.length}行`).join('、');
      yield { rel: `reports/${doc.workbook.file}`, bytes: xlsx, logged: { since, note: `；${lists}` } };
    }
  }
  // the 月调度表 of the as-of date's month: workbook and one-page PDF
  yield* monthlyFiles(ctx, { fonts, log, folder: 'reports' });
}
