/**
 * The one writer of output files (pipeline/outputFiles.ts): what it writes and logs, the work
 * folders it hands out, and the output transaction writing through it. Fast: no build.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OutputFiles, outputFiles } from '../pipeline/outputFiles.js';
import { MANIFEST, OutputTransaction } from '../pipeline/output/outDir.js';
import { tempDir } from './support/ledger.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('OutputFiles', () => {
  it('writes and copies by relative path, making the folders, and logs a file with its size only when asked', () => {
    const dir = tempDir();
    const log: string[] = [];
    const files = new OutputFiles(dir, (l) => log.push(l));
    const pdf = files.write('reports/a.pdf', Buffer.alloc(1536, 1), { since: performance.now(), note: '，嵌入字体：宋体' });
    expect(pdf).toBe(path.join(dir, 'reports', 'a.pdf'));
    expect(readFileSync(pdf).length).toBe(1536);
    files.write('stats.json', '{"总":"一"}\n');
    writeFileSync(path.join(dir, 'source.parquet'), 'PAR1');
    files.copy(path.join(dir, 'source.parquet'), 'history/2026-09-30/projects.parquet');
    expect(readFileSync(path.join(dir, 'stats.json'), 'utf8')).toBe('{"总":"一"}\n');
    expect(readFileSync(path.join(dir, 'history', '2026-09-30', 'projects.parquet'), 'utf8')).toBe('PAR1');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^写入 reports\/a\.pdf（1\.5 KB，\d+ 毫秒，嵌入字体：宋体）$/);
    expect(files.measure('reports')).toEqual({ files: 1, bytes: 1536 });
  });

  it('hands out a work folder, removed after the work even when it fails, and brings a built folder in whole', async () => {
    const dir = tempDir();
    const work = path.join(dir, 'work');
    const files = new OutputFiles(path.join(dir, 'new'), () => {}, work);
    files.write('site/old.html', 'old');
    let used = '';
    await files.scratch('site-build', async (scratch) => {
      used = scratch;
      expect(path.dirname(scratch)).toBe(work);
      expect(path.basename(scratch)).toMatch(/^\.site-build-/);
      writeFileSync(path.join(scratch, 'index.html'), 'new');
      files.adopt(scratch, 'site');
    });
    expect(existsSync(used)).toBe(false);
    expect(readdirSync(path.join(dir, 'new', 'site'))).toEqual(['index.html']);
    await expect(
      files.scratch('site-build', async (scratch) => {
        used = scratch;
        throw new Error('Astro failed');
      }),
    ).rejects.toThrow('Astro failed');
    expect(existsSync(used)).toBe(false);
    expect(readdirSync(work)).toEqual([]);
  });

  it('a folder given to a renderer becomes a writer of that folder', () => {
    const dir = tempDir();
    const files = outputFiles(dir);
    expect(files.root).toBe(dir);
    expect(outputFiles(files)).toBe(files);
  });
});

describe('the output transaction', () => {
  it('puts what its writer staged in place, and nothing else', () => {
    const out = path.join(tempDir(), 'out');
    const tx = OutputTransaction.begin(out);
    try {
      tx.files.write('stats.json', '{}\n');
      tx.files.write('reports/quarterly-2026Q3.pdf', 'pdf');
      expect(readdirSync(out).filter((f) => !f.startsWith('.sgyp-tmp-'))).toEqual([]);
      tx.commit(['stats.json', 'reports/quarterly-2026Q3*']);
    } finally {
      tx.dispose();
    }
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'reports', 'stats.json']);
    expect(readFileSync(path.join(out, 'reports', 'quarterly-2026Q3.pdf'), 'utf8')).toBe('pdf');
  });

  it('has no test switch in the program: the kill points are set only by the test entry', () => {
    const sources = readdirSync(path.join(root, 'pipeline'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const text = (f: string) => readFileSync(path.join(root, 'pipeline', f), 'utf8');
    expect(sources.filter((f) => text(f).includes('SGYP_TEST'))).toEqual([]);
    expect(sources.filter((f) => /\.atStep\s*=[^=]/.test(text(f)))).toEqual([]);
    expect(text('output/outDir.ts')).not.toContain('process.env');
    expect(readFileSync(path.join(root, 'tests/support/killAt.mjs'), 'utf8')).toContain('OutputTransaction.atStep =');
  });
});
