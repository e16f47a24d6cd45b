// web/complaint-client.js — the headless client (DESIGN §6): createClient() over the core-only wasm
// module (cw_client.wasm) for hosts that draw their own HTML. Offline-first: every action is queued.
//
// The engine (C++, core/sync.*) owns all logic; this file owns the browser's moments: when to pump,
// when to flush (start, `online`, `visibilitychange`, a timer while visible), the Web Lock that lets
// one tab at a time send the outbox, and turning engine events into promises and `on()` callbacks.
import createClientModule from './cw_client.js';

// What on() offers: core/client_api.h CW_CLIENT_EVENTS (checked by tests/e2e/client_api.test.mjs).
const HOST_EVENTS = ['queued', 'submitted', 'status', 'survey-submitted', 'error', 'pending', 'op-done',
                     'op-retry', 'op-failed', 'flushed', 'ready', 'upload-progress'];

/** An error the customer can act on: stable `code`, localized `message`, per-field codes/messages. */
export class ComplaintError extends Error {
  constructor(e) {
    super((e && e.message) || 'error');
    this.name = 'ComplaintError';
    this.code = (e && e.code) || 'server.error';
    this.status = (e && e.status) || 0;
    this.fields = (e && e.fields) || {};
    this.fieldMessages = (e && e.field_messages) || {};
  }
}

// DESIGN §3: the browser normalises text to NFC before it reaches the core.
function nfc(v) {
  if (typeof v === 'string') return v.normalize('NFC');
  if (Array.isArray(v)) return v.map(nfc);
  if (v && typeof v === 'object' && !(typeof Blob !== 'undefined' && v instanceof Blob)) {
    const o = {};
    for (const k of Object.keys(v)) o[k] = nfc(v[k]);
    return o;
  }
  return v;
}

function randomId() {
  const a = new Uint32Array(4);
  crypto.getRandomValues(a);
  return Array.from(a, (x) => x.toString(16).padStart(8, '0')).join('');
}

/**
 * @param {{apiBase?: string, storage?: 'indexeddb'|'memory', lang?: string, timeoutMs?: number,
 *          retry?: {baseMs?: number, maxMs?: number}, channel?: 'web'|'app', flushIntervalMs?: number,
 *          refreshMs?: number, dbName?: string}} [options]
 */
