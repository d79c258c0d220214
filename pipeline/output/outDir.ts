/**
 * The output folder (--out) and how this program writes into it, so that it never destroys what it
 * did not write and a run killed at any moment leaves one consistent set of outputs.
 *
 * Ownership. `OUT/.sgyp-manifest.json` lists the entries this program created (stats.json,
 * reports/, site/, history/ …). An entry of that name that exists but is not listed belongs to
 * someone else: the run stops (exit 2) naming it, and never replaces or removes it. --out may not
 * be, contain or lie inside the data folder, nor contain the profile.
 *
 * Entries are replaced whole, except those named by a path (`history/2026-09-30`): these replace
 * one folder inside an owned entry and leave its other folders alone, so the snapshots of earlier
 * runs in history/ are kept while the run's own snapshot is put in place with the rest.
 *
 * The protocol of one run:
 *   1. recover: finish (roll forward) a swap a killed run left behind, remove its litter;
 *   2. stage every output in `OUT/.sgyp-tmp-<id>/new/` (nothing in OUT changes yet);
 *   3. write the journal `OUT/.sgyp-journal.json` naming the staging folder and the entries —
 *      from this moment the new set is complete and will be put in place even if the run dies;
 *   4. for each entry: move the old one to `<staging>/old/`, move the new one in;
 *   5. write the manifest, remove the journal, remove the staging folder.
 * A run killed before step 3 leaves OUT as it was (plus a staging folder the next run removes); a
 * run killed after it is completed by the next run's step 1. Small files (journal, manifest) are
 * written to a temporary name and renamed, so they are whole or absent.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OutputError } from '../errors.js';

export const MANIFEST = '.sgyp-manifest.json';
export const JOURNAL = '.sgyp-journal.json';
export const STAGING_PREFIX = '.sgyp-tmp-';
/** The snapshots of earlier runs inside --out (by default), one folder per as-of date. */
export const HISTORY = 'history';
/** Prefix of the per-run folders in the system temp folder (DuckDB spill, decoded ledgers). */
export const SYSTEM_TEMP_PREFIX = 'sgyp-load-';

interface Manifest {
  program: 'sgyp';
  entries: string[];
}

