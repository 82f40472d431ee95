import { afterEach, expect, test, vi } from "vitest";
import { checkReadiness } from "~/modules/ops/readiness.server";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { loader } from "./readyz";

afterEach(() => {
  vi.restoreAllMocks();
});

test("200 when the database and the store answer", async () => {
  const response = await loader();
  expect(response.status).toBe(200);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(await response.json()).toEqual({ status: "ready", database: "ok", storage: "ok" });
});

test("503 naming the store when its listing fails", async () => {
  vi.spyOn(storage, "list").mockImplementation(() => {
    throw new Error("EACCES: permission denied, opendir '/data/files/readyz'");
  });
  const response = await loader();
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: "unavailable", database: "ok", storage: "unavailable" });
});

test("503 naming the database when its query fails", async () => {
  vi.spyOn(prisma, "$queryRaw").mockRejectedValue(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
  const response = await loader();
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: "unavailable", database: "unavailable", storage: "ok" });
});

test("a probe that hangs counts as failed once the timeout passes", async () => {
  const never = () => new Promise(() => {});
  expect(await checkReadiness({ database: never, timeoutMs: 50 })).toEqual({ status: "unavailable", database: "unavailable", storage: "ok" });
});
