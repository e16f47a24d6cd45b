// tests/e2e/routing.test.mjs — the screens' plumbing: hash routing (deep links, back button), the
// data bridge from the wasm screens to the headless client (GET /meta through the real server),
// and the file picker lying over its button.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, watchPage, openWidgetPage, tap} from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer(['--dev']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const hash = (page) => page.evaluate(() => location.hash);

test('screens are routes: a tap pushes a hash, the back button returns, a deep link opens its screen', async () => {
  const context = await browser.newContext({viewport: {width: 390, height: 844}});
  const page = await context.newPage();
  const problems = watchPage(page);
  await openWidgetPage(page, server.url, '', 'routing');
  assert.equal(await hash(page), '');
  await tap(page, '设置', {role: 'button'});
  await page.waitForFunction(() => location.hash === '#/settings');
  await page.goBack();
  await page.waitForFunction(() => location.hash === '' || location.hash === '#/');
  // Home again: its buttons are back in the registry.
  await page.waitForFunction(() => document.querySelector('complaint-widget')._registry()
    .some((i) => i.label === '我要投诉'));

  await page.goto(server.url + '/__test/routing.html#/survey/ABC123?t=tok_1');
  await page.waitForFunction(() => document.querySelector('complaint-widget')?._registry?.().length > 0);
  await page.waitForFunction(() => location.hash === '#/survey/ABC123?t=tok_1');
  assert.deepEqual(problems, []);
  await context.close();
});

test('mode="file" opens the wizard and records it with replaceState (no extra history entry)', async () => {
  const context = await browser.newContext({viewport: {width: 390, height: 844}});
  const page = await context.newPage();
  await page.addInitScript(() => { window.__historyAtStart = history.length; });
  await openWidgetPage(page, server.url, 'mode="file"', 'mode-file');
  await page.waitForFunction(() => location.hash === '#/file/1');
  assert.equal(await page.evaluate(() => history.length - window.__historyAtStart), 0);
  await context.close();
});

test('the data bridge reaches the headless client: /meta is fetched once the first frame is up', async () => {
  const context = await browser.newContext({viewport: {width: 390, height: 844}});
  const page = await context.newPage();
  const metas = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/v1/meta')) metas.push(r.url()); });
  await openWidgetPage(page, server.url, '', 'bridge');
  for (let i = 0; i < 100 && metas.length === 0; i++) await page.waitForTimeout(50);
  assert.equal(metas.length, 1, 'GET /meta went out through the client module');
  await context.close();
});
