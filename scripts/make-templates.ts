/**
 * Writes the Word templates templates/quarterly.docx and templates/annual.docx (real
 * WordprocessingML: GB/T 9704 page, 公文 styles, odd/even page-number footers) from
 * scripts/templates/bodies.ts. Run after changing the layout:
 *
 *   npx tsx scripts/make-templates.ts [outDir]
 *
 * The archives carry a fixed date, so running it twice gives the same bytes and git sees no change.
 * A clerk's edited template is never overwritten unless this script is run on purpose.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEMPLATE_NAMES, templateFile } from '../pipeline/render/word/templateData.js';
import { TEMPLATE_BODIES, TEMPLATE_TITLES } from './templates/bodies.js';
import { buildPackage } from './templates/package.js';
import { lintTemplates } from '../pipeline/render/word/templateLint.js';
import { formatProblem } from '../pipeline/errors.js';

/** Fixed so the committed templates do not change from run to run. */
const TEMPLATE_DATE = '2026-01-01T00:00:00Z';

export function makeTemplates(outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return TEMPLATE_NAMES.map((name) => {
    const file = path.join(outDir, templateFile(name));
    const bytes = buildPackage(
      TEMPLATE_BODIES[name](),
      { title: TEMPLATE_TITLES[name], creator: '“四个一批”工作专班办公室', date: TEMPLATE_DATE },
      // the 上行文 and the 通报 end with a 版记 on an even page of its own
      name !== 'annual',
    );
    writeFileSync(file, bytes);
    return file;
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'templates');
  for (const file of makeTemplates(outDir)) console.log(`写入 ${file}`);
  const problems = lintTemplates(outDir);
  for (const p of problems) console.error(formatProblem(p));
  process.exitCode = problems.length ? 1 : 0;
}
