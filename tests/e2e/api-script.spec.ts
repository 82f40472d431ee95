// The README's "Automate it" walk-through, on the built app with its own
// runner: a token from the Account page, then only HTTP with that token
// (upload, generate, follow the events, edit, download), then the same
// account through the MCP server with the SDK's own client.
import fs from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { signUpNewUser } from "./session";

test("a script with a token uploads, generates, follows progress, edits and downloads; an assistant fetches the image over MCP", async ({ page, playwright, baseURL }) => {
  test.setTimeout(120_000);
  await signUpNewUser(page);
  await page.goto("/account");
  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("New token name").fill("walk-through");
  await tokens.getByLabel(/^Generate/).check();
  await tokens.getByLabel(/^Edit/).check();
  await tokens.getByRole("button", { name: "Create token" }).click();
  const token = (await tokens.getByTestId("new-token").textContent())!;
  expect(token).toMatch(/^tsk_/);

  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });

  const uploaded = await api.post("/api/v1/portraits", {
    multipart: { photos: { name: "grace-hopper.jpg", mimeType: "image/jpeg", buffer: fs.readFileSync("tests/fixtures/grace-hopper.jpg") } },
  });
  expect(uploaded.status()).toBe(201);
  const portraitId = (await uploaded.json()).data[0].id as string;

  const body = { portraitId, keywords: "COBOL explained in 10 minutes", backgroundCount: 1 };
  const key = `walk-through-${Date.now()}`;
  const started = await api.post("/api/v1/generations", { data: body, headers: { "Idempotency-Key": key } });
  expect(started.status()).toBe(202);
  const generation = await started.json();
  // A retry of the same request: the same batch, nothing spent twice.
  const retried = await api.post("/api/v1/generations", { data: body, headers: { "Idempotency-Key": key } });
  expect(retried.headers()["idempotent-replayed"]).toBe("true");
  expect((await retried.json()).id).toBe(generation.id);

  // The event stream ends when the batch does: its last event says how.
  const events = await api.get(generation.links.events, { timeout: 90_000 });
  expect(events.headers()["content-type"]).toMatch(/^text\/event-stream/);
  const last = (await events.text()).trim().split("\n").filter((line) => line.startsWith("data:")).at(-1)!;
  expect(JSON.parse(last.slice(5)).generation.status).toBe("completed");

  const done = await (await api.get(generation.links.self)).json();
  expect(done.status).toBe("completed");
  const thumbnail = done.thumbnails[0];
  const image = await api.get(thumbnail.links.image);
  expect(image.headers()["content-type"]).toBe("image/jpeg");
  expect(await sharp(await image.body()).metadata()).toMatchObject({ width: 1280, height: 720 });

  const edited = await api.post(`${thumbnail.links.self}/versions`, { data: { headline: "COBOL LIVES" } });
  expect(edited.status()).toBe(201);
  expect((await edited.json()).version).toBe(2);

  const zip = await api.get(done.links.zip);
  expect(zip.headers()["content-type"]).toBe("application/zip");
  expect((await zip.body()).subarray(0, 2).toString()).toBe("PK");

  const me = await (await api.get("/api/v1/me")).json();
  expect(me.credits).toBe(10 - me.creditsPerGeneration);
  await api.dispose();

  // An assistant: the MCP server, the same token.
  const client = new Client({ name: "e2e-assistant", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", baseURL), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(["list_portraits", "generate_thumbnails", "get_thumbnail", "edit_thumbnail"]));
  const result = await client.callTool({ name: "get_thumbnail", arguments: { thumbnailId: thumbnail.id } });
  const picture = (result.content as { type: string; data?: string; mimeType?: string }[]).find((block) => block.type === "image")!;
  expect(picture.mimeType).toBe("image/jpeg");
  expect(await sharp(Buffer.from(picture.data!, "base64")).metadata()).toMatchObject({ width: 640, height: 360 });
  await client.close();
});
