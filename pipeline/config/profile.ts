/**
 * The county profile: who the county is, how it prints its labels, and the numeric thresholds the
 * policy documents give. Read from `--profile FILE`, else `profile.yaml`/`profile.json` in the data
 * folder, else the built-in default below. A bad profile is an input error (exit 1), never silently
 * corrected.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AS_OF_YEARS, InputError, type Problem, UsageError } from '../errors.js';
import { isIsoDate } from '../vocabulary.js';

/** The document the rules of docs/rules.md §4 come from (鄂托克前旗, docs/rules.md §1), printed where a profile names no other. */
export const RULES_BASIS_TITLE = '鄂托克前旗扶贫（帮扶）项目资产巩固提升盘活处置工作方案';
export const RULES_BASIS_NUMBER = '鄂前政办发〔2024〕13号';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD 格式的日期')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    '不是真实存在的日期',
  );

const stage = z.strictObject({
  name: z.string().min(1).describe('阶段名称，如 排查摸底'),
  startMonth: z.number().int().min(1).max(12).describe('开始月份'),
  endMonth: z.number().int().min(1).max(12).describe('结束月份'),
});

const documentSpec = z.strictObject({
  slug: z
    .string()
    .regex(/^[a-z0-9-]+$/, '只能含小写字母、数字和连字符')
    .describe('网址中使用的短名'),
  title: z.string().min(1).describe('文件标题'),
  docNumber: z.string().nullable().default(null).describe('文号，如 互政函〔2026〕118号'),
  written: isoDate.describe('成文日期'),
  published: isoDate.describe('发布日期'),
  topic: z.string().default('农业、林业、水利').describe('主题分类'),
  publisher: z.string().optional().describe('发布机构；缺省为 profile.disclosure.publisher'),
  orgCode: z
    .string()
    .optional()
    .describe('发布机构的机构代码（索引号前缀）；缺省为 disclosure.orgCode。发布机构不是本局时（如县人民政府）应填写该机构的代码'),
  index: z
    .string()
    .min(1)
    .optional()
    .describe('索引号；一经公开不再改变。缺省时按 indexPattern 生成：同一机构代码、同一年份的文件按发布日期（同日按短名）依次编号'),
  textFile: z.string().optional().describe('数据目录中的正文文本文件（.txt/.md）'),
  files: z.array(z.string()).default([]).describe('数据目录中随文公开的附件文件（.pdf/.docx）'),
  generated: z.enum(['annual']).nullable().default(null).describe('由本程序生成的文件：annual = 年度工作总结'),
});

