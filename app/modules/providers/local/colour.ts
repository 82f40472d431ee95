// Colour arithmetic for the compositor: hex colours to channels, and WCAG
// luminance and contrast, so headlines are chosen to read on their scene.

export type Rgb = { r: number; g: number; b: number };

export function hexToRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

// WCAG relative luminance from 8-bit sRGB.
const LINEAR = Array.from({ length: 256 }, (_, i) => {
  const c = i / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

export function luminance(r: number, g: number, b: number) {
  return 0.2126 * LINEAR[r] + 0.7152 * LINEAR[g] + 0.0722 * LINEAR[b];
}

export function contrastRatio(l1: number, l2: number) {
  const [hi, lo] = l1 > l2 ? [l1, l2] : [l2, l1];
  return (hi + 0.05) / (lo + 0.05);
}

export function hexLuminance(hex: string) {
  const { r, g, b } = hexToRgb(hex);
  return luminance(r, g, b);
}
