// tests/tools/reliability-table.mjs — reads the figures the reliability tests wrote to
// build/test-artefacts/reliability/*.json (fault matrix, fuzzers, hostile input, security) and prints
// ONE markdown table. Exit status 1 when anything was lost, duplicated or crashed, or a part is missing.
// Used by scripts/reliability; `node tests/tools/reliability-table.mjs [DIR]`.
import {readdirSync, readFileSync, existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = process.argv[2] || path.join(ROOT, 'build/test-artefacts/reliability');
const read = (f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];

const rows = [];  // [part, case, tried, filed, lost, duplicated, crashes, answered]
let bad = 0;
const missing = [];
const row = (r) => rows.push(r.map((x) => (x === undefined || x === null ? '' : String(x))));

// Fault matrix (tests/e2e/faults.test.mjs).
const faults = files.filter((f) => f.startsWith('faults-'));
if (!faults.length) missing.push('fault matrix (faults-*.json)');
const total = {injected: 0, filed: 0, lost: 0, duplicated: 0};
for (const f of faults) {
  const j = read(f);
  const name = f.slice('faults-'.length, -'.json'.length);
  total.injected += j.faults_injected || 0;
  total.filed += j.filed || 0;
  total.lost += j.lost || 0;
  total.duplicated += j.duplicated || 0;
  bad += (j.lost || 0) + (j.duplicated || 0);
  const notes = {kill9: `SIGKILL after ${j.filed_before_kill} of ${j.filed} filed; restart`,
                 'clock-skew': `server clock ${(j.offsets || []).map((o) => (o > 0 ? '+' : '') + o / 60 + ' min').join(', ')}`,
                 'bad-answers': Object.entries(j.answers || {}).map(([k, v]) => `${k} ×${v}`).join(', '),
                 'two-tabs': 'one profile, two tabs, 30 % faults'};
  row(['fault matrix', name, `${j.faults_injected} faults`, j.filed, j.lost, j.duplicated, '', notes[name] || '']);
}

// Fuzzers (scripts/fuzz).
if (files.includes('fuzz.json')) {
  const j = read('fuzz.json');
  let execs = 0, crashes = 0;
  for (const t of j.targets) {
    execs += t.executions;
    crashes += t.crashes;
    bad += t.crashes + (t.ok ? 0 : 1);
    row(['fuzz', t.target, `${t.executions} runs (${j.seconds_each} s)`, '', '', '', t.crashes, t.ok ? 'ok' : 'FAILED']);
  }
  total.execs = execs;
  total.crashes = crashes;
} else {
  missing.push('fuzzers (fuzz.json)');
}

// Hostile input (tests/server/hostile_test.cpp).
const hostile = files.filter((f) => f.startsWith('hostile-'));
if (!hostile.length) missing.push('hostile input (hostile-*.json)');
let tried = 0;
for (const f of hostile) {
  for (const t of read(f).tried) {
    tried += t.count || 1;
    const answer = [t.status, t.code].filter(Boolean).join(' ') +
                   (t.count ? ` ×${t.count}` : '') + (t.max_ms ? ` after ${t.min_ms}–${t.max_ms} ms` : '');
    if (typeof t.status === 'number' && (t.status >= 500 || t.status < 0)) bad++;
    row(['hostile input', t.input, t.count || 1, '', '', '', '', answer]);
  }
}
total.hostile = tried;

// Security (tests/server/security_test.cpp).
if (files.includes('security.json')) {
  const s = read('security.json');
  row(['security', 'random well-formed numbers on POST /lookup', s.lookup.tried, '', '', '', '',
       `202 ×${s.lookup.answered_202}, 429 ×${s.lookup.answered_429}; ${s.lookup.distinguishable_answers} ` +
       'answers tell existing from missing']);
  row(['security', 'staff routes: no token, bogus token, customer token, agent escalating', 4, '', '', '', '',
       `${s.staff.no_token}, ${s.staff.bogus_token}, ${s.staff.customer_token}, ${s.staff.agent_escalating}`]);
  row(['security', 'survey: first, same key again, token reused, other complaint, after 15 days', 5, '', '', '', '',
       `${s.survey.first}, ${s.survey.same_key_again}, ${s.survey.reused}, ${s.survey.other_complaint}, ` +
       `${s.survey.after_15_days}`]);
  row(['security', 'disallowed and null CORS origins', 3, '', '', '', '',
       `${s.cors.disallowed_origin_allow_headers} allow headers`]);
  row(['security', 'server log of the run scanned for phones, names, codes, tokens, numbers',
       s.log.secrets_checked, '', '', '', '', `${s.log.secrets_found} found in ${s.log.lines} lines`]);
  bad += s.lookup.distinguishable_answers + s.log.secrets_found + s.cors.disallowed_origin_allow_headers;
  if (s.lookup.answered_429 === 0) bad++;
} else {
  missing.push('security (security.json)');
}

row(['**total**', '', `${total.injected} faults, ${total.execs ?? 0} fuzz runs, ${total.hostile} hostile inputs`,
     total.filed, total.lost, total.duplicated, total.crashes ?? '', bad || missing.length ? 'FAILED' : 'ok']);

const head = ['part', 'case', 'injected / tried', 'filed', 'lost', 'duplicated', 'crashes', 'answered'];
const esc = (s) => s.replace(/\|/g, '\\|');
console.log('| ' + head.join(' | ') + ' |');
console.log('|' + head.map(() => '---').join('|') + '|');
for (const r of rows) console.log('| ' + r.map(esc).join(' | ') + ' |');
for (const m of missing) console.log(`missing: ${m}`);
process.exit(bad || missing.length ? 1 : 0);
