import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { PALETTES } from "~/modules/design/palettes";
import { planGeneration, composeCell, STYLE_EVERY } from "~/modules/design/plan";
import { nearestPalette, personSideOf, styleOfReference } from "./reference-style.server";

/** A thumbnail-like picture: two colour halves (top and bottom), and white "letters" (outlined bars) in the upper part of one side. */
async function reference({ top, bottom, textSide }: { top: string; bottom: string; textSide: "left" | "right" | null }) {
  const bars = Array.from({ length: 10 }, (_, i) => `<rect x="${(textSide === "right" ? 700 : 60) + i * 52}" y="80" width="26" height="${i % 2 ? 180 : 120}" fill="#fff" stroke="#000" stroke-width="8"/>`);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><rect width="1280" height="420" fill="${top}"/>` +
    `<rect y="420" width="1280" height="300" fill="${bottom}"/>${textSide ? bars.join("") : ""}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

describe("a style reference", () => {
  test("red and yellow with letters on the left: a red palette, the person on the right", async () => {
    const style = await styleOfReference(await reference({ top: "#d01018", bottom: "#ffd000", textSide: "left" }));
    expect(PALETTES[style!.paletteIndex!].name).toBe("red and gold");
    expect(style!.personSide).toBe("right");
  });

  test("blue with letters on the right: a blue palette, the person on the left", async () => {
    const style = await styleOfReference(await reference({ top: "#0050f0", bottom: "#030a30", textSide: "right" }));
    expect(PALETTES[style!.paletteIndex!].name).toBe("electric blue");
    expect(style!.personSide).toBe("left");
  });

  test("no letters, or as many on each side: no side is chosen", async () => {
    expect(await personSideOf(await reference({ top: "#19c94a", bottom: "#032b12", textSide: null }))).toBeNull();
  });

  test("each palette's own colours find that palette", () => {
    const hex = (h: string) => ({ r: parseInt(h.slice(1, 3), 16), g: parseInt(h.slice(3, 5), 16), b: parseInt(h.slice(5, 7), 16) });
    PALETTES.forEach((palette, index) => expect(nearestPalette([hex(palette.a), hex(palette.b)])).toBe(index));
  });

  test("an unreadable picture steers nothing", async () => {
    expect(await styleOfReference(Buffer.from("not an image"))).toBeNull();
  });
});

describe("the plan with a style", () => {
  test("two backgrounds of three take the palette and the side; the third keeps its own", () => {
    const base = { keywords: "gaming pc build", promptCount: 3, backgroundCount: 6 };
    const plain = planGeneration(base);
    const styled = planGeneration({ ...base, style: { paletteIndex: 4, personSide: "left" } });
    styled.backgrounds.forEach((background, index) => {
      const follows = index % STYLE_EVERY !== STYLE_EVERY - 1;
      expect(background.paletteIndex).toBe(follows ? 4 : plain.backgrounds[index].paletteIndex);
      for (const prompt of styled.prompts) {
        const layout = composeCell(prompt, background).prompt.layout;
        if (follows) expect(layout).toBe("person-left");
        else expect(layout).toBe(composeCell(plain.prompts[prompt.index], plain.backgrounds[index]).prompt.layout);
      }
    });
    expect(styled.prompts).toEqual(plain.prompts);
  });
});
