// The fuzzing suite: every route of Remix's own route manifest, over real
// HTTP through the whole Express app (every middleware, the app's own root
// and server entry rendering real pages), sent what an attacker or a broken
// client sends: control characters, NUL, lone surrogates, bidi controls,
// 10,000-character values, malformed percent escapes in paths, queries and
// bodies, ids of every shape, multipart file names with = ; " \ / and
// non-Latin letters; as a visitor, as another user and as the owner.
//
// Properties, on every answer:
// - never a 5xx, and always an answer;
// - no stack trace or internal error text (Zod issues, Prisma errors, file
//   paths, database messages) in what the client reads;
// - a visitor or another user changes none of the owner's rows and files;
// - a refused request (4xx) spends no credit of whoever sent it.
// And the Generate form: whatever it accepts is drawn, and a cell that fails
// says so without internal error text; the Portraits upload takes a photo
// under any name a file picker gives it. docs/decisions/130-route-fuzzing.md.
//
// Seeded and bounded: a fixed seed by default, so a run is repeatable.
//   FUZZ_SEED=<n>      another seed (each failure prints its seed and path)
//   FUZZ_PATH=<path>   replay one counterexample (with its FUZZ_SEED)
//   FUZZ_RUNS=<n>      more runs per property (scales the defaults below)
//   FUZZ_ALL=1         do not stop at the first failure: list every distinct one
//   FUZZ_TIME_MS=<ms>  the time limit of one property (a safety net, 60 s); reaching it fails
//   FUZZ_REQUEST_MS=<ms> the bound on one request (20 s): an unanswered request fails
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { grantCreditsToUser } from "~/modules/admin/grant-credits.server";
import { claimNextGeneration } from "~/modules/generations/queue.server";
import { processGeneration } from "~/modules/generations/process-generation.server";
import { PORTRAIT_FIELD } from "~/modules/portraits/constants";
import { PORTRAIT_VARIANTS } from "~/modules/portraits/portraits.server";
import { prisma } from "~/utils/db.server";
import { solidJpeg } from "#tests/images";
import { startAppServer } from "#tests/support/app-server";
import {
  encoded,
  fileName,
  idSegment,
  MALFORMED_ESCAPES,
  multipartBody,
  percentEncode,
  query,
  text,
  visible,
  type FilePart,
} from "#tests/support/fuzz-inputs";
import { createOwnerWithRecords, OWNER_VIDEO_ID, type OwnerRecords } from "#tests/support/owner-records";
import { dataFiles, describeChanges, ownedRows, readCatalog, type Catalog } from "#tests/support/owned-state";
import { rawRequest, type RawReply } from "#tests/support/raw-http";
import { createManifestBuild } from "#tests/support/remix-test-build";
import { readRouteManifest, type ManifestRoute } from "#tests/support/route-manifest";
import { formFieldNames, sampleForms, type SampleForm } from "#tests/support/sample-form";
import { createTestPortrait, createTestUser, sessionCookieFor } from "#tests/utils";

// Before the app reads its environment: an admin, who gets past the admin pages' guard.
const ADMIN_EMAIL = vi.hoisted(() => (process.env.ADMIN_EMAILS = "route-fuzz-admin@example.com"));

const SEED = Number(process.env.FUZZ_SEED ?? 20211);
const RUN_SCALE = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) / 100 : 1;
const REPLAY_PATH = process.env.FUZZ_PATH;
const LIST_ALL = process.env.FUZZ_ALL === "1";
const runs = (defaultRuns: number) => Math.max(1, Math.round(defaultRuns * RUN_SCALE));
// A safety net for a loaded machine, far above what the default runs take.
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_MS ?? 60_000);
// One request's answer: far above any the app takes, so only a request that is never answered reaches it.
const REQUEST_LIMIT_MS = Number(process.env.FUZZ_REQUEST_MS ?? 20_000);
// Vitest's own limit on a test: above the property's, so the property's message is the one shown.
const TEST_TIMEOUT = { timeout: TIME_LIMIT_MS * 2 + 60_000 };

// The query keys the app reads, and Remix's own (_data picks a route's loader).
const QUERY_KEYS = ["redirectTo", "page", "check", "cookie", "index", "_data", "intent"];

