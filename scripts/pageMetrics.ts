/**
 * Page-load measurements for scripts/benchSite.ts, in the manner of Lighthouse but without it: a
 * static server with gzip, Chromium (apt's /usr/bin/chromium via playwright-core) under a desktop
 * or a mobile preset, the metrics read from PerformanceObserver, and a score ESTIMATED with
 * Lighthouse v10's published scoring curves and weights.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface Preset {
  name: 'desktop' | 'mobile';
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  mobile: boolean;
  cpu: number;
  /** added to every request, ms */
  latency: number;
  /** kbit/s */
  down: number;
  up: number;
}

/**
 * desktop: Lighthouse's desktop preset (40 ms round trip, 10 Mbit/s, CPU as is, 1350×940);
 * mobile: the figures Lighthouse applies when it throttles the browser itself for its mobile preset
 * (150 ms round trip × 3.75 of latency per request, 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up, CPU
 * slowed 4×), on a 390×844 screen.
 */
export const PRESETS: Preset[] = [
  {
    name: 'desktop',
    viewport: { width: 1350, height: 940 },
    deviceScaleFactor: 1,
    mobile: false,
    cpu: 1,
    latency: 40,
    down: 10_240,
    up: 10_240,
  },
  {
    name: 'mobile',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1.75,
    mobile: true,
    cpu: 4,
    latency: 562.5,
    down: 1474.56,
    up: 675,
  },
];

export interface Metrics {
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  dom: number;
  transferred: number;
  indexFetched: boolean;
}

export const ms = (n: number) => `${Math.round(n)} ms`;

/** Served as a county's web server would: index.html for folders, text compressed with gzip. */
export function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.json': 'application/json',
    '.csv': 'text/csv; charset=utf-8',
  };
  const cache = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const type = types[path.extname(file)];
    const gzip = type !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding']));
    let body = cache.get(`${file}:${gzip}`);
    if (!body) {
      body = gzip ? gzipSync(readFileSync(file)) : readFileSync(file);
      cache.set(`${file}:${gzip}`, body);
    }
    res.writeHead(200, {
      'Content-Type': type ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Observers installed before the page's first script; results read after the page has gone quiet. */
const OBSERVE = `
  window.__bench = { fcp: 0, lcp: 0, shifts: [], tasks: [] };
  const watch = (type, f) => new PerformanceObserver((l) => l.getEntries().forEach(f)).observe({ type, buffered: true });
  watch('paint', (e) => { if (e.name === 'first-contentful-paint') __bench.fcp = e.startTime; });
  watch('largest-contentful-paint', (e) => { __bench.lcp = e.startTime; });
  watch('layout-shift', (e) => { if (!e.hadRecentInput) __bench.shifts.push([e.startTime, e.value]); });
  watch('longtask', (e) => { __bench.tasks.push([e.startTime, e.duration]); });
`;

export async function measure(url: string, preset: Preset, screenshot: string | null): Promise<Metrics> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'sgyp-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-component-update',
    ],
    viewport: preset.viewport,
    deviceScaleFactor: preset.deviceScaleFactor,
    isMobile: preset.mobile,
    hasTouch: preset.mobile,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: preset.latency,
      downloadThroughput: (preset.down * 1024) / 8,
      uploadThroughput: (preset.up * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: preset.cpu });
    let transferred = 0;
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
      transferred += e.encodedDataLength;
    });
    let indexFetched = false;
    page.on('request', (r) => {
      if (r.url().endsWith('search.json')) indexFetched = true;
    });
    await page.addInitScript(OBSERVE);
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    // Quiet: no long task for 5 s (as Lighthouse waits for the main thread to settle), at most 30 s.
    const started = Date.now();
    for (;;) {
      const last = await page.evaluate(() => {
        const b = (window as unknown as { __bench: { tasks: [number, number][] } }).__bench;
        const end = b.tasks.reduce((a, [s, d]) => Math.max(a, s + d), 0);
        return performance.now() - end;
      });
      if (last >= 5000 || Date.now() - started > 30_000) break;
      await page.waitForTimeout(500);
    }
    const raw = await page.evaluate(() => {
      const b = (window as unknown as { __bench: { fcp: number; lcp: number; shifts: [number, number][]; tasks: [number, number][] } })
        .__bench;
      return { ...b, dom: document.getElementsByTagName('*').length };
    });
    if (screenshot) await page.screenshot({ path: screenshot });
    // TBT: of every long task ending after FCP, the part after FCP beyond 50 ms
    let tbt = 0;
    for (const [s, d] of raw.tasks) {
      const from = Math.max(s, raw.fcp);
      const length = s + d - from;
      if (length > 50) tbt += length - 50;
    }
    return { fcp: raw.fcp, lcp: raw.lcp || raw.fcp, tbt, cls: sessionWindowCls(raw.shifts), dom: raw.dom, transferred, indexFetched };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** CLS as Chrome defines it: the largest sum of shifts in a window (gaps < 1 s, at most 5 s long). */
