/**
 * Template lint: every Word template in the folder is parsed with docxtemplater, and each broken
 * tag (unclosed `{abc`, a loop without its end) and each tag that names no field of the template
 * data (word/templateData.ts) is reported in Chinese with the template file and the tag. `check` and `build`
 * refuse to go on while this returns problems, so a clerk's typo in Word never reaches a report
 * as an empty gap.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Docxtemplater from 'docxtemplater';
import inspectModuleExport from 'docxtemplater/js/inspect-module.js';
import PizZip from 'pizzip';
import type { Problem } from '../../errors.js';
import { PACKAGE_ROOT } from '../../packageRoot.js';
import { requiredTags, TEMPLATE_NAMES, templateFile, templateSchema, type FieldSchema } from './templateData.js';

// The CommonJS module exports a factory (`module.exports = () => new InspectModule()`), while its
// typings describe the class as the default export.
type InspectModule = import('docxtemplater/js/inspect-module.js').default;
const createInspectModule = inspectModuleExport as unknown as () => InspectModule;

/** The package's templates folder (quarterly.docx, annual.docx). */
export const DEFAULT_TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

/** Options shared with rendering (docx.ts), so the lint parses exactly as the build will. */
export const DOCXTEMPLATER_OPTIONS = {
  paragraphLoop: true,
  linebreaks: true,
  // docxtemplater prints every error as JSON on the console by default; we report them ourselves.
  errorLogging: false,
} as const;

interface DxtError {
  name: string;
  message: string;
  properties?: {
    id?: string;
    xtag?: string;
    file?: string;
    explanation?: string;
    openingtag?: string;
    closingtag?: string;
    errors?: DxtError[];
  };
}

interface Part {
  type: string;
  value: string;
  module?: string;
  raw?: string;
  inverted?: boolean;
  subparsed?: Part[];
}

const PART_NAMES: Record<string, string> = {
  'word/document.xml': '正文',
  'word/footer1.xml': '奇数页页脚',
  'word/footer2.xml': '偶数页页脚',
  'word/footer3.xml': '版记页页脚',
  'docProps/core.xml': '文档属性',
};

function problem(file: string, tag: string | null, message: string, rule: string): Problem {
  return { file, line: null, column: null, value: tag, message, rule };
}

function where(part: string | undefined): string {
  if (!part || part === 'word/document.xml') return '';
  return `（${PART_NAMES[part] ?? part}）`;
}

