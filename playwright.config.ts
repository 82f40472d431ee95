import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// End-to-end tests drive Debian's Chromium (Playwright cannot download its
// own browser here) against the built app on a fresh data directory, started
// the way a user starts it: `npm start` runs the compiled server-build/index.js
// (`npm run build` first).
const port = Number(process.env.E2E_PORT ?? 3199);
export const baseURL = `http://localhost:${port}`;
// A second app instance that renders with kie.ai, against a fake kie.ai.
const kiePort = port - 2;
const fakeKiePort = port - 3;
// The kie.ai instance also has OpenAI set up, against a fake OpenAI.
const fakeOpenAIPort = port - 4;
const kieBaseURL = `http://localhost:${kiePort}`;
// The same instance also connects YouTube channels, against a fake Google.
// Its PUBLIC_URL is on 127.0.0.1, where Google's redirect comes back, so the
// YouTube test opens the app there too (cookies are per host).
const fakeGooglePort = port - 5;
// The fake Google of the youtube project, for a spec that checks what it was sent.
export const fakeGoogleURL = `http://127.0.0.1:${fakeGooglePort}`;
const youtubeBaseURL = `http://127.0.0.1:${kiePort}`;
// Each run has its own data directories, so that two runs at once (each on
// its own E2E_PORT) never wipe each other's: tests/.tmp/e2e-<port>-<runner
// pid> and the same with -kie. Playwright's workers load this file too and
// inherit E2E_RUN_ID, so they agree on the name. Directories of runs whose
// runner is gone are removed; a live run's are left alone.
process.env.E2E_RUN_ID ??= `${port}-${process.pid}`;
const dataDir = `tests/.tmp/e2e-${process.env.E2E_RUN_ID}`;
const kieDataDir = `${dataDir}-kie`;
for (const entry of fs.existsSync("tests/.tmp") ? fs.readdirSync("tests/.tmp") : []) {
  const pid = Number(/^e2e-\d+-(\d+)(?:-kie)?$/.exec(entry)?.[1]);
  if (pid && !processIsAlive(pid)) fs.rmSync(path.join("tests/.tmp", entry), { recursive: true, force: true });
}

function processIsAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  projects: [
    { name: "app", testIgnore: /(kie|youtube)\.spec\.ts/, use: { baseURL } },
    { name: "kie", testMatch: /kie\.spec\.ts/, use: { baseURL: kieBaseURL } },
    { name: "youtube", testMatch: /youtube\.spec\.ts/, use: { baseURL: youtubeBaseURL } },
  ],
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
  webServer: [
    {
      command: `rm -rf ${dataDir} && npm start`,
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: {
        NODE_ENV: "production",
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        BCRYPT_COST: "4",
        // Every test signs up or logs in from the same address.
        RATE_LIMIT_MULTIPLIER: "20",
        // 2 x 2 batches, each thumbnail slowed enough to watch the progress move.
        PROMPTS_PER_GENERATION: "2",
        LOCAL_RENDER_DELAY_MS: "350",
        // Beside a busy browser, a lowest-priority render thread would make the timings the tests watch erratic.
        RENDER_THREAD_NICE: "0",
        // admin.spec.ts signs up with this address.
        ADMIN_EMAILS: "admin@e2e.test",
        // webhooks.spec.ts receives on loopback.
        WEBHOOK_ALLOW_PRIVATE_URLS_FOR_TESTS: "1",
      },
    },
    {
      command: "node --import tsx tests/support/run-fake-kie.ts",
      url: `http://127.0.0.1:${fakeKiePort}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { FAKE_KIE_PORT: String(fakeKiePort), FAKE_KIE_API_KEY: "e2e-kie-key", FAKE_KIE_WEBHOOK_KEY: "e2e-hook-key" },
    },
    {
      command: "node --import tsx tests/support/run-fake-openai.ts",
      // It answers only OpenAI's own paths: waiting for the port is the health check.
      port: fakeOpenAIPort,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { FAKE_OPENAI_PORT: String(fakeOpenAIPort), FAKE_OPENAI_API_KEY: "sk-e2e-openai" },
    },
    {
      command: "node --import tsx tests/support/run-fake-google.ts",
      url: `http://127.0.0.1:${fakeGooglePort}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { FAKE_GOOGLE_PORT: String(fakeGooglePort), FAKE_GOOGLE_CLIENT_ID: "e2e-client.apps.googleusercontent.com", FAKE_GOOGLE_CLIENT_SECRET: "e2e-client-secret" },
    },
    {
      command: `rm -rf ${kieDataDir} && npm start`,
      url: `${kieBaseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: {
        NODE_ENV: "production",
        PORT: String(kiePort),
        DATA_DIR: kieDataDir,
        DATABASE_URL: "",
        BCRYPT_COST: "4",
        RATE_LIMIT_MULTIPLIER: "20",
        PROMPTS_PER_GENERATION: "2",
        KIE_API_KEY: "e2e-kie-key",
        KIE_BASE_URL: `http://127.0.0.1:${fakeKiePort}`,
        KIE_UPLOAD_BASE_URL: `http://127.0.0.1:${fakeKiePort}`,
        PUBLIC_URL: `http://127.0.0.1:${kiePort}`,
        KIE_WEBHOOK_HMAC_KEY: "e2e-hook-key",
        // The fake kie.ai's result links are on loopback.
        KIE_ALLOW_PRIVATE_RESULT_URLS_FOR_TESTS: "1",
        OPENAI_API_KEY: "sk-e2e-openai",
        OPENAI_BASE_URL: `http://127.0.0.1:${fakeOpenAIPort}/v1`,
        YOUTUBE_CLIENT_ID: "e2e-client.apps.googleusercontent.com",
        YOUTUBE_CLIENT_SECRET: "e2e-client-secret",
        GOOGLE_API_ROOT_FOR_TESTS: `http://127.0.0.1:${fakeGooglePort}`,
        RENDER_THREAD_NICE: "0",
      },
    },
  ],
});
