/**
 * Font choice for the PDF. GB/T 9704 names 方正小标宋简体 (title), 仿宋_GB2312 (body), 黑体
 * (level-1 headings), 楷体_GB2312 (level-2 headings) and 宋体 (page numbers). We use them when the
 * profile names their files or the machine has them installed; else a near face the machine has
 * (华文仿宋/华文楷体 of Microsoft Office, macOS's 宋体-简/楷体-简, Linux's AR PL UKai); otherwise the
 * open fonts that npm brings stand in: LXGW WenKai (OFL, a 楷体) for the 楷体 headings, Noto Serif
 * SC for the 仿宋 body and 宋体 (npm carries no open 仿宋 face), Bold for the title, Noto Sans SC for
 * 黑体. Every font is embedded (subset) in the PDF.
 *
 * Official fonts from the GB2312 era lack many name characters (镕, 堃, 喆, 昇, 珺, 赟 …), so each
 * role has a fallback chain and pdf.ts splits text into runs per character: a character the first
 * font lacks is drawn with the next font that has it (checked with fontkit, pdfkit's font engine).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { InputError, type Problem } from '../../errors.js';

export type FontRole = 'title' | 'body' | 'hei' | 'kai' | 'song';
export const FONT_ROLES: readonly FontRole[] = ['title', 'body', 'hei', 'kai', 'song'];

/**
 * The font files a profile names for the roles (profile `fonts`, paths relative to `baseDir`, the
 * profile's folder), and the profile's name for an error message: what render/outputs.ts passes from the
 * profile to chooseFonts before rendering.
 */
export interface FontSettings {
  fonts: Partial<Record<FontRole, string>>;
  baseDir: string | null;
  source: string;
}

/** What GB/T 9704 asks for, and how the build log names the role. */
export const OFFICIAL: Record<FontRole, { name: string; role: string }> = {
  title: { name: '方正小标宋简体', role: '标题' },
  body: { name: '仿宋_GB2312', role: '正文' },
  hei: { name: '黑体', role: '一级标题' },
  kai: { name: '楷体_GB2312', role: '二级标题' },
  song: { name: '宋体', role: '页码' },
};

/** Installed file names of each official font (compared case-insensitively), best first. */
const OFFICIAL_FILES: Record<FontRole, string[]> = {
  title: ['方正小标宋简体.ttf', '方正小标宋_gbk.ttf', 'fzxbsjw.ttf', 'fzxbsjw--gb1-0.ttf', 'fzxiaobiaosong-b05s.ttf'],
  body: ['仿宋_gb2312.ttf', 'fangsong_gb2312.ttf', 'fs_gb2312.ttf', 'simfang.ttf', '仿宋.ttf'],
  hei: ['simhei.ttf', '黑体.ttf'],
  kai: ['楷体_gb2312.ttf', 'kaiti_gb2312.ttf', 'simkai.ttf', '楷体.ttf'],
  song: ['simsun.ttc', 'simsun.ttf', '宋体.ttf'],
};

/**
 * Installed faces close to the official ones (same style, other foundry), tried after the official
 * files and before the bundled stand-ins.
 */
const NEAR_FILES: Record<FontRole, string[]> = {
  title: ['stzhongs.ttf', '华文中宋.ttf'],
  body: ['stfangso.ttf', '华文仿宋.ttf', 'stfangsong.ttf'],
  hei: ['stxihei.ttf', '华文细黑.ttf', 'stheiti light.ttc', 'wqy-zenhei.ttc'],
  kai: ['stkaiti.ttf', '华文楷体.ttf', 'kaiti.ttc', 'gkai00mp.ttf', 'ukai.ttc'],
  song: ['stsong.ttf', '华文宋体.ttf', 'songti.ttc', 'notoserifcjk-regular.ttc', 'uming.ttc'],
};

/** Big CJK fonts that may hold characters beyond the Noto SC subsets (CJK Ext-B and later). */
const EXTRA_FALLBACK_FILES = ['simsunb.ttf', 'hanaminb.ttf', 'notoserifcjk-regular.ttc', 'notosanscjk-regular.ttc'];

export interface FontFace {
  /** absolute path */
  file: string;
  /** face inside a .ttc collection */
  postscriptName: string | null;
  /** family name for the log */
  name: string;
}

export interface RoleFont {
  role: FontRole;
  face: FontFace;
  /** true when another font stands in for the official one */
  substitute: boolean;
  source: 'profile' | 'system' | 'bundled';
}

export interface FontChoice {
  roles: Record<FontRole, RoleFont>;
  /** per role: the role's face first, then the faces tried for characters it lacks */
  chains: Record<FontRole, FontFace[]>;
}

