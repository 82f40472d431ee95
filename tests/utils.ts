// Shared helpers for tests that run loaders and actions with real Requests
// against the test database.
import { createAccount } from "~/modules/auth/account.server";
import { SESSION_ID_KEY, sessionStorage } from "~/modules/auth/session.server";
import { createSession } from "~/modules/auth/user-sessions.server";
import { prisma } from "~/utils/db.server";

let counter = 0;
export function uniqueEmail(prefix = "user") {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export const TEST_PASSWORD = "correct horse battery";

export async function createTestUser({ email = uniqueEmail(), password = TEST_PASSWORD } = {}) {
  const { id } = await createAccount({ email, password });
  return { id, email, password };
}

/** A cookie for a new session of the user (a row in `sessions`, as log in makes). */
export async function sessionCookieFor(userId: string, { userAgent = null }: { userAgent?: string | null } = {}) {
  const { id } = await createSession(userId, userAgent);
  const session = await sessionStorage.getSession();
  session.set(SESSION_ID_KEY, id);
  const setCookie = await sessionStorage.commitSession(session);
  return setCookie.split(";")[0];
}

export function formRequest(path: string, fields: Record<string, string>, init: { cookie?: string } = {}) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers,
    body: new URLSearchParams(fields).toString(),
  });
}

export function getRequest(path: string, init: { cookie?: string } = {}) {
  const headers = new Headers();
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(`http://localhost${path}`, { headers });
}

export function countUsers(email?: string) {
  return prisma.user.count({ where: email ? { email } : undefined });
}

/** Runs a loader/action and returns the Response it returned or threw. */
export async function settle(promise: Promise<unknown>): Promise<Response> {
  try {
    const value = await promise;
    if (value instanceof Response) return value;
    throw new Error(`Expected a Response, got ${typeof value}`);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

/** Uploads the astronaut fixture as one of the user's portraits. */
export async function createTestPortrait(userId: string) {
  const { createPortraits } = await import("~/modules/portraits/portraits.server");
  const { readAstronaut } = await import("./images");
  const [result] = await createPortraits(userId, [{ filename: "astronaut.png", bytes: readAstronaut() }]);
  if (!result.ok) throw new Error(result.message);
  return result.portrait;
}

export async function ledgerExplainsBalance(userId: string) {
  const [user, sum] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { credits: true } }),
    prisma.creditLedger.aggregate({ where: { userId }, _sum: { delta: true } }),
  ]);
  return { balance: user.credits, ledgerSum: sum._sum.delta ?? 0 };
}

/**
 * One of the user's generations, rendered to the end by this process's
 * runner with the configured provider (the compositor in tests). Other
 * pending generations of the test file are set aside first, so the claim
 * takes this one.
 */
export async function createFinishedGeneration(
  userId: string,
  {
    keywords = "iPhone 17 review, shocking battery",
    backgroundCount = 1,
    portraitId,
    topicImages = [],
  }: { keywords?: string; backgroundCount?: number; portraitId?: string; topicImages?: Buffer[] } = {},
) {
  const { createGeneration } = await import("~/modules/generations/create-generation.server");
  const { claimNextGeneration } = await import("~/modules/generations/queue.server");
  const { processGeneration } = await import("~/modules/generations/process-generation.server");
  const portrait = portraitId ?? (await createTestPortrait(userId)).id;
  await prisma.generation.updateMany({ where: { status: { in: ["pending", "processing"] } }, data: { status: "failed", progress: 100 } });
  const { normalizeTopicImage } = await import("~/modules/topic-images/topic-image.server");
  const normalized = await Promise.all(topicImages.map((bytes) => normalizeTopicImage(bytes)));
  const { id } = await createGeneration({ userId, portraitId: portrait, keywords, headline: null, backgroundCount, submissionKey: null, topicImages: normalized });
  const claimed = await claimNextGeneration("test-finished", 30_000);
  if (claimed?.id !== id) throw new Error(`claimed ${claimed?.id ?? "nothing"} instead of the new generation ${id}`);
  const status = await processGeneration(id, { workerId: "test-finished", leaseMs: 30_000, concurrency: 2 });
  return { generationId: id, status };
}
