/**
 * The ledger of 36 MB, complete tier (`npm run test:all`): tests/robust.test.ts checks it streamed;
 * here it is read whole (a quoted cell near the end makes it not plain) and as GB18030, and the error
 * lands on the same row; and every row is counted in a full computation.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { computeContext } from '../pipeline/run.js';
import { tempDir } from './support/ledger.js';
import { bigLedgerText, check } from './support/robust.js';

describe('a ledger of tens of megabytes, read whole and computed', () => {
  it('places an error on the same row as the streamed read, read whole or as GB18030', async () => {
    const text = bigLedgerText();
    const variants = {
      // a quoted cell near the end: the file is not plain, and is read whole
      quoted: text.replace('\nA-99999,', '\n"A-99999",'),
      gb18030: iconv.encode(text, 'gb18030'),
    };
    for (const [name, body] of Object.entries(variants)) {
      const dir = tempDir();
      writeFileSync(path.join(dir, 'a.csv'), body);
      const res = await check(dir);
      expect(res.code, name).toBe(1);
      expect(res.text, name).toContain('a.csv:95004: 错误：列“建设年度”，值“二〇一九”');
      expect(res.text, name).toContain('共 1 处错误');
    }
  });

  it('counts every row of it, streamed, in a full computation', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.csv'), bigLedgerText().replace('二〇一九', '2019'));
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    expect(ctx.rows).toMatchObject({ read: 100_002, counted: 100_000, leftOut: 2 });
    expect(ctx.rows.files[0]).toMatchObject({ encoding: 'utf-8', headerLine: 2, blank: 2 });
  });
});
