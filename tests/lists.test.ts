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

describe('the long lists of stats.json', () => {
  it('hold the items the reports read, one item per line, in a county without a 县 field', () => {
    const text = renderStatsJson(ctx);
    const json = JSON.parse(text) as Record<string, unknown>;
    // the sample county has items in every list
    expect(ctx.warnings.items.length).toBe(ctx.warnings.red + ctx.warnings.yellow);
    expect(ctx.idleInefficient.filter((i) => i.idle).length).toBe(ctx.idle);
    for (const [where, items] of lists(ctx)) {
      expect(items.length, where).toBeGreaterThan(0);
      expect(at(json, where), where).toEqual(JSON.parse(JSON.stringify(items)));
      expect(Object.keys(items[0]!), where).not.toContain('county');
    }
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
