/**
 * The fuzz test, sampled for `npm test`: the first 30 of the 200 damaged ledger folders of the seed
 * (tests/support/fuzz.ts); tests/fuzz.slow.test.ts runs the other 170 (`npm run test:all`).
 */
import { describe } from 'vitest';
import { fuzzCases } from './support/fuzz.js';

describe('the fuzz test (sampled: cases 0–29)', () => {
  fuzzCases(0, 30);
});
