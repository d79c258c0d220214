/**
 * The workbench (sgyp serve) over real HTTP: the guard's refusals, the 台账收集 loop (a township's
 * ledger with mistakes uploaded, its errors and annotated workbook, the corrected one replacing it
 * with the old kept), and the upload refusals. Builds are in serve.slow.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Guard } from '../pipeline/serve/guard.js';
import { contentProblem, nameProblem } from '../pipeline/serve/uploads.js';
import { nextQuarterEnd, serve, type Workbench } from '../pipeline/serve/server.js';
import { tempDir } from './support/ledger.js';
import { ask, textOf, upload } from './support/workbench.js';

const PERIOD = '2026-09-30';
const LEDGER = '03-南山镇-示例数据.csv';
const original = readFileSync(new URL(`../data/${LEDGER}`, import.meta.url), 'utf8');
/** 南山镇's ledger with two mistakes in its second project (line 3 of the file): an amount in words and an unknown category. */
const withMistakes = original.replace(',308.42,308.42,', ',三百万,308.42,').replace('0972-8559013,巩固,', '0972-8559013,保留,');

let bench: Workbench;
let root: string;

beforeAll(async () => {
  root = path.join(tempDir(), 'ws');
  bench = await serve({ workspace: root, sample: true, port: 0, limits: { fileBytes: 100_000, files: 4 } });
});
afterAll(async () => {
  await bench.close();
});

