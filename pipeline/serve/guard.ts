/**
 * Who may use the workbench. It holds unpublished government data, so, as any such server:
 *   - it listens on 127.0.0.1 unless --host names another address (an office LAN);
 *   - every request needs the access token: in the address printed at start (?token=…), after which
 *     the browser keeps it in an HttpOnly, SameSite=Strict cookie and the address loses it;
 *   - the Host header must name this server (127.0.0.1, localhost, [::1] or --host, with the
 *     port): a page of another site that rebinds its name to 127.0.0.1 is refused (DNS rebinding);
 *   - every request that changes something carries the CSRF token of the page (a header, or a
 *     form field) and, when the browser sends one, an Origin of this server.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class Guard {
  readonly token: string;
  /** the token pages put in their forms and scripts: derived from the access token, never the token itself */
  readonly csrf: string;
  private hosts = new Set<string>();
  private names: string[];
  /** the cookie's name carries the port: two workbenches on one machine keep their own */
  cookie = 'sgyp-token';

  constructor(extraHost?: string, token = randomBytes(24).toString('base64url')) {
    this.token = token;
    this.csrf = createHmac('sha256', token).update('csrf').digest('base64url');
    this.names = [
      '127.0.0.1',
      'localhost',
      '[::1]',
      ...(extraHost && extraHost !== '0.0.0.0' && extraHost !== '::' ? [bracket(extraHost)] : []),
    ];
  }

  /** The ports this guard answers on (the workbench and its site preview). */
  listen(...ports: number[]): void {
    this.cookie = `sgyp-token-${ports[0]}`;
    for (const port of ports) for (const name of this.names) this.hosts.add(`${name}:${port}`.toLowerCase());
  }

  hostAllowed(host: string | undefined): boolean {
    return host !== undefined && this.hosts.has(host.toLowerCase());
  }

  /** Origin (when sent) must be this server, reached as one of its allowed host names. */
  originAllowed(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    const m = /^http:\/\/([^/]+)$/.exec(origin);
    return m !== null && this.hostAllowed(m[1]);
  }

  tokenMatches(given: string | undefined): boolean {
    return given !== undefined && same(given, this.token);
  }

  csrfMatches(given: string | undefined): boolean {
    return given !== undefined && same(given, this.csrf);
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function bracket(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