// What must never reach a client. Each has a name, for the failure message.
// Not Remix's own "Unexpected Server Error": it is the placeholder production
// mode puts in place of an error's text (a bad ?_data answers 403 with it).
const LEAKS: [string, RegExp][] = [
  ["a Zod issue", /ZodError|"code":\s*"(?:too_big|too_small|invalid_type|invalid_string|invalid_enum_value|unrecognized_keys|custom)"/],
  ["a Prisma error", /Prisma\w*Error|Invalid `\w*\.?prisma|\bP20\d\d\b|prisma\.\w+\.\w+\(\)/],
  ["a stack frame", /\bat (?:Object\.<anonymous>|async [\w$.]+|new [\w$.]+ \(|[\w$.<>]+ \((?:file:|node:|\/))/],
  ["a file path", new RegExp(`${escapeRegExp(process.cwd())}|node_modules/|file:///|\\.server\\.tsx?\\b`)],
  ["a database message", /invalid byte sequence|SQLITE_[A-Z]+|violates (?:unique|foreign key|not-null|check) constraint|duplicate key value|no such table/i],
  ["a JavaScript error", /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|URIError): |Cannot read properties of|is not a function\b/],
];

function escapeRegExp(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

type Actor = "visitor" | "stranger" | "owner" | "admin";
type Owner = OwnerRecords;

type Body =
  | { kind: "none" }
  | { kind: "urlencoded"; fields: [string, string][]; tail: string }
  | { kind: "multipart"; fields: [string, string][]; files: FilePart[] }
  | { kind: "json"; text: string };

type Call = {
  route: ManifestRoute;
  actor: Actor;
  method: string;
  path: string;
  body: Body;
};

const manifest = await readRouteManifest();
const routes = manifest.filter((route) => route.module.loader || route.module.action);

let owner: Owner;
let strangerId: string;
let adminId: string;
let catalog: Catalog;
let server: Awaited<ReturnType<typeof startAppServer>>;
let images: { jpeg: Buffer };
// What Remix's handleError heard since the last call: the cause of a 500, for its message.
const serverErrors: unknown[] = [];

/** Drops the lines rendering a fuzzed page always prints; a 500 is reported by its property with the server's own error. */
function quiet(log: (...args: unknown[]) => void) {
  return (...args: unknown[]) => {
    const [first] = args;
    // React Router, rendering a 404 page outside production mode.
    if (typeof first === "string" && first.startsWith("No routes matched location")) return;
    // The error boundary, logging the sanitized error of a 500.
    if (first instanceof Error && first.message === "Unexpected Server Error") return;
    log(...args);
  };
}

beforeAll(async () => {
  // The originals first: once spied on, console.warn is the spy.
  const [warn, error] = [console.warn.bind(console), console.error.bind(console)];
  vi.spyOn(console, "warn").mockImplementation(quiet(warn));
  vi.spyOn(console, "error").mockImplementation(quiet(error));
  owner = await createOwnerWithRecords();
  // Enough for every batch the owner's own fuzzing may start.
  await grantCreditsToUser({ userId: owner.userId, amount: 10_000, note: "route fuzzing" });
  strangerId = (await createTestUser()).id;
  adminId = (await createTestUser({ email: ADMIN_EMAIL })).id;
  catalog = await readCatalog();
  images = { jpeg: await solidJpeg(640, 640) };
  server = await startAppServer({ build: await createManifestBuild(manifest, { onError: (error) => serverErrors.push(error) }), mode: "production" });
}, 120_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await server?.close();
});

// ---------------------------------------------------------------- the calls

const ID_PARAMS: Record<string, (owner: Owner) => string> = {
  generationId: (o) => o.generationId,
  portraitId: (o) => o.portraitId,
  thumbnailId: (o) => o.thumbnailId,
  userId: (o) => o.userId,
  setId: (o) => o.compareSetId,
  endpointId: (o) => o.webhookEndpointId,
  webhookId: (o) => o.webhookEndpointId,
};
const ID_FIELDS: Record<string, (owner: Owner) => string> = {
  ...ID_PARAMS,
  thumbnailA: (o) => o.thumbnailId,
  thumbnailB: (o) => o.otherThumbnailId,
  // A thumbnail set on one of the owner's videos (Put the old one back).
  thumbnailSetId: (o) => o.thumbnailSetId,
  videoId: () => OWNER_VIDEO_ID,
};

