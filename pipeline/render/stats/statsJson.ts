/**
 * stats.json: the figures of the context for other systems (domain.md §7 keys and more).
 * Only reshapes the context; computes nothing.
 */
import { areaOf, type ReportContext } from '../../context.js';
import { CATEGORIES } from '../../vocabulary.js';

/**
 * A city's figures go by 县, then 乡镇: `byCounty` holds each 县 with its 乡镇 (乡镇 names repeat across
 * 县), and `byTownship` names each 乡镇 with its 县 in front, `甲县/东山镇`. A county's are as ever.
 */
function areaFigures(ctx: ReportContext): Record<string, unknown> {
  const area = areaOf(ctx.profile);
  if (!area.city) return { byTownship: Object.fromEntries(ctx.townships.map((t) => [t.name, { ...t.counts }])) };
  const byCounty = Object.fromEntries(
    (ctx.counties ?? []).map((c) => [
      c.name,
      {
        projects: c.projects,
        investment: c.investment,
        ...c.counts,
        byTownship: Object.fromEntries(
          ctx.townships
            .filter((t) => t.county === c.name)
            .map((t) => [t.name, { projects: t.projects, investment: t.investment, ...t.counts }]),
        ),
      },
    ]),
  );
  return { byCounty, byTownship: Object.fromEntries(ctx.townships.map((t) => [`${t.county}/${t.name}`, { ...t.counts }])) };
}

export function toStatsJson(ctx: ReportContext): Record<string, unknown> {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, { label: ctx.labels[c], ...ctx.byCategory[c] }]));
  const groups = (list: ReportContext['industries']) =>
    Object.fromEntries(list.map((g) => [g.name, { projects: g.projects, investment: g.investment, ...g.counts }]));
  const area = areaOf(ctx.profile);
  return {
    asOf: ctx.meta.asOf,
    ...(area.city ? { level: 'city', city: area.name } : { county: ctx.profile.county }),
    sample: ctx.meta.sample,
    period: { year: ctx.meta.year, quarter: ctx.meta.quarter, quarterStart: ctx.meta.quarterStart, quarterEnd: ctx.meta.quarterEnd },
    rows: ctx.rows,
    total: ctx.total,
    byCategory,
    ...areaFigures(ctx),
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

/**
 * Indented two spaces. (Writing each list item on one line halves the file at 10⁶ rows, but costs
 * three times the time of V8's own indentation: one JSON.stringify call per item.)
 */
export function renderStatsJson(ctx: ReportContext): string {
  return `${JSON.stringify(toStatsJson(ctx), null, 2)}\n`;
}
