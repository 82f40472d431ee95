import { afterEach, expect, test, vi } from "vitest";
import { checkHealth } from "~/modules/ops/readiness.server";
import { recordKieSignatureCheck, resetKieCallbackHealth } from "~/modules/providers/kie/kie-callback-health.server";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { loader } from "./healthz";

afterEach(() => {
  vi.restoreAllMocks();
  resetKieCallbackHealth();
});

test("answers 200 with the database's state and no notices when all is well", async () => {
  const response = await loader();
  expect(response.status).toBe(200);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(await response.json()).toEqual({ status: "ok", database: "ok", notices: [] });
});

test("refused kie.ai callbacks show up as a notice (still 200: polling finishes the batches)", async () => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  for (let i = 0; i < 3; i++) recordKieSignatureCheck(false);
  const response = await loader();
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    status: "ok",
    database: "ok",
    notices: [{ provider: "kie", message: "kie.ai callbacks are being refused (check KIE_WEBHOOK_HMAC_KEY); results arrive by polling, more slowly" }],
  });
});

test("503 naming the database when its query fails", async () => {
  vi.spyOn(prisma, "$queryRaw").mockRejectedValue(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
  const response = await loader();
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: "unavailable", database: "unavailable", notices: [] });
});

test("the image store is /readyz's check, not this one: a failing store leaves it 200", async () => {
  vi.spyOn(storage, "list").mockImplementation(() => {
    throw new Error("EACCES: permission denied, opendir '/data/files/readyz'");
  });
  expect((await loader()).status).toBe(200);
});

test("a database that hangs counts as failed once the timeout passes", async () => {
  expect(await checkHealth({ database: () => new Promise(() => {}), timeoutMs: 50 })).toMatchObject({ status: "unavailable", database: "unavailable" });
});
