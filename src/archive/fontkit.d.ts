/** The part of fontkit 2 (untyped) the label uses: layout and glyph outlines. */
declare module 'fontkit' {
  export interface GlyphPath {
    mapPoints(map: (x: number, y: number) => [number, number]): GlyphPath
    toSVG(): string
  }

  export interface Glyph {
    path: GlyphPath
  }

  export interface GlyphPosition {
    xAdvance: number
    xOffset: number
    yOffset: number
  }

  export interface GlyphRun {
    glyphs: Glyph[]
    positions: GlyphPosition[]
  }

  export interface Font {
    unitsPerEm: number
    ascent: number
    layout(text: string): GlyphRun
  }

  export function openSync(path: string): Font
}
