/**
 * The fuzz test, sampled for `npm test`: the first 20 of the 200 damaged ledger folders of the seed
 * (tests/support/fuzz.ts); tests/fuzz.slow.test.ts runs the other 180 (`npm run test:all`).
 */
import { describe } from 'vitest';
import { fuzzCases } from './support/fuzz.js';

describe('the fuzz test (sampled: cases 0–19)', () => {
  fuzzCases(0, 20);
});
