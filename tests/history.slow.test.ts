import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sgyp } from './support/cli.js';
import { MANIFEST } from '../pipeline/output/outDir.js';
import { tempDir } from './support/ledger.js';

import {
  county,
  docxRows,
  docxText,
  pdfText,
  Q2,
  Q3,
  Q3_CHANGES,
  Q3_QUALITY,
  Q3_SENTENCE,
  statsIn,
  expectSnapshotSwapCompleted,
} from './support/history.js';

describe('Q2, then Q3 built into the same --out: the documents state the changes', () => {
  const q2 = county(Q2);
  const q3 = county(Q3);
  const out = path.join(tempDir('sgyp-history-out-'), 'out');
  const history = path.join(out, 'history');

  // Q2 as tests/history.test.ts runs and checks it
  beforeAll(async () => {
    expect((await sgyp('stats', '--data', q2, '--out', out, '--as-of', '2026-06-30')).code).toBe(0);
  });

  it('Q3 (build): the exact changes since 2026-06-30 in stats.json, the removed project as a data-quality note', async () => {
    const res = await sgyp('build', '--data', q3, '--out', out, '--as-of', '2026-09-30');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const stats = statsIn(out);
    expect(stats.changes).toEqual(Q3_CHANGES);
    expect(stats.dataQuality).toEqual(Q3_QUALITY);
    expect(readdirSync(history)).toEqual(['2026-06-30', '2026-09-30']);
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'history', 'reports', 'site', 'stats.json']);
    expect(res.out).toContain('对比历史快照：截至2026-06-30');
  });

  it('Q3: the quarterly report states the changes in Word and PDF and attaches the 变动情况表', async () => {
    const word = docxText(path.join(out, 'reports', 'quarterly-2026Q3.docx'));
    expect(word).toContain(`${Q3_SENTENCE}全县项目总数保持8个，投入帮扶资金由405.00万元增加到465.00万元。`);
    expect(word).toContain('较上季度末（2026年6月30日），升级类、盘活类、调整类项目新完成2个，新增逾期未完成1个。');
    expect(word).toContain('较上季度末（2026年6月30日），新增预警1个、解除预警2个、1个项目预警等级发生变化。');
    expect(word).toContain('较上季度末（2026年6月30日），收回欠缴分红6.00万元（1个项目），尚欠分红由10.00万元减少到4.00万元。');
    expect(word).toContain('5.本县逾期未完成项目清单');
    expect(word).toContain('6.本县经营性帮扶项目资产“四个一批”变动情况表');
    expect(word).toContain('\n附件6\n');
    // the project that left the ledger, named with its category then
    expect(word).toContain('减少的项目为加工厂（A-5，2026年6月30日为巩固类，无预警），本期台账中已无记录，其去向正在逐一核实。');
    expect(word).toContain('（2026年6月30日至2026年9月30日）');
    const rows = docxRows(path.join(out, 'reports', 'quarterly-2026Q3.docx'));
    const header = rows.indexOf('序号|项目编号|项目名称|乡镇|变动|原|现|说明');
    expect(rows.slice(header + 1, header + 11)).toEqual([
      '1|A-6|光伏|南山镇|新增项目|—|升级类|',
      '2|A-5|加工厂|西河乡|减少项目|巩固类|—|2026年6月30日无预警；本期台账中无此项目，去向待核实',
      '3|A-1|牛场|东山镇|调整类别|巩固类|升级类|',
      '4|A-2|羊场|东山镇|完成|推进中|已完成|',
      '5|A-3|冷库|西河乡|完成|推进中|已完成|',
      '6|A-7|大棚|南山镇|逾期未完成|—|计划2026年8月31日|',
      '7|A-6|光伏|南山镇|新增预警|无预警|红色预警|',
      '8|A-3|冷库|西河乡|解除预警|红色预警|无预警|',
      '9|A-4|茶园|西河乡|解除预警|黄色预警|无预警|',
      '10|A-9|菌棚|东山镇|预警等级变化|红色预警|黄色预警|',
    ]);
    // the site's “本季度变化”: the public changes only (no warnings), the count that closes (8 + 1 − 1 = 8)
    // with the project that left the ledger named, and the trend
    const html = readFileSync(path.join(out, 'site', 'index.html'), 'utf8').replace(/>\s+</g, '><');
    const block = html.slice(html.indexOf('本季度变化'), html.indexOf('id="by-category"'));
    expect(block).toContain(
      '与<time datetime="2026-06-30">2026年6月30日</time>相比，项目资产由 8 个变为 8 个（新增 1 个，台账中减少 1 个）',
    );
    for (const row of [
      'A-6|光伏|南山镇|新增项目|—|升级类',
      'A-5|加工厂|西河乡|台账中减少|巩固类|—',
      'A-2|羊场|东山镇|完成|推进中|已完成',
      'A-1|牛场|东山镇|调整类别|巩固类|升级类',
    ]) {
      expect(block).toContain(`<tr><td>${row.split('|').join('</td><td>')}</td></tr>`);
    }
    expect(block).toContain('项目数量变化趋势');
    expect(block).toContain('各时点项目数量：2026年6月30日共8个（巩固类5，升级类2，盘活类0，调整类1）');
    expect(block).not.toContain('预警');
    const pdf = await pdfText(path.join(out, 'reports', 'quarterly-2026Q3.pdf'));
    expect(pdf).toContain(Q3_SENTENCE);
    expect(pdf).toContain('变动情况表');
    expect(pdf).toContain('A-9菌棚东山镇预警等级变化红色预警黄色预警');
  });

  it('Q3: the 季度通报 ranks townships and departments and states the changes, in Word and PDF', async () => {
    const file = path.join(out, 'reports', 'notice-2026Q3.docx');
    const word = docxText(file);
    for (const line of [
      '\n本县“四个一批”工作专班办公室\n农办〔2026〕  号\n',
      '各乡镇人民政府，县直有关部门：',
      '升级类、盘活类、调整类项目共5个，已完成2个，完成率40.0%；超过计划完成时间仍未完成的1个（见附件3）。红色预警项目1个，尚欠分红4.00万元。',
      '较上季度末（2026年6月30日），新增项目1个，减少项目1个，完成2个，1个项目由巩固类调整为升级类，新增预警1个、解除2个（见附件4）。',
      // every 乡镇 has fewer than thresholds.rankMinTasks (3) such projects: listed with their rates, not ranked
      '各乡镇的升级类、盘活类、调整类项目均少于3个，不作排名（见附件1）：西河乡（1个项目完成1个，完成率100.0%）、东山镇（2个项目完成1个，完成率50.0%）、南山镇（2个项目完成0个，完成率0.0%）。',
      '逾期未完成项目分布在南山镇（1个）；红色预警项目分布在南山镇（1个）；尚欠分红的有南山镇（4.00万元）。',
      // the ledger has no 主管部门 column: one group 未填写 is no ranking of departments
      '台账未填报主管部门，县直有关部门推进情况本项未统计（见附件2）。',
      '4.本县经营性帮扶项目资产“四个一批”变动情况表',
    ]) {
      expect(word).toContain(line);
    }
    const rows = docxRows(file);
    const header = rows.indexOf(
      '排名|乡镇|升级类、盘活类、调整类项目（个）|已完成（个）|完成率|逾期未完成（个）|红色预警（个）|欠缴分红（万元）',
    );
    expect(rows.slice(header + 1, header + 5)).toEqual([
      '—|西河乡|1|1|100.0%|0|0|0.00',
      '—|东山镇|2|1|50.0%|0|0|0.00',
      '—|南山镇|2|0|0.0%|1|1|4.00',
      '|合计|5|2|40.0%|1|1|4.00',
    ]);
    const pdf = await pdfText(path.join(out, 'reports', 'notice-2026Q3.pdf'));
    expect(pdf).toContain('各乡镇的升级类、盘活类、调整类项目均少于3个，不作排名（见附件1）');
    expect(pdf).toContain('新增项目1个，减少项目1个，完成2个，1个项目由巩固类调整为升级类，新增预警1个、解除2个（见附件4）。');
    expect(pdf).toContain('—南山镇200.0%114.00');
  });
});

describe('a run killed while it puts its snapshot in place (the other kill point)', () => {
  for (const step of ['swap:history/2026-09-30']) {
    it(`killed at ${step}: the next run completes the swap and no earlier snapshot is lost`, () => expectSnapshotSwapCompleted(step));
  }
});
