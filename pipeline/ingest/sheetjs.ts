/**
 * SheetJS (@e965/xlsx), loaded only when a workbook is read, with Node's zlib for the ZIP entries
 * of .xlsx/.ods. SheetJS's own JavaScript inflate never ends on some damaged data (it reads past
 * the input as zero bits and grows its buffer forever, blocking the process); zlib throws on the
 * same bytes, which becomes an input error naming the file.
 */
import zlib from 'node:zlib';

type SheetJS = typeof import('@e965/xlsx');

/** Largest ZIP entry inflated: far above any ledger sheet, below what would exhaust memory (a ZIP bomb). */
const MAX_ENTRY_BYTES = 1 << 30;

/**
 * The InflateRaw SheetJS's use_zlib expects (it calls `_processChunk` and reads `bytesRead`),
 * over zlib's documented inflateRawSync: no deprecated property, no internal API. Data after the
 * end of the deflate stream (the rest of the ZIP) is ignored; bytesRead is what the stream used.
 */
class InflateRaw {
  readonly _finishFlushFlag = zlib.constants.Z_FINISH;
  bytesRead = 0;
  _processChunk(chunk: Uint8Array): Buffer {
    const { buffer, engine } = zlib.inflateRawSync(chunk, { info: true, maxOutputLength: MAX_ENTRY_BYTES }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    this.bytesRead = engine.bytesWritten;
    return buffer;
  }
}

let loaded: Promise<SheetJS> | null = null;

export function loadSheetJS(): Promise<SheetJS> {
  loaded ??= import('@e965/xlsx').then((xlsx) => {
    xlsx.CFB.utils.use_zlib({ InflateRaw, deflateRawSync: zlib.deflateRawSync });
    return xlsx;
  });
  return loaded;
}

/**
 * xlsx.read without SheetJS's console output: it prints English warnings (“unrecognized character
 * … in ODF format”) straight to the terminal, which the clerk would take for errors.
 */
export function readWorkbook(xlsx: SheetJS, bytes: Buffer, opts: import('@e965/xlsx').ParsingOptions): import('@e965/xlsx').WorkBook {
  const { error, warn, log } = console;
  console.error = console.warn = console.log = () => {};
  try {
    return xlsx.read(bytes, opts);
  } finally {
    Object.assign(console, { error, warn, log });
  }
}
