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
