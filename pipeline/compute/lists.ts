/**
 * The long project lists of the context (warnings, 低效闲置, overdue, 分红追缴, 销号, …) as their
 * queries return them. At city and province scale they hold hundreds of thousands of items, and
 * turning each into a JavaScript object only to write it out again as stats.json was most of what
 * `stats` did after DuckDB had finished (10⁶ rows: 250,000 items, 70 MB of JSON).
 *
 * So a list query writes its rows in the item's final shape (the context's field names, in order:
 * `{{county}}` is `county, ` in a city and nothing in a county, whose items have no 县 field), and the
 * context keeps DuckDB's JSON text of them (defineList in context.ts):
 * - stats.json takes that text as it is (render/stats/statsJson.ts), one item per line;
 * - the reports and the site read the list like any array: the text is parsed and every item
 *   checked against the query's schema the first time the list is read, once.
 * The first item is checked at once, so a query that no longer fits its schema still fails the run
 * (exit 3) even where nothing reads the list.
 */
import type { z } from 'zod';
import { readSql, type Database } from '../load/database.js';
import type { ListSource } from '../context.js';
import { checkRows } from './rows.js';

/** A list's JSON text as DuckDB wrote it, and its items, parsed and checked on first use. */
export class QueryList<T> implements ListSource<T> {
  private parsed: T[] | null = null;

  constructor(
    /** the query's name (load/sql/<name>.sql), for error messages */
    readonly name: string,
    /** `[`, then a tab and one item per line, then `]` (Database.allText) */
    readonly text: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  /** The items, parsed and checked (once). */
  items(): T[] {
    this.parsed ??= checkRows(this.name, this.schema, JSON.parse(this.text));
    return this.parsed;
  }

  /** The first item alone, checked: the shape of every row, without parsing the others. */
  checkFirst(): void {
    const line = this.text.split('\n', 3)[1]?.trim().replace(/,$/, '');
    if (line) checkRows(this.name, this.schema, [JSON.parse(line)]);
  }
}

/** Run `load/sql/<name>.sql` (placeholders filled) as a list, its first row checked now. */
export async function queryList<S extends z.ZodType>(
  db: Database,
  name: string,
  schema: S,
  fill: Record<string, string> = {},
): Promise<QueryList<z.output<S>>> {
  let sql = readSql(name);
  for (const [key, value] of Object.entries(fill)) sql = sql.replaceAll(`{{${key}}}`, () => value);
  const list = new QueryList<z.output<S>>(name, await db.allText(sql), schema as z.ZodType<z.output<S>>);
  list.checkFirst();
  return list;
}
