import { defineConfig } from 'vitest/config';
import { shared } from './vitest.config.js';

/**
 * `npm run test:unit`, the inner loop: the tests that call the readers, the computation and the
 * renderers in this process on small inputs. No full build, no site, no process started. Each of
 * these files is also in `npm test`.
 */
export const UNIT = [
  'tests/architecture.test.ts',
  'tests/charts.test.ts',
  'tests/compute.test.ts',
  'tests/errors.test.ts',
  'tests/format.test.ts',
  'tests/ingest.test.ts',
  'tests/ingest.headers.test.ts',
  'tests/ingest.shapes.test.ts',
  'tests/lists.test.ts',
  'tests/profile-doc.test.ts',
  'tests/readme.test.ts',
  'tests/reports.lint.test.ts',
  'tests/reports.workbook.test.ts',
  'tests/rules.test.ts',
  'tests/sample.test.ts',
  'tests/sample-data.test.ts',
  'tests/sheet.test.ts',
];

export default defineConfig({ test: { ...shared, include: UNIT } });
