/**
 * The filter of a project list (no framework). The list itself is static pages of
 * PROJECTS_PER_PAGE rows; this script only adds the filter, so that a page costs the reader no
 * more than its own rows until they filter:
 *
 * - the index of the whole list (`search.json`, see ProjectIndex in lib/projects.ts) is fetched the
 *   first time a filter field changes, never on load (unless the address already holds a filter,
 *   e.g. a link to `?c=升级`); while a township is chosen on the county-wide list, that township's
 *   own index will do, until a filter needs the whole list;
 * - a filter pass is a loop over plain arrays; the matches of all pages are drawn RESULTS_PER_PAGE
 *   at a time into a copy of the table, in place of the static page, with their own pager;
 * - clearing the filter shows the static page again; the filter is kept in the address
 *   (?t=…&c=…&q=…) so that a filtered view can be linked and survives a reload.
 */
import type { ProjectIndex } from '../lib/projects';

const RESULTS_PER_PAGE = 100;
const SEARCH_DELAY_MS = 200;

interface Loaded {
  url: string;
  index: ProjectIndex;
  /** per project: number and name, lower-cased, for the text search */
  texts: string[];
  township: number[];
  category: number[];
}

/** Text of column `c` of project `i`, as the static pages print it. */
function cell(index: ProjectIndex, c: number, i: number): string {
  const dict = index.dicts[c];
  return dict ? dict[index.cols[c]![i] as number]! : (index.cols[c]![i] as string);
}

function decode(url: string, index: ProjectIndex): Loaded {
  const col = (key: ProjectIndex['keys'][number]) => index.keys.indexOf(key);
  const id = col('id');
  const name = col('name');
  const texts = new Array<string>(index.n);
  for (let i = 0; i < index.n; i++) texts[i] = `${cell(index, id, i)}\u0000${cell(index, name, i)}`.toLowerCase();
  return { url, index, texts, township: index.cols[col('township')] as number[], category: index.cols[col('category')] as number[] };
}

