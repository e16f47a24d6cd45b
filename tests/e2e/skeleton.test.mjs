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
