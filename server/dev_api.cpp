// server/dev_api.cpp — GET /api/v1/dev/messages?to=PHONE (DESIGN §4 dev notifier). Registered only
// with --dev: it shows one-time codes and survey links, so it must never exist in production.
#include "core/iso_time.h"
#include "server/app.h"
#include "server/http_util.h"

namespace cw::server {

void register_dev_routes(Router& r, Context& ctx) {
  r.get("/api/v1/dev/messages", [&ctx](const httplib::Request& req, httplib::Response& res) {
    json items = json::array();
    // A lookup code's message is composed after its answer (server/after_answer.h): show it once it is.
    ctx.after_answer->drain();
    if (ctx.dev_notifier && req.has_param("to")) {
      for (const Message& m : ctx.dev_notifier->messages_to(req.get_param_value("to"))) {
        json j = {{"to", m.to}, {"kind", m.kind}, {"channel", m.channel}, {"text", m.text},
                  {"at", format_iso8601(m.at)}};
        if (!m.code.empty()) j["code"] = m.code;
        if (!m.link.empty()) j["link"] = m.link;
        items.push_back(std::move(j));
      }
    }
    res.set_header("Cache-Control", "no-store");
    send_json(res, 200, {{"messages", std::move(items)}});
  });
}

}  // namespace cw::server
