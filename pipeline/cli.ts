/**
 * Command line: arguments → run(); errors → exit codes.
 *   0 done, 1 the input has errors (every one printed), 2 usage error, 3 unexpected failure.
 */
import { parseArgs } from 'node:util';
import { AS_OF_YEARS, formatProblem, fsReason, InputError, OutputError, UsageError } from './errors.js';
import type { Command } from './run.js';
import { CATEGORIES } from './vocabulary.js';

export const HELP = `sgyp — 经营性帮扶项目资产“四个一批”台账处理

用法：
  sgyp check --data 目录 [--as-of YYYY-MM-DD] [--profile 文件] [--annotate 目录]
  sgyp stats --data 目录 --out 目录 [--as-of …] [--profile …] [--history 目录] [--previous 目录] [--annotate 目录]
  sgyp build --data 目录 --out 目录 [--as-of …] [--profile …] [--base 路径] [--history 目录] [--previous 目录] [--annotate 目录]
  sgyp template --out 台账模板.xlsx [--data 目录] [--profile 文件]
  sgyp serve [--workspace 目录] [--port 端口] [--host 地址] [--sample]

命令：
  check   读取并校验目录下全部台账（.csv、.xlsx、.xlsm、.xls、.et、.ods），检查报告模板；列出所有错误
  stats   校验后计算统计数据，写出 输出目录/stats.json
  build   全部输出：stats.json、reports/（季度报告、年度总结 .docx/.pdf）、site/（主动公开网站）
  template 写出供乡镇填报的空白台账 Excel 工作簿：填表说明、本县类别叫法的下拉列表、日期和金额校验；
          不覆盖已有的台账（只替换本程序写出、尚未填写的模板）
  serve   在本机浏览器中使用的工作台：收集各乡镇台账（上传、校验、批注台账）、生成、预览网站、查看历史；
          显示带访问令牌的地址，用浏览器打开即可；按 Ctrl+C 停止

选项：
  --data 目录        台账所在目录（其中的 profile.yaml、profile.yml 或 profile.json 作为县级配置）
  --out 目录         输出目录（不能与数据目录重叠）；失败或中断时其中已有文件保持不变，
                     不是本程序生成的同名文件不会被覆盖；本程序写出后被修改过的文件改名保留
                     （如 annual-2026（修改稿，2026-12-05 10时31分）.docx），其他季度的报告保留；
                     同一输出目录同时只能有一次运行（锁文件 .sgyp-lock）；
                     template 命令为要写出的 .xlsx 文件
  --as-of 日期       统计截止日期 YYYY-MM-DD；缺省取配置文件中的 asOf
  --profile 文件     县级配置文件（YAML 或 JSON）；缺省为数据目录中的 profile.yaml，再缺省为内置默认
  --base 路径        网站部署路径（如 /zwgk/sgyp/）；缺省取配置 disclosure.basePath
  --annotate 目录    台账有错误时，把每个出错的台账另存为“批注台账”写入该目录
                     （乡镇/甲镇.csv → 目录/乡镇/甲镇.批注.xlsx）：首页“错误清单”列出全部错误，
                     其后是原样台账，出错单元格标红并附批注说明，可直接发回乡镇改正。
                     同名的旧批注台账会被替换；有人改过的（或不是本程序写出的）同名文件改名保留；
                     没有错误时不写任何文件。
                     该目录不能在数据目录或输出目录之内，也不能包含它们
  --history 目录     历史快照目录：每次 stats/build 成功后保存本截止日期的快照，并与此前最近一次快照对比，
                     报告“较上季度末”的变化；缺省为 输出目录/history（不能与数据目录重叠，
                     也不能在输出目录之内，输出目录/history 除外）
  --previous 目录    改为与该目录中的上期台账对比（首次使用、还没有历史快照时）；截止日期取该目录配置的 asOf，
                     缺省为上季度末
  --workspace 目录   serve 的工作区（缺省为当前目录下的 sgyp-workspace）：配置和台账按统计期存放在
                     periods/<截止日期>/，输出在 out/，快照在 out/history/；被替换的台账移入 replaced/ 保留
  --port 端口        serve 的端口（缺省 8321；0 为任一空闲端口）
  --host 地址        serve 监听的地址（缺省 127.0.0.1，只有本机能访问）；在办公室局域网中使用时给出本机地址，
                     访问仍需令牌
  --sample           serve 的工作区为空时，放入示例数据作为第一个统计期
  --quiet            只输出错误
  --debug            出现意外错误时显示调用栈
  -h, --help         显示本说明

退出码：0 成功；1 台账、配置或模板有错误；2 命令用法错误，或输出目录（template 为要写出的文件）、批注目录不能安全写入；3 意外错误。
`;

