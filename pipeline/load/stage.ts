/**
 * Loads every source into DuckDB in one pass per file: DuckDB reads the CSV, and the same INSERT
 * types every cell (numbers, dates, labels), classifies the row (project / blank / total / note)
 * and evaluates the rules of §4 (rules.sql) into `ledger_rows`. The raw text of a cell is kept only where it failed to parse, for the
 * error messages; spreadsheet row numbers are derived from the insertion order (rowid) when needed.
 *
 * Parsing takes a fast path first (a plain TRY_CAST) and only falls back to the slower
 * normalisation (full-width digits, thousands separators, Chinese dates) for the cells that need it.
 */
import type { Profile } from '../config/profile.js';
import {
  CATEGORY_DISPLAY_PAIRS,
  categoryLabelPairs,
  countyOfPath,
  LIMITS,
  LOADED_COLUMNS,
  maxValueOf,
  type ColumnKind,
} from '../ingest/columns.js';
import {
  CATEGORIES,
  CLOSED_STATE,
  COMPUTED_REASONS,
  DECLARED_INEFFICIENT,
  DISPOSE_CATEGORY,
  DISPOSE_REASON,
  DISPOSED_STATE,
  DEFAULT_OPERATING_STATE,
  DEFAULT_PROGRESS_STATE,
  DONE_STATES,
  EQUITY_MODE,
  FAIR_OPERATION,
  IDLE_REASON_TEXTS,
  MAJOR,
  NO,
  ONE_HOT_NO,
  ONE_HOT_YES,
  OPERATING_MODES,
  OPERATING_STATES_ACCEPTED,
  type Period,
  UNPAID_INCOME,
  VILLAGE_OWNER,
  STATE_OWNER,
  PROGRESS_CATEGORIES,
  PROGRESS_STATES,
  RECORDED_RISKS,
  RECLASSIFY_REASONS,
  SEVERITIES,
  REVIVE_CATEGORY,
  STOPPED_STATES,
  YES,
} from '../vocabulary.js';
import type { Source } from '../ingest/sources.js';
import type { Problem } from '../errors.js';
import { lit, readSql, type Database } from './database.js';
import { readProblem } from './readErrors.js';

const FULL_ASCII = `${Array.from({ length: 0x5e }, (_, i) => String.fromCharCode(0xff01 + i)).join('')}\u3000`;
const HALF_ASCII = `${Array.from({ length: 0x5e }, (_, i) => String.fromCharCode(0x21 + i)).join('')} `;

function sqlList(values: readonly string[]): string {
  return `[${values.map(lit).join(', ')}]`;
}

/** The variables of the load and rule queries (each connection has its own: Database.runSession). */
function variables(profile: Profile, asOf: string, period: Period): string {
  const t = profile.thresholds;
  return `
SET VARIABLE as_of = DATE ${lit(asOf)};
-- level city: every row belongs to a 县 (its 县 column, else its folder), and 项目编号 is unique per 县
SET VARIABLE city = ${profile.level === 'city'};
SET VARIABLE first_year = ${t.firstYear};
SET VARIABLE idle_months = ${t.idleMonths};
SET VARIABLE dividend_late_months = ${t.dividendLateMonths};
-- a DOUBLE: DECIMAL × DECIMAL can overflow on a large 设计产能 before validation has refused it
SET VARIABLE capacity_ratio = ${t.capacityRatio}::DOUBLE;
SET VARIABLE approval_county = ${t.approvalCounty};
SET VARIABLE approval_city = ${t.approvalCity};
SET VARIABLE approval_province = ${t.approvalProvince};
SET VARIABLE simplified_disposal = ${t.simplifiedDisposal};
SET VARIABLE simplified_batch = ${t.simplifiedBatch};
SET VARIABLE earliest_date = DATE ${lit(LIMITS.earliestDate)};
SET VARIABLE latest_date = CAST(DATE ${lit(asOf)} + INTERVAL ${LIMITS.dueYears} YEAR AS DATE);
SET VARIABLE quarter_start = DATE ${lit(period.quarterStart)};
SET VARIABLE quarter_end = DATE ${lit(period.quarterEnd)};`;
}

/** The spaces trimmed from a cell: ASCII's, tab and line breaks, the ideographic space and Unicode's others (no-break, en/em, thin, zero-width, BOM). */
const SPACES = ' \t\r\n\u3000\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\ufeff';

/** Excel's error values as a cell shows them (RE2), typed into a CSV file or a text cell. */
const EXCEL_ERROR = '#(DIV/0!|N/A|REF!|VALUE!|NAME\\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)';

