// tests/fuzz/sync_answers_fuzz.cpp — the sync engine on server answers it cannot trust (DESIGN §8:
// the wasm module never aborts on a bad server answer). The engine files a complaint with an upload,
// queues a supplement and a survey, and asks for /meta, a lookup verification and a complaint view;
// every request is answered with the fuzz input, the engine retries and refreshes, then reloads from
// what it stored. No crash, no abort, and the views and the stored state stay encodable.
//
// Input: an optional first line `STATUS[ RETRY-AFTER]` (e.g. "201\n", "429 30\n"), then the body.
// Without a status line the status comes from the first byte, so plain JSON inputs still vary it.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tests/fuzz/sync_fuzz_world.h"

namespace {

constexpr const char* kNo = "TS-260105-00000001-5";

struct Answer {
  int status = 200;
  std::string retry_after;
  std::string body;
};

Answer read_input(std::string_view in) {
  static constexpr int kStatuses[] = {200, 201, 202, 304, 400, 401, 404, 409, 413, 422, 429, 500, 503,
                                      cw::sync::kNetworkError, cw::sync::kTimeout, 204};
  Answer a;
  const std::size_t nl = in.find('\n');
  if (nl != std::string_view::npos && nl >= 3 && nl <= 24 && in[0] >= '1' && in[0] <= '5' &&
      in.substr(0, 3).find_first_not_of("0123456789") == std::string_view::npos) {
    a.status = (in[0] - '0') * 100 + (in[1] - '0') * 10 + (in[2] - '0');
    if (nl > 4 && in[3] == ' ') a.retry_after = std::string(in.substr(4, nl - 4));
    a.body = std::string(in.substr(nl + 1));
    return a;
  }
  a.status = in.empty() ? 200 : kStatuses[static_cast<unsigned char>(in[0]) % std::size(kStatuses)];
  a.retry_after = "1";
  a.body = std::string(in);
  return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cw::sync;
  const Answer in = read_input(std::string_view(reinterpret_cast<const char*>(data), size));
  cw::fuzz::World w;
  // "My complaints" already holds one (number + token + a cached view), so actions, views and the
  // 304 path are all reachable.
  w.store.data[std::string("mine:") + kNo] = cw::dump_json(cw::Json{
      {"acceptance_no", kNo}, {"access_token", "tok"}, {"status", "received"}, {"client_ref", "c0"},
      {"refreshed_at", 0}, {"etag", "\"v1\""}, {"view", {{"acceptance_no", kNo}, {"status", "received"}}}});
  w.store.data["blob:1"] = "\x89PNG";
  w.answer = [&in](const HttpRequest&) { return HttpResponse{0, in.status, in.body, in.retry_after, in.retry_after}; };
  w.boot();
  w.run(1, 0);

  cw::Json filing = {{"business_type", "mobile"}, {"category", "billing"}, {"problem", "话费多扣了两次，请核实"},
                     {"demand", "退费"}, {"evidence", {"upload:0"}}, {"consent", true},
                     {"customer", {{"name", "王小明"}, {"phone", "13912345678"}, {"reply_method", "sms"}}}};
  (void)w.engine->file(filing, {UploadSpec{"blob:1", "image/png"}});
  (void)w.engine->act(OpKind::supplement, kNo, cw::Json{{"text", "补充"}});
  (void)w.engine->act(OpKind::survey, kNo, cw::Json{{"overall", 2}, {"resolved", false}});
  w.engine->meta(1);
  w.engine->verify_lookup(2, kNo, cw::Json{{"phone", "13912345678"}, {"code", "123456"}});
  w.engine->get_complaint(3, kNo);
  w.engine->call(4, "GET", "/meta", cw::Json());
  w.run(4, 700);  // past the backoff cap and the watchdog: retries go again

  // The customer retries what a 4xx stopped; the host flushes by hand; the page reloads.
  for (const cw::Json& p : w.engine->pending()) {
    if (p.is_object() && p.contains("op") && p["op"].is_string()) (void)w.engine->retry(p["op"].get<std::string>());
  }
  w.engine->flush(9, true, true);
  w.engine->get_complaint(5, kNo);
  w.run(2, 700);
  (void)cw::dump_json(w.engine->pending());
  (void)cw::dump_json(w.engine->mine());
  w.boot();
  w.engine->meta(6);
  w.run(2, 700);
  (void)cw::dump_json(w.engine->pending());
  (void)cw::dump_json(w.engine->mine());
  return 0;
}
