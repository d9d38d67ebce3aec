import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest's order (longest first by the durations of earlier runs, else larger files first) with
 * the two bad-input sweeps first even without earlier runs: small files that take minutes each,
 * so the rest of the integration files run beside them instead of after them.
 */
class SweepsFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isSweep = (f: TestSpecification) => /\/api-bad-input-sweep-[^/]*\.test\.ts$/.test(f.moduleId);
    return [...sorted.filter(isSweep), ...sorted.filter((f) => !isSweep(f))];
  }
}

// Three layers: unit (pure, fast), integration (real Redis / PostgreSQL / PGlite),
// e2e (real Asterisk + SIPp, one call at a time).
export default defineConfig({
  test: {
    sequence: { sequencer: SweepsFirstSequencer },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Most of these files wait on Redis, PostgreSQL or an app child process, so several
          // run at once even on two cores; each file keeps its own key prefix, database, ARI app
          // name and extensions. A group of its own: projects of one group share one worker count.
          maxWorkers: 3,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          globalSetup: ['test/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
