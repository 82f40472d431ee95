// The MCP server as an assistant meets it: the SDK's own client over
// Streamable HTTP, through the real Express app on loopback, with a personal
// token. Batches are made by this process's runner with the offline
// compositor, as on a server without an image service.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult, Progress } from "@modelcontextprotocol/sdk/types.js";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { PALETTES } from "~/modules/design/palettes";
import { KEYWORDS_MAX } from "~/modules/generations/validation";
import { startGenerationRunner } from "~/modules/generations/queue.server";
import { prisma } from "~/utils/db.server";
import { createTestToken, startApiClient, type ApiClient } from "#tests/support/api";
import { createFinishedGeneration, createTestPortrait, createTestUser } from "#tests/utils";

let api: ApiClient;
let runner: ReturnType<typeof startGenerationRunner>;
/** A user with a finished batch made before the runner started (so the helper's own claim gets it). */
let owner: { userId: string; token: string; generationId: string; thumbnailIds: string[] };
const clients: Client[] = [];

beforeAll(async () => {
  api = await startApiClient();
  const user = await createTestUser();
  const { generationId } = await createFinishedGeneration(user.id, { backgroundCount: 1 });
  const thumbnails = await prisma.thumbnail.findMany({ where: { generationId, status: "success" }, select: { id: true }, orderBy: [{ promptIndex: "asc" }] });
  owner = { userId: user.id, token: await createTestToken(user.id), generationId, thumbnailIds: thumbnails.map((t) => t.id) };
  runner = startGenerationRunner({ pollMs: 50 });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await runner?.stop();
  await api?.close();
});

async function connect(token: string) {
  const client = new Client({ name: "thumbsmith-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${api.origin}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  await client.connect(transport);
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>, options: { onprogress?: (progress: Progress) => void } = {}) {
  return (await client.callTool({ name, arguments: args }, undefined, { timeout: 60_000, ...options })) as CallToolResult;
}

function textOf(result: CallToolResult) {
  return result.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n");
}

/** A successful tool answer's data. */
function dataOf<T = Record<string, unknown>>(result: CallToolResult) {
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as T;
}

type GenerationAnswer = { id: string; status: string; thumbnailCount: number; thumbnails: { id: string; headline: string | null; status: string; version: number }[] };

const INITIALIZE = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "curl", version: "1" } } };
const MCP_HEADERS = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

describe("connecting", () => {
  test("the six tools are listed with the app's own field schemas", async () => {
    const client = await connect(owner.token);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["create_compare_set", "edit_thumbnail", "generate_thumbnails", "get_generation", "get_thumbnail", "list_portraits"]);
    const schema = (name: string) => tools.find((tool) => tool.name === name)!.inputSchema as { properties: Record<string, Record<string, unknown>>; required?: string[] };

    const generate = schema("generate_thumbnails");
    expect(generate.required?.sort()).toEqual(["keywords", "portraitId"]);
    expect(generate.properties.keywords).toMatchObject({ type: "string", minLength: 2, maxLength: KEYWORDS_MAX });
    expect(generate.properties.backgroundCount).toMatchObject({ type: "integer", minimum: 1, maximum: 8 });
    expect(generate.properties.waitSeconds).toMatchObject({ maximum: 600 });
    expect(schema("edit_thumbnail").required).toEqual(["thumbnailId"]);
    expect(schema("edit_thumbnail").properties.layout).toMatchObject({ enum: ["person-right", "person-left"] });
    expect(schema("create_compare_set").properties.thumbnailIds).toMatchObject({ type: "array", minItems: 2, maxItems: 3 });
    expect(tools.find((tool) => tool.name === "get_thumbnail")!.annotations?.readOnlyHint).toBe(true);
  });

  test("no token or a bad one: 401 with a Bearer challenge, and the client cannot connect", async () => {
    const none = await fetch(`${api.origin}/mcp`, { method: "POST", headers: MCP_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(none.status).toBe(401);
    expect(none.headers.get("WWW-Authenticate")).toMatch(/^Bearer realm="thumbsmith"$/);
    expect((await none.json()).error.code).toBe("unauthorized");

    const bad = await fetch(`${api.origin}/mcp`, { method: "POST", headers: { ...MCP_HEADERS, Authorization: "Bearer tsk_madeup" }, body: JSON.stringify(INITIALIZE) });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');

    const client = new Client({ name: "no-token", version: "1.0.0" });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(`${api.origin}/mcp`)))).rejects.toThrow(/401|nauthorized/);
  });

  test("stateless: GET (a session's stream) is 405, and no session id is handed out", async () => {
    const get = await fetch(`${api.origin}/mcp`, { headers: { Accept: "text/event-stream", Authorization: `Bearer ${owner.token}` } });
    expect(get.status).toBe(405);
    const init = await fetch(`${api.origin}/mcp`, { method: "POST", headers: { ...MCP_HEADERS, Authorization: `Bearer ${owner.token}` }, body: JSON.stringify(INITIALIZE) });
    expect(init.status).toBe(200);
    expect(init.headers.get("Mcp-Session-Id")).toBeNull();
    expect(await init.text()).toContain('"serverInfo"');
  });
});

