import { createRequire } from "node:module";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { breakPoints } from "./breaks.server";
import { missingGlyphs, unsupportedScripts } from "./coverage.server";
import { getFont } from "./fonts.server";
import { glyphPath, headlineSvg, labelSvg, lineBoxes } from "./drawing.server";
import { type HeadlineBox, type HeadlineLayout, layoutHeadline } from "./fitting.server";
import { cjkFontFor, glyphIdsInFont, shapeWord, splitGraphemes } from "./shape.server";

const require = createRequire(import.meta.url);

const SCRIPTS: Record<string, string[]> = {
  latin: ["I", "TRIED", "EVERY", "GPU"],
  emoji: ["🔥", "BEST", "PC", "💰"],
  zwj: ["FAMILY", "👨‍👩‍👧‍👦", "🇺🇦", "1️⃣", "👍🏽"],
  russian: ["ЛУЧШИЙ", "ИГРОВОЙ", "ПК"],
  greek: ["ΤΟ", "ΚΑΛΥΤΕΡΟ", "ΚΙΝΗΤΟ"],
  vietnamese: ["ĐIỆN", "THOẠI", "TỐT", "NHẤT"],
  japanese: ["最強のゲーミングPC"],
  korean: ["최고의", "게이밍", "PC"],
  simplified: ["最好的", "游戏电脑"],
  traditional: ["這個", "遊戲", "電腦"],
  arabic: ["أفضل", "هاتف", "ذكي"],
  hebrew: ["הטלפון", "הכי", "טוב"],
  hindi: ["सबसे", "अच्छा", "फ़ोन"],
  thai: ["โทรศัพท์", "ที่ดีที่สุด"],
};

const BOX: HeadlineBox = { maxWidth: 600, maxHeight: 400, maxLines: 3, minCapHeight: 72, maxCapHeight: 150 };
const STYLE = { fill: "#ffffff", accentFill: "#ffe600", strokeColour: "#000000", strokeWidth: 10, shadowOffset: 0, shadowOpacity: 0 };
const W = 1280;
const H = 720;
const BG = [58, 110, 165];
const REGION = { left: 80, top: 160 };

function place(layout: HeadlineLayout) {
  return layout.lines.map((l, i) => ({
    left: REGION.left + (layout.direction === "rtl" ? BOX.maxWidth - l.width : 0),
    baseline: REGION.top + layout.inkAbove + layout.capHeight + i * layout.lineHeight,
  }));
}

