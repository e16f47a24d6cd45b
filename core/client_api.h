// core/client_api.h — the headless client's contract, declared once: the methods of createClient()
// (DESIGN §6) that hosts and the widget's screens call, each with the type of its answer, the
// element's own methods on the same port, and the commands of the client's wasm module. The screens
// call ui::Call<ClientMethod::x>(…) and get the answer decoded into that type (wasm/ui/data.h); the
// module dispatches on ClientCommand; tests/e2e/client_api.test.mjs checks web/complaint-client.js,
// its .d.ts and the element against these tables.
//
// [SECTION] Answer types and their decoders (core/client_api.cpp)
// [SECTION] The tables
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"
#include "core/json.h"
#include "core/model.h"

namespace cw {

// [SECTION] Answer types ------------------------------------------------------------------------------
// What the screens read of each answer. Decoders are strict about the type of what they read and
// ignore members they do not know (a newer client may send more). complaint-client.d.ts declares
// the same shapes for hosts.

// A failed call: web/complaint-client.js's ErrorInfo (the server's error body, or the client's own
// code such as network.offline; "data.unavailable" / "data.bad_answer" from the widget's port).
struct CallError {
  int status = 0;        // HTTP status; 0 when no answer came
  std::string code;      // a core/errors.h id, or the port's own
  std::string message;   // the server's or client's text for the customer ("" when none)
  std::map<std::string, std::string> fields;  // field path (core/field_path.h) → error id
  std::optional<Errc> errc() const { return errc_from_id(code); }
  // Not (or no longer) allowed to see the complaint on this device: 401, 404 or an auth.* code.
  bool auth_failure() const;
};

// Methods whose answer the screens do not read (saveDraft, flush, requestLookupCode, …).
struct NoAnswer {};

// getComplaint: the customer view; from the device's cache when the server could not be reached.
struct ViewAnswer {
  CustomerView view;
  bool stale = false;
};

// myComplaints: one complaint this device filed or proved, newest first; a filing still in the
// outbox has no number and the status queued.
struct MyComplaint {
  std::string acceptance_no;               // "" while queued
  std::optional<Status> status;            // nullopt: proved by a code, not fetched yet
  std::string client_ref;                  // the filing's idempotency key (queued ones)
  std::optional<BusinessType> business_type;
  std::optional<Category> category;
  std::optional<Timestamp> filed_at;
  bool failed = false;                     // the server refused the queued filing (a 4xx)
};
using MyComplaints = std::vector<MyComplaint>;

// verifyPhoneLookup: the phone's complaints (GET /customer/complaints items), now in "my complaints".
struct PhoneLookup {
  std::optional<Timestamp> expires_at;  // when the phone token stops opening them
  MyComplaints items;
};

// pending: one operation of the outbox.
struct PendingOp {
  std::string op;          // its id (retry, discard)
  std::string kind;        // upload, file, supplement, escalate, withdraw, survey, unknown
  std::string client_ref;
  std::string acceptance_no;
  int attempts = 0;
  bool failed = false;     // stopped by a 4xx: waits for retry or discard
  bool in_flight = false;
  std::optional<CallError> last_error;
};
using PendingOps = std::vector<PendingOp>;

// fileComplaint and the customer's actions (supplement, requestEscalation, withdraw, submitSurvey):
// sent and answered, or kept in the outbox (queued) to be sent when the network is back.
struct Sent {
  bool queued = false;
  bool duplicate = false;      // the same filing was already sent or queued
  std::string client_ref;
  std::string acceptance_no;   // a filing's number once the server gave it
  std::optional<Deadlines> deadlines;  // a filing's deadlines
};

// Decoders of the answers (each answer's JSON as complaint-client.js resolves it).
Result<NoAnswer> no_answer_from_json(const Json& j);
Result<ViewAnswer> view_answer_from_json(const Json& j);
Result<MyComplaints> my_complaints_from_json(const Json& j);
Result<PhoneLookup> phone_lookup_from_json(const Json& j);
Result<PendingOps> pending_ops_from_json(const Json& j);
Result<Sent> sent_from_json(const Json& j);
Result<Json> json_answer_from_json(const Json& j);  // meta, loadDraft, parseAcceptanceNo: read by key
// Never fails: what is not an error object gives code "data.bad_answer".
CallError call_error_from_json(const Json& j);

template <class T>
struct AnswerCodec;
#define CW_ANSWER_CODEC(T, fn) \
  template <>                  \
  struct AnswerCodec<T> {      \
    static Result<T> decode(const Json& j) { return fn(j); } \
  };
CW_ANSWER_CODEC(NoAnswer, no_answer_from_json)
CW_ANSWER_CODEC(ViewAnswer, view_answer_from_json)
CW_ANSWER_CODEC(MyComplaints, my_complaints_from_json)
CW_ANSWER_CODEC(PhoneLookup, phone_lookup_from_json)
CW_ANSWER_CODEC(PendingOps, pending_ops_from_json)
CW_ANSWER_CODEC(Sent, sent_from_json)
CW_ANSWER_CODEC(Json, json_answer_from_json)
#undef CW_ANSWER_CODEC

// [SECTION] The tables --------------------------------------------------------------------------------
// X(id, JS name, answer type): web/complaint-client.js's methods besides on() and close().
#define CW_CLIENT_METHODS(X)                                  \
  X(meta, "meta", Json)                                       \
  X(save_draft, "saveDraft", NoAnswer)                        \
  X(load_draft, "loadDraft", Json)                            \
  X(file_complaint, "fileComplaint", Sent)                    \
  X(pending, "pending", PendingOps)                           \
  X(flush, "flush", NoAnswer)                                 \
  X(retry, "retry", NoAnswer)                                 \
  X(discard, "discard", NoAnswer)                             \
  X(parse_acceptance_no, "parseAcceptanceNo", Json)           \
  X(request_lookup_code, "requestLookupCode", NoAnswer)       \
  X(verify_lookup, "verifyLookup", NoAnswer)                  \
  X(request_phone_lookup_code, "requestPhoneLookupCode", NoAnswer) \
  X(verify_phone_lookup, "verifyPhoneLookup", PhoneLookup)    \
  X(get_complaint, "getComplaint", ViewAnswer)                \
  X(my_complaints, "myComplaints", MyComplaints)              \
  X(submit_survey, "submitSurvey", Sent)                      \
  X(request_escalation, "requestEscalation", Sent)            \
  X(withdraw, "withdraw", Sent)                               \
  X(supplement, "supplement", Sent)

// X(id, JS name, answer type): the element's own methods (web/complaint-widget.js), which the
// screens reach through the same port as the client's.
#define CW_ELEMENT_METHODS(X)              \
  X(forget_file, "forgetFile", NoAnswer)   \
  X(clear_device, "clearDevice", NoAnswer)

// X(id, wire name): the commands web/complaint-client.js sends to wasm/client/client_main.cpp.
#define CW_CLIENT_COMMANDS(X) \
  X(init, "init")             \
  X(parse_no, "parse_no")     \
  X(pump, "pump")             \
  X(file, "file")             \
  X(act, "act")               \
  X(flush, "flush")           \
  X(sending, "sending")       \
  X(visible, "visible")       \
  X(retry, "retry")           \
  X(discard, "discard")       \
  X(pending, "pending")       \
  X(mine, "mine")             \
  X(draft_save, "draft_save") \
  X(draft_load, "draft_load") \
  X(call, "call")             \
  X(meta, "meta")             \
  X(verify, "verify")         \
  X(verify_phone, "verify_phone") \
  X(get, "get")

// X(id, wire name): the events the headless client hears from the sync engine (core/sync.cpp) and
// its browser adapters (upload-progress), which complaint-client.js's on() offers (complaint-client.d.ts
// ClientEvents) and the element forwards to the screens (web/complaint-widget.js CLIENT_EVENTS).
#define CW_CLIENT_EVENTS(X)               \
  X(ready, "ready")                       \
  X(pending, "pending")                   \
  X(queued, "queued")                     \
  X(submitted, "submitted")               \
  X(survey_submitted, "survey-submitted") \
  X(status, "status")                     \
  X(op_done, "op-done")                   \
  X(op_retry, "op-retry")                 \
  X(op_failed, "op-failed")               \
  X(flushed, "flushed")                   \
  X(error, "error")                       \
  X(upload_progress, "upload-progress")

// X(id, wire name): events between the engine and complaint-client.js only (answers to its own
// commands: a call's answer, an outbox write made durable), never offered by on().
#define CW_ENGINE_EVENTS(X) \
  X(call_done, "call-done") \
  X(persisted, "persisted")

// X(id, wire name): events the element itself sends to the screens (files picked in its <input>).
#define CW_ELEMENT_EVENTS(X) X(files, "files")

enum class ClientMethod {
#define CW_CLIENT_ENUM(id, name, answer) id,
  CW_CLIENT_METHODS(CW_CLIENT_ENUM) CW_ELEMENT_METHODS(CW_CLIENT_ENUM)
#undef CW_CLIENT_ENUM
};

// AnswerOf<ClientMethod::get_complaint> is ViewAnswer, and so on down the table.
template <ClientMethod M>
struct ClientAnswer;
#define CW_CLIENT_ANSWER(id, name, answer) \
  template <>                              \
  struct ClientAnswer<ClientMethod::id> {  \
    using type = answer;                   \
  };
CW_CLIENT_METHODS(CW_CLIENT_ANSWER)
CW_ELEMENT_METHODS(CW_CLIENT_ANSWER)
#undef CW_CLIENT_ANSWER
template <ClientMethod M>
using AnswerOf = typename ClientAnswer<M>::type;

enum class ClientCommand {
#define CW_CLIENT_ENUM(id, name) id,
  CW_CLIENT_COMMANDS(CW_CLIENT_ENUM)
#undef CW_CLIENT_ENUM
};

enum class ClientEvent {
#define CW_CLIENT_ENUM(id, name) id,
  CW_CLIENT_EVENTS(CW_CLIENT_ENUM) CW_ENGINE_EVENTS(CW_CLIENT_ENUM) CW_ELEMENT_EVENTS(CW_CLIENT_ENUM)
#undef CW_CLIENT_ENUM
};

inline std::string_view event_name(ClientEvent e) {
  switch (e) {
#define CW_CLIENT_CASE(id, name) \
  case ClientEvent::id:          \
    return name;
    CW_CLIENT_EVENTS(CW_CLIENT_CASE)
    CW_ENGINE_EVENTS(CW_CLIENT_CASE)
    CW_ELEMENT_EVENTS(CW_CLIENT_CASE)
#undef CW_CLIENT_CASE
  }
  return {};
}

inline std::optional<ClientEvent> event_from_name(std::string_view s) {
#define CW_CLIENT_IF(id, name) \
  if (s == name) return ClientEvent::id;
  CW_CLIENT_EVENTS(CW_CLIENT_IF)
  CW_ENGINE_EVENTS(CW_CLIENT_IF)
  CW_ELEMENT_EVENTS(CW_CLIENT_IF)
#undef CW_CLIENT_IF
  return std::nullopt;
}

inline std::string_view method_name(ClientMethod m) {
  switch (m) {
#define CW_CLIENT_CASE(id, name, answer) \
  case ClientMethod::id:                 \
    return name;
    CW_CLIENT_METHODS(CW_CLIENT_CASE)
    CW_ELEMENT_METHODS(CW_CLIENT_CASE)
#undef CW_CLIENT_CASE
  }
  return {};
}

inline std::optional<ClientMethod> method_from_name(std::string_view s) {
#define CW_CLIENT_IF(id, name, answer) \
  if (s == name) return ClientMethod::id;
  CW_CLIENT_METHODS(CW_CLIENT_IF)
  CW_ELEMENT_METHODS(CW_CLIENT_IF)
#undef CW_CLIENT_IF
  return std::nullopt;
}

inline std::optional<ClientCommand> command_from_name(std::string_view s) {
#define CW_CLIENT_IF(id, name) \
  if (s == name) return ClientCommand::id;
  CW_CLIENT_COMMANDS(CW_CLIENT_IF)
#undef CW_CLIENT_IF
  return std::nullopt;
}

}  // namespace cw
