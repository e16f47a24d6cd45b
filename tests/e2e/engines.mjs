// tests/e2e/engines.mjs — the three browser engines customers use, behind one small driver: Blink
// (Chromium, playwright-core), Gecko (Firefox ESR, puppeteer-core over WebDriver BiDi) and WebKit
// (WebKitGTK's MiniBrowser, classic WebDriver over fetch). Firefox and WebKit have no WebGL when
// headless here: they run headful on an Xvfb this module starts (and stops) when DISPLAY is unset.
//
// A Tab offers only what every engine's driver can really do: load a page, run a script, a real
// mouse click and wheel, real keys and typed text, a screenshot. What a driver cannot do is
// synthesized in the page, and says so where it is done: IME composition outside Chromium (events
// in the order each engine sends them), touch (WebKitGTK's driver sends touch as a mouse), a file
// chosen in the device's picker.
import {spawn} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {chromium} from 'playwright-core';
import puppeteer from 'puppeteer-core';
import {ARTEFACTS, CHROMIUM_ARGS} from './harness.mjs';

export const ALL_ENGINES = ['chromium', 'firefox', 'webkit'];
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

// ---- the X display for the headful engines ------------------------------------------------------
let xvfb = null;
async function display() {
  if (process.env.CW_DISPLAY) return process.env.CW_DISPLAY;
  if (!xvfb) {
    xvfb = new Promise((resolve, reject) => {
      // -displayfd: Xvfb picks a free display number and writes it to fd 3 when it is ready.
      const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1400x1100x24', '-nolisten', 'tcp'],
                         {stdio: ['ignore', 'ignore', 'pipe', 'pipe']});
      let out = '', err = '';
      proc.stderr.on('data', (d) => { err += d; });
      proc.stdio[3].on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve({proc, name: ':' + out.trim()});
      });
      proc.once('exit', (code) => reject(new Error(`Xvfb exited ${code}: ${err}`)));
    });
    const {proc} = await xvfb;
    process.once('exit', () => proc.kill('SIGTERM'));
  }
  return (await xvfb).name;
}

export async function stopDisplay() {
  if (!xvfb) return;
  const {proc} = await xvfb;
  proc.kill('SIGTERM');
  xvfb = null;
}

async function headfulEnv() {
  // Mesa's llvmpipe: WebGL 2.0 in software, like SwiftShader for Chromium.
  return {...process.env, DISPLAY: await display(), LIBGL_ALWAYS_SOFTWARE: '1'};
}

// ---- WebDriver keys (W3C WebDriver §17.4.2) and Playwright's names for them ------------------------
const WD_KEYS = {Tab: '\uE004', Enter: '\uE007', Shift: '\uE008', Space: ' ', Backspace: '\uE003',
                 Escape: '\uE00C', ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014',
                 ArrowDown: '\uE015', Control: '\uE009', Delete: '\uE017', Home: '\uE011', End: '\uE010'};

// ---- the in-page part of what drivers cannot do ---------------------------------------------------
// Composition as each engine orders it, on the focused text agent. Blink and Gecko: the commit's
// `input` (isComposing) comes before `compositionend`. WebKit: `compositionend` first, then an
// `input` that is no longer composing, then the key that confirmed it as keyCode 229.
function composeInPage([pinyin, text, order]) {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || !('value' in el)) throw new Error('no focused text field to compose in');
  const start = el.selectionStart ?? el.value.length, end = el.selectionEnd ?? el.value.length;
  const before = el.value.slice(0, start), after = el.value.slice(end);
  const input = (data, composing, inputType) => el.dispatchEvent(new InputEvent('input',
    {data, isComposing: composing, inputType, bubbles: true, composed: true}));
  const comp = (type, data) => el.dispatchEvent(new CompositionEvent(type, {data, bubbles: true, composed: true}));
  el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Process', keyCode: 229, bubbles: true, composed: true}));
  comp('compositionstart', '');
  for (let i = 1; i <= pinyin.length; i++) {  // the pre-edit grows letter by letter
    const pre = pinyin.slice(0, i);
    comp('compositionupdate', pre);
    el.value = before + pre + after;
    input(pre, true, 'insertCompositionText');
  }
  comp('compositionupdate', text);
  el.value = before + text + after;
  el.setSelectionRange?.(before.length + text.length, before.length + text.length);
  if (order === 'open') return;  // still composing: the field is left before the commit
  if (order === 'webkit') {
    comp('compositionend', text);
    input(text, false, 'insertFromComposition');
    el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', keyCode: 229, bubbles: true, composed: true}));
  } else {
    input(text, true, 'insertCompositionText');
    comp('compositionend', text);
  }
}

