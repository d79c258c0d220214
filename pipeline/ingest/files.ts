/**
 * Finding the ledger files under the data folder, and saying in Chinese why one cannot be read.
 *
 * Every entry is looked at with lstat/stat before anything reads it: reading a named pipe or a
 * device file blocks forever, a dangling link or a file without read permission throws, and a
 * name that is not UTF-8 (GBK names from a zip made on Windows) cannot even be passed on as a
 * string. Such entries with a ledger's extension are input errors naming the file; others are
 * left alone like any file that is not a ledger.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../errors.js';

/** Workbooks read as ledgers: Excel (.xlsx, .xlsm with macros, .xls), WPS (.et), OpenDocument (.ods). */
export const WORKBOOK = /\.(xlsx|xlsm|xls|et|ods)$/i;
const LEDGER = /\.(csv|xlsx|xlsm|xls|et|ods)$/i;

/** Spreadsheets of other formats: named as left alone, with what to do. */
const OTHER_SPREADSHEET =
  /\.(xlsb|numbers|xlt|xltx|xltm|xla|xlam|xlw|ett|ots|fods|uos|sxc|gnumeric|wk[1-4s]|wq[12]|123|qpw|dbf|sylk|slk|dif|ksheet)$/i;

/** Why a spreadsheet file of another format is not read (OTHER_SPREADSHEET). */
export function otherSpreadsheetReason(name: string): string {
  const ext = /\.[^.]+$/.exec(name)![0].toLowerCase();
  const what = ext === '.xlsb' ? 'Excel 二进制工作簿（.xlsb）' : ext === '.numbers' ? 'Apple Numbers 表格（.numbers）' : `${ext} `;
  return `${what}格式不能读取，请另存为 .xlsx`;
}

