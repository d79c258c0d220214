/**
 * A thin wrapper over embedded DuckDB (@duckdb/node-api): open an in-memory database, run SQL,
 * read rows as plain JavaScript values. Queries cast their results (INTEGER, DOUBLE rounded to two
 * decimals, VARCHAR dates) so no BigInt or DECIMAL object reaches the renderers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../packageRoot.js';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export type Row = Record<string, unknown>;

export class Database {
  /** queries not yet settled: closing the instance under a running query crashes the process */
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
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
    return new Database(instance, conn);
  }

  async run(sql: string): Promise<void> {
    await this.track(() => this.conn.run(sql));
  }

  /**
   * Rows as plain objects. DuckDB serialises each row to JSON and V8 parses them in one go: on
   * lists of tens of thousands of rows this is about twice as fast as converting value by value,
   * and it yields plain numbers, strings and arrays (no BigInt, no DECIMAL objects).
   */
  async all<T extends Row = Row>(sql: string): Promise<T[]> {
    const reader = await this.track(() => this.conn.runAndReadAll(`SELECT to_json(q)::VARCHAR AS j FROM (${sql}) q`));
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
    };
    if (this.pending.size === 0) shut();
    else void Promise.allSettled([...this.pending]).then(shut);
  }

  private track<T>(start: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('database used after close'));
    const query = start();
    this.pending.add(query);
    const settle = () => {
      this.pending.delete(query);
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
