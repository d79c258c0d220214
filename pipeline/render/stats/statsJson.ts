/**
 * stats.json: the figures of the context for other systems (docs/rules.md §7 keys and more).
 * Only reshapes the context; computes nothing.
 */
import type { ProjectList, ReportContext, YearStart } from '../../context.js';
import { CATEGORIES } from '../../vocabulary.js';

/**
 * A city's figures go by 县, then 乡镇: `byCounty` holds each 县 with its 乡镇 (乡镇 names repeat across
 * 县), and `byTownship` names each 乡镇 with its 县 in front, `甲县/东山镇`. A county's are as ever.
 */
function areaFigures(ctx: ReportContext): Record<string, unknown> {
  const { area } = ctx;
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

/** A list's items in stats.json: one compact item per line (a county's lists run to hundreds of items). */
class ItemLines {
  constructor(
    readonly items: readonly unknown[],
    readonly amounts: ReadonlySet<string>,
  ) {}
}

/**
 * A project list as stats.json carries it: its items, as ever; or, for a list cut past
 * thresholds.listItems (context.ts ProjectList), how many items it has, how its first items were
 * chosen, those items, and where the whole list is: lists/<name>.parquet beside stats.json.
 */
function listValue<T>(list: ProjectList<T>, lines: boolean): unknown {
  const items = lines ? new ItemLines(list.items, new Set(list.amounts)) : list.items;
  if (!list.file) return items;
  return { count: list.count, order: list.order, first: items, file: listFile(list) };
}

/** Where a cut list is put in the output, relative to it (render/outputs.ts copies the file there). */
export function listFile(list: Pick<ProjectList<unknown>, 'name'>): string {
  return `lists/${list.name}.parquet`;
}

/** stats.json as plain data (`lines`: its item lists marked to be written one item per line, for renderStatsJson). */
export function toStatsJson(ctx: ReportContext, lines = false): Record<string, unknown> {
  const listJson = <T>(list: ProjectList<T>) => listValue(list, lines);
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, { label: ctx.labels[c], ...ctx.byCategory[c] }]));
  const groups = (list: ReportContext['industries']) =>
    Object.fromEntries(list.map((g) => [g.name, { projects: g.projects, investment: g.investment, ...g.counts }]));
  const { area } = ctx;
  const { list: warned, ...warnings } = ctx.warnings;
  const { list: owing, ...dividends } = ctx.dividends;
  const { list: approving, ...approvals } = ctx.approvals;
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
    idleInefficient: listJson(ctx.idleInefficient),
    warnings: { ...warnings, items: listJson(warned) },
    progress: ctx.progress,
    overdue: listJson(ctx.overdue),
    dividends: { ...dividends, items: listJson(owing) },
    approvals: { ...approvals, items: listJson(approving) },
    ranking: ctx.ranking,
    reclassify: listJson(ctx.reclassify),
    ...(ctx.thematicReview ? { thematicReview: listJson(ctx.thematicReview) } : {}),
    stages: ctx.stages,
    changes: ctx.changes,
    trend: ctx.trend,
    monthly: ctx.monthly,
    yearStart: yearStartJson(ctx.yearStart),
    dataQuality: ctx.dataQuality,
  };
}

/** The 年初 → 年末 figures; what the documents call its two points (`names`) is theirs. */
function yearStartJson(y: YearStart | null): Omit<YearStart, 'names'> | null {
  if (!y) return null;
  const { names: _, ...figures } = y;
  return figures;
}

/** stats.json as written: indented two spaces, each project list one item per line. */
export function renderStatsJson(ctx: ReportContext): string {
  return `${json(toStatsJson(ctx, true), '')}\n`;
}

/** `value` as JSON.stringify(value, null, 2) writes it at `indent`, but its item lists one item per line. */
function json(value: unknown, indent: string): string {
  if (value instanceof ItemLines) {
    if (!value.items.length) return '[]';
    return `[\n${value.items.map((item) => `${indent}  ${compact(item, value.amounts)}`).join(',\n')}\n${indent}]`;
  }
  if (value === null || typeof value !== 'object' || !holdsLines(value))
    return JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${json(v, inner)}`).join(',\n')}\n${indent}]`;
  const fields = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${fields.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${json(v, inner)}`).join(',\n')}\n${indent}}`;
}

const holdsLines = (value: object): boolean =>
  value instanceof ItemLines || Object.values(value).some((v) => v !== null && typeof v === 'object' && holdsLines(v));

/** One item on one line, as DuckDB writes JSON: a sum of money with its decimal point (5.0). */
function compact(item: unknown, amounts: ReadonlySet<string>): string {
  const fields = Object.entries(item as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const value = (k: string, v: unknown) => (amounts.has(k) && typeof v === 'number' && Number.isInteger(v) ? `${v}.0` : JSON.stringify(v));
  return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${value(k, v)}`).join(',')}}`;
}
