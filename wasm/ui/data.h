// wasm/ui/data.h — the customer data behind the screens. In the browser the port is the headless
// client (web/complaint-client.js: one sync engine, outbox, Web Lock, IndexedDB) reached through the
// element; in native tests a scripted fake. Calls are asynchronous: Call<method>(args) returns a
// Pending of the method's answer type (core/client_api.h), whose Take() gives the decoded answer once
// it arrived between frames (Data_OnResult); client events come through Data_OnEvent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/client_api.h"
#include "core/staff_api.h"
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
// The staff workbench's port (core/staff_api.h CW_CONSOLE_PORT_METHODS), with the same bookkeeping.
unsigned Data_Call(cw::ConsolePortMethod method, cw::Json args = cw::Json::array());
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
using DataEventFn = void (*)(cw::ClientEvent type, const cw::Json& detail);
// Subscribing the same function again is a no-op, so a screen may subscribe on every frame it draws.
void Data_Subscribe(DataEventFn fn);
void Data_OnEvent(std::string_view type, std::string_view json);

// A failed call's message for the customer (the server's localized message, else a generic one).
std::string Data_ErrorMessage(const CallResult& r);

// Takes the call `id` once it is done: its answer into `value`, or its failure into `error`
// (error->code set); forgets it and sets `id` to 0. False while it runs or when `id` is 0.
bool Data_Take(unsigned& id, cw::Json* value, cw::CallError* error);

// [SECTION] Typed calls -------------------------------------------------------------------------------
// A method's answer decoded into its type, or why it failed. An answer that does not decode is a
// failure with code "data.bad_answer" (the screen says so and offers to retry; it never guesses).
template <class T>
struct Answer {
  bool ok = false;
  T value{};
  cw::CallError error;
};

// The customer's text for a failure: the core's message for a known code (in `lang`), else the
// client's own message, else `fallback` (a network error's message when none is given).
std::string ErrorText(const cw::CallError& e, cw::Lang lang, std::string_view fallback = {});
// A failure a screen keeps until the customer acts again is kept as the error, not as text, and
// worded here when drawn: a change of language while it shows words it anew. "" when none.
std::string ErrorText(const std::optional<cw::CallError>& e, cw::Lang lang, std::string_view fallback = {});

// One call in flight, owned by the screen state that started it. Move-only; starting a new call
// over a running one forgets the old one (a newer question wins).
template <class T>
class Pending {
 public:
  Pending() = default;
  explicit Pending(unsigned id) : id_(id) {}
  Pending(Pending&& o) noexcept : id_(std::exchange(o.id_, 0u)) {}
  Pending& operator=(Pending&& o) noexcept {
    if (this != &o) {
      Forget();
      id_ = std::exchange(o.id_, 0u);
    }
    return *this;
  }
  Pending(const Pending&) = delete;
  Pending& operator=(const Pending&) = delete;

  bool active() const { return id_ != 0; }  // started and not taken yet
  // The answer once it came (the call is forgotten then); nullopt while it runs or when none runs.
  std::optional<Answer<T>> Take() {
    cw::Json value;
    Answer<T> a;
    if (!Data_Take(id_, &value, &a.error)) return std::nullopt;
    if (a.error.code.empty()) {
      cw::Result<T> v = cw::AnswerCodec<T>::decode(value);
      a.ok = v.ok();
      if (v.ok()) a.value = std::move(v.value());
      else a.error.code = "data.bad_answer";
    }
    return a;
  }
  void Forget() {
    if (id_) Data_Forget(std::exchange(id_, 0u));
  }

 private:
  unsigned id_ = 0;
};

// Starts the client's method M with the JSON array `args`: Call<cw::ClientMethod::get_complaint>({no}).
template <cw::ClientMethod M>
Pending<cw::AnswerOf<M>> Call(cw::Json args = cw::Json::array()) {
  return Pending<cw::AnswerOf<M>>(Data_Call(M, std::move(args)));
}

}  // namespace ui
