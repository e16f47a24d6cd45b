// tests/e2e/client.test.mjs — the headless client (complaint-client.js) in Chromium against the real
// server: 100 filings through 30 % faults, drafts over reload, offline filing across a closed page,
// a persistent profile restart, and two tabs flushing at once. Short timeouts keep it fast.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {chromium} from 'playwright-core';
import {startServer, launchBrowser, watchPage, screenshot, staffToken, CHROMIUM_ARGS} from './harness.mjs';
import {startFaultProxy, spreadRates} from '../tools/fault-proxy.mjs';
import {png} from './journeys.mjs';

let server, browser, token;
before(async () => {
  server = await startServer(['--dev', '--rate-limits', 'off']);
  browser = await launchBrowser();
  token = staffToken(server, 'agent', 'e2e-client');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Every complaint on the server (staff list), to count what arrived.
async function serverComplaints() {
  const res = await fetch(server.url + '/api/v1/staff/complaints?limit=500',
                          {headers: {Authorization: 'Bearer ' + token}});
  assert.equal(res.status, 200);
  return (await res.json()).items;
}

// A blank page on `origin` (no CSP, no widget), from which the test imports the client module.
async function blankPage(context, origin) {
  const page = await context.newPage();
  await page.route('**/__blank.html', (r) => r.fulfill({contentType: 'text/html', body: '<!doctype html><title>t</title>'}));
  await page.goto(origin + '/__blank.html');
  return page;
}

const FILING = {business_type: 'mobile', category: 'billing',
  occurred_at: new Date(Date.now() - 86400000).toISOString(), service_number: '13912345678',
  problem: '上个月的账单重复扣除了两次流量包费用。', demand: '退还多扣的费用',
  customer: {name: '王小明', phone: '13912345678', reply_method: 'sms'}, consent: true};

// The operator's demo form, filled in (client.html).
async function fillForm(page) {
  await page.selectOption('#business_type', 'mobile');
  await page.selectOption('#category', 'billing');
  const d = new Date(Date.now() - 86400000);
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  await page.fill('#occurred_at', local);
  await page.fill('#service_number', '13912345678');
  await page.fill('#problem', '宽带每天晚上八点以后经常断线，已经持续一周。');
  await page.fill('#demand', '尽快修复并减免当月费用');
  await page.fill('#name', '李四');
  await page.fill('#phone', '13912345678');
  await page.selectOption('#reply_method', 'sms');
  await page.check('#consent');
}

const DEMO = '/demo/client.html?timeoutMs=1500&baseMs=50&maxMs=500';

test('100 filings through 30 % faults end as exactly 100 complaints, none twice', async () => {
  const before = (await serverComplaints()).length;
  const proxy = await startFaultProxy({target: server.url, rates: spreadRates(0.3), seed: 7, delayMs: 1200,
                                       retryAfter: 1});
  const context = await browser.newContext();
  try {
    const page = await blankPage(context, proxy.url);
    const problems = watchPage(page);
    const t0 = Date.now();
    const out = await page.evaluate(async (f) => {
      const {createClient} = await import('/complaint-client.js');
      const c = await createClient({timeoutMs: 800, retry: {baseMs: 20, maxMs: 300}, dbName: 'faults'});
      const answers = await Promise.all(Array.from({length: 100}, () => c.fileComplaint({...f})));
      const flushStart = performance.now();
      let passes = 0;
      while ((await c.pending()).length && passes < 400) {
        await c.flush();
        passes++;
      }
      return {queued: answers.filter((a) => a.queued).length, pending: await c.pending(), passes,
              flushMs: performance.now() - flushStart,
              mine: (await c.myComplaints()).map((m) => m.acceptance_no)};
    }, FILING);
    const seconds = (Date.now() - t0) / 1000;
    console.log(`# 100 filings: ${seconds.toFixed(1)} s, ${out.queued} queued at first, ${out.passes} extra passes ` +
                `(${Math.round(out.flushMs)} ms); proxy ${JSON.stringify(proxy.stats)}`);
    assert.deepEqual(out.pending, []);
    assert.equal(out.mine.length, 100);
    assert.equal(new Set(out.mine).size, 100);
    const items = await serverComplaints();
    assert.equal(items.length - before, 100, 'exactly 100 new complaints on the server');
    assert.equal(new Set(items.map((i) => i.acceptance_no)).size, items.length, 'no number twice');
    for (const no of out.mine) assert.ok(items.some((i) => i.acceptance_no === no), no);
    const faults = Object.entries(proxy.stats).filter(([k]) => !['requests', 'forwarded', 'clean'].includes(k));
    for (const [kind, n] of faults) assert.ok(n > 0, `fault ${kind} was exercised`);
    // Injected 5xx/429 answers are the point here; anything else (page errors, other statuses) is not.
    assert.deepEqual(problems.filter((p) => !/^http (500|503|429): \/api\/v1\//.test(p)), []);
  } finally {
    await context.close();
    await proxy.close();
  }
});

// Evidence goes by XMLHttpRequest (for its upload progress), everything else by fetch: the same
// faults must not lose, duplicate or detach a photo.
test('20 filings with a photo each through 30 % faults: each complaint once, each with its photo', async () => {
  const before = (await serverComplaints()).length;
  const proxy = await startFaultProxy({target: server.url, rates: spreadRates(0.3), seed: 11, delayMs: 1200,
                                       retryAfter: 1});
  const context = await browser.newContext();
  try {
    const page = await blankPage(context, proxy.url);
    const problems = watchPage(page);
    const out = await page.evaluate(async ({f, photo}) => {
      const {createClient} = await import('/complaint-client.js');
      const c = await createClient({timeoutMs: 800, retry: {baseMs: 20, maxMs: 300}, dbName: 'faults-photos'});
      const progress = [];
      c.on('upload-progress', (d) => progress.push(d));
      const bytes = new Uint8Array(photo);
      const answers = await Promise.all(Array.from({length: 20}, (_, i) =>
        c.fileComplaint({...f, evidence: [new File([bytes], `photo-${i}.png`, {type: 'image/png'})]})));
      let passes = 0;
      while ((await c.pending()).length && passes < 400) {
        await c.flush();
        passes++;
      }
      return {queued: answers.filter((a) => a.queued).length, pending: await c.pending(), progress,
              mine: (await c.myComplaints()).map((m) => m.acceptance_no)};
    }, {f: FILING, photo: [...png(64, 64, {noise: true})]});
    assert.deepEqual(out.pending, []);
    assert.equal(new Set(out.mine).size, 20);
    const items = await serverComplaints();
    assert.equal(items.length - before, 20, 'exactly 20 new complaints on the server');
    for (const no of out.mine) {
      const res = await fetch(`${server.url}/api/v1/staff/complaints/${no}`, {headers: {Authorization: 'Bearer ' + token}});
      const c = await res.json();
      assert.equal((c.filing || c).evidence.length, 1, `${no} has its photo`);
    }
    assert.ok(out.progress.length >= 20 && out.progress.every((d) => d.loaded <= d.total && d.total > 0),
              `upload-progress events: ${JSON.stringify(out.progress.slice(0, 3))}`);
    // ~60 requests: the common kinds are met (the rare ones are the 100-filing test's).
    for (const kind of ['dropBefore', 'dropAfter', 'status500', 'truncate', 'duplicate']) {
      assert.ok(proxy.stats[kind] > 0, `fault ${kind} was exercised: ${JSON.stringify(proxy.stats)}`);
    }
    assert.deepEqual(problems.filter((p) => !/^http (500|503|429): \/api\/v1\//.test(p)), []);
  } finally {
    await context.close();
    await proxy.close();
  }
});

test('a draft typed in the operator form survives a reload', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(server.url + DEMO);
  await page.waitForSelector('body[data-ready="true"]');
  await page.fill('#problem', '草稿：手机信号很差，打电话经常断。');
  await page.fill('#name', '张三');
  await page.waitForTimeout(600);  // autosave is coalesced to 300 ms
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#problem'), '草稿：手机信号很差，打电话经常断。');
  assert.equal(await page.inputValue('#name'), '张三');
  assert.deepEqual(problems, []);
  await context.close();
});

test('offline → file → page closed → online → reopened: one complaint, and the receipt shows it', async () => {
  const before = (await serverComplaints()).length;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + DEMO);
  await page.waitForSelector('body[data-ready="true"]');
  await fillForm(page);
  await context.setOffline(true);
  await page.waitForFunction(() => navigator.onLine === false);
  await page.click('#submit');
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('网络未连接'));
  const pending = await page.evaluate(() => window.cwClient.pending());
  assert.equal(pending.length, 1);
  assert.equal(pending[0].kind, 'file');
  await page.close();
  await context.setOffline(false);
  const again = await context.newPage();
  const t0 = Date.now();
  await again.goto(server.url + DEMO);
  await again.waitForSelector('#receipt:not([hidden])', {timeout: 10000});
  console.log(`# reopen → receipt: ${Date.now() - t0} ms`);
  const shown = await again.textContent('#receipt-no');
  await screenshot(again, 'client-receipt-after-offline');
  const items = await serverComplaints();
  assert.equal(items.length - before, 1);
  assert.ok(items.some((i) => i.acceptance_no === shown), `receipt ${shown} is on the server`);
  assert.deepEqual(await again.evaluate(() => window.cwClient.pending()), []);
  await context.close();
});

test('a persistent browser profile restarted keeps the outbox', async () => {
  const before = (await serverComplaints()).length;
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-profile-'));
  const launch = () => chromium.launchPersistentContext(dir, {executablePath: '/usr/bin/chromium', headless: true,
                                                               args: CHROMIUM_ARGS});
  try {
    let context = await launch();
    let page = context.pages()[0] || await context.newPage();
    await page.goto(server.url + DEMO);
    await page.waitForSelector('body[data-ready="true"]');
    await fillForm(page);
    await context.setOffline(true);
    // The page itself must see the network gone before the filing starts (a full run once saw the
    // filing reach the server right after setOffline on a persistent profile).
    await page.waitForFunction(() => navigator.onLine === false);
    await page.click('#submit');
    await page.waitForFunction(() => document.getElementById('status').textContent.includes('网络未连接'));
    const offlinePending = await page.evaluate(() => window.cwClient.pending());
    await context.close();  // the whole browser goes away with the op only in IndexedDB
    const during = await serverComplaints();
    assert.equal(during.length, before, `arrived while offline: ${JSON.stringify(during.slice(0, 2))} ` +
                 `pending then: ${JSON.stringify(offlinePending)}`);

    context = await launch();
    page = context.pages()[0] || await context.newPage();
    await page.goto(server.url + DEMO);
    await page.waitForSelector('#receipt:not([hidden])', {timeout: 10000});
    const shown = await page.textContent('#receipt-no');
    const items = await serverComplaints();
    assert.equal(items.length - before, 1);
    assert.ok(items.some((i) => i.acceptance_no === shown));
    await context.close();
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});

test('two tabs flushing at once send each complaint once (Web Lock)', async () => {
  const before = (await serverComplaints()).length;
  const proxy = await startFaultProxy({target: server.url, rates: {}});
  const context = await browser.newContext();
  try {
    const tabs = [await blankPage(context, proxy.url), await blankPage(context, proxy.url)];
    for (const tab of tabs) {
      await tab.evaluate(async () => {
        const {createClient} = await import('/complaint-client.js');
        window.c = await createClient({timeoutMs: 1500, retry: {baseMs: 50, maxMs: 500}, dbName: 'two-tabs'});
      });
    }
    await context.setOffline(true);
    for (const tab of tabs) {
      const r = await tab.evaluate(async (f) => {
        return Promise.all(Array.from({length: 5}, () => window.c.fileComplaint({...f})));
      }, FILING);
      assert.ok(r.every((a) => a.queued));
    }
    await context.setOffline(false);  // both tabs hear `online` and flush…
    await Promise.all(tabs.map((t) => t.evaluate(() => window.c.flush())));  // …and flush by hand too
    for (let i = 0; i < 50; i++) {
      const left = await Promise.all(tabs.map((t) => t.evaluate(async () => (await window.c.pending()).length)));
      if (left.every((n) => n === 0)) break;
      await tabs[0].waitForTimeout(100);
    }
    const filings = proxy.log.filter((l) => l.method === 'POST' && l.path === '/api/v1/complaints');
    const perKey = new Map();
    for (const l of filings) perKey.set(l.key, (perKey.get(l.key) || 0) + 1);
    assert.equal(perKey.size, 10);
    for (const [key, n] of perKey) {
      assert.equal(n, 1, `key ${key} sent ${n} times: ${JSON.stringify(filings.filter((l) => l.key === key))}`);
    }
    assert.equal((await serverComplaints()).length - before, 10);
  } finally {
    await context.close();
    await proxy.close();
  }
});

// storage: 'memory' (DESIGN §6) for hosts that must not persist: it works the same, and nothing of
// it is left in IndexedDB, so a reload starts empty.
test("storage: 'memory' files and drafts like the default, and leaves nothing on the device", async () => {
  const context = await browser.newContext();
  try {
    const page = await blankPage(context, server.url);
    const problems = watchPage(page);
    const dbsBefore = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    const first = await page.evaluate(async (f) => {
      const {createClient} = await import('/complaint-client.js');
      const c = await createClient({storage: 'memory', timeoutMs: 2000});
      await c.saveDraft({problem: '内存里的草稿'}, 'memo');
      const answer = await c.fileComplaint({...f});
      return {draft: await c.loadDraft('memo'), answer, mine: (await c.myComplaints()).map((m) => m.acceptance_no),
              dbs: (await indexedDB.databases()).map((d) => d.name)};
    }, FILING);
    assert.equal(first.draft.problem, '内存里的草稿');
    assert.match(first.answer.acceptance_no, /^TS-\d{6}-[0-9A-Z]{8}-[0-9A-Z]$/);
    assert.deepEqual(first.mine, [first.answer.acceptance_no]);
    assert.deepEqual(first.dbs, dbsBefore, 'no IndexedDB database was made');
    assert.ok((await serverComplaints()).some((i) => i.acceptance_no === first.answer.acceptance_no));
    await page.reload();
    const after = await page.evaluate(async () => {
      const {createClient} = await import('/complaint-client.js');
      const c = await createClient({storage: 'memory'});
      return {draft: await c.loadDraft('memo'), mine: await c.myComplaints()};
    });
    assert.ok(!after.draft || !after.draft.problem, 'the draft did not survive the reload');
    assert.deepEqual(after.mine, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// A database of the client's name without its stores (another script made it, or a deletion raced
// an open): the client adds the stores and keeps working on disk, instead of waiting for ever.
test('an IndexedDB database of the same name without the stores is repaired, not a hang', async () => {
  const context = await browser.newContext();
  try {
    const page = await blankPage(context, server.url);
    const problems = watchPage(page);
    await page.evaluate(() => new Promise((res, rej) => {
      const r = indexedDB.open('foreign');  // version 1, no object stores
      r.onsuccess = () => { r.result.close(); res(); };
      r.onerror = rej;
    }));
    const first = await page.evaluate(async () => {
      const {createClient} = await import('/complaint-client.js');
      const c = await createClient({dbName: 'foreign'});
      await c.saveDraft({problem: '数据库修好了'}, 'repair');
      const d = await c.loadDraft('repair');
      c.close();
      return d;
    });
    assert.equal(first.problem, '数据库修好了');
    await page.reload();
    const after = await page.evaluate(async () => {
      const {createClient} = await import('/complaint-client.js');
      const c = await createClient({dbName: 'foreign'});
      return c.loadDraft('repair');
    });
    assert.equal(after.problem, '数据库修好了', 'on disk: it survived the reload');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// DESIGN §4 lookup by phone: requestPhoneLookupCode / verifyPhoneLookup on a fresh device find a
// complaint filed elsewhere; myComplaints() then includes it and getComplaint() opens it.
test('the headless client finds complaints by phone and code on a new device', async () => {
  const phone = '1397' + String(Date.now() % 1e7).padStart(7, '0');
  const filed = await fetch(server.url + '/api/v1/complaints', {
    method: 'POST', headers: {'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID()},
    body: JSON.stringify({...FILING, client_ref: crypto.randomUUID(), service_number: phone,
                          customer: {...FILING.customer, phone}, channel: 'web'})});
  assert.equal(filed.status, 201);
  const no = (await filed.json()).acceptance_no;
  const context = await browser.newContext();
  try {
    const page = await blankPage(context, server.url);
    const problems = watchPage(page);
    const wrong = await page.evaluate(async (p) => {
      const {createClient} = await import('/complaint-client.js');
      const c = await createClient({timeoutMs: 5000});
      await c.requestPhoneLookupCode(p);
      try { await c.verifyPhoneLookup(p, '000000'); return 'accepted'; } catch (e) { return e.code; }
    }, phone);
    assert.equal(wrong, 'lookup.code_invalid');
    const messages = await (await fetch(server.url + '/api/v1/dev/messages?to=' + phone)).json();
    const code = messages.messages.find((m) => m.kind === 'lookup_code').code;
    const found = await page.evaluate(async ([p, k, n]) => {
      const {createClient} = await import('/complaint-client.js');
      const c = await createClient({timeoutMs: 5000});
      const answer = await c.verifyPhoneLookup(p, k);
      const view = await c.getComplaint(n);
      return {answer, mine: (await c.myComplaints()).map((m) => m.acceptance_no), status: view.status,
              masked: view.customer.phone};
    }, [phone, code, no]);
    assert.equal(found.answer.scope, 'phone');
    assert.deepEqual(found.answer.items.map((i) => i.acceptance_no), [no]);
    assert.ok(!('access_token' in found.answer), 'the phone token stays inside the client');
    assert.deepEqual(found.mine, [no]);
    assert.equal(found.status, 'received');
    assert.equal(found.masked, phone.slice(0, 3) + '****' + phone.slice(7));
    assert.deepEqual(problems.filter((p) => !/http 422/.test(p)), []);
  } finally {
    await context.close();
  }
});
