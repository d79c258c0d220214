/**
 * docs/profile.md is generated from the profile schema (scripts/profile-doc.ts): the committed page
 * must be what the script writes now, so a key added to pipeline/config/profile.ts without
 * `npm run docs:profile` (or without a description) fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProfileSchema } from '../pipeline/config/profile.js';
import { PROFILE_DOC, profileDoc } from '../scripts/profile-doc.js';

describe('docs/profile.md', () => {
  const committed = readFileSync(new URL(`../${PROFILE_DOC}`, import.meta.url), 'utf8');

  it('is what npm run docs:profile writes from the schema', () => {
    expect(committed).toBe(profileDoc());
  });

  it('lists every key of the profile and of its thresholds, with its default', () => {
    for (const key of Object.keys(ProfileSchema.shape)) expect(committed).toContain(`| \`${key}\` |`);
    expect(committed).toContain('| `thresholds.idleMonths` | integer ≥ 1 | `6` | 停用满多少个月认定闲置 |');
    expect(committed).toContain('| `reports.<期别>.serial` | integer ≥ 1 |  |');
    expect(committed).toContain('| `documents[].slug` | text `^[a-z0-9-]+$` |  | 网址中使用的短名 |');
  });
});
