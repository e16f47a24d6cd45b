// bench/console.mjs — the staff workbench's budgets (issue 24, DESIGN §5b), measured against the
// real server in headless Chromium on loopback: its first view (every file /staff/ loads until the
// queue shows, brotli as served: <= 300 KB) and the frame CPU time with 10,000 complaints loaded
// in the queue, scrolled through (median <= 4 ms; the list clipper draws only the visible rows).
// The 10,000 complaints come from bench/seed_search.cpp (real filings through the core, an
// operator's mix of handling), seeded into a temporary database in a few seconds.
// Usage: node bench/console.mjs   (needs the native and wasm builds: bench/run makes both)
import {brotliCompressSync, constants as zc} from 'node:zlib';
import {readFileSync, mkdtempSync, rmSync, existsSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startServer, launchBrowser, staffToken, waitItem, tap, stats, registry, ROOT} from '../tests/e2e/harness.mjs';

const SEL = 'complaint-console';
const ROWS = 10000;
const rows = [];
function report(name, value, unit, budget, pass) {
  rows.push({name, value, unit, budget, verdict: pass === null ? 'report' : pass ? 'PASS' : 'FAIL'});
}

// The seeder of bench/search, in the release build that bench/search and bench/server use.
const BUILD = path.join(ROOT, 'build/bench-server');
const seeder = path.join(BUILD, 'bench/cw-bench-seed');
const built = spawnSync('bash', ['-c', `cmake -S . -B "${BUILD}" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCW_BUILD_TESTS=OFF ` +
                                 `>"${BUILD}.log" 2>&1 && cmake --build "${BUILD}" -j2 --target cw-bench-seed >>"${BUILD}.log" 2>&1`],
                        {cwd: ROOT, stdio: 'inherit'});
if (built.status !== 0 || !existsSync(seeder)) {
  console.error(`bench/console: the seeder did not build (see ${BUILD}.log)`);
  process.exit(1);
}
const dbDir = mkdtempSync(path.join(tmpdir(), 'cw-bench-console-'));
const t0 = Date.now();
const seeded = spawnSync(seeder, [path.join(dbDir, 'complaints.db'), String(ROWS)], {encoding: 'utf8'});
if (seeded.status !== 0) {
  console.error('bench/console: seeding failed: ' + seeded.stderr);
  process.exit(1);
}
console.log(`bench/console: ${ROWS} complaints seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

const server = await startServer(['--rate-limits', 'off', '--retention-days', '0'], {dbDir});
const browser = await launchBrowser();
let status = 0;
try {
  const token = staffToken(server, 'supervisor', 'bench');
  const context = await browser.newContext({viewport: {width: 1280, height: 800}});
  const page = await context.newPage();
  // Signed in as the workbench keeps it: the token in this tab's sessionStorage.
  await page.addInitScript((t) => sessionStorage.setItem('complaint-console.token', t), token);
  await page.goto(server.url + '/staff/');
  const shownNow = async () => {
    const label = (await registry(page, SEL)).map((i) => i.label).find((l) => /^显示 \d+\+? 件$/.test(l || ''));
    return label ? Number(/\d+/.exec(label)[0]) : 0;
  };
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return el && el._registry().some((i) => /^显示 \d+/.test(i.label || ''));
  }, SEL, {timeout: 30000});

  // 1. First view: what the page fetched until the queue showed (the page itself is the operator's).
  {
    const files = new Set(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)));
    let br = 0;
    const listed = [];
    for (const p of files) {
      if (p.startsWith('/api/')) continue;
      const file = path.join(ROOT, 'dist/web', p.endsWith('/') ? p + 'index.html' : p);
      if (!existsSync(file)) continue;
      br += brotliCompressSync(readFileSync(file), {params: {[zc.BROTLI_PARAM_QUALITY]: 11}}).length;
      listed.push(p);
    }
    console.log('first view loads:', listed.join(', '));
    report('workbench first view, brotli', (br / 1024).toFixed(1), 'KB', '<= 300 KB', br <= 300 * 1024);
  }

  // 2. 10,000 rows: "load more" at the queue's end until all are loaded (a wheel far past the end
  //    brings the button into view; the clipper keeps only visible rows registered).
  const canvas = await page.evaluate((sel) => {
    const r = document.querySelector(sel).shadowRoot.querySelector('canvas').getBoundingClientRect();
    return {x: r.left, y: r.top, w: r.width, h: r.height};
  }, SEL);
  const overQueue = {x: canvas.x + canvas.w * 0.35, y: canvas.y + canvas.h * 0.5};
  const loadStart = Date.now();
  for (let n = await shownNow(); n < ROWS;) {
    await page.mouse.move(overQueue.x, overQueue.y);
    await page.mouse.wheel(0, 1e6);
    await waitItem(page, '加载更多', (i) => !i.hidden, {role: 'button', selector: SEL, timeout: 15000});
    await tap(page, '加载更多', {role: 'button', selector: SEL, scroll: false});
    const before = n;
    for (let i = 0; i < 300 && n === before; i++) {
      await page.waitForTimeout(50);
      n = await shownNow();
    }
    if (n === before) throw new Error(`the queue stopped at ${n} rows`);
  }
  // The last page was full, so the queue still offers more ("10000+"): the seeded ones are all there.
  if (await shownNow() !== ROWS) throw new Error(`the queue shows ${await shownNow()} rows, not ${ROWS}`);
  console.log(`bench/console: ${ROWS} rows loaded in ${((Date.now() - loadStart) / 1000).toFixed(0)} s`);

  // 3. Frame CPU while scrolling through them: 600 frames (what stats() keeps), each after a wheel.
  {
    await page.mouse.move(overQueue.x, overQueue.y);
    await page.mouse.wheel(0, -1e6);
    const f0 = (await stats(page, SEL)).frames;
    let frames = 0;
    for (let i = 0; i < 700 && frames < 600; i++) {
      await page.mouse.wheel(0, i % 200 < 100 ? 240 : -240);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      if (i % 20 === 0) frames = (await stats(page, SEL)).frames - f0;
    }
    const s = await stats(page, SEL);
    frames = s.frames - f0;
    const ok = frames >= 600;
    report(`frame CPU scrolling ${ROWS} rows, median (600 frames)`, ok ? s.frameCpuMs.median.toFixed(2) : 'n/a', 'ms',
           '<= 4 ms', ok && s.frameCpuMs.median <= 4);
    report(`frame CPU scrolling ${ROWS} rows, p95`, ok ? s.frameCpuMs.p95.toFixed(2) : 'n/a', 'ms', '-', null);
  }
  await context.close();
} catch (e) {
  console.error('bench/console:', e.message);
  status = 1;
} finally {
  await browser.close();
  await server.stop({keepDir: true});
  rmSync(dbDir, {recursive: true, force: true});
}

console.log(`\nstaff workbench, ${ROWS} complaints; Chromium headless (SwiftShader)`);
for (const r of rows) {
  console.log(`${r.name.padEnd(52)} ${String(r.value).padStart(8)} ${r.unit.padEnd(3)} ${r.budget.padEnd(10)} ${r.verdict}`);
  if (r.verdict === 'FAIL') status = 1;
}
process.exit(status);
