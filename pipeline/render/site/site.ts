/**
 * The public-disclosure (主动公开) website: an Astro static build of `site/`, fed with the public
 * projection of the ReportContext (`publicData.ts`) and nothing else.
 *
 * How the data reaches the pages: the projection is written to a JSON file in a private staging
 * folder and its path is put in SGYP_SITE_DATA, which `site/lib/data.ts` reads at build time. The
 * data file never lands in the published folder. Download files (documents kept in the data folder,
 * never a draft this program generated) are copied in after the build, and only those that exist
 * are linked; a document with neither its text nor a file is not listed at all (the log says which).
 *
 * Astro builds in a private work folder the run's writer of files hands out (outputFiles.ts), and
 * the built site is brought in as `site/` through it, with the download files; the output
 * transaction puts it in place, so a failed build leaves the previous site untouched.
 */
import { existsSync, statSync } from 'node:fs';
import { symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ReportContext } from '../../context.js';
import { type Destination, type OutputFile, outputFiles } from '../../outputFiles.js';
import { PACKAGE_ROOT } from '../../packageRoot.js';
import { SITE_DATA_ENV } from './env.js';
import { toPublicSiteData, type PublicSiteData } from './publicData.js';

export interface RenderSiteOptions {
  /** one line per artifact, e.g. for the CLI */
  log?: (line: string) => void;
  /** URL path the site is served under; defaults to ctx.profile.disclosure.basePath */
  base?: string;
  /** the data folder: documents' `files` are relative to it */
  dataDir?: string;
}

/** The environment variable naming the public data file, as site/lib/data.ts reads it. */
export { SITE_DATA_ENV };

const REPO_ROOT = PACKAGE_ROOT;

interface Copy {
  from: string;
  /** relative to the site root */
  to: string;
}

// Astro reads its data path from the process environment and keeps global state while it
// builds, so builds in one process run one after another.
let queue: Promise<unknown> = Promise.resolve();

/** Build the site into `site/` of `to` (the run's files, or a folder). */
export async function renderSite(ctx: ReportContext, to: Destination, opts: RenderSiteOptions = {}): Promise<void> {
  await outputFiles(to, opts.log).putAll(siteFiles(ctx, opts));
}

/** "/zwgk/sgyp" or "zwgk/sgyp/" → "/zwgk/sgyp/"; "" → "/" */
export function normalizeBase(base: string): string {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/**
 * The site as the writer puts it in place: one folder, `site/`, that Astro builds in a private work
 * folder the writer gives it, with the published documents' files copied into it.
 */
export async function* siteFiles(ctx: ReportContext, opts: RenderSiteOptions = {}): AsyncGenerator<OutputFile> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const base = normalizeBase(opts.base ?? ctx.profile.disclosure.basePath);

  const data = toPublicSiteData(ctx);
  const copies = planDownloads(ctx, data, opts, log);

  const build = async (work: string): Promise<string> => {
    await linkSources(work);
    const dataFile = path.join(work, 'site-data.json');
    await writeFile(dataFile, JSON.stringify(data));
    const built = path.join(work, 'dist');
    await buildAstro({ staging: work, dataFile, outDir: built, cacheDir: path.join(work, 'cache'), base });
    return built;
  };
  yield {
    rel: 'site',
    build: (work) => {
      const run = queue.then(() => build(work));
      queue = run.catch(() => undefined);
      return run;
    },
    copies: copies.map((c) => ({ from: c.from, rel: c.to })),
    logged: ({ files, bytes }) =>
      `网站 site/：${files} 个文件，共 ${(bytes / 1024).toFixed(1)} KB，用时 ${Math.round(performance.now() - started)} 毫秒`,
  };
}

// Astro compiles `import.meta.env.X` to `process.env.X` whenever the build process has X in its
// environment, which would let e.g. vitest's BASE_URL=/ override the configured base path. These
// names are cleared while Astro builds.
const RESERVED_ENV = ['BASE_URL', 'SITE', 'ASSETS_PREFIX', 'MODE', 'DEV', 'PROD', 'SSR'];

