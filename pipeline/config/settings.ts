/**
 * A run's settings, the one door run.ts uses into config/ (readSettings), decided before any
 * ledger is read: the profile (--profile, else the data folder's, else the built-in default), the
 * as-of date (--as-of, else the profile's), the documents the profile publishes, and for --previous
 * the earlier folder's profile and as-of date. Reading configuration files happens here and
 * nowhere later.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError, type Problem, UsageError } from '../errors.js';
import { dayBefore, type Period, periodOf } from '../vocabulary.js';
import { type PublishedDocument, readPublishedDocuments } from './documents.js';
import { loadProfile, type Profile, resolveAsOf } from './profile.js';

export interface SettingsOptions {
  dataDir: string;
  /** --as-of (else the profile's) */
  asOf?: string;
  /** --profile (else the data folder's profile.yaml/.json, else the built-in default) */
  profilePath?: string;
  /** --previous: an earlier data folder to compare with */
  previousDir?: string;
}

/** What a data folder is loaded with. */
export interface FolderSettings {
  dataDir: string;
  profile: Profile;
  asOf: string;
  /** the as-of date's period (its quarter and year) */
  period: Period;
}

export interface Settings extends FolderSettings {
  /** the documents the profile publishes (documents.ts) */
  documents: PublishedDocument[];
  /** the folder of --previous, at its own as-of date and profile; null without one, or when it is refused (a problem) */
  earlier: FolderSettings | null;
  /** what is wrong with the documents or the folder of --previous: reported together with the ledgers' problems (load/) */
  problems: Problem[];
}

/**
 * The settings of a run (see the top of this file). A profile that cannot be read and an as-of
 * date that is not one stop here; the documents' problems and the earlier folder's are returned,
 * to be reported with the ledgers'.
 */
export function readSettings(opts: SettingsOptions, log: (line: string) => void = () => {}): Settings {
  const dir = opts.previousDir;
  const refused = dir ? earlierFolderProblem(dir, opts.dataDir) : null;
  const profile = loadProfile(opts.dataDir, opts.profilePath);
  // the earlier folder's own profile if it has one (the as-of date of then), else this run's
  const own = dir && !refused ? loadProfile(dir) : null;
  log(`配置：${profile.source}（${profile.level === 'city' ? profile.city : profile.county}）`);
  const problems: Problem[] = refused ? [refused] : [];
  const asOf = resolveAsOf(profile, opts.asOf);
  const period = periodOf(asOf);
  let earlier: FolderSettings | null = null;
  if (dir && own) {
    // as-of: its profile's, else the end of the quarter before this run's; before this run's as-of date
    const earlierAsOf = (own.baseDir ? own.asOf : undefined) ?? dayBefore(period.quarterStart);
    if (earlierAsOf >= asOf) {
      problems.push({
        file: own.baseDir ? own.source : dir,
        line: null,
        column: null,
        field: 'asOf',
        value: earlierAsOf,
        message: `上期台账的截止日期应早于本期（${asOf}）`,
      });
    } else earlier = { dataDir: dir, profile: own.baseDir ? own : profile, asOf: earlierAsOf, period: periodOf(earlierAsOf) };
  }
  let documents: PublishedDocument[] = [];
  try {
    documents = readPublishedDocuments(profile, opts.dataDir);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problems.push(...e.problems);
  }
  return { dataDir: opts.dataDir, profile, asOf, period, documents, earlier, problems };
}

/** The folder of --previous: a problem if it is not one, refused (usage) if it is the data folder itself. */
function earlierFolderProblem(dir: string, dataDir: string): Problem | null {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { file: dir, line: null, column: null, value: null, message: '--previous 应为存放上期台账的文件夹，该文件夹不存在' };
  }
  if (path.resolve(dir) === path.resolve(dataDir)) throw new UsageError('--previous 与 --data 是同一个文件夹：请指定上期台账所在的文件夹');
  return null;
}
