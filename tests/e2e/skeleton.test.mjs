// tests/e2e/skeleton.test.mjs — the walking skeleton: server serves the bundle, the element loads
// the wasm module, draws an ImGui frame with WebGL2 and fires complaint:ready.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {ROOT, startServer, launchBrowser, watchPage, openWidget, screenshot, distinctColours} from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer(['--dev']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('server serves wasm as application/wasm and the page with isolation headers', async () => {
  const page = await (await browser.newContext()).newPage();
  const res = await page.goto(server.url + '/');
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['cross-origin-opener-policy'], 'same-origin');
  // DESIGN §6: the .wasm has a content-hashed name and is cached forever; the entry module revalidates.
  const names = fs.readdirSync(path.join(ROOT, 'dist/web')).filter((f) => /^cw_widget\.[0-9a-f]{16}\.wasm$/.test(f));
  assert.equal(names.length, 1, 'exactly one hashed cw_widget wasm in dist/web');
  const glue = fs.readFileSync(path.join(ROOT, 'dist/web/cw_widget.js'), 'utf8');
  assert.ok(glue.includes(names[0]), 'the glue loads the hashed name');
  const wasm = await page.request.get(server.url + '/' + names[0]);
  assert.equal(wasm.status(), 200);
  assert.equal(wasm.headers()['content-type'], 'application/wasm');
  assert.match(wasm.headers()['cache-control'], /immutable/);
  const entry = await page.request.get(server.url + '/complaint-widget.js');
  assert.equal(entry.headers()['cache-control'], 'no-cache');
  const bytes = await wasm.body();
  assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
});

test('the pages preload the hashed .wasm while they parse, and the glue uses that preload', async () => {
  const name = fs.readdirSync(path.join(ROOT, 'dist/web')).find((f) => /^cw_widget\.[0-9a-f]{16}\.wasm$/.test(f));
  for (const page of ['index.html', 'demo/site.html', 'demo/app.html']) {
    const html = fs.readFileSync(path.join(ROOT, 'dist/web', page), 'utf8');
    const link = html.match(/<link rel="preload" href="([^"]+)" as="fetch" crossorigin>/);
    assert.ok(link, `${page} preloads the module`);
    assert.equal(path.basename(link[1]), name, `${page} preloads the current hashed name`);
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchPage(page);
  const requests = [], unused = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) requests.push(r.url()); });
  page.on('console', (m) => { if (/preload/i.test(m.text())) unused.push(m.text()); });
  await openWidget(page, server.url + '/');
  const wasm = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => /cw_widget\.[0-9a-f]+\.wasm$/.test(e.name)).map((e) => ({initiator: e.initiatorType, start: e.startTime})));
  const js = await page.evaluate(() => performance.getEntriesByType('resource').find((e) => e.name.endsWith('/cw_widget.js')).startTime);
  assert.equal(wasm.length, 1, 'one fetch of the widget module: the glue took the preloaded response');
  assert.equal(wasm[0].initiator, 'link');
  assert.ok(wasm[0].start <= js + 50, `the .wasm is asked for with the scripts (${wasm[0].start} ms), not after them (${js} ms)`);
  assert.equal(requests.filter((u) => u.includes('cw_widget.')).length, 1);
  assert.deepEqual(problems, []);
  await page.waitForTimeout(3500);  // Chromium warns about a preload not used within 3 s of load
  assert.deepEqual(unused, [], 'no warning about the preload');
  await context.close();
});

test('the widget draws a first frame and fires complaint:ready (bubbling, composed)', async () => {
  const context = await browser.newContext({viewport: {width: 390, height: 844}, deviceScaleFactor: 2});
  const page = await context.newPage();
  const problems = watchPage(page);
  await openWidget(page, server.url + '/');
  const ready = await page.evaluate(() => window.__cwEvents.find((e) => e.type === 'complaint:ready'));
  assert.ok(ready, 'complaint:ready reached the document, so it bubbled out of the shadow root');
  const file = await screenshot(page, 'skeleton-home');
  const png = await page.screenshot();
  const colours = await distinctColours(page, png);
  assert.ok(colours > 8, `screenshot ${file} looks blank: ${colours} distinct colours`);
  assert.deepEqual(problems, []);
  await context.close();
});
