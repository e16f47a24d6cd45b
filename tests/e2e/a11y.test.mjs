// tests/e2e/a11y.test.mjs — accessibility in a real Chromium: the DOM tree mirrored from the widget
// registry (roles, names, states, descriptions, live region), keyboard-only operation through
// Playwright's getByRole / getByLabel, the canvas focus ring, care mode (attribute and
// prefers-contrast), prefers-reduced-motion, the language, and axe-core on the demo pages.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {randomUUID} from 'node:crypto';
import path from 'node:path';
import {
  ROOT, startServer, launchBrowser, watchPage, openWidget, screenshot, staffToken as createStaffToken, distinctColours, item,
  waitItem, shotItem, pixelDiff, fling,
} from './harness.mjs';

let server, browser, staffToken;
before(async () => {
  server = await startServer(['--dev', '--rate-limits', 'off']);
  browser = await launchBrowser();
  staffToken = createStaffToken(server, 'agent', 'e2e-a11y');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const PHONE = {viewport: {width: 390, height: 844}, deviceScaleFactor: 1, hasTouch: true, isMobile: true, locale: 'zh-CN'};
const DESKTOP = {viewport: {width: 1280, height: 800}, deviceScaleFactor: 1, locale: 'zh-CN'};
const AXE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

// A page with one full-size widget, like harness.openWidgetPage, but with a title (axe checks the
// whole page) and a chosen <html lang> (the widget inherits it; '' = none: navigator.language).
async function open(contextOpts, attrs = 'mode="gallery"', name = 'a11y', htmlLang = 'zh-CN', hash = '') {
  const {context, page, problems, url} = await widgetPage(contextOpts, attrs, name, htmlLang);
  await openWidget(page, url + hash);
  await treeReady(page);
  return {context, page, problems};
}

async function widgetPage(contextOpts, attrs, name, htmlLang = 'zh-CN') {
  const context = await browser.newContext(contextOpts);
  const page = await context.newPage();
  const problems = watchPage(page);
  const url = `${server.url}/__test/${name}.html`;
  await page.route(url, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html${htmlLang ? ` lang="${htmlLang}"` : ''}><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>a11y</title>
<script type="module" src="/complaint-widget.js"></script></head>
<body style="margin:0"><main><complaint-widget style="display:block;height:100vh" ${attrs}></complaint-widget></main></body></html>`,
  }));
  return {context, page, problems, url};
}

// The tree is built a moment after the registry (in a microtask after the frame).
async function treeReady(page) {
  await page.waitForFunction(() => {
    const root = document.querySelector('complaint-widget').shadowRoot;
    return root.querySelectorAll('.a11y > *').length > 3;
  });
}

// What has the DOM focus inside the widget: {role, name, tag}.
async function focused(page) {
  return page.evaluate(() => {
    const el = document.querySelector('complaint-widget').shadowRoot.activeElement;
    if (!el) return null;
    return {tag: el.tagName.toLowerCase(), role: el.getAttribute('role'),
            name: el.getAttribute('aria-label') || el.textContent};
  });
}

async function waitFocused(page, name) {
  await page.waitForFunction((n) => {
    const el = document.querySelector('complaint-widget').shadowRoot.activeElement;
    return el && (el.getAttribute('aria-label') || el.textContent) === n;
  }, name, {timeout: 5000}).catch(async () => {
    throw new Error(`focus is not on "${name}" but on ${JSON.stringify(await focused(page))}`);
  });
}

// No serious or critical axe violation on this page now.
async function assertAxeClean(page, where) {
  const bad = (await runAxe(page)).filter((x) => x.impact === 'serious' || x.impact === 'critical');
  assert.deepEqual(bad, [], where);
}

async function runAxe(page) {
  await page.evaluate(AXE);  // CDP evaluation: the demo pages' CSP does not allow injected <script>
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {resultTypes: ['violations']});
    return r.violations.map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)}));
  });
}

test('the tree mirrors the gallery: roles, names, states, descriptions', async () => {
  const {context, page, problems} = await open(DESKTOP);
  await page.getByRole('heading', {name: '我要投诉 · 组件库', level: 1}).waitFor({state: 'attached'});
  await page.getByRole('heading', {name: '联系方式', level: 2}).waitFor({state: 'attached'});
  const business = page.getByRole('radiogroup', {name: '业务类型'});
  assert.equal(await business.getByRole('radio').count(), 5, 'the chips are radios of one group');
  assert.equal(await business.getByRole('radio', {name: '移动电话'}).getAttribute('aria-checked'), 'true');
  assert.equal(await page.getByRole('radiogroup', {name: '答复方式'}).getByRole('radio').count(), 3,
               'chips without a title take the text before them as their name');
  const attitude = page.getByRole('radiogroup', {name: '服务态度'});
  assert.equal(await attitude.getByRole('radio', {checked: true}).textContent(), '服务态度 5');
  const consent = page.getByRole('checkbox', {name: '我已阅读并同意《个人信息保护说明》'});
  assert.equal(await consent.getAttribute('aria-checked'), 'false');
  // A field with an error: aria-invalid and the message as its description.
  const demand = page.getByRole('textbox', {name: '您的诉求'});
  assert.equal(await demand.getAttribute('aria-invalid'), 'true');
  const described = await demand.evaluate((el) => el.getRootNode().getElementById(el.getAttribute('aria-describedby')).textContent);
  assert.equal(described, '请填写诉求，例如“退还多扣的费用”');
  await page.getByLabel('姓名').waitFor({state: 'attached'});
  assert.equal(await page.getByRole('textbox', {name: '问题描述'}).getAttribute('aria-multiline'), 'true');
  assert.ok((await page.getByRole('textbox', {name: '问题描述'}).textContent()).startsWith('本月话费账单'));
  const progress = page.getByRole('progressbar');
  assert.equal(await progress.getAttribute('aria-valuenow'), '2');
  assert.equal(await progress.getAttribute('aria-valuemax'), '5');
  assert.equal(await page.getByRole('button', {name: '返回'}).count(), 1, 'the back arrow has a name');
  // Every registry item with a role has its node; the canvas is out of the tab order.
  const counts = await page.evaluate(() => {
    const w = document.querySelector('complaint-widget');
    const root = w.shadowRoot;
    const items = w._registry().filter((i) => i.role !== 'status' && i.role !== 'alert');
    return {items: items.length, nodes: root.querySelectorAll('.a11y > *, .a11y > [role=radiogroup] > *').length,
            canvasTab: root.querySelector('canvas').tabIndex};
  });
  assert.equal(counts.nodes, counts.items);
  assert.equal(counts.canvasTab, -1);
  // Diffing, not rebuilding: a change of state keeps the node.
  await page.evaluate(() => {
    const root = document.querySelector('complaint-widget').shadowRoot;
    window.__consentNode = [...root.querySelectorAll('[role=checkbox]')][0];
  });
  await consent.press('Space');
  await waitItem(page, '我已阅读并同意《个人信息保护说明》', (i) => i.checked === true);
  await page.waitForFunction(() => window.__consentNode.getAttribute('aria-checked') === 'true' &&
                             window.__consentNode.isConnected);
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard only: Tab order over every widget kind, Space / Enter / arrows operate, focus ring', async () => {
  const {context, page, problems} = await open(DESKTOP);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: server.url});
  // Tab from the page enters the widget at its first control.
  await page.keyboard.press('Tab');
  await waitFocused(page, '返回');
  await page.keyboard.press('Tab');
  await waitFocused(page, '移动电话');  // the radiogroup is entered at its checked radio
  await waitItem(page, '移动电话', (i) => i.focused === true, {role: 'radio'});  // ImGui knows the focus
  await page.keyboard.press('ArrowRight');
  await waitItem(page, '宽带上网', (i) => i.checked === true && i.focused === true, {role: 'radio'});
  await waitFocused(page, '宽带上网');
  await page.keyboard.press('Tab');  // the multi-line field: the text agent takes over
  await waitItem(page, '问题描述', (i) => i.focused === true, {role: 'textbox'});
  await page.keyboard.press('Tab');
  await waitItem(page, '您的诉求', (i) => i.focused === true, {role: 'textbox'});
  await page.keyboard.type('退还多扣的费用');
  await waitItem(page, '您的诉求', (i) => i.value === '退还多扣的费用' && !i.invalid, {role: 'textbox'});
  // The agent is the textbox now: one textbox with that name, and it is the focused element.
  const agent = page.getByRole('textbox', {name: '您的诉求'});
  assert.equal(await agent.count(), 1);
  assert.equal(await agent.evaluate((el) => el.classList.contains('cw-agent')), true);
  await page.keyboard.press('Tab');
  await waitItem(page, '姓名', (i) => i.focused === true, {role: 'textbox'});
  await page.keyboard.type('王喆');
  await page.keyboard.press('Tab');
  await page.keyboard.type('13912345678');
  await waitItem(page, '联系电话', (i) => i.value === '13912345678', {role: 'textbox'});
  // Tab out of a text field reaches the next widget of any kind (ImGui 1.86 only knows fields).
  await page.keyboard.press('Tab');
  await waitFocused(page, '电话');
  await page.keyboard.press('ArrowRight');
  await waitItem(page, '短信', (i) => i.checked === true, {role: 'radio'});
  await page.keyboard.press('Tab');
  await waitFocused(page, '我已阅读并同意《个人信息保护说明》');
  await page.keyboard.press('Space');
  await waitItem(page, '我已阅读并同意《个人信息保护说明》', (i) => i.checked === true);
  // Stars: arrows change the rating.
  await page.keyboard.press('Tab');
  await waitFocused(page, '总体满意度 4');
  await page.keyboard.press('ArrowLeft');
  await waitItem(page, '总体满意度 3', (i) => i.checked === true, {role: 'radio'});
  await page.keyboard.press('Shift+Tab');
  await waitFocused(page, '我已阅读并同意《个人信息保护说明》');
  await screenshot(page, 'a11y-keyboard-focus-ring');
  // The focus ring is drawn on the canvas: the same button with and without the focus.
  await page.getByRole('button', {name: '补充材料'}).focus();
  await waitItem(page, '补充材料', (i) => i.focused === true && !i.hidden, {role: 'button'});
  await page.waitForTimeout(100);
  const ringOn = await shotItem(page, await ringRect(page, '补充材料'));
  await page.getByRole('button', {name: '对处理不满意，申请升级'}).focus();
  await waitItem(page, '补充材料', (i) => !i.focused, {role: 'button'});
  await page.waitForTimeout(100);
  const ringOff = await shotItem(page, await ringRect(page, '补充材料'));
  assert.ok(await pixelDiff(page, ringOn, ringOff) > 0.01, 'a visible focus ring around the focused item');
  // Far below the fold: focus scrolls the item into view, Enter presses it.
  await page.getByRole('button', {name: '复制编号'}).focus();
  const copy = await waitItem(page, '复制编号', (i) => i.focused === true && !i.hidden, {role: 'button'});
  assert.ok(copy.y > 52 && copy.y + copy.h < 800 - 74, `scrolled into view (${copy.y})`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()) === 'TS-261128-7K3M9QXD-S');
  // A status message reaches the aria-live region once, when it happens.
  await page.getByRole('button', {name: '下一步'}).press('Enter');
  await page.waitForFunction(() => document.querySelector('complaint-widget').shadowRoot
    .querySelector('[role=status][aria-live=polite]').textContent === '草稿已自动保存');
  assert.deepEqual(problems, []);
  await context.close();
});

// The item's rectangle grown by the ring's 6 px, for a screenshot.
async function ringRect(page, label) {
  const it = await item(page, label);
  return {x: it.x - 6, y: it.y - 6, w: it.w + 12, h: it.h + 12};
}

test('a new screen takes the focus to its title; Back by keyboard returns', async () => {
  const {context, page, problems} = await open(DESKTOP, 'mode="home"', 'a11y-home');
  await page.keyboard.press('Tab');
  await waitFocused(page, '我要投诉');
  await page.keyboard.press('Enter');
  // The file screen's title (level 1) has the focus, so a screen reader says where we are.
  await page.waitForFunction(() => {
    const el = document.querySelector('complaint-widget').shadowRoot.activeElement;
    return el && el.getAttribute('role') === 'heading' && el.getAttribute('aria-level') === '1' &&
      el.textContent !== '投诉服务';
  });
  await page.getByRole('radio', {name: '移动电话'}).waitFor({state: 'attached'});  // the form (after its draft)
  await page.keyboard.press('Shift+Tab');  // the back arrow comes before the title
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await waitFocused(page, '返回');
  await page.keyboard.press('Enter');
  await waitFocused(page, '投诉服务');
  await page.getByRole('button', {name: '我要投诉'}).waitFor({state: 'attached'});
  assert.deepEqual(problems, []);
  await context.close();
});

test('care mode: text ≥ 1.3×, bigger targets, higher contrast; attribute and prefers-contrast', async () => {
  const normal = await open(PHONE);
  const n = await item(normal.page, '业务类型', 'heading');
  const nField = await item(normal.page, '姓名', 'textbox');
  const nShot = await screenshot(normal.page, 'a11y-normal-phone');
  await normal.context.close();

  const care = await open(PHONE, 'mode="gallery" care-mode', 'a11y-care');
  const c = await item(care.page, '业务类型', 'heading');
  const cField = await item(care.page, '姓名', 'textbox');
  assert.ok(c.h / n.h >= 1.29, `heading text ${n.h} → ${c.h} px`);
  assert.ok(cField.h >= nField.h * 1.2, `field ${nField.h} → ${cField.h} px`);
  const file = await screenshot(care.page, 'a11y-care-mode-phone');
  assert.ok(await distinctColours(care.page, await care.page.screenshot()) > 40, `${file} looks flat (${nShot})`);
  // Removing the attribute switches back at once.
  await care.page.evaluate(() => document.querySelector('complaint-widget').removeAttribute('care-mode'));
  await waitItem(care.page, '业务类型', (i) => Math.abs(i.h - n.h) < 1, {role: 'heading'});
  assert.deepEqual(care.problems, []);
  await care.context.close();

  const contrast = await open({...PHONE, contrast: 'more'}, 'mode="gallery"', 'a11y-contrast');
  await waitItem(contrast.page, '业务类型', (i) => i.h / n.h >= 1.29, {role: 'heading'});
  assert.deepEqual(contrast.problems, []);
  await contrast.context.close();
});

test('settings by keyboard: care mode and the language switch the widget and its tree', async () => {
  const {context, page, problems} = await open(PHONE, '', 'a11y-settings', 'zh-CN', '#/settings');
  const care = page.getByRole('checkbox', {name: '关怀模式（大字、高对比）'});
  await care.waitFor({state: 'attached'});
  const heading0 = await item(page, '语言', 'heading');  // a card title: its rectangle is its text
  await care.press('Space');
  await waitItem(page, '语言', (i) => i.h >= heading0.h * 1.29, {role: 'heading'});
  assert.equal(await care.getAttribute('aria-checked'), 'true');
  await screenshot(page, 'a11y-care-mode-settings');
  await page.getByRole('radiogroup', {name: '语言'}).getByRole('radio', {name: 'English'}).press('Space');
  await page.getByRole('heading', {name: 'Settings', level: 1}).waitFor({state: 'attached'});
  await page.getByRole('button', {name: 'Back'}).waitFor({state: 'attached'});
  await page.waitForFunction(() => document.querySelector('complaint-widget').shadowRoot.querySelector('.a11y').lang === 'en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('prefers-reduced-motion: a fling scrolls with the finger and does not glide on', async () => {
  const {context, page, problems} = await open({...PHONE, reducedMotion: 'reduce'});
  const before = await item(page, '宽带上网', 'radio');
  await fling(page, before.x + before.w / 2, before.y + 10);
  // Settled: two reads 400 ms apart agree.
  let last = await item(page, '宽带上网', 'radio');
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(400);
    const now = await item(page, '宽带上网', 'radio');
    if (now.y === last.y) break;
    last = now;
  }
  const moved = before.y - last.y;
  // The finger moved 320 px; scrolling starts at the first move past the tap slop (40 px).
  assert.ok(moved >= 270 && moved <= 290, `moved with the finger only: ${moved} px`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('language: lang attribute, else navigator.language; the kit\'s own strings follow', async () => {
  for (const [locale, htmlLang, attrs, back, counter] of [
    ['en-US', '', 'mode="gallery"', 'Back', /^\d+\/2000 characters/],
    ['fr-FR', '', 'mode="gallery"', 'Back', /^\d+\/2000 characters/],
    ['zh-CN', '', 'mode="gallery"', '返回', /^\d+\/2000 字/],
    ['zh-CN', '', 'mode="gallery" lang="en"', 'Back', /characters/],
    ['en-US', 'zh-CN', 'mode="gallery"', '返回', /字/],  // the host page's language
    ['en-US', 'zh-CN', 'mode="gallery" lang="en-GB"', 'Back', /characters/],
  ]) {
    const {context, page, problems} = await open({...DESKTOP, locale}, attrs, 'a11y-lang', htmlLang);
    await page.getByRole('button', {name: back}).waitFor({state: 'attached'});
    const field = await item(page, '问题描述', 'textbox');
    assert.match(field.description, counter, `${locale} ${htmlLang} ${attrs}`);
    const lang = await page.evaluate(() => document.querySelector('complaint-widget').shadowRoot.querySelector('.a11y').lang);
    assert.equal(lang, back === 'Back' ? 'en' : 'zh-CN');
    assert.deepEqual(problems, []);
    await context.close();
  }
  // Switching at run time.
  const {context, page} = await open({...DESKTOP, locale: 'zh-CN'}, 'mode="gallery"', 'a11y-lang2');
  await page.getByRole('button', {name: '返回'}).waitFor({state: 'attached'});
  await page.evaluate(() => document.querySelector('complaint-widget').setAttribute('lang', 'en'));
  await page.getByRole('button', {name: 'Back'}).waitFor({state: 'attached'});
  await context.close();
});

test('axe-core: no serious or critical violations on the demo pages and the gallery', async () => {
  const pages = [
    ['/demo/site.html', DESKTOP],
    ['/demo/app.html', {viewport: {width: 900, height: 920}}],
    ['/demo/client.html', DESKTOP],
  ];
  const report = [];
  for (const [url, opts] of pages) {
    const context = await browser.newContext(opts);
    const page = await context.newPage();
    if (url === '/demo/client.html') await page.goto(server.url + url);
    else await openWidget(page, server.url + url);
    await page.waitForTimeout(300);
    const v = await runAxe(page);
    report.push([url, v]);
    await context.close();
  }
  for (const attrs of ['mode="gallery"', 'mode="gallery" care-mode', 'mode="home"']) {
    const {context, page} = await open(DESKTOP, attrs, 'a11y-axe');
    report.push([attrs, await runAxe(page)]);
    await context.close();
  }
  for (const [where, v] of report) console.log(`# axe ${where}: ${v.map((x) => `${x.id} (${x.impact})`).join(', ') || 'none'}`);
  const bad = report.flatMap(([where, v]) => v.filter((x) => x.impact === 'serious' || x.impact === 'critical')
    .map((x) => `${where}: ${x.id} (${x.impact}) ${x.nodes.join(' | ')}`));
  assert.deepEqual(bad, []);
});

// ---- a whole filing and a survey: getByRole / getByLabel and the keyboard only -------------------
// Every locate and every check of the widget goes through page.getByRole / page.getByLabel (they
// pierce the open shadow root), every action is page.keyboard (Tab, Shift+Tab, arrows, Space,
// Enter, typing into the focused field). Only the server is asked otherwise (staff API), whether the
// filing and the rating arrived; failure messages say what has the focus.

const PHONE_NO = '13912345678';
const NUMBER = /^TS-\d{6}-[0-9A-HJKMNP-TV-Z]{8}-[0-9A-HJKMNP-TV-Z]$/;

// Polls fn() until it returns something truthy (locator state: focus, aria-checked, values).
async function until(what, fn, timeout = 10000) {
  const t0 = Date.now();
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e.message.split('\n')[0];
    }
    if (Date.now() - t0 > timeout) throw new Error(`${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

// The element behind the locator is the focused one in the widget's shadow root (strict: one match).
const hasFocus = (loc) => loc.evaluate((el) => el === el.getRootNode().activeElement, null, {timeout: 200});

// For failure messages only: what has the focus (through shadow roots).
function focusNow(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.tagName.toLowerCase()} role=${el.getAttribute('role')} "${el.getAttribute('aria-label') || el.textContent}"` : null;
  });
}

