/**
 * The history folder (OUT/history by default, or --history): one folder per as-of date of a
 * successful stats/build run, `<as-of>/projects.parquet` (the loaded projects) and
 * `<as-of>/stats.json` (its figures). Runs write their snapshot through the output transaction
 * (outDir.ts) and read the earlier ones from here; nothing here writes.
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