function paramArbitrary(route: ManifestRoute, param: string): fc.Arbitrary<string> {
  if (param in ID_PARAMS) return idSegment(ID_PARAMS[param](owner), [strangerId]);
  if (param === "variant") return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PORTRAIT_VARIANTS) }, { weight: 1, arbitrary: encoded });
  if (param === "token") return fc.oneof(fc.constant("not-a-callback-token"), encoded);
  // A topic image's place: the ones that exist, past the end, and anything else.
  if (param === "index") return fc.oneof({ weight: 3, arbitrary: fc.constantFrom("0", "1", "2", "3", "9") }, { weight: 1, arbitrary: encoded });
  // A YouTube video id (11 characters of [A-Za-z0-9_-]) or anything else.
  if (param === "videoId") return fc.oneof(fc.constant("dQw4w9WgXcQ"), encoded);
  // The rest of an address under /api/ that names no operation.
  if (param === "splat") return fc.oneof(fc.constant("v1/nothing-here"), encoded);
  throw new Error(`${route.file} has a :${param} param the fuzzing suite cannot fill: add it to ID_PARAMS or paramArbitrary in app/routes/route-fuzz.test.ts`);
}

/** The valid forms of the route's action (see route-security.test.ts), the starting points the fuzzing bends. */
function formsFor(route: ManifestRoute): SampleForm[] {
  const idFor = (field: string) => (field in ID_FIELDS ? ID_FIELDS[field](owner) : undefined);
  if (route.module.ActionSchema) return sampleForms(route.module.ActionSchema, idFor);
  const ids = Object.fromEntries(Object.keys(ID_PARAMS).map((field) => [field, idFor(field)!]));
  const intents = route.module.INTENTS ? Object.values(route.module.INTENTS) : [];
  if (intents.length === 0) return [{ intent: null, fields: ids }];
  return intents.map((intent) => ({ intent, fields: { ...ids, intent } }));
}

const filePart: fc.Arbitrary<FilePart> = fc.record({
  field: fc.oneof({ weight: 4, arbitrary: fc.constant(PORTRAIT_FIELD) }, { weight: 1, arbitrary: text }),
  fileName,
  contentType: fc.constantFrom("image/jpeg", "image/png", "application/octet-stream", "text/plain", "image/jpeg; charset=\"x\""),
  bytes: fc.oneof(
    { weight: 2, arbitrary: fc.constant("jpeg").map(() => images.jpeg) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
  ),
  rawName: fc.boolean(),
});

function bodyArbitrary(route: ManifestRoute): fc.Arbitrary<Body> {
  const forms = formsFor(route);
  const names = [...new Set([...formFieldNames(route.module.ActionSchema ?? {}), ...forms.flatMap((form) => Object.keys(form.fields)), "intent"])];
  const realIds = Object.values(ID_FIELDS).map((id) => id(owner));
  const value = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.constantFrom(...realIds, strangerId) });
  const fields = fc
    .record({
      form: fc.constantFrom(...forms),
      // Often the valid form as it is, so the action itself is reached, not only its validation.
      changes: fc.oneof(fc.constant([]), fc.array(fc.tuple(fc.constantFrom(...names), value), { minLength: 1, maxLength: 3 })),
      extra: fc.array(fc.tuple(text, text), { maxLength: 1 }),
    })
    .map(({ form, changes, extra }) => {
      const merged = new Map(Object.entries(form.fields));
      for (const [name, changed] of changes) merged.set(name, changed);
      return [...merged, ...extra];
    });
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fields, fc.oneof(fc.constant(""), fc.tuple(fc.constantFrom(...names), fc.constantFrom(...MALFORMED_ESCAPES)).map(([name, bad]) => `${name}=${bad}`))).map(([f, tail]) => ({ kind: "urlencoded" as const, fields: f, tail })) },
    { weight: 3, arbitrary: fc.tuple(fields, fc.array(filePart, { maxLength: 2 })).map(([f, files]) => ({ kind: "multipart" as const, fields: f, files })) },
    { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
    { weight: 1, arbitrary: text.map((t) => ({ kind: "json" as const, text: t })) },
  );
}

