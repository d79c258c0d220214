/**
 * The workbench's workspace: one folder the program lays out and documents (工作区说明.md).
 *
 *   WORKSPACE/
 *     工作区说明.md              what each folder is (written when the workspace is laid out)
 *     periods/<截止日期>/         one data folder per period: profile.yaml, docs/ and the townships'
 *                                 ledgers, exactly what `sgyp build --data` reads
 *     out/                        the output folder (`--out`): stats.json, reports/, site/, and
 *                                 out/history/ — the snapshots of every period built
 *     annotated/<截止日期>/        the annotated ledgers of the last check (`--annotate`)
 *     replaced/<截止日期>/<时间>/   every ledger an upload replaced, kept as it was
 *     .sgyp-serve/                uploads being received, and the log of each build
 *
 * Nothing here deletes a file the clerk put in: an upload over an existing ledger first moves the
 * old one into replaced/, and every file is written beside its place and renamed into it.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listLedgerFiles, type Listing } from '../ingest/files.js';
import { isIsoDate } from '../vocabulary.js';

export const PERIODS = 'periods';
export const OUT = 'out';
export const ANNOTATED = 'annotated';
export const REPLACED = 'replaced';
export const PRIVATE = '.sgyp-serve';
const README = '工作区说明.md';

const README_TEXT = `# 四个一批工作台：工作区

本文件夹由 \`sgyp serve\` 建立和使用。各文件夹的用途：

- \`periods/<截止日期>/\`：每个统计期一个数据文件夹，放县级配置（profile.yaml）、公开文件（docs/）和各乡镇报来的台账。
  与命令行 \`sgyp build --data periods/<截止日期> --out out --as-of <截止日期>\` 读取的完全相同。
- \`out/\`：输出目录：stats.json、reports/（季度报告、通报、年度总结、月调度表）、site/（主动公开网站）；
  \`out/history/\` 保存每期的快照，用于“较上季度末”的对比。
- \`annotated/<截止日期>/\`：最近一次校验发现错误时，出错台账的批注版（发回乡镇改正）。
- \`replaced/<截止日期>/<时间>/\`：上传新台账时被替换下来的旧台账，原样保留，不会删除。
- \`.sgyp-serve/\`：正在接收的上传文件和每次生成的日志。

工作台不删除本文件夹中的任何台账；需要移除的文件请在文件管理器中自行移走。
`;

/** One period's folder, its files and when each arrived. */
export interface LedgerEntry {
  /** path relative to the period's folder, forward slashes */
  file: string;
  bytes: number;
  /** modification time, ISO */
  arrived: string;
}

export class Workspace {
  readonly root: string;
  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Lay the workspace out (folders and 工作区说明.md); with `sample`, an empty workspace gets the bundled sample as its first period. */
  static open(root: string, opts: { sample?: string; samplePeriod?: string } = {}): Workspace {
    const ws = new Workspace(root);
    mkdirSync(ws.root, { recursive: true });
    for (const dir of [PERIODS, OUT, ANNOTATED, REPLACED, PRIVATE]) mkdirSync(path.join(ws.root, dir), { recursive: true });
    const readme = path.join(ws.root, README);
    if (!existsSync(readme)) writeFileSync(readme, README_TEXT);
    if (opts.sample && opts.samplePeriod && ws.periods().length === 0) {
      const target = ws.periodDir(opts.samplePeriod);
      cpSync(opts.sample, target, { recursive: true, filter: (src) => !path.basename(src).startsWith('.') });
    }
    return ws;
  }

  get outDir(): string {
    return path.join(this.root, OUT);
  }

  /** The periods laid out, newest first. */
  periods(): string[] {
    const dir = path.join(this.root, PERIODS);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((n) => isIsoDate(n) && statSync(path.join(dir, n)).isDirectory())
      .sort()
      .reverse();
  }

  /** The as-of dates of the snapshots in out/history/ (every period built), oldest first. */
  snapshots(): string[] {
    const dir = path.join(this.outDir, 'history');
    return existsSync(dir) ? readdirSync(dir).filter(isIsoDate).sort() : [];
  }

