// tests/e2e/engines.test.mjs — the customer's journeys in each engine customers use (Chromium, Firefox
// ESR, WebKitGTK: tests/e2e/engines.mjs), against the real server: a real mouse click on every kind
// of drawn control, text entry (composition in the engine's order, beyond the BMP, copy and paste,
// Backspace over a surrogate pair), a whole filing with a photo, the track screen after a staff move,
// the survey from its link, a keyboard-only filing through the accessibility tree, a filing while the
// server is down that turns into a receipt, the on-screen keyboard, WebGL context loss, and the
// loader's failure panel. Screenshots of each in build/test-artefacts/engines/. CW_ENGINES=firefox,webkit picks engines (default: all three).
import {describe, test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {cpSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {randomUUID} from 'node:crypto';
import {ROOT, startServer, staffToken} from './harness.mjs';
import {png, NUMBER} from './journeys.mjs';
import {launchEngine, enginesToRun, stopDisplay} from './engines.mjs';

const PHONE_NO = '13912345678';
const SIZE = {width: 1024, height: 860};

// The bundle plus a test page: a classic script (CSP-safe, before the module) that records errors
// and complaint:* events, can take WebGL2 away (?nowebgl), and makes the widget from ?a-NAME=VALUE.
const PAGE_JS = `// engines-page.js — test page set-up (tests/e2e/engines.test.mjs)
window.__errors = [];
window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => window.__errors.push('unhandled: ' + String(e.reason && e.reason.message || e.reason)));
window.__cwEvents = [];
for (const t of ['ready', 'error', 'submitted', 'queued', 'status', 'survey-submitted']) {
  document.addEventListener('complaint:' + t, (e) => window.__cwEvents.push({type: e.type, detail: e.detail}));
}
const q = new URLSearchParams(location.search);
if (q.has('nowebgl')) {
  const get = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, ...rest) { return kind === 'webgl2' ? null : get.call(this, kind, ...rest); };
}
// ?keyboard: no driver raises an on-screen keyboard; a stand-in visualViewport whose height the test
// sets (window.__keyboard(h)) sends 'resize' as a phone's does when its keyboard opens or closes.
if (q.has('keyboard')) {
  const vv = new EventTarget(), state = {};
  for (const k of ['offsetTop', 'offsetLeft', 'pageTop', 'pageLeft']) Object.defineProperty(vv, k, {get: () => 0});
  Object.defineProperty(vv, 'scale', {get: () => 1});
  Object.defineProperty(vv, 'width', {get: () => document.documentElement.clientWidth});
  Object.defineProperty(vv, 'height', {get: () => state.height ?? document.documentElement.clientHeight});
  Object.defineProperty(window, 'visualViewport', {value: vv, configurable: true});
  window.__keyboard = (h) => { state.height = h; vv.dispatchEvent(new Event('resize')); };
}
document.addEventListener('DOMContentLoaded', () => {
  const w = document.createElement('complaint-widget');
  w.style.cssText = 'display:block;height:100vh';
  for (const [k, v] of q) if (k.startsWith('a-')) w.setAttribute(k.slice(2), v);
  document.body.append(w);
});
`;
const PAGE_HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>engines</title><script src="/engines-page.js"></script>
<script type="module" src="/complaint-widget.js"></script></head><body style="margin:0"></body></html>`;

let staticDir;
before(() => {
  staticDir = mkdtempSync(path.join(tmpdir(), 'cw-engines-web-'));
  cpSync(path.join(ROOT, 'dist/web'), staticDir, {recursive: true});
  writeFileSync(path.join(staticDir, 'engines.html'), PAGE_HTML);
  writeFileSync(path.join(staticDir, 'engines-page.js'), PAGE_JS);
});
after(async () => {
  rmSync(staticDir, {recursive: true, force: true});
  await stopDisplay();
});

// ---- helpers on a Tab -------------------------------------------------------------------------------
const registry = (tab) => tab.eval(() => {
  const w = document.querySelector('complaint-widget');
  return w && w._registry ? w._registry() : [];
});

async function waitItem(tab, label, pred = () => true, {role, timeout = 20000} = {}) {
  const t0 = Date.now();
  let items = [], it;
  while (Date.now() - t0 < timeout) {
    items = await registry(tab).catch(() => []);
    it = items.find((i) => i.label === label && (!role || i.role === role));
    if (it && pred(it)) return it;
    await new Promise((r) => setTimeout(r, 60));
  }
  const hash = await tab.eval(() => location.hash).catch(() => '?');
  throw new Error(`${tab.engine}: "${label}" (${role || 'any'}) not as expected: ${JSON.stringify(it)}; ` +
                  `${hash}: ${items.map((i) => `${i.role}:${i.label}`).join(' | ').slice(0, 1200)}`);
}

const canvasRect = (tab) => tab.eval(() => {
  const r = document.querySelector('complaint-widget').shadowRoot.querySelector('canvas').getBoundingClientRect();
  return {x: r.left, y: r.top, w: r.width, h: r.height};
});

// Wheels the widget's page until the item is clear of the top and bottom bars, then waits until it
// stops moving (a glide).
async function reveal(tab, label, role) {
  const o = await canvasRect(tab);
  let it = await waitItem(tab, label, () => true, {role});
  for (let i = 0; i < 30; i++) {
    const bottomBar = 100;
    if (!it.hidden && it.y >= 60 && it.y + it.h <= o.h - bottomBar) break;
    if (!it.hidden && it.y >= 60 && it.y + it.h <= o.h && it.y > o.h - bottomBar) break;  // in the bottom bar
    const dy = it.hidden ? (it.y < 60 ? -240 : 240) : (it.y < 60 ? it.y - 120 : it.y + it.h - (o.h - bottomBar) + 40);
    await tab.wheel(o.x + 20, o.y + o.h / 2, dy);
    await new Promise((r) => setTimeout(r, 120));
    it = await waitItem(tab, label, () => true, {role});
  }
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 60));
    const again = await waitItem(tab, label, () => true, {role});
    if (again.y === it.y) return again;
    it = again;
  }
  return it;
}

// Waits until the widget draws no more frames (it draws none while idle): the layout a click
// aims at is the one on screen (a chip chosen just before may have removed an error line above).
async function settle(tab, timeout = 5000) {
  const frames = () => tab.eval(() => document.querySelector('complaint-widget').stats().frames);
  const t0 = Date.now();
  let last = await frames();
  while (Date.now() - t0 < timeout) {
    await new Promise((r) => setTimeout(r, 150));
    const now = await frames();
    if (now === last) return;
    last = now;
  }
}

// A real mouse click (or a synthesized touch tap) on the centre of the item.
async function click(tab, label, role, {touch = false} = {}) {
  const it = await waitItem(tab, label, (i) => !i.disabled, {role});
  await settle(tab);
  const shown = await reveal(tab, label, role);
  const o = await canvasRect(tab);
  const x = o.x + shown.x + shown.w / 2, y = o.y + shown.y + shown.h / 2;
  const view = await tab.eval(() => [innerWidth, innerHeight]);
  if (x < 0 || y < 0 || x >= view[0] || y >= view[1]) {
    throw new Error(`${tab.engine}: "${label}" at ${x},${y} is outside the ${view} viewport: ${JSON.stringify(shown)}, canvas ${JSON.stringify(o)}`);
  }
  if (touch) await tab.touchTap(x, y);
  else await tab.click(x, y);
  await new Promise((r) => setTimeout(r, 80));
  return it;
}

const hash = (tab) => tab.eval(() => location.hash);
const waitHash = (tab, h, timeout = 20000) => tab.waitFor((x) => location.hash === x, h, {timeout, what: 'the route ' + h});

// Opens the test page (query: widget attributes as a-NAME) and waits for complaint:ready.
async function openPage(tab, url, query = '', h = '') {
  await tab.goto(`${url}/engines.html${query}${h}`);
  await tab.waitFor(() => (window.__cwEvents || []).some((e) => e.type === 'complaint:ready') &&
                         document.querySelector('complaint-widget')._registry().length > 0, null,
                    {timeout: 40000, what: 'complaint:ready'});
}

const pageErrors = (tab) => tab.eval(() => window.__errors);

// The text agent's state: focused, its value.
const agent = (tab) => tab.eval(() => {
  const root = document.querySelector('complaint-widget').shadowRoot;
  const el = root.querySelector('.cw-agent');
  return el ? {focused: root.activeElement === el, value: el.value, label: el.getAttribute('aria-label')} : null;
});

async function typeInto(tab, label, text, how) {
  await click(tab, label, 'textbox');
  await tab.waitFor((l) => {
    const root = document.querySelector('complaint-widget').shadowRoot;
    const el = root.querySelector('.cw-agent');
    return el && root.activeElement === el && el.getAttribute('aria-label') === l;
  }, label, {what: `the text agent on ${label}`});
  if (how.pinyin) await tab.compose(how.pinyin, text);
  else await tab.type(text);
  await waitItem(tab, label, (i) => (i.value || '').endsWith(text), {role: 'textbox'});
}

async function staffCase(server, token, no) {
  const res = await fetch(`${server.url}/api/v1/staff/complaints/${no}`, {headers: {Authorization: 'Bearer ' + token}});
  assert.equal(res.status, 200, `staff lookup of ${no}`);
  return res.json();
}

async function staffAct(server, token, no, body) {
  const r = await fetch(`${server.url}/api/v1/staff/complaints/${no}/actions`, {method: 'POST', body: JSON.stringify(body),
    headers: {'Content-Type': 'application/json', Authorization: 'Bearer ' + token, 'Idempotency-Key': randomUUID()}});
  assert.equal(r.status, 200, `${body.action}: ${await r.text()}`);
}

async function receiptNumber(tab, timeout = 60000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeout) {
    const it = (await registry(tab).catch(() => [])).find((i) => NUMBER.test(i.label));
    if (it) return it.label;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${tab.engine}: no acceptance number: ${(await registry(tab)).map((i) => i.label).join(' | ')}`);
}

