/**
 * Charts drawn once, server-side, as SVG strings with ECharts' SSR renderer. The PDF embeds them
 * and the site inlines them, so a chart reads the same everywhere and shows with JavaScript off.
 * Every chart comes with a text alternative that states its numbers.
 */
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import type { ReportContext } from '../context.js';
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
export function renderCategoryChart(ctx: ReportContext, opts: { width?: number; height?: number } = {}): Chart {
  const data = CATEGORIES.map((c, i) => ({
    value: ctx.byCategory[c].projects,
    itemStyle: { color: CATEGORY_COLORS[i] },
  }));
  const svg = renderSvg(
    {
      grid: { left: 16, right: 120, top: 16, bottom: 24, containLabel: true },
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
    opts.width ?? 520,
    opts.height ?? 220,
  );
  const parts = CATEGORIES.map((c) => `${ctx.labels[c]}${ctx.byCategory[c].projects}个（${formatPercent(ctx.byCategory[c].share)}）`);
  return {
    svg,
    title: '“四个一批”分类项目数量',
    alt: `“四个一批”分类项目数量：共${ctx.total.projects}个，其中${parts.join('，')}。`,
  };
}

/** 各乡镇分类项目数量 (stacked horizontal bars); `only` limits it to one township. */
export function renderTownshipChart(ctx: ReportContext, opts: { width?: number; only?: string } = {}): Chart {
  const towns = ctx.townships.filter((t) => !opts.only || t.name === opts.only);
  const height = Math.max(160, 60 + towns.length * 32);
  const svg = renderSvg(
    {
      legend: { top: 0, data: CATEGORIES.map((c) => ctx.labels[c]) },
      grid: { left: 90, right: 30, top: 36, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: towns.map((t) => t.name), inverse: true },
      series: CATEGORIES.map((c, i) => ({
        type: 'bar' as const,
        stack: 'all',
        name: ctx.labels[c],
        itemStyle: { color: CATEGORY_COLORS[i] },
        data: towns.map((t) => t.counts[c]),
      })),
    },
    opts.width ?? 640,
    height,
  );
  const alt = towns
    .map((t) => `${t.name}${t.projects}个（${CATEGORIES.map((c) => `${ctx.labels[c]}${t.counts[c]}`).join('，')}）`)
    .join('；');
  return { svg, title: `${opts.only ?? `各${ctx.profile.levelNames.township}`}分类项目数量`, alt: `分类项目数量：${alt}。` };
}

/** 升级、盘活、调整类推进情况 (completed vs not, per category). */
export function renderProgressChart(ctx: ReportContext, opts: { width?: number } = {}): Chart {
  const cats = ['升级', '盘活', '调整'] as const;
  const svg = renderSvg(
    {
      legend: { top: 0, data: ['已完成（含已销号）', '推进中', '未启动'] },
      grid: { left: 70, right: 30, top: 36, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: cats.map((c) => ctx.labels[c]), inverse: true },
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
    opts.width ?? 640,
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
export function renderTrendChart(ctx: ReportContext, opts: { width?: number } = {}): Chart {
  const points = ctx.trend;
  const done = '已完成（升级、盘活、调整类）';
  const svg = renderSvg(
    {
      legend: { top: 0, data: [...CATEGORIES.map((c) => ctx.labels[c]), done] },
      grid: { left: 40, right: 30, top: 56, bottom: 28, containLabel: true },
      xAxis: { type: 'category', data: points.map((p) => formatDateCn(p.asOf)), boundaryGap: true },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        ...CATEGORIES.map((c, i) => ({
          type: 'line' as const,
          name: ctx.labels[c],
          itemStyle: { color: CATEGORY_COLORS[i] },
          label: { show: true, position: 'top' as const, fontSize: 11 },
          data: points.map((p) => p.counts[c]),
        })),
        {
          type: 'line' as const,
          name: done,
          itemStyle: { color: '#4a4a4a' },
          lineStyle: { type: 'dashed' as const },
          label: { show: true, position: 'bottom' as const, fontSize: 11 },
          data: points.map((p) => p.completed),
        },
      ],
    },
    opts.width ?? 640,
    280,
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
