import { defineConfig } from "vitest/config";

/** `npm run test:runtimes`: packs the package and runs it under Bun, Deno and workerd (test/runtimes/runtimes.test.ts). */
export default defineConfig({
  test: {
    include: ["test/runtimes/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
