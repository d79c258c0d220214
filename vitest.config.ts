import { defineConfig } from 'vitest/config';

// Unit and integration tests: need only Node (no Chromium, no LibreOffice).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ['default', './tests/support/summaryReporter.ts'],
    setupFiles: ['./tests/support/tempRoot.ts'],
    env: { ASTRO_TELEMETRY_DISABLED: '1', TZ: 'Asia/Shanghai' },
  },
});
