import crypto from "node:crypto";
import bcrypt from "bcryptjs";

// Cost 10 is bcrypt's common default (~70 ms in pure JS on these machines);
// tests lower it through BCRYPT_COST to keep the suite fast.
const cost = Number(process.env.BCRYPT_COST) || 10;

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
