import { afterEach, expect, test, vi } from "vitest";
import { recordKieSignatureCheck, resetKieCallbackHealth } from "~/modules/providers/kie/kie-callback-health.server";
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
