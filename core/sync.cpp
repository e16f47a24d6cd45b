// core/sync.cpp — the sync engine: one pump consumes queued completions, settles retries and passes,
// and starts sends. Index: [Helpers] [Lifecycle] [Completions] [Outbox] [Send] [Answers] [Store]
// [Passes] [Reads] [Views].
#include "core/sync.h"

#include <algorithm>
#include <cstdio>

#include "core/acceptance_no.h"
#include "core/codec.h"
#include "core/validation.h"

namespace cw::sync {
namespace {

// [SECTION] Helpers ------------------------------------------------------------------------------
// The engine's own watchdog fires this long after the transport's timeout should have: a transport
// that never calls back (a browser bug, a lost promise) must not wedge an op forever.
constexpr std::int64_t kWatchdogGraceMs = 1000;

// When a cached complaint is due for a refresh. A stored time after `now` (a corrupt record, the
// device clock set back) is not a time it was refreshed at: due now. So the sum cannot overflow.
std::int64_t refresh_due(const Json& m, std::int64_t now, std::int64_t interval_ms) {
  const std::int64_t at = int_of(m, "refreshed_at");
  return at > now ? now : at + interval_ms;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool retryable(int status) {
  return status == kNetworkError || status == kTimeout || status == 408 || status == 429 || status >= 500;
}

Errc code_for_status(int status) {
  switch (status) {
    case kNetworkError: return Errc::network_error;
    case kTimeout: return Errc::network_timeout;
    case 400: return Errc::http_bad_request;
    case 401: return Errc::auth_unauthorized;
    case 403: return Errc::auth_forbidden;
    case 404: return Errc::http_not_found;
    case 405: return Errc::http_method_not_allowed;
    case 409: return Errc::http_conflict;
    case 413: return Errc::http_payload_too_large;
    case 415: return Errc::http_unsupported_media_type;
    case 429: return Errc::http_rate_limited;
    case 503: return Errc::server_unavailable;
    default: return status >= 500 || status < 0 ? Errc::server_error : Errc::http_bad_request;
  }
}

// Statuses after which nothing will change any more: not refreshed in the background.
bool final_status(std::string_view s) { return s == "closed" || s == "withdrawn"; }

}  // namespace

std::int64_t backoff_ms(int attempts, int base_ms, int max_ms, std::uint32_t random) {
  if (attempts < 1) attempts = 1;
  std::int64_t cap = std::max(base_ms, 0);
  for (int i = 1; i < attempts && cap < max_ms; ++i) cap *= 2;
  cap = std::min<std::int64_t>(cap, std::max(max_ms, 0));
  return cap <= 0 ? 0 : static_cast<std::int64_t>(random % static_cast<std::uint64_t>(cap + 1));
}

std::optional<std::int64_t> parse_retry_after(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty() || value.size() > 9) return std::nullopt;
  std::int64_t s = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    s = s * 10 + (c - '0');
  }
  return s * 1000;
}

// [SECTION] Lifecycle ----------------------------------------------------------------------------
Engine::Engine(Transport& transport, Store& store, Random random, Options options, EventSink sink)
    : transport_(transport), store_(store), random_(std::move(random)), options_(std::move(options)),
      sink_(std::move(sink)) {}

void Engine::start() {
  start_load_ = next_req_++;
  store_.load(start_load_, "");
}

void Engine::pump(std::int64_t now) {
  now_ = now;
  // Store completions first: a put confirmed in this pump lets its op go out in the same pump.
  while (!store_inbox_.empty()) {
    StoreDone d = std::move(store_inbox_.front());
    store_inbox_.pop_front();
    handle_store(std::move(d), now);
  }
  while (!http_inbox_.empty()) {
    HttpResponse r = std::move(http_inbox_.front());
    http_inbox_.pop_front();
    handle_http(std::move(r), now);
  }
  std::vector<std::uint64_t> expired;
  for (auto& [id, f] : in_flight_) {
    if (f.deadline == 0) f.deadline = now + options_.timeout_ms + kWatchdogGraceMs;  // sent since the last pump
    if (f.deadline <= now) expired.push_back(id);
  }
  for (std::uint64_t id : expired) handle_http(HttpResponse{id, kTimeout, {}, {}, {}}, now);
  if (!ready_) return;
  for (Pass& p : passes_) {
    if (!p.started && p.load == 0) begin_pass(p, now);
  }
  schedule(now);
  refresh_mine(now);
  settle_passes(now);
}

std::int64_t Engine::next_wakeup() const {
  std::int64_t best = 0;
  auto consider = [&best](std::int64_t t) {
    if (t > 0 && (best == 0 || t < best)) best = t;
  };
  for (const auto& [id, f] : in_flight_) consider(std::max<std::int64_t>(f.deadline, 1));  // 0: pump now
  if (sending_ && ready_) {
    for (const auto& [id, op] : ops_) {
      if (!op.failed && op.raw.empty() && op.request == 0) consider(std::max<std::int64_t>(op.next_attempt_at, 1));
    }
  }
  if (visible_ && ready_) {
    for (const auto& [no, m] : mine_) {
      if (str_of(m, "access_token").empty() || final_status(str_of(m, "status"))) continue;
      consider(std::max<std::int64_t>(refresh_due(m, now_, options_.refresh_interval_ms), 1));
    }
  }
  return best;
}

bool Engine::has_due(std::int64_t now) const {
  std::map<std::string, const Op*> head;
  for (const auto& [id, op] : ops_) {
    const Op*& h = head[op.group];
    if (!h || op.seq < h->seq || (op.seq == h->seq && op.id < h->id)) h = &op;
  }
  for (const auto& [group, op] : head) {
    if (!op->failed && op->raw.empty() && op->request == 0 && !persisting_.count(op->id) &&
        op->next_attempt_at <= now) {
      return true;
    }
  }
  return false;
}

// [SECTION] Completions: only enqueue (STYLE.md rule 4) ---------------------------------------------
void Engine::on_http_done(HttpResponse response) { http_inbox_.push_back(std::move(response)); }