/** Characters XML, HTML and PDF cannot hold (RE2): C0 controls but tab and line breaks, DEL, noncharacters. */
const CONTROL_CHARS = '[\\x{0}-\\x{8}\\x{B}\\x{C}\\x{E}-\\x{1F}\\x{7F}\\x{FDD0}-\\x{FDEF}\\x{FFFE}\\x{FFFF}]';

/**
 * A first screen for personal data (RE2), cheap enough to run over every row's text at once: the
 * shapes of the numbers below in half- or full-width digits, a space, dot or dash allowed where
 * people put one, without the boundaries and check digits has_personal then tests on the few rows
 * it lets through. A project code such as BX-2020-100000 (ten digits) does not pass it: at 10⁶ rows
 * a looser screen (any ten digits) sent 90 % of the rows to the exact test and cost 7 s.
 */
const DIGIT = '[0-9０-９]';
const SEP = '[ .\\-－．\\x{A0}\\x{3000}]?';
const PERSONAL_SCREEN = [
  `[1１][3-9３-９]${DIGIT}${SEP}${DIGIT}{4}${SEP}${DIGIT}{4}`,
  `[0０][1-9１-９]${DIGIT}{1,2}[)）]?${SEP}[2-9２-９]${DIGIT}{6,7}`,
  `[1-9１-９]${DIGIT}{5}${SEP}${DIGIT}{8}${SEP}${DIGIT}{3}`,
  `[1-9１-９]${DIGIT}{14}`,
].join('|');

/** Full-width digits and signs people type into cells, and their ASCII (for translate). */
const FULL_WIDTH = ['０１２３４５６７８９＋－．（）\u3000\u00A0', '0123456789+-.()  '] as const;

/**
 * Personal data (RE2, on text with full-width digits and signs made ASCII), standing alone: a mobile
 * number (139 1234 5678, 139-1234-5678, +86 / 0086 in front), a landline with its area code, with
 * or without the dash or brackets ((0971)8123456, 0971 8123456, 09718123456), a 15-digit ID-card
 * number (with a real birth date). 18-digit ID-card numbers are matched by ID_CARD_18 and their
 * check digit (GB 11643) tested, so that an 18-digit code that is not one passes.
 */
const PERSONAL_DATA = [
  '(^|[^0-9])((\\+|00)?86[ -]?)?1[3-9][0-9][ .-]?[0-9]{4}[ .-]?[0-9]{4}([^0-9]|$)',
  '(^|[^0-9])\\(?0[1-9][0-9]{1,2}\\)?[ .-]?[2-9][0-9]{6,7}([^0-9]|$)',
  '(^|[^0-9])[1-9][0-9]{7}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}([^0-9]|$)',
].join('|');
const ID_CARD_18 =
  '(?:^|[^0-9])([1-9][0-9]{5}[ -]?(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[ -]?[0-9]{3}[0-9Xx])(?:[^0-9Xx]|$)';

