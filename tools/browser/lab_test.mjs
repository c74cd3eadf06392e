// The lessons in a real browser, as a learner uses them: Debian's Chromium, driven by playwright-core,
// opens JupyterLab with the tokened URL that `./lessons lab` prints, opens a lesson and runs the menu
// item Kernel > "Restart Kernel and Run All Cells…". Then, per notebook:
//   * every code cell got an execution count, counting up in document order (no cell left "[*]",
//     hung, or "[ ]", lost);
//   * no error output and no stderr stream;
//   * every image decoded (naturalWidth > 0);
//   * with --live: each cell that calls updateDisplay(...) showed at least 3 different images while
//     it ran (the live chart changed at least twice in the page, not only in the saved file).
// A screenshot of each notebook (and of the failing cell) and summary.json (counts, every failure) go
// to --out. Exit 0 if all passed.
//
// node lab_test.mjs --url URL --out DIR [--notebook NAME[:live]]... [--repeat N] [--timeout S]
//   --url       the URL with ?token=... that ./lessons lab prints (its origin is JupyterLab's)
//   --notebook  a path relative to JupyterLab's root, e.g. 01-lstm-basics.ipynb; ":live" adds the check
//   --repeat    run the whole list N times in one browser (./lessons reliability); counts are printed
//   --timeout   seconds a notebook may take to finish (default 600)
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

function parseArgs(argv) {
  const args = { notebooks: [], repeat: 1, timeout: 600, out: 'build/browser' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = argv[i + 1];
    if (a === '--url') { args.url = v; i++; }
    else if (a === '--out') { args.out = v; i++; }
    else if (a === '--notebook') {
      const [name, flag] = v.split(':');
      args.notebooks.push({ name, live: flag === 'live' }); i++;
    }
    else if (a === '--repeat') { args.repeat = parseInt(v, 10); i++; }
    else if (a === '--timeout') { args.timeout = parseInt(v, 10); i++; }
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.url || args.notebooks.length === 0) throw new Error('usage: --url URL --notebook NAME[:live]... [--out DIR]');
  return args;
}

const args = parseArgs(process.argv.slice(2));
const start = new URL(args.url);
const token = start.searchParams.get('token');
const origin = start.origin;
const api = (p) => `${origin}${p}`;
const auth = { Authorization: `token ${token}` };
fs.mkdirSync(args.out, { recursive: true });

function log(msg) { console.log(`[browser] ${msg}`); }

// What the notebook in view shows, cell by cell (code cells only), read from the page.
function readCells() {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')].find(p => !p.classList.contains('lm-mod-hidden'));
  if (!panel) return null;
  const tab = document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel');
  const cells = [...panel.querySelectorAll('.jp-Cell.jp-CodeCell')].map((cell, index) => {
    const prompt = (cell.querySelector('.jp-InputArea-prompt')?.textContent || '').trim();
    const outputs = [...cell.querySelectorAll('.jp-OutputArea-output')];
    const source = cell.querySelector('.jp-InputArea-editor')?.textContent || '';
    return {
      index,
      prompt,
      first: source.split('\n')[0].slice(0, 80),
      live: /updateDisplay\s*\(/.test(source),
      bad: outputs
        .filter(o => /vnd\.jupyter\.(stderr|error)/.test(o.getAttribute('data-mime-type') || ''))
        .map(o => o.textContent.trim().slice(0, 400)),
      images: [...cell.querySelectorAll('.jp-OutputArea-output img')].map(img => ({
        key: img.src.length + ':' + img.src.slice(-48),
        complete: img.complete,
        width: img.naturalWidth,
      })),
    };
  });
  return { tab: tab ? tab.textContent.trim() : null, cells };
}

// How many code cells the notebook file has (Jupyter's contents API): the page must show them all.
async function codeCellsInFile(name) {
  const r = await fetch(api(`/api/contents/${encodeURI(name)}?content=1`), { headers: auth });
  if (!r.ok) throw new Error(`${name}: the contents API answered HTTP ${r.status}`);
  const nb = (await r.json()).content;
  return nb.cells.filter(c => c.cell_type === 'code').length;
}

async function kernelState(name) {
  const r = await fetch(api('/api/sessions'), { headers: auth });
  const sessions = await r.json();
  const s = sessions.find(x => x.path && x.path.endsWith(name));
  return s ? { id: s.id, kernel: s.kernel?.id, state: s.kernel?.execution_state } : null;
}

async function shutDown(name) {
  const s = await kernelState(name);
  if (s) await fetch(api(`/api/sessions/${s.id}`), { method: 'DELETE', headers: auth });
}

// All cells in the DOM, so that every output can be read: JupyterLab 4 renders only the cells in view
// by default ("windowing"). This is a display setting a user can choose under Settings > Notebook.
async function renderAllCells() {
  const r = await fetch(api('/lab/api/settings/@jupyterlab/notebook-extension:tracker'), {
    method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ raw: JSON.stringify({ windowingMode: 'none' }) }),
  });
  if (!r.ok) throw new Error(`could not set the notebook's windowingMode: HTTP ${r.status}`);
}

async function openNotebook(page, name) {
  // ?reset: a fresh workspace, so that only this notebook is open (JupyterLab would restore the tabs
  // of earlier runs, and one of them could be the active one)
  await page.goto(api(`/lab/tree/${encodeURI(name)}?reset`));
  await page.waitForSelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell.jp-CodeCell', { timeout: 120_000 });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const s = await kernelState(name);
    if (s && s.state === 'idle') return;
    if (Date.now() > deadline) throw new Error(`${name}: its kernel did not become idle within 120 s after opening (state ${s && s.state})`);
    await page.waitForTimeout(500);
  }
}

