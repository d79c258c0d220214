import { defineConfig } from 'vitest/config';
import { shared } from './vitest.config.js';

/**
 * The rest of the slow families (tests/*.slow.test.ts): the fuzz cases, kill points, large ledgers
 * and full builds that `npm test` samples. `npm run test:all` = `npm test` + this.
 */
export default defineConfig({
  test: {
    ...shared,
    include: ['tests/**/*.slow.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
  },
});
