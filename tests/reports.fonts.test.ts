/**
 * Fonts: the bundled Noto stand-ins when no official font is found, the profile's font files when
 * named, and per-character fallback for characters an official font lacks (rare name characters).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../pipeline/errors.js';
import { chooseFonts, describeFonts, fontData, hasGlyph, openFace } from '../pipeline/render/pdf/fonts.js';
import { PdfFonts } from '../pipeline/render/pdf/text.js';
import { renderReports } from '../pipeline/render/reports.js';
import { loadFixtureContext, pdfItems, squash } from './fixtures/docs/support.js';

// A Latin-only TrueType font that ships with pdfmake plays the part of an official font without CJK glyphs.
const require = createRequire(import.meta.url);
const latinFont = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts/Roboto/Roboto-Medium.ttf');
const RARE = '镕堃喆昇珺赟';
const noFontDirs = { fontDirs: [] as string[] };
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('chooseFonts', () => {
  it('uses the bundled Noto fonts when no official font is installed, and says so', () => {
    const choice = chooseFonts({ fonts: {}, baseDir: null, source: 'test' }, noFontDirs);
    expect(choice.roles.body.substitute).toBe(true);
    expect(choice.roles.title.face.name).toBe('Noto Serif SC Bold');
    expect(choice.roles.hei.face.name).toBe('Noto Sans SC');
    expect(describeFonts(choice)).toContain('正文：Noto Serif SC（替代 仿宋_GB2312）');
    expect(describeFonts(choice)).toContain('一级标题：Noto Sans SC（替代 黑体）');
  });

  it('uses LXGW WenKai (OFL, from npm) for the 楷体 headings, unwrapped from its WOFF', () => {
    const choice = chooseFonts({ fonts: {}, baseDir: null, source: 'test' }, noFontDirs);
    expect(choice.roles.kai.face.name).toBe('LXGW WenKai');
    expect(describeFonts(choice)).toContain('二级标题：LXGW WenKai（替代 楷体_GB2312）');
    const file = choice.roles.kai.face.file;
    const sfnt = fontData(file)!;
    expect(sfnt.readUInt32BE(0)).toBe(0x00010000); // a plain TrueType font
    const font = openFace(choice.roles.kai.face);
    // every GB 2312 hanzi of the reports' headings, and the rare name characters too
    for (const ch of `（一）升级类项目红黄预警分红追缴${RARE}`) expect(hasGlyph(choice.roles.kai.face, ch.codePointAt(0)!), ch).toBe(true);
    expect(font.layout('（一）').advanceWidth).toBeGreaterThan(0);
  });

  it('prefers a near face the machine has (华文仿宋) to the bundled stand-in', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sgyp-fontdir-'));
    dirs.push(dir);
    copyFileSync(latinFont, path.join(dir, 'STFANGSO.TTF'));
    const choice = chooseFonts({ fonts: {}, baseDir: null, source: 'test' }, { fontDirs: [dir] });
    expect(choice.roles.body).toMatchObject({ source: 'system', substitute: true });
    expect(describeFonts(choice)).toContain(`正文：Roboto Medium（替代 仿宋_GB2312，本机字体：${path.join(dir, 'STFANGSO.TTF')}）`);
  });

  it('uses a font file named in the profile, relative to the profile folder', () => {
    const choice = chooseFonts(
      { fonts: { body: path.basename(latinFont) }, baseDir: path.dirname(latinFont), source: 'profile.yaml' },
      noFontDirs,
    );
    expect(choice.roles.body.source).toBe('profile');
    expect(choice.roles.body.face.file).toBe(latinFont);
  });

  it('finds an installed official font in the font folders', () => {
    const choice = chooseFonts(
      { fonts: {}, baseDir: null, source: 'test' },
      { fontDirs: [path.join(import.meta.dirname, 'fixtures/docs')] },
    );
    // The fixture folder holds no fonts: everything stays on the stand-ins.
    expect(Object.values(choice.roles).every((r) => r.substitute)).toBe(true);
  });

  it('uses an installed official font by its usual file name', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sgyp-fontdir-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'truetype'));
    // A Latin font under the file name of 黑体 stands in for an official font without rare glyphs.
    copyFileSync(latinFont, path.join(dir, 'truetype', 'SimHei.ttf'));
    const choice = chooseFonts({ fonts: {}, baseDir: null, source: 'test' }, { fontDirs: [dir] });
    expect(choice.roles.hei).toMatchObject({ source: 'system', substitute: false });
    expect(describeFonts(choice)).toContain(`一级标题：Roboto Medium（本机字体：${path.join(dir, 'truetype', 'SimHei.ttf')}）`);
    expect(choice.roles.body.substitute).toBe(true);
    const fonts = new PdfFonts(choice);
    const runs = fonts.runs('一、总体情况 2026', 'hei', { size: 16 });
    expect(runs.map((r) => r.text)).toEqual(['一、总体情况 ', '2026']); // the space stays with the run it follows
  });

  it('refuses a profile font file that does not exist, naming the key', () => {
    const run = () => chooseFonts({ fonts: { kai: 'fonts/楷体_GB2312.ttf' }, baseDir: '/nonexistent', source: 'profile.yaml' }, noFontDirs);
    expect(run).toThrow(InputError);
    try {
      run();
    } catch (e) {
      const p = (e as InputError).problems[0]!;
      expect(p.column).toBe('fonts.kai');
      expect(p.message).toContain('找不到字体文件');
    }
  });
});

describe('per-character fallback', () => {
  it('draws characters the chosen font lacks with the Noto font', () => {
    const choice = chooseFonts({ fonts: { body: latinFont }, baseDir: null, source: 'test' }, noFontDirs);
    const fonts = new PdfFonts(choice);
    const runs = fonts.runs(`SL-2017-011 ${RARE}合作社`, 'body', { size: 16, pitch: 28.95 });
    // the project number is a run of its own that never breaks at its hyphens
    expect(runs.map((r) => r.text)).toEqual(['SL-2017-011', ' ', `${RARE}合作社`]);
    expect(runs[0]!.noWrap).toBe(true);
    expect(runs[0]!.font).toBe(fonts.roleFamily('body'));
    expect(runs[1]!.font).toBe(runs[0]!.font);
    expect(runs[2]!.font).not.toBe(runs[0]!.font);
    // both runs keep the 28.95 pt line pitch whatever their font's metrics
    for (const r of runs) expect(r.lineHeight).toBeGreaterThan(0);
    expect(fonts.missing.size).toBe(0);
  });

  it('renders a PDF whose text keeps the rare characters when the body font lacks them', async () => {
    const ctx = loadFixtureContext();
    ctx.profile = { ...ctx.profile, fonts: { body: latinFont } };
    const out = mkdtempSync(path.join(os.tmpdir(), 'sgyp-fonts-'));
    dirs.push(out);
    const log: string[] = [];
    const files = await renderReports(ctx, out, { log: (l) => log.push(l), fonts: chooseFonts(ctx.profile, noFontDirs) });
    const pdf = files.find((f) => f.endsWith('.pdf'))!;
    const text = squash((await pdfItems(readFileSync(pdf))).items);
    expect(text).toContain(`${RARE}生态农业合作社冷库`);
    expect(log.some((l) => l.startsWith('警告'))).toBe(false);
    expect(log.find((l) => l.startsWith('PDF 字体 正文：'))).toMatch(/^PDF 字体 正文：Roboto.*（配置文件指定：.*Roboto-Medium\.ttf）$/);
  });
});
