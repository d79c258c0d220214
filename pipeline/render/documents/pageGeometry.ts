/**
 * GB/T 9704-2012 page geometry shared by the Word templates and the PDF, so both lay out the same
 * 22 lines of 28 characters on a 156 × 225 mm type area.
 */

export const MM_PER_INCH = 25.4;
export const PT_PER_MM = 72 / MM_PER_INCH;

/** A4 and the 公文 margins, in millimetres. */
export const PAGE_MM = { width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26 } as const;

/** Type area: 156 mm × 225 mm. */
export const TYPE_MM = {
  width: PAGE_MM.width - PAGE_MM.left - PAGE_MM.right,
  height: PAGE_MM.height - PAGE_MM.top - PAGE_MM.bottom,
} as const;

export const CHARS_PER_LINE = 28;

/** Font sizes in points: 2号 title, 3号 body, 4号 page numbers, 小四 and 五号 for tables. */
export const PT = { 二号: 22, 三号: 16, 四号: 14, 小四: 12, 五号: 10.5 } as const;

/**
 * Line pitch: 225 mm / 22 lines = 28.99 pt; Word's grid stores 579 twips (28.95 pt), which we use
 * everywhere so that 22 lines always fit (a hair under the exact value).
 */
export const LINE_PITCH_TWIPS = 579;
export const LINE_PITCH_PT = LINE_PITCH_TWIPS / 20;

/**
 * Character spacing that makes 28 characters of 3号 fill a line: 156 mm / 28 = 15.79 pt a
 * character, so each 16 pt character is drawn 0.25 pt tighter (rounded down to Word's unit of
 * 1/20 pt, so the 28th character still fits). Word (w:spacing w:val="-5") and the PDF
 * (characterSpacing) use the same value; a character grid alone is not enough because LibreOffice
 * puts a glyph wider than the grid cell into two cells.
 */
export const BODY_CHAR_SPACING_TWIPS = Math.floor(((TYPE_MM.width * PT_PER_MM) / CHARS_PER_LINE - PT.三号) * 20);
export const BODY_CHAR_SPACING_PT = BODY_CHAR_SPACING_TWIPS / 20;

/** One body character (for indents): the pitch of the 28-character line. */
export const BODY_CHAR_PT = PT.三号 + BODY_CHAR_SPACING_PT;
