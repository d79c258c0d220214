/**
 * Loads every source into DuckDB: the raw text of each cell (table `staged`, one row per CSV record
 * DuckDB reads, with its spreadsheet row number), then the typed, classified table `ledger_rows`.
 * All parsing of values (numbers, dates, labels) happens in SQL over the whole table.
 */
import type { Profile } from '../config/profile.js';
import {
  categoryLabelPairs,
  LOADED_COLUMNS,
  OPERATING_MODES,
  OPERATING_STATES_ACCEPTED,
  PROGRESS_STATES_ACCEPTED,
  RECORDED_RISKS,
} from '../ingest/columns.js';
import type { Source } from '../ingest/sources.js';
import { lit, readSql, type Database } from './database.js';
import { periodOf, type Period } from './period.js';

const FULL = '０１２３４５６７８９．，－＋／：（）　';
const HALF = '0123456789.,-+/:() ';

function sqlList(values: readonly string[]): string {
  return `[${values.map(lit).join(', ')}]`;
}

/** Macros shared by the load queries; constants come from columns.ts so TS and SQL agree. */
function macros(profile: Profile, asOf: string, period: Period): string {
  const labelMap = `MAP {${categoryLabelPairs()
    .map(([label, cat]) => `${lit(label)}: ${lit(cat)}`)
    .join(', ')}}`;
  const t = profile.thresholds;
  return `
SET VARIABLE as_of = DATE ${lit(asOf)};
SET VARIABLE first_year = ${t.firstYear};
SET VARIABLE idle_months = ${t.idleMonths};
SET VARIABLE dividend_late_months = ${t.dividendLateMonths};
SET VARIABLE capacity_ratio = ${t.capacityRatio};
SET VARIABLE approval_county = ${t.approvalCounty};
SET VARIABLE approval_city = ${t.approvalCity};
SET VARIABLE approval_province = ${t.approvalProvince};
SET VARIABLE simplified_disposal = ${t.simplifiedDisposal};
SET VARIABLE quarter_start = DATE ${lit(period.quarterStart)};
SET VARIABLE quarter_end = DATE ${lit(period.quarterEnd)};
CREATE OR REPLACE MACRO clean_text(x) AS nullif(trim(x, ' \t\r\n　'), '');
CREATE OR REPLACE MACRO clean_code(x) AS nullif(trim(translate(x, ${lit(FULL)}, ${lit(HALF)}), ' \t\r\n'), '');
CREATE OR REPLACE MACRO parse_amount(x) AS (
  CASE WHEN clean_code(x) IS NULL THEN NULL
       WHEN contains(clean_code(x), ',') THEN
         CASE WHEN regexp_full_match(clean_code(x), '[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?')
              THEN TRY_CAST(replace(clean_code(x), ',', '') AS DECIMAL(18,4)) END
       WHEN regexp_full_match(clean_code(x), '[+-]?(\\d+(\\.\\d*)?|\\.\\d+)') THEN TRY_CAST(clean_code(x) AS DECIMAL(18,4))
  END);
CREATE OR REPLACE MACRO parse_count(x) AS (
  CASE WHEN regexp_full_match(clean_code(x), '\\d{1,9}') THEN CAST(clean_code(x) AS INTEGER) END);
CREATE OR REPLACE MACRO parse_year(x) AS (
  CASE WHEN regexp_full_match(clean_code(x), '\\d{4}年?') THEN CAST(left(clean_code(x), 4) AS INTEGER) END);
CREATE OR REPLACE MACRO parse_date(x) AS (
  CASE WHEN regexp_full_match(clean_code(x), '\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}')
         THEN TRY_CAST(regexp_replace(clean_code(x), '[/.]', '-', 'g') AS DATE)
       WHEN regexp_full_match(clean_code(x), '\\d{4}年\\d{1,2}月\\d{1,2}日')
         THEN TRY_CAST(regexp_replace(clean_code(x), '^(\\d{4})年(\\d{1,2})月(\\d{1,2})日$', '\\1-\\2-\\3') AS DATE)
  END);
CREATE OR REPLACE MACRO norm_label(x) AS lower(replace(translate(clean_code(x), '()', '（）'), ' ', ''));
CREATE OR REPLACE MACRO category_of(x) AS (${labelMap})[norm_label(x)];
CREATE OR REPLACE MACRO split_terms(x) AS
  list_filter(list_transform(regexp_split_to_array(coalesce(clean_text(x), ''), '[;；、,，]'), t -> trim(t, ' 　')), t -> t <> '');
CREATE OR REPLACE MACRO known_risks() AS ${sqlList([...RECORDED_RISKS.red, ...RECORDED_RISKS.yellow, ...RECORDED_RISKS.other])};
CREATE OR REPLACE MACRO red_risks() AS ${sqlList(RECORDED_RISKS.red)};
CREATE OR REPLACE MACRO yellow_risks() AS ${sqlList(RECORDED_RISKS.yellow)};
CREATE OR REPLACE MACRO operating_states() AS ${sqlList(OPERATING_STATES_ACCEPTED)};
CREATE OR REPLACE MACRO progress_states() AS ${sqlList(PROGRESS_STATES_ACCEPTED)};
CREATE OR REPLACE MACRO operating_modes() AS ${sqlList(OPERATING_MODES)};
CREATE OR REPLACE MACRO months_before(d, n) AS CAST(d - to_months(n) AS DATE);
CREATE OR REPLACE MACRO months_after(d, n) AS CAST(d + to_months(n) AS DATE);
`;
}

