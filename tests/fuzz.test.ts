/**
 * The fuzz test (scripts/fuzz.ts) on every `npm test`: 200 damaged ledger folders, each read by
 * `sgyp check` in this process. None may crash (exit 3), hang, print an error line that does not
 * start with its file, print a library's English or a stack, or lose a row. `npm run fuzz` runs
 * more cases and seeds.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HELD_BACK, MUTATIONS, reproducer, runFuzz, summaryLine } from '../scripts/fuzz.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SEED = 20261130;
const CASES = 200;

describe('the fuzz test', () => {
  it(`reads ${CASES} damaged ledger folders with exit 0 or 1, every error naming its file, no row lost`, async () => {
    const summary = await runFuzz({
      seed: SEED,
      cases: CASES,
      // generous: the other test files run at the same time; a real hang never ends
      timeoutMs: 60_000,
      parallel: 2,
      mutations: MUTATIONS.filter((m) => !HELD_BACK.includes(m)),
      keepDir: path.join(root, 'tests', '.out', 'fuzz'),
    });
    console.log(summaryLine(summary));
    expect(summary.failures.map((f) => reproducer(SEED, f))).toEqual([]);
    expect(summary).toMatchObject({ cases: CASES, exit3: 0, hangs: 0, rowsLost: 0 });
    // both outcomes occur: the damage is not all refused, nor all accepted
    expect(summary.exit0).toBeGreaterThan(CASES / 10);
    expect(summary.exit1).toBeGreaterThan(CASES / 3);
    expect(summary.exit0 + summary.exit1).toBe(CASES);
    // about 40 s on two idle cores; the limit leaves room for a machine busy with other work
  }, 600_000);
});
