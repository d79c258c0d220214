/**
 * The project lists (compute/lists.ts, context.ts ProjectList), tested both ways:
 * - a county's lists are whole: plain arrays of checked items, in stats.json one item per line;
 * - past thresholds.listItems (a city's, a province's) a list keeps its count and its first items by
 *   risk; stats.json points to lists/<name>.parquet, which holds the whole list, and the documents
 *   get every item back (wholeLists). The figures do not change.
 * A query that no longer fits its schema fails, naming the query.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildContext, wholeLists } from '../pipeline/compute/buildContext.js';
import { queryList } from '../pipeline/compute/lists.js';
import { readSettings } from '../pipeline/config/settings.js';
import type { ProjectList, ReportContext } from '../pipeline/context.js';
import { loadLedgers } from '../pipeline/load/index.js';
import { renderStatsJson } from '../pipeline/render/stats/statsJson.js';
import { computeContext, run } from '../pipeline/run.js';

let ctx: ReportContext;
beforeAll(async () => {
  ctx = await computeContext({ dataDir: 'data' });
});

/** The lists stats.json holds, as [path in stats.json, the context's list]. */
const lists = (c: ReportContext): [string, ProjectList<{ id: string }>][] => [
  ['idleInefficient', c.idleInefficient],
  ['warnings.items', c.warnings.list],
  ['overdue', c.overdue],
  ['dividends.items', c.dividends.list],
  ['approvals.items', c.approvals.list],
  ['reclassify', c.reclassify],
];

const at = (json: Record<string, unknown>, dotted: string) =>
  dotted.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], json);

/** The rows of a Parquet file, as DuckDB reads them (numbers as JavaScript numbers). */
async function parquetRows(file: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const reader = await conn.runAndReadAll(`FROM read_parquet('${file.replaceAll("'", "''")}')`);
  const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
  conn.closeSync();
  db.closeSync();
  return rows;
}

/** The sample county's data folder with `thresholds` added to its profile. */
function sampleWith(thresholds: Record<string, number>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lists-'));
  cpSync('data', dir, { recursive: true });
  const yaml = readFileSync(path.join(dir, 'profile.yaml'), 'utf8');
  writeFileSync(
    path.join(dir, 'profile.yaml'),
    `${yaml}\nthresholds:\n${Object.entries(thresholds)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join('\n')}\n`,
  );
  return dir;
}

/** The lengths of the sample county's lists. */
const SAMPLE_LISTS = {
  idleInefficient: 15,
  'warnings.items': 33,
  overdue: 6,
  'dividends.items': 8,
  'approvals.items': 39,
  reclassify: 8,
};

/** The first and the last item of each list of the sample county, as stats.json writes them. */
const SAMPLE_ENDS: Record<string, [Record<string, unknown>, Record<string, unknown>]> = {
  idleInefficient: [
    {
      id: 'SL-2019-020',
      name: '阴坡村帮扶产业园标准化厂房',
      township: '南山镇',
      village: '阴坡村',
      category: '盘活',
      operatingState: '停产',
      investment: 5860,
      idle: true,
      inefficient: false,
      reasons: ['停产满6个月'],
      department: '县工业商务和信息化局',
      severity: null,
      progressState: '推进中',
    },
    {
      id: 'SL-2017-006',
      name: '下河村高原夏菜育苗中心',
      township: '青林镇',
      village: '下河村',
      category: '巩固',
      operatingState: '正常运营',
      investment: 354.83,
      idle: false,
      inefficient: true,
      reasons: ['连续两年净收益为负'],
      department: '县农业农村局',
      severity: null,
      progressState: null,
    },
  ],
  'warnings.items': [
    {
      id: 'SL-2019-020',
      name: '阴坡村帮扶产业园标准化厂房',
      township: '南山镇',
      village: '阴坡村',
      category: '盘活',
      level: 'red',
      reasons: ['合同到期已闲置超过3个月', '闲置资产尚未盘活'],
      department: '县工业商务和信息化局',
    },
    {
      id: 'SL-2023-005',
      name: '红土坡村民俗文化体验园',
      township: '青林镇',
      village: '红土坡村',
      category: '巩固',
      level: 'yellow',
      reasons: ['收益不合理', '分配使用不规范'],
      department: '县文体旅游局',
    },
  ],
  overdue: [
    {
      id: 'SL-2016-003',
      name: '石家堡村八眉猪养殖场（二期）',
      township: '青林镇',
      village: '石家堡村',
      category: '调整',
      plannedDate: '2026-06-30',
      progressState: '推进中',
    },
    {
      id: 'SL-2024-004',
      name: '杏园村牦牛藏羊养殖场',
      township: '青林镇',
      village: '杏园村',
      category: '升级',
      plannedDate: '2026-09-29',
      progressState: '未启动',
    },
  ],
  'dividends.items': [
    {
      id: 'SL-2018-017',
      name: '水磨村乡村旅游接待中心',
      township: '南山镇',
      village: '水磨村',
      category: '巩固',
      agreed: 7.5,
      received: 2.5,
      owed: 5,
      dueDate: '2026-07-31',
      overdueMonths: 2,
      operator: '示例县山水文旅发展有限公司',
    },
    {
      id: 'SL-2020-008',
      name: '红土坡村青稞制品加工坊',
      township: '青林镇',
      village: '红土坡村',
      category: '升级',
      agreed: 3,
      received: 0,
      owed: 3,
      dueDate: '2026-06-30',
      overdueMonths: 3,
      operator: '示例县清油坊粮油有限公司',
    },
  ],
  'approvals.items': [
    {
      id: 'SL-2018-017',
      name: '水磨村乡村旅游接待中心',
      township: '南山镇',
      village: '水磨村',
      category: '巩固',
      value: 274.01,
      level: 'county',
      label: '县级领导小组',
      simplified: false,
      batch: null,
      severity: null,
    },
    {
      id: 'SL-2024-003',
      name: '新城村农家乐民宿',
      township: '青林镇',
      village: '新城村',
      category: '巩固',
      value: 376.14,
      level: 'county',
      label: '县级领导小组',
      simplified: false,
      batch: null,
      severity: null,
    },
  ],
  reclassify: [
    { id: 'SL-2016-010', name: '马家台村饲草料加工点', township: '河源镇', village: '马家台村', category: '巩固', why: ['收益过低'] },
    {
      id: 'SL-2017-006',
      name: '下河村高原夏菜育苗中心',
      township: '青林镇',
      village: '下河村',
      category: '巩固',
      why: ['连续两年净收益为负'],
    },
  ],
};

