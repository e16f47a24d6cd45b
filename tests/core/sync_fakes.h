// tests/core/sync_fakes.h — fakes for the sync engine's ports and a tiny idempotent server, plus a
// World that drives time, faults, store completions and restarts deterministically.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/acceptance_no.h"
#include "core/json.h"
#include "core/sync.h"

namespace cw::sync::testing {

// Store: a map; operations complete only when the test calls complete() (in issue order), so tests
// can stop the world between "written" and "confirmed" or lose unconfirmed writes in a crash.
class FakeStore : public Store {
 public:
  struct Pending {
    int kind;  // 0 put, 1 remove, 2 load
    std::uint64_t id;
    std::string key, value;
  };
  std::map<std::string, std::string> data;
  std::map<std::string, std::string>* db = &data;  // point at another tab's map to share one database
  std::deque<Pending> queue;
  bool fail_puts = false;

  void put(std::uint64_t id, const std::string& key, const std::string& value) override {
    queue.push_back({0, id, key, value});
  }
  void remove(std::uint64_t id, const std::string& key) override { queue.push_back({1, id, key, {}}); }
  void load(std::uint64_t id, const std::string& prefix) override { queue.push_back({2, id, prefix, {}}); }

  void complete(Engine& engine) {
    while (!queue.empty()) {
      Pending p = queue.front();
      queue.pop_front();
      if (p.kind == 0) {
        if (!fail_puts) (*db)[p.key] = p.value;
        engine.on_store_done(p.id, !fail_puts);
      } else if (p.kind == 1) {
        db->erase(p.key);
        engine.on_store_done(p.id, true);
      } else {
        std::vector<StoreEntry> out;
        for (const auto& [k, v] : *db) {
          if (k.compare(0, p.key.size(), p.key) == 0) out.push_back({k, v});
        }
        engine.on_store_done(p.id, true, out);
      }
    }
  }
};

class FakeTransport : public Transport {
 public:
  std::vector<HttpRequest> outbox;   // sent, not yet answered by the world
  std::vector<HttpRequest> log;      // everything ever sent
  void send(const HttpRequest& r) override {
    outbox.push_back(r);
    log.push_back(r);
  }
};

inline std::string header(const HttpRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

// The server side of DESIGN §4, reduced to what the engine needs: idempotent filings and actions.
class FakeServer {
 public:
  struct Stored {
    std::string body;
    HttpResponse response;
  };
  std::map<std::string, Stored> by_key;
  std::vector<Json> complaints;           // one per accepted filing
  std::vector<std::string> actions;       // "supplement TS-…", in arrival order
  std::map<std::string, std::string> status_of;  // acceptance no → status
  std::map<std::string, int> version_of;
  int uploads = 0;
  int requests = 0;

  std::string token_for(const std::string& no) { return "tok-" + no; }
  // Lookup by phone (DESIGN §4): code 123456 gives this token; it opens every complaint.
  static constexpr const char* kPhoneToken = "phone-tok";

  HttpResponse handle(const HttpRequest& r) {
    ++requests;
    HttpResponse out;
    out.id = r.id;
    const std::string key = header(r, "Idempotency-Key");
    if (r.method == "POST" && !key.empty()) {
      const auto it = by_key.find(key);
      if (it != by_key.end()) {
        if (it->second.body != r.body + r.body_blob) return answer(r.id, 422, R"({"error":{"code":"idempotency.key_reused"}})");
        HttpResponse again = it->second.response;
        again.id = r.id;
        return again;
      }
      out = fresh(r);
      if (out.status < 500) by_key[key] = {r.body + r.body_blob, out};
      return out;
    }
    return fresh(r);
  }

  static HttpResponse answer(std::uint64_t id, int status, std::string body, std::string etag = {}) {
    return HttpResponse{id, status, std::move(body), std::move(etag), {}};
  }

 private:
  HttpResponse fresh(const HttpRequest& r) {
    if (r.path == "/uploads") {
      ++uploads;
      if (header(r, "Content-Type") == "text/plain") return answer(r.id, 415, R"({"error":{"code":"http.unsupported_media_type"}})");
      return answer(r.id, 201, Json{{"id", "up" + std::to_string(uploads)}, {"size", 3}}.dump());
    }
    if (r.path == "/complaints" && r.method == "POST") {
      const Json body = Json::parse(r.body, nullptr, false);
      if (body.is_discarded() || !body.is_object()) return answer(r.id, 400, R"({"error":{"code":"json.malformed"}})");
      if (body.value("problem", "").find("REJECT") != std::string::npos) {
        return answer(r.id, 422,
                      R"({"error":{"code":"validation.too_short","message":"x","fields":{"problem":"validation.too_short"}}})");
      }
      const std::string no =
          make_acceptance_no(std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{1}, std::chrono::day{5}},
                             complaints.size() + 1);
      complaints.push_back(body);
      status_of[no] = "received";
      version_of[no] = 1;
      return answer(r.id, 201,
                    Json{{"acceptance_no", no}, {"status", "received"}, {"access_token", token_for(no)},
                         {"filed_at", "2026-01-05T10:00:00+08:00"}, {"deadlines", {{"acceptance", nullptr}}}}
                        .dump());
    }
    if (r.path == "/lookup/verify") {
      const Json body = Json::parse(r.body, nullptr, false);
      if (body.is_object() && !body.contains("acceptance_no") && body.value("code", "") == "123456")
        return answer(r.id, 200, Json{{"access_token", kPhoneToken}, {"expires_at", "2026-02-04T10:00:00+08:00"},
                                      {"scope", "phone"}}.dump());
      return answer(r.id, 422, R"({"error":{"code":"lookup.code_invalid"}})");
    }
    if (r.path == "/customer/complaints") {
      if (header(r, "Authorization") != std::string("Bearer ") + kPhoneToken)
        return answer(r.id, 401, R"({"error":{"code":"auth.unauthorized"}})");
      Json items = Json::array();
      for (const auto& [no, st] : status_of)
        items.push_back({{"acceptance_no", no}, {"status", st}, {"filed_at", "2026-01-05T10:00:00+08:00"},
                         {"business_type", "mobile"}, {"category", "billing"}, {"overdue", false}});
      return answer(r.id, 200, Json{{"items", items}}.dump());
    }
    if (r.path.rfind("/complaints/", 0) == 0) {
      const std::string rest = r.path.substr(12);
      const std::string no = rest.substr(0, rest.find('/'));
      const std::string what = rest.size() > no.size() ? rest.substr(no.size() + 1) : "";
      const bool token_ok = header(r, "Authorization") == "Bearer " + token_for(no) ||
                            header(r, "Authorization") == std::string("Bearer ") + kPhoneToken;
      if (!status_of.count(no) || (!token_ok && what != "survey")) return answer(r.id, 404, R"({"error":{"code":"http.not_found"}})");
      if (r.method == "GET") {
        const std::string etag = "\"v" + std::to_string(version_of[no]) + "\"";
        if (header(r, "If-None-Match") == etag) return answer(r.id, 304, "", etag);
        return answer(r.id, 200, Json{{"acceptance_no", no}, {"status", status_of[no]}}.dump(), etag);
      }
      actions.push_back(what + " " + no);
      if (what == "withdrawal") status_of[no] = "withdrawn", ++version_of[no];
      return answer(r.id, 201, "{}");
    }
    if (r.path == "/meta") return answer(r.id, 200, R"({"policy":{"version":"1"}})");
    return answer(r.id, 404, R"({"error":{"code":"http.not_found"}})");
  }
};

enum class Fault {
  none,
  drop_before,   // connection fails before the server sees it (offline)
  drop_after,    // the server handles it, the answer is lost
  timeout_after, // the server handles it, the transport reports a timeout
  silent,        // the server handles it and the transport never calls back (watchdog)
  status500,
  status503,
  status429,     // with Retry-After: retry_after_s
  truncate,      // the server handles it, the body arrives cut
  duplicate,     // delivered to the server twice, the answer delivered to the engine twice
};

struct World {
  FakeStore store;
  FakeTransport transport;
  FakeServer server;
  FakeServer* srv = &server;  // point at another tab's server
  Options options;
  std::vector<std::pair<std::string, Json>> events;
  std::unique_ptr<Engine> engine;
  std::int64_t now = 1767578400000;  // 2026-01-05T10:00:00+08:00
  std::uint32_t rng = 12345;
  int retry_after_s = 30;
  std::function<Fault(const HttpRequest&)> fault = [](const HttpRequest&) { return Fault::none; };
  std::vector<HttpRequest> never_answered;

