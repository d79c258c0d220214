/** Site-internal link under the configured base path, e.g. href('projects/') → /zwgk/sgyp/projects/ */
export function href(path = ''): string {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  return base + path.replace(/^\/+/, '');
}
