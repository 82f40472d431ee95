// The fonts the headline engine draws with, loaded once per process into
// HarfBuzz (shaping, kerning, outlines). Every face ships as an npm package,
// so rendering never depends on system fonts.
import fs from "node:fs";
import { createRequire } from "node:module";
import * as hb from "harfbuzzjs";

const require = createRequire(import.meta.url);

export type FontId = "anton" | "noto" | "jp" | "kr" | "sc" | "tc" | "arabic" | "hebrew" | "devanagari" | "thai";

const FILES: Record<FontId, string> = {
  anton: "@expo-google-fonts/anton/400Regular/Anton_400Regular.ttf",
  noto: "@expo-google-fonts/noto-sans/900Black/NotoSans_900Black.ttf",
  jp: "@expo-google-fonts/noto-sans-jp/900Black/NotoSansJP_900Black.ttf",
  kr: "@expo-google-fonts/noto-sans-kr/900Black/NotoSansKR_900Black.ttf",
  sc: "@expo-google-fonts/noto-sans-sc/900Black/NotoSansSC_900Black.ttf",
  tc: "@expo-google-fonts/noto-sans-tc/900Black/NotoSansTC_900Black.ttf",
  arabic: "@expo-google-fonts/noto-sans-arabic/900Black/NotoSansArabic_900Black.ttf",
  hebrew: "@expo-google-fonts/noto-sans-hebrew/900Black/NotoSansHebrew_900Black.ttf",
  devanagari: "@expo-google-fonts/noto-sans-devanagari/900Black/NotoSansDevanagari_900Black.ttf",
  thai: "@expo-google-fonts/noto-sans-thai/900Black/NotoSansThai_900Black.ttf",
};

export const FONT_IDS = Object.keys(FILES) as FontId[];
export const CJK_FONTS: FontId[] = ["jp", "kr", "sc", "tc"];

/** Extents in font units, y up (HarfBuzz convention). */
export type Ink = { left: number; right: number; top: number; bottom: number };

export type LoadedFont = {
  id: FontId;
  font: hb.Font;
  upem: number;
  /** Code points with a real glyph (glyph id != 0). */
  coverage: Set<number>;
  /**
   * The font-unit height that the layout's "cap height" maps to, and how far
   * the glyphs are raised so that this reference sits on the baseline.
   * Latin, Cyrillic, Greek: the height of "H". CJK (and Hangul in the KR face):
   * the ink of the ideograph 国 (U+56FD), i.e. the ideographic character face
   * as drawn, top 819 / bottom -93 of 1000 in Noto Sans CJK; it is raised by 93
   * so the face sits on the baseline and spans exactly one cap height.
   * Devanagari: the top of the headline (shirorekha) of क. Hebrew: ה.
   * Arabic: the alef ا. Thai: ก, scaled so Thai letters read as large as caps
   * without their marks overrunning the line above.
   */
  refHeight: number;
  raise: number;
  /** Extra tracking after every glyph, in font units. */
  tracking: number;
  inks: Map<number, Ink | null>;
  outlines: Map<number, Array<{ type: string; values: number[] }>>;
};

const loaded = new Map<FontId, LoadedFont>();

function refOf(font: hb.Font, char: string) {
  const gid = font.nominalGlyph(char.codePointAt(0)!);
  const ext = gid ? font.glyphExtents(gid) : undefined;
  if (!ext) throw new Error(`Reference glyph ${char} missing`);
  return { top: ext.yBearing, bottom: ext.yBearing + ext.height };
}

export function getFont(id: FontId): LoadedFont {
  let entry = loaded.get(id);
  if (entry) return entry;
  const bytes = fs.readFileSync(require.resolve(FILES[id]));
  const face = new hb.Face(new hb.Blob(bytes), 0);
  const font = new hb.Font(face);
  const upem = face.upem;
  let refHeight: number;
  let raise = 0;
  switch (id) {
    case "jp":
    case "kr":
    case "sc":
    case "tc": {
      const r = refOf(font, "国");
      refHeight = r.top - r.bottom;
      raise = -r.bottom;
      break;
    }
    case "arabic":
      refHeight = refOf(font, "ا").top;
      break;
    case "hebrew":
      refHeight = refOf(font, "ה").top;
      break;
    case "devanagari":
      refHeight = refOf(font, "क").top;
      break;
    case "thai":
      refHeight = refOf(font, "ก").top / 0.8;
      break;
    default:
      refHeight = refOf(font, "H").top;
  }
  entry = {
    id,
    font,
    upem,
    coverage: new Set(face.collectUnicodes()),
    refHeight,
    raise,
    tracking: id === "anton" ? 0.01 * upem : 0,
    inks: new Map(),
    outlines: new Map(),
  };
  loaded.set(id, entry);
  return entry;
}

export function covers(font: LoadedFont, cp: number) {
  return font.coverage.has(cp);
}

/** Raw outline commands as numbers, for transforming to frame coordinates. */
export function glyphOutline(f: LoadedFont, gid: number) {
  let out = f.outlines.get(gid);
  if (!out) {
    out = f.font.glyphToJson(gid);
    f.outlines.set(gid, out);
  }
  return out;
}

export function glyphInk(f: LoadedFont, gid: number): Ink | null {
  let ink = f.inks.get(gid);
  if (ink === undefined) {
    const ext = f.font.glyphExtents(gid);
    ink = ext && ext.width !== 0 && ext.height !== 0
      ? { left: ext.xBearing, right: ext.xBearing + ext.width, top: ext.yBearing, bottom: ext.yBearing + ext.height }
      : null;
    f.inks.set(gid, ink);
  }
  return ink;
}

export { hb };
