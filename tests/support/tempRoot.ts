/**
 * Vitest setup: each test file gets its own temporary folder as the system temp folder (TMPDIR, which
 * os.tmpdir() and the processes the tests start read), removed when the file's tests are done, so no
 * test leaves folders behind, whatever it creates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const previous = process.env.TMPDIR;
const root = mkdtempSync(path.join(os.tmpdir(), 'sgyp-vitest-'));
process.env.TMPDIR = root;

afterAll(() => {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  rmSync(root, { recursive: true, force: true });
});