export const ProfileSchema = z
  .strictObject({
    level: z
      .enum(['county', 'city'])
      .default('county')
      .describe('本程序为哪一级工作：county = 县（默认，台账按乡镇），city = 市（各县台账，数字按县再按乡镇）'),
    county: z.string().min(1).default('本县').describe('县（旗、区）名称'),
    city: z.string().min(1).optional().describe('市名称（level 为 city 时使用；缺省为 本市）'),
    government: z.string().optional().describe('本级人民政府全称；缺省为 county（市级为 city）+ 人民政府'),
    office: z.string().optional().describe('承办单位（工作专班办公室所在部门）；缺省为 县农业农村局（市级为 市农业农村局）'),
    issuer: z
      .string()
      .optional()
      .describe('发文机关标志（报告版头红字）；缺省为 县“四个一批”工作专班办公室（市级为 市“四个一批”工作专班办公室）'),
    recipient: z.string().optional().describe('主送机关；缺省为 市委农办（市级为 省委农办）'),
    docNumberPrefix: z.string().default('农办').describe('发文字号的机关代字，如 互农办'),
    reports: z
      .record(
        z.string().regex(/^\d{4}(Q[1-4])?$/, '期别应写作 2026Q3（季度报告）或 2026（年度总结）'),
        z
          .strictObject({
            serial: z.number().int().min(1).optional().describe('发文顺序号；缺省时文号留空“〔2026〕  号”由办公室填写'),
            date: isoDate.optional().describe('成文日期（签发日期）；缺省时留空由办公室填写'),
          })
          .strict(),
      )
      .default({})
      .describe('每期文件的发文顺序号和成文日期，键为期别：2026Q3 为季度报告，2026 为年度总结'),
    contact: z
      .strictObject({
        name: z.string().min(1).describe('联系人姓名'),
        phone: z.string().min(1).describe('联系电话'),
      })
      .strict()
      .optional()
      .describe('上行文附注中的联系人和联系电话'),
    signer: z.string().default('').describe('签发人姓名（上行文必须标注）'),
    copyTo: z.string().default('').describe('抄送机关（季度报告，上行文）'),
    notice: z
      .strictObject({
        recipient: z.string().optional().describe('季度通报的主送机关；缺省为 各乡镇人民政府，县直有关部门（有街道时加 街道办事处）'),
        copyTo: z.string().default('').describe('季度通报的抄送机关（不沿用季度报告的抄送）'),
      })
      .default({ copyTo: '' })
      .describe('季度通报（下行文）的主送和抄送'),
    printer: z.string().optional().describe('印发机关；缺省为 office'),
    asOf: isoDate.optional().describe('统计截止日期；命令行 --as-of 优先'),
    sample: z.boolean().default(false).describe('为 true 时所有输出标注“示例数据”'),
    readHiddenSheets: z.boolean().default(false).describe('为 true 时也读取工作簿中的隐藏工作表（缺省不读取，在日志中列出）'),
    levelNames: z
      .strictObject({
        county: z.string().default('县').describe('县级叫法（县、旗、区）'),
        township: z.string().default('乡镇').describe('乡镇级叫法（乡镇、镇、镇街）'),
        city: z.string().default('市').describe('市级叫法（市、州、盟）'),
        counties: z.string().default('县（市、区）').describe('市级文件中对所辖各县的统称，如 各县（市、区）'),
      })
      .default({ county: '县', township: '乡镇', city: '市', counties: '县（市、区）' })
      .describe('行政层级叫法（旗/县/区，镇/乡镇/镇街；市/州/盟）'),
    labels: z
      .strictObject({
        巩固: z.string().default('巩固类').describe('巩固一批的名称，如 巩固类、优势类'),
        升级: z.string().default('升级类').describe('升级一批的名称，如 升级类、提升类、薄弱类'),
        盘活: z.string().default('盘活类').describe('盘活一批的名称，如 盘活类、闲置类'),
        调整: z.string().default('调整类').describe('调整一批的名称，如 调整类、淘汰类、另起炉灶类'),
      })
      .default({ 巩固: '巩固类', 升级: '升级类', 盘活: '盘活类', 调整: '调整类' })
      // two categories printed under one name could not be told apart in any document, nor read back from a ledger
      .refine((l) => new Set(Object.values(l).map((v) => v.trim())).size === Object.keys(l).length, {
        message: '四个类别的名称不能相同：每个类别要有自己的名称（如 巩固类、升级类、盘活类、调整类）',
      })
      .describe('本县文件中印出的类别名称'),
    approvalLevels: z
      .strictObject({
        township: z.string().optional().describe('原值不超过 approvalCounty；缺省为 <乡镇叫法>或<县叫法>级主管部门，如 镇街或区级主管部门'),
        county: z.string().optional().describe('原值超过 approvalCounty、不超过 approvalCity；缺省为 <县叫法>级领导小组，如 区级领导小组'),
        city: z.string().default('市级复核').describe('原值超过 approvalCity、不超过 approvalProvince'),
        province: z.string().default('省级复核').describe('原值超过 approvalProvince'),
      })
      .default({ city: '市级复核', province: '省级复核' })
      .describe('销号审批层级的本地叫法'),
    thresholds: z
      .strictObject({
        idleMonths: z.number().int().min(1).default(6).describe('停用满多少个月认定闲置'),
        dividendLateMonths: z.number().int().min(1).default(6).describe('应分红日期后多少个月未获分红认定低效/红色预警'),
        capacityRatio: z.number().gt(0).lt(1).default(0.5).describe('实际产能低于设计产能的比例'),
        approvalCounty: z.number().positive().default(100).describe('资产原值（万元）超过此值由县级领导小组销号'),
        approvalCity: z.number().positive().default(1000).describe('超过此值报市级复核'),
        approvalProvince: z.number().positive().default(5000).describe('超过此值报省级复核'),
        simplifiedDisposal: z.number().positive().default(10).describe('村集体调整类资产单项原值不超过此值可简化处置程序（万元）'),
        simplifiedBatch: z.number().positive().default(30).describe('同一处置批次合计原值不超过此值可简化处置程序（万元）'),
        firstYear: z.number().int().min(1990).default(2012).describe('建设年度下限'),
        rankMinTasks: z
          .number()
          .int()
          .min(1)
          .default(3)
          .describe('季度通报排名的最少任务数：升级、盘活、调整类项目少于此数的单位列出完成率但不参与排名'),
        attachmentRows: z
          .number()
          .int()
          .min(1)
          .default(200)
          .describe('报告附件清单超过此行数时，全部清单另存为报告旁的电子表格（.xlsx），附件中只列风险最高的这么多行'),
        listItems: z
          .number()
          .int()
          .min(1)
          .default(10000)
          .describe(
            '项目清单（预警、低效闲置、逾期、分红追缴、销号、研判）超过此项数时（市级、省级的规模），stats.json 只列清单的项数和风险最高的 attachmentRows 项，全部清单另存为输出目录中的 lists/<清单名>.parquet',
          ),
      })
      .default({
        idleMonths: 6,
        dividendLateMonths: 6,
        capacityRatio: 0.5,
        approvalCounty: 100,
        approvalCity: 1000,
        approvalProvince: 5000,
        simplifiedDisposal: 10,
        simplifiedBatch: 30,
        firstYear: 2012,
        rankMinTasks: 3,
        attachmentRows: 200,
        listItems: 10000,
      })
      .describe('政策文件给出的数量界限，以及报告附件清单的行数上限'),
    stages: z
      .array(stage)
      .default([
        { name: '排查摸底', startMonth: 4, endMonth: 4 },
        { name: '方案制定', startMonth: 4, endMonth: 5 },
        { name: '分类推进', startMonth: 6, endMonth: 10 },
        { name: '总结提升', startMonth: 11, endMonth: 12 },
      ])
      .describe('工作方案的实施阶段及月份'),
    plan: z
      .strictObject({
        title: z.string().nullable().default(null).describe('本县工作方案标题；缺省时文件不引用方案标题'),
        docNumber: z.string().nullable().default(null).describe('本县工作方案的文号，如 互政函〔2026〕118号'),
        reportingClause: z
          .string()
          .nullable()
          .default(null)
          .describe('方案中关于报告工作情况的条款原文，如 关于每季度报告一次工作推进情况的要求；缺省时报告不引用条款'),
      })
      .default({ title: null, docNumber: null, reportingClause: null })
      .describe('本县工作方案（报告中引用）'),
    rulesBasis: z
      .strictObject({
        verb: z.string().default('参照').describe('引用方式：参照（借用他县文件）或 按照（本县文件）'),
        title: z.string().min(1).describe('预警规则、销号审批层级和报送时限所依据的文件标题（不含书名号）'),
        docNumber: z.string().nullable().default(null).describe('该文件的文号'),
      })
      .nullable()
      .default({ verb: '参照', title: RULES_BASIS_TITLE, docNumber: RULES_BASIS_NUMBER })
      .describe('红黄预警、销号审批层级、每月25日报送等规则所依据的文件；文件中写明“参照《…》”'),
    thematicReview: z.boolean().default(false).describe('列出需专题研究、集中认定的项目（每个重大闲置类和调整类项目，大足 三(四)）'),
    disclosure: z
      .strictObject({
        publisher: z.string().optional().describe('发布机构；缺省为 office（“县农业农村局”前加县名，如 示例县农业农村局；市级加市名）'),
        orgCode: z.string().default('000000000').describe('机构代码（索引号前缀）'),
        indexPattern: z.string().default('{orgCode}/{year}-{seq}').describe('索引号格式：{orgCode} {year} {seq}（三位序号）'),
        basePath: z.string().default('/').describe('网站部署路径，如 /zwgk/sgyp/'),
        siteTitle: z.string().optional().describe('网站标题'),
        postedOn: isoDate
          .optional()
          .describe('公示页面（项目资产公示、各乡镇公示）的发布日期；缺省时公示页面不标发布日期，只标数据截至日期'),
        supervision: z
          .strictObject({
            phone: z.string().min(1).default('12317').describe('监督举报电话；缺省为 12317（农业农村部门监督举报电话）'),
            feedback: z.string().optional().describe('意见反馈渠道，如 邮箱或地址'),
          })
          .default({ phone: '12317' })
          .describe('公示页面的监督渠道（政府信息公开条例）'),
      })
      .default({ orgCode: '000000000', indexPattern: '{orgCode}/{year}-{seq}', basePath: '/', supervision: { phone: '12317' } })
      .describe('政府信息主动公开设置'),
    documents: z.array(documentSpec).default([]).describe('信息公开栏目发布的文件'),
    fonts: z
      .strictObject({
        title: z.string().optional().describe('标题字体文件（方正小标宋简体）'),
        body: z.string().optional().describe('正文字体文件（仿宋_GB2312）'),
        hei: z.string().optional().describe('一级标题字体文件（黑体）'),
        kai: z.string().optional().describe('二级标题字体文件（楷体_GB2312）'),
        song: z.string().optional().describe('页码字体文件（宋体）'),
      })
      .default({})
      .describe('公文字体文件路径（相对于配置文件所在的文件夹）；缺省时查找本机字体，再用随包开源字体'),
  })
  .strict();

