// web/a11y.js — the accessibility tree: the widget registry (every frame's widgets, from C++)
// mirrored into DOM nodes with ARIA roles in the element's shadow root, kept in step by diffing
// (keyed by registry id); keyboard focus order over every widget kind; aria-live status messages.
// The canvas is aria-hidden: screen readers, Tab and Playwright's getByRole see this tree.
// docs/ACCESSIBILITY.md describes the mapping.

// Styles for the element's shadow root (complaint-widget.js adds them to its sheet). The nodes sit
// over the widgets they stand for (touch exploration on phones finds them where they are drawn)
// but are transparent and let pointers through to the canvas; the focus ring is drawn on the
// canvas by the widget kit.
export const A11Y_STYLE = `
  .a11y { position: absolute; inset: 0; overflow: hidden; overflow: clip; pointer-events: none; }
  .a11y > *, .a11y > * > * { position: absolute; box-sizing: border-box; margin: 0; padding: 0; border: 0;
    background: transparent; color: #000; font: 16px/1.2 sans-serif; opacity: 0; overflow: hidden;
    white-space: nowrap; outline: none; }
  .a11y > div > span { position: static; }
  .a11y-extra { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
    white-space: nowrap; }
`;

// Registry role → element tag and ARIA role. Roles not listed (status, alert) are not nodes.
const KINDS = {
  button: {tag: 'button'},
  link: {tag: 'a'},
  textbox: {tag: 'div', role: 'textbox'},
  radiogroup: {tag: 'div', role: 'radiogroup'},
  radio: {tag: 'div', role: 'radio'},
  checkbox: {tag: 'div', role: 'checkbox'},
  heading: {tag: 'div', role: 'heading'},
  progressbar: {tag: 'div', role: 'progressbar'},
  text: {tag: 'div'},
};

function setAttr(el, name, value) {
  if (value == null || value === false) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== String(value)) {
    el.setAttribute(name, String(value));
  }
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function setPx(style, prop, v) {
  const s = Math.round(v * 10) / 10 + 'px';
  if (style[prop] !== s) style[prop] = s;
}

