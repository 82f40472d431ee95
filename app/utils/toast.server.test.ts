import { describe, expect, test } from "vitest";
import { loader as rootLoader } from "~/root";
import { getRequest } from "#tests/utils";
import { createToastHeaders, getToast, redirectWithToast } from "./toast.server";

/** The Cookie header a browser sends back for one Set-Cookie header. */
function cookieFrom(setCookie: string | null) {
  if (!setCookie) throw new Error("Expected a Set-Cookie header");
  return setCookie.split(";")[0];
}

describe("toasts", () => {
  test("a redirect carries its toast to the next request, where it is read back as it was written", async () => {
    const response = await redirectWithToast("/portraits", { title: "Portrait deleted", description: "“Me” is gone." });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/portraits");
    expect(response.headers.get("Set-Cookie")).toMatch(/^th_toast=.+; Path=\/; HttpOnly; SameSite=Lax/);

    const { toast } = await getToast(getRequest("/portraits", { cookie: cookieFrom(response.headers.get("Set-Cookie")) }));
    expect(toast).toEqual({ id: expect.any(String), title: "Portrait deleted", description: "“Me” is gone.", type: "success" });
  });

  test("is shown once: reading it answers with a header that expires the cookie", async () => {
    const headers = await createToastHeaders({ title: "Thumbnail deleted", type: "message" });
    const first = await getToast(getRequest("/", { cookie: cookieFrom(headers.get("Set-Cookie")) }));
    expect(first.toast?.title).toBe("Thumbnail deleted");
    const expiring = first.headers?.get("Set-Cookie") ?? "";
    expect(expiring).toMatch(/^th_toast=; .*Expires=Thu, 01 Jan 1970/);
    // What the browser sends after applying that header: an empty cookie, or none.
    expect((await getToast(getRequest("/", { cookie: cookieFrom(expiring) }))).toast).toBeNull();
    expect(await getToast(getRequest("/"))).toEqual({ toast: null, headers: null });
  });

  test("the root loader hands the toast to the page and expires it in the same response", async () => {
    const redirect = await redirectWithToast("/", { title: "Batch deleted" });
    const cookie = cookieFrom(redirect.headers.get("Set-Cookie"));
    const response = await rootLoader({ request: getRequest("/", { cookie }), params: {}, context: {} });
    expect(((await response.json()) as { toast: { title: string } | null }).toast?.title).toBe("Batch deleted");
    expect(response.headers.get("Set-Cookie")).toMatch(/^th_toast=; .*Expires=Thu, 01 Jan 1970/);
    const empty = await rootLoader({ request: getRequest("/"), params: {}, context: {} });
    expect(((await empty.json()) as { toast: unknown }).toast).toBeNull();
    expect(empty.headers.get("Set-Cookie")).toBeNull();
  });

  test("keeps the other cookies of the redirect (a new session on log in)", async () => {
    const response = await redirectWithToast("/generate", { title: "Welcome back" }, { headers: { "Set-Cookie": "__thumbsmith_session=abc; Path=/" } });
    expect(response.headers.getSetCookie()).toEqual(["__thumbsmith_session=abc; Path=/", expect.stringMatching(/^th_toast=/)]);
  });

  test("a cookie that was not signed with the session secret shows nothing", async () => {
    const forged = `th_toast=${btoa(JSON.stringify({ __flash_toast__: { id: "x", title: "Granted 1000 credits", type: "success" } }))}`;
    expect((await getToast(getRequest("/", { cookie: forged }))).toast).toBeNull();
  });

  test("each toast gets its own id, so the same words twice show twice", async () => {
    const a = await getToast(getRequest("/", { cookie: cookieFrom((await createToastHeaders({ title: "Renamed" })).get("Set-Cookie")) }));
    const b = await getToast(getRequest("/", { cookie: cookieFrom((await createToastHeaders({ title: "Renamed" })).get("Set-Cookie")) }));
    expect(a.toast?.id).toBeTruthy();
    expect(a.toast?.id).not.toBe(b.toast?.id);
  });
});
