// wasm/js/library_cw.js — the browser side of the html5 platform backend (--js-library).
// Listens on the host's canvas and calls back cw_emsc_* exports; never re-enters C++ from inside
// a C++ call. Property names shared with the loader are quoted so closure keeps them.

mergeInto(LibraryManager.library, {
  $CW: {
    canvas: null,
    framePending: false,
    observer: null,
  },

  // Creates the WebGL2 context on Module['canvas'] and wires input, resize and visibility.
  // Returns 0 on success, -1 when WebGL2 is not available.
  cw_js_init__deps: ['$CW', '$GL'],
  cw_js_init: function () {
    var canvas = Module['canvas'];
    CW.canvas = canvas;
    var attrs = {
      'majorVersion': 2, 'minorVersion': 0, 'alpha': false, 'depth': false, 'stencil': false,
      'antialias': false, 'premultipliedAlpha': true, 'preserveDrawingBuffer': false,
    };
    var ctx = GL.createContext(canvas, attrs);
    if (!ctx) return -1;
    GL.makeContextCurrent(ctx);

    var rect = function (e) {
      var r = canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    canvas.addEventListener('pointerdown', function (e) {
      var p = rect(e);
      _cw_emsc_pointer(0, p[0], p[1], e.button);
      CW.request();
    });
    canvas.addEventListener('pointermove', function (e) {
      var p = rect(e);
      _cw_emsc_pointer(1, p[0], p[1], e.button);
      if (e.buttons || e.pointerType === 'mouse') CW.request();
    });
    window.addEventListener('pointerup', function (e) {
      var p = rect(e);
      _cw_emsc_pointer(2, p[0], p[1], e.button);
      CW.request();
    });
    canvas.addEventListener('wheel', function (e) {
      var k = e.deltaMode === 1 ? 20 : e.deltaMode === 2 ? 400 : 1;
      _cw_emsc_wheel(e.deltaX * k, e.deltaY * k);
      CW.request();
      e.preventDefault();
    }, {passive: false});

    var resize = function () {
      var dpr = window.devicePixelRatio || 1;
      var w = canvas.clientWidth, h = canvas.clientHeight;
      canvas.width = Math.max(1, Math.round(w * dpr));
      canvas.height = Math.max(1, Math.round(h * dpr));
      _cw_emsc_resize(w, h, dpr);
      CW.request();
    };
    CW.request = function () {
      if (CW.framePending || document.visibilityState === 'hidden') return;
      CW.framePending = true;
      requestAnimationFrame(function (ts) {
        CW.framePending = false;
        _cw_emsc_frame(ts);
      });
    };
    if (typeof ResizeObserver !== 'undefined') {
      CW.observer = new ResizeObserver(resize);
      CW.observer.observe(canvas);
    }
    document.addEventListener('visibilitychange', function () { CW.request(); });
    resize();
    return 0;
  },

  // Asks for one more frame (input, data, animation or settling).
  cw_js_request_frame__deps: ['$CW'],
  cw_js_request_frame: function () { if (CW.request) CW.request(); },

  // Dispatches `complaint:<type>` on the host element with a JSON detail (DESIGN §6).
  cw_js_emit: function (type, detailJson) {
    var onEvent = Module['onEvent'];
    if (onEvent) onEvent(UTF8ToString(type), JSON.parse(UTF8ToString(detailJson)));
  },

  cw_js_now_ms: function () { return performance.now(); },
});
