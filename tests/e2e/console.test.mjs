// tests/e2e/console.test.mjs — the staff workbench (DESIGN §5b, issue 24) in a real Chromium against
// the real server: /staff/ signs in with a pasted token (a wrong one refused in words), the queue
// shows complaints filed on the website and taken on the hotline, overdue first; the token lives in
// sessionStorage only, survives a reload of the tab, and a revoked token sends the agent back to
// sign in with the reason. Screenshots at 1280 × 800 and 1024 × 768.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {
  ROOT, SERVER_BIN, startServer, launchBrowser, watchPage, screenshot, item, waitItem, tap, staffToken,
} from './harness.mjs';

const SEL = 'complaint-console';
const FILING = JSON.parse(readFileSync(path.join(ROOT, 'tests/data/complaint.json'), 'utf8'));

let server, browser;
before(async () => {
  server = await startServer(['--dev', '--rate-limits', 'off']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function api(method, p, body, token) {
  const headers = {'Content-Type': 'application/json', 'Idempotency-Key': randomUUID()};
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(server.url + '/api/v1' + p, {method, headers, body: body ? JSON.stringify(body) : undefined});
  const text = await res.text();
  return {status: res.status, body: text ? JSON.parse(text) : null};
}

async function typeInto(page, label, text) {
  const before = await tap(page, label, {role: 'textbox', selector: SEL});
  await page.keyboard.press('End');
  for (let i = 0; i < (before.value || '').length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await waitItem(page, label, (i) => i.value === text, {role: 'textbox', selector: SEL});
}

async function openConsole(context) {
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(server.url + '/staff/');
  return {page, problems};
}

test('an agent signs in with a pasted token and sees the queue; a wrong or revoked token is refused in words', async () => {
  const token = staffToken(server, 'supervisor', 'e2e-console');
  const web = await api('POST', '/complaints', {...FILING, client_ref: randomUUID(), evidence: []});
  assert.equal(web.status, 201, JSON.stringify(web.body));
  const hotline = await api('POST', '/staff/complaints',
                            {...FILING, client_ref: randomUUID(), channel: 'hotline', evidence: [],
                             customer: {...FILING.customer, reply_method: 'phone'}}, token);
  assert.equal(hotline.status, 201, JSON.stringify(hotline.body));

  const context = await browser.newContext({viewport: {width: 1280, height: 800}});
  const {page, problems} = await openConsole(context);
  await waitItem(page, '工作令牌', () => true, {role: 'textbox', selector: SEL, timeout: 20000});
  await screenshot(page, 'console-sign-in');

  // A wrong token: said under the field, nothing kept.
  await typeInto(page, '工作令牌', 'not-a-token');
  await tap(page, '登录', {role: 'button', selector: SEL});
  await waitItem(page, '工作令牌', (i) => (i.description || '').includes('令牌无效、已撤销或已过期'),
                 {role: 'textbox', selector: SEL, timeout: 15000});
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  await screenshot(page, 'console-sign-in-refused');

  // The right one: the queue, both channels, masked names only.
  await typeInto(page, '工作令牌', token);
  await tap(page, '登录', {role: 'button', selector: SEL});
  const row = await waitItem(page, web.body.acceptance_no, () => true, {role: 'text', selector: SEL, timeout: 15000});
  assert.match(row.value, /已提交/);
  const taken = await item(page, hotline.body.acceptance_no, 'text', SEL);
  assert.match(taken.value, /剩余/);
  await waitItem(page, 'e2e-console · 主管', () => true, {role: 'text', selector: SEL});
  await screenshot(page, 'console-queue');
  // The token is in this tab's sessionStorage, nowhere else.
  assert.deepEqual(await page.evaluate(() => ({s: sessionStorage.length, l: localStorage.length})), {s: 1, l: 0});

  // A reload of the tab keeps the agent signed in.
  await page.reload();
  await waitItem(page, hotline.body.acceptance_no, () => true, {role: 'text', selector: SEL, timeout: 20000});

  // Usable at 1024 wide.
  await page.setViewportSize({width: 1024, height: 768});
  await waitItem(page, web.body.acceptance_no, (i) => i.x + i.w <= 1024, {role: 'text', selector: SEL});
  await screenshot(page, 'console-queue-1024');

  // Revoked (the administrator, on the server): the next start asks for a token again, with the reason.
  const revoke = spawnSync(SERVER_BIN, ['token', 'revoke', '-', '--db', path.join(server.dir, 'complaints.db')],
                           {input: token + '\n', encoding: 'utf8'});
  assert.equal(revoke.status, 0, revoke.stderr);
  await page.reload();
  await waitItem(page, '工作令牌', (i) => (i.description || '').includes('令牌无效、已撤销或已过期'),
                 {role: 'textbox', selector: SEL, timeout: 20000});
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  // The refused sign-ins are the server's 401s; nothing else went wrong on the page.
  assert.deepEqual(problems.filter((p) => !p.startsWith('http 401: /api/v1/staff/me')), []);
  await context.close();
});