/** Macros shared by the load, rule and figure queries (shared by all connections); constants come from TypeScript. */
function macros(): string {
  // list lookups: cheaper per row than a MAP literal
  const pairs = [...categoryLabelPairs(), ...CATEGORY_DISPLAY_PAIRS];
  const labelList = sqlList(pairs.map(([l]) => l));
  const catList = sqlList(pairs.map(([, c]) => c));
  return `-- trim only the cells that hold a space or a line break: a trim with a custom character set costs ~3× these tests
-- (and five contains() cost less than testing both ends for both spaces)
-- a no-break space (U+00A0, from a web page or a Word table) is trimmed like a space
CREATE OR REPLACE MACRO clean_text(x) AS
  CASE WHEN contains(x, ' ') OR contains(x, '　') OR contains(x, '\t') OR contains(x, '\r') OR contains(x, '\n') OR contains(x, '\u00a0')
       THEN nullif(trim(x, ${lit(SPACES)}), '') ELSE nullif(x, '') END;
CREATE OR REPLACE MACRO halfwidth(x) AS
  CASE WHEN regexp_matches(x, '[\uff01-\uff5e\u3000]') THEN translate(x, ${lit(FULL_ASCII)}, ${lit(HALF_ASCII)}) ELSE x END;
-- codes, amounts, dates and labels: every Unicode space trimmed (only cells off the fast path get here)
CREATE OR REPLACE MACRO clean_code(x) AS nullif(trim(halfwidth(x), ${lit(SPACES)}), '');
-- plain codes (the common case) skip the full-width check
CREATE OR REPLACE MACRO clean_id(x) AS CASE WHEN regexp_full_match(x, '[!-~]+') THEN x ELSE clean_code(x) END;
-- The slow paths bind clean_code(x) once through a one-element lambda: written out several times,
-- DuckDB's common-subexpression pass would hoist it and compute it for every cell, fast path or not.
CREATE OR REPLACE MACRO parse_amount_slow(x) AS list_transform([clean_code(x)], c ->
  CASE WHEN contains(c, ',') THEN
         CASE WHEN regexp_full_match(c, '[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?') THEN TRY_CAST(replace(c, ',', '') AS DECIMAL(18,6)) END
       WHEN regexp_full_match(c, '[+-]?(\\d+(\\.\\d*)?|\\.\\d+)') THEN TRY_CAST(c AS DECIMAL(18,6))
  END)[1];
-- DuckDB's cast also takes 1e3 and 1_000, which no clerk means as an amount: those go the slow way (and fail)
CREATE OR REPLACE MACRO parse_amount(x) AS
  coalesce(CASE WHEN NOT (contains(x, 'e') OR contains(x, 'E') OR contains(x, '_')) THEN TRY_CAST(x AS DECIMAL(18,6)) END,
           CASE WHEN x IS NOT NULL THEN parse_amount_slow(x) END);
-- a bad amount that is still a well-formed number: out of range, not mistyped
CREATE OR REPLACE MACRO number_like(x) AS list_transform([clean_code(x)], c ->
  regexp_full_match(c, '[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?') OR regexp_full_match(c, '[+-]?(\\d+(\\.\\d*)?|\\.\\d+)'))[1];
CREATE OR REPLACE MACRO parse_count(x) AS (
  CASE WHEN regexp_full_match(x, '\\d{1,9}') THEN CAST(x AS INTEGER)
       WHEN x IS NOT NULL THEN list_transform([clean_code(x)], c ->
         CASE WHEN regexp_full_match(c, '\\d{1,9}') THEN CAST(c AS INTEGER) END)[1] END);
CREATE OR REPLACE MACRO parse_year(x) AS (
  CASE WHEN regexp_full_match(x, '\\d{4}') THEN CAST(x AS INTEGER)
       WHEN x IS NOT NULL THEN list_transform([clean_code(x)], c ->
         -- a year typed as a date (2015-01-01, 2015年3月) is read as its year
         CASE WHEN regexp_full_match(c, '\\d{4}年?|\\d{4}[-/.]\\d{1,2}([-/.]\\d{1,2})?|\\d{4}年\\d{1,2}月(\\d{1,2}日)?') THEN CAST(left(c, 4) AS INTEGER) END)[1] END);
CREATE OR REPLACE MACRO parse_date_slow(x) AS list_transform([clean_code(x)], c ->
  CASE WHEN regexp_full_match(c, '\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}')
         THEN TRY_CAST(regexp_replace(c, '[/.]', '-', 'g') AS DATE)
       WHEN regexp_full_match(c, '\\d{4}年\\d{1,2}月\\d{1,2}日')
         THEN TRY_CAST(regexp_replace(c, '^(\\d{4})年(\\d{1,2})月(\\d{1,2})日$', '\\1-\\2-\\3') AS DATE)
  END)[1];
CREATE OR REPLACE MACRO parse_date(x) AS
  coalesce(CASE WHEN regexp_full_match(x, '\\d{4}-\\d{2}-\\d{2}') THEN TRY_CAST(x AS DATE) END,
           CASE WHEN x IS NOT NULL THEN parse_date_slow(x) END);
CREATE OR REPLACE MACRO norm_label(x) AS lower(replace(replace(replace(clean_code(x), '(', '（'), ')', '）'), ' ', ''));
-- a label as written: one CASE (a tenth of the time of list_position over the labels at 10⁶ rows); else as normalised
CREATE OR REPLACE MACRO category_of(x) AS CASE x ${pairs.map(([l, c]) => `WHEN ${lit(l)} THEN ${lit(c)}`).join(' ')}
  ELSE (${catList})[list_position(${labelList}, norm_label(x))] END;
CREATE OR REPLACE MACRO split_terms(x) AS
  list_filter(list_transform(regexp_split_to_array(clean_text(x), '[;；、,，]'), t -> trim(t, ' 　')), t -> t <> '');
CREATE OR REPLACE MACRO known_risks() AS ${sqlList([...RECORDED_RISKS.red, ...RECORDED_RISKS.yellow, ...RECORDED_RISKS.other])};
CREATE OR REPLACE MACRO red_risks() AS ${sqlList(RECORDED_RISKS.red)};
CREATE OR REPLACE MACRO yellow_risks() AS ${sqlList(RECORDED_RISKS.yellow)};
CREATE OR REPLACE MACRO operating_states() AS ${sqlList(OPERATING_STATES_ACCEPTED)};
CREATE OR REPLACE MACRO progress_states() AS ${sqlList(PROGRESS_STATES)};
CREATE OR REPLACE MACRO operating_modes() AS ${sqlList(OPERATING_MODES)};
-- the categories in print order; those with a completion to track; the one reported by 运营状态
CREATE OR REPLACE MACRO categories() AS ${sqlList(CATEGORIES)};
CREATE OR REPLACE MACRO progress_categories() AS ${sqlList(PROGRESS_CATEGORIES)};
CREATE OR REPLACE MACRO consolidate_category() AS ${lit(CATEGORIES[0])};
CREATE OR REPLACE MACRO done_states() AS ${sqlList(DONE_STATES)};
CREATE OR REPLACE MACRO completed_state() AS ${lit(DONE_STATES[0])};
CREATE OR REPLACE MACRO disposed_state() AS ${lit(DISPOSED_STATE)};
CREATE OR REPLACE MACRO dispose_category() AS ${lit(DISPOSE_CATEGORY)};
CREATE OR REPLACE MACRO dispose_reason() AS ${lit(DISPOSE_REASON)};
CREATE OR REPLACE MACRO unpaid_income() AS ${lit(UNPAID_INCOME)};
CREATE OR REPLACE MACRO closed_state() AS ${lit(CLOSED_STATE)};
CREATE OR REPLACE MACRO severities() AS ${sqlList(SEVERITIES)};
CREATE OR REPLACE MACRO major() AS ${lit(MAJOR)};
CREATE OR REPLACE MACRO village_owned(x) AS regexp_matches(x, ${lit(VILLAGE_OWNER.source)}) AND NOT regexp_matches(x, ${lit(STATE_OWNER.source)});
CREATE OR REPLACE MACRO stopped_states() AS ${sqlList(STOPPED_STATES)};
CREATE OR REPLACE MACRO default_operating_state() AS ${lit(DEFAULT_OPERATING_STATE)};
CREATE OR REPLACE MACRO default_progress_state() AS ${lit(DEFAULT_PROGRESS_STATE)};
CREATE OR REPLACE MACRO fair_operation() AS ${lit(FAIR_OPERATION)};
CREATE OR REPLACE MACRO equity_mode() AS ${lit(EQUITY_MODE)};
CREATE OR REPLACE MACRO declared_inefficient() AS ${lit(DECLARED_INEFFICIENT)};
CREATE OR REPLACE MACRO revive_category() AS ${lit(REVIVE_CATEGORY)};
CREATE OR REPLACE MACRO reclassify_reasons() AS ${sqlList(RECLASSIFY_REASONS)};
CREATE OR REPLACE MACRO answer_yes() AS ${lit(YES)};
CREATE OR REPLACE MACRO answer_no() AS ${lit(NO)};
CREATE OR REPLACE MACRO one_hot_yes() AS ${sqlList(ONE_HOT_YES)};
CREATE OR REPLACE MACRO one_hot_no() AS ${sqlList(ONE_HOT_NO)};
-- an amount written in 元 (header 投入帮扶资金（元）) as text in 万元, exactly; a bad value stays as written
CREATE OR REPLACE MACRO yuan_to_wan(x) AS coalesce(CAST(parse_amount(x) * 0.0001::DECIMAL(5,4) AS VARCHAR), x);
${Object.entries(COMPUTED_REASONS)
  .map(([k, v]) => `CREATE OR REPLACE MACRO reason_${k}() AS ${lit(v)};`)
  .join('\n')}
${Object.entries(IDLE_REASON_TEXTS)
  .map(([k, v]) => `CREATE OR REPLACE MACRO idle_text_${k}() AS ${lit(v)};`)
  .join('\n')}
-- characters XML, HTML and PDF cannot hold (C0 controls but tab and line breaks, DEL, noncharacters)
CREATE OR REPLACE MACRO has_control(x) AS regexp_matches(x, ${lit(CONTROL_CHARS)});
-- personal data typed into a public field: a mobile number, a landline with its area code, an ID-card
-- number, in the forms people type them (spaces, dashes, full-width digits, +86); an 18-digit ID-card
-- number only with its check digit right (GB 11643: weights 2^(17-i) mod 11, check 10X98765432)
CREATE OR REPLACE MACRO ascii_digits(x) AS translate(x, ${lit(FULL_WIDTH[0])}, ${lit(FULL_WIDTH[1])});
CREATE OR REPLACE MACRO id_card_ok(s) AS upper(s[18]) = substr('10X98765432',
  (list_sum(list_transform(range(17), i -> (ascii(s[i + 1]) - 48) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i + 1])) % 11)::INTEGER + 1, 1);
CREATE OR REPLACE MACRO has_personal(x) AS regexp_matches(ascii_digits(x), ${lit(PERSONAL_DATA)})
  OR list_bool_or(list_transform(regexp_extract_all(ascii_digits(x), ${lit(ID_CARD_18)}, 1), s -> id_card_ok(replace(replace(s, ' ', ''), '-', ''))));
-- either, in one pass: input_errors.sql screens a row's text with it before naming the field
CREATE OR REPLACE MACRO may_have_bad_text(x) AS regexp_matches(x, ${lit(`${CONTROL_CHARS}|${PERSONAL_SCREEN}|${EXCEL_ERROR}`)});
-- an Excel error value (#DIV/0!, #N/A…) standing for the cell's content
CREATE OR REPLACE MACRO is_excel_error(x) AS regexp_full_match(clean_code(x), ${lit(EXCEL_ERROR)});
-- the longest cell each column takes (LIMITS.chars in columns.ts)
CREATE OR REPLACE MACRO char_limit(k) AS CASE k ${LIMITED.map((c) => `WHEN ${lit(c.key)} THEN ${c.max}`).join(' ')} END;
-- a project's warning (§4.4): red when any red reason holds, else yellow when a yellow one does, else NULL
CREATE OR REPLACE MACRO warning_level(red, yellow) AS CASE WHEN len(red) > 0 THEN 'red' WHEN len(yellow) > 0 THEN 'yellow' END;
CREATE OR REPLACE MACRO months_before(d, n) AS CAST(d - to_months(n) AS DATE);
CREATE OR REPLACE MACRO months_after(d, n) AS CAST(d + to_months(n) AS DATE);
`;
}

