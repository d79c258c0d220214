/**
 * The 月调度表 as one page of A4 landscape (documents/monthlySheet.ts gives the sheet): the title, 填报单位
 * and 截至日期, the table by 乡镇 and the table by 主管部门, and the notes. The tables stand one
 * above the other at the largest font size that fits the page, else side by side at the largest
 * that fits then (a county of some 40 townships and 40 departments); the height is measured from
 * the fonts, and the chosen layout is checked by laying it out (pdfmake reports the page count). Only
 * past the smallest size (5 pt) does it run onto a second page. Same fonts machinery as the other
 * PDFs (fonts.ts, text.ts); same input, same bytes.
 */
import type { MonthlyRow } from '../../context.js';
import { PT_PER_MM } from '../documents/pageGeometry.js';
import { type MonthlySheet, type MonthlyTable, monthlyText } from '../documents/monthlySheet.js';
import type { FontChoice } from './fonts.js';
import { layout } from './pdf.js';
import { PdfFonts } from './text.js';

type Node = Record<string, unknown> | string;

const mm = (n: number) => n * PT_PER_MM;
/** A4 landscape and its margins, in points. */
const PAGE = { width: mm(297), height: mm(210) };
const MARGIN = { top: mm(12), bottom: mm(10), left: mm(12), right: mm(12) };
const AREA = { width: PAGE.width - MARGIN.left - MARGIN.right, height: PAGE.height - MARGIN.top - MARGIN.bottom };
/** Space between the two tables side by side. */
const GAP = mm(6);
const RED = '#FF0000';
const RULE = 0.5;
/** Line pitch of every line, as a multiple of its font size. */
const LEADING = 1.25;
const TITLE_SIZE = 18;
/** Table font sizes tried, largest first; below the last one the page may overflow. */
const SIZES = [12, 11, 10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5, 6, 5.5, 5];

export interface MonthlyPdfInput {
  sheet: MonthlySheet;
  fonts: FontChoice;
  /** ISO timestamp for CreationDate/ModDate */
  documentDate: string;
}

export interface MonthlyPdfResult {
  bytes: Buffer;
  pages: number;
  /** table font size chosen, in points */
  fontSize: number;
  sideBySide: boolean;
  missing: string[];
  faces: string[];
}

/** A layout: the table font size, the arrangement, and each table's column widths (content widths, points). */
export interface MonthlyPlan {
  size: number;
  sideBySide: boolean;
  widths: number[][];
  /** estimated height of the page's content, points */
  height: number;
}

const pad = (size: number) => ({ x: Math.max(1.5, size * 0.25), y: Math.max(1, size * 0.15) });

/** Lines `text` takes at `size` in a cell `width` wide (CJK text breaks between any two characters). */
function linesOf(fonts: PdfFonts, text: string, role: 'body' | 'hei', size: number, width: number): number {
  return Math.max(1, Math.ceil(fonts.measure(text, role, size) / width - 1e-6));
}

/** A header's lines: its words, then its unit on a line of its own (应追缴分红 / （万元）). */
function headerParts(title: string): string[] {
  return title.split(/(?=（)/);
}

/** Lines a header takes in a cell `width` wide. */
function headerLines(fonts: PdfFonts, title: string, size: number, width: number): number {
  return headerParts(title).reduce((n, part) => n + linesOf(fonts, part, 'hei', size, width), 0);
}

/**
 * Column widths of the two tables at `size` in `avail` points each, or null when their cells cannot
 * fit: every figure on one line, a name on one (with wrapNames: at most two), a header's words of up to three characters on one line (longer
 * ones on two: 逾期未 / 完成), its unit on one. Both tables get the same widths (their columns are the same), and
 * the room left over goes to every column alike (avail null: no more than the cells need).
 */
