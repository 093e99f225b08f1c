import { defineConfig } from "vitest/config";

/** `npm run test:consumer`: packs the package and uses it from a fresh project (test/consumer/consumer.test.ts). */
export default defineConfig({
  test: {
    include: ["test/consumer/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