async function render(markup: string) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="rgb(${BG.join(",")})"/>${markup}</svg>`;
  return sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer();
}

const isInk = (raw: Buffer, x: number, y: number) => {
  const i = (y * W + x) * 3;
  return Math.abs(raw[i] - BG[0]) + Math.abs(raw[i + 1] - BG[1]) + Math.abs(raw[i + 2] - BG[2]) > 30;
};

describe("coverage", () => {
  for (const [name, words] of Object.entries(SCRIPTS)) {
    it(`${name}: every character has a real glyph in its chosen font, or emoji art`, () => {
      const text = words.join(" ");
      expect(missingGlyphs(text)).toEqual([]);
      expect(unsupportedScripts(text)).toEqual([]);
      const cjk = cjkFontFor(text);
      for (const word of words) {
        const shaped = shapeWord(word, cjk);
        expect(shaped.missing).toEqual([]);
        const drawn = shaped.choices.map((c) => c.grapheme).join("");
        expect(drawn).toBe(splitGraphemes(word.normalize("NFC")).join(""));
        for (const c of shaped.choices) {
          if (c.emoji) continue;
          expect(c.font, c.grapheme).toBeDefined();
          expect(c.gids!.length, c.grapheme).toBeGreaterThan(0);
          expect(c.gids!.every((gid) => gid !== 0), `${c.grapheme} in ${c.font}`).toBe(true);
        }
      }
    });
  }

  it("keeps a whole word in one font and puts Anton first", () => {
    const fontsOf = (w: string) => new Set(shapeWord(w, "jp").runs.map((r) => r.font));
    expect(fontsOf("GAMING")).toEqual(new Set(["anton"]));
    expect(fontsOf("ĐIỆN")).toEqual(new Set(["anton"]));
    expect(fontsOf("ПК2024")).toEqual(new Set(["noto"]));
    expect(fontsOf("ΚΑΛΥΤΕΡΟ")).toEqual(new Set(["noto"]));
    expect(cjkFontFor("最強のゲーミング")).toBe("jp");
    expect(cjkFontFor("최고의 게이밍")).toBe("kr");
    expect(cjkFontFor("最好的游戏电脑")).toBe("sc");
    expect(cjkFontFor("這個遊戲電腦")).toBe("tc");
  });

  it("draws ZWJ sequences, flags, keycaps and skin tones as single Twemoji files", () => {
    const files = (w: string) => shapeWord(w, "jp").emoji.map((e) => e.file);
    expect(files("👨‍👩‍👧‍👦")).toEqual(["1f468-200d-1f469-200d-1f467-200d-1f466"]);
    expect(files("🇺🇦")).toEqual(["1f1fa-1f1e6"]);
    expect(files("1️⃣")).toEqual(["31-20e3"]);
    expect(files("👍🏽")).toEqual(["1f44d-1f3fd"]);
    expect(files("❤️‍🔥")).toEqual(["2764-fe0f-200d-1f525"]);
    expect(files("❤‍🔥")).toEqual(["2764-fe0f-200d-1f525"]); // VS16 missing in the text
    expect(files("🏳️‍🌈")).toEqual(["1f3f3-fe0f-200d-1f308"]);
    expect(files("🔥️")).toEqual(["1f525"]); // VS16 the file name does not carry
  });

  it("names scripts no font can draw, and nothing when everything is drawable", () => {
    expect(missingGlyphs("தமிழ் BEST")).toEqual([..."தமிழ்"].filter((c, i, a) => a.indexOf(c) === i));
    expect(unsupportedScripts("தமிழ் BEST")).toEqual(["Tamil"]);
    expect(unsupportedScripts("ქართული")).toEqual(["Georgian"]);
    expect(unsupportedScripts("BEST 🔥 ПК 最強")).toEqual([]);
  });
});

describe("rendering", () => {
  for (const [name, words] of Object.entries(SCRIPTS)) {
    it(`${name}: ink inside the line boxes and nowhere else`, async () => {
      const layout = layoutHeadline(words, 1, BOX);
      const lines = place(layout);
      const raw = await render(headlineSvg(layout, lines, STYLE));
      const pad = STYLE.strokeWidth / 2 + 2;
      const boxes = lineBoxes(layout, lines);
      const inside = (x: number, y: number) =>
        boxes.some((b) => x >= b.left - pad && x <= b.left + b.width + pad && y >= b.top - pad && y <= b.top + b.height + pad);
      let outside = 0;
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (isInk(raw, x, y) && !inside(x, y)) outside++;
      expect(outside).toBe(0);
      // Lines never touch: accents, marks and descenders are part of the pitch.
      for (let i = 0; i + 1 < boxes.length; i++) {
        expect(boxes[i + 1].top - (boxes[i].top + boxes[i].height)).toBeGreaterThanOrEqual(0.1 * layout.capHeight);
      }
      // Every line box is inside the fitting box, and has ink.
      for (const b of boxes) {
        expect(b.left).toBeGreaterThanOrEqual(REGION.left - 0.5);
        expect(b.left + b.width).toBeLessThanOrEqual(REGION.left + BOX.maxWidth + 0.5);
        expect(b.top).toBeGreaterThanOrEqual(REGION.top - 0.5);
        expect(b.top + b.height).toBeLessThanOrEqual(REGION.top + BOX.maxHeight + 0.5);
        let ink = 0;
        for (let y = Math.ceil(b.top); y < b.top + b.height; y++) for (let x = Math.ceil(b.left); x < b.left + b.width; x++) if (isInk(raw, x, y)) ink++;
        expect(ink / (b.width * b.height)).toBeGreaterThan(0.2);
      }
    });
  }

  it("draws emoji in colour", async () => {
    const layout = layoutHeadline(["🔥", "BEST", "PC", "💰"], 1, BOX);
    const lines = place(layout);
    const raw = await render(headlineSvg(layout, lines, STYLE));
    const shaped = shapeWord("🔥", layout.cjkFace);
    const e = shaped.emoji[0];
    const cap = layout.capHeight;
    const x0 = lines[0].left + layout.lines[0].words[0].x + e.x * cap;
    const y0 = lines[0].baseline - e.y * cap;
    let coloured = 0;
    let total = 0;
    for (let y = Math.ceil(y0); y < y0 + e.size * cap; y++) {
      for (let x = Math.ceil(x0); x < x0 + e.size * cap; x++) {
        const i = (y * W + x) * 3;
        const [r, g, b] = [raw[i], raw[i + 1], raw[i + 2]];
        total++;
        // Orange or yellow of the flame: red high, blue low.
        if (r > 200 && b < 100 && r - b > 120) coloured++;
      }
    }
    expect(coloured / total).toBeGreaterThan(0.25);
  });

  // A missing glyph renders as .notdef, a box. Each drawn glyph is rendered
  // alone and compared with its font's .notdef drawn the same way.
  async function tofuGlyphs(glyphs: Array<{ font: Parameters<typeof getFont>[0]; gid: number }>) {
    const cell = 200;
    const cap = 100;
    const cells = glyphs.flatMap((g, i) => [
      glyphPath(g.font, g.gid, 40, i * cell + 140, cap),
      glyphPath(g.font, 0, 40 + 400, i * cell + 140, cap),
    ]);
    const width = 800;
    const height = glyphs.length * cell;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${cells.map((d) => `<path d="${d}" fill="#000"/>`).join("")}</svg>`;
    const raw = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer();
    const tofu: number[] = [];
    glyphs.forEach((_, i) => {
      let both = 0;
      let either = 0;
      for (let y = i * cell; y < (i + 1) * cell; y++) {
        for (let x = 0; x < 400; x++) {
          const a = raw[y * width + x] < 128;
          const b = raw[y * width + x + 400] < 128;
          if (a && b) both++;
          if (a || b) either++;
        }
      }
      if (either && both / either > 0.9) tofu.push(i);
    });
    return tofu;
  }

  it("no drawn glyph looks like .notdef (and a forced missing glyph is caught)", async () => {
    const glyphs: Array<{ font: Parameters<typeof getFont>[0]; gid: number }> = [];
    for (const words of Object.values(SCRIPTS)) {
      const cjk = cjkFontFor(words.join(" "));
      for (const w of words) for (const run of shapeWord(w, cjk).runs) for (const g of run.glyphs) glyphs.push({ font: run.font, gid: g.gid });
    }
    const unique = [...new Map(glyphs.map((g) => [`${g.font}:${g.gid}`, g])).values()];
    expect(await tofuGlyphs(unique)).toEqual([]);
    // The check can fail: Cyrillic forced into Anton (no Cyrillic) is a box...
    const forced = glyphIdsInFont("anton", "Ж").map((gid) => ({ font: "anton" as const, gid }));
    expect(await tofuGlyphs(forced)).toEqual([0]);
    // ...and the coverage check knows Anton cannot draw it.
    expect(getFont("anton").coverage.has("Ж".codePointAt(0)!)).toBe(false);
  });

  it("label in the display face, centred", async () => {
    const markup = labelSvg("NEW", 640, 400, 80, "#111111");
    expect(markup).toMatch(/^<path d="M/);
    const raw = await render(markup);
    let left = W;
    let right = 0;
    for (let y = 300; y < 420; y++) for (let x = 0; x < W; x++) if (isInk(raw, x, y)) { left = Math.min(left, x); right = Math.max(right, x); }
    expect(Math.abs((left + right) / 2 - 640)).toBeLessThan(4);
  });
});

