import { describe, expect, it } from 'vitest';
import { chineseNumber, formatDateCn, formatMoney, formatPercent, quarterLabel } from '../pipeline/format/index.js';

describe('shared display formats', () => {
  it('writes dates the way official documents do', () => {
    expect(formatDateCn('2026-09-30')).toBe('2026年9月30日');
    expect(formatDateCn('2026-01-05')).toBe('2026年1月5日');
  });
  it('writes amounts with two decimals and percents with one', () => {
    expect(formatMoney(12345.6)).toBe('12345.60');
    expect(formatPercent(92)).toBe('92.0%');
  });
  it('numbers headings and quarters in Chinese', () => {
    expect([1, 5, 10, 12, 21].map(chineseNumber)).toEqual(['一', '五', '十', '十二', '二十一']);
    expect(quarterLabel(3)).toBe('第三季度');
  });
});
