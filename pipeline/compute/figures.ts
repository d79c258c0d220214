/**
 * The computation of a run, the one door run.ts uses into this room (computeFigures): the context
 * (buildContext.ts), what was read and what changed said in the log, the long lists read back
 * whole for the documents (build), and the database closed (its memory freed before the reports
 * and the site; its files, the long lists among them, stay until the run's inputs are disposed).
 */
import type { ReportContext } from '../context.js';
import { shownValue } from '../errors.js';
import { columnLetter } from '../ingest/header.js';
import type { Source } from '../ingest/sources.js';
import type { Inputs } from '../load/index.js';
import { buildContext, type ContextOptions, wholeLists } from './buildContext.js';

export interface FigureOptions extends Omit<ContextOptions, 'documents'> {
  /** read the long lists back whole for the documents (build) */
  whole: boolean;
}

/** A run's figures: the context, and the same with its long lists whole (compute/buildContext.ts wholeLists) for the reports and the site. */
export interface Figures {
  context: ReportContext;
  documents: ReportContext;
}

const ENCODING_NAMES = { 'utf-8': 'UTF-8', gb18030: 'GB18030', 'utf-16': 'UTF-16', xlsx: '工作簿' } as const;

/** The figures of `input` (see the top of this file); the database is closed whether they are computed or not. */
export async function computeFigures(input: Inputs, options: FigureOptions, log: (line: string) => void = () => {}): Promise<Figures> {
  try {
    const context = await buildContext(input, { ...options, documents: input.documents });
    for (const line of readLines(input, context)) log(line);
    const documents = options.whole ? await wholeLists(context, input.db) : context;
    // this run's snapshot written before the database closes (nothing may have waited for it)
    await options.snapshotMade;
    return { context, documents };
  } finally {
    input.db.close();
  }
}

/** The log's lines for the header cells of a file that are not read: the unrecognised in one line, each known one with its reason. */
export function unreadColumnLines(where: string, unread: Source['header']['unread']): string[] {
  const cell = (u: { index: number; header: string }) => `“${shownValue(u.header)}”（${columnLetter(u.index)}列）`;
  const unknown = unread.filter((u) => u.reason === null);
  return [
    ...(unknown.length ? [`${where}：未识别的列：${unknown.map(cell).join('、')}，已忽略`] : []),
    ...unread.filter((u) => u.reason !== null).map((u) => `${where}：列${cell(u)}${u.reason}`),
  ];
}

/** What was read: the files left alone, each file's rows and unread header cells, the figures, the changes. */
function readLines(input: Inputs, context: ReportContext): string[] {
  const lines = [...input.ignored.map((f) => `未读取 ${f.file}：${f.reason}`), ...input.notes];
  for (const f of context.rows.files) {
    const where = `${f.file}${f.sheet ? `［${f.sheet}］` : ''}`;
    lines.push(
      `读取 ${where}（${ENCODING_NAMES[f.encoding]}，表头在第${f.headerLine}行）：` +
        `读入${f.read}行，计入项目${f.counted}个，剔除${f.leftOut}行（空行${f.blank}、合计${f.total}、说明${f.notes}）`,
    );
    // every header cell the run does not read is named (an optional column never drops out unseen)
    const source = input.sources.find((s) => s.relPath === f.file && s.sheet === f.sheet);
    lines.push(...unreadColumnLines(where, source?.header.unread ?? []));
  }
  const { byCategory: c } = context;
  lines.push(
    `截至${context.meta.asOf}：项目${context.total.projects}个，` +
      `巩固${c.巩固.projects}、升级${c.升级.projects}、盘活${c.盘活.projects}、调整${c.调整.projects}`,
  );
  const changes = context.changes;
  if (changes) {
    lines.push(
      `与截至${changes.since}的${changes.source === 'history' ? '快照' : '上期台账'}相比：新增项目${changes.added.count}个、减少${changes.removed.count}个、` +
        `调整类别${changes.reclassified.count}个、新完成${changes.completed.count}个、新增预警${changes.warningsRaised.count}个、解除预警${changes.warningsCleared.count}个` +
        (changes.removed.count > 0 ? `；减少的项目请核实去向（见 stats.json 的 dataQuality）` : ''),
    );
  }
  return lines;
}