void Engine::on_store_done(std::uint64_t id, bool ok, std::vector<StoreEntry> entries) {
  store_inbox_.push_back(StoreDone{id, ok, std::move(entries)});
}

// [SECTION] Outbox commands ------------------------------------------------------------------------
std::string Engine::new_uuid() {
  unsigned char b[16];
  for (int i = 0; i < 4; ++i) {
    const std::uint32_t r = random_();
    for (int k = 0; k < 4; ++k) b[i * 4 + k] = static_cast<unsigned char>(r >> (8 * k));
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char hex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += hex[b[i] >> 4];
    s += hex[b[i] & 15];
  }
  return s;
}

std::string Engine::new_id() {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%08x%08x", static_cast<unsigned>(random_()), static_cast<unsigned>(random_()));
  return buf;
}

// Ordered by time first so that ops made in two tabs still interleave sensibly, then by counter.
std::uint64_t Engine::next_seq() {
  const std::uint64_t by_time = static_cast<std::uint64_t>(std::max<std::int64_t>(now_, 0)) * 16;
  max_seq_ = std::max(max_seq_ + 1, by_time);
  return max_seq_;
}

void Engine::emit(ClientEvent type, const Json& detail) {
  if (sink_) sink_(event_name(type), detail);
}

Op* Engine::find(std::string_view id) {
  const auto it = ops_.find(std::string(id));
  return it == ops_.end() ? nullptr : &it->second;
}

void Engine::insert(Op op) {
  const std::string id = op.id;
  persisting_.insert(id);
  ops_[id] = std::move(op);
  persist(ops_[id]);
  emit(ClientEvent::pending, Json{{"count", ops_.size()}});
}

// Evidence entries "upload:N" become upload ops in the same group (so they go first) and are replaced
// by "local:<op id>" until the server names them.
Result<std::vector<std::string>> Engine::add_uploads(const std::string& group, const std::string& client_ref,
                                                     const std::string& acceptance_no, Json& body,
                                                     const std::vector<UploadSpec>& uploads) {
  std::vector<std::string> made;
  const auto ev = body.find("evidence");
  if (ev == body.end() || ev->is_null()) return made;
  if (!ev->is_array()) return Error(Errc::json_wrong_type, "evidence");
  std::vector<Op> pending;
  for (Json& e : *ev) {
    if (!e.is_string()) return Error(Errc::json_wrong_type, "evidence");
    const std::string s = e.get<std::string>();
    if (!starts_with(s, "upload:")) continue;
    std::size_t n = 0;
    const std::string digits = s.substr(7);
    if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string::npos) {
      return Error(Errc::validation_evidence_invalid, "evidence");
    }
    n = static_cast<std::size_t>(std::stoul(digits));
    if (n >= uploads.size() || uploads[n].blob.empty()) return Error(Errc::validation_evidence_invalid, "evidence");
    Op up;
    up.id = new_id();
    up.kind = OpKind::upload;
    up.group = group;
    up.key = new_uuid();
    up.client_ref = client_ref;
    up.acceptance_no = acceptance_no;
    up.blob = uploads[n].blob;
    up.content_type = uploads[n].content_type;
    up.created_at = now_;
    e = "local:" + up.id;
    pending.push_back(std::move(up));
  }
  for (Op& up : pending) {
    up.seq = next_seq();
    made.push_back(up.id);
    insert(std::move(up));
  }
  return made;
}

Result<Json> Engine::file(Json input, const std::vector<UploadSpec>& uploads) {
  if (!input.is_object()) return Error(Errc::json_not_object);
  std::string client_ref = str_of(input, "client_ref");
  if (client_ref.empty()) client_ref = new_uuid();
  input["client_ref"] = client_ref;
  if (!input.contains("channel")) input["channel"] = options_.channel;
  if (options_.validate) {
    // The same rules as the server (core/validation), so an offline filing is not queued only to
    // be refused hours later. Uploads not yet made stand in as valid-looking ids.
    Json probe = input;
    const auto ev = probe.find("evidence");
    if (ev != probe.end() && ev->is_array()) {
      for (std::size_t i = 0; i < ev->size(); ++i) {
        if ((*ev)[i].is_string() && starts_with((*ev)[i].get<std::string>(), "upload:")) (*ev)[i] = "pending" + std::to_string(i);
      }
    }
    const Result<Complaint> c = complaint_from_json(probe);
    if (!c.ok()) return c.error();
    FieldErrors fields = validate_filing(c.value(), Timestamp(std::chrono::seconds(now_ / 1000)));
    if (!fields.empty()) {
      const Errc first = fields.begin()->second;
      return Error(first, std::move(fields));
    }
  }

  // Already filed from this device (a double tap, or a retry after the answer arrived): same answer.
  for (const auto& [no, m] : mine_) {
    if (str_of(m, "client_ref") == client_ref) {
      return Json{{"client_ref", client_ref}, {"acceptance_no", no}, {"duplicate", true}};
    }
  }
  // Still in the outbox and not stopped: the same op. Stopped by a 4xx: the customer fixed the
  // filing, so it replaces the old op and its failed uploads, with a new key (the server would
  // refuse the old key with another body).
  std::vector<std::string> replaced;
  for (const auto& [id, op] : ops_) {
    if (op.group != client_ref) continue;
    if (op.kind == OpKind::file && !op.failed) {
      return Json{{"client_ref", client_ref}, {"op", id}, {"duplicate", true}};
    }
    if (op.failed) replaced.push_back(id);
  }
  for (const std::string& id : replaced) {
    Op& op = ops_[id];
    remove("op:" + id);
    if (op.kind == OpKind::upload) remove(op.blob);
    ops_.erase(id);
  }

  Result<std::vector<std::string>> ups = add_uploads(client_ref, client_ref, "", input, uploads);
  if (!ups.ok()) return ups.error();
  Op op;
  op.id = new_id();
  op.seq = next_seq();
  op.kind = OpKind::file;
  op.group = client_ref;
  op.key = new_uuid();
  op.client_ref = client_ref;
  op.body = std::move(input);
  op.created_at = now_;
  const std::string id = op.id;
  insert(std::move(op));
  Json out{{"client_ref", client_ref}, {"op", id}};
  out["uploads"] = ups.value();
  return out;
}

