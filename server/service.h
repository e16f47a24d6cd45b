// server/service.h — what the use cases share: the protocol's numbers, loading and saving a case
// inside a transaction, the write runners (DESIGN §4 Idempotency-Key), rate limits as answers and
// the customer's notification texts. No HTTP types (server/handler.h is the HTTP side).
#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/notify_text.h"
#include "server/use_cases.h"

namespace cw::server {

// How long the secrets live (DESIGN §4).
inline constexpr std::int64_t kLookupCodeSeconds = 5 * 60;       // one-time code: 5 minutes
inline constexpr int kLookupCodeTries = 5;                       // … and 5 tries
inline constexpr std::int64_t kSurveyTokenSeconds = 14 * 86400;  // survey tokens: 14 days
inline constexpr std::int64_t kLookupTokenSeconds = 30 * 86400;  // access after a code lookup
inline constexpr std::int64_t kFilingTokenSeconds = 730 * 86400; // the filing device's own token
inline constexpr std::int64_t kIdempotencyKeepSeconds = 7 * 86400;
// Issue 21 finding 7: an upload no filing or supplement references is deleted after this (a client
// files within minutes of uploading; a day covers a draft finished the next morning).
inline constexpr std::int64_t kOrphanUploadKeepSeconds = 24 * 3600;
// The key lock (Context::key_locks) an upload of these bytes holds from writing the file to committing
// its row; the purge removes a file only under it, after finding no row that names the file.
inline std::string upload_file_lock(const std::string& sha256) { return "upload-file\n" + sha256; }
// How far ahead of the server a customer's clock may be for "not in the future" checks.
inline constexpr std::chrono::seconds kClockSkewAllowance{15 * 60};

std::int64_t unix_seconds(Timestamp t);
Timestamp from_unix(std::int64_t s);

struct LoadedCase {
  ComplaintRecord rec;
  Case c;
};

// The case a record holds; server_error (logged) when its document does not decode.
Result<Case> decode_case(const ComplaintRecord& rec);
// Loads a case by number inside `tx`; http_not_found when missing or purged.
Result<LoadedCase> load_case(Tx& tx, const std::string& no);
// When `bearer` opens complaint `rec` for its customer (unix seconds; 0 = it does not): the
// complaint's own access token (filing or lookup by number), or a token proving its contact phone
// (lookup by phone, DESIGN §4). Expired tokens open nothing.
Result<std::int64_t> customer_grant(Tx& tx, const std::string& bearer, const ComplaintRecord& rec, std::int64_t now_s);
// Writes the case back (status, closed_at, the document and the staff list's columns) — optimistic
// on the record version.
Result<void> save_case(const Policy& policy, Tx& tx, LoadedCase& l, Timestamp now);
// Statuses after which nothing happens any more (retention counts from entering them, or a rejection).
bool is_final(Status s);
// Evidence must name uploads this server holds (the type was checked when uploaded):
// upload_not_found with every `evidence[i]` that does not. Otherwise marks them attached in `tx`, the
// transaction that stores the reference (issue 21 finding 7: the orphan purge takes unattached
// uploads only, so one named by a committed filing or supplement is never purged as an orphan).
Result<void> attach_evidence(Tx& tx, const std::vector<std::string>& evidence);

// The filing use case (spec 二(二)4), one for every channel: the customer's POST /complaints and staff
// intake (POST /staff/complaints) both decide(file) as `role`, get a fresh acceptance number, store
// the record and tell the customer the number (the acceptance message in `lang`, "zh-CN" | "en").
// The answer is 201 {acceptance_no, status, filed_at, deadlines} with its Location.
struct Filed {
  Case c;
  std::int64_t id = 0;
  Answer answer;
};
Result<Filed> file_case(Context& ctx, Tx& tx, const Complaint& filing, Actor role, const std::string& staff_name,
                        const std::string& lang, Timestamp now);

// [Messages] DESIGN §4 Notifier: what the customer of `c` is told, in `lang` (the complaint's
// "zh-CN" | "en"), by their reply method; the texts are core/notify_text.h's.
Message customer_message(const Case& c, const std::string& lang, NotifyPurpose purpose, NotifyFacts facts,
                         Timestamp now);
// A status change with what happens next and its date; the filing's own message (the number and
// when we decide whether to take it on) when the case was just filed.
Message status_message(const Policy& policy, const Case& c, const std::string& lang, Timestamp now);
// A public note, an extension (the new date and why) or a complexity change; nullopt for other actions.
std::optional<Message> progress_message(const Policy& policy, const Case& c, const std::string& lang, Action action,
                                        const TimelineEvent& event, Timestamp now);
// The survey invitation with its link `<origin>/#/survey/{no}?t=<token>`.
Message survey_message(const Case& c, const std::string& lang, const std::string& origin, const std::string& token,
                       Timestamp now);

// An answer no cache keeps (Cache-Control: no-store): secrets, staff data.
Answer no_store(int status, Json body);

// One token from each bucket `kind:key` (an empty key is skipped); on the first refusal the 429
// answer with its Retry-After.
struct RateCheck {
  std::string_view kind;
  std::string key;
  const BucketRule* rule;
};
std::optional<Answer> take_rates(Context& ctx, std::initializer_list<RateCheck> buckets);

// The work of a write: runs inside one transaction; its error rolls the transaction back.
using TxWork = std::function<Result<Answer>(Tx&)>;
// What runs once a request is known to be new (rate limits, decoding): nullopt to go on, or the
// answer (a refusal) to give instead.
using Admit = std::function<std::optional<Answer>()>;

// Whether the caller may see a stored answer (checked before it is replayed): the error to answer
// instead, e.g. the 404 of a missing or wrong access token.
using ReplayCheck = std::function<Result<void>(Tx&)>;

// DESIGN §4 Idempotency-Key: one answer per (scope, key). A duplicate waits for the first and
// replays its stored status and body byte for byte (no-store); the same key with another body → 422.
// `required` false lets requests without a key through (no replay). Messages go out after the commit.
// `may_replay` (empty: anyone with the key and the same body) authorises a replay like the first
// request (DESIGN §8). The key is stored hashed, and the answer's secrets sealed with the key and body.
Result<Answer> run_idempotent(Context& ctx, const std::string& key, const std::string& scope, const Json& body,
                              bool required, const Admit& admit, const TxWork& work, Timestamp now,
                              const ReplayCheck& may_replay);
// Runs `work` in a write transaction without idempotency; messages go out after the commit.
Result<Answer> run_write(Context& ctx, const TxWork& work);

}  // namespace cw::server
