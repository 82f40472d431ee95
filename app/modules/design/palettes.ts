// Background palettes: two saturated colours that fight for attention in a
// feed, an accent for the emphasized word, and a glow for the person's rim.
// Part of the plan's vocabulary (a background names one by paletteIndex), so
// every provider reads the same colours from here.
export type Palette = { name: string; a: string; b: string; accent: string; glow: string };

export const PALETTES: Palette[] = [
  { name: "red and gold", a: "#d7141a", b: "#4a0404", accent: "#ffd60a", glow: "#ffb703" },
  { name: "electric blue", a: "#0057ff", b: "#020b3a", accent: "#ffe600", glow: "#3ad1ff" },
  { name: "toxic green", a: "#19c94a", b: "#032b12", accent: "#fff200", glow: "#b6ff3a" },
  { name: "purple haze", a: "#8a2be2", b: "#1a0533", accent: "#00f0ff", glow: "#ff4fd8" },
  { name: "sunset", a: "#ff5f1f", b: "#5b0a3c", accent: "#fff35c", glow: "#ffb347" },
  { name: "hot pink", a: "#ff1f8f", b: "#2c0326", accent: "#ffe600", glow: "#ff8ad8" },
  { name: "teal and coral", a: "#00a6a6", b: "#002b36", accent: "#ff7f50", glow: "#5cffe4" },
  { name: "midnight", a: "#283593", b: "#05060f", accent: "#ff3d3d", glow: "#7c8cff" },
  { name: "amber alert", a: "#ffb300", b: "#4a2500", accent: "#ffffff", glow: "#ff6d00" },
  { name: "cyber", a: "#00d2ff", b: "#100030", accent: "#ff2bd6", glow: "#00ffa3" },
];

export function paletteFor(index: number) {
  return PALETTES[((index % PALETTES.length) + PALETTES.length) % PALETTES.length];
}
