// wasm/js/library_cw.js — the browser side of the html5 platform backend (--js-library): WebGL2
// context, DOM input, frames on demand, Canvas2D glyphs, the DOM text agent, clipboard, events.
// Calls back cw_emsc_* exports from DOM events only, never from inside a C++ call (events to the
// host are deferred for that reason). Property names shared with the loader are quoted so closure
// keeps them: Module['canvas'], Module['overlay'], Module['onEvent'], Module['cwRegistry'], ...
//
// [SECTION] state, frames, init (pointer, touch, wheel, keys, clipboard, resize, insets, visibility,
//           GL loss)
// [SECTION] glyphs (Canvas2D fillText)
// [SECTION] text agent (IME and mobile keyboards)
// [SECTION] registry, events, loader API

mergeInto(LibraryManager.library, {
  // -------------------------------------------------------------------------------------------
  // [SECTION] state, frames, init
  // -------------------------------------------------------------------------------------------
  $CW: {
    canvas: null,
    framePending: false,
    frameId: 0,
    request: null,
    registry: [],
    lost: false,
    // The browser's own UI fonts, Latin first then the CJK system fonts of each platform; the
    // DOM text agent uses the same stack so text does not change when a field gets focus.
    family: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", ' +
            '"Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", ' +
            '"WenQuanYi Micro Hei", sans-serif',
    // The WebGL2 context: core only, no extensions enabled (emscripten would otherwise enable every
    // extension offered: 20-60 ms of the start-up on SwiftShader, 2026-12-01 trace).
    glAttrs: {
      'majorVersion': 2, 'minorVersion': 0, 'alpha': false, 'depth': false, 'stencil': false,
      'antialias': false, 'premultipliedAlpha': true, 'preserveDrawingBuffer': false,
      'enableExtensionsByDefault': false,
    },
    // Glyph scratch canvas; the family's [ascent, descent] per px.
    gcanvas: null,
    metrics: null,
    gctx: null,
    // Text agent.
    agentWrap: null,
    agentEl: null,
    agentId: 0,
    agentMulti: false,
    agentHint: 'next',
    composing: false,
    // [target, type, fn] of every window/document/visualViewport listener (CW_listen).
    listeners: [],
  },

  // Listeners on window and document outlive the canvas: each is recorded and removed by
  // cwDestroy, so a destroyed widget leaves nothing behind on the host page.
  $CW_listen__deps: ['$CW'],
  $CW_listen: function (target, type, fn) {
    target.addEventListener(type, fn);
    // Plain push on a list made in $CW: closure 20220104 compiled `(l || (l = [])).push(x)` to
    // `l ||= []` and dropped the push, so nothing was ever removed (caught by the listener count).
    CW.listeners.push([target, type, fn]);
  },

  // A wheel in CSS px: Firefox sends lines (deltaMode 1) for a mouse wheel, Blink and WebKit pixels;
  // page steps (2) are rare. 20 px a line is what Chromium scrolls for a line.
  $CW_wheel: function (e) {
    var k = e.deltaMode === 1 ? 20 : e.deltaMode === 2 ? CW.canvas.clientHeight : 1;
    _cw_emsc_wheel(e.deltaX * k, e.deltaY * k);
    CW.request();
  },

  // What covers the canvas's edges, in CSS px of the canvas: [top, right, bottom, left].
  // Keyboard: iOS (WKWebView, Safari) and Android Chrome >= 108 (interactive-widget=resizes-visual)
  // shrink only the visual viewport, so the canvas keeps its size and its bottom bar would sit
  // behind the keyboard. Safe area: env(safe-area-inset-*) read from the probe, counted only where
  // the canvas reaches that edge of the screen (a widget in the middle of a page has no notch).
  $CW_insets__deps: ['$CW'],
  $CW_insets: function () {
    var canvas = CW.canvas, r = canvas.getBoundingClientRect();
    if (!r.width || !r.height) return [0, 0, 0, 0];  // hidden (a failure panel in its place)
    var cs = getComputedStyle(CW.probe);
    var px = function (v) { return parseFloat(v) || 0; };
    var de = document.documentElement;
    var lw = de.clientWidth || window.innerWidth, lh = de.clientHeight || window.innerHeight;
    // A canvas that runs past an edge (a tall widget in a scrolled page) does not end at it.
    var top = r.top > -1 ? Math.max(0, px(cs.paddingTop) - r.top) : 0;
    var left = r.left > -1 ? Math.max(0, px(cs.paddingLeft) - r.left) : 0;
    var right = r.right < lw + 1 ? Math.max(0, r.right - (lw - px(cs.paddingRight))) : 0;
    var bottom = r.bottom < lh + 1 ? Math.max(0, r.bottom - (lh - px(cs.paddingBottom))) : 0;
    // Quoted: closure's externs may not know the visual viewport (it renamed such names before).
    var vv = window['visualViewport'];
    // Pinch zoom shrinks the visual viewport too: that is not a keyboard. The visual viewport's
    // offsetTop gives no top inset: the browser scrolls it to show the focused agent, and a top
    // bar that moved with it would move the agent again (a loop with the browser's scroll-into-view).
    if (vv && Math.abs((vv['scale'] || 1) - 1) < 0.05) {
      var visibleBottom = vv['offsetTop'] + vv['height'];
      if (visibleBottom < lh - 1) bottom = Math.max(bottom, r.bottom - visibleBottom);
    }
    // A keyboard taller than what the canvas shows (landscape): some of the page always remains.
    bottom = Math.min(bottom, Math.max(0, r.height - top - 120));
    return [top, right, bottom, left].map(Math.round);
  },

  cw_js_init__deps: ['$CW', '$GL', 'free', '$CW_agentOpen', '$CW_item', '$CW_agentMove', '$CW_callStr', '$CW_api', '$CW_listen',
                     '$CW_wheel', '$CW_insets'],
  cw_js_init: function () {
    var canvas = Module['canvas'];
    CW.canvas = canvas;
    var ctx = GL.createContext(canvas, CW.glAttrs);
    if (!ctx) return -1;
    GL.makeContextCurrent(ctx);

    CW.move = CW_agentMove;
    CW.request = function () {
      if (CW.framePending || CW.lost || document.visibilityState === 'hidden') return;
      CW.framePending = true;
      CW.frameId = requestAnimationFrame(function (ts) {
        CW.framePending = false;
        _cw_emsc_frame(ts);
      });
    };

    var pos = function (e) {
      var r = canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    // A tap or click that ends on a text field focuses the DOM agent right here, inside the
    // user's gesture: mobile browsers raise the keyboard only then (TOOLCHAIN.md). Which field
    // lies under the point is C++'s answer (wasm/ui/focus.h).
    var tapEnded = function (x, y) {
      var f = CW_item(_cw_emsc_focus_at(x, y, 1));
      if (f) CW_agentOpen(f, true);
      else if (CW.agentEl && CW.agentId) CW.agentEl.blur();
    };

    var touchStart = null;
    canvas.addEventListener('pointerdown', function (e) {
      var p = pos(e);
      if (e.pointerType === 'touch') {
        if (!e.isPrimary) return;
        touchStart = p;
        _cw_emsc_touch(0, e.pointerId, p[0], p[1], e.timeStamp);
      } else {
        _cw_emsc_pointer(0, p[0], p[1], e.button);
        try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* not capturable */ }
      }
      CW.request();
    });
    canvas.addEventListener('pointermove', function (e) {
      var p = pos(e);
      if (e.pointerType === 'touch') {
        if (!e.isPrimary) return;
        _cw_emsc_touch(1, e.pointerId, p[0], p[1], e.timeStamp);
        CW.request();
        return;
      }
      _cw_emsc_pointer(1, p[0], p[1], e.button);
      CW.request();
    });
    var up = function (e) {
      var p = pos(e);
      if (e.pointerType === 'touch') {
        if (!e.isPrimary) return;
        var tap = touchStart && Math.abs(p[0] - touchStart[0]) + Math.abs(p[1] - touchStart[1]) <= 8;
        _cw_emsc_touch(e.type === 'pointercancel' ? 3 : 2, e.pointerId, p[0], p[1], e.timeStamp);
        touchStart = null;
        if (tap && e.type === 'pointerup') tapEnded(p[0], p[1]);
      } else {
        _cw_emsc_pointer(2, p[0], p[1], e.button);
        if (e.type === 'pointerup' && e.button === 0) tapEnded(p[0], p[1]);
      }
      CW.request();
    };
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('pointercancel', up);
    // The mouse left: no hover left behind. WebKit also sends this after pointerup once the
    // capture is released, at the same point: C++ holds it until the release's frame (type 3).
    canvas.addEventListener('pointerleave', function (e) {
      if (e.pointerType === 'mouse' && !e.buttons) {
        _cw_emsc_pointer(3, 0, 0, -1);
        CW.request();
      }
    });
    canvas.addEventListener('wheel', function (e) {
      CW_wheel(e);
      e.preventDefault();  // the page under the widget must not scroll with it
    }, {passive: false});

    // Keys on the canvas itself (the text agent handles its own). Character keys are not
    // prevented: a focused DOM field must still receive them.
    var mods = function (e) { return (e.ctrlKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0); };
    canvas.addEventListener('keydown', function (e) {
      _cw_emsc_key(e.keyCode, 1, mods(e));
      if (e.key && e.key.length === 1 && !e.ctrlKey && !e.metaKey) _cw_emsc_char(e.key.codePointAt(0));
      if (e.keyCode === 9 || e.keyCode === 32 || (e.keyCode >= 33 && e.keyCode <= 40)) e.preventDefault();
      CW.request();
    });
    canvas.addEventListener('keyup', function (e) {
      _cw_emsc_key(e.keyCode, 0, mods(e));
      CW.request();
    });
    // Clipboard through the DOM events (no permission prompt): paste feeds ImGui's clipboard.
    canvas.addEventListener('paste', function (e) {
      var text = (e.clipboardData && e.clipboardData.getData('text/plain')) || '';
      CW_callStr(_cw_emsc_paste, text.normalize('NFC'));
      e.preventDefault();
      CW.request();
    });
    canvas.addEventListener('copy', function (e) {
      if (CW.copyText != null && e.clipboardData) {
        e.clipboardData.setData('text/plain', CW.copyText);
        e.preventDefault();
      }
    });

    // Size: ResizeObserver on the canvas; devicePixelRatio changes (zoom, moving the window to
    // another screen) through a matchMedia query for the current ratio, made anew after each change,
    // and window resize (not every engine fires the media query on zoom).
    // Insets (CW_insets): sent when one changed, with a frame. A zero-size probe whose padding is
    // env(safe-area-inset-*) turns the safe area into numbers; CSSOM rather than a style attribute
    // (strict CSP without 'unsafe-inline' on the demo pages).
    var probe = document.createElement('div');
    probe.setAttribute('aria-hidden', 'true');
    probe.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;visibility:hidden;' +
      'pointer-events:none;padding:env(safe-area-inset-top,0px) env(safe-area-inset-right,0px) ' +
      'env(safe-area-inset-bottom,0px) env(safe-area-inset-left,0px);';
    (Module['overlay'] || canvas.parentNode).appendChild(probe);
    CW.probe = probe;
    CW.insetsSent = '0,0,0,0';
    var insets = function () {
      var v = CW_insets();
      if (v.join() === CW.insetsSent) return;
      CW.insetsSent = v.join();
      _cw_emsc_insets(v[0], v[1], v[2], v[3]);
      CW.request();
    };
    var resize = function () {
      var dpr = window.devicePixelRatio || 1;
      var w = canvas.clientWidth, h = canvas.clientHeight;
      canvas.width = Math.max(1, Math.round(w * dpr));
      canvas.height = Math.max(1, Math.round(h * dpr));
      _cw_emsc_resize(w, h, dpr);
      insets();
      CW.request();
    };
    if (typeof ResizeObserver !== 'undefined') {
      CW.observer = new ResizeObserver(resize);
      CW.observer.observe(canvas);
    } else {
      CW_listen(window, 'resize', resize);
    }
    var lastDpr = window.devicePixelRatio || 1;
    var dprChanged = function () {
      var dpr = window.devicePixelRatio || 1;
      if (dpr === lastDpr) return;
      lastDpr = dpr;
      resize();
      watchDpr();
    };
    var watchDpr = function () {
      if (CW.dprQuery) CW.dprQuery.removeEventListener('change', dprChanged);
      CW.dprChanged = dprChanged;
      // Safari before 14 has only addListener on MediaQueryList: there the resize event serves.
      var mq = window.matchMedia && window.matchMedia('(resolution: ' + lastDpr + 'dppx)');
      CW.dprQuery = mq && mq.addEventListener ? mq : null;
      if (CW.dprQuery) CW.dprQuery.addEventListener('change', dprChanged);
    };
    watchDpr();
    CW_listen(window, 'resize', dprChanged);
    // The keyboard opening, closing or being panned over; a rotation; the page scrolling the canvas
    // to or away from a screen edge (the safe area).
    var vv = window['visualViewport'];
    if (vv) {
      CW_listen(vv, 'resize', insets);
      CW_listen(vv, 'scroll', insets);
    }
    CW_listen(window, 'resize', insets);
    CW_listen(window, 'scroll', insets);

    // Nothing runs while hidden; one frame when visible again. Countdowns (DESIGN §3) ask for
    // their own frame at the next minute (ui Countdown → RequestFrameIn): a screen without one
    // draws nothing while idle.
    CW_listen(document, 'visibilitychange', function () { CW.request(); });

    // WebGL context loss (GPU reset, too many contexts): keep the canvas, rebuild on restore.
    canvas.addEventListener('webglcontextlost', function (e) {
      e.preventDefault();  // without this the browser never restores the context
      CW.lost = true;
      _cw_emsc_context_lost();
    });
    canvas.addEventListener('webglcontextrestored', function () {
      CW.lost = false;
      _cw_emsc_context_restored();
      CW.request();
    });

    // prefers-reduced-motion: no inertia glide (and screens skip animations, ui::ReducedMotion).
    if (window.matchMedia) {
      var motion = window.matchMedia('(prefers-reduced-motion: reduce)');
      var onMotion = function () { _cw_emsc_reduced_motion(motion.matches ? 1 : 0); };
      onMotion();
      if (motion.addEventListener) {
        motion.addEventListener('change', onMotion);
        CW.motionQuery = motion;
        CW.onMotion = onMotion;
      }
    }

    resize();
    return 0;
  },

  // Asks for one more frame (input, data, animation or settling).
  cw_js_request_frame__deps: ['$CW'],
  cw_js_request_frame: function () { if (CW.request) CW.request(); },
  // One frame after ms (countdowns by the second); the earliest pending timer wins.
  cw_js_request_frame_in__deps: ['$CW'],
  cw_js_request_frame_in: function (ms) {
    var at = Date.now() + ms;
    if (CW.frameInAt && CW.frameInAt <= at) return;
    clearTimeout(CW.frameInTimer);
    CW.frameInAt = at;
    CW.frameInTimer = setTimeout(function () {
      CW.frameInAt = 0;
      if (CW.request) CW.request();
    }, ms);
  },

  // Calls fn(ptr) with a temporary UTF-8 copy of str on the wasm heap.
  $CW_callStr__deps: ['free'],
  $CW_callStr: function (fn, str, a, b) {
    var p = allocateUTF8(str);
    try {
      if (b !== undefined) fn(a, p, b);
      else if (a !== undefined) fn(a, p);
      else fn(p);
    } finally {
      _free(p);
    }
  },

  // Copy: the async clipboard API works inside the tap's user activation; execCommand with a
  // `copy` listener is the fallback for WebViews without it.
  cw_js_clipboard_write__deps: ['$CW'],
  cw_js_clipboard_write: function (ptr) {
    var text = UTF8ToString(ptr);
    var fallback = function () {
      CW.copyText = text;
      try { document.execCommand('copy'); } catch (e) { /* no clipboard: nothing to do */ }
      CW.copyText = null;
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(null, fallback);
    } else {
      fallback();
    }
  },

  // -------------------------------------------------------------------------------------------
  // [SECTION] glyphs (Canvas2D fillText)
  // -------------------------------------------------------------------------------------------
  $CW_glyphCtx__deps: ['$CW'],
  $CW_glyphCtx: function (px, weight) {
    if (!CW.gctx) {
      CW.gcanvas = document.createElement('canvas');
      CW.gcanvas.width = 1024;
      CW.gcanvas.height = 256;
      // willReadFrequently keeps the canvas on the CPU: getImageData without a GPU readback.
      CW.gctx = CW.gcanvas.getContext('2d', {'willReadFrequently': true});
    }
    CW.gctx.font = weight + ' ' + px + 'px ' + CW.family;
    CW.gctx.textBaseline = 'alphabetic';
    CW.gctx.textAlign = 'left';
    CW.gctx.fillStyle = '#fff';
    return CW.gctx;
  },

  // Ascent and descent scale with the size and are the family's, not the weight's (the system CJK
  // fonts keep one set of vertical metrics across their weights): measured once, at the first face
  // asked for, and scaled. Each further weight measured here was a font lookup at start-up (3–15 ms
  // in Chromium) for a face the first screen may not even draw.
  $CW_faceMetrics__deps: ['$CW', '$CW_glyphCtx'],
  $CW_faceMetrics: function (px, weight) {
    var k = CW.metrics;
    if (!k) {
      var m = CW_glyphCtx(px, weight).measureText('Hg\u56fd');
      // Quoted: closure does not know these names and would rename them (it did, until 2026-12-01).
      var asc = m['fontBoundingBoxAscent'], desc = m['fontBoundingBoxDescent'];
      k = asc > 0 ? [asc / px, desc / px] : [0.8, 0.2];  // older WebViews lack fontBoundingBox*
      CW.metrics = k;
    }
    return k;
  },

  cw_js_glyph_metrics__deps: ['$CW_faceMetrics'],
  cw_js_glyph_metrics: function (px, weight, out) {
    var k = CW_faceMetrics(px, weight);
    HEAPF32[out >> 2] = k[0] * px;
    HEAPF32[(out >> 2) + 1] = k[1] * px;
  },

  // Rasterizes code points into `pixels` (coverage bytes, ink boxes, stride = width) and writes
  // [width, height, left, top, advance] per glyph to `records`. One measureText and one fillText
  // per glyph, one getImageData per batch. The ink box is the one measureText reports (widened by a
  // pixel for antialiasing, whose border is checked blank): scanning every cell's pixels for it ran
  // in the interpreter at start-up, 5–20 ms for the first screen's 150 glyphs. Returns how many
  // glyphs fit.
  // Whether any pixel on the border of [x0, x1) × [y0, y1) has ink: the measured box is widened by
  // a pixel, so its border is blank unless the font drew outside its own metrics.
  $CW_ringInked: function (data, W, x0, y0, x1, y1) {
    for (var x = x0; x < x1; x++) {
      if (data[(y0 * W + x) * 4 + 3] || data[((y1 - 1) * W + x) * 4 + 3]) return true;
    }
    for (var y = y0; y < y1; y++) {
      if (data[(y * W + x0) * 4 + 3] || data[(y * W + x1 - 1) * 4 + 3]) return true;
    }
    return false;
  },

  cw_js_glyph_raster__deps: ['$CW', '$CW_glyphCtx', '$CW_ringInked'],
  cw_js_glyph_raster: function (px, weight, cps, count, pixels, cap, records) {
    var g = CW_glyphCtx(px, weight);
    var pad = Math.ceil(px * 0.25) + 2;
    var cellH = Math.ceil(px * 1.6) + 2 * pad;
    var base = pad + Math.ceil(px * 1.15);  // baseline inside the cell: room for tall accents
    var W = CW.gcanvas.width;
    // Lay the batch out in rows of cells; each cell's ink box [x0, y0, x1, y1) from the metrics.
    var cells = [], x = 0, y = 0, n = 0, usedW = 1;
    for (; n < count; n++) {
      var s = String.fromCodePoint(HEAPU32[(cps >> 2) + n]);
      var m = g.measureText(s);
      var adv = m.width;
      var cw = Math.ceil(adv) + 2 * pad;
      if (x + cw > W) { x = 0; y += cellH; }
      if (y + cellH > 2048) break;
      // Quoted: closure would rename these TextMetrics members (see fontBoundingBoxAscent).
      var l = m['actualBoundingBoxLeft'], r = m['actualBoundingBoxRight'];
      var a = m['actualBoundingBoxAscent'], d = m['actualBoundingBoxDescent'];
      // null: not reported (old WebViews) or blank (a space), then the cell is scanned.
      var box = typeof r === 'number' && typeof a === 'number' && r + l > 0 && a + d > 0
        ? [Math.max(0, Math.floor(pad - l) - 1), Math.max(0, Math.floor(base - a) - 1),
           Math.min(cw, Math.ceil(pad + r) + 1), Math.min(cellH, Math.ceil(base + d) + 1)]
        : null;
      cells.push([s, x, y, cw, adv, box]);
      x += cw;
      if (x > usedW) usedW = x;
    }
    var H = y + cellH;
    if (CW.gcanvas.height < H) {
      CW.gcanvas.height = H;  // resizing resets the context state
      g = CW_glyphCtx(px, weight);
    }
    // Only the used part is cleared and read back: small batches (a typed character) stay cheap.
    g.clearRect(0, 0, usedW, H);
    for (var i = 0; i < cells.length; i++) g.fillText(cells[i][0], cells[i][1] + pad, cells[i][2] + base);
    W = usedW;
    var data = g.getImageData(0, 0, W, H).data;
    var out = pixels, used = 0, done = 0, xx, yy;
    for (i = 0; i < cells.length; i++) {
      var c = cells[i], cx = c[1], cy = c[2], cwid = c[3], x0, x1, y0, y1;
      var b = c[5];
      if (b && CW_ringInked(data, W, cx + b[0], cy + b[1], cx + b[2], cy + b[3])) b = null;
      if (b) {
        x0 = b[0]; y0 = b[1]; x1 = b[2] - 1; y1 = b[3] - 1;
      } else {
        // Tight ink box: scan the cell's alpha.
        x0 = cwid; x1 = -1; y0 = cellH; y1 = -1;
        for (yy = 0; yy < cellH; yy++) {
          var row = ((cy + yy) * W + cx) * 4 + 3;
          for (xx = 0; xx < cwid; xx++) {
            if (data[row + xx * 4]) {
              if (xx < x0) x0 = xx;
              if (xx > x1) x1 = xx;
              if (yy < y0) y0 = yy;
              if (yy > y1) y1 = yy;
            }
          }
        }
      }
      var w = x1 >= x0 ? x1 - x0 + 1 : 0, h = y1 >= y0 ? y1 - y0 + 1 : 0;
      if (used + w * h > cap) break;
      for (yy = 0; yy < h; yy++) {
        var src = ((cy + y0 + yy) * W + cx + x0) * 4 + 3;
        var dst = out + used + yy * w;
        for (xx = 0; xx < w; xx++) HEAPU8[dst + xx] = data[src + xx * 4];
      }
      used += w * h;
      var rec = (records >> 2) + i * 5;
      HEAPF32[rec] = w;
      HEAPF32[rec + 1] = h;
      HEAPF32[rec + 2] = x0 - pad;
      HEAPF32[rec + 3] = base - y0;
      HEAPF32[rec + 4] = c[4];
      done++;
    }
    return done;
  },

  // -------------------------------------------------------------------------------------------
  // [SECTION] text agent (IME and mobile keyboards)
  // -------------------------------------------------------------------------------------------
  // A real <input>/<textarea> over the active field: the browser does the caret, selection, IME
  // pre-edit, autocorrect and the keyboard; C++ receives only committed text (not while
  // composing), NFC-normalised (DESIGN §3).
  $CW_agentEnsure__deps: ['$CW', '$CW_callStr', '$CW_wheel'],
  $CW_agentEnsure: function (multiline) {
    if (!CW.agentWrap) {
      var wrap = document.createElement('div');
      wrap.setAttribute('part', 'text-agent');
      wrap.style.cssText = 'position:absolute;overflow:hidden;display:none;pointer-events:none;';
      (Module['overlay'] || CW.canvas.parentNode).appendChild(wrap);
      CW.agentWrap = wrap;
    }
    if (CW.agentEl && CW.agentMulti === !!multiline) return CW.agentEl;
    if (CW.agentEl) CW.agentEl.remove();
    var el = document.createElement(multiline ? 'textarea' : 'input');
    el.className = 'cw-agent';
    el.style.cssText = 'position:absolute;box-sizing:border-box;margin:0;border:0;outline:0;' +
      'background:transparent;border-radius:0;appearance:none;-webkit-appearance:none;resize:none;' +
      'pointer-events:auto;font-family:' + CW.family.replace(/"/g, "'") + ';';
    // The whole value goes to C++ each time (never a difference), so a commit reported twice is
    // harmless: Blink and Gecko send the last `input` (isComposing) before `compositionend`, WebKit
    // sends `compositionend` first and then an `input` that is no longer composing.
    var send = function () {
      if (!CW.agentId) return;
      var v = el.value.normalize('NFC');
      // The limit counts code points (DESIGN §3), the DOM's maxlength UTF-16 units (𠮷 would
      // count twice), and no engine applies maxlength to an IME's commit the same way: cut here.
      if (CW.agentMax > 0) {
        var cps = Array.from(v);
        if (cps.length > CW.agentMax) {
          v = cps.slice(0, CW.agentMax).join('');
          el.value = v;
        }
      }
      if (v === CW.agentSent) return;
      CW.agentSent = v;
      CW_callStr(_cw_emsc_agent_text, v, CW.agentId);
    };
    CW.agentSend = send;
    el.addEventListener('compositionstart', function () { CW.composing = true; });
    el.addEventListener('compositionend', function () { CW.composing = false; send(); });
    el.addEventListener('input', function (e) {
      if (e.isComposing || CW.composing) return;  // pre-edit (pinyin) is not text yet
      send();
    });
    el.addEventListener('keydown', function (e) {
      // Keys that drive the IME: Blink and Gecko mark them isComposing; WebKit sends the key that
      // confirms a candidate after compositionend, not composing but with keyCode 229 (as every key
      // of iOS's software keyboard while it composes): that Enter must not submit the form.
      if (e.isComposing || e.keyCode === 229) return;
      if (e.key === 'Tab') {
        e.preventDefault();
        // Tab goes on through every widget kind, in C++'s order; the accessibility tree
        // (web/a11y.js) focuses the node that stands for the item (a text field opens the agent).
        var dir = e.shiftKey ? -1 : 1;
        var next = _cw_emsc_focus_next(CW.agentId, dir, 0) >>> 0;
        var focusItem = Module['cwFocusItem'];
        if (!(next && focusItem && focusItem(next))) CW.move(dir);
      } else if (e.key === 'Enter' && !CW.agentMulti) {
        e.preventDefault();
        if (CW.agentHint === 'next') CW.move(1);
        else { _cw_emsc_agent_submit(CW.agentId); el.blur(); }
      } else if (e.key === 'Escape') {
        el.blur();
      }
    });
    el.addEventListener('blur', function () {
      var id = CW.agentId;
      if (!id) return;
      // A composition still open when the field loses focus (a tap on 下一步 while Android's keyboard
      // composes a word): the browser commits it into the value; C++ gets it before the blur.
      if (CW.composing) {
        CW.composing = false;
        send();
      }
      CW.agentId = 0;
      CW.composing = false;
      CW.agentWrap.style.display = 'none';
      _cw_emsc_agent_blur(id);
      CW.request();
    });
    // A wheel over the field scrolls the page like anywhere else on the canvas.
    el.addEventListener('wheel', function (e) {
      if (CW.agentMulti && el.scrollHeight > el.clientHeight) return;
      CW_wheel(e);
      e.preventDefault();
    }, {passive: false});
    CW.agentWrap.appendChild(el);
    CW.agentEl = el;
    CW.agentMulti = !!multiline;
    return el;
  },

  // Places the agent. g: [x, y, w, h, clipX0, clipY0, clipX1, clipY1, fontPx, padX, padY].
  $CW_agentPlace__deps: ['$CW'],
  $CW_agentPlace: function (el, g) {
    var ws = CW.agentWrap.style;
    ws.left = g[4] + 'px';
    ws.top = g[5] + 'px';
    ws.width = Math.max(0, g[6] - g[4]) + 'px';
    ws.height = Math.max(0, g[7] - g[5]) + 'px';
    ws.display = 'block';
    var s = el.style;
    s.left = (g[0] - g[4]) + 'px';
    s.top = (g[1] - g[5]) + 'px';
    s.width = g[2] + 'px';
    s.height = g[3] + 'px';
    s.fontSize = g[8] + 'px';
    s.lineHeight = CW.agentMulti ? '1.45' : 'normal';
    s.padding = CW.agentMulti ? (g[10] + 'px ' + g[9] + 'px') : ('0 ' + g[9] + 'px');
  },

  // Opens the agent on a registry item (inside a tap: `focus` raises the keyboard).
  $CW_agentOpen__deps: ['$CW', '$CW_agentEnsure', '$CW_agentPlace'],
  $CW_agentOpen: function (f, fromTap) {
    var el = CW_agentEnsure(f['multiline']);
    var same = CW.agentId === f['id'] && document.activeElement === el ||
               (el.getRootNode && el.getRootNode().activeElement === el && CW.agentId === f['id']);
    if (same) return;
    CW.agentId = 0;  // the blur of the previous field is not a blur of this one
    if (!f['multiline']) el.type = f['type'] || 'text';
    el.setAttribute('inputmode', f['inputmode'] || 'text');
    el.setAttribute('enterkeyhint', f['enterkeyhint'] || 'next');
    el.setAttribute('autocomplete', f['autocomplete'] || 'off');
    el.setAttribute('aria-label', f['label'] || '');
    el.placeholder = f['placeholder'] || '';
    CW.agentMax = f['maxlength'] > 0 ? f['maxlength'] : 0;
    el.value = f['value'] || '';
    CW.agentSent = el.value;
    CW.agentHint = f['enterkeyhint'] || 'next';
    var r = CW.canvas.getBoundingClientRect();
    var clipTop = 0, clipBottom = r.height;
    CW_agentPlace(el, [f['x'], f['y'], f['w'], f['h'], f['x'], Math.max(clipTop, f['y']), f['x'] + f['w'],
                       Math.min(clipBottom, f['y'] + f['h']), 16, 12, 12]);
    el.focus({preventScroll: true});
    var end = el.value.length;
    try { el.setSelectionRange(end, end); } catch (e) { /* type=email has no selection API */ }
    CW.agentId = f['id'];
    _cw_emsc_agent_focus(f['id']);
    CW.request();
  },

  $CW_agentHide__deps: ['$CW'],
  $CW_agentHide: function () {
    if (CW.agentEl && CW.agentId) CW.agentEl.blur();
    if (CW.agentWrap) CW.agentWrap.style.display = 'none';
    CW.agentId = 0;
  },

  // The registry item with this id (ids as C++ sends them: unsigned), or null.
  $CW_item__deps: ['$CW'],
  $CW_item: function (id) {
    id = id >>> 0;
    if (!id) return null;
    return CW.registry.find(function (it) { return it['id'] === id; }) || null;
  },

  // Enter=next (and Tab without the accessibility tree): the next text field in C++'s order.
  $CW_agentMove__deps: ['$CW', '$CW_agentOpen', '$CW_item'],
  $CW_agentMove: function (dir) {
    var next = CW_item(_cw_emsc_focus_next(CW.agentId, dir, 1));
    if (next) CW_agentOpen(next, false);
    else if (CW.agentEl) CW.agentEl.blur();
  },

  // C++ → DOM: geometry every time it moves (scroll), value when it changed in C++, settings.
  cw_js_agent_show__deps: ['$CW', '$CW_agentEnsure', '$CW_agentPlace'],
  cw_js_agent_show: function (id, multiline, focus, geom, value, placeholder, label, type, inputmode,
                              enterkeyhint, autocomplete, maxChars, textRgb, caretRgb) {
    id = id >>> 0;  // ImGuiIDs above 2^31 arrive as negative i32; the registry has them unsigned
    var el = CW_agentEnsure(multiline);
    var g = [];
    for (var i = 0; i < 11; i++) g.push(HEAPF32[(geom >> 2) + i]);
    var hex = function (v) { return '#' + ('00000' + v.toString(16)).slice(-6); };
    el.style.color = hex(textRgb);
    el.style.caretColor = hex(caretRgb);
    if (CW.agentId !== id) {
      if (!focus) return;  // the field lost focus meanwhile: C++ learns it from the blur
      CW.agentId = 0;
      if (!multiline) el.type = UTF8ToString(type);
      el.setAttribute('inputmode', UTF8ToString(inputmode));
      el.setAttribute('enterkeyhint', UTF8ToString(enterkeyhint));
      el.setAttribute('autocomplete', UTF8ToString(autocomplete));
      el.setAttribute('aria-label', UTF8ToString(label));
      el.placeholder = UTF8ToString(placeholder);
      CW.agentMax = maxChars > 0 ? maxChars : 0;
      CW.agentHint = UTF8ToString(enterkeyhint);
      CW_agentPlace(el, g);
      el.value = UTF8ToString(value);
      CW.agentSent = el.value;
      el.focus({preventScroll: true});
      CW.agentId = id;
      return;
    }
    CW_agentPlace(el, g);
    var v = UTF8ToString(value);
    // Never overwrite the field while the IME composes: the pre-edit would be lost.
    if (!CW.composing && el.value.normalize('NFC') !== v) {
      var atEnd = el.selectionStart === el.value.length;
      el.value = v;
      CW.agentSent = v;
      if (atEnd) try { el.setSelectionRange(v.length, v.length); } catch (e) { /* no selection API */ }
    }
  },

  cw_js_agent_hide__deps: ['$CW_agentHide'],
  cw_js_agent_hide: function () { CW_agentHide(); },

  // -------------------------------------------------------------------------------------------
  // [SECTION] registry, events, loader API
  // -------------------------------------------------------------------------------------------
  // The widget registry changed: kept for the tap hit test and handed to the loader (tests and
  // the accessibility tree read it).
  cw_js_registry__deps: ['$CW'],
  cw_js_registry: function (json) {
    CW.registry = JSON.parse(UTF8ToString(json));
    Module['cwRegistry'] = CW.registry;
    var onRegistry = Module['onRegistry'];
    if (onRegistry) onRegistry(CW.registry);  // the accessibility tree; it defers its DOM work
  },

  // File picker: a transparent <input type=file> over the "add evidence" button, so the customer's
  // own tap opens the device's picker (no synthetic click, which browsers refuse outside a gesture).
  cw_js_picker_show__deps: ['$CW'],
  cw_js_picker_show: function (id, rect, accept, label) {
    if (!CW.picker) {
      var el = document.createElement('input');
      el.type = 'file';
      el.multiple = true;
      el.setAttribute('part', 'file-picker');
      el.style.cssText = 'position:absolute;opacity:0;cursor:pointer;pointer-events:auto;margin:0;padding:0;' +
        'font-size:0;';
      el.addEventListener('change', function () {
        var files = Array.prototype.slice.call(el.files || []);
        el.value = '';  // the same file may be picked again after a removal
        var onFiles = Module['onFiles'];
        if (files.length && onFiles) onFiles(files);
      });
      (Module['overlay'] || CW.canvas.parentNode).appendChild(el);
      CW.picker = el;
    }
    var p = CW.picker, r = rect >> 2;
    p.style.left = HEAPF32[r] + 'px';
    p.style.top = HEAPF32[r + 1] + 'px';
    p.style.width = HEAPF32[r + 2] + 'px';
    p.style.height = HEAPF32[r + 3] + 'px';
    p.style.display = 'block';
    p.accept = UTF8ToString(accept);
    p.setAttribute('aria-label', UTF8ToString(label));
    p.dataset.id = String(id >>> 0);
  },
  cw_js_picker_hide__deps: ['$CW'],
  cw_js_picker_hide: function () { if (CW.picker) CW.picker.style.display = 'none'; },

  // Hash routing: the loader records the route in the browser's history (Module['onRoute']).
  cw_js_route: function (hash, replace) {
    var h = UTF8ToString(hash), onRoute = Module['onRoute'];
    if (onRoute) Promise.resolve().then(function () { onRoute(h, !!replace); });
  },

  // Data calls go to the loader (Module['onData'](id, method, args)), which answers later through
  // Module['cwDataResult'](id, {ok, value} | {ok: false, error}).
  cw_js_data_call: function (id, method, args) {
    var m = UTF8ToString(method), a = JSON.parse(UTF8ToString(args)), onData = Module['onData'];
    id = id >>> 0;
    Promise.resolve().then(function () {
      if (onData) onData(id, m, a);
      else Module['cwDataResult'](id, {'ok': false, 'error': {'code': 'data.unavailable', 'message': ''}});
    });
  },

  // Dispatches `complaint:<type>` on the host element (DESIGN §6). Deferred: a host listener
  // that calls a handle method must not re-enter C++ in the middle of a frame.
  cw_js_emit: function (type, detailJson) {
    var t = UTF8ToString(type), d = JSON.parse(UTF8ToString(detailJson));
    Promise.resolve().then(function () {
      var onEvent = Module['onEvent'];
      if (onEvent) onEvent(t, d);
    });
  },

  // Loader API installed on the module (quoted names survive closure).
  $CW_api__deps: ['$CW', '$CW_callStr', '$CW_agentHide', '$CW_agentOpen', '$CW_item'],
  $CW_api__postset: 'CW_api();',
  $CW_api: function () {
    Module['cwCommand'] = function (key, value) {
      var pk = allocateUTF8(String(key)), pv = allocateUTF8(value == null ? '' : String(value));
      var rc = _cw_emsc_command(pk, pv);
      _free(pk);
      _free(pv);
      return rc;
    };
    Module['cwDataResult'] = function (id, answer) {
      if (CW.lost) return;
      CW_callStr(_cw_emsc_data_result, JSON.stringify(answer), id >>> 0);
    };
    Module['cwDataEvent'] = function (type, detail) {
      if (CW.lost) return;
      var pt = allocateUTF8(String(type)), pd = allocateUTF8(JSON.stringify(detail === undefined ? {} : detail));
      _cw_emsc_data_event(pt, pd);
      _free(pt);
      _free(pd);
    };
    // The loader calls this once it has applied the host's attributes and deep link: the first
    // frame is drawn now instead of at the next animation frame (the browser shows it at the same
    // or an earlier vsync; start-up no longer waits up to a frame for nothing).
    Module['cwFrameNow'] = function () {
      if (!CW.framePending || CW.lost) return;
      cancelAnimationFrame(CW.frameId);
      CW.framePending = false;
      _cw_emsc_frame(performance.now());
    };
    Module['cwStats'] = function () { return JSON.parse(UTF8ToString(_cw_emsc_stats())); };
    Module['cwDestroy'] = function () {
      CW_agentHide();
      if (CW.picker) CW.picker.remove();
      if (CW.probe) CW.probe.remove();
      if (CW.observer) CW.observer.disconnect();
      CW.listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2]); });
      CW.listeners = [];
      if (CW.dprQuery) CW.dprQuery.removeEventListener('change', CW.dprChanged);
      CW.dprQuery = null;
      if (CW.motionQuery) CW.motionQuery.removeEventListener('change', CW.onMotion);
      clearTimeout(CW.frameInTimer);
      if (CW.framePending) cancelAnimationFrame(CW.frameId);
      CW.lost = true;  // no more frames
      // The reverse of main(): GL objects, atlas, backends, ImGui context; exports are no-ops after.
      _cw_emsc_destroy();
    };
    // For the accessibility tree (web/a11y.js): focus (op 0) or press (op 1) a registry item by
    // id, open the text agent on a field, and the agent element itself.
    Module['cwA11y'] = function (op, id) {
      _cw_emsc_a11y(op, id);
      CW.request();
    };
    Module['cwAgentOpen'] = function (id) {
      var f = CW_item(id);
      if (f && f['role'] !== 'textbox') f = null;
      if (f) CW_agentOpen(f, true);
      return !!f;
    };
    // The one focus order (wasm/ui/focus.h): the item `dir` steps from `from` (0: from outside),
    // over every kind or text fields only; the focusable item under a point. 0 when none.
    Module['cwFocusNext'] = function (from, dir, textOnly) {
      return _cw_emsc_focus_next(from >>> 0, dir, textOnly ? 1 : 0) >>> 0;
    };
    Module['cwFocusAt'] = function (x, y) { return _cw_emsc_focus_at(x, y, 0) >>> 0; };
    Module['cwAgentElement'] = function () { return CW.agentEl; };
  },
});
