/**
 * stats.json: the figures of the context for other systems (docs/rules.md §7 keys and more).
 * Only reshapes the context; computes nothing.
 */
import { areaOf, listText, type ReportContext } from '../../context.js';
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

/** How toStatsJson reads a list field of the context: its items, or (renderStatsJson) a stand-in for its JSON text. */
type ListReader = (owner: object, key: string) => unknown;

const readList: ListReader = (owner, key) => (owner as Record<string, unknown>)[key];

/** A section of the context with its list field `key` read by `list` (a spread would parse the list). */
function section(owner: object, key: string, list: ListReader): Record<string, unknown> {
  return Object.fromEntries(Object.keys(owner).map((k) => [k, k === key ? list(owner, k) : (owner as Record<string, unknown>)[k]]));
}

export function toStatsJson(ctx: ReportContext, list: ListReader = readList): Record<string, unknown> {
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
    idleInefficient: list(ctx, 'idleInefficient'),
    warnings: section(ctx.warnings, 'items', list),
    progress: ctx.progress,
    overdue: list(ctx, 'overdueItems'),
    dividends: section(ctx.dividends, 'items', list),
    approvals: section(ctx.approvals, 'items', list),
    ranking: ctx.ranking,
    reclassify: list(ctx, 'reclassify'),
    // (asked whether it is there without reading it: reading parses the list)
    ...(listText(ctx, 'thematicReview') !== undefined || ctx.thematicReview ? { thematicReview: list(ctx, 'thematicReview') } : {}),
    stages: ctx.stages,
    changes: ctx.changes,
    trend: ctx.trend,
    monthly: ctx.monthly,
    yearStart: ctx.yearStart,
    dataQuality: ctx.dataQuality,
  };
}

/** A list's place in stats.json while the rest is written (a string no ledger value can be: it starts with U+0000). */
const STAND_IN = '\u0000list:';

/**
 * Indented two spaces, but for the project lists: each is written as its query's JSON text
 * (compute/lists.ts), one item per line, without parsing it. At 10⁶ rows that is 46 MB instead of
 * 70, and the 250,000 items are never made into JavaScript objects by `stats`.
 */
export function renderStatsJson(ctx: ReportContext): string {
  const texts: string[] = [];
  const list: ListReader = (owner, key) => {
    const text = listText(owner, key);
    if (text === undefined) return readList(owner, key);
    texts.push(text);
    return `${STAND_IN}${texts.length - 1}`;
  };
  const json = JSON.stringify(toStatsJson(ctx, list), null, 2);
  // a stand-in is a string value of its own: JSON.stringify writes its U+0000 as \u0000
  return `${json.replace(/^( *)(.*)"\\u0000list:(\d+)"/gm, (_, indent: string, before: string, n: string) => `${indent}${before}${indented(texts[Number(n)]!, indent)}`)}\n`;
}

/** DuckDB's JSON text of a list, indented to sit at `indent` (no line break can occur inside a JSON value). */
function indented(text: string, indent: string): string {
  const body = text.trimEnd();
  if (!body.includes('{')) return '[]';
  return body.replaceAll('\n\t', `\n${indent}  `).replace(/\n\]$/, `\n${indent}]`);
}
