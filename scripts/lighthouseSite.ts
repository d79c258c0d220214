/**
 * Lighthouse runs for scripts/benchSite.ts: the built site served over http on localhost under its
 * base path, and Lighthouse 12 (the npm package, run programmatically) in apt's Chromium
 * (/usr/bin/chromium, started by chrome-launcher; never a downloaded browser).
 *
 * Each run is a fresh Chromium with a fresh profile. The presets are Lighthouse's own: `mobile` is
 * its default config (Moto G Power screen, CPU slowed 4×, slow 4G; throttling simulated from the
 * unthrottled load, "lantern"), `desktop` is lighthouse/core/config/desktop-config.js (1350×940,
 * 40 ms round trip, 10 Mbit/s, CPU as is; simulated too).
 */
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

export const CHROMIUM = '/usr/bin/chromium';
export const PRESETS = ['desktop', 'mobile'] as const;
export type Preset = (typeof PRESETS)[number];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const COMPRESSIBLE = /^(text\/|application\/(json|xml)|image\/svg)/;

/**
 * Serves `dir` at `base` (e.g. /zwgk/sgyp/) as a county's web server would: a folder's
 * index.html, a folder named without its slash redirected to it, text compressed with gzip when
 * the browser accepts it, 404 for anything outside the base path or the folder.
 */
export function serve(dir: string, base: string): Promise<Server> {
  const root = path.resolve(dir);
  const cache = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (`${rel}/` === base) {
      res.writeHead(301, { Location: base }).end();
      return;
    }
    if (!rel.startsWith(base)) {
      res.writeHead(404).end();
      return;
    }
    let file = path.resolve(root, `.${rel.slice(base.length - 1)}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!rel.endsWith('/')) {
        res.writeHead(301, { Location: `${pathname}/` }).end();
        return;
      }
      file = path.join(file, 'index.html');
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const gzip = COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding']));
    const key = `${file}:${gzip}`;
    let body = cache.get(key);
    if (!body) {
      body = gzip ? gzipSync(readFileSync(file)) : readFileSync(file);
      cache.set(key, body);
    }
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export interface Run {
  /** 0–100; null when Lighthouse could not score the page (see `error`) */
  performance: number | null;
  accessibility: number | null;
  /** ms, except cls */
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  si: number;
  /** each metric's own score, 0–100 */
  metricScores: Record<'fcp' | 'lcp' | 'tbt' | 'cls' | 'si', number>;
  /** number of DOM elements */
  dom: number;
  /** bytes transferred by the page load */
  bytes: number;
  /** every URL the page requested while loading */
  requests: string[];
  /** performance audits that did not pass, with their display value */
  flagged: string[];
  /** accessibility audits that failed */
  a11yFailed: string[];
  error: string | null;
  /**
   * Lighthouse's measure of the host's CPU speed (higher is faster), taken at the start of the run.
   * Its 4× mobile slowdown assumes a fast desktop (about 1500 or more); under 1000 Lighthouse's CLI
   * warns that the machine is slower than it expects, and the mobile scores come out low.
   */
  benchmarkIndex: number;
  /** e.g. '12.8.2' and Chromium's user agent */
  lighthouse: string;
  browser: string;
}

const METRICS = {
  fcp: 'first-contentful-paint',
  lcp: 'largest-contentful-paint',
  tbt: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  si: 'speed-index',
} as const;

/** One Lighthouse run of `url` under `preset`, in a Chromium of its own with a fresh profile. */
export async function runLighthouse(url: string, preset: Preset): Promise<Run> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'sgyp-lighthouse-'));
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    userDataDir: profile,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    logLevel: 'silent',
  });
  try {
    const result = await lighthouse(
      url,
      { port: chrome.port, logLevel: 'error', output: 'json', onlyCategories: ['performance', 'accessibility'] },
      preset === 'desktop' ? desktopConfig : undefined,
    );
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    return summarize(result.lhr);
  } finally {
    const exited = chrome.process.exitCode !== null ? null : once(chrome.process, 'exit');
    chrome.kill();
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  }
}

function summarize(lhr: Result): Run {
  const audit = (id: string) => lhr.audits[id];
  const value = (id: string) => audit(id)?.numericValue ?? Number.NaN;
  const pct = (score: number | null | undefined) => (score == null ? null : Math.round(score * 100));
  const perf = lhr.categories['performance'];
  const a11y = lhr.categories['accessibility'];
  const metricScores = Object.fromEntries(
    Object.entries(METRICS).map(([key, id]) => [key, pct(audit(id)?.score) ?? 0]),
  ) as Run['metricScores'];
  const metricIds = new Set<string>(Object.values(METRICS));
  const flagged = (perf?.auditRefs ?? [])
    .map((ref) => audit(ref.id)!)
    .filter((a) => !metricIds.has(a.id) && a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative')
    .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`);
  const a11yFailed = (a11y?.auditRefs ?? [])
    .map((ref) => audit(ref.id)!)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
    .map((a) => a.id);
  const network = audit('network-requests')?.details;
  const requests = network?.type === 'table' ? network.items.map((item) => String(item['url'])) : [];
  return {
    performance: pct(perf?.score),
    accessibility: pct(a11y?.score),
    fcp: value(METRICS.fcp),
    lcp: value(METRICS.lcp),
    tbt: value(METRICS.tbt),
    cls: value(METRICS.cls),
    si: value(METRICS.si),
    metricScores,
    dom: value('dom-size'),
    bytes: value('total-byte-weight'),
    requests,
    flagged,
    a11yFailed,
    error: lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : null,
    benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
    lighthouse: lhr.lighthouseVersion,
    browser: lhr.environment.hostUserAgent,
  };
}
