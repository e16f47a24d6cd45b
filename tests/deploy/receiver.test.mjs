// tests/deploy/receiver.test.mjs — the sample webhook receiver (deploy/notify-receiver) as a real
// process: it accepts a signed delivery once, answers a repeated id as a duplicate without a second
// hand-off, and refuses a bad signature or an id that is not the body's.
import {spawn} from 'node:child_process';
import {createHmac} from 'node:crypto';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import assert from 'node:assert/strict';

const root = new URL('../../', import.meta.url).pathname;

test('the sample receiver verifies signatures and dedupes by id', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-receiver-'));
  writeFileSync(join(dir, 'secret'), '  k3y \n');
  const child = spawn(process.execPath, [join(root, 'deploy/notify-receiver/receiver.mjs')], {
    env: {...process.env, NOTIFY_SECRET_FILE: join(dir, 'secret'), PORT: '0', SEEN_FILE: join(dir, 'seen.log')},
  });
  try {
    let out = '';
    const url = await new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/receiver on (http:\/\/\S+)/);
        if (m) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error('receiver exited: ' + out)));
    });
    const msg = {id: 'n_0123456789abcdef01234567', kind: 'status', acceptance_no: 'X', to: {phone: '13912345678', email: null},
      channel: 'sms', lang: 'zh-CN', text: '【投诉服务】…', created_at: '2026-12-05T10:00:00+08:00'};
    const body = JSON.stringify(msg);
    const sig = 'sha256=' + createHmac('sha256', 'k3y').update(body).digest('hex');
    const post = (b, s, id = msg.id) => fetch(url, {method: 'POST', body: b,
      headers: {'Content-Type': 'application/json', 'X-Complaint-Delivery': id, 'X-Complaint-Signature': s}});
    let r = await post(body, sig);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), {duplicate: false});
    r = await post(body, sig);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), {duplicate: true});
    assert.equal((await post(body, 'sha256=' + '0'.repeat(64))).status, 401);
    assert.equal((await post(body + ' ', sig)).status, 401);
    assert.equal((await post(body, sig, 'n_other')).status, 400);
    const handOffs = out.split('\n').filter((l) => l.includes('"event":"sms"'));
    assert.equal(handOffs.length, 1, 'handed to the SMS gateway once: ' + out);
    assert.ok(!out.includes('13912345678'), 'no phone in the receiver log');
  } finally {
    child.kill();
  }
});