// Steps 1–3 of the wizard by mouse, Chinese by composition.
async function steps1to3(tab) {
  await waitHash(tab, '#/file/1');
  await click(tab, '下一步', 'button');
  await waitItem(tab, '涉及的号码或账号', (i) => i.invalid, {role: 'textbox'});
  assert.equal(await hash(tab), '#/file/1', 'an empty step does not move on');
  await click(tab, '移动电话', 'radio');
  await waitItem(tab, '移动电话', (i) => i.checked, {role: 'radio'});
  await click(tab, '费用争议', 'radio');
  await typeInto(tab, '涉及的号码或账号', PHONE_NO, {});
  await click(tab, '昨天', 'radio');
  await waitItem(tab, '昨天', (i) => i.checked, {role: 'radio'});
  await click(tab, '下一步', 'button');
  await waitHash(tab, '#/file/2');
  await typeInto(tab, '遇到的问题', '本月话费账单多扣了三十元流量费，我并没有使用这些流量', {pinyin: 'benyue'});
  await typeInto(tab, '您的诉求', '退还多扣的三十元', {pinyin: 'tuihuan'});
  await click(tab, '下一步', 'button');
  await waitHash(tab, '#/file/3');
  await typeInto(tab, '姓名', '王小明', {pinyin: 'wangxiaoming'});
  await typeInto(tab, '联系电话', PHONE_NO, {});
  await click(tab, '短信', 'radio');
  await waitItem(tab, '短信', (i) => i.checked, {role: 'radio'});
  await click(tab, '下一步', 'button');
  await waitHash(tab, '#/file/4');
}

