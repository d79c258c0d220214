/**
 * A clerk's quarter in the workbench, in Chromium (apt's /usr/bin/chromium through playwright-core):
 * upload a township's ledger with mistakes → see them, filter them → download the annotated
 * workbook → upload the corrected one in its place → build, watching the stages → open the PDF and
 * the site preview → download the site's zip → 历史. And the refusals a browser meets: no token, a
 * rebound host name (evil.test mapped to 127.0.0.1, as DNS rebinding would), an oversized upload,
 * a second build at once. Every page is checked with axe and at 390 px; screenshots go to
 * tests/.out/screens/workbench-*.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PizZip from 'pizzip';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Workbench } from '../../pipeline/serve/server.js';
import { tempDir } from '../support/ledger.js';

const SCREENS = path.resolve('tests/.out/screens');
const PERIOD = '2026-09-30';
const LEDGER = '03-南山镇-示例数据.csv';
const original = readFileSync(path.resolve('data', LEDGER));
const withMistakes = Buffer.from(
  original.toString('utf8').replace(',308.42,308.42,', ',三百万,308.42,').replace('0972-8559013,巩固,', '0972-8559013,保留,'),
);
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let bench: Workbench;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

async function look(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENS, `workbench-${name}.png`), fullPage: true });
  // axe: no violation of WCAG 2.1 A/AA rules
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
    const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
  expect(violations, name).toEqual([]);
  // at 390 px: nothing wider than the screen but the tables' own scroll boxes
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.screenshot({ path: path.join(SCREENS, `workbench-${name}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(overflow, `${name} at 390 px`).toBeLessThanOrEqual(0);
}

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  bench = await serve({ workspace: path.join(tempDir(), 'ws'), sample: true, port: 0, limits: { fileBytes: 2 * 1024 * 1024 } });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--host-resolver-rules=MAP evil.test 127.0.0.1'],
  });
  // bypassCSP: only so that axe can be injected as a script (the pages' own policy forbids inline scripts)
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true, bypassCSP: true });
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().includes('/api/')) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bench?.close();
});

describe('a clerk’s quarter in the workbench', () => {
  it('opens with the printed address, and the address loses its token', async () => {
    await page.goto(bench.url);
    expect(page.url()).toBe(`http://127.0.0.1:${bench.port}/collect?period=${PERIOD}`);
    await expect.poll(() => page.textContent('main')).toContain('校验通过：9 个台账文件，项目 450 个，没有错误');
    await look('collect');
  });

  it('takes a township’s ledger with mistakes, shows and filters them, and hands back the annotated workbook', async () => {
    await page.setInputFiles('[data-upload]', { name: LEDGER, mimeType: 'text/csv', buffer: withMistakes });
    await page.waitForURL(/msg=/);
    const main = (await page.textContent('main'))!;
    expect(main).toContain(`已收到 ${LEDGER}`);
    expect(main).toContain('校验发现 2 处错误');
    expect(main).toContain('共 2 处错误，涉及 1 个文件');
    await page.click('a.bad:has-text("2 处错误")');
    await page.waitForURL(/\/errors\?/);
    await page.fill('#q', '投资额');
    expect(await page.textContent('[data-count]')).toBe('1 处错误');
    expect(await page.locator('#errors tbody tr:visible').allTextContents()).toEqual([
      `${LEDGER}3投资额（万元）三百万应为不小于0的数字（万元，可带千位分隔符，如 1,234.50）`,
    ]);
    await page.fill('#q', '');
    await look('errors');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("的批注台账")')]);
    expect(download.suggestedFilename()).toBe('03-南山镇-示例数据.批注.xlsx');
    const zip = new PizZip(readFileSync((await download.path())!));
    expect(zip.file('xl/workbook.xml')!.asText()).toContain('错误清单');
  });

  it('takes the corrected ledger in the old one’s place', async () => {
    await page.goto(`http://127.0.0.1:${bench.port}/collect?period=${PERIOD}`);
    await page.setInputFiles(`[data-replace="${LEDGER}"]`, { name: '南山镇改正后.csv', mimeType: 'text/csv', buffer: original });
    await page.waitForURL(/msg=/);
    const main = (await page.textContent('main'))!;
    expect(main).toMatch(new RegExp(`被替换的旧文件已移入 replaced/${PERIOD}/\\d{8}-\\d{6}/${LEDGER}`));
    expect(main).toContain('校验通过：9 个台账文件，项目 450 个，没有错误');
  });

  it('takes a ledger dropped on the page (the same name: the one there is kept in replaced/)', async () => {
    await page.goto(`http://127.0.0.1:${bench.port}/collect?period=${PERIOD}`);
    const dataTransfer = await page.evaluateHandle(
      ({ name, b64 }) => {
        const dt = new DataTransfer();
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], name, { type: 'text/csv' }));
        return dt;
      },
      { name: LEDGER, b64: original.toString('base64') },
    );
    await page.dispatchEvent('[data-drop]', 'dragover', { dataTransfer });
    expect(await page.getAttribute('[data-drop]', 'class')).toContain('over');
    await page.dispatchEvent('[data-drop]', 'drop', { dataTransfer });
    await page.waitForURL((u) => u.searchParams.get('msg')?.startsWith(`已收到 ${LEDGER}；被替换的旧文件已移入`) ?? false);
    expect(await page.textContent('main')).toContain('校验通过：9 个台账文件，项目 450 个，没有错误');
  });

  it('refuses an oversized upload and says so, placing nothing', async () => {
    await page.setInputFiles('[data-upload]', { name: '甲镇.csv', mimeType: 'text/csv', buffer: Buffer.alloc(3 * 1024 * 1024, 0x41) });
    await expect.poll(() => page.textContent('#upload-status')).toBe('未上传：文件超过 2 MB 的上限，未上传任何文件');
    expect(await page.textContent('main')).not.toContain('甲镇.csv');
  });

  it('builds the period with its stages shown, refuses a second build meanwhile, and shows the figures and the PDF', async () => {
    await page.click('nav a:has-text("生成")');
    await page.click('form[data-build] button');
    await expect
      .poll(() => page.locator('[data-stages] li.current, [data-stages] li.done').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const second = await page.evaluate(async (csrf) => {
      const r = await fetch('/api/build', {
        method: 'POST',
        body: new URLSearchParams({ period: '2026-09-30' }),
        headers: { 'x-csrf-token': csrf, accept: 'application/json' },
      });
      return { status: r.status, body: await r.json() };
    }, bench.guard.csrf);
    expect(second.status).toBe(409);
    expect(second.body.error).toContain('同一时间只能生成一次');
    await page.waitForFunction(() => document.querySelector('[data-build-status]')?.textContent?.includes('完成。'), null, {
      timeout: 150_000,
    });
    expect(await page.locator('[data-stages] li.done').count()).toBe(7);
    const main = (await page.textContent('main'))!;
    expect(main).toContain('项目资产450 个');
    expect(main).toContain('quarterly-2026Q3.pdf');
    const pdf = await page.evaluate(async () => {
      const r = await fetch(document.querySelector('iframe.pdf')!.getAttribute('src')!);
      return { type: r.headers.get('content-type'), head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) };
    });
    expect(pdf).toEqual({ type: 'application/pdf', head: '%PDF-' });
    await look('build');
  }, 200_000);

  it('previews the site under the server and hands out its zip', async () => {
    await page.click('nav a:has-text("公开")');
    const frame = page.frameLocator('iframe.site');
    await expect.poll(() => frame.locator('h1').first().textContent(), { timeout: 20_000 }).toContain('四个一批');
    expect(await page.textContent('main')).toContain('11639901X/2026-GS3-01');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("下载网站压缩包")')]);
    expect(download.suggestedFilename()).toBe('site-2026-09-30.zip');
    const zip = new PizZip(readFileSync((await download.path())!));
    expect(zip.file('index.html')!.asText()).toContain('示例县');
    await look('public');
  });

  it('lists the period in 历史', async () => {
    await page.click('nav a:has-text("历史")');
    expect(await page.textContent('main')).toContain('已生成 1 期');
    await look('history');
    expect(problems).toEqual([]);
  });
});

describe('under the pages’ own Content-Security-Policy', () => {
  it('the scripts, the PDF frame and the site preview all work, and nothing is blocked', async () => {
    const strict = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await strict.newPage();
    const blocked: string[] = [];
    p.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) blocked.push(m.text());
    });
    await p.goto(bench.url);
    await p.goto(`http://127.0.0.1:${bench.port}/errors?period=${PERIOD}`);
    await p.fill('#q', '不存在的文字');
    expect(await p.textContent('[data-count]')).toBe('0 处错误');
    await p.goto(`http://127.0.0.1:${bench.port}/build?period=${PERIOD}`);
    expect(await p.getAttribute('iframe.pdf', 'src')).toBe('/files/out/reports/quarterly-2026Q3.pdf');
    await p.goto(`http://127.0.0.1:${bench.port}/public`);
    await expect.poll(() => p.frameLocator('iframe.site').locator('h1').first().textContent(), { timeout: 20_000 }).toContain('四个一批');
    expect(blocked).toEqual([]);
    await strict.close();
  });
});

describe('what a browser without the token or at another host name meets', () => {
  it('refuses a browser without the token', async () => {
    const other = await browser.newContext();
    const p = await other.newPage();
    const r = await p.goto(`http://127.0.0.1:${bench.port}/collect`);
    expect(r!.status()).toBe(401);
    expect(await p.textContent('h1')).toBe('需要访问令牌');
    await other.close();
  });

  it('refuses a page reached through a rebound host name, token or not', async () => {
    const other = await browser.newContext();
    const p = await other.newPage();
    const r = await p.goto(`http://evil.test:${bench.port}/?token=${bench.guard.token}`);
    expect(r!.status()).toBe(421);
    expect(await p.textContent('body')).toContain('Host 头不符');
    await other.close();
  });
});
