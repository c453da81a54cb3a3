import { defineConfig } from 'vitest/config';

// Unit tests: pure code in Node (src/core, src/shared, src/cli, demo server). Browser tests live in e2e/ (Playwright).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'demo/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
