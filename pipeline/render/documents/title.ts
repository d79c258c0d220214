/**
 * Title line breaking. A 2号 title holds about 20 characters a line on the 156 mm type area, and
 * GB/T 9704 §7.3.1 wants a long title broken between words, in a balanced shape. Titles are built
 * from phrases (a term such as 帮扶项目资产 is one phrase), and breaks fall only between phrases.
 */

/** Characters a 2号 (22 pt) title line holds on the 156 mm type area. */
export const TITLE_LINE_WIDTH = 20;

/** Width in full-width character units (ASCII digits and letters count half). */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
  return w;
}

/**
 * Join the phrases into as few lines as fit `width`, the lines as even as possible; `\n` marks
 * each break (Word: a line break through docxtemplater's linebreaks option; PDF: a new line). A
 * phrase wider than a line is left for the renderer to wrap.
 */
export function breakTitle(phrases: string[], width = TITLE_LINE_WIDTH): string {
  const parts = phrases.filter((p) => p.length > 0);
  const n = parts.length;
  const full = parts.join('');
  if (textWidth(full) <= width) return full;
  const span = (i: number, j: number) => textWidth(parts.slice(i, j).join(''));
  // best[k][j]: the smallest widest line when the first j phrases make k lines (and where the last line starts)
  let best: { worst: number; from: number }[][] = [];
  for (let lines = 1; lines <= n; lines++) {
    const row: { worst: number; from: number }[] = [];
    for (let j = 0; j <= n; j++) {
      row[j] = { worst: Infinity, from: -1 };
      if (lines === 1) {
        if (j > 0) row[j] = { worst: span(0, j), from: 0 };
        continue;
      }
      for (let i = lines - 1; i < j; i++) {
        const prev = best[lines - 2]![i]!;
        const worst = Math.max(prev.worst, span(i, j));
        if (worst < row[j]!.worst) row[j] = { worst, from: i };
      }
    }
    best.push(row);
    if (row[n]!.worst <= width) {
      const out: string[] = [];
      let j = n;
      for (let k = lines; k >= 1; k--) {
        const i = best[k - 1]![j]!.from;
        out.unshift(parts.slice(i, j).join(''));
        j = i;
      }
      return out.join('\n');
    }
  }
  best = [];
  return full;
}

/**
 * An organ's name as title phrases: the county, each quoted term (“四个一批”) and the rest, so a
 * title breaks between them and never inside the name's words.
 */
export function namePhrases(name: string, county: string): string[] {
  const out: string[] = [];
  let rest = name;
  if (county && rest.startsWith(county)) {
    out.push(county);
    rest = rest.slice(county.length);
  }
  for (const piece of rest.split(/(“[^”]*”)/)) {
    if (piece.startsWith('“')) out.push(piece);
    // an organ's words stay whole: …工作 | 领导小组 | 办公室, never 领导 | 小组
    else for (const word of piece.split(ORGAN_WORDS)) if (word) out.push(word);
  }
  return out;
}

/** Words of organ names a title line may break before or after, never inside. */
const ORGAN_WORDS = /(领导小组|工作专班|办公室|人民政府|农业农村局|乡村振兴局|委员会|农村工作)/;
