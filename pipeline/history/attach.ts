/**
 * Earlier snapshots read into the database (`read_parquet`): the change queries (sql/changes.sql …)
 * compare `snapshot_projects`, the projects loaded now (write.ts), with the table an earlier one is
 * read into. A file that cannot be read or lacks a column is an input error naming it: the run stops
 * rather than compare with nonsense.
 */
import { InputError } from '../errors.js';
import { type Database, lit } from '../load/database.js';

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

/**
 * The tables an earlier snapshot is read into: `previous_projects`, the latest before the as-of
 * date (the changes, the 季度通报); `month_base_projects`, the latest before the first day of the
 * as-of date's month (the 月调度表's work done this month); `year_start_projects`, the one nearest
 * 1 January of its year (the annual summary's 年初 → 年末).
 */
export type SnapshotTable = 'previous_projects' | 'month_base_projects' | 'year_start_projects';

/** Read the projects of an earlier snapshot into `table`. */
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
