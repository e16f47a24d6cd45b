// bench/engines.mjs — navigation start → complaint:ready in Chromium, Firefox and WebKit (the three
// engines of tests/e2e/engines.mjs), each beside a page without the widget loaded at the same moment.
//
// The same measure in every engine: a classic script placed before the widget's module records
// performance.now() (whose origin is the navigation start) in a `complaint:ready` listener; no
// driver's own clock is involved, the drivers only poll for the figure. Every load is cold: a fresh
// browser context (Chromium, Firefox) or a fresh MiniBrowser session with an ephemeral profile
// (WebKit). After each widget load, privacy.html (HTML, CSS, Chinese text, no script; cross-origin
// isolated like the widget's page) is loaded in another fresh tab and its navigation → load read
// from Navigation Timing: the widget's share is the median of the per-pair differences, as in
// bench/widget.mjs, so a slow moment of this shared machine shows in both halves of a pair.
//
// No budget here: Chromium's (≤ 400 ms) is checked by bench/widget.mjs; Firefox and WebKit run
// headful on Xvfb with Mesa's llvmpipe (software GL), which is not a customer's machine.
// Options: --runs N (default 10); CW_ENGINES=firefox,webkit picks engines; CW_SERVER_BIN picks the
// server (default build/native/server/complaint-server, what bench/run builds, via harness.mjs).
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {ROOT, SERVER_BIN, startServer} from '../tests/e2e/harness.mjs';
import {launchEngine, enginesToRun, stopDisplay} from '../tests/e2e/engines.mjs';

const argv = process.argv.slice(2);
let RUNS = 10;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--runs' && /^[1-9]\d*$/.test(argv[i + 1] || '')) RUNS = +argv[++i];
  else throw new Error(`bench/engines.mjs: ${argv[i]} ${argv[i + 1] ?? ''}: usage: --runs N (N ≥ 1)`);
}
if (!existsSync(SERVER_BIN)) {
  throw new Error(`bench/engines.mjs: no server at ${SERVER_BIN} (build the native preset, or set CW_SERVER_BIN)`);
}

// Playwright's default viewport, the size bench/widget.mjs measures Chromium at.
const SIZE = {width: 1280, height: 720};
const WEB = path.join(ROOT, 'dist/web');

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];  // as in bench/widget.mjs
const p90 = (xs) => sorted(xs)[Math.max(0, Math.ceil(xs.length * 0.9) - 1)];

// The widget's page is the bundle's own start page (its preloads are part of the figure, as in
// bench/widget.mjs) with mode="home" and the classic recording script before the module. It gets a
// name of its own: a changed index.html would be shadowed by the stale index.html.br beside it.
const PAGE_JS = `// bench-engines-page.js — the recording script of bench/engines.mjs (classic, so it runs first)
window.__errors = [];
addEventListener('error', (e) => window.__errors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => window.__errors.push('unhandled: ' + String(e.reason && e.reason.message || e.reason)));
document.addEventListener('complaint:ready', () => { window.__readyAt = performance.now(); }, {once: true});
document.addEventListener('complaint:error', (e) => { window.__errors.push('complaint:error ' + JSON.stringify(e.detail)); });
`;
function benchPage(dir) {
  const index = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const page = index
    .replace('<script type="module"', '<script src="/bench-engines-page.js"></script>\n  <script type="module"')
    .replace('<complaint-widget ', '<complaint-widget mode="home" ');
  if (!page.includes('bench-engines-page.js') || !page.includes('mode="home"')) {
    throw new Error('bench/engines.mjs: index.html no longer has the module script or the element to extend');
  }
  return page;
}

// In the page: the ready time, or the errors that mean it will not come.
function readyInPage() {
  if (window.__readyAt !== undefined) return {at: window.__readyAt};
  if (window.__errors && window.__errors.length) return {errors: window.__errors};
  return null;
}
// In the page: what the first view's .wasm came as (sizes only; the encoding is told from them).
// What finished after complaint:ready (the headless client's) is not part of the first view.
function wasmInPage() {
  return performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm') && e.responseEnd <= window.__readyAt)
    .map((e) => ({path: new URL(e.name).pathname, encoded: e.encodedBodySize}));
}
// In the page: navigation → load of a page without script, once the load event has started.
function loadedInPage() {
  const nav = performance.getEntriesByType('navigation')[0];
  if (nav) return nav.loadEventStart > 0 ? nav.loadEventStart : 0;
  const t = performance.timing;  // Navigation Timing 1, for an engine without the entry
  return t.loadEventStart > 0 ? t.loadEventStart - t.navigationStart : 0;
}