const COMMANDS: (Command | 'template' | 'serve')[] = ['check', 'stats', 'build', 'template', 'serve'];

export async function main(argv: string[], io = { out: console.log, err: console.error }): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        out: { type: 'string' },
        'as-of': { type: 'string' },
        profile: { type: 'string' },
        base: { type: 'string' },
        annotate: { type: 'string' },
        history: { type: 'string' },
        previous: { type: 'string' },
        workspace: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        sample: { type: 'boolean' },
        quiet: { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    debug = Boolean(values.debug);
    if (values.help || positionals.length === 0) {
      io.out(HELP);
      return values.help ? 0 : 2;
    }
    const [command, ...extra] = positionals;
    if (!COMMANDS.includes(command as Command))
      throw new UsageError(`不认识的命令“${command}”，应为 check、stats、build、template 或 serve`);
    if (extra.length) throw new UsageError(`多余的参数：${extra.join(' ')}`);
    if (command === 'serve') return await serve(values, io);
    for (const option of ['workspace', 'port', 'host', 'sample'] as const) {
      if (values[option] !== undefined) throw new UsageError(`--${option} 只用于 serve 命令`);
    }
    if (command === 'template') return await template(values, io);
    if (!values.data) throw new UsageError('缺少 --data 目录');
    if (command !== 'check' && !values.out) throw new UsageError(`${command} 需要 --out 目录`);
    if (values['as-of'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) {
      throw new UsageError(`--as-of 应为 YYYY-MM-DD，实际为“${values['as-of']}”`);
    }
    if (values['as-of'] !== undefined) {
      // a year mistyped (2206, 1926) would date every figure wrongly: refused before anything is read
      const year = Number(values['as-of'].slice(0, 4));
      if (year < AS_OF_YEARS.first || year > AS_OF_YEARS.last) {
        throw new UsageError(`--as-of 的年份应在${AS_OF_YEARS.first}至${AS_OF_YEARS.last}年之间，实际为“${values['as-of']}”`);
      }
    }
    if (values.annotate === '') throw new UsageError('--annotate 需要一个目录');
    const started = Date.now();
    // loaded only now: --help and usage errors should not pay for DuckDB and the renderers
    const { run } = await import('./run.js');
    const result = await run({
      command: command as Command,
      dataDir: values.data,
      outDir: values.out,
      asOf: values['as-of'],
      profilePath: values.profile,
      base: values.base,
      annotate: values.annotate,
      historyDir: values.history,
      previousDir: values.previous,
      log: values.quiet ? undefined : (line) => io.out(line),
    });
    if (!values.quiet) {
      io.out(
        command === 'check'
          ? `校验通过：${result.context?.total.projects ?? 0} 个项目，没有错误。`
          : `完成，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。`,
      );
    }
    // what of the clerk's was kept: said again at the end, even with --quiet (on stderr then)
    const kept = result.keptNotes;
    if (kept.length) {
      const say = values.quiet ? io.err : io.out;
      say('没有覆盖或删除任何修改过的、不是本程序写出的文件：');
      for (const line of kept) say(`  ${line}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      for (const p of e.problems) io.err(formatProblem(p));
      const note = e.annotation;
      if (note) {
        io.err('');
        for (const f of note.files) io.err(`已写出批注台账：${f.path}（${f.problems}处错误）`);
        for (const line of note.kept ?? []) io.err(line);
        if (note.failure) io.err(`未能写出批注台账：${note.failure}`);
        else if (!note.files.length) io.err('以上错误不在台账中（配置文件、模板或数据目录本身），没有需要批注的台账。');
      }
      io.err(
        note?.files.length
          ? `\n共 ${e.problems.length} 处错误，未生成统计和报告。出错的台账已逐格标注在 ${note.dir}（${note.files.length}个文件，红色单元格为出错处）；请改正原台账后重新运行。`
          : `\n共 ${e.problems.length} 处错误，未生成任何输出。请改正后重新运行。`,
      );
      return 1;
    }
    if (e instanceof OutputError) {
      io.err(`错误：${e.message}`);
      return 2;
    }
    const code = (e as { code?: string }).code ?? '';
    if (e instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${e instanceof UsageError ? e.message : translateParseError(e as Error)}\n运行 sgyp --help 查看用法。`);
      return 2;
    }
    // a file-system error no step caught: still said in Chinese, naming the path (exit 2: a place that cannot be written)
    const reason = fsReason(e);
    if (reason) {
      io.err(`错误：无法读写 ${(e as NodeJS.ErrnoException).path ?? ''}：${reason}。`);
      if (debug) io.err((e as Error).stack ?? '');
      return 2;
    }
    io.err(`意外错误：${(e as Error).message}`);
    if (debug) io.err((e as Error).stack ?? '');
    else io.err('加 --debug 重新运行可显示详细信息；如问题持续，请把该信息发给维护人员。');
    return 3;
  }
}

