/**
 * Text runs for pdfmake with per-character font fallback. Each role (title, body, 黑体, 楷体,
 * 宋体) draws with its chosen face; a character that face lacks is drawn with the first face of the
 * role's fallback chain that has it. Runs also carry the line height that keeps every line of a
 * paragraph on the 28.95 pt pitch whatever face a run uses.
 */
import { hasGlyph, lineHeightRatio, openFace, type FontChoice, type FontFace, type FontRole } from './fonts.js';

export interface Inline {
  text: string;
  font: string;
  lineHeight?: number;
  color?: string;
  background?: string;
  /** a project number (HZ-2024-002) or a date (2026年7月4日): never broken across lines */
  noWrap?: boolean;
}

/**
 * Tokens kept whole on one line: hyphenated Latin/digit tokens such as project numbers
 * (HZ-2014-00260), and dates (2026年7月4日, 2026年7月, 7月4日).
 */
const NO_BREAK = /[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+|\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日/g;

export interface RunOptions {
  size: number;
  /** line pitch in points; omitted: the font's natural line height */
  pitch?: number;
  color?: string;
  background?: string;
}

export class PdfFonts {
  private readonly families = new Map<string, { name: string; face: FontFace }>();
  /** characters no face could draw (reported in the log) */
  readonly missing = new Set<string>();

  constructor(readonly choice: FontChoice) {}

  /** pdfmake family name of a face (registered on first use, so unused fallbacks stay out). */
  family(face: FontFace): string {
    const key = `${face.file}#${face.postscriptName ?? ''}`;
    let entry = this.families.get(key);
    if (!entry) {
      entry = { name: `F${this.families.size + 1}`, face };
      this.families.set(key, entry);
    }
    return entry.name;
  }

  roleFamily(role: FontRole): string {
    return this.family(this.choice.roles[role].face);
  }

  private faceFor(role: FontRole, cp: number): FontFace {
    const chain = this.choice.chains[role];
    for (const face of chain) if (hasGlyph(face, cp)) return face;
    this.missing.add(String.fromCodePoint(cp));
    return chain[0]!;
  }

  /** Split `text` into runs of one face each. */
  runs(text: string, role: FontRole, o: RunOptions): Inline[] {
    const out: Inline[] = [];
    let current: { face: FontFace; text: string } | null = null;
    const flush = () => {
      if (!current) return;
      const base: Inline = { text: '', font: this.family(current.face) };
      if (o.pitch) base.lineHeight = o.pitch / (lineHeightRatio(current.face) * o.size);
      if (o.color) base.color = o.color;
      if (o.background) base.background = o.background;
      let at = 0;
      for (const m of current.text.matchAll(NO_BREAK)) {
        if (m.index > at) out.push({ ...base, text: current.text.slice(at, m.index) });
        out.push({ ...base, text: m[0], noWrap: true });
        at = m.index + m[0].length;
      }
      if (at < current.text.length) out.push({ ...base, text: current.text.slice(at) });
    };
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      // Spaces and line breaks stay with the run they are in.
      const face: FontFace = cp <= 0x20 && current ? current.face : this.faceFor(role, cp);
      if (current && current.face === face) current.text += ch;
      else {
        flush();
        current = { face, text: ch };
      }
    }
    flush();
    return out;
  }

  /** Width in points of `text` drawn in `role` at `size` (with the per-character fallback). */
  measure(text: string, role: FontRole, size: number): number {
    let w = 0;
    for (const run of this.runs(text, role, { size })) {
      const face = this.faceOfFamily(run.font);
      const font = openFace(face);
      w += (font.layout(run.text).advanceWidth / font.unitsPerEm) * size;
    }
    return w;
  }

  private faceOfFamily(name: string): FontFace {
    for (const f of this.families.values()) if (f.name === name) return f.face;
    throw new Error(`unknown font family ${name}`);
  }

  /**
   * The first face of the role's chain that has every character of `text` and is a single font
   * file: an SVG (the chart) is drawn in one font, with no per-character fallback, and its renderer
   * cannot open a face inside a .ttc collection.
   */
  faceCovering(role: FontRole, text: string): FontFace {
    const chain = this.choice.chains[role].filter((f) => !f.postscriptName);
    const cps = [...new Set(text)].map((ch) => ch.codePointAt(0)!).filter((cp) => cp > 0x20);
    return chain.find((f) => cps.every((cp) => hasGlyph(f, cp))) ?? chain[0] ?? this.choice.chains[role][0]!;
  }

  /** The pdfmake font dictionary: every face used, as its only (normal) style. */
  fontDictionary(): Record<string, { normal: string | [string, string] }> {
    const dict: Record<string, { normal: string | [string, string] }> = {};
    for (const { name, face } of this.families.values()) {
      dict[name] = { normal: face.postscriptName ? [face.file, face.postscriptName] : face.file };
    }
    return dict;
  }

  /** Font files pdfmake may read (its local access policy allows these and nothing else). */
  files(): Set<string> {
    return new Set([...this.families.values()].map((f) => f.face.file));
  }

  /** Names of the faces used, for the log. */
  usedFaces(): FontFace[] {
    return [...this.families.values()].map((f) => f.face);
  }
}
