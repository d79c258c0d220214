/** counties/cNN/search.json: the filter index of one of a city's 县 (its list, and the 县 select of the city's list). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { countyProjects, loadSiteData } from '../../../lib/data';
import { buildProjectIndex } from '../../../lib/projects';

export const getStaticPaths = (() => (loadSiteData().counties ?? []).map((c) => ({ params: { slug: c.slug } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const data = loadSiteData();
  const county = data.counties!.find((c) => c.slug === params.slug)!;
  return new Response(JSON.stringify(buildProjectIndex(countyProjects(data, county.name), data)), {
    headers: { 'Content-Type': 'application/json' },
  });
};
