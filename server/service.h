// server/service.h — what the customer and staff handlers share: loading and saving a case inside a
// transaction, the idempotent-POST runner (DESIGN §4 Idempotency-Key), customer notifications.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "server/app.h"
#include "server/http_util.h"

namespace cw::server {

// How long the secrets live (DESIGN §4).
inline constexpr std::int64_t kLookupCodeSeconds = 5 * 60;       // one-time code: 5 minutes
inline constexpr int kLookupCodeTries = 5;                       // … and 5 tries
inline constexpr std::int64_t kSurveyTokenSeconds = 14 * 86400;  // survey tokens: 14 days
inline constexpr std::int64_t kLookupTokenSeconds = 30 * 86400;  // access after a code lookup
inline constexpr std::int64_t kFilingTokenSeconds = 730 * 86400; // the filing device's own token
inline constexpr std::int64_t kIdempotencyKeepSeconds = 7 * 86400;

std::int64_t unix_seconds(Timestamp t);
Timestamp from_unix(std::int64_t s);

struct LoadedCase {
  ComplaintRecord rec;
  Case c;
};

// The canonical acceptance number of a URL segment; nullopt when it is not one in canonical form
// (DESIGN §3: URLs carry the canonical form only).
std::optional<std::string> canonical_no(const std::string& segment);

// Loads a case by number inside `tx`; http_not_found when missing or purged.
Result<LoadedCase> load_case(Tx& tx, const std::string& no);
// Writes the case back (status, closed_at and the document) — optimistic on the record version.
Result<void> save_case(Tx& tx, LoadedCase& l, Timestamp now);
// Statuses after which nothing happens any more (retention counts from entering them).
bool is_final(Status s);

// The status-change message for the customer, by their reply method (DESIGN §4 notifier).
Message status_message(const Case& c, Timestamp now);
// The survey invitation with its link `<origin>/#/survey/{no}?t=<token>`.
Message survey_message(const Case& c, const std::string& origin, const std::string& token, Timestamp now);
// The public origin of this server as the request reached it.
std::string request_origin(const Context& ctx, const httplib::Request& req);

// An answer produced inside a write transaction, sent after the commit; messages go out only then.
struct Answer {
  int status = 200;
  Json body;
  std::vector<Message> notify;
  std::vector<std::pair<std::string, std::string>> headers;
};
using TxWork = std::function<Result<Answer>(Tx&)>;

// DESIGN §4 Idempotency-Key: one answer per (scope, key). A duplicate waits for the first and
// replays its stored status and body byte for byte; the same key with another body → 422.
// `admit` runs once the request is known to be new (rate limits, decoding); it sends its own error
// and returns false to stop. `required` false lets requests without a key through (no replay).
void run_idempotent(Context& ctx, const httplib::Request& req, httplib::Response& res, const std::string& scope,
                    const Json& body, bool required, const std::function<bool()>& admit, const TxWork& work);

// Runs `work` in a write transaction without idempotency and sends its answer.
void run_write(Context& ctx, const httplib::Request& req, httplib::Response& res, const TxWork& work);

// Sends an answer (JSON body, headers) and its messages.
void send_answer(Context& ctx, httplib::Response& res, const Answer& a, const std::string& body_text);

}  // namespace cw::server
