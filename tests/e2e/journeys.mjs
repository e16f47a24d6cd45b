// tests/e2e/journeys.mjs — the customer's filing through the widget's wizard, shared by the browser
// tests: sessions on a phone or desktop, taps and typing (Chinese by IME composition), steps 1–3
// answered, a real PNG to attach, the receipt's number.
import assert from 'node:assert/strict';
import {deflateSync} from 'node:zlib';
import {randomBytes} from 'node:crypto';
import {watchPage, openWidgetPage, tap, waitItem, registry, screenshot} from './harness.mjs';

export const PHONE = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true, deviceScaleFactor: 2};
export const DESKTOP = {viewport: {width: 1280, height: 800}};
export const NUMBER = /^TS-\d{6}-[0-9A-HJKMNP-TV-Z]{8}-[0-9A-HJKMNP-TV-Z]$/;

// A real PNG, 24 × 24 by default (a bill-coloured square): the server sniffs the type from its
// bytes. `noise` fills it with random pixels, which deflate cannot shrink: a photo-sized upload.
export function png(w = 24, h = 24, {noise = false} = {}) {
  const crcTable = Array.from({length: 256}, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xFFFFFFFF;
    for (const b of buf) c = crcTable[(c ^ b) & 0xFF] ^ (c >>> 8);
    return (c ^ 0xFFFFFFFF) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2;  // 8-bit RGB
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1) + 1;
    if (noise) raw.set(randomBytes(w * 3), row);
    else for (let x = 0; x < w; x++) raw.set([10, (108 + x) & 255, (255 - y) & 255], row + x * 3);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
                        chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export async function openSession(browser, serverUrl, opts, name, attrs = 'lang="zh-CN"', {bridge = false} = {}) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  // An Android app's WebView: the native side's addJavascriptInterface object (DESIGN §6).
  if (bridge) await page.addInitScript(() => { window.ComplaintBridge = {postMessage: (m) => (window.__bridge ||= []).push(m)}; });
  const problems = watchPage(page);
  await openWidgetPage(page, serverUrl, attrs, name);
  const touch = !!opts.hasTouch;
  return {context, page, problems, touch, cdp: await context.newCDPSession(page)};
}

// waitItem with room for a loaded 2-core machine (the whole suite runs beside the builds).
export const wait = (page, label, pred, opts = {}) => waitItem(page, label, pred, {timeout: 15000, ...opts});

// Waits for the widget (a frame may not have drawn it yet: data arriving, the next step), then taps it.
export async function press(page, label, role, touch) {
  const it = await wait(page, label, (i) => !i.disabled, {role});
  // The bottom bar's primary action is always on screen (the harness's scrolling avoids that bar);
  // an item below the viewport is further down the page and needs scrolling to.
  const height = page.viewportSize().height;
  const inBottomBar = it.y > height - 90 && it.y + it.h <= height;
  return tap(page, label, {role, touch, scroll: !inBottomBar});
}

export const hash = (page) => page.evaluate(() => location.hash);
export const waitHash = (page, h) => page.waitForFunction((x) => location.hash === x, h, {timeout: 15000});

// Types Chinese the way a pinyin IME delivers it: a composition (pre-edit), then the committed text.
export async function typeChinese(s, label, pinyin, text) {
  await press(s.page, label, 'textbox', s.touch);
  await s.cdp.send('Input.imeSetComposition', {text: pinyin, selectionStart: pinyin.length, selectionEnd: pinyin.length});
  await s.cdp.send('Input.insertText', {text});
  await wait(s.page, label, (i) => (i.value || '').endsWith(text), {role: 'textbox'});
}

export async function typePlain(s, label, text) {
  await press(s.page, label, 'textbox', s.touch);
  await s.page.keyboard.insertText(text);
  await wait(s.page, label, (i) => (i.value || '').endsWith(text), {role: 'textbox'});
}

// The acceptance number shown on the receipt (a text item whose label is the number).
export async function receiptNumber(page, timeout = 40000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeout) {
    const it = (await registry(page)).find((i) => NUMBER.test(i.label));
    if (it) return it.label;
    await page.waitForTimeout(100);
  }
  throw new Error('no acceptance number on the receipt: ' + (await registry(page)).map((i) => i.label).join(' | '));
}

// Steps 1–3 with valid answers (step 1 first refused empty, to show the errors).
export async function fillSteps1to3(s, tag, shots, phone = '13912345678') {
  const {page} = s;
  await waitHash(page, '#/file/1');
  await press(page, '下一步', 'button', s.touch);
  assert.equal(await hash(page), '#/file/1', 'an empty step does not move on');
  await wait(page, '涉及的号码或账号', (i) => i.invalid, {role: 'textbox'});
  await wait(page, '此项为必填项，请填写后再提交。', () => true);
  if (shots) await screenshot(page, `filing-${tag}-1-errors`);
  await press(page, '移动电话', 'radio', s.touch);
  await press(page, '费用争议', 'radio', s.touch);
  await typePlain(s, '涉及的号码或账号', phone);
  await press(page, '昨天', 'radio', s.touch);
  if (shots) await screenshot(page, `filing-${tag}-1-type`);
  await press(page, '下一步', 'button', s.touch);
  await waitHash(page, '#/file/2');

  await typeChinese(s, '遇到的问题', 'benyue', '本月话费账单多扣了三十元流量费，我并没有使用这些流量');
  await typeChinese(s, '您的诉求', 'tuihuan', '退还多扣的三十元');
  if (shots) await screenshot(page, `filing-${tag}-2-problem`);
  await press(page, '下一步', 'button', s.touch);
  await waitHash(page, '#/file/3');

  await typeChinese(s, '姓名', 'wangxiaoming', '王小明');
  await typePlain(s, '联系电话', phone);
  await press(page, '短信', 'radio', s.touch);
  if (shots) await screenshot(page, `filing-${tag}-3-contact`);
  await press(page, '下一步', 'button', s.touch);
  await waitHash(page, '#/file/4');
}

// A whole filing through the wizard on its own device (a fresh context, closed afterwards): Chinese
// by IME, a photo attached, consent, submit. Returns the acceptance number on the receipt.
export async function fileThroughWizard(browser, serverUrl, opts, name, phone) {
  const s = await openSession(browser, serverUrl, opts, name);
  await press(s.page, '我要投诉', 'button', s.touch);
  await fillSteps1to3(s, name, false, phone);
  await s.page.waitForFunction(() => !!document.querySelector('complaint-widget').shadowRoot.querySelector('input[type=file]'));
  await s.page.setInputFiles('complaint-widget input[type=file]', {name: '账单截图.png', mimeType: 'image/png', buffer: png()});
  await wait(s.page, '账单截图.png', () => true, {role: 'button'});
  await press(s.page, '下一步', 'button', s.touch);
  await waitHash(s.page, '#/file/5');
  await press(s.page, '我已阅读并同意《个人信息保护说明》', 'checkbox', s.touch);
  await press(s.page, '提交投诉', 'button', s.touch);
  const no = await receiptNumber(s.page);
  assert.deepEqual(s.problems, []);
  await s.context.close();
  return no;
}
