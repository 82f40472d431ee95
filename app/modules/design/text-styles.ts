// How a headline's letters are drawn. Part of the recipe (a prompt names
// one), so the editor and a re-render draw the same letters. Every style
// keeps the black outline around each letter and passes the same contrast
// check on the pixels: the letters' fill (the darker end of a gradient)
// against what is behind them.
export const TEXT_STYLES = ["plain", "extrude", "glow", "gradient"] as const;
export type TextStyle = (typeof TEXT_STYLES)[number];

export const TEXT_STYLE_LABELS: Record<TextStyle, string> = {
  plain: "Outline and drop shadow",
  extrude: "3D extrusion",
  glow: "Outer glow in the accent colour",
  gradient: "Gradient fill",
};
