import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createTestPortrait, createTestUser, formRequest, ledgerExplainsBalance, sessionCookieFor, settle } from "#tests/utils";
import { action } from "~/routes/generate";
import { InsufficientCreditsError } from "~/modules/credits/balance.server";
import { planGeneration } from "~/modules/design/plan";
import { onWake, type Wake } from "~/modules/events/generation-events.server";
import { createGeneration, PortraitNotFoundError, regenerateGeneration, RegenerateRefusedError } from "./create-generation.server";

async function userWithPortrait(credits?: number) {
  const user = await createTestUser();
  if (credits !== undefined) await prisma.user.update({ where: { id: user.id }, data: { credits } });
  const portrait = await createTestPortrait(user.id);
  return { user, portrait, cookie: await sessionCookieFor(user.id) };
}

function submit(cookie: string, fields: Record<string, string>) {
  return settle(action({ request: formRequest("/generate", fields, { cookie }), params: {}, context: {} }));
}

describe("submitting a generation", () => {
  test("debits one credit with a ledger row, snapshots the portrait and redirects to the gallery", async () => {
    const { user, portrait, cookie } = await userWithPortrait();
    const response = await submit(cookie, { portraitId: portrait.id, keywords: "iPhone 17 review, shocking battery", backgroundCount: "4" });
    expect(response.status).toBe(302);
    const generation = await prisma.generation.findFirstOrThrow({
      where: { userId: user.id },
      select: { id: true, status: true, progress: true, thumbnailCount: true, promptCount: true, backgroundCount: true, creditsUsed: true, portraitKey: true, provider: true },
    });
    expect(response.headers.get("Location")).toBe(`/gallery/${generation.id}`);
    expect(generation).toMatchObject({ status: "pending", progress: 0, thumbnailCount: 12, promptCount: 3, backgroundCount: 4, creditsUsed: 1, provider: "local" });
    const stored = await prisma.portrait.findUniqueOrThrow({ where: { id: portrait.id }, select: { normalizedKey: true } });
    expect(generation.portraitKey).toBe(stored.normalizedKey);
    const ledger = await prisma.creditLedger.findMany({ where: { generationId: generation.id }, select: { delta: true, balanceAfter: true, reason: true } });
    expect(ledger).toEqual([{ delta: -1, balanceAfter: 9, reason: "generation_debit" }]);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 9, ledgerSum: 9 });
  });

  test("what the image model draws is kept with the batch: the scene alone unless another is chosen; a regenerate keeps it", async () => {
    const { user, portrait, cookie } = await userWithPortrait();
    await submit(cookie, { portraitId: portrait.id, keywords: "first batch", backgroundCount: "1" });
    await submit(cookie, { portraitId: portrait.id, keywords: "second batch", backgroundCount: "1", modelDraws: "person" });
    await submit(cookie, { portraitId: portrait.id, keywords: "third batch", backgroundCount: "1", modelDraws: "everything" });
    expect(await submit(cookie, { portraitId: portrait.id, keywords: "fourth batch", backgroundCount: "1", modelDraws: "crayons" })).toHaveProperty("status", 400);
    const rows = await prisma.generation.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" }, select: { id: true, modelDraws: true } });
    expect(rows.map((r) => r.modelDraws)).toEqual(["scene", "person", "everything"]);
    for (const row of rows) {
      const again = await regenerateGeneration(user.id, row.id, null);
      expect(await prisma.generation.findUniqueOrThrow({ where: { id: again.id }, select: { modelDraws: true } })).toEqual({ modelDraws: row.modelDraws });
    }
  });

  test("the image service picked on the form makes the batch; one the server no longer has is refused on its field, spending nothing; Regenerate keeps the service while it is set up", async () => {
    const { user, portrait, cookie } = await userWithPortrait();
    process.env.KIE_API_KEY = "picker-test-key";
    try {
      expect(await submit(cookie, { portraitId: portrait.id, keywords: "picked offline", backgroundCount: "1", provider: "local" })).toHaveProperty("status", 302);
      expect(await submit(cookie, { portraitId: portrait.id, keywords: "picked kie", backgroundCount: "1", provider: "kie" })).toHaveProperty("status", 302);
      // No pick: the default, the first configured.
      expect(await submit(cookie, { portraitId: portrait.id, keywords: "no pick", backgroundCount: "1" })).toHaveProperty("status", 302);
      const refused = await submit(cookie, { portraitId: portrait.id, keywords: "picked gone", backgroundCount: "1", provider: "dall-e-1" });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(await refused.json())).toContain("is not set up on this server any more. Pick another image service.");
    } finally {
      delete process.env.KIE_API_KEY;
    }
    const rows = await prisma.generation.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" }, select: { id: true, keywords: true, provider: true } });
    expect(rows.map((r) => [r.keywords, r.provider])).toEqual([["picked offline", "local"], ["picked kie", "kie"], ["no pick", "kie"]]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { credits: true } })).credits).toBe(7);
    // kie.ai's key is gone now: its batch is made again offline rather than refused.
    const again = await regenerateGeneration(user.id, rows[1].id, null);
    expect(await prisma.generation.findUniqueOrThrow({ where: { id: again.id }, select: { provider: true } })).toEqual({ provider: "local" });
    process.env.KIE_API_KEY = "picker-test-key";
    try {
      const kept = await regenerateGeneration(user.id, rows[1].id, null);
      expect(await prisma.generation.findUniqueOrThrow({ where: { id: kept.id }, select: { provider: true } })).toEqual({ provider: "kie" });
      const offline = await regenerateGeneration(user.id, rows[0].id, null);
      expect(await prisma.generation.findUniqueOrThrow({ where: { id: offline.id }, select: { provider: true } })).toEqual({ provider: "local" });
    } finally {
      delete process.env.KIE_API_KEY;
    }
  });

  test("a new batch and a regenerated one each wake the runners themselves, whatever called them", async () => {
    const { user, portrait } = await userWithPortrait();
    const wakes: Wake[] = [];
    const stopListening = onWake((wake) => wakes.push(wake));
    try {
      const first = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "woken batch", headline: null, backgroundCount: 1, submissionKey: null });
      await expect.poll(() => wakes).toEqual([{ kind: "generations" }]);
      await regenerateGeneration(user.id, first.id, null);
      await expect.poll(() => wakes).toEqual([{ kind: "generations" }, { kind: "generations" }]);
    } finally {
      stopListening();
    }
  });

  test("validation messages sit beside the fields and nothing is created", async () => {
    const { user, portrait, cookie } = await userWithPortrait();
    const response = await submit(cookie, { portraitId: portrait.id, keywords: "x", backgroundCount: "9", headline: "one two three four five six" });
    expect(response.status).toBe(400);
    const { result } = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(result.error.keywords).toEqual(["Use at least 2 characters of keywords."]);
    expect(result.error.backgroundCount).toEqual(["Choose at most 8 backgrounds."]);
    expect(result.error.headline).toEqual(["Keep the headline to 5 words or fewer: short headlines read at small sizes."]);
    const empty = await submit(cookie, { portraitId: portrait.id, keywords: "", backgroundCount: "0" });
    const errors = ((await empty.json()) as { result: { error: Record<string, string[]> } }).result.error;
    expect(errors.keywords?.[0]).toMatch(/Type a few keywords/);
    expect(errors.backgroundCount).toEqual(["Choose at least 1 background."]);
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(0);
    expect((await ledgerExplainsBalance(user.id)).balance).toBe(10);
  });

  test("a headline the thumbnails would cut or miscount is refused on the form, and nothing is spent", async () => {
    const { user, portrait, cookie } = await userWithPortrait();
    const errorFor = async (headline: string) => {
      const response = await submit(cookie, { portraitId: portrait.id, keywords: "sourdough", backgroundCount: "1", headline });
      expect(response.status).toBe(400);
      return ((await response.json()) as { result: { error: Record<string, string[]> } }).result.error.headline;
    };
    // Five words, but too long to read at the smallest legible size: the text engine would end it with "…".
    expect(await errorFor("The absolutely unbelievable transformation experience")).toEqual([
      "This headline is too long to read on a thumbnail and would be cut to “THE ABSOLUTELY UNBELIEVABLE TRANSFORMATION…”. Use shorter words or fewer of them.",
    ]);
    // One "word" to the eye, six on the thumbnail.
    expect(await errorFor("one,two,three,four,five,six")).toEqual([
      "Commas, slashes and brackets split words: this headline is 6 words on a thumbnail. Keep it to 5 or fewer.",
    ]);
    // No word at all would silently fall back to the automatic headlines.
    expect(await errorFor("!!! ???")).toEqual(["Use at least one word or number, or leave the headline empty."]);
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(0);
    expect((await ledgerExplainsBalance(user.id)).balance).toBe(10);

    // A headline that fits is drawn whole, on every thumbnail.
    const fits = await submit(cookie, { portraitId: portrait.id, keywords: "sourdough", backgroundCount: "1", headline: "why I quit my job" });
    expect(fits.status).toBe(302);
    const stored = await prisma.generation.findFirstOrThrow({ where: { userId: user.id }, select: { keywords: true, headline: true, promptCount: true } });
    expect(stored.headline).toBe("why I quit my job");
    const { prompts } = planGeneration({ keywords: stored.keywords, headline: stored.headline, promptCount: stored.promptCount, backgroundCount: 1 });
    for (const prompt of prompts) expect(prompt.words).toEqual(["WHY", "I", "QUIT", "MY", "JOB"]);
  });

  test("a keyword too long to draw, even split across lines, is refused on its field with the form kept, and nothing is spent", async () => {
    const { user, portrait, cookie } = await userWithPortrait();
    // 60 letters: before, the batch was started and 2 of its 3 headlines failed with a Zod dump on the tile.
    const long = "pneumonoultramicroscopicsilicovolcanoconiosisxyzabcdefghijkl";
    const keywords = `review ${long}, shocking battery`;
    const response = await submit(cookie, { portraitId: portrait.id, keywords, backgroundCount: "3", headline: "my lungs" });
    expect(response.status).toBe(400);
    const { result } = (await response.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, string> } };
    expect(result.error.keywords).toEqual([
      "“pneumonoultramicrosc…” (60 letters) is too long to fit on a thumbnail, even split across lines. Shorten it, or split it into shorter words.",
    ]);
    // What the creator typed comes back to the form.
    expect(result.initialValue).toMatchObject({ keywords, headline: "my lungs", backgroundCount: "3" });
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(0);
    expect((await ledgerExplainsBalance(user.id)).balance).toBe(10);
    // Split in two, each part fits (broken over lines where it must).
    const split = await submit(cookie, { portraitId: portrait.id, keywords: `review ${long.slice(0, 30)} ${long.slice(30)}`, backgroundCount: "1" });
    expect(split.status).toBe(302);
  });

  test("Regenerate of a batch stored before a check refuses what the form would refuse, with the same message, and spends nothing", async () => {
    const { user, portrait } = await userWithPortrait();
    // Stored before the keyword check: the runner still draws it (the word is cut with "…"), but a new batch is not started from it.
    const long = "pneumonoultramicroscopicsilicovolcanoconiosisxyzabcdefghijkl";
    const old = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: `review ${long}`, headline: null, backgroundCount: 1, submissionKey: null });
    const balance = (await ledgerExplainsBalance(user.id)).balance;
    await expect(regenerateGeneration(user.id, old.id, null)).rejects.toThrow(
      new RegenerateRefusedError(
        "This batch cannot be made again as it is. “pneumonoultramicrosc…” (60 letters) is too long to fit on a thumbnail, even split across lines. Shorten it, or split it into shorter words, in a new batch from Generate.",
      ),
    );
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(1);
    expect((await ledgerExplainsBalance(user.id)).balance).toBe(balance);
  });

  test("keywords or a headline in a script no shipped font draws are refused by name, and nothing is spent", async () => {
    const { user, portrait, cookie } = await userWithPortrait();
    const response = await submit(cookie, { portraitId: portrait.id, keywords: "தமிழ் சமையல்", backgroundCount: "2", headline: "ქართული" });
    expect(response.status).toBe(400);
    const { result } = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(result.error.keywords?.[0]).toMatch(/cannot draw Tamil text/);
    expect(result.error.headline?.[0]).toMatch(/cannot draw Georgian text/);
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(0);
    expect((await ledgerExplainsBalance(user.id)).balance).toBe(10);
    // Every script the fonts cover goes through.
    const drawable = await submit(cookie, { portraitId: portrait.id, keywords: "обзор, レビュー, 리뷰, 评测, κριτική, đánh giá 🔥, مراجعة, סקירה, समीक्षा, รีวิว", backgroundCount: "1" });
    expect(drawable.status).toBe(302);
  });

  test("without enough credits: a clear message and nothing created", async () => {
    const { user, portrait, cookie } = await userWithPortrait(0);
    const response = await submit(cookie, { portraitId: portrait.id, keywords: "budget gaming pc", backgroundCount: "3" });
    expect(response.status).toBe(402);
    const { result } = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(result.error[""]).toEqual([new InsufficientCreditsError(0, 1).message]);
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(0);
  });

  test("another user's portrait cannot be used", async () => {
    const { portrait } = await userWithPortrait();
    const stranger = await userWithPortrait();
    const response = await submit(stranger.cookie, { portraitId: portrait.id, keywords: "stolen face", backgroundCount: "1" });
    expect(response.status).toBe(400);
    const { result } = (await response.json()) as { result: { error: Record<string, string[]> } };
    expect(result.error.portraitId).toEqual([new PortraitNotFoundError().message]);
    expect(await prisma.generation.count({ where: { userId: stranger.user.id } })).toBe(0);
    expect((await ledgerExplainsBalance(stranger.user.id)).balance).toBe(10);
  });

  test("the same form posted twice makes one generation and spends one credit", async () => {
    const { user, portrait, cookie } = await userWithPortrait();
    const fields = { portraitId: portrait.id, keywords: "double click", backgroundCount: "1", submissionKey: "k-123" };
    const [a, b] = await Promise.all([submit(cookie, fields), submit(cookie, fields)]);
    expect(a.headers.get("Location")).toBe(b.headers.get("Location"));
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(1);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 9, ledgerSum: 9 });
  });

  test("twenty concurrent submits against a balance of 5 create exactly 5 generations and leave 0", async () => {
    const { user, portrait } = await userWithPortrait();
    await prisma.user.update({ where: { id: user.id }, data: { credits: 5 } });
    await prisma.creditLedger.create({ data: { userId: user.id, delta: -5, balanceAfter: 5, reason: "admin_grant", note: "test setup" } });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        createGeneration({ userId: user.id, portraitId: portrait.id, keywords: `race ${i}`, headline: null, backgroundCount: 1, submissionKey: null }),
      ),
    );
    const created = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(created).toHaveLength(5);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(InsufficientCreditsError);
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(5);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 0, ledgerSum: 0 });
  });
});