// Input the driver cannot send, dispatched on the element under the point (through shadow roots):
// 'touch', a finger's tap as PointerEvents with pointerType 'touch'; 'wheel', a wheel in pixels.
function inputAtInPage([kind, x, y, dy]) {
  let el = document.elementFromPoint(x, y);
  while (el && el.shadowRoot) {
    const inner = el.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === el) break;
    el = inner;
  }
  const at = {bubbles: true, composed: true, cancelable: true, clientX: x, clientY: y};
  if (kind === 'wheel') {
    el.dispatchEvent(new WheelEvent('wheel', {...at, deltaY: dy, deltaMode: 0}));
  } else {
    const send = (type) => el.dispatchEvent(new PointerEvent(type, {...at, pointerType: 'touch', pointerId: 11,
      isPrimary: true, button: 0, buttons: type === 'pointerdown' ? 1 : 0}));
    send('pointerdown');
    send('pointerup');
  }
  return el.tagName.toLowerCase();
}

// The device's file picker cannot be driven: the files are set on the widget's <input type=file>
// through a DataTransfer and `change` is sent, as the picker does.
function setFilesInPage([selector, files]) {
  const host = document.querySelector(selector);
  const input = host.shadowRoot.querySelector('input[type=file]');
  const dt = new DataTransfer();
  for (const f of files) {
    const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
    dt.items.add(new File([bytes], f.name, {type: f.type}));
  }
  input.files = dt.files;
  input.dispatchEvent(new Event('change', {bubbles: true}));
}

// ---- the Tab: one page in one engine ------------------------------------------------------------
class Tab {
  constructor(engine, {width, height}) {
    this.engine = engine;
    this.width = width;
    this.height = height;
  }

