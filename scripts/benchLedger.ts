/**
 * The generated ledgers of the benchmarks (scripts/bench.ts, scripts/bench-documents.ts): one CSV
 * with every column filled, 40 townships, deterministic (same options, same bytes).
 *
 * By default most projects are healthy and a few percent flagged, as in the sample county. With
 * `warned` (a share, e.g. 1/3) that share of the projects records a 风险情形 — red (收益过低, 运营不正常)
 * or yellow (运营一般, 收益不合理) in about equal parts — as in a real county's proportions, so the
 * warning lists of the reports are long.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 as rng } from './prng.js';

/** the as-of date the benchmarks run at */
export const BENCH_AS_OF = '2026-09-30';

export const BENCH_HEADER = [
  '序号',
  '项目编号',
  '项目名称',
  '乡镇',
  '村',
  '是否脱贫村',
  '所属产业',
  '建设年度',
  '资金来源',
  '投入帮扶资金（万元）',
  '资产原值（万元）',
  '资产权属',
  '主管部门',
  '经营主体',
  '运营方式',
  '联系人',
  '联系电话',
  '类别',
  '运营状态',
  '停用日期',
  '合同到期日期',
  '约定分红（万元）',
  '应分红日期',
  '实际分红（万元）',
  '本金到期日期',
  '本金是否收回',
  '上年净收益（万元）',
  '本年净收益（万元）',
  '设计产能',
  '实际产能',
  '进展状态',
  '计划完成日期',
  '完成日期',
  '带动脱贫户数',
  '风险情形',
  '推进举措',
];
const TOWNS = Array.from({ length: 40 }, (_, i) => `第${i + 1}镇`);
const INDUSTRIES = ['冷凉蔬菜', '乡村旅游', '牦牛藏羊养殖', '八眉猪养殖', '中蜂养殖', '光伏', '农产品加工'];
const FUNDS = ['衔接资金', '专项扶贫资金', '统筹整合涉农资金', '东西部协作资金', '定点帮扶资金'];
const MODES = ['自主经营', '出租经营', '入股经营', '委托经营', '联建联营'];
const CATS = ['巩固类', '升级类', '盘活类', '调整类'];
const PROGRESS = ['未启动', '推进中', '已完成', '已销号'];
/** recorded 风险情形 of a warned-heavy ledger: two red terms, two yellow */
const RISKS = ['收益过低', '运营不正常', '运营一般', '收益不合理'];
/** what a project built, as 项目名称 end (realistic ledgers) */
const BUILT = [
  '种植基地建设项目',
  '标准化养殖圈舍建设项目',
  '扶贫车间建设项目',
  '村级光伏电站项目',
  '农产品冷链仓储设施建设项目',
  '产业路硬化及配套设施项目',
  '乡村旅游民宿改造提升项目',
  '特色农产品加工厂房及设备购置项目',
];

export interface BenchLedgerOptions {
  rows: number;
  /** share of projects that record a 风险情形 (default: 2 %, all 收益过低；运营一般) */
  warned?: number;
  /**
   * A ledger shaped like a real county's (issue 26): a third of the projects warned, 10–15 % 低效闲置
   * (stopped for months, a dividend not paid, capacity under half), and 项目名称 as offices write them
   * (乡镇, 村, 年度, 产业 and what was built: 18–40 characters) instead of `项目123`.
   */
  realistic?: boolean;
}

/** Write the ledger to `file` (UTF-8 with BOM). */
export async function writeBenchLedger(file: string, opts: BenchLedgerOptions): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const r = rng(42);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const date = (y0: number, span: number) => {
    const y = y0 + Math.floor(r() * span);
    return `${y}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  };
  // 停用日期 and 完成日期 record what has happened: never after the as-of date the benchmarks use
  const past = (d: string) => (d > BENCH_AS_OF ? BENCH_AS_OF : d);
  // realistic: 27 % record a 风险情形; with the idle and unpaid ones, a third of the projects are warned
  const warned = opts.warned ?? (opts.realistic ? 0.27 : undefined);
  const risk = () => {
    if (warned === undefined) return r() < 0.02 ? '收益过低；运营一般' : '';
    return r() < warned ? pick(RISKS) : '';
  };
  out.write(`\ufeff${BENCH_HEADER.join(',')}\n`);
  let chunk: string[] = [];
  for (let i = 1; i <= opts.rows; i++) {
    const x = r();
    const cat = x < 0.92 ? 0 : x < 0.96 ? 1 : x < 0.975 ? 2 : 3;
    const year = 2013 + Math.floor(r() * 14);
    const inv = (5 + r() * 800).toFixed(2);
    // realistic: about 10 % stopped for months (闲置) besides the 盘活/调整 ones, and 5 % under half their capacity (低效)
    const stopped = (cat >= 2 && r() < 0.4) || (opts.realistic === true && r() < 0.1);
    // (a realistic ledger draws these first, for its names; the default one keeps its bytes)
    const town = opts.realistic ? pick(TOWNS) : '';
    const industry = opts.realistic ? pick(INDUSTRIES) : '';
    const agreed = r() < 0.4 ? (1 + r() * 20).toFixed(2) : '';
    // a realistic county: most projects healthy, a few percent flagged (as in the sample data)
    const received = agreed && r() < 0.95 ? agreed : agreed ? (Number(agreed) / 2).toFixed(2) : '';
    const progress = cat === 0 ? '' : pick(PROGRESS);
    chunk.push(
      [
        i,
        `BX-${year}-${i}`,
        opts.realistic ? `${town}村${i % 900}${year}年${industry}${pick(BUILT)}` : `项目${i}`,
        opts.realistic ? town : pick(TOWNS),
        `村${i % 900}`,
        r() < 0.5 ? '是' : '否',
        opts.realistic ? industry : pick(INDUSTRIES),
        year,
        pick(FUNDS),
        inv,
        inv,
        '村集体',
        '县农业农村局',
        `合作社${i % 5000}`,
        pick(MODES),
        `联系人${i % 100}`,
        `138${String(i).padStart(8, '0')}`,
        CATS[cat],
        stopped ? '停产' : '正常运营',
        stopped ? past(date(2024, 3)) : '',
        r() < 0.3 ? date(2026, 10) : '',
        agreed,
        agreed ? date(2025, 2) : '',
        received,
        r() < 0.1 ? date(2024, 4) : '',
        r() < 0.1 ? (r() < 0.95 ? '是' : '否') : '',
        (r() * 40 - 2).toFixed(2),
        (r() * 40 - 2).toFixed(2),
        r() < 0.2 ? 100 : '',
        r() < 0.2 ? Math.floor((opts.realistic ? 20 : 45) + r() * 60) : '',
        progress,
        progress ? date(2026, 1) : '',
        progress === '已完成' || progress === '已销号' ? past(date(2026, 1)) : '',
        Math.floor(r() * 60),
        risk(),
        '',
      ].join(','),
    );
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await new Promise<void>((res) => out.once('drain', () => res()));
      chunk = [];
    }
  }
  out.end(chunk.length ? `${chunk.join('\n')}\n` : '');
  await new Promise<void>((res) => out.on('finish', () => res()));
}
