import crypto from "node:crypto";
import bcrypt from "bcryptjs";
import { env } from "~/utils/env.server";

const cost = env.BCRYPT_COST;

export function hashPassword(password: string) {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string) {
  return bcrypt.compare(password, hash);
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password at the configured cost, made once per process,
 * for checks of an email that has no account: a fixed hash would take the
 * time of its own cost, not of the real hashes, and so tell the two apart.
 */
export function getDummyPasswordHash() {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString("hex"));
  return dummyHash;
}
