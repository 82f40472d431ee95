import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { CANCELLED_ON_DISABLE_MESSAGE } from "~/modules/admin/account-status.server";
import { FAILURE_WINDOW_MS } from "~/modules/admin/provider-health.server";
import { USERS_PAGE_SIZE } from "~/modules/admin/users.server";
import { authenticateApiToken, createApiToken } from "~/modules/api-tokens/api-tokens.server";
import { ACCOUNT_DISABLED_MESSAGE } from "~/modules/auth/account.server";
import { LEDGER_REASONS } from "~/modules/credits/ledger";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { KIE_CALLBACKS_REFUSED_NOTICE, recordKieSignatureCheck, resetKieCallbackHealth } from "~/modules/providers/kie/kie-callback-health.server";
import { prisma } from "~/utils/db.server";
import { getToast } from "~/utils/toast.server";
import { createTestPortrait, createTestUser, formRequest, getRequest, ledgerExplainsBalance, sessionCookieFor, settle, uniqueEmail } from "#tests/utils";
import { readRouteManifest } from "#tests/support/route-manifest";
import { sampleForms } from "#tests/support/sample-form";
import { loader as accountLoader } from "./account";
import { loader as adminUsersLoader } from "./admin._index";
import { loader as adminGenerationsLoader } from "./admin.generations";
import { loader as adminProvidersLoader } from "./admin.providers";
import { action as adminUserAction, loader as adminUserLoader } from "./admin.users.$userId";
import { action as loginAction } from "./login";

// Before the app reads its environment. Written in another case on purpose:
// ADMIN_EMAILS is compared the way log in compares emails.
const ADMIN_EMAIL = vi.hoisted(() => {
  const email = "the-admin@example.com";
  process.env.ADMIN_EMAILS = ` someone-else@example.com, ${email.toUpperCase()} `;
  return email;
});

afterAll(() => {
  delete process.env.ADMIN_EMAILS;
});

let admin: { id: string; cookie: string };

beforeAll(async () => {
  const { id } = await createTestUser({ email: ADMIN_EMAIL });
  admin = { id, cookie: await sessionCookieFor(id) };
});

const call = (handler: (args: LoaderFunctionArgs) => unknown, request: Request, params: Record<string, string> = {}) =>
  settle(Promise.resolve(handler({ request, params, context: {} })));

function post(userId: string, fields: Record<string, string>, cookie = admin.cookie) {
  return call(adminUserAction, formRequest(`/admin/users/${userId}`, fields, { cookie }), { userId });
}

async function toastOf(response: Response) {
  const cookie = response.headers.get("Set-Cookie")!.split(";")[0];
  return (await getToast(getRequest("/", { cookie }))).toast;
}

async function logIn(email: string, password: string) {
  const response = await call(loginAction, formRequest("/login", { email, password }));
  if (response.status === 302) return { ok: true as const };
  const { result } = (await response.json()) as { result: { error?: Record<string, string[]> } };
  return { ok: false as const, errors: Object.values(result.error ?? {}).flat() };
}

