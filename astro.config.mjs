// Astro settings for working on the site by hand. The real build is `renderSite` in
// pipeline/render/site/site.ts, which ignores this file (configFile: false) and passes its own inline
// config with the base path of the county profile.
//
// To preview: write a public data file and point SGYP_SITE_DATA at it, e.g.
//   npx tsx -e "import {readFileSync,writeFileSync} from 'node:fs'; import {toPublicSiteData} from './pipeline/render/site/publicData.ts';
//     writeFileSync('.cache/site-data.json', JSON.stringify(toPublicSiteData(JSON.parse(readFileSync('tests/fixtures/site/context.json','utf8')))))"
//   SGYP_SITE_DATA=.cache/site-data.json ASTRO_TELEMETRY_DISABLED=1 npx astro dev
import { defineConfig } from 'astro/config';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: './.cache/site-dev',
  base: process.env.SGYP_SITE_BASE ?? '/',
  output: 'static',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
