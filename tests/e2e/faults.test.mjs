// tests/e2e/faults.test.mjs — the fault matrix of DESIGN §8 (issue 9): the headless client in real
// Chromium against the real server, through the fault proxy. The server killed with SIGKILL and
// restarted mid-sync; client and server clocks 10 minutes apart both ways; malformed, truncated and
// 20 MB answers; two tabs of one persistent profile flushing one outbox through 30 % faults. Every
// complaint must arrive exactly once. Each test writes its counts (faults injected, filed, lost,
// duplicated) to build/test-artefacts/reliability/faults-*.json for scripts/reliability.
import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {chromium} from 'playwright-core';
import {startServer, launchBrowser, watchPage, staffToken, ARTEFACTS, CHROMIUM_ARGS} from './harness.mjs';
import {startFaultProxy, spreadRates, FAULTS, BAD_ANSWERS} from '../tools/fault-proxy.mjs';

let browser;
after(async () => { await browser?.close(); });
async function theBrowser() {
  browser ||= await launchBrowser();
  return browser;
}

function writeFigures(name, figures) {
  const dir = path.join(ARTEFACTS, 'reliability');
  mkdirSync(dir, {recursive: true});
  writeFileSync(path.join(dir, `faults-${name}.json`), JSON.stringify(figures, null, 2) + '\n');
  console.log(`# ${name}: ${JSON.stringify(figures)}`);
}

// Every complaint on a server (staff list; one page of up to 500 is plenty here).
async function serverComplaints(url, token) {
  const res = await fetch(url + '/api/v1/staff/complaints?limit=500', {headers: {Authorization: 'Bearer ' + token}});
  assert.equal(res.status, 200);
  return (await res.json()).items;
}

// Faults the proxy injected (everything it counted except clean traffic).
function injected(stats) {
  return [...FAULTS, ...BAD_ANSWERS, 'unreachable'].reduce((n, k) => n + (stats[k] || 0), 0);
}

// What arrived versus what the client holds: lost = filed but not on the server (or not known to the
// client), duplicated = server complaints beyond one per filing.
function tally(filed, mine, items) {
  const numbers = new Set(items.map((i) => i.acceptance_no));
  const matched = new Set(mine.filter((no) => no && numbers.has(no)));
  return {filed, lost: filed - matched.size, duplicated: items.length - matched.size};
}

const FILING = {business_type: 'mobile', category: 'billing', service_number: '13912345678',
  problem: '上个月的账单重复扣除了两次流量包费用。', demand: '退还多扣的费用',
  customer: {name: '王小明', phone: '13912345678', reply_method: 'sms'}, consent: true};

async function blankPage(context, origin) {
  const page = await context.newPage();
  await page.route('**/__blank.html', (r) => r.fulfill({contentType: 'text/html', body: '<!doctype html><title>t</title>'}));
  await page.goto(origin + '/__blank.html');
  return page;
}

// Creates window.c (the client) in the page and records its events in window.events.
async function makeClient(page, dbName, timeoutMs = 1000) {
  await page.evaluate(async ({dbName, timeoutMs}) => {
    const {createClient} = await import('/complaint-client.js');
    window.c = await createClient({timeoutMs, retry: {baseMs: 30, maxMs: 300}, dbName, flushIntervalMs: 600000});
    window.events = [];
    for (const e of ['error', 'op-retry', 'op-failed', 'op-done']) window.c.on(e, (d) => window.events.push({e, d}));
    // Flushes until the outbox is empty (failed ops are retried: a fault is not the customer's fault
    // here), pausing between passes so that backoff can elapse; bounded in time.
    window.drain = async (ms) => {
      const end = Date.now() + ms;
      for (;;) {
        const left = await window.c.pending();
        if (!left.length || Date.now() > end) return left.length;
        for (const op of left) if (op.failed) await window.c.retry(op.op);
        await window.c.flush();
        await new Promise((r) => setTimeout(r, 40));
      }
    };
  }, {dbName, timeoutMs});
}

// Files n complaints while the page is offline, so that they all wait in the outbox.
async function queueFilings(page, context, n) {
  await context.setOffline(true);
  const answers = await page.evaluate(async ({f, n}) => Promise.all(Array.from({length: n}, () =>
    window.c.fileComplaint({...f, occurred_at: new Date(Date.now() - 3600000).toISOString()}))), {f: FILING, n});
  await context.setOffline(false);
  assert.ok(answers.every((a) => a.queued), JSON.stringify(answers.slice(0, 2)));
}