function tableWidths(
  fonts: PdfFonts,
  tables: readonly MonthlyTable[],
  size: number,
  avail: number | null,
  wrapNames = false,
): number[] | null {
  const p = pad(size);
  const columns = tables[0]!.columns;
  const rows: MonthlyRow[] = tables.flatMap((t) => [...t.rows, t.total]);
  const parts = columns.map((_, i) => tables.flatMap((t) => headerParts(t.columns[i]!.title)));
  // with wrapNames a name may take two lines (县人力资源和 / 社会保障局); figures never break
  const half = (t: string) => [...t].slice(0, Math.ceil([...t].length / 2)).join('');
  const cells = columns.map((c, i) =>
    Math.max(...rows.map((r) => fonts.measure(i === 0 && wrapNames ? half(monthlyText(r, c)) : monthlyText(r, c), 'body', size))),
  );
  const whole = columns.map((c) => Math.max(...rows.map((r) => fonts.measure(monthlyText(r, c), 'body', size))));
  // the least a column needs (its header wrapped), and what keeps every header part on one line
  const least = columns.map(
    (_, i) =>
      Math.max(
        cells[i]!,
        ...parts[i]!.map((part) => {
          const chars = [...part];
          const wrapped = chars.length <= 3 || part.startsWith('（') ? part : chars.slice(0, Math.ceil(chars.length / 2)).join('');
          return fonts.measure(wrapped, 'hei', size);
        }),
      ) + 0.5,
  );
  const easy = columns.map((_, i) =>
    Math.max(least[i]!, whole[i]! + 0.5, ...parts[i]!.map((part) => fonts.measure(part, 'hei', size) + 0.5)),
  );
  const n = least.length;
  if (avail === null) return least;
  const free = avail - n * 2 * p.x - (n + 1) * RULE;
  const sum = least.reduce((a, b) => a + b, 0);
  if (sum > free) return null;
  // the room left over first unwraps the headers (each by the same share of what it lacks), then goes to every column alike
  const lack = easy.reduce((a, w, i) => a + w - least[i]!, 0);
  const share = lack > 0 ? Math.min(1, (free - sum) / lack) : 0;
  const widths = least.map((w, i) => w + share * (easy[i]! - w));
  const extra = (free - widths.reduce((a, b) => a + b, 0)) / n;
  return widths.map((w) => w + extra);
}

/** Lines of each header cell of a table (group headers over their first column) and of its two header rows. */
interface HeaderGeometry {
  /** lines of the column's own header (its sub-header, or the header spanning both rows) */
  own: number[];
  /** lines of the group header starting at a column (0 elsewhere) */
  group: number[];
  groupLines: number;
  subLines: number;
}

function headerGeometry(fonts: PdfFonts, table: MonthlyTable, size: number, widths: number[]): HeaderGeometry {
  const p = pad(size);
  const cols = table.columns;
  const own = cols.map((c, i) => headerLines(fonts, c.title, size, widths[i]!));
  const group = cols.map((c, i) => {
    if (!c.group || (i > 0 && cols[i - 1]!.group === c.group)) return 0;
    let w = 0;
    for (let k = i; k < cols.length && cols[k]!.group === c.group; k++) w += widths[k]! + (k > i ? 2 * p.x + RULE : 0);
    return linesOf(fonts, c.group, 'hei', size, w);
  });
  return {
    own,
    group,
    groupLines: Math.max(1, ...group),
    subLines: Math.max(1, ...own.filter((_, i) => cols[i]!.group)),
  };
}

/** Lines of a row's name in the first column. */
function nameLines(fonts: PdfFonts, r: MonthlyRow, table: MonthlyTable, size: number, width: number): number {
  return linesOf(fonts, monthlyText(r, table.columns[0]!), r === table.total ? 'hei' : 'body', size, width);
}

/** Height of a table: its header rows (wrapped headers) and one line per row, with padding and rules. */
function tableHeight(fonts: PdfFonts, table: MonthlyTable, size: number, widths: number[]): number {
  const p = pad(size);
  const line = size * LEADING;
  const g = headerGeometry(fonts, table, size, widths);
  const spanLines = Math.max(1, ...g.own.filter((_, i) => !table.columns[i]!.group));
  const header = Math.max((g.groupLines + g.subLines) * line + 4 * p.y + RULE, spanLines * line + 2 * p.y);
  const rows = [...table.rows, table.total].reduce((h, r) => h + nameLines(fonts, r, table, size, widths[0]!) * line + 2 * p.y + RULE, 0);
  return header + rows + RULE;
}

