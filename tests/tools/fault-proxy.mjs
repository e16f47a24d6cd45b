// tests/tools/fault-proxy.mjs — a fault-injecting HTTP proxy for sync tests: forwards to a loopback
// server and, at set rates, drops, delays, fails (500/503/429), truncates or duplicates requests, or
// answers the client with malformed JSON or a 20 MB body (BAD_ANSWERS, only when asked for by name).
//
// Library: `const p = await startFaultProxy({target, rates, seed, delayMs, retryAfter, match})`
//   → {url, stats, log, setRates(rates), setTarget(url), close()}. stats.unreachable counts requests
//   the target did not answer (e.g. while it is killed and restarted).
// CLI:     node tests/tools/fault-proxy.mjs --target http://127.0.0.1:8080 [--rate 0.3] [--seed 1]
// Bounded on purpose: loopback only (both ends), bodies ≤ 8 MB, ≤ 256 open connections, delays ≤ 30 s,
// so a test that goes wrong cannot turn it into a load generator or an open relay.
import http from 'node:http';
import {fileURLToPath} from 'node:url';

export const FAULTS = ['dropBefore', 'dropAfter', 'delay', 'status500', 'status503', 'status429', 'truncate',
                       'duplicate'];
// Answers that reach the server but come back broken: the server did the work, the client must not
// trust (or crash on) what it got, and its retry with the same key must not file twice.
export const BAD_ANSWERS = ['malformed', 'huge'];
const HUGE_ANSWER_BYTES = 20 * 1024 * 1024;
const MAX_BODY = 8 * 1024 * 1024;
const MAX_SOCKETS = 256;
const MAX_DELAY_MS = 30000;

// Spreads a total fault rate over every kind, weighted so the common real-world ones dominate.
export function spreadRates(total) {
  const w = {dropBefore: 3, dropAfter: 3, delay: 1, status500: 2, status503: 1, status429: 1, truncate: 1.5,
             duplicate: 1.5};
  const sum = Object.values(w).reduce((a, b) => a + b, 0);
  return Object.fromEntries(FAULTS.map((f) => [f, (total * w[f]) / sum]));
}

// mulberry32: a seeded generator, so a failing run can be replayed with the same faults.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isLoopback(host) {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * @param {{target: string, rates?: Object<string, number>, seed?: number, delayMs?: number,
 *          retryAfter?: number, match?: (req: http.IncomingMessage) => boolean, port?: number}} o
 */