// createA11yTree(stage, canvas): call update(items) with every registry the module reports and
// attach(module) once it has loaded. Returns {update, attach, setLang, destroy}.
export function createA11yTree(stage, canvas) {
  const root = stage.getRootNode();
  const tree = document.createElement('div');
  tree.className = 'a11y';
  const extra = document.createElement('div');  // descriptions and the live regions
  extra.className = 'a11y-extra';
  const polite = document.createElement('div');
  polite.setAttribute('role', 'status');
  polite.setAttribute('aria-live', 'polite');
  polite.setAttribute('aria-atomic', 'true');
  const assertive = document.createElement('div');
  assertive.setAttribute('role', 'alert');
  assertive.setAttribute('aria-live', 'assertive');
  assertive.setAttribute('aria-atomic', 'true');
  extra.append(polite, assertive);
  stage.insertBefore(tree, canvas.nextSibling);  // under the text agent's overlay
  stage.append(extra);
  // The canvas stays clickable but leaves the Tab order to the tree (a focusable aria-hidden
  // element would trap screen reader users).
  canvas.setAttribute('tabindex', '-1');

  let module = null;
  let items = [];
  let scheduled = false;
  let rendered = false;
  let destroyed = false;
  const nodes = new Map();      // key → {el, item, kind, desc}
  let statusKeys = new Set();   // live messages present in the previous registry
  let title = null;             // the screen title (level 1 heading): a change is a new screen
  let focusInside = false;      // focus is (or was, until it left for the host page) in the widget
  let lastPointer = null;       // where the canvas was last clicked: Tab continues from there
  let idSeq = 0;

  const call = (op, id) => { if (module && !destroyed) module.cwA11y(op, id); };
  // C++ is told about focus changes after the current task: focus events also fire while the
  // module is inside a frame (the text agent focusing itself), which must not re-enter it.
  const later = (fn) => Promise.resolve().then(fn);

  function keyOf(it, seen) {
    const base = it.role + ':' + it.id;
    const n = seen.get(base) || 0;
    seen.set(base, n + 1);
    return n ? base + '#' + n : base;
  }

  function create(it) {
    const kind = KINDS[it.role];
    const el = document.createElement(kind.tag);
    if (kind.role) el.setAttribute('role', kind.role);
    if (it.role === 'button') el.type = 'button';
    if (it.role === 'link') el.href = '#';
    if (it.role === 'textbox' || it.role === 'checkbox') el.tabIndex = 0;
    if (it.role === 'radio') el.tabIndex = -1;
    if (it.role === 'heading') el.tabIndex = -1;  // focused on a screen change, not tabbable
    return {el, kind, item: null, desc: null, term: null, def: null};
  }

  // Keeps geometry inside the widget: a node outside it would make focus() scroll the host page.
  function place(rec, it, origin) {
    const W = canvas.clientWidth, H = canvas.clientHeight;
    const w = Math.max(1, Math.min(it.w, W)), h = Math.max(1, Math.min(it.h, H));
    const x = Math.max(0, Math.min(it.x, W - w)), y = Math.max(0, Math.min(it.y, H - h));
    const s = rec.el.style;
    setPx(s, 'left', x - origin.x);
    setPx(s, 'top', y - origin.y);
    setPx(s, 'width', w);
    setPx(s, 'height', h);
  }

  function apply(rec, it) {
    const el = rec.el;
    const label = it.label || '';
    switch (it.role) {
      case 'button':
      case 'link':
        setText(el, label);
        setAttr(el, 'aria-disabled', it.disabled ? 'true' : null);
        describe(rec, it.value);  // a list row's detail (the review's answers, a complaint's status)
        break;
      case 'textbox': {
        setAttr(el, 'aria-label', label);
        setAttr(el, 'aria-multiline', it.multiline ? 'true' : null);
        setAttr(el, 'aria-placeholder', it.placeholder || null);
        setAttr(el, 'aria-invalid', it.invalid ? 'true' : null);
        setText(el, it.value || '');
        describe(rec, it.description);
        // While the field is being edited the text agent (the real <input>) is the textbox.
        if (el.hidden !== !!it.focused) el.hidden = !!it.focused;
        break;
      }
      case 'radiogroup':
        setAttr(el, 'aria-label', label || null);
        break;
      case 'radio':
      case 'checkbox':
        setText(el, label);
        setAttr(el, 'aria-checked', it.checked ? 'true' : 'false');
        setAttr(el, 'aria-disabled', it.disabled ? 'true' : null);
        break;
      case 'heading':
        setText(el, label);
        setAttr(el, 'aria-level', it.level || 2);
        break;
      case 'progressbar': {
        const m = /^(\d+)\/(\d+)$/.exec(it.value || '');
        setAttr(el, 'aria-label', label || (m ? `${m[1]} / ${m[2]}` : null));
        setAttr(el, 'aria-valuemin', m ? 0 : null);
        setAttr(el, 'aria-valuemax', m ? m[2] : null);
        setAttr(el, 'aria-valuenow', m ? m[1] : null);
        break;
      }
      default:
        if (it.level) {
          // Text drawn in a heading font (the survey's thanks): a heading in the tree.
          setAttr(el, 'role', 'heading');
          setAttr(el, 'aria-level', it.level);
        } else {
          setAttr(el, 'role', null);
          setAttr(el, 'aria-level', null);
        }
        if (it.value) keyValue(rec, label, it.value);
        else {
          rec.term = rec.def = null;
          setText(el, label);
        }
    }
    rec.item = it;
  }

  // A key and its value ("受理编号" TS-…): a term and the definition it names, so the value is
  // found by its key (Chromium names the definition "受理编号"; Playwright's getByLabel finds it);
  // the text still reads "key value".
  function keyValue(rec, key, value) {
    if (!rec.term || rec.term.parentNode !== rec.el) {
      rec.term = document.createElement('span');
      rec.term.setAttribute('role', 'term');
      rec.term.id = 'cw-a11y-t' + (++idSeq);
      rec.def = document.createElement('span');
      rec.def.setAttribute('role', 'definition');
      rec.def.setAttribute('aria-labelledby', rec.term.id);
      rec.el.replaceChildren(rec.term, ' ', rec.def);
    }
    setText(rec.term, key);
    setText(rec.def, value);
  }

  // aria-describedby → a span with the error or hint under a field.
  function describe(rec, text) {
    if (!text) {
      if (rec.desc) {
        rec.desc.remove();
        rec.desc = null;
        rec.el.removeAttribute('aria-describedby');
      }
      return;
    }
    if (!rec.desc) {
      rec.desc = document.createElement('span');
      rec.desc.id = 'cw-a11y-d' + (++idSeq);
      extra.append(rec.desc);
    }
    setText(rec.desc, text);
    setAttr(rec.el, 'aria-describedby', rec.desc.id);
  }

  function announce(region, text) {
    // The same words again must be spoken again: empty the region first, fill it a moment later.
    if (region.textContent === text) {
      region.textContent = '';
      setTimeout(() => { region.textContent = text; }, 60);
    } else {
      region.textContent = text;
    }
  }

  // The text agent (the real <input>/<textarea> over the field being edited) carries the field's
  // error state and description while it stands in for the proxy.
  function syncAgent() {
    const agent = module && module.cwAgentElement();
    if (!agent) return;
    const it = items.find((i) => i.role === 'textbox' && i.focused);
    if (!it) return;
    const rec = nodes.get(keyOf(it, new Map()));
    setAttr(agent, 'aria-invalid', it.invalid ? 'true' : null);
    setAttr(agent, 'aria-describedby', rec && rec.desc ? rec.desc.id : null);
    setAttr(agent, 'aria-placeholder', null);
  }

  function render() {
    scheduled = false;
    rendered = true;
    if (destroyed) return;
    const active = root.activeElement;
    // Pass 1: keys of this registry; nodes that left are removed first, so that nodes that stay
    // never move in the DOM (moving a focused node would blur it).
    const seen = new Map();
    const keyed = [];
    const now = new Set();
    const statusNow = new Set();
    const spoken = {status: [], alert: []};  // messages that appeared with this registry
    for (const it of items) {
      if (it.role === 'status' || it.role === 'alert') {
        const k = it.role + ':' + it.id;
        statusNow.add(k);
        if (!statusKeys.has(k)) spoken[it.role].push(it.label);
        continue;
      }
      if (!KINDS[it.role]) continue;
      const k = keyOf(it, seen);
      keyed.push([k, it]);
      now.add(k);
    }
    statusKeys = statusNow;
    if (spoken.status.length) announce(polite, spoken.status.join(' '));
    if (spoken.alert.length) announce(assertive, spoken.alert.join(' '));
    let lostFocus = false;
    for (const [k, rec] of nodes) {
      if (!now.has(k)) {
        if (rec.el === active || rec.el.contains(active)) lostFocus = true;
        rec.el.remove();
        if (rec.desc) rec.desc.remove();
        nodes.delete(k);
      }
    }
    // Pass 2: create, update, order. Radios go inside their radiogroup.
    const cursor = new Map();  // parent → last placed child
    const groups = new Map();  // registry id → group record
    let heading1 = null;
    for (const [k, it] of keyed) {
      let rec = nodes.get(k);
      if (!rec) {
        rec = create(it);
        nodes.set(k, rec);
      }
      if (it.role === 'radiogroup') groups.set(it.id, rec);
      const group = it.role === 'radio' && it.group ? groups.get(it.group) : null;
      const parent = group ? group.el : tree;
      const prev = cursor.get(parent);
      const want = prev ? prev.nextSibling : parent.firstChild;
      if (want !== rec.el) parent.insertBefore(rec.el, want);
      cursor.set(parent, rec.el);
      place(rec, it, group ? {x: Math.max(0, group.item.x), y: Math.max(0, group.item.y)} : {x: 0, y: 0});
      apply(rec, it);
      if (it.role === 'heading' && it.level === 1 && !heading1) heading1 = rec;
    }
    // Roving tabindex: Tab enters a radiogroup at its checked radio (or the first).
    for (const g of groups.values()) {
      const radios = [...g.el.children];
      const checked = radios.find((r) => r.getAttribute('aria-checked') === 'true') || radios[0];
      for (const r of radios) {
        const ti = r === checked ? 0 : -1;
        if (r.tabIndex !== ti) r.tabIndex = ti;
      }
    }
    syncAgent();
    // The file picker's <input> is the pointer's target only: the tree's button stands for it
    // (in the right place of the Tab order, one control with that name).
    for (const p of root.querySelectorAll('input[type=file]')) {
      setAttr(p, 'aria-hidden', 'true');
      if (p.tabIndex !== -1) p.tabIndex = -1;
    }
    // A new page (screen or wizard step; the title's value counts navigations): its title takes
    // the focus if the keyboard was in the widget, so a screen reader reads where the customer is
    // now and Tab starts at the top. A mouse user's focus (the canvas) is left alone.
    const newTitle = heading1 ? heading1.item.label + '\n' + (heading1.item.value || '') : null;
    const pageChanged = title !== null && newTitle !== title;
    title = newTitle;
    // A new page does not keep the last page's messages (a screen reader browsing to the live
    // regions would read a stale error); what appeared with it stays.
    if (pageChanged) {
      if (!spoken.status.length) setText(polite, '');
      if (!spoken.alert.length) setText(assertive, '');
    }
    if (heading1 && heading1.item.lang) setAttr(tree, 'lang', heading1.item.lang);
    const focusNow = root.activeElement;
    const inTree = focusNow && tree.contains(focusNow);
    if (heading1 && (lostFocus || (pageChanged && (inTree || (!focusNow && focusInside))))) {
      heading1.el.focus({preventScroll: true});
    }
  }

  function recOf(el) {
    for (const rec of nodes.values()) if (rec.el === el) return rec;
    return null;
  }

  function focusNode(el) {
    if (el.hidden) return false;
    el.focus({preventScroll: true});
    return true;
  }

  // The file picker's real <input type=file> over its button (library_cw.js), if shown.
  function pickerFor(id) {
    const p = root.querySelector(`input[type=file][data-id="${id}"]`);
    return p && p.style.display !== 'none' ? p : null;
  }

  function activate(rec) {
    const it = rec.item;
    if (!it || it.disabled) return;
    if (it.role === 'textbox') {
      if (module) module.cwAgentOpen(it.id);
      return;
    }
    // A file picker button opens the device's picker: still inside the key press or the screen
    // reader's click, so the browser allows it.
    const picker = it.role === 'button' && pickerFor(it.id);
    if (picker) {
      picker.click();
      return;
    }
    call(1, it.id);
  }

  // The node that stands for registry item `id` (a radio, not its group), or null.
  function nodeOf(id) {
    for (const rec of nodes.values()) {
      if (rec.item && rec.item.id === id && rec.item.role !== 'radiogroup') return rec.el;
    }
    return null;
  }

  // Focuses the node of item `id`; a text field's proxy hands over to the text agent (focusin).
  function focusItem(id) {
    const el = id ? nodeOf(id) : null;
    return el ? focusNode(el) : false;
  }

  // Moves the focus `dir` steps from item `fromId` in the widget's one focus order, which C++
  // decides (wasm/ui/focus.h); false at either end (the browser then moves out of the widget).
  function move(fromId, dir) {
    return !!module && focusItem(module.cwFocusNext(fromId, dir, false));
  }

  tree.addEventListener('focusin', (e) => {
    const rec = recOf(e.target);
    if (!rec || !rec.item) return;
    focusInside = true;
    const it = rec.item;
    if (it.role === 'textbox') {
      // The proxy hands over to the real <input> (IME, keyboard) at once; it must not stay
      // a second textbox with the same name.
      rec.el.hidden = true;
      if (module) module.cwAgentOpen(it.id);
      later(() => call(0, it.id));
      return;
    }
    later(() => call(0, it.id));
  });
  root.addEventListener('focusout', (e) => {
    const to = e.relatedTarget;
    if (to && !stage.contains(to)) focusInside = false;
    if (!to || !tree.contains(to)) {
      const agent = module && module.cwAgentElement();
      if (to !== agent) later(() => call(0, 0));  // no ring while the focus is elsewhere
    }
  });
  stage.addEventListener('focusin', () => { focusInside = true; });

  tree.addEventListener('click', (e) => {
    const rec = recOf(e.target.closest('.a11y > *, .a11y > * > *'));
    if (!rec || !rec.item) return;
    e.preventDefault();  // links have href="#"
    activate(rec);
  });

  tree.addEventListener('keydown', (e) => {
    const rec = recOf(e.target);
    if (!rec || !rec.item || e.altKey || e.ctrlKey || e.metaKey) return;
    const it = rec.item;
    const key = e.key;
    if ((key === 'Enter' || key === ' ') && (it.role === 'radio' || it.role === 'checkbox' || it.role === 'textbox')) {
      e.preventDefault();
      activate(rec);
    } else if (it.role === 'radio' && /^Arrow(Left|Right|Up|Down)$/.test(key)) {
      // Radio pattern: arrows move the selection within the group (stars: left/down is fewer).
      e.preventDefault();
      const radios = [...rec.el.parentNode.children];
      const dir = key === 'ArrowRight' || key === 'ArrowDown' ? 1 : -1;
      const next = radios[(radios.indexOf(rec.el) + dir + radios.length) % radios.length];
      const nrec = recOf(next);
      if (nrec) {
        next.focus({preventScroll: true});
        activate(nrec);
      }
    } else if ((key === 'ArrowDown' || key === 'ArrowUp') && it.role !== 'textbox') {
      // Up / down walk the form item by item, like Tab (phones' keyboards and switch access).
      if (move(it.id, key === 'ArrowDown' ? 1 : -1)) e.preventDefault();
    } else if (key === 'Tab') {
      // Tab in C++'s order too; at either end the browser takes the focus out of the widget.
      if (move(it.id, e.shiftKey ? -1 : 1)) e.preventDefault();
    }
  });

  // Tab on the canvas (after a click on it) continues from the widget that was clicked.
  canvas.addEventListener('pointerdown', (e) => {
    const r = canvas.getBoundingClientRect();
    lastPointer = {x: e.clientX - r.left, y: e.clientY - r.top};
  });
  canvas.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab' || !module) return;
    const dir = e.shiftKey ? -1 : 1;
    const at = lastPointer ? module.cwFocusAt(lastPointer.x, lastPointer.y) : 0;
    // From the clicked item (staying on it at either end), or from the top / the bottom.
    const id = module.cwFocusNext(at, dir, false) || at;
    if (focusItem(id)) e.preventDefault();
  });

  return {
    update(next) {
      items = next || [];
      if (!scheduled) {
        scheduled = true;
        // After the frame that reported it: DOM work never runs inside C++. The first tree is built
        // in a task of its own, so that the first frame is painted (and complaint:ready sent)
        // without waiting for it; later ones follow their frame at once.
        if (rendered) later(render);
        else setTimeout(render, 0);
      }
    },
    attach(mod) {
      module = mod;
      // Tab in the text agent continues through every widget kind: C++ names the item, the tree
      // focuses the node that stands for it.
      mod.cwFocusItem = focusItem;
      if (mod.cwRegistry) this.update(mod.cwRegistry);
    },
    setLang(tag) { setAttr(tree, 'lang', tag); setAttr(extra, 'lang', tag); },
    destroy() {
      destroyed = true;
      tree.remove();
      extra.remove();
    },
  };
}
