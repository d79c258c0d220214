/**
 * Talking to a running workbench (sgyp serve) over real HTTP, as a browser would: the access
 * cookie, the Host header, the page's CSRF token, multipart uploads.
 */
import http from 'node:http';
import type { Workbench } from '../../pipeline/serve/server.js';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface Ask {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** send the access cookie (default true) */
  cookie?: boolean;
  port?: number;
}

export function ask(bench: Workbench, pathname: string, opts: Ask = {}): Promise<Reply> {
  const port = opts.port ?? bench.port;
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...opts.headers };
  if (opts.cookie !== false) headers.cookie = `${bench.guard.cookie}=${bench.guard.token}`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method: opts.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          text: body.toString('utf8'),
          json: <T>() => JSON.parse(body.toString('utf8')) as T,
        });
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** A multipart body of the given files (names exactly as given, paths included), as fetch would send it. */
export async function multipart(files: { name: string; bytes: Buffer | string }[]): Promise<{ body: Buffer; type: string }> {
  const form = new FormData();
  for (const f of files)
    form.append('file', new Blob([typeof f.bytes === 'string' ? Buffer.from(f.bytes) : new Uint8Array(f.bytes)]), f.name);
  const req = new Request('http://x/', { method: 'POST', body: form });
  return { body: Buffer.from(await req.arrayBuffer()), type: req.headers.get('content-type')! };
}

/** POST an upload into the period (optionally replacing one of its files), with the page's CSRF token. */
export async function upload(
  bench: Workbench,
  period: string,
  files: { name: string; bytes: Buffer | string }[],
  replace?: string,
): Promise<Reply> {
  const { body, type } = await multipart(files);
  const q = new URLSearchParams({ period, ...(replace ? { replace } : {}) });
  return ask(bench, `/api/upload?${q}`, {
    method: 'POST',
    body,
    headers: { 'content-type': type, 'x-csrf-token': bench.guard.csrf, accept: 'application/json' },
  });
}

/** The visible text of an HTML page, tags removed, spaces folded. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, ' ');
}
