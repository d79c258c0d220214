/**
 * The disclosure site in a real browser: Chromium (apt package, /usr/bin/chromium) through
 * playwright-core, against the built site served under a base path. Any failed request, HTTP
 * status ≥ 400 or console error fails the test. Screenshots go to tests/.out/screens/.
 * `chromium.launch` starts every run with a fresh temporary profile (user-data-dir).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportContext } from '../../pipeline/context.js';
import { formatMoney } from '../../pipeline/format/index.js';
import {
  FIXTURE_DIR,
  OUT_ROOT,
  PUBLIC_HEADERS,
  REPO_ROOT,
  buildSiteInto,
  loadFixtureContext,
  removeBuiltSite,
} from '../fixtures/site/siteFiles.js';
import { serveSite, type StaticServer } from '../fixtures/site/staticServer.js';
import { syntheticContext } from '../fixtures/site/synthetic.js';

const BASE = '/zwgk/sgyp/';
const SCREENS = path.join(OUT_ROOT, 'screens');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;
let ctx: ReportContext;
let server: StaticServer;
let bigServer: StaticServer;
const built: string[] = [];
const problems: string[] = [];

/** A page that records every failed request, HTTP error and console error into `problems`. */
async function watchedPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return page;
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage });
}

/** Visible text contrast below 4.5:1 (HTML text only; chart colours are checked in charts.ts). */
function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = parse(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const bad: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('svg') || !(el as HTMLElement).offsetParent) continue;
      if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim())) continue;
      const fg = lum(parse(getComputedStyle(el).color));
      const bg = lum(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < 4.5) bad.push(`${el.tagName} “${el.textContent!.trim().slice(0, 20)}” ${ratio.toFixed(2)}`);
    }
    return bad;
  });
}

/** Rows the reader sees (filtered-out rows are [hidden], rows of other pages .off-page on screen). */
async function shownRows(page: Page): Promise<number> {
  return page.locator('#project-table tbody tr').evaluateAll((rows) => rows.filter((r) => (r as HTMLElement).offsetHeight > 0).length);
}

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  ctx = loadFixtureContext();
  const site = await buildSiteInto('e2e-fixture', ctx, {
    base: BASE,
    dataDir: path.join(FIXTURE_DIR, 'data'),
  });
  const big = await buildSiteInto('e2e-10k', syntheticContext(10_000), { base: BASE });
  built.push(site, big);
  server = await serveSite(site, BASE);
  bigServer = await serveSite(big, BASE);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await bigServer?.close();
  built.forEach(removeBuiltSite);
});