/** docxtemplater's syntax errors, in Chinese. */
function describeSyntaxError(file: string, e: DxtError): Problem {
  const p = e.properties ?? {};
  const tag = p.xtag ?? null;
  const at = where(p.file);
  switch (p.id) {
    case 'unclosed_tag':
      return problem(file, `{${tag}`, `标签“{${tag}”缺少右花括号“}”${at}`, 'template-syntax');
    case 'unopened_tag':
      return problem(file, `${tag}}`, `标签“${tag}}”缺少左花括号“{”${at}`, 'template-syntax');
    case 'duplicate_open_tag':
      return problem(file, tag, `标签“${tag}”中有重复的左花括号“{”${at}`, 'template-syntax');
    case 'duplicate_close_tag':
      return problem(file, tag, `标签“${tag}”中有重复的右花括号“}”${at}`, 'template-syntax');
    case 'closing_tag_does_not_match_opening_tag':
      return problem(
        file,
        `{/${p.closingtag}}`,
        `循环开始标签“{#${p.openingtag}}”与结束标签“{/${p.closingtag}}”名称不一致${at}`,
        'template-syntax',
      );
    case 'unclosed_loop':
      return problem(file, `{#${tag}}`, `循环“{#${tag}}”没有对应的结束标签“{/${tag}}”${at}`, 'template-syntax');
    case 'unopened_loop':
      return problem(file, `{/${tag}}`, `结束标签“{/${tag}}”没有对应的循环开始标签${at}`, 'template-syntax');
    case 'raw_xml_tag_should_be_only_text_in_paragraph':
    case 'raw_tag_outerxml_invalid':
      return problem(file, `{@${tag}}`, `不支持原始 XML 标签“{@${tag}}”${at}`, 'template-syntax');
    default:
      return problem(file, tag, `模板标签有误：${p.explanation ?? e.message}${at}`, 'template-syntax');
  }
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

function suggestion(name: string, scopes: FieldSchema[]): string {
  const names = [...new Set(scopes.flatMap((s) => Object.keys(s)))];
  const best = names
    .map((n) => ({ n, d: editDistance(name.toLowerCase(), n.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? `，是否应为“{${best.n}}”？` : '。';
}

/** Look a name up from the innermost loop outwards, as docxtemplater resolves it. */
function lookup(name: string, scopes: FieldSchema[]): FieldSchema[string] | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const hit = scopes[i]![name];
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * Walk the parsed tags. `listScope` is true inside a loop over strings, where {.} is the item.
 */
function checkParts(parts: Part[], scopes: FieldSchema[], listScope: boolean, report: (tag: string, msg: string) => void, at: string) {
  for (const part of parts) {
    if (part.type !== 'placeholder') continue;
    const name = part.value;
    if (part.module === 'loop') {
      const raw = `{${part.raw ?? `#${name}`}}`;
      const field = lookup(name, scopes);
      if (field === undefined) {
        report(raw, `未知的循环标签“${raw}”：模板数据中没有“${name}”${suggestion(name, scopes)}${at}`);
        continue;
      }
      if (field === 'text') {
        // {#x}…{/x} on a text field is a legal condition in docxtemplater; keep the contents checked.
        checkParts(part.subparsed ?? [], scopes, listScope, report, at);
        continue;
      }
      if (field === 'list') checkParts(part.subparsed ?? [], scopes, true, report, at);
      else checkParts(part.subparsed ?? [], [...scopes, field], false, report, at);
      continue;
    }
    if (part.module && part.module !== 'loop') {
      report(`{${part.raw ?? name}}`, `不支持的标签“{${part.raw ?? name}}”${at}`);
      continue;
    }
    if (name === '.') {
      if (!listScope) report('{.}', `标签“{.}”只能用在文字列表的循环内${at}`);
      continue;
    }
    const field = lookup(name, scopes);
    if (field === undefined) {
      report(`{${name}}`, `未知标签“{${name}}”：模板数据中没有“${name}”${suggestion(name, scopes)}${at}`);
    } else if (field !== 'text') {
      report(`{${name}}`, `标签“{${name}}”是一个列表，应写成循环“{#${name}}…{/${name}}”${at}`);
    }
  }
}

/** Every tag name used in the parts, loops included. */
function namesIn(parts: Part[], into = new Set<string>()): Set<string> {
  for (const part of parts) {
    if (part.type !== 'placeholder') continue;
    into.add(part.value);
    if (part.subparsed) namesIn(part.subparsed, into);
  }
  return into;
}

/**
 * Lint one template file against the schema of its data. `required` maps tags the template must
 * hold (a part of the text Word and PDF must both print) to what goes missing without them.
 */
export function lintTemplate(file: string, schema: FieldSchema, required: Record<string, string> = {}): Problem[] {
  if (!existsSync(file)) return [problem(file, null, '找不到 Word 模板文件', 'template-missing')];
  let zip: PizZip;
  try {
    zip = new PizZip(readFileSync(file));
  } catch (e) {
    return [problem(file, null, `不是有效的 Word（.docx）文件：${(e as Error).message}`, 'template-file')];
  }
  // docxtemplater's inspection module hands back the parsed tags of every templated part
  // (document, footers, properties).
  const inspect = createInspectModule();
  try {
    new Docxtemplater(zip, { ...DOCXTEMPLATER_OPTIONS, modules: [inspect] });
  } catch (e) {
    const err = e as DxtError;
    const errors = err.properties?.errors ?? [err];
    return errors.map((x) => describeSyntaxError(file, x));
  }
  const problems: Problem[] = [];
  const used = new Set<string>();
  for (const part of inspect.getTemplatedFiles()) {
    if (!inspect.fullInspected[part]) continue; // a templated part with nothing in it to parse
    const tags = inspect.getStructuredTags(part) as unknown as Part[];
    checkParts(tags, [schema], false, (tag, message) => problems.push(problem(file, tag, message, 'template-tag')), where(part));
    namesIn(tags, used);
  }
  for (const [tag, what] of Object.entries(required)) {
    if (used.has(tag)) continue;
    const loop = `{-w:p ${tag}}{.}{/${tag}}`;
    problems.push(
      problem(file, loop, `模板中缺少段落标签“${loop}”：没有它，Word 文件印不出${what}（PDF 照常印出）`, 'template-missing-tag'),
    );
  }
  return problems;
}

/** Lint templates/quarterly.docx and templates/annual.docx in `dir`. */
export function lintTemplates(dir: string): Problem[] {
  return TEMPLATE_NAMES.flatMap((name) => lintTemplate(path.join(dir, templateFile(name)), templateSchema(name), requiredTags(name)));
}
