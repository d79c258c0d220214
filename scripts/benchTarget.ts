/**
 * One measured run for scripts/bench.ts, in its own process: prints {ms, maxRssMb, projects}.
 *   baseline DATA FILE — DuckDB alone reads FILE and groups it by 类别
 *   load DATA FILE     — DuckDB alone loads every column of FILE as text into a table
 *   typed DATA FILE    — DuckDB alone loads FILE with every column's type detected from all rows
 *                        (sample_size = -1), then groups it by 类别: what any tool that reads every
 *                        cell as typed data must do
 *   sgyp DATA FILE     — the `stats` command on DATA
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { run } from '../pipeline/run.js';

const [mode, dataDir, file] = process.argv.slice(2) as [string, string, string];
let projects = 0;
const t0 = performance.now();
if (mode === 'baseline') {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const reader = await conn.runAndReadAll(`
    SELECT "类别", count(*)::INTEGER AS n, sum(TRY_CAST("投入帮扶资金（万元）" AS DECIMAL(18,4)))::DOUBLE AS inv
    FROM read_csv('${file}', header = true, all_varchar = true) GROUP BY 1`);
  projects = (reader.getRowObjectsJS() as { n: number }[]).reduce((a, r) => a + r.n, 0);
} else if (mode === 'load') {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`CREATE TABLE ledger AS SELECT * FROM read_csv('${file}', header = true, all_varchar = true)`);
  const reader = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ledger`);
  projects = (reader.getRowObjectsJS() as { n: number }[])[0]!.n;
} else if (mode === 'typed') {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`CREATE TABLE ledger AS SELECT * FROM read_csv('${file}', header = true, sample_size = -1)`);
  const reader = await conn.runAndReadAll(`
    SELECT "类别", count(*)::INTEGER AS n, sum("投入帮扶资金（万元）")::DOUBLE AS inv FROM ledger GROUP BY 1`);
  projects = (reader.getRowObjectsJS() as { n: number }[]).reduce((a, r) => a + r.n, 0);
} else {
  const out = mkdtempSync(path.join(os.tmpdir(), 'sgyp-bench-out-'));
  const result = await run({ command: 'stats', dataDir, outDir: out, asOf: '2026-09-30' });
  projects = result.context!.total.projects;
  rmSync(out, { recursive: true, force: true });
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, projects }));