describe("generate_thumbnails", () => {
  test("makes a batch with the offline compositor, reports progress as thumbnails finish, and answers when it is done", async () => {
    const user = await createTestUser();
    const portrait = await createTestPortrait(user.id);
    const before = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { credits: true } });
    const client = await connect(await createTestToken(user.id));
    const progress: Progress[] = [];
    const args = { portraitId: portrait.id, keywords: "iPhone 17 review, shocking battery", backgroundCount: 1 };
    const result = await call(client, "generate_thumbnails", args, { onprogress: (p) => progress.push(p) });

    const generation = dataOf<GenerationAnswer>(result);
    expect(generation.status).toBe("completed");
    expect(generation.thumbnails.length).toBe(generation.thumbnailCount);
    expect(generation.thumbnails.length).toBeGreaterThan(0);
    for (const thumbnail of generation.thumbnails) {
      expect(thumbnail).toMatchObject({ status: "success", version: 1, headline: expect.stringMatching(/\S/) });
    }
    expect(textOf(result)).toContain(`${generation.thumbnailCount} of ${generation.thumbnailCount} thumbnails made`);
    // Progress came as it went, always higher than the last, ending at 100.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.map((p) => p.progress)).toEqual([...progress.map((p) => p.progress)].sort((a, b) => a - b));
    expect(new Set(progress.map((p) => p.progress)).size).toBe(progress.length);
    expect(progress.at(-1)).toMatchObject({ progress: 100, total: 100 });
    expect(progress.some((p) => /thumbnails done/.test(p.message ?? ""))).toBe(true);

    // The client retrying the same call (a timeout, a reconnect) gets the same batch and pays once.
    const again = dataOf<GenerationAnswer>(await call(client, "generate_thumbnails", args));
    expect(again.id).toBe(generation.id);
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(1);
    const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { credits: true } });
    expect(before.credits - after.credits).toBe((await prisma.generation.findUniqueOrThrow({ where: { id: generation.id }, select: { creditsUsed: true } })).creditsUsed);

    // A new submissionKey is a new batch.
    const another = dataOf<GenerationAnswer>(await call(client, "generate_thumbnails", { ...args, submissionKey: "second", waitSeconds: 0 }));
    expect(another.id).not.toBe(generation.id);
  });

  test("a token without the generate scope cannot start a batch, and is told which scope it needs", async () => {
    const user = await createTestUser();
    const portrait = await createTestPortrait(user.id);
    const client = await connect(await createTestToken(user.id, ["read", "edit"]));
    const result = await call(client, "generate_thumbnails", { portraitId: portrait.id, keywords: "budget travel tips" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/"generate" scope/);
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(0);
    // What the token may do still works.
    expect(dataOf<{ portraits: { id: string }[] }>(await call(client, "list_portraits", {})).portraits.map((p) => p.id)).toEqual([portrait.id]);
  });

  test("bad fields and no credits come back as tool errors in the Generate page's words, and nothing is made", async () => {
    const user = await createTestUser();
    const portrait = await createTestPortrait(user.id);
    const client = await connect(await createTestToken(user.id));
    const short = await call(client, "generate_thumbnails", { portraitId: portrait.id, keywords: "x" });
    expect(short.isError).toBe(true);
    expect(textOf(short)).toContain("Use at least 2 characters of keywords.");
    const wordy = await call(client, "generate_thumbnails", { portraitId: portrait.id, keywords: "budget travel", headline: "one two three four five six seven" });
    expect(textOf(wordy)).toContain("5 words or fewer");

    await prisma.user.update({ where: { id: user.id }, data: { credits: 0 } });
    const broke = await call(client, "generate_thumbnails", { portraitId: portrait.id, keywords: "budget travel tips" });
    expect(broke.isError).toBe(true);
    expect(textOf(broke)).toMatch(/credit/i);
    expect(textOf(broke)).not.toMatch(/\bat .*\.ts:\d+/);
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("reading and changing what was made", () => {
  test("get_generation answers with the batch's thumbnails; an unknown id is a tool error", async () => {
    const client = await connect(owner.token);
    const generation = dataOf<GenerationAnswer>(await call(client, "get_generation", { generationId: owner.generationId }));
    expect(generation).toMatchObject({ id: owner.generationId, status: "completed" });
    expect(generation.thumbnails.map((t) => t.id)).toEqual(expect.arrayContaining(owner.thumbnailIds));
    const missing = await call(client, "get_generation", { generationId: "nothing-here" });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain("No batch of yours");
  });

  test("get_thumbnail returns the image as a 640x360 JPEG, with its editable fields", async () => {
    const client = await connect(owner.token);
    const result = await call(client, "get_thumbnail", { thumbnailId: owner.thumbnailIds[0] });
    expect(result.isError).toBeFalsy();
    const image = result.content.find((block) => block.type === "image");
    expect(image).toMatchObject({ type: "image", mimeType: "image/jpeg" });
    const meta = await sharp(Buffer.from((image as { data: string }).data, "base64")).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 640, height: 360 });
    const data = dataOf<{ id: string; version: number; headline: string; edits: Record<string, unknown>; checks: unknown[] }>(result);
    expect(data).toMatchObject({ id: owner.thumbnailIds[0], version: expect.any(Number), headline: expect.stringMatching(/\S/) });
    expect(data.edits).toMatchObject({ layout: expect.any(String), paletteIndex: expect.any(Number) });
    expect(data.checks.length).toBeGreaterThan(0);
  });

  test("edit_thumbnail saves the named fields as a new version and keeps the others", async () => {
    const client = await connect(owner.token);
    const id = owner.thumbnailIds[1];
    const before = await prisma.thumbnail.findUniqueOrThrow({ where: { id }, select: { version: true, spec: true } });
    const result = await call(client, "edit_thumbnail", { thumbnailId: id, headline: "Battery Shock" });
    expect(dataOf(result)).toMatchObject({ id, version: before.version + 1, created: true });
    const after = await prisma.thumbnail.findUniqueOrThrow({ where: { id }, select: { version: true, spec: true } });
    expect(after.version).toBe(before.version + 1);
    const [was, now] = [JSON.parse(before.spec!), JSON.parse(after.spec!)];
    expect(now.prompt.words).toEqual(["BATTERY", "SHOCK"]);
    // The same palette: the editor's fields name it by its place in the list.
    expect({ ...now.background, paletteIndex: now.background.paletteIndex % PALETTES.length }).toEqual({ ...was.background, paletteIndex: was.background.paletteIndex % PALETTES.length });
    expect(now.person).toEqual(was.person);
    const seen = dataOf<{ headline: string }>(await call(client, "get_thumbnail", { thumbnailId: id }));
    expect(seen.headline).toBe("BATTERY SHOCK");

    const bad = await call(client, "edit_thumbnail", { thumbnailId: id, layout: "sideways" });
    expect(bad.isError).toBe(true);
    expect((await prisma.thumbnail.findUniqueOrThrow({ where: { id }, select: { version: true } })).version).toBe(after.version);
  });

  test("create_compare_set makes a set of two of the creator's thumbnails, with titles", async () => {
    const client = await connect(owner.token);
    const [a, b] = owner.thumbnailIds;
    const result = await call(client, "create_compare_set", { thumbnailIds: [a, b], titles: ["I tried it for a week", "Worth it?"], name: "Battery test" });
    const set = dataOf<{ id: string; variants: { letter: string; thumbnailId: string; title: string | null }[] }>(result);
    expect(set.variants).toEqual([
      { letter: "A", thumbnailId: a, title: "I tried it for a week" },
      { letter: "B", thumbnailId: b, title: "Worth it?" },
    ]);
    expect(await prisma.compareSet.findFirst({ where: { id: set.id, userId: owner.userId }, select: { name: true } })).toEqual({ name: "Battery test" });
    const twice = await call(client, "create_compare_set", { thumbnailIds: [a, a] });
    expect(twice.isError).toBe(true);
    expect(textOf(twice)).toContain("Pick different thumbnails");
  });
});

describe("another user's ids", () => {
  test("are refused by every tool, and the owner's rows stay as they were", async () => {
    const stranger = await createTestUser();
    const client = await connect(await createTestToken(stranger.id));
    const [a, b] = owner.thumbnailIds;
    const portraitId = (await prisma.generation.findUniqueOrThrow({ where: { id: owner.generationId }, select: { portraitId: true } })).portraitId!;
    const ownerState = () =>
      Promise.all([
        prisma.thumbnail.findMany({ where: { generationId: owner.generationId }, orderBy: { id: "asc" }, select: { id: true, version: true, spec: true, storagePath: true } }),
        prisma.compareSet.count({ where: { userId: owner.userId } }),
        prisma.generation.count({ where: { userId: owner.userId } }),
      ]);
    const before = await ownerState();
    const strangerCredits = (await prisma.user.findUniqueOrThrow({ where: { id: stranger.id }, select: { credits: true } })).credits;

    const refusals = [
      await call(client, "get_generation", { generationId: owner.generationId }),
      await call(client, "get_thumbnail", { thumbnailId: a }),
      await call(client, "edit_thumbnail", { thumbnailId: a, headline: "Mine now" }),
      await call(client, "create_compare_set", { thumbnailIds: [a, b] }),
      await call(client, "generate_thumbnails", { portraitId, keywords: "budget travel tips" }),
    ];
    for (const result of refusals) {
      expect(result.isError, textOf(result)).toBe(true);
      expect(result.content.some((block) => block.type === "image")).toBe(false);
    }
    expect(textOf(refusals[2])).toContain("No finished thumbnail of yours");
    expect(await ownerState()).toEqual(before);
    expect(await prisma.generation.count({ where: { userId: stranger.id } })).toBe(0);
    expect(await prisma.compareSet.count({ where: { userId: stranger.id } })).toBe(0);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: stranger.id }, select: { credits: true } })).credits).toBe(strangerCredits);
  });
});
