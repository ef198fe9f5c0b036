import { defineConfig } from 'vitest/config';

// Three projects: `unit` (pure, no server), `integration` (real MariaDB/MySQL: TEST_DATABASE_URL, or a private
// server started once for the run by test/support/global-db.ts), and `schemas`: the real public schemas adopted
// and rebuilt, heavy enough on the server to upset the timing of other tests, so run after them, on their own.
const REAL_SCHEMAS = 'packages/migrate-core/test/integration/real-schemas.int.spec.ts';

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
          exclude: [REAL_SCHEMAS],
          environment: 'node',
          globalSetup: ['test/support/global-db.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'schemas',
          sequence: { groupOrder: 2 },
          include: [REAL_SCHEMAS],
          environment: 'node',
          globalSetup: ['test/support/global-db.ts'],
          testTimeout: 300_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 1,
        },
      },
    ],
  },
});