  periodDir(period: string): string {
    if (!isIsoDate(period)) throw new Error(`统计期应为 YYYY-MM-DD：${period}`);
    return path.join(this.root, PERIODS, period);
  }

  annotatedDir(period: string): string {
    return path.join(this.root, ANNOTATED, period);
  }

  /**
   * A new period: its folder, with the profile and docs/ of the latest earlier period (the county's
   * settings carry over; the ledgers do not). Nothing happens when it exists.
   */
  addPeriod(period: string): void {
    const dir = this.periodDir(period);
    if (existsSync(dir)) return;
    const from = this.periods().find((p) => p < period) ?? this.periods()[0];
    mkdirSync(dir, { recursive: true });
    if (!from) return;
    const src = this.periodDir(from);
    for (const name of readdirSync(src)) {
      if (/^profile\.(ya?ml|json)$/.test(name)) copyFileSync(path.join(src, name), path.join(dir, name));
      if (name === 'docs' && statSync(path.join(src, name)).isDirectory())
        cpSync(path.join(src, name), path.join(dir, name), { recursive: true });
    }
  }

  /** The period's ledgers and the files left alone, as the pipeline lists them (ingest/files.ts). */
  listing(period: string): Listing & { entries: LedgerEntry[] } {
    const dir = this.periodDir(period);
    if (!existsSync(dir)) return { ledgers: [], ignored: [], problems: [], entries: [] };
    const listing = listLedgerFiles(dir);
    const entries = listing.ledgers.map((file) => {
      const st = statSync(path.join(dir, file));
      return { file, bytes: st.size, arrived: st.mtime.toISOString() };
    });
    return { ...listing, entries };
  }

  /** What the period's folder holds now, as one hash: a check of another state is stale. */
  signature(period: string): string {
    const dir = this.periodDir(period);
    const h = createHash('sha256');
    if (!existsSync(dir)) return 'none';
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }).sort((a, b) =>
      path.join(a.parentPath, a.name).localeCompare(path.join(b.parentPath, b.name)),
    )) {
      const full = path.join(entry.parentPath, entry.name);
      const st = statSync(full, { throwIfNoEntry: false });
      h.update(`${path.relative(dir, full)}\0${st?.size ?? -1}\0${st?.mtimeMs ?? -1}\n`);
    }
    return h.digest('hex');
  }

  /**
   * Put received files into the period's folder: each is renamed into place; a file of that name
   * already there is first moved, as it was, into replaced/<period>/<time>/ (returned).
   * `files` are absolute paths of files already written inside this workspace's private folder.
   */
  place(period: string, files: { from: string; name: string; replaces?: string }[], at: Date): { placed: string[]; moved: string[] } {
    const dir = this.periodDir(period);
    mkdirSync(dir, { recursive: true });
    const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const keep = path.join(this.root, REPLACED, period, stamp);
    const placed: string[] = [];
    const moved: string[] = [];
    for (const f of files) {
      for (const old of new Set([f.name, ...(f.replaces ? [f.replaces] : [])])) {
        const full = path.join(dir, old);
        if (!existsSync(full)) continue;
        mkdirSync(keep, { recursive: true });
        let target = path.join(keep, old);
        for (let n = 2; existsSync(target); n++) target = path.join(keep, `${n}-${old}`);
        renameSync(full, target);
        moved.push(path.relative(this.root, target).split(path.sep).join('/'));
      }
      renameSync(f.from, path.join(dir, f.name));
      placed.push(f.name);
    }
    return { placed, moved };
  }

  /** A file of the workspace by its path relative to the root, or null when the path leaves it or names no file. */
  file(rel: string): string | null {
    const full = path.resolve(this.root, rel);
    if (!within(full, this.root)) return null;
    if (path.relative(this.root, full).split(path.sep).includes(PRIVATE)) return null;
    const st = statSync(full, { throwIfNoEntry: false });
    if (!st?.isFile()) return null;
    // a link inside the workspace to a file outside it is not served either
    return within(realpathSync(full), realpathSync(this.root)) ? full : null;
  }
}

function within(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir + path.sep);
}
