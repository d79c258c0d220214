/**
 * The computation reads every figure query through a zod schema of its row (pipeline/compute/rows.ts):
 * a column renamed or retyped in a .sql file fails loudly, naming the query and the column, and
 * never turns into 0 in the outputs. Shares of one table add up to exactly 100.0 (docs/rules.md §5).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readSettings } from '../pipeline/config/settings.js';
import { int, queryRow, queryRows } from '../pipeline/compute/rows.js';
import { loadLedgers, type Loaded } from '../pipeline/load/index.js';
import { contextOf, project, tempDir, writeLedger, BASE_HEADER } from './support/ledger.js';

describe('typed figure rows', () => {
  let loaded: Loaded;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    writeLedger(dir, 'a.csv', BASE_HEADER, [
      ['A-1', '牛场', '东山镇', 2019, 10, '巩固类'],
      ['A-2', '羊场', '西河乡', 2020, 20, '调整类'],
    ]);
    loaded = await loadLedgers(readSettings({ dataDir: dir, asOf: '2026-09-30' }));
  });
  afterAll(() => {
    loaded.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the checked row of a query', async () => {
    const row = await queryRow(loaded.db, 'totals', z.object({ projects: int, investment: z.number() }));
    expect(row).toMatchObject({ projects: 2, investment: 30 });
  });

  it('fails, naming the query and the column, when the SQL has no column the program reads', async () => {
    await expect(queryRows(loaded.db, 'totals', z.object({ projects: int, project_count: int }))).rejects.toThrow(
      /查询 totals\.sql 的结果与程序不符：第1行，列“project_count”/,
    );
  });

  it('fails when a column has another type than the program expects', async () => {
    await expect(queryRows(loaded.db, 'by_category', z.object({ category: z.string(), projects: z.string() }))).rejects.toThrow(
      /查询 by_category\.sql.*列“projects”/,
    );
  });
});

describe('shares (largest remainder)', () => {
  it('add up to exactly 100.0 where rounding each would give 100.1', async () => {
    // 1/3 each of three categories (33.3 × 3 = 99.9) and amounts 1 : 1 : 1 : 0
    const ctx = await contextOf([
      project('A-1', { 类别: '巩固类', '投入帮扶资金（万元）': 1 }),
      project('A-2', { 类别: '升级类', '投入帮扶资金（万元）': 1 }),
      project('A-3', { 类别: '盘活类', '投入帮扶资金（万元）': 1 }),
    ]);
    const shares = Object.values(ctx.byCategory).map((c) => c.share);
    expect(shares).toEqual([33.4, 33.3, 33.3, 0]);
    expect(Object.values(ctx.byCategory).map((c) => c.investmentShare)).toEqual([33.4, 33.3, 33.3, 0]);
  });

  it('give the leftover tenth to the largest remainder, not to the first category', async () => {
    // 2 : 1 : 4 of 7 → 28.571 / 14.286 / 57.143: floors 28.5 + 14.2 + 57.1 = 99.8, two tenths left
    const rows = [
      ...['1', '2'].map((i) => project(`G-${i}`, { 类别: '巩固类' })),
      project('U-1', { 类别: '升级类' }),
      ...['1', '2', '3', '4'].map((i) => project(`T-${i}`, { 类别: '调整类' })),
    ];
    const ctx = await contextOf(rows);
    expect(Object.values(ctx.byCategory).map((c) => c.share)).toEqual([28.6, 14.3, 0, 57.1]);
    expect(Object.values(ctx.byCategory).reduce((a, c) => a + c.share * 10, 0)).toBe(1000);
  });
});
