/**
 * The command line as other systems use it (README “Command line”; stats.json: docs/rules.md §7): commands, exit codes, stats.json, and
 * --out left untouched by a failed run.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sgyp } from './support/cli.js';
import { BASE_HEADER, tempDir, writeLedger } from './support/ledger.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The real `sgyp` command in a process of its own, as a clerk runs it. */
function sgypProcess(...args: string[]) {
  const res = spawnSync(process.execPath, [path.join(root, 'bin/sgyp.mjs'), ...args], { encoding: 'utf8', cwd: root });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

describe('sgyp stats', () => {
  it('writes stats.json with the keys of docs/rules.md §7', async () => {
    const data = tempDir();
    writeLedger(
      data,
      'a.csv',
      [...BASE_HEADER, '合同到期日期'],
      [
        ['A-1', '牛场', '东山镇', 2019, '1,000.25', '巩固类', '2026-10-10'],
        ['A-2', '羊场', '西河乡', 2020, 20, '调整类', ''],
      ],
    );
    const out = tempDir();
    const res = await sgyp('stats', '--data', data, '--out', out, '--as-of', '2026-09-30');
    expect(res.code).toBe(0);
    const stats = JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8'));
    expect(stats).toMatchObject({
      asOf: '2026-09-30',
      rows: { read: 2, counted: 2, leftOut: 0 },
      total: { projects: 2, investment: 1020.25, households: 0 },
      byCategory: { 巩固: { projects: 1, investment: 1000.25 }, 调整: { projects: 1, investment: 20 } },
      byTownship: { 东山镇: { 巩固: 1, 升级: 0, 盘活: 0, 调整: 0 }, 西河乡: { 巩固: 0, 升级: 0, 盘活: 0, 调整: 1 } },
      idle: 0,
      inefficient: 0,
      warnings: { red: 1, yellow: 0, items: [{ id: 'A-1', level: 'red', reasons: ['合同距到期不足1个月'] }] },
      progress: { 调整: { total: 1, completed: 0, overdue: 0 } },
      dividends: { projects: 0, owed: 0 },
    });
    expect(Object.keys(stats.byCategory)).toEqual(['巩固', '升级', '盘活', '调整']);
    expect(res.out).toContain('读取 a.csv（UTF-8，表头在第1行）：读入2行，计入项目2个');
  });

  it('gives the same bytes for the same input', async () => {
    const data = tempDir();
    writeLedger(data, 'a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2019, 1, '巩固类']]);
    const [a, b] = [tempDir(), tempDir()];
    await sgyp('stats', '--data', data, '--out', a, '--as-of', '2026-09-30');
    await sgyp('stats', '--data', data, '--out', b, '--as-of', '2026-09-30');
    expect(readFileSync(path.join(a, 'stats.json'))).toEqual(readFileSync(path.join(b, 'stats.json')));
  });
});

describe('sgyp on broken ledgers', () => {
  const data = tempDir();
  writeLedger(data, '东山镇.csv', BASE_HEADER, [
    ['A-1', '牛场', '东山镇', 2019, 'abc', '巩固类'],
    ['A-1', '羊场', '东山镇', 2019, 1, '未知类'],
  ]);
  writeLedger(data, '西河乡.csv', BASE_HEADER, [['B-1', '蜂场', '西河乡', '2019年后', 1, '巩固']], { encoding: 'gb18030' });

  it('check lists every error with file and row and exits 1', async () => {
    const res = await sgyp('check', '--data', data, '--as-of', '2026-09-30');
    expect(res.code).toBe(1);
    expect(sgypProcess('check', '--data', data, '--as-of', '2026-09-30')).toMatchObject({ code: 1, err: `${res.err}\n` });
    const lines = res.err.trim().split('\n');
    expect(lines).toContain(
      '东山镇.csv:2: 错误：列“投入帮扶资金（万元）”，值“abc”：应为不小于0的数字（万元，可带千位分隔符，如 1,234.50） [amount]',
    );
    expect(lines).toContain('东山镇.csv:3: 错误：列“项目编号”，值“A-1”：项目编号重复，已在 东山镇.csv:2 出现过 [duplicate]');
    expect(res.err).toContain('东山镇.csv:3: 错误：列“类别”，值“未知类”');
    expect(res.err).toContain('西河乡.csv:2: 错误：列“建设年度”，值“2019年后”');
    expect(res.err).toContain('共 4 处错误，未生成任何输出。');
    expect(res.err).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('stats and build leave --out exactly as it was', async () => {
    // an earlier good run's outputs, and a file of the clerk's own
    const good = tempDir();
    writeLedger(good, 'a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2019, 1, '巩固类']]);
    const out = tempDir();
    writeFileSync(path.join(out, 'keep.txt'), 'clerk notes');
    expect((await sgyp('stats', '--data', good, '--out', out, '--as-of', '2026-09-30')).code).toBe(0);
    const before = readFileSync(path.join(out, 'stats.json'), 'utf8');
    for (const cmd of ['stats', 'build']) {
      const res = await sgyp(cmd, '--data', data, '--out', out, '--as-of', '2026-09-30');
      expect(res.code).toBe(1);
      expect(listTree(out)).toEqual([
        '.sgyp-manifest.json',
        'history',
        'history/2026-09-30',
        'history/2026-09-30/projects.parquet',
        'history/2026-09-30/stats.json',
        'keep.txt',
        'stats.json',
      ]);
      expect(readFileSync(path.join(out, 'stats.json'), 'utf8')).toBe(before);
    }
  });
});

describe('usage', () => {
  it('explains every option with --help and exits 0', async () => {
    const res = sgypProcess('--help'); // the real bin, in its own process
    expect(res.code).toBe(0);
    for (const option of ['--data', '--out', '--as-of', '--profile', '--base', '--quiet', '--debug', 'check', 'stats', 'build']) {
      expect(res.out).toContain(option);
    }
  });

  it('exits 2 for a usage error, in Chinese', async () => {
    expect(await sgyp('stats', '--data', 'data')).toMatchObject({ code: 2, err: expect.stringContaining('stats 需要 --out 目录') });
    expect(await sgyp('publish', '--data', 'data')).toMatchObject({ code: 2, err: expect.stringContaining('不认识的命令“publish”') });
    expect(await sgyp('check', '--data', 'data', '--as-of', '2026/9/30')).toMatchObject({ code: 2 });
    expect(await sgyp('check', '--frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('不认识的选项：--frobnicate') });
  });

  it('reports a missing data folder and an impossible as-of date as input errors', async () => {
    expect(await sgyp('check', '--data', '/nonexistent/folder')).toMatchObject({ code: 1, err: expect.stringContaining('数据目录不存在') });
    const data = tempDir();
    writeLedger(data, 'a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2019, 1, '巩固类']]);
    expect(await sgyp('check', '--data', data, '--as-of', '2026-02-30')).toMatchObject({
      code: 1,
      err: expect.stringContaining('应为 YYYY-MM-DD 格式的真实日期'),
    });
  });

  it('works on a folder holding nothing but ledgers, with the built-in profile and --as-of', async () => {
    const data = tempDir();
    cpSync(path.join(root, 'data/01-青林镇-示例数据.csv'), path.join(data, 'a.csv'));
    const res = await sgyp('check', '--data', data, '--as-of', '2026-09-30');
    expect(res.code).toBe(0);
    expect(res.out).toContain('配置：内置默认配置');
    expect(existsSync(path.join(data, 'stats.json'))).toBe(false);
  });

  it('needs an as-of date from the command line or the profile', async () => {
    const data = tempDir();
    writeLedger(data, 'a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2019, 1, '巩固类']]);
    expect(await sgyp('check', '--data', data)).toMatchObject({ code: 1, err: expect.stringContaining('没有统计截止日期') });
  });

  it('rejects a profile with an unknown key or a bad value, naming the key', async () => {
    const data = tempDir();
    writeLedger(data, 'a.csv', BASE_HEADER, [['A-1', '牛场', '东山镇', 2019, 1, '巩固类']]);
    writeFileSync(path.join(data, 'profile.yaml'), 'county: 测试县\nasOf: 2026-13-01\ncolour: red\n');
    const res = await sgyp('check', '--data', data);
    expect(res.code).toBe(1);
    expect(res.err).toContain('profile.yaml: 错误：配置项“asOf”');
    expect(res.err).toContain('不认识的配置项：colour');
  });
});
