/**
 * This run's snapshot (docs/rules.md §8): the loaded projects as a snapshot keeps them
 * (sql/snapshot_projects.sql), written by DuckDB (`COPY … TO … (FORMAT parquet)`) on the side
 * connection straight to its place among the staged outputs, then read back as the view
 * `snapshot_projects` that the change queries compare with (a table in memory would cost as much
 * again to store). The ledgers of --previous go through the same code (earlier.ts).
 */
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { type Database, lit, readSql } from '../load/database.js';

/** The snapshot of one open database, made once: begun early, awaited where needed. */
export class SnapshotFile {
  private constructor(
    /** the view `snapshot_projects` exists and the Parquet file behind it is written */
    readonly made: Promise<void>,
  ) {
    // awaited by whoever needs it (the change queries, the computation before the database closes); a run that fails first never asks
    this.made.catch(() => {});
  }

  /** Begin writing the snapshot of `db`'s loaded projects to `file` (DuckDB goes on with it meanwhile). */
  static begin(db: Database, file: string): SnapshotFile {
    mkdirSync(path.dirname(file), { recursive: true });
    return new SnapshotFile(makeSnapshot(db, file));
  }
}

async function makeSnapshot(db: Database, file: string): Promise<void> {
  // A county's snapshot has no 县 column (it would be empty): its file stays as it was before
  // cities were read, and either kind reads back (attach.ts). The view always has the column.
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