/** The loaded columns (columns.ts): key and how the cell is parsed. */
const LOADED: { key: string; kind: ColumnKind }[] = LOADED_COLUMNS.map((c) => ({ key: c.key, kind: c.kind }));

const PARSED_KINDS = new Set(['year', 'amount', 'signedAmount', 'date', 'count', 'category']);

function parseExpr(kind: string, x: string): string {
  switch (kind) {
    case 'code':
      return `clean_id(${x})`;
    case 'year':
      return `parse_year(${x})`;
    case 'count':
      return `parse_count(${x})`;
    case 'amount':
    case 'signedAmount':
      return `parse_amount(${x})`;
    case 'date':
      return `parse_date(${x})`;
    case 'category':
      return `category_of(${x})`;
    case 'riskTerms':
      return `CASE WHEN ${x} IS NOT NULL THEN split_terms(${x}) END`;
    default:
      return `clean_text(${x})`;
  }
}

/** The raw cell, kept only when it is filled but could not be used (or lies outside LIMITS). */
function badExpr(kind: string, key: string): string {
  // cheap tests first: AND only evaluates later terms on the rows that passed the earlier ones
  const filled = `${key}__raw IS NOT NULL AND clean_text(${key}__raw) IS NOT NULL`;
  const max = maxValueOf(key, kind as ColumnKind);
  switch (kind) {
    case 'amount':
      return `CASE WHEN (${key} IS NULL OR ${key} < 0 OR ${key} > ${max}) AND ${filled} THEN ${key}__raw END`;
    case 'signedAmount':
      return `CASE WHEN (${key} IS NULL OR abs(${key}) > ${max}) AND ${filled} THEN ${key}__raw END`;
    case 'count':
      return `CASE WHEN (${key} IS NULL OR ${key} > ${max}) AND ${filled} THEN ${key}__raw END`;
    case 'date':
      return `CASE WHEN (${key} IS NULL OR ${key} < getvariable('earliest_date') OR ${key} > getvariable('latest_date')) AND ${filled} THEN ${key}__raw END`;
    case 'year':
      return `CASE WHEN (${key} IS NULL OR ${key} < getvariable('first_year') OR ${key} > year(getvariable('as_of'))) AND ${filled} THEN ${key}__raw END`;
    default:
      return `CASE WHEN ${key} IS NULL AND ${filled} THEN ${key}__raw END`;
  }
}