async function expectFocus(page, loc, what) {
  await until(`focus on ${what}`, () => hasFocus(loc)).catch(async (e) => {
    throw new Error(`${e.message}; the focus is on ${await focusNow(page)}`);
  });
}

// Presses `k` on the focused radio, expecting the focus and the selection on `radio` afterwards.
async function choose(page, k, radio, what) {
  await key(page, k, radio, what);
  await checked(radio, what);
}

// Presses `key` and expects the focus on `loc` afterwards.
async function key(page, k, loc, what) {
  await page.keyboard.press(k);
  await expectFocus(page, loc, what);
}

// Presses Tab (or Shift+Tab) once per target, expecting the focus on each in turn: the Tab order.
async function tabs(page, targets, k = 'Tab') {
  for (const [loc, what] of targets) await key(page, k, loc, what);
}

// The accessible description (aria-describedby) of the element behind the locator.
const description = (loc) => loc.evaluate((el) => el.getAttribute('aria-describedby')
  ?.split(' ').map((id) => el.getRootNode().getElementById(id)?.textContent).join(' ') ?? null);
const checked = (loc, what) => until(`${what} checked`, async () => (await loc.getAttribute('aria-checked', {timeout: 200})) === 'true');
const valueIs = (loc, v, what) => until(`${what} = ${v}`, async () => (await loc.inputValue({timeout: 200})) === v);
// The widget itself holds `v` in the field: the registry's value is the text of the tree's textbox
// node (hidden while the text agent edits the field; the agent <input> has no text content). Typing
// is waited for like this before Tab: a text typed and tabbed away from within one frame is
// dropped by the kit (the pending text is cleared when the next field takes the focus).
const widgetHolds = (page, name, v) => until(`the widget holds ${JSON.stringify(v)} in ${name}`, async () =>
  (await page.getByRole('textbox', {name, exact: true, includeHidden: true}).allTextContents()).includes(v));

