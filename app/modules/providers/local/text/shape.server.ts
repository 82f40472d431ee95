// One code path for every script: a word is split into graphemes, grouped
// into runs by script, each run gets one font chosen by glyph coverage (the
// whole run in one font where possible), and HarfBuzz shapes it (kerning,
// ligatures, Arabic joining, Indic reordering, RTL). Emoji become Twemoji art.
// Results are in "cap units": 1 = the layout's cap height, so one shaping of
// a word serves every font size the fitter tries.
import { emojiArt, emojiFile, emojiParts, isEmoji } from "./emoji.server";
import { CJK_FONTS, FONT_IDS, type FontId, type LoadedFont, covers, getFont, glyphInk, hb } from "./fonts.server";

export type ScriptClass = "latin" | "han" | "hangul" | "arabic" | "hebrew" | "devanagari" | "thai" | "other" | "common";

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

export function splitGraphemes(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

const CLASS_TESTS: Array<[RegExp, ScriptClass]> = [
  [/[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u, "latin"],
  [/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u, "han"],
  [/\p{Script=Hangul}/u, "hangul"],
  [/\p{Script=Arabic}/u, "arabic"],
  [/\p{Script=Hebrew}/u, "hebrew"],
  [/\p{Script=Devanagari}/u, "devanagari"],
  [/\p{Script=Thai}/u, "thai"],
  [/[\p{Script=Common}\p{Script=Inherited}]/u, "common"],
];
const classCache = new Map<number, ScriptClass>();

export function scriptClass(cp: number): ScriptClass {
  let c = classCache.get(cp);
  if (!c) {
    const ch = String.fromCodePoint(cp);
    c = CLASS_TESTS.find(([re]) => re.test(ch))?.[1] ?? "other";
    classCache.set(cp, c);
  }
  return c;
}

/** Code points that need no glyph of their own (joiners, selectors, invisible format characters). */
export function isIgnorable(cp: number) {
  return (
    cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0x200e || cp === 0x200f || cp === 0xfeff ||
    (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || (cp >= 0x2060 && cp <= 0x2064) || cp === 0xad
  );
}

const RTL = new Set<ScriptClass>(["arabic", "hebrew"]);

// Characters that only appear in Traditional Chinese; a Han-only headline
// with more of these than Simplified-only characters is set in Noto Sans TC.
const TRADITIONAL =
  "這個們來說時會為國對發學經過還沒麼嗎後讓東車長門見問間頭電話機開關買賣錢書飛馬鳥魚龍愛實現點無與業兩產親從眾優傳體備應強當戰報權歡氣漢熱華萬邊語讀寫聽鐘級網遊戲視頻測試評價記錄臺灣廣場區場義選擇變總單號碼製費顯響鬥質類麗應該樣豐難雙嚴";

/** The CJK face for a headline: Japanese with kana, Korean with Hangul, else Simplified or Traditional Chinese. */
export function cjkFontFor(text: string): FontId {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return "jp";
  if (/\p{Script=Hangul}/u.test(text)) return "kr";
  if (!/\p{Script=Han}/u.test(text)) return "jp";
  let simplified = 0;
  let traditional = 0;
  const tc = getFont("tc");
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (scriptClass(cp) !== "han") continue;
    if (!covers(tc, cp)) simplified++;
    else if (TRADITIONAL.includes(ch)) traditional++;
  }
  return traditional > simplified ? "tc" : "sc";
}

function candidates(cls: ScriptClass, cjk: FontId): FontId[] {
  switch (cls) {
    case "han":
      return [cjk, ...CJK_FONTS.filter((f) => f !== cjk && f !== "kr"), "kr", "noto"];
    case "hangul":
      return ["kr"];
    case "arabic":
      return ["arabic", "noto"];
    case "hebrew":
      return ["hebrew", "noto"];
    case "devanagari":
      return ["devanagari", "noto"];
    case "thai":
      return ["thai", "noto"];
    case "other":
      return ["noto", ...FONT_IDS.filter((f) => f !== "noto")];
    default:
      return ["anton", "noto", cjk, ...FONT_IDS.filter((f) => f !== "anton" && f !== "noto" && f !== cjk)];
  }
}

const needed = (g: string) => [...g].map((c) => c.codePointAt(0)!).filter((cp) => !isIgnorable(cp));
const coversAll = (f: LoadedFont, g: string) => needed(g).every((cp) => covers(f, cp));

/** The first font (in the preference order for its script) that can draw the whole grapheme. */
export function fontForGrapheme(g: string, cls: ScriptClass, cjk: FontId): FontId | undefined {
  const order = candidates(cls, cjk);
  for (const id of [...order, ...FONT_IDS.filter((f) => !order.includes(f))]) if (coversAll(getFont(id), g)) return id;
  return undefined;
}

export type PlacedGlyph = { gid: number; x: number; y: number };
/** `xScale` < 1 narrows the outlines horizontally (Noto Sans standing in for the condensed Anton). */
export type GlyphRun = { font: FontId; scale: number; xScale: number; glyphs: PlacedGlyph[] };
export type PlacedEmoji = { file: string; x: number; y: number; size: number };
export type Shaped = {
  text: string;
  /** Advance width of the word in cap units, covering its ink. */
  width: number;
  runs: GlyphRun[];
  emoji: PlacedEmoji[];
  /** Ink extents in cap units, y up from the baseline. */
  inkTop: number;
  inkBottom: number;
  direction: "ltr" | "rtl";
  /** Graphemes nothing can draw (left out of the drawing, never a box). */
  missing: string[];
  /** Advance contributed by the grapheme starting at each UTF-16 offset (cap units), for cheap estimates of a fragment's width. */
  advances: Map<number, number>;
  /** Ink left and right edges in cap units from the word's origin. */
  inkLeft: number;
  inkRight: number;
  /** Fonts and emoji files chosen per grapheme, for tests and coverage. */
  choices: Array<{ grapheme: string; font?: FontId; emoji?: string; gids?: number[] }>;
};

type Segment = { kind: "text"; cls: ScriptClass; text: string; graphemes: string[]; starts: number[] } | { kind: "emoji"; files: string[]; grapheme: string; start: number };

function segments(word: string): Segment[] {
  const segs: Segment[] = [];
  let offset = 0;
  for (const g of splitGraphemes(word)) {
    const start = offset;
    offset += g.length;
    const cps = needed(g);
    if (cps.length === 0 && g.length) {
      continue; // a lone joiner or selector draws nothing
    }
    if (isEmoji(g, () => fontForGrapheme(g, "other", "jp") !== undefined)) {
      const whole = emojiFile(g);
      const files = whole ? [whole] : emojiParts(g).map((p) => emojiFile(p)).filter((f): f is string => !!f);
      if (files.length) {
        segs.push({ kind: "emoji", files, grapheme: g, start });
        continue;
      }
    }
    let cls = scriptClass(cps[0]);
    for (const cp of cps) {
      const c = scriptClass(cp);
      if (c !== "common") {
        cls = c;
        break;
      }
    }
    const last = segs[segs.length - 1];
    if (last?.kind === "text" && (cls === "common" || last.cls === cls || last.cls === "common")) {
      if (last.cls === "common") last.cls = cls;
      last.text += g;
      last.graphemes.push(g);
      last.starts.push(start);
    } else {
      segs.push({ kind: "text", cls, text: g, graphemes: [g], starts: [start] });
    }
  }
  return segs;
}

const cache = new Map<string, Shaped>();
const CACHE_LIMIT = 4000;

/** Shape one word (or word fragment) in cap units. Cached per (CJK face, text). */
export function shapeWord(text: string, cjk: FontId): Shaped {
  const key = `${cjk}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const shaped = shapeUncached(text.normalize("NFC"), cjk);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, shaped);
  return shaped;
}

type Piece =
  | { kind: "glyphs"; font: LoadedFont; xScale: number; glyphs: Array<{ gid: number; cluster: number; xAdvance: number; xOffset: number; yOffset: number }>; rtl: boolean; starts: number[] }
  | { kind: "emoji"; files: string[]; start: number };

const EMOJI_SIZE = 1.12; // cap units
// Noto Sans Black set next to (or instead of) Anton, a condensed face, for
// Cyrillic, Greek and Latin Anton lacks: narrowed so words keep Anton's
// proportions and long words fit; at 0.75 the heavy letters still read as drawn.
export const NOTO_CONDENSE = 0.75;
const EMOJI_GAP = 0.07;

function shapeRun(font: LoadedFont, text: string) {
  const buffer = new hb.Buffer();
  buffer.addText(text);
  buffer.guessSegmentProperties();
  hb.shape(font.font, buffer);
  const out = buffer.getGlyphInfosAndPositions();
  return out.map((g) => ({ gid: g.codepoint, cluster: g.cluster, xAdvance: g.xAdvance ?? 0, xOffset: g.xOffset ?? 0, yOffset: g.yOffset ?? 0 }));
}

function shapeUncached(text: string, cjk: FontId): Shaped {
  const segs = segments(text);
  const pieces: Array<Piece & { rtlRun: boolean }> = [];
  const missing: string[] = [];
  const choices: Shaped["choices"] = [];
  for (const seg of segs) {
    if (seg.kind === "emoji") {
      pieces.push({ kind: "emoji", files: seg.files, start: seg.start, rtlRun: false });
      choices.push({ grapheme: seg.grapheme, emoji: seg.files.join("+") });
      continue;
    }
    // Whole run in one font where one covers it, else grapheme by grapheme.
    const order = candidates(seg.cls, cjk);
    const whole = order.find((id) => seg.graphemes.every((g) => coversAll(getFont(id), g)));
    const groups: Array<{ font: FontId; graphemes: string[]; starts: number[] }> = [];
    for (const [k, g] of seg.graphemes.entries()) {
      const id = whole ?? fontForGrapheme(g, seg.cls, cjk);
      if (!id) {
        missing.push(g);
        continue;
      }
      const last = groups[groups.length - 1];
      if (last && last.font === id) {
        last.graphemes.push(g);
        last.starts.push(seg.starts[k]);
      } else groups.push({ font: id, graphemes: [g], starts: [seg.starts[k]] });
    }
    const rtl = RTL.has(seg.cls);
    for (const group of groups) {
      const font = getFont(group.font);
      const runText = group.graphemes.join("");
      const glyphs = shapeRun(font, runText);
      // Map glyphs back to graphemes through clusters (UTF-16 offsets).
      let offset = 0;
      for (const g of group.graphemes) {
        const start = offset;
        offset += g.length;
        choices.push({ grapheme: g, font: group.font, gids: glyphs.filter((x) => x.cluster >= start && x.cluster < offset).map((x) => x.gid) });
      }
      // Cluster (offset in the run) -> offset of its grapheme in the word.
      const local: number[] = [];
      let o = 0;
      for (const g of group.graphemes) {
        local.push(o);
        o += g.length;
      }
      for (const glyph of glyphs) {
        let k = local.length - 1;
        while (k > 0 && local[k] > glyph.cluster) k--;
        glyph.cluster = group.starts[k];
      }
      const xScale = group.font === "noto" && (seg.cls === "latin" || seg.cls === "common") ? NOTO_CONDENSE : 1;
      pieces.push({ kind: "glyphs", font, xScale, glyphs, rtl, rtlRun: rtl, starts: group.starts });
    }
  }
  // Direction of the word: the first strong run decides; runs are then laid
  // out in visual order (each RTL run already comes out of HarfBuzz visually).
  const firstStrong = segs.find((s) => s.kind === "text" && s.cls !== "common");
  const direction: "ltr" | "rtl" = firstStrong?.kind === "text" && RTL.has(firstStrong.cls) ? "rtl" : "ltr";
  const visual = direction === "rtl" ? [...pieces].reverse() : pieces;

  const runs: GlyphRun[] = [];
  const emoji: PlacedEmoji[] = [];
  let cursor = 0;
  let inkLeft = Infinity;
  let inkRight = -Infinity;
  let inkTop = -Infinity;
  let inkBottom = Infinity;
  const advances = new Map<number, number>();
  const advance = (start: number, w: number) => advances.set(start, (advances.get(start) ?? 0) + w);
  for (const piece of visual) {
    if (piece.kind === "emoji") {
      for (const file of piece.files) {
        emojiArt(file); // read once, fail early if unreadable
        const x = cursor + EMOJI_GAP;
        const y = 0.5 + EMOJI_SIZE / 2; // centred on the cap box
        emoji.push({ file, x, y, size: EMOJI_SIZE });
        inkLeft = Math.min(inkLeft, x);
        inkRight = Math.max(inkRight, x + EMOJI_SIZE);
        inkTop = Math.max(inkTop, y);
        inkBottom = Math.min(inkBottom, y - EMOJI_SIZE);
        cursor += EMOJI_SIZE + 2 * EMOJI_GAP;
        advance(piece.start, EMOJI_SIZE + 2 * EMOJI_GAP);
      }
      continue;
    }
    const f = piece.font;
    const scale = 1 / f.refHeight;
    const sx = scale * piece.xScale;
    const raise = f.raise * scale;
    const placed: PlacedGlyph[] = [];
    for (const g of piece.glyphs) {
      const x = cursor + g.xOffset * sx;
      const y = raise + g.yOffset * scale;
      if (g.gid !== 0) {
        placed.push({ gid: g.gid, x, y });
        const ink = glyphInk(f, g.gid);
        if (ink) {
          inkLeft = Math.min(inkLeft, x + ink.left * sx);
          inkRight = Math.max(inkRight, x + ink.right * sx);
          inkTop = Math.max(inkTop, y + ink.top * scale);
          inkBottom = Math.min(inkBottom, y + ink.bottom * scale);
        }
      }
      const w = g.xAdvance * sx + (g.xAdvance ? f.tracking * sx : 0);
      cursor += w;
      advance(g.cluster, w);
    }
    runs.push({ font: f.id, scale, xScale: piece.xScale, glyphs: placed });
  }
  if (!Number.isFinite(inkLeft)) {
    inkLeft = 0;
    inkRight = 0;
    inkTop = 1;
    inkBottom = 0;
  }
  // Never let ink hang outside the word's box: shift right by any negative
  // left bearing, widen to any overhang on the right.
  const shift = Math.max(0, -inkLeft);
  if (shift) {
    for (const r of runs) for (const g of r.glyphs) g.x += shift;
    for (const e of emoji) e.x += shift;
  }
  const width = Math.max(cursor + shift, inkRight + shift);
  return { text, width, runs, emoji, inkTop, inkBottom, inkLeft: inkLeft + shift, inkRight: inkRight + shift, direction, missing, choices, advances };
}

/** Glyph ids HarfBuzz gives `text` in one given font, whether or not it covers it (tests use this to force a missing glyph). */
export function glyphIdsInFont(id: FontId, text: string): number[] {
  return shapeRun(getFont(id), text).map((g) => g.gid);
}