export function setupProjectFilter(): void {
  const form = document.getElementById('project-filters') as HTMLFormElement | null;
  const count = document.getElementById('row-count');
  const pagesBox = document.getElementById('project-pages');
  const results = document.getElementById('project-results');
  const staticTable = pagesBox?.querySelector('table');
  if (!form || !count || !pagesBox || !results || !staticTable) return;

  const township = form.elements.namedItem('t') as HTMLSelectElement | null;
  const category = form.elements.namedItem('c') as HTMLSelectElement;
  const search = form.elements.namedItem('q') as HTMLInputElement;
  const pager = results.querySelector<HTMLElement>('.pager')!;
  const prev = pager.querySelector<HTMLButtonElement>('[data-step="-1"]')!;
  const next = pager.querySelector<HTMLButtonElement>('[data-step="1"]')!;
  const status = pager.querySelector<HTMLElement>('.pager-status')!;
  const staticCount = count.textContent ?? '';

  // The results table: the static table's caption and header, an empty body.
  const table = staticTable.cloneNode(false) as HTMLTableElement;
  table.id = 'project-results-table';
  const caption = staticTable.caption?.cloneNode(true) as HTMLTableCaptionElement | undefined;
  if (caption) {
    caption.id = '';
    caption.textContent = (caption.textContent ?? '').replace(/第\d+页，共\d+页$/, '').concat('：筛选结果');
    table.append(caption);
  }
  table.append(staticTable.tHead!.cloneNode(true), document.createElement('tbody'));
  results.querySelector('.table-scroll')!.append(table);

  // Indexes by address: the list's own, and on the county-wide list a township's (townships/tNN/
  // search.json, a fortieth of the size at 40 townships), used while a township is chosen and the
  // whole index has not been needed yet.
  const indexes = new Map<string, Promise<Loaded>>();
  let current: Loaded | null = null;
  let matches: number[] = [];
  let page = 0;
  let run = 0;
  const total = Number(form.dataset.total);

  function indexFor(t: string): string {
    const whole = form!.dataset.index!;
    const shards = form!.dataset.townshipIndex;
    return t && shards && !indexes.has(whole) ? `${shards}${t}/search.json` : whole;
  }

  function load(url: string): Promise<Loaded> {
    let loading = indexes.get(url);
    if (!loading) {
      loading = fetch(url)
        .then((r) => {
          if (!r.ok) throw new Error(`HTTP ${r.status}`);
          return r.json() as Promise<ProjectIndex>;
        })
        .then((index) => decode(url, index));
      loading.catch(() => indexes.delete(url));
      indexes.set(url, loading);
    }
    return loading;
  }

  function values() {
    return { t: township?.value ?? '', c: category.value, q: search.value.trim() };
  }

  function keepInAddress(): void {
    const url = new URL(location.href);
    for (const [k, v] of Object.entries(values())) {
      if (v) url.searchParams.set(k, v);
      else url.searchParams.delete(k);
    }
    if (url.href !== location.href) history.replaceState(history.state, '', url);
  }

  function showStatic(): void {
    run++;
    results!.hidden = true;
    pagesBox!.hidden = false;
    count!.textContent = staticCount;
    delete count!.dataset.shown;
  }

  async function filter(): Promise<void> {
    keepInAddress();
    const { t, c, q } = values();
    if (!t && !c && !q) {
      showStatic();
      return;
    }
    const mine = ++run;
    const url = indexFor(t);
    const pending = load(url);
    if (current?.url !== url) count!.textContent = '正在载入项目索引……';
    let data: Loaded;
    try {
      data = await pending;
    } catch {
      if (mine === run) count!.textContent = '项目索引未能载入，请检查网络后再试一次。';
      return;
    }
    if (mine !== run) return; // a later change has taken over
    current = data;
    const { index } = data;
    const tCode = t ? index.townships.indexOf(t) : -1;
    const cCode = c ? index.categories.indexOf(c as ProjectIndex['categories'][number]) : -1;
    const needle = q.toLowerCase();
    matches = [];
    for (let i = 0; i < index.n; i++) {
      if ((!t || data.township[i] === tCode) && (!c || data.category[i] === cCode) && (!needle || data.texts[i]!.includes(needle))) {
        matches.push(i);
      }
    }
    page = 0;
    render();
  }

  function render(): void {
    const { index } = current!;
    const pages = Math.max(1, Math.ceil(matches.length / RESULTS_PER_PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    const from = page * RESULTS_PER_PAGE;
    const to = Math.min(from + RESULTS_PER_PAGE, matches.length);
    const body = document.createElement('tbody');
    for (let k = from; k < to; k++) {
      const i = matches[k]!;
      const row = document.createElement('tr');
      for (let c = 0; c < index.keys.length; c++) {
        const el = document.createElement(c === 0 ? 'th' : 'td');
        if (c === 0) el.setAttribute('scope', 'row');
        el.textContent = cell(index, c, i);
        row.append(el);
      }
      body.append(row);
    }
    table.replaceChild(body, table.tBodies[0]!);
    pagesBox!.hidden = true;
    results!.hidden = false;
    count!.textContent = `筛选出 ${matches.length} 个项目（共 ${total} 个）${pages > 1 ? `，当前显示第 ${from + 1}—${to} 个` : ''}`;
    count!.dataset.shown = String(matches.length);
    pager.hidden = pages <= 1;
    status.textContent = `第 ${page + 1} 页，共 ${pages} 页`;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  township?.addEventListener('change', () => void filter());
  category.addEventListener('change', () => void filter());
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void filter(), SEARCH_DELAY_MS);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    void filter();
  });
  // The reset button clears the fields; filter after the browser has done so.
  form.addEventListener('reset', () => {
    clearTimeout(timer);
    setTimeout(() => void filter(), 0);
  });
  for (const button of [prev, next]) {
    button.addEventListener('click', () => {
      page += Number(button.dataset.step);
      render();
      results.scrollIntoView({ block: 'start' });
    });
  }

  // A filter in the address (a shared link, a reload): apply it at once.
  const params = new URLSearchParams(location.search);
  const set = (el: HTMLSelectElement | HTMLInputElement | null, v: string | null) => {
    if (!el || !v) return false;
    if (el instanceof HTMLSelectElement && ![...el.options].some((o) => o.value === v)) return false;
    el.value = v;
    return true;
  };
  const fromAddress = [set(township, params.get('t')), set(category, params.get('c')), set(search, params.get('q'))].some(Boolean);
  if (fromAddress) void filter();
}