Result<Json> Engine::act(OpKind kind, const std::string& acceptance_no, Json body,
                         const std::vector<UploadSpec>& uploads) {
  if (kind == OpKind::file || kind == OpKind::upload) return Error(Errc::http_bad_request);
  const Result<std::string> no = parse_acceptance_no(acceptance_no);
  if (!no.ok()) return Error(no.code(), "acceptance_no");
  if (!body.is_object()) return Error(Errc::json_not_object);
  const auto m = mine_.find(no.value());
  const bool has_token = m != mine_.end() && !str_of(m->second, "access_token").empty();
  const bool survey_token = kind == OpKind::survey && !str_of(body, "token").empty();
  if (!has_token && !survey_token) return Error(Errc::auth_unauthorized);
  Result<std::vector<std::string>> ups = add_uploads(no.value(), "", no.value(), body, uploads);
  if (!ups.ok()) return ups.error();
  Op op;
  op.id = new_id();
  op.seq = next_seq();
  op.kind = kind;
  op.group = no.value();
  op.key = new_uuid();
  op.acceptance_no = no.value();
  op.body = std::move(body);
  op.created_at = now_;
  const std::string id = op.id;
  insert(std::move(op));
  return Json{{"op", id}, {"acceptance_no", no.value()}};
}

Result<void> Engine::retry(std::string_view op_id) {
  Op* op = find(op_id);
  if (!op) return Error(Errc::http_not_found);
  if (!op->failed || !op->raw.empty()) return Error(Errc::http_conflict);
  op->failed = false;
  op->next_attempt_at = 0;
  persist(*op);
  return {};
}

Result<void> Engine::discard(std::string_view op_id) {
  Op* op = find(op_id);
  if (!op) return Error(Errc::http_not_found);
  // Only a stopped op: one that may still be on its way could have reached the server already.
  if (!op->failed) return Error(Errc::http_conflict);
  const std::string ref = "local:" + op->id;
  if (op->kind == OpKind::upload) {
    remove(op->blob);
    for (auto& [id, other] : ops_) {
      if (other.group != op->group || !other.body.is_object()) continue;
      const auto ev = other.body.find("evidence");
      if (ev == other.body.end() || !ev->is_array()) continue;
      const auto before = ev->size();
      ev->erase(std::remove(ev->begin(), ev->end(), Json(ref)), ev->end());
      if (ev->size() != before) persist(other);
    }
  }
  remove("op:" + op->id);
  ops_.erase(std::string(op_id));
  emit(ClientEvent::pending, Json{{"count", ops_.size()}});
  return {};
}

// [SECTION] Send -----------------------------------------------------------------------------------
std::vector<Op*> Engine::heads() {
  std::map<std::string, Op*> by_group;
  for (auto& [id, op] : ops_) {
    Op*& h = by_group[op.group];
    if (!h || op.seq < h->seq || (op.seq == h->seq && op.id < h->id)) h = &op;
  }
  std::vector<Op*> out;
  for (auto& [g, op] : by_group) out.push_back(op);
  std::sort(out.begin(), out.end(), [](const Op* a, const Op* b) {
    return a->seq != b->seq ? a->seq < b->seq : a->id < b->id;
  });
  return out;
}

void Engine::schedule(std::int64_t now) {
  if (!sending_) return;
  // A re-read of the outbox is on its way (this tab just got the lock): what is in memory may have
  // been sent by another tab meanwhile. Wait for the store's truth.
  for (const Pass& p : passes_) {
    if (p.load != 0) return;
  }
  int busy = 0;
  for (const auto& [id, f] : in_flight_) busy += f.want == Want::op;
  for (Op* op : heads()) {
    if (busy >= options_.max_in_flight) break;
    if (op->failed || !op->raw.empty() || op->request != 0 || persisting_.count(op->id)) continue;
    if (op->next_attempt_at > now) continue;
    send(*op, now);
    ++busy;
  }
}

void Engine::send(Op& op, std::int64_t now) {
  HttpRequest req;
  req.id = next_req_++;
  req.method = "POST";
  req.path = op_path(op);
  req.timeout_ms = options_.timeout_ms;
  req.headers.emplace_back("Idempotency-Key", op.key);
  if (op.kind == OpKind::upload) {
    req.body_blob = op.blob;
    req.headers.emplace_back("Content-Type", op.content_type.empty() ? "application/octet-stream" : op.content_type);
  } else {
    Json body = op.body;
    // An upload discarded by the customer leaves no "local:" name behind (discard() strips them);
    // this is the belt to that: never send a name the server cannot know.
    const auto ev = body.find("evidence");
    if (ev != body.end() && ev->is_array()) {
      ev->erase(std::remove_if(ev->begin(), ev->end(),
                               [](const Json& e) { return e.is_string() && starts_with(e.get<std::string>(), "local:"); }),
                ev->end());
    }
    req.body = dump_json(body);
    req.headers.emplace_back("Content-Type", "application/json");
  }
  if (op.kind != OpKind::file && op.kind != OpKind::upload) {
    const bool survey_token = op.kind == OpKind::survey && !str_of(op.body, "token").empty();
    const auto m = mine_.find(op.acceptance_no);
    const std::string token = m == mine_.end() ? std::string() : str_of(m->second, "access_token");
    if (!token.empty()) {
      req.headers.emplace_back("Authorization", "Bearer " + token);
    } else if (!survey_token) {
      op.failed = true;
      op.last_error = OpError{401, Errc::auth_unauthorized, {}, {}};
      persist(op);
      emit(ClientEvent::op_failed, Json{{"op", op.id}, {"kind", op_kind_name(op.kind)}, {"acceptance_no", op.acceptance_no},
                             {"error", op_error_json(*op.last_error, options_.lang)}});
      return;
    }
  }
  ++op.attempts;
  op.request = req.id;
  in_flight_[req.id] = InFlight{Want::op, op.id, 0, now + options_.timeout_ms + kWatchdogGraceMs};
  transport_.send(req);
}

