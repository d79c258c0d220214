/**
 * What `npm ci` installs for the program itself (package-lock.json, the packages that are not
 * development-only) runs on the Node this project supports: CI and the counties' machines run
 * Node 20, and a package that says it needs Node 22 may break there on any call (cookie@2 and
 * content-disposition@3 did, pulled in by Fastify's plugins; they are pinned back).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { dev?: boolean; optional?: boolean; engines?: { node?: string } | string[]; version?: string }>;
};

/** Whether a `engines.node` range admits Node 20 (by major version: the ranges npm packages use). */
function admitsNode20(range: string): boolean {
  return range.split('||').some((alt) => {
    const parts = alt
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    if (parts.length === 0 || parts[0] === '*') return true;
    return parts.every((p) => {
      const m = /^(>=|>|<=|<|\^|~|=)?v?(\d+)/.exec(p);
      if (!m) return true;
      const major = Number(m[2]);
      switch (m[1]) {
        case '>=':
          return major <= 20;
        case '>':
          return major < 20 || (major === 20 && !/^>20\.\d+\.\d+$/.test(p));
        case '<':
          return major > 20;
        case '<=':
          return major >= 20;
        default:
          return major === 20;
      }
    });
  });
}

describe('the installed program', () => {
  it('reads engine ranges as npm does, by major version', () => {
    expect(admitsNode20('>=18')).toBe(true);
    expect(admitsNode20('18 || 20 || >=22')).toBe(true);
    expect(admitsNode20('^20.19.0 || >=22.12.0')).toBe(true);
    expect(admitsNode20('>=14.0.0 <21')).toBe(true);
    expect(admitsNode20('>= 8')).toBe(true);
    expect(admitsNode20('>=22')).toBe(false);
    expect(admitsNode20('^18.0.0 || >=22.0.0')).toBe(false);
  });

  it('needs no Node newer than 20 in any package it runs with', () => {
    const newer = Object.entries(lock.packages)
      // (an optional package whose engines do not fit is skipped by npm, and its parent runs without it: rollup's lzma binary)
      .filter(([name, p]) => name !== '' && !p.dev && !p.optional)
      .flatMap(([name, p]) => {
        const range = Array.isArray(p.engines) ? undefined : p.engines?.node;
        return range && !admitsNode20(range) ? [`${name.replace(/^.*node_modules\//, '')}@${p.version}: node ${range}`] : [];
      });
    expect(newer).toEqual([]);
  });
});
