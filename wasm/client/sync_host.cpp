// wasm/client/sync_host.cpp — JsTransport/JsStore/JsClock adapters and the completion exports. The
// exports only enqueue into the engine (STYLE.md rule 4); the host pumps afterwards.
#include "wasm/client/sync_host.h"

#include <emscripten/emscripten.h>

#include "core/json.h"

extern "C" {
// wasm/js/library_cw_sync.js
void cw_js_fetch(double id, const char* method, const char* path, const char* headers, const char* body,
                 const char* blob, int timeout_ms);
void cw_js_store_put(double id, const char* key, const char* value);
void cw_js_store_remove(double id, const char* key);
void cw_js_store_load(double id, const char* prefix);
double cw_js_now();
unsigned cw_js_random();
}

namespace cw::wasm {
namespace {
sync::Engine* g_engine = nullptr;
}

sync::Engine* host_engine() { return g_engine; }
void set_host_engine(sync::Engine* engine) { g_engine = engine; }

void JsTransport::send(const sync::HttpRequest& r) {
  Json headers = Json::object();
  for (const auto& [k, v] : r.headers) headers[k] = v;
  const std::string h = dump_json(headers);
  // Ids stay far below 2^53, so a double carries them exactly across the JS boundary.
  cw_js_fetch(static_cast<double>(r.id), r.method.c_str(), r.path.c_str(), h.c_str(), r.body.c_str(),
              r.body_blob.c_str(), r.timeout_ms);
}

void JsStore::put(std::uint64_t id, const std::string& key, const std::string& value) {
  cw_js_store_put(static_cast<double>(id), key.c_str(), value.c_str());
}
void JsStore::remove(std::uint64_t id, const std::string& key) {
  cw_js_store_remove(static_cast<double>(id), key.c_str());
}
void JsStore::load(std::uint64_t id, const std::string& prefix) {
  cw_js_store_load(static_cast<double>(id), prefix.c_str());
}

std::int64_t JsClock::now_ms() { return static_cast<std::int64_t>(cw_js_now()); }
std::uint32_t js_random() { return cw_js_random(); }

}  // namespace cw::wasm

extern "C" {

EMSCRIPTEN_KEEPALIVE void cw_emsc_http_done(double id, int status, const char* body, const char* etag,
                                            const char* retry_after) {
  if (!cw::wasm::g_engine) return;
  cw::wasm::g_engine->on_http_done(cw::sync::HttpResponse{static_cast<std::uint64_t>(id), status, body ? body : "",
                                                          etag ? etag : "", retry_after ? retry_after : ""});
}

// entries: JSON [[key, value], …] (values are the JSON text the engine stored).
EMSCRIPTEN_KEEPALIVE void cw_emsc_store_done(double id, int ok, const char* entries) {
  if (!cw::wasm::g_engine) return;
  std::vector<cw::sync::StoreEntry> out;
  const cw::Result<cw::Json> parsed = cw::parse_json(entries ? entries : "[]", 4);
  if (parsed.ok() && parsed->is_array()) {
    for (const cw::Json& e : parsed.value()) {
      if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_string()) {
        out.push_back({e[0].get<std::string>(), e[1].get<std::string>()});
      }
    }
  }
  cw::wasm::g_engine->on_store_done(static_cast<std::uint64_t>(id), ok != 0, std::move(out));
}

}  // extern "C"
