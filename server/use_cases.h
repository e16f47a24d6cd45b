// server/use_cases.h — the server's use cases as functions: typed inputs in (the Context, who is
// calling, `now`, decoded bodies), an Answer out. No HTTP types: handlers parse, call and send.
//
// [SECTION] Answer, Caller
// [SECTION] Reading requests (pure: what a handler calls before a use case)
// [SECTION] Service: health, meta                    (server/meta.cpp)
// [SECTION] Filing: uploads, POST /complaints        (server/filing.cpp)
// [SECTION] Lookup: one-time codes, the customer view (server/lookup.cpp)
// [SECTION] Customer actions                         (server/customer_actions.cpp)
// [SECTION] Staff: tokens, work list, case, actions, statistics, export  (server/staff.cpp)
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/codec.h"
#include "core/errors.h"
#include "core/iso_time.h"
#include "core/json.h"
#include "core/model.h"
#include "server/context.h"
#include "server/notifier.h"
#include "server/stats.h"
#include "server/storage.h"

namespace cw::server {

inline constexpr std::size_t kMaxJsonBody = 64 * 1024;  // DESIGN §4: 413 above 64 KB

// [SECTION] Answer, Caller ---------------------------------------------------------------------------
// What a use case answers. The body is one of: `body`; `text`, the body as JSON text already (an
// idempotent replay, a cached view); `error`, the DESIGN §4 error shape, rendered in the caller's
// language when sent. A 304 has no body. Refusals that carry more than their error (429 with
// Retry-After, a staff refusal audited in a committed transaction) are answers like any other; a
// plain failure is the error of the Result<Answer>.
struct Answer {
  int status = 200;
  Json body;
  std::optional<std::string> text;
  std::optional<Error> error;
  std::vector<std::pair<std::string, std::string>> headers;
  // A file sent as it is, with its type (GET /staff/uploads/{id}), instead of a JSON body.
  std::optional<std::string> bytes;
  std::string content_type;
  std::vector<Message> notify;  // produced in the transaction; sent after its commit, before the return
};

// The status of an error's row (core/errors.h); 500 for a row without one.
int error_status(const Error& err);
// An error as an answer (status from its row).
Answer error_answer(Error err);

// What a use case knows of whoever sent the request, read from it by the handler.
struct Caller {
  std::string ip;               // the rate-limit key: the socket peer, or the proxy's last hop (--trust-proxy)
  std::string bearer;           // the Authorization Bearer token, or ""
  std::string idempotency_key;  // the Idempotency-Key header, or ""
  Lang lang = Lang::zh_CN;      // Accept-Language: a filing's messages are written in it
};

// [SECTION] Reading requests ---------------------------------------------------------------------------
// The canonical acceptance number of a URL segment; nullopt when it is not one in canonical form
// (DESIGN §3: URLs carry the canonical form only).
std::optional<std::string> canonical_no(const std::string& segment);

// POST /lookup and /lookup/verify: a malformed number or phone is a 422 (it reveals nothing about
// which complaints exist); a well-formed pair is answered alike whether or not it exists.
struct LookupRequest {
  std::string no;     // canonical; "" = lookup by phone
  std::string phone;  // digits (phone_key)
  std::string code;   // /lookup/verify only
};
Result<LookupRequest> lookup_from_json(const Json& body, bool with_code);

// One error naming every field that failed, under the first one's code.
Error field_errors(FieldErrors errors);

// [SECTION] Service --------------------------------------------------------------------------------------
// GET /healthz: 200 {ok, version}, or 503 while storage is unavailable.
Answer health(Context& ctx);
// GET /meta: the labels, policy and limits the client builds its forms from.
Answer meta(Context& ctx, Timestamp now);

// [SECTION] Filing ---------------------------------------------------------------------------------------
// POST /uploads: stores the bytes content-addressed beside the database. `declared_type` is the
// Content-Type without parameters ("" when absent).
Result<Answer> store_upload(Context& ctx, const Caller& caller, const std::string& bytes,
                            const std::string& declared_type, Timestamp now);
// POST /complaints (Idempotency-Key required). `body` is the filing as received: the key is bound
// to it, and it is decoded and validated by the core only once the request is known to be new
// and within its rate limit (a replay is answered before a decode error would be).
// 201 {acceptance_no, status, access_token, filed_at, deadlines}; the customer is told the number.
Result<Answer> file_complaint(Context& ctx, const Caller& caller, const Json& body, Timestamp now);

// [SECTION] Lookup -----------------------------------------------------------------------------------------
// POST /lookup: sends a one-time code to the complaint's phone when number and phone match; 202
// either way.
Result<Answer> request_lookup_code(Context& ctx, const Caller& caller, const LookupRequest& in, Timestamp now);
// POST /lookup/verify: an access token for a right code; one answer for every failure, and each
// wrong try uses up one of the code's tries.
Result<Answer> verify_lookup_code(Context& ctx, const Caller& caller, const LookupRequest& in, Timestamp now);
// Lookup by phone (LookupRequest without a number, DESIGN §4): POST /lookup {phone} sends one code
// for every complaint of that phone (always 202); POST /lookup/verify {phone, code} answers a token
// that opens them ({access_token, expires_at, scope: "phone"}); GET /customer/complaints lists them.
Result<Answer> request_phone_code(Context& ctx, const Caller& caller, const LookupRequest& in, Timestamp now);
Result<Answer> verify_phone_code(Context& ctx, const Caller& caller, const LookupRequest& in, Timestamp now);
Result<Answer> list_phone_complaints(Context& ctx, const Caller& caller, Timestamp now);
// GET /complaints/{no}: the customer view with its ETag (304 when it is `if_none_match`).
Result<Answer> view_complaint(Context& ctx, const Caller& caller, const std::string& no,
                              const std::string& if_none_match, Timestamp now);

// [SECTION] Customer actions -------------------------------------------------------------------------------
// POST /complaints/{no}/supplements, /escalations, /withdrawal (Idempotency-Key required): `p` is
// the decoded body, `body` the body as received (what the key is bound to).
Result<Answer> customer_action(Context& ctx, const Caller& caller, const std::string& no, Action action,
                               const ActionPayload& p, const Json& body, Timestamp now);
// POST /complaints/{no}/survey: with the survey token of the follow-up message (`survey_token`,
// single use) or the caller's access token.
Result<Answer> submit_survey(Context& ctx, const Caller& caller, const std::string& no, const Survey& survey,
                             const std::string& survey_token, const Json& body, Timestamp now);

// [SECTION] Staff --------------------------------------------------------------------------------------------
// Staff tokens for the command line (DESIGN §4 `token create`; §8 per person and revocable:
// `token list`, `token revoke - | --name NAME | --id ID`). A token lives `expires_days` days
// (`--expires-days`, issue 21: they never expired), 90 unless told.
inline constexpr int kStaffTokenDefaultDays = 90;
inline constexpr int kStaffTokenMaxDays = 3650;
Result<std::string> create_staff_token(Storage& s, const std::string& role, const std::string& name,
                                       Timestamp now, int expires_days = kStaffTokenDefaultDays);
Result<bool> revoke_staff_token(Storage& s, const std::string& token, Timestamp now);
Result<std::vector<StaffRecord>> list_staff_tokens(Storage& s);
// How many active tokens were revoked: every one of the person `name`, or the one with `id`.
Result<int> revoke_staff_tokens_named(Storage& s, const std::string& name, Timestamp now);
Result<int> revoke_staff_token_id(Storage& s, std::int64_t id, Timestamp now);

// A person with a valid, unrevoked staff token; the staff use cases take one, so none runs without.
struct Staff {
  StaffRecord rec;
  Actor role = Actor::agent;
};
// auth_unauthorized (401) without one (DESIGN §4).
Result<Staff> authorize_staff(Context& ctx, const std::string& bearer);

// GET /staff/complaints?…: the filters as the storage takes them (`filter.now` is set by the use
// case) and the names of those given, for the audit row (never their values: they may name a person).
struct WorkListQuery {
  ComplaintFilter filter;
  std::string used;  // e.g. "phone,status"
};
// Reads the list's query parameters (DESIGN §4); every bad one named (422).
Result<WorkListQuery> work_list_query(const std::multimap<std::string, std::string>& params);
// GET /staff/complaints: a page of the work list (overdue first, then by next deadline) and the
// next cursor, with an ETag of the page; audited (the page shows customers, masked). 304 without a
// body, and without an audit row (nothing is shown), when `if_none_match` is the page's ETag: the
// workbench polls the queue every few seconds.
Result<Answer> list_complaints(Context& ctx, const Staff& staff, WorkListQuery q, Timestamp now,
                               std::string_view if_none_match = {});
// GET /staff/complaints/{no}: the whole case (contact unmasked, internal notes, evidence of the filing
// and of supplements) with its deadlines and audit trail; the read itself is audited first.
Result<Answer> staff_case(Context& ctx, const Staff& staff, const std::string& no, Timestamp now);
// GET /staff/uploads/{id}: an evidence file as stored, with its sniffed type, as an attachment that is
// neither sniffed nor cached; audited (a read of an unknown id too, then 404).
Result<Answer> staff_upload(Context& ctx, const Staff& staff, const std::string& id, Timestamp now);
// GET /staff/notifications?state=pending|sent|failed: the newest 200 messages with their delivery
// attempts (DESIGN §4), the contact masked and no text (it may carry a code or a survey token).
Result<Answer> list_notifications(Context& ctx, const Staff& staff, const std::string& state);
// POST /staff/notifications/{id}/retry (supervisor): a failed message back in the queue with a fresh
// give-up time (server/outbox.h requeue), answered as the list shows it. 404 for an unknown id; 403
// below a supervisor; 409 notify.capped / notify.not_retryable / notify.not_failed with the reason.
// Audited (`retry_notification`, the message id as subject), refusals too; logged by id only.
Result<Answer> retry_notification(Context& ctx, const Staff& staff, const std::string& id, Timestamp now);
// GET /staff/me: who the token belongs to ({name, role, expires_at}), for the workbench's sign-in.
Answer staff_me(const Staff& staff);
// POST /staff/complaints (Idempotency-Key required): a complaint received on another channel
// (hotline, shop, letter, email, social; spec 二(一)) filed by this staff member through the same
// filing use case as the customer's, with `received_at` and the customer's `lang` for the
// acceptance message; audited. 201 {acceptance_no, status, filed_at, deadlines}, no access token
// (the customer looks it up by number and phone).
Result<Answer> staff_file_complaint(Context& ctx, const Caller& caller, const Staff& staff, const Json& body,
                                    Timestamp now);
// GET /staff/stats?from=&to=&group_by=: the complaints filed from `from` to `to` (Asia/Shanghai days,
// both included; either may be absent) grouped by `group_by` (month when absent). A bad parameter is
// a 400 query.invalid naming it in `fields`.
struct StatsQuery {
  std::int64_t filed_from = 0;  // unix seconds, 0 = from the first
  std::int64_t filed_to = 0;    // unix seconds (exclusive), 0 = to the last
  StatsGroupBy group_by = StatsGroupBy::month;
};
Result<StatsQuery> stats_query(const std::multimap<std::string, std::string>& params);
// Supervisors and managers only (403 auth.supervisor_required): spec 六's measures (server/stats.h)
// over the complaints of the window, read in one snapshot.
Result<Answer> staff_stats(Context& ctx, const Staff& staff, const StatsQuery& q);
// GET /staff/export.csv: the list's filters (work_list_query; limit and cursor are not used) and
// `pii` ("1": the customer's name, phone, e-mail, service number, problem and demand; "0" or absent:
// those columns stay empty).
struct ExportQuery {
  WorkListQuery list;
  bool pii = false;
};
Result<ExportQuery> export_query(const std::multimap<std::string, std::string>& params);
// Supervisors and managers only: every complaint that passes the filters as CSV (UTF-8 with a BOM,
// RFC 4180, formula cells neutralised), as an attachment no cache keeps. Audited (`export` or
// `export_pii`, with the filter names), a refused attempt too.
Result<Answer> staff_export(Context& ctx, const Staff& staff, ExportQuery q, Timestamp now);
// POST /staff/complaints/{no}/actions (Idempotency-Key optional): decide() as this person, audited
// whatever the outcome. Survey links point to ctx.public_origin(), never to the request's host.
Result<Answer> staff_act(Context& ctx, const Caller& caller, const Staff& staff, const std::string& no,
                         const ActionRequest& request, const Json& body, Timestamp now);

}  // namespace cw::server
