/**
 * Helpers of tests/robust.test.ts and tests/robust.slow.test.ts: `sgyp check` in this process, and
 * a ledger of 36 MB.
 */
import { main } from '../../pipeline/cli.js';
import { BASE_HEADER, csvText } from './ledger.js';

/** `sgyp check` in this process, its exit code and every line it printed. */
export async function check(dir: string) {
  const lines: string[] = [];
  const started = Date.now();
  const code = await main(['check', '--data', dir, '--as-of', '2026-09-30'], {
    out: (s: string) => lines.push(s),
    err: (s: string) => lines.push(s),
  });
  return { code, text: lines.join('\n'), ms: Date.now() - started };
}

/**
 * 100,000 rows of about 360 bytes: 36 MB, above the 32 MB from which a plain UTF-8 CSV is streamed.
 * Row 95,000 has 建设年度 “二〇一九” (line 95,004: preamble, header and two blank lines above it).
 */
export function bigLedgerText(): string {
  const rows: (string | number | null)[][] = [];
  for (let i = 1; i <= 100_000; i++)
    rows.push([`A-${i}`, `${'名'.repeat(110)}${i}`, '东山镇', i === 95_000 ? '二〇一九' : 2019, 10, '巩固类']);
  // blank lines early and late (DuckDB skips them; the row numbers count them)
  rows.splice(10, 0, ['', '', '', '', '', '']);
  rows.splice(75_000, 0, ['', '', '', '', '', '']);
  return csvText(BASE_HEADER, rows, { preamble: ['某县帮扶项目资产台账'] }).replace(/\n,,,,,\n/g, '\n\n');
}
