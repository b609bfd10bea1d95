import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    setupFiles: ['test/support/property-seed.ts'],
    // Tests that run the CLI run dist/: rebuild it first when a source file is newer.
    globalSetup: ['test/support/fresh-build.ts'],
  },
});
