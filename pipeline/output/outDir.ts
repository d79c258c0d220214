/**
 * The output folder (--out) and how this program writes into it, so that it never destroys what it
 * did not write, never overwrites what the clerk edited, and a run killed at any moment leaves one
 * consistent set of outputs.
 *
 * Ownership. `OUT/.sgyp-manifest.json` lists the entries this program created (stats.json,
 * reports/, site/, history/ …) and every file it wrote in them, with its size and sha256. An entry
 * of that name that exists but is not listed belongs to someone else: the run stops (exit 2) naming
 * it, and never replaces or removes it. Inside an owned entry, a file the manifest does not list is
 * the clerk's and is left where it is; a listed file whose bytes changed since (the clerk edited
 * the draft) is never overwritten: when this run writes that name, the clerk's version is first
 * renamed beside it (`annual-2026（修改稿，2026-12-05 10时31分）.docx`, the time its file was last
 * saved) and the log says so. --out may not be, contain or lie inside the data folder, nor contain
 * the profile.
 *
 * What a run replaces (its scopes): stats.json; site/ whole (every listed, unedited file of it that
 * this run does not write is removed); one snapshot folder `history/<as-of>`; and in reports/ the
 * documents it writes (`reports/quarterly-2026Q3*`: the files of that document, its PDF and its
 * 附件 workbook), so the documents of other periods stay.
 *
 * The protocol of one run (one run at a time: `OUT/.sgyp-lock`, created atomically, holds its pid):
 *   1. recover: finish (roll forward) a swap a killed run left behind, remove its staging folder;
 *   2. stage every output in `OUT/.sgyp-tmp-<token>/new/` (nothing in OUT changes yet); the folder
 *      holds a marker file with the run's random token, and only such folders are ever removed;
 *   3. compare OUT with the manifest and write the journal `OUT/.sgyp-journal.json`: the token, and
 *      every step (keep a clerk's file under a new name, remove, put) and the manifest to write —
 *      from this moment the new set is complete and will be put in place even if the run dies;
 *   4. do the steps, each of which can be repeated: the files replaced or removed go to `<staging>/old/`;
 *   5. write the manifest, remove the journal, remove the staging folder.
 * A run killed before step 3 leaves OUT as it was (plus a staging folder the next run removes); a
 * run killed after it is completed by the next run's step 1. Small files (journal, manifest) are
 * written to a temporary name inside the staging folder and renamed, so they are whole or absent.
 *
 * A run goes through one `Output` (at the end of this file), opened before any ledger is read: the
 * overlap checks, the locks, recovery and the ownership check, then its transactions, the commit
 * and the release.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  type Stats,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fsReason, OutputError } from '../errors.js';
import { type OutputFile, OutputFiles } from '../outputFiles.js';

export const MANIFEST = '.sgyp-manifest.json';
export const JOURNAL = '.sgyp-journal.json';
export const STAGING_PREFIX = '.sgyp-tmp-';
/** The snapshots of earlier runs inside --out (by default), one folder per as-of date. */
export const HISTORY = 'history';
/** Prefix of the per-run folders in the system temp folder (DuckDB spill, decoded ledgers). */
export const SYSTEM_TEMP_PREFIX = 'sgyp-load-';

export const LOCK = '.sgyp-lock';
/** The marker file inside a staging folder: `{ pid, token }`, the token also ending the folder's name. */
export const STAGING_MARKER = '.sgyp-staging';

/** What the manifest records of a file this program wrote. */
export interface FileRecord {
  size: number;
  sha256: string;
}

export interface Manifest {
  program: 'sgyp';
  entries: string[];
  /** every file written, relative to the folder, `/`-separated; absent in a manifest of an older version */
  files?: Record<string, FileRecord>;
}

/** One step of putting the staged outputs in place; each can be done again without harm. */
type Step =
  /** rename the clerk's file (edited, or not ours) at `from` to `to`, beside it */
  | { op: 'keep'; from: string; to: string; why: 'edited' | 'foreign' }
  /** move an unedited file of ours that this run no longer writes to old/ */
  | { op: 'remove'; path: string }
  /** move the staged file in (an unedited old one of ours goes to old/) */
  | { op: 'put'; path: string };

interface Journal {
  staging: string;
  token: string;
  steps: Step[];
  manifest: Manifest;
}