// Tab into the field `name`, type `text` (insertText: as an IME commits it), then wait until the
// field shows it and the widget has it.
async function tabAndType(page, name, text, how = 'type') {
  await key(page, 'Tab', page.getByRole('textbox', {name, exact: true}), `the field ${name}`);
  if (how === 'insert') await page.keyboard.insertText(text);
  else await page.keyboard.type(text);
  await valueIs(page.getByRole('textbox', {name, exact: true}), text, name);
  await widgetHolds(page, name, text);
}

const shows = (loc, what, timeout = 10000) => loc.waitFor({state: 'visible', timeout}).catch(async (e) => {
  const page = loc.page();
  const tree = await page.getByRole('main').ariaSnapshot({timeout: 1000}).catch(() => '?');
  throw new Error(`${what} is not shown: ${e.message.split('\n')[0]}; focus on ${await focusNow(page)}; the tree:\n${tree}`);
});
const liveText = (page, role, re, what, timeout = 10000) =>
  until(`${what} in the ${role} region`, async () => re.test(await page.getByRole(role).textContent({timeout: 200})), timeout);

// A page with the widget (like `open`, but waiting only through roles: for the title heading).
async function openByRole(contextOpts, attrs, name, hash, title) {
  const {context, page, problems, url} = await widgetPage(contextOpts, attrs, name);
  await page.goto(url + hash);
  await shows(page.getByRole('heading', {name: title, level: 1}), `the title ${title}`, 20000);
  return {context, page, problems};
}