export async function createClient(options = {}) {
  const apiBase = (options.apiBase || '/api/v1').replace(/\/+$/, '');
  const storage = options.storage === 'memory' ? 'memory' : 'indexeddb';
  const lang = options.lang || 'zh-CN';
  const timeoutMs = options.timeoutMs > 0 ? options.timeoutMs : 15000;
  const retry = options.retry || {};
  const flushIntervalMs = options.flushIntervalMs > 0 ? options.flushIntervalMs : 30000;
  // One database (and one lock) per API base, so two deployments on one origin stay apart.
  const dbName = options.dbName || 'cw-complaints:' + new URL(apiBase, location.href).href;
  const useLock = storage === 'indexeddb' && typeof navigator !== 'undefined' && !!navigator.locks;

  const mod = await createClientModule();
  const sync = mod.cwSync;
  sync.config.apiBase = apiBase;
  sync.config.storage = storage;
  sync.config.dbName = dbName;

  const listeners = new Map();      // event → Set(callback)
  const calls = new Map();          // call id → {resolve}
  const passes = new Map();         // pass id → resolve
  const opWaiters = new Map();      // op id → (type, detail) => void
  const queuedSent = new Set();     // client_refs whose `queued` the host has heard
  let nextCall = 1;
  let closed = false;
  let readyResolve;
  const ready = new Promise((r) => { readyResolve = r; });

  // [Events] Engine events arrive during a C++ call: queue them and handle them right after it.
  const inbox = [];
  sync.onEvent = (type, json) => { inbox.push([type, JSON.parse(json)]); };
  function drain() {
    while (inbox.length) {
      const [type, d] = inbox.shift();
      if (type === 'call-done') {
        const c = calls.get(d.call);
        if (c) { calls.delete(d.call); c(d); }
        continue;
      }
      if (type === 'ready') readyResolve();
      if (type === 'flushed') {
        const p = passes.get(d.pass);
        if (p) { passes.delete(d.pass); p(d); }
      }
      if (d && d.op && opWaiters.has(d.op)) opWaiters.get(d.op)(type, d);
      if (type === 'queued') {
        if (queuedSent.has(d.client_ref)) continue;
        queuedSent.add(d.client_ref);
      }
      if (HOST_EVENTS.includes(type)) emit(type, d);
    }
  }
  function emit(type, detail) {
    for (const cb of listeners.get(type) || []) {
      try { cb(detail); } catch (e) { setTimeout(() => { throw e; }); }  // a host bug must not stop us
    }
  }

  // [Pump] One pump per burst of completions; a timer for the engine's next wake-up.
  function cmd(c) {
    const out = sync.call(c);
    drain();
    return out;
  }
  let pumpQueued = false;
  let wakeTimer = 0;
  function pumpSoon() {
    if (pumpQueued || closed) return;
    pumpQueued = true;
    queueMicrotask(pump);
  }
  function pump() {
    pumpQueued = false;
    if (closed) return;
    const r = cmd({cmd: 'pump'});
    clearTimeout(wakeTimer);
    if (r.wake > 0) wakeTimer = setTimeout(onWake, Math.max(0, Math.min(r.wake - Date.now(), 2 ** 31 - 1)));
    // Retries fall due while this tab does not hold the lock: take it for one pass.
    if (r.due && useLock && r.ready) flush({force: false});
  }
  function onWake() {
    // DESIGN §4: the timer runs while visible; a hidden page waits for visibilitychange.
    if (document.visibilityState === 'hidden') return;
    pumpSoon();
  }
  sync.wake = pumpSoon;

  function request(c) {
    const call = nextCall++;
    return new Promise((resolve) => {
      calls.set(call, resolve);
      cmd({...c, call});
      pumpSoon();
    });
  }
  function unwrap(d) {
    if (d.ok) return d.body;
    throw new ComplaintError(d.error || {code: 'server.error', status: d.status});
  }

  // [Flush] One pass over the outbox, holding the Web Lock so only one tab sends at a time; the
  // pass re-reads the outbox first, so what another tab sent meanwhile is not sent again.
  let flushChain = Promise.resolve();
  let flushQueued = null;
  function flush({force = true} = {}) {
    if (closed) return Promise.resolve();
    if (flushQueued) return flushQueued;  // one waiting pass covers every request made meanwhile
    const run = async () => {
      flushQueued = null;
      const pass = nextCall++;
      const done = new Promise((resolve) => passes.set(pass, resolve));
      if (useLock) {
        await navigator.locks.request('cw-outbox:' + dbName, async () => {
          cmd({cmd: 'sending', on: true});
          cmd({cmd: 'flush', call: pass, force, reload: true});
          pumpSoon();
          try { await done; } finally { cmd({cmd: 'sending', on: false}); }
        });
      } else {
        cmd({cmd: 'flush', call: pass, force, reload: false});
        pumpSoon();
        await done;
      }
    };
    flushQueued = flushChain.then(run, run);
    flushChain = flushQueued;
    return flushQueued;
  }

  // Waits for an outbox op's first outcome: done → its answer; retry → queued; 4xx → ComplaintError.
  // "Queued" is only ever said once the op is stored: then closing the page loses nothing.
  function outcome(op, clientRef, queuedValue) {
    return new Promise((resolve, reject) => {
      let timer = 0;
      let stored = false;
      let wantQueued = false;
      const finish = (f) => { clearTimeout(timer); opWaiters.delete(op); f(); };
      const queued = () => {
        wantQueued = true;
        if (stored) finish(() => resolve(queuedValue));
      };
      opWaiters.set(op, (type, d) => {
        if (type === 'persisted') {
          stored = true;
          if (wantQueued || (typeof navigator !== 'undefined' && navigator.onLine === false)) queued();
        } else if (type === 'op-done' && d.kind === 'upload') {
          // an upload of this filing: keep waiting for the filing itself
        } else if (type === 'submitted' || (type === 'op-done' && d.kind !== 'file')) {
          finish(() => resolve(d.response || {}));
        } else if (type === 'op-retry') {
          stored = true;
          queued();
        } else if (type === 'op-failed') {
          finish(() => reject(new ComplaintError(d.error)));
        }
      });
      // Another tab holds the lock, or the network hangs: the op is safe in the outbox either way.
      timer = setTimeout(queued, timeoutMs + 1500);
    });
  }

  async function withBlobs(evidence) {
    const uploads = [];
    if (!Array.isArray(evidence)) return {evidence, uploads};
    const out = [];
    for (const e of evidence) {
      if (typeof Blob !== 'undefined' && e instanceof Blob) {
        const key = 'blob:' + randomId();
        await sync.putBlob(key, e);
        out.push('upload:' + uploads.length);
        uploads.push({blob: key, type: e.type || 'application/octet-stream'});
      } else {
        out.push(e);
      }
    }
    return {evidence: out, uploads};
  }

  async function act(kind, no, body, files) {
    await ready;
    const {evidence, uploads} = await withBlobs(files);
    if (evidence) body.evidence = evidence;
    const r = cmd({cmd: 'act', kind, no, body: nfc(body), uploads});
    if (!r.ok) throw new ComplaintError(r.error);
    const result = outcome(r.value.op, null, {queued: true, acceptance_no: r.value.acceptance_no});
    flush();
    return result;
  }

  // [Start] Options go to the engine; the outbox is read; then the first flush.
  const init = cmd({cmd: 'init', options: {timeoutMs, retry: {baseMs: retry.baseMs, maxMs: retry.maxMs}, lang,
                                          channel: options.channel, refreshMs: options.refreshMs, useLock}});
  if (!init.ok) throw new ComplaintError(init.error);
  cmd({cmd: 'visible', on: document.visibilityState !== 'hidden'});
  pumpSoon();
  await ready;

  const onOnline = () => flush();
  const onVisibility = () => {
    const visible = document.visibilityState !== 'hidden';
    cmd({cmd: 'visible', on: visible});
    flush();  // also when hidden: the last chance before the tab may be frozen
  };
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisibility);
  const interval = setInterval(() => {
    if (document.visibilityState !== 'hidden') flush({force: false});
  }, flushIntervalMs);
  // The first flush starts on the next task, so listeners registered right after `await
  // createClient()` hear what it delivers (e.g. a filing queued before the last reload).
  setTimeout(() => flush(), 0);

  return {
    /** GET /meta (cached for offline use; `stale: true` then). */
    async meta() { return unwrap(await request({cmd: 'meta'})); },

    async saveDraft(draft, name = 'filing') {
      await ready;
      const d = await request({cmd: 'draft_save', name, value: draft == null ? null : nfc(draft)});
      if (!d.ok) throw new ComplaintError(d.error);
    },
    async loadDraft(name = 'filing') {
      await ready;
      return cmd({cmd: 'draft_load', name}).value;
    },

    /** Files a complaint: the 201 answer, or {queued: true, client_ref} while offline. */
    async fileComplaint(input) {
      await ready;
      const data = nfc({...input});
      const {evidence, uploads} = await withBlobs(input && input.evidence);
      if (evidence) data.evidence = evidence;
      const r = cmd({cmd: 'file', input: data, uploads});
      if (!r.ok) throw new ComplaintError(r.error);
      const clientRef = r.value.client_ref;
      if (r.value.acceptance_no) {
        const mine = cmd({cmd: 'mine'}).value.find((m) => m.acceptance_no === r.value.acceptance_no) || {};
        return {...mine, acceptance_no: r.value.acceptance_no, client_ref: clientRef, duplicate: true};
      }
      // The filing now lives in the outbox: the draft it came from is done with.
      request({cmd: 'draft_save', name: 'filing', value: null});
      const queued = {queued: true, client_ref: clientRef};
      const result = outcome(r.value.op, clientRef, queued);
      flush();
      const answer = await result;
      if (answer === queued && !queuedSent.has(clientRef)) {
        queuedSent.add(clientRef);
        emit('queued', {client_ref: clientRef});
      }
      return answer;
    },

    /** The outbox: [{client_ref, kind, attempts, next_attempt_at, last_error, op, failed}]. */
    async pending() {
      await ready;
      return cmd({cmd: 'pending'}).value;
    },
    /** Resolves after one pass over the outbox. */
    async flush() { await ready; await flush(); },
    /** After a 4xx: send the op again (same key), or give it up. */
    async retry(op) {
      const r = cmd({cmd: 'retry', op});
      if (!r.ok) throw new ComplaintError(r.error);
      await flush();
    },
    async discard(op) {
      const r = cmd({cmd: 'discard', op});
      if (!r.ok) throw new ComplaintError(r.error);
    },

    parseAcceptanceNo(text) {
      const r = cmd({cmd: 'parse_no', text: String(text == null ? '' : text)});
      return {ok: r.ok, normalized: r.normalized, error: r.error};
    },

    async requestLookupCode(no, phone) {
      const p = this.parseAcceptanceNo(no);
      if (!p.ok) throw new ComplaintError(p.error);
      return unwrap(await request({cmd: 'call', method: 'POST', path: '/lookup',
                                   body: {acceptance_no: p.normalized, phone: nfc(String(phone))}}));
    },
    async verifyLookup(no, phone, code) {
      await ready;
      return unwrap(await request({cmd: 'verify', no: String(no), body: {phone: nfc(String(phone)), code: String(code)}}));
    },
    /** Lookup by phone: one code for every complaint whose contact is this phone (any device or channel). */
    async requestPhoneLookupCode(phone) {
      return unwrap(await request({cmd: 'call', method: 'POST', path: '/lookup', body: {phone: nfc(String(phone))}}));
    },
    /** Trades the code for access to the phone's complaints; myComplaints() then includes them. */
    async verifyPhoneLookup(phone, code) {
      await ready;
      return unwrap(await request({cmd: 'verify_phone', body: {phone: nfc(String(phone)), code: String(code)}}));
    },
    /** The customer view; from the cache (stale: true) when offline. */
    async getComplaint(no) {
      await ready;
      return unwrap(await request({cmd: 'get', no: String(no)}));
    },
    /** Queued filings and complaints filed or looked up on this device, newest first. */
    async myComplaints() {
      await ready;
      return cmd({cmd: 'mine'}).value;
    },

    async submitSurvey(no, survey) {
      return act('survey', String(no), {...survey});
    },
    async requestEscalation(no, reason) { return act('escalate', String(no), {reason: String(reason || '')}); },
    async withdraw(no, reason) { return act('withdraw', String(no), {reason: String(reason || '')}); },
    async supplement(no, text, files) { return act('supplement', String(no), {text: String(text || '')}, files); },

    /** on('submitted' | 'queued' | 'status' | 'survey-submitted' | 'error' | 'pending' | …, cb) → off() */
    on(event, cb) {
      const type = String(event).replace(/^complaint:/, '');
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type).add(cb);
      return () => listeners.get(type).delete(cb);
    },

    /** Stops timers and listeners (the outbox stays stored). */
    close() {
      closed = true;
      clearInterval(interval);
      clearTimeout(wakeTimer);
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
