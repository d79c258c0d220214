/** The environment variable naming the public data file that the site's pages read at build time (site/lib/data.ts). */
export const SITE_DATA_ENV = 'SGYP_SITE_DATA';