function callArbitrary(route: ManifestRoute, actors: readonly Actor[]): fc.Arbitrary<Call> {
  const methods = [...(route.module.loader ? ["GET", "GET", "GET", "HEAD"] : ["GET"]), ...(route.module.action ? ["POST", "POST", "POST", "PUT", "PATCH", "DELETE"] : ["POST"])];
  const params = fc.record(Object.fromEntries(route.params.map((param) => [param, paramArbitrary(route, param)])) as Record<string, fc.Arbitrary<string>>);
  return fc.record({ actor: fc.constantFrom(...actors), method: fc.constantFrom(...methods), params, query: query(QUERY_KEYS), body: bodyArbitrary(route) }).map(
    ({ actor, method, params, query, body }) => ({
      route,
      actor,
      method,
      path: route.pattern.replace(/:([A-Za-z0-9_]+)\??/g, (_, name: string) => params[name]).replace(/\?(?=\/|$)/g, "") + query,
      body: method === "GET" || method === "HEAD" ? { kind: "none" } : body,
    }),
  );
}

// ----------------------------------------------------------- sending, checking

function wire(body: Body): { contentType?: string; bytes?: Buffer } {
  switch (body.kind) {
    case "none":
      return {};
    case "json":
      return { contentType: "application/json", bytes: Buffer.from(JSON.stringify({ value: body.text }), "utf8") };
    case "urlencoded": {
      const encodedFields = body.fields.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`);
      return { contentType: "application/x-www-form-urlencoded", bytes: Buffer.from([...encodedFields, body.tail].filter(Boolean).join("&")) };
    }
    case "multipart": {
      const { contentType, body: bytes } = multipartBody(
        body.fields.map(([name, value]) => ({ name, value })),
        body.files,
      );
      return { contentType, bytes };
    }
  }
}

function actorId(actor: Actor) {
  return { visitor: null, stranger: strangerId, owner: owner.userId, admin: adminId }[actor];
}

async function cookieFor(actor: Actor) {
  if (actor === "visitor") return undefined;
  // A fresh session each call: a fuzzed /logout or "log out other devices" ends only that one.
  return sessionCookieFor(actorId(actor)!);
}

async function send(call: Call): Promise<RawReply> {
  const { contentType, bytes } = wire(call.body);
  const headers: Record<string, string | number> = {
    // Same-origin, as the app's own forms: this suite is about what is sent, not where from.
    Origin: server.origin,
    "Sec-Fetch-Site": "same-origin",
  };
  const cookie = await cookieFor(call.actor);
  if (cookie) headers.Cookie = cookie;
  if (contentType) headers["Content-Type"] = contentType;
  if (bytes) headers["Content-Length"] = bytes.length;
  const exchange = rawRequest(server.port, {
    method: call.method,
    path: call.path,
    headers,
    body: bytes,
    // Event streams never end and downloads need not: the headers and the first bytes say enough.
    enough: (reply) => /event-stream|zip|image\//.test(String(reply.headers["content-type"] ?? "")) || reply.body.length > 500_000,
  });
  // Not a wait: a bound on one that never ends. A request the server never
  // answers (an exception thrown outside the request's promise chain) would
  // otherwise hold the property until its time limit, which ends it quietly.
  let timer: NodeJS.Timeout | undefined;
  const unanswered = new Promise<RawReply>((resolve) => {
    timer = setTimeout(() => resolve({ body: "", headers: {}, sent: 0, error: new Error(`nothing in ${REQUEST_LIMIT_MS / 1000} s`) }), REQUEST_LIMIT_MS);
  });
  try {
    return await Promise.race([exchange, unanswered]);
  } finally {
    clearTimeout(timer);
  }
}

function describeCall(call: Call) {
  const lines = [`${call.method} ${call.path.length > 300 ? `${call.path.slice(0, 300)}…(${call.path.length} characters)` : call.path} as ${{ visitor: "a visitor", owner: "the owner", stranger: "another user", admin: "an admin" }[call.actor]} (route ${call.route.id})`];
  const body = call.body;
  if (body.kind === "none" && call.method !== "GET" && call.method !== "HEAD") lines.push("  no body, no Content-Type");
  if (body.kind === "json") lines.push(`  JSON body with ${visible(body.text)}`);
  if (body.kind === "urlencoded" || body.kind === "multipart") {
    lines.push(`  ${body.kind} form: ${body.fields.map(([name, value]) => `${visible(name, 60)}=${visible(value)}`).join(", ") || "(no fields)"}${body.kind === "urlencoded" && body.tail ? ` then raw ${body.tail}` : ""}`);
  }
  if (body.kind === "multipart") {
    for (const file of body.files) lines.push(`  file in field ${visible(file.field, 60)} named ${visible(file.fileName)}${file.rawName ? " (sent unescaped)" : ""}, ${file.contentType}, ${file.bytes.length} bytes`);
  }
  return lines.join("\n");
}

function leaksIn(reply: RawReply) {
  const type = String(reply.headers["content-type"] ?? "");
  if (/zip|image\//.test(type)) return [];
  const found: string[] = [];
  for (const [name, pattern] of LEAKS) {
    const match = pattern.exec(reply.body);
    if (match) found.push(`${name} in the answer: …${visible(reply.body.slice(Math.max(0, match.index - 80), match.index + 120), 400)}…`);
  }
  return found;
}

function answerProblems(reply: RawReply, errors: unknown[]) {
  if (reply.status === undefined) return [`no answer: ${reply.error?.message ?? "the connection closed"}`];
  const problems: string[] = [];
  if (reply.status >= 500) {
    const causes = errors.map((error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split("\n")[0].slice(0, 300));
    problems.push(`${reply.status}${causes.length ? ` (the server: ${causes.join("; ")})` : ""}`);
  }
  problems.push(...leaksIn(reply));
  return problems;
}

async function creditsOf(userId: string) {
  const [user, entries] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, select: { credits: true } }),
    prisma.creditLedger.count({ where: { userId } }),
  ]);
  return `${user?.credits ?? "no account"} credits, ${entries} ledger entries`;
}

async function ownerState(): Promise<Record<string, string[]>> {
  const rows = await ownedRows(catalog, owner.userId);
  const text = JSON.stringify(rows);
  // The owner's files: under their id, or named in their rows (another user's uploads are theirs to make).
  const files = Object.entries(dataFiles())
    .filter(([file]) => file.includes(owner.userId.toLowerCase()) || text.includes(file.split("/").slice(1).join("/")))
    .map(([file, stat]) => `${file}: ${stat}`);
  return { ...rows, "data files": files };
}

function decodes(path: string) {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

class FuzzFailure extends Error {
  constructor(
    readonly call: Call,
    readonly problems: string[],
    readonly status: number | undefined,
  ) {
    const counted = [...new Set(problems)].map((problem) => {
      const times = problems.filter((p) => p === problem).length;
      return times > 1 ? `${problem} (${times} times)` : problem;
    });
    super(`${describeCall(call)}\n  -> ${status ?? "no answer"}: ${counted.join("\n     ")}`);
  }
}

// The owner's state after the last call that checked it: the next call's "before", read once.
let lastOwnerState: Record<string, string[]> | null = null;

/** One call and its checks; throws FuzzFailure with what went wrong. */
async function check(call: Call, { ownerUnchanged }: { ownerUnchanged: boolean }) {
  const senderId = actorId(call.actor);
  const before = ownerUnchanged ? (lastOwnerState ?? (await ownerState())) : null;
  const creditsBefore = senderId ? await creditsOf(senderId) : null;
  serverErrors.length = 0;
  const reply = await send(call);
  const problems = answerProblems(reply, serverErrors);
  if (before) {
    lastOwnerState = await ownerState();
    problems.push(...describeChanges(before, lastOwnerState, "changed the owner's"));
  }
  if (senderId && (reply.status === undefined || reply.status >= 400)) {
    const after = await creditsOf(senderId);
    if (after !== creditsBefore) problems.push(`refused, yet the sender's credits went from ${creditsBefore} to ${after}`);
  }
  if (problems.length) throw new FuzzFailure(call, problems, reply.status);
}

// ----------------------------------------------------------- running

type Failure = { key: string; message: string };

/**
 * Runs the property with the suite's seed. On failure the message says the
 * seed, the path to replay and the (shrunk) call, readably; with FUZZ_ALL=1
 * every distinct failure is listed instead of the first.
 */
async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, numRuns: number, body: (value: T) => Promise<void>, seedOffset = 0, examples: T[] = []) {
  const distinct = new Map<string, Failure>();
  const property = fc.asyncProperty(arbitrary, async (value) => {
    try {
      await body(value);
    } catch (error) {
      if (!(LIST_ALL && error instanceof FuzzFailure)) throw error;
      // One entry per route and kind of failure: the status and the server's error, without its details.
      const kind = error.problems.map((problem) => problem.replace(/[:,(].*$/s, "").trim()).join(" + ");
      const cause = serverErrors.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 40)).join("; ");
      const undecodable = (() => {
        try {
          decodeURIComponent(error.call.path.split("?")[0]);
          return "";
        } catch {
          return " (its path does not decode)";
        }
      })();
      const key = `${error.call.route.id}${undecodable}: ${error.status ?? "no answer"}, ${kind}${cause ? ` (${cause})` : ""}`;
      if (!distinct.has(key)) distinct.set(key, { key, message: error.message });
    }
  });
  const details = await fc.check(property, {
    seed: SEED + seedOffset,
    path: REPLAY_PATH,
    numRuns,
    // Tried before the random ones, whatever the seed.
    examples: examples.map((example) => [example] as [T]),
    interruptAfterTimeLimit: TIME_LIMIT_MS,
    // Runs take about 0.1 s each: a property this slow is stuck, which is a failure, not a pass.
    markInterruptAsFailure: true,
  });
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `${name}: a counterexample after ${details.numRuns} runs (shrunk ${details.numShrinks} times)\n` +
        `${cause}\n` +
        `Replay it: FUZZ_SEED=${details.seed - seedOffset} FUZZ_PATH="${details.counterexamplePath}" npx vitest run app/routes/route-fuzz.test.ts -t '${escapeRegExp(expect.getState().currentTestName?.split(" > ").at(-1) ?? name)}'`,
    );
  }
  if (distinct.size) {
    throw new Error(
      `${name}: ${distinct.size} distinct failures in ${details.numRuns} runs with FUZZ_SEED=${details.seed - seedOffset}\n\n` +
        [...distinct.values()].map((failure) => `* ${failure.key}\n${failure.message}`).join("\n\n"),
    );
  }
  return details;
}