// Encoded size → the variant the server sent (br, gzip or none), for the engine's note: engines
// differ in what they accept over plain http. Sizes from the copy served (dist/web may be rebuilt
// meanwhile).
function coding(file, encoded) {
  const size = (p) => (existsSync(p) ? statSync(p).size : -1);
  const f = path.join(staticDir, file);
  if (encoded === size(f + '.br')) return 'br';
  if (encoded === size(f + '.gz')) return 'gzip';
  if (encoded === size(f)) return 'identity';
  return `${encoded} B`;
}

async function measure(engine, url) {
  const ready = [], ref = [], share = [];
  const notes = new Set();
  for (let i = 0; i < RUNS; ++i) {
    let tab = await engine.newTab(SIZE);
    try {
      await tab.goto(`${url}/bench-engines.html`);
      const r = await tab.waitFor(readyInPage, null, {timeout: 40000, what: 'complaint:ready'});
      if (r.errors) throw new Error(`${engine.name}: the page failed: ${r.errors.join('; ')}`);
      ready.push(r.at);
      // Without isolation the engines coarsen performance.now(): the figures would not compare.
      if (!(await tab.eval(() => self.crossOriginIsolated))) notes.add('not cross-origin isolated: coarse timers');
      if (i === 0) for (const w of await tab.eval(wasmInPage)) notes.add(`${w.path.slice(1)} came as ${coding(w.path, w.encoded)}`);
    } finally {
      await tab.close();
    }
    tab = await engine.newTab(SIZE);
    try {
      await tab.goto(`${url}/privacy.html`);
      ref.push(await tab.waitFor(loadedInPage, null, {timeout: 20000, what: 'privacy.html load'}));
    } finally {
      await tab.close();
    }
    share.push(ready[i] - ref[i]);
  }
  return {ready, ref, share, notes: [...notes]};
}

const started = Date.now();
const staticDir = mkdtempSync(path.join(tmpdir(), 'cw-bench-engines-'));
cpSync(WEB, staticDir, {recursive: true});
writeFileSync(path.join(staticDir, 'bench-engines.html'), benchPage(staticDir));
writeFileSync(path.join(staticDir, 'bench-engines-page.js'), PAGE_JS);
const server = await startServer(['--rate-limits', 'off'], {staticDir});

const rows = [];
try {
  for (const name of enginesToRun()) {
    const t0 = Date.now();
    let engine = null;
    try {
      engine = await launchEngine(name);
      const m = await measure(engine, server.url);
      rows.push({name, ...m, secs: (Date.now() - t0) / 1000});
    } catch (e) {
      // The other engines are still measured; the run as a whole then fails (the script broke).
      console.log(`${name}: ${e.message}`);
      rows.push({name, failed: true, secs: (Date.now() - t0) / 1000});
    } finally {
      await engine?.close().catch(() => {});
    }
  }
} finally {
  await server.stop();
  await stopDisplay();
  rmSync(staticDir, {recursive: true, force: true});
}

const ms = (x) => `${x.toFixed(0)} ms`;
const head = ['engine', 'ready, median', 'p90', 'min–max', 'privacy.html load', 'widget\'s share', 'verdict'];
const table = rows.map((r) => r.failed
  ? [r.name, 'failed', '', '', '', '', 'FAIL']
  : [r.name, ms(median(r.ready)), ms(p90(r.ready)), `${Math.min(...r.ready).toFixed(0)}–${ms(Math.max(...r.ready))}`,
     ms(median(r.ref)), ms(median(r.share)), 'report']);
const widths = head.map((h, c) => Math.max(h.length, ...table.map((t) => t[c].length)));
console.log(`\nnavigation start → complaint:ready (mode=home), ${RUNS} cold loads per engine; ` +
            'privacy.html (no widget) navigation → load right after each; share = median of the differences');
console.log(head.map((h, c) => h.padEnd(widths[c])).join('  '));
for (const t of table) console.log(t.map((v, c) => v.padEnd(widths[c])).join('  '));
for (const r of rows) {
  if (!r.failed) console.log(`${r.name}: ${r.secs.toFixed(0)} s; ready ${r.ready.map((x) => x.toFixed(0)).join(' ')} ms` +
                              (r.notes.length ? `; ${r.notes.join('; ')}` : ''));
}
console.log('note: no budget here. Chromium runs headless with SwiftShader as in bench/widget.mjs, which checks its ' +
            '≤ 400 ms; Firefox ESR and WebKitGTK run headful on Xvfb with Mesa llvmpipe (software GL), not a ' +
            'customer\'s GPU: their figures are reports. A share compares with the same engine\'s earlier runs, ' +
            'not across engines: privacy.html itself costs each engine differently.');
console.log(`bench/engines.mjs took ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = rows.some((r) => r.failed) ? 1 : 0;