/** The loaded columns whose cells have a length limit (LIMITS.chars), with it. */
const LIMITED = LOADED.flatMap((c) => {
  const max = LIMITS.chars[c.kind];
  return max ? [{ key: c.key, max }] : [];
});

/**
 * Whether a row has a cell longer than its column allows: strlen (bytes, constant time) screens
 * before length (characters). Only these rows are looked at again, in input_errors.sql.
 */
function tooLongExpr(): string {
  return `coalesce(${LIMITED.map((c) => `(strlen(${c.key}__in) > ${c.max} AND length(${c.key}__in) > ${c.max})`).join(' OR ')}, false)`;
}

export async function createStaging(db: Database, profile: Profile, period: Period): Promise<void> {
  const session = variables(profile, period.asOf, period);
  await db.runSession(session);
  await db.run(macros());
  await db.run(`
CREATE TABLE sources (src INTEGER, label VARCHAR, header_row INTEGER, one_hot BOOLEAN, row_offset BIGINT, width INTEGER);
CREATE TABLE headers (src INTEGER, key VARCHAR, header VARCHAR, idx INTEGER);
CREATE TABLE blanks (src INTEGER, k INTEGER, cum INTEGER);
CREATE TABLE splits (src INTEGER, k INTEGER, kind VARCHAR, cells INTEGER);`);
}