async function staffView(no) {
  const res = await fetch(`${server.url}/api/v1/staff/complaints/${no}`, {headers: {Authorization: 'Bearer ' + staffToken}});
  assert.equal(res.status, 200, `${no} is on the server`);
  return res.json();
}

// Files a complaint through the API and has an agent take it to the follow-up, which sends the
// customer the survey link (#/survey/NO?t=TOKEN, read back from the --dev message log).
async function complaintInFollowUp() {
  const api = (p, body, headers = {}) => fetch(server.url + '/api/v1' + p, {
    method: body ? 'POST' : 'GET', body: body && JSON.stringify(body),
    headers: {'Content-Type': 'application/json', ...headers}});
  const filed = await api('/complaints', {business_type: 'mobile', category: 'billing',
    occurred_at: new Date(Date.now() - 86400000).toISOString(), service_number: PHONE_NO,
    problem: '上个月的账单重复扣除了两次流量包费用。', demand: '退还多扣的费用',
    customer: {name: '王小明', phone: PHONE_NO, reply_method: 'sms'}, consent: true, channel: 'web',
    client_ref: randomUUID()}, {'Idempotency-Key': randomUUID()});
  assert.equal(filed.status, 201, await filed.clone().text());
  const no = (await filed.json()).acceptance_no;
  const staff = {Authorization: 'Bearer ' + staffToken};
  for (const body of [{action: 'accept'}, {action: 'assign', department: '计费中心', owner: '李工'},
    {action: 'propose', plan: {measures: '退还 30 元', owner: '李工', due: new Date(Date.now() + 5 * 86400000).toISOString()}},
    {action: 'reply', conclusion: '确属多扣', basis: '计费记录', plan: '退还 30 元', execution: '已退还'},
    {action: 'start_follow_up'}]) {
    const r = await api(`/staff/complaints/${no}/actions`, body, {...staff, 'Idempotency-Key': `${no}-${body.action}`});
    assert.equal(r.status, 200, `${body.action}: ${await r.text()}`);
  }
  const msgs = await (await api('/dev/messages?to=' + PHONE_NO)).json();
  const link = msgs.messages.find((m) => m.kind === 'survey' && m.link.includes(no)).link;
  return {no, hash: link.slice(link.indexOf('#'))};
}

