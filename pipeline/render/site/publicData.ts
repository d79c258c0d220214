/**
 * The public projection of a ReportContext: the only data the disclosure site sees.
 *
 * Every field is picked by name, never spread, so that whatever the context grows later (warning
 * details, 闲置/低效 lists, 分红追缴, data-quality notes, ledger file paths — or a stray 联系人 on a
 * project object) cannot reach a published file by accident. Nothing here computes a figure: the
 * numbers are copied from the context, and the charts are the shared ECharts SVGs of
 * `charts.ts`.
 */
import {
  townshipWordOf,
  type Category,
  type ProgressCategory,
  type PublicProject,
  type PublishedDocument,
  type ReportContext,
} from '../../context.js';
import { CATEGORIES, dayBefore, PROGRESS_CATEGORIES } from '../../vocabulary.js';
import { formatDateCn } from '../../format/index.js';
import { CATEGORY_COLORS, renderCategoryChart, renderProgressChart, renderTownshipChart, renderTrendChart, type Chart } from '../charts.js';

/** A project with exactly the public fields of the 项目资产公示 table, in its column order. */
export type SiteProject = PublicProject;

export interface SiteChart {
  title: string;
  /** the chart as drawn for wide screens (and the reports) */
  svg: string;
  /** the same chart drawn NARROW_WIDTH wide for phones (charts.ts), shown below the breakpoint */
  narrowSvg: string;
  alt: string;
}

export interface SiteTownship {
  /** stable ASCII slug for the URL: t01, t02, … in code-point order of the names (a city's: of 县, then 乡镇) */
  slug: string;
  /** level city: the 县 the township lies in (乡镇 names repeat across 县) */
  county?: string;
  name: string;
  projects: number;
  investment: number;
  counts: Record<Category, number>;
  chart: SiteChart;
}

export interface SiteDownload {
  /** file name inside the document's folder of the site, e.g. plan.pdf */
  name: string;
  kind: 'pdf' | 'docx' | 'txt';
  bytes: number;
}

/** A city's 县 (level city): its figures, the chart of its 乡镇 and their slugs; its page is counties/cNN/. */
export interface SiteCounty {
  /** stable ASCII slug for the URL: c01, c02, … in code-point order of the names */
  slug: string;
  name: string;
  projects: number;
  investment: number;
  counts: Record<Category, number>;
  /** its 乡镇, in the order of `townships` */
  townships: string[];
  chart: SiteChart;
}

/** A published document as the site shows it: the context's metadata, with site file names. */
export interface SiteDocument extends Omit<PublishedDocument, 'files'> {
  /** files the document offers, as declared (before checking what exists) */
  files: { name: string; kind: 'pdf' | 'docx' | 'txt' }[];
  /** files actually published with the site; filled by renderSite after copying */
  downloads: SiteDownload[];
}

/** A project in the site's “本季度变化” block: public fields only, from → to as printed. */
export interface SiteChangeItem {
  id: string;
  name: string;
  township: string;
  /** 新增项目, 完成, 调整类别 */
  change: string;
  from: string;
  to: string;
}

/**
 * What changed since the earlier snapshot, as far as it is public: projects added, removed from the
 * ledger, completed and reclassified, and the totals then and now, so that the count closes
 * (before + added − removed = now) and each project in it is named. Warnings stay internal.
 */
export interface SiteChanges {
  /** 本季度变化, or 较2026年8月15日变化 when the snapshot is not the end of the quarter before */
  heading: string;
  since: string;
  projects: { before: number; now: number };
  investment: { before: number; now: number };
  added: number;
  removed: number;
  completed: number;
  reclassified: number;
  items: SiteChangeItem[];
}

/**
 * The 公示 pages (项目资产公示, a 乡镇's or a 县's 公示) as 主动公开 items (docs/rules.md §6, §9): each kind
 * of page has its own 索引号 for the period, the same however often the period is rebuilt.
 */
