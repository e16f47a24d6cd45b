// wasm/ui/data.cpp — call bookkeeping between the screens and the data port (see data.h).
#include "wasm/ui/data.h"

#include <map>
#include <vector>

namespace ui {
namespace {

struct DataState {
  DataPort* port = nullptr;
  unsigned next_id = 1;
  std::map<unsigned, CallResult> calls;
  std::vector<DataEventFn> subscribers;
};

DataState& D() {
  static DataState d;
  return d;
}

cw::Json ErrorJson(std::string_view code, std::string_view message) {
  return cw::Json{{"code", code}, {"message", message}, {"status", 0}, {"fields", cw::Json::object()}};
}

}  // namespace

void SetDataPort(DataPort* port) { D().port = port; }

namespace {

unsigned CallPort(std::string_view method, cw::Json args) {
  DataState& d = D();
  const unsigned id = d.next_id++;
  if (d.next_id == 0) d.next_id = 1;
  CallResult& r = d.calls[id];
  if (!d.port) {
    r.done = true;
    r.error = ErrorJson("data.unavailable", "");
    return id;
  }
  if (!args.is_array()) args = cw::Json::array({std::move(args)});
  d.port->Call(id, method, cw::dump_json(args));
  return id;
}

}  // namespace

unsigned Data_Call(cw::ClientMethod method, cw::Json args) { return CallPort(cw::method_name(method), std::move(args)); }

unsigned Data_Call(cw::ConsolePortMethod method, cw::Json args) {
  return CallPort(cw::port_method_name(method), std::move(args));
}

const CallResult* Data_Result(unsigned id) {
  const auto it = D().calls.find(id);
  return it == D().calls.end() ? nullptr : &it->second;
}

void Data_Forget(unsigned id) { D().calls.erase(id); }

void Data_OnResult(unsigned id, std::string_view json) {
  const auto it = D().calls.find(id);
  if (it == D().calls.end()) return;  // forgotten: the screen moved on
  CallResult& r = it->second;
  r.done = true;
  const cw::Result<cw::Json> parsed = cw::parse_json(json);
  if (!parsed.ok() || !parsed->is_object()) {
    r.error = ErrorJson("data.bad_answer", "");
    return;
  }
  const cw::Json& j = parsed.value();
  const auto ok = j.find("ok");
  r.ok = ok != j.end() && ok->is_boolean() && ok->get<bool>();
  if (r.ok) {
    const auto v = j.find("value");
    r.value = v == j.end() ? cw::Json() : *v;
  } else {
    const auto e = j.find("error");
    r.error = e != j.end() && e->is_object() ? *e : ErrorJson("data.bad_answer", "");
    if (!r.error.contains("fields") || !r.error["fields"].is_object()) r.error["fields"] = cw::Json::object();
  }
}

void Data_Subscribe(DataEventFn fn) {
  for (DataEventFn f : D().subscribers)
    if (f == fn) return;
  D().subscribers.push_back(fn);
}

void Data_OnEvent(std::string_view type, std::string_view json) {
  // Names from core/client_api.h's tables; one this release does not know is not for the screens.
  const std::optional<cw::ClientEvent> event = cw::event_from_name(type);
  if (!event) return;
  const cw::Result<cw::Json> parsed = cw::parse_json(json);
  const cw::Json detail = parsed.ok() ? parsed.value() : cw::Json::object();
  for (DataEventFn f : D().subscribers) f(*event, detail);
}

std::string Data_ErrorMessage(const CallResult& r) {
  const auto m = r.error.find("message");
  if (m != r.error.end() && m->is_string() && !m->get<std::string>().empty()) return m->get<std::string>();
  return {};
}

bool Data_Take(unsigned& id, cw::Json* value, cw::CallError* error) {
  if (!id) return false;
  const auto it = D().calls.find(id);
  if (it != D().calls.end() && !it->second.done) return false;
  if (it == D().calls.end()) {
    error->code = "data.unavailable";
  } else if (it->second.ok) {
    *value = std::move(it->second.value);
  } else {
    *error = cw::call_error_from_json(it->second.error);
  }
  if (it != D().calls.end()) D().calls.erase(it);
  id = 0;
  return true;
}

std::string ErrorText(const cw::CallError& e, cw::Lang lang, std::string_view fallback) {
  if (const auto c = e.errc()) return std::string(cw::message(*c, lang));
  // An answer the screens cannot read is our fault, not the network's.
  if (e.code == "data.bad_answer") return std::string(cw::message(cw::Errc::server_error, lang));
  if (!e.message.empty()) return e.message;
  return std::string(fallback.empty() ? cw::message(cw::Errc::network_error, lang) : fallback);
}

std::string ErrorText(const std::optional<cw::CallError>& e, cw::Lang lang, std::string_view fallback) {
  return e ? ErrorText(*e, lang, fallback) : std::string();
}

}  // namespace ui
