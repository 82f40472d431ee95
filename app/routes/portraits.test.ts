import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, test, vi } from "vitest";

vi.hoisted(() => {
  // A small limit so the over-size case needs only a few megabytes.
  process.env.PORTRAIT_MAX_MB = "3";
});

import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { storage } from "~/modules/storage/storage.server";
import {
  animatedWebp,
  jpegWithOrientationAndGps,
  noisyJpeg,
  opaquePngWithAlphaChannel,
  pngClaiming,
  readAstronaut,
  solidJpeg,
  transparentPng,
} from "#tests/images";
import { createTestUser, formRequest, getRequest, sessionCookieFor, settle } from "#tests/utils";
import { getToast } from "~/utils/toast.server";
import { UNREADABLE_FILE_NAME_MESSAGE } from "~/modules/portraits/portrait-upload.server";
import { action as uploadAction, loader as portraitsLoader } from "./portraits";
import { action as portraitAction } from "./portraits_.$portraitId";
import { loader as imageLoader } from "./resources.portraits.$portraitId.$variant";

type UploadResult = { added: number; errors: string[] };

async function signedInUser() {
  const user = await createTestUser();
  return { ...user, cookie: await sessionCookieFor(user.id) };
}

async function upload(cookie: string, files: Array<{ name: string; bytes: Buffer | string; type?: string }>) {
  const form = new FormData();
  for (const file of files) {
    form.append("photos", new Blob([typeof file.bytes === "string" ? file.bytes : new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  }
  const request = new Request("http://localhost/portraits", { method: "POST", body: form, headers: { Cookie: cookie } });
  const response = await settle(uploadAction({ request, params: {}, context: {} }));
  return { status: response.status, body: (await response.json()) as UploadResult };
}

function storedFileCount() {
  const root = path.join(env.DATA_DIR, "files");
  if (!fs.existsSync(root)) return 0;
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

async function portraitsOf(userId: string) {
  return prisma.portrait.findMany({
    where: { userId },
    select: {
      id: true,
      name: true,
      width: true,
      height: true,
      hasAlpha: true,
      contentType: true,
      normalizedKey: true,
      previewKey: true,
      analysisStatus: true,
      maskKey: true,
      cutoutPreviewKey: true,
      faces: true,
      faceIndex: true,
      cutoutEnabled: true,
    },
  });
}

/** Two people side by side: the astronaut (left) and Grace Hopper (right). */
async function twoPeople() {
  const grace = fs.readFileSync(path.resolve("tests/fixtures/grace-hopper.jpg"));
  return sharp({ create: { width: 1024, height: 600, channels: 3, background: "#888888" } })
    .composite([
      { input: readAstronaut(), left: 0, top: 44 },
      { input: grace, left: 512, top: 0 },
    ])
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function storedBytes(key: string) {
  const object = await storage.get(key);
  expect(object).not.toBeNull();
  return Buffer.from(await new Response(object!.body as unknown as ReadableStream).arrayBuffer());
}

describe("uploading portraits", () => {
  test("the astronaut is normalized, stored with a preview, and listed", async () => {
    const user = await signedInUser();
    const { status, body } = await upload(user.cookie, [{ name: "astronaut.png", bytes: readAstronaut(), type: "image/png" }]);
    expect(status).toBe(200);
    expect(body).toEqual({ added: 1, errors: [] });

    const [portrait] = await portraitsOf(user.id);
    expect(portrait).toMatchObject({ name: "astronaut", width: 512, height: 512, hasAlpha: false, contentType: "image/jpeg" });
    // Person analysis ran in the upload: a mask at the image's size, one face, chosen.
    expect(portrait).toMatchObject({ analysisStatus: "done", faceIndex: 0, cutoutEnabled: true });
    expect(JSON.parse(portrait.faces!)).toHaveLength(1);
    expect(await sharp(await storedBytes(portrait.maskKey!)).metadata()).toMatchObject({ format: "png", width: 512, height: 512, channels: 1 });
    expect((await sharp(await storedBytes(portrait.normalizedKey)).metadata()).format).toBe("jpeg");
    const preview = await sharp(await storedBytes(portrait.previewKey)).metadata();
    expect(preview.format).toBe("webp");
    expect(Math.max(preview.width!, preview.height!)).toBeLessThanOrEqual(512);

    const listed = await settle(portraitsLoader({ request: getRequest("/portraits", { cookie: user.cookie }), params: {}, context: {} }));
    const data = (await listed.json()) as { portraits: { id: string; analysis: Record<string, unknown> }[] };
    expect(data.portraits.map((p) => p.id)).toEqual([portrait.id]);
    expect(data.portraits[0].analysis).toMatchObject({ status: "done", faceIndex: 0, cutoutEnabled: true, cutoutVersion: expect.any(String) });
    // Storage keys stay on the server.
    expect(JSON.stringify(data)).not.toContain(portrait.maskKey!);
  });

  test("auto-orients from EXIF and strips every piece of metadata, location included", async () => {
    const user = await signedInUser();
    const photo = await jpegWithOrientationAndGps(600, 400);
    expect((await sharp(photo).metadata()).exif).toBeDefined();

    await upload(user.cookie, [{ name: "holiday.jpg", bytes: photo }]);
    const [portrait] = await portraitsOf(user.id);
    expect({ width: portrait.width, height: portrait.height }).toEqual({ width: 400, height: 600 });
    for (const key of [portrait.normalizedKey, portrait.previewKey]) {
      const meta = await sharp(await storedBytes(key)).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
    }
  });

  test("caps the long side at 2048 pixels and converts CMYK to sRGB", async () => {
    const user = await signedInUser();
    const big = await noisyJpeg(3000, 2000);
    const cmyk = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#c0392b" } })
      .toColourspace("cmyk")
      .jpeg()
      .toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe("cmyk");
    await upload(user.cookie, [
      { name: "big.jpg", bytes: big },
      { name: "print.jpg", bytes: cmyk },
    ]);
    const portraits = await portraitsOf(user.id);
    const bigOne = portraits.find((p) => p.name === "big")!;
    expect({ width: bigOne.width, height: bigOne.height }).toEqual({ width: 2048, height: 1365 });
    const printed = portraits.find((p) => p.name === "print")!;
    expect((await sharp(await storedBytes(printed.normalizedKey)).metadata()).space).toBe("srgb");
  });

  test("a PNG with transparency stays a PNG cut-out; an opaque alpha channel does not count", async () => {
    const user = await signedInUser();
    await upload(user.cookie, [
      { name: "cutout.png", bytes: await transparentPng(400) },
      { name: "opaque.png", bytes: await opaquePngWithAlphaChannel(400) },
    ]);
    const portraits = await portraitsOf(user.id);
    const cutout = portraits.find((p) => p.name === "cutout")!;
    expect(cutout).toMatchObject({ hasAlpha: true, contentType: "image/png" });
    const stored = await sharp(await storedBytes(cutout.normalizedKey)).metadata();
    expect(stored).toMatchObject({ format: "png", hasAlpha: true });
    expect(portraits.find((p) => p.name === "opaque")).toMatchObject({ hasAlpha: false, contentType: "image/jpeg" });
  });

  test("an animated image keeps its first frame", async () => {
    const user = await signedInUser();
    await upload(user.cookie, [{ name: "wave.webp", bytes: await animatedWebp(300) }]);
    const [portrait] = await portraitsOf(user.id);
    expect({ width: portrait.width, height: portrait.height }).toEqual({ width: 300, height: 300 });
    const { dominant } = await sharp(await storedBytes(portrait.normalizedKey)).stats();
    expect(dominant.r).toBeGreaterThan(200);
    expect(dominant.b).toBeLessThan(60);
  });

  test("several files at once: good ones are kept, bad ones are named in the answer", async () => {
    const user = await signedInUser();
    const { status, body } = await upload(user.cookie, [
      { name: "good.jpg", bytes: await solidJpeg(400, 400) },
      { name: "notes.txt", bytes: "hello" },
    ]);
    expect(status).toBe(200);
    expect(body.added).toBe(1);
    expect(body.errors).toEqual(["notes.txt is not an image we can read. Use a JPEG, PNG, WebP or AVIF photo."]);
    expect(await portraitsOf(user.id)).toHaveLength(1);
  });

  test("the default name is cleaned and limited; markup is kept as plain text", async () => {
    const user = await signedInUser();
    await upload(user.cookie, [
      { name: `${"x".repeat(10_000)}.jpg`, bytes: await solidJpeg(300, 300) },
      // (A "/" would be cut: the multipart parser keeps only a file name's last path part.)
      { name: "  <b>me<b>\u200b at_the_beach .jpg", bytes: await solidJpeg(300, 300) },
    ]);
    const names = (await portraitsOf(user.id)).map((p) => p.name).sort();
    expect(names).toEqual(["<b>me<b> at the beach", "x".repeat(80)]);
  });
});

describe("file names as browsers send them (issue 21)", () => {
  // Chromium writes the picked file's name into Content-Disposition as is,
  // but for " CR LF (as %22 %0D %0A); = and ; are common in exported photos.
  test("names with = ; \" \\ / and non-Latin letters are accepted and named after the file", async () => {
    const user = await signedInUser();
    const files = ["a=b.png", "x=1;y=2.jpg", 'say "cheese".jpg', "back\\slash.jpg", "folder/part.jpg", "Ünïcødé 写真 صورة.jpg", "tab\tand\nline.jpg"];
    const { status, body } = await upload(
      user.cookie,
      await Promise.all(files.map(async (name) => ({ name, bytes: await solidJpeg(300, 300) }))),
    );
    expect(body.errors).toEqual([]);
    expect(status).toBe(200);
    expect(body.added).toBe(files.length);
    // Only a name's last path part is kept ("\" counts as a separator, as on Windows).
    const names = (await portraitsOf(user.id)).map((p) => p.name).sort();
    expect(names).toEqual(["a=b", "x=1;y=2", 'say "cheese"', "slash", "part", "Ünïcødé 写真 صورة", "tab and line"].sort());
  });

  test("a raw control character in a file name (other than TAB) is a clear 400, and nothing is stored", async () => {
    const user = await signedInUser();
    for (const name of ["nul\u0000.jpg", "bell\u0007.jpg"]) {
      const { status, body } = await upload(user.cookie, [{ name, bytes: await solidJpeg(300, 300) }]);
      expect(status).toBe(400);
      expect(body.errors).toEqual([UNREADABLE_FILE_NAME_MESSAGE]);
    }
    expect(await portraitsOf(user.id)).toHaveLength(0);
  });
});

describe("bad uploads get a clear message and store nothing", async () => {
  const truncated = (await noisyJpeg(800, 600)).subarray(0, 20_000);
  const cases: Array<[string, { name: string; bytes: Buffer | string }, string]> = [
    ["an empty file", { name: "empty.jpg", bytes: Buffer.alloc(0) }, "empty.jpg is empty."],
    ["a text file renamed .jpg", { name: "photo.jpg", bytes: "just some text, honestly" }, "photo.jpg is not an image we can read. Use a JPEG, PNG, WebP or AVIF photo."],
    ["a truncated JPEG", { name: "cut.jpg", bytes: truncated }, "cut.jpg is damaged or incomplete (it could not be decoded). Try exporting it again."],
    ["a PNG claiming 30000x30000", { name: "bomb.png", bytes: await pngClaiming(30000, 30000) }, "bomb.png is 30000×30000 pixels, over the 50 megapixel limit. Resize it and try again."],
    ["an upload over the size limit", { name: "huge.jpg", bytes: Buffer.alloc(3_200_000, 1) }, "huge.jpg is larger than 3 MB. Use a smaller photo."],
    ["an SVG", { name: "me.svg", bytes: '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800"><rect width="800" height="800"/></svg>' }, "me.svg is an SVG drawing, not a photo. Use a JPEG, PNG, WebP or AVIF photo."],
    ["a ZIP", { name: "photos.zip", bytes: Buffer.concat([Buffer.from("PK\x03\x04", "binary"), Buffer.alloc(200, 7)]) }, "photos.zip is not an image we can read. Use a JPEG, PNG, WebP or AVIF photo."],
    ["a tiny image", { name: "icon.jpg", bytes: await solidJpeg(200, 120) }, "icon.jpg is only 200×120 pixels. Use a photo at least 256 pixels on its shorter side."],
    ["a GIF", { name: "anim.gif", bytes: await sharp({ create: { width: 300, height: 300, channels: 3, background: "#000" } }).gif().toBuffer() }, "anim.gif is a GIF file. Use a JPEG, PNG, WebP or AVIF photo."],
  ];

  test.each(cases)("%s", async (_label, file, message) => {
    const user = await signedInUser();
    const filesBefore = storedFileCount();
    const { status, body } = await upload(user.cookie, [file]);
    expect(status).toBe(400);
    expect(body).toEqual({ added: 0, errors: [message] });
    expect(await portraitsOf(user.id)).toHaveLength(0);
    expect(storedFileCount()).toBe(filesBefore);
  });

  test("a form with no file", async () => {
    const user = await signedInUser();
    const form = new FormData();
    form.append("photos", new Blob([]), "");
    const request = new Request("http://localhost/portraits", { method: "POST", body: form, headers: { Cookie: user.cookie } });
    const response = await settle(uploadAction({ request, params: {}, context: {} }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ added: 0, errors: ["Choose at least one photo to upload."] });
  });

  test("a form that is not multipart", async () => {
    const user = await signedInUser();
    const response = await settle(uploadAction({ request: formRequest("/portraits", { photos: "x" }, { cookie: user.cookie }), params: {}, context: {} }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as UploadResult).errors[0]).toMatch(/Send the photos with the upload form/);
  });

  test("a visitor cannot upload", async () => {
    const form = new FormData();
    form.append("photos", new Blob([new Uint8Array(await solidJpeg(300, 300))]), "a.jpg");
    const response = await settle(uploadAction({ request: new Request("http://localhost/portraits", { method: "POST", body: form }), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("one portrait: serve, rename, delete", () => {
  async function userWithPortrait() {
    const user = await signedInUser();
    await upload(user.cookie, [{ name: "astronaut.png", bytes: readAstronaut() }]);
    const [portrait] = await portraitsOf(user.id);
    return { user, portrait };
  }

  function act(portraitId: string, fields: Record<string, string>, cookie: string) {
    return settle(portraitAction({ request: formRequest(`/portraits/${portraitId}`, fields, { cookie }), params: { portraitId }, context: {} }));
  }

  function image(portraitId: string, variant: string, cookie: string, headers: Record<string, string> = {}) {
    const request = new Request(`http://localhost/resources/portraits/${portraitId}/${variant}`, { headers: { Cookie: cookie, ...headers } });
    return settle(imageLoader({ request, params: { portraitId, variant }, context: {} }));
  }

  test("the owner gets the image with its type, an ETag and immutable caching", async () => {
    const { user, portrait } = await userWithPortrait();
    const response = await image(portrait.id, "preview", user.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/webp");
    expect(response.headers.get("Cache-Control")).toBe("private, max-age=31536000, immutable");
    const body = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get("Content-Length"))).toBe(body.length);
    expect((await sharp(body).metadata()).format).toBe("webp");

    const again = await image(portrait.id, "preview", user.cookie, { "If-None-Match": response.headers.get("ETag")! });
    expect(again.status).toBe(304);
    const full = await image(portrait.id, "image", user.cookie);
    expect(full.headers.get("Content-Type")).toBe("image/jpeg");
    await full.body?.cancel();
    expect((await image(portrait.id, "original", user.cookie)).status).toBe(404);
  });

  test("another user's portrait id answers 404 to view, rename and delete, and changes nothing", async () => {
    const { portrait } = await userWithPortrait();
    const stranger = await signedInUser();
    expect((await image(portrait.id, "preview", stranger.cookie)).status).toBe(404);
    expect((await image(portrait.id, "image", stranger.cookie)).status).toBe(404);
    expect((await act(portrait.id, { intent: "rename", name: "mine now" }, stranger.cookie)).status).toBe(404);
    expect((await act(portrait.id, { intent: "delete" }, stranger.cookie)).status).toBe(404);
    const still = await prisma.portrait.findUnique({ where: { id: portrait.id }, select: { name: true } });
    expect(still).toEqual({ name: "astronaut" });
    expect(await storage.exists(portrait.normalizedKey)).toBe(true);
  });

  test("rename trims, refuses an empty or 10,000 character name with a message, keeps markup as text", async () => {
    const { user, portrait } = await userWithPortrait();
    const ok = await act(portrait.id, { intent: "rename", name: "   Studio   shot  " }, user.cookie);
    expect(ok.status).toBe(200);
    expect((await portraitsOf(user.id))[0].name).toBe("Studio shot");

    const long = await act(portrait.id, { intent: "rename", name: "y".repeat(10_000) }, user.cookie);
    expect(long.status).toBe(400);
    expect(((await long.json()) as { result: { error: Record<string, string[]> } }).result.error.name).toEqual([
      "Keep the name to 80 characters or fewer.",
    ]);
    const empty = await act(portrait.id, { intent: "rename", name: "   " }, user.cookie);
    expect(((await empty.json()) as { result: { error: Record<string, string[]> } }).result.error.name).toEqual([
      "Give the portrait a name.",
    ]);
    expect((await portraitsOf(user.id))[0].name).toBe("Studio shot");

    await act(portrait.id, { intent: "rename", name: '<img src=x onerror="alert(1)">' }, user.cookie);
    expect((await portraitsOf(user.id))[0].name).toBe('<img src=x onerror="alert(1)">');
  });

  test("delete removes the row and both files", async () => {
    const { user, portrait } = await userWithPortrait();
    const response = await act(portrait.id, { intent: "delete" }, user.cookie);
    expect(response.status).toBe(200);
    expect(await portraitsOf(user.id)).toHaveLength(0);
    expect(await storage.exists(portrait.normalizedKey)).toBe(false);
    expect(await storage.exists(portrait.previewKey)).toBe(false);
    expect((await image(portrait.id, "preview", user.cookie)).status).toBe(404);
  });

  test("delete keeps the image a generation still uses, so history never breaks", async () => {
    const { user, portrait } = await userWithPortrait();
    const generation = await prisma.generation.create({
      data: { userId: user.id, portraitId: portrait.id, portraitKey: portrait.normalizedKey, keywords: "space" },
      select: { id: true },
    });
    await act(portrait.id, { intent: "delete" }, user.cookie);
    expect(await storage.exists(portrait.previewKey)).toBe(false);
    expect(await storage.exists(portrait.normalizedKey)).toBe(true);
    const kept = await prisma.generation.findUniqueOrThrow({ where: { id: generation.id }, select: { portraitId: true, portraitKey: true } });
    expect(kept).toEqual({ portraitId: null, portraitKey: portrait.normalizedKey });
  });

  test("a plain form post (no JavaScript) goes back to the Portraits page, with a confirmation", async () => {
    const { user, portrait } = await userWithPortrait();
    const request = formRequest(`/portraits/${portrait.id}`, { intent: "rename", name: "No JS" }, { cookie: user.cookie });
    request.headers.set("Accept", "text/html,application/xhtml+xml");
    const response = await settle(portraitAction({ request, params: { portraitId: portrait.id }, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/portraits");
    const toastCookie = response.headers.get("Set-Cookie")!.split(";")[0];
    const { toast } = await getToast(getRequest("/portraits", { cookie: toastCookie }));
    expect(toast).toMatchObject({ title: "Portrait renamed", description: "It is now called “No JS”." });
  });
});

describe("the cut-out: view it, choose the face, switch it off", () => {
  type ActionResult = { result: { status: string; error?: Record<string, string[]> } };

  function act(portraitId: string, fields: Record<string, string>, cookie: string) {
    return settle(portraitAction({ request: formRequest(`/portraits/${portraitId}`, fields, { cookie }), params: { portraitId }, context: {} }));
  }

  function image(portraitId: string, variant: string, cookie: string) {
    const request = new Request(`http://localhost/resources/portraits/${portraitId}/${variant}`, { headers: { Cookie: cookie } });
    return settle(imageLoader({ request, params: { portraitId, variant }, context: {} }));
  }

  async function userWith(name: string, bytes: Buffer) {
    const user = await signedInUser();
    await upload(user.cookie, [{ name, bytes }]);
    const [portrait] = await portraitsOf(user.id);
    return { user, portrait };
  }

  function reread(portraitId: string) {
    return prisma.portrait.findUniqueOrThrow({
      where: { id: portraitId },
      select: { maskKey: true, cutoutPreviewKey: true, faceIndex: true, cutoutEnabled: true },
    });
  }

  test("the owner gets the cut-out as a WebP with transparency; others and portraits without one get 404", async () => {
    const { user, portrait } = await userWith("astronaut.png", readAstronaut());
    const response = await image(portrait.id, "cutout", user.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/webp");
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "webp", hasAlpha: true, width: 512, height: 512 });

    const stranger = await signedInUser();
    expect((await image(portrait.id, "cutout", stranger.cookie)).status).toBe(404);
    const { user: other, portrait: wall } = await userWith("wall.jpg", await solidJpeg(400, 400));
    expect(wall).toMatchObject({ analysisStatus: "done", maskKey: null });
    expect((await image(wall.id, "cutout", other.cookie)).status).toBe(404);
  });

  test("set-face rebuilds the mask around another face under a new key and frees the old file", async () => {
    const { user, portrait } = await userWith("two.jpg", await twoPeople());
    const faces = JSON.parse(portrait.faces!) as unknown[];
    expect(faces).toHaveLength(2);
    expect(portrait.faceIndex).toBe(0);
    const other = 1;
    const oldMask = await storedBytes(portrait.maskKey!);

    const response = await act(portrait.id, { intent: "set-face", faceIndex: String(other) }, user.cookie);
    expect(response.status).toBe(200);
    const after = await reread(portrait.id);
    expect(after.faceIndex).toBe(other);
    expect(after.maskKey).not.toBe(portrait.maskKey);
    expect(after.cutoutPreviewKey).not.toBe(portrait.cutoutPreviewKey);
    expect(await storage.exists(after.maskKey!)).toBe(true);
    expect(await storage.exists(portrait.maskKey!)).toBe(false);
    expect(await storage.exists(portrait.cutoutPreviewKey!)).toBe(false);
    // Built around the other person: the masks differ.
    expect((await storedBytes(after.maskKey!)).equals(oldMask)).toBe(false);

    // The cut-out preview is 512 px wide and shows the photo's own colours where the person is.
    const cutout = await sharp(await storedBytes(after.cutoutPreviewKey!)).raw().toBuffer({ resolveWithObject: true });
    expect(cutout.info).toMatchObject({ width: 512, height: 300, channels: 4 });
    const photo = await sharp(await storedBytes(portrait.normalizedKey)).resize(512, 300).raw().toBuffer();
    let person = 0;
    let difference = 0;
    for (let i = 0, j = 0; i < cutout.data.length; i += 4, j += 3) {
      if (cutout.data[i + 3] < 250) continue;
      person += 1;
      for (let c = 0; c < 3; c++) difference += Math.abs(cutout.data[i + c] - photo[j + c]);
    }
    expect(person).toBeGreaterThan(512 * 300 * 0.03);
    expect(difference / person / 3).toBeLessThan(12);
  });

  test("set-face keeps the old mask while a generation still uses it", async () => {
    const { user, portrait } = await userWith("two.jpg", await twoPeople());
    await prisma.generation.create({
      data: { userId: user.id, portraitId: portrait.id, portraitKey: portrait.normalizedKey, portraitMaskKey: portrait.maskKey, keywords: "duo" },
      select: { id: true },
    });
    expect((await act(portrait.id, { intent: "set-face", faceIndex: "1" }, user.cookie)).status).toBe(200);
    expect(await storage.exists(portrait.maskKey!)).toBe(true);
    expect((await reread(portrait.id)).maskKey).not.toBe(portrait.maskKey);
  });

  test("a face that does not exist, or is not a number, answers 400 with a message and changes nothing", async () => {
    const { user, portrait } = await userWith("astronaut.png", readAstronaut());
    const outOfRange = await act(portrait.id, { intent: "set-face", faceIndex: "3" }, user.cookie);
    expect(outOfRange.status).toBe(400);
    expect(((await outOfRange.json()) as ActionResult).result.error?.[""]).toEqual(["This portrait has 1 face: choose face 1."]);

    for (const faceIndex of ["-1", "one", "1.5", ""]) {
      const bad = await act(portrait.id, { intent: "set-face", faceIndex }, user.cookie);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as ActionResult).result.error?.faceIndex).toEqual(["Choose a face by its number."]);
    }
    expect(await reread(portrait.id)).toEqual({ maskKey: portrait.maskKey, cutoutPreviewKey: portrait.cutoutPreviewKey, faceIndex: 0, cutoutEnabled: true });

    const { user: other, portrait: wall } = await userWith("wall.jpg", await solidJpeg(400, 400));
    const none = await act(wall.id, { intent: "set-face", faceIndex: "0" }, other.cookie);
    expect(none.status).toBe(400);
    expect(((await none.json()) as ActionResult).result.error?.[""]).toEqual(["No face was found in this portrait, so there is none to choose."]);
  });

  test("set-cutout turns the cut-out off and on again", async () => {
    const { user, portrait } = await userWith("astronaut.png", readAstronaut());
    expect((await act(portrait.id, { intent: "set-cutout", enabled: "false" }, user.cookie)).status).toBe(200);
    expect((await reread(portrait.id)).cutoutEnabled).toBe(false);
    expect((await act(portrait.id, { intent: "set-cutout", enabled: "true" }, user.cookie)).status).toBe(200);
    expect((await reread(portrait.id)).cutoutEnabled).toBe(true);
    const bad = await act(portrait.id, { intent: "set-cutout", enabled: "maybe" }, user.cookie);
    expect(bad.status).toBe(400);
  });

  test("another user's portrait answers 404 to set-face and set-cutout, and changes nothing", async () => {
    const { portrait } = await userWith("two.jpg", await twoPeople());
    const stranger = await signedInUser();
    expect((await act(portrait.id, { intent: "set-face", faceIndex: "1" }, stranger.cookie)).status).toBe(404);
    expect((await act(portrait.id, { intent: "set-cutout", enabled: "false" }, stranger.cookie)).status).toBe(404);
    expect(await reread(portrait.id)).toEqual({ maskKey: portrait.maskKey, cutoutPreviewKey: portrait.cutoutPreviewKey, faceIndex: 0, cutoutEnabled: true });
  });

  test("delete removes the mask and the cut-out preview with the portrait", async () => {
    const { user, portrait } = await userWith("astronaut.png", readAstronaut());
    expect((await act(portrait.id, { intent: "delete" }, user.cookie)).status).toBe(200);
    expect(await storage.exists(portrait.maskKey!)).toBe(false);
    expect(await storage.exists(portrait.cutoutPreviewKey!)).toBe(false);
  });
});
