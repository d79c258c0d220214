import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PizZip from 'pizzip';
import { expect } from 'vitest';
import type { Changes, TrendPoint } from '../../pipeline/context.js';
import { Database, lit } from '../../pipeline/load/database.js';
import { JOURNAL, MANIFEST, recover } from '../../pipeline/output/outDir.js';
import { project, type RowSpec, tempDir, writeRowSpecs } from './ledger.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

// ——— The county: eight projects in three townships, one ledger per quarter ———

export const Q2: RowSpec[] = [
  project('A-1', { 项目名称: '牛场', 建设年度: 2019, 类别: '巩固类' }),
  project('A-2', { 项目名称: '羊场', 类别: '升级类', '投入帮扶资金（万元）': 50, 进展状态: '推进中', 计划完成日期: '2026-12-31' }),
  // idle since 2025-10-01 and to be disposed of: red 符合处置条件尚未处置
  project('A-3', {
    项目名称: '冷库',
    乡镇: '西河乡',
    类别: '调整类',
    '投入帮扶资金（万元）': 30,
    运营状态: '停产',
    停用日期: '2025-10-01',
    进展状态: '推进中',
  }),
  project('A-4', { 项目名称: '茶园', 乡镇: '西河乡', '投入帮扶资金（万元）': 40, 运营状态: '运营一般' }), // yellow 运营一般
  project('A-5', { 项目名称: '加工厂', 乡镇: '西河乡', '投入帮扶资金（万元）': 60 }),
  project('A-7', {
    项目名称: '大棚',
    乡镇: '南山镇',
    类别: '升级类',
    '投入帮扶资金（万元）': 20,
    进展状态: '未启动',
    计划完成日期: '2026-08-31',
  }),
  // 10 万元 dividend due 2026-03-31, none received: yellow 收益未按约定时间上缴
  project('A-8', {
    项目名称: '民宿',
    乡镇: '南山镇',
    '投入帮扶资金（万元）': 80,
    运营方式: '入股经营',
    '约定分红（万元）': 10,
    应分红日期: '2026-03-31',
    '实际分红（万元）': 0,
  }),
  project('A-9', { 项目名称: '菌棚', '投入帮扶资金（万元）': 25, 风险情形: '收益过低' }), // red
];

export const replace = (rows: RowSpec[], id: string, row: RowSpec | null) =>
  rows.flatMap((r) => (r.项目编号 === id ? (row ? [row] : []) : [r]));

/** Q3: A-1 巩固→升级; done; A-4 operates normally; A-5 gone; A-6 new (contract ends in a fortnight); A-7 overdue; A-8 pays 6; A-9 yellow. */
export let Q3 = replace(
  Q2,
  'A-1',
  project('A-1', { 项目名称: '牛场', 建设年度: 2019, 类别: '升级类', 进展状态: '推进中', 计划完成日期: '2027-06-30' }),
);
Q3 = replace(Q3, 'A-2', { ...Q2[1]!, 进展状态: '已完成', 完成日期: '2026-08-15' });
Q3 = replace(Q3, 'A-3', { ...Q2[2]!, 运营状态: '已处置', 进展状态: '已完成', 完成日期: '2026-09-10' });
Q3 = replace(Q3, 'A-4', { ...Q2[3]!, 运营状态: '正常运营' });
Q3 = replace(Q3, 'A-5', null);
Q3 = replace(Q3, 'A-8', { ...Q2[6]!, '实际分红（万元）': 6 });
Q3 = replace(Q3, 'A-9', { ...Q2[7]!, 风险情形: '收益不合理' });
Q3.push(
  project('A-6', {
    项目名称: '光伏',
    乡镇: '南山镇',
    建设年度: 2026,
    类别: '升级类',
    '投入帮扶资金（万元）': 120,
    进展状态: '推进中',
    合同到期日期: '2026-10-15',
  }),
);

/** Q4: A-7 done; A-6's contract has ended (no warning); A-8's dividend is over 6 months late (red). */
export const Q4 = replace(Q3, 'A-7', { ...Q2[5]!, 进展状态: '已完成', 完成日期: '2026-11-30' });

export const item = (id: string, name: string, township: string, from: string | null, to: string | null) => ({
  id,
  name,
  township,
  from,
  to,
});
export const list = (...items: ReturnType<typeof item>[]) => ({ count: items.length, items });

export const Q3_CHANGES: Changes = {
  since: '2026-06-30',
  source: 'history',
  projects: { before: 8, now: 8 },
  investment: { before: 405, now: 465, change: 60 },
  added: list(item('A-6', '光伏', '南山镇', null, '升级')),
  removed: list(item('A-5', '加工厂', '西河乡', '巩固', null)),
  reclassified: { ...list(item('A-1', '牛场', '东山镇', '巩固', '升级')), pairs: [{ from: '巩固', to: '升级', count: 1 }] },
  completed: list(item('A-2', '羊场', '东山镇', '推进中', '已完成'), item('A-3', '冷库', '西河乡', '推进中', '已完成')),
  newlyOverdue: list(item('A-7', '大棚', '南山镇', null, '2026-08-31')),
  warningsRaised: list(item('A-6', '光伏', '南山镇', null, 'red')),
  warningsCleared: list(item('A-3', '冷库', '西河乡', 'red', null), item('A-4', '茶园', '西河乡', 'yellow', null)),
  warningLevelChanged: list(item('A-9', '菌棚', '东山镇', 'red', 'yellow')),
  dividends: { recovered: 6, projects: 1, owedThen: 10, owedNow: 4 },
};

