/**
 * A thin wrapper over embedded DuckDB (@duckdb/node-api): open an in-memory database, run SQL,
 * read rows as plain JavaScript values. Queries cast their results (INTEGER, DOUBLE rounded to two
 * decimals, VARCHAR dates) so no BigInt or DECIMAL object reaches the renderers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../packageRoot.js';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export type Row = Record<string, unknown>;

/**
 * SGYP_TRACE_SQL=1: every query's wall time and first words on stderr, to find where a slow run
 * spends its time (queries started together overlap; DuckDB's own profiler gives the operators).
 */
const TRACE = Boolean(process.env.SGYP_TRACE_SQL);

/** SGYP_PROFILE_DIR=DIR: DuckDB's profile of every statement run() executes, as DIR/<n>.json. */
const PROFILE_DIR = process.env.SGYP_PROFILE_DIR;
let profiledCount = 0;

function profiledIf(sql: string): string {
  if (!PROFILE_DIR) return sql;
  const file = path.join(PROFILE_DIR!, `${String(++profiledCount).padStart(3, '0')}.json`);
  return `PRAGMA enable_profiling = 'json'; PRAGMA profiling_output = ${lit(file)};\n${sql}`;
}

function traceQuery(sql: string, ms: number): void {
  const words = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  process.stderr.write(
    `[sql ${(ms / 1000).toFixed(3).padStart(7)} s, rss ${Math.round(process.memoryUsage().rss / 1048576)} MB] ${words}\n`,
  );
}

export class Database {
  /** queries not yet settled: closing the instance under a running query crashes the process */
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    /** a folder of this run for files DuckDB writes and reads back (removed with the run's temporary folder) */
    readonly scratchDir: string,
  ) {}

  /**
   * tempDirectory: where DuckDB spills what does not fit in memory. Without it an in-memory
   * database spills into `.tmp/` of the current folder, which may be the clerk's ledger folder.
   */
  static async open(options: { threads?: number; memoryLimit?: string; tempDirectory?: string } = {}): Promise<Database> {
    const config: Record<string, string> = {};
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    const instance = await DuckDBInstance.create(':memory:', config);
    const conn = await instance.connect();
    const scratchDir = mkdtempSync(path.join(options.tempDirectory ? path.dirname(options.tempDirectory) : os.tmpdir(), 'sgyp-db-'));
    return new Database(instance, conn, scratchDir);
  }

  async run(sql: string): Promise<void> {
    await this.track(() => this.conn.run(profiledIf(sql)), sql);
  }

  /**
   * Rows as plain objects. DuckDB serialises each row to JSON and V8 parses them in one go: on
   * lists of tens of thousands of rows this is about twice as fast as converting value by value,
   * and it yields plain numbers, strings and arrays (no BigInt, no DECIMAL objects).
   */
  async all<T extends Row = Row>(sql: string): Promise<T[]> {
    const reader = await this.track(() => this.conn.runAndReadAll(profiledIf(`SELECT to_json(q)::VARCHAR AS j FROM (${sql}) q`)), sql);
    const json = (reader.getColumnsJS()[0] ?? []) as string[];
    return JSON.parse(`[${json.join(',')}]`) as T[];
  }

  async one<T extends Row = Row>(sql: string): Promise<T> {
    const rows = await this.all<T>(sql);
    if (!rows[0]) throw new Error(`query returned no row: ${sql.slice(0, 80)}`);
    return rows[0];
  }

  /**
   * Close the connection and the instance, once. A query still running (one of several started
   * together, when another has failed) is waited for first: the database closes when it settles.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const shut = () => {
      this.conn.closeSync();
      this.instance.closeSync();
      rmSync(this.scratchDir, { recursive: true, force: true });
    };
    if (this.pending.size === 0) shut();
    else void Promise.allSettled([...this.pending]).then(shut);
  }

  private track<T>(start: () => Promise<T>, sql: string): Promise<T> {
    if (this.closed) return Promise.reject(new Error('database used after close'));
    const began = TRACE ? performance.now() : 0;
    const query = start();
    this.pending.add(query);
    const settle = () => {
      this.pending.delete(query);
      if (TRACE) traceQuery(sql, performance.now() - began);
    };
    query.then(settle, settle);
    return query;
  }
}

/** SQL text of `pipeline/load/sql/<name>.sql` (one query per file, named after its output). */
export function readSql(name: string): string {
  return readFileSync(path.join(PACKAGE_ROOT, 'pipeline', 'load', 'sql', `${name}.sql`), 'utf8');
}

/** A SQL string literal. */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
