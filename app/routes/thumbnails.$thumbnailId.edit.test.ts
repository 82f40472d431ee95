import { beforeAll, describe, expect, onTestFinished, test, vi } from "vitest";
import { storage } from "~/modules/storage/storage.server";
import type { ThumbnailEdits } from "~/modules/thumbnails/edits";
import { prisma } from "~/utils/db.server";
import { getToast } from "~/utils/toast.server";
import { createFinishedGeneration, createTestUser, formRequest, getRequest, sessionCookieFor, settle } from "#tests/utils";
import { loader as checksLoader } from "./resources.thumbnails.$thumbnailId.checks";
import { loader as imageLoader } from "./resources.thumbnails.$thumbnailId";
import { loader as previewLoader } from "./resources.thumbnails.$thumbnailId.preview";
import { action as editAction, loader as editLoader } from "./thumbnails.$thumbnailId.edit";

let cookie: string;
let strangerCookie: string;
let thumbnailIds: string[];

beforeAll(async () => {
  const user = await createTestUser();
  const { generationId } = await createFinishedGeneration(user.id, { backgroundCount: 2 });
  const thumbnails = await prisma.thumbnail.findMany({ where: { generationId, status: "success" }, select: { id: true }, orderBy: { id: "asc" } });
  // One thumbnail per test below, so their versions do not mix.
  expect(thumbnails.length).toBeGreaterThanOrEqual(6);
  thumbnailIds = thumbnails.map((t) => t.id);
  cookie = await sessionCookieFor(user.id);
  strangerCookie = await sessionCookieFor((await createTestUser()).id);
});

const path = (id: string) => `/thumbnails/${id}/edit`;

async function openEditor(id: string, as = cookie) {
  return settle(editLoader({ request: getRequest(path(id), { cookie: as }), params: { thumbnailId: id }, context: {} }));
}

async function currentEdits(id: string): Promise<ThumbnailEdits> {
  const response = await openEditor(id);
  expect(response.status).toBe(200);
  const { editor } = await response.json();
  expect(editor.edits).not.toBeNull();
  return editor.edits;
}

function asForm(edits: ThumbnailEdits) {
  return Object.fromEntries(Object.entries(edits).map(([name, value]) => [name, String(value)]));
}

function post(id: string, fields: Record<string, string>, as = cookie) {
  return settle(editAction({ request: formRequest(path(id), fields, { cookie: as }), params: { thumbnailId: id }, context: {} }));
}