// fontkit is pdfkit's own font engine; reach it through pdfmake → pdfkit so we use the very copy
// that embeds the fonts (it is not a direct dependency of this package).
const requireHere = createRequire(import.meta.url);
const requirePdfkit = createRequire(createRequire(requireHere.resolve('pdfmake')).resolve('pdfkit'));

interface FontkitFont {
  postscriptName: string;
  familyName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  hasGlyphForCodePoint(cp: number): boolean;
  layout(text: string): { advanceWidth: number };
}
interface FontkitCollection {
  fonts: FontkitFont[];
}
const fontkit = requirePdfkit('fontkit') as {
  openSync(file: string, postscriptName?: string): FontkitFont | FontkitCollection;
  create(data: Buffer, postscriptName?: string): FontkitFont | FontkitCollection;
};

const sfntCache = new Map<string, Buffer>();

/**
 * A WOFF file as the plain TrueType/OpenType font it wraps (tables inflated, in memory): fontkit
 * reads WOFF, but inflates a table again on every access, which makes layout and subsetting of a
 * 10 MB CJK font take seconds per call.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({
      tag: woff.readUInt32BE(at),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : Buffer.from(raw),
    });
  }
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const head = Buffer.alloc(12 + numTables * 16);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(numTables, 4);
  head.writeUInt16BE(searchRange, 6);
  head.writeUInt16BE(entrySelector, 8);
  head.writeUInt16BE(numTables * 16 - searchRange, 10);
  const body: Buffer[] = [];
  let offset = head.length;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    head.writeUInt32BE(t.tag, at);
    head.writeUInt32BE(t.checksum, at + 4);
    head.writeUInt32BE(offset, at + 8);
    head.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    body.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([head, ...body]);
}

/** The bytes pdfkit and fontkit get for a font file: a WOFF unwrapped once per process. */
export function fontData(file: string): Buffer | null {
  if (!/\.woff$/i.test(file)) return null;
  let data = sfntCache.get(file);
  if (!data) {
    data = woffToSfnt(readFileSync(file));
    sfntCache.set(file, data);
  }
  return data;
}

function openFontFile(file: string, postscriptName?: string): FontkitFont | FontkitCollection {
  const data = fontData(file);
  return data ? fontkit.create(data, postscriptName) : fontkit.openSync(file, postscriptName);
}

const opened = new Map<string, FontkitFont>();

function faceKey(f: FontFace): string {
  return `${f.file}#${f.postscriptName ?? ''}`;
}

/** The fontkit font of a face (cached: the CJK fonts are 10–15 MB). */
export function openFace(face: FontFace): FontkitFont {
  const key = faceKey(face);
  let font = opened.get(key);
  if (!font) {
    const f = openFontFile(face.file, face.postscriptName ?? undefined);
    font = 'fonts' in f ? f.fonts[0]! : f;
    opened.set(key, font);
  }
  return font;
}

const glyphCache = new Map<string, boolean>();

export function hasGlyph(face: FontFace, codePoint: number): boolean {
  const key = `${faceKey(face)}@${codePoint}`;
  let hit = glyphCache.get(key);
  if (hit === undefined) {
    hit = openFace(face).hasGlyphForCodePoint(codePoint);
    glyphCache.set(key, hit);
  }
  return hit;
}

/** (ascent − descent) / em: what pdfkit takes as the height of one line of text at size 1. */
export function lineHeightRatio(face: FontFace): number {
  const f = openFace(face);
  return (f.ascent - f.descent) / f.unitsPerEm;
}

/**
 * Open a font file; .ttc collections give their Simplified Chinese face where they have one
 * (NotoSerifCJK-Regular.ttc → Noto Serif CJK SC, not its first face, JP: the glyph forms differ),
 * else their first (simsun.ttc → SimSun).
 */
function faceFromFile(file: string, fallbackName: string): FontFace | null {
  try {
    const f = openFontFile(file);
    const font = 'fonts' in f ? (f.fonts.find((x) => /CJKsc|\bSC\b/.test(`${x.postscriptName} ${x.familyName}`)) ?? f.fonts[0]!) : f;
    const face: FontFace = { file, postscriptName: 'fonts' in f ? font.postscriptName : null, name: font.familyName || fallbackName };
    opened.set(faceKey(face), font);
    return face;
  } catch {
    return null; // unreadable font: ignore it and fall back
  }
}

function bundled(pkgPath: string, name: string): FontFace {
  return { file: requireHere.resolve(pkgPath), postscriptName: null, name };
}

export const NOTO = {
  serif: () => bundled('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', 'Noto Serif SC'),
  serifBold: () => bundled('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf', 'Noto Serif SC Bold'),
  sans: () => bundled('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf', 'Noto Sans SC'),
};

/** LXGW WenKai (霞鹜文楷, OFL), a 楷体; the npm package ships it whole as WOFF, which fontkit reads. */
export const WENKAI = () => bundled('@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-500-normal.woff', 'LXGW WenKai');

