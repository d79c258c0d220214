/**
 * Generates the bundled sample data under `data/`: the ledgers of the synthetic county 示例县
 * (9 township files in the shapes real ledgers arrive in), its `profile.yaml`, and the county plan
 * kept as text in `data/docs/plan-2026.md`.
 *
 *   node --import tsx scripts/make-sample.ts [OUT_DIR]      (default: data/)
 *
 * Deterministic: a seeded PRNG (mulberry32) and no clock. Running it twice gives identical bytes;
 * the .xlsx zip entries get a fixed timestamp (exceljs/JSZip would otherwise stamp "now").
 *
 * The totals reproduce the 互助县 published table: 450 projects, 巩固 414, 升级 19, 盘活 5, 调整 12.
 * Rows designed to fire the rules of docs/rules.md §4 at the as-of date 2026-09-30 are in
 * DESIGNED below, each with the result it must produce; the script evaluates §4 over the data as
 * written (only the columns each file has) and throws when a designed row does not produce its
 * expected result or a random row fires anything. The expectations are printed at the end.
 *
 * Thresholds at D = 2026-09-30 (calendar months):
 *   D − 6 months = 2026-03-30   (闲置: 停用日期 ≤ this; 低效/红色: 应分红日期 < this)
 *   D − 3 months = 2026-06-30   (合同到期已闲置超过3个月: E < this)
 *   D − 1 month  = 2026-08-30   (合同到期已闲置超过1个月: E < this)
 *   D + 1 month  = 2026-10-30   (合同距到期不足1个月: D ≤ E < this)
 *   D + 3 months = 2026-12-30   (合同距到期1至3个月: E < this)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { restamp, zipDate } from '../pipeline/sheet/zip.js';
import { mulberry32 } from './prng.js';

export const AS_OF = '2026-09-30';
const SEED = 20260930;
const COUNTY_CODE = 'SL';

// ---------------------------------------------------------------------------------------------
// PRNG and small helpers

class Rng {
  private next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [x, w] of xs) {
      r -= w;
      if (r < 0) return x;
    }
    return (xs[xs.length - 1] as readonly [T, number])[0];
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const pad2 = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Calendar month arithmetic: 2026-03-31 − 1 month = 2026-02-28. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return iso(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

// ---------------------------------------------------------------------------------------------
// The county

type Cat = '巩固' | '升级' | '盘活' | '调整';
const CATS: Cat[] = ['巩固', '升级', '盘活', '调整'];

interface Township {
  name: string;
  villages: string[];
  /** projects per category: 巩固, 升级, 盘活, 调整 */
  counts: [number, number, number, number];
}

const TOWNSHIPS: Township[] = [
  {
    name: '青林镇',
    villages: ['青林村', '上庄村', '下河村', '柳树湾村', '石家堡村', '新城村', '杏园村', '红土坡村'],
    counts: [63, 4, 1, 2],
  },
  {
    name: '河源镇',
    villages: ['河源村', '大泉村', '小泉村', '马家台村', '松树沟村', '东庄村', '西庄村', '塔尔湾村'],
    counts: [50, 2, 1, 2],
  },
  { name: '南山镇', villages: ['南山村', '阳洼村', '阴坡村', '白杨沟村', '窑庄村', '水磨村', '李家山村', '前滩村'], counts: [47, 2, 1, 2] },
  { name: '柏树乡', villages: ['柏树村', '后湾村', '中庄村', '沙沟村', '花园村', '羊圈村', '王家庄村', '金星村'], counts: [42, 2, 0, 1] },
  { name: '石峡乡', villages: ['石峡村', '峡口村', '上滩村', '下滩村', '板桥村', '磨湾村', '青岗村', '榆树村'], counts: [36, 3, 0, 1] },
  {
    name: '金滩镇',
    villages: ['金滩村', '新添堡村', '河湾村', '麻地沟村', '丰收村', '团结村', '黄草滩村', '桦林村'],
    counts: [46, 2, 1, 1],
  },
  {
    name: '杨家湾乡',
    villages: ['杨家湾村', '张家湾村', '刘家湾村', '山城村', '泉儿湾村', '牙合村', '梁家村', '红岩村'],
    counts: [39, 2, 0, 1],
  },
  { name: '白马镇', villages: ['白马村', '马营村', '草原村', '东山村', '多隆村', '卡子村', '甘沟村', '柳林村'], counts: [45, 1, 1, 1] },
  { name: '阳坡乡', villages: ['阳坡村', '台子村', '拉日村', '新民村', '边墙村', '寺尔村', '古城村', '洛少村'], counts: [46, 1, 0, 1] },
];

interface Industry {
  name: string;
  items: string[];
  departments: string[];
  /** unit of 设计产能/实际产能, or null when capacity is not tracked */
  unit: string | null;
  capacity: [number, number];
  modes: (readonly [string, number])[];
  operators: string[];
  invest: [number, number];
}

const INDUSTRIES: Industry[] = [
  {
    name: '冷凉蔬菜',
    items: ['冷凉蔬菜种植基地', '蔬菜温室大棚', '蔬菜保鲜冷库', '高原夏菜育苗中心'],
    departments: ['县农业农村局'],
    unit: '吨',
    capacity: [200, 1500],
    modes: [
      ['自主经营', 3],
      ['出租经营', 3],
      ['入股经营', 2],
      ['委托经营', 1],
      ['联建联营', 1],
    ],
    operators: ['示例县绿源蔬菜产销有限公司', '示例县丰禾种植专业合作社', '示例县高原夏菜供应链有限公司'],
    invest: [30, 380],
  },
  {
    name: '乡村旅游',
    items: ['乡村旅游接待中心', '农家乐民宿', '乡村旅游综合服务点', '民俗文化体验园'],
    departments: ['县文体旅游局'],
    unit: null,
    capacity: [0, 0],
    modes: [
      ['自主经营', 3],
      ['出租经营', 4],
      ['入股经营', 2],
      ['委托经营', 1],
    ],
    operators: ['示例县山水文旅发展有限公司', '示例县花海乡村旅游专业合作社', '示例县云上人家民宿管理有限公司'],
    invest: [40, 450],
  },
  {
    name: '牦牛藏羊养殖',
    items: ['牦牛藏羊养殖场', '藏羊标准化养殖小区', '牦牛育肥基地', '饲草料加工点'],
    departments: ['县农业农村局'],
    unit: '头',
    capacity: [200, 1200],
    modes: [
      ['自主经营', 2],
      ['入股经营', 3],
      ['委托经营', 2],
      ['出租经营', 2],
    ],
    operators: ['示例县雪山牧业有限公司', '示例县牧歌生态畜牧业专业合作社', '示例县高原红牛羊肉有限公司'],
    invest: [30, 400],
  },
  {
    name: '八眉猪养殖',
    items: ['八眉猪养殖场', '八眉猪标准化圈舍'],
    departments: ['县农业农村局'],
    unit: '头',
    capacity: [300, 2000],
    modes: [
      ['入股经营', 3],
      ['委托经营', 2],
      ['出租经营', 2],
      ['自主经营', 1],
    ],
    operators: ['示例县八眉猪繁育有限公司', '示例县兴农生猪养殖专业合作社'],
    invest: [50, 420],
  },
  {
    name: '葱花土鸡养殖',
    items: ['葱花土鸡养殖基地', '土鸡林下养殖场'],
    departments: ['县农业农村局'],
    unit: '只',
    capacity: [5000, 30000],
    modes: [
      ['自主经营', 2],
      ['入股经营', 2],
      ['委托经营', 2],
    ],
    operators: ['示例县葱花土鸡养殖专业合作社', '示例县祥和禽业有限公司'],
    invest: [20, 200],
  },
  {
    name: '中蜂养殖',
    items: ['中蜂养殖基地', '中蜂蜂箱购置项目'],
    departments: ['县农业农村局'],
    unit: null,
    capacity: [0, 0],
    modes: [
      ['自主经营', 3],
      ['委托经营', 2],
      ['其他', 1],
    ],
    operators: ['示例县百花蜜蜂业专业合作社'],
    invest: [8, 80],
  },
  {
    name: '马铃薯种植',
    items: ['马铃薯良种繁育基地', '马铃薯储藏窖', '马铃薯淀粉加工点'],
    departments: ['县农业农村局'],
    unit: '吨',
    capacity: [500, 3000],
    modes: [
      ['自主经营', 2],
      ['出租经营', 2],
      ['入股经营', 2],
      ['联建联营', 1],
    ],
    operators: ['示例县薯都种业有限公司', '示例县丰收马铃薯专业合作社'],
    invest: [25, 300],
  },
  {
    name: '农产品加工',
    items: ['农产品加工车间', '青稞制品加工坊', '菜籽油加工厂', '牛羊肉分割车间'],
    departments: ['县农业农村局', '县工业商务和信息化局'],
    unit: '吨',
    capacity: [300, 2500],
    modes: [
      ['出租经营', 3],
      ['入股经营', 3],
      ['委托经营', 1],
      ['联建联营', 1],
    ],
    operators: ['示例县青稞香食品有限公司', '示例县河湟农产品加工有限公司', '示例县清油坊粮油有限公司'],
    invest: [60, 480],
  },
  {
    name: '光伏',
    items: ['村级光伏电站', '屋顶分布式光伏'],
    departments: ['县发展和改革局'],
    unit: '千瓦',
    capacity: [300, 1000],
    modes: [
      ['委托经营', 5],
      ['其他', 1],
    ],
    operators: ['示例县阳光新能源运维有限公司'],
    invest: [120, 500],
  },
  {
    name: '特色种植',
    items: ['中藏药材种植基地', '食用菌种植大棚', '沙棘经济林', '黑枸杞种植基地'],
    departments: ['县林业和草原局', '县农业农村局'],
    unit: null,
    capacity: [0, 0],
    modes: [
      ['自主经营', 2],
      ['入股经营', 2],
      ['出租经营', 1],
      ['联建联营', 1],
    ],
    operators: ['示例县本草药材种植专业合作社', '示例县林下经济发展有限公司'],
    invest: [20, 260],
  },
  {
    name: '农村电商',
    items: ['农村电商服务站', '农产品冷链配送中心'],
    departments: ['县工业商务和信息化局'],
    unit: null,
    capacity: [0, 0],
    modes: [
      ['委托经营', 2],
      ['自主经营', 1],
    ],
    operators: ['示例县邮乐农品电子商务有限公司'],
    invest: [20, 150],
  },
  {
    name: '民族手工艺',
    items: ['民族刺绣帮扶车间', '手工编织帮扶车间'],
    departments: ['县人力资源和社会保障局'],
    unit: null,
    capacity: [0, 0],
    modes: [
      ['出租经营', 2],
      ['自主经营', 1],
    ],
    operators: ['示例县彩绣民族服饰有限公司'],
    invest: [20, 120],
  },
];
const INDUSTRY_WEIGHTS: (readonly [string, number])[] = [
  ['冷凉蔬菜', 18],
  ['乡村旅游', 14],
  ['牦牛藏羊养殖', 14],
  ['八眉猪养殖', 6],
  ['葱花土鸡养殖', 7],
  ['中蜂养殖', 6],
  ['马铃薯种植', 8],
  ['农产品加工', 8],
  ['光伏', 8],
  ['特色种植', 6],
  ['农村电商', 3],
  ['民族手工艺', 2],
];
const industryByName = new Map(INDUSTRIES.map((i) => [i.name, i]));

const SURNAMES = ['马', '李', '王', '张', '赵', '刘', '杨', '祁', '韩', '朱', '蔡', '星'];
const STEMS = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];

// ---------------------------------------------------------------------------------------------
// Records