export async function startFaultProxy(o) {
  let target = new URL(o.target);
  if (!isLoopback(target.hostname)) throw new Error('fault-proxy forwards to loopback only');
  let rates = {...(o.rates || {})};
  const random = rng(o.seed ?? 1);
  const delayMs = Math.min(o.delayMs ?? 3000, MAX_DELAY_MS);
  const retryAfter = o.retryAfter ?? 1;
  // By default only the API is faulted: the page and its modules must load.
  const match = o.match || ((req) => req.url.startsWith('/api/'));
  const stats = Object.fromEntries([['requests', 0], ['forwarded', 0], ['clean', 0], ...FAULTS.map((f) => [f, 0])]);
  const log = [];  // {method, path, key, fault} for every matched request (bounded)

  function pick() {
    let r = random();
    for (const f of [...FAULTS, ...BAD_ANSWERS]) {
      r -= rates[f] || 0;
      if (r < 0) return f;
    }
    return null;
  }

  function forward(req, body) {
    return new Promise((resolve) => {
      const headers = {...req.headers, host: target.host};
      const up = http.request({host: target.hostname, port: target.port, method: req.method, path: req.url, headers},
                              (res) => {
        const chunks = [];
        let size = 0;
        res.on('data', (c) => {
          size += c.length;
          if (size <= MAX_BODY) chunks.push(c);
        });
        res.on('end', () => resolve({status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks)}));
        res.on('error', () => resolve(null));
      });
      up.on('error', () => {
        stats.unreachable = (stats.unreachable || 0) + 1;
        resolve(null);
      });
      stats.forwarded++;
      up.end(body);
    });
  }

  function send(res, answer) {
    if (!answer) {
      res.destroy();
      return;
    }
    const headers = {...answer.headers};
    delete headers['transfer-encoding'];
    headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  const server = http.createServer(async (req, res) => {
    if (!isLoopback(req.socket.remoteAddress.replace(/^::ffff:/, ''))) {
      res.writeHead(403).end();
      return;
    }
    const chunks = [];
    let size = 0;
    for await (const c of req) {
      size += c.length;
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(c);
    }
    const body = Buffer.concat(chunks);
    stats.requests++;
    const faulted = match(req);
    const fault = faulted ? pick() : null;
    if (faulted) {
      stats[fault || 'clean'] = (stats[fault || 'clean'] || 0) + 1;
      if (log.length < 100000) {
        log.push({method: req.method, path: req.url, key: req.headers['idempotency-key'] || null, fault,
                  at: Date.now(), port: req.socket.remotePort});
      }
    }
    switch (fault) {
      case 'dropBefore':
        req.socket.destroy();
        return;
      case 'dropAfter':
        await forward(req, body);
        req.socket.destroy();
        return;
      case 'delay':
        // Past the client's timeout: it aborts and retries while this one still reaches the server.
        await new Promise((r) => setTimeout(r, delayMs));
        send(res, await forward(req, body));
        return;
      case 'status500':
        res.writeHead(500, {'content-type': 'text/plain'}).end('injected fault');
        return;
      case 'status503':
        res.writeHead(503, {'content-type': 'application/json'}).end('{"error":{"code":"server.unavailable"}}');
        return;
      case 'status429':
        res.writeHead(429, {'content-type': 'application/json', 'retry-after': String(retryAfter)})
            .end('{"error":{"code":"http.rate_limited"}}');
        return;
      case 'truncate': {
        const a = await forward(req, body);
        if (!a) return res.destroy();
        const headers = {...a.headers};
        delete headers['transfer-encoding'];
        headers['content-length'] = String(a.body.length);  // promise all of it, send half, hang up
        res.writeHead(a.status, headers);
        res.write(a.body.subarray(0, Math.floor(a.body.length / 2)));
        setTimeout(() => res.destroy(), 5);
        return;
      }
      case 'malformed': {
        const a = await forward(req, body);
        if (!a) return res.destroy();
        // The right status, then JSON that stops in the middle of a string with a stray byte.
        res.writeHead(a.status, {'content-type': 'application/json'});
        res.end(a.body.subarray(0, Math.floor(a.body.length / 2)).toString('latin1') + '\u0000"}{,');
        return;
      }
      case 'huge': {
        const a = await forward(req, body);
        if (!a) return res.destroy();
        // 20 MB of a valid-looking answer: one enormous string where the number should be.
        const head = Buffer.from('{"acceptance_no":"');
        const big = Buffer.alloc(HUGE_ANSWER_BYTES, 0x41);
        head.copy(big);
        big.write('"}', HUGE_ANSWER_BYTES - 2);
        res.writeHead(a.status, {'content-type': 'application/json', 'content-length': String(big.length)});
        res.end(big);
        return;
      }
      case 'duplicate': {
        // Both copies at once: the server must make the second wait for the first (DESIGN §4).
        const [a] = await Promise.all([forward(req, body), forward(req, body)]);
        send(res, a);
        return;
      }
      default:
        send(res, await forward(req, body));
    }
  });
  server.maxConnections = MAX_SOCKETS;
  server.keepAliveTimeout = 2000;
  await new Promise((resolve) => server.listen(o.port || 0, '127.0.0.1', resolve));
  const {port} = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    log,
    setRates(r) { rates = {...r}; },
    setTarget(url) {
      const t = new URL(url);
      if (!isLoopback(t.hostname)) throw new Error('fault-proxy forwards to loopback only');
      target = t;
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
  };
}

// CLI: a proxy for manual testing of the demo pages.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf('--' + name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const p = await startFaultProxy({
    target: arg('target', 'http://127.0.0.1:8080'), rates: spreadRates(Number(arg('rate', '0.3'))),
    seed: Number(arg('seed', '1')), delayMs: Number(arg('delay', '3000')), port: Number(arg('port', '0')),
  });
  console.log(`fault proxy on ${p.url} → ${arg('target', 'http://127.0.0.1:8080')}`);
  process.on('SIGINT', () => { console.log(JSON.stringify(p.stats)); process.exit(0); });
}
