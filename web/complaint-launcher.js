// web/complaint-launcher.js — <complaint-launcher>: a facade for pages where the complaint widget is
// not the main content (issue 25). It draws one accessible "投诉与建议" button in the host's colour and
// costs the page nothing more: no wasm, no request and no long task until the customer shows intent
// (pointer over it, focus, touch). Then it imports complaint-widget.js; a click opens the widget in a
// panel, or, with `href`, goes to the operator's complaint page. No inline script or style (CSP-safe).
//
//   <script type="module" src="/complaint-launcher.js"></script>
//   <complaint-launcher theme-color="#0a6cff" lang="zh-CN" api-base="/api/v1"></complaint-launcher>
//
// Attributes: href (navigate instead of the panel), widget-src (default: complaint-widget.js beside
// this file), label, inline (in the page's flow instead of floating), and the widget's own
// (api-base, lang, mode, acceptance-no, theme-color, care-mode), passed on when it is made.
const PASS = ['api-base', 'lang', 'mode', 'acceptance-no', 'theme-color', 'care-mode'];
const TEXT = {'zh-CN': ['投诉与建议', '关闭', '网络不稳定，请稍后再试。'],
              en: ['Complaints & feedback', 'Close', 'The network is unstable. Please try again later.']};
const CSS = `
:host{--c:#0a6cff;position:fixed;right:16px;bottom:16px;z-index:2147483000;font:16px/1.2 system-ui,sans-serif}
:host([inline]){position:static}
.b{display:inline-flex;align-items:center;gap:8px;min-height:48px;padding:0 20px;border:0;border-radius:24px;
background:var(--c);color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer;
box-shadow:0 4px 14px rgba(0,0,0,.25)}
.b:focus-visible,.x:focus-visible{outline:3px solid #000;outline-offset:2px}
svg{width:22px;height:22px;fill:currentColor}
.p{position:fixed;right:16px;bottom:80px;width:400px;height:min(680px,calc(100vh - 100px));display:flex;
flex-direction:column;background:#f2f4f7;border-radius:16px;overflow:hidden;box-shadow:0 8px 32px rgba(0,0,0,.3)}
.p[hidden]{display:none}
.x{position:absolute;top:2px;right:4px;z-index:1;width:44px;height:44px;border:0;background:none;color:#fff;
font-size:30px;line-height:1;cursor:pointer}
.w{flex:1;min-height:0}
::slotted(complaint-widget){height:100%;min-height:0}
@media (max-width:600px){.p{inset:0;width:auto;height:auto;border-radius:0}}`;

const ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6v2h10v-2zm0-3v2h10V7z"/></svg>';

function sheetFor(root) {
  if ('adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    const s = new CSSStyleSheet();
    s.replaceSync(CSS);
    root.adoptedStyleSheets = [s];
  } else {
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
}

class ComplaintLauncher extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({mode: 'open'});
    sheetFor(root);
    const [label, close, failed] = TEXT[this.getAttribute('lang') === 'en' ? 'en' : 'zh-CN'];
    const name = this.getAttribute('label') || label;
    const color = this.getAttribute('theme-color') || '';
    if (/^#[0-9a-f]{3,8}$/i.test(color)) this.style.setProperty('--c', color);
    const href = this.getAttribute('href');
    const b = document.createElement(href ? 'a' : 'button');
    b.className = 'b';
    b.setAttribute('part', 'button');  // hosts may restyle it: complaint-launcher::part(button)
    if (href) {
      b.href = href;
    } else {
      b.type = 'button';
      b.setAttribute('aria-haspopup', 'dialog');
      b.setAttribute('aria-expanded', 'false');
    }
    b.innerHTML = ICON;  // a constant: no page or customer text is ever parsed as markup
    b.append(name);
    this._button = b;
    const intent = () => this.preload();
    for (const ev of ['pointerenter', 'focus', 'touchstart']) b.addEventListener(ev, intent, {passive: true, once: true});
    if (!href) b.addEventListener('click', () => this.open());
    root.append(b);
    this._texts = {name, close, failed};
  }

  // Fetches the widget's module once (the customer is about to use it); resolves when it is defined.
  preload() {
    if (!this._loading) {
      if (this.hasAttribute('href')) {
        const link = document.createElement('link');
        link.rel = 'prefetch';
        link.href = this.getAttribute('href');
        document.head.append(link);
        this._loading = Promise.resolve();
      } else {
        const src = this.getAttribute('widget-src') || new URL('./complaint-widget.js', import.meta.url).href;
        this._loading = import(src).then(() => customElements.whenDefined('complaint-widget'));
      }
    }
    return this._loading;
  }

  async open() {
    if (this.hasAttribute('href')) return void (location.href = this.getAttribute('href'));
    if (!this._panel) {
      const p = document.createElement('div');
      p.className = 'p';
      p.setAttribute('role', 'dialog');
      p.setAttribute('aria-label', this._texts.name);
      p.hidden = true;
      // Only a close button over the widget's own title bar (its right end is free on every screen).
      const x = document.createElement('button');
      x.className = 'x';
      x.type = 'button';
      x.setAttribute('aria-label', this._texts.close);
      x.textContent = '×';
      x.addEventListener('click', () => this.close());
      this._close = x;
      const body = document.createElement('div');
      body.className = 'w';
      body.append(document.createElement('slot'));
      p.append(x, body);
      p.addEventListener('keydown', (e) => { if (e.key === 'Escape') this.close(); });
      this.shadowRoot.append(p);
      this._panel = p;
    }
    this._panel.hidden = false;
    this._button.setAttribute('aria-expanded', 'true');
    await this.preload().catch(() => {});  // a failed import shows the panel's own error below
    let w = this.querySelector('complaint-widget');
    if (!w) {
      w = document.createElement('complaint-widget');
      for (const a of PASS) if (this.hasAttribute(a)) w.setAttribute(a, this.getAttribute(a));
      this.append(w);
    }
    if (!customElements.get('complaint-widget')) {
      w.textContent = this._texts.failed;
      this._loading = null;  // the next intent tries again
    }
    this._close.focus();  // into the panel: the widget's own controls follow with Tab
  }

  close() {
    if (!this._panel || this._panel.hidden) return;
    this._panel.hidden = true;  // the widget stays, with its draft, for the next open
    this._button.setAttribute('aria-expanded', 'false');
    this._button.focus();
  }
}

if (!customElements.get('complaint-launcher')) customElements.define('complaint-launcher', ComplaintLauncher);