// The accessible name of the focused node in the widget (through its shadow root).
const focused = (tab) => tab.eval(() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  return el ? (el.getAttribute('aria-label') || el.textContent || '').trim() : '';
});

// Presses Tab until the focus is on `name` (the accessibility tree owns the order; Chromium's suite
// checks it node by node).
async function tabTo(tab, name, max = 30) {
  // The new screen's title takes the focus first; its other nodes join the tree a frame or two
  // later (a Tab pressed before then finds only what is there yet): wait for the target's node.
  await tab.waitFor((n) => [...document.querySelector('complaint-widget').shadowRoot.querySelectorAll('.a11y *')]
    .some((el) => (el.getAttribute('aria-label') || el.textContent || '').trim() === n), name, {what: `the node ${name}`});
  const seen = [];
  for (let i = 0; i < max; i++) {
    await tab.press('Tab');
    let now = '';
    for (let k = 0; k < 10; k++) {  // the tree moves the focus within a frame
      now = await focused(tab);
      if (now === name) return;
      await new Promise((r) => setTimeout(r, 30));
    }
    seen.push(now);
  }
  throw new Error(`${tab.engine}: Tab never reached "${name}"; focus went ${seen.join(' → ')}`);
}

// Tab to a text field: its node in the tree hands the focus over to the text agent (the real
// <input>) within a frame; typing goes there, so wait for it.
async function tabToField(tab, name) {
  await tabTo(tab, name);
  await tab.waitFor((l) => {
    const root = document.querySelector('complaint-widget').shadowRoot;
    const el = root.querySelector('.cw-agent');
    return el && root.activeElement === el && el.getAttribute('aria-label') === l;
  }, name, {what: `the text agent on ${name}`});
}

