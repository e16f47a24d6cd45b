// web/staff/console.js — the staff workbench's element, <complaint-console api-base lang> (DESIGN
// §5b). It gives the workbench's module (wasm/console/, the widget's platform code: library_cw.js,
// the text agent, the accessibility tree of ../a11y.js) a canvas, and answers its port
// (core/staff_api.h CW_CONSOLE_PORT_METHODS): `staff` [method, path, body] with the signed-in
// token, `poll` [path, etag] (a GET with If-None-Match, answered {etag, page}; page null on 304),
// `openUpload` [id] (the evidence file in a tab of its own), `signIn` [token], `signOut`. The token lives in sessionStorage only: this tab, until it
// closes (never localStorage, never IndexedDB, never a cookie).
import createConsoleModule from './cw_console.js';
import {A11Y_STYLE, createA11yTree} from '../a11y.js';

const TOKEN_KEY = 'complaint-console.token';
const STYLE = `
  :host { display: block; position: relative; width: 100%; height: 100%; background: #f2f4f7; }
  .stage { position: absolute; inset: 0; }
  canvas { display: block; width: 100%; height: 100%; touch-action: none; outline: none; user-select: none; }
  .overlay { position: absolute; inset: 0; pointer-events: none; overflow: hidden; }
  .cw-agent::placeholder { color: #86909c; opacity: 1; }
  .failure { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
             font: 16px/1.6 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
  .failure[hidden] { display: none; }
` + A11Y_STYLE;
const FAILURE_TEXT = {
  'zh-CN': '工作台无法启动：此浏览器不支持 WebGL2，或网络中断。请使用最新版 Chrome、Edge、Firefox 或 Safari 后刷新。',
  en: 'The workbench cannot start: this browser lacks WebGL2, or the network failed. Use a current ' +
      'Chrome, Edge, Firefox or Safari and reload.',
};

function token() {
  try { return sessionStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; }
}

// A failure as the module's port reads it (core/client_api.h CallError).
function failure(code, status = 0, message = '') {
  return {ok: false, error: {code, status, message, fields: {}}};
}

export class ComplaintConsoleElement extends HTMLElement {
  connectedCallback() {
    if (this._started) return;
    this._started = true;
    const root = this.attachShadow({mode: 'open'});
    const style = document.createElement('style');
    style.textContent = STYLE;
    const stage = document.createElement('div');
    stage.className = 'stage';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('aria-hidden', 'true');
    const overlay = document.createElement('div');
    overlay.className = 'overlay';
    const fail = document.createElement('p');
    fail.className = 'failure';
    fail.setAttribute('role', 'alert');
    fail.hidden = true;
    stage.append(canvas, overlay, fail);
    root.append(style, stage);
    this._a11y = createA11yTree(stage, canvas);
    const lang = this.getAttribute('lang') === 'en' ? 'en' : 'zh-CN';
    const base = new URL('.', import.meta.url).href;
    createConsoleModule({
      canvas,
      overlay,
      locateFile: (path) => base + path,
      onEvent: (type, detail) => {
        if (type === 'error') { fail.textContent = FAILURE_TEXT[lang]; fail.hidden = false; }
        this.dispatchEvent(new CustomEvent('console:' + type, {detail}));
      },
      onData: (id, method, args) => this._data(id, method, args),
      onRegistry: (items) => this._a11y.update(items),
      print: (text) => console.log(text),
      printErr: (text) => console.warn(text),
    }).then((mod) => {
      this._module = mod;
      this._a11y.attach(mod);
      mod.cwCommand('lang', lang);
      mod.cwFrameNow();
    }, () => { fail.textContent = FAILURE_TEXT[lang]; fail.hidden = false; });
  }

  stats() { return this._module ? this._module.cwStats() : {frames: 0}; }
  _registry() { return this._module ? this._module.cwRegistry || [] : []; }

  async _data(id, method, args) {
    let answer;
    try {
      if (method === 'staff') answer = await this._request(args[0], args[1], args[2], token());
      else if (method === 'poll') answer = await this._poll(String(args[0]), String(args[1] || ''));
      else if (method === 'openUpload') answer = await this._openUpload(String(args[0]));
      else if (method === 'signIn') answer = await this._signIn(String(args[0] || '').trim());
      else if (method === 'signOut') {
        try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* storage disabled */ }
        answer = {ok: true, value: null};
      } else answer = failure('data.unknown_method');
    } catch (e) {
      answer = failure('network.error', 0, '');
    }
    if (this._module) this._module.cwDataResult(id, answer);
  }

  // A pasted token is kept only once the server knows it (GET /staff/me).
  async _signIn(pasted) {
    const answer = await this._request('GET', '/staff/me', null, pasted);
    if (answer.ok) {
      try { sessionStorage.setItem(TOKEN_KEY, pasted); } catch (e) { /* this tab only, then */ }
    }
    return answer;
  }

  // The queue's first page again: 304 (nothing changed) costs the server no page and the module no
  // work. The ETag is sent by hand: the answers are never cached (no-store: personal data).
  async _poll(path, etag) {
    const answer = await this._request('GET', path, null, token(), etag);
    if (!answer.ok) return answer;
    return {ok: true, value: {etag: answer.etag || '', page: answer.notModified ? null : answer.value}};
  }

  // An evidence file, fetched with the token (a link could not carry it) and shown by the browser
  // in a tab of its own: an image or a PDF as it is. The blob's address dies with that tab's use.
  async _openUpload(id) {
    const bearer = token();
    if (!bearer) return failure('auth.no_token', 401);
    const tab = window.open('', '_blank');
    const apiBase = (this.getAttribute('api-base') || '/api/v1').replace(/\/$/, '');
    let res;
    try {
      res = await fetch(apiBase + '/staff/uploads/' + encodeURIComponent(id),
                        {headers: {Authorization: 'Bearer ' + bearer}, cache: 'no-store', credentials: 'omit'});
    } catch (e) {
      if (tab) tab.close();
      return failure('network.offline');
    }
    if (!res.ok) {
      if (tab) tab.close();
      return failure(res.status === 404 ? 'http.not_found' : 'server.error', res.status);
    }
    const url = URL.createObjectURL(await res.blob());
    if (tab) tab.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    return {ok: true, value: null};
  }

  async _request(method, path, body, bearer, etag = '') {
    if (!bearer) return failure('auth.no_token', 401);
    const apiBase = (this.getAttribute('api-base') || '/api/v1').replace(/\/$/, '');
    const headers = {Authorization: 'Bearer ' + bearer};
    if (etag) headers['If-None-Match'] = etag;
    if (body != null) {
      headers['Content-Type'] = 'application/json';
      headers['Idempotency-Key'] = crypto.randomUUID();
    }
    let res;
    try {
      res = await fetch(apiBase + path, {method, headers, body: body == null ? undefined : JSON.stringify(body),
                                         cache: 'no-store', credentials: 'omit'});
    } catch (e) {
      return failure('network.offline');
    }
    if (res.status === 304) return {ok: true, value: null, notModified: true, etag};
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { /* not JSON */ }
    if (res.ok) {
      return json === null && text ? failure('data.bad_answer', res.status)
                                   : {ok: true, value: json, etag: res.headers.get('ETag') || ''};
    }
    const err = json && json.error ? json.error : {};
    if (res.status === 401) {
      try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* storage disabled */ }
    }
    return {ok: false, error: {code: err.code || 'server.error', status: res.status, message: err.message || '',
                               fields: err.fields || {}}};
  }
}

if (!customElements.get('complaint-console')) customElements.define('complaint-console', ComplaintConsoleElement);