export interface SiteNotice {
  /** 索引号 of each kind of 公示 page for this period */
  indexNo: { projects: string; townships: string; counties: string };
  /** 发布日期 from the profile (disclosure.postedOn); absent rather than back-dated to the data's date */
  posted?: string;
  /** 监督电话 and 意见反馈 from the profile */
  supervision: { phone: string; feedback?: string };
}

export interface PublicSiteData {
  meta: {
    asOf: string;
    year: number;
    sample: boolean;
    county: string;
    siteTitle: string;
    publisher: string;
    /** what this county calls a township (乡镇, 镇, 镇街…; 乡镇（街道） where a unit is a 街道), as the documents do */
    townshipLevel: string;
    /** level city only: what a 县 is called (县) and the 县 together (县（市、区）) */
    counties?: { level: string; units: string };
    /** the 公示 pages' own disclosure metadata */
    notice: SiteNotice;
  };
  labels: Record<Category, string>;
  /** households: absent when no ledger has the 带动脱贫户数 column (not reported, never 0) */
  totals: { projects: number; investment: number; households?: number };
  categories: {
    key: Category;
    label: string;
    color: string;
    projects: number;
    investment: number;
    share: number;
    investmentShare: number;
    /** null when no ledger has the 带动脱贫户数 column */
    households: number | null;
  }[];
  progress: {
    key: ProgressCategory;
    label: string;
    total: number;
    completed: number;
    completionRate: number;
    inProgress: number;
    notStarted: number;
    completedThisYear: number;
  }[];
  townships: SiteTownship[];
  /** level city only: the 县, with the 乡镇 of each (the site's pages go by 县, then 乡镇) */
  counties?: SiteCounty[];
  projects: SiteProject[];
  documents: SiteDocument[];
  charts: { category: SiteChart; township: SiteChart; progress: SiteChart };
  /** only when there is an earlier snapshot (absent keys keep the site as it was without history) */
  changes?: SiteChanges;
  /** the trend over the snapshots, when there are at least two points */
  trend?: SiteChart;
}

/**
 * The 索引号 of the 公示 pages of the period holding the as-of date: the profile's pattern with the
 * year and, for {seq}, GS (公示), the quarter and the kind of page (01 项目资产公示, 02 各乡镇, 03 各县).
 */
function siteNotice(ctx: ReportContext): SiteNotice {
  const d = ctx.profile.disclosure;
  const indexOf = (kind: string) =>
    d.indexPattern
      .replaceAll('{orgCode}', d.orgCode)
      .replaceAll('{year}', String(ctx.meta.year))
      .replaceAll('{seq}', `GS${ctx.meta.quarter}-${kind}`);
  return {
    indexNo: { projects: indexOf('01'), townships: indexOf('02'), counties: indexOf('03') },
    ...(d.postedOn ? { posted: d.postedOn } : {}),
    supervision: { phone: d.supervision.phone, ...(d.supervision.feedback ? { feedback: d.supervision.feedback } : {}) },
  };
}

function siteChanges(ctx: ReportContext): SiteChanges | null {
  const c = ctx.changes;
  if (!c) return null;
  const none = '—';
  const label = (x: string | null) => (x ? (ctx.labels[x as Category] ?? x) : none);
  const pick = (list: typeof c.added, change: string, from: (x: string | null) => string, to: (x: string | null) => string) =>
    list.items.map((i) => ({
      id: i.id,
      name: i.name,
      township: `${i.county ?? ''}${i.township}`,
      change,
      from: from(i.from),
      to: to(i.to),
    }));
  const state = (x: string | null) => x ?? none;
  return {
    heading: dayBefore(ctx.meta.quarterStart) === c.since ? '本季度变化' : `较${formatDateCn(c.since)}变化`,
    since: c.since,
    projects: { before: c.projects.before, now: c.projects.now },
    investment: { before: c.investment.before, now: c.investment.now },
    added: c.added.count,
    removed: c.removed.count,
    completed: c.completed.count,
    reclassified: c.reclassified.count,
    items: [
      ...pick(c.added, '新增项目', () => none, label),
      ...pick(c.removed, '台账中减少', label, () => none),
      ...pick(c.completed, '完成', state, state),
      ...pick(c.reclassified, '调整类别', label, label),
    ],
  };
}

