import path from "node:path";
import { defineConfig } from "vitest/config";
import { databaseFreeTests } from "./tests/setup/database-free-tests";

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
    // The PostgreSQL run (TEST_DATABASE=postgres) runs every test file that
    // touches the database, each on its own database (tests/setup/postgres.ts);
    // it skips only files that never touch it, listed with the rule in
    // tests/setup/database-free-tests.ts (the SQLite run checks the list).
    exclude: process.env.TEST_DATABASE === "postgres" ? databaseFreeTests : [],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/setup-test-env.ts"],
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
