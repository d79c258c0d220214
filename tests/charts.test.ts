/**
 * The charts' two drawings (charts.ts): the usual one (≤ 640 px, also in the PDF) and the narrow
 * one for phones, whose text is never under 12 px at its own size. How large the text really is on
 * a 390 px screen is measured in Chromium (tests/e2e/site.e2e.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  MIN_FONT_PX,
  NARROW_WIDTH,
  WIDE_MAX_WIDTH,
  renderCategoryChart,
  renderProgressChart,
  renderTownshipChart,
} from '../pipeline/render/charts.js';
import { slimSvg, toPublicSiteData } from '../pipeline/render/site/publicData.js';
import { loadFixtureContext } from './fixtures/site/siteFiles.js';
import { syntheticContext } from './fixtures/site/synthetic.js';

const width = (svg: string) => Number(svg.match(/^<svg[^>]*\bwidth="(\d+)"/)![1]);
const fontSizes = (svg: string) => [...svg.matchAll(/font-size:(\d+(?:\.\d+)?)px/g)].map((m) => Number(m[1]));
/** [text, x, y, font size] of every <text> */
const texts = (svg: string) =>
  [...svg.matchAll(/<text\b[^>]*font-size:(\d+)px[^>]*transform="translate\(([\d.-]+) ([\d.-]+)\)"[^>]*>([^<]*)<\/text>/g)].map(
    (m) => [m[4]!, Number(m[2]), Number(m[3]), Number(m[1])] as const,
  );

describe('charts', () => {
  // a county where one category holds 80 % of the projects, and one with a single township
  const contexts = { synthetic: syntheticContext(2_000), fixture: loadFixtureContext() };

  for (const [name, ctx] of Object.entries(contexts)) {
    it(`draws every chart narrow (${NARROW_WIDTH} px) with no text under ${MIN_FONT_PX} px, and wide within ${WIDE_MAX_WIDTH} px (${name})`, () => {
      const narrow = [
        renderCategoryChart(ctx, { narrow: true }),
        renderTownshipChart(ctx, { narrow: true }),
        renderTownshipChart(ctx, { narrow: true, only: ctx.townships[0]!.name }),
        renderProgressChart(ctx, { narrow: true }),
      ];
      for (const c of narrow) {
        expect(width(c.svg), c.title).toBe(NARROW_WIDTH);
        expect(fontSizes(c.svg).length, c.title).toBeGreaterThan(3);
        expect(Math.min(...fontSizes(c.svg)), c.title).toBeGreaterThanOrEqual(MIN_FONT_PX);
      }
      for (const c of [renderCategoryChart(ctx), renderTownshipChart(ctx), renderProgressChart(ctx)]) {
        expect(width(c.svg), c.title).toBeLessThanOrEqual(WIDE_MAX_WIDTH);
        expect(Math.min(...fontSizes(c.svg)), c.title).toBeGreaterThanOrEqual(MIN_FONT_PX);
      }
    });
  }

  it('shows the categories as bars, every count and share on its own line, however one category dwarfs the rest', () => {
    const ctx = syntheticContext(2_000);
    ctx.byCategory = {
      巩固: { ...ctx.byCategory.巩固, projects: 92_000, share: 92 },
      升级: { ...ctx.byCategory.升级, projects: 4_000, share: 4 },
      盘活: { ...ctx.byCategory.盘活, projects: 1_500, share: 1.5 },
      调整: { ...ctx.byCategory.调整, projects: 2_500, share: 2.5 },
    };
    for (const narrow of [false, true]) {
      const { svg } = renderCategoryChart(ctx, { narrow });
      // four bars (rectangles drawn as paths), no pie slices (arcs)
      expect(svg).not.toMatch(/ A[\d.]/);
      const labels = texts(svg).filter(([t]) => /个（/.test(t));
      expect(labels.map(([t]) => t)).toEqual(['92000个（92.0%）', '4000个（4.0%）', '1500个（1.5%）', '2500个（2.5%）']);
      const ys = labels.map(([, , y]) => y);
      for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(labels[i]![3] + 4);
      // the longest label ends inside the drawing (a CJK or full-width glyph is 1 em wide, a digit about 0.6 em)
      const [text, x, , size] = labels[0]!;
      const ems = [...text].reduce((a, ch) => a + (ch.charCodeAt(0) >= 0x2e80 ? 1 : 0.6), 0);
      expect(x + ems * size).toBeLessThanOrEqual(width(svg));
    }
  });

  it('inlines slim drawings on the site: no hover styles, class names or data attributes, the font list once', () => {
    const data = toPublicSiteData(loadFixtureContext());
    for (const chart of [data.charts.category, data.charts.township, data.charts.progress, data.townships[0]!.chart]) {
      for (const svg of [chart.svg, chart.narrowSvg]) {
        expect(svg).not.toMatch(/<style|class=|ecmeta_|pointer-events|xmlns/);
        expect(svg.match(/font-family/g)?.length).toBe(1);
        expect(svg).toMatch(/^<svg style="font-family:'Noto Sans SC'/);
      }
      expect(width(chart.narrowSvg)).toBe(NARROW_WIDTH);
    }
    const raw = renderProgressChart(loadFixtureContext()).svg;
    expect(texts(slimSvg(raw)).map(([t]) => t)).toEqual(texts(raw).map(([t]) => t));
  });
});
