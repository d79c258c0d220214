/**
 * docs/profile.md from the profile schema (pipeline/config/profile.ts): every key with its type, its
 * default and its description, read from zod's JSON Schema (z.toJSONSchema) so that the page cannot
 * drift from what the loader accepts. `npm run docs:profile` writes it; tests/profile-doc.test.ts
 * checks that the committed page is what this writes. A key without a description is an error here.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ProfileSchema } from '../pipeline/config/profile.js';

/** The part of JSON Schema that z.toJSONSchema writes for the profile. */
interface Schema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  items?: Schema;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
}

export const PROFILE_DOC = 'docs/profile.md';

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
/** zod's bound of an int(): no bound a reader needs to see */
const SAFE = Number.MAX_SAFE_INTEGER;

/** The schema without a `null` alternative, and whether it had one. */
function nonNull(s: Schema): { s: Schema; nullable: boolean } {
  if (Array.isArray(s.type) && s.type.includes('null')) {
    const rest = s.type.filter((t) => t !== 'null');
    return { s: { ...s, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  const alts = s.anyOf?.filter((a) => a.type !== 'null');
  if (s.anyOf && alts?.length === 1) {
    const inner = alts[0] as Schema;
    const def = 'default' in s ? s.default : inner.default;
    return { s: { ...inner, description: s.description ?? inner.description, default: def }, nullable: true };
  }
  return { s, nullable: false };
}

function typeOf(s: Schema, nullable: boolean): string {
  let t: string;
  if (s.enum) t = s.enum.map((v) => `\`${String(v)}\``).join(' / ');
  else if (s.type === 'string' && s.pattern === DATE_PATTERN) t = 'date `YYYY-MM-DD`';
  else if (s.type === 'string' && s.pattern) t = `text \`${s.pattern}\``;
  else if (s.type === 'integer' || s.type === 'number') {
    const bounds = [
      s.minimum !== undefined && s.minimum > -SAFE ? `≥ ${s.minimum}` : '',
      s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : '',
      s.maximum !== undefined && s.maximum < SAFE ? `≤ ${s.maximum}` : '',
      s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : '',
    ].filter(Boolean);
    t = `${s.type === 'integer' ? 'integer' : 'number'}${bounds.length ? ` ${bounds.join(', ')}` : ''}`;
  } else if (s.type === 'string') t = s.minLength ? 'text, not empty' : 'text';
  else if (s.type === 'array')
    t = s.items?.type === 'object' ? 'list of objects' : `list of ${s.items?.type === 'string' ? 'text' : (s.items?.type ?? 'values')}`;
  else if (s.type === 'object') t = 'object';
  else t = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
  return nullable ? `${t} or \`null\`` : t;
}

/**
 * A default as one line of JSON. An object's only where its keys do not say it: where the default
 * gives a key a value that the key's own schema has no default for (rulesBasis.title).
 */
function defaultOf(s: Schema): string {
  if (s.default === undefined) return '';
  if (s.type === 'object' && s.properties && s.default !== null && typeof s.default === 'object') {
    const props = s.properties;
    const own = Object.keys(s.default).some((k) => props[k] && nonNull(props[k]).s.default === undefined);
    if (!own) return '';
  }
  return `\`${JSON.stringify(s.default)}\``;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

interface Row {
  key: string;
  type: string;
  def: string;
  description: string;
}

function rows(path: string, raw: Schema, out: Row[]): void {
  const { s, nullable } = nonNull(raw);
  if (!s.description) throw new Error(`profile.ts: ${path} has no description (.describe())`);
  out.push({ key: path, type: typeOf(s, nullable), def: defaultOf(s), description: s.description });
  if (s.type === 'object' && s.properties) {
    for (const [k, v] of Object.entries(s.properties)) rows(`${path}.${k}`, v, out);
  } else if (s.type === 'object' && typeof s.additionalProperties === 'object') {
    const name = s.propertyNames?.pattern ? '<期别>' : '<key>';
    const inner = s.additionalProperties;
    for (const [k, v] of Object.entries(inner.properties ?? {})) rows(`${path}.${name}.${k}`, v, out);
  } else if (s.type === 'array' && s.items?.type === 'object') {
    for (const [k, v] of Object.entries(s.items.properties ?? {})) rows(`${path}[].${k}`, v, out);
  }
}

/** The text of docs/profile.md. */
export function profileDoc(): string {
  const schema = z.toJSONSchema(ProfileSchema, { io: 'input', unrepresentable: 'any' }) as Schema;
  const out: Row[] = [];
  for (const [k, v] of Object.entries(schema.properties ?? {})) rows(k, v, out);
  const table = out.map((r) => `| \`${r.key}\` | ${cell(r.type)} | ${cell(r.def)} | ${cell(r.description)} |`);
  return [
    '# The county profile',
    '',
    '<!-- Generated by `npm run docs:profile` (scripts/profile-doc.ts) from the schema in',
    '     pipeline/config/profile.ts. Edit the descriptions there, not this file. -->',
    '',
    'Who the county is, how it prints its labels, and the thresholds the policy documents give. Read',
    'from `--profile FILE`, else `profile.yaml`, `profile.yml` or `profile.json` in the data folder, else',
    'the built-in default (every key has a default or may be left out). Unknown keys are errors at every',
    'depth; a bad profile is an input error (exit 1), never silently corrected. `data/profile.yaml` is the',
    "sample county's; the README's “The county profile” says what each key is for, and",
    '[rules.md](rules.md) where each threshold is used.',
    '',
    'A key `a.b` is the key `b` inside `a`; `a[].b` the key `b` of each item of the list `a`; `reports.<期别>`',
    'is `reports.2026Q3` (a quarterly report) or `reports.2026` (an annual summary). A default is shown',
    'for the keys that hold a value; an object takes the defaults of its keys.',
    '',
    '| key | value | default | description |',
    '|---|---|---|---|',
    ...table,
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = fileURLToPath(new URL(`../${PROFILE_DOC}`, import.meta.url));
  writeFileSync(target, profileDoc());
  console.log(`已写入 ${PROFILE_DOC}`);
}
