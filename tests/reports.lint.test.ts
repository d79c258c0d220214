/**
 * Template lint: the committed templates are clean; a misspelt or broken tag in a copy is refused
 * with a message naming the template and the tag. Also: the data we hand docxtemplater has exactly
 * the fields the lint accepts.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PizZip from 'pizzip';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem } from '../pipeline/errors.js';
import { TEMPLATE_NAMES, templateData, templateSchema } from '../pipeline/render/word/templateData.js';
import { buildAnnualSummary, buildQuarterlyNotice, buildQuarterlyReport } from '../pipeline/render/documents/model.js';
import { DEFAULT_TEMPLATES_DIR } from '../pipeline/render/word/templateLint.js';
import { lintTemplates } from '../pipeline/render/word/templateLint.js';
import { loadFixtureContext } from './fixtures/docs/support.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Copy the templates to a temp folder, editing word/document.xml of one of them. */
function corrupt(name: 'quarterly' | 'annual', edit: (xml: string) => string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sgyp-lint-'));
  dirs.push(dir);
  for (const t of TEMPLATE_NAMES) copyFileSync(path.join(DEFAULT_TEMPLATES_DIR, `${t}.docx`), path.join(dir, `${t}.docx`));
  const file = path.join(dir, `${name}.docx`);
  const zip = new PizZip(readFileSync(file));
  const xml = zip.file('word/document.xml')!.asText();
  const edited = edit(xml);
  expect(edited).not.toBe(xml);
  zip.file('word/document.xml', edited);
  writeFileSync(file, zip.generate({ type: 'nodebuffer' }));
  return dir;
}

describe('lintTemplates', () => {
  it('accepts the committed templates', () => {
    expect(lintTemplates(DEFAULT_TEMPLATES_DIR)).toEqual([]);
  });

  it('refuses a misspelt tag, naming the template and the tag', () => {
    const dir = corrupt('quarterly', (x) => x.replace('{recipient}', '{recipeint}'));
    const problems = lintTemplates(dir);
    expect(problems).toHaveLength(1);
    const line = formatProblem(problems[0]!);
    expect(line).toContain('quarterly.docx');
    expect(line).toContain('{recipeint}');
    expect(line).toContain('未知标签');
    expect(line).toContain('{recipient}'); // the suggestion
  });

  it('refuses a misspelt field inside a row loop', () => {
    const dir = corrupt('annual', (x) => x.replace('{plannedDate}', '{plannedDat}'));
    const [p] = lintTemplates(dir);
    expect(formatProblem(p!)).toMatch(/annual\.docx.*\{plannedDat\}/);
  });

  it('refuses an unclosed tag', () => {
    const dir = corrupt('quarterly', (x) => x.replace('{docNumber}', '{docNumber'));
    const [p] = lintTemplates(dir);
    expect(formatProblem(p!)).toMatch(/quarterly\.docx.*\{docNumber.*缺少右花括号/);
  });

  it('refuses a loop without its end', () => {
    const dir = corrupt('quarterly', (x) => x.replace('{/idleRows}', ''));
    const problems = lintTemplates(dir).map(formatProblem);
    expect(problems.join('\n')).toMatch(/quarterly\.docx.*idleRows/);
  });

  it('reports a missing template', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sgyp-lint-'));
    dirs.push(dir);
    const problems = lintTemplates(dir).map(formatProblem);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('找不到 Word 模板文件');
  });
});

describe('template data', () => {
  const ctx = loadFixtureContext();
  it.each([
    ['quarterly', buildQuarterlyReport(ctx)],
    ['notice', buildQuarterlyNotice(ctx)],
    ['annual', buildAnnualSummary(ctx)],
  ] as const)('%s data has exactly the fields of the schema', (name, doc) => {
    const data = templateData(doc, ctx);
    const schema = templateSchema(name);
    expect(Object.keys(data).sort()).toEqual(Object.keys(schema).sort());
    for (const [key, spec] of Object.entries(schema)) {
      const value = data[key];
      if (spec === 'text') expect(typeof value, key).toBe('string');
      else if (spec === 'list') expect(Array.isArray(value) && value.every((v) => typeof v === 'string'), key).toBe(true);
      else {
        expect(Array.isArray(value), key).toBe(true);
        for (const row of value as Record<string, unknown>[]) expect(Object.keys(row).sort(), key).toEqual(Object.keys(spec).sort());
      }
    }
  });
});
