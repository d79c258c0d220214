/**
 * Receiving ledgers: every file of an upload is written into a private folder of the workspace,
 * its name and its first bytes checked, and only when every file of the upload passes are they
 * moved into the period's folder (workspace.ts place). A refused upload changes nothing.
 */
import { createWriteStream, mkdtempSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Multipart } from '@fastify/multipart';

/** The ledger extensions the pipeline reads (ingest/files.ts). */
const LEDGER = /\.(csv|xlsx|xlsm|xls|et|ods)$/i;

export const UPLOAD_LIMITS = {
  /** one ledger file: a county's ledger is a few MB; a city's 10⁵ rows about 40 MB */
  fileBytes: 64 * 1024 * 1024,
  /** files in one upload: a county's townships and then some */
  files: 40,
};

/** Why a file name cannot be a ledger's name in the period folder, or null. */
export function nameProblem(raw: string): string | null {
  const name = raw.normalize('NFC');
  if (name.trim() === '') return '文件名为空';
  if (/[/\\]/.test(name)) return '文件名中含有路径（/ 或 \\），只接受文件名本身';
  if (name === '.' || name === '..' || name.includes('..')) return '文件名中不能含有“..”';
  if (/\p{Cc}/u.test(name)) return '文件名中含有控制字符';
  if (/[<>:"|?*]/.test(name)) return '文件名中不能含有 < > : " | ? * 这些字符';
  if (name.startsWith('.')) return '文件名不能以“.”开头（隐藏文件）';
  if (name.startsWith('~$')) return '这是 Excel 或 WPS 的临时锁定文件，不是台账';
  if (Buffer.byteLength(name) > 200) return '文件名过长（超过200字节）';
  if (!LEDGER.test(name)) return '只接受台账文件：.csv、.xlsx、.xlsm、.xls、.et、.ods';
  return null;
}

/** Why the file's first bytes are not what its extension says, or null (a sniff, not a parse: the pipeline's check reads it). */
export function contentProblem(name: string, head: Buffer): string | null {
  const ext = path.extname(name).toLowerCase();
  const zip = head.length >= 4 && head.readUInt32BE(0) === 0x504b0304;
  const cfb = head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
  const utf16 = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  const text = utf16 || !head.includes(0);
  if (head.length === 0) return '文件是空的（0 字节）';
  if (['.xlsx', '.xlsm', '.ods'].includes(ext) && !zip) return `内容不是 ${ext} 工作簿（文件可能已损坏，或只是改了扩展名）`;
  if (ext === '.xls' && !cfb && !text) return '内容不是 .xls 工作簿（文件可能已损坏，或只是改了扩展名）';
  if (ext === '.et' && !cfb && !zip) return '内容不是 WPS .et 工作簿（文件可能已损坏，或只是改了扩展名）';
  if (ext === '.csv' && !text) return '内容不是文本（CSV 台账应为文本文件；工作簿请保留 .xlsx 等扩展名）';
  return null;
}

export interface Received {
  /** the temporary folder holding the files (removed by the caller) */
  dir: string;
  files: { from: string; name: string }[];
  /** each file refused, with why */
  refused: { name: string; reason: string }[];
}

/** Reads every file part of a multipart request into `tmpRoot`; limits are the multipart parser's (it throws past them). */
export async function receive(parts: AsyncIterableIterator<Multipart>, tmpRoot: string): Promise<Received> {
  const dir = mkdtempSync(path.join(tmpRoot, 'upload-'));
  const files: Received['files'] = [];
  const refused: Received['refused'] = [];
  const names = new Set<string>();
  try {
    let n = 0;
    for await (const part of parts) {
      if (part.type !== 'file') continue;
      const name = part.filename.normalize('NFC');
      const from = path.join(dir, String(n++));
      await pipeline(part.file, createWriteStream(from));
      const why = nameProblem(name) ?? contentProblem(name, head(from));
      if (why) refused.push({ name, reason: why });
      else if (names.has(name)) refused.push({ name, reason: '同一次上传中有两个同名文件' });
      else {
        names.add(name);
        files.push({ from, name });
      }
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, files, refused };
}

function head(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
