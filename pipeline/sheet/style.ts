/**
 * The cell styles and page set-ups the workbooks share. exceljs writes a style once per workbook
 * however many cells carry it, so the same objects may be handed to every cell.
 */

/** The reports' workbooks (attachments, 月调度表) are set in 宋体, as their documents. */
export const SONG = { name: '宋体', family: 2, size: 11 } as const;
export const SONG_BOLD = { ...SONG, bold: true } as const;
/** exceljs's default font, named (a font without a name falls back to a serif face). */
export const CALIBRI = { name: 'Calibri', family: 2, size: 11 } as const;

/** A cell filled with one colour (ARGB, e.g. FFF2F2F2). */
export function solidFill(argb: string) {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } } as const;
}

/** The light grey of a table's header cells. */
export const HEADER_FILL = solidFill('FFF2F2F2');

/** A thin line of one colour on all four sides of a cell. */
export function thinBorder(argb: string) {
  const side = { style: 'thin', color: { argb } } as const;
  return { top: side, left: side, bottom: side, right: side } as const;
}

/** Printed on A4 (paper size 9), landscape. */
export const A4_LANDSCAPE = { paperSize: 9, orientation: 'landscape' } as const;
/** … fitted to the width of one page, as many pages long as it takes. */
export const A4_LANDSCAPE_PAGE_WIDE = { ...A4_LANDSCAPE, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } as const;
