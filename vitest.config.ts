import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure, no server) and `integration` (real MariaDB/MySQL: TEST_DATABASE_URL, or a private
// server started once for the run by test/support/global-db.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['packages/*/test/unit/**/*.spec.ts', 'tools/*/test/unit/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['packages/*/test/integration/**/*.int.spec.ts', 'tools/*/test/integration/**/*.int.spec.ts', 'test/e2e/**/*.int.spec.ts', 'test/reliability/**/*.int.spec.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-db.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
    ],
  },
});
