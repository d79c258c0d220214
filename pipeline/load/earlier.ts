/**
 * An earlier data folder (--previous) to compare with instead of a history snapshot: checked, and
 * its as-of date and profile decided, before its ledgers are loaded by the same loader
 * (index.ts readInputs). history/earlier.ts reads them in as the earlier snapshot.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Profile } from '../config/profile.js';
import { InputError, type Problem, UsageError } from '../errors.js';
import { dayBefore, type Period } from '../vocabulary.js';

/** The folder of --previous: a problem if it is not one, refused (usage) if it is the data folder itself. */
export function earlierFolderProblem(dir: string, dataDir: string): Problem | null {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { file: dir, line: null, column: null, value: null, message: '--previous 应为存放上期台账的文件夹，该文件夹不存在' };
  }
  if (path.resolve(dir) === path.resolve(dataDir)) throw new UsageError('--previous 与 --data 是同一个文件夹：请指定上期台账所在的文件夹');
  return null;
}

/**
 * The as-of date and profile the earlier folder is loaded with: its own profile if it has one (the
 * as-of date of then), else this run's; as-of: its profile's, else the end of the quarter before
 * this run's, and before this run's as-of date.
 */
export function earlierSettings(
  own: Profile,
  now: { asOf: string; period: Period; profile: Profile },
  dir: string,
): { asOf: string; profile: Profile } {
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
  return { asOf, profile };
}

/** A problem of the earlier folder, its file named with the folder in front. */
export function inFolder(p: Problem, dir: string): Problem {
  if (path.isAbsolute(p.file) || p.file.startsWith(dir) || p.file.startsWith('--')) return p;
  return { ...p, file: path.join(dir, p.file) };
}