/** A clerk's file this run kept: renamed (to) or left where it was (to null: this run no longer writes that name). */
export interface Kept {
  /** path relative to the folder */
  from: string;
  to: string | null;
  why: 'edited' | 'foreign';
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Write a small file whole or not at all, through a temporary file in `tmpDir` (a folder of ours, same disk). */
function writeAtomic(file: string, text: string, tmpDir: string): void {
  const tmp = path.join(tmpDir, `${path.basename(file)}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function readManifest(dir: string): Manifest | null {
  const m = readJson<Manifest>(path.join(dir, MANIFEST));
  if (m?.program !== 'sgyp' || !Array.isArray(m.entries)) return null;
  return m;
}

function ownedEntries(outDir: string): Set<string> {
  return new Set(readManifest(outDir)?.entries ?? []);
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest. */
export function realish(p: string): string {
  const abs = path.resolve(p);
  let probe = abs;
  const rest: string[] = [];
  while (!existsSync(probe)) {
    rest.unshift(path.basename(probe));
    const up = path.dirname(probe);
    if (up === probe) break;
    probe = up;
  }
  return path.join(realpathSync(probe), ...rest);
}

/** `child` is `parent` or lies inside it (both resolved paths). */
export function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Refuse an --out that overlaps the inputs: equal to, inside or a parent of --data, or a parent of
 * the profile. A build would otherwise write its site (and its projects.csv) among the ledgers, or
 * replace a ledger folder that happens to be called reports/ or site/.
 */
export function checkOutDir(outDir: string, inputs: { dataDir: string; profileFile?: string | null }): void {
  const out = realish(outDir);
  const data = realish(inputs.dataDir);
  if (inside(out, data) || inside(data, out)) {
    const how = out === data ? '就是' : inside(out, data) ? '位于' : '包含了';
    throw new OutputError(
      `输出目录 ${outDir} ${how}数据目录 ${inputs.dataDir}${how === '位于' ? '之内' : ''}：输出会与台账混在一起，甚至替换台账。请把 --out 指向数据目录以外的文件夹。`,
    );
  }
  if (inputs.profileFile && existsSync(inputs.profileFile) && inside(realish(inputs.profileFile), out)) {
    throw new OutputError(`输出目录 ${outDir} 包含了配置文件 ${inputs.profileFile}：请把 --out 指向别处。`);
  }
}

/**
 * Where the snapshots go when --history names a folder: anywhere but inside, around or equal to the
 * data folder, and not inside or around --out (whose history/ is the default, written in the same
 * transaction as the other outputs). Returns true when the folder is just OUT/history.
 */
export function checkHistoryDir(historyDir: string, inputs: { dataDir: string; outDir: string }): boolean {
  const hist = realish(historyDir);
  const data = realish(inputs.dataDir);
  const out = realish(inputs.outDir);
  if (inside(hist, data) || inside(data, hist)) {
    const how = hist === data ? '就是' : inside(hist, data) ? '位于' : '包含了';
    throw new OutputError(
      `历史快照目录 ${historyDir} ${how}数据目录 ${inputs.dataDir}${how === '位于' ? '之内' : ''}：快照会与台账混在一起。请把 --history 指向数据目录以外的文件夹。`,
    );
  }
  if (hist === path.join(out, HISTORY)) return true;
  if (inside(hist, out) || inside(out, hist)) {
    throw new OutputError(
      `历史快照目录 ${historyDir} ${inside(hist, out) ? '位于输出目录之内' : '包含了输出目录'} ${inputs.outDir}：` +
        `快照默认就保存在“输出目录/${HISTORY}”中（省略 --history 即可），否则请指向输出目录以外的文件夹。`,
    );
  }
  return false;
}

/** Refuse an --annotate DIR that overlaps the data folder or --out, before anything is read (exit 2). */
export function checkAnnotateDir(dir: string, inputs: { dataDir: string; outDir?: string }): void {
  const d = realish(dir);
  const data = realish(inputs.dataDir);
  if (inside(d, data)) {
    const how = d === data ? '就是' : '位于';
    throw new OutputError(
      `批注目录 ${dir} ${how}数据目录 ${inputs.dataDir}${how === '位于' ? '之内' : ''}：下次运行会把批注台账当作台账读入。请把 --annotate 指向数据目录以外的文件夹。`,
    );
  }
  if (inside(data, d)) {
    throw new OutputError(
      `批注目录 ${dir} 包含了数据目录 ${inputs.dataDir}：批注台账可能写进数据目录，下次运行会被当作台账读入。请把 --annotate 指向数据目录以外、也不包含它的文件夹。`,
    );
  }
  if (inputs.outDir) {
    const out = realish(inputs.outDir);
    if (inside(d, out) || inside(out, d)) {
      throw new OutputError(`批注目录 ${dir} 与输出目录 ${inputs.outDir} 重叠：请把 --annotate 指向输出目录以外、也不包含它的文件夹。`);
    }
  }
  if (existsSync(dir) && !lstatSync(dir).isDirectory()) throw new OutputError(`批注目录 ${dir} 已存在，但不是文件夹。`);
}

/** The top-level name of an entry: `history` for `history/2026-09-30`, `reports` for `reports/quarterly-2026Q3*`. */
function topOf(entry: string): string {
  return entry.split('/')[0]!;
}

/** The document a report file belongs to: `quarterly-2026Q3` for `quarterly-2026Q3.pdf` and `quarterly-2026Q3-附件.xlsx`. */
export function documentOf(name: string): string {
  return name.replace(/\.[^.]*$/, '').replace(/-附件$/, '');
}

/** The entries `reports/<document>*` for the documents staged in `stage/folder`: this run replaces those, and keeps the others. */
export function documentEntries(stage: string, folder: string): string[] {
  const dir = path.join(stage, folder);
  if (!existsSync(dir)) return [];
  const docs = new Set(
    readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => documentOf(d.name)),
  );
  return [...docs].sort().map((d) => `${folder}/${d}*`);
}

/** Whether an entry covers the file `rel`: the file itself, a folder holding it, or (`dir/doc*`) a file of that document in dir. */
function covers(entry: string, rel: string): boolean {
  if (entry.endsWith('*')) {
    const dir = path.posix.dirname(entry);
    return path.posix.dirname(rel) === dir && documentOf(path.posix.basename(rel)) === path.posix.basename(entry).slice(0, -1);
  }
  return rel === entry || rel.startsWith(`${entry}/`);
}

/** A file-system error while writing into `dir`, as the OutputError the clerk sees (exit 2); other errors unchanged. */
export function writeFailure(e: unknown, dir: string, after = '输出目录中已有的文件没有改动。'): unknown {
  if (e instanceof OutputError) return e;
  // DuckDB (writing a snapshot) says it in English, without a code
  const message = (e as Error | null)?.message ?? '';
  const said = /No space left on device/i.test(message)
    ? '磁盘空间已满'
    : /Permission denied/i.test(message)
      ? '没有写入权限'
      : /Read-only file system/i.test(message)
        ? '所在磁盘是只读的'
        : null;
  const reason = fsReason(e) ?? said;
  if (!reason) return e;
  const where = (e as NodeJS.ErrnoException).path ?? dir;
  if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') {
    // name the file that stands where a folder should be
    for (let d = path.dirname(where); d !== path.dirname(d); d = path.dirname(d)) {
      const st = lstatOrNull(d);
      if (st && !st.isDirectory()) return new OutputError(`无法写入 ${where}：${d} 是一个文件，不是文件夹。${after}`);
    }
  }
  return new OutputError(`无法写入 ${where}：${reason}。${after}`);
}

/** lstat, or null when nothing is there. */
function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}

/**
 * Stop before writing when an entry we would replace exists and is not ours. For an entry inside
 * another (`history/2026-09-30`) the outer one (`history`) must be ours.
 */
export function checkOwnership(outDir: string, entries: string[]): void {
  const st = lstatOrNull(outDir);
  if (!st) return;
  if (!st.isDirectory()) throw new OutputError(`输出目录 ${outDir} 已存在，但不是文件夹：请把 --out 指向一个文件夹。`);
  const owned = ownedEntries(outDir);
  const foreign = [...new Set(entries.map(topOf))].filter((e) => existsSync(path.join(outDir, e)) && !owned.has(e));
  if (foreign.length) {
    throw new OutputError(
      `输出目录 ${outDir} 中已有不是本程序生成的 ${foreign.map((e) => `“${e}”`).join('、')}，为免覆盖他人文件，本次未写入任何内容。` +
        `请换一个空的输出目录，或先自行移走这些文件。`,
    );
  }
}

// ——— one run at a time ———

interface LockInfo {
  pid: number;
  token: string;
}

/** The lock of one run on one folder: `release()` removes it (only if it is still this run's). */
export class Lock {
  private constructor(
    readonly dir: string,
    readonly token: string,
    /** the first folder this run created on the way to `dir` (none when it existed): a run that writes nothing removes them again */
    private readonly created: string | null,
  ) {}

  /**
   * Take the lock of `dir` (creating the folder if needed), or stop with exit 2 when another live
   * run holds it. A lock left by a process that is gone is taken over.
   */
  static acquire(dir: string, what = '输出目录'): Lock {
    const st = lstatOrNull(dir);
    if (st && !st.isDirectory()) throw new OutputError(`${what} ${dir} 已存在，但不是文件夹：请指向一个文件夹。`);
    const token = randomBytes(8).toString('hex');
    let created: string | null = null;
    try {
      if (!st) created = mkdirSync(dir, { recursive: true }) ?? null;
      const file = path.join(dir, LOCK);
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const fd = openSync(file, 'wx');
          try {
            writeFileSync(fd, `${JSON.stringify({ pid: process.pid, token } satisfies LockInfo)}\n`);
          } finally {
            closeSync(fd);
          }
          return new Lock(dir, token, created);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        const held = readLock(file);
        if (held === 'busy' || (held && isAlive(held.pid))) throw busy(dir, file, held === 'busy' ? null : held.pid);
        takeOver(file, held);
      }
      throw busy(dir, file, null);
    } catch (e) {
      if (created) rmCreated(dir, created);
      throw writeFailure(e, dir, '');
    }
  }

  release(): void {
    const file = path.join(this.dir, LOCK);
    const held = readLock(file);
    if (held && held !== 'busy' && held.token === this.token) rmSync(file, { force: true });
  }

  /** Release, and remove the folder again if this run created it and it is empty (a failed run leaves nothing). */
  releaseFailed(): void {
    this.release();
    if (this.created) rmCreated(this.dir, this.created);
  }
}

/** Remove `dir` and its parents up to `first` (the first folder created for it), each only if empty. */
function rmCreated(dir: string, first: string): void {
  for (let d = path.resolve(dir); inside(d, path.resolve(first)); d = path.dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty, or gone: left as it is
    }
  }
}

function rmEmptyDir(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty, or gone: left as it is
  }
}

function busy(dir: string, file: string, pid: number | null): OutputError {
  return new OutputError(
    `输出目录 ${dir} 正由另一次运行${pid ? `（进程 ${pid}）` : ''}使用：锁文件 ${file}。请等它结束后再运行；` +
      `如确认没有其他运行，可删除该锁文件。`,
  );
}

/** The lock's content; 'busy' for one being written right now (empty or partial, and recent); null when stale and unreadable. */
function readLock(file: string): LockInfo | 'busy' | null {
  const st = lstatOrNull(file);
  if (!st) return null;
  const info = readJson<LockInfo>(file);
  if (info && typeof info.pid === 'number' && typeof info.token === 'string') return info;
  return Date.now() - st.mtimeMs < 10_000 ? 'busy' : null;
}

/** Remove a lock whose process is gone: moved aside first, and put back if it turns out to be another's. */
function takeOver(file: string, stale: LockInfo | null): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // gone meanwhile: try again
  }
  const moved = readJson<LockInfo>(aside);
  if (moved && stale && moved.token !== stale.token && isAlive(moved.pid)) {
    // another run took it over between our look and the move: give it back
    try {
      renameSync(aside, file);
    } catch {
      rmSync(aside, { force: true });
    }
    return;
  }
  rmSync(aside, { force: true });
}

// ——— recovery ———

/** `dir` is a staging folder of this program: its marker holds the token its name ends with. */
function stagingInfo(dir: string): LockInfo | null {
  const st = lstatOrNull(dir);
  if (!st?.isDirectory()) return null;
  const marker = readJson<LockInfo>(path.join(dir, STAGING_MARKER));
  if (!marker || typeof marker.token !== 'string' || typeof marker.pid !== 'number') return null;
  if (path.basename(dir) !== `${STAGING_PREFIX}${marker.token}`) return null;
  return marker;
}

/**
 * Complete a swap that a killed run left behind, remove the staging folders of runs that are gone
 * (only folders carrying this program's marker) and a lock left by a process that is gone.
 * Returns the clerk's files the completed swap kept.
 */
export function recover(outDir: string, log: (line: string) => void = () => {}): Kept[] {
  const kept: Kept[] = [];
  const st = lstatOrNull(outDir);
  if (st?.isDirectory()) {
    const journal = readJson<Journal>(path.join(outDir, JOURNAL));
    if (journal && typeof journal.staging === 'string' && typeof journal.token === 'string' && Array.isArray(journal.steps)) {
      const staging = path.join(outDir, path.basename(journal.staging));
      if (stagingInfo(staging)?.token === journal.token) {
        kept.push(...swapIn(outDir, staging, journal));
        log(`上次运行在替换输出时中断，已补完。`);
        logKept(kept, outDir, log);
        rmSync(path.join(outDir, JOURNAL), { force: true });
        rmSync(staging, { recursive: true, force: true });
      } else if (!existsSync(staging)) {
        // swapped and cleaned up, killed before the journal was removed
        rmSync(path.join(outDir, JOURNAL), { force: true });
      }
    } else if (journal && typeof journal.staging === 'string' && Array.isArray((journal as unknown as LegacyJournal).entries)) {
      recoverLegacy(outDir, journal as unknown as LegacyJournal, log);
    }
    const lock = readLock(path.join(outDir, LOCK));
    if (lock && lock !== 'busy' && !isAlive(lock.pid)) takeOver(path.join(outDir, LOCK), lock);
    for (const name of readdirSync(outDir)) {
      if (!name.startsWith(STAGING_PREFIX)) continue;
      const info = stagingInfo(path.join(outDir, name));
      if (info && info.pid !== process.pid && !isAlive(info.pid)) rmSync(path.join(outDir, name), { recursive: true, force: true });
    }
  }
  removeDeadTempFolders();
  return kept;
}

/** The journal of a version before the file list: whole entries moved in. */
interface LegacyJournal {
  staging: string;
  entries: string[];
}

/** Finish the swap of a run of that version (its staging folder named in its journal): as it did, entry by entry. */
function recoverLegacy(outDir: string, journal: LegacyJournal, log: (line: string) => void): void {
  const staging = path.join(outDir, path.basename(journal.staging));
  if (lstatOrNull(staging)?.isDirectory() && path.basename(staging).startsWith(STAGING_PREFIX)) {
    const fresh = path.join(staging, 'new');
    const old = path.join(staging, 'old');
    for (const entry of journal.entries) {
      const next = path.join(fresh, entry);
      if (!lstatOrNull(next)) continue;
      const target = path.join(outDir, entry);
      mkdirSync(path.dirname(target), { recursive: true });
      mkdirSync(path.dirname(path.join(old, entry)), { recursive: true });
      if (lstatOrNull(target)) renameSync(target, path.join(old, entry));
      renameSync(next, target);
    }
    const owned = ownedEntries(outDir);
    for (const e of journal.entries) owned.add(topOf(e));
    writeAtomic(path.join(outDir, MANIFEST), `${JSON.stringify({ program: 'sgyp', entries: [...owned].sort() }, null, 2)}\n`, staging);
    log(`上次运行（较早的版本）在替换输出时中断，已补完：${journal.entries.join('、')}`);
    rmSync(path.join(outDir, JOURNAL), { force: true });
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Say in the log which of the clerk's files were kept, and where. */
export function logKept(kept: Kept[], dir: string, log: (line: string) => void): void {
  for (const line of keptLines(kept, dir)) log(line);
}

/** One Chinese line per kept file; the clerk's own files left untouched in one line. */
export function keptLines(kept: Kept[], dir: string): string[] {
  const untouched = kept.filter((k) => k.to === null && k.why === 'foreign').map((k) => path.join(dir, k.from));
  const shown = untouched.slice(0, 10).join('、') + (untouched.length > 10 ? ` 等` : '');
  const lines = kept
    .filter((k) => !(k.to === null && k.why === 'foreign'))
    .map((k) => {
      const from = path.join(dir, k.from);
      if (k.to === null) return `保留 ${from}：它在本程序写出后被修改过，本次不再生成该文件，原样保留。`;
      const to = path.join(dir, k.to);
      return k.why === 'edited'
        ? `保留修改稿：${from} 在本程序写出后被修改过，已改名为 ${to}（内容未动），新稿写在原文件名处。`
        : `保留原有文件：${from} 不是本程序写出的，已改名为 ${to}（内容未动），本次输出写在原文件名处。`;
    });
  if (untouched.length) lines.push(`未改动 ${untouched.length} 个不是本程序写出的文件：${shown}`);
  return lines;
}

/** Per-run folders in the system temp folder whose process is gone (named sgyp-load-<pid>-…, marked by load/runTemp.ts). */
function removeDeadTempFolders(): void {
  const tmp = os.tmpdir();
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return;
  }
  for (const name of names) {
    const m = new RegExp(`^${SYSTEM_TEMP_PREFIX}(\\d+)-`).exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    // only a folder carrying the marker load/runTemp.ts writes, naming that pid
    let marker: string | null = null;
    try {
      marker = readFileSync(path.join(tmp, name, '.sgyp-load'), 'utf8');
    } catch {
      marker = null;
    }
    if (marker !== String(pid)) continue;
    rmSync(path.join(tmp, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ——— comparing with the manifest ———

export function hashFile(file: string): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Every regular file under `dir`, relative, `/`-separated, sorted. */
function filesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...filesUnder(path.join(dir, d.name), rel));
    else if (d.isFile()) out.push(rel);
  }
  return out.sort();
}

/**
 * Whether the file at `rel` is still as this program wrote it: listed in the manifest with the same
 * size and hash. With a manifest of an older version (no file list), a file of an owned entry not
 * changed after the manifest was written counts as written by the program.
 */
export function unedited(dir: string, rel: string, manifest: Manifest | null, manifestTime: number): boolean {
  const st = lstatOrNull(path.join(dir, rel));
  if (!st?.isFile() || !manifest) return false;
  if (!manifest.files) return manifest.entries.includes(topOf(rel)) && st.mtimeMs <= manifestTime;
  const rec = manifest.files[rel];
  if (!rec || rec.size !== st.size) return false;
  try {
    return hashFile(path.join(dir, rel)) === rec.sha256;
  } catch {
    return false; // unreadable: not ours to replace
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The name a clerk's file at `rel` is kept under: `annual-2026（修改稿，2026-12-05 10时31分）.docx`,
 * the local time it was last saved; `，2` … when that name is taken (or in `taken`).
 */
export function keptName(dir: string, rel: string, why: 'edited' | 'foreign', taken: Set<string>): string {
  const st = lstatOrNull(path.join(dir, rel));
  const t = new Date(st ? st.mtimeMs : Date.now());
  const when = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}时${pad(t.getMinutes())}分`;
  const base = path.posix.basename(rel);
  const ext = st?.isFile() ? path.posix.extname(base) : '';
  const stem = ext ? base.slice(0, -ext.length) : base;
  const folder = path.posix.dirname(rel);
  const label = why === 'edited' ? '修改稿' : '原有文件';
  for (let n = 1; ; n++) {
    const name = `${stem}（${label}，${when}${n > 1 ? `，${n}` : ''}）${ext}`;
    const candidate = folder === '.' ? name : `${folder}/${name}`;
    if (!taken.has(candidate) && !lstatOrNull(path.join(dir, candidate))) {
      taken.add(candidate);
      return candidate;
    }
  }
}

/**
 * The steps that put the files staged in `fresh` into `dir` (see the protocol above), and the
 * manifest after them. `entries` are what this run replaces: a listed, unedited file they cover
 * that the run does not write is removed; every other file stays.
 */
export function plan(dir: string, fresh: string, entries: string[]): { steps: Step[]; manifest: Manifest; kept: Kept[] } {
  const manifest = readManifest(dir);
  const manifestTime = lstatOrNull(path.join(dir, MANIFEST))?.mtimeMs ?? 0;
  const records: Record<string, FileRecord> = {};
  const wasOurs = (rel: string) => (manifest?.files ? rel in manifest.files : (manifest?.entries.includes(topOf(rel)) ?? false));
  // files of the manifest: kept as they were unless this run touches them
  if (manifest?.files) {
    // (a file of ours someone deleted or moved is no longer listed)
    for (const [rel, rec] of Object.entries(manifest.files)) if (lstatOrNull(path.join(dir, rel))) records[rel] = rec;
  } else if (manifest) {
    // an older manifest: the files of its entries not changed since, as they are now
    for (const e of manifest.entries) {
      const p = path.join(dir, e);
      const st = lstatOrNull(p);
      const rels = st?.isDirectory() ? filesUnder(p, e) : st?.isFile() ? [e] : [];
      for (const rel of rels) if (unedited(dir, rel, manifest, manifestTime)) records[rel] = record(path.join(dir, rel));
    }
  }
  const steps: Step[] = [];
  const kept: Kept[] = [];
  const taken = new Set<string>();
  const keep = (rel: string, why: 'edited' | 'foreign') => {
    const to = keptName(dir, rel, why, taken);
    steps.push({ op: 'keep', from: rel, to, why });
    kept.push({ from: rel, to, why });
    delete records[rel];
  };
  const staged = filesUnder(fresh);
  const writes = new Set(staged);
  const puts: Step[] = [];
  const handled = new Set<string>();
  for (const rel of staged) {
    // a file where this run needs a folder (site/projects as a file): kept, or removed if ours
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const anc = parts.slice(0, i).join('/');
      if (handled.has(anc)) continue;
      const st = lstatOrNull(path.join(dir, anc));
      if (!st || st.isDirectory()) continue;
      handled.add(anc);
      if (wasOurs(anc) && unedited(dir, anc, manifest, manifestTime)) {
        steps.push({ op: 'remove', path: anc });
        delete records[anc];
      } else keep(anc, wasOurs(anc) ? 'edited' : 'foreign');
    }
    const st = lstatOrNull(path.join(dir, rel));
    if (st && !(st.isFile() && wasOurs(rel) && unedited(dir, rel, manifest, manifestTime))) keep(rel, wasOurs(rel) ? 'edited' : 'foreign');
    records[rel] = record(path.join(fresh, rel));
    puts.push({ op: 'put', path: rel });
  }
  // files of ours this run replaces but no longer writes: removed when unedited, else left (and no longer listed)
  for (const rel of Object.keys(manifest?.files ?? records).sort()) {
    if (writes.has(rel) || handled.has(rel) || !entries.some((e) => covers(e, rel))) continue;
    const st = lstatOrNull(path.join(dir, rel));
    if (!st) {
      delete records[rel];
      continue;
    }
    if (unedited(dir, rel, manifest, manifestTime)) steps.push({ op: 'remove', path: rel });
    else kept.push({ from: rel, to: null, why: 'edited' });
    delete records[rel];
  }
  // the clerk's own files in the folders this run writes into: left where they are, and named in the log
  for (const top of [...new Set(entries.map(topOf))].sort()) {
    const p = path.join(dir, top);
    if (!lstatOrNull(p)?.isDirectory()) continue;
    for (const rel of filesUnder(p, top)) {
      if (!(rel in records) && !writes.has(rel) && !wasOurs(rel) && !taken.has(rel)) kept.push({ from: rel, to: null, why: 'foreign' });
    }
  }
  const owned = new Set(manifest?.entries ?? []);
  for (const e of entries) owned.add(topOf(e));
  const sorted: Record<string, FileRecord> = {};
  for (const rel of Object.keys(records).sort()) sorted[rel] = records[rel]!;
  return { steps: [...steps, ...puts], manifest: { program: 'sgyp', entries: [...owned].sort(), files: sorted }, kept };
}

function record(file: string): FileRecord {
  return { size: lstatSync(file).size, sha256: hashFile(file) };
}

/** Steps 4–5: do the journal's steps (each can be repeated, so recovery can do them again), then write its manifest. */
function swapIn(dir: string, staging: string, journal: Journal): Kept[] {
  const fresh = path.join(staging, 'new');
  const old = path.join(staging, 'old');
  const kept: Kept[] = [];
  const emptied = new Set<string>();
  const seen = new Set<string>();
  const aside = (rel: string) => {
    mkdirSync(path.dirname(path.join(old, rel)), { recursive: true });
    renameSync(path.join(dir, rel), path.join(old, rel));
    emptied.add(path.posix.dirname(rel));
  };
  for (const step of journal.steps) {
    if (step.op === 'keep') {
      if (lstatOrNull(path.join(dir, step.from)) && !lstatOrNull(path.join(dir, step.to))) {
        renameSync(path.join(dir, step.from), path.join(dir, step.to));
      }
      kept.push({ from: step.from, to: step.to, why: step.why });
    } else if (step.op === 'remove') {
      if (lstatOrNull(path.join(dir, step.path))) aside(step.path);
    } else {
      const next = path.join(fresh, step.path);
      // kill points: the first file of each entry (swap:site, swap:history/2026-09-30), and each file
      const parts = step.path.split('/');
      for (const point of [parts[0]!, parts.slice(0, 2).join('/'), step.path]) {
        if (seen.has(point)) continue;
        seen.add(point);
        OutputTransaction.atStep(`swap:${point}`);
      }
      if (!lstatOrNull(next)) continue; // already moved in by the run that was killed
      const target = path.join(dir, step.path);
      mkdirSync(path.dirname(target), { recursive: true });
      if (lstatOrNull(target)) aside(step.path);
      renameSync(next, target);
    }
  }
  // folders left empty by removing files of ours (never an entry itself, never one holding anything else)
  for (const folder of [...emptied].sort().reverse()) {
    for (let f = folder; f !== '.' && f.includes('/'); f = path.posix.dirname(f)) {
      const p = path.join(dir, f);
      if (lstatOrNull(p)?.isDirectory() && readdirSync(p).length === 0) rmEmptyDir(p);
      else break;
    }
  }
  writeAtomic(path.join(dir, MANIFEST), `${JSON.stringify(journal.manifest, null, 2)}\n`, staging);
  return kept;
}

/**
 * One run's writing into a folder (--out, or --history elsewhere), under that folder's lock:
 * `files` writes the outputs into the staging folder (`stage`); `commit()` puts every staged file in
 * place (steps 3–5) and returns the clerk's files it kept; `dispose()` removes the staging folder if
 * commit never happened.
 */
export class OutputTransaction {
  /**
   * Told each point of the protocol as it is reached (staged, journal, swap:<entry or file>,
   * swapped). Nothing in a normal run: the kill-point tests set it (tests/support/killAt.mjs) to
   * kill the process there, as a power cut would, and check recovery.
   */
  static atStep: (step: string) => void = () => {};

