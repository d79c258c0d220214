/**
 * npm run bench — how fast is `stats` on a big ledger, against DuckDB alone?
 *
 * Generates a ledger of N rows (default 1,000,000; `--rows N`) with every column filled, then runs,
 * each in a fresh Node process so that peak memory is its own:
 *   baseline: DuckDB alone reads the same CSV and groups it by 类别 (count and sum of 投入帮扶资金);
 *   load:     DuckDB alone loads every column of the CSV as text into a table;
 *   typed:    DuckDB alone loads the CSV with every column's type detected from all its rows
 *             (sample_size = -1) and groups it by 类别 — the least work any tool that reads every
 *             cell as typed data must do (issue 11's yardstick: sgyp within 1.5× of it);
 *   sgyp:     the `stats` command's full pipeline (sniff, validate, load, rules, figures, stats.json).
 * Prints the times, the ratios and each process's peak memory (max RSS). First it times how fast
 * the command starts (`--help`, and `check` on the sample county); `--startup-only` stops there.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 as rng } from './prng.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const rows = Number(args[args.indexOf('--rows') + 1] ?? 0) || 1_000_000;
const dir = path.join(os.tmpdir(), `sgyp-bench-${rows}`);
const dataDir = path.join(dir, 'data');
const file = path.join(dataDir, 'ledger.csv');

const HEADER = [
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

async function generate(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const out = createWriteStream(file);
  const r = rng(42);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const date = (y0: number, span: number) => {
    const y = y0 + Math.floor(r() * span);
    return `${y}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  };
  out.write(`\ufeff${HEADER.join(',')}\n`);
  let chunk: string[] = [];
  for (let i = 1; i <= rows; i++) {
    const x = r();
    const cat = x < 0.92 ? 0 : x < 0.96 ? 1 : x < 0.975 ? 2 : 3;
    const year = 2013 + Math.floor(r() * 14);
    const inv = (5 + r() * 800).toFixed(2);
    const stopped = cat >= 2 && r() < 0.4;
    const agreed = r() < 0.4 ? (1 + r() * 20).toFixed(2) : '';
    // a realistic county: most projects healthy, a few percent flagged (as in the sample data)
    const received = agreed && r() < 0.95 ? agreed : agreed ? (Number(agreed) / 2).toFixed(2) : '';
    const progress = cat === 0 ? '' : pick(PROGRESS);
    chunk.push(
      [
        i,
        `BX-${year}-${i}`,
        `项目${i}`,
        pick(TOWNS),
        `村${i % 900}`,
        r() < 0.5 ? '是' : '否',
        pick(INDUSTRIES),
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
        stopped ? date(2024, 2) : '',
        r() < 0.3 ? date(2026, 10) : '',
        agreed,
        agreed ? date(2025, 2) : '',
        received,
        r() < 0.1 ? date(2024, 4) : '',
        r() < 0.1 ? (r() < 0.95 ? '是' : '否') : '',
        (r() * 40 - 2).toFixed(2),
        (r() * 40 - 2).toFixed(2),
        r() < 0.2 ? 100 : '',
        r() < 0.2 ? Math.floor(45 + r() * 60) : '',
        progress,
        progress ? date(2026, 1) : '',
        progress === '已完成' || progress === '已销号' ? date(2025, 1) : '',
        Math.floor(r() * 60),
        r() < 0.02 ? '收益过低；运营一般' : '',
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

interface Timing {
  ms: number;
  maxRssMb: number;
  projects: number;
}

type Mode = 'baseline' | 'load' | 'typed' | 'sgyp';

function measure(mode: Mode): Timing {
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/benchTarget.ts'), mode, dataDir, file], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (res.status !== 0) throw new Error(`${mode} failed:\n${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as Timing;
}

// How fast the command starts: `sgyp --help` and `sgyp check` on the bundled sample county, as a
// clerk runs them (the compiled bin; run `npm run build:cli` first if the sources changed).
const startup = (label: string, cmdArgs: string[], target: number) => {
  const times = Array.from({ length: 5 }, () => {
    const t = process.hrtime.bigint();
    const res = spawnSync(process.execPath, [path.join(root, 'bin/sgyp.mjs'), ...cmdArgs], { cwd: root, encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`${cmdArgs.join(' ')} failed: ${res.stderr}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  });
  const ms = Math.min(...times);
  console.log(`${label} ${(ms / 1000).toFixed(2)} s (best of 5; target ≤ ${target} s)`);
};
startup('sgyp --help:                ', ['--help'], 0.3);
startup('sgyp check, sample county:  ', ['check', '--data', 'data', '--quiet'], 1.5);
if (args.includes('--startup-only')) process.exit(0);

if (!existsSync(file) || args.includes('--regenerate')) {
  process.stdout.write(`generating ${rows.toLocaleString('en-US')} rows… `);
  const t = Date.now();
  await generate();
  console.log(`${((Date.now() - t) / 1000).toFixed(1)} s`);
}
console.log(`ledger: ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB, ${rows.toLocaleString('en-US')} rows)`);

const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 3;
const best = (mode: Mode) => {
  const all = Array.from({ length: runs }, () => measure(mode));
  return all.reduce((a, b) => (b.ms < a.ms ? b : a));
};
const baseline = best('baseline');
const load = best('load');
const typed = best('typed');
const sgyp = best('sgyp');
for (const t of [baseline, load, typed]) {
  if (t.projects !== sgyp.projects) throw new Error(`row counts differ: ${t.projects} vs ${sgyp.projects}`);
}
const line = (label: string, t: Timing) => console.log(`${label} ${(t.ms / 1000).toFixed(2)} s, peak memory ${t.maxRssMb.toFixed(0)} MB`);
line('DuckDB alone, read + group by 类别:      ', baseline);
line('DuckDB alone, load every column as text:', load);
line('DuckDB alone, typed load + group by:    ', typed);
line('sgyp stats, full pipeline:              ', sgyp);
console.log(`ratio to read + group:     ${(sgyp.ms / baseline.ms).toFixed(2)}×`);
console.log(`ratio to load as text:     ${(sgyp.ms / load.ms).toFixed(2)}×`);
console.log(`ratio to typed load + group: ${(sgyp.ms / typed.ms).toFixed(2)}× (target ≤ 1.5×; best of ${runs} runs each)`);
