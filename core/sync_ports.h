// core/sync_ports.h — the sync engine's ports: Transport (HTTP), Store (key/value persistence) and
// Clock, plus the injected random source. Adapters: wasm/js/library_cw_sync.js; fakes: tests/core.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace cw::sync {

// Transport status codes besides real HTTP statuses (TOOLCHAIN.md: the fetch wrapper tells them apart).
inline constexpr int kNetworkError = -1;  // fetch rejected: offline, DNS, connection reset, CORS
inline constexpr int kTimeout = -2;       // the AbortController fired after timeout_ms

struct HttpRequest {
  std::uint64_t id = 0;
  std::string method;  // "GET" | "POST"
  std::string path;    // relative to the API base: "/complaints", "/complaints/TS-…/survey"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;       // JSON text ("" = no body)
  std::string body_blob;  // uploads: store key of the bytes; the adapter reads them (never via the heap)
  int timeout_ms = 0;
};

struct HttpResponse {
  std::uint64_t id = 0;
  int status = kNetworkError;  // HTTP status, kNetworkError or kTimeout
  std::string body;
  std::string etag;
  std::string retry_after;  // the raw Retry-After header ("" when absent)
};

// Sends one request. The answer comes back later through Engine::on_http_done (never from inside
// send(): adapters complete asynchronously, fakes complete when the test says so).
class Transport {
 public:
  virtual ~Transport() = default;
  virtual void send(const HttpRequest& request) = 0;
};

struct StoreEntry {
  std::string key;
  std::string value;
};

// A small asynchronous key/value store (IndexedDB in the browser, a Map for storage: 'memory').
// Every call completes later through Engine::on_store_done(id, ok, entries) — entries only for load.
// Writes must be applied in the order they were issued (IndexedDB readwrite transactions on one
// object store are), so "put op, then remove op" can never resurrect the op.
class Store {
 public:
  virtual ~Store() = default;
  virtual void put(std::uint64_t id, const std::string& key, const std::string& value) = 0;
  virtual void remove(std::uint64_t id, const std::string& key) = 0;
  virtual void load(std::uint64_t id, const std::string& prefix) = 0;  // every key with this prefix
};

// Wall-clock milliseconds since the epoch (Date.now() in the browser). The engine itself never reads
// a clock: the host passes Clock::now_ms() to pump(), so tests drive time by hand.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now_ms() = 0;
};

// Uniform random 32-bit values: crypto.getRandomValues in the browser, a fixed sequence in tests.
// Used for idempotency keys, client refs and the backoff jitter.
using Random = std::function<std::uint32_t()>;

}  // namespace cw::sync
