/**
 * The one writer of a run's output files. The output transaction (output/outDir.ts) hands one to the run,
 * rooted in the folder it stages in; stats.json, the lists, the snapshot, the reports and the site
 * are all written through it, by paths relative to that folder (`reports/annual-2026.docx`). No
 * renderer touches the file system for its outputs, and none writes to a temporary name and renames:
 * the transaction puts the whole staged set in place at once.
 *
 * A tool that writes files of its own (Astro) gets a private work folder (`scratch`), removed
 * afterwards, and its result is brought in whole (`adopt`).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** How a file is logged: `写入 reports/x.pdf（12.3 KB，45 毫秒<note>）`, the time since `since` (performance.now()). */
export interface Logged {
  since: number;
  /** text after the time, with its own separator (`，嵌入字体：…`, `；“清单”3行`) */
  note?: string;
}

export function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

export class OutputFiles {
  /**
   * @param root the folder the files go to (the transaction's staging folder, or any folder)
   * @param log where the files written with a `Logged` are named
   * @param workDir where `scratch` folders are made (default: inside `root`, removed after use)
   */
  constructor(
    readonly root: string,
    private readonly log: (line: string) => void = () => {},
    private readonly workDir: string = root,
  ) {}

  /** The absolute path of `rel` (`/`-separated, relative to the root). */
  path(rel: string): string {
    return path.join(this.root, ...rel.split('/'));
  }

  /** Write `bytes` at `rel` (its folder made as needed); logged with its size when `logged` is given. Returns its path. */
  write(rel: string, bytes: Buffer | Uint8Array | string, logged?: Logged): string {
    const file = this.path(rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    if (logged) this.logFile(rel, typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length, logged);
    return file;
  }

  /** Copy the file `from` to `rel` (its folder made as needed). Returns its path. */
  copy(from: string, rel: string): string {
    const file = this.path(rel);
    mkdirSync(path.dirname(file), { recursive: true });
    copyFileSync(from, file);
    return file;
  }

  /** The folder `rel`, made if needed. Returns its path. */
  mkdir(rel: string): string {
    const dir = this.path(rel);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /**
   * A private, empty work folder for `work` (named `.<prefix>-…`), outside what is written, removed
   * when `work` ends, whether it succeeds or not.
   */
  async scratch<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
    mkdirSync(this.workDir, { recursive: true });
    const dir = mkdtempSync(path.join(this.workDir, `.${prefix}-`));
    try {
      return await work(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Bring the folder `dir` a tool built (in a scratch folder) in whole as `rel`, in place of what was there. Returns its path. */
  adopt(dir: string, rel: string): string {
    const target = this.path(rel);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(dir, target);
    return target;
  }

  /** The files under `rel` and their total size. */
  measure(rel: string): { files: number; bytes: number } {
    let files = 0;
    let bytes = 0;
    for (const entry of readdirSync(this.path(rel), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      files++;
      bytes += statSync(path.join(entry.parentPath, entry.name)).size;
    }
    return { files, bytes };
  }

  private logFile(rel: string, size: number, logged: Logged): void {
    this.log(`写入 ${path.normalize(rel)}（${sizeLabel(size)}，${Math.round(performance.now() - logged.since)} 毫秒${logged.note ?? ''}）`);
  }
}

/** Where a renderer writes: the run's files, or (tests, other callers) a plain folder, written as it is. */
export type Destination = OutputFiles | string;

/** The writer of a destination: a folder becomes one, logging to `log`. */
export function outputFiles(to: Destination, log?: (line: string) => void): OutputFiles {
  return typeof to === 'string' ? new OutputFiles(path.resolve(to), log) : to;
}