export interface Rec {
  key: string | null;
  id: string;
  town: string;
  village: string;
  poorVillage: string;
  cat: Cat;
  name: string;
  industry: string;
  year: number;
  fund: string;
  investment: number;
  assetValue: number | null;
  ownership: string;
  department: string;
  operator: string;
  mode: string;
  contact: string | null;
  phone: string | null;
  opState: string | null;
  stopDate: string | null;
  contractEnd: string | null;
  divAgreed: number | null;
  divDue: string | null;
  divPaid: number | null;
  principalDue: string | null;
  principalBack: string | null;
  netPrev2: number | null;
  /** 处置批次 (§4.6) */
  batch: string | null;
  /** 闲置程度 (大足: 一般/重大) */
  severity: string | null;
  netPrev: number | null;
  netCurr: number | null;
  capDesign: number | null;
  capActual: number | null;
  progress: string | null;
  planDate: string | null;
  doneDate: string | null;
  households: number;
  risk: string | null;
  measures: string | null;
  results: string | null;
  problems: string | null;
  remark: string | null;
}
type Field = keyof Rec;

interface Expect {
  reasons?: string[];
  idle?: boolean;
  inefficient?: boolean;
  dividend?: boolean;
  note: string;
}

interface Design {
  key: string;
  town: string;
  cat: Cat;
  industry: string;
  item?: string;
  set: Partial<Rec>;
  expect: Expect;
}

