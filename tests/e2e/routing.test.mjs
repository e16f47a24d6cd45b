// tests/e2e/routing.test.mjs — the screens' plumbing: hash routing (deep links, back button), the
// data bridge from the wasm screens to the headless client (GET /meta through the real server),
// and the file picker lying over its button.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, watchPage, openWidgetPage, tap, waitItem} from './harness.mjs';

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
const NO = 'TS-261128-7K3M9QXD-S';  // the demo pages' number: a valid check symbol, not on the server

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

  // A deep link opens its screen with its number, and keeps its hash.
  await page.goto(server.url + `/__test/routing.html#/survey/${NO}?t=tok_1`);
  await waitItem(page, '满意度回访', () => true, {role: 'heading', timeout: 15000});
  assert.equal(await hash(page), `#/survey/${NO}?t=tok_1`);
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

// mode + acceptance-no (DESIGN §6): the host opens the track or survey screen for a number; the
// number is in the hash, so a reload keeps it; a deep link the page opens with wins over the mode.
for (const [mode, title] of [['track', '查询投诉进度'], ['survey', '满意度回访']]) {
  test(`mode="${mode}" with acceptance-no opens that screen for the number, also after a reload`, async () => {
    const context = await browser.newContext({viewport: {width: 390, height: 844}});
    const page = await context.newPage();
    const problems = watchPage(page);
    // Any spelling the parser accepts; the screen and the hash use the canonical form.
    await openWidgetPage(page, server.url, `mode="${mode}" acceptance-no="${NO.toLowerCase().replaceAll('-', ' ')}"`, `mode-${mode}`);
    const opened = async () => {
      await waitItem(page, title, () => true, {role: 'heading', timeout: 15000});
      if (mode === 'survey') {
        await page.waitForFunction((h) => location.hash === h, `#/survey/${NO}`);
      } else {
        // Not on this device: the number waits in its field for the phone check (#/track).
        await waitItem(page, '受理编号', (i) => i.value === NO, {role: 'textbox', timeout: 15000});
        await waitItem(page, '请验证联系电话后查看这条投诉。', () => true, {timeout: 15000});
        await page.waitForFunction(() => location.hash === '#/track');
      }
    };
    await opened();
    await page.reload();
    await page.waitForFunction(() => document.querySelector('complaint-widget')?._registry?.().length > 0);
    await opened();
    // Opened with another screen's deep link, the page shows that screen, not the mode's.
    await page.goto(server.url + `/__test/mode-${mode}.html#/settings`);
    await waitItem(page, '设置', () => true, {role: 'heading', timeout: 15000});
    assert.deepEqual(problems.filter((p) => !/http 40[14]/.test(p)), []);
    await context.close();
  });
}

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
