// tests/e2e/console.test.mjs — the staff workbench (DESIGN §5b, issue 24) in a real Chromium against
// the real server: /staff/ signs in with a pasted token (a wrong one refused in words), the queue
// shows complaints filed on the website and taken on the hotline, overdue first; the token lives in
// sessionStorage only, survives a reload of the tab, and a revoked token sends the agent back to
// sign in with the reason. An agent handles a complaint filed through the customer API in the
// workbench: it appears in the queue without a reload (the poll), and the agent accepts, assigns,
// proposes, replies and starts the follow-up in the case pane; a move the server refuses says why.
// Screenshots at 1280 × 800 and 1024 × 768.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import {spawnSync} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';
import {createServer} from 'node:http';
import path from 'node:path';
import {
  ROOT, SERVER_BIN, startServer, launchBrowser, watchPage, screenshot, item, waitItem, tap, staffToken, registry,
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
  const row = await waitItem(page, web.body.acceptance_no, () => true, {role: 'button', selector: SEL, timeout: 15000});
  assert.match(row.value, /已提交/);
  const taken = await item(page, hotline.body.acceptance_no, 'button', SEL);
  assert.match(taken.value, /剩 /);
  await waitItem(page, 'e2e-console · 主管', () => true, {role: 'text', selector: SEL});
  await screenshot(page, 'console-queue');
  // The token is in this tab's sessionStorage, nowhere else.
  assert.deepEqual(await page.evaluate(() => ({s: sessionStorage.length, l: localStorage.length})), {s: 1, l: 0});

  // A reload of the tab keeps the agent signed in.
  await page.reload();
  await waitItem(page, hotline.body.acceptance_no, () => true, {role: 'button', selector: SEL, timeout: 20000});

  // Usable at 1024 wide.
  await page.setViewportSize({width: 1024, height: 768});
  await waitItem(page, web.body.acceptance_no, (i) => i.x + i.w <= 1024, {role: 'button', selector: SEL});
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

// Scrolls the pane under the item (the case scrolls apart from the queue) until the item is whole.
async function reveal(page, label, role) {
  const canvas = await page.evaluate((sel) => {
    const r = document.querySelector(sel).shadowRoot.querySelector('canvas').getBoundingClientRect();
    return {x: r.left, y: r.top, h: r.height};
  }, SEL);
  await waitItem(page, label, () => true, {role, selector: SEL});  // a form opens a frame later
  for (let i = 0; i < 30; i++) {
    const it = await item(page, label, role, SEL);
    if (!it.hidden && it.y >= 52 && it.y + it.h <= canvas.h - 8) {
      // Still: the pane may be settling after a wheel or a form that closed above the item.
      await page.waitForTimeout(120);
      const again = await item(page, label, role, SEL);
      if (again.y === it.y) return again;
      continue;
    }
    await page.mouse.move(canvas.x + it.x + Math.min(it.w, 40) / 2, canvas.y + canvas.h / 2);
    await page.mouse.wheel(0, it.y < 52 ? -240 : 240);
    await page.waitForTimeout(60);
  }
  throw new Error(`could not reveal "${label}"`);
}

async function press(page, label, role = 'button', {inBar = false} = {}) {
  // Bars (the filter bar, the statistics' choices) do not scroll: their items are where they are.
  const it = inBar ? await waitItem(page, label, () => true, {role, selector: SEL}) : await reveal(page, label, role);
  // The pointer rests on the button a moment first, as a hand's does (a frame sees it hover).
  const canvas = await page.evaluate((sel) => {
    const r = document.querySelector(sel).shadowRoot.querySelector('canvas').getBoundingClientRect();
    return {x: r.left, y: r.top};
  }, SEL);
  await page.mouse.move(canvas.x + it.x + it.w / 2, canvas.y + it.y + it.h / 2);
  await page.waitForTimeout(60);
  await tap(page, label, {role, selector: SEL, scroll: false});
}

async function fill(page, label, text) {
  await reveal(page, label, 'textbox');
  await tap(page, label, {role: 'textbox', selector: SEL, scroll: false});
  await page.keyboard.type(text);
  await waitItem(page, label, (i) => i.value === text, {role: 'textbox', selector: SEL});
}

// One action through its form: open it, fill its fields, confirm, and wait for the case to say so.
async function act(page, action, fields = {}, chips = [], shot = '') {
  await press(page, action);
  for (const [label, text] of Object.entries(fields)) await fill(page, label, text);
  for (const chip of chips) await press(page, chip, 'radio');
  if (shot) await screenshot(page, shot);
  await press(page, '确定 · ' + action);
  await waitItem(page, '已完成：' + action, () => true, {role: 'text', selector: SEL, timeout: 10000});
}

function shanghaiDate(daysAhead) {
  const d = new Date(Date.now() + 8 * 3600e3 + daysAhead * 86400e3);
  return d.toISOString().slice(0, 10);
}

test('an agent handles a complaint in the workbench: accept, assign, propose, reply, follow-up; a refused move says why', async () => {
  const token = staffToken(server, 'agent', '李娜');
  const boss = staffToken(server, 'supervisor', '陈静');
  const first = await api('POST', '/complaints', {...FILING, client_ref: randomUUID(), evidence: []});
  assert.equal(first.status, 201, JSON.stringify(first.body));

  const context = await browser.newContext({viewport: {width: 1280, height: 800}});
  const {page, problems} = await openConsole(context);
  await waitItem(page, '工作令牌', () => true, {role: 'textbox', selector: SEL, timeout: 20000});
  await typeInto(page, '工作令牌', token);
  await tap(page, '登录', {role: 'button', selector: SEL});
  await waitItem(page, first.body.acceptance_no, () => true, {role: 'button', selector: SEL, timeout: 15000});

  // Filed while the queue is open: it appears without a reload (the poll, If-None-Match).
  const second = await api('POST', '/complaints', {...FILING, client_ref: randomUUID(), evidence: [],
                                                    problem: '第二件：晚上八点以后网速很慢，经常断线。'});
  assert.equal(second.status, 201);
  await waitItem(page, second.body.acceptance_no, () => true, {role: 'button', selector: SEL, timeout: 15000});
  await screenshot(page, 'console-workbench-queue');

  // The keyboard: `/` searches; arrows move the selection; Enter opens the case beside the queue.
  await tap(page, first.body.acceptance_no, {role: 'button', selector: SEL, scroll: false});
  await waitItem(page, first.body.acceptance_no, () => true, {role: 'heading', selector: SEL, timeout: 10000});
  const order = (await registry(page, SEL)).filter((i) => i.role === 'button' && /^TS-/.test(i.label));
  const at = order.findIndex((i) => i.label === first.body.acceptance_no);
  const other = order[at === 0 ? 1 : at - 1].label;
  await page.keyboard.press(at === 0 ? 'ArrowDown' : 'ArrowUp');
  await page.keyboard.press('Enter');
  await waitItem(page, other, () => true, {role: 'heading', selector: SEL, timeout: 10000});
  await page.keyboard.press(at === 0 ? 'ArrowUp' : 'ArrowDown');
  await page.keyboard.press('Enter');
  await waitItem(page, first.body.acceptance_no, () => true, {role: 'heading', selector: SEL, timeout: 10000});
  await screenshot(page, 'console-workbench-case');

  // What needs a supervisor is shown, disabled, with who may.
  const hold = await item(page, '保留（需主管）', 'button', SEL);
  assert.equal(hold.disabled, true, JSON.stringify(hold));

  await act(page, '受理');
  await act(page, '分派', {部门: '网络维护部', 负责人: '张工'});
  await act(page, '提出处理方案', {处理措施: '上门检测线路并更换光猫', 措施负责人: '张工', '完成日期（如 2026-12-31）': shanghaiDate(3)});
  await act(page, '答复客户', {调查结论: '线路老化导致降速，已更换', 处理依据: '端口日志与上门检测记录',
                            处理方案: '更换光猫并减免本月月租', 执行情况: '已于今日完成更换'}, ['短信'],
            'console-workbench-form');
  await act(page, '开始回访');
  await waitItem(page, first.body.acceptance_no, (i) => /回访/.test(i.value || ''), {role: 'heading', selector: SEL});
  const view = await api('GET', '/staff/complaints/' + first.body.acceptance_no, null, boss);
  assert.equal(view.body.status, 'follow_up');
  assert.deepEqual(view.body.timeline.map((e) => e.action),
                   ['file', 'accept', 'assign', 'propose', 'reply', 'start_follow_up']);
  assert.equal(view.body.timeline.at(-2).delivered_via, 'sms');

  // A refused move: the second case is open here when a supervisor claims it elsewhere; the agent's
  // claim is refused by the server, and the workbench says why in Chinese.
  await tap(page, second.body.acceptance_no, {role: 'button', selector: SEL, scroll: false});
  await waitItem(page, second.body.acceptance_no, () => true, {role: 'heading', selector: SEL, timeout: 10000});
  const claimed = await api('POST', `/staff/complaints/${second.body.acceptance_no}/actions`, {action: 'claim'}, boss);
  assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
  await press(page, '认领');
  await press(page, '确定 · 认领');
  await waitItem(page, '这件投诉已有首问负责人，请与其协调，或由上级指派。', () => true, {role: 'text', selector: SEL, timeout: 10000})
    .catch(async () => {
      const texts = (await registry(page, SEL)).filter((i) => i.role === 'text' && i.invalid).map((i) => i.label);
      throw new Error('no refusal shown; invalid texts: ' + texts.join(' | '));
    });
  await screenshot(page, 'console-workbench-refused');

  // Usable at 1024 wide: the queue keeps its number and status, the case its actions.
  await page.setViewportSize({width: 1024, height: 768});
  await waitItem(page, first.body.acceptance_no, (i) => i.x + i.w <= 1024, {role: 'button', selector: SEL});
  await screenshot(page, 'console-workbench-1024');
  assert.deepEqual(problems.filter((p) => !/http 409/.test(p)), []);
  await context.close();
});

// [SECTION] intake, statistics, failed notifications (issue 24 item 5) -----------------------------

async function signIn(page, token) {
  await waitItem(page, '工作令牌', () => true, {role: 'textbox', selector: SEL, timeout: 20000});
  await typeInto(page, '工作令牌', token);
  await tap(page, '登录', {role: 'button', selector: SEL});
  await waitItem(page, '待办队列', () => true, {role: 'link', selector: SEL, timeout: 15000});
}

// The workbench in English (the element's lang, set on the running module) and back.
async function setLang(page, lang) {
  await page.evaluate(([sel, l]) => {
    const m = document.querySelector(sel)._module;
    m.cwCommand('lang', l);
    m.cwFrameNow();
  }, [SEL, lang]);
}

test('an agent takes a hotline complaint at intake: errors beside the fields, then its number and the case in the queue', async () => {
  const token = staffToken(server, 'agent', '李娜');
  const context = await browser.newContext({viewport: {width: 1280, height: 800}});
  const {page, problems} = await openConsole(context);
  await signIn(page, token);
  await press(page, '来电录入', 'link');
  await press(page, '登记投诉');
  // The core's checks, worded as in the widget's wizard, beside each field; nothing is sent.
  await waitItem(page, '遇到的问题', (i) => (i.description || '').includes('此项为必填项'),
                 {role: 'textbox', selector: SEL});
  await fill(page, '联系电话', '12345');
  await waitItem(page, '联系电话', (i) => (i.description || '').includes('请填写有效的手机号'),
                 {role: 'textbox', selector: SEL});
  await screenshot(page, 'console-intake-errors');
  await setLang(page, 'en');
  await waitItem(page, 'Contact phone', (i) => /valid mobile number/.test(i.description || ''),
                 {role: 'textbox', selector: SEL});
  await screenshot(page, 'console-intake-errors-en');
  await setLang(page, 'zh-CN');

  await press(page, '热线', 'radio');
  await press(page, '移动电话', 'radio');
  await press(page, '费用争议', 'radio');
  await fill(page, '涉及的号码或账号', '13912345678');
  await fill(page, '发生日期', shanghaiDate(-2));
  await fill(page, '遇到的问题', 'The bill this month is thirty yuan higher than usual.');
  await fill(page, '您的诉求', 'Refund the extra charge');
  await fill(page, '姓名', 'Wang');
  await page.keyboard.press('Tab');
  await reveal(page, '联系电话', 'textbox');
  await tap(page, '联系电话', {role: 'textbox', selector: SEL, scroll: false});
  for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('13912345678');
  await waitItem(page, '联系电话', (i) => i.value === '13912345678' && !i.description, {role: 'textbox', selector: SEL});
  await press(page, '电话', 'radio');
  await press(page, '已向客户告知《个人信息保护说明》并获同意', 'checkbox');
  await screenshot(page, 'console-intake');
  // Usable at 1024 wide: both columns, the button whole.
  await page.setViewportSize({width: 1024, height: 768});
  await waitItem(page, '登记投诉', (i) => i.x + i.w <= 1024, {role: 'button', selector: SEL});
  await screenshot(page, 'console-intake-1024');
  await page.setViewportSize({width: 1280, height: 800});
  await press(page, '登记投诉');
  const number = await waitItem(page, '已登记，受理编号', () => true, {role: 'heading', selector: SEL, timeout: 10000})
    .then(async () => (await registry(page, SEL)).find((i) => i.role === 'text' && /^TS-\d{6}-/.test(i.label)));
  assert.ok(number, 'the acceptance number is shown');
  await screenshot(page, 'console-intake-filed');

  const boss = staffToken(server, 'supervisor', '陈静');
  const view = await api('GET', '/staff/complaints/' + number.label, null, boss);
  assert.equal(view.status, 200);
  assert.equal(view.body.filing.channel, 'hotline');
  assert.equal(view.body.filing.customer.phone, '13912345678');
  // The case is open in the queue, and its row is there.
  await press(page, '在队列中打开');
  await waitItem(page, number.label, () => true, {role: 'heading', selector: SEL, timeout: 10000});
  await waitItem(page, number.label, () => true, {role: 'button', selector: SEL, timeout: 15000});
  await screenshot(page, 'console-intake-in-queue');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the statistics show the numbers GET /staff/stats answers; an agent sees them disabled', async () => {
  const boss = staffToken(server, 'supervisor', '陈静');
  for (let i = 0; i < 3; i++) {
    const r = await api('POST', '/staff/complaints', {...FILING, client_ref: randomUUID(), channel: i ? 'shop' : 'letter',
                                                      evidence: [], customer: {...FILING.customer, reply_method: 'phone'}}, boss);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    if (i === 0) assert.equal((await api('POST', `/staff/complaints/${r.body.acceptance_no}/actions`, {action: 'accept'}, boss)).status, 200);
  }
  const context = await browser.newContext({viewport: {width: 1280, height: 800}});
  const {page, problems} = await openConsole(context);
  await signIn(page, boss);
  await press(page, '统计分析', 'link');
  // The screen's own range: the first of the month five months back to today (Beijing days).
  const today = shanghaiDate(0);
  const [y, m] = today.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 - 5, 1)).toISOString().slice(0, 10);
  const check = async (groupBy, keyText) => {
    const answer = await api('GET', `/staff/stats?group_by=${groupBy}&from=${first}&to=${today}`, null, boss);
    assert.equal(answer.status, 200);
    assert.ok(answer.body.groups.length > 0);
    const filed = answer.body.groups.reduce((n, g) => n + g.filed, 0);
    await waitItem(page, '受理', (i) => (i.value || '').startsWith(filed + ' · '), {role: 'text', selector: SEL, timeout: 10000});
    for (const g of answer.body.groups)
      await waitItem(page, `${keyText(g.key)} · 受理`, (i) => (i.value || '').startsWith(g.filed + ' · '),
                     {role: 'text', selector: SEL});
  };
  await check('month', (k) => k);
  await screenshot(page, 'console-stats');
  const channels = {web: '网站', app: '手机应用', hotline: '热线', shop: '营业厅', letter: '信函', email: '电子邮件', social: '社交媒体'};
  await press(page, '按渠道', 'radio', {inBar: true});
  await check('channel', (k) => channels[k]);
  await screenshot(page, 'console-stats-channel');
  await setLang(page, 'en');
  await waitItem(page, 'Filed', () => true, {role: 'text', selector: SEL});
  await screenshot(page, 'console-stats-en');
  await page.setViewportSize({width: 1024, height: 768});
  await waitItem(page, 'Escalated', (i) => i.x + i.w <= 1024, {role: 'text', selector: SEL});
  await screenshot(page, 'console-stats-1024-en');
  await context.close();

  // An agent: the place is there, disabled, saying who may; nothing is asked of the server.
  const agentContext = await browser.newContext({viewport: {width: 1280, height: 800}});
  const agent = await openConsole(agentContext);
  await signIn(agent.page, staffToken(server, 'agent', '李娜'));
  const place = await item(agent.page, '统计分析', 'link', SEL);
  assert.equal(place.value, '需主管');
  await press(agent.page, '统计分析', 'link');
  await waitItem(agent.page, '统计分析仅限主管及管理层使用，如需数据请联系您的主管。', () => true, {role: 'text', selector: SEL});
  await screenshot(agent.page, 'console-stats-agent');
  assert.deepEqual([...problems, ...agent.problems], []);
  await agentContext.close();
});

