/**
 * Title line breaking. A 2号 title holds about 20 characters a line on the 156 mm type area, and
 * GB/T 9704 §7.3.1 wants a long title broken between words, in a balanced shape. Titles are built
 * from phrases, and the break falls between two phrases.
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
 * Join the phrases into one line when it fits, else into the two most even lines that fit;
 * `\n` marks the break (Word: a line break through docxtemplater's linebreaks option; PDF: a
 * new line).
 */
export function breakTitle(phrases: string[], width = TITLE_LINE_WIDTH): string {
  const full = phrases.join('');
  if (textWidth(full) <= width) return full;
  let best: { lines: string[]; worst: number } | null = null;
  for (let i = 1; i < phrases.length; i++) {
    const lines = [phrases.slice(0, i).join(''), phrases.slice(i).join('')];
    const worst = Math.max(...lines.map(textWidth));
    if (worst <= width && (!best || worst < best.worst)) best = { lines, worst };
  }
  return best ? best.lines.join('\n') : full; // longer titles: let the renderer wrap them
}