describe('disclosure site in Chromium', () => {
  it('opens every kind of page without a failed request, HTTP error or console error', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await watchedPage(context);
    const pages = [
      ['home', '', '经营性帮扶项目资产“四个一批”工作情况'],
      ['projects', 'projects/', '项目资产公示'],
      ['townships', 'townships/', '各乡镇项目资产情况'],
      ['township', 'townships/t01/', '河西乡项目资产情况'],
      ['disclosure', 'disclosure/', '信息公开'],
      ['document', 'disclosure/work-plan/', '示例县经营性帮扶项目资产“四个一批”工作方案'],
      ['document-annual', 'disclosure/annual-summary/', '示例县2026年经营性帮扶项目资产“四个一批”工作总结'],
    ] as const;
    for (const [name, rel, h1] of pages) {
      await page.goto(server.url + rel, { waitUntil: 'load' });
      await expect.poll(() => page.locator('h1').innerText()).toBe(h1);
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.getByText('示例数据', { exact: true }).first().isVisible()).toBe(true);
      expect(await lowContrast(page), name).toEqual([]);
      await shot(page, name);
    }
    // Navigation between pages works by clicking, under the base path.
    await page.goto(server.url);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '信息公开' }).click();
    await page.waitForURL(`${server.url}disclosure/`);
    await page.getByRole('link', { name: /工作方案/ }).click();
    await page.waitForURL(`${server.url}disclosure/work-plan/`);
    expect(await page.locator('.doc-meta').innerText()).toContain('主动公开');
    await context.close();

    // A phone-sized window: the page itself must not scroll sideways (wide tables scroll inside
    // their own region).
    const mobile = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const small = await watchedPage(mobile);
    for (const [name, rel] of [
      ['home-mobile', ''],
      ['projects-mobile', 'projects/'],
    ] as const) {
      await small.goto(server.url + rel);
      expect(await small.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
      await shot(small, name);
    }
    await mobile.close();
    expect(problems).toEqual([]);
  });

  it('filters the project table by 乡镇, 类别 and name and announces the count', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await watchedPage(context);
    await page.goto(`${server.url}projects/`);
    const count = page.locator('#row-count');
    await expect.poll(() => page.locator('#project-filters').isVisible()).toBe(true);
    expect(await count.getAttribute('aria-live')).toBe('polite');
    expect(await shownRows(page)).toBe(ctx.projects.length);

    const expected = (f: (p: ReportContext['projects'][number]) => boolean) => ctx.projects.filter(f).length;
    await page.getByLabel('乡镇').selectOption({ label: '石岭镇' });
    expect(await shownRows(page)).toBe(expected((p) => p.township === '石岭镇'));
    await expect
      .poll(() => count.innerText())
      .toBe(`筛选出 ${expected((p) => p.township === '石岭镇')} 个项目（共 ${ctx.projects.length} 个）`);

    await page.getByLabel('类别').selectOption('巩固');
    expect(await shownRows(page)).toBe(expected((p) => p.township === '石岭镇' && p.category === '巩固'));

    await page.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(() => shownRows(page)).toBe(ctx.projects.length);

    await page.getByLabel('项目名称或编号').fill('大棚');
    await expect.poll(() => shownRows(page)).toBe(expected((p) => p.name.includes('大棚')));
    await shot(page, 'projects-search');
    await page.getByLabel('项目名称或编号').fill('不存在的项目');
    await expect.poll(() => count.innerText()).toBe(`筛选出 0 个项目（共 ${ctx.projects.length} 个）`);
    expect(await page.locator('#project-pager').isVisible()).toBe(false);

    // Printing shows the filtered table without navigation and filters.
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.getByLabel('乡镇').selectOption({ label: '青山镇' });
    await page.emulateMedia({ media: 'print' });
    expect(await shownRows(page)).toBe(expected((p) => p.township === '青山镇'));
    expect(await page.locator('.site-nav').isVisible()).toBe(false);
    expect(await page.locator('#project-filters').isVisible()).toBe(false);
    await shot(page, 'projects-print');
    await context.close();
    expect(problems).toEqual([]);
  });

  it('downloads projects.csv with a BOM and the public header row', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await watchedPage(context);
    await page.goto(`${server.url}projects/`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载项目资产公示表/ }).click()]);
    expect(download.suggestedFilename()).toBe('projects.csv');
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(PUBLIC_HEADERS.join(','));
    expect(lines.length - 2).toBe(ctx.projects.length);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('shows figures, charts and the full table with JavaScript disabled', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await watchedPage(context);
    await page.goto(server.url);
    const text = await page.locator('main').innerText();
    expect(text).toContain(String(ctx.total.projects));
    expect(text).toContain(formatMoney(ctx.total.investment));
    expect(text).toContain('数据截至2026年9月30日');
    const charts = page.locator('figure.chart svg');
    expect(await charts.count()).toBe(3);
    for (const svg of await charts.all()) {
      const box = await svg.boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(100);
    }
    await shot(page, 'home-nojs');
    await page.goto(`${server.url}projects/`);
    expect(await shownRows(page)).toBe(ctx.projects.length);
    expect(await page.locator('#project-filters').isVisible()).toBe(false);
    await shot(page, 'projects-nojs');
    await context.close();
    expect(problems).toEqual([]);
  });

  it('has a skip link and a visible keyboard focus', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await watchedPage(context);
    await page.goto(server.url);
    await page.keyboard.press('Tab');
    const skip = page.locator('.skip-link');
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await shot(page, 'home-focus');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.closest('main') !== null);
    expect(focused).toBe(true);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('filters 10,000 projects quickly (time-to-filter logged)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await watchedPage(context);
    const t0 = Date.now();
    await page.goto(`${bigServer.url}projects/`, { waitUntil: 'load' });
    const loadMs = Date.now() - t0;
    await expect.poll(() => page.locator('#project-filters').isVisible()).toBe(true);
    // one page of 100 rows on screen, a pager for the rest
    expect(await shownRows(page)).toBe(100);
    expect(await page.locator('#row-count').innerText()).toBe('共 10000 个项目，当前显示第 1—100 个');
    await page.getByRole('button', { name: '下一页' }).click();
    expect(await page.locator('.pager-status').innerText()).toBe('第 2 页，共 100 页');
    expect(await page.locator('#project-table tbody tr:visible').first().locator('th').innerText()).toBe('SY-00101');
    await page.getByRole('button', { name: '上一页' }).click();

    // time from a change of the select to the frame painted after it
    const measureSelect = (id: string, value: string) =>
      page.evaluate(
        async ([id, value]) => {
          const sel = document.getElementById(id!) as HTMLSelectElement;
          const start = performance.now();
          sel.value = value!;
          sel.dispatchEvent(new Event('change'));
          const script = performance.now() - start;
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          return { script, painted: performance.now() - start };
        },
        [id, value],
      );
    const township = await measureSelect('filter-township', 't03');
    const category = await measureSelect('filter-category', '升级');
    const clear = await measureSelect('filter-category', '');
    const all = await measureSelect('filter-township', '');

    // search: from the input event to the painted result, including the 200 ms debounce
    const search = await page.evaluate(async () => {
      const input = document.getElementById('filter-search') as HTMLInputElement;
      const count = document.getElementById('row-count')!;
      const start = performance.now();
      const changed = new Promise<void>((r) =>
        new MutationObserver(() => r()).observe(count, { childList: true, characterData: true, subtree: true }),
      );
      input.value = '东山';
      input.dispatchEvent(new Event('input'));
      await changed;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - start;
    });
    const matches = Number(await page.locator('#row-count').getAttribute('data-shown'));
    expect(matches).toBeGreaterThan(100);
    expect(matches).toBeLessThan(10_000);
    expect(await shownRows(page)).toBe(100);
    // printing gives every matching row, not just the page
    await page.emulateMedia({ media: 'print' });
    expect(await shownRows(page)).toBe(matches);
    await page.emulateMedia({ media: 'screen' });

    const timings = { loadMs, township, category, clear, all, searchWithDebounceMs: search };
    console.log(`time-to-filter at 10,000 projects: ${JSON.stringify(timings)}`);
    mkdirSync(OUT_ROOT, { recursive: true });
    await import('node:fs').then((fs) => fs.writeFileSync(path.join(OUT_ROOT, 'filter-timing.json'), JSON.stringify(timings, null, 2)));
    for (const t of [township, category, clear, all]) expect(t.painted).toBeLessThan(1000);
    await shot(page, 'projects-10k-filtered', false);
    await context.close();
    expect(problems).toEqual([]);
  });
});