interface Journal {
  staging: string;
  entries: string[];
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Write a small file whole or not at all. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function ownedEntries(outDir: string): Set<string> {
  const m = readJson<Manifest>(path.join(outDir, MANIFEST));
  return new Set(m?.program === 'sgyp' && Array.isArray(m.entries) ? m.entries : []);
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

/** The top-level name of an entry: `history` for `history/2026-09-30`. */
function topOf(entry: string): string {
  return entry.split('/')[0]!;
}

/**
 * Stop before writing when an entry we would replace exists and is not ours. For an entry inside
 * another (`history/2026-09-30`) the outer one (`history`) must be ours.
 */
export function checkOwnership(outDir: string, entries: string[]): void {
  if (!existsSync(outDir)) return;
  if (!lstatSync(outDir).isDirectory()) throw new OutputError(`输出目录 ${outDir} 已存在，但不是文件夹。`);
  const owned = ownedEntries(outDir);
  const foreign = [...new Set(entries.map(topOf))].filter((e) => existsSync(path.join(outDir, e)) && !owned.has(e));
  if (foreign.length) {
    throw new OutputError(
      `输出目录 ${outDir} 中已有不是本程序生成的 ${foreign.map((e) => `“${e}”`).join('、')}，为免覆盖他人文件，本次未写入任何内容。` +
        `请换一个空的输出目录，或先自行移走这些文件。`,
    );
  }
}

/** Complete a swap that a killed run left behind, and remove the litter of earlier runs. */
export function recover(outDir: string, log: (line: string) => void = () => {}): void {
  if (existsSync(outDir)) {
    const journal = readJson<Journal>(path.join(outDir, JOURNAL));
    if (journal && typeof journal.staging === 'string' && Array.isArray(journal.entries)) {
      const staging = path.join(outDir, path.basename(journal.staging));
      if (existsSync(staging)) {
        swapIn(outDir, staging, journal.entries);
        log(`上次运行在替换输出时中断，已补完：${journal.entries.join('、')}`);
      }
      rmSync(path.join(outDir, JOURNAL), { force: true });
    }
    for (const name of readdirSync(outDir)) {
      if (name.startsWith(STAGING_PREFIX) || (name.startsWith('.sgyp-') && name.endsWith('.tmp'))) {
        rmSync(path.join(outDir, name), { recursive: true, force: true });
      }
    }
  }
  removeDeadTempFolders();
}

/** Per-run folders in the system temp folder whose process is gone (named sgyp-load-<pid>-…). */
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

/** Steps 4–5: move the staged entries in (idempotent, so recovery can repeat it), then record them. */
function swapIn(outDir: string, staging: string, entries: string[]): void {
  const fresh = path.join(staging, 'new');
  const old = path.join(staging, 'old');
  mkdirSync(old, { recursive: true });
  for (const entry of entries) {
    const next = path.join(fresh, entry);
    if (!existsSync(next)) continue; // already moved in by the run that was killed
    const target = path.join(outDir, entry);
    // an entry inside another (history/<as-of>): its folder in OUT and in old/ may not exist yet
    mkdirSync(path.dirname(target), { recursive: true });
    mkdirSync(path.dirname(path.join(old, entry)), { recursive: true });
    if (existsSync(target)) renameSync(target, path.join(old, entry));
    stepHook(`swap:${entry}`);
    renameSync(next, target);
  }
  const owned = ownedEntries(outDir);
  for (const e of entries) owned.add(topOf(e));
  writeAtomic(
    path.join(outDir, MANIFEST),
    `${JSON.stringify({ program: 'sgyp', entries: [...owned].sort() } satisfies Manifest, null, 2)}\n`,
  );
}

/**
 * One run's writing into --out: `stage` is the folder to render into; `commit()` puts every staged
 * entry in place (steps 3–5); `dispose()` removes the staging folder if commit never happened.
 */
export class OutputTransaction {
  readonly stage: string;
  private readonly staging: string;

  private constructor(
    readonly outDir: string,
    staging: string,
  ) {
    this.staging = staging;
    this.stage = path.join(staging, 'new');
  }

  static begin(outDir: string): OutputTransaction {
    mkdirSync(outDir, { recursive: true });
    const staging = path.join(outDir, `${STAGING_PREFIX}${process.pid}-${Date.now().toString(36)}`);
    mkdirSync(path.join(staging, 'new'), { recursive: true });
    return new OutputTransaction(outDir, staging);
  }

  commit(entries: string[]): void {
    checkOwnership(this.outDir, entries); // again: someone may have put a file there meanwhile
    stepHook('staged');
    writeAtomic(path.join(this.outDir, JOURNAL), JSON.stringify({ staging: path.basename(this.staging), entries } satisfies Journal));
    stepHook('journal');
    swapIn(this.outDir, this.staging, entries);
    stepHook('swapped');
    rmSync(path.join(this.outDir, JOURNAL), { force: true });
    rmSync(this.staging, { recursive: true, force: true });
  }

  dispose(): void {
    // After a commit the folder is gone; before the journal it holds nothing anyone needs.
    if (!existsSync(path.join(this.outDir, JOURNAL))) rmSync(this.staging, { recursive: true, force: true });
  }
}

/**
 * Test hook: with SGYP_TEST_KILL_AT=<step> the process kills itself at that step of the protocol
 * (staged, journal, swap:<entry>, swapped), as a power cut would, so tests can check recovery.
 */
function stepHook(step: string): void {
  if (process.env.SGYP_TEST_KILL_AT === step) process.kill(process.pid, 'SIGKILL');
}
