/**
 * An earlier data folder (--previous) instead of a history snapshot: its ledgers are loaded with the
 * same loader at their own as-of date and profile, written as a snapshot to a temporary Parquet
 * file and read into `previous_projects` like a snapshot of history/ (snapshot.ts).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Profile } from '../config/profile.js';
import { InputError, type Problem } from '../errors.js';
import type { Database } from './database.js';
import { loadLedgers, type Loaded } from './index.js';
import { attachPrevious, writeSnapshot } from './snapshot.js';
import { makeRunTemp } from './runTemp.js';

export interface EarlierLedgers {
  /** the earlier data folder, as the user named it */
  dataDir: string;
  asOf: string;
  profile: Profile;
}

/**
 * Load the ledgers of an earlier data folder (--previous) with the same loader, at their own as-of
 * date, and read their projects into `previous_projects` of `db`. Problems of the earlier folder are
 * input errors too, their files named with the folder in front.
 */
export async function attachEarlierLedgers(db: Database, earlier: EarlierLedgers): Promise<void> {
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
      await writeSnapshot(loaded.db, file);
    } finally {
      loaded.dispose();
    }
    await attachPrevious(db, file);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A problem of the earlier folder, its file named with the folder in front. */
function inFolder(p: Problem, dir: string): Problem {
  if (path.isAbsolute(p.file) || p.file.startsWith(dir) || p.file.startsWith('--')) return p;
  return { ...p, file: path.join(dir, p.file) };
}
