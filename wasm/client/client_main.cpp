// wasm/client/client_main.cpp — the headless client's wasm entry: one C export taking a JSON command
// and returning JSON (smaller than embind), over the sync engine and the browser adapters.
#include <emscripten/emscripten.h>

#include <memory>
#include <string>

#include "core/acceptance_no.h"
#include "core/client_api.h"
#include "core/json.h"
#include "core/sync.h"
#include "wasm/client/sync_host.h"

extern "C" void cw_js_sync_event(const char* type, const char* json);

namespace {

using cw::Json;
using cw::sync::Engine;

struct Host {
  cw::wasm::JsTransport transport;
  cw::wasm::JsStore store;
  cw::wasm::JsClock clock;
  std::unique_ptr<Engine> engine;
  cw::Lang lang = cw::Lang::zh_CN;
};
Host g_host;
std::string g_out;  // the last answer; valid until the next call

using cw::bool_of;
using cw::str_of;
// An integer option, or `fallback` when absent or not a number.
std::int64_t int_or(const Json& o, const char* k, std::int64_t fallback) {
  const auto it = o.find(k);
  if (it == o.end()) return fallback;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_float()) return static_cast<std::int64_t>(it->get<double>());
  return fallback;
}
Json member(const Json& o, const char* k) {
  const auto it = o.find(k);
  return it == o.end() ? Json() : *it;
}

Json error_json(const cw::Error& e, cw::Lang lang) {
  cw::sync::OpError oe{0, e.code, {}, e.fields};
  Json j = cw::sync::op_error_json(oe, lang);
  if (!e.path.empty()) j["path"] = e.path;
  return j;
}

template <class T>
Json result_json(const cw::Result<T>& r, cw::Lang lang) {
  if (!r.ok()) return Json{{"ok", false}, {"error", error_json(r.error(), lang)}};
  if constexpr (std::is_same_v<T, void>) {
    return Json{{"ok", true}};
  } else {
    return Json{{"ok", true}, {"value", r.value()}};
  }
}

std::vector<cw::sync::UploadSpec> uploads_of(const Json& cmd) {
  std::vector<cw::sync::UploadSpec> out;
  const auto it = cmd.find("uploads");
  if (it == cmd.end() || !it->is_array()) return out;
  for (const Json& u : *it) out.push_back({str_of(u, "blob"), str_of(u, "type")});
  return out;
}

Json init(const Json& cmd) {
  cw::sync::Options o;
  const Json opts = member(cmd, "options");
  o.timeout_ms = static_cast<int>(int_or(opts, "timeoutMs", o.timeout_ms));
  const Json retry = member(opts, "retry");
  if (retry.is_object()) {
    o.retry_base_ms = static_cast<int>(int_or(retry, "baseMs", o.retry_base_ms));
    o.retry_max_ms = static_cast<int>(int_or(retry, "maxMs", o.retry_max_ms));
  }
  o.refresh_interval_ms = static_cast<int>(int_or(opts, "refreshMs", o.refresh_interval_ms));
  o.max_in_flight = static_cast<int>(int_or(opts, "maxInFlight", o.max_in_flight));
  o.lang = cw::lang_from_tag(str_of(opts, "lang"));
  const std::string channel = str_of(opts, "channel");
  if (channel == "web" || channel == "app") o.channel = channel;
  g_host.lang = o.lang;
  cw::wasm::set_host_engine(nullptr);
  g_host.engine = std::make_unique<Engine>(
      g_host.transport, g_host.store, [] { return cw::wasm::js_random(); }, o,
      [](std::string_view type, const Json& detail) {
        const std::string t(type), d = cw::dump_json(detail);
        cw_js_sync_event(t.c_str(), d.c_str());
      });
  cw::wasm::set_host_engine(g_host.engine.get());
  g_host.engine->set_sending(!bool_of(opts, "useLock"));
  g_host.engine->start();
  return Json{{"ok", true}};
}

Json bad_request() { return Json{{"ok", false}, {"error", {{"code", "http.bad_request"}}}}; }

// One command of web/complaint-client.js (core/client_api.h CW_CLIENT_COMMANDS).
Json run(const Json& cmd) {
  using C = cw::ClientCommand;
  const std::optional<C> c = cw::command_from_name(str_of(cmd, "cmd"));
  if (!c) return bad_request();
  if (*c == C::init) return init(cmd);
  if (*c == C::parse_no) {
    const cw::Result<std::string> r = cw::parse_acceptance_no(str_of(cmd, "text"));
    if (r.ok()) return Json{{"ok", true}, {"normalized", r.value()}, {"error", nullptr}};
    Json e = error_json(r.error(), g_host.lang);
    return Json{{"ok", false}, {"normalized", nullptr}, {"error", e}};
  }
  Engine* e = g_host.engine.get();
  if (!e) return bad_request();
  const std::uint64_t call = static_cast<std::uint64_t>(int_or(cmd, "call", 0));
  const std::int64_t now = g_host.clock.now_ms();
  switch (*c) {
    case C::init:
    case C::parse_no:
      break;  // answered above: they need no engine
    case C::pump:
      e->pump(now);
      return Json{{"ok", true}, {"wake", e->next_wakeup()}, {"due", e->has_due(now)}, {"ready", e->ready()}};
    case C::file:
      return result_json(e->file(member(cmd, "input"), uploads_of(cmd)), g_host.lang);
    case C::act: {
      const std::optional<cw::sync::OpKind> kind = cw::sync::op_kind_from_name(str_of(cmd, "kind"));
      if (!kind) return bad_request();
      return result_json(e->act(*kind, str_of(cmd, "no"), member(cmd, "body"), uploads_of(cmd)), g_host.lang);
    }
    case C::flush:
      e->flush(call, bool_of(cmd, "force"), bool_of(cmd, "reload"));
      return Json{{"ok", true}};
    case C::sending:
      return e->set_sending(bool_of(cmd, "on")), Json{{"ok", true}};
    case C::visible:
      return e->set_visible(bool_of(cmd, "on")), Json{{"ok", true}};
    case C::retry:
      return result_json(e->retry(str_of(cmd, "op")), g_host.lang);
    case C::discard:
      return result_json(e->discard(str_of(cmd, "op")), g_host.lang);
    case C::pending:
      return Json{{"ok", true}, {"value", e->pending()}};
    case C::mine:
      return Json{{"ok", true}, {"value", e->mine()}};
    case C::draft_save:
      return e->save_draft(call, str_of(cmd, "name"), member(cmd, "value")), Json{{"ok", true}};
    case C::draft_load:
      return Json{{"ok", true}, {"value", e->load_draft(str_of(cmd, "name"))}};
    case C::call:
      e->call(call, str_of(cmd, "method"), str_of(cmd, "path"), member(cmd, "body"));
      return Json{{"ok", true}};
    case C::meta:
      return e->meta(call), Json{{"ok", true}};
    case C::verify:
      return e->verify_lookup(call, str_of(cmd, "no"), member(cmd, "body")), Json{{"ok", true}};
    case C::verify_phone:
      return e->verify_phone_lookup(call, member(cmd, "body")), Json{{"ok", true}};
    case C::get:
      return e->get_complaint(call, str_of(cmd, "no")), Json{{"ok", true}};
  }
  return bad_request();
}

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE const char* cw_emsc_sync_call(const char* json) {
  const cw::Result<Json> cmd = cw::parse_json(json ? json : "");
  g_out = cw::dump_json(cmd.ok() && cmd->is_object() ? run(cmd.value())
                                                     : Json{{"ok", false}, {"error", {{"code", "json.malformed"}}}});
  return g_out.c_str();
}