  // Polls fn(arg) in the page until it returns something truthy; the value is returned.
  async waitFor(fn, arg, {timeout = 15000, what = 'a condition'} = {}) {
    const t0 = Date.now();
    let last, error;
    for (;;) {
      try {
        last = await this.eval(fn, arg);
        if (last) return last;
      } catch (e) {
        error = e;  // a navigation in progress: try again
      }
      if (Date.now() - t0 > timeout) {
        throw new Error(`${this.engine}: timed out waiting for ${what} (last: ${JSON.stringify(last)}` +
                        `${error ? '; ' + error.message : ''})`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async compose(pinyin, text) {
    await this.eval(composeInPage, [pinyin, text, this.engine === 'webkit' ? 'webkit' : 'blink']);
  }

  // A composition left open (the pre-edit shows `text`), as when the customer taps elsewhere mid-word.
  async composeOpen(pinyin, text) { await this.eval(composeInPage, [pinyin, text, 'open']); }

  async touchTap(x, y) { return this.eval(inputAtInPage, ['touch', x, y]); }

  async setFiles(selector, files) {
    await this.eval(setFilesInPage, [selector, files.map((f) => ({name: f.name, type: f.type,
                                                                   base64: Buffer.from(f.buffer).toString('base64')}))]);
  }

  async screenshot(name) {
    mkdirSync(path.join(ARTEFACTS, 'engines'), {recursive: true});
    const file = path.join(ARTEFACTS, 'engines', `${this.engine}-${name}.png`);
    writeFileSync(file, await this.png());
    return file;
  }
}

// A tab on a Playwright or Puppeteer page: the calls both drivers spell the same.
class PageTab extends Tab {
  goto(url) { return this.page.goto(url); }
  eval(fn, arg) { return this.page.evaluate(fn, arg); }
  async click(x, y) { await this.page.mouse.click(x, y); }
  png() { return this.page.screenshot(); }
  close() { return this.context.close(); }
}

class PlaywrightTab extends PageTab {
  static async open(browser, size) {
    const tab = new PlaywrightTab('chromium', size);
    tab.context = await browser.newContext({viewport: size});
    tab.page = await tab.context.newPage();
    tab.cdp = await tab.context.newCDPSession(tab.page);
    return tab;
  }
  async wheel(x, y, dy) {
    await this.page.mouse.move(x, y);
    await this.page.mouse.wheel(0, dy);
  }
  async press(key) { await this.page.keyboard.press(key); }
  async type(text) { await this.page.keyboard.insertText(text); }
  // Chromium's driver has a real IME path (CDP): the pre-edit, then the commit.
  async compose(pinyin, text) {
    await this.cdp.send('Input.imeSetComposition', {text: pinyin, selectionStart: pinyin.length, selectionEnd: pinyin.length});
    await this.cdp.send('Input.insertText', {text});
  }
}

class PuppeteerTab extends PageTab {
  static async open(browser, size) {
    const tab = new PuppeteerTab('firefox', size);
    tab.context = await browser.createBrowserContext();
    tab.page = await tab.context.newPage();
    await tab.page.setViewport(size);
    return tab;
  }
  async wheel(x, y, dy) {
    await this.page.mouse.move(x, y);
    await this.page.mouse.wheel({deltaY: dy});
  }
  async press(key) {
    const parts = key.split('+');
    for (const k of parts.slice(0, -1)) await this.page.keyboard.down(k);
    await this.page.keyboard.press(parts.at(-1) === 'Space' ? ' ' : parts.at(-1));
    for (const k of parts.slice(0, -1).reverse()) await this.page.keyboard.up(k);
  }
  async type(text) { await this.page.keyboard.type(text); }
}

// Classic WebDriver (W3C) over fetch: one MiniBrowser session per Tab (a fresh, ephemeral profile).
class WebDriverTab extends Tab {
  static async open(driver, size) {
    const tab = new WebDriverTab('webkit', size);
    tab.base = driver.url;
    const caps = {capabilities: {alwaysMatch: {'webkitgtk:browserOptions': {binary: MINIBROWSER, args: ['--automation']}}}};
    tab.sid = (await tab.wd('POST', '/session', caps)).sessionId;
    tab.base = `${driver.url}/session/${tab.sid}`;
    // The window's outer size; the test reads innerWidth (the driver does not always apply it).
    await tab.wd('POST', '/window/rect', {width: size.width, height: size.height + 38}).catch(() => {});
    await tab.wd('POST', '/timeouts', {script: 60000});
    return tab;
  }
  async wd(method, p, body) {
    const res = await fetch(this.base + p, {method, headers: {'Content-Type': 'application/json'},
                                            body: body === undefined ? undefined : JSON.stringify(body)});
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`webdriver ${method} ${p}: ${res.status} ${JSON.stringify(json.value || json).slice(0, 400)}`);
    return json.value;
  }
  goto(url) { return this.wd('POST', '/url', {url}); }
  async eval(fn, arg) {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn.toString()})(arguments[0])).then(
        (v) => done({ok: v === undefined ? null : v}), (e) => done({err: String(e && e.stack || e)}));`;
    const r = await this.wd('POST', '/execute/async', {script, args: [arg === undefined ? null : arg]});
    if (r && 'err' in r) throw new Error(r.err);
    return r ? r.ok : r;
  }
  async actions(list) {
    await this.wd('POST', '/actions', {actions: list});
    await this.wd('DELETE', '/actions');
  }
  async click(x, y) {
    await this.actions([{type: 'pointer', id: 'mouse', parameters: {pointerType: 'mouse'}, actions: [
      {type: 'pointerMove', x: Math.round(x), y: Math.round(y), duration: 0, origin: 'viewport'},
      {type: 'pointerDown', button: 0}, {type: 'pointerUp', button: 0}]}]);
  }
  // WebKitGTK's driver delivers the first wheel action of a session and then none (2.50; its
  // release scrolls back by as much): the wheel is synthesized in the page, in pixels as WebKit
  // sends it.
  async wheel(x, y, dy) { await this.eval(inputAtInPage, ['wheel', x, y, dy]); }
  async press(key) {
    const parts = key.split('+').map((k) => WD_KEYS[k] || k);
    const acts = [...parts.map((value) => ({type: 'keyDown', value})), ...parts.reverse().map((value) => ({type: 'keyUp', value}))];
    await this.actions([{type: 'key', id: 'keyboard', actions: acts}]);
  }
  async type(text) {
    const acts = [];
    for (const ch of text) acts.push({type: 'keyDown', value: ch}, {type: 'keyUp', value: ch});
    await this.actions([{type: 'key', id: 'keyboard', actions: acts}]);
  }
  async png() { return Buffer.from(await this.wd('GET', '/screenshot'), 'base64'); }
  async close() { await this.wd('DELETE', '').catch(() => {}); }
}

// ---- launching ----------------------------------------------------------------------------------
async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const {port} = s.address();
      s.close(() => resolve(port));
    });
  });
}

// launchEngine(name) → {name, newTab({width, height}), close()}
export async function launchEngine(name) {
  if (name === 'chromium') {
    const browser = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
    return {name, newTab: (size) => PlaywrightTab.open(browser, size), close: () => browser.close()};
  }
  if (name === 'firefox') {
    const browser = await puppeteer.launch({browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: false,
      env: await headfulEnv(), extraPrefsFirefox: {'webgl.force-enabled': true, 'gfx.webrender.software': true}});
    return {name, newTab: (size) => PuppeteerTab.open(browser, size), close: () => browser.close()};
  }
  if (name === 'webkit') {
    const port = await freePort();
    const proc = spawn('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], {env: await headfulEnv(),
                                                                                  stdio: ['ignore', 'ignore', 'pipe']});
    const url = `http://127.0.0.1:${port}`;
    const t0 = Date.now();
    for (;;) {  // ready once /status answers
      const ok = await fetch(url + '/status').then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() - t0 > 10000 || proc.exitCode !== null) throw new Error('WebKitWebDriver did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const driver = {url};
    return {name, newTab: (size) => WebDriverTab.open(driver, size), close: async () => { proc.kill('SIGTERM'); }};
  }
  throw new Error('unknown engine ' + name);
}

// The engines a run covers: CW_ENGINES=firefox,webkit (default: all three).
export function enginesToRun() {
  const want = (process.env.CW_ENGINES || ALL_ENGINES.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const e of want) if (!ALL_ENGINES.includes(e)) throw new Error(`CW_ENGINES: unknown engine ${e}`);
  return want;
}
