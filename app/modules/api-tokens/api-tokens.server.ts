// Personal access tokens (docs/decisions/193-rest-api-and-tokens.md). A token
// is 32 random bytes shown once; the database keeps its SHA-256 only. Hashing
// with a plain digest (not bcrypt) is enough because the token is not a
// password a person chose: its 256 bits cannot be guessed, and every API call
// must check it in microseconds.
import crypto from "node:crypto";
import { prisma } from "~/utils/db.server";
import { formatScopes, parseScopes, type ApiScope } from "./scopes";

/** "tsk_" marks a Thumbsmith token, so secret scanners and people can tell it apart. */
export const TOKEN_PREFIX = "tsk_";
export const TOKENS_PER_USER_MAX = 25;
/** lastUsedAt moves at most this often: a busy script should not write a row on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export class TooManyTokensError extends Error {
  constructor() {
    super(`You have ${TOKENS_PER_USER_MAX} active tokens, the most one account can have. Revoke one you no longer use first.`);
  }
}

export const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

const tokenSelect = { id: true, name: true, prefix: true, scopes: true, lastUsedAt: true, createdAt: true, revokedAt: true } as const;

function present<T extends { scopes: string }>(row: T) {
  return { ...row, scopes: parseScopes(row.scopes) };
}

/** Makes a token; the returned `token` is the only time its text exists outside the caller. */
export async function createApiToken(userId: string, { name, scopes }: { name: string; scopes: readonly ApiScope[] }) {
  const active = await prisma.apiToken.count({ where: { userId, revokedAt: null } });
  if (active >= TOKENS_PER_USER_MAX) throw new TooManyTokensError();
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  const row = await prisma.apiToken.create({
    data: { userId, name, scopes: formatScopes(scopes), tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 4) },
    select: tokenSelect,
  });
  return { token, ...present(row) };
}

/** The user's tokens, newest first, revoked ones too (the list says so). An admin reads another user's the same way. */
export async function listApiTokens(userId: string) {
  const rows = await prisma.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: tokenSelect });
  return rows.map(present);
}

/** Revokes one of the user's tokens; false when the id is not theirs or it was already revoked. */
export async function revokeApiToken(userId: string, tokenId: string, now = new Date()) {
  const { count } = await prisma.apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: now } });
  return count === 1;
}

export type ApiCaller = { userId: string; tokenId: string; scopes: ApiScope[] };

/**
 * Who a bearer token speaks for, or null: unknown, revoked, or its account
 * disabled (a deleted account's tokens are deleted with it). Checked on every
 * request, so revoking or disabling takes effect on the next call.
 */
export async function authenticateApiToken(token: string, now = new Date()): Promise<ApiCaller | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, scopes: true, revokedAt: true, lastUsedAt: true, user: { select: { disabledAt: true } } },
  });
  if (!row || row.revokedAt || row.user.disabledAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now }, select: { id: true } });
  }
  return { userId: row.userId, tokenId: row.id, scopes: parseScopes(row.scopes) };
}
