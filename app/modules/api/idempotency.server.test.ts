import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createTestUser } from "#tests/utils";
import { ApiError } from "./api-error";
import { deleteExpiredIdempotencyKeys, fingerprint, IDEMPOTENCY_TTL_MS, withIdempotency } from "./idempotency.server";

const ENDPOINT = "POST /api/v1/things";

/** A create that counts its runs and answers with the run number. */
function counter(status = 201) {
  let runs = 0;
  return {
    runs: () => runs,
    create: async () => Response.json({ run: ++runs }, { status, headers: { Location: `/api/v1/things/${runs}` } }),
  };
}

async function claimFor(body: unknown, key: string = crypto.randomUUID()) {
  const user = await createTestUser();
  return { userId: user.id, key, endpoint: ENDPOINT, requestHash: fingerprint(body) };
}

describe("withIdempotency", () => {
  test("the same key and body run once; the retry gets the first answer, marked as replayed", async () => {
    const claim = await claimFor({ name: "a" });
    const { create, runs } = counter();
    const first = await withIdempotency(claim, create);
    const again = await withIdempotency(claim, create);
    expect(runs()).toBe(1);
    expect([first.status, await first.json()]).toEqual([201, { run: 1 }]);
    expect([again.status, await again.json()]).toEqual([201, { run: 1 }]);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.headers.get("Location")).toBe("/api/v1/things/1");
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
  });

  test("the same key with another body, or on another endpoint, is a 409 and runs nothing", async () => {
    const claim = await claimFor({ name: "a" });
    const { create, runs } = counter();
    await withIdempotency(claim, create);
    const otherBody = withIdempotency({ ...claim, requestHash: fingerprint({ name: "b" }) }, create);
    await expect(otherBody).rejects.toMatchObject({ status: 409, code: "idempotency_conflict", field: "Idempotency-Key" });
    const otherEndpoint = withIdempotency({ ...claim, endpoint: "POST /api/v1/others" }, create);
    await expect(otherEndpoint).rejects.toBeInstanceOf(ApiError);
    expect(runs()).toBe(1);
  });

  test("bodies that differ only in key order are the same request", () => {
    expect(fingerprint({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(fingerprint({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
  });

  test("a retry while the first is still running is told to wait, and nothing runs twice", async () => {
    const claim = await claimFor({});
    let release!: () => void;
    let runs = 0;
    const slow = () =>
      new Promise<Response>((resolve) => {
        runs++;
        release = () => resolve(Response.json({ ok: true }, { status: 201 }));
      });
    const first = withIdempotency(claim, slow);
    await expect.poll(() => runs).toBe(1);
    await expect(withIdempotency(claim, slow)).rejects.toMatchObject({ status: 409, code: "idempotency_in_progress", headers: { "Retry-After": "1" } });
    release();
    expect((await first).status).toBe(201);
    expect(runs).toBe(1);
  });

  test("a failed answer is not kept: the retry runs again (after the credits arrived, say)", async () => {
    const claim = await claimFor({});
    let status = 402;
    let runs = 0;
    const create = async () => {
      runs++;
      return Response.json({ error: {} }, { status });
    };
    expect((await withIdempotency(claim, create)).status).toBe(402);
    status = 201;
    expect((await withIdempotency(claim, create)).status).toBe(201);
    expect(runs).toBe(2);
    await expect(withIdempotency(claim, async () => { throw new Error("boom"); })).resolves.toMatchObject({ status: 201 });
  });

  test("a create that throws frees its key", async () => {
    const claim = await claimFor({});
    await expect(withIdempotency(claim, async () => { throw new Error("database down"); })).rejects.toThrow("database down");
    expect((await withIdempotency(claim, counter().create)).status).toBe(201);
  });

  test("keys are per user: another user's same key is another request", async () => {
    const claim = await claimFor({}, "shared-key");
    const other = await claimFor({}, "shared-key");
    const { create, runs } = counter();
    await withIdempotency(claim, create);
    expect(await (await withIdempotency(other, create)).json()).toEqual({ run: 2 });
    expect(runs()).toBe(2);
  });

  test("a key is kept for a day, then it may be used again and the sweep removes it", async () => {
    const claim = await claimFor({});
    const { create, runs } = counter();
    const long = new Date(Date.now() - IDEMPOTENCY_TTL_MS - 1000);
    await withIdempotency(claim, create, long);
    await withIdempotency(claim, create);
    expect(runs()).toBe(2);
    await withIdempotency({ ...claim, key: `${claim.key}-old` }, create, long);
    expect(await deleteExpiredIdempotencyKeys()).toBeGreaterThanOrEqual(1);
    expect(await prisma.apiIdempotencyKey.count({ where: { userId: claim.userId, key: `${claim.key}-old` } })).toBe(0);
  });
});