const realData = path.join(REPO_ROOT, 'data');

describe.runIf(existsSync(path.join(REPO_ROOT, 'pipeline', 'run.ts')) && existsSync(realData))(
  'site of the sample county (data/) in Chromium',
  () => {
    let sample: ReportContext;
    let sampleServer: StaticServer;

    beforeAll(async () => {
      const { computeContext } = (await import('../../pipeline/run.js')) as {
        computeContext: (o: { dataDir: string }) => Promise<ReportContext>;
      };
      sample = await computeContext({ dataDir: realData });
      const site = await buildSiteInto('e2e-sample', sample, { base: BASE, dataDir: realData });
      built.push(site);
      sampleServer = await serveSite(site, BASE);
    });

    afterAll(async () => {
      await sampleServer?.close();
    });

    it('opens every kind of page cleanly and filters by 乡镇', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      const page = await watchedPage(context);
      const rels = [
        ['sample-home', ''],
        ['sample-projects', 'projects/'],
        ['sample-townships', 'townships/'],
        ['sample-township', 'townships/t01/'],
        ['sample-disclosure', 'disclosure/'],
        ...sample.documents.map((d) => [`sample-document-${d.slug}`, `disclosure/${d.slug}/`]),
      ] as const;
      for (const [name, rel] of rels) {
        await page.goto(sampleServer.url + rel, { waitUntil: 'load' });
        expect(await page.locator('h1').count(), name).toBe(1);
        expect(await lowContrast(page), name).toEqual([]);
        await shot(page, name);
      }
      await page.goto(`${sampleServer.url}projects/`);
      const town = sample.townships[0]!;
      await page.getByLabel('乡镇').selectOption({ label: town.name });
      await expect.poll(() => page.locator('#row-count').getAttribute('data-shown')).toBe(String(town.projects));
      expect(await shownRows(page)).toBe(Math.min(100, town.projects));
      await context.close();
      expect(problems).toEqual([]);
    });
  },
);