for (const [device, opts] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`${device}: a whole filing with getByRole / getByLabel and the keyboard only`, async () => {
    const {context, page, problems} = await openByRole(opts, 'mode="home"', `a11y-filing-${device}`, '', '投诉服务');
    const title = page.getByRole('heading', {name: '我要投诉', level: 1});
    const next = page.getByRole('button', {name: '下一步'});
    // Tab to 下一步, Enter: step n is a new page, its title has the focus.
    const nextStep = async (n) => {
      await key(page, 'Tab', next, '下一步');
      await page.keyboard.press('Enter');
      await shows(page.getByRole('progressbar', {name: new RegExp(`第 ${n} 步，共 5 步`)}), `step ${n} of 5`);
      await expectFocus(page, title, `the title of step ${n}`);
    };
    // Home: Tab enters the widget at its first button; Enter opens the wizard, the focus goes to
    // the new page's title.
    await key(page, 'Tab', page.getByRole('button', {name: '我要投诉'}), '我要投诉');
    await key(page, 'Enter', title, 'the wizard title');

    // Step 1. Tab through the empty step to 下一步: Enter refuses it and the errors are spoken.
    const business = page.getByRole('radiogroup', {name: '业务类型'});
    const category = page.getByRole('radiogroup', {name: '问题类别'});
    const number = page.getByRole('textbox', {name: '涉及的号码或账号'});
    const when = page.getByRole('radiogroup', {name: '发生时间'});
    await shows(page.getByRole('progressbar', {name: /第 1 步，共 5 步/}), 'step 1 of 5');
    await tabs(page, [[business.getByRole('radio', {name: '固定电话'}), 'the first service type (none chosen)'],
      [category.getByRole('radio', {name: '费用争议'}), 'the first category'],
      [number, 'the number field (the text agent)'],
      [when.getByRole('radio', {name: '今天'}), 'the first "when" chip'],
      [next, '下一步']]);
    await page.keyboard.press('Enter');
    await liveText(page, 'alert', /有 \d+ 处需要修改/, 'the step errors');
    await until('the number field marked invalid', async () => (await number.getAttribute('aria-invalid', {timeout: 200})) === 'true');
    await assertAxeClean(page, `${device}: wizard step 1 with errors`);
    // Back up with Shift+Tab to the service type, choose with the arrows and Space.
    await tabs(page, [[when.getByRole('radio', {name: '今天'}), '"when"'], [number, 'the number field'],
      [category.getByRole('radio', {name: '费用争议'}), 'the category'],
      [business.getByRole('radio', {name: '固定电话'}), 'the service type']], 'Shift+Tab');
    await choose(page, 'ArrowRight', business.getByRole('radio', {name: '移动电话'}), '移动电话');
    assert.equal(await business.getByRole('radio', {name: '固定电话'}).getAttribute('aria-checked'), 'false');
    await key(page, 'Tab', category.getByRole('radio', {name: '费用争议'}), '费用争议');
    await choose(page, 'Space', category.getByRole('radio', {name: '费用争议'}), '费用争议');
    await tabAndType(page, '涉及的号码或账号', PHONE_NO);
    await until('the number field valid again', async () => (await number.getAttribute('aria-invalid', {timeout: 200})) === null);
    await key(page, 'Tab', when.getByRole('radio', {name: '今天'}), '今天');
    await choose(page, 'ArrowRight', when.getByRole('radio', {name: '昨天'}), '昨天');
    await nextStep(2);

    // Step 2: problem and demand in Chinese.
    await tabAndType(page, '遇到的问题', '本月话费账单多扣了三十元流量费，我并没有使用这些流量', 'insert');
    await tabAndType(page, '您的诉求', '退还多扣的三十元', 'insert');
    await nextStep(3);

    // Step 3: name, phone (e-mail left empty), the reply method with the arrows.
    const reply = page.getByRole('radiogroup', {name: '希望的答复方式'});
    await tabAndType(page, '姓名', '王小明', 'insert');
    await tabAndType(page, '联系电话', PHONE_NO);
    await key(page, 'Tab', page.getByRole('textbox', {name: '电子邮箱（选填）'}), 'the e-mail field');
    await key(page, 'Tab', reply.getByRole('radio', {name: '电话'}), 'the first reply method');
    await choose(page, 'ArrowRight', reply.getByRole('radio', {name: '短信'}), '短信');
    await nextStep(4);

    // Step 4: Enter on the evidence button opens the device's file chooser; closed without a file,
    // the evidence is skipped.
    const add = page.getByRole('button', {name: '添加照片或 PDF'});
    // (Listening first: Playwright turns on the chooser interception asynchronously.)
    const chooser = page.waitForEvent('filechooser', {timeout: 10000});
    chooser.catch(() => {});
    await key(page, 'Tab', add, 'the evidence button');
    await page.keyboard.press('Enter');
    await chooser;
    await nextStep(5);

    // Step 5, the review: submitting without the consent is refused and the reason spoken; Space
    // ticks the consent, Enter submits.
    const consent = page.getByRole('checkbox', {name: '我已阅读并同意《个人信息保护说明》'});
    const submit = page.getByRole('button', {name: '提交投诉'});
    // Each step's row (its answers as the description) and its 修改 button, in the Tab order.
    const rows = [['业务与类别', /移动电话 · 费用争议 · 13912345678/], ['问题与诉求', /本月话费账单.*\n您的诉求：退还多扣的三十元/],
      ['联系方式', /王小明 · 13912345678 · 短信/], ['证据材料', /没有证据材料/]];
    await tabs(page, [...rows.flatMap(([step]) => [
      [page.getByRole('button', {name: `修改 ${step}`}), `修改 ${step}`], [page.getByRole('button', {name: step, exact: true}), step]]),
      [consent, 'the consent'], [page.getByRole('link', {name: '查看说明'}), 'the notice link'], [submit, '提交投诉']]);
    for (const [step, answers] of rows) assert.match(await description(page.getByRole('button', {name: step, exact: true})), answers);
    await page.keyboard.press('Enter');
    await liveText(page, 'alert', /个人信息保护说明/, 'the consent error');
    await tabs(page, [[page.getByRole('link', {name: '查看说明'}), 'the notice link'], [consent, 'the consent']], 'Shift+Tab');
    assert.equal(await consent.getAttribute('aria-checked'), 'false');
    await page.keyboard.press('Space');
    await checked(consent, 'the consent');
    await tabs(page, [[page.getByRole('link', {name: '查看说明'}), 'the notice link'], [submit, '提交投诉']]);
    await page.keyboard.press('Enter');

    // The receipt: its title has the focus, the number is announced and readable by its label.
    const receiptTitle = page.getByRole('heading', {name: '投诉已提交', level: 1});
    await shows(receiptTitle, 'the receipt', 30000);
    await expectFocus(page, receiptTitle, 'the receipt title');
    const shown = page.getByLabel('受理编号', {exact: true});
    await shows(shown, 'the acceptance number');
    const no = (await shown.textContent()).trim();
    assert.match(no, NUMBER);
    await liveText(page, 'status', new RegExp(no), 'the number');
    await shows(page.getByRole('button', {name: '复制编号'}), 'the copy button');
    await screenshot(page, `a11y-filing-receipt-${device}`);
    await assertAxeClean(page, `${device}: receipt`);
    // The server has it, as typed and chosen.
    const {filing} = await staffView(no);
    assert.deepEqual({business_type: filing.business_type, category: filing.category, service_number: filing.service_number,
      problem: filing.problem, demand: filing.demand, customer: filing.customer, consent: filing.consent, evidence: filing.evidence},
    {business_type: 'mobile', category: 'billing', service_number: PHONE_NO, problem: '本月话费账单多扣了三十元流量费，我并没有使用这些流量',
      demand: '退还多扣的三十元', customer: {name: '王小明', phone: PHONE_NO, reply_method: 'sms'}, consent: true, evidence: []});
    const yesterday = new Date(Date.now() + 8 * 3600e3 - 86400e3).toISOString().slice(0, 10);  // in Shanghai
    assert.equal(filing.occurred_at, `${yesterday}T12:00:00+08:00`, '昨天 (its noon)');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`${device}: a survey from its link with getByRole / getByLabel and the keyboard only`, async () => {
    const {no, hash} = await complaintInFollowUp();
    const {context, page, problems} = await openByRole(opts, '', `a11y-survey-${device}`, hash, '满意度回访');
    const overall = page.getByRole('radiogroup', {name: '总体满意度'});
    const resolved = page.getByRole('radiogroup', {name: '问题是否已解决？'});
    const submit = page.getByRole('button', {name: '提交评价'});
    await shows(overall, 'the overall stars');
    await until('提交评价 disabled before the ratings', async () => (await submit.getAttribute('aria-disabled', {timeout: 200})) === 'true');
    await assertAxeClean(page, `${device}: survey form`);
    // Tab from the page: the back arrow, then the overall stars (entered at the first star).
    await tabs(page, [[page.getByRole('button', {name: '返回'}), 'the back arrow'],
      [overall.getByRole('radio', {name: '总体满意度 1'}), 'the first overall star']]);
    for (let i = 2; i <= 4; i++) await key(page, 'ArrowRight', overall.getByRole('radio', {name: `总体满意度 ${i}`}), `star ${i}`);
    await checked(overall.getByRole('radio', {name: '总体满意度 4'}), '4 overall stars');
    assert.equal(await overall.getByRole('radio', {checked: true}).count(), 1, 'one star is the rating');
    await key(page, 'Tab', resolved.getByRole('radio', {name: '已解决'}), '已解决');
    await choose(page, 'Space', resolved.getByRole('radio', {name: '已解决'}), '已解决');
    for (const [aspect, stars] of [['服务态度', 5], ['处理速度', 3], ['处理结果', 4]]) {
      const group = page.getByRole('radiogroup', {name: aspect});
      await key(page, 'Tab', group.getByRole('radio', {name: `${aspect} 1`}), `the first ${aspect} star`);
      // ArrowLeft wraps from the first star to the last; ArrowRight from the last to the first.
      await key(page, 'ArrowLeft', group.getByRole('radio', {name: `${aspect} 5`}), `${aspect} 5 (wrapped)`);
      for (let i = 5; i > stars; i--) await key(page, 'ArrowLeft', group.getByRole('radio', {name: `${aspect} ${i - 1}`}), `${aspect} ${i - 1}`);
      await checked(group.getByRole('radio', {name: `${aspect} ${stars}`}), `${aspect} ${stars}`);
    }
    await tabAndType(page, '意见和建议（选填）', '处理及时，谢谢', 'insert');
    await key(page, 'Tab', submit, '提交评价');
    assert.equal(await submit.getAttribute('aria-disabled'), null, 'complete: 提交评价 is enabled');
    await page.keyboard.press('Enter');
    // The thanks: a heading, spoken; the focus goes back to the title (the button went).
    await shows(page.getByRole('heading', {name: '感谢您的评价', level: 2}), 'the thank-you heading', 20000);
    await liveText(page, 'status', /感谢您的评价/, 'the thanks');
    await expectFocus(page, page.getByRole('heading', {name: '满意度回访', level: 1}), 'the survey title');
    await shows(page.getByRole('button', {name: '返回首页'}), 'the home button');
    await screenshot(page, `a11y-survey-thanks-${device}`);
    // The server has the rating as given, and the complaint is closed.
    const rated = await staffView(no);
    assert.deepEqual(rated.survey, {overall: 4, resolved: true, aspects: {attitude: 5, speed: 3, result: 4},
                                    comment: '处理及时，谢谢'});
    assert.equal(rated.status, 'closed');
    assert.deepEqual(problems, []);
    await context.close();
  });
}
