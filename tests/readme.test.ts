/**
 * The README documents every profile key and every CLI option (as Datasette's
 * test_settings_are_documented does for its settings).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HELP } from '../pipeline/cli.js';
import { ProfileSchema } from '../pipeline/config/profile.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every key of the county profile', () => {
    for (const key of Object.keys(ProfileSchema.shape)) expect(readme, key).toContain(`\`${key}\``);
    const thresholds = ProfileSchema.shape.thresholds.unwrap();
    for (const key of Object.keys(thresholds.shape)) expect(readme, key).toContain(`\`${key}\``);
  });

  it('documents every command-line option of --help', () => {
    for (const option of HELP.match(/--[a-z-]+/g) ?? []) expect(readme, option).toContain(option);
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm install && npm run build');
    expect(readme).toContain('npm test');
  });
});
