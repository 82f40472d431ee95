// Mutation testing of the core modules: `npm run test:mutation`. Not part of
// `npm test` (about half an hour on 2 cores). Reports: reports/mutation/.
//
// Stryker copies the project into a sandbox under .stryker-tmp/ and runs the
// Vitest suite there (vitest.config.ts, its global setup migrating a base
// SQLite database under the sandbox's own tests/.tmp). The Prisma client in
// app/generated is copied with the sources; node_modules is linked.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.config.ts", related: true },
  // Each mutant runs only the tests that executed its code.
  coverageAnalysis: "perTest",
  mutate: [
    "app/modules/credits/*.server.ts",
    "app/modules/generations/create-generation.server.ts",
    "app/modules/generations/runner.server.ts",
    "app/modules/providers/kie/kie-signature.server.ts",
    "app/modules/providers/kie/kie-webhook.server.ts",
    "app/modules/design/plan.ts",
    "app/modules/storage/keys.ts",
  ],
  // Nothing the tests need lives here; copying it would only slow the sandbox.
  ignorePatterns: [
    ".cache",
    ".stryker-tmp",
    "build",
    "public/build",
    "server-build",
    "reports",
    "test-results",
    "tests/.tmp",
    "data",
    "bench/out",
    "docs",
    "*.db",
    "*.db-*",
  ],
  concurrency: 2,
  // The restart tests start worker processes and take seconds on their own.
  timeoutMS: 30_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  thresholds: { high: 85, low: 75, break: null },
  tempDirName: ".stryker-tmp",
  // Reuses the results of mutants whose code and tests did not change since
  // the last run (reports/stryker-incremental.json): a rerun after a small
  // change takes minutes, not half an hour. `--force` runs everything.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
};
