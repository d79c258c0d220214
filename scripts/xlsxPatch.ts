/**
 * An .xlsx changed in its XML the way another writer leaves it (tests/support/workbooks.ts and the
 * fuzz run, scripts/fuzz.ts): the 1904 date system, a stale <dimension>, a failing CRC.
 */
import PizZip from 'pizzip';

/** Change the parts of an .xlsx (path → new text, from the old). */
export function patchXlsx(bytes: Buffer, patches: Record<string, (xml: string) => string>, strict = true): Buffer {
  const zip = new PizZip(bytes);
  for (const [file, patch] of Object.entries(patches)) {
    const xml = zip.file(file)?.asText();
    if (xml == null) throw new Error(`no ${file} in the workbook`);
    const patched = patch(xml);
    if (patched === xml && strict) throw new Error(`patch of ${file} changed nothing`);
    zip.file(file, patched);
  }
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Style indexes (s="…") whose number format is a date. */
function dateStyles(styles: string): Set<number> {
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)) custom.set(Number(m[1]), m[2]!);
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const out = new Set<number>();
  [...xfs.matchAll(/<xf [^>]*numFmtId="(\d+)"/g)].forEach((m, i) => {
    const id = Number(m[1]);
    if ((id >= 14 && id <= 22) || /[yd]/i.test(custom.get(id) ?? '')) out.add(i);
  });
  return out;
}

/**
 * The workbook as Excel for Mac (or LibreOffice keeping the option) saves it in the 1904 date
 * system: `<workbookPr date1904="1">` and every date serial 1462 days smaller.
 */
export function withDate1904(bytes: Buffer): Buffer {
  const zip = new PizZip(bytes);
  const dates = dateStyles(zip.file('xl/styles.xml')!.asText());
  const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
  const patches: Record<string, (xml: string) => string> = {
    'xl/workbook.xml': (xml) => xml.replace(/<workbookPr( |\/)/, '<workbookPr date1904="1"$1'),
  };
  for (const sheet of sheets) {
    patches[sheet] = (xml) =>
      xml.replace(/<c r="([A-Z]+\d+)" s="(\d+)"( t="n")?><v>([\d.]+)<\/v><\/c>/g, (all, r, s, t, v) =>
        dates.has(Number(s)) ? `<c r="${r}" s="${s}"${t ?? ''}><v>${Number(v) - 1462}</v></c>` : all,
      );
  }
  return patchXlsx(bytes, patches, false);
}

/** A stale `<dimension>` (a streaming or template-filling writer's): it claims the first row only. */
export function withStaleDimension(bytes: Buffer): Buffer {
  return patchXlsx(
    bytes,
    { 'xl/worksheets/sheet1.xml': (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:A1"/>') },
    false,
  );
}

/** The workbook stored uncompressed with one digit of a number changed afterwards: every entry reads, one fails its CRC. Null without a number. */
export function withBadCrc(bytes: Buffer): Buffer | null {
  const stored = Buffer.from(new PizZip(bytes).generate({ type: 'nodebuffer', compression: 'STORE' }));
  const at = stored.indexOf('<v>1');
  if (at < 0) return null;
  stored.write('2', at + 3, 'latin1');
  return stored;
}
