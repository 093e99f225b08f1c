import { defineConfig } from "vitest/config";

/**
 * The tests `npm run test:mutation` runs against each mutant (test/mutation/stryker.config.mjs): the
 * test file of each of the six modules mutated, and no global setup (no Prism). A module's own tests
 * are what must pin its behaviour, so no neighbour's tests are counted.
 */
export default defineConfig({
  test: {
    include: [
      "test/http/retry.test.ts",
      "test/http/read-body.test.ts",
      "test/check/json-depth.test.ts",
      "test/check/dates.test.ts",
      "test/check/checker.test.ts",
      "test/webhooks/credentials.test.ts",
    ],
    // Instrumented code counts every pass through a mutated line: checker's 32 MiB string takes seconds, more on a busy machine.
    testTimeout: 60_000,
    typecheck: { enabled: false },
  },
});
