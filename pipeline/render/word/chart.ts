/**
 * The category chart in the Word file, the same SVG the PDF draws (render/charts.ts): the
 * template's paragraph `{-w:p chart}{.}{/chart}` (annual summary, after 基本情况) receives a
 * marker, and the filled document's paragraph holding it becomes a centred picture. The picture is
 * the SVG (a:blip's svgBlip extension, drawn by Word 2016+, WPS and LibreOffice) with the PNG
 * fallback DrawingML requires; no rasterizer is at hand, so the fallback is a single white pixel
 * (an older Word shows an empty frame the chart's size). Without a chart the paragraph's loop is
 * empty and the paragraph vanishes.
 */
import { deflateSync } from 'node:zlib';
import type PizZip from 'pizzip';
import { esc } from './package.js';

/** The chart as the Word file takes it: the SVG and its text alternative. */
export interface DocxChart {
  svg: string;
  alt: string;
}

/** Text docxtemplater writes into the chart's paragraph; the picture replaces that paragraph. */
export const CHART_MARKER = '〔sgyp:chart〕';

const SVG_PART = 'word/media/sgyp-chart.svg';
const PNG_PART = 'word/media/sgyp-chart.png';
const SVG_REL = 'rIdSgypChartSvg';
const PNG_REL = 'rIdSgypChartPng';
/** EMU per millimetre */
const EMU_MM = 36_000;
/** as wide as in the PDF: nine tenths of the 156 mm type area */
const WIDTH_MM = 156 * 0.9;

/** A PNG of one white pixel (the fallback DrawingML requires beside an SVG). */
function whitePixelPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The SVG's own size (width and height attributes, else its viewBox). */
function svgSize(svg: string): { w: number; h: number } {
  const attr = (name: string) => Number(new RegExp(`<svg[^>]*\\s${name}="([\\d.]+)`).exec(svg)?.[1]);
  const [w, h] = [attr('width'), attr('height')];
  if (w > 0 && h > 0) return { w, h };
  const box = /viewBox="[\d.-]+ [\d.-]+ ([\d.]+) ([\d.]+)"/.exec(svg);
  return box ? { w: Number(box[1]), h: Number(box[2]) } : { w: 520, h: 220 };
}

/**
 * The SVG with its class names numbered from the start: ECharts names them after a counter that
 * runs on through the process (zr0-cls-0, then zr1-cls-5), and equal input must give equal bytes.
 */
export function stableSvg(svg: string): string {
  const names = new Map<string, string>();
  return svg.replace(/zr\d+-cls-\d+/g, (name) => {
    let mine = names.get(name);
    if (!mine) names.set(name, (mine = `sgyp-c${names.size}`));
    return mine;
  });
}

/** The picture's paragraph: centred, its own line height (a body paragraph's exact spacing would clip it). */
export function chartParagraph(chart: DocxChart): string {
  const { w, h } = svgSize(chart.svg);
  const cx = Math.round(WIDTH_MM * EMU_MM);
  const cy = Math.round((cx * h) / w);
  const alt = esc(chart.alt);
  const a = 'http://schemas.openxmlformats.org/drawingml/2006/main';
  const pic = 'http://schemas.openxmlformats.org/drawingml/2006/picture';
  const wp = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';
  return (
    `<w:p><w:pPr><w:keepLines/><w:snapToGrid w:val="0"/><w:spacing w:before="120" w:after="120" w:line="240" w:lineRule="auto"/>` +
    `<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>` +
    `<w:r><w:drawing><wp:inline xmlns:wp="${wp}" distT="0" distB="0" distL="0" distR="0">` +
    `<wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>` +
    `<wp:docPr id="9001" name="“四个一批”分类项目数量" descr="${alt}"/>` +
    `<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="${a}" noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
    `<a:graphic xmlns:a="${a}"><a:graphicData uri="${pic}"><pic:pic xmlns:pic="${pic}">` +
    `<pic:nvPicPr><pic:cNvPr id="9001" name="sgyp-chart.svg" descr="${alt}"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="${PNG_REL}"><a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}">` +
    `<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="${SVG_REL}"/>` +
    `</a:ext></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
    `</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`
  );
}

/**
 * Put the chart where the template's marker paragraph is, and its parts into the package; a
 * document without the marker (no chart, or a clerk's template without the paragraph) is left alone.
 */
export function placeChart(zip: PizZip, xml: string, chart: DocxChart | null): string {
  const at = xml.indexOf(CHART_MARKER);
  if (at < 0) return xml;
  const start = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at));
  const end = xml.indexOf('</w:p>', at) + '</w:p>'.length;
  const put = (what: string) => xml.slice(0, start) + what + xml.slice(end);
  if (!chart) return put('');
  zip.file(SVG_PART, stableSvg(chart.svg));
  zip.file(PNG_PART, whitePixelPng());
  const relsPath = 'word/_rels/document.xml.rels';
  const rels = zip.file(relsPath)!.asText();
  const mine =
    `<Relationship Id="${SVG_REL}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/sgyp-chart.svg"/>` +
    `<Relationship Id="${PNG_REL}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/sgyp-chart.png"/>`;
  zip.file(relsPath, rels.replace('</Relationships>', `${mine}</Relationships>`));
  const typesPath = '[Content_Types].xml';
  let types = zip.file(typesPath)!.asText();
  for (const [ext, type] of [
    ['svg', 'image/svg+xml'],
    ['png', 'image/png'],
  ] as const) {
    if (!new RegExp(`Extension="${ext}"`, 'i').test(types)) {
      types = types.replace('<Default ', `<Default Extension="${ext}" ContentType="${type}"/><Default `);
    }
  }
  zip.file(typesPath, types);
  return put(chartParagraph(chart));
}