// Designed rows. `set` overrides the random fields; `expect` is what §4 must produce at 2026-09-30.
// reasons: the §4.4 reasons (computed and recorded) the row must carry, exactly; [] = no warning.
const DESIGNED: Design[] = [
  // ---- 巩固: contract expiry (§4.4 rows 1–2)
  {
    key: 'G1',
    town: '青林镇',
    cat: '巩固',
    industry: '乡村旅游',
    item: '农家乐民宿',
    set: { mode: '出租经营', contractEnd: '2026-10-15' },
    expect: { reasons: ['合同距到期不足1个月'], note: '合同 2026-10-15，距到期不足1个月' },
  },
  {
    key: 'G2',
    town: '河源镇',
    cat: '巩固',
    industry: '冷凉蔬菜',
    item: '蔬菜保鲜冷库',
    set: { mode: '出租经营', contractEnd: '2026-09-30' },
    expect: { reasons: ['合同距到期不足1个月'], note: '边界：合同到期日 = D（2026-09-30）→ 红色 不足1个月' },
  },
  {
    key: 'G3',
    town: '青林镇',
    cat: '巩固',
    industry: '光伏',
    item: '村级光伏电站',
    set: { mode: '委托经营', contractEnd: '2026-11-20' },
    expect: { reasons: ['合同距到期1至3个月'], note: '合同 2026-11-20，1至3个月' },
  },
  {
    key: 'G4',
    town: '南山镇',
    cat: '巩固',
    industry: '农产品加工',
    item: '青稞制品加工坊',
    set: { mode: '出租经营', contractEnd: '2026-10-30' },
    expect: { reasons: ['合同距到期1至3个月'], note: '边界：合同 = D+1月（2026-10-30）→ 黄色 1至3个月，不是红色' },
  },
  {
    key: 'G5',
    town: '石峡乡',
    cat: '巩固',
    industry: '牦牛藏羊养殖',
    item: '牦牛育肥基地',
    set: { mode: '入股经营', contractEnd: '2026-12-29' },
    expect: { reasons: ['合同距到期1至3个月'], note: '边界：合同 2026-12-29 < D+3月 → 黄色' },
  },
  {
    key: 'G6',
    town: '金滩镇',
    cat: '巩固',
    industry: '马铃薯种植',
    item: '马铃薯储藏窖',
    set: { mode: '出租经营', contractEnd: '2026-12-30' },
    expect: { reasons: [], note: '边界：合同 = D+3月（2026-12-30）→ 无预警' },
  },
  // ---- 巩固: dividends (§4.3, §4.4 rows 5–6, §4.2 入股)
  {
    key: 'G7',
    town: '青林镇',
    cat: '巩固',
    industry: '八眉猪养殖',
    item: '八眉猪养殖场',
    set: { mode: '出租经营', divAgreed: 12, divPaid: 4, divDue: '2026-01-31' },
    expect: {
      reasons: ['逾期未收取收益超过6个月'],
      dividend: true,
      inefficient: false,
      note: '出租经营，应分红 2026-01-31 欠 8 万元 → 红色；非入股，不算低效',
    },
  },
  {
    key: 'G8',
    town: '河源镇',
    cat: '巩固',
    industry: '葱花土鸡养殖',
    item: '葱花土鸡养殖基地',
    set: { mode: '入股经营', divAgreed: 9.6, divPaid: 0, divDue: '2026-01-31' },
    expect: {
      reasons: ['逾期未收取收益超过6个月'],
      dividend: true,
      inefficient: true,
      note: '入股经营，应分红 2026-01-31 未分 → 红色 + 低效',
    },
  },
  {
    key: 'G9',
    town: '南山镇',
    cat: '巩固',
    industry: '乡村旅游',
    item: '乡村旅游接待中心',
    set: { mode: '入股经营', divAgreed: 7.5, divPaid: 2.5, divDue: '2026-07-31' },
    expect: {
      reasons: ['收益未按约定时间上缴'],
      dividend: true,
      inefficient: false,
      note: '应分红 2026-07-31 欠 5 万元 → 黄色，不足6个月不算低效',
    },
  },
  {
    key: 'G10',
    town: '石峡乡',
    cat: '巩固',
    industry: '中蜂养殖',
    item: '中蜂养殖基地',
    set: { mode: '入股经营', divAgreed: 5, divPaid: 0, divDue: '2026-03-29' },
    expect: {
      reasons: ['逾期未收取收益超过6个月'],
      dividend: true,
      inefficient: true,
      note: '边界：应分红 2026-03-29 < D−6月（2026-03-30）→ 红色 + 低效',
    },
  },
  {
    key: 'G11',
    town: '金滩镇',
    cat: '巩固',
    industry: '冷凉蔬菜',
    item: '蔬菜温室大棚',
    set: { mode: '入股经营', divAgreed: 4.8, divPaid: 1.2, divDue: '2026-03-30' },
    expect: {
      reasons: ['收益未按约定时间上缴'],
      dividend: true,
      inefficient: false,
      note: '边界：应分红 = D−6月（2026-03-30）→ 黄色，不算低效',
    },
  },
  {
    key: 'G12',
    town: '杨家湾乡',
    cat: '巩固',
    industry: '农产品加工',
    item: '菜籽油加工厂',
    set: { mode: '出租经营', divAgreed: 6, divPaid: 0, divDue: '2026-09-29' },
    expect: { reasons: ['收益未按约定时间上缴'], dividend: true, note: '边界：应分红 2026-09-29 < D → 列入追缴，黄色' },
  },
  {
    key: 'G13',
    town: '杨家湾乡',
    cat: '巩固',
    industry: '乡村旅游',
    item: '乡村旅游综合服务点',
    set: { mode: '出租经营', divAgreed: 6, divPaid: 0, divDue: '2026-09-30' },
    expect: { reasons: [], dividend: false, note: '边界：应分红 = D → 不列入追缴，无预警' },
  },
  // ---- 巩固: principal (§4.4 row 7)
  {
    key: 'G14',
    town: '青林镇',
    cat: '巩固',
    industry: '特色种植',
    item: '中藏药材种植基地',
    set: { mode: '入股经营', principalDue: '2026-06-30', principalBack: '否' },
    expect: { reasons: ['到期本金尚未收回'], note: '本金到期 2026-06-30 未收回 → 红色' },
  },
  {
    key: 'G15',
    town: '石峡乡',
    cat: '巩固',
    industry: '牦牛藏羊养殖',
    item: '藏羊标准化养殖小区',
    set: { mode: '入股经营', principalDue: '2026-09-30', principalBack: '否' },
    expect: { reasons: [], note: '边界：本金到期 = D → 无预警' },
  },
  // ---- 巩固: 低效 by income / capacity / recorded term
  {
    key: 'G16',
    town: '青林镇',
    cat: '巩固',
    industry: '冷凉蔬菜',
    item: '高原夏菜育苗中心',
    set: { mode: '自主经营', netPrev2: -1.1, netPrev: -3.2, netCurr: 1.5 },
    expect: { reasons: [], inefficient: true, note: '前年、上年净收益为负 → 连续两年为负，低效（无预警）' },
  },
  {
    key: 'G17',
    town: '河源镇',
    cat: '巩固',
    industry: '农产品加工',
    item: '牛羊肉分割车间',
    set: { mode: '自主经营', capDesign: 1000, capActual: 400 },
    expect: { reasons: [], inefficient: true, note: '实际产能 400 < 50% × 1000 → 低效' },
  },
  {
    key: 'G18',
    town: '南山镇',
    cat: '巩固',
    industry: '农产品加工',
    item: '农产品加工车间',
    set: { mode: '自主经营', capDesign: 1000, capActual: 500 },
    expect: { reasons: [], inefficient: false, note: '边界：实际产能 = 50% → 不算低效' },
  },
  {
    key: 'G19',
    town: '石峡乡',
    cat: '巩固',
    industry: '特色种植',
    item: '食用菌种植大棚',
    set: { risk: '认定低效' },
    expect: { reasons: [], inefficient: true, note: '风险情形 认定低效 → 低效，不是预警' },
  },
  // ---- 巩固: recorded 风险情形 terms
  {
    key: 'G20',
    town: '青林镇',
    cat: '巩固',
    industry: '乡村旅游',
    item: '民俗文化体验园',
    set: { risk: '收益不合理；分配使用不规范' },
    expect: { reasons: ['收益不合理', '分配使用不规范'], note: '记录的黄色情形两项（分隔符 ；）' },
  },
  {
    key: 'G21',
    town: '河源镇',
    cat: '巩固',
    industry: '牦牛藏羊养殖',
    item: '饲草料加工点',
    set: { risk: '收益过低' },
    expect: { reasons: ['收益过低'], note: '记录的红色情形' },
  },
  {
    key: 'G22',
    town: '南山镇',
    cat: '巩固',
    industry: '八眉猪养殖',
    item: '八眉猪标准化圈舍',
    set: { risk: '已通过司法程序追缴' },
    expect: { reasons: ['已通过司法程序追缴'], note: '记录的黄色情形' },
  },
  {
    key: 'G23',
    town: '金滩镇',
    cat: '巩固',
    industry: '光伏',
    item: '屋顶分布式光伏',
    set: { risk: '分配使用违反负面清单' },
    expect: { reasons: ['分配使用违反负面清单'], note: '记录的红色情形' },
  },
  {
    key: 'G24',
    town: '白马镇',
    cat: '巩固',
    industry: '乡村旅游',
    item: '农家乐民宿',
    set: { opState: '运营一般', risk: '运营一般' },
    expect: { reasons: ['运营一般'], note: '运营状态与风险情形都是 运营一般 → 只计一次黄色' },
  },
  // ---- 巩固: large healthy projects (amount formats, > 1000 万元)
  {
    key: 'G25',
    town: '南山镇',
    cat: '巩固',
    industry: '光伏',
    item: '村级光伏电站',
    set: { investment: 1234.5, assetValue: 1234.5, mode: '委托经营', year: 2017, fund: '统筹整合涉农资金' },
    expect: { reasons: [], note: '投资 1,234.50（千分位）健康项目' },
  },
  {
    key: 'G26',
    town: '金滩镇',
    cat: '巩固',
    industry: '农村电商',
    item: '农产品冷链配送中心',
    set: { investment: 1180, assetValue: 1265.8, mode: '委托经营', year: 2021, fund: '东西部协作资金' },
    expect: { reasons: [], note: '投资 > 1000 健康项目' },
  },
  {
    key: 'G27',
    town: '青林镇',
    cat: '巩固',
    industry: '光伏',
    item: '村级光伏电站',
    set: { investment: 1450, assetValue: 1450, mode: '委托经营', year: 2018, fund: '专项扶贫资金' },
    expect: { reasons: [], note: '投资 > 1000 健康项目' },
  },

  // ---- 升级 (19): progress mix; 未启动 3, 推进中 10, 已完成 5, 已销号 1
  {
    key: 'U1',
    town: '青林镇',
    cat: '升级',
    industry: '乡村旅游',
    item: '乡村旅游接待中心',
    set: { opState: '运营一般', progress: '推进中', planDate: '2026-11-30' },
    expect: { reasons: ['运营一般'], note: '运营状态 运营一般 → 黄色' },
  },
  {
    key: 'U2',
    town: '石峡乡',
    cat: '升级',
    industry: '冷凉蔬菜',
    item: '蔬菜温室大棚',
    set: {
      mode: '出租经营',
      opState: '停产',
      stopDate: '2026-07-01',
      contractEnd: '2026-06-30',
      progress: '推进中',
      planDate: '2026-11-15',
    },
    expect: {
      reasons: ['合同到期已闲置超过1个月'],
      idle: false,
      note: '边界：合同 = D−3月（2026-06-30）且停产 → 黄色（不是红色）；停用未满6个月不算闲置',
    },
  },
  {
    key: 'U3',
    town: '青林镇',
    cat: '升级',
    industry: '农产品加工',
    item: '青稞制品加工坊',
    set: {
      mode: '出租经营',
      divAgreed: 3,
      divPaid: 0,
      divDue: '2026-06-30',
      risk: '收益尚未上缴,分配使用不规范',
      progress: '推进中',
      planDate: '2026-10-31',
    },
    expect: {
      reasons: ['收益尚未上缴', '分配使用不规范'],
      dividend: true,
      note: '记录红色 收益尚未上缴（分隔符 ,）；同一事实只列一条：不再另列计算的“收益未按约定时间上缴”',
    },
  },
  {
    key: 'U4',
    town: '石峡乡',
    cat: '升级',
    industry: '葱花土鸡养殖',
    item: '土鸡林下养殖场',
    set: { mode: '自主经营', netPrev2: -1.3, netPrev: -2.4, netCurr: -0.9, progress: '推进中', planDate: '2026-06-30' },
    expect: { reasons: [], inefficient: true, note: '连续两年净收益为负 → 低效；计划 2026-06-30 未完成 → 逾期' },
  },
  {
    key: 'U5',
    town: '杨家湾乡',
    cat: '升级',
    industry: '马铃薯种植',
    item: '马铃薯淀粉加工点',
    set: { mode: '自主经营', capDesign: 2000, capActual: 600, progress: '推进中', planDate: '2026-12-31' },
    expect: { reasons: [], inefficient: true, note: '实际产能 30% → 低效' },
  },
  {
    key: 'U6',
    town: '青林镇',
    cat: '升级',
    industry: '冷凉蔬菜',
    item: '冷凉蔬菜种植基地',
    set: { progress: '已完成', planDate: '2026-08-31', doneDate: '2026-07-18' },
    expect: { reasons: [], note: '已完成，完成日期在三季度' },
  },
  {
    key: 'U7',
    town: '青林镇',
    cat: '升级',
    industry: '牦牛藏羊养殖',
    item: '牦牛藏羊养殖场',
    set: { progress: '未启动', planDate: '2026-09-29' },
    expect: { reasons: [], note: '边界：计划 2026-09-29 < D 且未启动 → 逾期' },
  },
  {
    key: 'U8',
    town: '河源镇',
    cat: '升级',
    industry: '乡村旅游',
    item: '农家乐民宿',
    set: { progress: '已完成', planDate: '2026-06-30', doneDate: '2026-06-12' },
    expect: { reasons: [], note: '已完成（二季度）' },
  },
  {
    key: 'U9',
    town: '河源镇',
    cat: '升级',
    industry: '马铃薯种植',
    item: '马铃薯良种繁育基地',
    set: { progress: '推进中', planDate: '2026-08-31' },
    expect: { reasons: [], note: '计划 2026-08-31 未完成 → 逾期' },
  },
  {
    key: 'U10',
    town: '南山镇',
    cat: '升级',
    industry: '八眉猪养殖',
    item: '八眉猪养殖场',
    set: { progress: '已完成', planDate: '2026-09-30', doneDate: '2026-09-30' },
    expect: { reasons: [], note: '边界：完成日期 = D（三季度末）→ 本季度完成' },
  },
  {
    key: 'U11',
    town: '南山镇',
    cat: '升级',
    industry: '冷凉蔬菜',
    item: '高原夏菜育苗中心',
    set: { progress: '推进中', planDate: '2026-09-30' },
    expect: { reasons: [], note: '边界：计划 = D → 不逾期' },
  },
  {
    key: 'U12',
    town: '柏树乡',
    cat: '升级',
    industry: '乡村旅游',
    item: '民俗文化体验园',
    set: { progress: '已完成', planDate: '2025-12-31', doneDate: '2025-11-10' },
    expect: { reasons: [], note: '已完成（上年）' },
  },
  {
    key: 'U13',
    town: '柏树乡',
    cat: '升级',
    industry: '牦牛藏羊养殖',
    item: '饲草料加工点',
    set: { progress: '推进中', planDate: '2026-12-31' },
    expect: { reasons: [], note: '推进中' },
  },
  {
    key: 'U14',
    town: '石峡乡',
    cat: '升级',
    industry: '农村电商',
    item: '农村电商服务站',
    set: { year: 2026, fund: '衔接资金', opState: '在建', progress: '推进中', planDate: '2026-10-31' },
    expect: { reasons: [], note: '在建' },
  },
  {
    key: 'U15',
    town: '金滩镇',
    cat: '升级',
    industry: '中蜂养殖',
    item: '中蜂养殖基地',
    set: { progress: '已销号', planDate: '2026-09-30', doneDate: '2026-09-12' },
    expect: { reasons: [], note: '已销号（三季度）' },
  },
  {
    key: 'U16',
    town: '金滩镇',
    cat: '升级',
    industry: '特色种植',
    item: '沙棘经济林',
    set: { progress: '未启动', planDate: '2026-12-15' },
    expect: { reasons: [], note: '未启动' },
  },
  {
    key: 'U17',
    town: '杨家湾乡',
    cat: '升级',
    industry: '乡村旅游',
    item: '乡村旅游接待中心',
    set: { progress: '已完成', planDate: '2026-06-30', doneDate: '2026-05-20' },
    expect: { reasons: [], note: '已完成（二季度）' },
  },
  {
    key: 'U18',
    town: '白马镇',
    cat: '升级',
    industry: '牦牛藏羊养殖',
    item: '牦牛育肥基地',
    set: { progress: '推进中', planDate: '2026-11-30' },
    expect: { reasons: [], note: '推进中' },
  },
  {
    key: 'U19',
    town: '阳坡乡',
    cat: '升级',
    industry: '冷凉蔬菜',
    item: '蔬菜保鲜冷库',
    set: { progress: '未启动', planDate: '2027-03-31' },
    expect: { reasons: [], note: '未启动' },
  },

  // ---- 盘活 (5): 未启动 1, 推进中 2, 已完成 2
  {
    key: 'P1',
    town: '南山镇',
    cat: '盘活',
    industry: '农产品加工',
    item: '帮扶产业园标准化厂房',
    set: {
      investment: 5860,
      assetValue: 5860,
      year: 2019,
      fund: '统筹整合涉农资金',
      ownership: '南山镇人民政府',
      households: 126,
      mode: '出租经营',
      opState: '停产',
      stopDate: '2025-12-01',
      contractEnd: '2025-11-30',
      progress: '推进中',
      planDate: '2026-11-30',
    },
    expect: {
      reasons: ['合同到期已闲置超过3个月', '闲置资产尚未盘活'],
      idle: true,
      note: '停产自 2025-12-01 → 闲置；原值 5860 → 省级复核',
    },
  },
  {
    key: 'P2',
    town: '青林镇',
    cat: '盘活',
    industry: '乡村旅游',
    item: '乡村旅游综合服务点',
    set: { investment: 300, assetValue: 320, progress: '已完成', planDate: '2026-08-31', doneDate: '2026-08-15' },
    expect: { reasons: ['已盘活资产跟踪监测'], note: '盘活已完成（三季度）→ 黄色跟踪；原值 320 → 县级领导小组' },
  },
  {
    key: 'P3',
    town: '河源镇',
    cat: '盘活',
    industry: '冷凉蔬菜',
    item: '蔬菜温室大棚',
    set: { investment: 100, assetValue: 100, progress: '已完成', planDate: '2026-06-30', doneDate: '2026-05-28' },
    expect: { reasons: ['已盘活资产跟踪监测'], note: '盘活已完成（二季度）；边界：原值 100 → 乡镇或县级主管部门' },
  },
  {
    key: 'P4',
    town: '金滩镇',
    cat: '盘活',
    industry: '牦牛藏羊养殖',
    item: '牦牛藏羊养殖场',
    set: {
      investment: 1180,
      assetValue: 1280,
      year: 2020,
      fund: '东西部协作资金',
      mode: '入股经营',
      opState: '半停产',
      divAgreed: 6,
      divPaid: 0,
      divDue: '2025-12-31',
      progress: '推进中',
      planDate: '2026-08-31',
    },
    expect: {
      reasons: ['逾期未收取收益超过6个月'],
      dividend: true,
      inefficient: true,
      idle: false,
      note: '入股分红 2025-12-31 未付 → 红色+低效；半停产不算闲置；计划 2026-08-31 逾期；原值 1280 → 市级复核',
    },
  },
  {
    key: 'P5',
    town: '白马镇',
    cat: '盘活',
    industry: '农产品加工',
    item: '农产品加工车间',
    set: {
      investment: 45,
      assetValue: 45,
      severity: '重大',
      mode: '自主经营',
      opState: '闲置',
      stopDate: '2026-03-30',
      progress: '未启动',
      planDate: '2026-12-31',
    },
    expect: { reasons: ['闲置资产尚未盘活'], idle: true, note: '边界：停用日期 = D−6月（2026-03-30）→ 闲置' },
  },

  // ---- 调整 (12): 未启动 2, 推进中 5, 已完成 2, 已销号 3
  {
    key: 'T1',
    town: '南山镇',
    cat: '调整',
    industry: '中蜂养殖',
    item: '中蜂蜂箱购置项目',
    set: {
      investment: 6.5,
      assetValue: 6.5,
      batch: '2026-01',
      mode: '自主经营',
      opState: '闲置',
      stopDate: null,
      progress: '未启动',
      planDate: '2026-12-31',
    },
    expect: {
      reasons: ['符合处置条件尚未处置'],
      idle: true,
      note: '闲置且无停用日期 → 按闲置计，数据质量提示 缺停用日期；调整类 → 符合处置条件尚未处置（不是“尚未盘活”）；原值 6.5 → 简化程序',
    },
  },
  {
    key: 'T2',
    town: '青林镇',
    cat: '调整',
    industry: '八眉猪养殖',
    item: '八眉猪养殖场',
    set: {
      investment: 1000,
      assetValue: 1000,
      year: 2016,
      fund: '统筹整合涉农资金',
      mode: '出租经营',
      opState: '停产',
      stopDate: '2024-10-01',
      contractEnd: '2026-05-01',
      progress: '推进中',
      planDate: '2026-06-30',
    },
    expect: {
      reasons: ['合同到期已闲置超过3个月', '符合处置条件尚未处置'],
      idle: true,
      note: '合同 2026-05-01 到期且停产 → 红色；计划 2026-06-30 逾期；边界：原值 1000 → 县级领导小组',
    },
  },
  {
    key: 'T3',
    town: '河源镇',
    cat: '调整',
    industry: '葱花土鸡养殖',
    item: '葱花土鸡养殖基地',
    set: {
      investment: 85,
      assetValue: 85,
      mode: '出租经营',
      opState: '闲置',
      stopDate: '2026-08-01',
      contractEnd: '2026-08-01',
      progress: '推进中',
      planDate: '2026-11-30',
    },
    expect: { reasons: ['合同到期已闲置超过1个月'], idle: false, note: '合同 2026-08-01 到期且闲置 → 黄色；停用未满6个月' },
  },
  {
    key: 'T4',
    town: '青林镇',
    cat: '调整',
    industry: '中蜂养殖',
    item: '中蜂养殖基地',
    set: {
      investment: 10,
      assetValue: 10,
      opState: '已处置',
      progress: '已销号',
      planDate: '2026-08-31',
      doneDate: '2026-07-10',
      risk: '处置所得尚未安排使用;分配使用不规范',
    },
    expect: { reasons: ['分配使用不规范', '处置所得尚未安排使用'], note: '已销号（三季度）；分隔符 ;；边界：原值 10 → 简化程序' },
  },
  {
    key: 'T5',
    town: '河源镇',
    cat: '调整',
    industry: '马铃薯种植',
    item: '马铃薯淀粉加工点',
    set: { investment: 150, assetValue: 150, opState: '已处置', progress: '已销号', planDate: '2026-06-30', doneDate: '2026-04-18' },
    expect: { reasons: [], note: '已销号（二季度）' },
  },
  {
    key: 'T6',
    town: '南山镇',
    cat: '调整',
    industry: '牦牛藏羊养殖',
    item: '藏羊标准化养殖小区',
    set: { investment: 260, assetValue: 260, progress: '已完成', planDate: '2026-09-30', doneDate: '2026-09-05' },
    expect: { reasons: [], note: '已完成（三季度），转型为新项目' },
  },
  {
    key: 'T7',
    town: '石峡乡',
    cat: '调整',
    industry: '农产品加工',
    item: '菜籽油加工厂',
    set: {
      investment: 75,
      assetValue: 75,
      mode: '自主经营',
      opState: '停产',
      stopDate: '2026-03-31',
      progress: '推进中',
      planDate: '2026-10-31',
      risk: '符合处置条件尚未处置',
    },
    expect: {
      reasons: ['符合处置条件尚未处置'],
      idle: true,
      note: '边界：停用 2026-03-31，满6个月之日 2026-09-30 = D → 闲置（期间自次日起算）；调整类的计算情形与记录的同名情形只列一次',
    },
  },
  {
    key: 'T8',
    town: '金滩镇',
    cat: '调整',
    industry: '特色种植',
    item: '黑枸杞种植基地',
    set: {
      investment: 420,
      assetValue: 420,
      year: 2018,
      mode: '自主经营',
      opState: '闲置',
      stopDate: '2023-06-01',
      netPrev2: -1.7,
      netPrev: -2.1,
      netCurr: -0.8,
      progress: '未启动',
      planDate: '2026-09-15',
    },
    expect: {
      reasons: ['符合处置条件尚未处置'],
      idle: true,
      inefficient: true,
      note: '闲置 + 前年、上年连续亏损；调整类 → 符合处置条件尚未处置；计划 2026-09-15 未启动 → 逾期',
    },
  },
  {
    key: 'T9',
    town: '杨家湾乡',
    cat: '调整',
    industry: '八眉猪养殖',
    item: '八眉猪标准化圈舍',
    set: {
      investment: 560,
      assetValue: 560,
      mode: '自主经营',
      opState: '半停产',
      capDesign: 1500,
      capActual: 300,
      risk: '运营不正常、认定低效',
      progress: '推进中',
      planDate: '2026-12-31',
    },
    expect: { reasons: ['运营不正常'], inefficient: true, note: '记录红色 运营不正常（分隔符 、）；产能 20% + 认定低效 → 低效' },
  },
  {
    key: 'T10',
    town: '柏树乡',
    cat: '调整',
    industry: '葱花土鸡养殖',
    item: '土鸡林下养殖场',
    set: { investment: 38, assetValue: 18, batch: '2026-01', progress: '已完成', planDate: '2025-12-31', doneDate: '2025-12-20' },
    expect: { reasons: [], note: '已完成（上年）；原值 18 > 10，但与 T1 同一处置批次合计 24.5 ≤ 30 → 简化程序' },
  },
  {
    key: 'T11',
    town: '白马镇',
    cat: '调整',
    industry: '乡村旅游',
    item: '农家乐民宿',
    set: {
      investment: 130,
      assetValue: 130,
      mode: '出租经营',
      opState: '闲置',
      stopDate: '2026-05-20',
      contractEnd: '2026-06-29',
      progress: '推进中',
      planDate: '2026-12-31',
    },
    expect: { reasons: ['合同到期已闲置超过3个月'], idle: false, note: '边界：合同 2026-06-29 < D−3月 且闲置 → 红色；停用未满6个月' },
  },
  {
    key: 'T12',
    town: '阳坡乡',
    cat: '调整',
    industry: '马铃薯种植',
    item: '马铃薯储藏窖',
    set: { investment: 95, assetValue: 95, opState: '已处置', progress: '已销号', planDate: '2026-09-30', doneDate: '2026-09-28' },
    expect: { reasons: [], note: '已销号（三季度）' },
  },
];