  readonly stage: string;
  /** the one writer of the staged files (work folders of tools such as Astro go beside `stage`, not in it) */
  readonly files: OutputFiles;
  private readonly staging: string;
  private readonly token: string;

  private constructor(
    readonly outDir: string,
    token: string,
    log: (line: string) => void,
  ) {
    this.token = token;
    this.staging = path.join(outDir, `${STAGING_PREFIX}${token}`);
    this.stage = path.join(this.staging, 'new');
    this.files = new OutputFiles(this.stage, log, this.staging);
  }

  /** Begin writing into `outDir`; the files written with a size line are logged to `log`. */
  static begin(outDir: string, log: (line: string) => void = () => {}): OutputTransaction {
    const token = randomBytes(8).toString('hex');
    const tx = new OutputTransaction(outDir, token, log);
    try {
      mkdirSync(outDir, { recursive: true });
      mkdirSync(tx.staging);
      writeFileSync(path.join(tx.staging, STAGING_MARKER), JSON.stringify({ pid: process.pid, token } satisfies LockInfo));
      mkdirSync(tx.stage);
    } catch (e) {
      tx.dispose();
      throw writeFailure(e, outDir);
    }
    return tx;
  }

  commit(entries: string[], log: (line: string) => void = () => {}): Kept[] {
    checkOwnership(this.outDir, entries); // again: someone may have put a file there meanwhile
    OutputTransaction.atStep('staged');
    let journal: Journal;
    let kept: Kept[];
    try {
      const planned = plan(this.outDir, this.stage, entries);
      const { steps, manifest } = planned;
      kept = planned.kept;
      journal = { staging: path.basename(this.staging), token: this.token, steps, manifest };
      writeAtomic(path.join(this.outDir, JOURNAL), JSON.stringify(journal), this.staging);
    } catch (e) {
      throw writeFailure(e, this.outDir);
    }
    OutputTransaction.atStep('journal');
    try {
      swapIn(this.outDir, this.staging, journal);
    } catch (e) {
      throw writeFailure(e, this.outDir, '替换未完成：下次运行会先把它补完。');
    }
    logKept(kept, this.outDir, log);
    OutputTransaction.atStep('swapped');
    rmSync(path.join(this.outDir, JOURNAL), { force: true });
    rmSync(this.staging, { recursive: true, force: true });
    return kept;
  }