export const Q4_CHANGES: Changes = {
  since: '2026-09-30',
  source: 'history',
  projects: { before: 8, now: 8 },
  investment: { before: 465, now: 465, change: 0 },
  added: list(),
  removed: list(),
  reclassified: { ...list(), pairs: [] },
  completed: list(item('A-7', '大棚', '南山镇', '未启动', '已完成')),
  newlyOverdue: list(),
  warningsRaised: list(),
  warningsCleared: list(item('A-6', '光伏', '南山镇', 'red', null)),
  warningLevelChanged: list(item('A-8', '民宿', '南山镇', 'yellow', 'red')),
  dividends: { recovered: 0, projects: 0, owedThen: 4, owedNow: 4 },
};

// ——— Helpers ———

export function county(rows: RowSpec[]): string {
  const dir = tempDir('sgyp-history-data-');
  writeRowSpecs(dir, 'ledger.csv', rows);
  return dir;
}

export interface Stats {
  asOf: string;
  changes: Changes | null;
  trend: TrendPoint[];
  dataQuality: { id: string; file: string; line: number; note: string }[];
}
export const statsIn = (dir: string): Stats => JSON.parse(readFileSync(path.join(dir, 'stats.json'), 'utf8')) as Stats;

/** Every file under `dir` with the hash of its bytes. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export async function parquetRows(file: string): Promise<{ id: string; category: string; warning: string | null }[]> {
  const db = await Database.open();
  try {
    return await db.all(`SELECT id, category, warning FROM read_parquet(${lit(file)}) ORDER BY id`);
  } finally {
    db.close();
  }
}

export const xmlText = (xml: string) =>
  xml
    .replace(/<w:noBreakHyphen\/>/g, '-')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** The paragraphs of a .docx, one a line. */
export function docxText(file: string): string {
  const xml = new PizZip(readFileSync(file)).file('word/document.xml')!.asText();
  return xmlText(xml.replace(/<\/w:p>/g, '\n'));
}

/** The table rows of a .docx, cells joined by |. */
export function docxRows(file: string): string[] {
  const xml = new PizZip(readFileSync(file)).file('word/document.xml')!.asText();
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => xmlText(c[0])).join('|'),
  );
}

export async function pdfText(file: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    for (const it of (await page.getTextContent()).items) if ('str' in it) text += it.str;
    page.cleanup();
  }
  await doc.destroy();
  return text.replace(/\s+/g, '');
}

/** The project that left the ledger, where it was in Q2's ledger. */
export const Q3_QUALITY = [
  {
    id: 'A-5',
    file: 'ledger.csv',
    line: 6,
    note: '截至2026-06-30的台账中有此项目（加工厂，西河乡），本期台账中没有：资产不会凭空消失，请核实并说明去向',
  },
];

export const Q3_SENTENCE =
  '较上季度末（2026年6月30日），新增项目1个，减少项目1个，完成2个，1个项目由巩固类调整为升级类，新增预警1个、解除2个（见附件6）。';

// ——— Tests ———

/**
 * Q2, then Q3 killed at `step` of the output protocol (through the test entry tests/support/killAt.mjs):
 * the Q2 snapshot is untouched while the journal stands, and the next run's recovery completes the
 * swap with both snapshots and Q3's changes. The kill points of history.test.ts and history.slow.test.ts.
 */
export function expectSnapshotSwapCompleted(step: string): void {
  const run = (args: string[], killAt?: string) => {
    const entry = killAt ? [path.join(root, 'tests/support/killAt.mjs'), killAt] : [path.join(root, 'bin/sgyp.mjs')];
    return spawnSync(process.execPath, [...entry, ...args], { encoding: 'utf8', cwd: root });
  };
  const q2 = county(Q2);
  const q3 = county(Q3);
  const out = path.join(tempDir('sgyp-history-kill-'), 'out');
  expect(run(['stats', '--data', q2, '--out', out, '--as-of', '2026-06-30']).status).toBe(0);
  const kept = fingerprint(path.join(out, 'history', '2026-06-30'));
  const res = run(['stats', '--data', q3, '--out', out, '--as-of', '2026-09-30'], step);
  expect(res.signal).toBe('SIGKILL');
  expect(readdirSync(out)).toContain(JOURNAL);
  expect(fingerprint(path.join(out, 'history', '2026-06-30'))).toEqual(kept);
  recover(out);
  expect(readdirSync(path.join(out, 'history'))).toEqual(['2026-06-30', '2026-09-30']);
  expect(fingerprint(path.join(out, 'history', '2026-06-30'))).toEqual(kept);
  expect(statsIn(out).changes).toEqual(Q3_CHANGES);
  expect(readdirSync(out).sort()).toEqual([MANIFEST, 'history', 'stats.json']);
}
