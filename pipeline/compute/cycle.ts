/**
 * The 月调度表 (鄂托克前旗 八(二) “月调度、季通报、年总结”): for the month holding the as-of date,
 * progress by 乡镇 and by 主管部门 with the county's 合计 (compute/sql/monthly_groups.sql), and the
 * work done since the latest snapshot before the month's first day when there is one
 * (`month_base_projects`, read in by history/). Without such a snapshot that column is null, never guessed.
 */
import { z } from 'zod';
import type { MonthlyFigures, MonthlyRow, YearStart } from '../context.js';
import type { Database } from '../load/database.js';
import { CATEGORIES, type Category } from '../vocabulary.js';
import { amount, counts, int, queryRows, text } from './rows.js';

const MonthlyGroupRow = z.object({
  name: text.nullable(),
  projects: int,
  counts,
  tasks: int,
  done: int,
  in_progress: int,
  not_started: int,
  rate: amount.nullable(),
  overdue: int,
  red: int,
  yellow: int,
  owed: amount,
  newly_done: int.nullable(),
});

/** The 合计 row's name. */
export const MONTHLY_TOTAL = '合计';

/** Stands for `month_base_projects` when there is no snapshot before the month (no row: nothing done then). */
const NO_BASE = '(SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS county, NULL::BOOLEAN AS done WHERE false)';

/** The 月调度表's figures; `since` is the as-of date of the snapshot read into `month_base_projects`, or null. */
export async function monthlyFigures(db: Database, asOf: string, since: string | null): Promise<MonthlyFigures> {
  const fill = (group: string) => ({ group, base: since ? 'month_base_projects' : NO_BASE, has_base: since ? 'true' : 'false' });
  const [towns, departments] = await Promise.all([
    queryRows(db, 'monthly_groups', MonthlyGroupRow, fill('township')),
    queryRows(db, 'monthly_groups', MonthlyGroupRow, fill('department')),
  ]);
  // the last row of each is the whole county (GROUPING SETS)
  const total = towns.at(-1)!;
  const month = asOf.slice(0, 7);
  return {
    month,
    monthStart: `${month}-01`,
    since,
    townships: towns.slice(0, -1).map(monthlyRow),
    departments: departments.slice(0, -1).map(monthlyRow),
    total: monthlyRow({ ...total, name: MONTHLY_TOTAL }),
  };
}

function monthlyRow(r: z.output<typeof MonthlyGroupRow>): MonthlyRow {
  return {
    name: r.name ?? MONTHLY_TOTAL,
    projects: r.projects,
    counts: Object.fromEntries(CATEGORIES.map((c) => [c, r.counts?.[c] ?? 0])) as Record<Category, number>,
    tasks: r.tasks,
    done: r.done,
    inProgress: r.in_progress,
    notStarted: r.not_started,
    rate: r.rate,
    overdue: r.overdue,
    red: r.red,
    yellow: r.yellow,
    owed: r.owed,
    newlyDone: r.newly_done,
  };
}

const DAY = 86_400_000;

/**
 * What the annual summary may call its two points in time (docs/rules.md §8): the snapshot `since`
 * 年初 when within 31 days of 1 January of the as-of date's year (the end of the year before or early
 * in the year), the as-of date 年末 when in December. The documents never call a snapshot 年初 that
 * is not; they name it by its date.
 */
export function yearStartNames(since: string, asOf: string): YearStart['names'] {
  const jan1 = Date.UTC(Number(asOf.slice(0, 4)), 0, 1);
  return {
    sinceIsYearStart: Math.abs(Date.parse(`${since}T00:00:00Z`) - jan1) <= 31 * DAY,
    asOfIsYearEnd: asOf.slice(5, 7) === '12',
  };
}
