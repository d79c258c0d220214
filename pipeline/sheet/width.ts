/**
 * How wide a text is in a spreadsheet column, in Excel's character units (the width of a digit in
 * the sheet's font): a Chinese character takes two. Column widths and the heights of rows whose
 * text wraps are set from it, since Excel, WPS and LibreOffice size neither when opening a file.
 */

/** From here up a character counts two: the CJK radicals, punctuation, ideographs and full-width forms. */
export const WIDE_FROM_CJK = 0x2e80;
/**
 * Every character beyond Latin-1 counts two: “”, — and … too, which a Chinese font draws full
 * width (the ledger template, whose instructions are full of them, measures so).
 */
export const WIDE_FROM_NON_LATIN = 0x100;

/** The width of `text`: one unit a character, two from `wideFrom` up. */
export function displayWidth(text: string, wideFrom = WIDE_FROM_CJK): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! < wideFrom ? 1 : 2;
  return w;
}

export interface WrapOptions {
  /** how much wider than regular body text the font draws (bold or larger: over 1; under 1 where a character is a little under two units) */
  scale?: number;
  wideFrom?: number;
}

/** Lines `text` takes when wrapped in `width` units (at least one). */
export function wrappedLines(text: string, width: number, { scale = 1, wideFrom = WIDE_FROM_CJK }: WrapOptions = {}): number {
  return Math.max(1, Math.ceil((displayWidth(text, wideFrom) * scale) / width));
}
