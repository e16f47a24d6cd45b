// tests/e2e/boundaries.test.mjs — the JS↔C++ boundary of the browser modules, read from the code and
// compared with docs/ARCHITECTURE.md "Boundaries": every name that crosses it, which file defines it,
// which files use it. A name defined on one side only, or a table that no longer says the truth, fails.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {ROOT} from './harness.mjs';

const rel = (f) => path.relative(ROOT, f);
const walk = (d) => readdirSync(d).flatMap((f) => {
  const p = path.join(d, f);
  return statSync(p).isDirectory() ? walk(p) : [p];
});
const read = (f) => readFileSync(f, 'utf8');
const CPP = walk(path.join(ROOT, 'wasm')).filter((f) => /\.(cpp|h)$/.test(f));
const JSLIB = walk(path.join(ROOT, 'wasm/js')).filter((f) => f.endsWith('.js'));
const LOADERS = ['web/complaint-widget.js', 'web/a11y.js', 'web/complaint-client.js', 'web/staff/console.js']
  .map((f) => path.join(ROOT, f));
// Each --js-library and the loaders that instantiate its module.
const MODULES = [['wasm/js/library_cw.js', ['web/complaint-widget.js', 'web/a11y.js', 'web/staff/console.js']],
                 ['wasm/js/library_cw_sync.js', ['web/complaint-client.js']]]
  .map(([lib, loaders]) => [path.join(ROOT, lib), loaders.map((f) => path.join(ROOT, f))]);
const users = (files, re) => files.filter((f) => re.test(read(f))).map(rel).sort();

// The boundary as the code has it: [name, crossing, defined in, used by].
export function boundaryFromCode() {
  const rows = [];
  // C++ → JS: --js-library functions, called from C++ through extern "C" declarations.
  for (const f of JSLIB) {
    for (const [, name] of read(f).matchAll(/^ {2}(cw_js_\w+): function/gm)) {
      rows.push([name, 'C++ → JS', rel(f), users(CPP, new RegExp(`\\b${name}\\(`))]);
    }
  }
  // JS → C++: EMSCRIPTEN_KEEPALIVE exports, called from the libraries as _name.
  for (const f of CPP) {
    for (const [, name] of read(f).matchAll(/EMSCRIPTEN_KEEPALIVE [^(]*\b(cw_emsc_\w+)\(/g)) {
      rows.push([name, 'JS → C++', rel(f), users([...JSLIB, ...LOADERS], new RegExp(`\\b_${name}\\b`))]);
    }
  }
  // Loader ↔ module: properties of each module's Module object (quoted, so closure keeps them). Set
  // by the library: the module offers it to its loaders; else a loader gives it to the module.
  for (const [lib, loaders] of MODULES) {
    const props = new Set([...read(lib).matchAll(/Module\['(\w+)'\]/g)].map((m) => m[1]));
    for (const p of props) {
      const reader = new RegExp(`\\.${p}\\b|\\b${p}:|^\\s*${p},\\s*$`, 'm');
      if (new RegExp(`Module\\['${p}'\\] = `).test(read(lib))) rows.push([p, 'module → loader', rel(lib), users(loaders, reader)]);
      else rows.push([p, 'loader → module', users(loaders, reader).join('`, `'), [rel(lib)]]);
    }
  }
  return rows.sort((a, b) => a[0].localeCompare(b[0]));
}

const asLine = ([name, crossing, def, used]) => `| \`${name}\` | ${crossing} | \`${def}\` | ${used.map((u) => `\`${u}\``).join(', ')} |`;

test('every name crossing the JS↔C++ boundary is defined on one side and used on the other', () => {
  const rows = boundaryFromCode();
  assert.ok(rows.length > 40, `${rows.length} names`);
  for (const [name, crossing, def, used] of rows) {
    assert.ok(def, `${name} (${crossing}) has no definition`);
    assert.ok(used.length > 0, `${name} (${crossing}) is defined in ${def} and used nowhere`);
  }
  // Nothing called across that is not defined: C++ calling an undeclared cw_js_*, JS an unexported _cw_emsc_*.
  const names = new Set(rows.map((r) => r[0]));
  for (const f of CPP) {
    for (const [, n] of read(f).matchAll(/\b(cw_js_\w+)\(/g)) assert.ok(names.has(n), `${rel(f)} calls ${n}, which no library defines`);
  }
  for (const f of [...JSLIB, ...LOADERS]) {
    for (const [, n] of read(f).matchAll(/\b_(cw_emsc_\w+)\b/g)) assert.ok(names.has(n), `${rel(f)} calls _${n}, which C++ does not export`);
  }
});

test('docs/ARCHITECTURE.md "Boundaries" lists exactly the boundary the code has', () => {
  const doc = read(path.join(ROOT, 'docs/ARCHITECTURE.md'));
  const section = doc.slice(doc.indexOf('## Boundaries'));
  const table = section.split('\n').filter((l) => /^\| `/.test(l));
  const expected = boundaryFromCode().map(asLine);
  assert.deepEqual(table, expected, 'the table, as the code has it:\n' + expected.join('\n'));
});

// The platform backends talk to the app only through ImGuiIO and their own functions: the text
// agent, the accessibility tree, insets and the data port are the host port's (html5_host.cpp), so a
// backend can be reused by another app (the staff workbench) without the customer widget kit.
test('the ImGui backends include nothing of the UI', () => {
  for (const f of ['wasm/platform/imgui_impl_html5.cpp', 'wasm/platform/imgui_impl_html5.h',
    'wasm/platform/imgui_impl_webgl2.cpp', 'wasm/platform/imgui_impl_webgl2.h']) {
    const includes = [...read(path.join(ROOT, f)).matchAll(/^#include "([^"]+)"/gm)].map((m) => m[1]);
    assert.deepEqual(includes.filter((i) => i.startsWith('wasm/ui/')), [], `${f} includes the UI`);
  }
});
