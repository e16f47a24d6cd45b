// bench/widget.mjs — browser-side budgets of DESIGN §7, measured against the real server in
// headless Chromium on loopback: first-view transfer, time to complaint:ready, idle frames.
import {brotliCompressSync, gzipSync, constants as zc} from 'node:zlib';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {startServer, launchBrowser, openWidget, ROOT} from '../tests/e2e/harness.mjs';

const rows = [];
function report(name, value, unit, budget, pass) {
  rows.push({name, value, unit, budget, verdict: pass === null ? 'report' : pass ? 'PASS' : 'FAIL'});
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const server = await startServer([]);
const browser = await launchBrowser();
try {
  // 1. First-view transfer: every response the page loads before complaint:ready.
  {
    const page = await (await browser.newContext()).newPage();
    const files = new Set();
    page.on('response', (r) => { const u = new URL(r.url()); if (u.origin === server.url) files.add(u.pathname); });
    await openWidget(page, server.url + '/');
    let raw = 0, gz = 0, br = 0;
    const listed = [];
    for (const p of files) {
      if (p === '/' || p.endsWith('.html')) continue;  // the host page is the operator's, not ours
      const buf = readFileSync(path.join(ROOT, 'dist/web', p));
      raw += buf.length;
      gz += gzipSync(buf, {level: 9}).length;
      br += brotliCompressSync(buf, {params: {[zc.BROTLI_PARAM_QUALITY]: 11}}).length;
      listed.push(p);
    }
    console.log('first view loads:', listed.join(', '));
    report('first-view transfer, raw', (raw / 1024).toFixed(1), 'KB', '-', null);
    report('first-view transfer, gzip', (gz / 1024).toFixed(1), 'KB', '-', null);
    report('first-view transfer, brotli', (br / 1024).toFixed(1), 'KB', '<= 250 KB', br <= 250 * 1024);
    const fonts = listed.filter((p) => /\.(ttf|otf|woff2?|ttc)$/.test(p));
    report('font downloads', fonts.length, 'files', '0', fonts.length === 0);
    await page.context().close();
  }
  // 2. Navigation start → complaint:ready, median of 10 cold loads (fresh context each time).
  {
    const times = [];
    for (let i = 0; i < 10; ++i) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(() => {
        document.addEventListener('complaint:ready', () => { window.__readyAt = performance.now(); });
      });
      await openWidget(page, server.url + '/');
      times.push(await page.evaluate(() => window.__readyAt));
      const isolated = await page.evaluate(() => self.crossOriginIsolated);
      if (!isolated) console.log('warning: page is not cross-origin isolated; timers are coarse');
      await context.close();
    }
    const m = median(times);
    report('navigation → complaint:ready (median of 10)', m.toFixed(0), 'ms', '<= 400 ms', m <= 400);
  }
  // 3. Frames drawn in 5 s idle (needs stats() on the element).
  {
    const page = await (await browser.newContext()).newPage();
    await openWidget(page, server.url + '/');
    await page.waitForTimeout(500);
    const has = await page.evaluate(() => typeof document.querySelector('complaint-widget').stats === 'function');
    if (has) {
      const f0 = await page.evaluate(() => document.querySelector('complaint-widget').stats().frames);
      await page.waitForTimeout(5000);
      const f1 = await page.evaluate(() => document.querySelector('complaint-widget').stats().frames);
      report('frames drawn in 5 s idle', f1 - f0, 'frames', '0', f1 - f0 === 0);
    } else {
      report('frames drawn in 5 s idle', 'n/a', '', '0', false);
    }
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.stop();
}

const w = Math.max(...rows.map((r) => r.name.length));
console.log('\n' + 'figure'.padEnd(w) + '  value        budget       verdict');
for (const r of rows) {
  console.log(`${r.name.padEnd(w)}  ${(String(r.value) + ' ' + r.unit).padEnd(12)} ${String(r.budget).padEnd(12)} ${r.verdict}`);
}
console.log(`machine: ${(await import('node:os')).cpus()[0].model}, ${(await import('node:os')).cpus().length} cores`);
process.exitCode = rows.some((r) => r.verdict === 'FAIL') ? 1 : 0;
