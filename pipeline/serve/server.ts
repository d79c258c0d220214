/**
 * `sgyp serve`: the 专班 workbench, a local web application over the same pipeline (Fastify).
 *
 * Two listeners on one address: the workbench itself, and the built site served at its own base
 * path (so that its links work as they will on the government website), both behind the same
 * guard (guard.ts). Pages are HTML made on the server (pages.ts); the little script in
 * workbench/app.js adds drag-and-drop upload, the build's live progress and the error filter.
 */
import { createReadStream, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import PizZip from 'pizzip';
import { loadProfile } from '../config/profile.js';
import { AS_OF_YEARS } from '../errors.js';
import { PACKAGE_ROOT } from '../packageRoot.js';
import { writeTemplate } from '../run.js';
import { stampedZip, zipDate } from '../sheet/zip.js';
import { documentNames, isIsoDate } from '../vocabulary.js';
import { Guard } from './guard.js';
import { html, query } from './html.js';
import { Jobs } from './jobs.js';
import {
  buildBody,
  collectBody,
  type Document,
  errorsBody,
  type Frame,
  historyBody,
  messagePage,
  page,
  publicBody,
  type Snapshot,
  type Stats,
  when,
} from './pages.js';
import { receive, UPLOAD_LIMITS } from './uploads.js';
import { OUT, PRIVATE, Workspace } from './workspace.js';

export interface ServeOptions {
  workspace: string;
  /** lay the bundled sample out as the first period of an empty workspace */
  sample?: boolean;
  port?: number;
  /** the address to listen on; 127.0.0.1 unless given (an office LAN) */
  host?: string;
  /** a fixed token (tests); a random one otherwise */
  token?: string;
  limits?: Partial<typeof UPLOAD_LIMITS>;
  log?: (line: string) => void;
}

export interface Workbench {
  /** the address to open, with the access token */
  url: string;
  port: number;
  previewPort: number;
  guard: Guard;
  workspace: Workspace;
  close(): Promise<void>;
}

const SAMPLE = path.join(PACKAGE_ROOT, 'data');
const ASSETS = path.join(PACKAGE_ROOT, 'workbench');

export async function serve(opts: ServeOptions): Promise<Workbench> {
  const samplePeriod = opts.sample ? (loadProfile(SAMPLE).asOf ?? undefined) : undefined;
  const ws = Workspace.open(opts.workspace, opts.sample ? { sample: SAMPLE, samplePeriod } : {});
  const host = opts.host ?? '127.0.0.1';
  const guard = new Guard(opts.host, opts.token);
  const limits = { ...UPLOAD_LIMITS, ...opts.limits };
  const jobs = new Jobs(ws, opts.log);
  /** the ports of the workbench and of the site preview, known once they listen */
  let workbenchPort = 0;
  let previewPort = 0;

  const preview = Fastify({ logger: false });
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  for (const server of [app, preview]) {
    await server.register(cookie);
    server.addHook('onRequest', async (req, reply) => {
      if (!guard.hostAllowed(req.headers.host)) {
        return reply
          .code(421)
          .type('text/plain; charset=utf-8')
          .send('拒绝：请求的主机名不是本工作台（Host 头不符）。请用启动时显示的地址打开。');
      }
      reply.header('X-Content-Type-Options', 'nosniff');
      reply.header('Referrer-Policy', 'no-referrer');
      reply.header('Cache-Control', 'no-store');
      if (server === app && (req.url === '/app.css' || req.url === '/app.js')) return;
      const given = (req.query as Record<string, string | undefined>)?.token;
      if (given !== undefined && guard.tokenMatches(given) && req.method === 'GET') {
        reply.setCookie(guard.cookie, guard.token, { httpOnly: true, sameSite: 'strict', path: '/' });
        const url = new URL(req.url, 'http://x');
        url.searchParams.delete('token');
        return reply.redirect(`${url.pathname}${url.search}`, 303);
      }
      if (!guard.tokenMatches(req.cookies[guard.cookie])) {
        return reply
          .code(401)
          .type('text/html; charset=utf-8')
          .send(messagePage('需要访问令牌', '请用 sgyp serve 启动时显示的完整地址（含 token=…）打开工作台。'));
      }
    });
    // after the body is parsed: a form's own _csrf field counts (multipart bodies are read later: header only)
    server.addHook('preHandler', async (req, reply) => {
      if (['GET', 'HEAD'].includes(req.method)) return;
      const csrf = (req.headers['x-csrf-token'] as string | undefined) ?? (req.body as Record<string, string> | undefined)?._csrf;
      if (!guard.originAllowed(req.headers.origin) || !guard.csrfMatches(csrf)) {
        return reply
          .code(403)
          .type('text/plain; charset=utf-8')
          .send('拒绝：请求缺少本页面的校验码（CSRF），可能来自其他网站。请刷新工作台页面后重试。');
      }
    });
  }

  // ---- the site preview: out/site at the site's own base path
  const basePath = () => {
    const p = latestPeriod(ws);
    try {
      return p ? (loadProfile(ws.periodDir(p)).disclosure.basePath ?? '/') : '/';
    } catch {
      return '/';
    }
  };
  const siteBase = normalizeBase(basePath());
  await preview.register(fastifyStatic, { root: path.join(ws.outDir, 'site'), prefix: siteBase, decorateReply: false });
  preview.addHook('onSend', async (req, reply) => {
    // framed only by the workbench, reached by the same host name (an IPv6 literal cannot be named in CSP)
    const workbench = originAt(req, workbenchPort);
    reply.header('Content-Security-Policy', `frame-ancestors 'self'${workbench}`);
  });

  // ---- the workbench
  app.addHook('onSend', async (req, reply) => {
    // pages made here hold no inline script or style: a value that slipped past the escaping could not run.
    // The site preview may be framed from the host name the page was reached by (an IPv6 literal cannot be named in CSP).
    const previewOrigin = originAt(req, previewPort);
    reply.header(
      'Content-Security-Policy',
      `default-src 'self'; img-src 'self' data:; frame-src 'self'${previewOrigin}; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'self'`,
    );
    reply.header('X-Frame-Options', 'SAMEORIGIN');
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  // preservePath: the name as the browser sent it, so that a path in it is refused (uploads.ts), not silently cut
  await app.register(multipart, {
    preservePath: true,
    limits: { fileSize: limits.fileBytes, files: limits.files, fields: 5, parts: limits.files + 5 },
  });
  app.get('/app.css', (_req, reply) => reply.type('text/css; charset=utf-8').send(readFileSync(path.join(ASSETS, 'app.css'))));
  app.get('/app.js', (_req, reply) => reply.type('text/javascript; charset=utf-8').send(readFileSync(path.join(ASSETS, 'app.js'))));

  const area = (period: string | null) => {
    try {
      const p = loadProfile(period ? ws.periodDir(period) : SAMPLE);
      return p.level === 'city' ? p.city : p.county;
    } catch {
      return '';
    }
  };
  const periodOf = (req: FastifyRequest): string | null => {
    const asked = (req.query as Record<string, string | undefined>).period;
    const all = ws.periods();
    if (asked && all.includes(asked)) return asked;
    return all[0] ?? null;
  };
  const frame = (active: Frame['active'], title: string, period: string | null): Frame => ({
    title,
    active,
    period,
    periods: ws.periods(),
    area: area(period) ?? '',
    csrf: guard.csrf,
  });
  const sendPage = (reply: FastifyReply, f: Frame, body: ReturnType<typeof html>) =>
    reply.type('text/html; charset=utf-8').send(page(f, body));

  app.get('/', (req, reply) => reply.redirect(`/collect${query({ period: periodOf(req) ?? undefined })}`, 303));

  app.get('/collect', async (req, reply) => {
    const period = periodOf(req);
    if (!period) return sendPage(reply, frame('collect', '台账收集', null), newPeriodForm(guard.csrf, nextQuarterEnd(latestPeriod(ws))));
    const check = await jobs.check(period);
    const flash = (req.query as Record<string, string | undefined>).msg ?? null;
    return sendPage(
      reply,
      frame('collect', '台账收集', period),
      html`${collectBody({ period, entries: ws.listing(period).entries, check, flash, earlier: earlierTownships(ws, period) })}${newPeriodForm(guard.csrf, nextQuarterEnd(latestPeriod(ws)))}`,
    );
  });

  app.post('/api/periods', async (req, reply) => {
    const period = (req.body as Record<string, string> | undefined)?.period ?? '';
    if (!validDate(period)) {
      return reply
        .code(400)
        .type('text/plain; charset=utf-8')
        .send(`统计期应为 ${AS_OF_YEARS.first} 至 ${AS_OF_YEARS.last} 年间的日期（YYYY-MM-DD），实际为“${period}”`);
    }
    ws.addPeriod(period);
    return reply.redirect(`/collect${query({ period, msg: `已建立统计期 ${period}：请上传本期台账。` })}`, 303);
  });

  app.post('/api/upload', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const period = q.period && ws.periods().includes(q.period) ? q.period : null;
    if (!period) return reply.code(400).send({ errors: ['统计期不存在：请先在台账收集页选择或建立统计期'] });
    // the build reads the period's ledgers: none is replaced under it
    if (jobs.current?.period === period) {
      return reply.code(409).send({ errors: [`统计期 ${period} 正在生成，生成完成后再上传（本次未上传任何文件）`] });
    }
    const listing = ws.listing(period);
    if (q.replace !== undefined && !listing.ledgers.includes(q.replace)) {
      return reply.code(400).send({ errors: [`要替换的文件“${q.replace}”不在本期台账中`] });
    }
    if (!req.isMultipart()) return reply.code(400).send({ errors: ['上传应为文件（multipart/form-data）'] });
    let received: Awaited<ReturnType<typeof receive>>;
    try {
      received = await receive(req.parts(), path.join(ws.root, PRIVATE));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') {
        return reply.code(413).send({ errors: [`文件超过 ${Math.round(limits.fileBytes / 1024 / 1024)} MB 的上限，未上传任何文件`] });
      }
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
        return reply.code(413).send({ errors: [`一次最多上传 ${limits.files} 个文件，未上传任何文件`] });
      }
      throw e;
    }
    try {
      if (received.refused.length) {
        return reply.code(400).send({ errors: received.refused.map((r) => `${r.name}：${r.reason}`), placed: [] });
      }
      if (!received.files.length) return reply.code(400).send({ errors: ['没有收到文件'] });
      if (q.replace !== undefined && received.files.length !== 1) return reply.code(400).send({ errors: ['替换时只能上传一个文件'] });
      const files = received.files.map((f) =>
        q.replace !== undefined ? { ...f, name: replacedName(q.replace, f.name), replaces: q.replace } : f,
      );
      const { placed, moved } = ws.place(period, files, new Date());
      const check = await jobs.check(period);
      opts.log?.(
        `收到 ${placed.join('、')}（截至 ${period}）${moved.length ? `，旧文件移入 ${moved.join('、')}` : ''}：${check.ok ? '校验通过' : `${check.problems.length} 处错误`}`,
      );
      return reply.send({ placed, moved, ok: check.ok, problems: check.problems.length });
    } finally {
      rmSync(received.dir, { recursive: true, force: true });
    }
  });

  app.get('/api/template.xlsx', async (req, reply) => {
    const period = periodOf(req);
    const dir = mkdtempSync(path.join(ws.root, PRIVATE, 'template-'));
    try {
      const file = path.join(dir, '台账模板.xlsx');
      await writeTemplate({ outFile: file, dataDir: period ? ws.periodDir(period) : undefined });
      const bytes = readFileSync(file);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', disposition('台账模板.xlsx', true))
        .send(bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  app.get('/errors', async (req, reply) => {
    const period = periodOf(req);
    if (!period) return reply.redirect('/collect', 303);
    const file = (req.query as Record<string, string | undefined>).file || null;
    const check = await jobs.check(period);
    return sendPage(reply, frame('collect', '错误清单', period), errorsBody(period, check, file));
  });

  app.get('/build', (req, reply) => {
    const period = periodOf(req);
    if (!period) return sendPage(reply, frame('build', '生成', null), newPeriodForm(guard.csrf, nextQuarterEnd(latestPeriod(ws))));
    // the figures and documents of what the period was last built as of
    const record = jobs.lastBuild(period);
    const asOf = record?.asOf ?? period;
    const stats = statsOf(ws, asOf);
    const docs = documentsOf(ws, asOf);
    return sendPage(
      reply,
      frame('build', '生成', period),
      buildBody({
        period,
        csrf: guard.csrf,
        record,
        running: jobs.current,
        stats,
        documents: docs,
      }),
    );
  });

  app.post('/api/build', (req, reply) => {
    const body = (req.body as Record<string, string> | undefined) ?? {};
    const period = body.period ?? '';
    if (!ws.periods().includes(period)) return reply.code(400).send({ error: `统计期“${period}”不存在` });
    const asOf = body.asOf || period;
    if (!validDate(asOf))
      return reply
        .code(400)
        .send({ error: `统计截止日期应为 ${AS_OF_YEARS.first} 至 ${AS_OF_YEARS.last} 年间的日期（YYYY-MM-DD），实际为“${asOf}”` });
    const r = jobs.build(period, asOf);
    if ('busy' in r) {
      return reply
        .code(409)
        .send({ error: `截至 ${r.busy.asOf} 的生成正在进行（开始于 ${when(r.busy.startedAt)}），同一时间只能生成一次，请等它完成。` });
    }
    // a form posted without the page's script goes back to the page, which shows the progress
    if (!wantsJson(req)) return reply.redirect(`/build${query({ period })}`, 303);
    return reply.code(202).send({ id: r.started.id, period, asOf });
  });

  app.get('/api/build/events', (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const current = jobs.current;
    if (current) {
      if (current.stage) send('stage', { stage: current.stage });
      for (const line of current.log) send('line', { text: line });
    } else send('idle', {});
    const off = jobs.subscribe((e) => {
      if (e.type === 'done') send('done', { status: e.record.status, period: e.record.period });
      else send(e.type, e.type === 'stage' ? { stage: e.stage, label: e.label } : { text: e.text });
    });
    req.raw.on('close', off);
  });

  app.get('/public', (req, reply) => {
    const period = periodOf(req);
    const site = path.join(ws.outDir, 'site');
    const built = existsSync(path.join(site, 'index.html'));
    const previewUrl = built ? `http://${hostNameOf(req)}:${previewPort}${siteBase}` : null;
    const stats = readJson<Stats>(path.join(ws.outDir, 'stats.json'));
    return sendPage(
      reply,
      frame('public', '公开', period),
      publicBody({ built, previewUrl, asOf: stats?.asOf ?? null, pages: built ? siteMetadata(site) : [] }),
    );
  });

  app.get('/api/site.zip', (_req, reply) => {
    const site = path.join(ws.outDir, 'site');
    if (!existsSync(path.join(site, 'index.html'))) return reply.code(404).send({ error: '还没有生成网站' });
    const stats = readJson<Stats>(path.join(ws.outDir, 'stats.json'));
    const zip = new PizZip();
    for (const rel of filesUnder(site)) zip.file(rel, readFileSync(path.join(site, rel)), { createFolders: false } as never);
    const bytes = stampedZip(zip, zipDate(stats?.asOf ?? '2000-01-01'));
    return reply
      .type('application/zip')
      .header('Content-Disposition', disposition(`site-${stats?.asOf ?? 'site'}.zip`, true))
      .send(bytes);
  });

  app.get('/history', (req, reply) => {
    const snapshots: Snapshot[] = ws
      .snapshots()
      .reverse()
      .map((asOf) => ({
        asOf,
        stats: readJson<Stats>(path.join(ws.outDir, 'history', asOf, 'stats.json')),
        documents: documentsOf(ws, asOf),
      }));
    return sendPage(reply, frame('history', '历史', periodOf(req)), historyBody(snapshots));
  });

  app.get('/files/*', (req, reply) => {
    const rel = (req.params as Record<string, string>)['*'] ?? '';
    const file = ws.file(decodeURIComponent(rel));
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('没有这个文件');
    const download = (req.query as Record<string, string | undefined>).download !== undefined;
    return reply
      .type(contentType(file))
      .header('Content-Disposition', disposition(path.basename(file), download))
      .header('Content-Length', statSync(file).size)
      .send(createReadStream(file));
  });

  app.setNotFoundHandler((req, reply) => {
    const text = `没有这个页面：${req.url.split('?')[0]}`;
    if (wantsJson(req) || req.url.startsWith('/api/')) return reply.code(404).send({ error: text });
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(messagePage('没有这个页面', `${text}。请从工作台的导航进入。`));
  });
  app.setErrorHandler((e: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = e.statusCode && e.statusCode < 500 ? e.statusCode : 500;
    // the framework's own refusals, said in Chinese; anything else is this program's fault, logged
    const known: Record<string, string> = {
      FST_ERR_CTP_BODY_TOO_LARGE: '提交的内容过大',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持的提交内容类型',
      FST_ERR_CTP_EMPTY_JSON_BODY: '提交的内容为空',
      FST_INVALID_MULTIPART_CONTENT_TYPE: '上传应为文件（multipart/form-data）',
    };
    const text = (e.code && known[e.code]) ?? (status < 500 ? `请求有误：${e.message}` : `工作台内部错误：${e.message}`);
    if (status >= 500) opts.log?.(`${text}（${req.method} ${req.url.split('?')[0]}）`);
    if (wantsJson(req) || req.method !== 'GET') return reply.code(status).send({ error: text });
    return reply.code(status).type('text/html; charset=utf-8').send(messagePage('请求未能完成', text));
  });

  await app.listen({ port: opts.port ?? 0, host });
  const port = (app.server.address() as { port: number }).port;
  workbenchPort = port;
  await preview.listen({ port: 0, host });
  previewPort = (preview.server.address() as { port: number }).port;
  guard.listen(port, previewPort);
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/?token=${guard.token}`,
    port,
    previewPort,
    guard,
    workspace: ws,
    async close() {
      await app.close();
      await preview.close();
    },
  };
}

/** The date a new period most likely has: the quarter's end after the latest period, else the last quarter's end before today. */
export function nextQuarterEnd(latest: string | null, today = new Date()): string {
  const end = (y: number, q: number) => new Date(Date.UTC(y, q * 3, 0)).toISOString().slice(0, 10);
  if (latest) {
    const [y, m] = latest.split('-').map(Number) as [number, number];
    const q = Math.ceil(m / 3);
    const thisEnd = end(y, q);
    return thisEnd > latest ? thisEnd : q === 4 ? end(y + 1, 1) : end(y, q + 1);
  }
  const y = today.getUTCFullYear();
  const q = Math.ceil((today.getUTCMonth() + 1) / 3) - 1;
  return q === 0 ? end(y - 1, 4) : end(y, q);
}

function newPeriodForm(csrf: string, suggested: string) {
  return html`<section aria-labelledby="new-period-h">
<h2 id="new-period-h">新建统计期</h2>
<form method="post" action="/api/periods" class="inline">
  <input type="hidden" name="_csrf" value="${csrf}">
  <label for="new-period">截止日期</label>
  <input id="new-period" name="period" type="date" required value="${suggested}">
  <button type="submit" class="secondary">建立</button>
</form>
<p class="muted">新统计期沿用此前最近一期的配置（profile.yaml）和公开文件（docs/），台账需重新上传。</p>
</section>`;
}

/** A real calendar date YYYY-MM-DD in the years a statistics date may fall in (AS_OF_YEARS, as --as-of). */
function validDate(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  return isIsoDate(iso) && year >= AS_OF_YEARS.first && year <= AS_OF_YEARS.last;
}

/** ` http://<the host name the request came by>:<port>` for a CSP source list, or '' (an IPv6 literal cannot be named there). */
function originAt(req: FastifyRequest, port: number): string {
  const hostName = hostNameOf(req);
  return hostName && !hostName.startsWith('[') ? ` http://${hostName}:${port}` : '';
}

function hostNameOf(req: FastifyRequest): string {
  return (req.headers.host ?? '').replace(/:\d+$/, '');
}

function wantsJson(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}

function latestPeriod(ws: Workspace): string | null {
  return ws.periods()[0] ?? null;
}

function normalizeBase(base: string): string {
  const b = `/${base.replace(/^\/+|\/+$/g, '')}/`;
  return b === '//' ? '/' : b;
}

/** A replacement keeps the replaced file's name, with the extension of what was uploaded. */
function replacedName(old: string, uploaded: string): string {
  return old.replace(/\.[^.]+$/, '') + path.extname(uploaded).toLowerCase();
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** The period's figures: out/stats.json when it is of this period, else its snapshot's copy. */
function statsOf(ws: Workspace, period: string): Stats | null {
  const current = readJson<Stats>(path.join(ws.outDir, 'stats.json'));
  if (current?.asOf === period) return current;
  return readJson<Stats>(path.join(ws.outDir, 'history', period, 'stats.json'));
}

/** The 乡镇 of the latest snapshot before the period (its stats.json's byTownship), with their projects then. */
function earlierTownships(ws: Workspace, period: string): { asOf: string; townships: Record<string, number> } | null {
  const asOf = ws
    .snapshots()
    .filter((n) => n < period)
    .at(-1);
  const stats = asOf
    ? readJson<{ byTownship?: Record<string, Record<string, number>> }>(path.join(ws.outDir, 'history', asOf, 'stats.json'))
    : null;
  if (!asOf || !stats?.byTownship) return null;
  const townships = Object.fromEntries(Object.entries(stats.byTownship).map(([n, c]) => [n, Object.values(c).reduce((a, b) => a + b, 0)]));
  return { asOf, townships };
}

/** The documents of a period in out/reports/, by the names the pipeline gives them (quarter, month, year of the as-of date). */
function documentsOf(ws: Workspace, period: string): Document[] {
  const dir = path.join(ws.outDir, 'reports');
  if (!existsSync(dir)) return [];
  const names = documentNames(period);
  // the annual summary is the year's: it belongs to the year's latest period built (a later build of the year replaced it)
  const laterThisYear = ws.snapshots().some((n) => n > period && n.slice(0, 4) === period.slice(0, 4));
  const prefixes = [names.quarterly, names.notice, names.monthly, ...(laterThisYear ? [] : [names.annual])];
  return readdirSync(dir)
    .filter((n) => prefixes.some((p) => n.startsWith(p)))
    .sort()
    .map((name) => ({ name, rel: `${OUT}/reports/${name}`, bytes: statSync(path.join(dir, name)).size }));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Each 公示 page's 信息索引 (the dl.notice-meta or table.doc-meta the site writes), with its title. */
export function siteMetadata(site: string): { path: string; title: string; meta: [string, string][] }[] {
  const strip = (s: string) =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .trim();
  const pages: { path: string; title: string; meta: [string, string][] }[] = [];
  for (const rel of filesUnder(site).filter((f) => f.endsWith('index.html'))) {
    // page 2… of a list repeats page 1's index
    if (/\/\d+\/index\.html$/.test(rel)) continue;
    const text = readFileSync(path.join(site, rel), 'utf8');
    const block =
      /<dl class="notice-meta">([\s\S]*?)<\/dl>/.exec(text)?.[1] ?? /<table class="doc-meta">([\s\S]*?)<\/table>/.exec(text)?.[1];
    if (!block) continue;
    const meta: [string, string][] = [];
    for (const m of block.matchAll(/<(?:dt|th scope="row")>([\s\S]*?)<\/(?:dt|th)>\s*<(?:dd|td)>([\s\S]*?)<\/(?:dd|td)>/g)) {
      meta.push([strip(m[1]!), strip(m[2]!)]);
    }
    const title = strip(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(text)?.[1] ?? rel);
    pages.push({ path: `/${rel.replace(/index\.html$/, '')}`, title, meta });
  }
  return pages;
}

function contentType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  const types: Record<string, string> = {
    '.pdf': 'application/pdf',
    '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    '.xls': 'application/vnd.ms-excel',
    '.csv': 'text/csv; charset=utf-8',
    '.json': 'application/json; charset=utf-8',
  };
  return types[ext] ?? 'application/octet-stream';
}

/** Content-Disposition with the Chinese name (RFC 6266/5987) and an ASCII fallback. */
function disposition(name: string, attachment: boolean): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${attachment ? 'attachment' : 'inline'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