async function currentImage(id: string) {
  const response = await settle(imageLoader({ request: getRequest(`/resources/thumbnails/${id}`, { cookie }), params: { thumbnailId: id }, context: {} }));
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

function stored(id: string) {
  return prisma.thumbnail.findUniqueOrThrow({ where: { id }, select: { version: true, spec: true, storagePath: true } });
}

const versionNumbers = async (id: string) =>
  (await prisma.thumbnailVersion.findMany({ where: { thumbnailId: id }, orderBy: { number: "asc" }, select: { number: true } })).map((v) => v.number);

async function toastOf(response: Response) {
  const setCookie = response.headers.get("Set-Cookie") ?? "";
  const { toast } = await getToast(new Request("http://localhost/", { headers: { Cookie: setCookie.split(";")[0] } }));
  return toast;
}

describe("the thumbnail editor", () => {
  test("the page loads the thumbnail's recipe as the form's values, its version and its checks", async () => {
    const response = await openEditor(thumbnailIds[0]);
    const { editor } = await response.json();
    expect(editor).toMatchObject({ id: thumbnailIds[0], version: 1, onPlate: false });
    expect(editor.edits.headline.length).toBeGreaterThan(0);
    expect(editor.checks.map((c: { id: string }) => c.id)).toEqual(["headline-size", "contrast", "face", "duration-corner", "file-size"]);
    // The stored recipe names storage keys; the page gets the form's values only.
    expect(editor).not.toHaveProperty("spec");
  });

  test("save adds a version, makes it current and the served JPEG changes; revert brings the original back", async () => {
    const id = thumbnailIds[0];
    const before = await currentImage(id);
    const edits = await currentEdits(id);
    const response = await post(id, { intent: "save", ...asForm({ ...edits, headline: "Battery shock", paletteIndex: (edits.paletteIndex + 3) % 10 }) });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(path(id));
    expect(await toastOf(response)).toMatchObject({ title: "Saved as version 2" });

    expect(await versionNumbers(id)).toEqual([1, 2]);
    const saved = await stored(id);
    expect(saved.version).toBe(2);
    expect(JSON.parse(saved.spec!).prompt.words).toEqual(["BATTERY", "SHOCK"]);
    const after = await currentImage(id);
    expect(after.subarray(0, 2).toString("hex")).toBe("ffd8");
    expect(after.equals(before)).toBe(false);
    expect(after.equals((await storage.read(saved.storagePath!))!)).toBe(true);

    // Undo: the version before the current one.
    const undo = await post(id, { intent: "revert" });
    expect(undo.status).toBe(302);
    expect(await toastOf(undo)).toMatchObject({ title: "Back to version 1" });
    expect((await stored(id)).version).toBe(1);
    expect((await currentImage(id)).equals(before)).toBe(true);
    // Nothing was deleted: version 2 is still there to go back to.
    expect(await versionNumbers(id)).toEqual([1, 2]);
    const redo = await post(id, { intent: "revert", version: "2" });
    expect(redo.status).toBe(302);
    expect((await stored(id)).version).toBe(2);
    expect((await currentImage(id)).equals(after)).toBe(true);
  });

  test("posting the same save twice at once (a double click) adds one version", async () => {
    const id = thumbnailIds[1];
    const edits = await currentEdits(id);
    const form = { intent: "save", ...asForm({ ...edits, textPosition: edits.textPosition === "top" ? "middle" : "top" }) };
    const [first, second] = await Promise.all([post(id, form), post(id, form)]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(await versionNumbers(id)).toEqual([1, 2]);
    expect((await stored(id)).version).toBe(2);
    // And once more, later: nothing to save.
    const third = await post(id, form);
    expect(await toastOf(third)).toMatchObject({ title: "Nothing to save" });
    expect(await versionNumbers(id)).toEqual([1, 2]);
  });

  test("two different saves at once both become versions, each with its own image", async () => {
    const id = thumbnailIds[5];
    const edits = await currentEdits(id);
    // Both saves reach the store before either commits, so they race for the same number.
    const put = storage.put.bind(storage);
    let arrived = 0;
    let release!: () => void;
    const bothArrived = new Promise<void>((resolve) => (release = resolve));
    const spy = vi.spyOn(storage, "put").mockImplementation(async (...args) => {
      if (++arrived <= 2) {
        if (arrived === 2) release();
        await bothArrived;
      }
      return put(...args);
    });
    onTestFinished(() => spy.mockRestore());
    const [first, second] = await Promise.all([
      post(id, { intent: "save", ...asForm({ ...edits, paletteIndex: (edits.paletteIndex + 1) % 10 }) }),
      post(id, { intent: "save", ...asForm({ ...edits, paletteIndex: (edits.paletteIndex + 2) % 10 }) }),
    ]);
    expect([first.status, second.status]).toEqual([302, 302]);
    const versions = await prisma.thumbnailVersion.findMany({ where: { thumbnailId: id }, orderBy: { number: "asc" }, select: { number: true, storagePath: true } });
    expect(versions.map((v) => v.number)).toEqual([1, 2, 3]);
    const files = await Promise.all(versions.map((v) => storage.read(v.storagePath)));
    expect(files.every((file) => file?.subarray(0, 2).toString("hex") === "ffd8")).toBe(true);
    expect(files[1]!.equals(files[2]!)).toBe(false);
    expect((await stored(id)).version).toBe(3);
  });

  test("a Japanese headline saves and is drawn", async () => {
    const id = thumbnailIds[2];
    const before = await currentImage(id);
    const edits = await currentEdits(id);
    const response = await post(id, { intent: "save", ...asForm({ ...edits, headline: "最強のカメラ" }) });
    expect(response.status).toBe(302);
    expect(JSON.parse((await stored(id)).spec!).prompt.words).toEqual(["最強のカメラ"]);
    expect((await currentImage(id)).equals(before)).toBe(false);
  });

  test("bad input gets a clear message and saves nothing", async () => {
    const id = thumbnailIds[3];
    const edits = await currentEdits(id);
    const empty = await post(id, { intent: "save", ...asForm({ ...edits, headline: "   " }) });
    expect(empty.status).toBe(400);
    expect((await empty.json()).result.error.headline).toEqual(["Type a headline."]);
    const tooLong = await post(id, { intent: "save", ...asForm({ ...edits, headline: "one two three four five six" }) });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).result.error.headline[0]).toMatch(/5 words or fewer/);
    const offRange = await post(id, { intent: "save", ...asForm({ ...edits, scale: 3 }) });
    expect(offRange.status).toBe(400);
    const undo = await post(id, { intent: "revert" });
    expect(undo.status).toBe(422);
    expect((await undo.json()).result.error[""]).toEqual(["There is no earlier version to go back to."]);
    const missing = await post(id, { intent: "revert", version: "9" });
    expect(missing.status).toBe(422);
    expect((await missing.json()).result.error[""]).toEqual(["There is no version 9 of this thumbnail."]);
    expect(await versionNumbers(id)).toEqual([1]);
    expect((await stored(id)).version).toBe(1);
  });

  test("a headline this thumbnail would cut short is refused on its field, and nothing is saved", async () => {
    const id = thumbnailIds[3];
    const edits = await currentEdits(id);
    // One word of 60 letters: within the form's limits, too long to draw whole even broken over lines.
    const long = "pneumonoultramicroscopicsilicovolcanoconiosisxyzabcdefghijkl";
    const response = await post(id, { intent: "save", ...asForm({ ...edits, headline: long }) });
    expect(response.status).toBe(422);
    const [message] = (await response.json()).result.error.headline;
    expect(message).toMatch(/^This headline is too long to read on this thumbnail and would be cut to “PNEUMONO.*…”\. /);
    expect(await versionNumbers(id)).toEqual([1]);
    expect((await stored(id)).version).toBe(1);
  });

  test("another user's thumbnail answers 404 to the page, saves, reverts, previews and checks, and stays as it was", async () => {
    const id = thumbnailIds[4];
    const edits = await currentEdits(id);
    const before = await stored(id);
    expect((await openEditor(id, strangerCookie)).status).toBe(404);
    expect((await post(id, { intent: "save", ...asForm({ ...edits, headline: "Stolen" }) }, strangerCookie)).status).toBe(404);
    expect((await post(id, { intent: "revert", version: "1" }, strangerCookie)).status).toBe(404);
    const preview = await settle(
      previewLoader({ request: getRequest(`/resources/thumbnails/${id}/preview`, { cookie: strangerCookie }), params: { thumbnailId: id }, context: {} }),
    );
    expect(preview.status).toBe(404);
    const checks = await settle(
      checksLoader({ request: getRequest(`/resources/thumbnails/${id}/checks`, { cookie: strangerCookie }), params: { thumbnailId: id }, context: {} }),
    );
    expect(checks.status).toBe(404);
    expect(await stored(id)).toEqual(before);
    expect(await versionNumbers(id)).toEqual([1]);
  });
});