// -------------------------------------------- what the Generate form accepts

/** Keywords and headlines as creators and attackers type them: long words, scripts, emoji, controls. */
const generateText = fc.oneof(
  { weight: 2, arbitrary: text },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(fc.integer({ min: 1, max: 125 }).map((n) => "W".repeat(n)), fc.constantFrom("iPhone", "review", "日本語", "Привет", "🙂🔥", "العربية", "\u202eevil", "a\u0000b", "e\u0301"), text), { minLength: 1, maxLength: 4 })
      .map((words) => words.join(" ")),
  },
  // Text a creator types, in the scripts the fonts draw: what the form accepts, so the cells are drawn.
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z]{1,12}$/) }, { weight: 1, arbitrary: fc.integer({ min: 13, max: 118 }).map((n) => "Mw".repeat(n).slice(0, n)) }, { weight: 1, arbitrary: fc.constantFrom("é", "ß", "🔥", "2026", "100%", "$1,000", "vs.", "—", "\u202e", "\t") }), { minLength: 1, maxLength: 6 })
      .map((words) => words.join(" ").slice(0, 120)),
  },
);

/** What the Generate runs came to, so a run that never reached the drawing cannot pass unnoticed. */
const generateOutcomes = { refused: 0, drawn: 0, failedCells: 0 };