/** Height of everything on the page at table size `size`, with tables of the given widths. */
function pageHeight(fonts: PdfFonts, sheet: MonthlySheet, size: number, sideBySide: boolean, widths: number[][]): number {
  const meta = Math.max(9, Math.min(12, size + 1));
  const heading = (size + 1) * LEADING + 2;
  const tables = sheet.tables.map((t, i) => heading + tableHeight(fonts, t, size, widths[i]!));
  const noteSize = Math.min(size, 10);
  const notes = sheet.notes.reduce((h, note) => h + linesOf(fonts, note, 'body', noteSize, AREA.width) * noteSize * LEADING, 0);
  return (
    TITLE_SIZE * LEADING +
    4 +
    meta * LEADING +
    4 +
    (sideBySide ? Math.max(...tables) : tables[0]! + 6 + tables[1]!) +
    4 +
    noteSize * LEADING +
    notes
  );
}

/**
 * The layouts that fit the page by measure, best first: larger type first; at one size, the tables
 * stacked before side by side, and names on one line before names on two.
 */
export function monthlyPlans(sheet: MonthlySheet, fonts: PdfFonts): MonthlyPlan[] {
  const plans: MonthlyPlan[] = [];
  for (const size of SIZES) {
    for (const wrapNames of [false, true]) {
      for (const sideBySide of [false, true]) {
        const avail = sideBySide ? (AREA.width - GAP) / 2 : AREA.width;
        const widths = tableWidths(fonts, sheet.tables, size, avail, wrapNames);
        if (!widths) continue;
        const height = pageHeight(fonts, sheet, size, sideBySide, [widths, widths]);
        const same = plans.some((p) => p.size === size && p.sideBySide === sideBySide && p.widths[0]!.every((w, i) => w === widths[i]));
        if (height <= AREA.height && !same) plans.push({ size, sideBySide, widths: [widths, widths], height });
      }
    }
  }
  return plans;
}

