// tests/e2e/client_api.test.mjs — the headless client's contract (core/client_api.h) against what
// the JS side has: web/complaint-client.js's methods, complaint-client.d.ts's ComplaintClient, the
// element's own methods in web/complaint-widget.js, and the commands complaint-client.js sends to the
// module. The screens and the module's dispatcher use the table's enums, so the compiler checks them.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {ROOT} from './harness.mjs';

const read = (f) => readFileSync(path.join(ROOT, f), 'utf8');
const header = read('core/client_api.h');
// The JS names of one X-macro table of the header.
function table(name) {
  const start = header.indexOf(`#define ${name}(X)`);
  assert.ok(start >= 0, `${name} in core/client_api.h`);
  const body = header.slice(start, header.indexOf('\n\n', start));
  return [...body.matchAll(/X\(\w+, "([\w-]+)"(?:, \w+)?\)/g)].map((m) => m[1]).sort();
}
// JS name → C++ answer type of CW_CLIENT_METHODS.
function answers() {
  const start = header.indexOf('#define CW_CLIENT_METHODS(X)');
  const body = header.slice(start, header.indexOf('\n\n', start));
  return new Map([...body.matchAll(/X\(\w+, "(\w+)", (\w+)\)/g)].map((m) => [m[1], m[2]]));
}
const sorted = (xs) => [...new Set(xs)].sort();

