/**
 * `sgyp template`: the ledger workbook a township fills. Read back with exceljs (sheets, header,
 * notes, frozen pane, validations, formats), filled in and run through the real pipeline (round
 * trip), with the county's own labels, and never written over a clerk's file.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import PizZip from 'pizzip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sgyp } from './support/cli.js';
import { defaultProfile, parseProfile } from '../pipeline/config/profile.js';
import { InputError } from '../pipeline/errors.js';
import { COLUMNS } from '../pipeline/ingest/columns.js';
import { mapHeader } from '../pipeline/ingest/header.js';
import { computeContext, writeTemplate } from '../pipeline/run.js';
import { GUIDE_SHEET, LEDGER_SHEET, renderLedgerTemplate, TEMPLATE_ROWS } from '../pipeline/template/ledgerTemplate.js';
import {
  CATEGORIES,
  OPERATING_MODES,
  OPERATING_STATES_ACCEPTED,
  PROGRESS_STATES,
  RECORDED_RISKS,
  SEVERITIES,
} from '../pipeline/vocabulary.js';
import { problemsOf, tempDir } from './support/ledger.js';

type Validation = ExcelJS.DataValidation;

async function open(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** A cell note's text, however exceljs read it (a plain string or rich text). */
function noteText(cell: ExcelJS.Cell): string {
  const note = cell.note as string | ExcelJS.Comment | undefined;
  if (note === undefined) return '';
  return typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join('');
}

/** The validation exceljs read for a cell (it expands each range into its cells). */
function validationAt(ws: ExcelJS.Worksheet, address: string): Validation | undefined {
  return (ws as unknown as { dataValidations: { model: Record<string, Validation> } }).dataValidations.model[address];
}

const letterOf = (header: string) => {
  const i = COLUMNS.findIndex((c) => c.header === header);
  if (i < 0) throw new Error(`no column ${header}`);
  // at most 52 columns: A…Z, AA…AZ
  return i < 26 ? String.fromCharCode(65 + i) : `A${String.fromCharCode(65 + i - 26)}`;
};

const DAZU_PROFILE = `county: 大足区
levelNames: { county: 区, township: 镇街 }
labels: { 巩固: 优势类, 升级: 薄弱类, 盘活: 闲置类, 调整: 淘汰类 }
thresholds: { firstYear: 2014 }
`;

