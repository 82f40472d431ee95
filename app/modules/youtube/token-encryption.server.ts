// Google tokens are encrypted at rest: AES-256-GCM with a key derived (HKDF)
// from the app's session secret, so a copy of the database alone gives no
// access to anyone's channel. SESSION_SECRET may list several secrets (the
// first is current): a token sealed under an older one still opens, and is
// sealed again under the current one the next time it is stored.
import crypto from "node:crypto";
import { env } from "~/utils/env.server";
import { resolveSessionSecrets } from "~/utils/session-secret.server";

const VERSION = "v1";
// The HKDF info keeps this key apart from anything else derived from the same secret.
const KEY_PURPOSE = "thumbsmith youtube oauth tokens v1";

function keyFrom(secret: string) {
  return Buffer.from(crypto.hkdfSync("sha256", secret, "thumbsmith", KEY_PURPOSE, 32));
}

let keys: Buffer[] | null = null;
function currentKeys() {
  keys ??= resolveSessionSecrets(env.SESSION_SECRET, env.DATA_DIR).map(keyFrom);
  return keys;
}

/** The text sealed: "v1.<iv>.<tag>.<ciphertext>", base64url, under the current key. */
export function sealToken(plain: string, secretKeys: Buffer[] = currentKeys()) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", secretKeys[0], iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/** The token a sealed text holds; throws when no key opens it (tampered, or the secret changed). */
export function openToken(sealed: string, secretKeys: Buffer[] = currentKeys()) {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("not a sealed token");
  for (const key of secretKeys) {
    try {
      const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      // Another key of the rotation may open it.
    }
  }
  throw new Error("the sealed token does not open with the session secret (was SESSION_SECRET changed?)");
}

/** For tests: keys as a secret list would give. */
export const keysForSecrets = (secrets: string[]) => secrets.map(keyFrom);
