// web/complaint-widget.js — the ES-module loader: defines <complaint-widget> and exports mount().
// Each element gets its own canvas in an open shadow root and its own wasm instance.
import createWidgetModule from './cw_widget.js';

const EVENT_PREFIX = 'complaint:';

// Posts an event to the native app when the page runs inside a WebView (DESIGN §6).
function postToBridge(type, detail) {
  const msg = JSON.stringify({type, detail});
  try {
    if (window.ComplaintBridge && typeof window.ComplaintBridge.postMessage === 'function') {
      window.ComplaintBridge.postMessage(msg);
    }
    const ios = window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.complaint;
    if (ios) ios.postMessage(msg);
  } catch (e) {
    // A broken bridge must not break the widget.
  }
}

const STYLE = `
  :host { display: block; position: relative; width: 100%; height: 100%; min-height: 480px;
          contain: content; background: #f4f6f9; }
  canvas { display: block; width: 100%; height: 100%; touch-action: none; outline: none; }
`;

export class ComplaintWidgetElement extends HTMLElement {
  constructor() {
    super();
    this._module = null;
    this._options = {};
  }

  connectedCallback() {
    if (this._started) return;
    this._started = true;
    const root = this.shadowRoot || this.attachShadow({mode: 'open'});
    const style = document.createElement('style');
    style.textContent = STYLE;
    const canvas = document.createElement('canvas');
    canvas.setAttribute('tabindex', '-1');
    root.append(style, canvas);
    this._canvas = canvas;
    const base = new URL('.', import.meta.url).href;
    createWidgetModule({
      canvas,
      locateFile: (path) => base + path,
      onEvent: (type, detail) => this._emit(type, detail),
      print: (text) => console.log(text),
      printErr: (text) => console.warn(text),
    }).then((mod) => {
      this._module = mod;
    }, (err) => {
      this._emit('error', {code: 'module.load_failed', message: String(err && err.message || err)});
    });
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(EVENT_PREFIX + type, {detail, bubbles: true, composed: true}));
    postToBridge(EVENT_PREFIX + type, detail);
  }
}

if (!customElements.get('complaint-widget')) {
  customElements.define('complaint-widget', ComplaintWidgetElement);
}

// mount(element, options): creates a <complaint-widget> inside `element` and returns it.
export function mount(element, options = {}) {
  const widget = document.createElement('complaint-widget');
  const attrs = {apiBase: 'api-base', lang: 'lang', mode: 'mode', acceptanceNo: 'acceptance-no',
                 themeColor: 'theme-color'};
  for (const [key, attr] of Object.entries(attrs)) {
    if (options[key] != null) widget.setAttribute(attr, String(options[key]));
  }
  if (options.careMode) widget.setAttribute('care-mode', '');
  element.appendChild(widget);
  return widget;
}