async function restartAndRunAll(page) {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Kernel$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Restart Kernel and Run All Cells/ }).click();
  await page.locator('.jp-Dialog-button.jp-mod-accept').click();
}

// One notebook: restart and run all, watch it, check it. Returns a list of failures (empty = passed).
async function runNotebook(page, nb, tag) {
  const t0 = Date.now();
  await openNotebook(page, nb.name);
  await restartAndRunAll(page);
  const seen = new Map();   // cell index -> set of image keys seen while running
  let started = false, cells = null, finished = false, view = null;
  const deadline = t0 + args.timeout * 1000;
  while (Date.now() < deadline) {
    view = await page.evaluate(readCells);
    cells = view ? view.cells : null;
    for (const c of cells || []) {
      if (!seen.has(c.index)) seen.set(c.index, new Set());
      c.images.forEach(im => seen.get(c.index).add(im.key));
    }
    const running = (cells || []).some(c => c.prompt === '[*]:');
    if (running) started = true;
    if (started && !running) {
      const s = await kernelState(nb.name);
      if (s && s.state === 'idle') { finished = true; break; }
    }
    if (!started && Date.now() - t0 > 90_000) break;   // the run never began
    await page.waitForTimeout(200);
  }
  // let the last images decode before judging them
  await page.waitForTimeout(500);
  view = await page.evaluate(readCells);
  cells = view ? view.cells : null;
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const shot = path.join(args.out, `${tag}.png`);
  await page.screenshot({ path: shot });

  const failures = [];
  const base = nb.name.split('/').pop();
  if (!view || view.tab !== base) failures.push(`the active tab is ${JSON.stringify(view && view.tab)}, not ${base}`);
  const expected = await codeCellsInFile(nb.name);
  if ((cells || []).length !== expected) {
    failures.push(`the page shows ${(cells || []).length} code cells, the file has ${expected}`);
  }
  if (!started) failures.push('Restart Kernel and Run All Cells did not start: no cell was ever queued ([*])');
  else if (!finished) failures.push(`did not finish within ${args.timeout} s`);
  let last = 0;
  for (const c of cells || []) {
    const where = `cell ${c.index + 1} (${JSON.stringify(c.first)})`;
    const m = /^\[(\d+)\]:$/.exec(c.prompt);
    if (c.prompt === '[*]:') failures.push(`${where}: hung, still [*]`);
    else if (!m) failures.push(`${where}: lost, no execution count (${c.prompt || 'no prompt'})`);
    else {
      const n = parseInt(m[1], 10);
      if (n <= last) failures.push(`${where}: execution count ${n} after ${last}, not in order`);
      last = n;
    }
    c.bad.forEach(text => failures.push(`${where}: error or stderr output: ${text}`));
    c.images.forEach((im, k) => {
      if (!im.complete || im.width <= 0) failures.push(`${where}: image ${k + 1} did not decode`);
    });
    if (nb.live && c.live && c.images.length > 0) {
      const distinct = seen.get(c.index)?.size || 0;
      if (distinct < 3) failures.push(`${where}: the live chart showed ${distinct} different image(s), expected at least 3`);
      else log(`  ${where}: the live chart changed ${distinct - 1} times in the page`);
    }
  }
  if (failures.length > 0) {
    const first = (cells || []).find(c => failures.some(f => f.startsWith(`cell ${c.index + 1} `)));
    if (first) {
      const cell = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell.jp-CodeCell').nth(first.index);
      await cell.scrollIntoViewIfNeeded().catch(() => {});
      await page.screenshot({ path: path.join(args.out, `${tag}-failed-cell-${first.index + 1}.png`) }).catch(() => {});
    }
  }
  const codeCells = (cells || []).length;
  log(`${nb.name}: ${failures.length === 0 ? 'ok' : 'FAILED'} in ${seconds} s, ${codeCells} code cells (screenshot ${shot})`);
  await shutDown(nb.name);
  return failures;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // as root, Chromium needs --no-sandbox; the rest keep it from calling hosts this machine cannot reach
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
let failedRuns = 0;
const totals = { runs: 0, clean: 0, hung: 0, lost: 0, failures: [] };
try {
  await renderAllCells();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(args.url);   // the tokened URL sets JupyterLab's login cookie, as for a user
  await page.waitForSelector('.jp-LabShell, #main', { timeout: 120_000 });
  for (let r = 1; r <= args.repeat; r++) {
    for (const nb of args.notebooks) {
      const tag = path.basename(nb.name, '.ipynb') + (args.repeat > 1 ? `-run${r}` : '');
      let failures;
      try {
        failures = await runNotebook(page, nb, tag);
      } catch (e) {
        failures = [`the test could not drive the page: ${e.message.split('\n')[0]}`];
        await page.screenshot({ path: path.join(args.out, `${tag}-error.png`) }).catch(() => {});
        await shutDown(nb.name).catch(() => {});
      }
      totals.runs++;
      totals.hung += failures.filter(f => f.includes('hung')).length;
      totals.lost += failures.filter(f => f.includes('lost')).length;
      if (failures.length === 0) totals.clean++;
      failures.forEach(f => totals.failures.push({ notebook: nb.name, run: r, failure: f }));
      if (failures.length > 0) {
        failedRuns++;
        failures.forEach(f => console.log(`[browser] FAIL ${nb.name}${args.repeat > 1 ? ` (run ${r})` : ''}: ${f}`));
      }
    }
  }
} finally {
  await browser.close();
}
fs.writeFileSync(path.join(args.out, 'summary.json'), JSON.stringify(totals, null, 2) + '\n');
log(`${totals.clean} of ${totals.runs} notebook runs clean; hung cells ${totals.hung}, lost cells ${totals.lost}`);
process.exit(failedRuns === 0 ? 0 : 1);
