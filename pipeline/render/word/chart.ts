/**
 * The category chart in the Word file: the chart the PDF draws (render/charts.ts, four horizontal
 * bars, each with its count and share at its end, in the same colours), as a native Word chart
 * (word/charts/sgyp-chart1.xml, its figures held in the chart's caches; no embedded workbook). Word,
 * WPS and LibreOffice all draw it; an SVG picture would need a PNG fallback this package cannot
 * draw, and LibreOffice 7.4 shows only the fallback. The template's paragraph
 * `{-w:p chart}{.}{/chart}` (annual summary, after 基本情况) receives a marker, and the filled
 * document's paragraph holding it becomes the chart; without a chart the loop is empty and the
 * paragraph vanishes.
 */
import type PizZip from 'pizzip';
import { esc } from './package.js';

/** The chart as the Word file draws it. */
export interface DocxChart {
  title: string;
  /** text alternative with every figure */
  alt: string;
  bars: { label: string; value: number; text: string; color: string }[];
}

/** Text docxtemplater writes into the chart's paragraph; the chart replaces that paragraph. */
export const CHART_MARKER = '〔sgyp:chart〕';

const CHART_PART = 'word/charts/sgyp-chart1.xml';
const CHART_REL = 'rIdSgypChart1';
const CHART_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
/** EMU per millimetre */
const EMU_MM = 36_000;
/** as in the PDF: nine tenths of the 156 mm type area wide, 520 × 220 */
const WIDTH_MM = 156 * 0.9;
const HEIGHT_MM = (WIDTH_MM * 220) / 520;

const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** 黑体 at `size` points, dark grey, as the PDF's chart labels. */
function textProps(size: number): string {
  return (
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size * 100}" b="0">` +
    `<a:solidFill><a:srgbClr val="222222"/></a:solidFill><a:latin typeface="黑体"/><a:ea typeface="黑体"/></a:defRPr></a:pPr>` +
    `<a:endParaRPr lang="zh-CN"/></a:p></c:txPr>`
  );
}

/** The chart part: one series of horizontal bars, first category on top, no value axis. */
export function chartXml(chart: DocxChart): string {
  const n = chart.bars.length;
  const fill = (hex: string) => `<c:spPr><a:solidFill><a:srgbClr val="${hex.replace('#', '').toUpperCase()}"/></a:solidFill></c:spPr>`;
  const points = chart.bars.map(
    (b, i) => `<c:dPt><c:idx val="${i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>${fill(b.color)}</c:dPt>`,
  );
  const labels = chart.bars.map(
    (b, i) =>
      `<c:dLbl><c:idx val="${i}"/><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>${esc(b.text)}</a:t></a:r></a:p></c:rich></c:tx>` +
      `<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbl>`,
  );
  const cache = (kind: 'str' | 'num', values: string[]) =>
    `<c:${kind}Cache>${kind === 'num' ? '<c:formatCode>General</c:formatCode>' : ''}<c:ptCount val="${n}"/>` +
    values.map((v, i) => `<c:pt idx="${i}"><c:v>${esc(v)}</c:v></c:pt>`).join('') +
    `</c:${kind}Cache>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    `<c:lang val="zh-CN"/><c:roundedCorners val="0"/>` +
    // room at the right for the longest label, “414个（92.0%）”, as the PDF leaves it
    `<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout><c:manualLayout><c:layoutTarget val="inner"/>` +
    `<c:xMode val="edge"/><c:yMode val="edge"/><c:x val="0.1"/><c:y val="0.04"/><c:w val="0.66"/><c:h val="0.9"/></c:manualLayout></c:layout>` +
    `<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
    `<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>${esc(chart.title)}</c:v></c:tx>${fill(chart.bars[0]?.color ?? '#2f6f4f')}` +
    `<c:invertIfNegative val="0"/>${points.join('')}` +
    `<c:dLbls>${labels.join('')}${textProps(10)}<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>` +
    `<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>` +
    `<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$${n + 1}</c:f>${cache(
      'str',
      chart.bars.map((b) => b.label),
    )}</c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>Sheet1!$B$2:$B$${n + 1}</c:f>${cache(
      'num',
      chart.bars.map((b) => String(b.value)),
    )}</c:numRef></c:val>` +
    `</c:ser><c:gapWidth val="80"/><c:axId val="500100"/><c:axId val="500200"/></c:barChart>` +
    // categories top to bottom as in the PDF; the value axis hidden (each bar carries its figures)
    `<c:catAx><c:axId val="500100"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>` +
    `<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="54555A"/></a:solidFill></a:ln></c:spPr>${textProps(10)}` +
    `<c:crossAx val="500200"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="500200"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="1"/><c:axPos val="t"/>` +
    `<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="500100"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    `<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${textProps(10)}</c:chartSpace>`
  );
}

/** The chart's paragraph: centred, its own line height (a body paragraph's exact spacing would clip it). */
export function chartParagraph(chart: DocxChart): string {
  const cx = Math.round(WIDTH_MM * EMU_MM);
  const cy = Math.round(HEIGHT_MM * EMU_MM);
  const wp = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';
  return (
    `<w:p><w:pPr><w:keepLines/><w:snapToGrid w:val="0"/><w:spacing w:before="120" w:after="120" w:line="240" w:lineRule="auto"/>` +
    `<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>` +
    `<w:r><w:drawing><wp:inline xmlns:wp="${wp}" distT="0" distB="0" distL="0" distR="0">` +
    `<wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>` +
    `<wp:docPr id="9001" name="${esc(chart.title)}" descr="${esc(chart.alt)}"/><wp:cNvGraphicFramePr/>` +
    `<a:graphic xmlns:a="${NS_A}"><a:graphicData uri="${NS_C}">` +
    `<c:chart xmlns:c="${NS_C}" r:id="${CHART_REL}"/>` +
    `</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`
  );
}

/**
 * Put the chart where the template's marker paragraph is, and its part into the package; a
 * document without the marker (no chart, or a clerk's template without the paragraph) is left alone.
 */
export function placeChart(zip: PizZip, xml: string, chart: DocxChart | null): string {
  const at = xml.indexOf(CHART_MARKER);
  if (at < 0) return xml;
  const start = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at));
  const end = xml.indexOf('</w:p>', at) + '</w:p>'.length;
  const put = (what: string) => xml.slice(0, start) + what + xml.slice(end);
  if (!chart) return put('');
  zip.file(CHART_PART, chartXml(chart));
  const relsPath = 'word/_rels/document.xml.rels';
  const rels = zip.file(relsPath)!.asText();
  const rel = `<Relationship Id="${CHART_REL}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="charts/sgyp-chart1.xml"/>`;
  zip.file(relsPath, rels.replace('</Relationships>', `${rel}</Relationships>`));
  const typesPath = '[Content_Types].xml';
  const types = zip.file(typesPath)!.asText();
  zip.file(typesPath, types.replace('</Types>', `<Override PartName="/${CHART_PART}" ContentType="${CHART_TYPE}"/></Types>`));
  return put(chartParagraph(chart));
}
