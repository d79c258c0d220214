/**
 * What the Word file's layout takes from the filled-in text, applied to word/document.xml after
 * docxtemplater has filled it (a template cannot measure its data):
 *
 * - project numbers never break at their hyphens: each hyphen of a token such as HZ-2014-00260
 *   becomes Word's non-breaking hyphen (w:noBreakHyphen, which Word, WPS and LibreOffice draw with
 *   the run's font);
 * - the attachment tables get column widths from their cells (documents/widths.ts, the same rule
 *   as the PDF's, with the characters' widths estimated): a table the template marks with
 *   w:tblCaption “sgyp:<attachment key>” (scripts/templates/wordml.ts) and whose columns are still
 *   the attachment's; a clerk's table without the mark keeps its widths.
 */
import type { Attachment } from '../documents/model.js';
import { attachmentWidths, estimateEm } from '../documents/widths.js';

/** Hyphenated Latin/digit tokens (project numbers). */
const ID_TOKEN = /[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+/g;

/** The text of every w:t, with the hyphens of project numbers made non-breaking. */
export function noBreakHyphens(xml: string): string {
  return xml.replace(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g, (whole, text: string) => {
    if (!text.includes('-')) return whole;
    const parts = text.replace(ID_TOKEN, (id) => id.replace(/-/g, '\u0000'));
    if (!parts.includes('\u0000')) return whole;
    return parts
      .split('\u0000')
      .map((t) => `<w:t xml:space="preserve">${t}</w:t>`)
      .join('<w:noBreakHyphen/>');
  });
}

const TWIPS_PER_PT = 20;
/** Cell margins left and right (wordml.ts tblCellMar). */
const CELL_MARGIN = 57;

/**
 * Column widths in twips for an attachment's table of `tableWidth` twips: the PDF's rule, with
 * widths estimated (a CJK character one em, a Latin one about half, and room for the gap word
 * processors put between Chinese and digits).
 */
export function wordColumnWidths(a: Attachment, tableWidth: number): number[] {
  const size = a.fontSize * TWIPS_PER_PT;
  const measure = (text: string) => (text ? Math.ceil((estimateEm(text) + gaps(text) * 0.3 + 0.4) * size) : 0);
  const n = a.columns.length;
  const widths = attachmentWidths(a, measure, tableWidth - n * 2 * CELL_MARGIN).map((w) => Math.floor(w) + 2 * CELL_MARGIN);
  // whole twips summing to the table's width
  widths[n - 1]! += tableWidth - widths.reduce((s, w) => s + w, 0);
  return widths;
}

/** How often the text changes between CJK and Latin/digits (each change gets a small gap in Word). */
function gaps(text: string): number {
  let n = 0;
  let last: boolean | null = null;
  for (const ch of text) {
    const cjk = ch.codePointAt(0)! >= 0x2e80;
    if (last !== null && cjk !== last) n++;
    last = cjk;
  }
  return n;
}

/** The mark of an attachment's table in a template: <w:tblCaption w:val="sgyp:idle"/>. */
export const TABLE_MARK = 'sgyp:';

/** Every marked attachment table of `xml` with its column widths from `attachments`' cells. */
export function fitTables(xml: string, attachments: readonly Attachment[]): string {
  return xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (tbl) => {
    const mark = new RegExp(`<w:tblCaption w:val="${TABLE_MARK}(\\w+)"/>`).exec(tbl);
    const a = mark && attachments.find((x) => x.key === mark[1]);
    if (!a) return tbl;
    const grid = [...tbl.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    if (grid.length !== a.columns.length) return tbl;
    const widths = wordColumnWidths(
      a,
      grid.reduce((s, w) => s + w, 0),
    );
    let col = 0;
    return tbl
      .replace(/<w:gridCol w:w="\d+"\/>/g, () => `<w:gridCol w:w="${widths[col++]}"/>`)
      .replace(/<w:tr>[\s\S]*?<\/w:tr>/g, (tr) => {
        let i = 0;
        return tr.replace(/<w:tcW w:w="\d+" w:type="dxa"\/>/g, () => `<w:tcW w:w="${widths[i++ % widths.length]}" w:type="dxa"/>`);
      });
  });
}
