/**
 * The fuzz test (scripts/fuzz.ts) as a vitest test: damaged ledger folders of one seed, cases
 * `first` … `first + cases - 1`, each read by `sgyp check` in this process. None may crash (exit 3),
 * hang, print an error line that does not start with its file, print a library's English or a
 * stack, or lose a row. tests/fuzz.test.ts runs the first cases on every `npm test`,
 * tests/fuzz.slow.test.ts the rest of the 200 (`npm run test:all`); `npm run fuzz` runs more cases
 * and seeds.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { HELD_BACK, MUTATIONS, reproducer, runFuzz, summaryLine } from '../../scripts/fuzz.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const SEED = 20261130;

export function fuzzCases(first: number, cases: number): void {
  it(`reads damaged ledger folders ${first}–${first + cases - 1} of seed ${SEED} with exit 0 or 1, every error naming its file, no row lost`, async () => {
    const summary = await runFuzz({
      seed: SEED,
      first,
      cases,
      // generous: the other test files run at the same time; a real hang never ends
      timeoutMs: 60_000,
      parallel: 2,
      mutations: MUTATIONS.filter((m) => !HELD_BACK.includes(m)),
      keepDir: path.join(root, 'tests', '.out', 'fuzz'),
    });
    console.log(summaryLine(summary));
    expect(summary.failures.map((f) => reproducer(SEED, f))).toEqual([]);
    expect(summary).toMatchObject({ cases, exit3: 0, hangs: 0, rowsLost: 0 });
    // both outcomes occur: the damage is not all refused, nor all accepted
    expect(summary.exit0).toBeGreaterThan(cases / 10);
    expect(summary.exit1).toBeGreaterThan(cases / 3);
    expect(summary.exit0 + summary.exit1).toBe(cases);
    // about 0.2 s of two idle cores a case; the limit leaves room for a machine busy with other work
  }, 600_000);
}
