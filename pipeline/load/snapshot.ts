/**
 * History snapshots (domain.md §8): the loaded projects of a run as Parquet, written by DuckDB
 * (`COPY … TO … (FORMAT parquet)`) and read back by a later run (`read_parquet`) into the table
 * `previous_projects`, which the change queries (sql/changes.sql …) compare with `snapshot_projects`,
 * the same columns of the projects loaded now. An earlier data folder (--previous) goes through the
 * same Parquet file (earlier.ts).
 */
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { lit, readSql, type Database } from './database.js';

/** The columns a snapshot must hold for the comparison (snapshot_projects.sql writes more). */
const COMPARED = [
  'id',
  'name',
  'township',
  'category',
  'progress_state',
  'done',
  'overdue',
  'warning',
  'investment',
  'dividend_received',
  'dividend_owed',
  'dividend_owed_amount',
  'file',
  'line',
] as const;

/** The Parquet file of this run's snapshot, in the database's scratch folder. */
const snapshotFile = (db: Database) => path.join(db.scratchDir, 'snapshot.parquet');

/**
 * The view `snapshot_projects`: the loaded projects as a snapshot keeps them (sql/snapshot_projects.sql),
 * computed once, straight into a Parquet file that the change queries read back and that
 * writeSnapshot copies into the history (a table in memory would cost as much again to store).
 * Idempotent.
 */
export async function createSnapshot(db: Database): Promise<void> {
  const file = snapshotFile(db);
  if (existsSync(file)) return;
  await db.run(`COPY (${readSql('snapshot_projects')}) TO ${lit(`${file}.part`)} (FORMAT parquet)`);
  renameSync(`${file}.part`, file);
  await db.run(`CREATE VIEW snapshot_projects AS FROM read_parquet(${lit(file)})`);
}

/** Write the loaded projects to `file` (Parquet). */
export async function writeSnapshot(db: Database, file: string): Promise<void> {
  await createSnapshot(db);
  copyFileSync(snapshotFile(db), file);
}

/**
 * Read the projects of an earlier snapshot into `previous_projects`. A file that cannot be read or
 * lacks a column is an input error naming it: the run stops rather than compare with nonsense.
 */
export async function attachPrevious(db: Database, file: string, shownAs: string = file): Promise<void> {
  try {
    await db.run(`CREATE TABLE previous_projects AS SELECT ${COMPARED.join(', ')} FROM read_parquet(${lit(file)})`);
  } catch (e) {
    throw unreadable(shownAs, e);
  }
}

function unreadable(file: string, e: unknown): InputError {
  return new InputError([
    {
      file,
      line: null,
      column: null,
      value: null,
      message: `历史快照无法读取（${(e as Error).message.split('\n')[0]}）：请删除该快照所在的文件夹后重新运行，或用 --previous 指定上期台账`,
      rule: 'history',
    },
  ]);
}

/**
 * The table `trend_projects` (as_of, category, investment, done) for the trend over time: the
 * projects of the earlier snapshots `points`, and those of `previous_projects` at `previousAsOf`
 * when they came from --previous (trend.sql adds this run's).
 */
export async function attachTrend(db: Database, points: { asOf: string; file: string }[], previousAsOf?: string): Promise<void> {
  await db.run('CREATE TABLE trend_projects (as_of VARCHAR, category VARCHAR, investment DECIMAL(18,4), done BOOLEAN)');
  for (const p of points) {
    try {
      await db.run(`INSERT INTO trend_projects SELECT ${lit(p.asOf)}, category, investment, done FROM read_parquet(${lit(p.file)})`);
    } catch (e) {
      throw unreadable(p.file, e);
    }
  }
  if (previousAsOf)
    await db.run(`INSERT INTO trend_projects SELECT ${lit(previousAsOf)}, category, investment, done FROM previous_projects`);
}
