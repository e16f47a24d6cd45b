// tests/e2e/launcher.test.mjs — the launcher facade (issue 25 item 2) on the demo home page
// (web/demo/launcher.html) under its strict CSP, in Chromium on a phone and a desktop: before any
// intent the page has fetched the launcher only (no widget module, no wasm) and the launcher's
// script made no long task;
// intent (pointer, touch or keyboard focus) fetches the widget; the button opens it in a panel that
// Escape closes, giving focus back; the served file is at most 3 KB brotli.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {ROOT, startServer, launchBrowser, watchPage, screenshot, waitItem} from './harness.mjs';
import {PHONE, DESKTOP} from './journeys.mjs';

let server, browser;
before(async () => {
  server = await startServer(['--dev', '--rate-limits', 'off']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the launcher is at most 3 KB brotli as served', () => {
  const br = readFileSync(path.join(ROOT, 'dist/web/complaint-launcher.js.br'));
  assert.ok(br.length <= 3072, `complaint-launcher.js is ${br.length} bytes brotli`);
});

async function openHome(opts, name) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  const problems = watchPage(page);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.addInitScript(() => {
    // The launcher's own script time inside long animation frames (Chromium's LoAF names each script
    // of a frame over 50 ms): the page's first layout of its Chinese text is a long frame of its own
    // on a loaded machine, so frames alone would blame the launcher for the page.
    window.__launcherMs = 0;
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective));
    new PerformanceObserver((l) => {
      for (const f of l.getEntries()) {
        for (const sc of f.scripts || []) if (/complaint-launcher\.js$/.test(sc.sourceURL)) window.__launcherMs += sc.duration;
      }
    }).observe({type: 'long-animation-frame', buffered: true});
  });
  await page.goto(server.url + '/demo/launcher.html');
  const button = page.getByRole('button', {name: '投诉与建议'});
  await button.waitFor({timeout: 15000});
  await page.waitForLoadState('load');
  await page.waitForTimeout(300);  // anything the page would still fetch on its own
  return {context, page, problems, fetched, button, name};
}

const widgetFetched = (fetched) => fetched.filter((p) => /complaint-widget\.js|cw_widget|a11y\.js|\.wasm$/.test(p));

async function checkNothingBeforeIntent(s) {
  assert.deepEqual(widgetFetched(s.fetched), [], `fetched before intent: ${s.fetched.join(' ')}`);
  assert.ok(s.fetched.includes('/complaint-launcher.js'));
  const ms = await s.page.evaluate(() => window.__launcherMs);
  assert.ok(ms < 50, `the launcher ran ${ms} ms in long frames: a long task of its own before intent`);
  await screenshot(s.page, `launcher-${s.name}`);
}

async function panelOpen(page) {
  return page.evaluate(() => {
    const p = document.querySelector('complaint-launcher').shadowRoot.querySelector('[role=dialog]');
    return !!p && !p.hidden;
  });
}

// The panel's widget, made and upgraded, has drawn its home screen.
async function widgetIn(page) {
  await page.waitForFunction(() => typeof document.querySelector('complaint-launcher complaint-widget')?._registry === 'function',
                             null, {timeout: 20000});
  await waitItem(page, '我要投诉', () => true, {role: 'button', timeout: 20000});
}

for (const [size, opts] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  test(`nothing of the widget loads before intent; a ${size === 'phone' ? 'tap' : 'click'} opens it in a panel`, async () => {
    const s = await openHome(opts, size);
    await checkNothingBeforeIntent(s);
    if (size === 'phone') {
      await s.button.tap();  // touchstart is the intent, then the tap opens it
    } else {
      await s.button.hover();
      await s.page.waitForFunction(() => !!customElements.get('complaint-widget'), null, {timeout: 15000});
      assert.ok(widgetFetched(s.fetched).some((p) => p.endsWith('/complaint-widget.js')), 'hover fetched the widget');
      await s.button.click();
    }
    await widgetIn(s.page);
    assert.ok(await panelOpen(s.page));
    assert.equal(await s.page.evaluate(() => document.querySelector('complaint-launcher').shadowRoot
      .querySelector('.b').getAttribute('aria-expanded')), 'true');
    assert.equal(await s.page.evaluate(() => document.querySelector('complaint-widget').getAttribute('api-base')), '/api/v1',
                 'the widget gets the launcher\'s attributes');
    await screenshot(s.page, `launcher-open-${size}`);
    // Escape closes it, and focus goes back to the launcher's button.
    await s.page.keyboard.press('Escape');
    await s.page.waitForFunction(() => {
      const l = document.querySelector('complaint-launcher');
      return l.shadowRoot.querySelector('[role=dialog]').hidden && l.shadowRoot.activeElement === l.shadowRoot.querySelector('.b');
    }, null, {timeout: 5000});
    assert.deepEqual(await s.page.evaluate(() => window.__csp), [], 'no CSP violation');
    assert.deepEqual(s.problems, []);
    await s.context.close();
  });
}

test('by keyboard: focus is the intent, Enter opens the panel, Escape closes it', async () => {
  const s = await openHome(DESKTOP, 'keyboard');
  await checkNothingBeforeIntent(s);
  for (let i = 0; i < 10 && !(await s.page.evaluate(() => document.activeElement?.tagName === 'COMPLAINT-LAUNCHER')); i++) {
    await s.page.keyboard.press('Tab');
  }
  assert.equal(await s.page.evaluate(() => document.activeElement?.tagName), 'COMPLAINT-LAUNCHER', 'reachable by Tab');
  await s.page.waitForFunction(() => !!customElements.get('complaint-widget'), null, {timeout: 15000});
  await s.page.keyboard.press('Enter');
  await widgetIn(s.page);
  assert.equal(await s.page.evaluate(() => document.querySelector('complaint-launcher').shadowRoot.activeElement?.getAttribute('aria-label')),
               '关闭', 'focus moved into the panel');
  await s.page.keyboard.press('Escape');
  await s.page.waitForFunction(() => document.querySelector('complaint-launcher').shadowRoot.querySelector('[role=dialog]').hidden,
                               null, {timeout: 5000});
  assert.deepEqual(s.problems, []);
  await s.context.close();
});