/**
 * Ledgers up to this many bytes in all are staged in one batch: each file's cells are copied as
 * text into `raw_rows` (a cheap statement), then typed and ruled in one statement over all of them.
 * Planning the typing of some thirty columns costs more than running it on a county's few thousand
 * rows, so a county of nine township files pays it once, not nine times. Larger input is typed and
 * ruled file by file while DuckDB reads it, without the extra copy.
 */
const BATCH_BYTES = 64 * 1024 * 1024;

/**
 * Stage every source, typed, classified and with the rules of §4 evaluated, into `ledger_rows`, in
 * file order. A file DuckDB cannot read is an input error naming it (readErrors.ts), and the others
 * are still staged; if none can be read there is no `ledger_rows`.
 */
export async function stageSources(db: Database, sources: Source[], opts: { city: boolean } = { city: false }): Promise<Problem[]> {
  const batched = sources.reduce((n, s) => n + s.bytes, 0) <= BATCH_BYTES;
  const table = batched ? 'raw_rows' : 'ledger_rows';
  const threads = (await db.one<{ n: number }>(`SELECT current_setting('threads')::INTEGER AS n`)).n;
  const problems: Problem[] = [];
  let created = false;
  /** where each source's rows start in the table; null for a source DuckDB could not read */
  const offsets: (number | null)[] = [];
  for (const [src, s] of sources.entries()) {
    const offset = created ? Number((await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).n) : 0;
    offsets.push(offset);
    const rows = sourceRows(src, s, { city: opts.city, threads });
    await db.run(`INSERT INTO sources VALUES (${src}, ${lit(s.label)}, ${s.headerRow}, ${rows.oneHot}, ${offset}, ${s.header.width})`);
    // each column's header as written and its index in the row, as the header finder found them (ingest/header.ts)
    const headerRows = [...s.header.columns.entries()].map(([key, c]) => `(${src}, ${lit(key)}, ${lit(c.header)}, ${c.index})`);
    if (opts.city && s.header.county) headerRows.push(`(${src}, 'county', ${lit(s.header.county.header)}, ${s.header.county.index})`);
    if (headerRows.length) await db.run(`INSERT INTO headers VALUES ${headerRows.join(',')}`);
    if (s.blanksAfter.length) {
      // one row per distinct k (several blank lines in a row share it); cum = blank lines so far
      const cum = new Map<number, number>();
      s.blanksAfter.forEach((k, i) => {
        cum.set(k, i + 1);
      });
      const values = [...cum.entries()].map(([k, c]) => `(${src}, ${k}, ${c})`);
      for (let i = 0; i < values.length; i += 1000) await db.run(`INSERT INTO blanks VALUES ${values.slice(i, i + 1000).join(',')}`);
    }
    if (s.splits.length) {
      const values = s.splits.map((x) => `(${src}, ${x.k}, ${lit(x.kind)}, ${x.cells})`);
      for (let i = 0; i < values.length; i += 1000) await db.run(`INSERT INTO splits VALUES ${values.slice(i, i + 1000).join(',')}`);
    }
    const select = batched ? rows.sql : ruledRows(typedRows(`(${rows.sql})`));
    // the first file read creates the table (types come from the query), the others append by name
    try {
      await db.run(created ? `INSERT INTO ${table} BY NAME ${select}` : `CREATE TABLE ${table} AS ${select}`);
      created = true;
    } catch (e) {
      offsets[src] = null;
      problems.push(readProblem(s, e));
    }
  }
  if (batched && created) await db.run(`CREATE TABLE ledger_rows AS ${ruledRows(typedRows('raw_rows'))}; DROP TABLE raw_rows;`);
  // a note merged across a workbook's table (ingest: Source.noteRows) is a note whatever it says
  const notes = created
    ? sources.flatMap((s, src) => (offsets[src] == null ? [] : (s.noteRows ?? []).map((k) => offsets[src]! + k - 1)))
    : [];
  if (notes.length) await db.run(`UPDATE ledger_rows SET kind = 'note' WHERE rowid IN (${notes.join(',')})`);
  return problems;
}

