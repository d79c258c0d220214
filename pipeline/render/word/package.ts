/**
 * The runtime part of a .docx package: its document properties (the zip, with one fixed timestamp
 * so that equal input gives an equal archive, is sheet/zip.ts's, as for the workbooks). The
 * templates themselves are authored by scripts/templates/, a development tool; at run time they
 * are only filled.
 */

export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Escape text for XML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface CoreProps {
  title: string;
  creator: string;
  /** ISO timestamp written as both created and modified */
  date: string;
}

export function coreXml(p: CoreProps): string {
  const date = p.date.replace(/\.\d{3}Z$/, 'Z');
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
    `xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${esc(p.title)}</dc:title><dc:creator>${esc(p.creator)}</dc:creator>` +
    `<cp:lastModifiedBy>${esc(p.creator)}</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified>` +
    `</cp:coreProperties>`
  );
}
