/**
 * npm run typecheck — the pipeline and tests (tsc), the site's scripts (tsc) and every .astro file
 * (astro check), the three at once: on two cores that takes the time of the longest, not of all
 * three. Each one's output is printed whole when it ends; exit 1 if any fails.
 */
import { spawn } from 'node:child_process';

const checks = [
  ['tsc', '--noEmit', '-p', 'tsconfig.json'],
  ['tsc', '--noEmit', '-p', 'site/tsconfig.json'],
  ['astro', 'check', '--tsconfig', 'site/tsconfig.json', '--minimumSeverity', 'warning'],
];

const results = await Promise.all(
  checks.map(
    (args) =>
      new Promise((resolve) => {
        const child = spawn('npx', ['--no-install', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (d) => {
          output += d;
        });
        child.stderr.on('data', (d) => {
          output += d;
        });
        child.on('close', (code) => {
          process.stdout.write(`> ${args.join(' ')}\n${output}`);
          resolve(code === 0);
        });
      }),
  ),
);
process.exit(results.every(Boolean) ? 0 : 1);
