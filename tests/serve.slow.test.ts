/**
 * The workbench's builds (full tier: two builds of the sample): one build at a time, the live
 * stages, the outputs byte for byte those of `sgyp build` on the same ledgers, the figures and
 * documents shown, the site preview at its base path, the site's zip, the 公示 metadata, history,
 * and a failed build that changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, siteMetadata, type Workbench } from '../pipeline/serve/server.js';
import { tempDir } from './support/ledger.js';
import { ask, textOf, upload } from './support/workbench.js';

const PERIOD = '2026-09-30';
const BIN = path.resolve('bin/sgyp.mjs');

let bench: Workbench;
let root: string;

function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || e.name === '.sgyp-lock') continue;
    const full = path.join(e.parentPath, e.name);
    files.set(path.relative(dir, full), readFileSync(full));
  }
  return files;
}

const startBuild = (period: string, asOf?: string) =>
  ask(bench, '/api/build', {
    method: 'POST',
    body: `period=${period}${asOf ? `&asOf=${asOf}` : ''}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': bench.guard.csrf, accept: 'application/json' },
  });

/** Waits for the running build's end, collecting its events from the server's stream. */
async function events(): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${bench.port}/api/build/events`, {
    headers: { cookie: `${bench.guard.cookie}=${bench.guard.token}` },
  });
  const reader = res.body!.getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString('utf8');
    if (/event: done\n/.test(text)) break;
  }
  await reader.cancel();
  return [...text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => `${m[1]} ${m[2]}`);
}

beforeAll(async () => {
  root = path.join(tempDir(), 'ws');
  bench = await serve({ workspace: root, sample: true, port: 0 });
});
afterAll(async () => {
  await bench.close();
});

describe('a build in the workbench', () => {
  let seen: string[];

  beforeAll(async () => {
    const first = await startBuild(PERIOD);
    expect(first.status).toBe(202);
    // a second build while one runs is refused, saying which runs
    const second = await startBuild(PERIOD);
    expect(second.status).toBe(409);
    expect(second.json<{ error: string }>().error).toMatch(
      /^截至 2026-09-30 的生成正在进行（开始于 .*），同一时间只能生成一次，请等它完成。$/,
    );
    // and no ledger of the period is replaced while the build reads them
    const during = await upload(bench, PERIOD, [{ name: '03-南山镇-示例数据.csv', bytes: readFileSync('data/03-南山镇-示例数据.csv') }]);
    expect(during.status).toBe(409);
    expect(during.json()).toEqual({ errors: ['统计期 2026-09-30 正在生成，生成完成后再上传（本次未上传任何文件）'] });
    seen = await events();
  }, 180_000);

  it('reports its stages in order and ends well', () => {
    const order = seen.filter((e) => e.startsWith('stage ')).map((e) => JSON.parse(e.slice(6)).stage);
    // the stream may join after the first stages: what it shows is in order and ends with 完成
    const all = ['profile', 'ledgers', 'figures', 'reports', 'site', 'commit', 'done'];
    expect(order.length).toBeGreaterThan(0);
    expect(order).toEqual(all.slice(all.length - order.length));
    expect(seen.at(-1)).toBe(`done ${JSON.stringify({ status: 'ok', period: PERIOD })}`);
  });

  it('writes exactly what `sgyp build` writes from the same ledgers, byte for byte', () => {
    execFileSync(process.execPath, [BIN, 'build', '--data', `periods/${PERIOD}`, '--out', 'cli-out', '--as-of', PERIOD, '--quiet'], {
      cwd: root,
    });
    const bench = tree(path.join(root, 'out'));
    const cli = tree(path.join(root, 'cli-out'));
    expect([...bench.keys()].sort()).toEqual([...cli.keys()].sort());
    expect(bench.size).toBeGreaterThan(40);
    const differ = [...bench].filter(([name, bytes]) => !bytes.equals(cli.get(name)!)).map(([name]) => name);
    expect(differ).toEqual([]);
  });

  it('shows the figures, the documents with the PDF in the page, the 月调度表 and the log', async () => {
    const page = textOf((await ask(bench, `/build?period=${PERIOD}`)).text);
    expect(page).toContain('项目资产 450 个');
    expect(page).toContain('投入帮扶资金 94021.20 万元');
    expect(page).toContain('带动脱贫户数 20129 户次');
    expect(page).toContain('巩固类 414 个');
    expect(page).toContain('红色预警 18 个');
    expect(page).toContain('没有截至更早日期的快照可对比');
    expect(page).toContain('季度报告 quarterly-2026Q3 查看 PDF ， 下载 PDF （257.6 KB） · 下载 Word （18.1 KB）');
    expect(page).toContain('季度报告附件 quarterly-2026Q3-附件 下载 Excel （19.4 KB）');
    expect(page).toContain('季度通报 notice-2026Q3 查看 PDF ， 下载 PDF （149.0 KB） · 下载 Word （11.6 KB）');
    expect(page).toContain('月调度表 monthly-2026-09 查看 PDF ， 下载 PDF （62.5 KB） · 下载 Excel （10.8 KB）');
    expect(page).toContain('年度工作总结（草稿） annual-2026');
    expect(page).toContain('截至2026-09-30：项目450个，巩固414、升级19、盘活5、调整12');
    const html = (await ask(bench, `/build?period=${PERIOD}`)).text;
    expect(html).toContain('<iframe name="pdf-view" class="pdf" title="PDF 预览" src="/files/out/reports/quarterly-2026Q3.pdf">');
    const pdf = await ask(bench, '/files/out/reports/quarterly-2026Q3.pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^inline;/);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('serves the site at its base path on the preview port, zips it whole, and lists each 公示 page’s 信息索引', async () => {
    const home = await ask(bench, '/', { port: bench.previewPort });
    expect(home.status).toBe(200);
    expect(home.text).toContain('示例县经营性帮扶项目资产“四个一批”信息公开');
    const page = textOf((await ask(bench, '/public')).text);
    expect(page).toContain('网站数据截至 2026-09-30');
    expect(page).toContain('11639901X/2026-GS3-01');
    expect(page).toContain('11639900X/2026-001');
    const zip = await ask(bench, '/api/site.zip');
    expect(zip.headers['content-disposition']).toContain('site-2026-09-30.zip');
    const entries = Object.keys(new PizZip(zip.body).files).filter((n) => !n.endsWith('/'));
    const site = tree(path.join(root, 'out', 'site'));
    expect(entries.sort()).toEqual([...site.keys()].sort());
    expect((await ask(bench, '/api/site.zip')).body.equals(zip.body)).toBe(true);
    const meta = siteMetadata(path.join(root, 'out', 'site'));
    expect(meta.find((p) => p.path === '/projects/')?.meta).toEqual([
      ['索引号', '11639901X/2026-GS3-01'],
      ['发布机构', '示例县农业农村局'],
      ['发布日期', '2026年10月15日'],
      ['数据截至', '2026年9月30日'],
      ['公开方式', '主动公开'],
      ['监督电话', '12317'],
      ['意见反馈', '示例县农业农村局乡村振兴股（示例数据）'],
    ]);
  });

  it('lists the period in 历史 with its figures and documents', async () => {
    const page = textOf((await ask(bench, '/history')).text);
    expect(page).toContain('已生成 1 期');
    expect(page).toContain('截至 2026-09-30');
    expect(page).toContain('项目资产 450 个');
    expect(page).toContain('年度工作总结（草稿） annual-2026 查看 PDF');
  });

  it('the next quarter: names the 乡镇 whose ledger has not come, and shows the changes since the last period', async () => {
    const next = '2026-12-31';
    const made = await ask(bench, '/api/periods', {
      method: 'POST',
      body: `period=${next}&_csrf=${bench.guard.csrf}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(made.status).toBe(303);
    const files = readdirSync('data')
      .filter((f) => /^0[1-8]-.*\.(csv|xlsx)$/.test(f))
      .map((name) => ({ name, bytes: readFileSync(path.join('data', name)) }));
    expect(files).toHaveLength(8);
    const sent = await upload(bench, next, files);
    expect(sent.json()).toMatchObject({ ok: true, problems: 0, moved: [] });
    const collect = textOf((await ask(bench, `/collect?period=${next}`)).text);
    expect(collect).toContain('各乡镇报送情况 对照截至 2026-09-30 的上一期');
    expect(collect).toContain('尚未收到 1 个乡镇的台账：阳坡乡。');
    expect(collect).toContain('阳坡乡 48 个项目 未收到 0 个');
    expect(collect).toContain('青林镇 70 个项目 01-青林镇-示例数据.csv 70 个');
    expect((await startBuild(next, next)).status).toBe(202);
    expect((await events()).at(-1)).toBe(`done ${JSON.stringify({ status: 'ok', period: next })}`);
    const page = textOf((await ask(bench, `/build?period=${next}`)).text);
    expect(page).toContain('项目资产 402 个');
    expect(page).toContain('与截至 2026-09-30 的快照相比： 新增项目 0 个 减少项目 48 个（请核实去向，见 stats.json 的 dataQuality）');
    expect(page).toContain('季度报告 quarterly-2026Q4 查看 PDF');
    const history = textOf((await ask(bench, '/history')).text);
    expect(history).toContain('已生成 2 期');
    const q4 = history.indexOf('截至 2026-12-31 项目资产 402 个');
    const q3 = history.indexOf('截至 2026-09-30 项目资产 450 个');
    expect(q4).toBeGreaterThan(0);
    expect(q4).toBeLessThan(q3);
    // the year's summary is shown with the year's latest period only: Q4's build replaced Q3's draft
    expect(history.match(/年度工作总结（草稿） annual-2026/g)).toHaveLength(1);
    expect(history.indexOf('年度工作总结（草稿） annual-2026')).toBeLessThan(q3);
    expect(history).toContain('与截至 2026-09-30 的快照相比： 新增项目 0 个 减少项目 48 个');
  }, 180_000);

  it('a build that fails shows its errors and changes nothing in the output folder', async () => {
    const before = tree(path.join(root, 'out'));
    const stamp = new Map([...before.keys()].map((f) => [f, statSync(path.join(root, 'out', f)).mtimeMs]));
    const ledger = path.join(root, 'periods', PERIOD, '04-柏树乡-示例数据.csv');
    writeFileSync(ledger, readFileSync(ledger, 'utf8').replace('152.98,152.98', '一百五十,152.98'));
    expect((await startBuild(PERIOD)).status).toBe(202);
    const seen = await events();
    expect(seen.at(-1)).toBe(`done ${JSON.stringify({ status: 'failed', period: PERIOD })}`);
    const page = textOf((await ask(bench, `/build?period=${PERIOD}`)).text);
    expect(page).toContain('失败，输出目录中的文件没有任何改变');
    expect(page).toContain('错误 04-柏树乡-示例数据.csv:3: 错误：列“投入帮扶资金（万元）”，值“一百五十”：应为不小于0的数字');
    const after = tree(path.join(root, 'out'));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [f, bytes] of after) {
      expect(bytes.equals(before.get(f)!), f).toBe(true);
      expect(statSync(path.join(root, 'out', f)).mtimeMs, f).toBe(stamp.get(f));
    }
  });
});