describe("who may use the admin pages", () => {
  test("every admin route, from the route manifest, answers 404 to a signed-in non-admin, for its page and every intent of its action, and serves the admin", async () => {
    const routes = (await readRouteManifest()).filter((route) => route.id === "routes/admin" || route.id.startsWith("routes/admin."));
    expect(routes.map((route) => route.id).sort()).toEqual(
      ["routes/admin", "routes/admin._index", "routes/admin.generations", "routes/admin.providers", "routes/admin.users.$userId"].sort(),
    );
    const target = await createTestUser();
    const nonAdmin = await createTestUser();
    const nonAdminCookie = await sessionCookieFor(nonAdmin.id);
    const before = await prisma.user.findUniqueOrThrow({ where: { id: target.id }, select: { credits: true, disabledAt: true } });
    const seen: string[] = [];
    for (const route of routes) {
      const url = route.pattern.replace(":userId", target.id);
      const params: Record<string, string> = route.params.includes("userId") ? { userId: target.id } : {};
      if (route.module.loader) {
        const asAdmin = await call(route.module.loader, getRequest(url, { cookie: admin.cookie }), params);
        expect(asAdmin.status, `GET ${url} as the admin`).toBe(200);
        const asOther = await call(route.module.loader, getRequest(url, { cookie: nonAdminCookie }), params);
        expect(asOther.status, `GET ${url} as a non-admin`).toBe(404);
        seen.push(`GET ${route.id}`);
      }
      if (route.module.action) {
        for (const form of sampleForms(route.module.ActionSchema, () => undefined)) {
          const response = await call(route.module.action, formRequest(url, form.fields, { cookie: nonAdminCookie }), params);
          expect(response.status, `POST ${url} intent=${form.intent} as a non-admin`).toBe(404);
          seen.push(`POST ${route.id} ${form.intent}`);
        }
      }
    }
    expect(seen).toEqual(expect.arrayContaining(["POST routes/admin.users.$userId grant", "POST routes/admin.users.$userId disable", "POST routes/admin.users.$userId enable"]));
    const after = await prisma.user.findUniqueOrThrow({ where: { id: target.id }, select: { credits: true, disabledAt: true } });
    expect(after).toEqual(before);
  });

  test("a visitor is sent to log in", async () => {
    const response = await call(adminUsersLoader, getRequest("/admin"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin");
  });

  test("the header links to /admin for admins only", async () => {
    const { loader: rootLoader } = await import("~/root");
    const other = await createTestUser();
    const asAdmin = (await (await call(rootLoader, getRequest("/", { cookie: admin.cookie }))).json()) as { user: { isAdmin: boolean } };
    const asOther = (await (await call(rootLoader, getRequest("/", { cookie: await sessionCookieFor(other.id) }))).json()) as { user: { isAdmin: boolean } };
    expect(asAdmin.user.isAdmin).toBe(true);
    expect(asOther.user.isAdmin).toBe(false);
  });
});

describe("users", () => {
  test("the list shows email, balance, generation count and state; it searches by email and pages", async () => {
    const tag = `search-${Date.now().toString(36)}`;
    const users: { id: string }[] = [];
    for (let i = 0; i < USERS_PAGE_SIZE + 2; i++) users.push(await createTestUser({ email: `${tag}-${String(i).padStart(2, "0")}@example.com` }));
    const other = await createTestUser();
    await prisma.user.update({ where: { id: users[0].id }, data: { disabledAt: new Date() } });

    type Page = { users: { id: string; email: string; credits: number; generationCount: number; disabledAt: string | null }[]; total: number; pageCount: number };
    const first = (await (await call(adminUsersLoader, getRequest(`/admin?q=${tag.toUpperCase()}`, { cookie: admin.cookie }))).json()) as Page;
    expect(first.total).toBe(USERS_PAGE_SIZE + 2);
    expect(first.pageCount).toBe(2);
    expect(first.users).toHaveLength(USERS_PAGE_SIZE);
    expect(first.users.every((user) => user.email.startsWith(tag))).toBe(true);
    expect(first.users.map((user) => user.id)).not.toContain(other.id);
    expect(first.users[0]).toMatchObject({ credits: 10, generationCount: 0 });

    const second = (await (await call(adminUsersLoader, getRequest(`/admin?q=${tag}&page=2`, { cookie: admin.cookie }))).json()) as Page;
    expect(second.users).toHaveLength(2);
    const all = [...first.users, ...second.users];
    expect(new Set(all.map((user) => user.id)).size).toBe(USERS_PAGE_SIZE + 2);
    expect(all.find((user) => user.id === users[0].id)?.disabledAt).not.toBeNull();
    expect(all.find((user) => user.id === users[1].id)?.disabledAt).toBeNull();
  });

  test("a user page answers 404 for an account that does not exist", async () => {
    const response = await call(adminUserLoader, getRequest("/admin/users/nobody", { cookie: admin.cookie }), { userId: "nobody" });
    expect(response.status).toBe(404);
    const grant = await post("nobody", { intent: "grant", amount: "5" });
    expect(grant.status).toBe(404);
  });
});

describe("granting credits", () => {
  test("adds to the balance and writes an admin_grant ledger row in step, with a toast; the user page shows both", async () => {
    const user = await createTestUser();
    const response = await post(user.id, { intent: "grant", amount: "25", note: "Beta tester" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/users/${user.id}`);
    expect(await toastOf(response)).toMatchObject({ title: "Credits added", description: "Added 25 credits; the balance is now 35 credits." });

    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 35, ledgerSum: 35 });
    const row = await prisma.creditLedger.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, select: { delta: true, balanceAfter: true, reason: true, note: true } });
    expect(row).toEqual({ delta: 25, balanceAfter: 35, reason: LEDGER_REASONS.adminGrant, note: "Beta tester" });

    const page = (await (await call(adminUserLoader, getRequest(`/admin/users/${user.id}`, { cookie: admin.cookie }), { userId: user.id })).json()) as {
      user: { credits: number };
      statement: { entries: { delta: number; reason: string }[] };
    };
    expect(page.user.credits).toBe(35);
    expect(page.statement.entries[0]).toMatchObject({ delta: 25, reason: LEDGER_REASONS.adminGrant });
  });

  test.for([
    ["", "Enter how many credits to add."],
    ["0", "Enter a whole number of credits from 1 to 1,000,000."],
    ["2.5", "Enter a whole number of credits from 1 to 1,000,000."],
    ["lots", "Enter a whole number of credits from 1 to 1,000,000."],
    ["1000001", "Enter a whole number of credits from 1 to 1,000,000."],
  ])("refuses an amount of %j with a clear message and changes nothing", async ([amount, message]) => {
    const user = await createTestUser();
    const response = await post(user.id, { intent: "grant", amount });
    expect(response.status).toBe(400);
    const { result } = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(result.error.amount).toEqual([message]);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 10, ledgerSum: 10 });
  });
});

describe("disabling an account", () => {
  test("ends its sessions at once, refuses its log in with a clear message, and enabling lets it in again", async () => {
    const user = await createTestUser();
    const cookies = [await sessionCookieFor(user.id), await sessionCookieFor(user.id)];
    const bystander = await createTestUser();
    const bystanderCookie = await sessionCookieFor(bystander.id);

    const response = await post(user.id, { intent: "disable" });
    expect(response.status).toBe(302);
    expect(await toastOf(response)).toMatchObject({ title: "Account disabled", description: "Ended 2 sessions. It cannot log in until enabled." });

    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    for (const cookie of cookies) {
      const page = await call(accountLoader, getRequest("/account", { cookie }));
      expect(page.status).toBe(302);
      expect(page.headers.get("Location")).toMatch(/^\/login\?/);
    }
    expect((await call(accountLoader, getRequest("/account", { cookie: bystanderCookie }))).status).toBe(200);

    expect(await logIn(user.email, user.password)).toEqual({ ok: false, errors: [ACCOUNT_DISABLED_MESSAGE] });
    // A wrong password learns nothing about the account's state.
    expect(await logIn(user.email, "not the password")).toEqual({ ok: false, errors: ["Wrong email or password."] });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);

    const enabled = await post(user.id, { intent: "enable" });
    expect(await toastOf(enabled)).toMatchObject({ title: "Account enabled" });
    expect(await logIn(user.email, user.password)).toEqual({ ok: true });
  });

  test("a session created around the moment of disabling does not work either", async () => {
    const user = await createTestUser();
    await post(user.id, { intent: "disable" });
    const cookie = await sessionCookieFor(user.id);
    const page = await call(accountLoader, getRequest("/account", { cookie }));
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toMatch(/^\/login\?/);
  });

  test("an admin cannot disable their own account", async () => {
    const response = await post(admin.id, { intent: "disable" });
    expect(response.status).toBe(400);
    const { result } = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(result.error[""]).toEqual(["You cannot disable your own account: you would lock yourself out of this page."]);
    const self = await prisma.user.findUniqueOrThrow({ where: { id: admin.id }, select: { disabledAt: true } });
    expect(self.disabledAt).toBeNull();
    expect((await call(adminUsersLoader, getRequest("/admin", { cookie: admin.cookie }))).status).toBe(200);
  });

  test("cancels and refunds its batches waiting to start; a batch already rendering is left to finish", async () => {
    const user = await createTestUser();
    const portrait = await createTestPortrait(user.id);
    const submit = (keywords: string) =>
      createGeneration({ userId: user.id, portraitId: portrait.id, keywords, headline: null, backgroundCount: 1, submissionKey: null });
    const waiting = await submit("waiting batch");
    const rendering = await submit("rendering batch");
    await prisma.generation.update({ where: { id: rendering.id }, data: { status: "processing", leaseOwner: "elsewhere", leaseExpiresAt: new Date(Date.now() + 60_000) } });
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 8, ledgerSum: 8 });

    const response = await post(user.id, { intent: "disable" });
    expect(await toastOf(response)).toMatchObject({ description: "Ended 0 sessions, cancelled and refunded 1 waiting batch. It cannot log in until enabled." });

    const after = await prisma.generation.findMany({ where: { userId: user.id }, select: { id: true, status: true, errorMessage: true }, orderBy: { keywords: "desc" } });
    expect(after).toEqual([
      { id: waiting.id, status: "failed", errorMessage: CANCELLED_ON_DISABLE_MESSAGE },
      { id: rendering.id, status: "processing", errorMessage: null },
    ]);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 9, ledgerSum: 9 });
    const refunds = await prisma.creditLedger.findMany({ where: { userId: user.id, reason: LEDGER_REASONS.generationRefund }, select: { generationId: true } });
    expect(refunds).toEqual([{ generationId: waiting.id }]);

    // Disabling again refunds nothing twice.
    await post(user.id, { intent: "disable" });
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 9, ledgerSum: 9 });
  });
});

describe("generations and providers", () => {
  async function generationOf(userId: string, data: { status: string; provider?: string; errorMessage?: string; keywords: string }) {
    return prisma.generation.create({ data: { userId, portraitKey: "portraits/none.png", ...data }, select: { id: true } });
  }

  test("running and failed generations are listed, newest first, with the user's email, the provider and the errors", async () => {
    const user = await createTestUser();
    const running = await generationOf(user.id, { status: "processing", keywords: "admin running" });
    const failed = await generationOf(user.id, { status: "failed", provider: "kie", errorMessage: "No thumbnail could be made: kie.ai refused the key.", keywords: "admin failed" });
    await prisma.thumbnail.create({ data: { generationId: failed.id, prompt: "p", promptIndex: 0, backgroundIndex: 0, status: "failed", errorMessage: "kie.ai answered 401" } });
    const completed = await generationOf(user.id, { status: "completed", keywords: "admin completed" });

    type Page = { generations: { id: string; status: string; providerLabel: string; errorMessage: string | null; thumbnailErrors: string[]; user: { email: string } }[] };
    const runningPage = (await (await call(adminGenerationsLoader, getRequest("/admin/generations?status=running", { cookie: admin.cookie }))).json()) as Page;
    const failedPage = (await (await call(adminGenerationsLoader, getRequest("/admin/generations?status=failed", { cookie: admin.cookie }))).json()) as Page;
    const ids = (page: Page) => page.generations.map((g) => g.id);
    expect(ids(runningPage)).toContain(running.id);
    expect(ids(runningPage)).not.toContain(failed.id);
    expect(ids(failedPage)).not.toContain(running.id);
    expect([...ids(runningPage), ...ids(failedPage)]).not.toContain(completed.id);
    expect(failedPage.generations.find((g) => g.id === failed.id)).toMatchObject({
      status: "failed",
      providerLabel: "kie.ai",
      errorMessage: "No thumbnail could be made: kie.ai refused the key.",
      thumbnailErrors: ["kie.ai answered 401"],
      user: { email: user.email },
    });
    // An unknown filter falls back to running.
    const fallback = (await (await call(adminGenerationsLoader, getRequest("/admin/generations?status=bogus", { cookie: admin.cookie }))).json()) as Page;
    expect(ids(fallback)).toContain(running.id);
  });

  test("provider health: configured or not, the last day's failed thumbnails with their errors, and refused kie.ai callbacks", async () => {
    resetKieCallbackHealth();
    type Health = { providers: { name: string; configured: boolean; notice: string | null; failureCount: number; recentFailures: { errorMessage: string; generation: { id: string } }[] }[] };
    const read = async () => (await (await call(adminProvidersLoader, getRequest("/admin/providers", { cookie: admin.cookie }))).json()) as Health;
    const kieBefore = (await read()).providers.find((p) => p.name === "kie")!.failureCount;
    const user = await createTestUser();
    const generation = await generationOf(user.id, { status: "partial", provider: "kie", keywords: "provider health" });
    const cell = (index: number, errorMessage: string) =>
      prisma.thumbnail.create({ data: { generationId: generation.id, prompt: "p", promptIndex: index, backgroundIndex: 0, status: "failed", errorMessage }, select: { id: true } });
    await cell(0, "kie.ai: The image could not be generated");
    const old = await cell(1, "an old failure");
    // An explicit value wins over @updatedAt.
    await prisma.thumbnail.update({ where: { id: old.id }, data: { updatedAt: new Date(Date.now() - FAILURE_WINDOW_MS - 60_000) } });

    const { providers } = await read();
    const kie = providers.find((p) => p.name === "kie")!;
    expect(kie).toMatchObject({ configured: false, notice: null, failureCount: kieBefore + 1 });
    // Newest first: this test's failure leads, the one older than a day is not there.
    expect(kie.recentFailures[0]).toEqual({
      id: expect.any(String),
      errorMessage: "kie.ai: The image could not be generated",
      updatedAt: expect.any(String),
      generation: { id: generation.id, user: { id: user.id, email: user.email } },
    });
    expect(kie.recentFailures.map((f) => f.errorMessage)).not.toContain("an old failure");
    // Failures are counted per provider: none of this file's are the local compositor's.
    expect(providers.find((p) => p.name === "local")).toMatchObject({ configured: true, failureCount: 0 });

    for (let i = 0; i < 3; i++) recordKieSignatureCheck(false);
    expect((await read()).providers.find((p) => p.name === "kie")!.notice).toBe(KIE_CALLBACKS_REFUSED_NOTICE);
    resetKieCallbackHealth();
  });

  test("provider health names the kie.ai model in use, with its size setting", async () => {
    type Health = { providers: { name: string; configured: boolean; setting: string | null }[] };
    const read = async () => (await (await call(adminProvidersLoader, getRequest("/admin/providers", { cookie: admin.cookie }))).json()) as Health;
    expect((await read()).providers.map(({ name, setting }) => ({ name, setting }))).toEqual([
      { name: "kie", setting: null },
      { name: "openai", setting: null },
      { name: "gemini", setting: null },
      { name: "comfyui", setting: null },
      { name: "local", setting: null },
    ]);
    Object.assign(process.env, { KIE_API_KEY: "admin-test-key", KIE_MODEL: "nano-banana-pro", KIE_RESOLUTION: "4K" });
    try {
      expect((await read()).providers.find((p) => p.name === "kie")).toMatchObject({ configured: true, setting: "Model: nano-banana-pro (4K)" });
      process.env.KIE_MODEL = "seedream/4.5-edit";
      expect((await read()).providers.find((p) => p.name === "kie")!.setting).toBe("Model: seedream/4.5-edit (quality basic)");
      delete process.env.KIE_MODEL;
      expect((await read()).providers.find((p) => p.name === "kie")!.setting).toBe("Model: google/nano-banana-edit");
    } finally {
      for (const name of ["KIE_API_KEY", "KIE_MODEL", "KIE_RESOLUTION"]) delete process.env[name];
    }
  });
});

describe("ADMIN_EMAILS", () => {
  test("is normalized like log in emails, and an entry that is not an email stops the app with a clear message", async () => {
    const { isAdminEmail } = await import("~/modules/auth/admin.server");
    expect(isAdminEmail(ADMIN_EMAIL)).toBe(true);
    expect(isAdminEmail(" The-Admin@Example.com ")).toBe(true);
    expect(isAdminEmail(uniqueEmail())).toBe(false);

    vi.resetModules();
    const saved = process.env.ADMIN_EMAILS;
    process.env.ADMIN_EMAILS = "admin@example.com, not-an-email";
    try {
      await expect(import("~/utils/env.server")).rejects.toThrow("ADMIN_EMAILS: not an email address: not-an-email");
    } finally {
      process.env.ADMIN_EMAILS = saved;
      vi.resetModules();
    }
  });
});

describe("API tokens of an account", () => {
  test("an admin sees an account's tokens (never their text) and can revoke one; another account's token id changes nothing", async () => {
    const user = await createTestUser();
    const other = await createTestUser();
    const { token, id } = await createApiToken(user.id, { name: "leaked script", scopes: ["read"] });
    const othersToken = await createApiToken(other.id, { name: "other", scopes: ["read"] });

    const page = (await (await call(adminUserLoader, getRequest(`/admin/users/${user.id}`, { cookie: admin.cookie }), { userId: user.id })).json()) as {
      tokens: { id: string; name: string }[];
    };
    expect(page.tokens.map((each) => each.name)).toEqual(["leaked script"]);
    expect(JSON.stringify(page)).not.toContain(token);

    await post(user.id, { intent: "revoke-token", tokenId: othersToken.id });
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: othersToken.id } })).revokedAt).toBeNull();
    const response = await post(user.id, { intent: "revoke-token", tokenId: id });
    expect(await toastOf(response)).toMatchObject({ title: "Token revoked" });
    expect(await authenticateApiToken(token)).toBeNull();
  });
});
