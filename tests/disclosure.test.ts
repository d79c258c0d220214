/**
 * 主动公开 (issue 21): the disclosure metadata the site prints — 索引号 that never move, the organ
 * that publishes, only documents that exist, the 公示 pages' own metadata, a change block that closes
 * — and personal numbers refused in every published column in the forms people type them.
 */
import { describe, expect, it } from 'vitest';
import { assignIndexNumbers } from '../pipeline/config/documents.js';
import { parseProfile } from '../pipeline/config/profile.js';
import { toPublicSiteData } from '../pipeline/render/site/publicData.js';
import { loadFixtureContext } from './fixtures/site/siteFiles.js';
import { BASE_HEADER, problemsOf, tempDir, writeLedger } from './support/ledger.js';

describe('personal numbers in published columns, in the forms people type them', () => {
  const forms: [string, string][] = [
    ['mobile with spaces', '养殖场 139 1234 5678'],
    ['mobile with dashes', '养殖场139-1234-5678'],
    ['mobile with dots', '养殖场（139.1234.5678）'],
    ['mobile with +86', '养殖场+8613912345678'],
    ['mobile with 0086 and a space', '养殖场 0086 13912345678'],
    ['full-width mobile', '养殖场１３９１２３４５６７８'],
    ['landline with its dash', '冷库0971-8123456'],
    ['landline without the dash', '冷库09718123456'],
    ['landline in brackets', '冷库（0971）8123456'],
    ['15-digit ID card', '加工厂632122800101123'],
    ['18-digit ID card with its check digit', '加工厂11010519491231002X'],
    ['18-digit ID card split by spaces', '加工厂110105 19491231 002X'],
  ];
  it.each(forms)('refuses a %s in 项目名称, naming the cell', async (_, name) => {
    const data = tempDir();
    writeLedger(data, 'a.csv', BASE_HEADER, [
      ['A-1', '牛场', '东山镇', 2019, 10, '巩固类'],
      ['A-2', name, '东山镇', 2019, 10, '巩固类'],
    ]);
    const problems = await problemsOf(data);
    expect(problems.map((p) => [p.line, p.column, p.rule, p.value])).toEqual([[3, '项目名称', 'personal-data', name]]);
  });

  it('refuses a phone number typed as 项目编号 (a published column)', async () => {
    const data = tempDir();
    writeLedger(data, 'a.csv', BASE_HEADER, [
      ['13912345678', '牛场', '东山镇', 2019, 10, '巩固类'],
      ['A-2', '羊场', '东山镇', 2019, 10, '巩固类'],
    ]);
    const problems = await problemsOf(data);
    expect(problems.map((p) => [p.line, p.column, p.rule])).toEqual([[2, '项目编号', 'personal-data']]);
  });

  it('lets through what only looks like a number: codes, years, amounts and an 18-digit code with a wrong check digit', async () => {
    const data = tempDir();
    writeLedger(data, 'a.csv', BASE_HEADER, [
      ['HZ-2014-00260', '2019-2021年冷库项目', '东山镇', 2019, 10, '巩固类'],
      ['QL-2019-001', '年产10000吨饲料加工厂', '东山镇', 2019, 10, '巩固类'],
      ['110105194912310021', '光伏电站（编码110105194912310021）', '东山镇', 2019, 10, '巩固类'],
      ['SL-2020-12345678', '设施农业 2026.04.29 投产', '东山镇', 2019, 10, '巩固类'],
      ['X-1', '牛\u0007场', '东山镇', 2019, 10, '巩固类'],
    ]);
    // only the control character is a problem: none of the numbers is personal data
    const problems = await problemsOf(data);
    expect(problems.map((p) => [p.line, p.rule])).toEqual([[6, 'control-char']]);
  });
});

describe('索引号 that never move', () => {
  const doc = (slug: string, published: string, more: Record<string, unknown> = {}) => ({
    slug,
    title: slug,
    written: published,
    published,
    ...more,
  });
  const profile = (documents: unknown[]) =>
    parseProfile(JSON.stringify({ disclosure: { orgCode: '11639901X' }, documents }), '/tmp/profile.json');

  it('numbers by 发布日期 per year, not by the order of the profile', () => {
    const a = [doc('plan', '2026-04-30'), doc('notice', '2026-07-15'), doc('old', '2025-11-02')];
    const first = assignIndexNumbers(profile(a)).indexes;
    const swapped = assignIndexNumbers(profile([a[2], a[1], a[0]])).indexes;
    expect(first).toEqual(['11639901X/2026-001', '11639901X/2026-002', '11639901X/2025-001']);
    expect(swapped).toEqual([first[2], first[1], first[0]]);
  });

  it('keeps an index the profile gives, numbers the others around it, and uses the publisher’s own org code', () => {
    const p = profile([
      doc('plan', '2026-04-30', { index: '11639901X/2026-001', orgCode: '11639900X' }),
      doc('a', '2026-05-10'),
      doc('gov', '2026-06-01', { orgCode: '11639900X' }),
    ]);
    expect(assignIndexNumbers(p).indexes).toEqual(['11639901X/2026-001', '11639901X/2026-002', '11639900X/2026-001']);
  });

  it('refuses two documents with one 索引号', () => {
    const p = profile([doc('a', '2026-04-30', { index: 'X/2026-001' }), doc('b', '2026-05-30', { index: 'X/2026-001' })]);
    const { problems } = assignIndexNumbers(p);
    expect(problems.map((x) => [x.field, x.value, x.message])).toEqual([
      ['documents.1.index', 'X/2026-001', '索引号与 documents.0（a）重复：每个公开文件的索引号应唯一'],
    ]);
  });
});

describe('发布机构', () => {
  it('defaults to the profile’s office, else the county’s 农业农村局', () => {
    const of = (spec: Record<string, unknown>) => parseProfile(JSON.stringify(spec), '/tmp/p.json').disclosure.publisher;
    expect(of({ county: '青岚县', office: '青岚县农业农村局' })).toBe('青岚县农业农村局');
    expect(of({ county: '青岚县' })).toBe('青岚县农业农村局');
    expect(of({ county: '青岚县', disclosure: { publisher: '青岚县人民政府办公室' } })).toBe('青岚县人民政府办公室');
  });
});

describe('the public projection says what the documents say', () => {
  it('calls the townships 乡镇（街道） where one is a 街道, as the reports do', () => {
    const ctx = loadFixtureContext();
    expect(toPublicSiteData(ctx).meta.townshipLevel).toBe('乡镇');
    ctx.streets = ['城关街道'];
    expect(toPublicSiteData(ctx).meta.townshipLevel).toBe('乡镇（街道）');
  });

  it('gives the 公示 pages a 索引号 per kind of page and period, and no 发布日期 unless the profile gives one', () => {
    const ctx = loadFixtureContext();
    const notice = toPublicSiteData(ctx).meta.notice;
    expect(notice).toEqual({
      indexNo: { projects: '000000000/2026-GS3-01', townships: '000000000/2026-GS3-02', counties: '000000000/2026-GS3-03' },
      supervision: { phone: '12317' },
    });
    ctx.profile.disclosure.postedOn = '2026-10-15';
    expect(toPublicSiteData(ctx).meta.notice.posted).toBe('2026-10-15');
  });
});
