// The committed icons are the ones the script draws, at the sizes the manifest promises.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { icoFromPngs } from "./make-icons";

const publicDir = path.resolve("public");
let fresh: string;

beforeAll(() => {
  fresh = fs.mkdtempSync(path.join(os.tmpdir(), "icons-"));
  execFileSync(process.execPath, ["--import", "tsx", "scripts/make-icons.ts", fresh], { stdio: "ignore" });
});
afterAll(() => fs.rmSync(fresh, { recursive: true, force: true }));

async function pixels(file: string) {
  return sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
}

describe("icons", () => {
  test("every icon in the manifest exists at its declared size, and one is maskable", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(publicDir, "site.webmanifest"), "utf8"));
    expect(manifest).toMatchObject({ name: "Thumbsmith", short_name: "Thumbsmith", display: "standalone", start_url: "/gallery" });
    for (const icon of manifest.icons) {
      const meta = await sharp(path.join(publicDir, icon.src)).metadata();
      expect(`${meta.width}x${meta.height}`, icon.src).toBe(icon.sizes);
      expect(meta.format, icon.src).toBe("png");
    }
    expect(manifest.icons.map((i: { purpose: string }) => i.purpose)).toContain("maskable");
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  });

  test("the committed files are what scripts/make-icons.ts draws now", async () => {
    for (const name of ["icon-192.png", "icon-512.png", "icon-maskable-512.png", "apple-touch-icon.png", "favicon.ico"]) {
      if (name.endsWith(".ico")) {
        expect(fs.readFileSync(path.join(publicDir, name)).equals(fs.readFileSync(path.join(fresh, name))), name).toBe(true);
        continue;
      }
      const [committed, drawn] = await Promise.all([pixels(path.join(publicDir, name)), pixels(path.join(fresh, name))]);
      expect(committed.info.width, name).toBe(drawn.info.width);
      let worst = 0;
      for (let i = 0; i < drawn.data.length; i++) worst = Math.max(worst, Math.abs(committed.data[i]! - drawn.data[i]!));
      expect(worst, `${name}: largest channel difference`).toBeLessThanOrEqual(8);
    }
    expect(fs.readFileSync(path.join(publicDir, "favicon.svg"), "utf8")).toBe(fs.readFileSync(path.join(fresh, "favicon.svg"), "utf8"));
  });

  test("a maskable or Apple icon fills its square; the manifest's plain icons have rounded, clear corners", async () => {
    const corner = async (name: string) => {
      const { data } = await pixels(path.join(publicDir, name));
      return data[3];
    };
    expect(await corner("icon-maskable-512.png")).toBe(255);
    expect(await corner("apple-touch-icon.png")).toBe(255);
    expect(await corner("icon-512.png")).toBe(0);
  });

  test("favicon.ico holds a 16 and a 32 px PNG", async () => {
    const ico = fs.readFileSync(path.join(publicDir, "favicon.ico"));
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(2);
    for (const [index, size] of [16, 32].entries()) {
      const entry = 6 + index * 16;
      expect(ico.readUInt8(entry)).toBe(size);
      const png = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      const meta = await sharp(png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", size, size]);
    }
  });

  test("an ICO directory entry writes 256 px as 0, as the format says", () => {
    const ico = icoFromPngs([{ size: 256, data: Buffer.from("png") }]);
    expect([ico.readUInt8(6), ico.readUInt8(7), ico.readUInt32LE(6 + 8), ico.readUInt32LE(6 + 12)]).toEqual([0, 0, 3, 22]);
  });
});