// ---------------------------------------------------------------------------------------------
// Generation

function fundFor(rng: Rng, year: number): string {
  if (year <= 2015)
    return rng.weighted([
      ['专项扶贫资金', 6],
      ['东西部协作资金', 2],
      ['定点帮扶资金', 1],
    ]);
  if (year <= 2020)
    return rng.weighted([
      ['统筹整合涉农资金', 5],
      ['专项扶贫资金', 3],
      ['东西部协作资金', 2],
      ['定点帮扶资金', 1],
    ]);
  return rng.weighted([
    ['衔接资金', 7],
    ['东西部协作资金', 2],
    ['定点帮扶资金', 1],
  ]);
}

function randomDate(rng: Rng, y0: number, y1: number): string {
  const y = rng.int(y0, y1);
  const m = rng.int(1, 12);
  return iso(y, m, rng.pick([daysInMonth(y, m), 15, 1, rng.int(2, 28)]));
}

function baseRecord(
  rng: Rng,
  town: Township,
  cat: Cat,
  industryName: string,
  item: string | undefined,
  usedNames: Set<string>,
  forcedMode?: string,
): Rec {
  const ind = industryByName.get(industryName)!;
  const village = rng.pick(town.villages);
  const year = rng.weighted<number>([
    [2013, 2],
    [2014, 3],
    [2015, 4],
    [2016, 6],
    [2017, 7],
    [2018, 8],
    [2019, 9],
    [2020, 8],
    [2021, 7],
    [2022, 6],
    [2023, 5],
    [2024, 4],
    [2025, 3],
  ]);
  const base = `${village}${item ?? rng.pick(ind.items)}`;
  let name = base;
  for (let n = 2; usedNames.has(name); n++) name = `${base}（${'一二三四五六七八九'[n - 1]}期）`;
  usedNames.add(name);
  const investment = round2(rng.chance(0.06) ? rng.between(5, 20) : rng.between(ind.invest[0], ind.invest[1]));
  const mode = forcedMode ?? rng.weighted(ind.modes);
  const selfOwned = mode === '自主经营' || mode === '联建联营' || mode === '其他';
  const operator =
    mode === '自主经营' ? `${village}股份经济合作社` : mode === '联建联营' ? `${town.name}联村经济合作联合社` : rng.pick(ind.operators);
  const hasContact = rng.chance(0.88);
  const contact = hasContact ? `${rng.pick(SURNAMES)}某${rng.pick(STEMS)}` : null;
  const phone = hasContact
    ? rng.chance(0.75)
      ? `0972-8${String(rng.int(0, 999999)).padStart(6, '0')}`
      : `138${String(rng.int(0, 99999999)).padStart(8, '0')}`
    : null;

  const r: Rec = {
    key: null,
    id: '',
    town: town.name,
    village,
    poorVillage: rng.chance(0.7) ? '是' : '否',
    cat,
    name,
    industry: ind.name,
    year,
    fund: fundFor(rng, year),
    investment,
    assetValue: rng.chance(0.25) ? round2(investment * rng.between(1.02, 1.3)) : investment,
    ownership: rng.chance(0.85) ? `${village}股份经济合作社` : `${town.name}人民政府`,
    department: rng.pick(ind.departments),
    operator,
    mode,
    contact,
    phone,
    opState: '正常运营',
    stopDate: null,
    contractEnd: null,
    divAgreed: null,
    divDue: null,
    divPaid: null,
    principalDue: null,
    principalBack: null,
    netPrev2: null,
    batch: null,
    severity: null,
    netPrev: null,
    netCurr: null,
    capDesign: null,
    capActual: null,
    progress: null,
    planDate: null,
    doneDate: null,
    households: rng.int(cat === '巩固' ? 5 : 3, cat === '巩固' ? 90 : 50),
    risk: null,
    measures: null,
    results: null,
    problems: null,
    remark: null,
  };

  if (!selfOwned) {
    // contracts well beyond D + 3 months, dividends paid in full or not yet due
    r.contractEnd = randomDate(rng, 2027, 2034);
    if (r.contractEnd < '2027-03-31') r.contractEnd = '2027-12-31';
    r.divAgreed = round2(investment * rng.between(0.04, 0.08));
    const due = rng.weighted([
      ['2025-12-31', 6],
      ['2026-06-30', 3],
      ['2026-12-31', 2],
    ]);
    r.divDue = due;
    r.divPaid = due < AS_OF ? r.divAgreed : 0;
    if (mode === '入股经营' && rng.chance(0.45)) {
      if (rng.chance(0.85)) {
        r.principalDue = randomDate(rng, 2027, 2031);
        r.principalBack = '否';
      } else {
        r.principalDue = '2025-12-31';
        r.principalBack = '是';
      }
    }
  }
  if (rng.chance(0.8)) {
    r.netPrev = round2(investment * rng.between(0.02, 0.1));
    r.netCurr = round2(investment * rng.between(0.015, 0.1));
    if (rng.chance(0.06)) {
      if (rng.chance(0.5)) r.netPrev = -round2(rng.between(0.3, 4));
      else r.netCurr = -round2(rng.between(0.3, 4));
    }
    // 前年 from the figures already drawn (no further draw, so the rest of the county stays as it was)
    r.netPrev2 = round2(investment * 0.04);
  }
  if (ind.unit && rng.chance(0.4)) {
    const d = Math.round(rng.between(ind.capacity[0], ind.capacity[1]) / 10) * 10;
    r.capDesign = d;
    r.capActual = Math.round(d * rng.between(0.55, 1.0));
    r.remark = `产能单位：${ind.unit}`;
  }
  if (cat === '巩固') {
    r.progress = rng.chance(0.3) ? '未启动' : null;
    if (rng.chance(0.12))
      r.measures = rng.pick(['持续做好运营管护', '延伸产业链，打造区域品牌', '巩固提升联农带农机制', '扩大订单生产规模']);
  } else {
    r.measures = {
      升级: '补齐设施短板，更新设施设备，引入技术服务',
      盘活: '引进新经营主体承接盘活，落实技术与金融支持',
      调整: '开展评估论证，按程序转型调整或处置退出',
    }[cat];
    r.problems = {
      升级: '产业链条短，收益偏低',
      盘活: '原经营主体退出，资金短缺',
      调整: '市场变化，无盘活潜力',
    }[cat];
  }
  return r;
}

/** Results text once progress is known. */
function fillResults(r: Rec): void {
  if (r.cat === '巩固') return;
  if (r.progress === '已完成' || r.progress === '已销号') {
    r.results =
      r.cat === '调整' ? (r.progress === '已销号' ? '资产已按程序处置并销号' : '已转型为新经营性项目') : '已完成提升，恢复稳定运营';
  } else if (r.progress === '推进中') {
    r.results = '已制定子方案，正在推进';
  }
}

