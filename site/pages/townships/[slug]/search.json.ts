/** townships/tNN/search.json: the filter index of one township's project list. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadSiteData, townshipProjects } from '../../../lib/data';
import { buildProjectIndex } from '../../../lib/projects';

export const getStaticPaths = (() => loadSiteData().townships.map((t) => ({ params: { slug: t.slug } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const data = loadSiteData();
  const township = data.townships.find((t) => t.slug === params.slug)!;
  const projects = townshipProjects(data, township);
  return new Response(JSON.stringify(buildProjectIndex(projects, data)), { headers: { 'Content-Type': 'application/json' } });
};
