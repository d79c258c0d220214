/**
 * npm run bench:documents — do the documents stay documents on a big county, and what does the
 * build cost there against the sample county's build?
 *
 * Generates a ledger of N projects (default 100,000; `--rows N`) in which a share records a warning
 * (default a third; `--warned 0.333`), then runs `sgyp build` on the sample county and on that
 * ledger, each in a fresh process under /usr/bin/time -v (when present), and prints for each: wall
 * time and CPU time, peak memory (max RSS), the pages of every PDF, the size of every file in reports/, and where
 * the time went (time between the build log's lines: load and compute, each report file, the site).
 * The targets (issue 11): the quarterly report ≤ 80 pages at 100,000 projects; the build ≤ 2 GB peak
 * and within 4× the sample's build.
 *
 * Uses the compiled CLI when lib/ is current (npm run build:cli), else the sources through tsx —
 * the same for both builds, so the ratio is fair either way.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_AS_OF as AS_OF, writeBenchLedger } from './benchLedger.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const rows = Number(option('--rows')) || 100_000;
const warned = option('--warned') === undefined ? 1 / 3 : Number(option('--warned'));
const dataDir = path.join(os.tmpdir(), `sgyp-bench-docs-${rows}-w${Math.round(warned * 1000)}`, 'data');
const ledger = path.join(dataDir, 'ledger.csv');
const TIME = '/usr/bin/time';

interface Build {
  ms: number;
  /** max RSS in MB, or null without /usr/bin/time */
  peakMb: number | null;
  /** user + system CPU seconds (all threads), or null without /usr/bin/time: steadier than wall time on a shared machine */
  cpuS: number | null;
  /** log lines with the milliseconds since the start at which each arrived */
  log: { at: number; line: string }[];
  out: string;
}

/** Run `sgyp build` in a fresh process; timestamps each line of its log as it arrives. */
function build(data: string): Promise<Build> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'sgyp-bench-docs-out-'));
  const cli = [path.join(root, 'bin/sgyp.mjs'), 'build', '--data', data, '--out', out, '--as-of', AS_OF];
  const timed = existsSync(TIME);
  const [cmd, cmdArgs] = timed ? [TIME, ['-v', process.execPath, ...cli]] : [process.execPath, cli];
  const started = performance.now();
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: Build['log'] = [];
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const at = performance.now() - started;
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!;
    for (const line of lines) log.push({ at, line });
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`sgyp build --data ${data} failed (${code}):\n${stderr.slice(-4000)}`));
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const cpuS = user && sys ? Number(user[1]) + Number(sys[1]) : null;
      resolve({ ms, peakMb: rss ? Number(rss[1]) / 1024 : null, cpuS, log, out });
    });
  });
}

async function pdfPages(file: string): Promise<number> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false }).promise;
  const n = doc.numPages;
  await doc.destroy();
  return n;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`);

/** Print one build: time, memory, every report file with its size (and pages), the stages. */
async function report(label: string, b: Build): Promise<Record<string, number>> {
  const cpu = b.cpuS === null ? '' : ` (CPU ${b.cpuS.toFixed(1)} s)`;
  console.log(`\n${label}: ${seconds(b.ms)}${cpu}, peak memory ${b.peakMb === null ? '(no /usr/bin/time)' : `${b.peakMb.toFixed(0)} MB`}`);
  const pages: Record<string, number> = {};
  const reports = path.join(b.out, 'reports');
  for (const name of readdirSync(reports).sort()) {
    const file = path.join(reports, name);
    if (name.endsWith('.pdf')) pages[name] = await pdfPages(file);
    const extra = name.endsWith('.pdf') ? `, ${pages[name]} pages` : '';
    console.log(`  reports/${name}: ${size(statSync(file).size)}${extra}`);
  }
  // Where the time went: the span before each log line that marks the end of a stage.
  const marks: [RegExp, string][] = [
    [/^截至/, 'read, validate, load and compute'],
    [/^写入 reports\//, ''],
    // the first of the lines written once everything is in place
    [/^写入 .*stats\.json$/, 'site, and the swap into place'],
  ];
  let last = 0;
  console.log('  where the time went:');
  for (const { at, line } of b.log) {
    const mark = marks.find(([re]) => re.test(line));
    if (!mark) continue;
    const what = mark[1] || line.replace(/^写入 /, '').replace(/（([^，]*)，.*/, ' ($1)');
    console.log(`    ${seconds(at - last).padStart(8)}  ${what}`);
    last = at;
  }
  return pages;
}

if (!existsSync(ledger) || args.includes('--regenerate')) {
  process.stdout.write(`generating ${rows.toLocaleString('en-US')} projects, ${(warned * 100).toFixed(0)} % recording a warning… `);
  const t = performance.now();
  await writeBenchLedger(ledger, { rows, warned });
  console.log(seconds(performance.now() - t));
}
console.log(`ledger: ${ledger} (${size(statSync(ledger).size)})`);

const sample = await build(path.join(root, 'data'));
const big = await build(dataDir);
await report('sample county, sgyp build', sample);
const pages = await report(`${rows.toLocaleString('en-US')} projects, sgyp build`, big);
for (const b of [sample, big]) rmSync(b.out, { recursive: true, force: true });

const quarterly = Object.entries(pages).find(([name]) => name.startsWith('quarterly-'));
console.log('');
if (quarterly) console.log(`quarterly report: ${quarterly[1]} pages (target ≤ 80)`);
if (big.peakMb !== null) console.log(`peak memory: ${big.peakMb.toFixed(0)} MB (target ≤ 2048 MB)`);
const cpuRatio = big.cpuS !== null && sample.cpuS !== null ? `; CPU time ${(big.cpuS / sample.cpuS).toFixed(2)}×` : '';
console.log(`build time: ${(big.ms / sample.ms).toFixed(2)}× the sample's (target ≤ 4×)${cpuRatio}`);
console.log(
  `load average while measuring: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores (wall-time ratios are unreliable when it exceeds the cores)`,
);
