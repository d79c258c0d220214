/**
 * An earlier data folder (--previous) instead of a history snapshot: its ledgers are loaded with the
 * same loader at their own as-of date and profile, written as a snapshot to a temporary Parquet
 * file and read into `previous_projects` like a snapshot of history/ (write.ts, attach.ts).
 */
import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadProfile, type Profile } from '../config/profile.js';
import { InputError, type Problem, UsageError } from '../errors.js';
import type { Database } from '../load/database.js';
import { loadLedgers, type Loaded } from '../load/index.js';
import { makeRunTemp } from '../load/runTemp.js';
import { dayBefore } from '../vocabulary.js';
import { attachSnapshot } from './attach.js';
import { SnapshotFile } from './write.js';

export interface EarlierLedgers {
  /** the earlier data folder, as the user named it */
  dataDir: string;
  asOf: string;
  profile: Profile;
}

/**
 * The earlier folder `dir` (--previous) checked, with its as-of date and profile: its own profile if
 * it has one (the as-of date of then), else this run's; as-of: the profile's, else the end of the
 * quarter before this run's. Its ledgers loaded with the same loader at that date and read into
 * `previous_projects` of `db`; problems of the earlier folder are input errors too, their files
 * named with the folder in front.
 */
export async function attachEarlierLedgers(
  db: Database,
  dir: string,
  dataDir: string,
  now: Pick<Loaded, 'asOf' | 'period' | 'profile'>,
): Promise<EarlierLedgers> {
  const earlier = earlierLedgers(dir, dataDir, now);
  const tmp = makeRunTemp();
  try {
    const file = path.join(tmp, 'projects.parquet');
    let loaded: Loaded;
    try {
      loaded = await loadLedgers({ dataDir: earlier.dataDir, asOf: earlier.asOf, profile: earlier.profile });
    } catch (e) {
      if (e instanceof InputError) throw new InputError(e.problems.map((p) => inFolder(p, earlier.dataDir)));
      throw e;
    }
    try {
      copyFileSync(await SnapshotFile.begin(loaded.db).written(), file);
    } finally {
      loaded.dispose();
    }
    await attachSnapshot(db, file, 'previous_projects');
    return earlier;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The earlier folder checked, with its as-of date and profile. */
function earlierLedgers(dir: string, dataDir: string, now: Pick<Loaded, 'asOf' | 'period' | 'profile'>): EarlierLedgers {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError([
      { file: dir, line: null, column: null, value: null, message: '--previous 应为存放上期台账的文件夹，该文件夹不存在' },
    ]);
  }
  if (path.resolve(dir) === path.resolve(dataDir)) throw new UsageError('--previous 与 --data 是同一个文件夹：请指定上期台账所在的文件夹');
  const own = loadProfile(dir);
  const profile = own.baseDir ? own : now.profile;
  const asOf = (own.baseDir ? own.asOf : undefined) ?? dayBefore(now.period.quarterStart);
  if (asOf >= now.asOf) {
    throw new InputError([
      {
        file: own.baseDir ? own.source : dir,
        line: null,
        column: null,
        field: 'asOf',
        value: asOf,
        message: `上期台账的截止日期应早于本期（${now.asOf}）`,
      },
    ]);
  }
  return { dataDir: dir, asOf, profile };
}

/** A problem of the earlier folder, its file named with the folder in front. */
function inFolder(p: Problem, dir: string): Problem {
  if (path.isAbsolute(p.file) || p.file.startsWith(dir) || p.file.startsWith('--')) return p;
  return { ...p, file: path.join(dir, p.file) };
}
