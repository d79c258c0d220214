/** projects/search.json: the filter index of the 项目资产公示 list, fetched only when a reader filters. */
import type { APIRoute } from 'astro';
import { loadSiteData } from '../../lib/data';
import { buildProjectIndex } from '../../lib/projects';

export const GET: APIRoute = () => {
  const data = loadSiteData();
  return new Response(JSON.stringify(buildProjectIndex(data.projects, data)), { headers: { 'Content-Type': 'application/json' } });
};