  dispose(): void {
    // After a commit the folder is gone; before the journal it holds nothing anyone needs.
    const journal = readJson<Journal>(path.join(this.outDir, JOURNAL));
    if (journal?.token !== this.token && stagingInfo(this.staging)?.token === this.token) {
      rmSync(this.staging, { recursive: true, force: true });
    }
  }
}

/**
 * Put files staged in `tmp` (paths relative to both) into `dir` without a journal (the annotated
 * workbooks of --annotate): a file there that this program did not write, or wrote and someone
 * changed since, is first renamed beside it (as in plan()); the folder's manifest then lists the
 * files written. Returns the files kept.
 */
export function placeFiles(dir: string, tmp: string, rels: string[]): Kept[] {
  const manifest = readManifest(dir);
  const files: Record<string, FileRecord> = { ...(manifest?.files ?? {}) };
  const kept: Kept[] = [];
  const taken = new Set<string>();
  for (const rel of rels) {
    const target = path.join(dir, rel);
    const st = lstatOrNull(target);
    if (st && !(st.isFile() && manifest?.files && unedited(dir, rel, manifest, 0))) {
      const why = manifest?.files && rel in manifest.files ? 'edited' : 'foreign';
      const to = keptName(dir, rel, why, taken);
      renameSync(target, path.join(dir, to));
      kept.push({ from: rel, to, why });
    }
    files[rel] = record(path.join(tmp, rel));
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(path.join(tmp, rel), target);
  }
  const sorted: Record<string, FileRecord> = {};
  for (const rel of Object.keys(files).sort()) if (lstatOrNull(path.join(dir, rel))) sorted[rel] = files[rel]!;
  writeAtomic(
    path.join(dir, MANIFEST),
    `${JSON.stringify({ program: 'sgyp', entries: manifest?.entries ?? [], files: sorted }, null, 2)}\n`,
    tmp,
  );
  return kept;
}

// ——— one run's outputs ———

/** The folders a run writes, as the user named them. */
export interface OutputPlaces {
  /** the data folder (nothing is written into, around or inside it) */
  dataDir: string;
  /** --out (stats, build); none for a run that writes no outputs (check) */
  outDir?: string;
  /** the entries of --out the command writes (stats.json, lists, `reports/*`: its documents there, site): none of them may be another's */
  entries?: readonly string[];
  /** --history: the snapshots kept outside --out (default OUT/history, in the output transaction) */
  historyDir?: string;
  /** --annotate: the folder of the annotated ledgers */
  annotate?: string;
  /** --profile (--out may not hold it) */
  profileFile?: string;
  /** the run's as-of date: the folder of its snapshot (history/<as-of>) */
  asOf: string;
}

/** The clerk's files kept in one folder. */
export interface KeptIn {
  dir: string;
  files: Kept[];
}

/** Where a run's staged outputs are written: its files, and the folder of its snapshot among them or in the history's own transaction. */
export interface Staged {
  files: OutputFiles;
  snapshot: { files: OutputFiles; dir: string };
}

/**
 * One run's outputs, the only door run.ts uses into this room:
 *
 *   const output = Output.open(places, log);   // overlaps refused, folders locked, a killed run's swap finished, ownership checked, staging begun
 *   output.staged                               // where this run's snapshot is staged (history/ writes its projects there)
 *   await output.commit(entries, files);        // the rendered files staged, then the snapshot kept elsewhere first, then --out
 *   output.close(ok);                           // what was not committed removed, the locks released
 */
export class Output {
  private readonly locks: Lock[] = [];
  /** the clerk's files kept while finishing what a killed run left behind */
  private readonly recovered: KeptIn[] = [];
  /** the transactions: --out's, and that of a --history folder outside it */
  private begun: { asOf: string; tx: OutputTransaction; historyTx: OutputTransaction | null } | null = null;
  /** where this run's outputs are staged; null for a run that writes no outputs (check) */
  staged: Staged | null = null;

