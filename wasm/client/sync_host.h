// wasm/client/sync_host.h — the browser side of the sync engine's ports (JsTransport, JsStore) over the
// cw_js_* functions of wasm/js/library_cw_sync.js, and the cw_emsc_* completion exports.
#pragma once

#include <memory>

#include "core/sync.h"

namespace cw::wasm {

class JsTransport final : public sync::Transport {
 public:
  void send(const sync::HttpRequest& request) override;
};

class JsStore final : public sync::Store {
 public:
  void put(std::uint64_t id, const std::string& key, const std::string& value) override;
  void remove(std::uint64_t id, const std::string& key) override;
  void load(std::uint64_t id, const std::string& prefix) override;
};

class JsClock final : public sync::Clock {
 public:
  std::int64_t now_ms() override;
};

std::uint32_t js_random();

// The one engine of this module instance; cw_emsc_http_done / cw_emsc_store_done feed it.
sync::Engine* host_engine();
void set_host_engine(sync::Engine* engine);

}  // namespace cw::wasm
