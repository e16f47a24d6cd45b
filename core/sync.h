// core/sync.h — the client sync engine (DESIGN §4 "Client sync engine"): drafts, the persisted outbox
// with idempotency keys, ordered retries with backoff, "my complaints" cache, all driven by pump(now).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/client_api.h"
#include "core/errors.h"
#include "core/json.h"
#include "core/sync_op.h"
#include "core/sync_ports.h"

namespace cw::sync {

struct Options {
  int timeout_ms = 15000;          // per request; the transport aborts, the engine has a watchdog too
  int retry_base_ms = 1000;        // backoff: random in [0, min(max, base · 2^(attempts−1))]
  int retry_max_ms = 5 * 60 * 1000;
  int max_in_flight = 4;           // outbox requests at once (one per complaint at most)
  int refresh_interval_ms = 60000; // "my complaints" refreshed (If-None-Match) this often while visible
  int max_retry_after_ms = 3600 * 1000;  // a Retry-After beyond this is capped (a broken proxy)
  Lang lang = Lang::zh_CN;
  std::string channel = "web";     // filled into a filing that does not say
  bool validate = true;            // check filings with core/validation before queuing them
};

// Events for the host (JS `on(event, cb)`): queued, submitted, survey-submitted, status, op-done,
// op-retry, op-failed, persisted, error, flushed, call-done, pending, ready.
using EventSink = std::function<void(std::string_view type, const Json& detail)>;

// A file the host has already stored under `blob` ("blob:…" key) for an upload op.
struct UploadSpec {
  std::string blob;
  std::string content_type;
};

class Engine {
 public:
  Engine(Transport& transport, Store& store, Random random, Options options, EventSink sink);

  // [Lifecycle] start() loads drafts, outbox and cache; "ready" fires when done (in a pump).
  void start();
  bool ready() const { return ready_; }
  void pump(std::int64_t now);
  // The earliest time at which pump() has timed work (a due retry, a watchdog, a refresh), or 0.
  std::int64_t next_wakeup() const;
  // Outbox ops are only sent while this tab may (it holds the Web Lock); reads always may.
  void set_sending(bool on) { sending_ = on; }
  // Whether an op could go now if this tab were sending (a group head, stored, due, not stopped):
  // the browser host then takes the Web Lock for a pass.
  bool has_due(std::int64_t now) const;
  void set_visible(bool on) { visible_ = on; }

  // [Completions] Called by adapters, possibly from any callback: they only enqueue.
  void on_http_done(HttpResponse response);
  void on_store_done(std::uint64_t id, bool ok, std::vector<StoreEntry> entries = {});

  // [Outbox] Commands between pumps. They persist first; nothing is sent before the next pump.
  // file: the filing of DESIGN §3 (client_ref and channel filled in when missing); evidence entries
  // "upload:N" name uploads[N]. A filing with the client_ref of a failed one replaces it (new key).
  Result<Json> file(Json input, const std::vector<UploadSpec>& uploads);  // → {client_ref, op}
  // supplement / escalate / withdraw / survey for a complaint in "my complaints" (or with a survey token).
  Result<Json> act(OpKind kind, const std::string& acceptance_no, Json body,
                   const std::vector<UploadSpec>& uploads = {});  // → {op}
  // One pass over the outbox: every op that may go is sent once (force: also those waiting on backoff,
  // not those under a Retry-After); "flushed" {pass} fires when all have answered and been persisted.
  // reload: first re-read the outbox from the store (another tab may have changed it).
  void flush(std::uint64_t pass, bool force, bool reload);
  Result<void> retry(std::string_view op_id);    // a failed op: try again with the same key
  Result<void> discard(std::string_view op_id);  // a failed op: the customer gives it up
  Json pending() const;  // [{op, client_ref, acceptance_no, kind, attempts, next_attempt_at, failed, last_error}]
  std::size_t outbox_size() const { return ops_.size(); }

  // [Drafts] Saved as given (the host's own shape); null removes. "call-done" {call} when persisted.
  void save_draft(std::uint64_t call, const std::string& name, Json value);
  Json load_draft(const std::string& name) const;

  // [Reads] Each ends with "call-done" {call, ok, status, body | error}. No retries: the customer
  // is waiting; offline answers come from the cache with stale: true where there is one.
  void call(std::uint64_t call, const std::string& method, const std::string& path, Json body);
  void meta(std::uint64_t call);
  void verify_lookup(std::uint64_t call, const std::string& acceptance_no, Json body);
  // Lookup by phone (DESIGN §4): body {phone, code}. The token it gives is kept as the access token
  // of every complaint the phone's list names that this device has no token for; then "call-done"
  // {call, ok, body: {scope, expires_at, items}} (items as GET /customer/complaints lists them).
  void verify_phone_lookup(std::uint64_t call, Json body);
  void get_complaint(std::uint64_t call, const std::string& acceptance_no);
  Json mine() const;  // queued filings + my complaints (newest first), no tokens