/** Folders where Windows, macOS and Linux keep fonts. */
export function defaultFontDirs(): string[] {
  const home = os.homedir();
  return [
    '/usr/share/fonts',
    '/usr/local/share/fonts',
    path.join(home, '.fonts'),
    path.join(home, '.local/share/fonts'),
    'C:\\Windows\\Fonts',
    path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData/Local'), 'Microsoft/Windows/Fonts'),
    '/Library/Fonts',
    '/System/Library/Fonts',
    path.join(home, 'Library/Fonts'),
  ];
}

const dirIndexCache = new Map<string, Map<string, string>>();

/** lower-case file name → path, for every font file under `dirs` (depth-limited walk). */
function indexFontFiles(dirs: string[]): Map<string, string> {
  const key = dirs.join('\n');
  const cached = dirIndexCache.get(key);
  if (cached) return cached;
  const index = new Map<string, string>();
  const walk = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const full = path.join(dir, n);
      if (/\.(ttf|ttc|otf)$/i.test(n)) {
        if (!index.has(n.toLowerCase())) index.set(n.toLowerCase(), full);
      } else if (depth < 5) {
        try {
          if (statSync(full).isDirectory()) walk(full, depth + 1);
        } catch {
          /* unreadable entry */
        }
      }
    }
  };
  for (const d of dirs) walk(d, 0);
  dirIndexCache.set(key, index);
  return index;
}

function standIn(role: FontRole): FontFace {
  if (role === 'title') return NOTO.serifBold();
  if (role === 'hei') return NOTO.sans();
  if (role === 'kai') return WENKAI();
  return NOTO.serif();
}

/**
 * Choose a face for every role: the profile's file, else an installed official font, else the
 * bundled Noto stand-in. A font file named in the profile that cannot be read is an input error.
 * Called once per run before the documents are rendered (render/outputs.ts); the renderers get the choice.
 */
export function chooseFonts(profile: FontSettings, opts: { fontDirs?: string[] } = {}): FontChoice {
  const index = indexFontFiles(opts.fontDirs ?? defaultFontDirs());
  const problems: Problem[] = [];
  const roles = {} as Record<FontRole, RoleFont>;
  for (const role of FONT_ROLES) {
    const configured = profile.fonts[role];
    if (configured) {
      const file = path.resolve(profile.baseDir ?? process.cwd(), configured);
      const face = existsSync(file) ? faceFromFile(file, OFFICIAL[role].name) : null;
      if (face) {
        roles[role] = { role, face, substitute: false, source: 'profile' };
        continue;
      }
      problems.push({
        file: profile.source,
        line: null,
        column: `fonts.${role}`,
        value: configured,
        message: existsSync(file) ? `无法读取字体文件 ${file}` : `找不到字体文件 ${file}`,
        rule: 'font',
      });
      continue;
    }
    const installed = OFFICIAL_FILES[role].map((n) => index.get(n)).find((f): f is string => !!f);
    const face = installed ? faceFromFile(installed, OFFICIAL[role].name) : null;
    const nearFile = face ? undefined : NEAR_FILES[role].map((n) => index.get(n)).find((f): f is string => !!f);
    const near = nearFile ? faceFromFile(nearFile, path.basename(nearFile)) : null;
    roles[role] = face
      ? { role, face, substitute: false, source: 'system' }
      : near
        ? { role, face: near, substitute: true, source: 'system' }
        : { role, face: standIn(role), substitute: true, source: 'bundled' };
  }
  if (problems.length) throw new InputError(problems);

  const extras = EXTRA_FALLBACK_FILES.map((n) => index.get(n))
    .filter((f): f is string => !!f)
    .map((f) => faceFromFile(f, path.basename(f)))
    .filter((f): f is FontFace => !!f);
  const chains = {} as Record<FontRole, FontFace[]>;
  for (const role of FONT_ROLES) {
    const order = role === 'hei' ? [NOTO.sans(), NOTO.serif()] : [NOTO.serif(), NOTO.sans()];
    const seen = new Set<string>();
    chains[role] = [roles[role].face, ...order, ...extras].filter((f) => {
      const k = faceKey(f);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  return { roles, chains };
}

/** One line per role for the build log, e.g. `正文：Noto Serif SC（替代 仿宋_GB2312）`. */
export function describeFonts(choice: FontChoice): string[] {
  return FONT_ROLES.map((role) => {
    const r = choice.roles[role];
    const official = OFFICIAL[role];
    const how = r.substitute
      ? r.source === 'system'
        ? `替代 ${official.name}，本机字体：${r.face.file}`
        : `替代 ${official.name}`
      : r.source === 'profile'
        ? `配置文件指定：${r.face.file}`
        : `本机字体：${r.face.file}`;
    return `${official.role}：${r.face.name}（${how}）`;
  });
}
