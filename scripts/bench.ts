/**
 * npm run bench — how fast is `stats` on a big ledger, against DuckDB alone?
 *
 * Generates two ledgers of N rows (default 1,000,000; `--rows N`) with every column filled — one
 * shaped as a real county's (a third of the projects warned: long lists), one as earlier benches'
 * (few flagged) — and on each runs, each in a fresh Node process so that peak memory is its own:
 *   baseline: DuckDB alone reads the same CSV and groups it by 类别 (count and sum of 投入帮扶资金);
 *   load:     DuckDB alone loads every column of the CSV as text into a table;
 *   typed:    DuckDB alone loads the CSV with every column's type detected from all its rows
 *             (sample_size = -1) and groups it by 类别 — the least work any tool that reads every
 *             cell as typed data must do (issue 11's yardstick: sgyp within 1.5× of it);
 *   sgyp:     the `stats` command's full pipeline (sniff, validate, load, rules, figures, stats.json).
 * The modes take turns, round after round, so that the machine's drift falls on all of them alike.
 * Prints the times, the ratios and each process's peak memory (max RSS). First it times how fast
 * the command starts (`--help`, and `check` on the sample county); `--startup-only` stops there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchLedger } from './benchLedger.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const rows = Number(args[args.indexOf('--rows') + 1] ?? 0) || 1_000_000;
/**
 * The two ledgers timed: a county shaped as real ones are (a third of the projects warned, 10–15 %
 * 低效闲置, 项目名称 of 18–40 characters: long lists), the figure the README quotes; and the
 * generated ledger of earlier benches (a few percent flagged), for comparison with earlier figures.
 */
const LEDGERS = [
  { label: 'realistic (a third warned, 10–15 % 低效闲置)', dir: `sgyp-bench-real-${rows}`, realistic: true },
  { label: 'generated (few flagged)', dir: `sgyp-bench-${rows}`, realistic: false },
];

interface Timing {
  ms: number;
  maxRssMb: number;
  projects: number;
}

type Mode = 'baseline' | 'load' | 'typed' | 'sgyp';

function measure(mode: Mode, dataDir: string, file: string): Timing {
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

const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 3;
for (const ledger of LEDGERS) {
  const dir = path.join(os.tmpdir(), ledger.dir);
  const dataDir = path.join(dir, 'data');
  const file = path.join(dataDir, 'ledger.csv');
  console.log(`\n== ${ledger.label}`);
  if (!existsSync(file) || args.includes('--regenerate')) {
    process.stdout.write(`generating ${rows.toLocaleString('en-US')} rows… `);
    const t = Date.now();
    await writeBenchLedger(file, { rows, realistic: ledger.realistic });
    console.log(`${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  console.log(`ledger: ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB, ${rows.toLocaleString('en-US')} rows)`);

  // The modes take turns, round after round: the machine's speed drifts over minutes (±20 % here),
  // and a ratio of two modes measured minutes apart would carry that drift.
  const modes: Mode[] = ['baseline', 'load', 'typed', 'sgyp'];
  const timings = new Map<Mode, Timing[]>(modes.map((m) => [m, []]));
  for (let round = 0; round < runs; round++) for (const mode of modes) timings.get(mode)!.push(measure(mode, dataDir, file));
  const best = (mode: Mode) => timings.get(mode)!.reduce((a, b) => (b.ms < a.ms ? b : a));
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
  console.log(
    `ratio to typed load + group: ${(sgyp.ms / typed.ms).toFixed(2)}× (target ≤ 1.5×; best of ${runs} runs each, the modes taking turns); peak ${sgyp.maxRssMb.toFixed(0)} MB (target ≤ 2048)`,
  );
  const rounds = timings.get('sgyp')!.map((t, i) => (t.ms / timings.get('typed')![i]!.ms).toFixed(2));
  console.log(`  round by round: ${rounds.join('×, ')}×; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
}
