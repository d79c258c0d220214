/**
 * The ledgers of --previous (loaded by load/ at their own as-of date and profile) instead of a
 * history snapshot: written as a snapshot to a Parquet file of this run's database scratch folder
 * and read into `previous_projects` like a snapshot of history/ (write.ts, attach.ts).
 */
import path from 'node:path';
import type { Database } from '../load/database.js';
import type { EarlierLoaded } from '../load/index.js';
import { attachSnapshot } from './attach.js';
import { SnapshotFile } from './write.js';

/** Read the earlier ledgers into `previous_projects` of `db`; their own database closed then. */
export async function attachEarlier(db: Database, earlier: EarlierLoaded): Promise<void> {
  const file = path.join(db.scratchDir, 'previous.parquet');
  try {
    await SnapshotFile.begin(earlier.db, file).made;
  } finally {
    earlier.dispose();
  }
  await attachSnapshot(db, file, 'previous_projects');
}
