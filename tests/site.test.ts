import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeContext } from '../pipeline/run.js';
import { listOf, type ReportContext } from '../pipeline/context.js';
import { CATEGORIES, PROGRESS_CATEGORIES } from '../pipeline/vocabulary.js';
import { formatDateCn, formatMoney, formatPercent } from '../pipeline/format/index.js';
import { toPublicSiteData, type PublicSiteData } from '../pipeline/render/site/publicData.js';
import { normalizeBase } from '../pipeline/render/site/site.js';
import { PROJECTS_PER_PAGE, buildProjectIndex, cellText, pageCount, renderProjectsCsv, type ProjectIndex } from '../site/lib/projects.js';
import {
  FIXTURE_DIR,
  PUBLIC_HEADERS,
  REPO_ROOT,
  buildSiteInto,
  externalReferences,
  fileForUrl,
  linkTargets,
  listFiles,
  loadFixtureContext,
  phoneLikeNumbers,
  readLedgerContacts,
  readTextFiles,
  removeBuiltSite,
} from './fixtures/site/siteFiles.js';

const BASE = '/zwgk/sgyp/';

// Distinctive values that must never reach a published file.
const SECRET_CONTACT = '测试联系人甲乙丙';
const SECRET_PHONE = '13987654321';
const SECRET_LANDLINE = '0971-8123456';
const SECRET_WARNING = '内部预警详情勿公开';
const SECRET_IDLE = '闲置低效原因勿公开';
const SECRET_OPERATOR = '分红经营主体勿公开';
const SECRET_QUALITY = '数据质量备注勿公开';
const SECRET_LEDGER = 'ledger/internal-ledger.csv';
const SECRETS = [
  SECRET_CONTACT,
  SECRET_PHONE,
  SECRET_LANDLINE,
  SECRET_WARNING,
  SECRET_IDLE,
  SECRET_OPERATOR,
  SECRET_QUALITY,
  SECRET_LEDGER,
];

/** The fixture with personal data smuggled into extra fields and internal lists filled. */
function contextWithSecrets(): ReportContext {
  const ctx = loadFixtureContext();
  ctx.projects = ctx.projects.map((p) =>
    Object.assign({ ...p }, { 联系人: SECRET_CONTACT, 联系电话: SECRET_PHONE, contact: SECRET_CONTACT, phone: SECRET_LANDLINE }),
  );
  // A name that needs CSV quoting.
  ctx.projects[0] = { ...ctx.projects[0]!, name: '石岭村蔬菜大棚（一期, "示范"）' };
  const ref = ctx.projects[1]!;
  const base = { id: ref.id, name: ref.name, township: ref.township, village: ref.village, category: ref.category };
  ctx.warnings = {
    red: 1,
    yellow: 0,
    byReason: { [SECRET_WARNING]: 1 },
    list: listOf('warnings', [{ ...base, level: 'red' as const, reasons: [SECRET_WARNING], department: SECRET_CONTACT }]),
  };
  ctx.idleInefficient = listOf('idleInefficient', [
    {
      ...base,
      operatingState: '停产',
      investment: 1,
      idle: true,
      inefficient: false,
      reasons: [SECRET_IDLE],
      department: null,
      severity: null,
      progressState: null,
    },
  ]);
  ctx.dividends = {
    ...ctx.dividends,
    projects: 1,
    list: listOf('dividends', [
      { ...base, agreed: 2, received: 1, owed: 1, dueDate: '2026-01-01', overdueMonths: 8, operator: SECRET_OPERATOR },
    ]),
  };
  ctx.dataQuality = [{ id: ref.id, file: SECRET_LEDGER, line: 3, note: SECRET_QUALITY }];
  return ctx;
}

function page(site: string, rel: string): string {
  return readFileSync(path.join(site, rel), 'utf8');
}

/** Text content of HTML, tags removed, for "the page says …" assertions. */
function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

