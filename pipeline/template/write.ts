/**
 * Writes the ledger template: whole or not at all (a temporary file in the same folder, then a
 * rename), and never over a file this program did not write — a clerk's ledger is never replaced.
 * An existing file is replaced only when its document properties mark it as an sgyp template
 * (creator and keywords) and it is still blank: a template someone has filled in is a ledger.
 */
import { existsSync, linkSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import PizZip from 'pizzip';
import type { Profile } from '../config/profile.js';
import { fsReason, OutputError } from '../errors.js';
import { GUIDE_SHEET, renderLedgerTemplate, TEMPLATE_CREATOR, TEMPLATE_DATE, TEMPLATE_KEYWORDS } from './ledgerTemplate.js';

/** How the template's date reads in docProps/core.xml. */
const TEMPLATE_DATE_TEXT = TEMPLATE_DATE.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A template of ours is some 30 KB; anything much larger is not one, and is not read whole. */
const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;

/** Why an existing file may not be replaced, or null when it is a blank template of ours. */
export async function foreignReason(file: string): Promise<string | null> {
  const st = lstatSync(file);
  if (!st.isFile()) return '它不是普通文件';
  if (st.size > MAX_TEMPLATE_BYTES) return '它不是本程序生成的台账模板';
  const bytes = readFileSync(file);
  let core: string | undefined;
  try {
    core = new PizZip(bytes).file('docProps/core.xml')?.asText();
  } catch {
    return '它不是本程序生成的台账模板';
  }
  const ours =
    core?.includes(`<dc:creator>${TEMPLATE_CREATOR}</dc:creator>`) && core.includes(`<cp:keywords>${TEMPLATE_KEYWORDS}</cp:keywords>`);
  if (!ours) return '它不是本程序生成的台账模板';
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return '它无法作为工作簿读取';
  }
  for (const ws of wb.worksheets) {
    if (ws.name === GUIDE_SHEET) continue;
    let filled = false;
    ws.eachRow((row, n) => {
      if (n > 1 && row.hasValues) filled = true;
    });
    if (filled) return `它的工作表“${ws.name}”已填有数据，是一份台账`;
  }
  // saved again by Excel, WPS or LibreOffice (which set who and when): someone's changes are in it
  if (
    !core?.includes(`<cp:lastModifiedBy>${TEMPLATE_CREATOR}</cp:lastModifiedBy>`) ||
    !core?.includes(`>${TEMPLATE_DATE_TEXT}</dcterms:modified>`)
  ) {
    return '它在本程序写出后被另存过，可能有人修改过';
  }
  return null;
}

/** Write the template for `profile` to `file` (.xlsx). */
export async function writeLedgerTemplate(file: string, profile: Profile): Promise<void> {
  const existed = existsSync(file);
  if (existed) {
    const reason = await foreignReason(file);
    if (reason) throw refused(file, reason);
  }
  const bytes = await renderLedgerTemplate(profile);
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, bytes);
    if (existed) renameSync(tmp, file);
    else placeNew(tmp, file);
  } catch (e) {
    const reason = fsReason(e);
    if (!reason) throw e;
    const at = (e as NodeJS.ErrnoException).path;
    throw new OutputError(
      `无法写入 ${file}：${at && at !== tmp && at !== file ? `${at} ${reason.replace(/^它/, '')}` : reason}。未写入任何文件。`,
    );
  } finally {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // no temporary file could be made there either
    }
  }
}

function refused(file: string, reason: string): OutputError {
  return new OutputError(`${file} 已存在，${reason}，为免覆盖，本次未写入。请换一个文件名，或先自行移走该文件。`);
}

/**
 * Put a new file in place without replacing one that appeared meanwhile: a hard link fails when the
 * name exists. Where the file system has no hard links (a FAT USB stick), check, then rename.
 */
function placeNew(tmp: string, file: string): void {
  try {
    linkSync(tmp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw refused(file, '它是在写入时出现的');
    if (existsSync(file)) throw refused(file, '它是在写入时出现的');
    renameSync(tmp, file);
  }
}
