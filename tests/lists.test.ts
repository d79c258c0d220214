/**
 * The long project lists (compute/lists.ts): stats.json writes each as its query returned it, one
 * item per line, and the reports read the same items parsed; a list assigned later is what
 * stats.json writes; a query that no longer fits its schema still fails, naming the query.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QueryList } from '../pipeline/compute/lists.js';
import type { ReportContext } from '../pipeline/context.js';
import { renderStatsJson } from '../pipeline/render/stats/statsJson.js';
import { computeContext } from '../pipeline/run.js';

let ctx: ReportContext;
beforeAll(async () => {
  ctx = await computeContext({ dataDir: 'data' });
});

/** The lists stats.json holds, as [path in stats.json, the context's items]. */
const lists = (c: ReportContext) =>
  [
    ['idleInefficient', c.idleInefficient],
    ['warnings.items', c.warnings.items],
    ['overdue', c.overdueItems],
    ['dividends.items', c.dividends.items],
    ['approvals.items', c.approvals.items],
    ['reclassify', c.reclassify],
  ] as const;

const at = (json: Record<string, unknown>, dotted: string) =>
  dotted.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], json) as unknown[];

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

describe('the long lists of stats.json', () => {
  it('hold the items the reports read, one item per line, in a county without a 县 field', () => {
    const text = renderStatsJson(ctx);
    const json = JSON.parse(text) as Record<string, unknown>;
    // the sample county has items in every list
    expect(ctx.warnings.items.length).toBe(ctx.warnings.red + ctx.warnings.yellow);
    expect(ctx.idleInefficient.filter((i) => i.idle).length).toBe(ctx.idle);
    // each list in stats.json: its length, and its first and last item exactly (the sample county's rows)
    expect(Object.fromEntries(lists(ctx).map(([where]) => [where, at(json, where).length]))).toEqual(SAMPLE_LISTS);
    expect(Object.fromEntries(lists(ctx).map(([where, items]) => [where, items.length]))).toEqual(SAMPLE_LISTS);
    for (const [where, [first, last]] of Object.entries(SAMPLE_ENDS)) {
      expect(at(json, where)[0], where).toEqual(first);
      expect(at(json, where).at(-1), where).toEqual(last);
      expect(Object.keys(first), where).not.toContain('county');
    }
    expect(ctx.warnings.items[0]).toEqual(SAMPLE_ENDS['warnings.items']![0]);
    expect(ctx.dividends.items.at(-1)).toEqual(SAMPLE_ENDS['dividends.items']![1]);
    // each item of a list on a line of its own, indented under its key
    const first = ctx.warnings.items[0]!;
    expect(text).toContain(`"items": [\n      {"id":"${first.id}","name":"${first.name}","township":"${first.township}"`);
    const itemLines = text.split('\n').filter((l) => /^ +\{"id":/.test(l));
    expect(itemLines.length).toBe(lists(ctx).reduce((n, [, items]) => n + items.length, 0));
  });

  it('write what was assigned to a list after the computation', async () => {
    const quiet = await computeContext({ dataDir: 'data' });
    quiet.warnings.items = [];
    quiet.reclassify = quiet.reclassify.slice(0, 1);
    const json = JSON.parse(renderStatsJson(quiet)) as { warnings: { items: unknown[] }; reclassify: unknown[]; overdue: unknown[] };
    expect(json.warnings.items).toEqual([]);
    expect(json.reclassify).toEqual(JSON.parse(JSON.stringify(quiet.reclassify)));
    expect(json.overdue.length).toBe(quiet.overdueItems.length);
  });

  it('fail, naming the query, when its rows no longer fit the program', () => {
    const text = '[\n\t{"id":"A-1","name":"x","township":"东山镇","village":null,"category":"巩固","level":"red","reasons":[]}\n]\n';
    const schema = z.object({ id: z.string(), plannedDate: z.string() });
    const list = new QueryList('overdue', text, schema);
    expect(() => list.checkFirst()).toThrow(/查询 overdue\.sql 的结果与程序不符：第1行，列“plannedDate”/);
    expect(new QueryList('overdue', '[\n\t\n]\n', schema).items()).toEqual([]);
  });
});