void Engine::send_read(Want want, std::uint64_t call, const std::string& no, const std::string& method,
                       const std::string& path, const Json* body, bool auth, const std::string& bearer) {
  HttpRequest req;
  req.id = next_req_++;
  req.method = method;
  req.path = path;
  req.timeout_ms = options_.timeout_ms;
  if (body && !body->is_null()) {
    req.body = dump_json(*body);
    req.headers.emplace_back("Content-Type", "application/json");
  }
  if (auth) {
    const auto m = mine_.find(no);
    if (m != mine_.end()) {
      const std::string token = str_of(m->second, "access_token");
      if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
      const std::string etag = str_of(m->second, "etag");
      if (!etag.empty() && m->second.contains("view")) req.headers.emplace_back("If-None-Match", etag);
    }
  }
  if (!bearer.empty()) req.headers.emplace_back("Authorization", "Bearer " + bearer);
  // Its watchdog starts at the next pump (InFlight::deadline): now_ is the last pump's clock.
  in_flight_[req.id] = InFlight{want, bearer.empty() ? no : bearer, call, 0};
  transport_.send(req);
}

// [SECTION] Answers --------------------------------------------------------------------------------
void Engine::handle_http(HttpResponse r, std::int64_t now) {
  const auto it = in_flight_.find(r.id);
  if (it == in_flight_.end()) return;  // a duplicate delivery, or late after the watchdog: ignored
  const InFlight f = it->second;
  in_flight_.erase(it);
  if (f.want == Want::op) {
    Op* op = find(f.op_or_no);
    if (op && op->request == r.id) handle_op_answer(*op, r, now);
    return;
  }
  handle_read_answer(f, r, now);
}

OpError Engine::error_from_answer(const HttpResponse& r) const {
  OpError e;
  e.status = r.status;
  e.code = code_for_status(r.status);
  const Result<Json> body = parse_json(r.body);
  if (!body.ok() || !body->is_object()) return e;
  const auto err = body->find("error");
  if (err == body->end() || !err->is_object()) return e;
  if (const auto code = errc_from_id(str_of(*err, "code"))) {
    e.code = *code;
  } else {
    e.message = str_of(*err, "message");
  }
  const auto fields = err->find("fields");
  if (fields != err->end() && fields->is_object()) {
    for (const auto& [path, code] : fields->items()) {
      if (!code.is_string()) continue;
      e.fields[path] = errc_from_id(code.get<std::string>()).value_or(Errc::http_bad_request);
    }
  }
  return e;
}

void Engine::handle_op_answer(Op& op, const HttpResponse& r, std::int64_t now) {
  op.request = 0;
  int status = r.status;
  Errc code = code_for_status(status);
  if (status >= 200 && status < 300) {
    Result<Json> answer = parse_json(r.body);
    bool good = answer.ok() && answer->is_object();
    if (good && op.kind == OpKind::upload) good = !str_of(*answer, "id").empty();
    if (good && op.kind == OpKind::file) {
      // Only a real number (canonical, right check symbol) and a token make a receipt; anything else
      // in a 2xx (e.g. 20 MB of junk where the number should be) is a broken answer, asked again.
      const std::string no = str_of(*answer, "acceptance_no");
      const Result<std::string> parsed = parse_acceptance_no(no);
      good = parsed.ok() && parsed.value() == no && !str_of(*answer, "access_token").empty();
    }
    if (good) return op_succeeded(op, answer.value(), status);
    // A 2xx whose body did not arrive whole (a cut connection): the server has it, so asking again
    // with the same key gives the same answer.
    code = Errc::network_error;
  }
  if (retryable(status) || code == Errc::network_error) {
    op.last_error = OpError{status, code, {}, {}};
    std::int64_t delay = backoff_ms(op.attempts, options_.retry_base_ms, options_.retry_max_ms, random_());
    if (status == 429 || status == 503) {
      if (const auto ra = parse_retry_after(r.retry_after)) {
        const std::int64_t wait = std::min<std::int64_t>(*ra, options_.max_retry_after_ms);
        op.not_before = now + wait;
        delay = std::max(delay, wait);
      }
    }
    op.next_attempt_at = now + delay;
    persist(op);
    Json d{{"op", op.id},
           {"kind", op_kind_name(op.kind)},
           {"client_ref", op.client_ref},
           {"acceptance_no", op.acceptance_no},
           {"attempts", op.attempts},
           {"next_attempt_at", op.next_attempt_at},
           {"error", op_error_json(*op.last_error, options_.lang)}};
    emit(ClientEvent::op_retry, d);
    if (op.kind == OpKind::file && op.attempts == 1) emit(ClientEvent::queued, Json{{"client_ref", op.client_ref}, {"op", op.id}});
    return;
  }
  // 4xx: the server refused this content. Keep it, stop it, show what to fix (DESIGN §4).
  op.failed = true;
  op.last_error = error_from_answer(r);
  persist(op);
  const Json err = op_error_json(*op.last_error, options_.lang);
  emit(ClientEvent::op_failed, Json{{"op", op.id},
                         {"kind", op_kind_name(op.kind)},
                         {"client_ref", op.client_ref},
                         {"acceptance_no", op.acceptance_no},
                         {"error", err}});
  Json e = err;
  e["op"] = op.id;
  emit(ClientEvent::error, e);
}

