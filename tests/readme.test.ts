/**
 * The README is a manual that agrees with the program: it documents every profile key (as
 * Datasette's test_settings_are_documented does for its settings), its “Command line” section and
 * `sgyp --help` name the same commands and options, it stays short (the rest is in docs/), and the
 * rules the code cites are a document of this repository whose cited sections exist.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP, main } from '../pipeline/cli.js';
import { ProfileSchema } from '../pipeline/config/profile.js';

const root = path.join(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** The text of a `## ` section of the README, up to the next one. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, title).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The usage lines (`sgyp <command> …`) of a text: each command with the options its line names. */
function usage(text: string): Record<string, string[]> {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^sgyp [a-z]+ /.test(l));
  return Object.fromEntries(lines.map((l) => [l.split(' ')[1], [...l.matchAll(/--[a-z-]+/g)].map((m) => m[0]).sort()]));
}

const cli = section('Command line');
/** the README's option table: `--data DIR`, `-h`, `--help` … with whether the option takes a value */
const readmeOptions = new Map(
  cli
    .split('\n')
    .filter((l) => l.startsWith('| `-'))
    .flatMap((l) => [...l.split(' | ')[0]!.matchAll(/`(--?[a-z-]+)( [A-Z][A-Za-z-]*)?`/g)].map((m) => [m[1]!, Boolean(m[2])] as const)),
);
/** the options --help explains, one per line under 选项 */
const helpOptions = HELP.slice(HELP.indexOf('选项：'))
  .split('\n')
  .flatMap((l) => [...(/^ {2}((?:-h, )?--[a-z-]+)/.exec(l)?.[1]?.split(', ') ?? [])]);
const helpCommands = HELP.slice(HELP.indexOf('命令：'), HELP.indexOf('选项：'))
  .split('\n')
  .flatMap((l) => /^ {2}([a-z]+) /.exec(l)?.[1] ?? []);

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('README', () => {
  it('documents every key of the county profile', () => {
    for (const key of Object.keys(ProfileSchema.shape)) expect(readme, key).toContain(`\`${key}\``);
    const thresholds = ProfileSchema.shape.thresholds.unwrap();
    for (const key of Object.keys(thresholds.shape)) expect(readme, key).toContain(`\`${key}\``);
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm install && npm run build');
    expect(readme).toContain('npm test');
  });

  it('stays a manual of at most 250 lines that links the pages in docs/', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    for (const page of ['docs/rules.md', 'docs/profile.md', 'docs/dependencies.md']) {
      expect(readme.includes(`](${page})`), page).toBe(true);
    }
  });
});

describe('README “Command line” and sgyp --help', () => {
  it('give every command the same options in their usage lines', () => {
    const help = usage(HELP);
    expect(Object.keys(help)).toEqual(['check', 'stats', 'build', 'template', 'serve']);
    expect(usage(cli)).toEqual(help);
    expect(helpCommands).toEqual(Object.keys(help));
  });

  it('explain the same options', () => {
    expect(helpOptions).toEqual([...readmeOptions.keys()]);
    expect(helpOptions).toContain('--annotate');
    expect(helpOptions).toContain('-h');
    for (const option of HELP.match(/--[a-z-]+/g) ?? []) expect(readmeOptions.has(option), option).toBe(true);
  });

  it('document only options and commands the command line accepts', async () => {
    for (const [option, takesValue] of readmeOptions) {
      const r = await run(takesValue ? [option, 'x', '--help'] : [option, '--help']);
      expect(r.code, option).toBe(0);
    }
    const unknown = await run(['--since', '2026-06-30', '--help']);
    expect(unknown).toMatchObject({ code: 2, out: '' });
    expect(unknown.err).toContain('不认识的选项：--since');
    // (serve is asked with a bad port, so that it refuses rather than starts a server)
    for (const command of helpCommands) {
      const args = command === 'serve' ? [command, '--port', 'x'] : [command, '--quiet'];
      expect((await run(args)).err, command).not.toContain('不认识的命令');
    }
    expect((await run(['serve', '--port', 'x'])).err).toContain('--port 应为 0 至 65535 的整数，实际为“x”');
    expect((await run(['publish'])).err).toContain('不认识的命令“publish”，应为 check、stats、build、template 或 serve');
    expect((await run(['serve', '--data', 'data'])).err).toContain('serve 命令没有 --data 选项');
    expect((await run(['build', '--data', 'data', '--out', 'x', '--port', '1'])).err).toContain('--port 只用于 serve 命令');
  });

  it('give the same exit codes', () => {
    const help = [...(HELP.split('退出码：')[1] ?? '').matchAll(/(\d) /g)].map((m) => m[1]);
    const readmeCodes = [...(cli.split('Exit codes:')[1] ?? '').split('\n\n')[0]!.matchAll(/`(\d)`/g)].map((m) => m[1]);
    expect(help).toEqual(['0', '1', '2', '3']);
    expect(readmeCodes).toEqual(help);
  });

  it('keeps template to its own options', async () => {
    const r = await run(['template', '--out', 'x.xlsx', '--history', 'h']);
    expect(r).toMatchObject({ code: 2 });
    expect(r.err).toContain('template 命令没有 --history 选项');
  });
});

