/**
 * The sample's own workbook (data/05-石峡乡-示例数据.xlsx) saved the ways other programs save it:
 * each variant is the same ledger, patched in its XML as the real writer leaves it, so that a test
 * can ask for exactly the sample's figures or an exact refusal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import { computeContext } from '../../pipeline/run.js';
import { tempDir } from './ledger.js';

export const SAMPLE_WORKBOOK = '05-石峡乡-示例数据.xlsx';
/** The sample's date (profile.yaml asOf). */
export const AS_OF = '2026-09-30';
export const SAMPLE_SHEET = 'xl/worksheets/sheet1.xml';

export function sampleWorkbook(): Buffer {
  return readFileSync(path.join('data', SAMPLE_WORKBOOK));
}

/** A data folder holding `files` (name → bytes). */
export function folderWith(files: Record<string, Buffer | string>): string {
  const dir = tempDir('sgyp-wb-');
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
  return dir;
}

/** Change the parts of an .xlsx (path → new text, from the old). */
export function patchXlsx(bytes: Buffer, patches: Record<string, (xml: string) => string>, strict = true): Buffer {
  const zip = new PizZip(bytes);
  for (const [file, patch] of Object.entries(patches)) {
    const xml = zip.file(file)?.asText();
    if (xml == null) throw new Error(`no ${file} in the workbook`);
    const patched = patch(xml);
    if (patched === xml && strict) throw new Error(`patch of ${file} changed nothing`);
    zip.file(file, patched);
  }
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Style indexes (s="…") whose number format is a date. */
function dateStyles(styles: string): Set<number> {
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)) custom.set(Number(m[1]), m[2]!);
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const out = new Set<number>();
  [...xfs.matchAll(/<xf [^>]*numFmtId="(\d+)"/g)].forEach((m, i) => {
    const id = Number(m[1]);
    if ((id >= 14 && id <= 22) || /[yd]/i.test(custom.get(id) ?? '')) out.add(i);
  });
  return out;
}

/**
 * The workbook as Excel for Mac (or LibreOffice keeping the option) saves it in the 1904 date
 * system: `<workbookPr date1904="1">` and every date serial 1462 days smaller.
 */
export function withDate1904(bytes: Buffer): Buffer {
  const zip = new PizZip(bytes);
  const dates = dateStyles(zip.file('xl/styles.xml')!.asText());
  const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
  const patches: Record<string, (xml: string) => string> = {
    'xl/workbook.xml': (xml) => xml.replace(/<workbookPr( |\/)/, '<workbookPr date1904="1"$1'),
  };
  for (const sheet of sheets) {
    patches[sheet] = (xml) =>
      xml.replace(/<c r="([A-Z]+\d+)" s="(\d+)"( t="n")?><v>([\d.]+)<\/v><\/c>/g, (all, r, s, t, v) =>
        dates.has(Number(s)) ? `<c r="${r}" s="${s}"${t ?? ''}><v>${Number(v) - 1462}</v></c>` : all,
      );
  }
  return patchXlsx(bytes, patches, false);
}

/** The figures a test compares: totals, categories, warnings, the rows of each file. */
export async function figuresOf(dir: string) {
  const ctx = await computeContext({ dataDir: dir, asOf: AS_OF });
  return {
    total: ctx.total,
    byCategory: ctx.byCategory,
    warnings: ctx.warnings.items.map((w) => [w.id, w.level, w.reasons]),
    projects: ctx.projects.map((p) => JSON.stringify(p)),
    files: ctx.rows.files.map((f) => [f.sheet, f.headerLine, f.read, f.counted, f.leftOut, f.blank, f.total, f.notes]),
  };
}
