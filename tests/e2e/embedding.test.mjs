// tests/e2e/embedding.test.mjs — embedding as DESIGN §6 defines it: the demo pages (website and
// app WebView) under their CSP, complaint:ready, the native bridge (Android and iOS), mount() and
// the handle's methods, attributes (theme-color, care-mode, mode), destroy().
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, watchPage, openWidget, screenshot, distinctColours, decodePng, item, waitItem,
  stats, openWidgetPage,
} from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer(['--dev']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Records CSP violations the page reports (they are not console errors in every version).
async function watchCsp(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

test('website demo: ready under a strict CSP, events bubble out, element methods work', async () => {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  const page = await context.newPage();
  const problems = watchPage(page);
  await watchCsp(page);
  await openWidget(page, server.url + '/demo/site.html');
  const meta = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  assert.match(meta, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(meta, /'unsafe-eval'|'unsafe-inline'/, 'no eval, no inline code or styles');
  const el = await page.evaluate(() => {
    const w = document.getElementById('complaint');
    return {open: !!w.shadowRoot, methods: ['file', 'track', 'openSurvey', 'prefill', 'stats', 'destroy']
      .filter((m) => typeof w[m] === 'function')};
  });
  assert.ok(el.open, 'open shadow root');
  assert.equal(el.methods.length, 6, 'the element exposes the handle methods');
  await item(page, '我要投诉', 'button', '#complaint');
  await page.click('#btn-track');
  await waitItem(page, '查询投诉进度', (i) => i.role === 'heading', {selector: '#complaint'});
  await page.waitForFunction(() => document.getElementById('events').textContent.includes('complaint:ready'));
  const file = await screenshot(page, 'embedding-site');
  assert.ok(await distinctColours(page, await page.screenshot()) > 40, file);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const platform of ['android', 'ios']) {
  test(`app WebView demo (${platform}): bridge messages arrive as JSON {type, detail}`, async () => {
    const context = await browser.newContext({viewport: {width: 900, height: 920}});
    const page = await context.newPage();
    const problems = watchPage(page);
    await watchCsp(page);
    await openWidget(page, server.url + '/demo/app.html' + (platform === 'ios' ? '?platform=ios' : ''));
    await page.waitForFunction(() => window.__bridgeMessages.length > 0);
    const first = JSON.parse(await page.evaluate(() => window.__bridgeMessages[0]));
    assert.deepEqual(first, {type: 'complaint:ready', detail: {}});
    const shown = await page.$eval('#bridge', (n) => n.textContent);
    assert.ok(shown.includes('"type":"complaint:ready"'), 'the fake native side shows the message');
    // Native → web: the handle's methods.
    await page.click('#btn-survey');
    await waitItem(page, '满意度回访', (i) => i.role === 'heading');
    await page.click('#btn-track');
    await waitItem(page, '查询投诉进度', (i) => i.role === 'heading');
    if (platform === 'android') await screenshot(page, 'embedding-app');
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('mount(): options become attributes, the handle works, destroy() removes the widget', async () => {
  const context = await browser.newContext({viewport: {width: 390, height: 700}});
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.route(server.url + '/__test/mount.html', (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: '<!doctype html><meta charset="utf-8"><body style="margin:0"><div id="host" style="height:700px"></div>',
  }));
  await page.goto(server.url + '/__test/mount.html');
  const result = await page.evaluate(async () => {
    const {mount} = await import('/complaint-widget.js');
    const events = [];
    document.addEventListener('complaint:ready', (e) => events.push({type: e.type, bubbles: e.bubbles, composed: e.composed}));
    const handle = mount(document.getElementById('host'), {
      apiBase: '/api/v1', lang: 'zh-CN', mode: 'track', acceptanceNo: 'TS-261128-7K3M9QXD-S',
      themeColor: '#e60012', careMode: true, prefill: {name: '王喆', phone: '13912345678'},
    });
    window.__handle = handle;
    await handle.ready;
    await new Promise((r) => setTimeout(r, 100));
    const w = handle.element;
    return {
      attrs: Object.fromEntries(['api-base', 'lang', 'mode', 'acceptance-no', 'theme-color', 'care-mode']
        .map((a) => [a, w.getAttribute(a)])),
      methods: ['file', 'track', 'openSurvey', 'prefill', 'stats', 'destroy'].filter((m) => typeof handle[m] === 'function'),
      events, stats: handle.stats(),
    };
  });
  assert.deepEqual(result.attrs, {'api-base': '/api/v1', 'lang': 'zh-CN', 'mode': 'track',
    'acceptance-no': 'TS-261128-7K3M9QXD-S', 'theme-color': '#e60012', 'care-mode': ''});
  assert.equal(result.methods.length, 6);
  assert.deepEqual(result.events, [{type: 'complaint:ready', bubbles: true, composed: true}]);
  for (const k of ['frames', 'frameCpuMs', 'heapBytes', 'glyphs']) assert.ok(k in result.stats, `stats().${k}`);
  for (const k of ['last', 'median', 'p95']) assert.equal(typeof result.stats.frameCpuMs[k], 'number');
  await waitItem(page, '受理编号', (i) => i.value === 'TS-261128-7K3M9QXD-S');
  // theme-color: the top bar is the host's brand colour.
  const png = decodePng(await page.screenshot({clip: {x: 200, y: 4, width: 4, height: 4}}));
  const [r, g, b] = png.pixels;
  assert.ok(r > 200 && g < 40 && b < 60, `top bar is #e60012-ish, got ${r},${g},${b}`);
  await screenshot(page, 'embedding-mount-care-mode');
  // Methods route to the modes until the screens issue completes them.
  await page.evaluate(() => window.__handle.file());
  await waitItem(page, '我要投诉', (i) => i.role === 'heading');
  // prefill from mount(): the contact step starts with the host's name and phone (DESIGN §6).
  await page.evaluate(() => { location.hash = '#/file/3'; });
  await waitItem(page, '姓名', (i) => i.value === '王喆', {role: 'textbox', timeout: 15000});
  await waitItem(page, '联系电话', (i) => i.value === '13912345678', {role: 'textbox'});
  await page.evaluate(() => window.__handle.destroy());
  assert.equal(await page.evaluate(() => document.querySelector('complaint-widget')), null);
  assert.deepEqual(problems, []);
  await context.close();
});

// destroy() leaves nothing behind on the host page: every listener the widget added to window,
// document, matchMedia queries and the visual viewport is removed (issue 18: the devicePixelRatio
// listener added one more `resize` listener per change, and window/document listeners outlived it).
test('destroy() removes every window, document, media-query and visualViewport listener it added', async () => {
  const context = await browser.newContext({viewport: {width: 390, height: 700}});
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.addInitScript(() => {
    // Counts live listeners per target and type, before any widget code runs.
    const live = new Map();
    const wrap = (proto) => {
      const add = proto.addEventListener, remove = proto.removeEventListener;
      proto.addEventListener = function (type, fn, opts) {
        // Only the bundle's own (the test driver adds listeners of its own to the page).
        const ours = /\/(complaint-widget|a11y|complaint-client|cw_widget|cw_client)\.js/.test(new Error().stack || '');
        const where = this === window ? 'window' : this === document ? 'document' : this instanceof MediaQueryList ? 'media'
          : this === window.visualViewport ? 'visualViewport' : null;
        if (ours && where) {
          const k = `${where}:${type}`;
          window.__stacks = window.__stacks || new Map();
          window.__stacks.set(fn, new Error().stack);
          const set = live.get(k) || new Set();
          set.add(fn);
          live.set(k, set);
        }
        return add.call(this, type, fn, opts);
      };
      proto.removeEventListener = function (type, fn, opts) {
        for (const [k, set] of live) if (k.endsWith(':' + type)) set.delete(fn);
        return remove.call(this, type, fn, opts);
      };
    };
    wrap(EventTarget.prototype);
    window.__listeners = () => Object.fromEntries([...live].map(([k, v]) => [k, v.size]).filter(([, n]) => n > 0));
    window.__leftStacks = () => [...live.values()].flatMap((set) => [...set].map((fn) => window.__stacks.get(fn)));
  });
  await page.route(server.url + '/__test/listeners.html', (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: '<!doctype html><meta charset="utf-8"><body style="margin:0"><div id="host" style="height:700px"></div>',
  }));
  await page.goto(server.url + '/__test/listeners.html');
  const before = await page.evaluate(() => window.__listeners());
  const during = await page.evaluate(async () => {
    const {mount} = await import('/complaint-widget.js');
    window.__handle = mount(document.getElementById('host'), {lang: 'zh-CN', mode: 'file'});
    await window.__handle.ready;
    return true;
  });
  assert.ok(during);
  // The wizard's draft loads the headless client after ready (its `online` listener says it is there).
  await page.waitForFunction(() => window.__listeners()['window:online'] === 1);
  await page.waitForTimeout(200);
  const listening = await page.evaluate(() => window.__listeners());
  assert.ok(Object.keys(listening).length > Object.keys(before).length, `the widget listens: ${JSON.stringify(listening)}`);
  // Zoom (a devicePixelRatio change) three times: the widget keeps one listener per event.
  const cdp = await context.newCDPSession(page);
  for (const scale of [2, 3, 1]) {
    await cdp.send('Emulation.setDeviceMetricsOverride', {width: 390, height: 700, deviceScaleFactor: scale, mobile: false});
    await page.waitForTimeout(150);
  }
  const zoomed = await page.evaluate(() => window.__listeners());
  assert.deepEqual(zoomed, listening, 'no listener added per devicePixelRatio change');
  await page.evaluate(async () => {
    window.__handle.destroy();
    await new Promise((r) => setTimeout(r, 300));  // the headless client closes after its promise
  });
  assert.deepEqual(await page.evaluate(() => window.__listeners()), before,
                   `nothing left after destroy(): ${JSON.stringify(problems)} ${(await page.evaluate(() => window.__leftStacks())).join('\n\n').slice(0, 600)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

// destroy() is the reverse of start-up (issue 18: Shutdown was never called): every WebGL object the
// widget made (program, shaders, buffers, vertex array, the glyph atlas) is deleted before the
// context is given back, and the module draws nothing afterwards, even when a stray event asks.
test('destroy() deletes every WebGL object it created and draws nothing afterwards', async () => {
  const context = await browser.newContext({viewport: {width: 390, height: 700}});
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.addInitScript(() => {
    const live = new Map();  // kind → live objects
    let draws = 0;
    const proto = WebGL2RenderingContext.prototype;
    for (const kind of ['Texture', 'Buffer', 'Program', 'Shader', 'VertexArray', 'Framebuffer', 'Renderbuffer']) {
      const create = proto['create' + kind], remove = proto['delete' + kind];
      live.set(kind, new Set());
      proto['create' + kind] = function (...a) {
        const o = create.apply(this, a);
        if (o) live.get(kind).add(o);
        return o;
      };
      proto['delete' + kind] = function (o) {
        live.get(kind).delete(o);
        return remove.call(this, o);
      };
    }
    const drawElements = proto.drawElements;
    proto.drawElements = function (...a) { ++draws; return drawElements.apply(this, a); };
    window.__gl = () => ({live: Object.fromEntries([...live].map(([k, v]) => [k, v.size]).filter(([, n]) => n > 0)), draws});
  });
  await page.route(server.url + '/__test/gl.html', (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: '<!doctype html><meta charset="utf-8"><body style="margin:0"><div id="host" style="height:700px"></div>',
  }));
  await page.goto(server.url + '/__test/gl.html');
  await page.evaluate(async () => {
    const {mount} = await import('/complaint-widget.js');
    window.__handle = mount(document.getElementById('host'), {lang: 'zh-CN', mode: 'file'});
    await window.__handle.ready;
  });
  const running = await page.evaluate(() => window.__gl());
  assert.ok(running.live.Program >= 1 && running.live.Texture >= 1 && running.live.Buffer >= 2,
            `the widget draws with its own GL objects: ${JSON.stringify(running)}`);
  assert.ok(running.draws > 0);
  const after = await page.evaluate(async () => {
    const mod = document.querySelector('complaint-widget')._module;
    window.__handle.destroy();
    const drawsAtDestroy = window.__gl().draws;
    // A stray late event after destroy: a frame, a key, a data answer. Nothing may be drawn or thrown.
    mod._cw_emsc_frame(performance.now());
    mod._cw_emsc_char(65);
    mod.cwDataResult(1, {ok: true, value: {}});
    await new Promise((r) => setTimeout(r, 200));
    return {...window.__gl(), drawsAtDestroy};
  });
  assert.deepEqual(after.live, {}, `GL objects left after destroy(): ${JSON.stringify(after.live)}`);
  assert.equal(after.draws, after.drawsAtDestroy, 'no frame drawn after destroy()');
  assert.deepEqual(problems, []);
  await context.close();
});

// handle.prefill() after start (the app learnt who is signed in later): an empty wizard takes it.
test('prefill() on the element fills the contact step of a new filing', async () => {
  const context = await browser.newContext({viewport: {width: 390, height: 844}});
  const page = await context.newPage();
  const problems = watchPage(page);
  await openWidget(page, server.url + '/demo/site.html');
  await page.evaluate(() => document.getElementById('complaint').prefill({name: '李四', phone: '0755-12345678'}));
  await page.evaluate(() => document.getElementById('complaint').file());
  await page.evaluate(() => { location.hash = '#/file/3'; });
  await waitItem(page, '姓名', (i) => i.value === '李四', {role: 'textbox', timeout: 15000, selector: '#complaint'});
  await waitItem(page, '联系电话', (i) => i.value === '0755-12345678', {role: 'textbox', selector: '#complaint'});
  assert.deepEqual(problems, []);
  await context.close();
});

test('attribute changes after start apply (theme-color, mode)', async () => {
  const context = await browser.newContext({viewport: {width: 390, height: 700}});
  const page = await context.newPage();
  const problems = watchPage(page);
  await openWidgetPage(page, server.url, 'theme-color="#0a6cff"', 'attrs');
  await page.evaluate(() => {
    const w = document.querySelector('complaint-widget');
    w.setAttribute('theme-color', '#00a870');
    w.setAttribute('mode', 'gallery');
  });
  await waitItem(page, '下一步', (i) => i.role === 'button');
  await page.waitForTimeout(100);
  const [r, g, b] = decodePng(await page.screenshot({clip: {x: 300, y: 4, width: 2, height: 2}})).pixels;
  assert.ok(g > 140 && r < 40, `top bar follows the new theme-color, got ${r},${g},${b}`);
  assert.ok((await stats(page)).frames > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

// A page with the widget that does not wait for complaint:ready (the widget may not start).
async function openUnstarted(page, attrs, {light = '', init = null} = {}) {
  const url = `${server.url}/__test/unstarted.html`;
  await page.route(url, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script type="module" src="/complaint-widget.js"></script></head>
<body style="margin:0"><complaint-widget style="display:block;height:100vh" ${attrs}>${light}</complaint-widget></body></html>`,
  }));
  await page.addInitScript(() => {
    window.__cwEvents = [];
    for (const t of ['ready', 'error']) {
      document.addEventListener('complaint:' + t, (e) => window.__cwEvents.push({type: e.type, detail: e.detail}));
    }
  });
  if (init) await page.addInitScript(init);
  await page.goto(url);
}

async function nextEvent(page, type) {
  await page.waitForFunction((t) => window.__cwEvents.some((e) => e.type === t), 'complaint:' + type, {timeout: 20000});
  return page.evaluate((t) => window.__cwEvents.find((e) => e.type === t).detail, 'complaint:' + type);
}

test('no WebGL2: the customer reads why in Chinese, the host hears the code and shows its fallback', async () => {
  const context = await browser.newContext({viewport: {width: 390, height: 700}});
  const page = await context.newPage();
  const problems = watchPage(page);
  await openUnstarted(page, 'theme-color="#0a6cff"', {
    light: '<a slot="fallback" href="/classic">经典投诉表单</a>',
    init: () => {
      const get = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return kind === 'webgl2' ? null : get.call(this, kind, ...rest);
      };
    },
  });
  assert.equal((await nextEvent(page, 'error')).code, 'webgl.unavailable');
  const alert = page.getByRole('alert').filter({hasText: '自助投诉'});
  await alert.waitFor();
  assert.match(await alert.innerText(), /此浏览器无法显示自助投诉（需要 WebGL2）/);
  assert.equal(await page.getByRole('button', {name: '重试'}).count(), 0, 'no Retry: trying again cannot help');
  assert.ok(await page.getByRole('link', {name: '经典投诉表单'}).isVisible(), 'the host\'s slot="fallback" shows');
  assert.equal(await page.evaluate(() => document.querySelector('complaint-widget').shadowRoot.querySelector('canvas').offsetHeight), 0,
               'the blank canvas gives way to the message');
  const file = await screenshot(page, 'embedding-no-webgl2');
  assert.ok(await distinctColours(page, await page.screenshot()) > 8, `${file} shows the message`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('shaders that do not build: webgl.shader, the compiler\'s log on the console, the message in English', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await openUnstarted(page, 'lang="en"', {
    init: () => {
      const source = WebGL2RenderingContext.prototype.shaderSource;
      WebGL2RenderingContext.prototype.shaderSource = function (s, text) {
        return source.call(this, s, text.includes('gl_Position') ? 'this is not GLSL' : text);
      };
    },
  });
  assert.equal((await nextEvent(page, 'error')).code, 'webgl.shader');
  const alert = page.getByRole('alert').filter({hasText: 'complaint service'});
  await alert.waitFor();
  assert.match(await alert.innerText(), /This browser cannot show the complaint service \(a graphics error\)/);
  assert.ok(warnings.some((w) => /shader imgui\.vert failed to compile/.test(w)), warnings.join('\n'));
  assert.ok(!warnings.some((w) => /imgui\.frag failed/.test(w)), 'the good shader is not blamed');
  await context.close();
});

test('the module fails to download: Retry in the message loads it, and the widget starts', async () => {
  const context = await browser.newContext({viewport: {width: 390, height: 700}});
  const page = await context.newPage();
  let broken = true, failed = 0;
  await page.route(/\/cw_widget\.[0-9a-f]+\.wasm$/, (route) => {
    if (!broken) return route.continue();
    failed++;
    return route.fulfill({status: 503, body: 'maintenance'});
  });
  await openUnstarted(page, '');
  assert.equal((await nextEvent(page, 'error')).code, 'module.load_failed');
  assert.ok(failed > 0);
  const retry = page.getByRole('button', {name: '重试'});
  await retry.waitFor();
  assert.match(await page.getByRole('alert').filter({hasText: '重试'}).innerText(), /自助投诉没有加载成功，请检查网络后重试/);
  await screenshot(page, 'embedding-load-failed');
  broken = false;
  await retry.click();
  await nextEvent(page, 'ready');
  assert.equal(await retry.isVisible(), false, 'the message is gone once the widget runs');
  await item(page, '我要投诉');
  assert.ok((await stats(page)).frames > 0);
  await context.close();
});

test('a slow download: a spinner and a line of text say it is loading, gone when the widget is ready', async () => {
  const context = await browser.newContext({viewport: {width: 390, height: 700}});
  const page = await context.newPage();
  const problems = watchPage(page);
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(/\/cw_widget\.[0-9a-f]+\.wasm$/, async (route) => { await held; await route.continue(); });
  await openUnstarted(page, 'theme-color="#00a870"');
  const status = page.getByRole('status').filter({hasText: '正在加载自助投诉'});
  await status.waitFor({timeout: 5000});
  const file = await screenshot(page, 'embedding-loading');
  // The spinner's arc is in the host's theme-color.
  const arc = await page.evaluate(() => getComputedStyle(document.querySelector('complaint-widget').shadowRoot
    .querySelector('.spinner')).borderTopColor);
  assert.equal(arc, 'rgb(0, 168, 112)', file);
  release();
  await nextEvent(page, 'ready');
  assert.equal(await status.count(), 0, 'the indicator is gone once the first frame is drawn');
  assert.deepEqual(problems, []);
  await context.close();
});
