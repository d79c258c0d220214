/**
 * stats.json: the figures of the context for other systems (domain.md §7 keys and more).
 * Only reshapes the context; computes nothing.
 */
import type { ReportContext } from '../../context.js';
import { CATEGORIES } from '../../vocabulary.js';

export function toStatsJson(ctx: ReportContext): Record<string, unknown> {
  const byTownship = Object.fromEntries(ctx.townships.map((t) => [t.name, { ...t.counts }]));
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, { label: ctx.labels[c], ...ctx.byCategory[c] }]));
  const groups = (list: ReportContext['industries']) =>
    Object.fromEntries(list.map((g) => [g.name, { projects: g.projects, investment: g.investment, ...g.counts }]));
  return {
    asOf: ctx.meta.asOf,
    county: ctx.profile.county,
    sample: ctx.meta.sample,
    period: { year: ctx.meta.year, quarter: ctx.meta.quarter, quarterStart: ctx.meta.quarterStart, quarterEnd: ctx.meta.quarterEnd },
    rows: ctx.rows,
    total: ctx.total,
    byCategory,
    byTownship,
    byIndustry: groups(ctx.industries),
    byDepartment: groups(ctx.departments),
    consolidateByState: ctx.consolidateByState,
    idle: ctx.idle,
    inefficient: ctx.inefficient,
    idleInefficient: ctx.idleInefficient,
    warnings: ctx.warnings,
    progress: ctx.progress,
    overdue: ctx.overdueItems,
    dividends: ctx.dividends,
    approvals: ctx.approvals,
    ranking: ctx.ranking,
    reclassify: ctx.reclassify,
    ...(ctx.thematicReview ? { thematicReview: ctx.thematicReview } : {}),
    stages: ctx.stages,
    changes: ctx.changes,
    trend: ctx.trend,
    monthly: ctx.monthly,
    yearStart: ctx.yearStart,
    dataQuality: ctx.dataQuality,
  };
}

export function renderStatsJson(ctx: ReportContext): string {
  return `${JSON.stringify(toStatsJson(ctx), null, 2)}\n`;
}
