/**
 * Word output: fill a template (templates/*.docx) with the document model through docxtemplater.
 * The result is byte-stable: document properties carry the context's fixed document date and every
 * zip entry the same timestamp, so equal input gives an equal file.
 */
import { readFileSync } from 'node:fs';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import type { ReportContext } from '../../context.js';
import { templateData } from './templateData.js';
import type { ReportDocument } from '../documents/model.js';
import { coreXml } from './package.js';
import { stampedZip, zipDate } from '../../sheet/zip.js';
import { DOCXTEMPLATER_OPTIONS } from './templateLint.js';
import { fitTables, noBreakHyphens } from './layout.js';
import { type DocxChart, placeChart } from './chart.js';

/**
 * Fill the template at `templatePath` with `doc`; returns the .docx bytes. `chart`: the category
 * chart of a document that carries one (the PDF's), placed where the template's chart paragraph is.
 */
export function renderDocx(templatePath: string, doc: ReportDocument, ctx: ReportContext, chart: DocxChart | null = null): Buffer {
  const zip = new PizZip(readFileSync(templatePath));
  const dxt = new Docxtemplater(zip, {
    ...DOCXTEMPLATER_OPTIONS,
    // The lint has already refused unknown tags; a missing value would be our bug, so fail loudly.
    nullGetter(part) {
      if (!part.module) throw new Error(`模板标签“{${part.value}}”没有对应的数据`);
      return '';
    },
  });
  dxt.render(templateData(doc, ctx));
  const out = dxt.getZip() as PizZip;
  // what the template cannot know before the text is in: unbroken project numbers, table widths
  const body = out.file('word/document.xml')!.asText();
  out.file('word/document.xml', placeChart(out, fitTables(noBreakHyphens(body), doc.attachments), doc.chartAfter ? chart : null));
  out.file('docProps/core.xml', coreXml({ title: doc.info.title, creator: doc.info.author, date: ctx.meta.documentDate }));
  return stampedZip(out, zipDate(ctx.meta.documentDate));
}