describe('the template workbook', async () => {
  const dir = tempDir();
  const file = path.join(dir, '台账模板.xlsx');
  await writeTemplate({ outFile: file });
  const wb = await open(file);
  const ws = wb.getWorksheet(LEDGER_SHEET)!;

  it('has the instructions first, then the ledger sheet, and is marked as ours', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([GUIDE_SHEET, LEDGER_SHEET]);
    expect(wb.creator).toBe('sgyp');
    expect(wb.keywords).toBe('sgyp:ledger-template');
    expect(wb.title).toBe('本县经营性帮扶项目资产台账（模板）');
    expect(wb.created?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('has every canonical header in row 1, a note on each, and the header row frozen', () => {
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(COLUMNS.map((c) => c.header));
    expect(ws.getRow(2).hasValues).toBe(false);
    COLUMNS.forEach((col, i) => {
      const text = noteText(ws.getRow(1).getCell(i + 1));
      expect(text.startsWith(col.required ? '必填。' : col.key === 'completed_date' ? '条件必填。' : '选填。'), col.header).toBe(true);
    });
    const categoryNote = noteText(ws.getCell(`${letterOf('类别')}1`));
    expect(categoryNote).toContain('从下拉列表选：巩固类、升级类、盘活类、调整类');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
    // headers fit: every column at least as wide as its header (a Han character is two units)
    COLUMNS.forEach((col, i) => {
      const units = [...col.header].reduce((n, ch) => n + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0);
      expect(ws.getColumn(i + 1).width, col.header).toBeGreaterThanOrEqual(units + 2);
    });
  });

  it('offers a drop-down list for every closed vocabulary, rows 2…1001', () => {
    const lists: [string, readonly string[]][] = [
      ['类别', ['巩固类', '升级类', '盘活类', '调整类']],
      ['运营状态', OPERATING_STATES_ACCEPTED],
      ['进展状态', PROGRESS_STATES],
      ['运营方式', OPERATING_MODES],
      ['是否脱贫村', ['是', '否']],
      ['本金是否收回', ['是', '否']],
      ['闲置程度', SEVERITIES],
    ];
    for (const [header, values] of lists) {
      const col = letterOf(header);
      for (const row of [2, TEMPLATE_ROWS + 1]) {
        expect(validationAt(ws, `${col}${row}`), `${header}${row}`).toMatchObject({
          type: 'list',
          allowBlank: true,
          formulae: [`"${values.join(',')}"`],
          showErrorMessage: true,
        });
      }
      expect(validationAt(ws, `${col}1`)).toBeUndefined();
      expect(validationAt(ws, `${col}${TEMPLATE_ROWS + 2}`)).toBeUndefined();
    }
  });

  it('lets 风险情形 hold several terms: a list without an error message, the terms in the input message', () => {
    const v = validationAt(ws, `${letterOf('风险情形')}2`)!;
    const terms = [...RECORDED_RISKS.red, ...RECORDED_RISKS.yellow, ...RECORDED_RISKS.other];
    expect(v.type).toBe('list');
    expect(v.formulae).toEqual([`"${terms.join(',')}"`]);
    expect(v.showErrorMessage).toBeFalsy();
    expect(v.showInputMessage).toBe(true);
    for (const t of terms) expect(v.prompt).toContain(t);
    expect(v.prompt).toContain('用“；”分隔');
  });

  it('checks dates, amounts, years and counts, and formats them', () => {
    const at = (header: string) => validationAt(ws, `${letterOf(header)}500`);
    for (const header of ['停用日期', '合同到期日期', '应分红日期', '本金到期日期', '计划完成日期', '完成日期']) {
      expect(at(header), header).toMatchObject({ type: 'date', operator: 'between', showErrorMessage: true });
      expect(at(header)!.formulae.map((d: Date) => d.toISOString().slice(0, 10))).toEqual(['2012-01-01', '2100-12-31']);
      expect(ws.getColumn(letterOf(header)).numFmt, header).toBe('yyyy-mm-dd');
    }
    for (const header of ['投入帮扶资金（万元）', '资产原值（万元）', '约定分红（万元）', '实际分红（万元）']) {
      expect(at(header), header).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] });
      expect(ws.getColumn(letterOf(header)).numFmt, header).toBe('0.00');
    }
    for (const header of ['前年净收益（万元）', '上年净收益（万元）', '本年净收益（万元）']) {
      expect(at(header), header).toMatchObject({ type: 'decimal', operator: 'between' });
      expect(at(header)!.formulae[0]).toBeLessThan(0);
    }
    for (const header of ['设计产能', '实际产能']) expect(at(header)).toMatchObject({ type: 'decimal', formulae: [0] });
    expect(at('建设年度')).toMatchObject({ type: 'whole', operator: 'between', formulae: [2012, 2100] });
    expect(at('带动脱贫户数')).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(at('项目编号')).toBeUndefined();
    expect(ws.getColumn(letterOf('项目编号')).numFmt).toBe('@');
  });

  it('explains every column on 填表说明, which the reader never takes for a ledger', () => {
    const guide = wb.getWorksheet(GUIDE_SHEET)!;
    const rows: string[][] = [];
    guide.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))));
    });
    expect(rows[0]![0]).toBe('本县经营性帮扶项目资产“四个一批”台账  填表说明');
    for (const col of COLUMNS) expect(rows.some((r) => r[1] === col.header)).toBe(true);
    expect(rows.map((r) => mapHeader(r)).filter(Boolean)).toEqual([]);
    const text = rows.flat().join('\n');
    for (const words of ['一行填一个项目', '不要合并单元格', '万元', '2026-04-29']) expect(text).toContain(words);
  });

  it('gives equal bytes for an equal profile, whatever the clock says', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2020-03-04T05:06:07Z'));
      const a = await renderLedgerTemplate(defaultProfile());
      vi.setSystemTime(new Date('2031-11-12T13:14:15Z'));
      const b = await renderLedgerTemplate(defaultProfile());
      expect(a.equals(b)).toBe(true);
      expect(a.equals(readFileSync(file))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the template, filled in, is a ledger the pipeline reads', () => {
  const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

  it('round trip: every category and state, real dates and numbers, exact counts', async () => {
    const dir = tempDir();
    const blank = path.join(dir, 'blank.xlsx');
    await writeTemplate({ outFile: blank });
    const wb = await open(blank);
    const ws = wb.getWorksheet(LEDGER_SHEET)!;
    // one row per accepted 运营状态, cycling through categories, progress states and modes
    const labels = ['巩固类', '升级类', '盘活类', '调整类'];
    const rows = OPERATING_STATES_ACCEPTED.map((state, i) => {
      const progress = PROGRESS_STATES[i % PROGRESS_STATES.length]!;
      const done = progress === '已完成' || progress === '已销号';
      return {
        项目编号: `T-${String(i + 1).padStart(3, '0')}`,
        项目名称: `项目${i + 1}`,
        乡镇: i < 5 ? '东山镇' : '西河乡',
        村: `${i + 1}村`,
        是否脱贫村: i % 2 ? '是' : '否',
        建设年度: 2015 + i,
        '投入帮扶资金（万元）': 10.5 * (i + 1),
        类别: labels[i % 4]!,
        运营方式: OPERATING_MODES[i % OPERATING_MODES.length]!,
        运营状态: state,
        进展状态: progress,
        完成日期: done ? utc('2026-08-15') : null,
        计划完成日期: utc('2026-12-31'),
        带动脱贫户数: i,
      } as Record<string, string | number | Date | null>;
    });
    // a contract that ends within the month of the as-of date, dividends, a risk pair, severity
    Object.assign(rows[0]!, {
      合同到期日期: utc('2026-10-10'),
      应分红日期: utc('2026-03-31'),
      '约定分红（万元）': 6,
      '实际分红（万元）': 2.5,
    });
    Object.assign(rows[2]!, { 风险情形: '收益过低；分配使用不规范', 闲置程度: '重大', 停用日期: utc('2025-01-01') });
    Object.assign(rows[3]!, { '上年净收益（万元）': -3.5, '本年净收益（万元）': 1.25 });
    rows.forEach((r, i) => {
      COLUMNS.forEach((col, c) => {
        const v = r[col.header];
        if (v != null) ws.getRow(i + 2).getCell(c + 1).value = v;
      });
    });
    const data = path.join(dir, 'data');
    mkdirSync(data);
    await wb.xlsx.writeFile(path.join(data, '东山镇.xlsx'));

    const ctx = await computeContext({ dataDir: data, asOf: '2026-09-30' });
    expect(ctx.rows.files).toMatchObject([{ file: '东山镇.xlsx', sheet: LEDGER_SHEET, headerLine: 1, read: 9, counted: 9, leftOut: 0 }]);
    const n = OPERATING_STATES_ACCEPTED.length;
    expect(ctx.total.projects).toBe(n);
    expect(ctx.total.investment).toBeCloseTo((10.5 * n * (n + 1)) / 2, 6);
    expect(ctx.total.households).toBe((n * (n - 1)) / 2);
    const expected = Object.fromEntries(CATEGORIES.map((c, k) => [c, rows.filter((_, i) => i % 4 === k).length]));
    expect(Object.fromEntries(CATEGORIES.map((c) => [c, ctx.byCategory[c].projects]))).toEqual(expected);
    expect(ctx.byCategory.巩固.investment).toBeCloseTo(10.5 * (1 + 5 + 9), 6);
    // every state read as written
    expect(ctx.projects.map((p) => p.operatingState).sort()).toEqual([...OPERATING_STATES_ACCEPTED].sort());
    // dates came through as dates: the contract warning, the completions of the quarter
    expect(ctx.warnings.list.items.find((w) => w.id === 'T-001')?.reasons).toContain('合同距到期不足1个月');
    const doneInQuarter = CATEGORIES.filter((c) => c !== '巩固').reduce(
      (s, c) => s + ctx.progress[c as '升级' | '盘活' | '调整'].completedThisQuarter,
      0,
    );
    const doneRows = rows.filter((r) => r.完成日期 && r.类别 !== '巩固类').length;
    expect(doneInQuarter).toBe(doneRows);
    expect(ctx.dividends).toMatchObject({ projects: 1, agreed: 6, received: 2.5, owed: 3.5 });
    expect(ctx.warnings.list.items.find((w) => w.id === 'T-003')?.reasons).toEqual(expect.arrayContaining(['收益过低', '分配使用不规范']));
  });

  it('a blank template in the data folder is named as holding no project; 填表说明 is left alone', async () => {
    const data = tempDir();
    await writeTemplate({ outFile: path.join(data, 'blank.xlsx') });
    const problems = await problemsOf(data);
    expect(problems.map((p) => [p.file, p.rule, p.message])).toEqual([
      ['blank.xlsx[台账]', 'no-projects', '没有任何项目：表头（第1行）以下没有数据行；所有台账合计没有一个项目，无法统计'],
    ]);
  });
});

