// The bridge from Express to Remix: a client that leaves ends what the
// loader is streaming, even after the garbage collector has run (the copies
// of the request that Remix hands loaders follow the connection only through
// weak references).
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { openGenerationStreamCount } from "~/modules/generations/generation-stream.server";
import { startAppServer } from "#tests/support/app-server";
import { createTestPortrait, createTestUser, sessionCookieFor } from "#tests/utils";

v8.setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

let app: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(() => app?.close());

test("a gallery stream ends on the server as soon as the browser leaves, after a garbage collection too", async () => {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  // Pending, with no runner here: only the browser leaving can end its stream.
  const { id } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "left the page", headline: null, backgroundCount: 1, submissionKey: null });

  const controller = new AbortController();
  const response = await fetch(`${app.origin}/resources/generations/${id}/events`, {
    headers: { Cookie: await sessionCookieFor(user.id) },
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  expect(new TextDecoder().decode((await reader.read()).value)).toContain("event: snapshot");
  expect(openGenerationStreamCount()).toBe(1);

  collectGarbage();
  controller.abort();
  await vi.waitFor(() => expect(openGenerationStreamCount()).toBe(0), { timeout: 5_000 });
});
