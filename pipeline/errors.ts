/**
 * Expected failures. An InputError carries every problem found in the user's files; the CLI prints
 * them one per line, location first, and exits 1. A UsageError is a wrong command line (exit 2).
 * Anything else is unexpected: the CLI says so and shows the stack only with --debug.
 */

export interface Problem {
  /** file as the user named it (relative to the data folder where possible) */
  file: string;
  /** spreadsheet row number (1-based, as Excel/WPS shows it); null when the problem is the whole file */
  line: number | null;
  /** column header as written in the file */
  column: string | null;
  /**
   * 0-based index of that column in the file's rows, as the header finder found it (ingest/header.ts):
   * where --annotate marks the cell. Absent when the problem is not about one column's cell.
   */
  columnIndex?: number;
  /** a key of the profile (config file), instead of a column */
  field?: string;
  /** the offending value as written; null when not applicable */
  value: string | null;
  /** what is wrong and what was expected, in Chinese */
  message: string;
  /** short machine-readable rule name, e.g. amount, date, category */
  rule?: string;
}

/** What --annotate wrote for the problems of a failed run. */
export interface Annotation {
  /** the folder, as given */
  dir: string;
  /** each workbook written (path as given joined with its name) and how many problems it shows */
  files: { path: string; problems: number }[];
  /** why the workbooks could not be written, if they could not */
  failure?: string;
  /** the files in the folder kept rather than replaced (an edited workbook renamed beside the new one), one Chinese line each */
  kept?: string[];
}

export class InputError extends Error {
  readonly problems: Problem[];
  readonly annotation?: Annotation;
  constructor(problems: Problem[], annotation?: Annotation) {
    super(`${problems.length} 处输入错误`);
    this.problems = problems;
    this.annotation = annotation;
  }
}

export class UsageError extends Error {}

/** The years a statistics date (--as-of, asOf) may fall in: the programme began in 2012 (firstYear's default). */
export const AS_OF_YEARS = { first: 2012, last: 2100 } as const;

/**
 * The output folder cannot be written safely: it overlaps the inputs, or holds an entry this
 * program did not create. Exit 2, like a wrong command line: nothing was read or written.
 */
export class OutputError extends Error {}

/** An error of the file system (or a library passing one on) as a Chinese sentence naming the path, or null. */
export function fsReason(e: unknown): string | null {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return null;
  if (code === 'EEXIST' && (e as NodeJS.ErrnoException).syscall === 'mkdir') return '它是一个文件，不是文件夹';
  const reasons: Record<string, string> = {
    ENOSPC: '磁盘空间已满',
    EDQUOT: '磁盘配额已用完',
    EACCES: '没有写入权限',
    EPERM: '不允许写入（权限不足或是系统目录）',
    EROFS: '所在磁盘是只读的',
    ENOTDIR: '路径中有一段是文件而不是文件夹',
    EISDIR: '这是一个文件夹',
    EEXIST: '已存在同名文件',
    ENOENT: '路径不存在',
    EBUSY: '正被其他程序占用',
    EMFILE: '打开的文件过多',
    ENAMETOOLONG: '路径过长',
    EIO: '磁盘读写出错',
    EXDEV: '不在同一个磁盘上',
  };
  return reasons[code] ?? `系统错误 ${code}`;
}

/** `data/a.csv:12: 列“投入帮扶资金（万元）”，值“abc”：应为不小于0的数字 [amount]` */
export function formatProblem(p: Problem): string {
  // a file name or a header may hold a line break or a control character too: shown, never acted on
  const file = visible(p.file);
  const where = p.line == null ? file : `${file}:${p.line}`;
  const parts: string[] = [];
  if (p.column) parts.push(`列“${visible(p.column)}”`);
  if (p.field) parts.push(`配置项“${p.field}”`);
  if (p.value != null) parts.push(`值“${shownValue(p.value)}”`);
  const head = parts.length ? `${parts.join('，')}：` : '';
  return `${where}: 错误：${head}${visible(p.message)}${p.rule ? ` [${p.rule}]` : ''}`;
}

/** Longest value a message shows; a longer one is cut with its length given. */
const SHOWN_VALUE_CHARS = 60;

/**
 * A cell value as a message shows it: control characters made visible (BEL as ␇, a line break as
 * ↵) so that they can neither act on the terminal nor split the message, and long values cut.
 */
export function shownValue(value: string): string {
  // counted without spreading the whole value: a refused cell may hold millions of characters
  const chars = value.length - (value.match(/[\ud800-\udbff]/g)?.length ?? 0);
  const cut =
    chars > SHOWN_VALUE_CHARS
      ? `${[...value.slice(0, 2 * SHOWN_VALUE_CHARS)].slice(0, SHOWN_VALUE_CHARS).join('')}…（共${chars}字）`
      : value;
  return visible(cut);
}

/** Control characters made visible: BEL as ␇, a line break as ↵, DEL as ␡. */
export function visible(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n' || c === '\r' ? '↵' : c === '\u007f' ? '␡' : String.fromCharCode(0x2400 + c.charCodeAt(0)),
  );
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file, 'en') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? '').localeCompare(b.column ?? '', 'en') ||
      a.message.localeCompare(b.message, 'en'),
  );
}
