/**
 * History snapshots (docs/rules.md §8): the loaded projects of a run as Parquet, written by DuckDB
 * (`COPY … TO … (FORMAT parquet)`) and read back by a later run (`read_parquet`) into the table
 * `previous_projects`, which the change queries (sql/changes.sql …) compare with `snapshot_projects`,
 * the same columns of the projects loaded now. An earlier data folder (--previous) goes through the
 * same Parquet file (earlier.ts).
 */
import { copyFileSync, renameSync } from 'node:fs';
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
 * Made once per database: every call returns the same promise.
 */
export function createSnapshot(db: Database): Promise<void> {
  let made = snapshots.get(db);
  if (!made) {
    made = makeSnapshot(db);
    snapshots.set(db, made);
  }
  return made;
}

/** The snapshot of each open database, made or being made: started early (run.ts), awaited where needed. */
const snapshots = new WeakMap<Database, Promise<void>>();

async function makeSnapshot(db: Database): Promise<void> {
  const file = snapshotFile(db);
  // A county's snapshot has no 县 column (it would be empty): its file stays as it was before
  // cities were read, and either kind reads back (attachPrevious). The view always has the column.
  // on the side connection, like the COPY below: the main one has the figure queries queued
  const city = (await db.allBeside<{ n: number }>('SELECT count(county)::INTEGER AS n FROM projects'))[0]!.n > 0;
  const sources = await db.allBeside<{ label: string; header_row: number; row_offset: number; blanks: number }>(
    'SELECT label, header_row, row_offset::INTEGER AS row_offset, (SELECT count(*) FROM blanks b WHERE b.src = s.src)::INTEGER AS blanks FROM sources s ORDER BY src',
  );
  // sources are numbered 0, 1, … in order (stage.ts): a list literal looks each one up by p.src
  const at = (values: string[]) => `([${values.join(', ')}])[p.src + 1]`;
  const place = sources.some((s) => s.blanks > 0)
    ? {
        file: 's.label',
        line: 's.header_row + (p.rid - s.row_offset + 1) + coalesce(b.cum, 0)',
        joins: `JOIN sources s ON s.src = p.src
ASOF LEFT JOIN blanks b ON b.src = p.src AND (p.rid - s.row_offset + 1) > b.k
ORDER BY p.rid`,
      }
    : {
        file: at(sources.map((s) => lit(s.label))),
        line: `${at(sources.map((s) => String(s.header_row)))} + (p.rid - ${at(sources.map((s) => String(s.row_offset)))} + 1)`,
        joins: '',
      };
  const fill: Record<string, string> = { county: city ? ', p.county' : '', ...place };
  const sql = readSql('snapshot_projects').replace(/\{\{(\w+)\}\}/g, (_, k: string) => fill[k]!);
  // on the side connection: the main one goes on with the figure queries meanwhile
  await db.beside(`COPY (${sql}) TO ${lit(`${file}.part`)} (FORMAT parquet)`);
  renameSync(`${file}.part`, file);
  await db.run(`CREATE VIEW snapshot_projects AS SELECT *${city ? '' : ', NULL::VARCHAR AS county'} FROM read_parquet(${lit(file)})`);
}

/** Write the loaded projects to `file` (Parquet): a copy of the one createSnapshot wrote. */
export async function writeSnapshot(db: Database, file: string): Promise<void> {
  await createSnapshot(db);
  copyFileSync(snapshotFile(db), file);
}

/**
 * The tables an earlier snapshot is read into: `previous_projects`, the latest before the as-of
 * date (the changes, the 季度通报); `month_base_projects`, the latest before the first day of the
 * as-of date's month (the 月调度表's work done this month); `year_start_projects`, the one nearest
 * 1 January of its year (the annual summary's 年初 → 年末).
 */
export type SnapshotTable = 'previous_projects' | 'month_base_projects' | 'year_start_projects';

/**
 * Read the projects of an earlier snapshot into `previous_projects`. A file that cannot be read or
 * lacks a column is an input error naming it: the run stops rather than compare with nonsense.
 */
export async function attachPrevious(db: Database, file: string, shownAs: string = file): Promise<void> {
  await attachSnapshot(db, file, 'previous_projects', shownAs);
}

/** Read the projects of an earlier snapshot into `table` (as attachPrevious). */
export async function attachSnapshot(db: Database, file: string, table: SnapshotTable, shownAs: string = file): Promise<void> {
  try {
    // a city's snapshot holds the 县 of each project; a county's has none (NULL, as its projects now)
    const columns = await db.all<{ name: string }>(`SELECT name FROM parquet_schema(${lit(file)})`);
    const county = columns.some((c) => c.name === 'county') ? 'county' : 'NULL::VARCHAR AS county';
    await db.run(`CREATE TABLE ${table} AS SELECT ${COMPARED.join(', ')}, ${county} FROM read_parquet(${lit(file)})`);
  } catch (e) {
    throw unreadable(shownAs, e);
  }
}

/** `table` as a copy of `previous_projects` (the ledgers of --previous serve as that snapshot too). */
export async function copyPrevious(db: Database, table: Exclude<SnapshotTable, 'previous_projects'>): Promise<void> {
  await db.run(`CREATE TABLE ${table} AS FROM previous_projects`);
}

function unreadable(file: string, e: unknown): InputError {
  // DuckDB's own text is English: said here in Chinese, by what it is about
  const text = (e as Error).message;
  const why = /No such file|does not exist/i.test(text)
    ? '文件不存在'
    : /Binder Error|not found in FROM clause|Referenced column/i.test(text)
      ? '缺少比较所需的列，不是本程序写出的快照'
      : '文件已损坏或不完整';
  return new InputError([
    {
      file,
      line: null,
      column: null,
      value: null,
      message: `历史快照无法读取（${why}）：请把该快照所在的文件夹移出历史目录后重新运行，或用 --previous 指定上期台账`,
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
