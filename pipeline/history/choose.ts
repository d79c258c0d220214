/**
 * Which snapshots a run compares with (docs/rules.md §8). The history folder (OUT/history by default, or
 * --history) holds one folder per as-of date of a successful stats/build run,
 * `<as-of>/projects.parquet` (the loaded projects) and `<as-of>/stats.json` (its figures). Of those
 * before this run's as-of date (and the ledgers of --previous, when given): the latest is the
 * previous one (the changes, the trend), the latest before the first day of the as-of date's month
 * the 月调度表's base, and the one nearest 1 January of its year the annual summary's 年初. Nothing
 * here reads a snapshot's contents or writes.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const SNAPSHOT_PROJECTS = 'projects.parquet';
export const SNAPSHOT_STATS = 'stats.json';

export interface Snapshot {
  /** as-of date of the run that wrote it (the folder's name) */
  asOf: string;
  /** its projects.parquet */
  projects: string;
}

/** Every complete snapshot in `historyDir`, oldest first (folders named YYYY-MM-DD holding projects.parquet). */
export function listSnapshots(historyDir: string): Snapshot[] {
  if (!existsSync(historyDir) || !statSync(historyDir).isDirectory()) return [];
  return readdirSync(historyDir)
    .filter((name) => /^\d{4}-\d{2}-\d{2}$/.test(name))
    .sort()
    .map((asOf) => ({ asOf, projects: path.join(historyDir, asOf, SNAPSHOT_PROJECTS) }))
    .filter((s) => existsSync(s.projects));
}

/** The latest of `dates` (YYYY-MM-DD) strictly before `before`, or null. */
export function latestBefore(dates: readonly string[], before: string): string | null {
  return (
    [...dates]
      .sort()
      .filter((d) => d < before)
      .at(-1) ?? null
  );
}

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/**
 * Of `dates` before `asOf`, the one nearest 1 January of asOf's year, on either side (the annual
 * summary's 年初); of two equally near, the earlier (the state at the end of the year before). Null
 * when no date is before asOf.
 */
export function nearestYearStart(dates: readonly string[], asOf: string): string | null {
  const jan1 = dayNumber(`${asOf.slice(0, 4)}-01-01`);
  let best: string | null = null;
  for (const d of [...dates].sort()) {
    if (d >= asOf) continue;
    if (best === null || Math.abs(dayNumber(d) - jan1) < Math.abs(dayNumber(best) - jan1)) best = d;
  }
  return best;
}

/**
 * A snapshot chosen: its as-of date and its Parquet file, or null for the ledgers of --previous
 * (already read into `previous_projects`).
 */
export interface Chosen {
  asOf: string;
  file: string | null;
}

/** The snapshots of the reporting cycle chosen for one run. */
export interface Choice {
  /** the latest before the as-of date (the changes), null when there is none */
  previous: Chosen | null;
  /** every history snapshot before the as-of date, oldest first (the trend) */
  trend: Snapshot[];
  /** the latest before the first day of the as-of date's month (the 月调度表's work done this month) */
  monthBase: Chosen | null;
  /** the one nearest 1 January of its year (the annual summary's 年初) */
  yearStart: Chosen | null;
}

/**
 * Choose among the history's snapshots before `asOf`, and the ledgers of --previous as of
 * `previousAsOf` when given (they are then the previous one, whatever the history holds).
 */
export function choose(historyDir: string, asOf: string, previousAsOf: string | null): Choice {
  const earlier = listSnapshots(historyDir).filter((s) => s.asOf < asOf);
  // as-of date → its Parquet file; null: the ledgers of --previous
  const candidates = new Map<string, string | null>(earlier.map((s) => [s.asOf, s.projects]));
  if (previousAsOf !== null) candidates.set(previousAsOf, null);
  const dates = [...candidates.keys()];
  const chosen = (d: string | null): Chosen | null => (d === null ? null : { asOf: d, file: candidates.get(d) ?? null });
  return {
    previous: chosen(previousAsOf ?? earlier.at(-1)?.asOf ?? null),
    // with --previous, the trend is the earlier ledgers alone (trend.sql adds this run's)
    trend: previousAsOf === null ? earlier : [],
    monthBase: chosen(latestBefore(dates, `${asOf.slice(0, 7)}-01`)),
    yearStart: chosen(nearestYearStart(dates, asOf)),
  };
}
