/**
 * The workbooks sgyp writes for clerks open in a real spreadsheet program: LibreOffice Calc converts
 * the ledger template and an annotated ledger (--annotate) headless to PDF, and the pages hold the
 * headers, the values and the messages. Needs `soffice` and `pdftotext` (CI: apt-get install -y
 * libreoffice-calc-nogui poppler-utils).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.js';
import { BASE_HEADER } from '../support/ledger.js';

const hasSoffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

/** Convert a workbook to PDF with LibreOffice Calc and return the PDF's text (spaces removed). */
function calcText(file: string, work: string): string {
  const profile = mkdtempSync(path.join(work, 'lo-profile-'));
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', work, file], {
    stdio: 'pipe',
    timeout: 120_000,
  });
  const pdf = path.join(work, `${path.basename(file).replace(/\.xlsx$/, '')}.pdf`);
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

describe('workbooks for clerks open in LibreOffice Calc', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'sgyp-calc-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('has soffice installed', () => {
    expect(hasSoffice, '需要 LibreOffice：apt-get install -y libreoffice-calc-nogui poppler-utils').toBe(true);
  });

  it('opens the ledger template: instructions and every required header', async () => {
    const file = path.join(work, '台账模板.xlsx');
    const lines: string[] = [];
    const code = await main(['template', '--out', file], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code, lines.join('\n')).toBe(0);
    const text = calcText(file, work);
    for (const h of ['填表说明', '项目编号', '项目名称', '乡镇', '建设年度', '投入帮扶资金（万元）', '类别', '运营状态', '进展状态']) {
      expect(text).toContain(h);
    }
  });

  it('opens an annotated ledger: the error list and the ledger with its bad value', async () => {
    const data = mkdtempSync(path.join(work, 'data-'));
    const notes = path.join(work, '批注');
    writeFileSync(
      path.join(data, '东山镇.csv'),
      `东山镇台账\n${BASE_HEADER.join(',')}\nHX-1,牛场,东山镇,2019,abc,巩固类\nHX-2,羊场,东山镇,2020,30,盘活类\n`,
    );
    const lines: string[] = [];
    const code = await main(['check', '--data', data, '--as-of', '2026-09-30', '--annotate', notes], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
    });
    expect(code, lines.join('\n')).toBe(1);
    // the workbook, and the list of what the program wrote there (so that a workbook the clerk edited is kept)
    expect(readdirSync(notes).sort(), lines.join('\n')).toEqual(['.sgyp-manifest.json', '东山镇.批注.xlsx']);
    const text = calcText(path.join(notes, '东山镇.批注.xlsx'), work);
    expect(text).toContain('问题及应填写');
    expect(text).toContain('应为不小于0的数字');
    expect(text).toContain('HX-1牛场东山镇2019abc巩固类');
  });
});
