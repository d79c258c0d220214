/**
 * The reporting cycle (issue 10, docs/rules.md §8): a small county built for Q2, Q3 and Q4 into the same
 * --out keeps a snapshot of every as-of date in OUT/history/, and each run states exactly what
 * changed since the latest earlier one — in stats.json, the context and the quarterly report (Word
 * and PDF, with its 变动情况表). A rebuild of the same date replaces only its own snapshot, a failed
 * run changes none, and --previous (last quarter's ledgers, no history yet) gives the same changes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { sgyp } from './support/cli.js';
import type { Changes, TrendPoint } from '../pipeline/context.js';
import { Database, lit } from '../pipeline/load/database.js';
import { JOURNAL, MANIFEST, recover } from '../pipeline/output/outDir.js';
import { buildQuarterlyReport } from '../pipeline/render/documents/model.js';
import { contextOf, project, type RowSpec, tempDir, writeRowSpecs } from './support/ledger.js';

const root = fileURLToPath(new URL('..', import.meta.url));

// ——— The county: eight projects in three townships, one ledger per quarter ———

const Q2: RowSpec[] = [
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

const replace = (rows: RowSpec[], id: string, row: RowSpec | null) => rows.flatMap((r) => (r.项目编号 === id ? (row ? [row] : []) : [r]));

/** Q3: A-1 巩固→升级; done; A-4 operates normally; A-5 gone; A-6 new (contract ends in a fortnight); A-7 overdue; A-8 pays 6; A-9 yellow. */
let Q3 = replace(
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
const Q4 = replace(Q3, 'A-7', { ...Q2[5]!, 进展状态: '已完成', 完成日期: '2026-11-30' });

const item = (id: string, name: string, township: string, from: string | null, to: string | null) => ({ id, name, township, from, to });
const list = (...items: ReturnType<typeof item>[]) => ({ count: items.length, items });

const Q3_CHANGES: Changes = {
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

const Q4_CHANGES: Changes = {
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

function county(rows: RowSpec[]): string {
  const dir = tempDir('sgyp-history-data-');
  writeRowSpecs(dir, 'ledger.csv', rows);
  return dir;
}

interface Stats {
  asOf: string;
  changes: Changes | null;
  trend: TrendPoint[];
  dataQuality: { id: string; file: string; line: number; note: string }[];
}
const statsIn = (dir: string): Stats => JSON.parse(readFileSync(path.join(dir, 'stats.json'), 'utf8')) as Stats;

/** Every file under `dir` with the hash of its bytes. */
function fingerprint(dir: string): Record<string, string> {
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

async function parquetRows(file: string): Promise<{ id: string; category: string; warning: string | null }[]> {
  const db = await Database.open();
  try {
    return await db.all(`SELECT id, category, warning FROM read_parquet(${lit(file)}) ORDER BY id`);
  } finally {
    db.close();
  }
}

const xmlText = (xml: string) =>
  xml
    .replace(/<w:noBreakHyphen\/>/g, '-')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** The paragraphs of a .docx, one a line. */
function docxText(file: string): string {
  const xml = new PizZip(readFileSync(file)).file('word/document.xml')!.asText();
  return xmlText(xml.replace(/<\/w:p>/g, '\n'));
}

/** The table rows of a .docx, cells joined by |. */
function docxRows(file: string): string[] {
  const xml = new PizZip(readFileSync(file)).file('word/document.xml')!.asText();
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => xmlText(c[0])).join('|'),
  );
}

async function pdfText(file: string): Promise<string> {
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
const Q3_QUALITY = [
  {
    id: 'A-5',
    file: 'ledger.csv',
    line: 6,
    note: '截至2026-06-30的台账中有此项目（加工厂，西河乡），本期台账中没有：资产不会凭空消失，请核实并说明去向',
  },
];

const Q3_SENTENCE =
  '较上季度末（2026年6月30日），新增项目1个，减少项目1个，完成2个，1个项目由巩固类调整为升级类，新增预警1个、解除2个（见附件6）。';

// ——— Tests ———

describe('Q2, Q3 and Q4 built into the same --out', () => {
  const q2 = county(Q2);
  const q3 = county(Q3);
  const q4 = county(Q4);
  const out = path.join(tempDir('sgyp-history-out-'), 'out');
  const history = path.join(out, 'history');

  it('Q2: no earlier snapshot, no changes; its snapshot is kept in history/2026-06-30', async () => {
    const res = await sgyp('stats', '--data', q2, '--out', out, '--as-of', '2026-06-30');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(statsIn(out).changes).toBeNull();
    expect(statsIn(out).trend).toEqual([]);
    expect(readdirSync(history)).toEqual(['2026-06-30']);
    expect(readdirSync(path.join(history, '2026-06-30')).sort()).toEqual(['projects.parquet', 'stats.json']);
    expect(readFileSync(path.join(history, '2026-06-30', 'stats.json'), 'utf8')).toBe(readFileSync(path.join(out, 'stats.json'), 'utf8'));
    const rows = await parquetRows(path.join(history, '2026-06-30', 'projects.parquet'));
    expect(rows.map((r) => `${r.id} ${r.category} ${r.warning}`)).toEqual([
      'A-1 巩固 null',
      'A-2 升级 null',
      'A-3 调整 red',
      'A-4 巩固 yellow',
      'A-5 巩固 null',
      'A-7 升级 null',
      'A-8 巩固 yellow',
      'A-9 巩固 red',
    ]);
    expect(JSON.parse(readFileSync(path.join(out, MANIFEST), 'utf8')).entries).toEqual(['history', 'stats.json']);
  });

  it('Q3 (build): the exact changes since 2026-06-30 in stats.json, the removed project as a data-quality note', async () => {
    const res = await sgyp('build', '--data', q3, '--out', out, '--as-of', '2026-09-30');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const stats = statsIn(out);
    expect(stats.changes).toEqual(Q3_CHANGES);
    expect(stats.dataQuality).toEqual(Q3_QUALITY);
    expect(readdirSync(history)).toEqual(['2026-06-30', '2026-09-30']);
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'history', 'reports', 'site', 'stats.json']);
    expect(res.out).toContain('对比历史快照：截至2026-06-30');
  });

  it('Q3: the quarterly report states the changes in Word and PDF and attaches the 变动情况表', async () => {
    const word = docxText(path.join(out, 'reports', 'quarterly-2026Q3.docx'));
    expect(word).toContain(`${Q3_SENTENCE}全县项目总数保持8个，投入帮扶资金由405.00万元增加到465.00万元。`);
    expect(word).toContain('较上季度末（2026年6月30日），升级类、盘活类、调整类项目新完成2个，新增逾期未完成1个。');
    expect(word).toContain('较上季度末（2026年6月30日），新增预警1个、解除预警2个、1个项目预警等级发生变化。');
    expect(word).toContain('较上季度末（2026年6月30日），收回欠缴分红6.00万元（1个项目），尚欠分红由10.00万元减少到4.00万元。');
    expect(word).toContain('5.本县逾期未完成项目清单');
    expect(word).toContain('6.本县经营性帮扶项目资产“四个一批”变动情况表');
    expect(word).toContain('\n附件6\n');
    // the project that left the ledger, named with its category then
    expect(word).toContain('减少的项目为加工厂（A-5，2026年6月30日为巩固类，无预警），本期台账中已无记录，其去向正在逐一核实。');
    expect(word).toContain('（2026年6月30日至2026年9月30日）');
    const rows = docxRows(path.join(out, 'reports', 'quarterly-2026Q3.docx'));
    const header = rows.indexOf('序号|项目编号|项目名称|乡镇|变动|原|现|说明');
    expect(rows.slice(header + 1, header + 11)).toEqual([
      '1|A-6|光伏|南山镇|新增项目|—|升级类|',
      '2|A-5|加工厂|西河乡|减少项目|巩固类|—|2026年6月30日无预警；本期台账中无此项目，去向待核实',
      '3|A-1|牛场|东山镇|调整类别|巩固类|升级类|',
      '4|A-2|羊场|东山镇|完成|推进中|已完成|',
      '5|A-3|冷库|西河乡|完成|推进中|已完成|',
      '6|A-7|大棚|南山镇|逾期未完成|—|计划2026年8月31日|',
      '7|A-6|光伏|南山镇|新增预警|无预警|红色预警|',
      '8|A-3|冷库|西河乡|解除预警|红色预警|无预警|',
      '9|A-4|茶园|西河乡|解除预警|黄色预警|无预警|',
      '10|A-9|菌棚|东山镇|预警等级变化|红色预警|黄色预警|',
    ]);
    // the site's “本季度变化”: the public changes only (no warnings), the count that closes (8 + 1 − 1 = 8)
    // with the project that left the ledger named, and the trend
    const html = readFileSync(path.join(out, 'site', 'index.html'), 'utf8').replace(/>\s+</g, '><');
    const block = html.slice(html.indexOf('本季度变化'), html.indexOf('id="by-category"'));
    expect(block).toContain(
      '与<time datetime="2026-06-30">2026年6月30日</time>相比，项目资产由 8 个变为 8 个（新增 1 个，台账中减少 1 个）',
    );
    for (const row of [
      'A-6|光伏|南山镇|新增项目|—|升级类',
      'A-5|加工厂|西河乡|台账中减少|巩固类|—',
      'A-2|羊场|东山镇|完成|推进中|已完成',
      'A-1|牛场|东山镇|调整类别|巩固类|升级类',
    ]) {
      expect(block).toContain(`<tr><td>${row.split('|').join('</td><td>')}</td></tr>`);
    }
    expect(block).toContain('项目数量变化趋势');
    expect(block).toContain('各时点项目数量：2026年6月30日共8个（巩固类5，升级类2，盘活类0，调整类1）');
    expect(block).not.toContain('预警');
    const pdf = await pdfText(path.join(out, 'reports', 'quarterly-2026Q3.pdf'));
    expect(pdf).toContain(Q3_SENTENCE);
    expect(pdf).toContain('变动情况表');
    expect(pdf).toContain('A-9菌棚东山镇预警等级变化红色预警黄色预警');
  });

  it('Q3: the 季度通报 ranks townships and departments and states the changes, in Word and PDF', async () => {
    const file = path.join(out, 'reports', 'notice-2026Q3.docx');
    const word = docxText(file);
    for (const line of [
      '\n本县“四个一批”工作专班办公室\n农办〔2026〕  号\n',
      '各乡镇人民政府，县直有关部门：',
      '升级类、盘活类、调整类项目共5个，已完成2个，完成率40.0%；超过计划完成时间仍未完成的1个（见附件3）。红色预警项目1个，尚欠分红4.00万元。',
      '较上季度末（2026年6月30日），新增项目1个，减少项目1个，完成2个，1个项目由巩固类调整为升级类，新增预警1个、解除2个（见附件4）。',
      // every 乡镇 has fewer than thresholds.rankMinTasks (3) such projects: listed with their rates, not ranked
      '各乡镇的升级类、盘活类、调整类项目均少于3个，不作排名（见附件1）：西河乡（1个项目完成1个，完成率100.0%）、东山镇（2个项目完成1个，完成率50.0%）、南山镇（2个项目完成0个，完成率0.0%）。',
      '逾期未完成项目分布在南山镇（1个）；红色预警项目分布在南山镇（1个）；尚欠分红的有南山镇（4.00万元）。',
      // the ledger has no 主管部门 column: one group 未填写 is no ranking of departments
      '台账未填报主管部门，县直有关部门推进情况本项未统计（见附件2）。',
      '4.本县经营性帮扶项目资产“四个一批”变动情况表',
    ]) {
      expect(word).toContain(line);
    }
    const rows = docxRows(file);
    const header = rows.indexOf(
      '排名|乡镇|升级类、盘活类、调整类项目（个）|已完成（个）|完成率|逾期未完成（个）|红色预警（个）|欠缴分红（万元）',
    );
    expect(rows.slice(header + 1, header + 5)).toEqual([
      '—|西河乡|1|1|100.0%|0|0|0.00',
      '—|东山镇|2|1|50.0%|0|0|0.00',
      '—|南山镇|2|0|0.0%|1|1|4.00',
      '|合计|5|2|40.0%|1|1|4.00',
    ]);
    const pdf = await pdfText(path.join(out, 'reports', 'notice-2026Q3.pdf'));
    expect(pdf).toContain('各乡镇的升级类、盘活类、调整类项目均少于3个，不作排名（见附件1）');
    expect(pdf).toContain('新增项目1个，减少项目1个，完成2个，1个项目由巩固类调整为升级类，新增预警1个、解除2个（见附件4）。');
    expect(pdf).toContain('—南山镇200.0%114.00');
  });

  it('a rebuild of Q3 replaces only its own snapshot and does not count twice', async () => {
    const before = fingerprint(path.join(history, '2026-06-30'));
    const res = await sgyp('stats', '--data', q3, '--out', out, '--as-of', '2026-09-30');
    expect(res.code).toBe(0);
    expect(statsIn(out).changes).toEqual(Q3_CHANGES);
    expect(readdirSync(history)).toEqual(['2026-06-30', '2026-09-30']);
    expect(fingerprint(path.join(history, '2026-06-30'))).toEqual(before);
  });

  it('Q4: compared with Q3, not Q2', async () => {
    const res = await sgyp('stats', '--data', q4, '--out', out, '--as-of', '2026-12-31');
    expect(res.code).toBe(0);
    expect(statsIn(out).changes).toEqual(Q4_CHANGES);
    expect(statsIn(out).dataQuality).toEqual([]);
    expect(statsIn(out).trend).toEqual([
      { asOf: '2026-06-30', projects: 8, investment: 405, counts: { 巩固: 5, 升级: 2, 盘活: 0, 调整: 1 }, completed: 0 },
      { asOf: '2026-09-30', projects: 8, investment: 465, counts: { 巩固: 3, 升级: 4, 盘活: 0, 调整: 1 }, completed: 2 },
      { asOf: '2026-12-31', projects: 8, investment: 465, counts: { 巩固: 3, 升级: 4, 盘活: 0, 调整: 1 }, completed: 3 },
    ]);
    expect(readdirSync(history)).toEqual(['2026-06-30', '2026-09-30', '2026-12-31']);
  });

  it('a failed run (a bad ledger) leaves history/ byte for byte as it was', async () => {
    const before = fingerprint(history);
    const bad = county([...Q4, project('A-10', { '投入帮扶资金（万元）': 'abc' })]);
    for (const asOf of ['2026-12-31', '2027-03-31']) {
      const res = await sgyp('build', '--data', bad, '--out', out, '--as-of', asOf);
      expect(res.code).toBe(1);
      expect(res.err).toContain('ledger.csv:10: 错误：列“投入帮扶资金（万元）”，值“abc”');
    }
    expect(fingerprint(history)).toEqual(before);
    expect(statsIn(out).asOf).toBe('2026-12-31');
  });

  it('--previous compares with last quarter’s ledgers instead, with the same changes', async () => {
    const fresh = path.join(tempDir('sgyp-history-prev-'), 'out');
    const res = await sgyp('stats', '--data', q3, '--out', fresh, '--as-of', '2026-09-30', '--previous', q2);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const stats = statsIn(fresh);
    expect(stats.changes).toEqual({ ...Q3_CHANGES, source: 'previous' });
    expect(stats.trend.map((p) => [p.asOf, p.projects, p.completed])).toEqual([
      ['2026-06-30', 8, 0],
      ['2026-09-30', 8, 2],
    ]);
    expect(stats.dataQuality).toEqual(Q3_QUALITY);
    // the earlier ledgers are compared with, not kept: the history holds this run's snapshot only
    expect(readdirSync(path.join(fresh, 'history'))).toEqual(['2026-09-30']);
  });
});

describe('--history, --previous and their mistakes', () => {
  it('--history DIR keeps the snapshots there and compares with them; OUT gets no history/', async () => {
    const q2 = county(Q2);
    const q3 = county(Q3);
    const base = tempDir('sgyp-history-elsewhere-');
    const out = path.join(base, 'out');
    const hist = path.join(base, 'snapshots');
    expect((await sgyp('stats', '--data', q2, '--out', out, '--as-of', '2026-06-30', '--history', hist)).code).toBe(0);
    const res = await sgyp('stats', '--data', q3, '--out', out, '--as-of', '2026-09-30', '--history', hist);
    expect(res.code).toBe(0);
    expect(statsIn(out).changes).toEqual(Q3_CHANGES);
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'stats.json']);
    expect(readdirSync(hist).sort()).toEqual([MANIFEST, '2026-06-30', '2026-09-30']);
    expect(JSON.parse(readFileSync(path.join(hist, MANIFEST), 'utf8')).entries).toEqual(['2026-06-30', '2026-09-30']);
  });

  it('refuses a --history inside the data folder or inside --out, and --history with check (exit 2)', async () => {
    const data = county(Q2);
    const out = path.join(tempDir('sgyp-history-bad-'), 'out');
    const inData = await sgyp('stats', '--data', data, '--out', out, '--as-of', '2026-06-30', '--history', path.join(data, 'h'));
    expect(inData.code).toBe(2);
    expect(inData.err).toContain('历史快照目录');
    expect(inData.err).toContain('数据目录');
    const inOut = await sgyp('stats', '--data', data, '--out', out, '--as-of', '2026-06-30', '--history', path.join(out, 'site'));
    expect(inOut.code).toBe(2);
    expect(inOut.err).toContain('位于输出目录之内');
    const check = await sgyp('check', '--data', data, '--as-of', '2026-06-30', '--history', out);
    expect(check.code).toBe(2);
    expect(check.err).toContain('--history 和 --previous 只用于 stats 和 build 命令');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a history/ in --out that it did not create, and leaves it alone', async () => {
    const data = county(Q2);
    const out = tempDir('sgyp-history-foreign-');
    mkdirSync(path.join(out, 'history'));
    writeFileSync(path.join(out, 'history', 'notes.txt'), 'the clerk’s own');
    const res = await sgyp('stats', '--data', data, '--out', out, '--as-of', '2026-06-30');
    expect(res.code).toBe(2);
    expect(res.err).toContain('不是本程序生成的 “history”');
    expect(readdirSync(out)).toEqual(['history']);
    expect(readdirSync(path.join(out, 'history'))).toEqual(['notes.txt']);
  });

  it('--previous: errors of the earlier ledgers name their folder; a later or equal as-of is refused', async () => {
    const q3 = county(Q3);
    const bad = county([...Q2, project('A-10', { 类别: '未知类' })]);
    const out = path.join(tempDir('sgyp-history-prevbad-'), 'out');
    const res = await sgyp('stats', '--data', q3, '--out', out, '--as-of', '2026-09-30', '--previous', bad);
    expect(res.code).toBe(1);
    expect(res.err).toContain(`${path.join(bad, 'ledger.csv')}:10: 错误：列“类别”，值“未知类”`);
    expect(existsSync(out)).toBe(false);
    const later = county(Q3);
    writeFileSync(path.join(later, 'profile.json'), JSON.stringify({ asOf: '2026-09-30' }));
    const same = await sgyp('stats', '--data', q3, '--out', out, '--as-of', '2026-09-30', '--previous', later);
    expect(same.code).toBe(1);
    expect(same.err).toContain('上期台账的截止日期应早于本期（2026-09-30）');
  });
});

