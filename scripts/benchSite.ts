/**
 * npm run bench:site — the public site at county and city scale.
 *
 *   npm run bench:site [-- --projects N] [--runs R] [--no-browser] [--regenerate] [--keep]
 *
 * 1. Generates a ledger of N projects (default 10,000; scripts/benchLedger.ts: 40 townships, nine
 *    projects in ten 巩固, every column filled, 联系人/联系电话 included), once per N, in the temp folder.
 * 2. Builds it with `sgyp build` (bin/sgyp.mjs) into a fresh temporary --out and times the build.
 * 3. Prints the size of the largest HTML page and of the home page (HTML + the CSS and JS it loads)
 *    against the limits (every HTML page ≤ 1 MB, the home page ≤ 150 KB), the filter indexes and
 *    projects.csv (which must hold every project), and checks that no 联系人/联系电话 reached a file.
 * 4. Loads the first page of the project list in Chromium (apt's /usr/bin/chromium through
 *    playwright-core; never a downloaded browser), R times per preset (default 3, medians printed),
 *    each run a fresh browser with a fresh profile, the site served with gzip as a county web server
 *    would serve it:
 *      desktop — 1350×940, no CPU slowdown, 40 ms latency, 10 Mbit/s;
 *      mobile  — 390×844 at 1.75×, touch, CPU slowed 4× (Emulation.setCPUThrottlingRate), 562.5 ms
 *                latency, 1.47 Mbit/s down, 675 kbit/s up (Network.emulateNetworkConditions):
 *                the figures Lighthouse uses when it throttles the browser itself ("devtools").
 *    It reports FCP, LCP, TBT (the part over 50 ms of every long task after FCP, PerformanceObserver
 *    'longtask'), CLS (largest session window of layout shifts), the number of DOM elements, the
 *    bytes transferred, and whether the filter index was fetched (it must not be on load). Then an
 *    ESTIMATE of the Lighthouse performance score: Lighthouse v10's log-normal curves and weights
 *    (FCP 10, Speed Index 10, LCP 25, TBT 30, CLS 25) applied to these numbers, with FCP standing
 *    in for the Speed Index, which this script does not measure. It is not a Lighthouse run.
 *
 * Exits 1 when a size limit is exceeded, projects.csv is incomplete or personal data is found.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { writeBenchLedger } from './benchLedger.js';
import { CHROMIUM, type Metrics, PRESETS, estimateScore, measure, medians, ms, serve } from './pageMetrics.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const projects = Number(option('--projects') ?? 0) || 10_000;
const runs = Number(option('--runs') ?? 0) || 3;
const AS_OF = '2026-09-30';

const HTML_LIMIT = 1_000_000;
const HOME_LIMIT = 150_000;

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER THE LIMIT');

async function run(): Promise<void> {
  let failed = false;
  // 1. The ledger
  const dir = path.join(os.tmpdir(), `sgyp-bench-site-${projects}`);
  const ledger = path.join(dir, 'data', 'ledger.csv');
  if (!existsSync(ledger) || args.includes('--regenerate')) {
    process.stdout.write(`generating a ledger of ${projects.toLocaleString('en-US')} projects… `);
    const t = Date.now();
    await writeBenchLedger(ledger, { rows: projects });
    console.log(`${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  console.log(`ledger: ${ledger} (${mb(statSync(ledger).size)})`);

  // 2. The build
  const out = mkdtempSync(path.join(os.tmpdir(), 'sgyp-bench-site-out-'));
  const t0 = Date.now();
  const build = spawnSync(
    process.execPath,
    [path.join(root, 'bin/sgyp.mjs'), 'build', '--data', path.dirname(ledger), '--out', out, '--as-of', AS_OF, '--quiet'],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (build.status !== 0) {
    console.error(build.stdout, build.stderr);
    throw new Error(`sgyp build failed (exit ${build.status})`);
  }
  console.log(`sgyp build: ${((Date.now() - t0) / 1000).toFixed(1)} s → ${out}`);
  const site = path.join(out, 'site');

  // 3. Sizes and content
  const files = readdirSync(site, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const full = path.join(e.parentPath, e.name);
      return { rel: path.relative(site, full).split(path.sep).join('/'), full, bytes: statSync(full).size };
    });
  const html = files.filter((f) => f.rel.endsWith('.html')).sort((a, b) => b.bytes - a.bytes);
  const largest = html[0]!;
  const homeHtml = readFileSync(path.join(site, 'index.html'), 'utf8');
  const homeAssets = [...homeHtml.matchAll(/<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="\/([^"]+)"/g)].map(
    (m) => statSync(path.join(site, m[1]!)).size,
  );
  const home = Buffer.byteLength(homeHtml) + homeAssets.reduce((a, b) => a + b, 0);
  const indexes = files.filter((f) => f.rel.endsWith('search.json')).sort((a, b) => b.bytes - a.bytes);
  const csv = readFileSync(path.join(site, 'projects.csv'), 'utf8');
  const csvRows = csv.split('\r\n').length - 2;
  const total = files.reduce((a, f) => a + f.bytes, 0);

  console.log(`\nsite: ${files.length} files, ${mb(total)}; ${html.length} HTML pages`);
  console.log(`largest HTML page:  ${largest.rel} ${kb(largest.bytes)} (limit 1 MB) ${verdict(largest.bytes <= HTML_LIMIT)}`);
  console.log(`home page:          index.html + CSS + JS ${kb(home)} (limit 150 KB) ${verdict(home <= HOME_LIMIT)}`);
  console.log(`project list, p. 1: projects/index.html ${kb(statSync(path.join(site, 'projects/index.html')).size)}`);
  const main = indexes.find((f) => f.rel === 'projects/search.json')!;
  console.log(
    `filter index:       projects/search.json ${mb(main.bytes)} (gzip ${mb(gzipSync(readFileSync(main.full)).length)}), fetched only when filtering;` +
      ` largest township index ${indexes.find((f) => f !== main)?.rel ?? '—'} ${kb(indexes.find((f) => f !== main)?.bytes ?? 0)}`,
  );
  console.log(
    `projects.csv:       ${mb(statSync(path.join(site, 'projects.csv')).size)}, ${csvRows} projects ${csvRows === projects ? 'ok (all)' : 'INCOMPLETE'}`,
  );
  failed ||= largest.bytes > HTML_LIMIT || home > HOME_LIMIT || csvRows !== projects;

  // the ledger's 联系人 are 联系人0…联系人99 and its 联系电话 138…; none may reach a published file
  const leaks = files
    .filter((f) => /\.(html|css|js|json|csv|svg|txt)$/.test(f.rel))
    .filter((f) => /联系人|联系电话|(?<!\d)1[3-9]\d{9}(?!\d)/.test(readFileSync(f.full, 'utf8')))
    .map((f) => f.rel);
  console.log(
    `personal data:      ${leaks.length === 0 ? 'none of the ledger’s 联系人/联系电话 in any file ok' : `FOUND in ${leaks.join(', ')}`}`,
  );
  failed ||= leaks.length > 0;

  // 4. The browser
  if (!args.includes('--no-browser')) {
    if (!existsSync(CHROMIUM)) {
      console.log(`\n${CHROMIUM} is missing (apt-get install -y chromium): no browser measurement.`);
    } else {
      const server = await serve(site);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/projects/`;
      console.log(`\nproject list in Chromium (${url}, gzip), ${runs} runs per preset, medians:`);
      // the timings are wall-clock: on a machine busy with other work they come out slower
      const load = os.loadavg().map((l) => l.toFixed(1));
      console.log(`  (load average ${load.join(' ')} on ${os.cpus().length} CPUs)`);
      for (const preset of PRESETS) {
        const all: Metrics[] = [];
        for (let i = 0; i < runs; i++) all.push(await measure(url, preset, i === runs - 1 ? path.join(out, `${preset.name}.png`) : null));
        const m = medians(all);
        const s = estimateScore(m, preset.name);
        console.log(
          `  ${preset.name.padEnd(7)} FCP ${ms(m.fcp)}  LCP ${ms(m.lcp)}  TBT ${ms(m.tbt)}  CLS ${m.cls.toFixed(3)}  ` +
            `DOM ${m.dom} elements  ${kb(m.transferred)} transferred  index fetched on load: ${all.some((r) => r.indexFetched) ? 'YES' : 'no'}`,
        );
        console.log(
          `          estimated Lighthouse performance ${s.score} (target ≥ 90) — an estimate from Lighthouse v10's scoring curves, ` +
            `Speed Index taken as FCP; metric scores FCP ${s.parts.fcp} SI ${s.parts.si} LCP ${s.parts.lcp} TBT ${s.parts.tbt} CLS ${s.parts.cls}`,
        );
      }
      server.close();
    }
  }

  if (args.includes('--keep')) console.log(`\nkept: ${out}`);
  else rmSync(out, { recursive: true, force: true });
  if (failed) {
    console.log('\nA limit was not met (see above).');
    process.exitCode = 1;
  }
}

await run();
