/**
 * Charts drawn once, server-side, as SVG strings with ECharts' SSR renderer. The PDF embeds them
 * and the site inlines them, so a chart reads the same everywhere and shows with JavaScript off.
 * Every chart comes with a text alternative that states its numbers.
 */
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import type { GroupFigures, ReportContext } from '../context.js';
import { CATEGORIES } from '../vocabulary.js';
import { formatDateCn, formatPercent } from '../format/index.js';

export interface Chart {
  svg: string;
  /** text alternative giving every number the chart shows */
  alt: string;
  title: string;
}

/** Colours with enough contrast on white; same order as CATEGORIES. */
export const CATEGORY_COLORS = ['#2f6f4f', '#1f5f99', '#b8860b', '#a23b2a'] as const;

// Single quotes only: a double quote inside fontFamily breaks the SVG attribute.
const FONT = "'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/**
 * Width of the narrow variant of every chart, for phones. An inline SVG scales with its box, text
 * included: a 640-wide chart on a 390 px phone (358 px of content) prints its 12 px labels at
 * 6.7 px. The site therefore shows the narrow variant, drawn for this width with the same 12–13 px
 * text, below NARROW_BREAKPOINT_PX of content width, where it is shown at its own size (never
 * scaled down on a 390 px screen), and the usual variant (≤ 640 px wide) above, where it is never
 * scaled below its own size either.
 */
export const NARROW_WIDTH = 340;
/** the widest chart of the site: the wide variants show only from this content width up */
export const WIDE_MAX_WIDTH = 640;
/** smallest text of any chart, in SVG units (= CSS px at the chart's own size) */
export const MIN_FONT_PX = 12;

interface ChartSize {
  /** draw the narrow variant (NARROW_WIDTH wide) for phones */
  narrow?: boolean;
}

function renderSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/**
 * 四类项目数量及占比, as horizontal bars with the count and share at each bar's end: one category
 * usually holds nine projects in ten, and a pie then squeezes the other labels on top of each other.
 */
/**
 * The category chart's bars as the Word file draws them natively (word/chart.ts): label, count,
 * the label at the bar's end (414个（92.0%）) and colour, the same as renderCategoryChart's.
 */
export function categoryChartBars(ctx: ReportContext): {
  title: string;
  alt: string;
  bars: { label: string; value: number; text: string; color: string }[];
} {
  const chart = { title: '“四个一批”分类项目数量', alt: '' };
  const bars = CATEGORIES.map((c, i) => ({
    label: ctx.labels[c],
    value: ctx.byCategory[c].projects,
    text: `${ctx.byCategory[c].projects}个（${formatPercent(ctx.byCategory[c].share)}）`,
    color: CATEGORY_COLORS[i]!,
  }));
  chart.alt = `“四个一批”分类项目数量：共${ctx.total.projects}个，其中${bars.map((b) => `${b.label}${b.text}`).join('，')}。`;
  return { ...chart, bars };
}

export function renderCategoryChart(ctx: ReportContext, opts: { width?: number; height?: number } & ChartSize = {}): Chart {
  const data = CATEGORIES.map((c, i) => ({
    value: ctx.byCategory[c].projects,
    itemStyle: { color: CATEGORY_COLORS[i] },
  }));
  const svg = renderSvg(
    {
      // room at the right for the longest label, “92000个（92.0%）”
      grid: { left: opts.narrow ? 4 : 16, right: opts.narrow ? 128 : 120, top: 16, bottom: 24, containLabel: true },
      // no value axis: each bar carries its count and share, and axis ticks are not figures of the report
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        data: CATEGORIES.map((c) => ctx.labels[c]),
        inverse: true,
        axisLabel: { fontSize: 13, color: '#222' },
      },
      series: [
        {
          type: 'bar',
          barWidth: '55%',
          data,
          // the context's share, not a percentage ECharts would compute, so the chart reads as the tables do
          label: {
            show: true,
            position: 'right',
            formatter: (p: { dataIndex: number; value: unknown }) =>
              `${String(p.value)}个（${formatPercent(ctx.byCategory[CATEGORIES[p.dataIndex]!].share)}）`,
            fontSize: 13,
            color: '#222',
          },
        },
      ],
    },
    opts.width ?? (opts.narrow ? NARROW_WIDTH : 520),
    opts.height ?? 220,
  );
  const parts = CATEGORIES.map((c) => `${ctx.labels[c]}${ctx.byCategory[c].projects}个（${formatPercent(ctx.byCategory[c].share)}）`);
  return {
    svg,
    title: '“四个一批”分类项目数量',
    alt: `“四个一批”分类项目数量：共${ctx.total.projects}个，其中${parts.join('，')}。`,
  };
}

// The narrow variants: legend and axis text at MIN_FONT_PX, fewer value ticks, and any value
// label that would touch its neighbour left out rather than drawn over it.
function narrowLegend(opts: ChartSize) {
  return opts.narrow ? { left: 0, itemGap: 8, itemWidth: 18, textStyle: { fontSize: MIN_FONT_PX } } : {};
}
function narrowValueAxis(opts: ChartSize) {
  return opts.narrow ? { splitNumber: 3, axisLabel: { fontSize: MIN_FONT_PX, hideOverlap: true } } : {};
}
function narrowCategoryAxis(opts: ChartSize) {
  return opts.narrow ? { axisLabel: { fontSize: MIN_FONT_PX } } : {};
}

/**
 * 各乡镇分类项目数量 (stacked horizontal bars); `only` limits it to one township. `groups` draws
 * other bars (a city's 县, the 乡镇 of one 县) under the title `${of}分类项目数量`.
 */