void Engine::op_succeeded(Op& op, const Json& answer, int status) {
  const Op done = op;  // `op` is erased below
  switch (done.kind) {
    case OpKind::upload: {
      const std::string ref = "local:" + done.id;
      const Json server_id = str_of(answer, "id");
      for (auto& [id, other] : ops_) {
        if (other.group != done.group || !other.body.is_object()) continue;
        const auto ev = other.body.find("evidence");
        if (ev == other.body.end() || !ev->is_array()) continue;
        bool changed = false;
        for (Json& e : *ev) {
          if (e == ref) e = server_id, changed = true;
        }
        // Persisted before the upload op is removed: a crash in between re-uploads, never loses the id.
        if (changed) persist(other);
      }
      break;
    }
    case OpKind::file: {
      const std::string no = str_of(answer, "acceptance_no");
      Json m = Json::object();
      m["acceptance_no"] = no;
      m["access_token"] = str_of(answer, "access_token");
      m["client_ref"] = done.client_ref;
      m["status"] = answer.contains("status") ? answer["status"] : Json("received");
      m["filed_at"] = answer.contains("filed_at") ? answer["filed_at"] : Json();
      if (answer.contains("deadlines")) m["deadlines"] = answer["deadlines"];
      m["business_type"] = done.body.contains("business_type") ? done.body["business_type"] : Json();
      m["category"] = done.body.contains("category") ? done.body["category"] : Json();
      m["refreshed_at"] = now_;
      mark_used(m, now_);
      mine_[no] = m;
      put("mine:" + no, dump_json(m), Write{});
      emit(ClientEvent::submitted, Json{{"acceptance_no", no}, {"client_ref", done.client_ref}, {"op", done.id}, {"response", answer}});
      break;
    }
    case OpKind::survey:
      emit(ClientEvent::survey_submitted, Json{{"acceptance_no", done.acceptance_no}, {"op", done.id}});
      [[fallthrough]];
    default: {
      const auto m = mine_.find(done.acceptance_no);
      if (m != mine_.end()) m->second["refreshed_at"] = 0;  // its status changed: refresh soon
      break;
    }
  }
  remove("op:" + done.id);
  if (done.kind == OpKind::upload) remove(done.blob);
  ops_.erase(done.id);
  emit(ClientEvent::op_done, Json{{"op", done.id},
                       {"kind", op_kind_name(done.kind)},
                       {"client_ref", done.client_ref},
                       {"acceptance_no", done.kind == OpKind::file ? str_of(answer, "acceptance_no") : done.acceptance_no},
                       {"status", status},
                       {"response", answer}});
  emit(ClientEvent::pending, Json{{"count", ops_.size()}});
}

void Engine::handle_read_answer(const InFlight& f, const HttpResponse& r, std::int64_t now) {
  const bool ok = r.status >= 200 && r.status < 300;
  Result<Json> parsed = parse_json(r.body);
  const Json body = parsed.ok() ? parsed.value() : Json();
  std::optional<OpError> err;
  if (!ok && r.status != 304) err = error_from_answer(r);
  switch (f.want) {
    case Want::call:
      return call_done(f.call, ok, r.status, body, err);
    case Want::meta:
      if (ok && body.is_object()) {
        meta_ = body;
        put("meta", dump_json(meta_), Write{"", 0, false});
        return call_done(f.call, true, r.status, body, std::nullopt);
      }
      if (meta_.is_object() && retryable(r.status)) {
        Json cached = meta_;
        cached["stale"] = true;
        return call_done(f.call, true, r.status, cached, std::nullopt);
      }
      return call_done(f.call, false, r.status, body, err ? err : OpError{r.status, Errc::network_error, {}, {}});
    case Want::verify:
      if (ok && !str_of(body, "access_token").empty()) {
        Json& m = mine_[f.op_or_no];
        if (!m.is_object()) m = Json::object();
        m["acceptance_no"] = f.op_or_no;
        m["access_token"] = str_of(body, "access_token");
        if (body.contains("expires_at")) m["token_expires_at"] = body["expires_at"];
        if (!m.contains("status")) m["status"] = nullptr;
        m["refreshed_at"] = 0;
        mark_used(m, now);
        put("mine:" + f.op_or_no, dump_json(m), Write{});
        return call_done(f.call, true, r.status, body, std::nullopt);
      }
      return call_done(f.call, false, r.status, body, err ? err : OpError{r.status, Errc::server_error, {}, {}});
    case Want::verify_phone: {
      const std::string token = str_of(body, "access_token");
      if (!ok || token.empty())
        return call_done(f.call, false, r.status, body, err ? err : OpError{r.status, Errc::server_error, {}, {}});
      // The call's answer waits for the list (the second request below, under the same call).
      phone_expires_[token] = body.contains("expires_at") ? body["expires_at"] : Json();
      send_read(Want::phone_list, f.call, "", "GET", "/customer/complaints", nullptr, false, token);
      return;
    }
    case Want::phone_list: {
      Json expires = phone_expires_[f.op_or_no];
      phone_expires_.erase(f.op_or_no);
      if (!ok || !body.is_object() || !body.contains("items") || !body["items"].is_array())
        return call_done(f.call, false, r.status, body, err ? err : OpError{r.status, Errc::server_error, {}, {}});
      merge_phone_list(f.op_or_no, expires, body["items"]);
      return call_done(f.call, true, r.status, Json{{"scope", "phone"}, {"expires_at", expires}, {"items", body["items"]}},
                       std::nullopt);
    }
    case Want::get:
    case Want::refresh: {
      const auto it = mine_.find(f.op_or_no);
      if (it == mine_.end()) return call_done(f.call, false, 404, Json(), OpError{404, Errc::http_not_found, {}, {}});
      Json& m = it->second;
      m["refreshed_at"] = now;
      if (r.status == 200 && body.is_object() && str_of(body, "acceptance_no") == f.op_or_no) {
        const std::string before = str_of(m, "status");
        const std::string after = str_of(body, "status");
        m["view"] = body;
        m["etag"] = r.etag;
        m["status"] = after;
        m["stale"] = false;
        mark_used(m, now);
        put("mine:" + f.op_or_no, dump_json(m), Write{});
        if (!before.empty() && before != after) emit(ClientEvent::status, Json{{"acceptance_no", f.op_or_no}, {"status", after}});
        if (f.want == Want::get) call_done(f.call, true, 200, body, std::nullopt);
        return;
      }
      if (r.status == 304 && m.contains("view")) {
        // The token was used: its 180 days start again (stored at most once a day).
        const bool stale_use = !m.contains("used_at") || !m["used_at"].is_number_integer() ||
                               now - m["used_at"].get<std::int64_t>() > 86'400'000;
        if (stale_use) {
          mark_used(m, now);
          put("mine:" + f.op_or_no, dump_json(m), Write{});
        }
        if (f.want == Want::get) call_done(f.call, true, 304, m["view"], std::nullopt);
        return;
      }
      if (f.want == Want::refresh) return;
      if ((retryable(r.status) || r.status == 304 || ok) && m.contains("view")) {
        Json cached = m["view"];
        cached["stale"] = true;  // offline: the last answer we had (DESIGN §4: cached for offline viewing)
        return call_done(f.call, true, r.status, cached, std::nullopt);
      }
      return call_done(f.call, false, r.status, body, err ? err : OpError{r.status, Errc::server_error, {}, {}});
    }
    case Want::op:
      return;
  }
}

