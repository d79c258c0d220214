/**
 * The load stage, the one door run.ts uses into load/ (loadInputs): every ledger of the data folder
 * (ingest) staged into DuckDB with its rules evaluated, and those of --previous by the same loader,
 * each folder at the as-of date and profile its settings give (config/settings.ts); every input
 * error of every file collected. The result is the open database the computation queries.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { PublishedDocument } from '../config/documents.js';
import type { Profile } from '../config/profile.js';
import type { FolderSettings, Settings } from '../config/settings.js';
import { InputError, sortProblems, type Problem } from '../errors.js';
import { countyOfPath } from '../ingest/columns.js';
import { type Ignored, scanSources, type Source } from '../ingest/sources.js';
import type { Period } from '../vocabulary.js';
import { Database } from './database.js';
import { createProjectsView, createStaging, stageSources } from './stage.js';
import { collectInputErrors, noProjectProblems } from './validate.js';
import { makeRunTemp } from './runTemp.js';

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
 * Load the ledgers of a run's folders (see the top of this file). Throws one InputError with every
 * problem found: the ledgers', the earlier folder's (its files named with the folder in front),
 * then the settings' (`settings.problems`) and `problems` (the package's own Word templates).
 */
export async function loadInputs(settings: Settings, problems: Problem[] = []): Promise<Inputs> {
  const later = [...settings.problems, ...problems];
  const loaded: Loaded[] = [];
  const dispose = () => {
    for (const l of loaded) l.dispose();
  };
  // this folder first, then the earlier one: its problems named by that folder
  for (const folder of [settings, ...(settings.earlier ? [settings.earlier] : [])]) {
    try {
      loaded.push(await loadLedgers(folder));
    } catch (e) {
      dispose();
      if (!(e instanceof InputError)) throw e;
      // the earlier folder's files named with the folder in front
      const within = (p: Problem) =>
        path.isAbsolute(p.file) || p.file.startsWith(folder.dataDir) || p.file.startsWith('--')
          ? p
          : { ...p, file: path.join(folder.dataDir, p.file) };
      const named = folder === settings ? e.problems : e.problems.map(within);
      throw new InputError([...named, ...later]);
    }
  }
  if (later.length) {
    dispose();
    throw new InputError(later);
  }
  const [now, earlier] = loaded as [Loaded, Loaded | undefined];
  return { ...now, documents: settings.documents, earlier: earlier ? { ...earlier, dataDir: settings.earlier!.dataDir } : null, dispose };
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

/** Read, validate and load every ledger of a folder; throws InputError with all problems. */
export async function loadLedgers(opts: FolderSettings): Promise<Loaded> {
  const profile = opts.profile;
  const period = opts.period;
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
    await createStaging(db, profile, period);
    const unreadable = await stageSources(db, sources, { city });
    if (unreadable.length === sources.length) throw new InputError(sortProblems([...scan.problems, ...unreadable]));
    const problems: Problem[] = [...scan.problems, ...unreadable, ...(await collectInputErrors(db, profile, period.asOf, sources))];
    if (!problems.length) problems.push(...(await noProjectProblems(db, sources)));
    if (problems.length) throw new InputError(sortProblems(problems));
    await createProjectsView(db);
    return { db, profile, asOf: period.asOf, period, sources, ignored: scan.ignored, notes: scan.notes, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}
