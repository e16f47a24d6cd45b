// wasm/ui/data.h — the customer data behind the screens. In the browser the port is the headless
// client (web/complaint-client.js: one sync engine, outbox, Web Lock, IndexedDB) reached through the
// element; in native tests a scripted fake. Calls are asynchronous: Data_Call returns an id and the
// answer arrives between frames through Data_OnResult; client events through Data_OnEvent.
#pragma once

#include <string>
#include <string_view>

#include "core/client_api.h"
#include "core/json.h"

namespace ui {

class DataPort {
 public:
  virtual ~DataPort() = default;
  // Calls the client's method `method` (DESIGN §6 names: "meta", "fileComplaint", "getComplaint",
  // "requestLookupCode", …, or "pickFiles"/"forgetFile"/"clearDevice" of the element) with the JSON
  // array `args`. The answer must come later (never inside this call) through Data_OnResult(id, …).
  // Strings "file:KEY" inside an `evidence` array stand for files picked by the customer.
  virtual void Call(unsigned id, std::string_view method, std::string_view args_json) = 0;
};

void SetDataPort(DataPort* port);  // nullptr: every call fails at once with "data.unavailable"

struct CallResult {
  bool done = false;
  bool ok = false;
  cw::Json value;  // the method's answer
  // On failure: {code, message, status, fields: {"customer.phone": "<code>"}, field_messages: {…}}.
  cw::Json error;
};

// Starts a call of a method of core/client_api.h; returns its id (never 0). The result stays until
// Data_Forget.
unsigned Data_Call(cw::ClientMethod method, cw::Json args = cw::Json::array());
// nullptr for an unknown or forgotten id; done == false while the answer is awaited.
const CallResult* Data_Result(unsigned id);
void Data_Forget(unsigned id);
inline bool Data_Busy(unsigned id) {
  const CallResult* r = Data_Result(id);
  return r && !r->done;
}

// From the platform: `json` is {ok: true, value} or {ok: false, error}. Unparseable text is a failure
// with code "data.bad_answer" (never an abort).
void Data_OnResult(unsigned id, std::string_view json);

// Client events (queued, submitted, status, survey-submitted, error, pending, flushed, op-failed …,
// and "files" from the element's file picker). Each subscriber sees each event once.
using DataEventFn = void (*)(std::string_view type, const cw::Json& detail);
void Data_Subscribe(DataEventFn fn);
void Data_OnEvent(std::string_view type, std::string_view json);

// A failed call's message for the customer (the server's localized message, else a generic one).
std::string Data_ErrorMessage(const CallResult& r);

}  // namespace ui