 private:
  enum class Want : std::uint8_t { op, call, meta, verify, verify_phone, phone_list, get, refresh };
  struct InFlight {
    Want want = Want::call;
    std::string op_or_no;     // op id (op), acceptance number (verify, get, refresh) or the phone token (phone_list)
    std::uint64_t call = 0;
    // When the watchdog ends it; 0 until the first pump after it was sent: a host command sends
    // between pumps, when the engine's clock is as old as the last pump (an idle page pumps rarely),
    // and a deadline counted from there had passed before the answer could come.
    std::int64_t deadline = 0;
  };
  struct Write {
    std::string op_id;         // the op whose persistence this is ("" for others)
    std::uint64_t call = 0;    // a draft save to confirm
    bool counts = true;        // passes wait for it (outbox and cache, not drafts)
  };
  struct Pass {
    std::uint64_t id = 0;
    bool force = false;
    std::uint64_t load = 0;                 // reload in progress
    bool started = false;
    std::map<std::string, int> ops;         // op id → attempts when the pass began
  };
  struct StoreDone {
    std::uint64_t id;
    bool ok;
    std::vector<StoreEntry> entries;
  };

  std::string new_uuid();
  std::string new_id();
  std::uint64_t next_seq();
  void emit(ClientEvent type, const Json& detail);  // names: core/client_api.h CW_CLIENT_EVENTS
  void persist(const Op& op);
  void put(const std::string& key, const std::string& value, Write w);
  void remove(const std::string& key);
  Op* find(std::string_view id);
  std::vector<Op*> heads();
  Result<std::vector<std::string>> add_uploads(const std::string& group, const std::string& client_ref,
                                               const std::string& acceptance_no, Json& body,
                                               const std::vector<UploadSpec>& uploads);
  void insert(Op op);
  void schedule(std::int64_t now);
  void send(Op& op, std::int64_t now);
  void send_read(Want want, std::uint64_t call, const std::string& no, const std::string& method,
                 const std::string& path, const Json* body, bool auth, const std::string& bearer = {});
  void merge_phone_list(const std::string& token, const Json& expires, const Json& items);
  // DESIGN §8 "on the device": a draft goes kDraftKeepMs after it was last saved, an access token
  // kTokenKeepMs after it was last used (the complaint stays listed; a code opens it again). Run
  // once the store is loaded; records from before this rule start their clock then.
  void expire_device_data(std::int64_t now);
  void mark_used(Json& mine, std::int64_t now) const { mine["used_at"] = now; }
  void handle_http(HttpResponse r, std::int64_t now);
  void handle_op_answer(Op& op, const HttpResponse& r, std::int64_t now);
  void handle_read_answer(const InFlight& f, const HttpResponse& r, std::int64_t now);
  void op_succeeded(Op& op, const Json& answer, int status);
  void handle_store(StoreDone d, std::int64_t now);
  void apply_load(const std::vector<StoreEntry>& entries, bool initial);
  void begin_pass(Pass& p, std::int64_t now);
  void settle_passes(std::int64_t now);
  void refresh_mine(std::int64_t now);
  void call_done(std::uint64_t call, bool ok, int status, Json body, const std::optional<OpError>& error);
  Json mine_public(const Json& m) const;
  OpError error_from_answer(const HttpResponse& r) const;

  Transport& transport_;
  Store& store_;
  Random random_;
  Options options_;
  EventSink sink_;

  bool ready_ = false;
  bool sending_ = true;
  bool visible_ = true;
  std::uint64_t start_load_ = 0;
  std::uint64_t next_req_ = 1;
  std::uint64_t max_seq_ = 0;
  std::int64_t now_ = 0;

  std::map<std::string, Op> ops_;            // by op id
  std::set<std::string> persisting_;         // op ids whose first put has not completed
  std::map<std::string, Json> drafts_;
  std::map<std::string, std::int64_t> draft_at_;  // when each draft was last saved ("draft_at:NAME")
  std::map<std::string, Json> mine_;         // by acceptance number
  std::map<std::string, Json> phone_expires_;  // a phone token's expires_at while its list is on its way
  Json meta_;                                // last GET /meta answer (offline fallback)
  std::map<std::uint64_t, InFlight> in_flight_;
  std::map<std::uint64_t, Write> writes_;
  std::vector<Pass> passes_;
  std::deque<HttpResponse> http_inbox_;
  std::deque<StoreDone> store_inbox_;
};

inline constexpr std::int64_t kDraftKeepMs = 30LL * 86400 * 1000;   // DESIGN §8: 30 days
inline constexpr std::int64_t kTokenKeepMs = 180LL * 86400 * 1000;  // DESIGN §8: 180 days unless used

// Backoff delay after `attempts` failed attempts: full jitter in [0, min(max, base · 2^(attempts−1))].
std::int64_t backoff_ms(int attempts, int base_ms, int max_ms, std::uint32_t random);
// Retry-After as delta-seconds → ms (HTTP-dates are not used by our server; they give nullopt).
std::optional<std::int64_t> parse_retry_after(std::string_view value);

}  // namespace cw::sync
