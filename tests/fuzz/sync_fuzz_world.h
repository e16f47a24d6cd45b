// tests/fuzz/sync_fuzz_world.h — a small deterministic world for the sync engine fuzz targets: a map
// store and a transport whose completions are delivered only when the loop says (as the adapters
// do), and an answer function the target fills with the fuzz input. No gtest (libFuzzer links its
// own main), so this is not tests/core/sync_fakes.h.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/sync.h"

namespace cw::fuzz {

class MapStore : public sync::Store {
 public:
  std::map<std::string, std::string> data;
  void put(std::uint64_t id, const std::string& key, const std::string& value) override {
    queue_.push_back({0, id, key, value});
  }
  void remove(std::uint64_t id, const std::string& key) override { queue_.push_back({1, id, key, {}}); }
  void load(std::uint64_t id, const std::string& prefix) override { queue_.push_back({2, id, prefix, {}}); }
  bool idle() const { return queue_.empty(); }
  void complete(sync::Engine& e) {
    while (!queue_.empty()) {
      const Pending p = queue_.front();
      queue_.pop_front();
      if (p.kind == 0) {
        data[p.key] = p.value;
        e.on_store_done(p.id, true);
      } else if (p.kind == 1) {
        data.erase(p.key);
        e.on_store_done(p.id, true);
      } else {
        std::vector<sync::StoreEntry> out;
        for (const auto& [k, v] : data) {
          if (k.compare(0, p.key.size(), p.key) == 0) out.push_back({k, v});
        }
        e.on_store_done(p.id, true, std::move(out));
      }
    }
  }

 private:
  struct Pending {
    int kind;  // 0 put, 1 remove, 2 load
    std::uint64_t id;
    std::string key, value;
  };
  std::deque<Pending> queue_;
};

class QueueTransport : public sync::Transport {
 public:
  std::vector<sync::HttpRequest> sent;
  void send(const sync::HttpRequest& r) override { sent.push_back(r); }
};

// An engine over `store`, pumped with every request answered by `answer`, time moving on far enough
// each round for retries and watchdogs to fire. Bounded: a fuzz input never loops forever.
struct World {
  MapStore store;
  QueueTransport transport;
  std::unique_ptr<sync::Engine> engine;
  std::function<sync::HttpResponse(const sync::HttpRequest&)> answer;
  std::int64_t now = 1767578400000;  // 2026-01-05T10:00:00+08:00
  std::uint32_t rng = 2463534242u;
  std::size_t events = 0;

  void boot() {
    sync::Options o;
    o.timeout_ms = 1000;
    o.retry_base_ms = 10;
    o.retry_max_ms = 100;
    o.refresh_interval_ms = 500;
    o.validate = false;  // the answers are under test, not the filing rules
    engine = std::make_unique<sync::Engine>(
        transport, store,
        [this] {  // xorshift32: the same input always runs the same way
          rng ^= rng << 13;
          rng ^= rng >> 17;
          rng ^= rng << 5;
          return rng;
        },
        o, [this](std::string_view, const Json&) { ++events; });
    transport.sent.clear();
    engine->start();
  }

  void round() {
    store.complete(*engine);
    std::vector<sync::HttpRequest> reqs;
    reqs.swap(transport.sent);
    for (const sync::HttpRequest& r : reqs) {
      sync::HttpResponse a = answer(r);
      a.id = r.id;
      engine->on_http_done(std::move(a));
    }
    engine->pump(now);
    store.complete(*engine);
    engine->pump(now);
  }

  void run(int rounds, std::int64_t step_ms) {
    for (int i = 0; i < rounds; ++i) {
      round();
      now += step_ms;
    }
  }
};

}  // namespace cw::fuzz
