/**
 * The load stage, the one door run.ts uses to read a run's inputs (readInputs): the profile, the
 * documents it publishes, every ledger (ingest) staged into DuckDB with its rules evaluated, and
 * the ledgers of --previous by the same loader (earlier.ts); every input error of every file
 * collected. The result is the open database the computation queries.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { type PublishedDocument, readPublishedDocuments } from '../config/documents.js';
import { loadProfile, type Profile } from '../config/profile.js';
import { AS_OF_YEARS, InputError, sortProblems, type Problem, UsageError } from '../errors.js';
import { countyOfPath } from '../ingest/columns.js';
import { type Ignored, scanSources, type Source } from '../ingest/sources.js';
import { isIsoDate, periodOf, type Period } from '../vocabulary.js';
import { Database } from './database.js';
import { createProjectsView, createStaging, stageSources } from './stage.js';
import { collectInputErrors, noProjectProblems } from './validate.js';
import { earlierFolderProblem, earlierSettings, inFolder } from './earlier.js';
import { makeRunTemp } from './runTemp.js';

export interface LoadOptions {
  dataDir: string;
  asOf?: string;
  profile: Profile;
}

export interface Loaded {
  db: Database;
  profile: Profile;
  asOf: string;
  period: Period;
  sources: Source[];
  ignored: Ignored[];
  /** files read as what they really are, not as their extension says (SourceScan.notes) */
  notes: string[];
  /** close the database and remove temporary files */
  dispose(): void;
}

export interface InputOptions {
  dataDir: string;
  /** --as-of (else the profile's) */
  asOf?: string;
  /** --profile (else the data folder's profile.yaml/.json, else the built-in default) */
  profilePath?: string;
  /** --previous: an earlier data folder, loaded too, that history/ compares with */
  previousDir?: string;
  /** problems found before reading (the package's own Word templates): reported with the ledgers' */
  problems?: Problem[];
}

/** The ledgers of --previous, loaded at their own as-of date and profile. */
export interface EarlierLoaded extends Loaded {
  /** the earlier data folder, as the user named it */
  dataDir: string;
}

/** A run's inputs, read and valid. */
export interface Inputs extends Loaded {
  /** the documents the profile publishes (config/documents.ts) */
  documents: PublishedDocument[];
  /** the ledgers of --previous, or null */
  earlier: EarlierLoaded | null;
}

/**
 * Read a run's inputs: the profile (and that of --previous, checked), the documents it publishes,
 * every ledger, then the ledgers of --previous at their own as-of date. Throws one InputError with
 * every problem found: the ledgers', the earlier folder's (named with the folder in front), the
 * documents', and `opts.problems`.
 */
export async function readInputs(opts: InputOptions, log: (line: string) => void = () => {}): Promise<Inputs> {
  const profile = loadProfile(opts.dataDir, opts.profilePath);
  log(`配置：${profile.source}（${profile.level === 'city' ? profile.city : profile.county}）`);
  const problems: Problem[] = [];
  const collect = (e: unknown) => {
    if (!(e instanceof InputError)) throw e;
    problems.push(...e.problems);
  };
  const folder = opts.previousDir ? earlierFolderProblem(opts.previousDir, opts.dataDir) : null;
  const previousDir = opts.previousDir && !folder ? opts.previousDir : null;
  const ownEarlier = previousDir ? loadProfile(previousDir) : null;
  let documents: PublishedDocument[] = [];
  try {
    documents = readPublishedDocuments(profile, opts.dataDir);
  } catch (e) {
    collect(e);
  }
  const later = [...(folder ? [folder] : []), ...problems, ...(opts.problems ?? [])];
  let loaded: Loaded;
  try {
    loaded = await loadLedgers({ dataDir: opts.dataDir, asOf: opts.asOf, profile });
  } catch (e) {
    if (e instanceof InputError) throw new InputError([...e.problems, ...later]);
    throw e;
  }
  let earlier: EarlierLoaded | null = null;
  try {
    if (previousDir && ownEarlier) {
      const settings = earlierSettings(ownEarlier, loaded, previousDir);
      try {
        earlier = { ...(await loadLedgers({ dataDir: previousDir, ...settings })), dataDir: previousDir };
      } catch (e) {
        if (e instanceof InputError) throw new InputError(e.problems.map((p) => inFolder(p, previousDir)));
        throw e;
      }
    }
  } catch (e) {
    loaded.dispose();
    if (e instanceof InputError) throw new InputError([...e.problems, ...later]);
    throw e;
  }
  const dispose = () => {
    earlier?.dispose();
    loaded.dispose();
  };
  if (later.length) {
    dispose();
    throw new InputError(later);
  }
  return { ...loaded, documents, earlier, dispose };
}