export function renderTownshipChart(
  ctx: ReportContext,
  opts: { width?: number; only?: string; groups?: readonly GroupFigures[]; of?: string } & ChartSize = {},
): Chart {
  const towns = (opts.groups ?? ctx.townships).filter((t) => !opts.only || t.name === opts.only);
  const height = Math.max(160, 60 + towns.length * 32);
  const svg = renderSvg(
    {
      legend: { top: 0, data: CATEGORIES.map((c) => ctx.labels[c]), ...narrowLegend(opts) },
      grid: opts.narrow ? { left: 4, right: 16, top: 40, bottom: 8, containLabel: true } : { left: 90, right: 30, top: 36, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1, ...narrowValueAxis(opts) },
      yAxis: { type: 'category', data: towns.map((t) => t.name), inverse: true, ...narrowCategoryAxis(opts) },
      series: CATEGORIES.map((c, i) => ({
        type: 'bar' as const,
        stack: 'all',
        name: ctx.labels[c],
        itemStyle: { color: CATEGORY_COLORS[i] },
        data: towns.map((t) => t.counts[c]),
      })),
    },
    opts.width ?? (opts.narrow ? NARROW_WIDTH : WIDE_MAX_WIDTH),
    height,
  );
  const alt = towns
    .map((t) => `${t.name}${t.projects}个（${CATEGORIES.map((c) => `${ctx.labels[c]}${t.counts[c]}`).join('，')}）`)
    .join('；');
  return { svg, title: `${opts.of ?? opts.only ?? `各${ctx.profile.levelNames.township}`}分类项目数量`, alt: `分类项目数量：${alt}。` };
}

/** 升级、盘活、调整类推进情况 (completed vs not, per category). */
export function renderProgressChart(ctx: ReportContext, opts: { width?: number } & ChartSize = {}): Chart {
  const cats = ['升级', '盘活', '调整'] as const;
  const svg = renderSvg(
    {
      legend: { top: 0, data: ['已完成（含已销号）', '推进中', '未启动'], ...narrowLegend(opts) },
      grid: opts.narrow ? { left: 4, right: 16, top: 40, bottom: 8, containLabel: true } : { left: 70, right: 30, top: 36, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1, ...narrowValueAxis(opts) },
      yAxis: { type: 'category', data: cats.map((c) => ctx.labels[c]), inverse: true, ...narrowCategoryAxis(opts) },
      series: [
        {
          type: 'bar',
          stack: 'p',
          name: '已完成（含已销号）',
          itemStyle: { color: '#2f6f4f' },
          data: cats.map((c) => ctx.progress[c].completed),
        },
        {
          type: 'bar',
          stack: 'p',
          name: '推进中',
          itemStyle: { color: '#b8860b' },
          data: cats.map((c) => ctx.progress[c].byState['推进中']),
        },
        {
          type: 'bar',
          stack: 'p',
          name: '未启动',
          itemStyle: { color: '#8a8a8a' },
          data: cats.map((c) => ctx.progress[c].byState['未启动']),
        },
      ],
    },
    opts.width ?? (opts.narrow ? NARROW_WIDTH : WIDE_MAX_WIDTH),
    200,
  );
  const alt = cats
    .map((c) => {
      const p = ctx.progress[c];
      return `${ctx.labels[c]}${p.total}个，已完成${p.completed}个（${formatPercent(p.completionRate)}），推进中${p.byState['推进中']}个，未启动${p.byState['未启动']}个`;
    })
    .join('；');
  return { svg, title: '分类推进情况', alt: `分类推进情况：${alt}。` };
}

/**
 * 项目数量变化趋势: the number of projects of each category, and the 升级/盘活/调整 work done, at
 * every snapshot's as-of date and now (lines with their values at each point).
 */
export function renderTrendChart(ctx: ReportContext, opts: { width?: number } & ChartSize = {}): Chart {
  const points = ctx.trend;
  const done = '已完成（升级、盘活、调整类）';
  const labelPx = opts.narrow ? MIN_FONT_PX : 12;
  const svg = renderSvg(
    {
      legend: { top: 0, data: [...CATEGORIES.map((c) => ctx.labels[c]), done], ...narrowLegend(opts) },
      grid: opts.narrow
        ? { left: 4, right: 16, top: 72, bottom: 8, containLabel: true }
        : { left: 40, right: 30, top: 56, bottom: 28, containLabel: true },
      xAxis: { type: 'category', data: points.map((p) => formatDateCn(p.asOf)), boundaryGap: true, ...narrowCategoryAxis(opts) },
      yAxis: { type: 'value', minInterval: 1, ...narrowValueAxis(opts) },
      series: [
        ...CATEGORIES.map((c, i) => ({
          type: 'line' as const,
          name: ctx.labels[c],
          itemStyle: { color: CATEGORY_COLORS[i] },
          label: { show: true, position: 'top' as const, fontSize: labelPx },
          data: points.map((p) => p.counts[c]),
        })),
        {
          type: 'line' as const,
          name: done,
          itemStyle: { color: '#4a4a4a' },
          lineStyle: { type: 'dashed' as const },
          label: { show: true, position: 'bottom' as const, fontSize: labelPx },
          data: points.map((p) => p.completed),
        },
      ],
    },
    opts.width ?? (opts.narrow ? NARROW_WIDTH : 640),
    opts.narrow ? 320 : 280,
  );
  const alt = points
    .map(
      (p) =>
        `${formatDateCn(p.asOf)}共${p.projects}个（${CATEGORIES.map((c) => `${ctx.labels[c]}${p.counts[c]}`).join('，')}），` +
        `${done}${p.completed}个`,
    )
    .join('；');
  return { svg, title: '项目数量变化趋势', alt: `各时点项目数量：${alt}。` };
}
