// The fake OpenAI as its own process, for the end-to-end test that picks
// OpenAI on the Generate page (see playwright.config.ts).
import { startFakeOpenAI } from "./fake-openai-server";

const fake = await startFakeOpenAI({
  port: Number(process.env.FAKE_OPENAI_PORT ?? 3195),
  apiKey: process.env.FAKE_OPENAI_API_KEY ?? "sk-e2e-openai",
  latencyMs: 500,
  colour: "#15803d",
});
console.log(`fake OpenAI listening at ${fake.url}`);
