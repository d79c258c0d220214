/**
 * The outputs of a run, the one door run.ts uses into render/ (renderOutputs): stats.json and its
 * long lists, for the output and for this run's snapshot beside its projects (history/); for build,
 * the documents (reports.ts) and the site (site/). They are made one after another as a stream of
 * files (outputFiles.ts OutputFile), which the output transaction puts in place as each is made
 * (output/outDir.ts Output.commit): nothing here touches the file system for an output.
 */
import path from 'node:path';
import { projectLists, type ReportContext } from '../context.js';
import type { OutputFile } from '../outputFiles.js';
import { listFile, renderStatsJson } from './stats/statsJson.js';

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
 * A run's outputs (see the top of this file): from `context`, and the documents and the site from
 * `documents`, the same context with its long lists whole (compute/figures.ts).
 */
export async function* renderOutputs(
  figures: { context: ReportContext; documents: ReportContext },
  opts: RenderOutputsOptions,
): AsyncGenerator<OutputFile> {
  const { context, documents } = figures;
  const stats = renderStatsJson(context);
  // the long lists stats.json points to (lists/<name>.parquet), beside it (the ledgers' free text is in no list of stats.json)
  const lists = projectLists(context).filter((l) => l.file && l.name !== 'ledgerNotes');
  // in the output, and in the snapshot: a copy of stats.json and the files it points to, at the same place beside it
  for (const inSnapshot of [false, true]) {
    yield { rel: 'stats.json', bytes: stats, inSnapshot };
    for (const l of lists) yield { rel: listFile(l), from: l.file!, inSnapshot };
  }
  if (!opts.build) return;
  // loaded only here: `stats` should not pay for pdfmake or Astro
  const { reportFiles } = await import('./reports.js');
  const { chooseFonts } = await import('./pdf/fonts.js');
  // the PDF fonts, decided from the profile before rendering: a font file it names that cannot be read is an input error
  yield* reportFiles(documents, { log: opts.log, fonts: chooseFonts(documents.profile) });
  const { siteFiles } = await import('./site/site.js');
  yield* siteFiles(documents, { log: opts.log, base: opts.base, dataDir: path.resolve(opts.dataDir) });
}
