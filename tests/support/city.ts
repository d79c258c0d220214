/**
 * The two-county city fixture of tests/city.test.ts and tests/city.slow.test.ts, and readers of
 * what a build of it writes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/city');
export const CITY_PROFILE = 'level: city\ncity: 示例市\nasOf: "2026-09-30"\n';

/** Every file under dir, relative, forward slashes. */
export function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((name) => {
    const r = rel ? `${rel}/${name}` : name;
    return statSync(path.join(dir, r)).isDirectory() ? filesUnder(dir, r) : [r];
  });
}

/** The visible text of an HTML page, white space collapsed. */
export function pageText(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/<(script|style|svg)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** The keys of a city's stats.json these tests read. */
export interface CityStats {
  asOf: string;
  county?: string;
  total: unknown;
  byCounty: Record<string, { projects: number; investment: number }>;
  byTownship: unknown;
  ranking: { counties: unknown; total: unknown };
  warnings: { items: { county: string; id: string; level: string }[] };
  dividends: { items: unknown[] };
}