// Waits until the focus is on `name` (with `role`, when given): a new screen moves it to its title
// within a frame or two, and a Tab pressed before that starts from the node that went away (the
// home screen's 我要投诉 button has the same name as the wizard's title).
async function untilFocused(tab, name, role = null) {
  await tab.waitFor(([n, r]) => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el && el.isConnected && (el.getAttribute('aria-label') || el.textContent || '').trim() === n &&
           (!r || el.getAttribute('role') === r);
  }, [name, role], {timeout: 10000, what: `the focus on ${name}`}).catch(async (e) => {
    throw new Error(`${e.message}; the focus is on "${await focused(tab)}"`);
  });
}

// By keyboard: Tab to the field, type (or compose) `text`, wait until the widget holds it.
async function keyField(tab, name, text, pinyin) {
  await tabToField(tab, name);
  if (pinyin) await tab.compose(pinyin, text);
  else await tab.type(text);
  await waitItem(tab, name, (i) => i.value === text, {role: 'textbox'});
}

// By keyboard: Tab to 下一步, Enter; step n's title has the focus.
async function keyNextStep(tab, n) {
  await tabTo(tab, '下一步');
  await tab.press('Enter');
  await waitHash(tab, '#/file/' + n);
  await untilFocused(tab, '我要投诉', 'heading');
}

