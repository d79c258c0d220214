/**
 * Typed, checked query rows. Every figure query (compute/sql/<name>.sql) is read through a zod schema
 * of its row: a column renamed or retyped in the SQL fails here, naming the query and the column,
 * instead of turning silently into 0 in every output. Such a failure is our bug, not the user's
 * (exit 3).
 */
import { z } from 'zod';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readSql, type Database } from '../load/database.js';
import { PACKAGE_ROOT } from '../packageRoot.js';
import { CATEGORIES } from '../vocabulary.js';

/** Where the figure queries are: beside the code that reads their rows. */
const FIGURE_SQL = path.join(PACKAGE_ROOT, 'pipeline', 'compute', 'sql');

/**
 * SQL text of the query `name`: a figure query of `compute/sql/<name>.sql`, or one of the two the
 * loader runs too (file_rows, row_lines), in `load/sql/`.
 */
export function figureSql(name: string): string {
  const file = path.join(FIGURE_SQL, `${name}.sql`);
  return existsSync(file) ? readFileSync(file, 'utf8') : readSql(name);
}

/** Run the query `name` (figureSql, with `{{key}}` placeholders filled) and check every row against `schema`. */
export async function queryRows<S extends z.ZodType>(
  db: Database,
  name: string,
  schema: S,
  fill: Record<string, string> = {},
): Promise<z.output<S>[]> {
  let sql = figureSql(name);
  for (const [key, value] of Object.entries(fill)) sql = sql.replaceAll(`{{${key}}}`, () => value);
  return checkRows(name, schema, await db.all(sql));
}

/** The rows of query `name` checked against `schema`; a mismatch is our bug (exit 3), named. */
export function checkRows<S extends z.ZodType>(name: string, schema: S, rows: unknown[]): z.output<S>[] {
  const list = z.array(schema).safeParse(rows);
  if (!list.success) {
    const issue = list.error.issues[0]!;
    const [index, ...column] = issue.path;
    throw new Error(`查询 ${name}.sql 的结果与程序不符：第${Number(index) + 1}行，列“${column.join('.')}”：${issue.message}`);
  }
  return list.data;
}

/** The one row of an aggregate query. */
export async function queryRow<S extends z.ZodType>(
  db: Database,
  name: string,
  schema: S,
  fill: Record<string, string> = {},
): Promise<z.output<S>> {
  const rows = await queryRows(db, name, schema, fill);
  if (rows.length !== 1) throw new Error(`查询 ${name}.sql 应返回1行，实际返回${rows.length}行`);
  return rows[0]!;
}

// Column types shared by the row schemas.
export const int = z.number().int();
export const amount = z.number();
export const text = z.string();
export const optionalText = z.string().nullable();
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const category = z.enum(CATEGORIES);
/** A count per key (DuckDB's histogram(): a MAP, serialised as an object; missing keys are 0). */
export const counts = z.record(z.string(), int).nullable();

/** The fields every project list's item starts with (ProjectRef), as its query writes them. */
export const projectRefColumns = {
  id: text,
  name: text,
  /** level city: the project's 县; a county's queries leave the field out (compute/lists.ts) */
  county: text.optional(),
  township: text,
  village: optionalText,
  category,
};
