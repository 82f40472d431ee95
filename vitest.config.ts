import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "~": path.resolve("app"),
      "#server": path.resolve("server"),
      "#tests": path.resolve("tests"),
    },
  },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "server/**/*.test.ts", "scripts/**/*.test.ts"],
    // The PostgreSQL run repeats what touches the database; pure modules
    // (images, planning, UI, storage, rate limits) already ran on SQLite.
    exclude:
      process.env.TEST_DATABASE === "postgres"
        ? [
            "app/modules/providers/**",
            "app/modules/generations/plan.test.ts",
            "app/components/**",
            "app/modules/storage/**",
            "app/modules/auth/session-secret.server.test.ts",
            "server/rate-limit.test.ts",
            "server/prisma-cli.test.ts",
          ]
        : [],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/setup-test-env.ts"],
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
