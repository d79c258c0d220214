import { defineConfig } from 'vitest/config';

/**
 * `npm test`: the unit and integration tests (Node only: no Chromium, no LibreOffice), with the slow
 * families sampled. Their complete runs are in tests/*.slow.test.ts (vitest.slow.config.ts), which
 * `npm run test:all` and CI add; the two configs share no test, so nothing runs twice.
 */
export const shared = {
  // two test files at a time (vitest's default on two cores is one): most files wait on DuckDB,
  // Astro or a process they started for part of their time
  maxWorkers: 2,
  testTimeout: 120_000,
  hookTimeout: 300_000,
  reporters: ['default', './tests/support/summaryReporter.ts'],
  setupFiles: ['./tests/support/tempRoot.ts', './tests/support/assertions.ts'],
  env: { ASTRO_TELEMETRY_DISABLED: '1', TZ: 'Asia/Shanghai' },
};

export default defineConfig({
  test: {
    ...shared,
    // three here: these files spend much of their time waiting on a process or DuckDB they started
    // (measured on 2 cores, 2026-12-05: vitest 144 s with three, about 155 s with two)
    maxWorkers: 3,
    // the files of a worker share its loaded modules (each file still gets its own temporary folder,
    // tests/support/tempRoot.ts; pipeline/ keeps no state one run leaves for the next, only caches of
    // files that do not change: fonts, the header index, SheetJS loaded): importing
    // DuckDB, exceljs, pdfmake and Astro once per worker, not once per file, took vitest from 153 s
    // to 132 s (module import 60 s → 16 s of CPU; measured on 2 cores, 2026-12-05)
    isolate: false,
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'tests/**/*.slow.test.ts', 'node_modules/**'],
  },
});
