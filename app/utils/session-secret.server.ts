// SESSION_SECRET may list several secrets separated by commas: the first signs
// new cookies, all of them verify (rotation). When it is unset, a secret is
// generated on the first run and kept in the data directory, so a self-hoster
// needs no configuration and sessions survive restarts.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function resolveSessionSecrets(configured: string | undefined, dataDir: string) {
  const secrets = (configured ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (secrets.length > 0) return secrets;

  const file = path.join(dataDir, "session-secret");
  try {
    const stored = fs.readFileSync(file, "utf8").trim();
    if (stored) return [stored];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("hex");
  // "wx" fails if another process wrote the file first; then use theirs.
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return [secret];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return [fs.readFileSync(file, "utf8").trim()];
  }
}