describe('the county’s own labels', () => {
  it('puts the profile’s labels and county into the template, and the filled rows count under them', async () => {
    const data = tempDir();
    writeFileSync(path.join(data, 'profile.yaml'), DAZU_PROFILE);
    const out = path.join(tempDir(), '大足台账模板.xlsx');
    const res = await sgyp('template', '--data', data, '--out', out);
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(res.out).toContain('已写出大足区台账模板：类别可选 优势类、薄弱类、闲置类、淘汰类。请发给各镇街填写。');
    const wb = await open(out);
    const ws = wb.getWorksheet(LEDGER_SHEET)!;
    const category = validationAt(ws, `${letterOf('类别')}2`)!;
    expect(category.formulae).toEqual(['"优势类,薄弱类,闲置类,淘汰类"']);
    expect(validationAt(ws, `${letterOf('建设年度')}2`)!.formulae).toEqual([2014, 2100]);
    expect(ws.getCell(`${letterOf('类别')}1`).value).toBe('类别');
    const guide = wb.getWorksheet(GUIDE_SHEET)!;
    expect(guide.getCell('A1').value).toBe('大足区经营性帮扶项目资产“四个一批”台账  填表说明');

    ['优势类', '薄弱类', '闲置类', '淘汰类', '闲置类'].forEach((label, i) => {
      const row = ws.getRow(i + 2);
      const set = (header: string, v: string | number) => {
        row.getCell(letterOf(header)).value = v;
      };
      set('项目编号', `DZ-${i + 1}`);
      set('项目名称', `资产${i + 1}`);
      set('乡镇', '龙水镇');
      set('建设年度', 2018);
      set('投入帮扶资金（万元）', 100);
      set('类别', label);
      if (i === 4) set('闲置程度', '重大');
    });
    await wb.xlsx.writeFile(path.join(data, '龙水镇.xlsx'));
    const ctx = await computeContext({ dataDir: data, asOf: '2026-09-30' });
    expect(ctx.labels).toEqual({ 巩固: '优势类', 升级: '薄弱类', 盘活: '闲置类', 调整: '淘汰类' });
    expect(Object.fromEntries(CATEGORIES.map((c) => [c, ctx.byCategory[c].projects]))).toEqual({ 巩固: 1, 升级: 1, 盘活: 2, 调整: 1 });
    expect(ctx.total.investment).toBe(500);
  });

  it('refuses a profile label the reader would not take (input error naming the key)', async () => {
    const dir = tempDir();
    const profileFile = path.join(dir, 'p.yaml');
    writeFileSync(profileFile, 'labels: { 升级: 优秀类 }\n');
    const profile = parseProfile(readFileSync(profileFile, 'utf8'), profileFile);
    await expect(renderLedgerTemplate(profile)).rejects.toBeInstanceOf(InputError);
    const res = await sgyp('template', '--profile', profileFile, '--out', path.join(dir, 't.xlsx'));
    expect(res.code).toBe(1);
    expect(res.err).toContain('配置项“labels.升级”，值“优秀类”：台账读取时认不出这个类别叫法');
    expect(readdirSync(dir)).toEqual(['p.yaml']);
  });
});