/**
 * ECharts writes `xmlns="http://www.w3.org/2000/svg"` (and xlink). Inside HTML the parser puts
 * <svg> in the SVG namespace by itself (and maps xlink:href), so the declarations are dropped: the
 * site then holds no `http://` string at all, which keeps the "no external URL" rule simple.
 */
export function stripSvgNamespaces(svg: string): string {
  return svg.replace(/\s+xmlns(?::[a-z]+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '');
}

/**
 * What a static chart inlined in a page does not need from ECharts' SVG: the hover styles and the
 * class names they hang on (nothing on the site reacts to the mouse), its data attributes, and the
 * font list repeated on every <text>, set once on the <svg> instead. Each page carries every chart
 * twice (wide and narrow), so this keeps the home page small when there are many townships.
 */
export function slimSvg(svg: string): string {
  let font: string | undefined;
  const body = stripSvgNamespaces(svg)
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/ (?:ecmeta_[a-z_]+|class|pointer-events)="[^"]*"/g, '')
    .replace(/font-family:([^;"]*);?/g, (_, f: string) => {
      font ??= f;
      return f === font ? '' : `font-family:${f};`;
    })
    .replace(/ style=""/g, '');
  return font ? body.replace(/^<svg\b/, `<svg style="font-family:${font}"`) : body;
}

/** A chart for the site from its two drawings (the usual one and the narrow one for phones). */
function siteChart(chart: Chart, narrow: Chart): SiteChart {
  return { title: chart.title, svg: slimSvg(chart.svg), narrowSvg: slimSvg(narrow.svg), alt: chart.alt };
}

/** t01, t02, … assigned in code-point order of the names, so a slug never depends on the locale. */
export function townshipSlugs(names: readonly string[], prefix = 't'): Map<string, string> {
  const sorted = [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const width = Math.max(2, String(sorted.length).length);
  return new Map(sorted.map((name, i) => [name, `${prefix}${String(i + 1).padStart(width, '0')}`]));
}

/** A township as one key: its name, and in a city its 县 first (乡镇 names repeat across 县). */
function townshipKey(t: { county?: string; name: string }): string {
  return t.county === undefined ? t.name : `${t.county}\u0000${t.name}`;
}

function pickProject(p: ReportContext['projects'][number]): SiteProject {
  return {
    id: p.id,
    name: p.name,
    ...(p.county === undefined ? {} : { county: p.county }),
    township: p.township,
    village: p.village,
    industry: p.industry,
    year: p.year,
    fundSource: p.fundSource,
    investment: p.investment,
    ownership: p.ownership,
    department: p.department,
    category: p.category,
    operatingState: p.operatingState,
    progressState: p.progressState,
    households: p.households,
  };
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** A city's 县 for the site: figures, the chart of its 乡镇, and the slugs of its 乡镇. */
function siteCounties(ctx: ReportContext, slugs: Map<string, string>): SiteCounty[] {
  const counties = ctx.counties ?? [];
  const countySlugs = townshipSlugs(
    counties.map((c) => c.name),
    'c',
  );
  const township = ctx.profile.levelNames.township;
  return counties.map((c) => {
    const towns = ctx.townships.filter((t) => t.county === c.name);
    const chart = (narrow: boolean) => renderTownshipChart(ctx, { groups: towns, of: `${c.name}各${township}`, narrow });
    return {
      slug: countySlugs.get(c.name)!,
      name: c.name,
      projects: c.projects,
      investment: c.investment,
      counts: { 巩固: c.counts.巩固, 升级: c.counts.升级, 盘活: c.counts.盘活, 调整: c.counts.调整 },
      townships: towns.map((t) => slugs.get(townshipKey(t))!),
      chart: siteChart(chart(false), chart(true)),
    };
  });
}

export function toPublicSiteData(ctx: ReportContext): PublicSiteData {
  const p = ctx.profile;
  const { area } = ctx;
  const slugs = townshipSlugs(ctx.townships.map(townshipKey));
  // a city's home page charts its 县 (各县（市、区）); a township's chart is drawn from its own figures
  const areaChart = (narrow: boolean) =>
    area.city
      ? renderTownshipChart(ctx, { groups: ctx.counties ?? [], of: `各${area.units}`, narrow })
      : renderTownshipChart(ctx, { narrow });
  const changes = siteChanges(ctx);
  const history = {
    ...(changes ? { changes } : {}),
    ...(ctx.trend && ctx.trend.length >= 2 ? { trend: siteChart(renderTrendChart(ctx), renderTrendChart(ctx, { narrow: true })) } : {}),
  };
  // a column no ledger has is not reported on the site either (docs/rules.md §9)
  const hasHouseholds = ctx.ledgerColumns.includes('households');
  return {
    meta: {
      asOf: ctx.meta.asOf,
      year: ctx.meta.year,
      sample: ctx.meta.sample,
      county: area.name,
      siteTitle: p.disclosure.siteTitle ?? `${area.name}经营性帮扶项目资产“四个一批”信息公开`,
      publisher: p.disclosure.publisher,
      townshipLevel: townshipWordOf(ctx),
      ...(area.city ? { counties: { level: p.levelNames.county, units: area.units } } : {}),
      notice: siteNotice(ctx),
    },
    labels: { 巩固: ctx.labels.巩固, 升级: ctx.labels.升级, 盘活: ctx.labels.盘活, 调整: ctx.labels.调整 },
    totals: {
      projects: ctx.total.projects,
      investment: ctx.total.investment,
      ...(hasHouseholds ? { households: ctx.total.households } : {}),
    },
    categories: CATEGORIES.map((key, i) => {
      const f = ctx.byCategory[key];
      return {
        key,
        label: ctx.labels[key],
        color: CATEGORY_COLORS[i]!,
        projects: f.projects,
        investment: f.investment,
        share: f.share,
        investmentShare: f.investmentShare,
        households: hasHouseholds ? f.households : null,
      };
    }),
    progress: PROGRESS_CATEGORIES.map((key) => {
      const f = ctx.progress[key];
      return {
        key,
        label: ctx.labels[key],
        total: f.total,
        completed: f.completed,
        completionRate: f.completionRate,
        inProgress: f.byState['推进中'],
        notStarted: f.byState['未启动'],
        completedThisYear: f.completedThisYear,
      };
    }),
    townships: ctx.townships.map((t) => ({
      slug: slugs.get(townshipKey(t))!,
      ...(t.county === undefined ? {} : { county: t.county }),
      name: t.name,
      projects: t.projects,
      investment: t.investment,
      counts: { 巩固: t.counts.巩固, 升级: t.counts.升级, 盘活: t.counts.盘活, 调整: t.counts.调整 },
      chart: siteChart(
        renderTownshipChart(ctx, { groups: [t], of: `${t.county ?? ''}${t.name}` }),
        renderTownshipChart(ctx, { groups: [t], of: `${t.county ?? ''}${t.name}`, narrow: true }),
      ),
    })),
    ...(area.city ? { counties: siteCounties(ctx, slugs) } : {}),
    projects: ctx.projects.map(pickProject),
    documents: ctx.documents.map((d) => ({
      slug: d.slug,
      title: d.title,
      indexNo: d.indexNo,
      publisher: d.publisher,
      written: d.written,
      published: d.published,
      docNumber: d.docNumber,
      topic: d.topic,
      openness: '主动公开' as const,
      text: d.text,
      generated: d.generated,
      // Only the base name is public: the path inside the data folder is internal.
      files: d.files.map((f) => ({ name: baseName(f.path), kind: f.kind })),
      downloads: [],
    })),
    charts: {
      category: siteChart(renderCategoryChart(ctx), renderCategoryChart(ctx, { narrow: true })),
      township: siteChart(areaChart(false), areaChart(true)),
      progress: siteChart(renderProgressChart(ctx), renderProgressChart(ctx, { narrow: true })),
    },
    ...history,
  };
}
