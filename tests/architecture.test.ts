/**
 * The house rules of the pipeline (README “How the pipeline works”): data flows one way,
 *   cli → run → ingest → load → (history) → compute → context → render/{stats, documents, word, pdf, site},
 * with the shared vocabulary, errors and formats below everything. Each room may import only the
 * rooms listed for it, and no file takes part in an import cycle.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** room → the rooms it may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  'pipeline/vocabulary': [],
  'pipeline/packageRoot': [],
  'pipeline/errors': [],
  'pipeline/format': ['pipeline/vocabulary'],
  // writing spreadsheets (exceljs): document properties, column widths, shared styles, and the
  // byte-stable zip of every Office package, the .docx included
  'pipeline/sheet': [],
  'pipeline/config': ['pipeline/vocabulary', 'pipeline/errors'],
  'pipeline/ingest': ['pipeline/vocabulary', 'pipeline/errors', 'pipeline/config'],
  'pipeline/load': ['pipeline/vocabulary', 'pipeline/errors', 'pipeline/config', 'pipeline/ingest', 'pipeline/packageRoot'],
  'pipeline/context': ['pipeline/vocabulary', 'pipeline/config'],
  'pipeline/compute': [
    'pipeline/vocabulary',
    'pipeline/errors',
    'pipeline/config',
    'pipeline/ingest',
    'pipeline/load',
    'pipeline/context',
    'pipeline/packageRoot',
  ],
  // history (docs/rules.md §8): which snapshots, read into the database, this run's written and staged
  // where the output gives it a place (its folder and transaction are the output's)
  'pipeline/history': ['pipeline/vocabulary', 'pipeline/errors', 'pipeline/config', 'pipeline/load', 'pipeline/outputFiles'],
  'pipeline/render/charts': ['pipeline/vocabulary', 'pipeline/format', 'pipeline/context'],
  'pipeline/render/stats': ['pipeline/vocabulary', 'pipeline/format', 'pipeline/context'],
  'pipeline/render/documents': ['pipeline/vocabulary', 'pipeline/format', 'pipeline/context'],
  // the spreadsheet beside a report: the lists the document model spilled
  'pipeline/render/attachmentsWorkbook': ['pipeline/render/documents', 'pipeline/sheet'],
  'pipeline/render/word': [
    'pipeline/packageRoot',
    'pipeline/vocabulary',
    'pipeline/format',
    'pipeline/errors',
    'pipeline/context',
    'pipeline/render/documents',
    'pipeline/sheet',
  ],
  'pipeline/render/pdf': [
    'pipeline/vocabulary',
    'pipeline/format',
    'pipeline/errors',
    'pipeline/context',
    'pipeline/render/documents',
    'pipeline/render/charts',
  ],
  // the 月调度表: its workbook here, its PDF in pdf/, both from the sheet model in documents/
  'pipeline/render/monthlyReport': [
    'pipeline/context',
    'pipeline/render/documents',
    'pipeline/render/pdf',
    'pipeline/sheet',
    'pipeline/outputFiles',
  ],
  'pipeline/render/reports': [
    'pipeline/vocabulary',
    'pipeline/format',
    'pipeline/errors',
    'pipeline/context',
    'pipeline/render/charts',
    'pipeline/render/documents',
    'pipeline/render/word',
    'pipeline/render/pdf',
    'pipeline/render/attachmentsWorkbook',
    'pipeline/render/monthlyReport',
    'pipeline/outputFiles',
  ],
  'pipeline/render/site': [
    'pipeline/packageRoot',
    'pipeline/vocabulary',
    'pipeline/format',
    'pipeline/errors',
    'pipeline/context',
    'pipeline/render/charts',
    'pipeline/outputFiles',
  ],
  // the one writer of the output files (the renderers write through it, the transaction hands it out)
  // the one door into render/ (render/outputs.ts): stats.json, then the documents and the site
  'pipeline/render': [
    'pipeline/context',
    'pipeline/outputFiles',
    'pipeline/render/stats',
    'pipeline/render/reports',
    'pipeline/render/pdf',
    'pipeline/render/site',
  ],
  'pipeline/outputFiles': [],
  'pipeline/output': ['pipeline/errors', 'pipeline/outputFiles'],
  // the blank ledger workbook: the columns and words the reader accepts, the county's labels
  'pipeline/template': ['pipeline/vocabulary', 'pipeline/errors', 'pipeline/config', 'pipeline/ingest', 'pipeline/sheet'],
  'pipeline/annotate': ['pipeline/errors', 'pipeline/ingest', 'pipeline/output', 'pipeline/sheet'],
  'pipeline/run': ['*'],
  'pipeline/cli': ['pipeline/run', 'pipeline/errors', 'pipeline/vocabulary', 'pipeline/serve'],
  // the workbench (sgyp serve): pages over the workspace; checks through run(), builds as the sgyp command itself
  'pipeline/serve': [
    'pipeline/run',
    'pipeline/errors',
    'pipeline/config',
    'pipeline/ingest',
    'pipeline/annotate',
    'pipeline/context',
    'pipeline/format',
    'pipeline/packageRoot',
    'pipeline/sheet',
    'pipeline/vocabulary',
  ],
  // the Astro pages see only the public projection (and the shared formats)
  site: ['pipeline/format', 'pipeline/vocabulary', 'pipeline/render/site'],
};

/** The room of a file: the longest key of ALLOWED that is its path without extension or a folder of it. */
function roomOf(file: string): string | undefined {
  const bare = file.replace(/\.(ts|astro|mjs)$/, '').replace(/\/index$/, '');
  return Object.keys(ALLOWED)
    .filter((k) => bare === k || bare.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0];
}

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'pipeline', 'site'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => /\.(ts|astro)$/.test(f) && !f.endsWith('.d.ts'));

/** Relative imports of a file, resolved to repository paths (type-only imports included). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => {
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), s)).replace(/\.js$/, '.ts');
    return /\.(ts|astro|css|mjs)$/.test(resolved) ? resolved : `${resolved}.ts`;
  });
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('the pipeline’s rooms', () => {
  it('every source file belongs to a room', () => {
    expect(files.filter((f) => !roomOf(f))).toEqual([]);
    expect(files.length).toBeGreaterThan(40);
  });

  it('no room imports a room it may not (data flows one way)', () => {
    const violations: string[] = [];
    for (const [file, deps] of graph) {
      const from = roomOf(file)!;
      for (const dep of deps) {
        const to = roomOf(dep);
        if (!to || to === from || dep.endsWith('.css')) continue;
        const allowed = ALLOWED[from]!;
        if (!allowed.includes('*') && !allowed.includes(to)) violations.push(`${file} → ${dep} (${from} → ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('no import cycle between files', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (!graph.has(d)) continue;
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].join(' → '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('every relative import names a file that exists', () => {
    const missing = [...graph].flatMap(([f, deps]) => deps.filter((d) => !existsSync(path.join(root, d))).map((d) => `${f} → ${d}`));
    expect(missing).toEqual([]);
  });

  it('the runtime never imports the development scripts', () => {
    const bad = [...graph].flatMap(([f, deps]) => deps.filter((d) => d.startsWith('scripts/')).map((d) => `${f} → ${d}`));
    expect(bad).toEqual([]);
  });
});