describe('the guard', () => {
  it('refuses a request without the token, and turns the token in the address into a cookie', async () => {
    const none = await ask(bench, '/collect', { cookie: false });
    expect(none.status).toBe(401);
    expect(textOf(none.text)).toContain('请用 sgyp serve 启动时显示的完整地址');
    const wrong = await ask(bench, '/collect?token=nottheone', { cookie: false });
    expect(wrong.status).toBe(401);
    const first = await ask(bench, `/collect?period=${PERIOD}&token=${bench.guard.token}`, { cookie: false });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`/collect?period=${PERIOD}`);
    const set = String(first.headers['set-cookie']);
    expect(set).toContain(`${bench.guard.cookie}=${bench.guard.token}`);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Strict');
    expect(bench.url).toBe(`http://127.0.0.1:${bench.port}/?token=${bench.guard.token}`);
  });

  it('refuses a Host that is not this server (DNS rebinding), on the workbench and on the site preview', async () => {
    for (const port of [bench.port, bench.previewPort]) {
      const r = await ask(bench, '/', { port, headers: { host: `evil.example:${port}` } });
      expect(r.status).toBe(421);
      expect(r.text).toContain('Host 头不符');
    }
    const page = await ask(bench, '/collect', { headers: { host: `localhost:${bench.port}` } });
    expect(page.status).toBe(200);
    // no inline script may run on a page, and no other site may frame it
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('refuses a change without the page’s CSRF token or from another origin, and changes nothing', async () => {
    const post = (headers: Record<string, string>) =>
      ask(bench, '/api/periods', {
        method: 'POST',
        body: 'period=2026-12-31',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });
    expect((await post({})).status).toBe(403);
    expect((await post({ 'x-csrf-token': 'forged' })).status).toBe(403);
    expect((await post({ 'x-csrf-token': bench.guard.csrf, origin: 'http://evil.example' })).status).toBe(403);
    expect(existsSync(path.join(root, 'periods', '2026-12-31'))).toBe(false);
  });
});

describe('台账收集', () => {
  it('shows the sample period: every file with its rows, and the files left alone with why', async () => {
    const r = await ask(bench, `/collect?period=${PERIOD}`);
    const text = textOf(r.text);
    expect(text).toContain('校验通过：9 个台账文件，项目 450 个，没有错误');
    expect(text).toContain('05-石峡乡-示例数据.xlsx');
    expect(text).toContain('石峡乡台账：项目40个（读入41行）');
    expect(text).toContain('02-河源镇-示例数据.csv');
    expect(text).toContain('项目55个（读入57行）');
    expect(text).toContain('profile.yaml：本期的县级配置文件（不是台账）');
    expect(readFileSync(path.join(root, '工作区说明.md'), 'utf8')).toContain('periods/<截止日期>/');
  });

  it('takes a ledger with mistakes, names them, and offers its annotated workbook; the corrected one replaces it and the old is kept', async () => {
    const sent = await upload(bench, PERIOD, [{ name: LEDGER, bytes: withMistakes }]);
    expect(sent.status).toBe(200);
    expect(sent.json()).toMatchObject({ placed: [LEDGER], ok: false, problems: 2 });
    const kept = sent.json<{ moved: string[] }>().moved;
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(new RegExp(`^replaced/${PERIOD}/\\d{8}-\\d{6}/${LEDGER}$`));
    expect(readFileSync(path.join(root, kept[0]!), 'utf8')).toBe(original);

    const page = textOf((await ask(bench, `/collect?period=${PERIOD}`)).text);
    expect(page).toContain('共 2 处错误，涉及 1 个文件');
    expect(page).toContain('2 处错误 批注台账');

    const errors = textOf((await ask(bench, `/errors?period=${PERIOD}&file=${encodeURIComponent(LEDGER)}`)).text);
    expect(errors).toContain('2 处错误');
    expect(errors).toContain('03-南山镇-示例数据.csv 3 投资额（万元） 三百万 应为不小于0的数字（万元，可带千位分隔符，如 1,234.50）');
    expect(errors).toContain('03-南山镇-示例数据.csv 3 四个一批类别 保留 不是认可的类别，应为 巩固/升级/盘活/调整');

    const annotated = await ask(bench, `/files/annotated/${PERIOD}/${encodeURIComponent('03-南山镇-示例数据.批注.xlsx')}?download=1`);
    expect(annotated.status).toBe(200);
    expect(annotated.body.subarray(0, 2).toString()).toBe('PK');
    expect(annotated.headers['content-disposition']).toContain("filename*=UTF-8''03-%E5%8D%97");

    const fixed = await upload(bench, PERIOD, [{ name: '南山镇（改正）.csv', bytes: original }], LEDGER);
    expect(fixed.json()).toMatchObject({ placed: [LEDGER], ok: true, problems: 0 });
    expect(readFileSync(path.join(root, 'periods', PERIOD, LEDGER), 'utf8')).toBe(original);
    // both earlier versions are kept, none deleted
    const versions = readdirSync(path.join(root, 'replaced', PERIOD), { recursive: true }).filter((f) => String(f).endsWith('.csv'));
    expect(versions).toHaveLength(2);
    expect(textOf((await ask(bench, `/collect?period=${PERIOD}`)).text)).toContain('校验通过：9 个台账文件，项目 450 个');
  });

  it('refuses a path in a file name, a non-ledger, a workbook that is not one, an oversized file and too many files, placing none of an upload', async () => {
    const before = readdirSync(path.join(root, 'periods', PERIOD)).sort();
    const cases: [string, { name: string; bytes: Buffer | string }[], number, string][] = [
      ['path', [{ name: '../../evil.csv', bytes: original }], 400, '../../evil.csv：文件名中含有路径'],
      ['windows path', [{ name: 'C:\\台账\\甲镇.csv', bytes: original }], 400, '文件名中含有路径'],
      [
        'one bad of two',
        [
          { name: '甲镇.csv', bytes: original },
          { name: '说明.docx', bytes: 'x' },
        ],
        400,
        '说明.docx：只接受台账文件',
      ],
      ['not a workbook', [{ name: '甲镇.xlsx', bytes: original }], 400, '内容不是 .xlsx 工作簿'],
      ['binary csv', [{ name: '甲镇.csv', bytes: Buffer.from([0x50, 0x4b, 3, 4, 0, 0]) }], 400, '内容不是文本'],
      ['oversized', [{ name: '甲镇.csv', bytes: 'a,'.repeat(60_000) }], 413, '文件超过'],
      ['too many', Array.from({ length: 5 }, (_, i) => ({ name: `${i}.csv`, bytes: original })), 413, '一次最多上传 4 个文件'],
    ];
    for (const [what, files, status, message] of cases) {
      const r = await upload(bench, PERIOD, files);
      expect(r.status, what).toBe(status);
      expect(r.json<{ errors: string[] }>().errors.join('；'), what).toContain(message);
    }
    expect(readdirSync(path.join(root, 'periods', PERIOD)).sort()).toEqual(before);
    expect(readdirSync(path.join(root, '.sgyp-serve')).filter((n) => n.startsWith('upload-'))).toEqual([]);
  });

  it('hands out the blank template, and refuses files outside the workspace', async () => {
    const t = await ask(bench, `/api/template.xlsx?period=${PERIOD}`);
    expect(t.status).toBe(200);
    expect(t.body.subarray(0, 2).toString()).toBe('PK');
    expect(t.headers['content-disposition']).toContain('attachment');
    for (const p of ['/files/..%2F..%2Fetc%2Fpasswd', '/files/%2Fetc%2Fpasswd', '/files/.sgyp-serve/x', '/files/periods']) {
      expect((await ask(bench, p)).status, p).toBe(404);
    }
    const missing = await ask(bench, '/nowhere');
    expect(missing.status).toBe(404);
    expect(textOf(missing.text)).toContain('没有这个页面：/nowhere');
    const big = await ask(bench, '/api/periods', {
      method: 'POST',
      body: `period=${'9'.repeat(70_000)}&_csrf=${bench.guard.csrf}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(big.status).toBe(413);
    expect(big.json()).toEqual({ error: '提交的内容过大' });
  });

  it('refuses to build an as-of date that is no date, or out of the years, and a period that does not exist', async () => {
    const build = (body: string) =>
      ask(bench, '/api/build', {
        method: 'POST',
        body: `${body}&_csrf=${bench.guard.csrf}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      });
    for (const asOf of ['2026-02-30', '1999-12-31', '2026/09/30']) {
      const r = await build(`period=${PERIOD}&asOf=${encodeURIComponent(asOf)}`);
      expect(r.status, asOf).toBe(400);
      expect(r.json<{ error: string }>().error).toBe(`统计截止日期应为 2012 至 2100 年间的日期（YYYY-MM-DD），实际为“${asOf}”`);
    }
    expect((await build('period=2031-03-31')).json()).toEqual({ error: '统计期“2031-03-31”不存在' });
    expect(existsSync(path.join(root, 'out', 'stats.json'))).toBe(false);
  });

  it('opens a new period with the county’s profile and published texts carried over, its ledgers not', async () => {
    const r = await ask(bench, '/api/periods', {
      method: 'POST',
      body: `period=2026-12-31&_csrf=${bench.guard.csrf}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(303);
    expect(readdirSync(path.join(root, 'periods', '2026-12-31')).sort()).toEqual(['docs', 'profile.yaml']);
    const bad = await ask(bench, '/api/periods', {
      method: 'POST',
      body: `period=1926-12-31&_csrf=${bench.guard.csrf}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('统计期应为 2012 至 2100 年间的日期');
  });
});

describe('file names', () => {
  it('accepts a township’s ledger name and refuses the rest with the reason', () => {
    expect(nameProblem('05-石峡乡-示例数据.xlsx')).toBeNull();
    expect(nameProblem('甲镇.ET')).toBeNull();
    expect(nameProblem('a/b.csv')).toContain('路径');
    expect(nameProblem('..csv')).toContain('..');
    expect(nameProblem('.隐藏.csv')).toContain('隐藏');
    expect(nameProblem('~$甲镇.xlsx')).toContain('锁定');
    expect(nameProblem('甲\u0007镇.csv')).toContain('控制字符');
    expect(nameProblem('甲镇.xlsb')).toContain('只接受台账文件');
  });

  it('sniffs a workbook by its first bytes: zip or OLE, an .xls saved as text or HTML allowed', () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]);
    expect(contentProblem('甲.xls', ole)).toBeNull();
    expect(contentProblem('甲.xls', Buffer.from('<html><table>'))).toBeNull();
    expect(contentProblem('甲.et', ole)).toBeNull();
    expect(contentProblem('甲.xlsx', ole)).toContain('内容不是 .xlsx 工作簿');
    expect(contentProblem('甲.csv', Buffer.from([0xff, 0xfe, 0x41, 0]))).toBeNull();
    expect(contentProblem('甲.csv', Buffer.alloc(0))).toBe('文件是空的（0 字节）');
  });

  it('with --host, answers to that address too (the token still required), and to nothing else', () => {
    const guard = new Guard('192.168.1.20', 't'.repeat(32));
    guard.listen(8321, 40000);
    expect(guard.hostAllowed('192.168.1.20:8321')).toBe(true);
    expect(guard.hostAllowed('LOCALHOST:40000')).toBe(true);
    expect(guard.hostAllowed('192.168.1.20')).toBe(false);
    expect(guard.hostAllowed('192.168.1.21:8321')).toBe(false);
    expect(guard.hostAllowed(undefined)).toBe(false);
    expect(guard.originAllowed('http://192.168.1.20:8321')).toBe(true);
    expect(guard.originAllowed('https://192.168.1.20:8321')).toBe(false);
    expect(guard.tokenMatches('t'.repeat(32))).toBe(true);
    expect(guard.tokenMatches('t'.repeat(31))).toBe(false);
    expect(guard.csrf).not.toBe(guard.token);
    expect(guard.cookie).toBe('sgyp-token-8321');
  });

  it('suggests the next period: the quarter’s end after the latest, or the last quarter’s end before today', () => {
    expect(nextQuarterEnd('2026-09-30')).toBe('2026-12-31');
    expect(nextQuarterEnd('2026-12-31')).toBe('2027-03-31');
    expect(nextQuarterEnd('2026-10-31')).toBe('2026-12-31');
    expect(nextQuarterEnd(null, new Date('2026-12-05T10:00:00Z'))).toBe('2026-09-30');
    expect(nextQuarterEnd(null, new Date('2027-02-01T10:00:00Z'))).toBe('2026-12-31');
  });

  it('lays out an empty workspace without the sample, and asks for its first period', async () => {
    const empty = await serve({ workspace: path.join(tempDir(), 'empty'), port: 0 });
    try {
      expect(readdirSync(empty.workspace.root).sort()).toEqual(['.sgyp-serve', 'annotated', 'out', 'periods', 'replaced', '工作区说明.md']);
      const page = await ask(empty, '/collect');
      expect(page.status).toBe(200);
      expect(textOf(page.text)).toContain('新建统计期 截止日期 建立');
      expect(page.text).toMatch(/<input id="new-period" name="period" type="date" required value="\d{4}-\d{2}-\d{2}">/);
      expect((await ask(empty, '/build')).status).toBe(200);
      expect(textOf((await ask(empty, '/history')).text)).toContain('还没有生成过任何统计期');
    } finally {
      await empty.close();
    }
  });
});