function generate(): Rec[] {
  const rng = new Rng(SEED);
  const usedNames = new Set<string>();
  const all: Rec[] = [];
  for (const town of TOWNSHIPS) {
    const rows: Rec[] = [];
    const designed = DESIGNED.filter((d) => d.town === town.name);
    for (const [ci, cat] of CATS.entries()) {
      const want = town.counts[ci]!;
      const mine = designed.filter((d) => d.cat === cat);
      if (cat !== '巩固' && mine.length !== want) throw new Error(`${town.name} ${cat}: ${mine.length} designed, ${want} wanted`);
      if (mine.length > want) throw new Error(`${town.name} ${cat}: too many designed rows`);
      for (const d of mine) {
        const r = baseRecord(rng, town, cat, d.industry, d.item, usedNames, d.set.mode);
        Object.assign(r, d.set);
        // a stopped or disposed asset earns nothing this year and pays no dividend
        if (['停产', '闲置', '半停产', '已处置'].includes(r.opState ?? '')) {
          if (d.set.netCurr === undefined) r.netCurr = null;
          if (d.set.capActual === undefined) {
            r.capDesign = null;
            r.capActual = null;
            r.remark = null;
          }
          if (d.set.divAgreed === undefined) {
            r.divAgreed = null;
            r.divDue = null;
            r.divPaid = null;
          }
          if (r.opState === '已处置') {
            if (d.set.contractEnd === undefined) r.contractEnd = null;
            r.principalDue = null;
            r.principalBack = null;
          }
        }
        if (d.set.investment !== undefined && d.set.assetValue === undefined) r.assetValue = d.set.investment;
        if (d.set.year !== undefined && d.set.fund === undefined) r.fund = fundFor(rng, r.year);
        // designed rows carry only the signals they are designed for
        if (d.set.divAgreed === undefined && r.divDue !== null && r.divDue < AS_OF) r.divPaid = r.divAgreed;
        r.key = d.key;
        fillResults(r);
        rows.push(r);
      }
      for (let i = mine.length; i < want; i++) {
        const ind = rng.weighted(INDUSTRY_WEIGHTS);
        rows.push(baseRecord(rng, town, cat, ind, undefined, usedNames));
      }
    }
    // ledgers are kept by village, then year
    rows.sort(
      (a, b) =>
        town.villages.indexOf(a.village) - town.villages.indexOf(b.village) ||
        a.year - b.year ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    all.push(...rows);
  }
  // 项目编号: county code, 建设年度, serial within the year (county-wide)
  const serial = new Map<number, number>();
  for (const r of all) {
    const n = (serial.get(r.year) ?? 0) + 1;
    serial.set(r.year, n);
    r.id = `${COUNTY_CODE}-${r.year}-${String(n).padStart(3, '0')}`;
  }
  return all;
}

// ---------------------------------------------------------------------------------------------
// File shapes

type DateStyle = 'iso' | 'slash' | 'dot' | 'cn';
type AmountStyle = 'fixed2' | 'plain' | 'thousands';

interface Column {
  header: string;
  /** canonical field, or a special renderer */
  field: Field | 'seq' | 'contactPhone' | `onehot:${Cat}`;
}

interface FileSpec {
  file: string;
  town: string;
  kind: 'csv' | 'xlsx';
  encoding?: 'utf-8' | 'gb18030';
  bom?: boolean;
  eol?: '\r\n' | '\n';
  dates: DateStyle;
  amounts: AmountStyle;
  labels: Record<Cat, string>;
  columns: Column[];
  /** lines above the header */
  preamble: string[];
  /** trailing rows: a sums row labelled 合计/总计, then note lines */
  total?: '合计' | '总计';
  notes: string[];
  /** insert blank rows after these data-row indexes: 'empty' = empty line, 'commas' = only separators */
  blanks?: { after: number; kind: 'empty' | 'commas' }[];
  /** rows whose integer cells are written with full-width digits (every n-th row) */
  fullWidthEvery?: number;
  /** rows whose 运营状态 is left empty (default 正常运营) when it is 正常运营, every n-th row */
  blankStateEvery?: number;
}

const C = (header: string, field: Column['field']): Column => ({ header, field });

/** the canonical columns of docs/rules.md §2, in ledger order, with 序号 first and 备注 last */
function canonicalColumns(over: Partial<Record<string, string>> = {}, drop: string[] = []): Column[] {
  const cols: Column[] = [
    C('序号', 'seq'),
    C('项目编号', 'id'),
    C('项目名称', 'name'),
    C('乡镇', 'town'),
    C('村', 'village'),
    C('是否脱贫村', 'poorVillage'),
    C('所属产业', 'industry'),
    C('建设年度', 'year'),
    C('资金来源', 'fund'),
    C('投入帮扶资金（万元）', 'investment'),
    C('资产原值（万元）', 'assetValue'),
    C('资产权属', 'ownership'),
    C('主管部门', 'department'),
    C('经营主体', 'operator'),
    C('运营方式', 'mode'),
    C('联系人', 'contact'),
    C('联系电话', 'phone'),
    C('类别', 'cat'),
    C('运营状态', 'opState'),
    C('停用日期', 'stopDate'),
    C('合同到期日期', 'contractEnd'),
    C('约定分红（万元）', 'divAgreed'),
    C('应分红日期', 'divDue'),
    C('实际分红（万元）', 'divPaid'),
    C('本金到期日期', 'principalDue'),
    C('本金是否收回', 'principalBack'),
    C('闲置程度', 'severity'),
    C('处置批次', 'batch'),
    C('前年净收益（万元）', 'netPrev2'),
    C('上年净收益（万元）', 'netPrev'),
    C('本年净收益（万元）', 'netCurr'),
    C('设计产能', 'capDesign'),
    C('实际产能', 'capActual'),
    C('进展状态', 'progress'),
    C('计划完成日期', 'planDate'),
    C('完成日期', 'doneDate'),
    C('带动脱贫户数', 'households'),
    C('风险情形', 'risk'),
    C('推进举措', 'measures'),
    C('取得成效', 'results'),
    C('存在问题', 'problems'),
    C('备注', 'remark'),
  ];
  return cols.filter((c) => !drop.includes(c.header)).map((c) => ({ header: over[c.header] ?? c.header, field: c.field }));
}

const title = (town: string) => `示例县${town}经营性帮扶项目资产台账（示例数据）`;

const FILES: FileSpec[] = [
  {
    // UTF-8 with BOM, CRLF, canonical headers, ISO dates
    file: '01-青林镇-示例数据.csv',
    town: '青林镇',
    kind: 'csv',
    encoding: 'utf-8',
    bom: true,
    eol: '\r\n',
    dates: 'iso',
    amounts: 'fixed2',
    labels: { 巩固: '巩固类', 升级: '升级类', 盘活: '盘活类', 调整: '调整类' },
    columns: canonicalColumns(),
    preamble: [title('青林镇')],
    notes: [],
    blankStateEvery: 0,
  },
  {
    // GB18030, CRLF, preamble + blank line, 合计 row and 填表说明 line, 2026年4月29日 dates
    file: '02-河源镇-示例数据.csv',
    town: '河源镇',
    kind: 'csv',
    encoding: 'gb18030',
    bom: false,
    eol: '\r\n',
    dates: 'cn',
    amounts: 'thousands',
    labels: { 巩固: '巩固一批', 升级: '升级一批', 盘活: '盘活一批', 调整: '调整一批' },
    columns: canonicalColumns({ '投入帮扶资金（万元）': '投入帮扶资金(万元)', '资产原值（万元）': '资产原值(万元)' }),
    preamble: [title('河源镇'), '填报单位：河源镇', '更新时间：2026年9月30日', ''],
    total: '合计',
    notes: ['填表说明：1.本表为示例数据，所有人名、电话均为虚构。2.类别按“巩固一批、升级一批、盘活一批、调整一批”填写。3.金额单位为万元。'],
  },
  {
    // header aliases, no preamble (header on line 1), UTF-8 without BOM, LF, 2026/4/29 dates,
    // thousands separators, full-width digits; 联系人 and 电话 in one column; a trailing 备注 line
    file: '03-南山镇-示例数据.csv',
    town: '南山镇',
    kind: 'csv',
    encoding: 'utf-8',
    bom: false,
    eol: '\n',
    dates: 'slash',
    amounts: 'thousands',
    labels: { 巩固: '巩固', 升级: '提升类', 盘活: '盘活类', 调整: '另起炉灶' },
    columns: canonicalColumns(
      {
        项目编号: '项目代码',
        项目名称: '资产名称',
        乡镇: '所属乡镇',
        村: '所属村',
        所属产业: '产业类型',
        建设年度: '购建年度',
        '投入帮扶资金（万元）': '投资额（万元）',
        资产权属: '权属',
        经营主体: '运营主体',
        运营方式: '经营方式',
        联系电话: '联系人及电话',
        类别: '四个一批类别',
        '约定分红（万元）': '应收收益（万元）',
        '实际分红（万元）': '已收收益（万元）',
        存在问题: '存在的主要问题及建议',
      },
      ['联系人'],
    ).map((c) => (c.field === 'phone' ? { header: c.header, field: 'contactPhone' as const } : c)),
    preamble: [],
    notes: ['备注：本表为示例数据，联系人及电话均为虚构。'],
    fullWidthEvery: 3,
  },
  {
    // 大足 one-hot layout, UTF-8 with BOM, LF, 2026.4.29 dates, fewer columns
    file: '04-柏树乡-示例数据.csv',
    town: '柏树乡',
    kind: 'csv',
    encoding: 'utf-8',
    bom: true,
    eol: '\n',
    dates: 'dot',
    amounts: 'plain',
    labels: { 巩固: '巩固类', 升级: '升级类', 盘活: '盘活类', 调整: '调整类' },
    columns: [
      C('序号', 'seq'),
      C('项目编号', 'id'),
      C('项目名称', 'name'),
      C('乡镇', 'town'),
      C('村', 'village'),
      C('是否脱贫村', 'poorVillage'),
      C('购建年度', 'year'),
      C('资金来源', 'fund'),
      C('投入帮扶资金（万元）', 'investment'),
      C('资产原值（万元）', 'assetValue'),
      C('资产权属', 'ownership'),
      C('处置批次', 'batch'),
      C('主管部门', 'department'),
      C('联系人及联系电话', 'contactPhone'),
      C('所属产业', 'industry'),
      C('经营主体', 'operator'),
      C('运营方式', 'mode'),
      C('运营状态', 'opState'),
      C('巩固类', 'onehot:巩固'),
      C('升级类', 'onehot:升级'),
      C('盘活类', 'onehot:盘活'),
      C('调整类', 'onehot:调整'),
      C('进展状态', 'progress'),
      C('计划完成日期', 'planDate'),
      C('完成日期', 'doneDate'),
      C('带动脱贫户数', 'households'),
      C('推进举措', 'measures'),
      C('取得成效', 'results'),
      C('存在的主要问题及建议', 'problems'),
      C('备注', 'remark'),
    ],
    preamble: [title('柏树乡')],
    notes: [],
  },
  {
    // Excel workbook: title row, header, data, 合计 row; second sheet 说明 without a header
    file: '05-石峡乡-示例数据.xlsx',
    town: '石峡乡',
    kind: 'xlsx',
    dates: 'iso',
    amounts: 'fixed2',
    labels: { 巩固: '巩固类', 升级: '提升类', 盘活: '盘活类', 调整: '调整类' },
    columns: canonicalColumns(),
    preamble: [title('石峡乡')],
    total: '合计',
    notes: [],
  },
  {
    // UTF-8 without BOM, CRLF, plain labels, blank rows in the middle
    file: '06-金滩镇-示例数据.csv',
    town: '金滩镇',
    kind: 'csv',
    encoding: 'utf-8',
    bom: false,
    eol: '\r\n',
    dates: 'iso',
    amounts: 'fixed2',
    labels: { 巩固: '巩固', 升级: '升级', 盘活: '盘活', 调整: '调整' },
    columns: canonicalColumns(),
    preamble: [title('金滩镇')],
    notes: [],
    blanks: [
      { after: 19, kind: 'empty' },
      { after: 34, kind: 'commas' },
    ],
    blankStateEvery: 7,
  },
  {
    // 大足 labels (优势类/薄弱类/闲置类（一般）/淘汰类), other aliases, UTF-8 with BOM, LF, 年月日 dates
    file: '07-杨家湾乡-示例数据.csv',
    town: '杨家湾乡',
    kind: 'csv',
    encoding: 'utf-8',
    bom: true,
    eol: '\n',
    dates: 'cn',
    amounts: 'plain',
    labels: { 巩固: '优势类', 升级: '薄弱类', 盘活: '闲置类（一般）', 调整: '淘汰类' },
    columns: canonicalColumns(
      {
        乡镇: '镇街',
        村: '村（社区）',
        建设年度: '实施年度',
        主管部门: '项目实施主管部门',
        经营主体: '运营主体',
        停用日期: '停产日期',
        '约定分红（万元）': '应收收益（万元）',
        存在问题: '存在的主要问题及建议',
      },
      ['是否脱贫村', '资产原值（万元）', '本金到期日期', '本金是否收回', '推进举措', '取得成效'],
    ),
    preamble: [title('杨家湾乡')],
    notes: [],
  },
  {
    // 总计 row + 备注 line, UTF-8 without BOM, LF, 2026/4/29 dates
    file: '08-白马镇-示例数据.csv',
    town: '白马镇',
    kind: 'csv',
    encoding: 'utf-8',
    bom: false,
    eol: '\n',
    dates: 'slash',
    amounts: 'fixed2',
    labels: { 巩固: '巩固类', 升级: '提升类', 盘活: '盘活类', 调整: '调整类' },
    columns: canonicalColumns({ 项目编号: '资产编号', 乡镇: '乡镇（街道）', '投入帮扶资金（万元）': '帮扶资金（万元）' }, [
      '是否脱贫村',
      '资产原值（万元）',
      '资产权属',
      '前年净收益（万元）',
      '上年净收益（万元）',
      '本年净收益（万元）',
      '设计产能',
      '实际产能',
    ]),
    preamble: [title('白马镇')],
    total: '总计',
    notes: ['备注：本表为示例数据，人名、电话均为虚构；“类别”按巩固类、提升类、盘活类、调整类填写。'],
  },
  {
    // 鄂托克前旗 labels (巩固/提升/盘活/另起炉灶), UTF-8 with BOM, CRLF, 2026.4.29 dates
    file: '09-阳坡乡-示例数据.csv',
    town: '阳坡乡',
    kind: 'csv',
    encoding: 'utf-8',
    bom: true,
    eol: '\r\n',
    dates: 'dot',
    amounts: 'fixed2',
    labels: { 巩固: '巩固', 升级: '提升', 盘活: '盘活', 调整: '另起炉灶' },
    columns: canonicalColumns({
      '投入帮扶资金（万元）': '帮扶资金（万元）',
      '资产原值（万元）': '资产原值',
      类别: '分类',
      '约定分红（万元）': '约定分红 (万元)',
    }),
    preamble: [title('阳坡乡')],
    notes: [],
  },
];

const AMOUNT_FIELDS = new Set<Field>(['investment', 'assetValue', 'divAgreed', 'divPaid', 'netPrev2', 'netPrev', 'netCurr']);
const DATE_FIELDS = new Set<Field>(['stopDate', 'contractEnd', 'divDue', 'principalDue', 'planDate', 'doneDate']);
const INT_FIELDS = new Set<Field>(['year', 'households', 'capDesign', 'capActual']);

function fmtDate(d: string, style: DateStyle): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  switch (style) {
    case 'iso':
      return d;
    case 'slash':
      return `${y}/${m}/${day}`;
    case 'dot':
      return `${y}.${m}.${day}`;
    case 'cn':
      return `${y}年${m}月${day}日`;
  }
}

