// postinstall: generates the SQLite and PostgreSQL Prisma clients from the
// committed schema files. Plain JavaScript on purpose: `npm ci --omit=dev`
// (the Dockerfile) runs it without tsx. `npm run db:generate` rewrites those
// schema files from prisma/models.prisma first (server/prisma-cli.ts); a test
// keeps the committed files equal to what it writes.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

// The CLI only needs a URL of the right shape to generate a client.
const placeholderUrls = {
  sqlite: `file:${path.join(os.tmpdir(), "thumbsmith-generate.db")}`,
  postgres: "postgresql://localhost:5432/thumbsmith",
};
const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");

for (const [provider, url] of Object.entries(placeholderUrls)) {
  const result = spawnSync(process.execPath, [cli, "generate", "--schema", `prisma/${provider}/schema.prisma`], {
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    stdio: "inherit",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
