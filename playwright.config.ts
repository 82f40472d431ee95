import { defineConfig } from "@playwright/test";

// End-to-end tests drive Debian's Chromium (Playwright cannot download its
// own browser here) against the built app on a fresh data directory.
const port = Number(process.env.E2E_PORT ?? 3199);
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "rm -rf tests/.tmp/e2e && node --import tsx server/index.ts",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      DATA_DIR: "tests/.tmp/e2e",
      DATABASE_URL: "",
      BCRYPT_COST: "4",
      // Every test signs up or logs in from the same address.
      RATE_LIMIT_MULTIPLIER: "20",
      // 2 x 2 batches, each thumbnail slowed enough to watch the progress move.
      PROMPTS_PER_GENERATION: "2",
      LOCAL_RENDER_DELAY_MS: "350",
    },
  },
});
