// bench/widget.mjs — browser-side budgets of DESIGN §7, measured against the real server in
// headless Chromium on loopback: first-view transfer, time to complaint:ready, frame CPU while
// typing Chinese, idle frames, wasm heap, and the headless client flushing 500 queued filings.
import {brotliCompressSync, gzipSync, constants as zc} from 'node:zlib';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {startServer, launchBrowser, openWidget, openWidgetPage, tap, stats, registry, ROOT} from '../tests/e2e/harness.mjs';

const rows = [];
function report(name, value, unit, budget, pass) {
  rows.push({name, value, unit, budget, verdict: pass === null ? 'report' : pass ? 'PASS' : 'FAIL'});
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

// Rate limits off (DESIGN §8: for benchmarks and bulk tests): 500 filings from one IP and phone.
const server = await startServer(['--rate-limits', 'off']);
const browser = await launchBrowser();
try {
  // 1. First-view transfer: every resource the page asked for before complaint:ready (what loads
  //    after it, e.g. the headless client for the screens' data, is not part of the first view).
  {
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(() => {
      document.addEventListener('complaint:ready', () => {
        window.__firstView = performance.getEntriesByType('resource').map((e) => e.name);
      });
    });
    await openWidget(page, server.url + '/');
    const files = new Set(await page.evaluate(() => window.__firstView.map((n) => new URL(n).pathname)));
    let raw = 0, gz = 0, br = 0;
    const listed = [];
    for (const p of files) {
      // The host page and its stylesheet are the operator's, not the widget's.
      if (p === '/' || p.endsWith('.html') || p === '/demo.css') continue;
      const buf = readFileSync(path.join(ROOT, 'dist/web', p));
      raw += buf.length;
      gz += gzipSync(buf, {level: 9}).length;
      br += brotliCompressSync(buf, {params: {[zc.BROTLI_PARAM_QUALITY]: 11}}).length;
      listed.push(p);
    }
    console.log('first view loads:', listed.join(', '));
    report('first-view transfer, raw', (raw / 1024).toFixed(1), 'KB', '-', null);
    report('first-view transfer, gzip', (gz / 1024).toFixed(1), 'KB', '-', null);
    report('first-view transfer, brotli', (br / 1024).toFixed(1), 'KB', '<= 250 KB', br <= 250 * 1024);
    const fonts = listed.filter((p) => /\.(ttf|otf|woff2?|ttc)$/.test(p));
    report('font downloads', fonts.length, 'files', '0', fonts.length === 0);
    await page.context().close();
  }
  // 2. Navigation start → complaint:ready, median of 10 cold loads (fresh context each time).
  //    Each load is followed by one of the same machine at the same moment without the widget: a
  //    static page of the bundle (HTML, CSS and Chinese text, so a system-font lookup too; cross-origin
  //    isolated like the widget's page), navigation → load. The same build measured 245-440 ms across
  //    one afternoon of this shared machine: the reference says how fast the machine was in this run.
  {
    const times = [], ref = [], share = [];
    for (let i = 0; i < 10; ++i) {
      let context = await browser.newContext();
      let page = await context.newPage();
      await page.addInitScript(() => {
        document.addEventListener('complaint:ready', () => { window.__readyAt = performance.now(); });
      });
      await openWidget(page, server.url + '/');
      times.push(await page.evaluate(() => window.__readyAt));
      const isolated = await page.evaluate(() => self.crossOriginIsolated);
      if (!isolated) console.log('warning: page is not cross-origin isolated; timers are coarse');
      await context.close();
      context = await browser.newContext();
      page = await context.newPage();
      await page.goto(server.url + '/privacy.html', {waitUntil: 'load'});
      ref.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventStart));
      share.push(times[i] - ref[i]);
      await context.close();
    }
    const m = median(times);
    report('navigation → complaint:ready (median of 10)', m.toFixed(0), 'ms', '<= 400 ms', m <= 400);
    report('  same moments: privacy.html (no widget) → load', median(ref).toFixed(0), 'ms', '-', null);
    // Issue 25: the figure we own (the machine moves both halves of each pair alike).
    report('  the widget\'s share (median of the differences)', median(share).toFixed(0), 'ms', '<= 150 ms',
           median(share) <= 150);
  }
  // 3. Frames drawn in 5 s idle (needs stats() on the element).
  {
    const page = await (await browser.newContext()).newPage();
    await openWidget(page, server.url + '/');
    await page.waitForTimeout(500);
    const has = await page.evaluate(() => typeof document.querySelector('complaint-widget').stats === 'function');
    if (has) {
      const f0 = await page.evaluate(() => document.querySelector('complaint-widget').stats().frames);
      await page.waitForTimeout(5000);
      const f1 = await page.evaluate(() => document.querySelector('complaint-widget').stats().frames);
      report('frames drawn in 5 s idle', f1 - f0, 'frames', '0', f1 - f0 === 0);
    } else {
      report('frames drawn in 5 s idle', 'n/a', '', '0', false);
    }
    await page.context().close();
  }
  // 4. Frame CPU while typing Chinese (pinyin composition, then the committed characters) into the
  //    filing wizard's problem field, over the 600 frames stats() keeps; then 5. the rest of the
  //    filing through the UI (demand, contact, consent, submit) and the wasm heap once the receipt
  //    shows the acceptance number.
  {
    const context = await browser.newContext({viewport: {width: 390, height: 844}, deviceScaleFactor: 3,
                                              hasTouch: true, isMobile: true});
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const press = async (label, role) => {
      const t0 = Date.now();
      for (;;) {
        const it = (await registry(page)).find((i) => i.label === label && (!role || i.role === role) && !i.disabled);
        if (it) break;
        if (Date.now() - t0 > 15000) throw new Error(`bench: no "${label}" on the filing screen`);
        await page.waitForTimeout(50);
      }
      const it = (await registry(page)).find((i) => i.label === label && (!role || i.role === role));
      await tap(page, label, {role, touch: true, scroll: it.y < 844 - 90});
    };
    const waitHash = (h) => page.waitForFunction((x) => location.hash === x, h, {timeout: 15000});
    const type = async (label, text, pinyin) => {
      await press(label, 'textbox');
      if (pinyin) await cdp.send('Input.imeSetComposition', {text: pinyin, selectionStart: 1, selectionEnd: 1});
      await cdp.send('Input.insertText', {text});
    };
    await openWidgetPage(page, server.url, 'mode="file" lang="zh-CN"', 'bench-typing');
    await waitHash('#/file/1');
    await press('移动电话', 'radio');
    await press('费用争议', 'radio');
    await type('涉及的号码或账号', '13912345678');
    await press('昨天', 'radio');
    await press('下一步', 'button');
    await waitHash('#/file/2');
    await press('遇到的问题', 'textbox');
    // Everyday complaint text: many distinct characters, so new glyphs are rasterized while typing.
    const text = '本月账单多扣了三十元流量费请核查处理宽带每天晚上八点以后经常断线已经持续一周尽快修复并减免当月费用' +
                 '客服电话打不通营业厅说要等三个工作日才能答复套餐变更没有通知我合同里也没写清楚希望给个说法';
    const pinyin = ['ben', 'yue', 'zhang', 'dan', 'duo', 'kou', 'le', 'san', 'shi', 'yuan'];
    const f0 = (await stats(page)).frames;
    const t0 = Date.now();
    let typed = 0;
    let drawn = 0;
    while (drawn < 600 && Date.now() - t0 < 420000) {  // slow only on a loaded machine
      const ch = text[typed % text.length];
      await cdp.send('Input.imeSetComposition', {text: pinyin[typed % pinyin.length], selectionStart: 1, selectionEnd: 1});
      await cdp.send('Input.insertText', {text: ch});
      typed++;
      // Clear the field now and then: the form's fields have length limits, typing must keep landing.
      if (typed % 40 === 0) for (let i = 0; i < 40; ++i) await page.keyboard.press('Backspace');
      // Let the frame for this keystroke be drawn (two rAFs) so keystrokes are not coalesced.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      if (typed % 10 === 0) drawn = (await stats(page)).frames - f0;  // stats() costs a JSON round trip
    }
    const s = await stats(page);
    const frames = s.frames - f0;
    console.log(`typing: ${typed} characters into the filing form's 遇到的问题, ${frames} frames, ${s.glyphs} glyphs in the atlas`);
    report('frame CPU typing Chinese, median (600 frames)', frames >= 600 ? s.frameCpuMs.median.toFixed(2) : 'n/a',
           'ms', '<= 2 ms', frames >= 600 && s.frameCpuMs.median <= 2);
    report('frame CPU typing Chinese, p95', s.frameCpuMs.p95.toFixed(2), 'ms', '-', null);

    // 5. The rest of the filing, then the heap with the receipt on screen.
    await type('遇到的问题', '本月话费账单多扣了三十元流量费，我并没有使用这些流量', 'benyue');
    await type('您的诉求', '退还多扣的三十元', 'tuihuan');
    await press('下一步', 'button');
    await waitHash('#/file/3');
    await type('姓名', '王小明', 'wangxiaoming');
    await type('联系电话', '13912345678');
    await press('短信', 'radio');
    await press('下一步', 'button');
    await waitHash('#/file/4');
    await press('下一步', 'button');
    await waitHash('#/file/5');
    await press('我已阅读并同意《个人信息保护说明》', 'checkbox');
    await press('提交投诉', 'button');
    await waitHash('#/file/done');
    await page.waitForFunction(() => document.querySelector('complaint-widget')._registry()
      .some((i) => /^TS-\d{6}-[0-9A-Z]{8}-[0-9A-Z]$/.test(i.label)), null, {timeout: 20000});
    const after = await stats(page);
    report('wasm heap after a full filing', (after.heapBytes / 1048576).toFixed(1), 'MB', '-', null);
    await context.close();
  }
  // 6. The headless client: 500 filings queued while offline, then the time to flush them all.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('**/__bench.html', (r) => r.fulfill({contentType: 'text/html', body: '<!doctype html><title>b</title>'}));
    await page.goto(server.url + '/__bench.html');
    await page.evaluate(async () => {
      const {createClient} = await import('/complaint-client.js');
      window.c = await createClient({storage: 'memory', timeoutMs: 5000, retry: {baseMs: 1, maxMs: 5}});
    });
    await context.setOffline(true);
    const queued = await page.evaluate(async () => {
      const f = {business_type: 'mobile', category: 'billing', occurred_at: new Date(Date.now() - 86400000).toISOString(),
                 service_number: '13912345678', problem: '本月账单多扣了三十元流量费，请核查处理。', demand: '退还多扣的费用',
                 customer: {name: '王小明', phone: '13912345678', reply_method: 'sms'}, consent: true};
      const answers = await Promise.all(Array.from({length: 500}, () => window.c.fileComplaint({...f})));
      return answers.filter((a) => a.queued).length;
    });
    await context.setOffline(false);
    const out = await page.evaluate(async () => {
      const t0 = performance.now();
      let passes = 0;
      while ((await window.c.pending()).length && passes < 1000) { await window.c.flush(); passes++; }
      return {ms: performance.now() - t0, left: (await window.c.pending()).length, passes};
    });
    console.log(`client: ${queued} of 500 queued offline; flushed in ${out.passes} passes, ${out.left} left`);
    const ok = queued === 500 && out.left === 0;
    report('client: flush 500 queued filings', ok ? (out.ms / 1000).toFixed(2) : 'n/a', 's', '-', ok ? null : false);
    report('client: per filing', ok ? (out.ms / 500).toFixed(2) : 'n/a', 'ms', '-', ok ? null : false);
    await context.close();
  }
  // 7. The launcher facade (issue 25 item 2) on the demo home page, before any intent: its size as
  //    served, what the page fetched besides it (budget: nothing of the widget), and the launcher's
  //    own script time inside long animation frames (Chromium's LoAF attributes each script: no long
  //    task of its own, as tests/e2e/launcher.test.mjs asserts).
  {
    const br = readFileSync(path.join(ROOT, 'dist/web/complaint-launcher.js.br')).length;
    report('launcher complaint-launcher.js, brotli', (br / 1024).toFixed(2), 'KB', '<= 3 KB', br <= 3072);
    const costs = [], loads = [];
    let widgetBytes = [];
    for (let i = 0; i < 5; ++i) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const fetched = [];
      page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
      await page.addInitScript(() => {
        window.__launcherMs = 0;
        new PerformanceObserver((l) => {
          for (const f of l.getEntries())
            for (const sc of f.scripts || []) if (/complaint-launcher\.js$/.test(sc.sourceURL)) window.__launcherMs += sc.duration;
        }).observe({type: 'long-animation-frame', buffered: true});
      });
      await page.goto(server.url + '/demo/launcher.html', {waitUntil: 'load'});
      await page.getByRole('button', {name: '投诉与建议'}).waitFor({timeout: 15000});
      await page.waitForTimeout(300);
      costs.push(await page.evaluate(() => window.__launcherMs));
      loads.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventStart));
      widgetBytes = fetched.filter((p) => /complaint-widget\.js|cw_widget|cw_client|a11y\.js|\.wasm$/.test(p));
      await context.close();
    }
    report('launcher page: widget files fetched before intent', widgetBytes.length, 'files', '0', widgetBytes.length === 0);
    // A long task is one over 50 ms: the launcher's own share of any long frame stays under that.
    report('launcher page: launcher script in long frames (max of 5)', Math.max(...costs).toFixed(1), 'ms', '< 50 ms',
           Math.max(...costs) < 50);
    report('launcher page: navigation → load (median of 5)', median(loads).toFixed(0), 'ms', '-', null);
  }
} finally {
  await browser.close();
  await server.stop();
}

const w = Math.max(...rows.map((r) => r.name.length));
console.log('\n' + 'figure'.padEnd(w) + '  value        budget       verdict');
for (const r of rows) {
  console.log(`${r.name.padEnd(w)}  ${(String(r.value) + ' ' + r.unit).padEnd(12)} ${String(r.budget).padEnd(12)} ${r.verdict}`);
}
console.log(`machine: ${(await import('node:os')).cpus()[0].model}, ${(await import('node:os')).cpus().length} cores, shared with other engineers' builds`);
process.exitCode = rows.some((r) => r.verdict === 'FAIL') ? 1 : 0;
