// Emoji drawn as colour art: Twemoji SVG files (CC-BY 4.0, @twemoji/svg),
// read once per process and inlined into the thumbnail's SVG; and where the
// Fluent Emoji 3D art of a topic prop is found (../prop-art.server).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let dir: string | undefined;
let names: Set<string> | undefined;

function files() {
  if (!names) {
    dir = path.dirname(require.resolve("@twemoji/svg/package.json"));
    names = new Set(fs.readdirSync(dir).filter((f) => f.endsWith(".svg")).map((f) => f.slice(0, -4)));
  }
  return names;
}

const hex = (cps: number[]) => cps.map((c) => c.toString(16)).join("-");
const VS16 = 0xfe0f;
const ZWJ = 0x200d;

/** Spellings of a grapheme's file name to try: as given, without VS16, and fully qualified (VS16 after each text-default component). */
function spellings(grapheme: string) {
  const cps = [...grapheme].map((c) => c.codePointAt(0)!);
  const bare = cps.filter((c) => c !== VS16);
  const qualified: number[] = [];
  bare.forEach((c, i) => {
    qualified.push(c);
    const next = bare[i + 1];
    if (c !== ZWJ && !isModifier(c) && (next === undefined || next === ZWJ) && !PRESENTATION.test(String.fromCodePoint(c))) qualified.push(VS16);
  });
  return [hex(cps), hex(bare), hex(qualified)];
}

// Microsoft's Fluent Emoji 3D (MIT, @lobehub/fluent-emoji-3d): one 256x256
// WebP per emoji, named by lower-case code points joined by "-", fully
// qualified ("1f399-fe0f" for 🎙️). It lacks some newer emoji; Twemoji
// draws those.
let dir3d: string | undefined;
let names3d: Set<string> | undefined;

/** The Fluent Emoji 3D WebP for a grapheme (an absolute path), or undefined when it has none. */
export function emoji3dFile(grapheme: string): string | undefined {
  if (!names3d) {
    dir3d = path.join(path.dirname(require.resolve("@lobehub/fluent-emoji-3d/package.json")), "assets");
    names3d = new Set(fs.readdirSync(dir3d).filter((f) => f.endsWith(".webp")).map((f) => f.slice(0, -5)));
  }
  const name = spellings(grapheme).find((n) => names3d!.has(n));
  return name ? path.join(dir3d!, `${name}.webp`) : undefined;
}

/** The Twemoji SVG file for a grapheme (an absolute path), or undefined. */
export function emojiSvgPath(grapheme: string): string | undefined {
  const file = emojiFile(grapheme);
  return file ? path.join(dir!, `${file}.svg`) : undefined;
}

/**
 * The Twemoji file name (without .svg) for a grapheme, or undefined.
 * Twemoji names drop VS16 except inside most ZWJ sequences, and text often
 * carries VS16 where the file has none (or the reverse), so several spellings
 * are tried: as given, without VS16, and with VS16 after each ZWJ component.
 */
export function emojiFile(grapheme: string): string | undefined {
  const all = files();
  return spellings(grapheme).find((name) => all.has(name));
}

const isModifier = (c: number) => c >= 0x1f3fb && c <= 0x1f3ff;

const EMOJI_LIKE = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
const PRESENTATION = /\p{Emoji_Presentation}|\p{Regional_Indicator}|\u20e3|\ufe0f/u;

/**
 * Whether a grapheme is drawn as emoji art. Emoji-presentation characters,
 * anything with VS16, keycaps and flags are; text-default symbols (©, ™, ★)
 * only when no font has them (`fontCovers` false).
 */
export function isEmoji(grapheme: string, fontCovers: () => boolean): boolean {
  if (!EMOJI_LIKE.test(grapheme)) return false;
  if (grapheme.includes("\ufe0e")) return false;
  if (!PRESENTATION.test(grapheme) && fontCovers()) return false;
  return true;
}

/** Split a ZWJ sequence that has no art of its own into its parts (as Twemoji does). */
export function emojiParts(grapheme: string): string[] {
  return grapheme.split("\u200d").filter(Boolean);
}

type Art = { body: string; silhouette: string; shape: string; hasIds: boolean };
const art = new Map<string, Art>();

/**
 * Inner markup of a Twemoji file (36x36 viewBox), a black silhouette of it
 * for outline and shadow, and the same silhouette in `currentColor` (for a
 * glow or an extrusion in another colour: set `color` on a parent).
 */
export function emojiArt(file: string): Art {
  let entry = art.get(file);
  if (!entry) {
    files();
    const svg = fs.readFileSync(path.join(dir!, `${file}.svg`), "utf8");
    const body = svg.replace(/^[\s\S]*?<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "");
    const silhouette = body
      .replace(/fill="(?!none)[^"]*"/g, 'fill="#000"')
      .replace(/stroke="(?!none)[^"]*"/g, 'stroke="#000"');
    const shape = silhouette.replaceAll('"#000"', '"currentColor"');
    entry = { body, silhouette, shape, hasIds: /\sid="/.test(body) };
    art.set(file, entry);
  }
  return entry;
}

/** Makes the ids of an inlined file unique within one SVG document. */
export function scopeIds(markup: string, prefix: string) {
  return markup.replace(/\sid="([^"]+)"/g, ` id="${prefix}$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`);
}