/** Resolve the as-of date: --as-of, else the profile's. */
export function resolveAsOf(profile: Profile, asOf?: string): string {
  const value = asOf ?? profile.asOf;
  if (!value) {
    throw new InputError([
      {
        file: profile.source,
        line: null,
        column: null,
        field: 'asOf',
        value: null,
        message: '没有统计截止日期：请用 --as-of YYYY-MM-DD 指定，或在配置文件中填写 asOf',
      },
    ]);
  }
  if (!isIsoDate(value)) {
    throw new InputError([{ file: '--as-of', line: null, column: null, value, message: '应为 YYYY-MM-DD 格式的真实日期' }]);
  }
  const year = Number(value.slice(0, 4));
  const first = Math.max(AS_OF_YEARS.first, profile.thresholds.firstYear);
  if (year < first || year > AS_OF_YEARS.last) {
    const message = `年份应在${first}至${AS_OF_YEARS.last}年之间（不早于配置的建设年度下限 firstYear）`;
    if (asOf) throw new UsageError(`--as-of 的${message}，实际为“${value}”`);
    throw new InputError([{ file: profile.source, line: null, column: null, field: 'asOf', value, message }]);
  }
  return value;
}

/** A city's ledger file that says nothing of its 县 (level city): where it should go, or what it should hold. */
function unplacedProblem(s: Source): Problem {
  return {
    file: s.label,
    line: s.headerRow,
    column: null,
    value: null,
    rule: 'county',
    message:
      '市级台账（配置 level: city）要能看出每个项目属于哪个县：本文件直接放在数据文件夹中，表头也没有“县”列。' +
      '请把它放进以县命名的子文件夹（如 甲县/东山镇.csv），或在表头加一列“县”（县区、县（市、区）、旗 均可）并逐行填写县名',
  };
}

/** Read, validate and load every ledger; throws InputError with all problems. */
export async function loadLedgers(opts: LoadOptions): Promise<Loaded> {
  const profile = opts.profile;
  const asOf = resolveAsOf(profile, opts.asOf);
  // named with the pid, so that a later run can remove it if this process is killed
  const tmp = makeRunTemp();
  const db = await Database.open({ tempDirectory: path.join(tmp, 'spill') });
  const dispose = () => {
    db.close();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const scan = await scanSources(opts.dataDir, tmp, { readHiddenSheets: profile.readHiddenSheets });
    const city = profile.level === 'city';
    // level city: a file that names no 县 (no 县 column, not in a 县's folder) is refused whole
    const unplaced = city ? scan.sources.filter((s) => !s.header.county && countyOfPath(s.relPath) === null) : [];
    const sources = unplaced.length ? scan.sources.filter((s) => !unplaced.includes(s)) : scan.sources;
    scan.problems.push(...unplaced.map(unplacedProblem));
    if (!sources.length) throw new InputError(sortProblems(scan.problems));
    await createStaging(db, profile, asOf);
    const unreadable = await stageSources(db, sources, { city });
    if (unreadable.length === sources.length) throw new InputError(sortProblems([...scan.problems, ...unreadable]));
    const problems: Problem[] = [...scan.problems, ...unreadable, ...(await collectInputErrors(db, profile, asOf, sources))];
    if (!problems.length) problems.push(...(await noProjectProblems(db, sources)));
    if (problems.length) throw new InputError(sortProblems(problems));
    await createProjectsView(db);
    return { db, profile, asOf, period: periodOf(asOf), sources, ignored: scan.ignored, notes: scan.notes, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}