export type ProfileSpec = z.input<typeof ProfileSchema>;
type ParsedProfile = z.output<typeof ProfileSchema>;
export type Profile = Omit<ParsedProfile, 'office' | 'issuer' | 'recipient' | 'disclosure' | 'approvalLevels'> & {
  /** the four 销号 levels as the county names them (the first two default to its level words) */
  approvalLevels: { township: string; county: string; city: string; province: string };
  office: string;
  issuer: string;
  recipient: string;
  disclosure: ParsedProfile['disclosure'] & { publisher: string };
  government: string;
  printer: string;
  /** folder the profile was read from (for relative file paths); null for the built-in default */
  baseDir: string | null;
  /** where it came from, for the log */
  source: string;
};

/**
 * The defaults that depend on the level: a county reports to the city (市委农办), a city to the
 * province (省委农办); the organs are the county's or the city's.
 */
const LEVEL_DEFAULTS = {
  county: { office: '县农业农村局', issuer: '县“四个一批”工作专班办公室', recipient: '市委农办' },
  city: { office: '市农业农村局', issuer: '市“四个一批”工作专班办公室', recipient: '省委农办' },
} as const;

/** The city's name when none is given (level city). */
const DEFAULT_CITY = '本市';

/**
 * A city's site names its publisher with the city in front (市农业农村局 → 示例市农业农村局); a
 * county's default likewise with the county's name (县农业农村局 → 青岚县农业农村局, in finish).
 */
