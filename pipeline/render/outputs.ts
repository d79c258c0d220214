/**
 * The outputs of a run, the one door run.ts uses into render/ (renderOutputs): stats.json and its
 * long lists, written into the output and into this run's snapshot beside its projects
 * (history/); for build, the documents (reports.ts) and the site (site/). Everything goes through
 * the staged files of the output transaction (output/outDir.ts), which puts the whole set in place.
 */
import path from 'node:path';
import { projectLists, type ReportContext } from '../context.js';
import type { OutputFiles } from '../outputFiles.js';
import { listFile, renderStatsJson } from './stats/statsJson.js';

/** Where a run's outputs are staged (output/outDir.ts Staged): its files, and the folder of its snapshot. */
export interface StagedPlaces {
  files: OutputFiles;
  snapshot: { files: OutputFiles; dir: string };
}

export interface RenderOutputsOptions {
  /** the documents and the site too (build), or only stats.json and its lists (stats) */
  build: boolean;
  /** site base path (--base), else the profile's */
  base?: string;
  /** the data folder: the published documents' files are relative to it */
  dataDir: string;
  log: (line: string) => void;
}

/**
 * Write a run's outputs (see the top of this file) into `staged`: from `context`, and the documents
 * and the site from `documents`, the same context with its long lists whole (compute/figures.ts).
 */
export async function renderOutputs(
  figures: { context: ReportContext; documents: ReportContext },
  staged: StagedPlaces,
  opts: RenderOutputsOptions,
): Promise<void> {
  const { context, documents } = figures;
  const stats = renderStatsJson(context);
  // the long lists stats.json points to (lists/<name>.parquet), beside it (the ledgers' free text is in no list of stats.json)
  const lists = projectLists(context).filter((l) => l.file && l.name !== 'ledgerNotes');
  // in the output, and in the snapshot: a copy of stats.json and the files it points to, at the same place beside it
  for (const { files, dir } of [{ files: staged.files, dir: '' }, staged.snapshot]) {
    const at = (rel: string) => (dir ? `${dir}/${rel}` : rel);
    files.write(at('stats.json'), stats);
    for (const l of lists) files.copy(l.file!, at(listFile(l)));
  }
  if (!opts.build) return;
  // loaded only here: `stats` should not pay for pdfmake or Astro
  const { renderReports } = await import('./reports.js');
  const { chooseFonts } = await import('./pdf/fonts.js');
  // the PDF fonts, decided from the profile before rendering: a font file it names that cannot be read is an input error
  await renderReports(documents, staged.files, { log: opts.log, fonts: chooseFonts(documents.profile) });
  const { renderSite } = await import('./site/site.js');
  await renderSite(documents, staged.files, { log: opts.log, base: opts.base, dataDir: path.resolve(opts.dataDir) });
}