function sessionWindowCls(shifts: [number, number][]): number {
  let best = 0;
  let sum = 0;
  let start = -Infinity;
  let prev = -Infinity;
  for (const [t, v] of shifts) {
    if (t - prev >= 1000 || t - start >= 5000) {
      start = t;
      sum = 0;
    }
    sum += v;
    prev = t;
    best = Math.max(best, sum);
  }
  return best;
}

export function medians(all: Metrics[]): Metrics {
  const med = (f: (m: Metrics) => number) => {
    const xs = all.map(f).sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)]!;
  };
  return {
    fcp: med((m) => m.fcp),
    lcp: med((m) => m.lcp),
    tbt: med((m) => m.tbt),
    cls: med((m) => m.cls),
    dom: med((m) => m.dom),
    transferred: med((m) => m.transferred),
    indexFetched: all.some((m) => m.indexFetched),
  };
}

/**
 * Lighthouse v10 scoring: each metric's score is the complementary CDF of a log-normal
 * distribution fixed by two published points (the value scoring 0.5, `median`, and the value
 * scoring 0.9, `p10`), and the performance score is their weighted mean.
 */
const CURVES = {
  desktop: { fcp: [934, 1600], si: [1311, 2300], lcp: [1200, 2400], tbt: [150, 350], cls: [0.1, 0.25] },
  mobile: { fcp: [1800, 3000], si: [3387, 5800], lcp: [2500, 4000], tbt: [200, 600], cls: [0.1, 0.25] },
} as const;
const WEIGHTS = { fcp: 10, si: 10, lcp: 25, tbt: 30, cls: 25 } as const;

/** Gauss error function (Abramowitz and Stegun 7.1.26, as Lighthouse computes it). */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return s * (1 - y * Math.exp(-a * a));
}

function logNormalScore(p10: number, median: number, value: number): number {
  if (value <= 0) return 1;
  // erfc⁻¹(0.2): puts p10 at the 0.9 point
  const standardized = (Math.log(value / median) * 0.9061938024368232) / -Math.log(p10 / median);
  const score = (1 - erf(standardized)) / 2;
  // Lighthouse keeps a value's score on its side of the p10 and median points
  if (value <= p10) return Math.max(0.9, Math.min(1, score));
  if (value <= median) return Math.max(0.5, Math.min(0.8999999999999999, score));
  return Math.max(0, Math.min(0.49999999999999994, score));
}

export function estimateScore(m: Metrics, preset: Preset['name']): { score: number; parts: Record<keyof typeof WEIGHTS, number> } {
  const values = { fcp: m.fcp, si: m.fcp, lcp: m.lcp, tbt: m.tbt, cls: m.cls };
  const parts = {} as Record<keyof typeof WEIGHTS, number>;
  let sum = 0;
  for (const key of Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[]) {
    const [p10, median] = CURVES[preset][key];
    const s = logNormalScore(p10, median, values[key]);
    parts[key] = Math.round(s * 100);
    sum += s * WEIGHTS[key];
  }
  return { score: Math.round(sum), parts };
}
