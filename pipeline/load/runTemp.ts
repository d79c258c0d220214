/**
 * The per-run folder in the system temp folder (DuckDB's spill, decoded ledgers, the snapshot):
 * `sgyp-load-<pid>-XXXXXX`, holding a marker file with the pid. A later run removes such a folder
 * when its process is gone (output/outDir.ts) — only when the marker is there and names that pid,
 * so a folder of someone else's that merely has such a name is never removed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The marker file's name (output/outDir.ts checks it, by this name). */
export const RUN_TEMP_MARKER = '.sgyp-load';

export function makeRunTemp(): string {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `sgyp-load-${process.pid}-`));
  writeFileSync(path.join(tmp, RUN_TEMP_MARKER), String(process.pid));
  return tmp;
}