function cityOrgan(name: string, city: string, level: string): string {
  if (name.startsWith(city) || !name.startsWith(level)) return name;
  return city + name.slice(level.length);
}

function finish(p: ParsedProfile, baseDir: string | null, source: string): Profile {
  const defaults = LEVEL_DEFAULTS[p.level];
  const office = p.office ?? defaults.office;
  const area = p.level === 'city' ? (p.city ?? DEFAULT_CITY) : p.county;
  return {
    ...p,
    ...(p.level === 'city' ? { city: area } : {}),
    office,
    approvalLevels: {
      ...p.approvalLevels,
      township: p.approvalLevels.township ?? `${p.levelNames.township}或${p.levelNames.county}级主管部门`,
      county: p.approvalLevels.county ?? `${p.levelNames.county}级领导小组`,
    },
    issuer: p.issuer ?? defaults.issuer,
    recipient: p.recipient ?? defaults.recipient,
    disclosure: {
      ...p.disclosure,
      // the organ with its place name: the profile's office (示例县农业农村局), or the default
      // 县农业农村局 with the county's name for 县 (本县农业农村局 when the profile names none)
      publisher:
        p.disclosure.publisher ??
        (p.level === 'city' ? cityOrgan(office, area, p.levelNames.city) : office === defaults.office ? area + office.slice(1) : office),
    },
    government: p.government ?? `${area}人民政府`,
    printer: p.printer ?? office,
    baseDir,
    source,
  };
}

export function defaultProfile(): Profile {
  return finish(ProfileSchema.parse({}), null, '内置默认配置');
}