describe('a run killed while it puts its snapshot in place', () => {
  const bin = path.join(root, 'bin/sgyp.mjs');
  // killed at a step of the output protocol through the test entry (tests/support/killAt.mjs)
  function spawn(args: string[], killAt?: string) {
    const entry = killAt ? [path.join(root, 'tests/support/killAt.mjs'), killAt] : [bin];
    return spawnSync(process.execPath, [...entry, ...args], { encoding: 'utf8', cwd: root });
  }

  for (const step of ['swap:stats.json', 'swap:history/2026-09-30']) {
    it(`killed at ${step}: the next run completes the swap and no earlier snapshot is lost`, () => {
      const q2 = county(Q2);
      const q3 = county(Q3);
      const out = path.join(tempDir('sgyp-history-kill-'), 'out');
      expect(spawn(['stats', '--data', q2, '--out', out, '--as-of', '2026-06-30']).status).toBe(0);
      const kept = fingerprint(path.join(out, 'history', '2026-06-30'));
      const res = spawn(['stats', '--data', q3, '--out', out, '--as-of', '2026-09-30'], step);
      expect(res.signal).toBe('SIGKILL');
      expect(readdirSync(out)).toContain(JOURNAL);
      expect(fingerprint(path.join(out, 'history', '2026-06-30'))).toEqual(kept);
      recover(out);
      expect(readdirSync(path.join(out, 'history'))).toEqual(['2026-06-30', '2026-09-30']);
      expect(fingerprint(path.join(out, 'history', '2026-06-30'))).toEqual(kept);
      expect(statsIn(out).changes).toEqual(Q3_CHANGES);
      expect(readdirSync(out).sort()).toEqual([MANIFEST, 'history', 'stats.json']);
    });
  }
});

