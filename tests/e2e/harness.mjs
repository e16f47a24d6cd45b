// tests/e2e/harness.mjs — shared helpers for the browser tests: a real complaint-server on a free
// loopback port, a real headless Chromium (playwright-core + /usr/bin/chromium), artefacts.
import {spawn} from 'node:child_process';
import {mkdtempSync, mkdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createInterface} from 'node:readline';
import {chromium} from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTEFACTS = path.join(ROOT, 'build', 'test-artefacts');
export const SERVER_BIN = process.env.CW_SERVER_BIN || path.join(ROOT, 'build/native/server/complaint-server');

// Starts complaint-server on 127.0.0.1:0 and resolves once it printed `listening on URL`.
export async function startServer(extraArgs = [], {dbDir} = {}) {
  const dir = dbDir || mkdtempSync(path.join(tmpdir(), 'cw-e2e-'));
  const args = ['serve', '--listen', '127.0.0.1:0', '--db', path.join(dir, 'complaints.db'),
                '--static', path.join(ROOT, 'dist/web'), ...extraArgs];
  const proc = spawn(SERVER_BIN, args, {stdio: ['ignore', 'pipe', 'pipe']});
  const log = [];
  proc.stderr.on('data', (d) => log.push(d.toString()));
  const lines = createInterface({input: proc.stdout});
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start: ' + log.join(''))), 10000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      m ? resolve(m[1]) : reject(new Error('unexpected first line: ' + line));
    });
    proc.once('exit', (code) => reject(new Error(`server exited ${code}: ${log.join('')}`)));
  });
  lines.on('line', (l) => log.push(l + '\n'));
  return {
    url, proc, dir, log,
    async stop({keepDir = false} = {}) {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      if (!keepDir && !dbDir) rmSync(dir, {recursive: true, force: true});
    },
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
];

export async function launchBrowser() {
  return chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
}

// Collects console errors and page errors so a test can assert there were none.
export function watchPage(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  return problems;
}

// Opens `url` and resolves with the time (ms) when `complaint:ready` fired on the document.
export async function openWidget(page, url) {
  await page.addInitScript(() => {
    window.__cwEvents = [];
    for (const t of ['ready', 'error', 'submitted', 'queued', 'status', 'survey-submitted']) {
      document.addEventListener('complaint:' + t, (e) => window.__cwEvents.push({type: e.type, detail: e.detail}));
    }
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__cwEvents.some((e) => e.type === 'complaint:ready'), null,
                             {timeout: 20000});
}

export async function screenshot(page, name) {
  mkdirSync(ARTEFACTS, {recursive: true});
  const file = path.join(ARTEFACTS, name + '.png');
  await page.screenshot({path: file});
  return file;
}

// Counts distinct colours in a PNG screenshot by decoding it in the page (no PNG library needed).
export async function distinctColours(page, pngBuffer) {
  return page.evaluate(async (b64) => {
    // Decoded without fetch(): the pages are served with a CSP whose connect-src forbids data: URLs.
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const blob = new Blob([bytes], {type: 'image/png'});
    const bmp = await createImageBitmap(blob);
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext('2d');
    g.drawImage(bmp, 0, 0);
    const d = g.getImageData(0, 0, bmp.width, bmp.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 16) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, pngBuffer.toString('base64'));
}
