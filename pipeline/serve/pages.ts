/**
 * The workbench's pages, as HTML text: 台账收集, 生成, 公开, 历史, and the error list. They only
 * show what the workspace, the check and the build hold; every figure is read from stats.json as
 * the pipeline wrote it.
 */
import { shownValue } from '../errors.js';
import { formatMoney } from '../format/index.js';
import { escapeHtml, Html, html, query } from './html.js';
import type { BuildRecord, CheckResult } from './jobs.js';
import { STAGES } from './jobs.js';
import type { LedgerEntry } from './workspace.js';

export interface Frame {
  title: string;
  /** the county (or city) the workspace is for */
  area: string;
  active: 'collect' | 'build' | 'public' | 'history';
  period: string | null;
  periods: string[];
  csrf: string;
}

const NAV = [
  ['collect', '/collect', '台账收集'],
  ['build', '/build', '生成'],
  ['public', '/public', '公开'],
  ['history', '/history', '历史'],
] as const;

export function page(f: Frame, body: Html): string {
  const nav = NAV.map(
    ([key, href, label]) =>
      html`<li><a href="${href}${query({ period: f.period ?? undefined })}"${key === f.active ? new Html(' aria-current="page"') : ''}>${label}</a></li>`,
  );
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${f.csrf}">
<title>${f.title} · 四个一批工作台</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="top">
  <p class="brand">四个一批工作台<span>${f.area}</span></p>
  <nav aria-label="工作台"><ul>${nav}</ul></nav>
</header>
<main id="main" tabindex="-1">
${f.active === 'history' || f.periods.length === 0 ? '' : periodPicker(f)}
${body}
</main>
</body>
</html>
`.text;
}

function periodPicker(f: Frame): Html {
  const options = f.periods.map((p) => html`<option value="${p}"${p === f.period ? new Html(' selected') : ''}>${p}</option>`);
  return html`<form class="period" method="get">
  <label for="period">统计期（截止日期）</label>
  <select id="period" name="period" data-autosubmit>${options}</select>
  <button type="submit" class="secondary">切换</button>
</form>`;
}

const zh = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export function when(iso: string): string {
  return zh.format(new Date(iso)).replace(/\//g, '-');
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** /files/… address of a workspace file. */
export function fileHref(rel: string, download = false): string {
  return `/files/${rel.split('/').map(encodeURIComponent).join('/')}${download ? '?download=1' : ''}`;
}

export interface CollectView {
  period: string;
  entries: LedgerEntry[];
  check: CheckResult;
  flash: string | null;
  /** the 乡镇 of the latest earlier snapshot, with its projects then: whose ledger is still to come */
  earlier: { asOf: string; townships: Record<string, number> } | null;
}

/**
 * Each 乡镇 of the last period: its ledger arrived (a file named after it), and its projects now
 * (once the check passes); the 乡镇 read now that the last period did not have.
 */
function townshipsBlock(v: CollectView): Html {
  if (!v.earlier) return html``;
  const now = v.check.townships;
  const rows = Object.entries(v.earlier.townships).map(([name, before]) => {
    const short = name.split('/').at(-1)!;
    const files = v.entries.filter((e) => e.file.includes(short)).map((e) => e.file);
    const projects = now ? (now[name] ?? 0) : null;
    const arrived = files.length > 0 || (projects ?? 0) > 0;
    return html`<tr><th scope="row">${name}</th><td data-label="上期">${before} 个项目</td><td data-label="本期文件">${
      files.length ? files.join('、') : projects ? '（文件名中没有乡镇名）' : html`<span class="bad">未收到</span>`
    }</td><td data-label="本期项目">${projects === null ? (arrived ? '待校验通过后统计' : '—') : `${projects} 个`}</td></tr>`;
  });
  const added = now ? Object.entries(now).filter(([name]) => !(name in v.earlier!.townships)) : [];
  const missing = Object.keys(v.earlier.townships).filter((name) => {
    const short = name.split('/').at(-1)!;
    return !v.entries.some((e) => e.file.includes(short)) && !(now?.[name] ?? 0);
  });
  return html`<section aria-labelledby="townships-h">
<h2 id="townships-h">各乡镇报送情况 <small>对照截至 ${v.earlier.asOf} 的上一期</small></h2>
<p>${missing.length ? html`<span class="bad">尚未收到 ${missing.length} 个乡镇的台账：${missing.join('、')}。</span>` : '上一期的乡镇都已报来台账。'}${
    added.length ? `本期新出现的乡镇：${added.map(([n, c]) => `${n}（${c} 个项目）`).join('、')}。` : ''
  }</p>
<div class="scroll"><table class="cards">
<thead><tr><th scope="col">乡镇</th><th scope="col">上期</th><th scope="col">本期文件</th><th scope="col">本期项目</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
</section>`;
}

export function collectBody(v: CollectView): Html {
  const { check } = v;
  const byFile = new Map<string, number>();
  for (const p of check.problems) byFile.set(p.file, (byFile.get(p.file) ?? 0) + 1);
  const rowsOf = (file: string) => check.files.filter((f) => f.file === file);
  const rows = v.entries.map((e) => {
    const errors = byFile.get(e.file) ?? 0;
    const read = rowsOf(e.file);
    const rowText = read.length
      ? read.map((r) => `${r.sheet ? `${r.sheet}：` : ''}项目${r.counted}个（读入${r.read}行）`).join('；')
      : errors
        ? '有错误，改正后统计'
        : check.ok
          ? '—'
          : '待其他台账改正后统计';
    const annotated = check.annotated[e.file];
    return html`<tr>
  <th scope="row">${e.file}</th>
  <td data-label="收到">${when(e.arrived)}，<span class="muted">${size(e.bytes)}</span></td>
  <td data-label="行数">${rowText}</td>
  <td data-label="错误">${
    errors
      ? html`<a class="bad" href="/errors${query({ period: v.period, file: e.file })}">${errors} 处错误</a>${
          annotated ? html`<br><a href="${fileHref(annotated, true)}" download>批注台账</a>` : ''
        }`
      : check.ok
        ? html`<span class="ok">通过</span>`
        : html`<span class="muted">无错误</span>`
  }</td>
  <td data-label="操作"><label class="replace">替换<input type="file" data-replace="${e.file}" accept=".csv,.xlsx,.xlsm,.xls,.et,.ods" aria-label="替换 ${e.file}"></label></td>
</tr>`;
  });
  const general = check.problems.filter((p) => !v.entries.some((e) => e.file === p.file));
  return html`<h1>台账收集 <small>截至 ${v.period}</small></h1>
${v.flash ? html`<p class="flash" role="status">${v.flash}</p>` : ''}
<section class="summary" aria-live="polite">
${
  check.failure
    ? html`<p class="bad">${check.failure}</p>`
    : check.ok
      ? html`<p class="ok">校验通过：${v.entries.length} 个台账文件，项目 ${check.projects} 个，没有错误。可以去<a href="/build${query({ period: v.period })}">生成</a>。</p>`
      : html`<p class="bad">共 ${check.problems.length} 处错误，涉及 ${byFile.size} 个文件。改正前不能生成统计和报告。<a href="/errors${query({ period: v.period })}">查看全部错误</a></p>`
}
<p class="muted">校验于 ${when(check.at)}。</p>
</section>
${townshipsBlock(v)}
<section aria-labelledby="upload-h">
<h2 id="upload-h">上传台账</h2>
<div class="drop" data-drop data-period="${v.period}">
  <p>把各乡镇报来的台账文件拖到这里，或</p>
  <label class="button">选择文件<input type="file" multiple data-upload accept=".csv,.xlsx,.xlsm,.xls,.et,.ods"></label>
  <p class="muted">可一次选多个：.csv .xlsx .xlsm .xls .et .ods。同名文件会替换旧文件，旧文件移入 replaced/ 保留。</p>
  <noscript><p class="bad">上传需要启用浏览器的 JavaScript。</p></noscript>
</div>
<p id="upload-status" role="status" aria-live="polite"></p>
<p><a href="/api/template.xlsx${query({ period: v.period })}" download>下载空白台账模板（.xlsx）</a></p>
</section>
<section aria-labelledby="files-h">
<h2 id="files-h">本期台账（${v.entries.length} 个文件）</h2>
${
  v.entries.length
    ? html`<div class="scroll"><table class="cards">
<thead><tr><th scope="col">文件</th><th scope="col">收到时间</th><th scope="col">行数</th><th scope="col">错误</th><th scope="col">操作</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
    : html`<p>本期还没有台账。</p>`
}
${general.length ? html`<h3>不在台账中的错误</h3><ul>${general.map((p) => html`<li>${problemText(p)}</li>`)}</ul>` : ''}
${
  check.ignored.length
    ? html`<details><summary>未读取的文件（${check.ignored.length}）</summary><ul>${check.ignored.map((i) => html`<li>${i.file}：${ignoredReason(i.file, i.reason)}</li>`)}</ul></details>`
    : ''
}
</section>`;
}

/** The pipeline's reason, said as the workbench knows the period folder: its profile and published texts are not left out by mistake. */
function ignoredReason(file: string, reason: string): string {
  if (/^profile\.(ya?ml|json)$/.test(file)) return '本期的县级配置文件（不是台账）';
  if (file.startsWith('docs/')) return '公开文件（不是台账）';
  return reason;
}

function problemText(p: CheckResult['problems'][number]): string {
  return `${p.file}${p.line ? ` 第${p.line}行` : ''}${p.column ? ` “${p.column}”列` : ''}${p.value !== null ? `（${shownValue(p.value)}）` : ''}：${p.message}`;
}

export function errorsBody(period: string, check: CheckResult, file: string | null): Html {
  const files = [...new Set(check.problems.map((p) => p.file))];
  const shown = check.problems.filter((p) => !file || p.file === file);
  return html`<h1>错误清单 <small>截至 ${period}</small></h1>
<p><a href="/collect${query({ period })}">← 返回台账收集</a></p>
<form class="filters" method="get" role="search" aria-label="筛选错误">
  <input type="hidden" name="period" value="${period}">
  <label for="file">文件</label>
  <select id="file" name="file" data-autosubmit><option value="">全部文件（${check.problems.length}）</option>${files.map(
    (f) => html`<option value="${f}"${f === file ? new Html(' selected') : ''}>${f}</option>`,
  )}</select>
  <label for="q">包含文字</label>
  <input id="q" type="search" data-filter="#errors tbody tr" placeholder="列名、取值或说明">
  <button type="submit" class="secondary">筛选</button>
</form>
${file && check.annotated[file] ? html`<p><a href="${fileHref(check.annotated[file]!, true)}" download>下载 ${file} 的批注台账</a>（出错单元格标红，附说明，可直接发回乡镇改正）</p>` : ''}
<p role="status" data-count>${shown.length} 处错误</p>
<div class="scroll"><table id="errors" class="cards">
<thead><tr><th scope="col">文件</th><th scope="col">行</th><th scope="col">列</th><th scope="col">取值</th><th scope="col">问题和应填写的内容</th></tr></thead>
<tbody>${shown.map(
    (p) =>
      html`<tr><td data-label="文件">${p.file}</td><td data-label="行">${p.line ?? '—'}</td><td data-label="列">${p.column ?? p.field ?? '—'}</td><td data-label="取值">${p.value === null ? '—' : shownValue(p.value)}</td><td data-label="问题">${p.message}</td></tr>`,
  )}</tbody>
</table></div>`;
}

/** A stats.json as the pages need it (the fields read here; the file is the pipeline's). */
export interface Stats {
  asOf: string;
  total: { projects: number; investment: number | null; households: number | null; assetValue: number | null };
  byCategory: Record<string, { label: string; projects: number }>;
  warnings: { red: number; yellow: number };
  idle: number | null;
  inefficient: number | null;
  dividends: { owed: number | null; rate: number | null } | null;
  changes: null | {
    since: string;
    source: string;
    added: { count: number };
    removed: { count: number };
    reclassified: { count: number };
    completed: { count: number };
    warningsRaised: { count: number };
    warningsCleared: { count: number };
  };
}

const NOT_REPORTED = '台账未填报';

function figure(value: number | null | undefined, unit: string): Html {
  if (value === null || value === undefined) return html`<span class="muted">${NOT_REPORTED}</span>`;
  // money as every document writes it (two decimals)
  return html`<b>${unit === '万元' ? formatMoney(value) : value}</b> ${unit}`;
}

export function figuresBlock(s: Stats): Html {
  const cats = Object.values(s.byCategory);
  return html`<dl class="figures">
<div><dt>项目资产</dt><dd>${figure(s.total.projects, '个')}</dd></div>
<div><dt>投入帮扶资金</dt><dd>${figure(s.total.investment, '万元')}</dd></div>
<div><dt>带动脱贫户数</dt><dd>${figure(s.total.households, '户次')}</dd></div>
${cats.map((c) => html`<div><dt>${c.label}</dt><dd>${figure(c.projects, '个')}</dd></div>`)}
<div><dt>红色预警</dt><dd>${figure(s.warnings.red, '个')}</dd></div>
<div><dt>黄色预警</dt><dd>${figure(s.warnings.yellow, '个')}</dd></div>
<div><dt>闲置</dt><dd>${figure(s.idle, '个')}</dd></div>
<div><dt>低效</dt><dd>${figure(s.inefficient, '个')}</dd></div>
</dl>`;
}

export function changesBlock(s: Stats): Html {
  const c = s.changes;
  if (!c) return html`<p>没有截至更早日期的快照可对比：本期是第一次生成，或更早的统计期尚未在本工作区生成。</p>`;
  return html`<p>与截至 ${c.since} 的${c.source === 'history' ? '快照' : '上期台账'}相比：</p>
<ul class="changes">
<li>新增项目 <b>${c.added.count}</b> 个</li>
<li>减少项目 <b>${c.removed.count}</b> 个${c.removed.count ? '（请核实去向，见 stats.json 的 dataQuality）' : ''}</li>
<li>调整类别 <b>${c.reclassified.count}</b> 个</li>
<li>新完成 <b>${c.completed.count}</b> 个</li>
<li>新增预警 <b>${c.warningsRaised.count}</b> 个，解除预警 <b>${c.warningsCleared.count}</b> 个</li>
</ul>`;
}

export interface Document {
  /** relative to the workspace root */
  rel: string;
  name: string;
  bytes: number;
}

const KINDS: [RegExp, string][] = [
  [/^quarterly-.*附件/, '季度报告附件'],
  [/^quarterly-/, '季度报告'],
  [/^notice-/, '季度通报'],
  [/^monthly-/, '月调度表'],
  [/^annual-/, '年度工作总结（草稿）'],
  [/./, '其他'],
];

export function kindOf(name: string): string {
  return KINDS.find(([re]) => re.test(name))![1];
}

const FORMATS: Record<string, string> = { '.pdf': 'PDF', '.docx': 'Word', '.xlsx': 'Excel' };

const formatOrder = (name: string) => Object.keys(FORMATS).indexOf(name.slice(name.lastIndexOf('.')));

/** One row per document (its .docx, .pdf and workbook together), in the order the kinds are listed. */
export function documentsBlock(docs: Document[], preview = true): Html {
  if (!docs.length) return html`<p>本期还没有生成文件。</p>`;
  const pdf = docs.find((d) => /^quarterly-\d{4}Q\d\.pdf$/.test(d.name)) ?? docs.find((d) => d.name.endsWith('.pdf'));
  const byStem = new Map<string, Document[]>();
  for (const d of docs) {
    const stem = d.name.replace(/\.[^.]+$/, '');
    byStem.set(
      stem,
      [...(byStem.get(stem) ?? []), d].sort((a, b) => formatOrder(a.name) - formatOrder(b.name)),
    );
  }
  const order = (stem: string) =>
    ['季度报告', '季度报告附件', '季度通报', '月调度表', '年度工作总结（草稿）', '其他'].indexOf(kindOf(stem));
  const rows = [...byStem].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
  return html`<div class="scroll"><table class="cards">
<thead><tr><th scope="col">文件</th><th scope="col">文件名</th><th scope="col">打开或下载</th></tr></thead>
<tbody>${rows.map(
    ([stem, files]) =>
      html`<tr><th scope="row">${kindOf(stem)}</th><td data-label="文件名">${stem}</td><td data-label="打开或下载">${files.map(
        (d, i) =>
          html`${i ? ' · ' : ''}${
            d.name.endsWith('.pdf') ? html`<a href="${fileHref(d.rel)}" target="${preview ? 'pdf-view' : '_blank'}">查看 PDF</a>，` : ''
          }<a href="${fileHref(d.rel, true)}" download>下载 ${FORMATS[d.name.slice(d.name.lastIndexOf('.'))] ?? d.name}</a>（${size(d.bytes)}）`,
      )}</td></tr>`,
  )}</tbody>
</table></div>
${pdf && preview ? html`<iframe name="pdf-view" class="pdf" title="PDF 预览" src="${fileHref(pdf.rel)}"></iframe>` : ''}`;
}

export interface BuildView {
  period: string;
  csrf: string;
  record: BuildRecord | null;
  running: BuildRecord | null;
  stats: Stats | null;
  /** the period's documents in out/reports/, the 月调度表 included */
  documents: Document[];
}

export function buildBody(v: BuildView): Html {
  const r = v.record;
  const busyOther = v.running && v.running.period !== v.period;
  return html`<h1>生成 <small>统计期 ${v.period}</small></h1>
<form class="build" method="post" action="/api/build" data-build>
  <input type="hidden" name="period" value="${v.period}">
  <input type="hidden" name="_csrf" value="${v.csrf}">
  <p>按本期台账（periods/${v.period}/）生成 stats.json、季度报告、季度通报、年度总结草稿、月调度表和主动公开网站。</p>
  <p class="inline"><label for="as-of">统计截止日期</label><input id="as-of" name="asOf" type="date" required value="${r?.asOf ?? v.period}">
  <span class="muted">缺省为本期的日期；生成月调度表时可选月末</span></p>
  <button type="submit"${v.running ? new Html(' disabled') : ''}>生成</button>
  ${busyOther ? html`<p class="bad">统计期 ${v.running!.period} 的生成（截至 ${v.running!.asOf}）正在进行，完成后才能开始下一次。</p>` : ''}
</form>
<section aria-labelledby="progress-h">
<h2 id="progress-h">进度</h2>
<ol class="stages" data-stages>${STAGES.map((s) => {
    const reached = r?.stage ? STAGES.findIndex((x) => x.key === r.stage) >= STAGES.findIndex((x) => x.key === s.key) : false;
    return html`<li data-stage="${s.key}" class="${reached ? (r?.status === 'failed' ? 'reached' : 'done') : ''}">${s.label}</li>`;
  })}</ol>
<p data-build-status role="status" aria-live="polite">${
    !r
      ? '本期尚未生成。'
      : r.status === 'running'
        ? `正在生成（开始于 ${when(r.startedAt)}）……`
        : r.status === 'ok'
          ? `上次生成（截至 ${r.asOf}）于 ${when(r.finishedAt!)} 完成。`
          : `上次生成（截至 ${r.asOf}）于 ${when(r.finishedAt!)} 失败，输出目录中的文件没有任何改变。`
  }</p>
${
  r?.status === 'failed' && r.errors.length
    ? html`<div class="errors" role="alert"><h3>错误</h3><ul>${r.errors.filter((l) => l.trim()).map((l) => html`<li>${l}</li>`)}</ul></div>`
    : ''
}
<details${r?.status === 'running' ? new Html(' open') : ''}><summary>运行日志</summary><pre data-log>${(r?.log ?? []).join('\n')}</pre></details>
</section>
${
  v.stats
    ? html`<section aria-labelledby="figures-h"><h2 id="figures-h">主要数字</h2>${figuresBlock(v.stats)}</section>
<section aria-labelledby="changes-h"><h2 id="changes-h">与此前最近一期相比的变化</h2>${changesBlock(v.stats)}</section>`
    : ''
}
<section aria-labelledby="docs-h"><h2 id="docs-h">文件（报告、通报、月调度表、年度总结草稿）</h2>${documentsBlock(v.documents)}</section>`;
}

export interface PublicView {
  built: boolean;
  previewUrl: string | null;
  asOf: string | null;
  pages: { path: string; title: string; meta: [string, string][] }[];
}

export function publicBody(v: PublicView): Html {
  if (!v.built) return html`<h1>公开</h1><p>还没有生成网站：请先在“生成”页生成。</p>`;
  return html`<h1>公开 <small>网站数据截至 ${v.asOf ?? '—'}</small></h1>
<p><a class="button" href="/api/site.zip" download>下载网站压缩包（.zip，上传政府网站内容管理系统）</a>
${v.previewUrl ? html` <a href="${v.previewUrl}" target="_blank" rel="noopener">在新窗口打开预览</a>` : ''}</p>
${v.previewUrl ? html`<iframe class="site" title="主动公开网站预览" src="${v.previewUrl}"></iframe>` : ''}
<section aria-labelledby="meta-h">
<h2 id="meta-h">公示页面的信息索引（请核对）</h2>
<p class="muted">信息索引相同的页面合为一组（如各乡镇的公示页）。</p>
${metaGroups(v.pages).map(
  (g) => html`<div class="meta-group"><h3>${g.pages.length > 1 ? `${g.pages[0]!.title}等 ${g.pages.length} 个页面` : g.pages[0]!.title}</h3>
${g.pages.length > 1 ? html`<details><summary>页面清单</summary><ul>${g.pages.map((p) => html`<li>${p.title} <span class="muted">${p.path}</span></li>`)}</ul></details>` : html`<p class="muted">${g.pages[0]!.path}</p>`}
<dl class="meta">${g.meta.map(([k, val]) => html`<div><dt>${k}</dt><dd>${val}</dd></div>`)}</dl></div>`,
)}
</section>`;
}

/** Pages with the same 信息索引 (a kind of 公示 page: each township's) together, in the site's order. */
function metaGroups(pages: PublicView['pages']): { meta: [string, string][]; pages: PublicView['pages'] }[] {
  const groups = new Map<string, { meta: [string, string][]; pages: PublicView['pages'] }>();
  for (const p of pages) {
    const key = JSON.stringify(p.meta);
    const g = groups.get(key) ?? { meta: p.meta, pages: [] };
    g.pages.push(p);
    groups.set(key, g);
  }
  return [...groups.values()];
}

export interface Snapshot {
  asOf: string;
  stats: Stats | null;
  documents: Document[];
}

export function historyBody(snapshots: Snapshot[]): Html {
  if (!snapshots.length) return html`<h1>历史</h1><p>还没有生成过任何统计期。</p>`;
  return html`<h1>历史 <small>已生成 ${snapshots.length} 期</small></h1>
${snapshots.map(
  (s) => html`<section class="period-card" aria-labelledby="h-${s.asOf}">
<h2 id="h-${s.asOf}">截至 ${s.asOf}</h2>
${s.stats ? html`${figuresBlock(s.stats)}${changesBlock(s.stats)}` : html`<p class="muted">快照中没有统计数字。</p>`}
${s.documents.length ? documentsBlock(s.documents, false) : html`<p class="muted">输出目录中没有这一期的文件。</p>`}
<p><a href="/build${query({ period: s.asOf })}">这一期的生成页</a></p>
</section>`,
)}`;
}

export function messagePage(title: string, text: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/app.css"></head><body><main id="main"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`;
}
