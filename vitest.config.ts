import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Pack and install the package; run by `npm run test:consumer` and `npm run test:runtimes`, not here.
    exclude: [...configDefaults.exclude, "test/consumer/**", "test/runtimes/**"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    typecheck: { enabled: false },
  },
});