describe('writing the template', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('never overwrites a file it did not write, nor a template someone filled in', async () => {
    const dir = tempDir();
    const ledger = path.join(dir, '东山镇.xlsx');
    const clerk = readFileSync(path.join(import.meta.dirname, '../data/05-石峡乡-示例数据.xlsx'));
    writeFileSync(ledger, clerk);
    const res = await sgyp('template', '--out', ledger);
    expect(res.code).toBe(2);
    expect(res.err).toContain(`${ledger} 已存在，它不是本程序生成的台账模板，为免覆盖，本次未写入。`);
    expect(readFileSync(ledger).equals(clerk)).toBe(true);

    // a template of ours, still blank: replaced
    const mine = path.join(dir, '模板.xlsx');
    expect((await sgyp('template', '--out', mine)).code).toBe(0);
    expect((await sgyp('template', '--out', mine, '--data', path.join(import.meta.dirname, '../data'))).code).toBe(0);
    expect((await open(mine)).title).toBe('示例县经营性帮扶项目资产台账（模板）');

    // the same template with one row filled in is a ledger now
    const wb = await open(mine);
    wb.getWorksheet(LEDGER_SHEET)!.getCell('A2').value = 'X-1';
    await wb.xlsx.writeFile(mine);
    const before = readFileSync(mine);
    const again = await sgyp('template', '--out', mine);
    expect(again.code).toBe(2);
    expect(again.err).toContain('它的工作表“台账”已填有数据，是一份台账');
    expect(readFileSync(mine).equals(before)).toBe(true);
    // no temporary file left behind
    expect(readdirSync(dir).sort()).toEqual(['东山镇.xlsx', '模板.xlsx']);
  });

  it('never replaces a template someone saved again, and says in Chinese why a place cannot be written', async () => {
    const dir = tempDir();
    const mine = path.join(dir, '模板.xlsx');
    expect((await sgyp('template', '--out', mine)).code).toBe(0);
    // opened and saved in WPS: who and when saved it change, the sheets stay blank
    const zip = new PizZip(readFileSync(mine));
    zip.file(
      'docProps/core.xml',
      zip.file('docProps/core.xml')!.asText().replace('<cp:lastModifiedBy>sgyp<', '<cp:lastModifiedBy>办公室<'),
    );
    const saved = zip.generate({ type: 'nodebuffer' });
    writeFileSync(mine, saved);
    const res = await sgyp('template', '--out', mine);
    expect(res.code).toBe(2);
    expect(res.err).toContain(`${mine} 已存在，它在本程序写出后被另存过，可能有人修改过，为免覆盖，本次未写入。`);
    expect(readFileSync(mine).equals(saved)).toBe(true);
    // a folder that is a file, and a folder that cannot be written
    const file = path.join(dir, '文件');
    writeFileSync(file, 'x');
    const under = await sgyp('template', '--out', path.join(file, 't.xlsx'));
    expect(under).toMatchObject({
      code: 2,
      err: `错误：无法写入 ${path.join(file, 't.xlsx')}：${file} 是一个文件，不是文件夹。未写入任何文件。`,
    });
    const sys = await sgyp('template', '--out', '/sys/sgyp-模板.xlsx');
    expect(sys.code).toBe(2);
    expect(sys.err).toMatch(
      /^错误：无法写入 \/sys\/sgyp-模板\.xlsx：(没有写入权限|不允许写入（权限不足或是系统目录）|所在磁盘是只读的)。未写入任何文件。$/,
    );
    expect(readdirSync(dir).sort()).toEqual(['文件', '模板.xlsx']);
  });

  it('usage: --out is required and must name an .xlsx file; check’s options are refused', async () => {
    const missing = await sgyp('template');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('template 需要 --out 文件，如 --out 台账模板.xlsx');
    const csv = await sgyp('template', '--out', path.join(tempDir(), 't.csv'));
    expect(csv.code).toBe(2);
    expect(csv.err).toContain('--out 应为以 .xlsx 结尾的文件名');
    const asOf = await sgyp('template', '--out', path.join(tempDir(), 't.xlsx'), '--as-of', '2026-09-30');
    expect(asOf.code).toBe(2);
    expect(asOf.err).toContain('template 命令没有 --as-of 选项');
    const noData = await sgyp('template', '--out', path.join(tempDir(), 't.xlsx'), '--data', path.join(tempDir(), 'nope'));
    expect(noData.code).toBe(1);
    expect(noData.err).toContain('数据目录不存在或不是文件夹');
    const help = await sgyp('--help');
    expect(help.out).toContain('sgyp template --out 台账模板.xlsx [--data 目录] [--profile 文件]');
  });
});
