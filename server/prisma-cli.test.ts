import fs from "node:fs";
import { describe, expect, test } from "vitest";
import { hasUnmigratedModelChanges, schemaPath } from "./prisma-cli";

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
