// wasm/js/library_cw_sync.js — browser adapters of the sync engine's ports (--js-library): fetch +
// AbortController transport, IndexedDB (or memory) store incl. evidence blobs, clock, random, events.
//
// Rules: completions never re-enter C++ from inside a C++ call (fetch and IndexedDB answer later, on
// their own task) and only enqueue (cw_emsc_http_done / cw_emsc_store_done), then ask the host for a
// pump through Module['cwSync'].wake. Names the host page touches are quoted so closure keeps them. The widget
// can link this same file: it needs the three cw_emsc_* exports and sets Module['cwSync'] config.

mergeInto(LibraryManager.library, {
  $CWS__deps: ['malloc', 'free'],
  // Emscripten serialises this object when it builds the glue: only functions keep their source
  // (and so their quoted names); plain values are re-printed unquoted and Maps become {}. So all state
  // and the host-facing object are made at start-up, in attach().
  $CWS__postset: 'CWS.attach();',
  $CWS: {
    attach: function () {
      CWS.mem = {kv: new Map(), blobs: new Map()};
      CWS.dbPromise = null;
      CWS.host = {
        // Set by the host before 'init': where the API is, and which storage.
        'config': {'apiBase': '/api/v1', 'storage': 'indexeddb', 'dbName': 'cw-complaints'},
        'onEvent': null,  // (type, jsonText) for every engine event
        'wake': null,     // () — a completion arrived: pump soon
        // Runs one engine command: JSON in, JSON out. Never called from inside a C++ call.
        'call': function (cmd) {
          var p = CWS.str(JSON.stringify(cmd));
          var out = UTF8ToString(_cw_emsc_sync_call(p));
          _free(p);
          return JSON.parse(out);
        },
        // Stores an evidence file under `key` ("blob:…") before its upload op exists.
        'putBlob': function (key, blob) { return CWS.putBlob(key, blob); },
      };
      Module['cwSync'] = CWS.host;
    },
    putBlob: function (key, blob) {
      if (CWS.memoryMode()) {
        CWS.mem.blobs.set(key, blob);
        return Promise.resolve();
      }
      return CWS.open().then(function (db) {
        if (!db) {
          CWS.mem.blobs.set(key, blob);
          return;
        }
        var put = function (value) {
          return new Promise(function (resolve, reject) {
            var tx = db.transaction('blobs', 'readwrite', {'durability': 'strict'});
            tx.objectStore('blobs').put(value, key);
            tx.oncomplete = function () { resolve(); };
            tx.onerror = tx.onabort = function () { reject(tx.error); };
          });
        };
        // WebKit cannot keep a Blob in IndexedDB in a non-persistent session (Safari's private
        // browsing, an app's WKWebView on a nonPersistent data store): the put fails. The bytes
        // themselves can be kept; getBlob makes a Blob of them again.
        return put(blob).catch(function () {
          return blob.arrayBuffer().then(function (bytes) { return put({'type': blob.type, 'bytes': bytes}); });
        });
      });
    },

    memoryMode: function () { return CWS.host['config']['storage'] === 'memory'; },

    str: function (s) {
      var n = lengthBytesUTF8(s) + 1;
      var p = _malloc(n);
      stringToUTF8(s, p, n);
      return p;
    },
    wakeHost: function () { if (CWS.host['wake']) CWS.host['wake'](); },

    // One database per origin and name: object stores `kv` (outbox, drafts, cache, as JSON text) and
    // `blobs` (evidence files as Blob values; IndexedDB keeps them out of the wasm heap).
    // Resolves null when IndexedDB is unavailable (some private modes): memory is used instead.
    // Opened at its current version: a database of this name without both stores (made empty by
    // another script, or left so by a deletion that raced an open) is upgraded one version to add
    // them, instead of every transaction on it throwing and the screens waiting for ever.
    open: function () {
      if (CWS.dbPromise) return CWS.dbPromise;
      var name = CWS.host['config']['dbName'];
      var attempt = function (version, resolve) {
        var req;
        try {
          req = version ? indexedDB.open(name, version) : indexedDB.open(name);
        } catch (e) {
          resolve(null);
          return;
        }
        req.onupgradeneeded = function () {
          var db = req.result;
          if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
          if (!db.objectStoreNames.contains('blobs')) db.createObjectStore('blobs');
        };
        req.onsuccess = function () {
          var db = req.result;
          if (db.objectStoreNames.contains('kv') && db.objectStoreNames.contains('blobs')) {
            db.onversionchange = function () { db.close(); CWS.dbPromise = null; };  // deleted elsewhere
            resolve(db);
          } else if (!version) {
            var next = db.version + 1;
            db.close();
            attempt(next, resolve);
          } else {
            db.close();
            resolve(null);
          }
        };
        req.onerror = req.onblocked = function () { resolve(null); };
      };
      CWS.dbPromise = new Promise(function (resolve) { attempt(0, resolve); });
      return CWS.dbPromise;
    },

    storeDone: function (id, ok, entries) {
      var p = CWS.str(entries ? JSON.stringify(entries) : '[]');
      _cw_emsc_store_done(id, ok ? 1 : 0, p);
      _free(p);
      CWS.wakeHost();
    },

    // Writes go through one promise chain, so IndexedDB transactions are created in issue order and
    // (overlapping scope) commit in that order: "put op, then remove op" cannot be reordered.
    write: function (id, key, value) {
      var isBlob = key.lastIndexOf('blob:', 0) === 0;
      if (CWS.memoryMode()) {
        var m = isBlob ? CWS.mem.blobs : CWS.mem.kv;
        if (value === null) m.delete(key); else m.set(key, value);
        Promise.resolve().then(function () { CWS.storeDone(id, true); });
        return;
      }
      CWS.open().then(function (db) {
        if (!db) {
          var mm = isBlob ? CWS.mem.blobs : CWS.mem.kv;
          if (value === null) mm.delete(key); else mm.set(key, value);
          CWS.storeDone(id, true);
          return;
        }
        var name = isBlob ? 'blobs' : 'kv';
        // Outbox and cache must be on disk before the op is sent; drafts may be relaxed.
        var strict = key.lastIndexOf('op:', 0) === 0 || key.lastIndexOf('mine:', 0) === 0 || isBlob;
        var tx;
        try {
          tx = db.transaction(name, 'readwrite', {'durability': strict ? 'strict' : 'relaxed'});
          if (value === null) tx.objectStore(name).delete(key); else tx.objectStore(name).put(value, key);
        } catch (e) {
          CWS.storeDone(id, false);
          return;
        }
        tx.oncomplete = function () { CWS.storeDone(id, true); };
        tx.onerror = tx.onabort = function () { CWS.storeDone(id, false); };
      });
    },

    getBlob: function (key) {
      if (CWS.memoryMode()) return Promise.resolve(CWS.mem.blobs.get(key) || null);
      return CWS.open().then(function (db) {
        if (!db) return CWS.mem.blobs.get(key) || null;
        return new Promise(function (resolve) {
          var req;
          try {
            req = db.transaction('blobs', 'readonly').objectStore('blobs').get(key);
          } catch (e) {
            resolve(null);
            return;
          }
          req.onsuccess = function () {
            var v = req.result || null;
            if (v && !(v instanceof Blob) && v['bytes']) v = new Blob([v['bytes']], {'type': v['type'] || ''});
            resolve(v);
          };
          req.onerror = function () { resolve(null); };
        });
      });
    },

    // An evidence upload: the same request as fetch() would send, by XMLHttpRequest, because fetch
    // reports no upload progress and a 5 MB photo on a weak link takes long enough to need a bar.
    // Progress goes to the host as the event "upload-progress" {loaded, total} (at most every
    // 100 ms, and at the end). Resolves with [response-like, text] as the fetch path does; rejects
    // on a network error or an abort, like fetch.
    upload: function (url, method, headers, body, signal) {
      return new Promise(function (resolve, reject) {
        var xhr = new XMLHttpRequest();
        xhr.open(method, url, true);
        Object.keys(headers).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
        var last = 0;
        var report = function (loaded, total, force) {
          var now = Date.now();
          if (!force && now - last < 100) return;
          last = now;
          if (CWS.host['onEvent']) CWS.host['onEvent']('upload-progress', JSON.stringify({'loaded': loaded, 'total': total}));
          CWS.wakeHost();
        };
        xhr.upload.onprogress = function (e) { if (e.lengthComputable) report(e.loaded, e.total, e.loaded === e.total); };
        xhr.onload = function () {
          resolve([{'status': xhr.status, 'headers': {'get': function (n) { return xhr.getResponseHeader(n); }}},
                   xhr.responseText]);
        };
        xhr.onerror = function () { reject(new Error('network')); };
        xhr.onabort = function () { reject(new Error('aborted')); };
        if (signal) signal.addEventListener('abort', function () { xhr.abort(); });
        xhr.send(body);
      });
    },

    httpDone: function (id, status, body, etag, retryAfter) {
      var pb = CWS.str(body), pe = CWS.str(etag), pr = CWS.str(retryAfter);
      _cw_emsc_http_done(id, status, pb, pe, pr);
      _free(pb);
      _free(pe);
      _free(pr);
      CWS.wakeHost();
    },
  },

  // Transport: fetch + AbortController. −1 network error (fetch rejected, body cut), −2 timeout
  // (our abort), else the HTTP status (TOOLCHAIN.md). Uploads read their bytes from the blob store.
  cw_js_fetch__deps: ['$CWS'],
  cw_js_fetch: function (id, method, path, headers, body, blob, timeoutMs) {
    var m = UTF8ToString(method);
    var url = CWS.host['config']['apiBase'] + UTF8ToString(path);
    var h = JSON.parse(UTF8ToString(headers));
    var text = UTF8ToString(body);
    var blobKey = UTF8ToString(blob);
    var ctrl = new AbortController();
    var timedOut = false;
    var timer = setTimeout(function () { timedOut = true; ctrl.abort(); }, timeoutMs);
    var payload = blobKey ? CWS.getBlob(blobKey) : Promise.resolve(text.length ? text : undefined);
    payload.then(function (p) {
      if (blobKey && !p) return null;  // the bytes are gone (storage cleared): cannot upload
      if (blobKey && typeof XMLHttpRequest === 'function') return CWS.upload(url, m, h, p, ctrl.signal);
      return fetch(url, {'method': m, 'headers': h, 'body': p, 'signal': ctrl.signal,
                         'credentials': 'same-origin', 'cache': 'no-store'})
          .then(function (res) { return res.text().then(function (t) { return [res, t]; }); });
    }).then(function (rt) {
      clearTimeout(timer);
      if (!rt) {
        CWS.httpDone(id, 422, '{"error":{"code":"upload.not_found"}}', '', '');
        return;
      }
      CWS.httpDone(id, rt[0].status, rt[1], rt[0].headers.get('ETag') || '',
                   rt[0].headers.get('Retry-After') || '');
    }, function () {
      clearTimeout(timer);
      CWS.httpDone(id, timedOut ? -2 : -1, '', '', '');
    });
  },

  // Store: key/value JSON text; "blob:" keys live in the blob store (removal only, from C++).
  cw_js_store_put__deps: ['$CWS'],
  cw_js_store_put: function (id, key, value) { CWS.write(id, UTF8ToString(key), UTF8ToString(value)); },
  cw_js_store_remove__deps: ['$CWS'],
  cw_js_store_remove: function (id, key) { CWS.write(id, UTF8ToString(key), null); },
  cw_js_store_load__deps: ['$CWS'],
  cw_js_store_load: function (id, prefix) {
    var pre = UTF8ToString(prefix);
    var fromMap = function (map) {
      var out = [];
      map.forEach(function (v, k) { if (k.lastIndexOf(pre, 0) === 0) out.push([k, v]); });
      return out;
    };
    if (CWS.memoryMode()) {
      Promise.resolve().then(function () { CWS.storeDone(id, true, fromMap(CWS.mem.kv)); });
      return;
    }
    CWS.open().then(function (db) {
      if (!db) {
        CWS.storeDone(id, true, fromMap(CWS.mem.kv));
        return;
      }
      var tx, keys, vals;
      try {
        tx = db.transaction('kv', 'readonly');
        var range = pre ? IDBKeyRange.bound(pre, pre + '\uffff') : undefined;
        keys = tx.objectStore('kv').getAllKeys(range);
        vals = tx.objectStore('kv').getAll(range);
      } catch (e) {
        CWS.storeDone(id, false, []);  // a closing or foreign database: the engine reports a store error
        return;
      }
      tx.oncomplete = function () {
        var out = [];
        for (var i = 0; i < keys.result.length; i++) {
          if (typeof vals.result[i] === 'string') out.push([String(keys.result[i]), vals.result[i]]);
        }
        CWS.storeDone(id, true, out);
      };
      tx.onerror = tx.onabort = function () { CWS.storeDone(id, false, []); };
    });
  },

  // Clock and randomness.
  cw_js_now: function () { return Date.now(); },
  cw_js_random: function () {
    var a = new Uint32Array(1);
    crypto.getRandomValues(a);
    return a[0] >>> 0;
  },

  // Engine events: handed to the host, which dispatches them after the current C++ call returns.
  cw_js_sync_event__deps: ['$CWS'],
  cw_js_sync_event: function (type, json) {
    if (CWS.host['onEvent']) CWS.host['onEvent'](UTF8ToString(type), UTF8ToString(json));
  },
});