  World() {
    options.timeout_ms = 1000;
    options.retry_base_ms = 100;
    options.retry_max_ms = 5000;
  }

  std::uint32_t next_random() {  // xorshift32: deterministic jitter and ids
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
  }

  void boot() {
    engine = std::make_unique<Engine>(transport, store, [this] { return next_random(); }, options,
                                      [this](std::string_view type, const Json& d) { events.emplace_back(std::string(type), d); });
    engine->start();
    settle();
  }

  // The process dies: unconfirmed store writes are lost, requests on the wire never answer.
  void crash_and_boot(bool keep_unconfirmed_writes = false) {
    if (keep_unconfirmed_writes) store.complete(*engine);
    store.queue.clear();
    transport.outbox.clear();
    never_answered.clear();
    engine.reset();
    boot();
  }

  void answer_all() {
    std::vector<HttpRequest> reqs;
    reqs.swap(transport.outbox);
    for (const HttpRequest& r : reqs) {
      const Fault f = fault(r);
      switch (f) {
        case Fault::none: engine->on_http_done(srv->handle(r)); break;
        case Fault::drop_before: engine->on_http_done({r.id, kNetworkError, {}, {}, {}}); break;
        case Fault::drop_after: srv->handle(r), engine->on_http_done({r.id, kNetworkError, {}, {}, {}}); break;
        case Fault::timeout_after: srv->handle(r), engine->on_http_done({r.id, kTimeout, {}, {}, {}}); break;
        case Fault::silent: srv->handle(r), never_answered.push_back(r); break;
        case Fault::status500: engine->on_http_done(FakeServer::answer(r.id, 500, "oops")); break;
        case Fault::status503: engine->on_http_done(FakeServer::answer(r.id, 503, "")); break;
        case Fault::status429: {
          HttpResponse a = FakeServer::answer(r.id, 429, R"({"error":{"code":"http.rate_limited"}})");
          a.retry_after = std::to_string(retry_after_s);
          engine->on_http_done(a);
          break;
        }
        case Fault::truncate: {
          HttpResponse a = srv->handle(r);
          a.body = a.body.substr(0, a.body.size() / 2);
          engine->on_http_done(a);
          break;
        }
        case Fault::duplicate: {
          srv->handle(r);
          const HttpResponse a = srv->handle(r);
          engine->on_http_done(a);
          engine->on_http_done(a);
          break;
        }
      }
    }
  }

