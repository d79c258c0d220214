/**
 * Display formats shared by every renderer, so that Word, PDF, site and charts print the same
 * figure the same way. Amounts are 万元 with two decimals; percents one decimal; dates 2026年9月30日.
 */

/** 12345.6 → "12345.60" (no grouping: official documents write 万元 amounts plainly) */
export function formatMoney(n: number): string {
  return n.toFixed(2);
}

/** 12.3 → "12.3%" */
export function formatPercent(p: number): string {
  return `${p.toFixed(1)}%`;
}

/** "2026-09-30" → "2026年9月30日" */
export function formatDateCn(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for heading numbers up to 99) */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** 3 → 第三季度 */
export function quarterLabel(q: number): string {
  return `第${chineseNumber(q)}季度`;
}

/** "2026-09-30" → 2026年第三季度 */
export function periodLabel(year: number, quarter: number): string {
  return `${year}年${quarterLabel(quarter)}`;
}
