// opentype.js 2 ships no types; only what the compositor uses.
declare module "opentype.js" {
  export interface PathCommand {
    type: string;
  }
  export interface Path {
    commands: Array<{ type: string; x?: number; y?: number; x1?: number; y1?: number; x2?: number; y2?: number }>;
  }
  export interface Glyph {
    advanceWidth?: number;
    index: number;
    getPath(x: number, y: number, fontSize: number): Path;
  }
  export interface Font {
    unitsPerEm: number;
    ascender: number;
    descender: number;
    tables: { os2: { sCapHeight: number } };
    charToGlyph(char: string): Glyph;
    getKerningValue(left: Glyph, right: Glyph): number;
  }
  const opentype: { parse(buffer: ArrayBuffer): Font };
  export default opentype;
}
