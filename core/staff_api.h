// core/staff_api.h — the staff workbench's requests (DESIGN §4 "Staff side", §5b), declared once:
// the workbench's screens (wasm/console/) send them by this table through the page's authenticated
// fetch (web/staff/console.js stays generic: method, path, body), and the server's route table is
// checked against it (tests/server/api_docs_test.cpp), so the two cannot drift apart.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/model.h"
#include "core/time_limits.h"

namespace cw {

// X(id, HTTP method, path under /api/v1 with {no} or {id} for the one path parameter).
#define CW_STAFF_REQUESTS(X)                                       \
  X(me, "GET", "/staff/me")                                        \
  X(list, "GET", "/staff/complaints")                              \
  X(intake, "POST", "/staff/complaints")                           \
  X(read_case, "GET", "/staff/complaints/{no}")                    \
  X(act, "POST", "/staff/complaints/{no}/actions")                 \
  X(upload, "GET", "/staff/uploads/{id}")                          \
  X(notifications, "GET", "/staff/notifications")                  \
  X(retry_notification, "POST", "/staff/notifications/{id}/retry") \
  X(stats, "GET", "/staff/stats")                                  \
  X(export_csv, "GET", "/staff/export.csv")

enum class StaffRequest {
#define CW_X(id, method, path) id,
  CW_STAFF_REQUESTS(CW_X)
#undef CW_X
};

struct StaffRoute {
  std::string_view method;
  std::string_view path;
};

inline StaffRoute staff_route(StaffRequest r) {
  switch (r) {
#define CW_X(id, method, path) \
  case StaffRequest::id:       \
    return {method, path};
    CW_STAFF_REQUESTS(CW_X)
#undef CW_X
  }
  return {};
}

// The request's path under /api/v1: the template with its parameter (percent-encoded) and `query`
// ("status=received&limit=50", already encoded; "" for none) appended.
std::string staff_path(StaffRequest r, std::string_view param = {}, std::string_view query = {});
// One query value percent-encoded (a search word in Chinese, a phone).
std::string query_value(std::string_view value);

// X(id, name): what the workbench's module asks of its page (web/staff/console.js `onData`): a staff
// request [method, path, body] with the signed-in token; a poll [path, etag] — the GET sent with
// If-None-Match, answered {etag, page} (page null on 304: nothing changed); opening an evidence file
// [upload id] in a tab of its own (the browser shows the image or the PDF); signing in with a pasted
// token (kept in sessionStorage, checked with GET /staff/me), signing out.
#define CW_CONSOLE_PORT_METHODS(X) \
  X(staff, "staff") X(poll, "poll") X(open_upload, "openUpload") X(sign_in, "signIn") X(sign_out, "signOut")

enum class ConsolePortMethod {
#define CW_X(id, name) id,
  CW_CONSOLE_PORT_METHODS(CW_X)
#undef CW_X
};

inline std::string_view port_method_name(ConsolePortMethod m) {
  switch (m) {
#define CW_X(id, name)           \
  case ConsolePortMethod::id: \
    return name;
    CW_CONSOLE_PORT_METHODS(CW_X)
#undef CW_X
  }
  return {};
}

// [SECTION] Answers the workbench reads (decoders strict about types, blind to unknown members) --------

// GET /staff/me
struct StaffMe {
  std::string name;
  Actor role = Actor::agent;  // agent | supervisor | manager
};
Result<StaffMe> staff_me_from_json(const Json& j);

// One row of GET /staff/complaints (masked: the list never shows a whole name or phone).
struct QueueItem {
  std::string acceptance_no;
  Status status = Status::received;
  std::optional<BusinessType> business_type;
  std::optional<Category> category;
  std::optional<Channel> channel;
  std::string owner;  // "" = nobody yet
  Timestamp filed_at{};
  std::optional<Timestamp> next_deadline;
  bool overdue = false;
  int escalation_level = 0;
  std::string customer_name;  // masked (王*)
};
struct QueuePage {
  std::vector<QueueItem> items;
  std::string next_cursor;  // "" = the last page
};
Result<QueuePage> queue_page_from_json(const Json& j);

// The port's answer to a poll of the list: the page's ETag, and the page unless it is unchanged (304).
struct QueuePoll {
  std::string etag;
  std::optional<QueuePage> page;
};
Result<QueuePoll> queue_poll_from_json(const Json& j);

// POST /staff/complaints (intake): the 201 answer the workbench shows ({acceptance_no, status,
// filed_at, deadlines}; no access token: the customer looks it up by number and phone).
struct IntakeAnswer {
  std::string acceptance_no;
  Timestamp filed_at{};
};
Result<IntakeAnswer> intake_answer_from_json(const Json& j);

// GET /staff/stats?from=&to=&group_by= (DESIGN §4, spec 六; docs/OPERATIONS.md "Statistics and
// export"): what a group's key is read from (the query's wire names), and one group's figures. A
// share or mean over nothing is null on the wire: nullopt here, never 0.
#define CW_STATS_GROUPS(X) X(month) X(category) X(business_type) X(channel)
CW_ENUM(StatsGroupBy, CW_STATS_GROUPS)

struct StatsRow {
  std::string key;  // "2026-11", or the category's, business type's or channel's wire name
  int filed = 0, accepted = 0, rejected = 0, withdrawn = 0, closed = 0, escalated = 0, surveys = 0;
  std::array<std::optional<double>, 4> on_time{};  // by DeadlineKind: acceptance, investigation, reply, follow_up
  std::array<int, 4> stage_ends{};                 // how many ends each on_time share is over
  std::optional<double> mean_overall, satisfied_share, resolved_share, median_hours_to_reply;
};
Result<std::vector<StatsRow>> stats_from_json(const Json& j);

// One message of GET /staff/notifications (and the retry's answer): the contact masked, no text.
struct NotificationItem {
  std::string id, kind, acceptance_no, phone, channel, state, last_error;
  std::optional<Errc> retry_refused;  // on a failed one: why a retry would be refused (the server's rule)
  std::optional<Timestamp> created_at, done_at;
  int attempts = 0;  // delivery attempts made
};
Result<NotificationItem> notification_from_json(const Json& j);
Result<std::vector<NotificationItem>> notifications_from_json(const Json& j);

// [SECTION] What the case pane offers (asked of the core's one judge, decide()) ------------------------

// The actions staff post to POST /staff/complaints/{no}/actions, in the order the case pane shows them.
inline constexpr Action kStaffActions[] = {Action::claim,         Action::accept,     Action::reject,
                                           Action::assign,        Action::set_complexity, Action::note,
                                           Action::extend,        Action::propose,    Action::reply,
                                           Action::start_follow_up, Action::record_survey, Action::close,
                                           Action::escalate,      Action::hold,       Action::release};

// One action the case pane shows: offered when the core would take it (its form then asks for the
// fields), shown disabled with the core's reason when the role or the case's state refuses it.
struct ActionOffer {
  Action action = Action::note;
  std::optional<Errc> refused;       // why it is shown disabled (role_forbidden, already_owned, …)
  std::optional<Actor> needs_role;   // the lowest role that may, when the role is what refuses it
};
// The actions the case's status allows (the transition table), each decided for `role` with an
// empty payload: a refusal for want of fields is still offered (the form asks for them); a refusal
// of the role or of the case's state shows the action disabled with why. Of hold and release only
// the one that applies is shown (a held case offers release, another hold).
std::vector<ActionOffer> staff_offers(const Case& c, Actor role, Timestamp now,
                                      const Policy& policy = default_policy());

}  // namespace cw
