/**
 * Golden text of the sample county's documents: the paragraphs of each .docx (from
 * word/document.xml) and the text of each PDF, one file per document and format under
 * tests/snapshots/reports/. A change of wording or figures shows up in the diff of these files and
 * is reviewed there. After an intended change, regenerate them with
 *
 *   npx vitest run tests/reports.golden.test.ts -u
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeContext } from '../pipeline/run.js';
import { renderReports } from '../pipeline/render/reports.js';
import { chooseFonts } from '../pipeline/render/pdf/fonts.js';
import { docxParagraphs } from './fixtures/docs/support.js';

const SNAPSHOTS = path.resolve(import.meta.dirname, 'snapshots/reports');
let out: string;

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'sgyp-golden-'));
  const ctx = await computeContext({ dataDir: 'data' });
  await renderReports(ctx, out, { fonts: chooseFonts(ctx.profile, { fontDirs: [] }) });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** PDF text as lines: items joined, a new line where pdf.js reports an end of line, a rule between pages. */
async function pdfText(file: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    let text = '';
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push(text.replace(/[ \t]+\n/g, '\n').replace(/\n+$/, ''));
    page.cleanup();
  }
  await doc.destroy();
  return `${pages.map((p, i) => `=== 第${i + 1}页 ===\n${p}`).join('\n')}\n`;
}

describe.each(['quarterly-2026Q3', 'notice-2026Q3', 'annual-2026'])('%s (sample county)', (base) => {
  it('Word: paragraphs as text match the golden file', async () => {
    const text = `${docxParagraphs(readFileSync(path.join(out, 'reports', `${base}.docx`))).join('\n')}\n`;
    await expect(text).toMatchFileSnapshot(path.join(SNAPSHOTS, `${base}.docx.txt`));
  });

  it('PDF: text as text matches the golden file', async () => {
    await expect(await pdfText(path.join(out, 'reports', `${base}.pdf`))).toMatchFileSnapshot(path.join(SNAPSHOTS, `${base}.pdf.txt`));
  });
});
