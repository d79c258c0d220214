/**
 * The Word files open in a real word processor: LibreOffice converts each .docx headless to PDF,
 * and that PDF has pages and the report's figures. Needs `soffice` (CI: apt-get install -y
 * libreoffice-writer-nogui poppler-utils).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReports } from '../../pipeline/render/reports.js';
import { chooseFonts } from '../../pipeline/render/pdf/fonts.js';
import { DEFAULT_TEMPLATES_DIR } from '../../pipeline/render/word/templateLint.js';
import { lintTemplates } from '../../pipeline/render/word/templateLint.js';
import { loadFixtureContext, pdfItems, squash } from '../fixtures/docs/support.js';

const require = createRequire(import.meta.url);
const hasSoffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * A fontconfig file that lets LibreOffice find the bundled Noto fonts and map the 公文 font names
 * of the templates to them, so the converted pages look as they will on a clerk's machine.
 */
function fontConfig(dir: string): string {
  const serif = path.dirname(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'));
  const sans = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));
  const alias = (from: string, to: string) =>
    `<alias binding="same"><family>${from}</family><prefer><family>${to}</family></prefer></alias>`;
  const file = path.join(dir, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>` +
      `<include ignore_missing="yes">/etc/fonts/fonts.conf</include>` +
      `<dir>${serif}</dir><dir>${sans}</dir>` +
      `<cachedir>${path.join(dir, 'fc-cache')}</cachedir>` +
      alias('仿宋_GB2312', 'Noto Serif SC') +
      alias('楷体_GB2312', 'Noto Serif SC') +
      alias('宋体', 'Noto Serif SC') +
      alias('方正小标宋简体', 'Noto Serif SC') +
      alias('黑体', 'Noto Sans SC') +
      `</fontconfig>`,
  );
  return file;
}

describe('Word files convert with LibreOffice', () => {
  let work: string;
  let docxFiles: string[];
  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'sgyp-lo-'));
    const files = await renderReports(loadFixtureContext(), work, { fonts: chooseFonts(loadFixtureContext().profile) });
    docxFiles = files.filter((f) => f.endsWith('.docx'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('has soffice installed', () => {
    expect(hasSoffice, '需要 LibreOffice：apt-get install -y libreoffice-writer-nogui poppler-utils').toBe(true);
  });

  function soffice(args: string[]): void {
    // A private LibreOffice profile, so a running office or a stale lock never interferes.
    const profile = pathToFileURL(path.join(work, 'lo-profile')).href;
    execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', ...args], {
      env: { ...process.env, HOME: work, FONTCONFIG_FILE: fontConfig(work) },
      stdio: 'pipe',
      timeout: 150_000,
    });
  }

  it.runIf(hasSoffice)('templates opened and saved again in a word processor still lint clean and render', async () => {
    // What a clerk does: open the template, save it. The tags must survive the word processor.
    const saved = path.join(work, 'resaved');
    soffice([
      '--convert-to',
      'docx:MS Word 2007 XML',
      '--outdir',
      saved,
      ...['quarterly.docx', 'annual.docx', 'notice.docx'].map((t) => path.join(DEFAULT_TEMPLATES_DIR, t)),
    ]);
    expect(lintTemplates(saved)).toEqual([]);
    const files = await renderReports(loadFixtureContext(), path.join(work, 'from-resaved'), {
      templatesDir: saved,
      fonts: chooseFonts(loadFixtureContext().profile),
    });
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      'annual-2026.docx',
      'annual-2026.pdf',
      'monthly-2026-09.pdf',
      'monthly-2026-09.xlsx',
      'notice-2026Q3.docx',
      'notice-2026Q3.pdf',
      'quarterly-2026Q3-附件.xlsx',
      'quarterly-2026Q3.docx',
      'quarterly-2026Q3.pdf',
    ]);
  });

  it.runIf(hasSoffice).each(['quarterly-2026Q3.docx', 'annual-2026.docx'])('%s converts to a PDF holding the figures', async (name) => {
    const source = docxFiles.find((f) => path.basename(f) === name)!;
    const outDir = path.join(work, 'lo');
    mkdirSync(outDir, { recursive: true });
    soffice(['--convert-to', 'pdf', '--outdir', outDir, source]);
    const pdf = readFileSync(path.join(outDir, name.replace(/\.docx$/, '.pdf')));
    const { pages, items } = await pdfItems(pdf);
    expect(pages).toBeGreaterThan(1);
    const text = squash(items);
    expect(text).toContain('450');
    expect(text).toContain('全县共纳入经营性项目450个，其中巩固类414个');
    expect(text).toContain('镕堃喆昇珺赟');
  });
});