// [SECTION] Store ----------------------------------------------------------------------------------
void Engine::put(const std::string& key, const std::string& value, Write w) {
  const std::uint64_t id = next_req_++;
  writes_[id] = std::move(w);
  store_.put(id, key, value);
}

void Engine::remove(const std::string& key) {
  if (key.empty()) return;
  const std::uint64_t id = next_req_++;
  writes_[id] = Write{};
  store_.remove(id, key);
}

void Engine::persist(const Op& op) { put("op:" + op.id, encode_op(op), Write{op.id, 0, true}); }

void Engine::handle_store(StoreDone d, std::int64_t now) {
  if (d.id == start_load_ && !ready_) {
    apply_load(d.entries, true);
    expire_device_data(now);
    ready_ = true;
    if (!d.ok) emit(ClientEvent::error, op_error_json(OpError{0, Errc::storage_error, {}, {}}, options_.lang));
    emit(ClientEvent::ready, Json{{"outbox", ops_.size()}, {"drafts", drafts_.size()}, {"mine", mine_.size()}});
    return;
  }
  for (Pass& p : passes_) {
    if (p.load == d.id) {
      if (d.ok) apply_load(d.entries, false);
      p.load = 0;
      begin_pass(p, now);
      return;
    }
  }
  const auto it = writes_.find(d.id);
  if (it == writes_.end()) return;
  const Write w = it->second;
  writes_.erase(it);
  if (!w.op_id.empty() && persisting_.erase(w.op_id)) {
    // The host may now tell the customer "saved, will be sent" (never before: DESIGN §4).
    emit(ClientEvent::persisted, Json{{"op", w.op_id}, {"ok", d.ok}});
    // Storage refused (quota, private mode): sending beats losing the customer's words; say so.
    if (!d.ok) emit(ClientEvent::error, op_error_json(OpError{0, Errc::storage_error, {}, {}}, options_.lang));
  }
  if (w.call) {
    call_done(w.call, d.ok, 0, Json(),
              d.ok ? std::nullopt : std::optional<OpError>(OpError{0, Errc::storage_error, {}, {}}));
  }
}

void Engine::apply_load(const std::vector<StoreEntry>& entries, bool initial) {
  std::map<std::string, Op> loaded;
  for (const StoreEntry& e : entries) {
    if (starts_with(e.key, "op:")) {
      Op op = decode_op(e.key.substr(3), e.value);
      max_seq_ = std::max(max_seq_, op.seq);
      loaded[op.id] = std::move(op);
    } else if (starts_with(e.key, "mine:")) {
      Result<Json> m = parse_json(e.value);
      if (m.ok() && m->is_object()) {
        const auto cur = mine_.find(e.key.substr(5));
        Json v = m.value();
        // Keep this tab's refresh time: the stored one is another tab's business.
        if (cur != mine_.end() && cur->second.contains("refreshed_at")) v["refreshed_at"] = cur->second["refreshed_at"];
        mine_[e.key.substr(5)] = v;
      }
    } else if (initial && starts_with(e.key, "draft:")) {
      Result<Json> d = parse_json(e.value);
      if (d.ok()) drafts_[e.key.substr(6)] = d.value();
    } else if (initial && starts_with(e.key, "draft_at:")) {
      std::int64_t at = 0;
      for (char c : e.value) at = c >= '0' && c <= '9' && at < 1'000'000'000'000'000 ? at * 10 + (c - '0') : at;
      draft_at_[e.key.substr(9)] = at;
    } else if (initial && e.key == "meta") {
      Result<Json> m = parse_json(e.value);
      if (m.ok() && m->is_object()) meta_ = m.value();
    }
  }
  // The store is the truth, except for ops this tab has not finished writing or has on the wire.
  std::map<std::string, Op> merged;
  for (auto& [id, op] : ops_) {
    if (persisting_.count(id) || op.request != 0) {
      merged[id] = std::move(op);
    } else if (!loaded.count(id)) {
      // Done by another tab while this one waited for the lock.
      if (op.kind == OpKind::file) {
        for (const auto& [no, m] : mine_) {
          if (str_of(m, "client_ref") == op.client_ref) {
            emit(ClientEvent::submitted, Json{{"acceptance_no", no}, {"client_ref", op.client_ref}, {"op", id},
                                   {"response", mine_public(m)}, {"other_tab", true}});
          }
        }
      }
      emit(ClientEvent::op_done, Json{{"op", id}, {"kind", op_kind_name(op.kind)}, {"client_ref", op.client_ref},
                           {"acceptance_no", op.acceptance_no}, {"status", 0}, {"other_tab", true}});
    }
  }
  for (auto& [id, op] : loaded) {
    if (merged.count(id)) continue;
    const bool migrated = op.from_version < kOutboxSchemaVersion && op.raw.empty();
    merged[id] = std::move(op);
    if (migrated) {
      merged[id].from_version = kOutboxSchemaVersion;
      persist(merged[id]);  // rewritten in the current format, same key
    }
  }
  ops_ = std::move(merged);
  emit(ClientEvent::pending, Json{{"count", ops_.size()}});
}

