// The Webhooks pages' actions with real requests: the secret is in the
// create answer only, a bad URL gets its sentence on the field, and an
// endpoint's actions go through its owner's functions.
import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createTestUser, getRequest, sessionCookieFor, settle } from "#tests/utils";
import { action, loader } from "./account_.webhooks";
import { action as endpointAction } from "./account_.webhooks_.$endpointId";

function post(path: string, entries: [string, string][], cookie: string) {
  const body = new URLSearchParams(entries);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost", "Sec-Fetch-Site": "same-origin" },
    body: body.toString(),
  });
}

describe("the Webhooks page", () => {
  test("adding an endpoint answers with its secret once; the list never shows it", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const entries: [string, string][] = [
      ["intent", "create"],
      ["url", "https://hooks.example.com/a"],
      ["events", "generation.completed"],
      ["events", "generation.failed"],
    ];
    const response = await settle(action({ request: post("/account/webhooks", entries, cookie), params: {}, context: {} }));
    expect(response.status).toBe(200);
    const { created } = (await response.json()) as { created: { id: string; url: string; secret: string } };
    expect(created.secret).toMatch(/^whsec_/);

    const page = await settle(loader({ request: getRequest("/account/webhooks", { cookie }), params: {}, context: {} }));
    const text = await page.text();
    expect(text).toContain("https://hooks.example.com/a");
    expect(text).toContain('"events":["generation.completed","generation.failed"]');
    expect(text).not.toContain(created.secret);
  });

  test("a private address or no event is refused on its field, and nothing is made", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const refused = async (entries: [string, string][]) => {
      const response = await settle(action({ request: post("/account/webhooks", [["intent", "create"], ...entries], cookie), params: {}, context: {} }));
      expect(response.status).toBe(400);
      return ((await response.json()) as { result: { error: Record<string, string[]> } }).result.error;
    };
    expect(await refused([["url", "http://192.168.1.10/hook"], ["events", "generation.completed"]])).toEqual({
      url: ["That address is this server or a private network: webhooks are sent to public addresses only."],
    });
    expect(await refused([["url", "https://hooks.example.com/"]])).toMatchObject({ events: ["Pick at least one event."] });
    expect(await prisma.webhookEndpoint.count({ where: { userId: user.id } })).toBe(0);
  });

  test("an endpoint's page: test event, delete; another user's id is 404", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const strangerCookie = await sessionCookieFor((await createTestUser()).id);
    const created = await settle(
      action({ request: post("/account/webhooks", [["intent", "create"], ["url", "https://hooks.example.com/b"], ["events", "thumbnail.version_created"]], cookie), params: {}, context: {} }),
    );
    const { id } = ((await created.json()) as { created: { id: string } }).created;
    const call = (intent: string, as: string) => settle(endpointAction({ request: post(`/account/webhooks/${id}`, [["intent", intent]], as), params: { endpointId: id }, context: {} }));

    expect((await call("test", strangerCookie)).status).toBe(404);
    expect((await call("delete", strangerCookie)).status).toBe(404);
    expect((await call("test", cookie)).headers.get("Location")).toBe(`/account/webhooks/${id}`);
    expect(await prisma.webhookDelivery.count({ where: { endpointId: id, eventType: "webhook.test" } })).toBe(1);
    expect((await call("delete", cookie)).headers.get("Location")).toBe("/account/webhooks");
    expect(await prisma.webhookEndpoint.count({ where: { id } })).toBe(0);
  });
});
