// deploy/notify-receiver/receiver.mjs — a sample receiver for complaint-server's webhook notifier
// (DESIGN §4 Notifier, docs/OPERATIONS.md "Messages to customers"). Node 18+, no dependencies.
//
// It does the three things every receiver must do:
//   1. verify X-Complaint-Signature (sha256=<hex HMAC-SHA256 of the raw body>, key = the secret file's
//      content with surrounding whitespace trimmed), and refuse anything else with 401;
//   2. dedupe by `id` (the server delivers at least once: a retry after a lost answer, a restart, or
//      a kill -9 mid-delivery sends the same message again, always under the same id);
//   3. hand the message to the operator's gateway by `channel` (sms / voice / email), and answer 2xx
//      only once the gateway took it — any other answer makes the server retry (with backoff, for 5
//      minutes for lookup codes and 24 hours for the rest).
//
//   NOTIFY_SECRET_FILE=/etc/complaints/webhook.secret PORT=9090 SEEN_FILE=/var/lib/notify/seen.log \
//     node deploy/notify-receiver/receiver.mjs
//   complaint-server serve --notify-webhook http://127.0.0.1:9090/hook \
//     --notify-secret-file /etc/complaints/webhook.secret --public-origin https://complaints.example.com
import {createHmac, timingSafeEqual} from 'node:crypto';
import {appendFileSync, existsSync, readFileSync} from 'node:fs';
import {createServer} from 'node:http';

const secret = readFileSync(process.env.NOTIFY_SECRET_FILE ?? 'webhook.secret', 'utf8').trim();
const port = Number(process.env.PORT ?? 9090);
const seenFile = process.env.SEEN_FILE ?? 'notify-seen.log';
const maxBody = 64 * 1024;

// Ids already handed over, kept in a file so a restart of the receiver does not send twice either.
// (A real deployment would keep them in its database, with the hand-off in the same transaction.)
const seen = new Set(existsSync(seenFile) ? readFileSync(seenFile, 'utf8').split('\n').filter(Boolean) : []);

export function signatureOk(body, header) {
  const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(body).digest('hex'));
  const got = Buffer.from(String(header ?? ''));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

// Where the operator's own gateways go. Each returns once the gateway accepted the message and
// throws when it did not (the server then retries). Log ids and kinds only: the text may hold a
// one-time code or a survey link, and `to` is personal data.
const gateways = {
  async sms(msg) {
    // e.g. await smsApi.send({phone: msg.to.phone, sign: '投诉服务', content: msg.text});
    console.log(JSON.stringify({event: 'sms', id: msg.id, kind: msg.kind}));
  },
  async voice(msg) {
    // e.g. await voiceApi.call({phone: msg.to.phone, tts: msg.text, lang: msg.lang});
    console.log(JSON.stringify({event: 'voice', id: msg.id, kind: msg.kind}));
  },
  async email(msg) {
    // e.g. await smtp.sendMail({to: msg.to.email, subject: msg.acceptance_no, text: msg.text});
    console.log(JSON.stringify({event: 'email', id: msg.id, kind: msg.kind}));
  },
};

async function handle(req, res) {
  if (req.method !== 'POST') return answer(res, 405);
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > maxBody) return answer(res, 413);
    chunks.push(c);
  }
  const body = Buffer.concat(chunks);
  if (!signatureOk(body, req.headers['x-complaint-signature'])) return answer(res, 401);
  let msg;
  try {
    msg = JSON.parse(body.toString('utf8'));
  } catch {
    return answer(res, 400);
  }
  if (msg.id !== req.headers['x-complaint-delivery']) return answer(res, 400);
  if (seen.has(msg.id)) return answer(res, 200, {duplicate: true});  // already handed over
  const gateway = gateways[msg.channel];
  if (!gateway) return answer(res, 422);
  try {
    await gateway(msg);
  } catch (e) {
    console.error(JSON.stringify({event: 'gateway_failed', id: msg.id, error: String(e?.message ?? e)}));
    return answer(res, 503);  // the server retries with the same id
  }
  seen.add(msg.id);
  appendFileSync(seenFile, msg.id + '\n');
  return answer(res, 200, {duplicate: false});
}

function answer(res, status, body = {}) {
  res.writeHead(status, {'Content-Type': 'application/json'});
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => answer(res, 500));
});
server.listen(port, '127.0.0.1', () => console.log(`receiver on http://127.0.0.1:${server.address().port}/hook`));
