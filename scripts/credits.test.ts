import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { getCreditStatement } from "~/modules/credits/credits.server";
import { createTestUser } from "#tests/utils";

const run = promisify(execFile);

async function credits(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/credits.ts", ...args], {
      env: process.env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run credits -- grant", () => {
  test("adds credits to an account, with a ledger row", async () => {
    const user = await createTestUser();
    const result = await credits("grant", user.email.toUpperCase(), "15", "launch", "bonus");
    expect(result).toMatchObject({ code: 0, stdout: `Granted 15 credits to ${user.email}. New balance: 25.\n` });
    const statement = await getCreditStatement(user.id);
    expect(statement.balance).toBe(25);
    expect(statement.entries[0]).toMatchObject({ delta: 15, reason: "admin_grant", note: "launch bonus" });
  });

  test("an unknown email is a clear error with a failing exit code", async () => {
    const result = await credits("grant", "nobody@example.com", "5");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No account uses the email "nobody@example.com".');
  });

  test("a bad amount or missing arguments print the usage", async () => {
    const bad = await credits("grant", "a@example.com", "-2");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"-2" is not a whole number of credits above 0.');
    const missing = await credits("grant");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("usage: npm run credits -- grant <email> <number of credits>");
  });
});
