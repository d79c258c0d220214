/**
 * DuckDB failing to read one source (its CSV reader gives up on a line): an input error naming
 * the file, the row and, for an over-long line, the cell that makes it so, in Chinese. DuckDB's
 * own message is English and names our temporary files, so none of it reaches the user.
 */
import { readFileSync } from 'node:fs';
import type { Problem } from '../errors.js';
import { COLUMN_BY_KEY, LIMITS } from '../ingest/columns.js';
import type { Source } from '../ingest/sources.js';

const SAVE_AS = '请在 Excel 或 WPS 中打开检查，另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重新运行';

export function readProblem(s: Source, e: unknown): Problem {
  const text = e instanceof Error ? e.message : String(e);
  const line = Number(/CSV Error on Line: (\d+)/.exec(text)?.[1] ?? 0);
  const base: Problem = { file: s.label, line: null, column: null, value: null, rule: 'file', message: '' };
  let at: { row: number; cells: string[] } | null = null;
  try {
    if (line > 0) at = recordAt(s, line);
  } catch {
    // the explanation is best effort: the problem below still names the file
  }
  if (/Maximum line size/i.test(text)) {
    const longest = at ? longestCell(s, at.cells) : null;
    if (at && longest) {
      const limit = longest.key ? LIMITS.chars[COLUMN_BY_KEY.get(longest.key)!.kind] : undefined;
      return {
        ...base,
        line: at.row,
        column: longest.header,
        value: longest.value,
        rule: 'too-long',
        message: `内容过长（共${charCount(longest.value)}字），${limit ? `该列最多${limit}字` : '远超一个单元格应有的长度'}：请精简后重新填写`,
      };
    }
    return { ...base, line: at?.row ?? null, message: `这一行过长（超过 2 MB），不像台账的一行：${SAVE_AS}` };
  }
  return {
    ...base,
    line: at?.row ?? null,
    message: `无法按 CSV 格式读取${at ? '这一行' : '文件'}（引号不配对、分隔符或编码有误）：${SAVE_AS}`,
  };
}

/**
 * The record that holds physical line `line` (1-based) of the source's CSV file, and its
 * spreadsheet row: records are counted with quote parity, as the clerk's program does.
 */
function recordAt(s: Source, line: number): { row: number; cells: string[] } | null {
  const buf = readFileSync(s.csvPath);
  let pos = 0;
  let physical = 1;
  let records = 0;
  let inQuote = false;
  let recordStart = 0;
  // walk to the start of the record that spans the line
  for (let i = 0; i < buf.length && physical < line; i++) {
    const c = buf[i];
    if (c === 0x22) inQuote = !inQuote;
    else if (c === 0x0a) {
      physical++;
      if (!inQuote) {
        records++;
        recordStart = i + 1;
      }
    }
    pos = i + 1;
  }
  if (physical < line) return null;
  if (inQuote) pos = recordStart;
  const cells = splitRecord(
    buf
      .subarray(pos)
      .toString('utf8')
      .replace(/^\ufeff/, ''),
  );
  if (s.encoding !== 'xlsx') return { row: records + 1, cells };
  // a workbook's CSV holds the data rows only, without the blank ones
  const k = records + 1;
  return { row: s.headerRow + k + s.blanksAfter.filter((b) => b <= k - 1).length, cells };
}

function longestCell(s: Source, cells: string[]): { header: string; key: string | null; value: string } | null {
  let index = -1;
  for (let i = 0; i < cells.length; i++) if (index < 0 || cells[i]!.length > cells[index]!.length) index = i;
  if (index < 0) return null;
  for (const [key, c] of s.header.columns) if (c.index === index) return { header: c.header, key, value: cells[index]! };
  const oneHot = s.header.oneHot.find((o) => o.index === index);
  return { header: oneHot?.header ?? `第${index + 1}列`, key: null, value: cells[index]! };
}

/**
 * The first CSV record of text, split into cells (quotes, doubled quotes; a stray quote is kept).
 * csv-parse takes seconds on a cell of millions of characters; this takes milliseconds.
 */
function splitRecord(text: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          cell += text.slice(i);
          i = text.length;
          break;
        }
        cell += text.slice(i, q);
        if (text[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    }
    // the rest of the cell up to the next comma or line break
    let end = i;
    while (end < text.length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
    cell += text.slice(i, end);
    cells.push(cell);
    if (end >= text.length || text[end] !== ',') return cells;
    i = end + 1;
  }
}

/** Characters (code points) in s, without spreading a string of millions into an array. */
function charCount(s: string): number {
  return s.length - (s.match(/[\ud800-\udbff]/g)?.length ?? 0);
}
