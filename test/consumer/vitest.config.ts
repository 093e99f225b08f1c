import { defineConfig } from "vitest/config";

/** `npm run test:consumer`: packs the package and uses it from a fresh project (test/consumer/consumer.test.ts). */
export default defineConfig({
  test: {
    include: ["test/consumer/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // After the one pack and install (beforeAll), the checks run at the same time: each is a child process
    // (tsc, npx node@…, attw, publint, npm publish, vitest) that waits on the others for nothing. Four at once:
    // `npm test` runs this beside the vitest suite, which it must not starve; it ends long before the suite.
    sequence: { concurrent: true },
    maxConcurrency: 4,
  },
});