const mine = (page) => page.evaluate(async () => (await window.c.myComplaints()).map((m) => m.acceptance_no));
const pageErrors = (problems) => problems.filter((p) => p.startsWith('pageerror') || p.startsWith('console'));

test('the server killed with SIGKILL and restarted during a sync: every complaint arrives once', async () => {
  const dbDir = mkdtempSync(path.join(tmpdir(), 'cw-kill-'));
  let server = await startServer(['--dev', '--rate-limits', 'off'], {dbDir});
  const token = staffToken(server, 'agent', 'e2e-kill');
  // Every request held 120 ms, so that the 40 filings take seconds and the kill lands mid-way.
  const proxy = await startFaultProxy({target: server.url, rates: {delay: 1}, delayMs: 120});
  const context = await (await theBrowser()).newContext();
  const N = 40;
  try {
    const page = await blankPage(context, proxy.url);
    const problems = watchPage(page);
    await makeClient(page, 'kill', 2000);
    await queueFilings(page, context, N);
    await page.evaluate(() => { window.draining = window.drain(60000); });
    let before = 0;
    for (let i = 0; i < 300 && before < 5; i++) {
      await new Promise((r) => setTimeout(r, 20));
      before = (await serverComplaints(server.url, token)).length;
    }
    assert.ok(before >= 5 && before < N, `killed after ${before} of ${N}`);
    const exited = new Promise((r) => server.proc.once('exit', r));
    server.proc.kill('SIGKILL');
    await exited;
    await new Promise((r) => setTimeout(r, 700));  // the client meets a dead server for a while
    server = await startServer(['--dev', '--rate-limits', 'off'], {dbDir});
    proxy.setTarget(server.url);
    const left = await page.evaluate(() => window.draining);
    assert.equal(left, 0, 'outbox empty');
    const items = await serverComplaints(server.url, token);
    const counts = {...tally(N, await mine(page), items), faults_injected: 1 + (proxy.stats.unreachable || 0),
                    kills: 1, filed_before_kill: before};
    writeFigures('kill9', counts);
    assert.equal(counts.lost, 0);
    assert.equal(counts.duplicated, 0);
    assert.equal(items.length, N);
    assert.deepEqual(pageErrors(problems), []);
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
    rmSync(dbDir, {recursive: true, force: true});
  }
});

test('client and server clocks 10 minutes apart (both ways): filings and deadlines work', async () => {
  const figures = {filed: 0, lost: 0, duplicated: 0, faults_injected: 0, offsets: []};
  for (const offset of [600, -600]) {
    const server = await startServer(['--dev', '--rate-limits', 'off', '--clock-offset', String(offset)]);
    const token = staffToken(server, 'agent', 'e2e-clock');
    const context = await (await theBrowser()).newContext();
    try {
      const page = await blankPage(context, server.url);
      const problems = watchPage(page);
      await makeClient(page, 'clock' + offset);
      // "It just happened": two minutes ago by the customer's clock, which is in the future for a
      // server 10 minutes behind.
      const out = await page.evaluate(async (f) => {
        const a = await window.c.fileComplaint({...f, occurred_at: new Date(Date.now() - 120000).toISOString()});
        const meta = await window.c.meta();
        const view = a.acceptance_no ? await window.c.getComplaint(a.acceptance_no) : null;
        return {a, now: Date.now(), serverTime: meta.server_time, view, pending: await window.c.pending()};
      }, FILING);
      assert.ok(out.a.acceptance_no, `${offset}: ${JSON.stringify(out.a)} ${JSON.stringify(out.pending)}`);
      const filedAt = Date.parse(out.a.filed_at);
      assert.ok(Math.abs(filedAt - (out.now + offset * 1000)) < 60000, `${offset}: filed_at is the server's time`);
      assert.ok(Math.abs(Date.parse(out.serverTime) - (out.now + offset * 1000)) < 60000);
      assert.equal(Date.parse(out.a.deadlines.acceptance) - filedAt, 24 * 3600 * 1000, 'acceptance = filed + 24 h');
      assert.ok(Date.parse(out.a.deadlines.reply) > filedAt + 14 * 86400 * 1000);
      assert.equal(out.view.overdue, false);
      assert.deepEqual(out.view.deadlines, out.a.deadlines);
      const items = await serverComplaints(server.url, token);
      const t = tally(1, [out.a.acceptance_no], items);
      figures.filed += t.filed;
      figures.lost += t.lost;
      figures.duplicated += t.duplicated;
      figures.offsets.push(offset);
      figures.faults_injected += 1;  // the skewed clock itself
      assert.deepEqual(pageErrors(problems), []);
    } finally {
      await context.close();
      await server.stop();
    }
  }
  writeFigures('clock-skew', figures);
  assert.equal(figures.lost, 0);
  assert.equal(figures.duplicated, 0);
});