describe("fitting", () => {
  const legalBreaks = (word: string, lang: string) => {
    const marked: string = require(`hyphen/${lang}`).hyphenateSync(word.toLowerCase(), { hyphenChar: "\u00ad" });
    const points = new Set<number>();
    let pos = 0;
    for (const ch of marked) {
      if (ch === "\u00ad") points.add(pos);
      else pos += ch.length;
    }
    return points;
  };

  // The Cyrillic word (in Noto Sans Black, narrowed) needs 4 lines at cap 72
  // with its legal hyphenation points, and the breve of Й and the tail of Щ
  // widen the line pitch: at 3 lines it is shortened instead (tested below).
  for (const [word, lang, maxLines, maxHeight] of [
    ["SUPERCALIFRAGILISTICEXPIALIDOCIOUSLYNESS", "en", 3, 400],
    ["ПРЕВЫСОКОМНОГОРАССМОТРИТЕЛЬСТВУЮЩИЙ", "ru", 4, 420],
  ] as const) {
    it(`fits ${word.length}-letter ${word.slice(0, 5)}… at cap >= 72, hyphenated at legal points`, () => {
      const box = { ...BOX, maxLines, maxHeight };
      const layout = layoutHeadline([word], 0, box);
      expect(layout.shortened).toBe(false);
      expect(layout.capHeight).toBeGreaterThanOrEqual(72);
      expect(layout.lines.length).toBeGreaterThan(1);
      for (const l of layout.lines) expect(l.width).toBeLessThanOrEqual(600);
      const parts = layout.lines.map((l) => l.words[0].text);
      expect(parts.map((p) => p.replace(/-$/, "")).join("")).toBe(word);
      const legal = legalBreaks(word, lang);
      let at = 0;
      for (const part of parts.slice(0, -1)) {
        expect(part.endsWith("-")).toBe(true);
        at += part.length - 1;
        expect(legal.has(at), `break after ${word.slice(0, at)}`).toBe(true);
      }
    });
  }

  it("shortens what cannot fit, with an ellipsis, inside the box", () => {
    const layout = layoutHeadline(["ПРЕВЫСОКОМНОГОРАССМОТРИТЕЛЬСТВУЮЩИЙ", "ИГРОВОЙ", "ПК"], 0, BOX);
    expect(layout.shortened).toBe(true);
    expect(layout.lines.length).toBeLessThanOrEqual(3);
    expect(layout.capHeight).toBe(72);
    expect(layout.lines.at(-1)!.words.at(-1)!.text.endsWith("…")).toBe(true);
    for (const l of layout.lines) expect(l.width).toBeLessThanOrEqual(600);
    // Trailing words are dropped before a word is cut.
    const many = layoutHeadline(Array.from({ length: 14 }, (_, i) => `WORD${i}`), 0, { ...BOX, maxCapHeight: 72 });
    expect(many.shortened).toBe(true);
    expect(many.lines.flatMap((l) => l.words).at(-1)!.text).toMatch(/^WORD\d+…$/);
  });

  it("wraps a 60-character Japanese phrase between characters, or shortens it", () => {
    const phrase = "今日は東京で一番美味しいラーメン屋さんを探して歩き回ってみたら驚きの結果になりました本当にすごい店でした最高の一日";
    expect(phrase.length).toBeGreaterThanOrEqual(56);
    const layout = layoutHeadline([phrase], 0, BOX);
    expect(layout.lines.length).toBeLessThanOrEqual(3);
    expect(layout.capHeight).toBeGreaterThanOrEqual(72);
    const drawn = layout.lines.map((l) => l.words.map((w) => w.text).join("")).join("");
    if (layout.shortened) expect(drawn.endsWith("…")).toBe(true);
    else expect(drawn).toBe(phrase);
    // A shorter phrase wraps without being shortened.
    const short = layoutHeadline([phrase.slice(0, 20)], 0, BOX);
    expect(short.shortened).toBe(false);
    expect(short.lines.length).toBeGreaterThan(1);
    expect(short.lines.map((l) => l.words.map((w) => w.text).join("")).join("")).toBe(phrase.slice(0, 20));
    // No break before closing marks, small kana or ー, none after an opening mark (kinsoku).
    const text = "ラーメン、ちょっと。「最高」だ";
    for (const p of breakPoints(text)) {
      expect("ー、っょ。」", `break before ${text.slice(p.index)}`).not.toContain(text[p.index]);
      expect(text[p.index - 1]).not.toBe("「");
    }
    expect(breakPoints(text).some((p) => text.slice(0, p.index) === "ラーメン、")).toBe(true);
    // No line starts with a closing mark or small kana (kinsoku).
    for (const l of layoutHeadline(["「最高」のラーメン、ついに発見。ちょっと驚いた"], 0, { ...BOX, maxCapHeight: 110 }).lines) {
      expect("、。」ーっょ").not.toContain(l.words[0].text[0]);
    }
  });

  it("never exceeds the box, whatever the input", () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabets = [
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЫЭЮЯ",
      "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
      "東京最強動画日本語話題今年新型",
      "あいうえおかきくけこさしすせそ",
      "가나다라마바사아자차카타파하",
      "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
      "אבגדהוזחטיכלמנסעפצקרשת",
      "ĐĂÂÊÔƠƯỆẤỐẠỨ",
      "0123456789!?%$",
    ];
    const emoji = ["🔥", "💰", "👨‍👩‍👧‍👦", "🇯🇵", "👍🏽", "1️⃣"];
    for (let run = 0; run < 150; run++) {
      const count = 1 + Math.floor(rand() * 6);
      const words = Array.from({ length: count }, () => {
        if (rand() < 0.12) return emoji[Math.floor(rand() * emoji.length)];
        const alphabet = [...alphabets[Math.floor(rand() * alphabets.length)]];
        const len = 1 + Math.floor(rand() * (rand() < 0.2 ? 45 : 10));
        return Array.from({ length: len }, () => alphabet[Math.floor(rand() * alphabet.length)]).join("");
      });
      const box: HeadlineBox = {
        maxWidth: 350 + Math.floor(rand() * 500),
        maxHeight: 260 + Math.floor(rand() * 200),
        maxLines: 2 + Math.floor(rand() * 2),
        minCapHeight: 72,
        maxCapHeight: 90 + Math.floor(rand() * 80),
      };
      const layout = layoutHeadline(words, 0, box);
      const label = `${words.join(" ")} in ${JSON.stringify(box)}`;
      expect(layout.capHeight, label).toBeGreaterThanOrEqual(72);
      expect(layout.lines.length, label).toBeLessThanOrEqual(box.maxLines);
      expect(layout.inkAbove + layout.height + layout.inkBelow, label).toBeLessThanOrEqual(box.maxHeight + 0.01);
      for (const l of layout.lines) expect(l.width, label).toBeLessThanOrEqual(box.maxWidth + 0.01);
      const lines = layout.lines.map((_, i) => ({ left: 0, baseline: layout.inkAbove + layout.capHeight + i * layout.lineHeight }));
      for (const b of lineBoxes(layout, lines)) {
        expect(b.left, label).toBeGreaterThanOrEqual(-0.01);
        expect(b.left + b.width, label).toBeLessThanOrEqual(box.maxWidth + 0.01);
        expect(b.top, label).toBeGreaterThanOrEqual(-0.01);
        expect(b.top + b.height, label).toBeLessThanOrEqual(box.maxHeight + 0.01);
      }
    }
  });
});

describe("determinism", () => {
  it("same input, same SVG", () => {
    for (const words of Object.values(SCRIPTS)) {
      const a = layoutHeadline(words, 1, BOX);
      const b = layoutHeadline([...words], 1, { ...BOX });
      expect(b).toEqual(a);
      const lines = place(a);
      const style = { ...STYLE, shadowOffset: 6, shadowOpacity: 0.6 };
      expect(headlineSvg(b, place(b), style)).toBe(headlineSvg(a, lines, style));
    }
  });
});