/** The pdfmake document of the sheet laid out by `plan`; `onPages` hears the page count. */
export function monthlyDefinition(
  input: MonthlyPdfInput,
  fonts: PdfFonts,
  plan: MonthlyPlan,
  onPages: (n: number) => void = () => {},
): Record<string, unknown> {
  const { sheet } = input;
  const { size } = plan;
  const p = pad(size);
  const line = (s: number) => s * LEADING;
  const text = (t: string, role: 'title' | 'body' | 'hei', s: number, extra: Record<string, unknown> = {}): Node => ({
    text: fonts.runs(t, role, { size: s, pitch: line(s) }),
    fontSize: s,
    ...extra,
  });
  const meta = Math.max(9, Math.min(12, size + 1));
  const table = (t: MonthlyTable, widths: number[]): Node => {
    const cols = t.columns;
    // header cells centred vertically by a top margin (pdfmake's own centring fails on a rowSpan)
    const g = headerGeometry(fonts, t, size, widths);
    const cell = (value: string, lines: number, room: number, extra: Record<string, unknown> = {}) =>
      text(value, 'hei', size, { alignment: 'center', margin: [0, ((room - lines) * line(size)) / 2, 0, 0], ...extra });
    const bothRows = g.groupLines + g.subLines + (2 * p.y + RULE) / line(size);
    const top: Node[] = [];
    const sub: Node[] = [];
    cols.forEach((c, i) => {
      const title = headerParts(c.title).join('\n');
      if (!c.group) {
        top.push(cell(title, g.own[i]!, Math.max(g.own[i]!, bothRows), { rowSpan: 2 }));
        sub.push({});
        return;
      }
      if (g.group[i]) {
        let span = 0;
        while (i + span < cols.length && cols[i + span]!.group === c.group) span++;
        top.push(cell(c.group, g.group[i]!, g.groupLines, { colSpan: span }));
      } else top.push({});
      sub.push(cell(title, g.own[i]!, g.subLines));
    });
    const body = [...t.rows, t.total].map((r) =>
      cols.map((c, i) =>
        text(monthlyText(r, c), r === t.total ? 'hei' : 'body', size, {
          alignment: i === 0 ? 'left' : 'right',
          noWrap: i > 0,
        }),
      ),
    );
    return {
      stack: [
        text(t.heading, 'hei', size + 1, { margin: [0, 0, 0, 2] }),
        {
          table: { headerRows: 2, dontBreakRows: true, widths, body: [top, sub, ...body] },
          layout: {
            hLineWidth: () => RULE,
            vLineWidth: () => RULE,
            paddingLeft: () => p.x,
            paddingRight: () => p.x,
            paddingTop: () => p.y,
            paddingBottom: () => p.y,
          },
        },
      ],
    };
  };
  const [a, b] = sheet.tables;
  const tables: Node[] = plan.sideBySide
    ? [{ columns: [table(a, plan.widths[0]!), table(b, plan.widths[1]!)], columnGap: GAP, margin: [0, 4, 0, 0] }]
    : [{ ...(table(a, plan.widths[0]!) as Record<string, unknown>), margin: [0, 4, 0, 6] }, table(b, plan.widths[1]!)];
  const noteSize = Math.min(size, 10);
  const content: Node[] = [
    text(sheet.title, 'title', TITLE_SIZE, { alignment: 'center', margin: [0, 0, 0, 4] }),
    {
      columns: [text(sheet.unit, 'body', meta, { width: '*' }), text(sheet.asOf, 'body', meta, { width: 'auto', alignment: 'right' })],
    },
    ...tables,
    text('说明：', 'body', noteSize, { margin: [0, 4, 0, 0] }),
    ...sheet.notes.map((n) => text(n, 'body', noteSize)),
  ];
  const date = new Date(input.documentDate);
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom],
    info: {
      title: sheet.info.title,
      author: sheet.info.author,
      subject: sheet.info.subject,
      keywords: sheet.info.keywords,
      creator: 'sgyp',
      producer: 'sgyp',
      creationDate: date,
      modDate: date,
    },
    language: 'zh-CN',
    defaultStyle: { font: fonts.roleFamily('body'), fontSize: size },
    content,
    // the 示例数据 mark in the top right corner, off the flow (it takes no line)
    header: sheet.sampleMark
      ? () => ({
          table: { body: [[text(sheet.sampleMark!, 'hei', 12, { color: RED })]] },
          layout: { hLineColor: () => RED, vLineColor: () => RED, hLineWidth: () => 1, vLineWidth: () => 1 },
          absolutePosition: { x: PAGE.width - MARGIN.right - fonts.measure(sheet.sampleMark!, 'hei', 12) - 10, y: mm(3) },
        })
      : undefined,
    footer: (_page: number, count: number) => {
      onPages(count);
      return '';
    },
  };
}

/** The one-page PDF of the 月调度表: the best layout that fits by measure and, laid out, is one page. */
export async function renderMonthlyPdf(input: MonthlyPdfInput): Promise<MonthlyPdfResult> {
  const fonts = new PdfFonts(input.fonts);
  const plans = monthlyPlans(input.sheet, fonts);
  // nothing fits by measure: the smallest type, stacked, over as many pages as it takes
  const fallback: MonthlyPlan = {
    size: SIZES.at(-1)!,
    sideBySide: false,
    widths: input.sheet.tables.map(() => tableWidths(fonts, input.sheet.tables, SIZES.at(-1)!, null)!),
    height: Number.POSITIVE_INFINITY,
  };
  const tries = plans.length ? plans : [fallback];
  let last: { bytes: Buffer; pages: number; plan: MonthlyPlan } | null = null;
  for (const plan of tries) {
    let pages = 0;
    const definition = monthlyDefinition(input, fonts, plan, (n) => (pages = n));
    const bytes = await layout(definition, fonts);
    last = { bytes, pages, plan };
    if (pages <= 1) break;
  }
  const { bytes, pages, plan } = last!;
  return {
    bytes,
    pages,
    fontSize: plan.size,
    sideBySide: plan.sideBySide,
    missing: [...fonts.missing],
    faces: fonts.usedFaces().map((f) => f.name),
  };
}