// ---- the journeys, per engine -----------------------------------------------------------------------
for (const engineName of enginesToRun()) {
  describe(engineName, {concurrency: 1}, () => {
    let engine, server, token;
    before(async () => {
      server = await startServer(['--dev', '--rate-limits', 'off'], {staticDir});
      token = staffToken(server, 'agent', `e2e-${engineName}`);
      engine = await launchEngine(engineName);
    });
    after(async () => {
      await engine?.close();
      await server?.stop();
    });

    // Opens a tab, runs fn, closes it; on failure a screenshot tells what the customer saw.
    const withTab = async (name, fn) => {
      const tab = await engine.newTab(SIZE);
      try {
        await fn(tab);
        assert.deepEqual(await pageErrors(tab), [], 'no script errors on the page');
      } catch (e) {
        await tab.screenshot(`${name}-FAILED`).catch(() => {});
        e.message += `\nthe page's errors: ${JSON.stringify(await pageErrors(tab).catch(() => '?'))}` +
                     `\nthe server's last lines:\n${server.log.slice(-12).join('')}`;
        throw e;
      } finally {
        await tab.close();
      }
    };

    test('a real mouse click activates every kind of drawn control; a touch tap too', () => withTab('controls', async (tab) => {
      await openPage(tab, server.url, '?a-mode=gallery');
      await click(tab, '宽带上网', 'radio');  // a chip (radio)
      await waitItem(tab, '宽带上网', (i) => i.checked, {role: 'radio'});
      await click(tab, '服务态度 2', 'radio');  // a star
      await waitItem(tab, '服务态度 2', (i) => i.checked, {role: 'radio'});
      await click(tab, '我已阅读并同意《个人信息保护说明》', 'checkbox');
      await waitItem(tab, '我已阅读并同意《个人信息保护说明》', (i) => i.checked, {role: 'checkbox'});
      await click(tab, '下一步', 'button');  // a button: the gallery announces 草稿已自动保存 when pressed
      await tab.waitFor(() => document.querySelector('complaint-widget').shadowRoot.textContent.includes('草稿已自动保存'),
                        null, {what: 'the button press announced'});
      await click(tab, '联系电话', 'textbox');  // a text field: the DOM text agent takes the focus
      await tab.waitFor(() => {
        const root = document.querySelector('complaint-widget').shadowRoot;
        const el = root.querySelector('.cw-agent');
        return el && root.activeElement === el && el.getAttribute('aria-label') === '联系电话';
      }, null, {what: 'the text agent on 联系电话'});
      // A finger's tap (touch PointerEvents) selects too, and leaves no hover behind.
      await click(tab, '移动电话', 'radio', {touch: true});
      await waitItem(tab, '移动电话', (i) => i.checked, {role: 'radio'});
      await tab.screenshot('controls-gallery');
    }));

    test('text entry: composition in this engine\'s order, beyond the BMP, copy and paste, Backspace over a surrogate pair, the limit in code points, a word composing at blur',
      () => withTab('text', async (tab) => {
        await openPage(tab, server.url, '?a-mode=gallery');
        await typeInto(tab, '姓名', '王喆', {pinyin: 'wangzhe'});
        await tab.type('𠮷');  // a character beyond the BMP, as a key's text
        await waitItem(tab, '姓名', (i) => i.value === '王喆𠮷', {role: 'textbox'});
        // Copy and paste through the system clipboard with the keyboard (select all, copy, end, paste).
        const mod = 'Control';
        await tab.press(`${mod}+a`);
        await tab.press(`${mod}+c`);
        await tab.press('ArrowRight');
        await tab.press(`${mod}+v`);
        await waitItem(tab, '姓名', (i) => i.value === '王喆𠮷王喆𠮷', {role: 'textbox', timeout: 8000});
        // One Backspace takes the whole 𠮷 (two UTF-16 units), nothing else.
        await tab.press('Backspace');
        await waitItem(tab, '姓名', (i) => i.value === '王喆𠮷王喆', {role: 'textbox'});
        // A composition in the middle of the text lands where the caret is, once.
        await tab.press('ArrowLeft');
        await tab.compose('xiao', '小');
        await waitItem(tab, '姓名', (i) => i.value === '王喆𠮷王小喆', {role: 'textbox'});
        assert.equal((await agent(tab)).value, '王喆𠮷王小喆', 'the DOM field and the widget agree');
        await tab.screenshot('text-entry');
        // The field's limit counts code points: as many 𠮷 as the limit (two UTF-16 units each) fit,
        // one more is cut (a DOM maxlength would have stopped at half).
        const max = (await waitItem(tab, '您的诉求', () => true, {role: 'textbox'})).maxlength;
        assert.ok(max > 0, 'the field has a limit');
        await click(tab, '您的诉求', 'textbox');
        await tab.waitFor(() => document.querySelector('complaint-widget').shadowRoot.activeElement?.getAttribute('aria-label') === '您的诉求',
                          null, {what: 'the agent on 您的诉求'});
        await tab.compose('ji', '𠮷'.repeat(max + 1));
        await waitItem(tab, '您的诉求', (i) => i.value === '𠮷'.repeat(max), {role: 'textbox'});
        assert.equal((await agent(tab)).value, '𠮷'.repeat(max), 'the DOM field is cut too');
        // A word still composing when the customer clicks elsewhere is kept, not lost.
        await click(tab, '姓名', 'textbox');
        await tab.waitFor(() => document.querySelector('complaint-widget').shadowRoot.activeElement?.getAttribute('aria-label') === '姓名',
                          null, {what: 'the agent on 姓名'});
        await tab.press('End');
        await tab.composeOpen('ming', '明');
        await click(tab, '宽带上网', 'radio');
        await waitItem(tab, '姓名', (i) => i.value === '王喆𠮷王小喆明', {role: 'textbox'});
      }));

    test('a whole filing with a photo; my complaints; the track screen after a staff move', () => withTab('filing', async (tab) => {
      await openPage(tab, server.url, '?a-mode=home');
      await tab.screenshot('filing-home');
      await click(tab, '我要投诉', 'button');
      await steps1to3(tab);
      await tab.waitFor(() => !!document.querySelector('complaint-widget').shadowRoot.querySelector('input[type=file]'),
                        null, {what: 'the file picker'});
      await tab.setFiles('complaint-widget', [{name: '账单截图.png', type: 'image/png', buffer: png()}]);
      await waitItem(tab, '账单截图.png', () => true, {role: 'button'});
      await tab.screenshot('filing-4-evidence');
      await click(tab, '下一步', 'button');
      await waitHash(tab, '#/file/5');
      await click(tab, '我已阅读并同意《个人信息保护说明》', 'checkbox');
      await waitItem(tab, '我已阅读并同意《个人信息保护说明》', (i) => i.checked, {role: 'checkbox'});
      await tab.screenshot('filing-5-review');
      await click(tab, '提交投诉', 'button');
      const no = await receiptNumber(tab);
      await waitHash(tab, '#/file/done');
      await tab.screenshot('filing-receipt');
      const c = await staffCase(server, token, no);
      assert.equal(c.filing.problem, '本月话费账单多扣了三十元流量费，我并没有使用这些流量', 'the problem as composed');
      assert.equal(c.filing.customer.name, '王小明');
      assert.equal(c.filing.evidence.length, 1, 'the photo was uploaded and attached');

      // The agent accepts it; my complaints lists it, a click on its row opens the track screen.
      await staffAct(server, token, no, {action: 'accept'});
      await tab.eval(() => { location.hash = '#/mine'; });
      await click(tab, no, 'button');
      await waitHash(tab, '#/track/' + no);
      await waitItem(tab, '状态', (i) => i.value === '已受理', {role: 'text', timeout: 30000});
      await tab.screenshot('track-accepted');
    }));

    test('the survey from its link', () => withTab('survey', async (tab) => {
      const filed = await fetch(server.url + '/api/v1/complaints', {method: 'POST', headers: {'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID()}, body: JSON.stringify({business_type: 'mobile', category: 'billing',
        occurred_at: new Date(Date.now() - 86400000).toISOString(), service_number: PHONE_NO,
        problem: '上个月的账单重复扣除了两次流量包费用。', demand: '退还多扣的费用',
        customer: {name: '王小明', phone: PHONE_NO, reply_method: 'sms'}, consent: true, channel: 'web', client_ref: randomUUID()})});
      assert.equal(filed.status, 201);
      const no = (await filed.json()).acceptance_no;
      for (const body of [{action: 'accept'}, {action: 'assign', department: '计费中心', owner: '李工'},
        {action: 'propose', plan: {measures: '退还 30 元', owner: '李工', due: new Date(Date.now() + 5 * 86400000).toISOString()}},
        {action: 'reply', conclusion: '确属多扣', basis: '计费记录', plan: '退还 30 元', execution: '已退还'},
        {action: 'start_follow_up'}]) await staffAct(server, token, no, body);
      const msgs = await (await fetch(`${server.url}/api/v1/dev/messages?to=${PHONE_NO}`)).json();
      const link = msgs.messages.find((m) => m.kind === 'survey' && m.link.includes(no)).link;
      await openPage(tab, server.url, '', link.slice(link.indexOf('#')));
      for (const a of ['总体满意度 4', '已解决', '服务态度 5', '处理速度 3', '处理结果 4']) {
        await click(tab, a, 'radio');
        await waitItem(tab, a, (i) => i.checked, {role: 'radio'});
      }
      await tab.screenshot('survey-form');
      await click(tab, '提交评价', 'button');
      await waitItem(tab, '感谢您的评价', () => true, {timeout: 30000});
      await tab.screenshot('survey-thanks');
      const rated = await staffCase(server, token, no);
      assert.deepEqual(rated.survey, {overall: 4, resolved: true, aspects: {attitude: 5, speed: 3, result: 4}, comment: ''});
      assert.equal(rated.status, 'closed');
    }));

    test('a keyboard-only filing through the accessibility tree', () => withTab('keyboard', async (tab) => {
      await openPage(tab, server.url, '?a-mode=home');
      await tabTo(tab, '我要投诉');
      await tab.press('Enter');
      await waitHash(tab, '#/file/1');
      await untilFocused(tab, '我要投诉', 'heading');
      await tabTo(tab, '固定电话');
      await tab.press('ArrowRight');
      await waitItem(tab, '移动电话', (i) => i.checked, {role: 'radio'});
      await tabTo(tab, '费用争议');
      await tab.press('Space');
      await waitItem(tab, '费用争议', (i) => i.checked, {role: 'radio'});
      await keyField(tab, '涉及的号码或账号', PHONE_NO);
      await tabTo(tab, '今天');
      await tab.press('ArrowRight');
      await waitItem(tab, '昨天', (i) => i.checked, {role: 'radio'});
      await keyNextStep(tab, 2);
      await keyField(tab, '遇到的问题', '本月话费账单多扣了三十元流量费', 'benyue');
      await keyField(tab, '您的诉求', '退还多扣的三十元', 'tuihuan');
      await keyNextStep(tab, 3);
      await keyField(tab, '姓名', '王小明', 'wangxiaoming');
      await keyField(tab, '联系电话', PHONE_NO);
      await tabTo(tab, '电话');
      await tab.press('ArrowRight');
      await waitItem(tab, '短信', (i) => i.checked, {role: 'radio'});
      await keyNextStep(tab, 4);
      await keyNextStep(tab, 5);
      await tabTo(tab, '我已阅读并同意《个人信息保护说明》');
      await tab.press('Space');
      await waitItem(tab, '我已阅读并同意《个人信息保护说明》', (i) => i.checked, {role: 'checkbox'});
      await tabTo(tab, '提交投诉');
      await tab.press('Enter');
      const no = await receiptNumber(tab);
      await untilFocused(tab, '投诉已提交', 'heading');
      await tab.screenshot('keyboard-receipt');
      const c = await staffCase(server, token, no);
      assert.equal(c.filing.demand, '退还多扣的三十元');
      assert.equal(c.filing.customer.reply_method, 'sms');
    }));

    test('the filing made while the server is down turns into a receipt once it is back', async () => {
      const dbDir = mkdtempSync(path.join(tmpdir(), 'cw-engines-down-'));
      const first = await startServer(['--dev', '--rate-limits', 'off'], {dbDir, staticDir});
      const listen = new URL(first.url).host;
      let again = null;
      try {
        await withTab('offline', async (tab) => {
          await openPage(tab, first.url, '?a-mode=home');
          await click(tab, '我要投诉', 'button');
          await steps1to3(tab);
          await click(tab, '下一步', 'button');
          await waitHash(tab, '#/file/5');
          await click(tab, '我已阅读并同意《个人信息保护说明》', 'checkbox');
          await waitItem(tab, '我已阅读并同意《个人信息保护说明》', (i) => i.checked, {role: 'checkbox'});
          first.proc.kill('SIGKILL');  // the network is gone: connections are refused
          await new Promise((r) => first.proc.exitCode !== null ? r() : first.proc.once('exit', r));
          await click(tab, '提交投诉', 'button');
          await waitItem(tab, '已保存，联网后自动提交', () => true, {timeout: 40000});
          await tab.screenshot('offline-receipt-queued');
          again = await startServer(['--dev', '--rate-limits', 'off'], {dbDir, staticDir, listen});
          const no = await receiptNumber(tab, 90000);
          await waitItem(tab, '我们已收到您的投诉', () => true);
          await tab.screenshot('offline-receipt-sent');
          const events = await tab.eval(() => window.__cwEvents.map((e) => e.type));
          assert.deepEqual(events.filter((t) => t === 'complaint:queued' || t === 'complaint:submitted'),
                           ['complaint:queued', 'complaint:submitted']);
          const t = staffToken(again, 'agent', 'e2e-down');
          assert.equal((await staffCase(again, t, no)).filing.demand, '退还多扣的三十元');
        });
      } finally {
        await again?.stop({keepDir: true});
        await first.stop({keepDir: true});
        rmSync(dbDir, {recursive: true, force: true});
      }
    });

    test('the on-screen keyboard: 下一步 and the field being edited stay above it', () => withTab('keyboard-inset', async (tab) => {
      await openPage(tab, server.url, '?a-mode=gallery&keyboard');
      const h = await tab.eval(() => innerHeight);
      const next0 = await waitItem(tab, '下一步', () => true, {role: 'button'});
      assert.ok(next0.y + next0.h > h - 80, 'the bar starts at the bottom');
      await click(tab, '联系电话', 'textbox');
      await waitItem(tab, '联系电话', (i) => i.focused === true, {role: 'textbox'});
      const top = h - 340;  // a phone keyboard with its suggestion bar
      await tab.eval((k) => window.__keyboard(k), top);
      const next = await waitItem(tab, '下一步', (i) => i.y + i.h <= top && i.y + i.h > top - 80, {role: 'button'});
      await waitItem(tab, '联系电话', (i) => !i.hidden && i.y >= 52 && i.y + i.h <= next.y, {role: 'textbox'});
      assert.equal((await agent(tab)).focused, true, 'still editing');
      await tab.screenshot('keyboard-open');
      await tab.eval(() => window.__keyboard(undefined));
      await waitItem(tab, '下一步', (i) => Math.abs(i.y - next0.y) <= 0.5, {role: 'button'});
    }));

    test('WebGL context lost and restored: the widget draws again and takes clicks', () => withTab('context-loss', async (tab) => {
      await openPage(tab, server.url, '?a-mode=gallery');
      await tab.eval(async () => {
        const c = document.querySelector('complaint-widget').shadowRoot.querySelector('canvas');
        const ext = c.getContext('webgl2').getExtension('WEBGL_lose_context');
        ext.loseContext();
        await new Promise((r) => setTimeout(r, 300));
        ext.restoreContext();
        await new Promise((r) => setTimeout(r, 500));
      });
      const before = await tab.eval(() => document.querySelector('complaint-widget').stats().frames);
      await click(tab, '数据通信', 'radio');
      await waitItem(tab, '数据通信', (i) => i.checked, {role: 'radio'});
      assert.ok(await tab.eval(() => document.querySelector('complaint-widget').stats().frames) > before, 'frames after the restore');
      await tab.screenshot('context-restored');
    }));

    test('without WebGL2 the loader\'s failure panel says why, in Chinese', () => withTab('failure', async (tab) => {
      await tab.goto(`${server.url}/engines.html?nowebgl`);
      const shown = await tab.waitFor(() => {
        const root = document.querySelector('complaint-widget')?.shadowRoot;
        const f = root && root.querySelector('.failure');
        return f && !f.hidden && f.getBoundingClientRect().height > 0 ? f.textContent : null;
      }, null, {timeout: 30000, what: 'the failure panel'});
      assert.match(shown, /此浏览器无法显示自助投诉（需要 WebGL2）/);
      const events = await tab.eval(() => window.__cwEvents.map((e) => e.type + ':' + (e.detail.code || '')));
      assert.deepEqual(events, ['complaint:error:webgl.unavailable']);
      await tab.screenshot('failure-panel');
    }));
  });
}
