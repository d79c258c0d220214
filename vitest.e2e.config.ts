import { defineConfig } from 'vitest/config';

// End-to-end checks that need programs installed with apt: Chromium (site) and LibreOffice (.docx).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    reporters: ['default', './tests/support/summaryReporter.ts'],
    env: { ASTRO_TELEMETRY_DISABLED: '1', TZ: 'Asia/Shanghai' },
  },
});
