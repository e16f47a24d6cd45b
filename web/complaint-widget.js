// web/complaint-widget.js — the ES-module loader: defines <complaint-widget> and exports mount().
// Each element gets its own canvas in an open shadow root and its own wasm instance (DESIGN §6).
import createWidgetModule from './cw_widget.js';
import {A11Y_STYLE, createA11yTree} from './a11y.js';

const EVENT_PREFIX = 'complaint:';
// Client events the host hears as complaint:* (DESIGN §6); all client events (core/client_api.h
// CW_CLIENT_EVENTS, checked by tests/e2e/client_api.test.mjs) also reach the screens.
const HOST_EVENTS = new Set(['submitted', 'queued', 'status', 'survey-submitted', 'error']);
const CLIENT_EVENTS = ['ready', 'queued', 'submitted', 'status', 'survey-submitted', 'error', 'pending', 'op-done',
                       'op-retry', 'op-failed', 'flushed', 'upload-progress'];
// Attribute → option key understood by the wasm side (ui::App_SetOption).
const ATTRIBUTES = ['api-base', 'lang', 'mode', 'acceptance-no', 'theme-color', 'care-mode'];
const OPTION_ATTRS = {apiBase: 'api-base', lang: 'lang', mode: 'mode', acceptanceNo: 'acceptance-no',
                      themeColor: 'theme-color'};