// [SECTION] Passes ---------------------------------------------------------------------------------
void Engine::flush(std::uint64_t pass, bool force, bool reload) {
  Pass p;
  p.id = pass;
  p.force = force;
  if (reload && ready_) {
    p.load = next_req_++;
    store_.load(p.load, "");
  }
  passes_.push_back(std::move(p));
}

void Engine::begin_pass(Pass& p, std::int64_t now) {
  p.started = true;
  if (!sending_) return;  // this tab may not send: the pass is over at once
  std::set<std::string> due_groups;
  for (auto& [id, op] : ops_) {
    if (op.failed || !op.raw.empty()) continue;
    // A flush by hand (start, `online`, the host) skips the backoff, never a server's Retry-After.
    if (p.force && now >= op.not_before) op.next_attempt_at = std::min(op.next_attempt_at, now);
    if (op.next_attempt_at <= now || op.request != 0) due_groups.insert(op.group);
  }
  for (auto& [id, op] : ops_) {
    if (!op.failed && op.raw.empty() && due_groups.count(op.group)) p.ops[id] = op.attempts;
  }
}

void Engine::settle_passes(std::int64_t now) {
  // A pass ends only when nothing of the outbox is on the wire and every write has landed: the host
  // then lets go of the Web Lock, and another tab re-reading the store must see the final state. An
  // op that fell due during the pass (not part of it) is waited for too, or two tabs could send it.
  bool writes_pending = false;
  for (const auto& [id, w] : writes_) writes_pending = writes_pending || w.counts;
  for (const auto& [id, f] : in_flight_) writes_pending = writes_pending || f.want == Want::op;
  std::map<std::string, std::string> head_of;  // group → head op id
  for (Op* h : heads()) head_of[h->group] = h->id;
  for (auto it = passes_.begin(); it != passes_.end();) {
    Pass& p = *it;
    if (!p.started) {
      ++it;
      continue;
    }
    // Heads first: an op is settled once answered, stopped, gone, or not due (not sending).
    for (int round = 0; round < 2; ++round) {
      for (auto o = p.ops.begin(); o != p.ops.end();) {
        const Op* op = find(o->first);
        bool settled = false;
        if (!op || op->failed) {
          settled = true;
        } else if (op->request != 0 || persisting_.count(op->id)) {
          settled = false;
        } else if (op->attempts > o->second) {
          settled = true;
        } else if (head_of[op->group] == op->id) {
          settled = round == 0 && (!sending_ || op->next_attempt_at > now);
        } else {
          // Waits behind its group's head: settled when that head has left the pass.
          settled = round == 1 && !p.ops.count(head_of[op->group]);
        }
        o = settled ? p.ops.erase(o) : std::next(o);
      }
    }
    if (p.ops.empty() && !writes_pending) {
      emit(ClientEvent::flushed, Json{{"pass", p.id}, {"outbox", ops_.size()}});
      it = passes_.erase(it);
    } else {
      ++it;
    }
  }
}

// [SECTION] Reads ----------------------------------------------------------------------------------
void Engine::call_done(std::uint64_t call, bool ok, int status, Json body, const std::optional<OpError>& error) {
  if (!call) return;
  Json d{{"call", call}, {"ok", ok}, {"status", status}};
  d["body"] = std::move(body);
  if (error) d["error"] = op_error_json(*error, options_.lang);
  emit(ClientEvent::call_done, d);
}

void Engine::call(std::uint64_t call, const std::string& method, const std::string& path, Json body) {
  send_read(Want::call, call, "", method, path, &body, false);
}

void Engine::meta(std::uint64_t call) { send_read(Want::meta, call, "", "GET", "/meta", nullptr, false); }

void Engine::verify_lookup(std::uint64_t call, const std::string& acceptance_no, Json body) {
  const Result<std::string> no = parse_acceptance_no(acceptance_no);
  if (!no.ok()) return call_done(call, false, 0, Json(), OpError{0, no.code(), {}, {}});
  body["acceptance_no"] = no.value();
  send_read(Want::verify, call, no.value(), "POST", "/lookup/verify", &body, false);
}

void Engine::verify_phone_lookup(std::uint64_t call, Json body) {
  if (!body.is_object()) body = Json::object();
  body.erase("acceptance_no");  // without a number the server looks up by phone
  send_read(Want::verify_phone, call, "", "POST", "/lookup/verify", &body, false);
}

// The phone's complaints join "my complaints": the phone token opens each of them (DESIGN §4). A
// complaint this device already holds keeps its own token (filed here: it lives longer).
void Engine::merge_phone_list(const std::string& token, const Json& expires, const Json& items) {
  for (const Json& item : items) {
    const Result<std::string> no = parse_acceptance_no(str_of(item, "acceptance_no"));
    if (!no.ok()) continue;  // a bad row must not stop the others
    Json& m = mine_[no.value()];
    if (!m.is_object()) m = Json::object();
    m["acceptance_no"] = no.value();
    if (str_of(m, "access_token").empty()) {
      m["access_token"] = token;
      if (!expires.is_null()) m["token_expires_at"] = expires;
    }
    mark_used(m, now_);
    for (const char* k : {"status", "filed_at", "business_type", "category"}) {
      if (item.contains(k) && item[k].is_string()) m[k] = item[k];
    }
    m["refreshed_at"] = 0;
    put("mine:" + no.value(), dump_json(m), Write{});
  }
}

