/**
 * The encoding of a CSV ledger that is not valid UTF-8: GB18030 (a superset of GBK, what Excel and
 * WPS write on Chinese Windows), or a file we must refuse with a message about its encoding, not
 * about a header it seems to lack: a UTF-8 file with a few damaged bytes, bytes that are neither
 * encoding, or a workbook renamed to .csv.
 */

export type Decoded = { encoding: 'gb18030'; text: string } | { problem: { line: number | null; message: string } };

const SAVE_AS = '请在 Excel 或 WPS 中打开，另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重新运行';

/** Decode bytes that failed the UTF-8 check. */
export function decodeNonUtf8(bytes: Buffer): Decoded {
  const renamed = renamedWorkbook(bytes);
  if (renamed)
    return { problem: { line: null, message: `这不是 CSV 文本文件，而是${renamed}，只是扩展名写成了 .csv：请把扩展名改回原来的再运行` } };
  const utf8 = utf8Damage(bytes);
  // Text that is mostly valid multi-byte UTF-8 is a UTF-8 file with damaged bytes: GBK text
  // forms a valid UTF-8 sequence only now and then, never ten times as often as an invalid one.
  if (utf8.valid >= 20 && utf8.valid >= 10 * utf8.invalid) {
    return {
      problem: {
        line: lineAt(bytes, utf8.firstInvalid),
        message: `文件是 UTF-8 编码，但这一行有不属于 UTF-8 的字节（共${utf8.invalid}处；文件可能已损坏，或混入了其他编码的文字）：${SAVE_AS}`,
      },
    };
  }
  try {
    return { encoding: 'gb18030', text: new TextDecoder('gb18030', { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder('gb18030').decode(bytes);
    const bad = text.indexOf('\ufffd');
    return {
      problem: {
        line: bad < 0 ? null : countLines(text, bad),
        message: `文件编码无法识别（不是 UTF-8，也不是 GB18030/GBK）：${SAVE_AS}`,
      },
    };
  }
}

/** What a file with a workbook's signature is, or null. */
function renamedWorkbook(b: Buffer): string | null {
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04)
    return '一个工作簿（.xlsx、.et 或 .ods 等压缩格式）';
  if (b.length >= 8 && b.readUInt32BE(0) === 0xd0cf11e0 && b.readUInt32BE(4) === 0xa1b11ae1)
    return '一个 Excel 97–2003（.xls）或 WPS（.et）工作簿';
  if (b.length >= 5 && b.toString('latin1', 0, 5) === '%PDF-') return '一个 PDF 文件';
  return null;
}

/** Valid multi-byte UTF-8 sequences, invalid bytes, and the offset of the first invalid one. */
function utf8Damage(b: Buffer): { valid: number; invalid: number; firstInvalid: number } {
  let valid = 0;
  let invalid = 0;
  let firstInvalid = -1;
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    let ok = n > 0;
    for (let k = 1; ok && k <= n; k++) ok = i + k < b.length && (b[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += n + 1;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      invalid++;
      i++;
    }
  }
  return { valid, invalid, firstInvalid };
}

/** 1-based line of a byte offset. */
function lineAt(b: Buffer, offset: number): number | null {
  if (offset < 0) return null;
  let line = 1;
  for (let p = b.indexOf(0x0a); p >= 0 && p < offset; p = b.indexOf(0x0a, p + 1)) line++;
  return line;
}

function countLines(text: string, index: number): number {
  let line = 1;
  for (let p = text.indexOf('\n'); p >= 0 && p < index; p = text.indexOf('\n', p + 1)) line++;
  return line;
}
