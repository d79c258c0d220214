/**
 * The project lists of the context (warnings, 低效闲置, overdue, 分红追缴, 销号, 研判, …) as their
 * queries return them: compute/sql/<name>.sql writes the rows in the item's final shape (the context's
 * field names, in order; `{{county}}` is `county, ` in a city and nothing in a county, whose items
 * have no 县 field).
 *
 * Each query is written by DuckDB straight to a Parquet file of the run's scratch folder
 * (`COPY … TO`), which says how many rows it holds. Then (ProjectList in context.ts):
 * - a list of at most `thresholds.listItems` items (a county's) is read back whole, every item
 *   checked against the query's schema: the context holds plain, checked arrays;
 * - a longer one (a city's or a province's: at 10⁶ projects, hundreds of thousands of items) is
 *   never turned into JavaScript objects: the context holds its count and its first
 *   `thresholds.attachmentRows` items by risk (as the reports' attachments choose them), and the
 *   file, which render/outputs.ts puts into the output whole as lists/<name>.parquet. Its rows are checked
 *   cheaply over the whole file: the columns are the schema's fields, in order; no row leaves a
 *   required field empty (Parquet's null counts); the items read are checked one by one as above.
 * `wholeLists` (compute/buildContext.ts) reads every item of the long lists back, checked, for the documents,
 * which spill long lists into workbooks and need them all.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { z } from 'zod';
import type { ProjectList } from '../context.js';
import { lit, type Database } from '../load/database.js';
import { amount, checkRows, figureSql } from './rows.js';

/** How a long list chooses its first items: an ORDER BY over its own columns, and the words the documents print for it. */
export interface RiskOrder {
  sql: string;
  text: string;
}

/**
 * The risk order of each list whose reports attachment has one (render/documents/tables.ts prints
 * the same words): red before yellow, largest sums, oldest dates. Ties stay in the list's order.
 */
export const RISK_ORDERS: Record<string, RiskOrder> = {
  idleInefficient: {
    sql: `severity = '重大' DESC NULLS LAST, (idle AND inefficient) DESC, investment DESC`,
    text: '按风险程度（重大闲置在前，既闲置又低效的在前，再按投入资金从多到少）',
  },
  dividends: { sql: 'owed DESC, "overdueMonths" DESC', text: '按欠缴金额从多到少' },
  warnings: { sql: `level = 'red' DESC, len(reasons) DESC`, text: '按风险程度（红色预警在前，预警情形多的在前）' },
  overdue: { sql: '"plannedDate"', text: '按计划完成日期从早到晚' },
};

export interface ListOptions {
  /** placeholders of the query (`{{key}}`) */
  fill: Record<string, string>;
  /** longer lists stay in their Parquet file (profile thresholds.listItems) */
  maxItems: number;
  /** how many first items a long list keeps (profile thresholds.attachmentRows) */
  firstItems: number;
}

/**
 * The Parquet file queryList writes the whole list `name` to, in the run's scratch folder, whatever
 * its length: a figure over the list's items reads it (approval_levels.sql) instead of computing them again.
 */
export function queryListFile(db: Database, name: string): string {
  return path.join(db.scratchDir, 'lists', `${name}.parquet`);
}

/** Run `compute/sql/<query>.sql` as the list `name` of the context (see the top of this file). */
export async function queryList<S extends z.ZodObject>(
  db: Database,
  query: string,
  name: string,
  schema: S,
  options: ListOptions,
): Promise<ProjectList<z.output<S>>> {
  let sql = figureSql(query);
  for (const [key, value] of Object.entries(options.fill)) sql = sql.replaceAll(`{{${key}}}`, () => value);
  const file = queryListFile(db, name);
  mkdirSync(path.dirname(file), { recursive: true });
  const count = await db.copyToParquet(sql, file);
  const amounts = Object.keys(schema.shape).filter((key) => schema.shape[key] === amount);
  if (count <= options.maxItems) {
    const items = checkRows(query, schema, await db.all(`FROM read_parquet(${lit(file)})`));
    return { name, count, items, order: '', file: null, amounts };
  }
  await checkColumns(db, query, schema, file);
  const risk = RISK_ORDERS[name];
  // file_row_number: ties in the list's own order
  const first = await db.all(
    `SELECT * EXCLUDE (file_row_number) FROM read_parquet(${lit(file)}, file_row_number = true)
     ORDER BY ${risk ? `${risk.sql}, ` : ''}file_row_number LIMIT ${options.firstItems}`,
  );
  return { name, count, items: checkRows(query, schema, first), order: risk?.text ?? '', file, amounts };
}

/**
 * The whole-file check of a long list: its columns are the schema's fields in order (a field
 * optional in the schema, a county's 县, may be absent), and no row leaves a required field NULL
 * (the file's own statistics count them).
 * The column types are DuckDB's, one per column: the items read (checkRows) check them.
 */
async function checkColumns(db: Database, query: string, schema: z.ZodObject, file: string): Promise<void> {
  const columns = (await db.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE FROM read_parquet(${lit(file)}))`)).map(
    (c) => c.column_name,
  );
  const fields = Object.entries(schema.shape).filter(
    ([key, field]) => columns.includes(key) || !(field as z.ZodType).safeParse(undefined).success,
  );
  const expected = fields.map(([key]) => key);
  if (expected.join(',') !== columns.join(',')) {
    throw new Error(`查询 ${query}.sql 的结果与程序不符：列为 ${columns.join('、')}，程序要求 ${expected.join('、')}`);
  }
  const required = new Set(fields.filter(([, field]) => !(field as z.ZodType).safeParse(null).success).map(([key]) => key));
  // the empty cells of each column, from the file's statistics (every row group's null count): no scan of the rows
  const nulls = await db.all<{ column: string; n: number }>(
    `SELECT path_in_schema AS column, sum(stats_null_count)::INTEGER AS n FROM parquet_metadata(${lit(file)}) GROUP BY 1`,
  );
  const empty = nulls.filter((c) => required.has(c.column) && c.n > 0).map((c) => c.column);
  if (empty.length) throw new Error(`查询 ${query}.sql 的结果与程序不符：列“${empty.join('、')}”有空值`);
}