describe("the live preview", () => {
  const preview = (id: string, query: string) =>
    settle(previewLoader({ request: getRequest(`/resources/thumbnails/${id}/preview?${query}`, { cookie }), params: { thumbnailId: id }, context: {} }));

  test("draws the edits as a JPEG that nobody caches, and saves nothing", async () => {
    const id = thumbnailIds[3];
    const edits = await currentEdits(id);
    const saved = await currentImage(id);
    const response = await preview(id, new URLSearchParams(asForm({ ...edits, headline: "最強のカメラ" })).toString());
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/jpeg");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const jpeg = Buffer.from(await response.arrayBuffer());
    expect(jpeg.subarray(0, 2).toString("hex")).toBe("ffd8");
    expect(jpeg.equals(saved)).toBe(false);
    expect(await versionNumbers(id)).toEqual([1]);

    // No fields: the current recipe, drawn again, is the saved image.
    const current = await preview(id, "");
    expect(Buffer.from(await current.arrayBuffer()).equals(saved)).toBe(true);
  });

  test("edits that cannot be drawn answer 422 with the reason", async () => {
    const id = thumbnailIds[3];
    const edits = await currentEdits(id);
    const response = await preview(id, new URLSearchParams(asForm({ ...edits, headline: "" })).toString());
    expect(response.status).toBe(422);
    expect(await response.text()).toBe("Type a headline.");
  });
});

describe("the checks resource", () => {
  test("answers the current version's checks as JSON", async () => {
    const id = thumbnailIds[0];
    const response = await settle(checksLoader({ request: getRequest(`/resources/thumbnails/${id}/checks`, { cookie }), params: { thumbnailId: id }, context: {} }));
    expect(response.status).toBe(200);
    const { checks } = await response.json();
    expect(checks).toHaveLength(5);
    for (const check of checks) expect(check).toEqual({ id: expect.any(String), label: expect.any(String), ok: expect.any(Boolean), value: expect.any(String), reason: expect.any(String) });
  });
});
