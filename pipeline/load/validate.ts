/**
 * Turns the rows of input_errors.sql into Chinese messages that name file, row, column, value and
 * what was expected.
 */
import type { Profile } from '../config/profile.js';
import type { Problem } from '../errors.js';
import type { Source } from '../ingest/sources.js';
import { COLUMN_BY_KEY, COUNTY_COLUMN, LIMITS, LOADED_COLUMNS, maxValueOf } from '../ingest/columns.js';
import {
  ONE_HOT_NO,
  ONE_HOT_YES,
  OPERATING_MODES,
  OPERATING_STATES_ACCEPTED,
  PROGRESS_STATES,
  RECORDED_RISKS,
  SEVERITIES,
} from '../vocabulary.js';
import { readSql, type Database } from './database.js';

type ErrorRow = {
  src: number;
  line: number;
  ref_line: number | null;
  ref_label: string | null;
  key: string;
  value: string | null;
  rule: string;
  detail: string | null;
  label: string;
  header: string | null;
  /** the column's index in the file's rows (headers.idx) */
  idx: number | null;
};

/** 1000000000 → 1,000,000,000 */
const grouped = (n: number) => n.toLocaleString('en-US');

/** Dates of what has happened: no later than the as-of date (the rule future-date). */
const HAPPENED = new Set(['stop_date', 'completed_date']);

function message(rule: string, detail: string | null, profile: Profile, asOf: string, key = ''): string {
  const asOfYear = Number(asOf.slice(0, 4));
  const asOfDate = asOf;
  const col = COLUMN_BY_KEY.get(key);
  switch (rule) {
    case 'required':
      return '必填项为空';
    case 'duplicate':
      return profile.level === 'city' ? `项目编号在同一县内重复，已在 ${detail} 出现过` : `项目编号重复，已在 ${detail} 出现过`;
    case 'county-mismatch':
      return `与台账所在文件夹的县“${detail}”不一致：同一行的县只能有一个，请改正“县”列或把文件放进该县的文件夹`;
    case 'year':
      return `应为${profile.thresholds.firstYear}至${asOfYear}之间的四位年份`;
    case 'category':
      return '不是认可的类别，应为 巩固/升级/盘活/调整（可带“类”“一批”），或 优势类、薄弱类、提升类、闲置类、淘汰类、另起炉灶';
    case 'onehot-count':
      return detail
        ? `类别列中填“是”（或打√）的有多列（${detail}），应恰有一列为“是”`
        : '类别列（巩固类/升级类/盘活类/调整类等）中没有一列填“是”（或打√），应恰有一列为“是”';
    case 'yesno':
      return '应填“是”或“否”';
    case 'onehot-mark':
      return `应填 ${ONE_HOT_YES.join(' ')} 表示属于该类，${ONE_HOT_NO.join(' ')} 或留空表示不属于`;
    case 'split-short': {
      const [cells, width] = (detail ?? '').split('/');
      return `这一行只分出${cells}列，表头有${width}列，单元格对不上列：可能用了全角逗号“，”或漏了分隔符；请在 Excel 或 WPS 中打开核对后另存`;
    }
    case 'split-long': {
      const width = (detail ?? '').split('/')[1];
      return `这一行的单元格比表头的${width}列多，且多出的单元格有内容：单元格里的英文逗号要用英文引号把整个单元格括起来（Excel 另存为 CSV 时会自动这样做）`;
    }
    case 'split-quote':
      return '英文引号没有配对，这一行无法分列：以引号开头的单元格要以引号结束，单元格中的引号要写成两个（""）；或在 Excel 中打开后另存';
    case 'amount':
      return '应为不小于0的数字（万元，可带千位分隔符，如 1,234.50）';
    case 'signed-amount':
      return '应为数字（万元，亏损写负数，如 -3.5）';
    case 'date':
      return '不是有效日期，应写作 2026-04-29、2026/4/29、2026.4.29 或 2026年4月29日';
    case 'count':
      return '应为不小于0的整数';
    case 'amount-range': {
      const max = grouped(maxValueOf(key, 'amount') ?? LIMITS.amount);
      return key.startsWith('capacity_')
        ? `数值超出合理范围，应为0至${max}之间的数字：请检查位数`
        : `数值超出合理范围，应为0至${max}之间的数字（单位万元）：请检查单位和位数`;
    }
    case 'signed-amount-range':
      return `数值超出合理范围，应在-${grouped(LIMITS.amount)}至${grouped(LIMITS.amount)}之间（单位万元）：请检查单位和位数`;
    case 'count-range':
      return `数值超出合理范围，应为0至${grouped(LIMITS.count)}之间的整数：请检查位数`;
    case 'date-range': {
      const latest = `${Number(asOf.slice(0, 4)) + LIMITS.dueYears}${asOf.slice(4)}`;
      return HAPPENED.has(key)
        ? `日期超出合理范围，应在 ${LIMITS.earliestDate} 至统计截止日期 ${asOfDate} 之间：请检查年份`
        : `日期超出合理范围，应在 ${LIMITS.earliestDate} 至 ${latest}（统计截止日期后${LIMITS.dueYears}年）之间：请检查年份`;
    }
    case 'too-long': {
      const max = col ? LIMITS.chars[col.kind] : undefined;
      return `内容过长（共${detail}字），该列最多${max ?? '?'}字：请精简后重新填写`;
    }
    case 'operating-state':
      return `应为 ${OPERATING_STATES_ACCEPTED.join('、')} 之一`;
    case 'progress-state':
      return `应为 ${PROGRESS_STATES.join('、')} 之一`;
    case 'operating-mode':
      return `应为 ${OPERATING_MODES.join('、')} 之一`;
    case 'completed-date':
      return `进展状态为“${detail}”时必须填写完成日期`;
    case 'risk-term':
      return `不是认可的风险情形，应为 ${[...RECORDED_RISKS.red, ...RECORDED_RISKS.yellow, ...RECORDED_RISKS.other].join('、')} 中的一项或多项（用“；”分隔）`;
    case 'severity':
      return `应为 ${SEVERITIES.join(' 或 ')}（大足“闲置类（一般/重大）”）`;
    case 'future-date':
      return `晚于统计截止日期 ${asOfDate}：停用日期、完成日期记录已经发生的事，不能是将来的日期`;
    case 'control-char':
      return '含有不可打印的控制字符（如从其他系统复制时带入的响铃、退格等），无法写入报告和网页，请删除后重新填写';
    case 'excel-error':
      return '是 Excel 的错误值（公式算不出结果），不是这一格的内容：请在 Excel 或 WPS 中改正公式或填入内容后重新运行';
    case 'personal-data':
      return '疑似含有手机号、电话号码或身份证号：该列会在网站上公开，个人信息只能填在“联系人”“联系电话”列';
    default:
      return rule;
  }
}