test('complaint-client.js has exactly the methods of CW_CLIENT_METHODS (besides on and close)', () => {
  const js = read('web/complaint-client.js');
  const api = js.slice(js.indexOf('return {', js.indexOf('async meta()') - 200));
  const methods = [...api.matchAll(/^ {4}(?:async )?(\w+)\(/gm)].map((m) => m[1]).filter((n) => n !== 'on' && n !== 'close');
  assert.deepEqual(sorted(methods), table('CW_CLIENT_METHODS'));
});

test('complaint-client.d.ts declares exactly those methods on ComplaintClient', () => {
  const dts = read('web/complaint-client.d.ts');
  const body = dts.slice(dts.indexOf('export interface ComplaintClient {'));
  const iface = body.slice(0, body.indexOf('\n}'));
  const methods = [...iface.matchAll(/^ {2}(\w+)(?:<[^>]*>)?\(/gm)].map((m) => m[1]).filter((n) => n !== 'on' && n !== 'close');
  assert.deepEqual(sorted(methods), table('CW_CLIENT_METHODS'));
});

test('the element answers exactly CW_ELEMENT_METHODS itself and passes the rest to the client', () => {
  const js = read('web/complaint-widget.js');
  const data = js.slice(js.indexOf('async _data('), js.indexOf('_withFiles('));
  const own = [...data.matchAll(/method === '(\w+)'/g)].map((m) => m[1]).filter((n) => n !== 'on' && n !== 'close');
  assert.deepEqual(sorted(own), table('CW_ELEMENT_METHODS'));
});

test('complaint-client.js sends only CW_CLIENT_COMMANDS, and each of them', () => {
  const js = read('web/complaint-client.js');
  const sent = [...js.matchAll(/\{cmd: '(\w+)'/g)].map((m) => m[1]);
  assert.deepEqual(sorted(sent), table('CW_CLIENT_COMMANDS'));
});

// Events: the engine emits core/client_api.h's enum (the compiler checks core/sync.cpp and the
// screens); the JS lists that offer them to hosts and forward them to the screens are checked here.
test('the client events of CW_CLIENT_EVENTS are what on() offers, the .d.ts types and the element forwards', () => {
  const events = table('CW_CLIENT_EVENTS');
  assert.ok(events.length >= 12, `${events.length} events`);
  const listOf = (js, name) => {
    const m = js.match(new RegExp(`const ${name} = (?:new Set\\()?\\[([^\\]]*)\\]`));
    assert.ok(m, name);
    return [...m[1].matchAll(/'([\w-]+)'/g)].map((x) => x[1]);
  };
  const client = read('web/complaint-client.js');
  assert.deepEqual(sorted(listOf(client, 'HOST_EVENTS')), events, 'complaint-client.js HOST_EVENTS (on())');
  const dts = read('web/complaint-client.d.ts');
  const body = dts.slice(dts.indexOf('export interface ClientEvents {'));
  const iface = body.slice(0, body.indexOf('\n}'));
  const declared = [...iface.matchAll(/^ {2}'?([\w-]+)'?: /gm)].map((m) => m[1]);
  assert.deepEqual(sorted(declared), events, 'complaint-client.d.ts ClientEvents');
  const widget = read('web/complaint-widget.js');
  assert.deepEqual(sorted(listOf(widget, 'CLIENT_EVENTS')), events, 'complaint-widget.js CLIENT_EVENTS (to the screens)');
  // The element's complaint:* events (DESIGN §6) are client events too.
  for (const e of listOf(widget, 'HOST_EVENTS')) assert.ok(events.includes(e), `complaint:${e} is a client event`);
  // Every event name complaint-client.js and its module's library test for is declared somewhere.
  const all = [...events, ...table('CW_ENGINE_EVENTS'), ...table('CW_ELEMENT_EVENTS')];
  for (const js of [client, read('wasm/js/library_cw_sync.js')]) {
    for (const m of js.matchAll(/type === '([\w-]+)'|\['onEvent'\]\('([\w-]+)'/g)) {
      const name = m[1] || m[2];
      assert.ok(all.includes(name), `'${name}' is in a table`);
    }
  }
  for (const [, name] of widget.matchAll(/cwDataEvent\('([\w-]+)'/g)) {
    assert.ok(table('CW_ELEMENT_EVENTS').includes(name), `the element's '${name}' is in CW_ELEMENT_EVENTS`);
  }
});

// The answer types the screens decode (core/client_api.h) are the ones the .d.ts promises hosts:
// a change of one without the other fails here.
test('complaint-client.d.ts promises each method the answer type of its row', () => {
  const dts = read('web/complaint-client.d.ts');
  const body = dts.slice(dts.indexOf('export interface ComplaintClient {'));
  const iface = body.slice(0, body.indexOf('\n}'));
  const ts = {ViewAnswer: /^CustomerView$/, MyComplaints: /^MyComplaint\[\]$/, PendingOps: /^PendingOp\[\]$/,
    PhoneLookup: /^PhoneLookup$/, Sent: /\bQueued\b/, NoAnswer: /^(void|\{sent: true\}|\{access_token: string; expires_at: string\})$/,
    Json: /./};
  const table = answers();
  assert.ok(table.size >= 17, `${table.size} rows`);
  for (const [name, type] of table) {
    const m = iface.match(new RegExp(`^ {2}${name}(?:<[^>]*>)?\\([^)]*\\): ([\\s\\S]*?);$`, 'm'));
    assert.ok(m, `${name} in ComplaintClient`);
    assert.ok(type in ts, `${name}: ${type} has a TypeScript form in this test`);
    const promised = m[1].replace(/\s+/g, ' ').trim().replace(/^Promise<([\s\S]*)>$/, '$1');
    assert.match(promised, ts[type], `${name}: ${type}`);
  }
});

// The customer view the core encodes (tests/data/customer-view.json, the golden of core/codec.cpp's
// to_json) has every member declared in the .d.ts's CustomerView, so a wire field added to the core
// (rejection, regulator_path: issue 19) cannot reach hosts undeclared.
test('complaint-client.d.ts declares every member of the core-encoded customer view', () => {
  const dts = read('web/complaint-client.d.ts');
  const start = dts.indexOf('export interface CustomerView {');
  const iface = dts.slice(start, dts.indexOf('\n}', start));
  const view = JSON.parse(read('tests/data/customer-view.json'));
  const declared = [...iface.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]);
  for (const key of Object.keys(view)) assert.ok(declared.includes(key), `${key} in CustomerView`);
  // The regulator's path: the members core/codec.cpp writes (to_json(RegulatorPath)).
  const codec = read('core/codec.cpp');
  const enc = codec.slice(codec.indexOf('Json to_json(const RegulatorPath& p) {'));
  const members = [...enc.slice(0, enc.indexOf('\n}')).matchAll(/\{"(\w+)", /g)].map((m) => m[1]);
  assert.ok(members.length >= 9, members.join());
  const rp = dts.slice(dts.indexOf('export interface RegulatorPath {'));
  const rpDeclared = [...rp.slice(0, rp.indexOf('\n}')).matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]);
  assert.deepEqual(sorted(rpDeclared), sorted(members));
});
