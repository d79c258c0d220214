/**
 * Writing a workbook with exceljs: its document properties, and its bytes with one timestamp on
 * every zip entry (zip.ts), so that equal input gives an equal file. exceljs is loaded when a
 * workbook is first written: a run that writes none never pays for it.
 */
import { PassThrough } from 'node:stream';
import type { stream, Workbook } from 'exceljs';
import { restamp, zipDate } from './zip.js';

type WorkbookWriter = stream.xlsx.WorkbookWriter;

/** Who the workbooks say wrote them (creator and last modified by). */
export const CREATOR = 'sgyp';

/** What a workbook says of itself in its document properties. */
export interface BookInfo {
  title: string;
  /** created and modified; its day dates the zip entries */
  date: Date;
  /** docProps/app.xml's Company (exceljs 4.4's streaming writer writes it empty whatever is set) */
  company?: string;
  subject?: string;
  keywords?: string;
}

function describe(wb: Workbook, info: BookInfo): void {
  wb.creator = CREATOR;
  wb.lastModifiedBy = CREATOR;
  if (info.company !== undefined) wb.company = info.company;
  wb.title = info.title;
  if (info.subject !== undefined) wb.subject = info.subject;
  if (info.keywords !== undefined) wb.keywords = info.keywords;
  wb.created = info.date;
  wb.modified = info.date;
}

/** The writer's options: shared strings, as Excel, WPS and LibreOffice write them (else t="str" cells). */
const STREAM_OPTIONS = { useStyles: true, useSharedStrings: true } as const;

/** A workbook `build` fills in memory, as .xlsx bytes. */
export async function workbookBytes(info: BookInfo, build: (wb: Workbook) => void): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  describe(wb, info);
  build(wb);
  return restamp(Buffer.from(await wb.xlsx.writeBuffer()), zipDate(info.date.toISOString()));
}

/**
 * A workbook `build` writes row by row with exceljs's streaming writer (a row committed is not
 * kept as cell objects: for lists of any length), as .xlsx bytes.
 */
export async function streamedWorkbookBytes(info: BookInfo, build: (wb: WorkbookWriter) => void): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, ...STREAM_OPTIONS });
  describe(wb, info);
  build(wb);
  await wb.commit();
  return restamp(Buffer.concat(chunks), zipDate(info.date.toISOString()));
}

/**
 * A streaming writer straight into `file`, for a workbook as long as a ledger (its bytes are not
 * held, nor stamped: the zip entries carry the time of writing). The caller sets its properties.
 */
export async function workbookWriter(file: string): Promise<WorkbookWriter> {
  const ExcelJS = (await import('exceljs')).default;
  return new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, ...STREAM_OPTIONS });
}
