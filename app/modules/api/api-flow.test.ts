// What a script does, end to end on real HTTP with one token: upload a
// portrait, start a batch with the offline provider, wait on the event
// stream until it is done, download the ZIP.
import fs from "node:fs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { processGeneration } from "~/modules/generations/process-generation.server";
import { claimNextGeneration } from "~/modules/generations/queue.server";
import { env } from "~/utils/env.server";
import { createTestToken, startApiClient, type ApiClient } from "#tests/support/api";
import { multipartBody, readEventStream, zipEntriesOf } from "#tests/support/api-streams";
import { createTestUser } from "#tests/utils";

let api: ApiClient;
beforeAll(async () => (api = await startApiClient()));
afterAll(() => api.close());

test("upload, generate, follow the events until done, download the ZIP", async () => {
  const user = await createTestUser();
  const token = await createTestToken(user.id, ["read", "generate"]);

  const uploaded = await api.call(token, "/api/v1/portraits", {
    method: "POST",
    body: multipartBody({}, [["photos", "grace-hopper.jpg", fs.readFileSync("tests/fixtures/grace-hopper.jpg")]]),
  });
  expect(uploaded.status).toBe(201);
  const [portrait] = (await uploaded.json()).data;
  const analysed = await (await api.call(token, portrait.links.self)).json();
  expect(analysed.analysis.status).toBe("done");

  const started = await api.call(token, "/api/v1/generations", {
    method: "POST",
    json: { portraitId: portrait.id, keywords: "COBOL explained in 10 minutes", backgroundCount: 2, provider: "local" },
    headers: { "Idempotency-Key": `flow-${user.id}` },
  });
  expect(started.status).toBe(202);
  const generation = await started.json();

  const events = await api.call(token, generation.links.events);
  const reading = readEventStream(events.body!);
  // The runner, as the server's would (tests start none).
  expect((await claimNextGeneration("api-flow", 30_000))?.id).toBe(generation.id);
  await processGeneration(generation.id, { workerId: "api-flow", leaseMs: 30_000, concurrency: 2 });
  const { events: received, ended } = await reading;
  expect(ended).toBe(true);
  expect(JSON.parse(received.at(-1)!.data).generation.status).toBe("completed");

  const done = await (await api.call(token, generation.links.self)).json();
  expect(done).toMatchObject({ status: "completed", progress: { done: 2 * env.PROMPTS_PER_GENERATION, total: 2 * env.PROMPTS_PER_GENERATION } });

  const zip = await api.call(token, done.links.zip);
  expect(zip.headers.get("Content-Type")).toBe("application/zip");
  const { listing } = await zipEntriesOf(zip);
  expect(listing.filter((name) => name.endsWith(".jpg"))).toHaveLength(2 * env.PROMPTS_PER_GENERATION);
});
