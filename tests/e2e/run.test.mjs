// tests/e2e/run.test.mjs — the README's first command: `./scripts/run` with no arguments serves the
// demo in dev mode on http://127.0.0.1:8080 with var/complaints.db; `./scripts/run ARGS` passes ARGS.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {ROOT, launchBrowser, watchPage, openWidget, screenshot, distinctColours} from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// Starts ./scripts/run ARGS; resolves with the URL of its `listening on` line. The script runs
// setup and an incremental build first (nothing to do after the build stages), then execs the server.
async function run(args) {
  const proc = spawn(path.join(ROOT, 'scripts/run'), args, {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']});
  const err = [];
  const out = [];
  proc.stderr.on('data', (d) => err.push(d.toString()));
  const lines = createInterface({input: proc.stdout});
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('scripts/run did not start: ' + err.join(''))), 300000);
    lines.on('line', (line) => {
      out.push(line);
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('exit', (code) => reject(new Error(`scripts/run exited ${code}: ${out.join('\n')}${err.join('')}`)));
  });
  return {
    url, err, out,
    async stop() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    },
  };
}

test('bare ./scripts/run serves the demo on 127.0.0.1:8080 with var/complaints.db, in dev mode', async () => {
  const srv = await run([]);
  try {
    assert.equal(srv.url, 'http://127.0.0.1:8080');
    assert.match(srv.err.join(''), /dev mode/, 'it warns that dev mode shows the codes');
    assert.ok(existsSync(path.join(ROOT, 'var/complaints.db')), 'the database is var/complaints.db');
    const dev = await fetch(srv.url + '/api/v1/dev/messages?to=13900000000');
    assert.equal(dev.status, 200, 'the dev notifier is on');
    // The staff workbench's demo token (issue 24 item 7): printed, and the server knows it.
    const printed = /staff workbench: (\S+) .* \(dev only\): (\S+)/.exec(srv.err.join(''));
    assert.ok(printed, 'it prints a token for the workbench: ' + srv.err.join(''));
    assert.equal(printed[1], 'http://127.0.0.1:8080/staff/');
    const me = await fetch(srv.url + '/api/v1/staff/me', {headers: {Authorization: 'Bearer ' + printed[2]}});
    assert.equal(me.status, 200);
    assert.equal((await me.json()).role, 'supervisor');
    const context = await browser.newContext({viewport: {width: 390, height: 844}});
    const page = await context.newPage();
    const problems = watchPage(page);
    await openWidget(page, srv.url + '/');
    const file = await screenshot(page, 'run-demo');
    assert.ok(await distinctColours(page, await page.screenshot()) > 8, `${file} looks blank`);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await srv.stop();
  }
});

test('./scripts/run ARGS passes them to complaint-server (port 0, another database, no dev mode)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-run-'));
  const db = path.join(dir, 'c.db');
  const srv = await run(['serve', '--listen', '127.0.0.1:0', '--db', db]);
  try {
    assert.match(srv.url, /^http:\/\/127\.0\.0\.1:(\d+)$/);
    assert.notEqual(srv.url, 'http://127.0.0.1:0', 'port 0 picked a free port');
    assert.equal((await fetch(srv.url + '/api/v1/healthz')).status, 200);
    assert.ok(existsSync(db), 'the database is where --db says');
    const dev = await fetch(srv.url + '/api/v1/dev/messages?to=13900000000');
    assert.equal(dev.status, 404, 'no dev notifier without --dev');
  } finally {
    await srv.stop();
    rmSync(dir, {recursive: true, force: true});
  }
});