  // Runs store completions, answers and pumps until nothing moves at the current time.
  void settle() {
    for (int i = 0; i < 200; ++i) {
      store.complete(*engine);
      answer_all();
      engine->pump(now);
      if (transport.outbox.empty() && store.queue.empty()) break;
    }
  }

  // Lets time pass up to `t`, waking the engine whenever it asked to be woken.
  void advance_to(std::int64_t t) {
    settle();
    for (int i = 0; i < 10000; ++i) {
      const std::int64_t wake = engine->next_wakeup();
      if (wake == 0 || wake > t) break;
      now = std::max(now, wake);
      engine->pump(now);
      settle();
    }
    now = std::max(now, t);
    engine->pump(now);
    settle();
  }
  void advance(std::int64_t ms) { advance_to(now + ms); }

  std::uint64_t flushes = 0;
  // flush() and run until its "flushed" event; returns whether it came.
  bool flush(bool force = true, bool reload = false) {
    const std::uint64_t pass = ++flushes;
    engine->flush(pass, force, reload);
    for (int i = 0; i < 100; ++i) {
      engine->pump(now);
      settle();
      for (const auto& [type, d] : events) {
        if (type == "flushed" && d.value("pass", 0u) == pass) return true;
      }
      if (i > 50) advance(10);
    }
    return false;
  }

  int count(std::string_view type) const {
    int n = 0;
    for (const auto& e : events) n += e.first == type;
    return n;
  }

  static Json filing(std::string problem = "The bill for December charged me twice for data.") {
    return Json{{"business_type", "mobile"}, {"category", "billing"}, {"occurred_at", "2026-01-04T10:00:00+08:00"},
                {"service_number", "13912345678"}, {"problem", problem}, {"demand", "Refund"},
                {"customer", {{"name", "王小明"}, {"phone", "13912345678"}, {"reply_method", "sms"}}},
                {"consent", true}};
  }
};

}  // namespace cw::sync::testing