void Engine::get_complaint(std::uint64_t call, const std::string& acceptance_no) {
  const Result<std::string> no = parse_acceptance_no(acceptance_no);
  if (!no.ok()) return call_done(call, false, 0, Json(), OpError{0, no.code(), {}, {}});
  const auto m = mine_.find(no.value());
  if (m == mine_.end() || str_of(m->second, "access_token").empty()) {
    return call_done(call, false, 401, Json(), OpError{401, Errc::auth_unauthorized, {}, {}});
  }
  send_read(Want::get, call, no.value(), "GET", "/complaints/" + no.value(), nullptr, true);
}

void Engine::refresh_mine(std::int64_t now) {
  if (!visible_) return;
  std::set<std::string> busy;
  for (const auto& [id, f] : in_flight_) {
    if (f.want == Want::refresh || f.want == Want::get) busy.insert(f.op_or_no);
  }
  for (auto& [no, m] : mine_) {
    if (busy.count(no) || str_of(m, "access_token").empty() || final_status(str_of(m, "status"))) continue;
    if (now < refresh_due(m, now, options_.refresh_interval_ms)) continue;
    m["refreshed_at"] = now;  // also on failure: no tight loop while offline
    send_read(Want::refresh, 0, no, "GET", "/complaints/" + no, nullptr, true);
  }
}

void Engine::save_draft(std::uint64_t call, const std::string& name, Json value) {
  if (value.is_null()) {
    drafts_.erase(name);
    draft_at_.erase(name);
    remove("draft_at:" + name);
    const std::uint64_t id = next_req_++;
    writes_[id] = Write{"", call, false};
    store_.remove(id, "draft:" + name);
    return;
  }
  drafts_[name] = value;
  draft_at_[name] = now_;
  put("draft_at:" + name, std::to_string(now_), Write{});
  put("draft:" + name, dump_json(value), Write{"", call, false});
}

void Engine::expire_device_data(std::int64_t now) {
  for (auto it = drafts_.begin(); it != drafts_.end();) {
    const auto at = draft_at_.find(it->first);
    if (at == draft_at_.end()) {  // saved before drafts had a time: its 30 days start now
      draft_at_[it->first] = now;
      put("draft_at:" + it->first, std::to_string(now), Write{});
    } else if (now - at->second > kDraftKeepMs) {
      remove("draft:" + it->first);
      remove("draft_at:" + it->first);
      draft_at_.erase(at);
      it = drafts_.erase(it);
      continue;
    }
    ++it;
  }
  for (auto& [no, m] : mine_) {
    if (str_of(m, "access_token").empty()) continue;
    const bool timed = m.contains("used_at") && m["used_at"].is_number_integer();
    if (timed && now - m["used_at"].get<std::int64_t>() <= kTokenKeepMs) continue;
    if (timed) {
      m.erase("access_token");  // the complaint stays listed; the phone and a code open it again
      m.erase("token_expires_at");
      m.erase("view");
    } else {
      mark_used(m, now);  // stored before tokens had a time: its 180 days start now
    }
    put("mine:" + no, dump_json(m), Write{});
  }
}

Json Engine::load_draft(const std::string& name) const {
  const auto it = drafts_.find(name);
  return it == drafts_.end() ? Json() : it->second;
}

// [SECTION] Views ----------------------------------------------------------------------------------
Json Engine::pending() const {
  std::vector<const Op*> list;
  for (const auto& [id, op] : ops_) list.push_back(&op);
  std::sort(list.begin(), list.end(), [](const Op* a, const Op* b) {
    return a->seq != b->seq ? a->seq < b->seq : a->id < b->id;
  });
  Json out = Json::array();
  for (const Op* op : list) {
    Json j{{"op", op->id},
           {"kind", op->raw.empty() ? op_kind_name(op->kind) : std::string_view("unknown")},
           {"client_ref", op->client_ref.empty() ? Json() : Json(op->client_ref)},
           {"acceptance_no", op->acceptance_no.empty() ? Json() : Json(op->acceptance_no)},
           {"attempts", op->attempts},
           {"next_attempt_at", op->next_attempt_at},
           {"failed", op->failed},
           {"in_flight", op->request != 0}};
    j["last_error"] = op->last_error ? op_error_json(*op->last_error, options_.lang) : Json();
    if (op->unknown_version) j["schema_version"] = op->unknown_version;
    out.push_back(std::move(j));
  }
  return out;
}

Json Engine::mine_public(const Json& m) const {
  Json v = m.contains("view") && m["view"].is_object() ? m["view"] : Json::object();
  for (const char* k : {"acceptance_no", "status", "client_ref", "filed_at", "business_type", "category", "deadlines"}) {
    if (m.contains(k) && !m[k].is_null() && !v.contains(k)) v[k] = m[k];
  }
  v["status"] = m.contains("status") ? m["status"] : Json();
  return v;
}

Json Engine::mine() const {
  Json out = Json::array();
  std::vector<const Op*> queued;
  for (const auto& [id, op] : ops_) {
    if (op.kind == OpKind::file && op.raw.empty()) queued.push_back(&op);
  }
  std::sort(queued.begin(), queued.end(), [](const Op* a, const Op* b) { return a->seq > b->seq; });
  for (const Op* op : queued) {
    out.push_back(Json{{"acceptance_no", nullptr},
                       {"client_ref", op->client_ref},
                       {"status", "queued"},
                       {"business_type", op->body.contains("business_type") ? op->body["business_type"] : Json()},
                       {"category", op->body.contains("category") ? op->body["category"] : Json()},
                       {"queued_at", op->created_at},
                       {"failed", op->failed}});
  }
  std::vector<Json> filed;
  for (const auto& [no, m] : mine_) filed.push_back(mine_public(m));
  std::sort(filed.begin(), filed.end(), [](const Json& a, const Json& b) {
    return str_of(a, "filed_at") != str_of(b, "filed_at") ? str_of(a, "filed_at") > str_of(b, "filed_at")
                                                           : str_of(a, "acceptance_no") < str_of(b, "acceptance_no");
  });
  for (Json& j : filed) out.push_back(std::move(j));
  return out;
}

}  // namespace cw::sync