// What the host page and the native app hear of each event (DESIGN §6): only these fields. The
// client's own events carry more (the 201 answer with the customer's access token, field errors with
// the customer's input): none of that may reach host scripts, analytics or the bridge (spec 保密).
// client_ref is the device's own id of a filing: it ties complaint:queued to its later submitted.
const HOST_FIELDS = {
  ready: [],
  submitted: ['acceptance_no', 'client_ref'],
  queued: ['client_ref'],
  status: ['acceptance_no', 'status'],
  'survey-submitted': ['acceptance_no'],
  error: ['code', 'message'],
};
function hostDetail(type, detail) {
  const out = {};
  const src = detail && typeof detail === 'object' ? detail : {};
  for (const k of HOST_FIELDS[type] || []) {
    const v = src[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

// Posts an event to the native app when the page runs inside a WebView (DESIGN §6): Android's
// addJavascriptInterface object `ComplaintBridge`, iOS's WKScriptMessageHandler `complaint`.
function postToBridge(type, detail) {
  const msg = JSON.stringify({type, detail});
  try {
    if (window.ComplaintBridge && typeof window.ComplaintBridge.postMessage === 'function') {
      window.ComplaintBridge.postMessage(msg);
    }
    const ios = window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.complaint;
    if (ios && typeof ios.postMessage === 'function') ios.postMessage(msg);
  } catch (e) {
    // A broken bridge must not break the widget.
  }
}

const STYLE = `
  :host { display: block; position: relative; width: 100%; height: 100%; min-height: 480px;
          contain: content; background: #f2f4f7; -webkit-tap-highlight-color: transparent; }
  :host([hidden]) { display: none; }
  .stage { position: absolute; inset: 0; }
  canvas { display: block; width: 100%; height: 100%; touch-action: none; outline: none;
           user-select: none; -webkit-user-select: none; -webkit-touch-callout: none; }
  .overlay { position: absolute; inset: 0; pointer-events: none; overflow: hidden; }
  .cw-agent::placeholder { color: #86909c; opacity: 1; }
  canvas[hidden] { display: none; }
  .loading, .failure { position: absolute; inset: 0; display: flex; flex-direction: column;
             align-items: center; justify-content: center; box-sizing: border-box; text-align: center;
             font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Microsoft YaHei",
                   "Noto Sans CJK SC", sans-serif; }
  .loading[hidden], .failure[hidden], .failure button[hidden] { display: none; }
  :host([care-mode]) .loading, :host([care-mode]) .failure { font-size: 20px; }
  .loading { gap: 12px; pointer-events: none; color: #4e5969; font-size: 15px; line-height: 1.5; }
  .spinner { width: 28px; height: 28px; box-sizing: border-box; border-radius: 50%; border: 3px solid #dde3ec;
             border-top-color: var(--cw-brand, #0a6cff); animation: cw-spin 0.9s linear infinite; }
  @keyframes cw-spin { to { transform: rotate(360deg); } }
  @media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
  .failure { gap: 16px; padding: 24px; color: #1d2129; background: #f2f4f7; }
  .failure p { margin: 0; max-width: 28em; }
  .failure button { font: inherit; min-height: 44px; min-width: 120px; padding: 0 24px; border: 0;
                    border-radius: 8px; color: #fff; background: var(--cw-brand, #0a6cff); cursor: pointer; }
  .failure button:focus-visible { outline: 3px solid #1d2129; outline-offset: 2px; }
` + A11Y_STYLE;

// The codes of complaint:error after which the widget cannot start (DESIGN §6, EMBEDDING §9).
const FAILURES = new Set(['webgl.unavailable', 'webgl.shader', 'module.load_failed']);
const LOADING_AFTER_MS = 400;  // a start-up faster than this shows no indicator (no flash)
// What a customer reads while the widget loads on a slow network, and when it cannot start (the
// host hears complaint:error with the same code and can put its own way in, e.g. a link to the
// classic form, in slot="fallback").
const STAGE_TEXT = {
  'zh-CN': {
    'webgl.unavailable': '此浏览器无法显示自助投诉（需要 WebGL2）。请更新浏览器或换用其他浏览器后再试。',
    'webgl.shader': '此浏览器无法显示自助投诉（图形功能出错）。请更新浏览器或换用其他浏览器后再试。',
    'module.load_failed': '自助投诉没有加载成功，请检查网络后重试。',
    retry: '重试',
    loading: '正在加载自助投诉…',
  },
  en: {
    'webgl.unavailable': 'This browser cannot show the complaint service (it needs WebGL2). ' +
                         'Please update your browser or try another one.',
    'webgl.shader': 'This browser cannot show the complaint service (a graphics error). ' +
                    'Please update your browser or try another one.',
    'module.load_failed': 'The complaint service did not load. Check your connection and try again.',
    retry: 'Retry',
    loading: 'Loading the complaint service…',
  },
};

// The language: the element's lang attribute, else the one it inherits from the host page
// (<html lang>), else the browser's; zh* → zh-CN, anything else → en (DESIGN §5).
function normalizeLang(tag) {
  return /^zh/i.test(tag || '') ? 'zh-CN' : 'en';
}

// Constructable stylesheets are CSSOM, so a strict CSP without style-src 'unsafe-inline' still
// allows them; a <style> element is the fallback for browsers without adoptedStyleSheets.
let sharedSheet = null;
function adoptStyle(root) {
  if ('adoptedStyleSheets' in Document.prototype && typeof CSSStyleSheet === 'function' &&
      'replaceSync' in CSSStyleSheet.prototype) {
    if (!sharedSheet) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(STYLE);
    }
    root.adoptedStyleSheets = [sharedSheet];
  } else {
    const style = document.createElement('style');
    style.textContent = STYLE;
    root.append(style);
  }
}

export class ComplaintWidgetElement extends HTMLElement {
  static get observedAttributes() { return ATTRIBUTES; }

  constructor() {
    super();
    this._module = null;
    this._queue = [];          // commands sent before the module is ready
    this._destroyed = false;
    this._files = new Map();   // "file:KEY" → File picked by the customer (evidence)
    this._clientPromise = null;
    this.ready = new Promise((resolve) => { this._resolveReady = resolve; });
  }

  connectedCallback() {
    if (this._started || this._destroyed) return;
    this._started = true;
    const root = this.shadowRoot || this.attachShadow({mode: 'open'});
    adoptStyle(root);
    const stage = document.createElement('div');
    stage.className = 'stage';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('tabindex', '0');
    canvas.setAttribute('aria-hidden', 'true');
    const overlay = document.createElement('div');
    overlay.className = 'overlay';
    const failure = document.createElement('div');
    failure.className = 'failure';
    failure.setAttribute('role', 'alert');
    failure.hidden = true;
    const failureText = document.createElement('p');
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.addEventListener('click', () => this._retry());
    const fallback = document.createElement('slot');
    fallback.name = 'fallback';
    failure.append(failureText, retry, fallback);
    const loading = document.createElement('div');
    loading.className = 'loading';
    loading.setAttribute('role', 'status');
    loading.hidden = true;
    const spinner = document.createElement('div');
    spinner.className = 'spinner';
    loading.append(spinner, document.createElement('span'));
    stage.append(canvas, overlay, loading, failure);
    root.append(stage);
    this._stage = stage;
    this._failure = {panel: failure, text: failureText, retry};
    this._loading = loading;
    this._applyBrand();
    this._overlay = overlay;
    this._canvas = canvas;
    this._a11y = createA11yTree(stage, canvas);
    // A deep link the page was opened with (#/survey/NO?t=TOKEN, a reload on #/track/NO) wins over
    // the mode attribute; read it before mode="…" replaces the hash with its own route.
    // A bare "#/track" or "#/survey" after a reload is what the mode itself leads to: then the mode
    // and acceptance-no apply again, so the host's number is not lost.
    const mode = this.getAttribute('mode');
    const linkOf = () => (location.hash.startsWith('#/') && !(mode && location.hash === '#/' + mode) ? location.hash : '');
    let deepLink = linkOf();
    // The hash may still change while the module loads (the host, the back button): the latest wins.
    const early = () => { deepLink = location.hash.startsWith('#/') ? location.hash : ''; };
    window.addEventListener('hashchange', early);
    this._early = early;
    this._deepLink = () => deepLink;
    for (const name of ATTRIBUTES) {
      if (name === 'care-mode' || name === 'lang') continue;
      if (this.hasAttribute(name)) this._command(name, this.getAttribute(name));
    }
    this._applyLang();
    // Care mode (关怀模式): the attribute, or the system asking for more contrast.
    this._contrast = window.matchMedia ? window.matchMedia('(prefers-contrast: more)') : null;
    this._onContrast = () => this._applyCare();
    if (this._contrast && this._contrast.addEventListener) this._contrast.addEventListener('change', this._onContrast);
    this._applyCare();
    this._start();
  }

  // Creates the wasm instance; again after a load failure when the customer taps Retry.
  _start() {
    const canvas = this._canvas;
    // A slow download (a weak mobile network) shows a spinner and a line of text; a fast start-up,
    // whose main thread is busy anyway, never gets to run the timer.
    clearTimeout(this._loadingTimer);
    this._loadingTimer = setTimeout(() => {
      if (this._module || this._destroyed || !this._failure.panel.hidden) return;
      this._loading.lastChild.textContent = (STAGE_TEXT[this._lang] || STAGE_TEXT['zh-CN']).loading;
      this._loading.hidden = false;
    }, LOADING_AFTER_MS);
    const base = new URL('.', import.meta.url).href;
    createWidgetModule({
      canvas,
      overlay: this._overlay,
      locateFile: (path) => base + path,
      onEvent: (type, detail) => this._emit(type, detail),
      onData: (id, method, args) => this._data(id, method, args),
      onRoute: (hash, replace) => this._route(hash, replace),
      onFiles: (files) => this._picked(files),
      onRegistry: (items) => this._a11y && this._a11y.update(items),
      print: (text) => console.log(text),
      printErr: (text) => console.warn(text),
    }).then((mod) => {
      if (this._destroyed) {
        mod.cwDestroy();
        return;
      }
      window.removeEventListener('hashchange', this._early);
      this._module = mod;
      if (this._a11y) this._a11y.attach(mod);
      for (const [key, value] of this._queue) mod.cwCommand(key, value);
      this._queue = [];
      // Hash routing (DESIGN §5): a deep link (#/survey/NO?t=TOKEN) opens its screen; back and
      // forward move between screens and wizard steps.
      this._onHash = () => { if (this._module) this._module.cwCommand('route', location.hash); };
      window.addEventListener('hashchange', this._onHash);
      window.addEventListener('popstate', this._onHash);
      const deepLink = this._deepLink();
      if (deepLink) this._module.cwCommand('route', deepLink);
      mod.cwFrameNow();  // the first frame, with every attribute applied, without waiting for vsync
    }, (err) => {
      if (this._destroyed) return;
      this._emit('error', {code: 'module.load_failed', message: String((err && err.message) || err)});
    });
  }

  // The widget cannot start: say so in the customer's language, in place of the blank canvas, with
  // Retry where trying again can help (a failed download), and the host's slot="fallback" content.
  _fail(code) {
    const f = this._failure;
    if (!f || this._destroyed) return;
    const text = STAGE_TEXT[this._lang] || STAGE_TEXT['zh-CN'];
    f.text.textContent = text[code];
    f.retry.textContent = text.retry;
    f.retry.hidden = code !== 'module.load_failed';
    this._stopLoading();
    f.panel.hidden = false;
    this._canvas.hidden = true;
  }

  _stopLoading() {
    clearTimeout(this._loadingTimer);
    if (this._loading) this._loading.hidden = true;
  }

  // The host's theme-color for the spinner and the Retry button (a CSS variable of the stage).
  _applyBrand() {
    const brand = this.getAttribute('theme-color');
    if (!this._stage) return;
    if (brand && /^#[0-9a-f]{6}$/i.test(brand)) this._stage.style.setProperty('--cw-brand', brand);
    else this._stage.style.removeProperty('--cw-brand');
  }

  _retry() {
    if (this._destroyed || this._module) return;
    this._failure.panel.hidden = true;
    this._canvas.hidden = false;
    this._start();
  }

  attributeChangedCallback(name, oldValue, value) {
    if (!this._started || oldValue === value) return;
    if (name === 'theme-color') this._applyBrand();
    if (name === 'care-mode') this._applyCare();
    else if (name === 'lang') this._applyLang();
    else if (value !== null) this._command(name, value);
  }

  // ---- the handle's methods (DESIGN §6) -------------------------------------------------------
  file() { this._command('file', ''); }
  track(no) { this._command('track', no == null ? '' : String(no)); }
  openSurvey(no, token) { this._command('survey', `${no == null ? '' : no}\t${token == null ? '' : token}`); }
  prefill(obj = {}) {
    if (obj.name != null) this._command('prefill.name', String(obj.name).normalize('NFC'));
    if (obj.phone != null) this._command('prefill.phone', String(obj.phone));
  }
  stats() {
    if (!this._module) return {frames: 0, frameCpuMs: {last: 0, median: 0, p95: 0}, heapBytes: 0, glyphs: 0};
    return this._module.cwStats();
  }
  destroy() {
    if (this._destroyed) return;
    this._destroyed = true;
    if (this._module) {
      this._module.cwDestroy();
      const gl = this._canvas && this._canvas.getContext('webgl2');
      const lose = gl && gl.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext();  // give the GPU context back now, not at garbage collection
    }
    this._module = null;
    clearTimeout(this._loadingTimer);
    if (this._early) window.removeEventListener('hashchange', this._early);
    if (this._onHash) {
      window.removeEventListener('hashchange', this._onHash);
      window.removeEventListener('popstate', this._onHash);
    }
    if (this._clientPromise) this._clientPromise.then((c) => c.close(), () => {});
    this._files.clear();
    if (this._contrast && this._contrast.removeEventListener) this._contrast.removeEventListener('change', this._onContrast);
    if (this._a11y) this._a11y.destroy();
    if (this.shadowRoot) this.shadowRoot.replaceChildren();
    this.remove();
  }

  // Debug hook for tests and the accessibility layer: this frame's widgets
  // [{id, role, label, x, y, w, h, value?, checked?, focused?, ...}] in CSS px of the canvas.
  _registry() { return this._module ? this._module.cwRegistry || [] : []; }

  // ---- data for the screens: the headless client, created on first use (after the first frame) --
  _client() {
    if (!this._clientPromise) {
      const apiBase = this.getAttribute('api-base') || '/api/v1';
      const lang = this._lang;  // resolved by _applyLang (attribute, page, browser)
      // After complaint:ready and one more task: the client module is not part of the first view.
      this._clientPromise = this.ready.then(() => new Promise((r) => setTimeout(r, 0)))
        .then(() => import('./complaint-client.js'))
        .then((m) => m.createClient({apiBase, lang, channel: this._channel()}))
        .then((client) => {
          for (const type of CLIENT_EVENTS) {
            client.on(type, (detail) => {
              if (this._module) this._module.cwDataEvent(type, detail == null ? {} : detail);
              if (HOST_EVENTS.has(type)) this._emit(type, detail);
            });
          }
          return client;
        });
      this._clientPromise.catch(() => { this._clientPromise = null; });  // try again on the next call
    }
    return this._clientPromise;
  }

  // Inside an app WebView (a native bridge is present) filings say channel "app" (DESIGN §3).
  _channel() {
    const ios = window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.complaint;
    return window.ComplaintBridge || ios ? 'app' : 'web';
  }

  async _data(id, method, args) {
    let answer;
    try {
      let value;
      if (method === 'forgetFile') {
        this._files.delete(String(args[0]));
      } else if (method === 'clearDevice') {
        value = await this._clearDevice();
      } else {
        const client = await this._client();
        if (typeof client[method] !== 'function' || method === 'on' || method === 'close') {
          throw Object.assign(new Error('unknown method ' + method), {code: 'data.unknown_method'});
        }
        value = await client[method](...this._withFiles(args));
      }
      answer = {ok: true, value: value === undefined ? null : value};
    } catch (e) {
      answer = {ok: false, error: {code: (e && e.code) || 'data.failed', message: (e && e.message) || '',
                                   status: (e && e.status) || 0, fields: (e && e.fields) || {},
                                   field_messages: (e && e.fieldMessages) || {}}};
    }
    if (this._module) this._module.cwDataResult(id, answer);
  }

  // "file:KEY" strings in a call's arguments become the File objects the customer picked.
  _withFiles(v) {
    if (typeof v === 'string') return this._files.get(v) || v;
    if (Array.isArray(v)) return v.map((x) => this._withFiles(x));
    if (v && typeof v === 'object') {
      const o = {};
      for (const k of Object.keys(v)) o[k] = this._withFiles(v[k]);
      return o;
    }
    return v;
  }

  _picked(files) {
    const list = files.map((f) => {
      const key = 'file:' + Math.random().toString(36).slice(2) + Date.now().toString(36);
      this._files.set(key, f);
      return {key, name: f.name.normalize('NFC'), size: f.size, type: f.type || ''};
    });
    if (this._module) this._module.cwDataEvent('files', list);
  }

  // Settings → clear this device's data: the client's database (drafts, outbox, my complaints).
  async _clearDevice() {
    const client = this._clientPromise ? await this._clientPromise.catch(() => null) : null;
    if (client) client.close();
    this._clientPromise = null;
    this._files.clear();
    const apiBase = this.getAttribute('api-base') || '/api/v1';
    const name = 'cw-complaints:' + new URL(apiBase, location.href).href;
    await new Promise((resolve, reject) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(Object.assign(new Error('could not clear'), {code: 'data.clear_failed'}));
      req.onblocked = () => resolve();  // another tab holds it open; deleted when it closes
    });
    return true;
  }

  _route(hash, replace) {
    if (this._destroyed || location.hash === hash) return;
    if (replace) history.replaceState(history.state, '', hash);
    else history.pushState(null, '', hash);
  }

  _applyLang() {
    const own = this.closest('[lang]');
    const lang = normalizeLang((own && own.getAttribute('lang')) || navigator.language);
    this._lang = lang;
    if (this._a11y) this._a11y.setLang(lang);
    this._command('lang', lang);
  }

  _applyCare() {
    const care = this.hasAttribute('care-mode') || !!(this._contrast && this._contrast.matches);
    this._command('care-mode', care ? '1' : '0');
  }

  _command(key, value) {
    if (this._destroyed) return;
    if (this._module) this._module.cwCommand(key, value);
    else this._queue.push([key, value]);
  }

  _emit(type, detail) {
    if (type === 'ready') {
      this._stopLoading();
      if (this._resolveReady) this._resolveReady(this);
    }
    if (type === 'error' && detail && FAILURES.has(detail.code)) this._fail(detail.code);
    const shown = hostDetail(type, detail);
    this.dispatchEvent(new CustomEvent(EVENT_PREFIX + type, {detail: shown, bubbles: true, composed: true}));
    postToBridge(EVENT_PREFIX + type, shown);
  }
}

if (!customElements.get('complaint-widget')) {
  customElements.define('complaint-widget', ComplaintWidgetElement);
}

// mount(element, options): creates a <complaint-widget> inside `element` and returns its handle.
export function mount(element, options = {}) {
  if (!element || typeof element.appendChild !== 'function') throw new TypeError('mount: element expected');
  const widget = document.createElement('complaint-widget');
  for (const [key, attr] of Object.entries(OPTION_ATTRS)) {
    if (options[key] != null) widget.setAttribute(attr, String(options[key]));
  }
  if (options.careMode) widget.setAttribute('care-mode', '');
  element.appendChild(widget);
  if (options.prefill) widget.prefill(options.prefill);
  return {
    element: widget,
    ready: widget.ready,
    file: () => widget.file(),
    track: (no) => widget.track(no),
    openSurvey: (no, token) => widget.openSurvey(no, token),
    prefill: (obj) => widget.prefill(obj),
    stats: () => widget.stats(),
    destroy: () => widget.destroy(),
  };
}
