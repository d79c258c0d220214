/**
 * City mode (issue 11 item 5): a city office runs the same pipeline over its counties' ledgers —
 * one subfolder per 县 or a 县 column — with figures by 县, then 乡镇, the documents addressed from the
 * city to the province and a city site. The two-county fixture tests/fixtures/city (甲县 by its
 * folder, 乙县 by a 县（市、区） column; 东山镇 and 项目编号 XM-001 in both) is computed here and built
 * end to end in tests/city.slow.test.ts.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sgyp } from './support/cli.js';
import { defaultProfile, parseProfile } from '../pipeline/config/profile.js';
import { InputError, type Problem } from '../pipeline/errors.js';
import { countyOfPath, matchCountyColumn } from '../pipeline/ingest/columns.js';
import { computeContext } from '../pipeline/run.js';
import { BASE_HEADER, contextOf, problemsOf, project, tempDir, writeLedger } from './support/ledger.js';

import { CITY_PROFILE, type CityStats, FIXTURE } from './support/city.js';

describe('the city profile', () => {
  it('has defaults that fit a city when level is city and the keys are absent', () => {
    const p = parseProfile('level: city\ncity: 示例市\n', 'profile.yaml');
    expect(p).toMatchObject({
      level: 'city',
      city: '示例市',
      office: '市农业农村局',
      issuer: '市“四个一批”工作专班办公室',
      recipient: '省委农办',
      government: '示例市人民政府',
      printer: '市农业农村局',
      levelNames: { county: '县', township: '乡镇', city: '市', counties: '县（市、区）' },
    });
    expect(p.disclosure.publisher).toBe('示例市农业农村局');
    expect(parseProfile('level: city\n', 'profile.yaml')).toMatchObject({ city: '本市', government: '本市人民政府' });
  });

  it('leaves the county defaults as they were', () => {
    expect(defaultProfile()).toMatchObject({
      level: 'county',
      county: '本县',
      office: '县农业农村局',
      issuer: '县“四个一批”工作专班办公室',
      recipient: '市委农办',
      government: '本县人民政府',
      printer: '县农业农村局',
    });
    // the site names the organ with its place (issue 21): the default office with the county's name
    expect(defaultProfile().disclosure.publisher).toBe('本县农业农村局');
    expect(defaultProfile().city).toBeUndefined();
    // a county's publisher is its office when the profile names one
    expect(parseProfile('office: 示例县农业农村局\n', 'p.yaml').disclosure.publisher).toBe('示例县农业农村局');
  });

  it('refuses an unknown level in Chinese', () => {
    let problems: Problem[] = [];
    try {
      parseProfile('level: province\n', 'profile.yaml');
    } catch (e) {
      if (e instanceof InputError) problems = e.problems;
    }
    expect(problems.map((p) => [p.file, p.field])).toEqual([['profile.yaml', 'level']]);
    expect(problems[0]!.message).toMatch(/county.*city/);
  });
});

describe('where a row’s 县 comes from', () => {
  it('the first folder below --data, without its ordinal or a 示例数据 suffix', () => {
    expect(countyOfPath('01-甲县/东山镇.csv')).toBe('甲县');
    expect(countyOfPath('1.乙县/乡镇/南山镇.xlsx')).toBe('乙县');
    expect(countyOfPath('（三）丙旗/a.csv')).toBe('丙旗');
    expect(countyOfPath('丁县-示例数据/a.csv')).toBe('丁县');
    expect(countyOfPath('戊区/a.csv')).toBe('戊区');
    expect(countyOfPath('台账.csv')).toBeNull();
  });

  it('a 县 column under any of its usual headers', () => {
    for (const h of ['县', '县区', '区县', '县（区）', '县(市、区)', '县（市、区）', '旗', '县（旗）', '所属县'])
      expect(matchCountyColumn(h), h).toBe(true);
    for (const h of ['乡镇', '县级主管部门', '村']) expect(matchCountyColumn(h), h).toBe(false);
  });

  it('a file directly in --data with a 县 column, and files in folders, make one city', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'profile.yaml'), CITY_PROFILE);
    writeLedger(dir, '甲县/a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2020, 100, '巩固类']]);
    writeLedger(dir, '全市补报.csv', ['旗', ...BASE_HEADER], [['丙旗', 'A-1', '羊场', '东山镇', 2021, 50, '升级类']]);
    const ctx = await computeContext({ dataDir: dir });
    // in the order the files are read (全市补报.csv before 甲县/), 县 by first appearance
    expect(ctx.counties?.map((c) => [c.name, c.projects, c.investment])).toEqual([
      ['丙旗', 1, 50],
      ['甲县', 1, 100],
    ]);
    expect(ctx.townships.map((t) => [t.county, t.name, t.projects])).toEqual([
      ['丙旗', '东山镇', 1],
      ['甲县', '东山镇', 1],
    ]);
    expect(ctx.projects.map((p) => [p.county, p.id])).toEqual([
      ['丙旗', 'A-1'],
      ['甲县', 'A-1'],
    ]);
  });

  it('a file directly in --data without a 县 column is refused whole, in Chinese', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'profile.yaml'), CITY_PROFILE);
    writeLedger(dir, '甲县/a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2020, 100, '巩固类']]);
    writeLedger(dir, '台账.csv', BASE_HEADER, [['B-1', '羊场', '西河乡', 2020, 100, '巩固类']]);
    const problems = await problemsOf(dir);
    expect(problems).toEqual([
      {
        file: '台账.csv',
        line: 1,
        column: null,
        value: null,
        rule: 'county',
        message:
          '市级台账（配置 level: city）要能看出每个项目属于哪个县：本文件直接放在数据文件夹中，表头也没有“县”列。' +
          '请把它放进以县命名的子文件夹（如 甲县/东山镇.csv），或在表头加一列“县”（县区、县（市、区）、旗 均可）并逐行填写县名',
      },
    ]);
    const res = await sgyp('check', '--data', dir);
    expect(res.code).toBe(1);
    expect(res.err).toContain('台账.csv:1: 错误：市级台账（配置 level: city）要能看出每个项目属于哪个县');
  });

  it('an empty 县 cell where no folder names the 县, and a 县 cell that contradicts its folder, are errors on the row', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'profile.yaml'), CITY_PROFILE);
    writeLedger(
      dir,
      '补报.csv',
      ['县（市、区）', ...BASE_HEADER],
      [
        ['甲县', 'A-1', '牛场', '东山镇', 2020, 100, '巩固类'],
        ['', 'A-2', '羊场', '东山镇', 2020, 100, '巩固类'],
      ],
    );
    writeLedger(dir, '01-甲县/b.csv', ['县', ...BASE_HEADER], [['乙县', 'B-1', '茶园', '西河乡', 2020, 100, '巩固类']]);
    const problems = await problemsOf(dir);
    expect(problems.map((p) => [p.file, p.line, p.column, p.value, p.rule, p.message])).toEqual([
      [
        '01-甲县/b.csv',
        2,
        '县',
        '乙县',
        'county-mismatch',
        '与台账所在文件夹的县“甲县”不一致：同一行的县只能有一个，请改正“县”列或把文件放进该县的文件夹',
      ],
      ['补报.csv', 3, '县（市、区）', null, 'required', '必填项为空'],
    ]);
  });

  it('项目编号 may repeat across 县, never within one', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'profile.yaml'), CITY_PROFILE);
    writeLedger(dir, '01-甲县/a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2020, 100, '巩固类']]);
    writeLedger(dir, '01-甲县/b.csv', BASE_HEADER, [['A-1', '羊场', '西河乡', 2020, 100, '巩固类']]);
    writeLedger(dir, '02-乙县/a.csv', BASE_HEADER, [['A-1', '茶园', '南山镇', 2020, 100, '巩固类']]);
    const problems = await problemsOf(dir);
    expect(problems.map((p) => [p.file, p.line, p.column, p.value, p.message])).toEqual([
      ['01-甲县/b.csv', 2, '项目编号', 'A-1', '项目编号在同一县内重复，已在 01-甲县/a.csv:2 出现过'],
    ]);
  });

  it('a county reads a 县 column as before (ignored) and its folders are not 县', async () => {
    const ctx = await contextOf([project('A-1', { 县: '甲县' })], '2026-09-30', {
      files: { '01-甲县/b.csv': [project('B-1', { 县: '乙县', 类别: '升级类', 进展状态: '推进中' })] },
    });
    expect(ctx.counties).toBeUndefined();
    expect(ctx.ranking.counties).toBeUndefined();
    expect(ctx.townships).toEqual([{ name: '东山镇', projects: 2, investment: 200, counts: { 巩固: 1, 升级: 1, 盘活: 0, 调整: 0 } }]);
    expect(Object.keys(ctx.projects[0]!)).not.toContain('county');
    const dir = tempDir();
    writeLedger(dir, '01-甲县/a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2020, 100, '巩固类']]);
    writeLedger(dir, '02-乙县/a.csv', BASE_HEADER, [['A-1', '茶园', '南山镇', 2020, 100, '巩固类']]);
    expect((await problemsOf(dir)).map((p) => p.message)).toEqual(['项目编号重复，已在 01-甲县/a.csv:2 出现过']);
  });
});

describe('a city’s changes are matched by 县 and 项目编号', () => {
  it('A-2 leaving 乙县 and A-2 entering 甲县 are two projects, through the history snapshot', async () => {
    const then = tempDir();
    writeFileSync(path.join(then, 'profile.yaml'), CITY_PROFILE);
    writeLedger(then, '甲县/a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2020, 100, '巩固类']]);
    writeLedger(
      then,
      '乙县/b.csv',
      [...BASE_HEADER, '进展状态'],
      [
        ['A-1', '茶园', '南山镇', 2020, 100, '升级类', '推进中'],
        ['A-2', '民宿', '南山镇', 2021, 60, '巩固类', ''],
      ],
    );
    const now = tempDir();
    writeFileSync(path.join(now, 'profile.yaml'), CITY_PROFILE);
    writeLedger(now, '甲县/a.csv', BASE_HEADER, [
      ['A-1', '牛场', '东山镇', 2020, 100, '巩固类'],
      ['A-2', '菌棚', '东山镇', 2022, 30, '巩固类'],
    ]);
    writeLedger(now, '乙县/b.csv', BASE_HEADER, [['A-1', '茶园', '南山镇', 2020, 100, '巩固类']]);
    const out = path.join(tempDir(), 'out');
    expect((await sgyp('stats', '--data', then, '--out', out, '--as-of', '2026-06-30', '--quiet')).code).toBe(0);
    expect((await sgyp('stats', '--data', now, '--out', out, '--quiet')).code).toBe(0);
    const changes = JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8')).changes;
    expect(changes.since).toBe('2026-06-30');
    expect(changes.added.items).toEqual([{ id: 'A-2', name: '菌棚', county: '甲县', township: '东山镇', from: null, to: '巩固' }]);
    expect(changes.removed.items).toEqual([{ id: 'A-2', name: '民宿', county: '乙县', township: '南山镇', from: '巩固', to: null }]);
    expect(changes.reclassified.items).toEqual([{ id: 'A-1', name: '茶园', county: '乙县', township: '南山镇', from: '升级', to: '巩固' }]);
    expect(changes.projects).toEqual({ before: 3, now: 3 });
  });
});

// sampled: the city's figures from a stats run; city.slow.test.ts builds it end to end (documents and site)
describe('the two-county city (tests/fixtures/city), its figures', () => {
  let out: string;
  let stats: CityStats;

  beforeAll(async () => {
    out = path.join(tempDir('sgyp-city-'), 'out');
    const res = await sgyp('stats', '--data', FIXTURE, '--out', out, '--quiet');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    stats = JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8'));
  }, 240_000);
  afterAll(() => rmSync(path.dirname(out), { recursive: true, force: true }));

  it('stats.json: the city, its figures by 县 and by 乡镇 within each 县, exactly', () => {
    expect(stats).toMatchObject({ asOf: '2026-09-30', level: 'city', city: '示例市', sample: true });
    expect(stats.county).toBeUndefined();
    expect(stats.total).toEqual({ projects: 10, investment: 1360, households: 260, assetValue: 1360 });
    expect(stats.byCounty).toEqual({
      甲县: {
        projects: 5,
        investment: 750,
        巩固: 2,
        升级: 1,
        盘活: 1,
        调整: 1,
        byTownship: {
          东山镇: { projects: 3, investment: 500, 巩固: 1, 升级: 1, 盘活: 1, 调整: 0 },
          西河乡: { projects: 2, investment: 250, 巩固: 1, 升级: 0, 盘活: 0, 调整: 1 },
        },
      },
      乙县: {
        projects: 5,
        investment: 610,
        巩固: 2,
        升级: 1,
        盘活: 1,
        调整: 1,
        byTownship: {
          南山镇: { projects: 2, investment: 410, 巩固: 1, 升级: 1, 盘活: 0, 调整: 0 },
          东山镇: { projects: 2, investment: 130, 巩固: 0, 升级: 0, 盘活: 1, 调整: 1 },
          北岭乡: { projects: 1, investment: 70, 巩固: 1, 升级: 0, 盘活: 0, 调整: 0 },
        },
      },
    });
    expect(stats.byTownship).toEqual({
      '甲县/东山镇': { 巩固: 1, 升级: 1, 盘活: 1, 调整: 0 },
      '甲县/西河乡': { 巩固: 1, 升级: 0, 盘活: 0, 调整: 1 },
      '乙县/南山镇': { 巩固: 1, 升级: 1, 盘活: 0, 调整: 0 },
      '乙县/东山镇': { 巩固: 0, 升级: 0, 盘活: 1, 调整: 1 },
      '乙县/北岭乡': { 巩固: 1, 升级: 0, 盘活: 0, 调整: 0 },
    });
    expect(stats.ranking.counties).toEqual([
      { name: '乙县', tasks: 3, done: 2, rate: 66.7, rank: 1, overdue: 0, red: 1, owed: 0 },
      { name: '甲县', tasks: 3, done: 1, rate: 33.3, rank: 2, overdue: 1, red: 2, owed: 6 },
    ]);
    expect(stats.ranking.total).toEqual({ name: '合计', tasks: 6, done: 3, rate: 50, rank: null, overdue: 1, red: 3, owed: 6 });
    // the totals are the sums over the counties
    const counties = Object.values(stats.byCounty);
    expect(counties.reduce((a, c) => a + c.projects, 0)).toBe(10);
    expect(counties.reduce((a, c) => a + c.investment, 0)).toBe(1360);
    // XM-001 is two projects, one in each 县, each with its own warning
    expect(stats.warnings.items.map((w) => [w.county, w.id, w.level])).toEqual([
      ['乙县', 'YX-005', 'red'],
      ['甲县', 'JX-003', 'red'],
      ['甲县', 'XM-001', 'red'],
      ['乙县', 'YX-003', 'yellow'],
    ]);
    expect(stats.dividends.items).toEqual([
      expect.objectContaining({ id: 'XM-001', county: '甲县', township: '西河乡', agreed: 10, received: 4, owed: 6 }),
    ]);
  });
});

describe('a city folder needs no profile keys beyond its level', () => {
  it('the defaults address the province', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, '甲县'));
    writeFileSync(path.join(dir, 'profile.yaml'), 'level: city\ncity: 示例市\n');
    writeLedger(dir, '甲县/a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2020, 100, '巩固类']]);
    const ctx = await computeContext({ dataDir: dir, asOf: '2026-09-30' });
    const { buildQuarterlyReport } = await import('../pipeline/render/documents/model.js');
    const doc = buildQuarterlyReport(ctx);
    expect(doc.masthead?.issuer).toBe('示例市“四个一批”工作专班办公室');
    expect(doc.recipient).toBe('省委农办：');
    expect(doc.imprint?.printer).toBe('示例市农业农村局');
    expect(doc.attachments[0]!.rows.map((r) => r.name)).toEqual(['甲县小计', '东山镇']);
  });
});