/** Parse profile text (YAML or JSON). Problems name the file and the key. */
export function parseProfile(text: string, file: string): Profile {
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    // the parser's own message is English: say where, in Chinese
    const at = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const format = file.endsWith('.json') ? 'JSON' : 'YAML';
    const where = at ? `，问题在第${at.line}行第${at.col}列附近` : '';
    throw new InputError([
      { file, line: at?.line ?? null, column: null, value: null, message: `配置文件无法解析（不是有效的 ${format} 格式${where}）` },
    ]);
  }
  const result = ProfileSchema.safeParse(raw ?? {}, { error: ZH_CN.localeError });
  if (!result.success) {
    const problems: Problem[] = result.error.issues.map((issue) => ({
      file,
      line: null,
      column: null,
      field: issue.path.join('.') || '（根）',
      value: null,
      message: describeIssue(issue),
    }));
    throw new InputError(problems);
  }
  return finish(result.data, path.dirname(path.resolve(file)), file);
}

/** zod's Chinese messages (its default is English). */
const ZH_CN = z.locales.zhCN();

/** The type names zod's messages keep in English, in Chinese. */
const TYPE_NAMES: Record<string, string> = {
  number: '数字',
  string: '文字',
  boolean: 'true 或 false',
  object: '键值对',
  array: '列表',
  date: '日期',
  undefined: '空',
  null: '空',
  integer: '整数',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `不认识的配置项：${issue.keys.join('、')}`;
  if (issue.code === 'invalid_type') return `类型不对，应为${TYPE_NAMES[issue.expected] ?? issue.expected}`;
  return issue.message.replace(/\b(number|string|boolean|object|array|date|undefined|null|integer)\b/g, (w) => TYPE_NAMES[w] ?? w);
}

/** `--profile FILE`, else profile.yaml / profile.yml / profile.json in the data folder, else the default. */
export function loadProfile(dataDir: string, explicit?: string): Profile {
  if (explicit) {
    if (!existsSync(explicit)) {
      throw new InputError([{ file: explicit, line: null, column: null, value: null, message: '找不到配置文件' }]);
    }
    return parseProfile(readProfileText(explicit), explicit);
  }
  for (const name of ['profile.yaml', 'profile.yml', 'profile.json']) {
    const file = path.join(dataDir, name);
    if (existsSync(file)) return parseProfile(readProfileText(file), file);
  }
  return defaultProfile();
}

/** Profiles are small text files: a folder, a device or a huge file is refused before it is read. */
const MAX_PROFILE_BYTES = 1024 * 1024;

function readProfileText(file: string): string {
  const st = statSync(file);
  const refuse = (message: string) => new InputError([{ file, line: null, column: null, value: null, message }]);
  if (!st.isFile()) throw refuse('配置文件应为普通文件（YAML 或 JSON），而这是一个文件夹或设备');
  if (st.size > MAX_PROFILE_BYTES) throw refuse(`配置文件过大（${Math.round(st.size / 1024)} KB），应不超过 1 MB`);
  return readFileSync(file, 'utf8');
}

/** Resolve the as-of date: --as-of, else the profile's. */
export function resolveAsOf(profile: Profile, asOf?: string): string {
  const value = asOf ?? profile.asOf;
  if (!value) {
    throw new InputError([
      {
        file: profile.source,
        line: null,
        column: null,
        field: 'asOf',
        value: null,
        message: '没有统计截止日期：请用 --as-of YYYY-MM-DD 指定，或在配置文件中填写 asOf',
      },
    ]);
  }
  if (!isIsoDate(value)) {
    throw new InputError([{ file: '--as-of', line: null, column: null, value, message: '应为 YYYY-MM-DD 格式的真实日期' }]);
  }
  const year = Number(value.slice(0, 4));
  const first = Math.max(AS_OF_YEARS.first, profile.thresholds.firstYear);
  if (year < first || year > AS_OF_YEARS.last) {
    const message = `年份应在${first}至${AS_OF_YEARS.last}年之间（不早于配置的建设年度下限 firstYear）`;
    if (asOf) throw new UsageError(`--as-of 的${message}，实际为“${value}”`);
    throw new InputError([{ file: profile.source, line: null, column: null, field: 'asOf', value, message }]);
  }
  return value;
}
