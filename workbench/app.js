// The workbench's script: upload by drag and drop or the file picker, the build's live progress
// (server-sent events), and the error list's text filter. The pages work without it except for
// uploading; every request that changes something carries the page's CSRF token.
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';

for (const select of document.querySelectorAll('[data-autosubmit]')) {
  select.addEventListener('change', () => select.form.submit());
}

const status = document.getElementById('upload-status');

async function upload(files, period, replace) {
  if (!files.length) return;
  const body = new FormData();
  for (const f of files) body.append('file', f, f.name);
  const params = new URLSearchParams({ period });
  if (replace) params.set('replace', replace);
  status.textContent = `正在上传 ${files.length} 个文件并校验……`;
  status.className = '';
  let reply;
  try {
    const res = await fetch(`/api/upload?${params}`, {
      method: 'POST',
      body,
      headers: { 'x-csrf-token': csrf, accept: 'application/json' },
    });
    reply = await res.json().catch(() => ({ errors: [`上传失败（${res.status}）`] }));
  } catch {
    reply = { errors: ['上传失败：无法连接工作台（它可能已关闭）'] };
  }
  if (reply.errors) {
    status.className = 'bad';
    status.textContent = `未上传：${reply.errors.join('；')}`;
    return;
  }
  const moved = reply.moved.length ? `；被替换的旧文件已移入 ${reply.moved.join('、')}` : '';
  const msg = `已收到 ${reply.placed.join('、')}${moved}。${reply.ok ? '校验通过。' : `校验发现 ${reply.problems} 处错误。`}`;
  location.assign(`/collect?${new URLSearchParams({ period, msg })}`);
}

const drop = document.querySelector('[data-drop]');
if (drop) {
  const period = drop.dataset.period;
  drop.querySelector('[data-upload]').addEventListener('change', (e) => upload([...e.target.files], period));
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
  }
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    upload([...e.dataTransfer.files], period);
  });
  for (const input of document.querySelectorAll('[data-replace]')) {
    input.addEventListener('change', () => upload([...input.files], period, input.dataset.replace));
  }
}

const filter = document.querySelector('[data-filter]');
if (filter) {
  const rows = [...document.querySelectorAll(filter.dataset.filter)];
  const count = document.querySelector('[data-count]');
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const hit = !q || row.textContent.toLowerCase().includes(q);
      row.hidden = !hit;
      if (hit) shown++;
    }
    count.textContent = `${shown} 处错误`;
  });
}

const buildForm = document.querySelector('[data-build]');
if (buildForm) {
  const stages = document.querySelector('[data-stages]');
  const log = document.querySelector('[data-log]');
  const say = document.querySelector('[data-build-status]');
  const button = buildForm.querySelector('button');
  const period = buildForm.elements.period.value;
  const mark = (stage) => {
    let reached = true;
    for (const li of stages.children) {
      li.className = reached ? 'done' : '';
      if (li.dataset.stage === stage) {
        li.className = 'current';
        reached = false;
      }
    }
  };
  const follow = () => {
    const events = new EventSource('/api/build/events');
    events.addEventListener('stage', (e) => mark(JSON.parse(e.data).stage));
    events.addEventListener('line', (e) => {
      log.textContent += `${JSON.parse(e.data).text}\n`;
      log.parentElement.open = true;
    });
    events.addEventListener('done', (e) => {
      events.close();
      const d = JSON.parse(e.data);
      say.textContent = d.status === 'ok' ? '生成完成，正在刷新……' : '生成失败，正在显示错误……';
      location.assign(`/build?${new URLSearchParams({ period: d.period })}`);
    });
    return events;
  };
  if (button.disabled && say.textContent.startsWith('正在生成')) follow();
  buildForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    log.textContent = '';
    const events = follow();
    const res = await fetch('/api/build', {
      method: 'POST',
      body: new URLSearchParams({ period, asOf: buildForm.elements.asOf.value }),
      headers: { 'x-csrf-token': csrf, accept: 'application/json' },
    });
    const reply = await res.json().catch(() => ({}));
    if (res.status !== 202) {
      events.close();
      button.disabled = false;
      say.className = 'bad';
      say.textContent = reply.error ?? `未能开始生成（${res.status}）`;
      return;
    }
    say.textContent = '正在生成……';
  });
}
