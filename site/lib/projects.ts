/**
 * Columns of the 项目资产公示 table and of projects.csv: the public fields only, in one order, with
 * one way of printing each cell, so that the HTML table and the CSV never differ.
 */
import { formatMoney } from '../../pipeline/format/index.js';
import type { PublicSiteData, SiteProject } from './data.js';

export interface ProjectColumn {
  key: keyof SiteProject;
  header: string;
  numeric?: boolean;
}

export const PROJECT_COLUMNS: readonly ProjectColumn[] = [
  { key: 'id', header: '项目编号' },
  { key: 'name', header: '项目名称' },
  { key: 'township', header: '乡镇' },
  { key: 'village', header: '村' },
  { key: 'industry', header: '所属产业' },
  { key: 'year', header: '建设年度' },
  { key: 'fundSource', header: '资金来源' },
  { key: 'investment', header: '投入帮扶资金（万元）', numeric: true },
  { key: 'ownership', header: '资产权属' },
  { key: 'department', header: '主管部门' },
  { key: 'category', header: '类别' },
  { key: 'operatingState', header: '运营状态' },
  { key: 'progressState', header: '进展状态' },
  { key: 'households', header: '带动脱贫户数', numeric: true },
];

/** Cell text as printed on the site and in the CSV (category as the county's label; empty for null). */
export function cellText(p: SiteProject, key: keyof SiteProject, labels: PublicSiteData['labels']): string {
  const v = p[key];
  // §4.5: a 巩固 project with no 进展状态 has none: “—”, never 未启动
  if (key === 'progressState' && v === null) return '—';
  if (v === null || v === undefined) return '';
  if (key === 'category') return labels[p.category];
  if (key === 'investment') return formatMoney(p.investment);
  return String(v);
}

/**
 * A text cell that starts like a formula (= + - @) is prefixed with an apostrophe, so that a
 * ledger value can never run as a formula when the public opens the file in Excel or WPS.
 */
function inertText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with BOM (so Excel and WPS detect the encoding), CRLF line ends, RFC 4180 quoting. */
export function renderProjectsCsv(data: PublicSiteData): string {
  const lines = [PROJECT_COLUMNS.map((c) => csvField(c.header)).join(',')];
  for (const p of data.projects) {
    lines.push(
      PROJECT_COLUMNS.map((c) => {
        const text = cellText(p, c.key, data.labels);
        return csvField(c.numeric ? text : inertText(text));
      }).join(','),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
