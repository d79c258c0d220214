/**
 * Vitest setup: a test that asserts nothing fails ("expected any number of assertion, but got
 * none"), so no test can pass by running without checking a value.
 */
import { beforeEach, expect } from 'vitest';

beforeEach(() => {
  expect.hasAssertions();
});
