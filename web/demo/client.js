// web/demo/client.js — the operator's own form (client.html) over the headless client: options from
// meta(), draft autosave/restore, offline-first filing with a receipt, field errors, outbox, tracking.
import {createClient} from '../complaint-client.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const status = (text) => { $('status').textContent = text; };

// Test and demo knobs: ?timeoutMs=…&baseMs=…&maxMs=…&storage=memory
const client = await createClient({
  apiBase: '/api/v1',
  lang: 'zh-CN',
  storage: params.get('storage') === 'memory' ? 'memory' : 'indexeddb',
  timeoutMs: Number(params.get('timeoutMs')) || 10000,
  retry: {baseMs: Number(params.get('baseMs')) || 1000, maxMs: Number(params.get('maxMs')) || 60000},
});
window.cwClient = client;  // for the browser tests and the curious operator engineer

// Registered at once (the first flush starts on the next task): a queued filing that arrives
// later (this page, another tab, or after a restart) shows its receipt.
client.on('submitted', (d) => {
  status('您的投诉已送达。');
  showReceipt(d.response || d);
  refreshLists();
});
client.on('pending', () => refreshLists());
client.on('status', () => refreshLists());

// --- options from GET /meta (cached by the client for offline use) --------------------------------
function fill(select, items) {
  select.replaceChildren(...items.map((it) => {
    const o = document.createElement('option');
    o.value = it.id;
    o.textContent = (it.label && (it.label['zh-CN'] || it.label.en)) || it.id;
    return o;
  }));
}
try {
  const meta = await client.meta();
  fill($('business_type'), meta.business_types || []);
  fill($('category'), meta.categories || []);
  fill($('reply_method'), meta.reply_methods || []);
  if (meta.privacy_notice_url) $('privacy').href = meta.privacy_notice_url;
} catch (e) {
  status('暂时无法获取选项，请联网后刷新页面。');
}

// --- the form ↔ the filing (DESIGN §3 wire names) -----------------------------------------------
const TEXT = ['business_type', 'category', 'occurred_at', 'service_number', 'problem', 'demand', 'name', 'phone',
              'email', 'reply_method'];

// datetime-local has no offset; the API wants one: use the device's.
function withOffset(local) {
  if (!local) return undefined;
  const d = new Date(local);
  if (Number.isNaN(d.getTime())) return local;
  const off = -d.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${local.length === 16 ? local + ':00' : local}${off >= 0 ? '+' : '-'}${pad(off / 60)}:${pad(off % 60)}`;
}

function readForm() {
  const v = Object.fromEntries(TEXT.map((k) => [k, $(k).value]));
  return {
    business_type: v.business_type, category: v.category, occurred_at: withOffset(v.occurred_at),
    service_number: v.service_number.trim(), problem: v.problem, demand: v.demand,
    customer: {name: v.name.trim(), phone: v.phone.trim(), email: v.email.trim() || undefined,
               reply_method: v.reply_method},
    consent: $('consent').checked,
  };
}

function draftOf() {
  return {...Object.fromEntries(TEXT.map((k) => [k, $(k).value])), consent: $('consent').checked};
}

// Restore what was typed before a reload, crash or closed tab.
const draft = await client.loadDraft();
if (draft) {
  for (const k of TEXT) if (typeof draft[k] === 'string' && draft[k]) $(k).value = draft[k];
  $('consent').checked = !!draft.consent;
}
$('fields').disabled = false;

// Autosave as the customer types (coalesced to one write per 300 ms).
let saveTimer = 0;
$('file-form').addEventListener('input', () => {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => client.saveDraft(draftOf()), 300);
});

function clearErrors() {
  for (const el of document.querySelectorAll('.field-error')) el.remove();
  for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}
const FIELD_IDS = {'customer.name': 'name', 'customer.phone': 'phone', 'customer.email': 'email',
                   'customer.reply_method': 'reply_method'};
function showErrors(err) {
  clearErrors();
  for (const [path, message] of Object.entries(err.fieldMessages || {})) {
    const el = $(FIELD_IDS[path] || path);
    if (!el) continue;
    el.setAttribute('aria-invalid', 'true');
    const p = document.createElement('span');
    p.className = 'field-error';
    p.textContent = message;
    el.closest('label').append(p);
  }
  status(err.message);
}

function showReceipt(answer) {
  $('receipt').hidden = false;
  $('receipt-no').textContent = answer.acceptance_no;
  $('receipt').dataset.acceptanceNo = answer.acceptance_no;
  const d = answer.deadlines || {};
  $('receipt-deadlines').textContent = d.acceptance ? `我们将在 ${d.acceptance.replace('T', ' ').slice(0, 16)} 前确认受理。` : '';
}

$('file-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearTimeout(saveTimer);
  $('submit').disabled = true;
  try {
    const input = readForm();
    const files = [...$('evidence').files];
    if (files.length) input.evidence = files;
    const answer = await client.fileComplaint(input);
    clearErrors();
    $('file-form').reset();
    if (answer.queued) {
      status('网络未连接，投诉已保存在本机，联网后将自动提交。');
    } else {
      status('提交成功。');
      showReceipt(answer);
    }
  } catch (err) {
    showErrors(err);
  } finally {
    $('submit').disabled = false;
    refreshLists();
  }
});

async function refreshLists() {
  const pending = await client.pending();
  $('pending').replaceChildren(...pending.map((p) => {
    const li = document.createElement('li');
    li.textContent = `${p.kind} · 已尝试 ${p.attempts} 次` + (p.last_error ? ` · ${p.last_error.message}` : '');
    return li;
  }));
  const mine = await client.myComplaints();
  $('mine').replaceChildren(...mine.map((m) => {
    const li = document.createElement('li');
    li.textContent = `${m.acceptance_no || '（待发送）'} · ${m.status}`;
    return li;
  }));
}
refreshLists();

// Live check-symbol feedback while the number is typed.
$('track-no').addEventListener('input', () => {
  const r = client.parseAcceptanceNo($('track-no').value);
  $('track-hint').textContent = r.ok ? `✓ ${r.normalized}` : ($('track-no').value ? r.error.message : '');
});
document.body.dataset.ready = 'true';
