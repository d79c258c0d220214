#!/usr/bin/env node
// Runs the TypeScript CLI directly (no compile step) through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../pipeline/cli.ts');
process.exitCode = await main(process.argv.slice(2));
