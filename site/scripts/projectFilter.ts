/**
 * Client-side filter and pager for the project table (no framework). Built for 10,000 rows:
 *
 * - the row data is read from the DOM once (data-t, data-c and the id/name text);
 * - a filter pass is a loop over plain arrays; rows that do not match get the `hidden` attribute;
 * - on screen at most PAGE_SIZE matching rows are shown at a time, the others of the result carry
 *   the class `off-page`, which only screen CSS hides: printing gives every matching row. The
 *   browser's cost is laying out visible rows (showing all 10,000 again took ~2.5 s in Chromium),
 *   so paging is what keeps each step fast;
 * - only rows whose state changes are touched.
 *
 * Before this script runs, CSS shows only the first page when JavaScript is on (`html.js`, see
 * site.css); without JavaScript every row is visible and the controls stay hidden.
 */
const PAGE_SIZE = 100; // keep in step with the nth-child rule in site.css
const SEARCH_DELAY_MS = 200;

export function setupProjectFilter(): void {
  const form = document.getElementById('project-filters') as HTMLFormElement | null;
  const count = document.getElementById('row-count');
  const pager = document.getElementById('project-pager');
  const table = form && (document.getElementById(form.dataset.table ?? '') as HTMLTableElement | null);
  const body = table?.tBodies[0];
  if (!form || !count || !pager || !table || !body) return;

  const township = form.elements.namedItem('t') as HTMLSelectElement;
  const category = form.elements.namedItem('c') as HTMLSelectElement;
  const search = form.elements.namedItem('q') as HTMLInputElement;
  const prev = pager.querySelector<HTMLButtonElement>('[data-step="-1"]')!;
  const next = pager.querySelector<HTMLButtonElement>('[data-step="1"]')!;
  const status = pager.querySelector<HTMLElement>('.pager-status')!;
  const countTotal = count.querySelector<HTMLElement>('.count-total')!;
  const countPage = count.querySelector<HTMLElement>('.count-page')!;

  const rows = Array.from(body.rows);
  const towns = rows.map((r) => r.dataset.t ?? '');
  const cats = rows.map((r) => r.dataset.c ?? '');
  // id (row header) and name (second cell), lower-cased once
  const texts = rows.map((r) => `${r.cells[0]?.textContent ?? ''}\u0000${r.cells[1]?.textContent ?? ''}`.toLowerCase());
  // Row states: HIDDEN (no match), OFF_PAGE (matches, another page), SHOWN.
  const HIDDEN = 0;
  const OFF_PAGE = 1;
  const SHOWN = 2;
  const state = new Uint8Array(rows.length).fill(SHOWN);
  const want = new Uint8Array(rows.length);
  let matches: number[] = rows.map((_, i) => i);
  let page = 0;

  function filter(): void {
    const t = township.value;
    const c = category.value;
    const q = search.value.trim().toLowerCase();
    matches = [];
    for (let i = 0; i < rows.length; i++) {
      if ((!t || towns[i] === t) && (!c || cats[i] === c) && (!q || texts[i]!.includes(q))) matches.push(i);
    }
    page = 0;
    render();
  }

  function render(): void {
    const pages = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
    page = Math.min(Math.max(page, 0), pages - 1);
    const from = page * PAGE_SIZE;
    const to = Math.min(from + PAGE_SIZE, matches.length);
    want.fill(HIDDEN);
    for (let k = 0; k < matches.length; k++) want[matches[k]!] = k >= from && k < to ? SHOWN : OFF_PAGE;
    for (let i = 0; i < rows.length; i++) {
      const s = want[i]!;
      if (s !== state[i]) {
        const row = rows[i]!;
        row.hidden = s === HIDDEN;
        row.classList.toggle('off-page', s === OFF_PAGE);
        state[i] = s;
      }
    }
    const filtered = Boolean(township.value || category.value || search.value.trim());
    countTotal.textContent = filtered ? `筛选出 ${matches.length} 个项目（共 ${rows.length} 个）` : `共 ${rows.length} 个项目`;
    countPage.textContent = pages > 1 ? `，当前显示第 ${from + 1}—${to} 个` : '';
    count!.dataset.shown = String(matches.length);
    pager!.hidden = pages <= 1;
    status.textContent = `第 ${page + 1} 页，共 ${pages} 页`;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  township.addEventListener('change', filter);
  category.addEventListener('change', filter);
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(filter, SEARCH_DELAY_MS);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    filter();
  });
  // The reset button clears the fields; filter after the browser has done so.
  form.addEventListener('reset', () => setTimeout(filter, 0));
  for (const button of [prev, next]) {
    button.addEventListener('click', () => {
      page += Number(button.dataset.step);
      render();
      table.scrollIntoView({ block: 'start' });
    });
  }

  // Take over from the CSS rule: mark the rows after the first page, then release the rule.
  render();
  table.classList.add('paged-ready');
  form.hidden = false;
}
