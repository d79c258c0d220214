/**
 * The load stage: find and read every ledger (ingest), stage it into DuckDB with its rules
 * evaluated, and collect every input error of every file. The result is the open database the
 * computation queries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Profile } from '../config/profile.js';
import { InputError, sortProblems, type Problem } from '../errors.js';
import { type Ignored, scanSources, type Source } from '../ingest/sources.js';
import { isIsoDate, periodOf, type Period } from '../vocabulary.js';
import { Database } from './database.js';
import { createProjectsView, createStaging, stageSources } from './stage.js';
import { collectInputErrors, noProjectProblems } from './validate.js';

export interface LoadOptions {
  dataDir: string;
  asOf?: string;
  profile: Profile;
}

export interface Loaded {
  db: Database;
  profile: Profile;
  asOf: string;
  period: Period;
  sources: Source[];
  ignored: Ignored[];
  /** close the database and remove temporary files */
  dispose(): void;
}

/** Resolve the as-of date: --as-of, else the profile's. */
export function resolveAsOf(profile: Profile, asOf?: string): string {
  const value = asOf ?? profile.asOf;
  if (!value) {
    throw new InputError([
      {
        file: profile.source,
        line: null,
        column: null,
        field: 'asOf',
        value: null,
        message: '没有统计截止日期：请用 --as-of YYYY-MM-DD 指定，或在配置文件中填写 asOf',
      },
    ]);
  }
  if (!isIsoDate(value)) {
    throw new InputError([{ file: '--as-of', line: null, column: null, value, message: '应为 YYYY-MM-DD 格式的真实日期' }]);
  }
  return value;
}

/** Read, validate and load every ledger; throws InputError with all problems. */
export async function loadLedgers(opts: LoadOptions): Promise<Loaded> {
  const profile = opts.profile;
  const asOf = resolveAsOf(profile, opts.asOf);
  // named with the pid, so that a later run can remove it if this process is killed
  const tmp = mkdtempSync(path.join(os.tmpdir(), `sgyp-load-${process.pid}-`));
  const db = await Database.open({ tempDirectory: path.join(tmp, 'spill') });
  const dispose = () => {
    db.close();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const scan = await scanSources(opts.dataDir, tmp);
    if (!scan.sources.length) throw new InputError(sortProblems(scan.problems));
    await createStaging(db, profile, asOf);
    const unreadable = await stageSources(db, scan.sources);
    if (unreadable.length === scan.sources.length) throw new InputError(sortProblems([...scan.problems, ...unreadable]));
    const problems: Problem[] = [...scan.problems, ...unreadable, ...(await collectInputErrors(db, profile, asOf, scan.sources))];
    if (!problems.length) problems.push(...(await noProjectProblems(db, scan.sources)));
    if (problems.length) throw new InputError(sortProblems(problems));
    await createProjectsView(db);
    return { db, profile, asOf, period: periodOf(asOf), sources: scan.sources, ignored: scan.ignored, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}