function fmtAmount(x: number, style: AmountStyle): string {
  switch (style) {
    case 'fixed2':
      return x.toFixed(2);
    case 'plain':
      return String(round2(x));
    case 'thousands': {
      const [int, frac] = Math.abs(x).toFixed(2).split('.') as [string, string];
      return `${x < 0 ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
    }
  }
}

const fullWidth = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function fieldsOf(spec: FileSpec): Set<Field> {
  const s = new Set<Field>();
  for (const c of spec.columns) {
    if (c.field === 'seq') continue;
    if (c.field === 'contactPhone') s.add('phone');
    else if (c.field.startsWith('onehot:')) s.add('cat');
    else s.add(c.field as Field);
  }
  return s;
}

function cellText(spec: FileSpec, col: Column, r: Rec, seq: number): string {
  const f = col.field;
  if (f === 'seq') return String(seq);
  if (f === 'contactPhone') return [r.contact, r.phone].filter(Boolean).join(' ');
  if (f.startsWith('onehot:')) return r.cat === f.slice(7) ? '是' : '否';
  if (f === 'cat') return spec.labels[r.cat];
  if (f === 'opState' && spec.blankStateEvery && r.opState === '正常运营' && seq % spec.blankStateEvery === 0) return '';
  const v = r[f as Field];
  if (v === null || v === undefined) return '';
  if (AMOUNT_FIELDS.has(f as Field)) return fmtAmount(v as number, spec.amounts);
  if (DATE_FIELDS.has(f as Field)) return fmtDate(v as string, spec.dates);
  if (INT_FIELDS.has(f as Field)) {
    const s = String(v);
    return spec.fullWidthEvery && (f === 'year' || f === 'households') && seq % spec.fullWidthEvery === 0 ? fullWidth(s) : s;
  }
  let s = String(v);
  // a few cells with a trailing full-width space, as typed in WPS
  if (f === 'village' && spec.fullWidthEvery && seq % 5 === 0) s += '\u3000';
  return s;
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function sumRow(spec: FileSpec, rows: Rec[]): string[] {
  return spec.columns.map((c, i) => {
    if (i === 0) return spec.total ?? '合计';
    const f = c.field;
    if (f === 'investment' || f === 'assetValue' || f === 'divAgreed' || f === 'divPaid') {
      const total = rows.reduce((s, r) => s + ((r[f] as number | null) ?? (f === 'assetValue' ? r.investment : 0)), 0);
      return fmtAmount(round2(total), spec.amounts);
    }
    if (f === 'households') return String(rows.reduce((s, r) => s + r.households, 0));
    return '';
  });
}

function renderCsv(spec: FileSpec, rows: Rec[]): Buffer {
  const eol = spec.eol ?? '\n';
  const lines: string[] = [];
  const width = spec.columns.length;
  for (const p of spec.preamble) lines.push(p);
  lines.push(spec.columns.map((c) => csvCell(c.header)).join(','));
  rows.forEach((r, i) => {
    lines.push(spec.columns.map((c) => csvCell(cellText(spec, c, r, i + 1))).join(','));
    for (const b of spec.blanks ?? []) if (b.after === i + 1) lines.push(b.kind === 'empty' ? '' : ','.repeat(width - 1));
  });
  if (spec.total) lines.push(sumRow(spec, rows).map(csvCell).join(','));
  for (const n of spec.notes) lines.push(csvCell(n));
  const text = lines.join(eol) + eol;
  if (spec.encoding === 'gb18030') return iconv.encode(text, 'gb18030');
  return Buffer.concat([spec.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}

const FIXED_DATE = new Date(Date.UTC(2026, 8, 30, 0, 0, 0));
const utcDate = (d: string) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, day));
};

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

async function renderXlsx(spec: FileSpec, rows: Rec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '示例县农业农村局';
  wb.lastModifiedBy = '示例县农业农村局';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet(`${spec.town}台账`);
  const width = spec.columns.length;
  ws.addRow([spec.preamble[0]]);
  ws.mergeCells(1, 1, 1, width);
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  const header = ws.addRow(spec.columns.map((c) => c.header));
  header.font = { bold: true };
  rows.forEach((r, i) => {
    const values = spec.columns.map((c) => {
      const f = c.field;
      if (f === 'seq') return i + 1;
      if (f === 'cat') return spec.labels[r.cat];
      if (f === 'contactPhone' || f.startsWith('onehot:')) return cellText(spec, c, r, i + 1);
      const v = r[f as Field];
      if (v === null || v === undefined) return null;
      if (DATE_FIELDS.has(f as Field)) return utcDate(v as string);
      return v as string | number;
    });
    ws.addRow(values);
  });
  const first = 3;
  const last = first + rows.length - 1;
  const totalValues: (string | number | ExcelJS.CellFormulaValue | null)[] = spec.columns.map((c, i) => {
    if (i === 0) return '合计';
    const f = c.field;
    if (f === 'investment' || f === 'assetValue' || f === 'divAgreed' || f === 'divPaid' || f === 'households') {
      const L = colLetter(i + 1);
      const result =
        f === 'households'
          ? rows.reduce((s, r) => s + r.households, 0)
          : round2(rows.reduce((s, r) => s + ((r[f] as number | null) ?? 0), 0));
      return { formula: `SUM(${L}${first}:${L}${last})`, result } as ExcelJS.CellFormulaValue;
    }
    return null;
  });
  ws.addRow(totalValues).font = { bold: true };
  spec.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (c.field !== 'seq' && DATE_FIELDS.has(c.field as Field)) col.numFmt = 'yyyy-mm-dd';
    else if (AMOUNT_FIELDS.has(c.field as Field)) col.numFmt = '0.00';
    col.width = c.field === 'name' || c.field === 'operator' || c.field === 'ownership' ? 28 : Math.max(8, c.header.length * 2 + 2);
  });
  ws.views = [{ state: 'frozen', ySplit: 2 }];

  const notes = wb.addWorksheet('说明');
  for (const line of [
    '填表说明（示例数据）',
    '1.项目编号、项目名称、建设年度、主管部门按项目库提供的信息填写。',
    '2.类别按巩固类、提升类、盘活类、调整类填写；进展状态按未启动、推进中、已完成、已销号填写。',
    '3.台账由乡镇按月更新，报县农业农村局备案。本表人名、电话均为虚构。',
  ])
    notes.addRow([line]);
  notes.getColumn(1).width = 90;

  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  // exceljs stamps every zip entry with the time of writing: one fixed timestamp instead
  return restamp(buf, zipDate(FIXED_DATE.toISOString()));
}

// ---------------------------------------------------------------------------------------------
// The §4 rules, evaluated over what the files say (columns a file lacks are empty)

export interface Evaluation {
  id: string;
  key: string | null;
  cat: Cat;
  idle: boolean;
  missingStopDate: boolean;
  inefficientReasons: string[];
  dividend: { owed: number; agreed: number; received: number } | null;
  reasons: string[];
  level: 'red' | 'yellow' | null;
}

const RED_TERMS = ['运营不正常', '收益过低', '收益尚未上缴', '分配使用违反负面清单', '符合处置条件尚未处置'];
const YELLOW_TERMS = ['运营一般', '收益不合理', '分配使用不规范', '已通过司法程序追缴', '处置所得尚未安排使用'];
/** §4.4 order: computed reasons, then recorded ones */
export const REASONS: { reason: string; level: 'red' | 'yellow' }[] = [
  { reason: '合同距到期不足1个月', level: 'red' },
  { reason: '合同距到期1至3个月', level: 'yellow' },
  { reason: '合同到期已闲置超过3个月', level: 'red' },
  { reason: '合同到期已闲置超过1个月', level: 'yellow' },
  { reason: '逾期未收取收益超过6个月', level: 'red' },
  { reason: '收益未按约定时间上缴', level: 'yellow' },
  { reason: '到期本金尚未收回', level: 'red' },
  { reason: '闲置资产尚未盘活', level: 'red' },
  { reason: '已盘活资产跟踪监测', level: 'yellow' },
  ...YELLOW_TERMS.map((reason) => ({ reason, level: 'yellow' as const })),
  ...RED_TERMS.map((reason) => ({ reason, level: 'red' as const })),
];

/**
 * The record as a file with these columns presents it: fields without a column are empty. (Where
 * 联系人 and 电话 share one column, the combined text is rendered from the full record.)
 */
export function effective(r: Rec, fields: Set<Field>): Rec {
  const e: Rec = { ...r };
  for (const k of Object.keys(e) as Field[]) {
    if (k === 'key' || k === 'cat' || k === 'contact') continue;
    if (!fields.has(k)) (e as unknown as Record<string, unknown>)[k] = null;
  }
  if (!fields.has('contact') && !fields.has('phone')) e.contact = null;
  if (e.capDesign === null && e.remark?.startsWith('产能单位')) e.remark = null;
  return e;
}

export function evaluate(r: Rec, D: string): Evaluation {
  // An independent reading of docs/rules.md §4 (rules v2): periods count forward from the event,
  // A(x, n) = addMonths(x, n); “满/以上”: A ≤ D, “超过”: A < D.
  const A = addMonths;
  const state = r.opState || '正常运营';
  const stopped = ['停产', '闲置', '停工', '停建'].includes(state);
  const disposed = state === '已处置';
  const idle = stopped && (r.stopDate === null || A(r.stopDate, 6) <= D);
  const terms = (r.risk ?? '')
    .split(/[;；、,，]/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const t of terms) if (![...RED_TERMS, ...YELLOW_TERMS, '认定低效'].includes(t)) throw new Error(`${r.id}: unknown 风险情形 ${t}`);

  const agreed = r.divAgreed ?? 0;
  const received = r.divPaid ?? 0;
  const onDividendList = r.divAgreed !== null && r.divDue !== null && r.divDue < D && agreed > received;

  const ineff: string[] = [];
  if (!disposed) {
    if (r.mode === '入股经营' && agreed > 0 && received === 0 && r.divDue !== null && A(r.divDue, 6) <= D)
      ineff.push('入股分红到期6个月未获分红');
    const yearEnd = D.endsWith('-12-31');
    const [y1, y2] = yearEnd ? [r.netCurr, r.netPrev] : [r.netPrev, r.netPrev2];
    if (y1 !== null && y2 !== null && y1 < 0 && y2 < 0) ineff.push('连续两年净收益为负');
    if (r.capDesign !== null && r.capDesign > 0 && r.capActual !== null && r.capActual < 0.5 * r.capDesign)
      ineff.push('实际产能低于设计产能50%');
    if (terms.includes('认定低效')) ineff.push('主管部门认定低效');
  }

  const set = new Set<string>();
  const E = r.contractEnd;
  if (E !== null && !disposed) {
    if (D <= E && E < A(D, 1)) set.add('合同距到期不足1个月');
    if (A(D, 1) <= E && E < A(D, 3)) set.add('合同距到期1至3个月');
    const S = r.stopDate !== null && r.stopDate > E ? r.stopDate : E;
    if (E < D && stopped && A(S, 3) < D) set.add('合同到期已闲置超过3个月');
    else if (E < D && stopped && A(S, 1) < D) set.add('合同到期已闲置超过1个月');
  }
  if (onDividendList) {
    if (A(r.divDue!, 6) < D) set.add('逾期未收取收益超过6个月');
    else if (!terms.includes('收益尚未上缴')) set.add('收益未按约定时间上缴');
  }
  if (r.principalDue !== null && r.principalDue < D && r.principalBack === '否') set.add('到期本金尚未收回');
  const done = r.progress === '已完成' || r.progress === '已销号';
  if (idle && !done) set.add(r.cat === '调整' ? '符合处置条件尚未处置' : '闲置资产尚未盘活');
  if (!disposed && r.cat === '盘活' && r.progress === '已完成') set.add('已盘活资产跟踪监测');
  if (!disposed && state === '运营一般') set.add('运营一般');
  for (const t of terms) if (t !== '认定低效') set.add(t);
  // red ones first, each group in §4.4 order
  const order = REASONS.map((x) => x.reason);
  const reasons = [...set].sort((a, b) => {
    const la = RED_TERMS.includes(a) || REASONS.find((x) => x.reason === a)?.level === 'red' ? 0 : 1;
    const lb = RED_TERMS.includes(b) || REASONS.find((x) => x.reason === b)?.level === 'red' ? 0 : 1;
    return la - lb || order.indexOf(a) - order.indexOf(b);
  });
  const level = reasons.some((x) => REASONS.find((y) => y.reason === x)!.level === 'red') ? 'red' : reasons.length ? 'yellow' : null;
  return {
    id: r.id,
    key: r.key,
    cat: r.cat,
    idle,
    missingStopDate: idle && r.stopDate === null,
    inefficientReasons: ineff,
    dividend: onDividendList ? { owed: round2(agreed - received), agreed, received } : null,
    reasons,
    level,
  };
}

export function approvalLevel(v: number): 'township' | 'county' | 'city' | 'province' {
  return v <= 100 ? 'township' : v <= 1000 ? 'county' : v <= 5000 ? 'city' : 'province';
}

export function summarize(recs: Rec[], D: string) {
  const ev = recs.map((r) => evaluate(r, D));
  const byCat = Object.fromEntries(CATS.map((c) => [c, recs.filter((r) => r.cat === c).length])) as Record<Cat, number>;
  const byReason = Object.fromEntries(REASONS.map((x) => [x.reason, ev.filter((e) => e.reasons.includes(x.reason)).map((e) => e.id)]));
  const qStart = '2026-07-01';
  const progress = Object.fromEntries(
    (['升级', '盘活', '调整'] as const).map((c) => {
      const rs = recs.filter((r) => r.cat === c);
      const state = (r: Rec) => r.progress || '未启动';
      const done = rs.filter((r) => state(r) === '已完成' || state(r) === '已销号');
      return [
        c,
        {
          total: rs.length,
          byState: Object.fromEntries(['未启动', '推进中', '已完成', '已销号'].map((s) => [s, rs.filter((r) => state(r) === s).length])),
          completed: done.length,
          completedThisQuarter: done.filter((r) => r.doneDate! >= qStart && r.doneDate! <= D).map((r) => r.id),
          completedThisYear: done.filter((r) => r.doneDate! >= '2026-01-01' && r.doneDate! <= D).length,
          overdue: rs.filter((r) => !done.includes(r) && r.planDate !== null && r.planDate < D).map((r) => r.id),
        },
      ];
    }),
  );
  const dividendItems = ev.filter((e) => e.dividend);
  const approvals = {
    township: [] as string[],
    county: [] as string[],
    city: [] as string[],
    province: [] as string[],
    simplified: [] as string[],
  };
  const villageAdjust = (r: Rec) =>
    r.cat === '调整' &&
    r.opState !== '已处置' &&
    /(村|社区|嘎查)/.test(r.ownership ?? '') &&
    !/(人民政府|政府|局|委员会办公室|管委会|旗|县)$/.test(r.ownership ?? '');
  const batchTotals = new Map<string, number>();
  for (const r of recs)
    if (r.batch !== null && villageAdjust(r)) batchTotals.set(r.batch, (batchTotals.get(r.batch) ?? 0) + (r.assetValue ?? r.investment));
  // §4.6: every open problem item (warned, 闲置 or 低效, or 盘活/调整) not yet 已销号; simplified
  // disposal for a village-owned 调整 asset not disposed of, V ≤ 10 (this sample has no 处置批次)
  recs.forEach((r, i) => {
    const e = ev[i]!;
    const problem = e.level !== null || e.idle || e.inefficientReasons.length > 0 || r.cat === '盘活' || r.cat === '调整';
    if (!problem || r.progress === '已销号') return;
    const v = r.assetValue ?? r.investment;
    approvals[approvalLevel(v)].push(r.id);
    if (villageAdjust(r) && (v <= 10 || (r.batch !== null && (batchTotals.get(r.batch) ?? Infinity) <= 30)))
      approvals.simplified.push(r.id);
  });
  return {
    asOf: D,
    projects: recs.length,
    byCategory: byCat,
    investment: round2(recs.reduce((s, r) => s + r.investment, 0)),
    households: recs.reduce((s, r) => s + r.households, 0),
    idle: ev.filter((e) => e.idle).map((e) => e.id),
    idleMissingStopDate: ev.filter((e) => e.missingStopDate).map((e) => e.id),
    inefficient: ev.filter((e) => e.inefficientReasons.length).map((e) => e.id),
    idleOrInefficient: ev.filter((e) => e.idle || e.inefficientReasons.length).length,
    warnings: {
      red: ev.filter((e) => e.level === 'red').map((e) => e.id),
      yellow: ev.filter((e) => e.level === 'yellow').map((e) => e.id),
      byReason,
    },
    dividends: {
      projects: dividendItems.map((e) => e.id),
      agreed: round2(dividendItems.reduce((s, e) => s + e.dividend!.agreed, 0)),
      received: round2(dividendItems.reduce((s, e) => s + e.dividend!.received, 0)),
      owed: round2(dividendItems.reduce((s, e) => s + e.dividend!.owed, 0)),
    },
    progress,
    approvals,
    evaluations: ev,
  };
}

// ---------------------------------------------------------------------------------------------
// Profile and documents

const PROFILE_YAML = `# 示例县配置（示例数据）：本县名称、文件版头、类别叫法和信息公开设置。
# 字段说明见 pipeline/config/profile.ts。
county: 示例县
government: 示例县人民政府
office: 示例县农业农村局
issuer: 示例县“四个一批”工作专班办公室
recipient: 示例市委农办
docNumberPrefix: 示农专办
signer: 陈立新
# 上行文只抄送有关上级机关，不抄送乡镇和本级成员单位。
copyTo: 示例市农业农村局
# 季度通报（下行文）的抄送，不沿用上行文的抄送。
notice:
  copyTo: 示例县委办公室，示例县人民政府办公室
# 每期文件的发文顺序号和成文日期（签发后填写；缺省时文件中留空由办公室填写）。
reports:
  2026Q3:
    serial: 31
    date: "2026-10-12"
contact:
  name: 王晓红
  phone: 0971-8123456
asOf: "2026-09-30"
sample: true
labels:
  巩固: 巩固类
  升级: 升级类
  盘活: 盘活类
  调整: 调整类
plan:
  title: 示例县2026年经营性帮扶项目资产“四个一批”工作方案
  docNumber: 示政函〔2026〕18号
disclosure:
  publisher: 示例县农业农村局
  orgCode: 11639901X
  indexPattern: "{orgCode}/{year}-{seq}"
  basePath: /
  # 公示页面的发布日期（缺省时不标，只标数据截至日期）和监督渠道（缺省为 12317）
  postedOn: "2026-10-15"
  supervision:
    phone: "12317"
    feedback: 示例县农业农村局乡村振兴股（示例数据）
documents:
  - slug: plan-2026
    title: 示例县人民政府关于批转《示例县2026年经营性帮扶项目资产“四个一批”工作方案》的通知
    docNumber: 示政函〔2026〕18号
    written: "2026-04-29"
    published: "2026-04-30"
    topic: 农业、林业、水利
    publisher: 示例县人民政府
    # 发布机构不是本局时，索引号用该机构自己的代码
    orgCode: 11639900X
    textFile: docs/plan-2026.md
  # 年度工作总结签发后，把文件放入数据目录并在 files 中写明，网站才列出它
  - slug: annual-2026
    title: 示例县2026年经营性帮扶项目资产“四个一批”工作总结
    written: "2026-12-20"
    published: "2026-12-20"
    topic: 农业、林业、水利
    generated: annual
`;

const README = `# 示例数据

本目录是虚构的“示例县”的演示数据，由 \`scripts/make-sample.ts\` 生成（固定随机种子，重复运行结果逐字节相同），
不得当作真实台账使用。所有人名（如“马某甲”）、电话均为虚构。

- \`01\`–\`09\`：9 个乡镇的经营性帮扶项目资产台账（CSV：UTF-8 带/不带 BOM、GB18030；一个 .xlsx 工作簿），
  合计 450 个项目：巩固类 414、升级类 19、盘活类 5、调整类 12。
- \`profile.yaml\`：示例县配置（统计截止日期 2026-09-30）。
- \`docs/plan-2026.md\`：示例县工作方案（据公开的县级方案改写的示例文本）。
`;

function planText(): string {
  const towns = TOWNSHIPS.map((t) => t.name);
  const zhen = towns.filter((t) => t.endsWith('镇'));
  const xiang = towns.filter((t) => t.endsWith('乡'));
  const n = CATS.map((c) => TOWNSHIPS.reduce((s, t) => s + t.counts[CATS.indexOf(c)]!, 0));
  const total = n.reduce((a, b) => a + b, 0);
  return `> 示例数据：本文为虚构的“示例县”文件，据公开的县级工作方案改写，仅供演示，不是真实的政府文件。

示政函〔2026〕18号

# 示例县人民政府关于批转《示例县2026年经营性帮扶项目资产“四个一批”工作方案》的通知

各乡镇人民政府，县政府各部门：

县农业农村局拟定的《示例县2026年经营性帮扶项目资产“四个一批”工作方案》已经县政府同意，现批转给你们，请结合实际认真贯彻执行。

示例县人民政府

2026年4月29日

# 示例县2026年经营性帮扶项目资产“四个一批”工作方案

发展帮扶产业是增强村集体经济发展和脱贫群众内生发展动力，持续提升增收致富能力的重要基础，是巩固拓展脱贫攻坚成果、衔接推进乡村振兴的有力支撑。按照《国务院办公厅转发国家乡村振兴局中央农办财政部关于加强扶贫项目资产后续管理指导意见的通知》（国办函〔2021〕51号）、《农业农村部关于落实“四个一批”要求扎实推进帮扶产业高质量发展的指导意见》（农规发〔2024〕26号）要求和省级相关工作部署，为促进帮扶产业高质量发展，结合我县实际，制定本方案。

## 一、总体要求

聚焦产业引领作用，增强脱贫群众内生发展动力，全面梳理、分类推动帮扶产业巩固一批、升级一批、盘活一批、调整一批，全力促进帮扶产业提质增效、可持续发展，牢牢守住不发生规模性返贫底线。

按照“底数清、分类明、措施准”和“谁主管、谁负责”原则，进行“全覆盖、零遗漏”核实，明确县、乡、村三级管理责任，实现资产台账与实际资产、系统数据账实相符、账账相符。4月底前建立健全台账，5—10月底前健全上下联动分类推进工作机制，盘活调整工作取得积极进展；到2026年底，低效闲置项目得到有效盘活，落后停滞项目得到有序调整，带动脱贫群众增收能力明显增强。

## 二、精准分类标准

以资金—项目—资产为排查主线，全面排查2013年以来各级财政衔接推进乡村振兴补助资金（专项扶贫资金）、统筹整合涉农资金、东西部协作资金和定点帮扶资金等支持发展的帮扶产业项目，从产业发展水平、经营管理状况、项目资产收益、联农带农效果、产业发展前景等方面进行评估，实事求是分类建立“四个一批”推进落实管理工作台账。

（一）巩固类项目。项目本身运营良好且所属产业为我县主导产业（冷凉蔬菜、乡村旅游），市场效益好、收益稳定、联农带农效果好、无重大风险隐患的经营性帮扶项目。

（二）升级类项目。所属产业符合当地资源禀赋、有良好基础但产业链条有短板、效益有待提升，或设施设备老旧、技术支撑不足、收益偏低的项目。

（三）盘活类项目。因经营主体缺失、资金短缺、管理不善等原因，处于停产、半停产、闲置状态，但所属产业仍有市场潜力、群众意愿高，可通过转型、品种更新、技术创新、后扶强化等措施盘活的项目。

（四）调整类项目。因市场变化、产业落后、选址不当、经营失败等原因，确实无法持续运营、无盘活潜力、带农增收作用丧失、已不具备盘活条件的项目。

按照“四个一批”工作要求，我县${zhen.join('、')}和${xiang.join('、')}共纳入经营性项目${total}个，其中巩固类${n[0]}个，升级类${n[1]}个，盘活类${n[2]}个，调整类${n[3]}个。

## 三、明确推进路径

（一）巩固一批，推动优势产业提档升级。持续巩固马铃薯、油菜等传统优势作物和冷凉蔬菜标准化生产基地；推广牦牛藏羊标准化养殖，扩大葱花土鸡养殖规模，扶持八眉猪规模养殖，发展中蜂养殖；发展乡村旅游，加强农产品电商和区域公用品牌建设。

（二）升级一批，推动潜力产业提质增效。补短板、强弱项：提升农家乐、民宿服务质量，加强农村电商服务站点建设，发展农业社会化服务，引导农产品加工企业向园区集聚。

（三）盘活一批，推动闲置资源激活赋能。通过租赁、合作等方式盘活闲置农房、土地和厂房；组织技术指导，协调金融支持，帮助困难经营主体拓展市场；指导农民专业合作社规范化建设。

（四）调整一批，推动低效产业转型发展。对低效闲置产业科学评估论证，可转型的调整为新经营性项目；确定退出的，严格遵循国有资产、村集体资产处置相关规定，严禁随意处置、违规处置帮扶资产，防止资产流失。

## 四、实施步骤

（一）排查摸底阶段（4月份）。以乡镇、相关行业部门为单位，逐村逐项目开展全面排查，建立经营性项目基础台账，做到底数清、情况明、数据准。

（二）方案制定阶段（4—5月份）。5月中旬前完成县级工作方案编制；乡镇、相关行业部门针对每类资产、每个项目，5月底前制定分类实施子方案，报县农业农村局备案。

（三）分类推进阶段（6—10月份）。全面推进“四个一批”工作，定期调度工作进展，规范资产运营、升级、盘活、处置全流程，分阶段上报低效闲置项目和分红追缴项目的进展情况及佐证资料。

（四）总结提升阶段（11—12月份）。全面梳理工作开展情况，总结经验做法，形成工作总结报告；健全长效管理机制，对已完成处置的资产开展“回头看”。

## 五、加强项目全周期管理

严把入库质量，严格实施管理，对帮扶产业项目前期工作、建设管理和运行管护实施全程监测；由村集体以租赁、折股量化方式投入其他经营主体的，督促经营主体履行合同，按时依规分红；严禁采用简单发钱发物、一分了之的做法进行收益分配。

## 六、完善联农带农和风险防范机制

推动运营主体通过订单生产、托养托管、合作经营等方式与农户建立稳定利益联结关系，及时足额兑现收益及分红；科学设置监测指标，预警运营风险，强化帮扶产业保险保障。

## 七、工作保障

（一）加强组织领导。成立由分管副县长牵头负责的“四个一批”工作专班，专班办公室设在县农业农村局。

（二）强化政策支持。在资金分配和项目安排上，对盘活帮扶项目资产给予优先支持。

（三）强化工作纪律。严禁瞒报漏报，严禁违规违法处置，严防项目资产流失。

（四）健全长效机制。建立经营性帮扶项目资产动态管理台账，实现资产排查、分类、处置、监管全流程闭环管理。

附件：1.示例县经营性帮扶项目资产“四个一批”工作专班
2.示例县低效闲置项目资产清单
3.示例县分红追缴项目清单

信息公开属性：主动公开

抄送：示例市委农办。

示例县人民政府办公室　2026年4月29日印发
`;
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface SampleResult {
  files: { file: string; encoding: string; rows: number; leftOut: number }[];
  records: Rec[];
  /** records as the files present them (columns a file lacks are empty) */
  effective: Rec[];
}

export async function writeSample(outDir: string): Promise<SampleResult> {
  const records = generate();
  mkdirSync(path.join(outDir, 'docs'), { recursive: true });
  const files: SampleResult['files'] = [];
  const eff: Rec[] = [];
  for (const spec of FILES) {
    const fields = fieldsOf(spec);
    const rows = records.filter((r) => r.town === spec.town).map((r) => effective(r, fields));
    eff.push(...rows);
    const buf = spec.kind === 'xlsx' ? await renderXlsx(spec, rows) : renderCsv(spec, rows);
    writeFileSync(path.join(outDir, spec.file), buf);
    files.push({
      file: spec.file,
      encoding: spec.kind === 'xlsx' ? 'xlsx' : `${spec.encoding}${spec.bom ? '+BOM' : ''}${spec.eol === '\r\n' ? ' CRLF' : ' LF'}`,
      rows: rows.length,
      leftOut: (spec.total ? 1 : 0) + spec.notes.length + (spec.blanks?.length ?? 0),
    });
  }
  writeFileSync(path.join(outDir, 'profile.yaml'), PROFILE_YAML);
  writeFileSync(path.join(outDir, 'README.md'), README);
  // keep the ledgers byte for byte on any checkout (CRLF, BOM and GB18030 are deliberate)
  writeFileSync(path.join(outDir, '.gitattributes'), '* -text\n');
  writeFileSync(path.join(outDir, 'docs', 'plan-2026.md'), planText());
  return { files, records, effective: eff };
}

/** Throws unless every designed row produces what it was designed for and no other row fires. */
export function checkDesign(eff: Rec[]): void {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const r of eff) {
    if (ids.has(r.id)) problems.push(`duplicate id ${r.id}`);
    ids.add(r.id);
    const e = evaluate(r, AS_OF);
    const d = DESIGNED.find((x) => x.key === r.key);
    if (!d) {
      if (e.reasons.length || e.idle || e.inefficientReasons.length || e.dividend)
        problems.push(`random row ${r.id} fires ${JSON.stringify(e)}`);
      continue;
    }
    const x = d.expect;
    if (x.reasons && JSON.stringify([...e.reasons].sort()) !== JSON.stringify([...x.reasons].sort()))
      problems.push(`${d.key} ${r.id}: reasons ${e.reasons} ≠ ${x.reasons}`);
    if ((x.idle ?? false) !== e.idle) problems.push(`${d.key} ${r.id}: idle ${e.idle}`);
    if ((x.inefficient ?? false) !== e.inefficientReasons.length > 0)
      problems.push(`${d.key} ${r.id}: inefficient ${e.inefficientReasons}`);
    if ((x.dividend ?? false) !== !!e.dividend) problems.push(`${d.key} ${r.id}: dividend ${JSON.stringify(e.dividend)}`);
  }
  if (problems.length) throw new Error(`sample design broken:\n${problems.join('\n')}`);
}

async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out = path.resolve(process.argv[2] ?? path.join(here, '..', 'data'));
  const res = await writeSample(out);
  checkDesign(res.effective);
  const s = summarize(res.effective, AS_OF);
  const keyOf = new Map(res.records.map((r) => [r.id, r.key]));
  const tag = (ids: string[]) => ids.map((id) => (keyOf.get(id) ? `${id}(${keyOf.get(id)})` : id));
  console.log(`写入 ${out}`);
  for (const f of res.files) console.log(`  ${f.file}  ${f.encoding}  项目 ${f.rows}  剔除行 ${f.leftOut}`);
  const { evaluations, ...rest } = s;
  const printable = {
    ...rest,
    idle: tag(s.idle),
    idleMissingStopDate: tag(s.idleMissingStopDate),
    inefficient: evaluations.filter((e) => e.inefficientReasons.length).map((e) => `${e.id}(${e.key}) ${e.inefficientReasons.join('，')}`),
    warnings: {
      red: s.warnings.red.length,
      yellow: s.warnings.yellow.length,
      byReasonCount: Object.fromEntries(Object.entries(s.warnings.byReason).map(([k, v]) => [k, v.length])),
      byReason: Object.fromEntries(Object.entries(s.warnings.byReason).map(([k, v]) => [k, tag(v)])),
      items: evaluations.filter((e) => e.level).map((e) => `${e.id}(${e.key}) ${e.level} ${e.reasons.join('，')}`),
    },
    dividends: { ...s.dividends, projects: tag(s.dividends.projects), count: s.dividends.projects.length },
    approvals: Object.fromEntries(Object.entries(s.approvals).map(([k, v]) => [k, tag(v)])),
    progress: Object.fromEntries(
      Object.entries(s.progress).map(([k, v]) => [k, { ...v, completedThisQuarter: tag(v.completedThisQuarter), overdue: tag(v.overdue) }]),
    ),
    counts: {
      idle: s.idle.length,
      inefficient: s.inefficient.length,
      idleOrInefficient: s.idleOrInefficient,
      red: s.warnings.red.length,
      yellow: s.warnings.yellow.length,
      dividendProjects: s.dividends.projects.length,
    },
  };
  console.log(JSON.stringify(printable, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