test('malformed, truncated and 20 MB answers: the client reports an error, keeps its outbox, never aborts',
     async () => {
  const server = await startServer(['--dev', '--rate-limits', 'off']);
  const token = staffToken(server, 'agent', 'e2e-answers');
  const proxy = await startFaultProxy({target: server.url, rates: {}});
  const context = await (await theBrowser()).newContext();
  let filed = 0;
  try {
    const page = await blankPage(context, proxy.url);
    const problems = watchPage(page);
    await makeClient(page, 'answers', 4000);
    const answersSeen = {};
    for (const fault of ['malformed', 'truncate', 'huge']) {
      // The fault is on before the filings go online (coming online flushes at once).
      await page.evaluate(() => { window.events.length = 0; });
      proxy.setRates({[fault]: 1});
      await queueFilings(page, context, 2);
      filed += 2;
      // Coming online flushes by itself. (No flush() by hand: a pass lasts while ops fall due again
      // during it, and with 300 ms backoff against 20 MB answers they always do.)
      const seen = await page.evaluate(async () => {
        const end = Date.now() + 30000;
        while (Date.now() < end && window.events.filter((x) => x.e !== 'op-done').length < 4) {
          await new Promise((r) => setTimeout(r, 100));
        }
        return {events: window.events.map((x) => x.e), pending: await window.c.pending(),
                // The wasm still answers after the bad input (an abort would make this throw).
                parsed: window.c.parseAcceptanceNo('ts 260601 0123456z 7')};
      });
      answersSeen[fault] = proxy.stats[fault] || 0;
      assert.ok(answersSeen[fault] > 0, `${fault} was injected`);
      assert.equal(seen.pending.length, 2, `${fault}: the two filings stay in the outbox: ` +
                   JSON.stringify(seen.pending) + ' events: ' + seen.events.join(','));
      assert.ok(seen.events.some((e) => e === 'op-retry' || e === 'op-failed' || e === 'error'),
                `${fault}: an error was reported (${seen.events.join(',')})`);
      assert.ok(!seen.events.includes('op-done'), `${fault}: nothing counted as done`);
      assert.equal(typeof seen.parsed.ok, 'boolean');
      // Clean again: these two go through (their retries carry the same keys), then the next fault.
      proxy.setRates({});
      assert.equal(await page.evaluate(() => window.drain(20000)), 0);
    }
    const items = await serverComplaints(server.url, token);
    const counts = {...tally(filed, await mine(page), items), faults_injected: injected(proxy.stats),
                    answers: answersSeen};
    writeFigures('bad-answers', counts);
    assert.equal(counts.lost, 0);
    assert.equal(counts.duplicated, 0);
    assert.deepEqual(pageErrors(problems), []);
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
  }
});

test('two tabs of one persistent profile flush one outbox through 30 % faults: each complaint once',
     async () => {
  const server = await startServer(['--dev', '--rate-limits', 'off']);
  const token = staffToken(server, 'agent', 'e2e-tabs');
  const proxy = await startFaultProxy({target: server.url, rates: spreadRates(0.3), seed: 11, delayMs: 1500});
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-profile-'));
  const context = await chromium.launchPersistentContext(dir, {executablePath: '/usr/bin/chromium', headless: true,
                                                               args: CHROMIUM_ARGS});
  const N = 40;
  try {
    const tabs = [await blankPage(context, proxy.url), await blankPage(context, proxy.url)];
    const problems = tabs.map((t) => watchPage(t));
    for (const tab of tabs) await makeClient(tab, 'tabs');
    await queueFilings(tabs[0], context, N / 2);
    await queueFilings(tabs[1], context, N / 2);
    const left = await Promise.all(tabs.map((t) => t.evaluate(() => window.drain(90000))));
    assert.deepEqual(left, [0, 0]);
    const items = await serverComplaints(server.url, token);
    const numbers = [...await mine(tabs[0]), ...await mine(tabs[1])];
    const counts = {...tally(N, [...new Set(numbers)], items), faults_injected: injected(proxy.stats)};
    writeFigures('two-tabs', counts);
    assert.equal(counts.lost, 0);
    assert.equal(counts.duplicated, 0);
    assert.equal(items.length, N);
    for (const p of problems) assert.deepEqual(pageErrors(p), []);
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
    rmSync(dir, {recursive: true, force: true});
  }
});
