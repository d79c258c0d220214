/** The reporting periods that hold the as-of date D: its quarter and its year. */
export interface Period {
  asOf: string;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  quarterStart: string;
  quarterEnd: string;
  yearStart: string;
  yearEnd: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function periodOf(asOf: string): Period {
  const [year, month] = asOf.split('-').map(Number) as [number, number];
  const quarter = (Math.floor((month - 1) / 3) + 1) as Period['quarter'];
  const startMonth = (quarter - 1) * 3 + 1;
  const endMonth = startMonth + 2;
  return {
    asOf,
    year,
    quarter,
    quarterStart: `${year}-${pad(startMonth)}-01`,
    quarterEnd: `${year}-${pad(endMonth)}-${pad(lastDay(year, endMonth))}`,
    yearStart: `${year}-01-01`,
    yearEnd: `${year}-12-31`,
  };
}

/** True when `iso` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso);
}