describe('the quarterly report’s wording of the changes', () => {
  const empty = () => ({ count: 0, items: [] });
  const none: Changes = {
    since: '2026-06-30',
    source: 'history',
    projects: { before: 8, now: 8 },
    investment: { before: 465, now: 465, change: 0 },
    added: empty(),
    removed: empty(),
    reclassified: { ...empty(), pairs: [] },
    completed: empty(),
    newlyOverdue: empty(),
    warningsRaised: empty(),
    warningsCleared: empty(),
    warningLevelChanged: empty(),
    dividends: { recovered: 0, projects: 0, owedThen: 0, owedNow: 0 },
  };
  const text = (doc: ReturnType<typeof buildQuarterlyReport>) =>
    doc.sections.flatMap((s) => s.paragraphs.map((p) => p.lead + p.text)).join('\n');

  it('without a snapshot it says nothing about change and carries five attachments', async () => {
    const ctx = await contextOf(Q3);
    expect(ctx.changes).toBeNull();
    const doc = buildQuarterlyReport(ctx);
    expect(text(doc)).not.toMatch(/较上季度末|较\d{4}年/);
    expect(doc.attachments.map((a) => a.key)).toEqual(['townships', 'idle', 'dividends', 'warnings', 'overdue']);
  });

  it('a snapshot with nothing changed: says so, and attaches no 变动情况表', async () => {
    const ctx = { ...(await contextOf(Q3)), changes: none };
    const doc = buildQuarterlyReport(ctx);
    expect(text(doc)).toContain(
      '较上季度末（2026年6月30日），项目数量、类别、完成和预警情况均无变化。全县项目总数保持8个，投入帮扶资金保持465.00万元。',
    );
    expect(text(doc)).toContain('较上季度末（2026年6月30日），升级类、盘活类、调整类项目没有新完成的项目，没有新增逾期未完成项目。');
    expect(text(doc)).toContain('较上季度末（2026年6月30日），新增预警0个、解除预警0个。');
    expect(doc.attachments.map((a) => a.key)).toEqual(['townships', 'idle', 'dividends', 'warnings', 'overdue']);
  });

  it('a snapshot that is not the end of the quarter before is named by its date only', async () => {
    const ctx = {
      ...(await contextOf(Q3)),
      changes: { ...none, since: '2026-08-15', added: list(item('A-6', '光伏', '南山镇', null, '升级')) },
    };
    const doc = buildQuarterlyReport(ctx);
    expect(text(doc)).toContain('较2026年8月15日，新增项目1个（见附件6）。');
    expect(text(doc)).not.toContain('上季度末');
    expect(doc.attachments.at(-1)).toMatchObject({ key: 'changes', no: 6, note: '（2026年8月15日至2026年9月30日）' });
  });
});