async function buildAstro(o: { staging: string; dataFile: string; outDir: string; cacheDir: string; base: string }): Promise<void> {
  const { build } = await import('astro');
  const names = [SITE_DATA_ENV, 'ASTRO_TELEMETRY_DISABLED', ...RESERVED_ENV];
  const saved = new Map(names.map((n) => [n, process.env[n]]));
  for (const n of RESERVED_ENV) delete process.env[n];
  process.env[SITE_DATA_ENV] = o.dataFile;
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  // Astro writes its intermediate server build inside the working directory (or <cwd>/.astro/) and
  // imports it from there: the build runs in the staging folder, which links node_modules (see
  // makeStagingDir), so Node finds Astro's dependencies wherever --out and the current folder lie.
  const cwd = process.cwd();
  process.chdir(o.staging);
  try {
    await build({
      configFile: false,
      root: o.staging,
      srcDir: path.join(o.staging, 'site'),
      publicDir: path.join(o.staging, 'site', 'public'),
      outDir: o.outDir,
      cacheDir: o.cacheDir,
      base: o.base,
      output: 'static',
      trailingSlash: 'ignore',
      // The stylesheet (about 7 KB) goes into every page: on a slow mobile network a separate
      // render-blocking request costs a round trip (~0.5 s) before the first paint.
      build: { format: 'directory', inlineStylesheets: 'always' },
      devToolbar: { enabled: false },
      logLevel: 'warn',
      vite: { logLevel: 'error', cacheDir: o.cacheDir, resolve: { preserveSymlinks: true } },
    });
  } finally {
    process.chdir(cwd);
    for (const [n, v] of saved) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  }
}

/**
 * Which files each document offers: those in `files` (from the data folder) and, for the annual
 * summary, the generated PDF/DOCX. Fills `downloads` with what exists and returns the copies.
 */
function planDownloads(ctx: ReportContext, data: PublicSiteData, opts: RenderSiteOptions, log: (line: string) => void): Copy[] {
  const copies: Copy[] = [];
  ctx.documents.forEach((doc, i) => {
    const pub = data.documents[i]!;
    const offer = (from: string | null, name: string, kind: 'pdf' | 'docx' | 'txt') => {
      if (from && existsSync(from) && statSync(from).isFile()) {
        if (pub.downloads.some((d) => d.name === name)) {
          log(`site: 文件“${doc.title}”有两个同名附件 ${name}，只发布第一个`);
          return;
        }
        copies.push({ from, to: `disclosure/${pub.slug}/${name}` });
        pub.downloads.push({ name, kind, bytes: statSync(from).size });
      } else {
        log(`site: 文件“${doc.title}”的 ${name} 尚不存在，未发布`);
      }
    };
    doc.files.forEach((f, j) => {
      offer(opts.dataDir ? path.resolve(opts.dataDir, f.path) : null, pub.files[j]!.name, f.kind);
    });
    // A draft this program generated (the annual summary) is never published: only the signed,
    // approved file the county names in `files` (docs/rules.md §6).
  });
  // Only what exists is a 主动公开 item: a document with neither its text nor a file to offer (the
  // annual summary before the signed file is put in the data folder) is left off the site.
  data.documents = data.documents.filter((d) => {
    if (d.text !== null || d.downloads.length > 0) return true;
    const why = d.files.length ? `其文件（${d.files.map((f) => f.name).join('、')}）尚不在数据目录中` : '配置中没有给出正文或文件（files）';
    log(`site: 文件“${d.title}”${why}，暂不在网站列出；把签发的文件放入数据目录并在配置 documents 中写明后即公开`);
    return false;
  });
  return copies;
}

/** The node_modules folder that holds Astro (the package's own, or the one it was installed into). */
const NODE_MODULES = path.dirname(path.dirname(createRequire(import.meta.url).resolve('astro/package.json')));

/**
 * Make the private work folder of one build (inside the folder the outputs are staged in, which the
 * run owns and removes) a place Astro can build in: links to node_modules, for the server build Astro
 * imports (see buildAstro), and to the site's and the pipeline's sources.
 */
async function linkSources(staging: string): Promise<void> {
  await symlink(NODE_MODULES, path.join(staging, 'node_modules'), 'junction');
  await symlink(path.join(REPO_ROOT, 'site'), path.join(staging, 'site'), 'junction');
  await symlink(path.join(REPO_ROOT, 'pipeline'), path.join(staging, 'pipeline'), 'junction');
}
