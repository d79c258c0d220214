/**
 * History (docs/rules.md §8), the one entry run.ts calls: which earlier snapshots this run compares
 * with (choose.ts), reading them into the database (attach.ts, earlier.ts for the ledgers of
 * --previous), and this run's own snapshot (write.ts), staged where the output gives it a place
 * (output/outDir.ts Output.begin: OUT/history/<as-of>, or a --history folder's own transaction) and
 * committed with the other outputs: history/<as-of>/ is replaced, the other snapshots are kept.
 *
 *   const history = await History.open(loaded, { historyDir, dataDir, previousDir }, log);  // chosen, attached, own snapshot begun
 *   buildContext(loaded, { ...history.compared });    // what the figures compare with
 *   await history.stage(staged.snapshot, statsFile);  // its figures, and its projects once DuckDB has written them
 */
import type { Loaded } from '../load/index.js';
import type { OutputFiles } from '../output/files.js';
import { attachSnapshot, attachTrend, copyPrevious } from './attach.js';
import { type Chosen, choose, SNAPSHOT_PROJECTS, SNAPSHOT_STATS } from './choose.js';
import { attachEarlierLedgers } from './earlier.js';
import { SnapshotFile } from './write.js';

export interface HistoryOptions {
  /** the folder of the snapshots (output/outDir.ts Output.historyDir) */
  historyDir: string;
  /** this run's data folder (--previous may not be it) */
  dataDir: string;
  /** an earlier data folder to compare with instead of the history */
  previousDir?: string;
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

/** One run's history: the snapshots it compares with, read in, and its own, being written and staged. */
export class History {
  private constructor(
    /** this run's snapshot, its Parquet file written by DuckDB on the side connection meanwhile */
    private readonly snapshot: SnapshotFile,
    private readonly comparison: Omit<Comparison, 'snapshotMade'>,
  ) {}

  /**
   * Begin this run's snapshot (DuckDB writes it while the rest is read in and the figures are
   * computed), then read into the database what to compare with: the ledgers of --previous (loaded
   * at their own as-of date and profile), else the latest snapshot of the history before this as-of
   * date, else nothing; and the other snapshots of the reporting cycle, from the history's snapshots
   * before the as-of date and the ledgers of --previous.
   */
  static async open(loaded: Loaded, opts: HistoryOptions, log: (line: string) => void): Promise<History> {
    const { db } = loaded;
    const snapshot = SnapshotFile.begin(db);
    const earlier = opts.previousDir ? await attachEarlierLedgers(db, opts.previousDir, opts.dataDir, loaded) : null;
    const choice = choose(opts.historyDir, loaded.asOf, earlier?.asOf ?? null);
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
    return new History(snapshot, {
      previous: compared(choice.previous),
      monthBase: monthBase && { asOf: monthBase.asOf },
      yearStart: compared(yearStart),
    });
  }

  /** What the figures compare with (buildContext's options). */
  get compared(): Comparison {
    return { ...this.comparison, snapshotMade: this.snapshot.made };
  }

  /**
   * Stage this run's snapshot in `at`, its folder among the staged outputs (output/outDir.ts
   * Output.begin): its figures, a copy of this run's `statsFile` and the files it points to
   * (`beside`: copied by the system, tens of MB at 10⁶ projects), and its projects once DuckDB has
   * written them (the database may close then).
   */
  async stage(at: { files: OutputFiles; dir: string }, statsFile: string, beside: { file: string; as: string }[] = []): Promise<void> {
    const { files, dir } = at;
    files.mkdir(dir);
    files.copy(statsFile, `${dir}/${SNAPSHOT_STATS}`);
    // the files its stats.json points to (lists/<name>.parquet), at the same place beside it
    for (const f of beside) files.copy(f.file, `${dir}/${f.as}`);
    files.copy(await this.snapshot.written(), `${dir}/${SNAPSHOT_PROJECTS}`);
  }
}
