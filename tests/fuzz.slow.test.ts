/**
 * The fuzz test, complete tier (`npm run test:all`): cases 20–199 of the seed that
 * tests/fuzz.test.ts samples (its cases 0–19), so the two together read all 200.
 */
import { describe } from 'vitest';
import { fuzzCases } from './support/fuzz.js';

describe('the fuzz test (complete: cases 20–199)', () => {
  fuzzCases(20, 180);
});