const RAW_COLUMNS = LOADED_COLUMNS.map((c) => c.key);

export async function createStaging(db: Database, profile: Profile, asOf: string): Promise<void> {
  await db.run(macros(profile, asOf, periodOf(asOf)));
  await db.run(`
CREATE TABLE sources (src INTEGER, label VARCHAR, header_row INTEGER, one_hot BOOLEAN);
CREATE TABLE headers (src INTEGER, key VARCHAR, header VARCHAR);
CREATE TABLE blanks (src INTEGER, k INTEGER, cum INTEGER);
CREATE TABLE staged (
  src INTEGER, line INTEGER, first_cell VARCHAR,
  ${RAW_COLUMNS.map((k) => `${k} VARCHAR`).join(', ')},
  onehot_yes VARCHAR[], onehot_bad VARCHAR[]
);`);
}

/** Insert one source's records into `staged`, numbering them as spreadsheet rows. */
export async function stageSource(db: Database, src: number, s: Source): Promise<void> {
  const width = s.header.width;
  const cols = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const pick = (key: string) => {
    const c = s.header.columns.get(key);
    return c ? `c${c.index}` : 'NULL';
  };
  const oneHot = s.header.oneHot;
  const yes = oneHot.length
    ? `list_distinct(list_filter([${oneHot.map((o) => `CASE WHEN clean_text(c${o.index}) = '是' THEN ${lit(o.category)} END`).join(', ')}], x -> x IS NOT NULL))`
    : 'NULL';
  const bad = oneHot.length
    ? `list_filter([${oneHot
        .map((o) => `CASE WHEN clean_text(c${o.index}) NOT IN ('是', '否') THEN ${lit(o.header + '\t')} || clean_text(c${o.index}) END`)
        .join(', ')}], x -> x IS NOT NULL)`
    : 'NULL';

  const rows: string[] = [`(${src}, ${lit(s.label)}, ${s.headerRow}, ${oneHot.length > 0 && !s.header.columns.has('category')})`];
  await db.run(`INSERT INTO sources VALUES ${rows.join(',')}`);
  const headerRows = [...s.header.columns.entries()].map(([key, c]) => `(${src}, ${lit(key)}, ${lit(c.header)})`);
  for (const o of oneHot) headerRows.push(`(${src}, ${lit('onehot:' + o.category)}, ${lit(o.header)})`);
  if (headerRows.length) await db.run(`INSERT INTO headers VALUES ${headerRows.join(',')}`);
  if (s.blanksAfter.length) {
    // cum = blank lines up to and including position k, for the ASOF join below
    // one row per distinct k: several blank lines in a row share the same k
    const cum = new Map<number, number>();
    s.blanksAfter.forEach((k, i) => cum.set(k, i + 1));
    const values = [...cum.entries()].map(([k, c]) => `(${src}, ${k}, ${c})`);
    for (let i = 0; i < values.length; i += 1000) await db.run(`INSERT INTO blanks VALUES ${values.slice(i, i + 1000).join(',')}`);
  }

  const reader = `read_csv(${lit(s.csvPath)}, header = false, skip = ${s.skipLines}, all_varchar = true, auto_detect = false,
    columns = {${cols}}, delim = ',', quote = '"', escape = '"', null_padding = true, strict_mode = false,
    parallel = ${s.quotedNewlines ? 'false' : 'true'})`;
  await db.run(`
INSERT INTO staged
SELECT ${src}, ${s.headerRow} + r.rec + coalesce(b.cum, 0), c0,
  ${RAW_COLUMNS.map((k) => `${pick(k)}`).join(', ')},
  ${yes}, ${bad}
FROM (SELECT row_number() OVER () AS rec, * FROM ${reader}) r
ASOF LEFT JOIN (SELECT k, cum FROM blanks WHERE src = ${src}) b ON r.rec > b.k`);
}

/** Type and classify every staged row (SQL in ledger_rows.sql). */
export async function buildLedgerRows(db: Database): Promise<void> {
  await db.run(readSql('ledger_rows'));
}
