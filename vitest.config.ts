import os from "node:os";
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
    // Vitest's default is one worker fewer than the cores: one on these
    // 2-core machines, where most files spend much of their time waiting on
    // sockets, child processes and libvips threads, not on JavaScript.
    maxWorkers: Math.max(2, os.availableParallelism()),
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
