/**
 * History (docs/rules.md §8), the one entry run.ts calls: where the snapshots are kept (OUT/history, or
 * --history), which earlier ones this run compares with (choose.ts), reading them into the database
 * (attach.ts, earlier.ts for the ledgers of --previous), and this run's own snapshot (write.ts),
 * staged with the other outputs and committed with them: history/<as-of>/ is replaced, the other
 * snapshots are kept.
 *
 *   const history = await History.open(loaded, place, opts, log);  // chosen, attached, own snapshot begun
 *   buildContext(loaded, { ...history.compared });                  // what the figures compare with
 *   history.stage(tx);                                              // its projects copied in as DuckDB finishes
 *   await history.staged(statsFile);                                // its figures beside them
 *   history.commit(log); … history.dispose();
 */
import path from 'node:path';
import type { Loaded } from '../load/index.js';
import type { OutputFiles } from '../output/files.js';
import { checkHistoryDir, checkOwnership, HISTORY, type Kept, OutputTransaction } from '../output/outDir.js';
import { attachSnapshot, attachTrend, copyPrevious } from './attach.js';
import { type Chosen, choose, SNAPSHOT_PROJECTS, SNAPSHOT_STATS } from './choose.js';
import { attachEarlierLedgers, earlierLedgers } from './earlier.js';
import { SnapshotFile } from './write.js';

/** Where this run's snapshot goes, and whether that is inside --out (one transaction) or not. */
export interface HistoryPlace {
  dir: string;
  inOut: boolean;
}

/** The history folder of a run: OUT/history, or --history (checked against the data folder and --out). */
export function historyPlace(historyDir: string | undefined, dataDir: string, outDir: string): HistoryPlace {
  if (!historyDir) return { dir: path.join(outDir, HISTORY), inOut: true };
  const dir = path.resolve(historyDir);
  return checkHistoryDir(dir, { dataDir, outDir }) ? { dir: path.join(outDir, HISTORY), inOut: true } : { dir, inOut: false };
}

export interface HistoryOptions {
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
  /** this run's snapshot, its Parquet file written by DuckDB on the side connection meanwhile */
  private readonly snapshot: SnapshotFile;
  /** the transaction of a --history folder outside --out (stage) */
  private tx: OutputTransaction | null = null;
  /** the staged files this run's snapshot is written to, and its folder there (stage) */
  private staging: { files: OutputFiles; dir: string } | null = null;
  /** its projects copied there (stage) */
  private projectsStaged: Promise<void> | null = null;

  private constructor(
    readonly place: HistoryPlace,
    /** this run's as-of date (its snapshot's folder) */
    readonly asOf: string,
    snapshot: SnapshotFile,
    private readonly comparison: Omit<Comparison, 'snapshotMade'>,
  ) {
    this.snapshot = snapshot;
  }

  /**
   * Begin this run's snapshot (DuckDB writes it while the rest is read in and the figures are
   * computed), then read into the database what to compare with: the ledgers of --previous (loaded
   * at their own as-of date and profile), else the latest snapshot of the history before this as-of
   * date, else nothing; and the other snapshots of the reporting cycle, from the history's snapshots
   * before the as-of date and the ledgers of --previous.
   */
  static async open(loaded: Loaded, place: HistoryPlace, opts: HistoryOptions, log: (line: string) => void): Promise<History> {
    const { db } = loaded;
    const snapshot = SnapshotFile.begin(db);
    const earlier = opts.previousDir ? earlierLedgers(opts.previousDir, opts.dataDir, loaded) : null;
    const choice = choose(place.dir, loaded.asOf, earlier?.asOf ?? null);
    if (earlier) {
      await attachEarlierLedgers(db, earlier);
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
    return new History(place, loaded.asOf, snapshot, {
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
   * Stage this run's snapshot: in `out`, the output transaction, when the history is inside --out;
   * else in a transaction of the history folder's own. Its projects are copied there once DuckDB has
   * written them (not awaited here: stats.json is written meanwhile, then `staged`).
   */
  stage(out: OutputTransaction): void {
    if (this.place.inOut) {
      this.staging = { files: out.files, dir: `${HISTORY}/${this.asOf}` };
    } else {
      checkOwnership(this.place.dir, [this.asOf]);
      this.tx = OutputTransaction.begin(this.place.dir);
      this.staging = { files: this.tx.files, dir: this.asOf };
    }
    const { files, dir } = this.staging;
    files.mkdir(dir);
    this.projectsStaged = this.snapshot.written().then((file) => void files.copy(file, `${dir}/${SNAPSHOT_PROJECTS}`));
    this.projectsStaged.catch(() => {});
  }

  /**
   * Complete the staged snapshot with its figures, a copy of this run's `statsFile` and the files
   * it points to (`beside`: copied by the system, tens of MB at 10⁶ projects), and wait for its
   * projects (the database may close then).
   */
  async staged(statsFile: string, beside: { file: string; as: string }[] = []): Promise<void> {
    if (!this.staging || !this.projectsStaged) throw new Error('history: the snapshot is not staged yet');
    const { files, dir } = this.staging;
    files.copy(statsFile, `${dir}/${SNAPSHOT_STATS}`);
    // the files its stats.json points to (lists/<name>.parquet), at the same place beside it
    for (const f of beside) files.copy(f.file, `${dir}/${f.as}`);
    await this.projectsStaged;
  }

  /** The entries of --out this run's snapshot replaces (history/<as-of> when the history is inside --out). */
  get outEntries(): string[] {
    return this.place.inOut ? [`${HISTORY}/${this.asOf}`] : [];
  }

  /**
   * Put a snapshot kept elsewhere (--history) in place; it goes first: it records a run whose outputs
   * were complete, and were the run killed between the two, the next run replaces that snapshot.
   * The clerk's files it kept, and the path it wrote (none for a history inside --out: the output
   * transaction commits it).
   */
  commit(log: (line: string) => void): { kept: { dir: string; files: Kept[] }[]; written: string[] } {
    if (!this.tx) return { kept: [], written: [] };
    const files = this.tx.commit([this.asOf], log);
    const written = path.join(this.place.dir, this.asOf);
    log(`写入 ${written}`);
    return { kept: files.length ? [{ dir: this.place.dir, files }] : [], written: [written] };
  }

  /** Remove what a failed run staged in the history folder's own transaction (nothing after a commit). */
  dispose(): void {
    this.tx?.dispose();
  }
}
