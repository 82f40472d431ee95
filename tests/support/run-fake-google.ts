// The fake Google as its own process, for the end-to-end test of the YouTube
// channel connection (see playwright.config.ts).
import { startFakeGoogle } from "./fake-google-server";

const fake = await startFakeGoogle({
  port: Number(process.env.FAKE_GOOGLE_PORT ?? 3194),
  clientId: process.env.FAKE_GOOGLE_CLIENT_ID,
  clientSecret: process.env.FAKE_GOOGLE_CLIENT_SECRET,
});
console.log(`fake Google listening at ${fake.url}`);