describe('a county: every list whole', () => {
  it('holds every item, checked, and stats.json writes them one per line, as the reports read them', () => {
    const text = renderStatsJson(ctx);
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(ctx.warnings.list.count).toBe(ctx.warnings.red + ctx.warnings.yellow);
    expect(ctx.warnings.list.count).toBe(33);
    expect(ctx.idleInefficient.items.filter((i) => i.idle).length).toBe(ctx.idle);
    for (const [where, list] of lists(ctx)) {
      expect(list.file, where).toBeNull();
      expect(list.items.length, where).toBe(list.count);
      expect(list.count, where).toBeGreaterThan(0);
      expect(at(json, where), where).toEqual(JSON.parse(JSON.stringify(list.items)));
      expect(Object.keys(list.items[0]!), where).not.toContain('county');
    }
    // each item on a line of its own, indented under its key; sums of money as DuckDB writes them (5.0)
    const first = ctx.warnings.list.items[0]!;
    expect(text).toContain(`"items": [\n      {"id":"${first.id}","name":"${first.name}","township":"${first.township}"`);
    expect(text).toMatch(/\{"id":"SL-2018-017",[^\n]*"agreed":7\.5,"received":2\.5,"owed":5\.0,/);
    const itemLines = text.split('\n').filter((l) => /^ +\{"id":/.test(l));
    expect(itemLines.length).toBe(lists(ctx).reduce((n, [, list]) => n + list.count, 0));
    // each list of the sample county: its length, and its first and last item exactly, in stats.json
    expect(Object.fromEntries(lists(ctx).map(([where]) => [where, (at(json, where) as unknown[]).length]))).toEqual(SAMPLE_LISTS);
    for (const [where, [first, last]] of Object.entries(SAMPLE_ENDS)) {
      expect((at(json, where) as unknown[])[0], where).toEqual(first);
      expect((at(json, where) as unknown[]).at(-1), where).toEqual(last);
    }
  });
});

describe('past thresholds.listItems: the first items by risk, the whole list in Parquet', () => {
  let data: string;
  let out: string;
  let cut: ReportContext;
  beforeAll(async () => {
    data = sampleWith({ listItems: 5, attachmentRows: 3 });
    out = mkdtempSync(path.join(os.tmpdir(), 'lists-out-'));
    cut = (await run({ command: 'stats', dataDir: data, outDir: out })).context!;
  });

  it('keeps every figure, and in each long list the count, the first 3 items by risk and the file', () => {
    expect(cut.total).toEqual(ctx.total);
    expect(cut.warnings.red).toBe(ctx.warnings.red);
    expect(cut.dividends.owed).toBe(ctx.dividends.owed);
    expect(cut.overdue.count).toBe(ctx.overdue.count);
    for (const [where, list] of lists(cut)) {
      const whole = lists(ctx).find(([w]) => w === where)![1];
      expect(list.count, where).toBe(whole.count);
      if (whole.count <= 5) {
        expect(list.file, where).toBeNull();
        continue;
      }
      expect(list.file, where).not.toBeNull();
      expect(list.items.length, where).toBe(3);
    }
    // warnings: red first, the most reasons first, ties in the list's order
    const red = ctx.warnings.list.items.filter((w) => w.level === 'red');
    const most = Math.max(...red.map((w) => w.reasons.length));
    expect(cut.warnings.list.items.map((w) => w.id)).toEqual(
      red
        .filter((w) => w.reasons.length === most)
        .concat(red.filter((w) => w.reasons.length === most - 1))
        .slice(0, 3)
        .map((w) => w.id),
    );
    expect(cut.warnings.list.order).toBe('按风险程度（红色预警在前，预警情形多的在前）');
    // 分红追缴: the largest sums owed first
    const owed = [...ctx.dividends.list.items].sort((a, b) => b.owed - a.owed || b.overdueMonths - a.overdueMonths);
    expect(cut.dividends.list.items.map((d) => d.owed)).toEqual(owed.slice(0, 3).map((d) => d.owed));
  });

  it('writes stats.json with the count, the order, the first items and the file, which holds the whole list', async () => {
    const json = JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8')) as Record<string, unknown>;
    const warnings = at(json, 'warnings.items') as { count: number; order: string; first: { id: string }[]; file: string };
    expect(warnings.count).toBe(33);
    expect(warnings.file).toBe('lists/warnings.parquet');
    expect(warnings.first.map((w) => w.id)).toEqual(cut.warnings.list.items.map((w) => w.id));
    const rows = await parquetRows(path.join(out, warnings.file));
    expect(rows.map((r) => r.id)).toEqual(ctx.warnings.list.items.map((w) => w.id));
    expect(rows[0]).toEqual(JSON.parse(JSON.stringify(ctx.warnings.list.items[0])));
    // the snapshot keeps the lists its stats.json points to
    const asOf = cut.meta.asOf;
    expect(existsSync(path.join(out, 'history', asOf, 'lists/warnings.parquet'))).toBe(true);
    // the other figures as a county's
    const plain = JSON.parse(renderStatsJson(ctx)) as Record<string, unknown>;
    for (const key of ['total', 'byCategory', 'byTownship', 'progress', 'ranking', 'monthly']) expect(json[key], key).toEqual(plain[key]);
  });

  it('gives the documents every item back, checked (wholeLists)', async () => {
    const loaded = await loadLedgers(readSettings({ dataDir: data }));
    try {
      const context = await buildContext(loaded, { projects: false, documents: [] });
      expect(context.approvals.list.items.length).toBe(3);
      const whole = await wholeLists(context, loaded.db);
      for (const [where, list] of lists(whole)) {
        const expected = lists(ctx).find(([w]) => w === where)![1];
        expect(list.items, where).toEqual(expected.items);
      }
    } finally {
      loaded.dispose();
    }
  });

  it('removes lists/ when a later run has no long list', async () => {
    expect(existsSync(path.join(out, 'lists'))).toBe(true);
    writeFileSync(path.join(data, 'profile.yaml'), readFileSync('data/profile.yaml'));
    await run({ command: 'stats', dataDir: data, outDir: out });
    expect(readdirSync(out)).not.toContain('lists');
    expect(readFileSync(path.join(out, 'stats.json'), 'utf8')).toBe(renderStatsJson(ctx));
  });
});

describe('a list query that no longer fits the program', () => {
  it('fails, naming the query and the field', async () => {
    const loaded = await loadLedgers(readSettings({ dataDir: 'data' }));
    try {
      const schema = z.object({ id: z.string(), plannedDate: z.number() });
      const options = { fill: { county: '' }, maxItems: 1000, firstItems: 3 };
      await expect(queryList(loaded.db, 'overdue', 'overdue', schema, options)).rejects.toThrow(
        /查询 overdue\.sql 的结果与程序不符：第1行，列“plannedDate”/,
      );
      // a long list: its columns are checked over the whole file
      await expect(queryList(loaded.db, 'overdue', 'overdue', schema, { ...options, maxItems: 1 })).rejects.toThrow(
        /查询 overdue\.sql 的结果与程序不符：列为 id、name、township、village、category、plannedDate、progressState，程序要求 id、plannedDate/,
      );
      // a long list whose required field is empty in some row: found from the file's statistics
      const strict = z.object({
        id: z.string(),
        name: z.string(),
        township: z.string(),
        village: z.string().nullable(),
        category: z.string(),
        operatingState: z.string(),
        investment: z.number(),
        idle: z.boolean(),
        inefficient: z.boolean(),
        reasons: z.array(z.string()),
        department: z.string().nullable(),
        severity: z.string(),
        progressState: z.string().nullable(),
      });
      await expect(queryList(loaded.db, 'idle_inefficient', 'idleInefficient', strict, { ...options, maxItems: 1 })).rejects.toThrow(
        /查询 idle_inefficient\.sql 的结果与程序不符：列“severity”有空值/,
      );
    } finally {
      loaded.dispose();
    }
  });
});
