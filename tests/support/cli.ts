/**
 * The command in this process: main() with its output captured, what the bin runs without a
 * process per call.
 */
import { main } from '../../pipeline/cli.js';

export async function sgyp(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s: string) => out.push(s), err: (s: string) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
