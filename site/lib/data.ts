/**
 * The site's only data source: the public projection written by `renderSite` (see
 * `pipeline/render/site/publicData.ts`). Its path arrives in the SGYP_SITE_DATA environment variable,
 * read at build time; the pages never see the ReportContext, the ledgers or DuckDB.
 */
import { readFileSync } from 'node:fs';
import { SITE_DATA_ENV } from '../../pipeline/render/site/env.js';
import type { PublicSiteData, SiteProject } from '../../pipeline/render/site/publicData.js';

// Keyed by path: every build writes its data to a fresh file, so a second build in the same
// process never reads the first one's data.
const cache = new Map<string, PublicSiteData>();

export function loadSiteData(): PublicSiteData {
  const file = process.env[SITE_DATA_ENV];
  if (!file) {
    throw new Error(`没有网站数据：环境变量 ${SITE_DATA_ENV} 未设置。请用 renderSite()（sgyp build）生成网站，它会写出公开数据文件并设置该变量。`);
  }
  let data = cache.get(file);
  if (!data) {
    data = JSON.parse(readFileSync(file, 'utf8')) as PublicSiteData;
    cache.set(file, data);
  }
  return data;
}

export type { PublicSiteData, SiteProject };

/** 乡镇 name → URL slug, for links. */
export function townshipSlugMap(data: PublicSiteData): Record<string, string> {
  return Object.fromEntries(data.townships.map((t) => [t.name, t.slug]));
}

const byTownship = new WeakMap<PublicSiteData, Map<string, SiteProject[]>>();

/** A township as one key: in a city its 县 and its name (乡镇 names repeat across 县). */
const key = (county: string | undefined, name: string) => `${county ?? ''}\u0000${name}`;

/**
 * The projects of one township (a city's: of that 县), in the order of the full list (grouped once
 * per build, not once per page).
 */
export function townshipProjects(data: PublicSiteData, township: { county?: string; name: string }): SiteProject[] {
  let groups = byTownship.get(data);
  if (!groups) {
    groups = new Map();
    for (const p of data.projects) {
      const k = key(p.county, p.township);
      const list = groups.get(k);
      if (list) list.push(p);
      else groups.set(k, [p]);
    }
    byTownship.set(data, groups);
  }
  return groups.get(key(township.county, township.name)) ?? [];
}

/** The projects of one of a city's 县, in the order of the full list. */
export function countyProjects(data: PublicSiteData, county: string): SiteProject[] {
  return data.projects.filter((p) => p.county === county);
}
