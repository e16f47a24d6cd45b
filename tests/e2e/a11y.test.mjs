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
  ROOT, startServer, launchBrowser, watchPage, openWidget, screenshot, staffToken as createStaffToken, registry, distinctColours, item,
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
  await openWidget(page, url + hash);
  await treeReady(page);
  return {context, page, problems};
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
  await page.waitForFunction(async () => (await navigator.clipboard.readText()) === 'TS-261128-7K3M9QXD-4');
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

// ---- a survey (and later a whole filing) by keyboard ------------------------------------------

const PHONE_NO = '13912345678';

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

// A 1 × 1 PNG (the server sniffs the type from the bytes).
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC';

// Tab until the focus is on `name` (at most `max` presses); the Tab order is the visual order.
async function tabTo(page, name, max = 12) {
  for (let i = 0; i < max; i++) {
    const f = await focused(page);
    if (f && f.name === name) return;
    await page.keyboard.press('Tab');
    await page.waitForTimeout(30);
  }
  await waitFocused(page, name);
}

// The text field named `name` is being edited (the text agent has the focus).
async function editing(page, name) {
  await waitItem(page, name, (i) => i.focused === true, {role: 'textbox'});
  await waitFocused(page, name);
}

test('a whole filing with the keyboard only (Tab, arrows, Space, Enter, typing)', async () => {
  const {context, page, problems} = await open(DESKTOP, 'mode="home"', 'a11y-filing');
  await page.keyboard.press('Tab');
  await waitFocused(page, '我要投诉');
  await page.keyboard.press('Enter');
  await page.getByRole('radio', {name: '移动电话'}).waitFor({state: 'attached'});
  await waitFocused(page, '我要投诉');  // the new page's title (level 1 heading)
  assert.equal((await focused(page)).role, 'heading');

  // Step 1: service type, category, number, when. Next on the empty step: errors, spoken.
  await page.getByRole('button', {name: '下一步'}).press('Enter');
  await page.waitForFunction(() => document.querySelector('complaint-widget').shadowRoot
    .querySelector('[role=alert]').textContent.includes('需要修改'));
  await assertAxeClean(page, 'wizard step 1 with errors');
  await page.getByRole('heading', {name: '我要投诉', level: 1}).focus();
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).role, 'radio', 'Tab enters the service type group');
  await page.getByRole('radio', {name: '移动电话'}).press('Space');
  await waitItem(page, '移动电话', (i) => i.checked === true, {role: 'radio'});
  await page.keyboard.press('Tab');
  await waitFocused(page, '费用争议');  // the next group, at its first radio (none chosen yet)
  await page.keyboard.press('Space');
  await waitItem(page, '费用争议', (i) => i.checked === true, {role: 'radio'});
  await page.keyboard.press('Tab');
  await editing(page, '涉及的号码或账号');
  await page.keyboard.type('13912345678');
  await waitItem(page, '涉及的号码或账号', (i) => i.value === '13912345678', {role: 'textbox'});
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).role, 'radio', 'Tab leaves the field for the "when" chips');
  await page.getByRole('radiogroup', {name: '发生时间'}).getByRole('radio', {name: '昨天'}).press('Space');
  await waitItem(page, '昨天', (i) => i.checked === true, {role: 'radio'});
  await page.getByRole('button', {name: '下一步'}).press('Enter');

  // Step 2: problem and demand (Chinese through the text agent).
  await page.waitForFunction(() => location.hash === '#/file/2');
  await page.getByRole('textbox', {name: '遇到的问题'}).waitFor({state: 'attached'});
  await waitFocused(page, '我要投诉');  // a new step is a new page: the focus is at its top
  await tabTo(page, '遇到的问题');
  await editing(page, '遇到的问题');
  await page.keyboard.insertText('本月话费账单多扣了三十元流量费，我并没有使用这些流量');
  await waitItem(page, '遇到的问题', (i) => (i.value || '').length > 10, {role: 'textbox'});
  await page.keyboard.press('Tab');
  await editing(page, '您的诉求');
  await page.keyboard.insertText('退还多扣的三十元');
  await waitItem(page, '您的诉求', (i) => i.value === '退还多扣的三十元', {role: 'textbox'});
  await page.getByRole('button', {name: '下一步'}).press('Enter');

  // Step 3: contact and the reply method.
  await page.waitForFunction(() => location.hash === '#/file/3');
  await page.getByRole('textbox', {name: '姓名'}).waitFor({state: 'attached'});
  await tabTo(page, '姓名');
  await editing(page, '姓名');
  await page.keyboard.insertText('王小明');
  await waitItem(page, '姓名', (i) => i.value === '王小明', {role: 'textbox'});
  await page.keyboard.press('Tab');
  await editing(page, '联系电话');
  await page.keyboard.type('13912345678');
  await waitItem(page, '联系电话', (i) => i.value === '13912345678', {role: 'textbox'});
  await page.getByRole('radiogroup', {name: '希望的答复方式'}).getByRole('radio', {name: '短信'}).press('Space');
  await waitItem(page, '短信', (i) => i.checked === true, {role: 'radio'});
  await page.getByRole('button', {name: '下一步'}).press('Enter');

  // Step 4: evidence: Enter on the button opens the device's file chooser.
  await page.waitForFunction(() => location.hash === '#/file/4');
  const add = page.getByRole('button', {name: '添加照片或 PDF'});
  await add.waitFor({state: 'attached'});
  const chooser = page.waitForEvent('filechooser');
  await add.press('Enter');
  await (await chooser).setFiles({name: '账单.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1PX, 'base64')});
  await page.getByRole('button', {name: '移除 账单.png'}).waitFor({state: 'attached', timeout: 15000});
  // Step 5: the consent, then submit.
  await page.getByRole('button', {name: '下一步'}).press('Enter');
  const consent = page.getByRole('checkbox', {name: '我已阅读并同意《个人信息保护说明》'});
  await consent.waitFor({state: 'attached'});
  await page.getByRole('button', {name: '提交投诉'}).press('Enter');
  // Refused without the consent: the reason is spoken (aria-live) and marks nothing else.
  await page.waitForFunction(() => {
    const root = document.querySelector('complaint-widget').shadowRoot;
    return [...root.querySelectorAll('[aria-live]')].some((r) => r.textContent.includes('个人信息保护说明'));
  });
  await consent.press('Space');
  await waitItem(page, '我已阅读并同意《个人信息保护说明》', (i) => i.checked === true, {role: 'checkbox'});
  await page.getByRole('button', {name: '提交投诉'}).press('Enter');

  // The receipt: the number is announced and readable in the tree.
  const number = /TS-\d{6}-[0-9A-Z]{8}-[0-9A-Z]/;
  await page.waitForFunction((re) => {
    const root = document.querySelector('complaint-widget').shadowRoot;
    return new RegExp(re).test(root.querySelector('[role=status]').textContent);
  }, number.source, {timeout: 20000});
  const no = (await registry(page)).find((i) => i.role === 'text' && number.test(i.label)).label.match(number)[0];
  await page.getByText(no, {exact: true}).waitFor({state: 'attached'});
  await waitFocused(page, '投诉已提交');
  await screenshot(page, 'a11y-filing-receipt');
  await assertAxeClean(page, 'receipt');
  const res = await fetch(`${server.url}/api/v1/staff/complaints/${no}`, {headers: {Authorization: 'Bearer ' + staffToken}});
  assert.equal(res.status, 200, 'the complaint is on the server');
  assert.ok(JSON.stringify(await res.json()).includes('本月话费账单多扣了三十元流量费'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a survey from its deep link with the keyboard only', async () => {
  const {no, hash} = await complaintInFollowUp();
  const {context, page, problems} = await open(DESKTOP, '', 'a11y-survey', 'zh-CN', hash);
  const overall = page.getByRole('radiogroup', {name: '总体满意度'});
  await overall.waitFor({state: 'attached'});
  await assertAxeClean(page, 'survey form');
  await page.keyboard.press('Tab');
  await tabTo(page, '总体满意度 1');  // no rating yet: the group is entered at its first star
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await waitItem(page, '总体满意度 4', (i) => i.checked === true, {role: 'radio'});
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).role, 'radio', 'the resolved yes / no group');
  await page.keyboard.press('Space');
  await waitItem(page, '已解决', (i) => i.checked === true, {role: 'radio'});
  for (const [aspect, stars] of [['服务态度', 5], ['处理速度', 3], ['处理结果', 4]]) {
    await page.keyboard.press('Tab');
    await waitFocused(page, `${aspect} 1`);
    for (let i = 1; i < stars; i++) await page.keyboard.press('ArrowRight');
    await waitItem(page, `${aspect} ${stars}`, (i) => i.checked === true, {role: 'radio'});
  }
  await page.keyboard.press('Tab');
  await editing(page, '意见和建议（选填）');
  await page.keyboard.insertText('处理及时，谢谢');
  await waitItem(page, '意见和建议（选填）', (i) => i.value === '处理及时，谢谢', {role: 'textbox'});
  await page.keyboard.press('Tab');
  await waitFocused(page, '提交评价');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__cwEvents.some((e) => e.type === 'complaint:survey-submitted'), null,
                             {timeout: 20000});
  await page.waitForFunction(() => document.querySelector('complaint-widget').shadowRoot
    .querySelector('[role=status]').textContent.includes('感谢您的评价'));
  await screenshot(page, 'a11y-survey-thanks');
  const res = await fetch(`${server.url}/api/v1/staff/complaints/${no}`, {headers: {Authorization: 'Bearer ' + staffToken}});
  const text = JSON.stringify(await res.json());
  assert.ok(text.includes('处理及时，谢谢'), 'the survey reached the server');
  assert.deepEqual(problems, []);
  await context.close();
});