// A portrait of the owner's made for these runs: the owner's own fuzzing may have deleted the first.
let generatePortraitId: string;

type Submit = { keywords: string; headline: string | null; modelDraws: string | null };

/** Posts the Generate form as the owner; an accepted batch is drawn here, as the runner would. */
async function submitAndDraw({ keywords, headline, modelDraws }: Submit) {
  const fields: [string, string][] = [["portraitId", generatePortraitId], ["keywords", keywords], ["backgroundCount", "1"]];
  if (headline !== null) fields.push(["headline", headline]);
  if (modelDraws !== null) fields.push(["modelDraws", modelDraws]);
  const call: Call = { route: routes.find((route) => route.id === "routes/generate")!, actor: "owner", method: "POST", path: "/generate", body: { kind: "urlencoded", fields, tail: "" } };
  const creditsBefore = await creditsOf(owner.userId);
  serverErrors.length = 0;
  const reply = await send(call);
  const problems = answerProblems(reply, serverErrors);
  if (reply.status === undefined || reply.status >= 400) {
    const after = await creditsOf(owner.userId);
    if (after !== creditsBefore) problems.push(`refused, yet the owner's credits went from ${creditsBefore} to ${after}`);
  }
  if (reply.status !== undefined && reply.status >= 400) generateOutcomes.refused += 1;
  const generationId = /^\/gallery\/([^/?]+)$/.exec(String(reply.headers.location ?? ""))?.[1];
  if (!problems.length && generationId) {
    // Batches left pending by the owner's other fuzzing would be claimed first.
    await prisma.generation.updateMany({ where: { id: { not: generationId }, status: { in: ["pending", "processing"] } }, data: { status: "failed", progress: 100 } });
    const claimed = await claimNextGeneration("route-fuzz", 60_000);
    if (claimed?.id !== generationId) throw new Error(`claimed ${claimed?.id ?? "nothing"} instead of ${generationId}`);
    await processGeneration(generationId, { workerId: "route-fuzz", leaseMs: 60_000, concurrency: 2 });
    const generation = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, include: { thumbnails: true } });
    generateOutcomes.drawn += 1;
    generateOutcomes.failedCells += generation.thumbnails.filter((t) => t.status !== "success").length;
    for (const message of [generation.errorMessage, ...generation.thumbnails.map((t) => t.errorMessage)]) {
      if (message) problems.push(...leaksIn({ body: message, headers: {}, sent: 0 }).map((leak) => `a thumbnail's error: ${leak}`));
    }
    serverErrors.length = 0;
    const page = await send({ ...call, route: routes.find((route) => route.id === "routes/gallery_.$generationId")!, method: "GET", path: `/gallery/${generationId}`, body: { kind: "none" } });
    problems.push(...answerProblems(page, serverErrors).map((problem) => `the batch's page: ${problem}`));
  }
  if (problems.length) throw new FuzzFailure(call, problems, reply.status);
}

