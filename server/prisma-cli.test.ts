import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { deployMigrations, hasPendingSqliteMigrations, hasUnmigratedModelChanges, schemaPath } from "./prisma-cli";

describe("one schema source for both providers", () => {
  test("every change to prisma/models.prisma has a migration (npm run db:new-migration -- <name>)", () => {
    expect(hasUnmigratedModelChanges()).toBe(false);
  });

  test("both provider schemas hold exactly models.prisma", () => {
    const models = fs.readFileSync("prisma/models.prisma", "utf8");
    for (const provider of ["sqlite", "postgres"] as const) {
      const schema = fs.readFileSync(schemaPath(provider), "utf8");
      expect(schema.endsWith(models)).toBe(true);
    }
  });

  test("both providers have the same migrations", () => {
    const names = (provider: string) => fs.readdirSync(`prisma/${provider}/migrations`).filter((n) => !n.endsWith(".toml"));
    expect(names("postgres")).toEqual(names("sqlite"));
  });
});

describe("migrations on boot (SQLite)", () => {
  test("a restart with nothing pending succeeds while another process holds the database open", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-deploy-"));
    const file = path.join(dir, "thumbsmith.db");
    try {
      expect(hasPendingSqliteMigrations(file)).toBe(true);
      deployMigrations(`file:${file}`);
      expect(hasPendingSqliteMigrations(file)).toBe(false);

      // A running web server or worker: a connection that has read the file.
      const other = new Database(file);
      other.prepare("SELECT count(*) FROM users").get();
      try {
        expect(() => deployMigrations(`file:${file}`)).not.toThrow();
        // A migration the database has not seen is still applied.
        other.prepare("DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)").run();
        expect(hasPendingSqliteMigrations(file)).toBe(true);
      } finally {
        other.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
