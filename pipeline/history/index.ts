/**
 * History (docs/rules.md §8), the one entry run.ts calls (openHistory): this run's own snapshot
 * begun (write.ts), written by DuckDB straight into its place among the staged outputs
 * (output/outDir.ts Output.begin: OUT/history/<as-of>, or a --history folder's own transaction) and
 * committed with the other outputs (history/<as-of>/ replaced, the other snapshots kept); which
 * earlier snapshots this run compares with (choose.ts), read into the database (attach.ts, and
 * earlier.ts for the ledgers of --previous). What it returns is what the figures compare with
 * (compute/ buildContext's options). The snapshot's copy of stats.json and its lists is written
 * beside it with the other outputs (render/).
 */
import type { Inputs } from '../load/index.js';
import type { OutputFiles } from '../outputFiles.js';
import { attachSnapshot, attachTrend, copyPrevious } from './attach.js';
import { type Chosen, choose, SNAPSHOT_PROJECTS } from './choose.js';
import { attachEarlier } from './earlier.js';
import { SnapshotFile } from './write.js';

export interface HistoryOptions {
  /** the folder of the snapshots (output/outDir.ts Output.historyDir) */
  historyDir: string;
  /** where this run's snapshot is staged: its folder `dir` among the staged `files` */
  snapshot: { files: OutputFiles; dir: string };
}

/** A snapshot compared with: its as-of date, and whether it is a snapshot of the history or the ledgers of --previous. */
export interface Compared {
  asOf: string;
  source: 'history' | 'previous';
}

/** What the figures compare with (buildContext's options), the earlier snapshots read into the database. */
export interface Comparison {
  /** in `previous_projects` (and every earlier one in `trend_projects`): the changes and the trend */
  previous: Compared | null;
  /** in `month_base_projects`: the 月调度表's work done this month */
  monthBase: { asOf: string } | null;
  /** in `year_start_projects`: the annual summary's 年初 → 年末 */
  yearStart: Compared | null;
  /** this run's snapshot, the view `snapshot_projects` they are compared with: made or being made */
  snapshotMade: Promise<void>;
}

/**
 * Begin this run's snapshot (DuckDB writes it while the rest is read in and the figures are
 * computed), then read into the database what to compare with: the ledgers of --previous (loaded
 * at their own as-of date and profile), else the latest snapshot of the history before this as-of
 * date, else nothing; and the other snapshots of the reporting cycle, from the history's snapshots
 * before the as-of date and the ledgers of --previous.
 */
export async function openHistory(input: Inputs, opts: HistoryOptions, log: (line: string) => void): Promise<Comparison> {
  const { db, earlier } = input;
  const { files, dir } = opts.snapshot;
  const snapshot = SnapshotFile.begin(db, files.path(`${dir}/${SNAPSHOT_PROJECTS}`));
  if (earlier) await attachEarlier(db, earlier);
  const choice = choose(opts.historyDir, input.asOf, earlier?.asOf ?? null);
  if (earlier) {
    await attachTrend(db, [], earlier.asOf);
    log(`对比上期台账：${earlier.dataDir}（截至${earlier.asOf}）`);
  } else if (choice.previous?.file) {
    await attachSnapshot(db, choice.previous.file, 'previous_projects');
    await attachTrend(
      db,
      choice.trend.map((s) => ({ asOf: s.asOf, file: s.projects })),
    );
    log(`对比历史快照：截至${choice.previous.asOf}`);
  }
  // the ledgers of --previous, already in previous_projects, serve as any of the others too
  const attach = async (chosen: Chosen, table: 'month_base_projects' | 'year_start_projects') => {
    if (chosen.file) await attachSnapshot(db, chosen.file, table);
    else await copyPrevious(db, table);
  };
  const { monthBase, yearStart } = choice;
  if (monthBase) {
    await attach(monthBase, 'month_base_projects');
    log(`月调度表“本月新增完成”对比：截至${monthBase.asOf}`);
  }
  if (yearStart) {
    await attach(yearStart, 'year_start_projects');
    log(`年度总结的年初情况：截至${yearStart.asOf}`);
  }
  const compared = (c: Chosen | null): Compared | null => c && { asOf: c.asOf, source: c.file ? 'history' : 'previous' };
  return {
    previous: compared(choice.previous),
    monthBase: monthBase && { asOf: monthBase.asOf },
    yearStart: compared(yearStart),
    snapshotMade: snapshot.made,
  };
}
