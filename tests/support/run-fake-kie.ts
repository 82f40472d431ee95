// The fake kie.ai as its own process, for the end-to-end tests of the kie.ai
// provider (see playwright.config.ts).
import { startFakeKie } from "./fake-kie-server";

const fake = await startFakeKie({
  port: Number(process.env.FAKE_KIE_PORT ?? 3196),
  apiKey: process.env.FAKE_KIE_API_KEY ?? "e2e-kie-key",
  taskLatencyMs: Number(process.env.FAKE_KIE_LATENCY_MS ?? 1200),
  sendCallbacks: true,
  webhookKey: process.env.FAKE_KIE_WEBHOOK_KEY,
  // The long-batch test makes tasks slow and silent for one batch; POST
  // /__control {outage: {mode, durationMs, ...}} takes it down for a while.
  controllable: true,
});
console.log(`fake kie.ai listening at ${fake.url}`);