function expectHomeFigures(home: string, ctx: ReportContext): void {
  const text = textOf(home);
  expect(text).toContain(`${ctx.total.projects} 个`);
  expect(text).toContain(`${formatMoney(ctx.total.investment)} 万元`);
  expect(text).toContain(`${ctx.total.households} 户次`);
  expect(text).toContain(`数据截至${formatDateCn(ctx.meta.asOf)}`);
  for (const c of CATEGORIES) {
    expect(text).toContain(ctx.labels[c]);
    expect(text).toContain(formatPercent(ctx.byCategory[c].share));
  }
  for (const c of PROGRESS_CATEGORIES) expect(text).toContain(formatPercent(ctx.progress[c].completionRate));
  // three charts drawn at build time, each twice (wide and narrow), with a caption that gives its numbers
  expect(home.match(/<svg\b/g)?.length).toBe(6);
  expect(home.match(/class="chart-image chart-wide"/g)?.length).toBe(3);
  expect(home.match(/class="chart-image chart-narrow"/g)?.length).toBe(3);
  expect(home.match(/<figcaption>/g)?.length).toBe(3);
  expect(text).toContain(`共${ctx.total.projects}个，其中`);
}

/** Checks that hold for any built site. */
function expectSafeSite(site: string, ctx: ReportContext, base: string): void {
  const files = readTextFiles(site);
  const html = [...files].filter(([f]) => f.endsWith('.html'));
  // home, the list's pages, 各乡镇, each township's pages, 信息公开 and one page per document
  const townshipPages = ctx.townships.reduce((n, t) => n + pageCount(t.projects), 0);
  // a document with neither text nor a file is not listed (site.ts)
  const listed = ctx.documents.filter((d) => d.text !== null || d.files.length > 0).length;
  expect(html.length).toBe(3 + pageCount(ctx.projects.length) + townshipPages + listed);

  for (const [f, text] of files) {
    expect(externalReferences(text), f).toEqual([]);
    expect(phoneLikeNumbers(text), f).toEqual([]);
  }
  for (const [f, text] of html) {
    expect(text, f).toMatch(/^<!DOCTYPE html><html lang="zh-CN">/);
    expect(text.match(/<h1\b/g)?.length, `${f}: exactly one h1`).toBe(1);
    for (const landmark of ['<header', '<nav', '<main', '<footer']) expect(text, `${f}: ${landmark}`).toContain(landmark);
    expect(text, f).toContain('href="#main"');
    if (ctx.meta.sample) expect(text, `${f}: 示例数据 banner`).toContain('<strong>示例数据</strong>');
    expect(Buffer.byteLength(text), `${f}: at most 1 MB`).toBeLessThanOrEqual(1_000_000);
    // Every site-internal link lies under the base path and points at a built file (so does the
    // filter's index, which the script fetches).
    for (const url of [...linkTargets(text), ...[...text.matchAll(/data-index="([^"]*)"/g)].map((m) => m[1]!)]) {
      if (url.startsWith('#') || url.startsWith('data:')) continue;
      expect(url.startsWith(base), `${f}: ${url} is under ${base}`).toBe(true);
      const target = fileForUrl(url, base)!;
      expect(existsSync(path.join(site, target)), `${f}: ${url} → ${target} exists`).toBe(true);
    }
  }
  // The public data file stays out of the published folder.
  expect(listFiles(site).some((f) => f.endsWith('site-data.json'))).toBe(false);
}

/** Bytes of the home page and of every stylesheet and script it references. */
function homeWeight(site: string, base: string): number {
  const html = page(site, 'index.html');
  let bytes = Buffer.byteLength(html);
  for (const m of html.matchAll(/<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"/g)) {
    bytes += readFileSync(path.join(site, fileForUrl(m[1]!, base)!)).length;
  }
  return bytes;
}

/** The HTML pages of a project list whose first page is `first` (e.g. 'projects/'), in order. */
function listPages(site: string, first: string, projects: number): string[] {
  return Array.from({ length: pageCount(projects) }, (_, i) => page(site, `${first}${i === 0 ? '' : `${i + 1}/`}index.html`));
}

/** Project numbers in the rows of a page's table, in order. */
function rowIds(html: string): string[] {
  return [...html.matchAll(/<tr> ?<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]!);
}

/**
 * A paged list: every project on exactly one page, in the context's order, PROJECTS_PER_PAGE a
 * page; each page links to its neighbours, the first and the last page with plain links; the
 * filter index holds the same rows as printed, and no page inlines it.
 */
function expectPagedList(site: string, first: string, projects: ReportContext['projects'], base: string, data: PublicSiteData): void {
  const pages = listPages(site, first, projects.length);
  const n = pages.length;
  expect(pages.flatMap(rowIds)).toEqual(projects.map((p) => p.id));
  pages.forEach((html, i) => {
    const at = i + 1;
    expect(rowIds(html).length).toBe(at < n ? PROJECTS_PER_PAGE : projects.length - (n - 1) * PROJECTS_PER_PAGE);
    const link = (k: number) => `href="${base}${first}${k === 1 ? '' : `${k}/`}"`;
    if (n > 1) {
      expect(html, `page ${at} links to page 1 and page ${n}`).toContain(link(1));
      expect(html).toContain(link(n));
      expect(html).toMatch(new RegExp(`${link(at)} aria-current="page"`));
      if (at > 1) expect(html).toMatch(new RegExp(`${link(at - 1)} rel="prev"`));
      if (at < n) expect(html).toMatch(new RegExp(`${link(at + 1)} rel="next"`));
    } else {
      expect(html).not.toContain('class="pager page-links"');
    }
    expect(html).toContain(`data-index="${base}${first}search.json"`);
    expect(html).not.toContain('"dicts"');
  });

  const index = JSON.parse(page(site, `${first}search.json`)) as ProjectIndex;
  expect(index.n).toBe(projects.length);
  index.keys.forEach((key, c) => {
    const dict = index.dicts[c];
    const texts = (index.cols[c] as (number | string)[]).map((v) => (dict ? dict[v as number]! : (v as string)));
    expect(texts, key).toEqual(projects.map((p) => cellText(p, key, data.labels)));
  });
  const t = index.keys.indexOf('township');
  const slugOf = new Map(data.townships.map((x) => [x.name, x.slug]));
  expect((index.cols[t] as number[]).map((code) => index.townships[code])).toEqual(projects.map((p) => slugOf.get(p.township)));
  const c = index.keys.indexOf('category');
  expect((index.cols[c] as number[]).map((code) => index.categories[code])).toEqual(projects.map((p) => p.category));
}

function expectProjects(site: string, ctx: ReportContext, base: string): void {
  const html = page(site, 'projects/index.html');
  for (const h of PUBLIC_HEADERS) expect(html).toMatch(new RegExp(`<th scope="col"[^>]*>${h}</th>`));
  expect(html.match(/<th scope="col"[^>]*>/g)?.length).toBe(PUBLIC_HEADERS.length);
  expect(html).toMatch(/id="row-count" aria-live="polite"/);
  expectPagedList(site, 'projects/', ctx.projects, base, toPublicSiteData(ctx));

  const buf = readFileSync(path.join(site, 'projects.csv'));
  expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = buf.toString('utf8').slice(1);
  expect(csv.endsWith('\r\n')).toBe(true);
  expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n|\r/); // CRLF only (no name in the fixtures has a line break)
  const lines = csv.split('\r\n').slice(0, -1);
  expect(lines[0]).toBe(PUBLIC_HEADERS.join(','));
  expect(lines.length).toBe(ctx.projects.length + 1);
  for (const p of ctx.projects) expect(csv).toContain(`${p.id},`);
}

/** Each township: its figures and one chart (two drawings) on its first page, its projects paged. */
function expectTownships(site: string, ctx: ReportContext, base: string): void {
  const data = toPublicSiteData(ctx);
  for (const t of data.townships) {
    const html = page(site, `townships/${t.slug}/index.html`);
    expect(html).toContain(`<h1>${t.name}项目资产情况</h1>`);
    expect(html.match(/<svg\b/g)?.length).toBe(2);
    expectPagedList(
      site,
      `townships/${t.slug}/`,
      ctx.projects.filter((p) => p.township === t.name),
      base,
      data,
    );
  }
}

describe('site built from the fixture context (base /zwgk/sgyp/, reports present)', () => {
  let ctx: ReportContext;
  let site: string;

  beforeAll(async () => {
    ctx = contextWithSecrets();
    site = await buildSiteInto('site-fixture', ctx, {
      base: BASE,
      dataDir: path.join(FIXTURE_DIR, 'data'),
    });
  });
  afterAll(() => removeBuiltSite(site));

  it('shows the figures, the categories, the progress and three charts on the home page', () => {
    expectHomeFigures(page(site, 'index.html'), ctx);
    expect(textOf(page(site, 'index.html'))).toContain('1849.99 万元');
  });

  it('lists every project with its public fields in the table and in projects.csv', () => {
    expectProjects(site, ctx, BASE);
    const csv = readFileSync(path.join(site, 'projects.csv'), 'utf8');
    expect(csv).toContain(
      '\r\nSL-2016-001,"石岭村蔬菜大棚（一期, ""示范""）",石岭镇,石岭村,种植业,2016,专项扶贫资金,120.50,石岭村股份经济合作社,县农业农村局,巩固类,正常运营,未启动,35\r\n',
    );
    // null 带动脱贫户数 is an empty cell
    expect(csv).toMatch(/\r\nHX-2019-002,[^\r]*,调整类,停产,已销号,\r\n/);
  });

  it('has a page per township with only its projects, under stable ASCII slugs', () => {
    const names = ctx.townships.map((t) => t.name).sort();
    names.forEach((name, i) => {
      expect(page(site, `townships/t0${i + 1}/index.html`)).toContain(`<h1>${name}项目资产情况</h1>`);
    });
    expectTownships(site, ctx, BASE);
  });

  it('publishes each document with its disclosure metadata, text and downloads', () => {
    const list = page(site, 'disclosure/index.html');
    for (const d of ctx.documents.filter((x) => x.generated === null)) expect(list).toContain(`href="${BASE}disclosure/${d.slug}/"`);

    const plan = textOf(page(site, 'disclosure/work-plan/index.html'));
    for (const s of [
      '索引号 000000000/2026-001',
      '发布机构 县农业农村局',
      '成文日期 2026年4月10日',
      '发布日期 2026年4月15日',
      '文号 示农发〔2026〕12号',
      '主题分类 农业、林业、水利',
      '公开方式 主动公开',
    ]) {
      expect(plan).toContain(s);
    }
    expect(page(site, 'disclosure/work-plan/index.html')).toContain('<h2>一、总体要求</h2>');
    expect(page(site, 'disclosure/work-plan/index.html')).toContain('<h3>（一）工作目标</h3>');
    expect(readFileSync(path.join(site, 'disclosure/work-plan/work-plan.pdf'), 'latin1')).toMatch(/^%PDF/);

    // docs/rules.md §6: the draft this program generated is never published, even when it lies beside the
    // site; until the signed file is in the data folder the document is not listed at all (issue 21)
    expect(existsSync(path.join(site, 'disclosure/annual-summary'))).toBe(false);
    expect(list).not.toContain('annual-summary');
    expect(list).not.toContain('工作总结');
    expect(existsSync(path.join(site, 'disclosure/annual-summary/annual-2026.docx'))).toBe(false);
  });

  it('gives the 公示 pages their own 主动公开 metadata: 索引号, organ, data date, 公开方式, 监督', () => {
    const list = textOf(page(site, 'projects/index.html'));
    expect(list).toContain('索引号 000000000/2026-GS3-01');
    expect(list).toContain(`发布机构 ${ctx.profile.disclosure.publisher}`);
    // no 发布日期 without disclosure.postedOn: never back-dated to the data's date
    expect(list).not.toContain('发布日期');
    expect(list).toMatch(/数据截至 2026年9月30日/);
    expect(list).toContain('公开方式 主动公开');
    expect(list).toContain('监督电话 12317');
    expect(textOf(page(site, 'townships/t01/index.html'))).toContain('索引号 000000000/2026-GS3-02');
  });

  it('never publishes personal data, warning details or other internal lists', () => {
    for (const [f, text] of readTextFiles(site)) {
      for (const s of SECRETS) expect(text.includes(s), `${f} contains ${s}`).toBe(false);
      expect(text, f).not.toMatch(/联系人|联系电话/);
    }
  });

  it('keeps to the base path, links only to built files and holds no external URL', () => {
    expectSafeSite(site, ctx, BASE);
  });

  it('keeps the home page small (HTML + CSS + JS it loads)', () => {
    const bytes = homeWeight(site, BASE);
    console.log(`home page weight (fixture): ${bytes} bytes`);
    expect(bytes).toBeLessThan(100_000);
  });
});

describe('site built with the default base path and no generated reports', () => {
  let site: string;

  beforeAll(async () => {
    site = await buildSiteInto('site-default', loadFixtureContext(), { dataDir: path.join(FIXTURE_DIR, 'data') });
  });
  afterAll(() => removeBuiltSite(site));

  it('serves from the profile base path "/"', () => {
    expectSafeSite(site, loadFixtureContext(), '/');
    expect(page(site, 'index.html')).toContain('href="/projects/"');
  });

  it('lists only documents that have their text or a file: not the annual summary without its file', () => {
    expect(existsSync(path.join(site, 'disclosure/annual-summary'))).toBe(false);
    expect(textOf(page(site, 'disclosure/index.html'))).not.toContain('工作总结');
    expect(textOf(page(site, 'disclosure/progress-notice/index.html'))).toContain('索引号 000000000/2026-002');
  });
});

describe('public projection', () => {
  it('carries no internal list and picks project fields by name', () => {
    const data = toPublicSiteData(contextWithSecrets());
    expect(Object.keys(data).sort()).toEqual([
      'categories',
      'charts',
      'documents',
      'labels',
      'meta',
      'progress',
      'projects',
      'totals',
      'townships',
    ]);
    expect(Object.keys(data.projects[0]!)).toHaveLength(14);
    const json = JSON.stringify(data);
    for (const s of SECRETS) expect(json).not.toContain(s);
    for (const key of ['warnings', 'idleInefficient', 'dividends', 'overdue', 'overdueItems', 'dataQuality', 'rows', 'baseDir']) {
      expect(json).not.toContain(`"${key}"`);
    }
  });

  it('keeps ledger text that looks like a spreadsheet formula inert in projects.csv', () => {
    const ctx = loadFixtureContext();
    ctx.projects = [{ ...ctx.projects[0]!, name: '=HYPERLINK("x")', village: '+1', ownership: '@村集体' }];
    const csv = renderProjectsCsv(toPublicSiteData(ctx));
    const row = csv.split('\r\n')[1]!;
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain(`,'+1,`);
    expect(row).toContain(`,'@村集体,`);
    expect(row).toContain(`,${formatMoney(ctx.projects[0]!.investment)},`);
  });

  it('codes the repeating columns of the filter index and keeps numbers and names as text', () => {
    const data = toPublicSiteData(loadFixtureContext());
    const index = buildProjectIndex(data.projects, data);
    const coded = index.keys.filter((_, c) => index.dicts[c] !== null);
    expect(coded).toContain('township');
    expect(coded).toContain('category');
    expect(coded).not.toContain('id');
    expect(coded).not.toContain('name');
    // the 类别 codes follow the county's order of the four categories, labels as printed
    expect(index.categories).toEqual(['巩固', '升级', '盘活', '调整']);
    expect(index.dicts[index.keys.indexOf('category')]).toEqual(['巩固类', '升级类', '盘活类', '调整类']);
    expect(index.townships).toEqual(
      index.dicts[index.keys.indexOf('township')]!.map((n) => data.townships.find((t) => t.name === n)!.slug),
    );
    expect(buildProjectIndex([], data)).toMatchObject({ n: 0, cols: index.keys.map(() => []) });
  });

  it('normalises base paths', () => {
    expect(['/', '', 'zwgk/sgyp', '/zwgk/sgyp/', '//zwgk/sgyp'].map(normalizeBase)).toEqual(['/', '/', BASE, BASE, BASE]);
  });
});

const realData = path.join(REPO_ROOT, 'data');

describe('site built from the sample county in data/', () => {
  let ctx: ReportContext;
  let site: string;

  beforeAll(async () => {
    ctx = await computeContext({ dataDir: realData });
    site = await buildSiteInto('site-sample', ctx, { dataDir: realData, base: BASE });
  });
  afterAll(() => removeBuiltSite(site));

  it('shows the computed figures and every project, 100 a page, with links between the pages', () => {
    expectHomeFigures(page(site, 'index.html'), ctx);
    expect(pageCount(ctx.projects.length)).toBe(5);
    expectProjects(site, ctx, BASE);
    expectTownships(site, ctx, BASE);
  });

  it('holds no phone number, no external URL and only links under the base path', () => {
    expectSafeSite(site, ctx, BASE);
  });

  it('publishes none of the 联系人/联系电话 values written in the ledgers', async () => {
    const contacts = await readLedgerContacts(realData);
    expect(contacts.length).toBeGreaterThan(10);
    for (const [f, text] of readTextFiles(site)) {
      const leaked = contacts.filter((v) => text.includes(v));
      expect(leaked, f).toEqual([]);
    }
  });

  // §2, §6: free text is loaded for the internal reports and never reaches the site
  it('publishes none of the free text (推进举措、取得成效、存在问题) the ledgers hold', () => {
    const texts = ctx.ledgerNotes.items
      .flatMap((n) => [n.measures, n.results, n.problems])
      .filter((t): t is string => !!t && t.length >= 6);
    expect(texts.length).toBeGreaterThan(50);
    for (const [f, text] of readTextFiles(site)) {
      expect(
        texts.filter((t) => text.includes(t)),
        f,
      ).toEqual([]);
    }
  });

  // §4.5: a 巩固 project has no 进展状态 of its own: “—”, never 未启动
  it('prints “—” for the 进展状态 of 巩固 projects, in the list and the CSV', () => {
    const csv = readFileSync(path.join(site, 'projects.csv'), 'utf8').split('\r\n').slice(1).filter(Boolean);
    const empty = new Set(ctx.projects.filter((p) => p.category === '巩固' && p.progressState === null).map((p) => p.id));
    expect(empty.size).toBeGreaterThan(200);
    const rows = csv.filter((l) => empty.has(l.split(',')[0]!));
    expect(rows).toHaveLength(empty.size);
    expect(rows.every((l) => l.includes(',巩固类,') && l.includes(',—,') && !l.includes('未启动'))).toBe(true);
    // a 巩固 row whose ledger does say 未启动 keeps what the ledger says
    expect(csv.filter((l) => l.includes(',巩固类,')).length).toBe(414);
  });

  it('keeps the home page small', () => {
    const bytes = homeWeight(site, BASE);
    console.log(`home page weight (data/): ${bytes} bytes`);
    expect(bytes).toBeLessThan(150_000);
  });
});