/** Lock files an office program leaves beside a workbook it has open: never ledgers, always named. */
function lockFileReason(name: string): string | null {
  if (name.startsWith('~$')) return 'Excel 或 WPS 的临时锁定文件（对应的工作簿正被打开），不是台账';
  if (/^\.~lock\..*#$/.test(name)) return 'LibreOffice 的锁定文件（对应的文件正被打开），不是台账';
  return null;
}

/** macOS's AppleDouble file (._甲镇.xlsx) beside a file copied from a Mac: its resource data, not the ledger. */
function appleDouble(name: string, full: string): boolean {
  if (!name.startsWith('._')) return false;
  try {
    const fd = openSync(full, 'r');
    const head = Buffer.alloc(4);
    try {
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
    return head.readUInt32BE(0) === 0x00051607;
  } catch {
    return false;
  }
}

/** A file, or a workbook's sheet, left alone, with the reason. */
export interface Ignored {
  file: string;
  reason: string;
}

const NOT_A_LEDGER = '不是台账文件（只读取 .csv、.xlsx、.xlsm、.xls、.et、.ods）';

export interface Listing {
  /** ledger files to read: paths relative to the data folder, forward slashes, sorted */
  ledgers: string[];
  /** files that are not ledgers (left alone) */
  ignored: Ignored[];
  /** ledger files (or folders) that cannot be read, with the reason */
  problems: Problem[];
}

/** All .csv files and workbooks under dir; entries that cannot be read are problems, never a crash. */
export function listLedgerFiles(dir: string): Listing {
  const ledgers: string[] = [];
  const ignored: Ignored[] = [];
  const problems: Problem[] = [];
  const problem = (file: string, message: string) => problems.push({ file, line: null, column: null, value: null, message, rule: 'file' });
  // real paths of the folders walked: a link back to a parent folder must not loop forever
  const seen = new Set<string>();
  const walk = (rel: string) => {
    const abs = rel ? path.join(dir, rel) : dir;
    try {
      const real = realpathSync(abs);
      if (seen.has(real)) return;
      seen.add(real);
    } catch {
      // realpath fails only where stat would; readdir below reports it
    }
    let names: Buffer[];
    try {
      names = readdirSync(abs, { encoding: 'buffer' });
    } catch (e) {
      problem(rel || dir, `无法打开文件夹：${describeFsError(e)}`);
      return;
    }
    for (const raw of names.sort(Buffer.compare)) {
      if (!isUtf8(raw)) {
        // shown as the GBK name it most likely is; the bytes cannot be read back from that string
        const shown = `${rel ? `${rel}/` : ''}${new TextDecoder('gb18030').decode(raw)}`;
        if (LEDGER.test(raw.toString('latin1'))) {
          problem(shown, '文件名不是 UTF-8 编码（多为在 Windows 上压缩、在本机解压的 GBK 中文文件名），无法读取：请把文件改名后重新运行');
        } else if (isDirectory(Buffer.concat([Buffer.from(`${abs}${path.sep}`), raw]))) {
          problem(shown, '文件夹名不是 UTF-8 编码（多为 GBK 中文名），其中的台账无法读取：请把文件夹改名后重新运行');
        } else ignored.push({ file: shown, reason: NOT_A_LEDGER });
        continue;
      }
      const name = raw.toString('utf8');
      const r = rel ? `${rel}/${name}` : name;
      const full = path.join(dir, r);
      // hidden files (.隐藏.csv) are read like any other; the lock files of office programs are named
      const lock = lockFileReason(name);
      if (lock) {
        ignored.push({ file: r, reason: lock });
        continue;
      }
      const isLedger = LEDGER.test(name);
      let st: Stats;
      try {
        st = statSync(full);
      } catch (e) {
        // a link to nothing, a link loop, a name removed while we look: a ledger is reported, anything else left alone
        if (isLedger) problem(r, `无法读取文件：${describeFsError(e)}`);
        else ignored.push({ file: r, reason: NOT_A_LEDGER });
        continue;
      }
      if (st.isDirectory()) {
        // version control and system folders (.git, .svn, __MACOSX) hold copies, not ledgers
        if (name.startsWith('.') || name === '__MACOSX') ignored.push({ file: `${r}/`, reason: '隐藏或系统文件夹，未查看' });
        else walk(r);
      } else if (!isLedger) ignored.push({ file: r, reason: OTHER_SPREADSHEET.test(name) ? otherSpreadsheetReason(name) : NOT_A_LEDGER });
      else if (appleDouble(name, full)) ignored.push({ file: r, reason: 'macOS 复制文件时附带的资源文件（._ 开头），不是台账' });
      else if (!st.isFile()) problem(r, `不是普通文件（${specialKind(st)}），不能作为台账读取：请放入台账文件本身`);
      else {
        const unreadable = readableProblem(full);
        if (unreadable) problem(r, `无法读取文件：${unreadable}`);
        else ledgers.push(r);
      }
    }
  };
  walk('');
  return { ledgers, ignored, problems };
}

function isDirectory(p: Buffer): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function specialKind(st: Stats): string {
  if (st.isFIFO()) return '是命名管道';
  if (st.isSocket()) return '是套接字';
  if (st.isCharacterDevice() || st.isBlockDevice()) return '是设备文件';
  return '是特殊文件';
}

/** Why the file cannot be opened for reading, or null. */
function readableProblem(file: string): string | null {
  try {
    closeSync(openSync(file, 'r'));
    return null;
  } catch (e) {
    return describeFsError(e);
  }
}

/** A file system error (Node's English errno text) as a Chinese reason. */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: string })?.code ?? '';
  switch (code) {
    case 'ENOENT':
      return '文件不存在（可能是指向已删除文件的链接或快捷方式，或在读取时被移走）';
    case 'EACCES':
    case 'EPERM':
      return '没有读取权限（请检查文件的权限设置）';
    case 'ELOOP':
      return '链接（符号链接）形成了循环，指不到真正的文件';
    case 'ENOTDIR':
      return '路径中的一部分不是文件夹';
    case 'EISDIR':
      return '这是一个文件夹，不是文件';
    case 'EIO':
      return '磁盘读取出错（文件可能已损坏，或存储设备有问题）';
    case 'ENAMETOOLONG':
      return '路径过长';
    case 'EMFILE':
    case 'ENFILE':
      return '同时打开的文件过多';
    case 'ERR_FS_FILE_TOO_LARGE':
      return '文件过大（超过 2 GB），不像一份台账';
    case 'ENOMEM':
      return '内存不足';
    default:
      return code ? `系统错误（代码 ${code}）` : '读取时出错';
  }
}

/**
 * Why reading a file's content failed, in Chinese: a file system error, or a reader (SheetJS,
 * csv-parse) giving up on what the file holds. The library's own English never reaches the user.
 */
export function describeReadError(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && /^(E[A-Z0-9]+$|ERR_FS_)/.test(code)) return describeFsError(e);
  if (e instanceof RangeError) return '文件过大或内容异常（超出了能处理的长度），不像一份台账';
  return '文件内容无法解析（文件可能已损坏，或不是它的扩展名所说的格式）';
}

/** SheetJS failing to open a workbook: damaged, encrypted, or not a workbook at all. */
export function describeWorkbookError(e: unknown, file: string): string {
  const text = e instanceof Error ? e.message : String(e);
  if (/password/i.test(text)) return '工作簿设有打开密码，无法读取：请在 Excel 或 WPS 中取消密码后另存，再重新运行';
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && /^(E[A-Z0-9]+$|ERR_FS_)/.test(code)) return `无法读取文件：${describeFsError(e)}`;
  const kind = /\.ods$/i.test(file) ? 'OpenDocument 表格' : /\.et$/i.test(file) ? 'WPS 表格' : 'Excel 文件';
  return `无法读取工作簿（文件已损坏或不是 ${kind}）：请在 Excel 或 WPS 中打开检查，另存为 .xlsx 后重新运行`;
}
