/**
 * The zip of an Office package (.xlsx, and the .docx of render/word), byte-stable: every entry
 * carries one timestamp, so that equal input gives an equal archive. exceljs and docxtemplater
 * stamp the entries with the time of writing; PizZip reads the package and writes it again with
 * the given date (the entries are deflated anew, as the writers deflate them).
 */
import PizZip from 'pizzip';

/**
 * The zip timestamp of a document dated `iso` (its day, at midnight). Zip entries carry a DOS
 * timestamp in local time; a Date built from local components gives the same bytes whatever the
 * machine's time zone.
 */
export function zipDate(iso: string): Date {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(y!, m! - 1, d!, 0, 0, 0);
}

/** The archive's bytes with every entry stamped `date`. */
export function stampedZip(zip: PizZip, date: Date): Buffer {
  for (const name of Object.keys(zip.files)) zip.files[name]!.date = date;
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
}

/** A package's bytes (as a writer left them) with every entry stamped `date`. */
export function restamp(bytes: Buffer, date: Date): Buffer {
  return stampedZip(new PizZip(bytes), date);
}