const isAdminOnly = (routeId: string) => routeId === "routes/admin" || routeId.startsWith("routes/admin.");

describe("route fuzzing, from the route manifest, over HTTP", () => {
  test("the snapshot of the owner's state sees their rows and their files, portraits and thumbnails", async () => {
    const state = await ownerState();
    const text = JSON.stringify(state);
    for (const id of [owner.userId, owner.portraitId, owner.generationId, owner.thumbnailId, owner.compareSetId]) expect(text).toContain(id);
    const files = state["data files"].join("\n");
    const keys = await prisma.thumbnail.findMany({ where: { generationId: owner.generationId }, select: { storagePath: true } });
    expect(keys.filter((key) => key.storagePath).length).toBeGreaterThan(0);
    for (const { storagePath } of keys) if (storagePath) expect(files).toContain(storagePath);
    expect(files).toContain(`portraits/${owner.userId.toLowerCase()}`);
    expect(text).not.toContain(strangerId);
  });

  // One property per route, so each is fuzzed as much as the next and a failure names its route.
  describe("a visitor or another user: never a 5xx or internal text, and the owner's rows and files stay as they were", () => {
    beforeAll(() => {
      lastOwnerState = null;
    });
    test.for(routes.map((route, index): [string, number] => [route.id, index]))("visitor or stranger on %s", TEST_TIMEOUT, async ([, index]) => {
      const route = routes[index];
      await fuzz(`${route.id} as a visitor or another user`, callArbitrary(route, ["visitor", "stranger"]), runs(10), (call) => check(call, { ownerUnchanged: true }), index);
    });
  });

  describe("the owner, on their own records: never a 5xx or internal text, and a refused request spends no credit", () => {
    test.for(routes.map((route, index): [string, number] => [route.id, index]).filter(([id]) => !isAdminOnly(id)))("owner on %s", TEST_TIMEOUT, async ([, index]) => {
      const route = routes[index];
      await fuzz(`${route.id} as the owner`, callArbitrary(route, ["owner"]), runs(5), (call) => check(call, { ownerUnchanged: false }), 1000 + index);
    });
  });

  // The admin pages answer only an admin, who may change the owner's account (grant, disable): there the admin is the sender.
  describe("an admin on the admin pages: never a 5xx or internal text, and a refused request spends no credit", () => {
    afterAll(async () => {
      // A fuzzed "disable" may have hit the owner; the tests below need their account.
      await prisma.user.update({ where: { id: owner.userId }, data: { disabledAt: null } });
    });
    test.for(routes.map((route, index): [string, number] => [route.id, index]).filter(([id]) => isAdminOnly(id)))("admin on %s", TEST_TIMEOUT, async ([, index]) => {
      const route = routes[index];
      await fuzz(`${route.id} as an admin`, callArbitrary(route, ["admin"]), runs(5), (call) => check(call, { ownerUnchanged: false }), 1000 + index);
    });
  });

  // Not random: every action, sent the bodies that are not forms a client may send.
  test("every action refuses a body that is not a form with a 4xx, not a 500", async () => {
    const notForms: [string, Body][] = [
      ["a JSON body", { kind: "json", text: "hello" }],
      ["no body and no Content-Type", { kind: "none" }],
      // busboy names such a field undefined.
      ["a multipart field with an empty name", { kind: "multipart", fields: [["", ""], ["intent", "delete"]], files: [] }],
      ["a multipart body whose file name has an unescaped quote", { kind: "multipart", fields: [["intent", "delete"]], files: [{ field: PORTRAIT_FIELD, fileName: 'a".png', contentType: "image/png", bytes: Buffer.from("x"), rawName: true }] }],
    ];
    const calls: { what: string; call: Call }[] = [];
    for (const route of routes.filter((r) => r.module.action)) {
      const path = route.pattern.replace(/:([A-Za-z0-9_]+)\??/g, (_, name: string) => (name in ID_PARAMS ? ID_PARAMS[name](owner) : name === "variant" ? PORTRAIT_VARIANTS[0] : "not-a-callback-token"));
      for (const [what, body] of notForms) {
        // The owner gets past the routes' guards; a visitor reaches log in and sign up.
        for (const actor of ["owner", "visitor"] as const) calls.push({ what, call: { route, actor, method: "POST", path, body } });
      }
    }
    // All at once, so a request left unanswered costs its bound once, not once per route; the server's errors are then nobody's in particular.
    serverErrors.length = 0;
    const replies = await Promise.all(calls.map(({ call }) => send(call)));
    const failures = calls.flatMap(({ what, call }, i) => {
      const problems = answerProblems(replies[i], []);
      return problems.length ? [`${call.method} ${call.path} with ${what} as ${call.actor}: ${problems.join("; ")}`] : [];
    });
    const errors = serverErrors.map((error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split("\n")[0]);
    expect(failures, `the server's errors: ${[...new Set(errors)].join("; ") || "none"}`).toEqual([]);
  }, REQUEST_LIMIT_MS + 60_000);

  test("the Portraits upload takes a photo under any name a browser's file picker gives it", TEST_TIMEOUT, async () => {
    const portraits = routes.find((route) => route.id === "routes/portraits")!;
    const accepted = { count: 0 };
    await fuzz("a photo's file name", fileName, runs(8), async (name) => {
      const call: Call = {
        route: portraits,
        actor: "stranger",
        method: "POST",
        path: "/portraits",
        body: { kind: "multipart", fields: [], files: [{ field: PORTRAIT_FIELD, fileName: name, contentType: "image/jpeg", bytes: images.jpeg, rawName: false }] },
      };
      serverErrors.length = 0;
      const reply = await send(call);
      const problems = answerProblems(reply, serverErrors);
      if (reply.status === 200) accepted.count += 1;
      // The page carries the action's answer ({ added, errors }) in its Remix context.
      else if (!problems.length) problems.push(`refused: ${/"errors":\[[^\]]*\]/.exec(reply.body)?.[0] ?? visible(reply.body, 300)}`);
      if (problems.length) throw new FuzzFailure(call, problems, reply.status);
    });
    // The photo itself must be one the app takes, or the names above were never tried.
    expect(accepted.count).toBeGreaterThan(0);
  });

  test("the Generate form: what it accepts is drawn, a failed cell says so without internal text, a refusal spends nothing", TEST_TIMEOUT, async () => {
    generatePortraitId = (await createTestPortrait(owner.userId)).id;
    const submits = fc.record({
      keywords: generateText,
      headline: fc.option(generateText, { nil: null }),
      modelDraws: fc.option(fc.constantFrom("scene", "person", "everything", "x\u0000"), { nil: null, freq: 3 }),
    });
    // One ordinary batch whatever the seed: random text is mostly refused, and the drawing must be reached.
    const ordinary = { keywords: "budget gaming pc", headline: null, modelDraws: null };
    const details = await fuzz("the Generate form", submits, runs(12), submitAndDraw, 0, [ordinary]);
    console.info(`Generate form fuzzing: ${details.numRuns} runs, ${JSON.stringify(generateOutcomes)}`);
    expect(generateOutcomes.drawn).toBeGreaterThan(0);
  });
});
