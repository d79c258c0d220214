/** projects.csv: the public fields of every project, written at build time. */
import type { APIRoute } from 'astro';
import { loadSiteData } from '../lib/data';
import { renderProjectsCsv } from '../lib/projects';

export const GET: APIRoute = () =>
  new Response(renderProjectsCsv(loadSiteData()), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8' },
  });