  private constructor(
    /** --out as given (so named in the log) and resolved, and where the snapshots are; null for a run that writes no outputs */
    private readonly out: { given: string; dir: string; history: HistoryPlace } | null,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Before any ledger or snapshot is read: refuse an --out, --annotate or --history folder that
   * overlaps the inputs (or each other) and an --out that holds others' files; one run at a time
   * per folder (the lock taken before anything in it is looked at), what a killed run left behind
   * finished, and the output transaction begun (staged: no file in the folders is replaced before commit).
   */
  static open(places: OutputPlaces, log: (line: string) => void = () => {}): Output {
    if (places.annotate) checkAnnotateDir(places.annotate, { dataDir: places.dataDir, outDir: places.outDir });
    if (!places.outDir) return new Output(null, log);
    const dataDir = path.resolve(places.dataDir);
    const outDir = path.resolve(places.outDir);
    checkOutDir(outDir, { dataDir, profileFile: places.profileFile ?? null });
    const history = historyPlace(places.historyDir, dataDir, outDir);
    const output = new Output({ given: places.outDir, dir: outDir, history }, log);
    output.locks.push(Lock.acquire(outDir));
    try {
      if (!history.inOut) output.locks.push(Lock.acquire(history.dir, '历史快照目录'));
      for (const dir of history.inOut ? [outDir] : [outDir, history.dir]) {
        let kept: Kept[];
        try {
          kept = recover(dir, log);
        } catch (e) {
          throw writeFailure(e, dir, '上次中断的替换尚未补完，下次运行会再试。');
        }
        if (kept.length) output.recovered.push({ dir, files: kept });
      }
      checkOwnership(outDir, [...(places.entries ?? []), ...(history.inOut ? [HISTORY] : [])]);
      output.staged = output.begin(places.asOf);
    } catch (e) {
      output.close(false);
      throw e;
    }
    return output;
  }

  /** The folder of the history snapshots this run compares with; null for a run that writes no outputs. */
  get historyDir(): string | null {
    return this.out?.history.dir ?? null;
  }

  /**
   * Begin writing: the output transaction, and this run's snapshot folder `asOf` in it, or in a
   * transaction of the history folder's own when that is outside --out.
   */
  private begin(asOf: string): Staged {
    if (!this.out) throw new Error('output: this run writes no outputs');
    const { dir, history } = this.out;
    // (a --history folder's snapshot of this date must be ours too)
    if (!history.inOut) checkOwnership(history.dir, [asOf]);
    const tx = OutputTransaction.begin(dir, this.log);
    this.begun = { asOf, tx, historyTx: null };
    if (history.inOut) return { files: tx.files, snapshot: { files: tx.files, dir: `${HISTORY}/${asOf}` } };
    const historyTx = OutputTransaction.begin(history.dir);
    this.begun.historyTx = historyTx;
    return { files: tx.files, snapshot: { files: historyTx.files, dir: asOf } };
  }

  /** A file-system error while writing the outputs, as the clerk sees it (exit 2). */
  failure(e: unknown): unknown {
    return writeFailure(e, this.out?.dir ?? '');
  }

  /**
   * Stage `rendered`, the run's outputs as the renderers make them, each put in place in the staging
   * as soon as it is made (those its snapshot keeps in the snapshot's folder). Then put everything
   * staged in place: a snapshot kept elsewhere (--history) first — it records a run
   * whose outputs were complete, and were the run killed between the two, the next run replaces it —
   * then the `entries` of --out this run replaces: each one it staged, or an earlier run left, and
   * for `folder/*` each document staged in that folder (`reports/quarterly-2026Q3*`: those of other
   * periods stay); its snapshot's folder added when the history is inside --out. An entry folder
   * left empty (lists/: no list is long now, and the clerk kept nothing there) is removed. Returns
   * the paths written and the clerk's files kept, those of the recovery first, each with its line
   * for the closing summary.
   */
  async commit(
    entries: readonly string[],
    rendered: AsyncIterable<OutputFile>,
  ): Promise<{ written: string[]; kept: KeptIn[]; keptNotes: string[] }> {
    if (!this.out || !this.begun || !this.staged) throw new Error('output: nothing staged');
    const { given, dir, history } = this.out;
    const { asOf, tx, historyTx } = this.begun;
    const { snapshot } = this.staged;
    // (a file-system error here is the caller's to say as one: failure)
    const output = { files: tx.files, dir: '' };
    for await (const file of rendered) {
      const at = file.inSnapshot ? snapshot : output;
      await at.files.put(file, at.dir);
    }
    const all = [
      ...entries.flatMap((e) =>
        e.endsWith('/*')
          ? documentEntries(tx.stage, e.slice(0, -2))
          : existsSync(tx.files.path(e)) || existsSync(path.join(dir, e))
            ? [e]
            : [],
      ),
      ...(history.inOut ? [`${HISTORY}/${asOf}`] : []),
    ];
    const kept: KeptIn[] = [...this.recovered];
    const written: string[] = [...all];
    if (historyTx) {
      const files = historyTx.commit([asOf], this.log);
      const snapshot = path.join(history.dir, asOf);
      this.log(`写入 ${snapshot}`);
      if (files.length) kept.push({ dir: history.dir, files });
      written.push(snapshot);
    }
    const files = tx.commit(all, this.log);
    if (files.length) kept.push({ dir: given, files });
    for (const name of all) {
      const p = path.join(dir, name);
      if (!name.endsWith('*') && lstatOrNull(p)?.isDirectory() && readdirSync(p).length === 0) rmdirSync(p);
    }
    for (const name of all) this.log(`写入 ${path.join(given, name.replace(/\*$/, '.*'))}`);
    return { written, kept, keptNotes: kept.flatMap((k) => keptLines(k.files, k.dir)) };
  }

  /** Remove what was staged and not committed, and release the folders (a failed run leaves nothing it created). */
  close(ok: boolean): void {
    this.begun?.historyTx?.dispose();
    this.begun?.tx.dispose();
    for (const lock of [...this.locks].reverse()) {
      if (ok) lock.release();
      else lock.releaseFailed();
    }
  }
}

/** Where a run's snapshots are: OUT/history (written in the output transaction), or a --history folder of its own. */
interface HistoryPlace {
  dir: string;
  inOut: boolean;
}

/** The history folder of a run: OUT/history, or --history (checked against the data folder and --out). */
function historyPlace(historyDir: string | undefined, dataDir: string, outDir: string): HistoryPlace {
  if (!historyDir) return { dir: path.join(outDir, HISTORY), inOut: true };
  const dir = path.resolve(historyDir);
  return checkHistoryDir(dir, { dataDir, outDir }) ? { dir: path.join(outDir, HISTORY), inOut: true } : { dir, inOut: false };
}
