// Secrets the server must read back (Google's tokens, webhook signing
// secrets) are sealed at rest: AES-256-GCM with a key derived (HKDF) from the
// app's session secret, so a copy of the database alone opens none of them.
// Each kind of secret gets its own key through the HKDF info (its purpose),
// so one kind can never be opened as another. SESSION_SECRET may list
// several secrets (the first is current): a text sealed under an older one
// still opens, and is sealed again under the current one when next stored.
import crypto from "node:crypto";
import { env } from "./env.server";
import { resolveSessionSecrets } from "./session-secret.server";

const VERSION = "v1";

export type Sealer = {
  /** The text sealed: "v1.<iv>.<tag>.<ciphertext>", base64url, under the current key. */
  seal(plain: string, secretKeys?: Buffer[]): string;
  /** The text a sealed one holds; throws when no key opens it (tampered, or the secret changed). */
  open(sealed: string, secretKeys?: Buffer[]): string;
  /** For tests: keys as a secret list would give. */
  keysForSecrets(secrets: string[]): Buffer[];
};

/** A sealer whose keys are kept apart from every other purpose's by the HKDF info. */
export function sealerFor(purpose: string): Sealer {
  const keyFrom = (secret: string) => Buffer.from(crypto.hkdfSync("sha256", secret, "thumbsmith", purpose, 32));
  let keys: Buffer[] | null = null;
  const currentKeys = () => (keys ??= resolveSessionSecrets(env.SESSION_SECRET, env.DATA_DIR).map(keyFrom));

  return {
    seal(plain, secretKeys = currentKeys()) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv("aes-256-gcm", secretKeys[0], iv);
      const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
    },
    open(sealed, secretKeys = currentKeys()) {
      const [version, iv, tag, ciphertext] = sealed.split(".");
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("not a sealed text");
      for (const key of secretKeys) {
        try {
          const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
          decipher.setAuthTag(Buffer.from(tag, "base64url"));
          return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
        } catch {
          // Another key of the rotation may open it.
        }
      }
      throw new Error("the sealed text does not open with the session secret (was SESSION_SECRET changed?)");
    },
    keysForSecrets: (secrets) => secrets.map(keyFrom),
  };
}