/** The cells longer than their column allows (LIMITS.chars), as input_errors rows. */
function longCellsSql(): string {
  const cols = LOADED_COLUMNS.filter((c) => LIMITS.chars[c.kind]).map((c) => c.key);
  // 风险情形 is loaded split into terms; stage.ts keeps an over-long cell as written in risks_long
  const select = cols.map((k) => (k === 'risks' ? 'risks_long AS risks' : k)).join(', ');
  return `SELECT src, rid, k AS key, v AS value, 'too-long' AS rule, NULL::BIGINT AS ref_rid, length(v)::VARCHAR AS detail FROM (
  UNPIVOT (SELECT src, rowid AS rid, ${select} FROM ledger_rows WHERE too_long AND kind = 'project') ON ${cols.join(', ')} INTO NAME k VALUE v)
WHERE length(v) > char_limit(k)`;
}

export async function collectInputErrors(db: Database, profile: Profile, asOf: string, sources: Source[]): Promise<Problem[]> {
  await db.run(`CREATE OR REPLACE TEMP TABLE input_errors AS ${readSql('input_errors')}`);
  // over-long cells are rare: looked for only when a row has one (stage.ts flags it while typing)
  if ((await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ledger_rows WHERE too_long AND kind = 'project'`)).n > 0) {
    await db.run(`INSERT INTO input_errors BY NAME ${longCellsSql()}`);
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE error_rows AS
    SELECT src, rid FROM input_errors UNION SELECT l.src, e.ref_rid FROM input_errors e JOIN ledger_rows l ON l.rowid = e.ref_rid`);
  const rows = await db.all<ErrorRow>(`
WITH lines AS (${readSql('row_lines').replaceAll('{{rows}}', 'error_rows')})
SELECT e.src, l.line::INTEGER AS line, e.key, e.value, e.rule, e.detail, s.label, h.header, h.idx,
  rl.line::INTEGER AS ref_line, rs.label AS ref_label
FROM input_errors e JOIN sources s USING (src) JOIN lines l ON l.rid = e.rid
LEFT JOIN headers h ON h.src = e.src AND h.key = e.key
LEFT JOIN lines rl ON rl.rid = e.ref_rid
LEFT JOIN ledger_rows lr ON lr.rowid = e.ref_rid LEFT JOIN sources rs ON rs.src = lr.src
ORDER BY e.src, line, e.key, e.rule, e.value`);
  // a row whose cells do not line up with the header gets that one message, not one per misplaced cell
  const splitRows = new Set(rows.filter((r) => r.rule.startsWith('split-')).map((r) => `${r.src}:${r.line}`));
  const problems = rows
    .filter((r) => r.rule.startsWith('split-') || !splitRows.has(`${r.src}:${r.line}`))
    .map((r) => {
      if (r.key === 'row')
        return {
          file: r.label,
          line: r.line,
          column: null,
          value: null,
          rule: r.rule,
          message: message(r.rule, r.detail, profile, asOf, r.key),
        };
      let column = r.header ?? COLUMN_BY_KEY.get(r.key)?.header ?? (r.key === COUNTY_COLUMN.key ? COUNTY_COLUMN.header : r.key);
      let columnIndex = r.idx ?? undefined;
      let value = r.value;
      if (r.key === 'onehot') {
        if (value?.includes('\t')) {
          const [h, v] = value.split('\t');
          column = h!;
          columnIndex = sources[r.src]?.header.oneHot.find((o) => o.header === h)?.index;
          value = v ?? '';
        } else column = '巩固类/升级类/盘活类/调整类';
      }
      return {
        file: r.label,
        line: r.line,
        column,
        ...(columnIndex !== undefined ? { columnIndex } : {}),
        value,
        rule: r.rule,
        message: message(r.rule, r.rule === 'duplicate' ? `${r.ref_label}:${r.ref_line}` : r.detail, profile, asOf, r.key),
      };
    });
  return [...problems, ...(await countCheck(db, sources))];
}

/**
 * Nothing lost, provably: for every file, the records the ingest scan counted (its own pass over
 * the bytes or the sheet's rows) are the rows the database holds. A difference means some rows
 * were split or joined differently by the reader: the file is refused rather than half read.
 */
async function countCheck(db: Database, sources: Source[]): Promise<Problem[]> {
  const rows = await db.all<{ src: number; n: number }>('SELECT src, count(*)::INTEGER AS n FROM ledger_rows GROUP BY src');
  const read = new Map(rows.map((r) => [r.src, r.n]));
  return sources.flatMap((s, src) => {
    const n = read.get(src) ?? 0;
    if (n === s.records) return [];
    return [
      {
        file: s.label,
        line: null,
        column: null,
        value: null,
        rule: 'row-count',
        message: `逐行清点有${s.records}个非空行，读入数据库的却是${n}行，有的行可能没有被正确分开：请在 Excel 或 WPS 中打开该文件，另存为 .xlsx 或“CSV UTF-8”后重试`,
      },
    ];
  });
}

/**
 * Ledgers that hold no project at all (a template sent back unfilled, a folder of headers): an
 * input error naming every file, not an empty report.
 */
export async function noProjectProblems(db: Database, sources: Source[]): Promise<Problem[]> {
  const rows = await db.all<{ src: number; label: string; records: number; counted: number; blank: number; total: number; notes: number }>(
    readSql('file_rows'),
  );
  if (rows.some((r) => r.counted > 0)) return [];
  return rows.map((r) => {
    const s = sources[r.src]!;
    const blank = r.blank + s.blanksAfter.length;
    const read = r.records + s.blanksAfter.length;
    return {
      file: r.label,
      line: null,
      column: null,
      value: null,
      rule: 'no-projects',
      message: read
        ? `没有任何项目：表头（第${s.headerRow}行）以下的${read}行都不是项目（空行${blank}、合计${r.total}、说明${r.notes}）；所有台账合计没有一个项目，无法统计`
        : `没有任何项目：表头（第${s.headerRow}行）以下没有数据行；所有台账合计没有一个项目，无法统计`,
    };
  });
}