test('a supervisor retries a failed notification from the workbench and it reaches the receiver', async () => {
  // A server run without a webhook: the acceptance message is only logged, listed as failed.
  const first = await startServer(['--rate-limits', 'off']);
  const filed = await fetch(first.url + '/api/v1/complaints', {
    method: 'POST', headers: {'Content-Type': 'application/json', 'Idempotency-Key': randomUUID()},
    body: JSON.stringify({...FILING, client_ref: randomUUID(), evidence: []})});
  assert.equal(filed.status, 201);
  const no = (await filed.json()).acceptance_no;
  await first.stop({keepDir: true});
  // The operator configures the webhook and starts again on the same database.
  const delivered = [];
  const receiver = createServer((req, res) => {
    delivered.push(req.headers['x-complaint-delivery']);
    req.resume();
    res.writeHead(200, {'Content-Type': 'application/json'}).end('{}');
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${receiver.address().port}/hook`;
  const again = await startServer(['--rate-limits', 'off', '--notify-webhook', hook,
                                   '--public-origin', 'https://complaints.example.test'], {dbDir: first.dir});
  try {
    const boss = staffToken(again, 'supervisor', '陈静');
    const get = async (state) => {
      const r = await fetch(`${again.url}/api/v1/staff/notifications?state=${state}`, {headers: {Authorization: 'Bearer ' + boss}});
      return (await r.json()).items;
    };
    const failed = (await get('failed')).find((n) => n.acceptance_no === no);
    assert.equal(failed.last_error, 'no webhook: only logged');
    assert.equal(failed.retry_refused, null);

    const context = await browser.newContext({viewport: {width: 1280, height: 800}});
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(again.url + '/staff/');
    await signIn(page, boss);
    await press(page, '通知失败', 'link');
    const button = await waitItem(page, '重发 ' + failed.id, () => true, {role: 'button', selector: SEL, timeout: 10000});
    assert.ok(!button.disabled);
    assert.match(button.value, new RegExp(no));
    assert.match(button.value, new RegExp(FILING.customer.phone.slice(0, 3) + '\\*{4}' + FILING.customer.phone.slice(-4)));
    await screenshot(page, 'console-failed');
    await setLang(page, 'en');
    await waitItem(page, 'Retry ' + failed.id, () => true, {role: 'button', selector: SEL});
    await screenshot(page, 'console-failed-en');
    await setLang(page, 'zh-CN');
    await press(page, '重发 ' + failed.id);
    await waitItem(page, '已重新排队：' + failed.id, () => true, {role: 'text', selector: SEL, timeout: 10000});
    for (let i = 0; i < 100 && !delivered.includes(failed.id); i++) await page.waitForTimeout(100);
    assert.ok(delivered.includes(failed.id), 'the receiver got the message under its id');
    for (let i = 0; i < 50 && !(await get('sent')).some((n) => n.id === failed.id); i++) await page.waitForTimeout(100);
    assert.ok((await get('sent')).some((n) => n.id === failed.id));
    await waitItem(page, '没有发送失败的通知', () => true, {selector: SEL, timeout: 10000});
    // The rail's count follows in the same frame.
    assert.ok(!(await item(page, '通知失败', 'link', SEL)).value);
    await screenshot(page, 'console-failed-retried');
    await page.setViewportSize({width: 1024, height: 768});
    await waitItem(page, '没有发送失败的通知', () => true, {selector: SEL});
    await screenshot(page, 'console-failed-1024');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await again.stop();
    receiver.close();
    rmSync(first.dir, {recursive: true, force: true});
  }
});
