// core/client_api.h — the headless client's contract, declared once: the methods of createClient()
// (DESIGN §6) that hosts and the widget's screens call, the element's own methods on the same port,
// and the commands of the client's wasm module. ui::Data_Call takes a ClientMethod, the module
// dispatches on ClientCommand; tests/e2e/client_api.test.mjs checks web/complaint-client.js, its
// .d.ts and the element against these tables.
#pragma once

#include <optional>
#include <string_view>

namespace cw {

// X(id, JS name): web/complaint-client.js's methods besides on() and close().
#define CW_CLIENT_METHODS(X)                      \
  X(meta, "meta")                                 \
  X(save_draft, "saveDraft")                      \
  X(load_draft, "loadDraft")                      \
  X(file_complaint, "fileComplaint")              \
  X(pending, "pending")                           \
  X(flush, "flush")                               \
  X(retry, "retry")                               \
  X(discard, "discard")                           \
  X(parse_acceptance_no, "parseAcceptanceNo")     \
  X(request_lookup_code, "requestLookupCode")     \
  X(verify_lookup, "verifyLookup")                \
  X(get_complaint, "getComplaint")                \
  X(my_complaints, "myComplaints")                \
  X(submit_survey, "submitSurvey")                \
  X(request_escalation, "requestEscalation")      \
  X(withdraw, "withdraw")                         \
  X(supplement, "supplement")

// X(id, JS name): the element's own methods (web/complaint-widget.js), which the screens reach
// through the same port as the client's.
#define CW_ELEMENT_METHODS(X)    \
  X(forget_file, "forgetFile")   \
  X(clear_device, "clearDevice")

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
  X(get, "get")

enum class ClientMethod {
#define CW_CLIENT_ENUM(id, name) id,
  CW_CLIENT_METHODS(CW_CLIENT_ENUM) CW_ELEMENT_METHODS(CW_CLIENT_ENUM)
#undef CW_CLIENT_ENUM
};

enum class ClientCommand {
#define CW_CLIENT_ENUM(id, name) id,
  CW_CLIENT_COMMANDS(CW_CLIENT_ENUM)
#undef CW_CLIENT_ENUM
};

inline std::string_view method_name(ClientMethod m) {
  switch (m) {
#define CW_CLIENT_CASE(id, name) \
  case ClientMethod::id:         \
    return name;
    CW_CLIENT_METHODS(CW_CLIENT_CASE)
    CW_ELEMENT_METHODS(CW_CLIENT_CASE)
#undef CW_CLIENT_CASE
  }
  return {};
}

inline std::optional<ClientMethod> method_from_name(std::string_view s) {
#define CW_CLIENT_IF(id, name) \
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
