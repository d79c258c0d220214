/**
 * The one writer of a run's output files. The output transaction (output/outDir.ts) has one rooted
 * in the folder it stages in; stats.json, the lists, the snapshot, the reports and the site are all
 * written through it, by paths relative to that folder (`reports/annual-2026.docx`).
 *
 * The renderers make their outputs as a stream of `OutputFile`s (bytes, a file to copy, or a folder a
 * tool builds) and touch no file system for them: the writer puts each one in place as it is made
 * (`putAll`), so no more than one document is held at a time, and none is written to a temporary
 * name and renamed: the transaction puts the whole staged set in place at once.
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

/** One output a renderer makes, for the writer to put in place (OutputFiles.put). */
export type OutputFile = (
  | {
      rel: string;
      bytes: Buffer | Uint8Array | string;
      /** logged with its size and time */
      logged?: Logged;
    }
  /** a file copied as it is (a long list's Parquet file, a published document) */
  | { rel: string; from: string }
  /**
   * A folder a tool builds of its own (Astro): `build` fills a private work folder and returns the
   * folder in it to bring in whole as `rel`; `copies` are added to it, and `logged` names it in
   * the log once it is complete.
   */
  | {
      rel: string;
      build: (work: string) => Promise<string>;
      copies: { from: string; rel: string }[];
      logged: (measured: { files: number; bytes: number }) => string;
    }
) & {
  /** this run's snapshot keeps it (a copy of stats.json and its lists): put in the snapshot's folder, not the output's */
  inSnapshot?: boolean;
};

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

  /** Put `file` in place, under the folder `under` (relative to the root); returns its path. */
  async put(file: OutputFile, under = ''): Promise<string> {
    const rel = under ? `${under}/${file.rel}` : file.rel;
    if ('bytes' in file) return this.write(rel, file.bytes, file.logged);
    if ('from' in file) return this.copy(file.from, rel);
    const dir = await this.scratch(`${path.basename(rel)}-build`, async (work) => this.adopt(await file.build(work), rel));
    for (const c of file.copies) this.copy(c.from, `${rel}/${c.rel}`);
    this.log(file.logged(this.measure(rel)));
    return dir;
  }

  /** Put every file of `files` in place as soon as it is made; returns their paths. */
  async putAll(files: AsyncIterable<OutputFile>): Promise<string[]> {
    const written: string[] = [];
    for await (const file of files) written.push(await this.put(file));
    return written;
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