/**
 * One source's records with its cells as text under the canonical names (`<key>__in`). At level
 * city also the 县 of each row: its 县 cell (`county__in`) and the 县 of the file's folder.
 */
function sourceRows(src: number, s: Source, { city, threads }: { city: boolean; threads: number }): { sql: string; oneHot: boolean } {
  // one column more than the header: a filled cell there means the row has more cells than the header
  const width = s.header.width;
  const cols = Array.from({ length: width + 1 }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  // an empty cell reads as '' and a missing one (a row with fewer cells) as NULL: see split_kind
  const cell = (i: number) => `nullif(c${i}, '')`;
  const ref = (key: string) => {
    const c = s.header.columns.get(key);
    if (!c) return 'NULL::VARCHAR';
    return c.yuan ? `yuan_to_wan(${cell(c.index)})` : cell(c.index);
  };
  const oneHot = s.header.oneHot;
  const isOneHot = oneHot.length > 0 && !s.header.columns.has('category');
  const mark = (i: number) => `clean_code(${cell(i)})`;
  const yes = isOneHot
    ? `list_filter([${oneHot.map((o) => `CASE WHEN list_contains(one_hot_yes(), ${mark(o.index)}) THEN ${lit(o.category)} END`).join(', ')}], x -> x IS NOT NULL)`
    : 'NULL::VARCHAR[]';
  const bad = isOneHot
    ? `list_filter([${oneHot
        .map(
          (o) =>
            `CASE WHEN NOT list_contains(one_hot_yes(), ${mark(o.index)}) AND NOT list_contains(one_hot_no(), ${mark(o.index)}) THEN ${lit(`${o.header}\t`)} || clean_text(${cell(o.index)}) END`,
        )
        .join(', ')}], x -> x IS NOT NULL)`
    : 'NULL::VARCHAR[]';
  // cells that do not line up with the header: fewer than the ledger columns need, or one beyond it filled
  // (a row with empty cells beyond the header is 'wide': wrong only where most rows are not)
  const split = `CASE WHEN c${s.header.needed - 1} IS NULL THEN 'short' WHEN nullif(trim(c${width}), '') IS NOT NULL THEN 'long'
    WHEN c${width} IS NOT NULL THEN 'wide' END`;
  const cellCount = `len(list_filter([${Array.from({ length: width + 1 }, (_, i) => `c${i}`).join(', ')}], x -> x IS NOT NULL))`;
  const buffer = bufferSize(s, threads);
  const reader = `read_csv(${lit(s.csvPath)}, header = false, skip = ${s.skipLines}, all_varchar = true, auto_detect = false,
    columns = {${cols}}, delim = ',', quote = '"', escape = '"', null_padding = true, strict_mode = false,
    nullstr = ${lit('\u0001')}, parallel = ${s.quotedNewlines ? 'false' : 'true'}${buffer ? `, buffer_size = ${buffer}` : ''})`;
  const countyCell = city && s.header.county ? cell(s.header.county.index) : 'NULL::VARCHAR';
  const folder = city ? countyOfPath(s.relPath) : null;
  const sql = `SELECT ${src} AS src, ${isOneHot} AS one_hot, ${cell(0)} AS first_cell__in,
    ${LOADED.map((c) => `${ref(c.key)} AS ${c.key}__in`).join(', ')}, ${yes} AS onehot_yes, ${bad} AS onehot_bad,
    ${countyCell} AS county__in, ${folder === null ? 'NULL::VARCHAR' : lit(folder)} AS county_folder,
    split_kind, CASE WHEN split_kind IS NOT NULL THEN ${cellCount} END AS split_cells
  FROM (SELECT *, ${split} AS split_kind FROM ${reader})`;
  return { sql, oneHot: isOneHot };
}

/**
 * DuckDB's CSV buffer for a large source, else null (its default). DuckDB reads a file one buffer
 * per thread, and a load that keeps the file's order (rowid → spreadsheet row) stores each
 * buffer's rows as one batch: a batch shorter than a row group (122,880 rows) is copied once more
 * to be merged. The default buffers hold some 60,000 rows of a ledger (measured: buffers of 8 and
 * 16 MB load as the default does); buffers of 32 MB hold a row group of rows of 250 bytes, and took
 * the load of 10⁶ rows from 8.3 s (16 CPU-s) to 6.6 s (12.8). Only a file that still gives every
 * thread a buffer gets them.
 */
const LARGE_BUFFER = 32 * 1024 * 1024;

function bufferSize(s: Source, threads: number): number | null {
  return s.bytes >= threads * LARGE_BUFFER ? LARGE_BUFFER : null;
}

/** The typed, classified rows of `relation` (rows of sourceRows): every cell parsed, bad cells kept raw. */
function typedRows(relation: string): string {
  const parsed = LOADED.map((c) => {
    const x = `${c.key}__in`;
    const name = c.key === 'risks' ? 'risk_terms' : c.key;
    const raw = PARSED_KINDS.has(c.kind) ? `, ${x} AS ${c.key}__raw` : '';
    return `${parseExpr(c.kind, x)} AS ${name}${raw}`;
  });
  return `
SELECT src,
  CASE
    WHEN contains(coalesce(first_cell, '') || coalesce(id, '') || coalesce(name, ''), '计')
         AND regexp_matches(coalesce(first_cell, '') || '|' || coalesce(id, '') || '|' || coalesce(name, ''), '(^|\\|)\\s*(合\\s*计|总\\s*计|小\\s*计)') THEN 'total'
    WHEN township IS NULL AND regexp_matches(coalesce(first_cell, id, name, ''), '^(备注|填表说明|注[:：]|说明[:：])') THEN 'note'
    -- blank: no ledger column filled (a pre-numbered 序号 alone does not make a project)
    WHEN coalesce(id, name, township, village, year__raw, investment__raw, category__raw) IS NULL
         AND coalesce(len(onehot_yes), 0) = 0 AND coalesce(len(onehot_bad), 0) = 0 THEN 'blank'
    ELSE 'project'
  END AS kind,
  one_hot,
  ${LOADED.map((c) =>
    c.key === 'risks'
      ? 'risk_terms'
      : c.key === 'category'
        ? `CASE WHEN one_hot THEN CASE WHEN len(onehot_yes) = 1 THEN onehot_yes[1] END ELSE category END AS category`
        : c.key === 'severity'
          ? // 大足's 闲置类（重大）/重大闲置类 carries its severity in the label; else the column 闲置程度
            `coalesce(CASE WHEN contains(category__raw, major()) THEN major() WHEN contains(category__raw, severities()[1]) THEN severities()[1] END, severity) AS severity`
          : c.key,
  ).join(', ')},
  ${LOADED.filter((c) => PARSED_KINDS.has(c.kind))
    .map((c) => `${badExpr(c.kind, c.key)} AS ${c.key}_bad`)
    .join(', ')},
  onehot_yes, onehot_bad, split_kind, split_cells, too_long, risks_long,
  -- level city: the row's 县, from its 县 cell, else its folder (both NULL at level county)
  coalesce(county_cell, county_folder) AS county, county_cell, county_folder
FROM (
  SELECT src, one_hot, clean_text(first_cell__in) AS first_cell, ${parsed.join(',\n    ')}, onehot_yes, onehot_bad, split_kind, split_cells,
    clean_text(county__in) AS county_cell, county_folder,
    ${tooLongExpr()} AS too_long,
    -- 风险情形 is loaded split into terms: an over-long cell is kept as written, for its message
    CASE WHEN strlen(risks__in) > ${LIMITS.chars.riskTerms} THEN risks__in END AS risks_long
  FROM ${relation}
)`;
}

/**
 * The rules of §4 (rules.sql) over `relation`, typed rows. The rules look at one row at a time, so
 * they run in the statement that types the rows: no typed table is stored only to be read once
 * (storing a million rows of some seventy columns costs as much as typing them).
 */
function ruledRows(relation: string): string {
  return readSql('rules').replaceAll('{{rows}}', () => `(${relation})`); // a function: the SQL holds $' sequences
}

/** Counted rows, with the rule columns, for the figure queries. */
export async function createProjectsView(db: Database): Promise<void> {
  await db.run(`CREATE VIEW projects AS SELECT rowid AS rid, * FROM ledger_rows WHERE kind = 'project'`);
}