/** `sgyp template --out FILE.xlsx [--data DIR] [--profile FILE]` */
async function template(
  values: {
    data?: string;
    out?: string;
    profile?: string;
    'as-of'?: string;
    base?: string;
    annotate?: string;
    history?: string;
    previous?: string;
    quiet?: boolean;
  },
  io: { out: (line: string) => void },
): Promise<number> {
  if (!values.out) throw new UsageError('template 需要 --out 文件，如 --out 台账模板.xlsx');
  if (!/\.xlsx$/i.test(values.out)) throw new UsageError(`--out 应为以 .xlsx 结尾的文件名，实际为“${values.out}”`);
  for (const option of ['as-of', 'base', 'annotate', 'history', 'previous'] as const) {
    if (values[option] !== undefined) throw new UsageError(`template 命令没有 --${option} 选项`);
  }
  const { writeTemplate } = await import('./run.js');
  const profile = await writeTemplate({
    outFile: values.out,
    dataDir: values.data,
    profilePath: values.profile,
    log: values.quiet ? undefined : (line) => io.out(line),
  });
  if (!values.quiet) {
    io.out(
      `已写出${profile.county}台账模板：类别可选 ${CATEGORIES.map((c) => profile.labels[c]).join('、')}。请发给各${profile.levelNames.township}填写。`,
    );
  }
  return 0;
}

/** node:util parseArgs speaks English; say the same in Chinese. */
function translateParseError(e: Error): string {
  const option = /'(-[^']*)'/.exec(e.message)?.[1] ?? '';
  const code = (e as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `不认识的选项：${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `选项 ${option} 缺少取值或取值不对`;
  return `命令行有误：${e.message}`;
}

/** `sgyp serve [--workspace DIR] [--port N] [--host ADDR] [--sample]`: the workbench, until Ctrl+C. */
async function serve(
  values: { workspace?: string; port?: string; host?: string; sample?: boolean; [other: string]: unknown },
  io: { out: (line: string) => void },
): Promise<number> {
  for (const option of ['data', 'out', 'as-of', 'profile', 'base', 'annotate', 'history', 'previous'] as const) {
    if (values[option] !== undefined) throw new UsageError(`serve 命令没有 --${option} 选项：工作区中每个统计期有自己的数据目录`);
  }
  const port = values.port === undefined ? 8321 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || port > 65535) throw new UsageError(`--port 应为 0 至 65535 的整数，实际为“${values.port}”`);
  if (values.host === '') throw new UsageError('--host 需要一个地址');
  const { serve: start } = await import('./serve/server.js');
  let bench: Awaited<ReturnType<typeof start>>;
  try {
    bench = await start({ workspace: values.workspace ?? 'sgyp-workspace', port, host: values.host, sample: values.sample, log: io.out });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UsageError(`端口 ${port} 已被占用（可能已有一个工作台在运行）：请换一个 --port，或用 --port 0 取任一空闲端口`);
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`本机没有地址 ${values.host}：--host 应为本机的一个网络地址`);
    throw e;
  }
  io.out(`工作区：${bench.workspace.root}`);
  io.out(`工作台已启动，请用浏览器打开（地址中含访问令牌，不要发给他人）：\n  ${bench.url}`);
  if (values.host) io.out(`已在 ${values.host} 上监听：同一网络中的电脑需用上面带令牌的地址（把主机名换成本机地址）才能访问。`);
  io.out('按 Ctrl+C 停止。');
  return 0;
}