describe('docs/rules.md', () => {
  const rules = readFileSync(path.join(root, 'docs/rules.md'), 'utf8');
  /** §2, §4.4 …: the numbered sections of docs/rules.md */
  const sections = new Set([...rules.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => `§${m[1]}`));
  const sources = ['pipeline', 'scripts', 'site', 'tests'].flatMap((dir) =>
    (readdirSync(path.join(root, dir), { recursive: true }) as string[])
      .filter((f) => /\.(ts|sql|astro|mjs)$/.test(f) && !f.split(path.sep).some((p) => p.startsWith('.')))
      .map((f) => path.join(dir, f)),
  );

  /** `docs/rules.md §4.4`, `docs/rules.md §6, §9`, `[rules.md](rules.md) §2` */
  const CITATION = /rules\.md(?:\]\([^)]*\))? (§[\d.]+(?:(?:[–,]\s*|\s*and\s*)§[\d.]+)*)/g;

  it('is the rules document the code cites, and every cited section exists', () => {
    expect(sections).toEqual(
      new Set(['§1', '§2', '§3', '§4', '§4.0', '§4.1', '§4.2', '§4.3', '§4.4', '§4.5', '§4.6', '§4.7', '§5', '§6', '§7', '§8', '§9']),
    );
    const cited: string[] = [];
    for (const file of sources) {
      const text = readFileSync(path.join(root, file), 'utf8');
      expect(text, file).not.toMatch(/domain\.md/);
      for (const m of text.matchAll(CITATION)) {
        for (const s of m[1]!.match(/§\d+(?:\.\d+)?/g) ?? []) {
          expect(sections.has(s), `${file}: docs/rules.md ${s}`).toBe(true);
          cited.push(s);
        }
      }
    }
    // the code cites it throughout: the rules (§4), the columns (§2), the cycle (§8), the documents (§9)
    expect(cited.length).toBeGreaterThanOrEqual(40);
    for (const s of ['§2', '§4', '§4.4', '§8', '§9']) expect(cited, s).toContain(s);
    // and so do the README and the other pages of docs/
    const pages = [
      'README.md',
      ...readdirSync(path.join(root, 'docs'))
        .filter((f) => f !== 'rules.md')
        .map((f) => `docs/${f}`),
    ];
    let inPages = 0;
    for (const page of pages) {
      for (const m of readFileSync(path.join(root, page), 'utf8').matchAll(CITATION)) {
        for (const s of m[1]!.match(/§\d+(?:\.\d+)?/g) ?? []) {
          expect(sections.has(s), `${page}: rules.md ${s}`).toBe(true);
          inPages++;
        }
      }
    }
    expect(inPages).toBeGreaterThanOrEqual(5);
  });
});
