// tests/fuzz/sync_op_fuzz.cpp — the stored outbox (DESIGN §8: decoders never crash): decode_op on
// arbitrary record text, then the engine booting over a store that holds it. No crash, no abort; a
// record that could not be read is kept byte for byte; one that could re-encodes to a record that
// reads back the same.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/sync_op.h"
#include "tests/fuzz/sync_fuzz_world.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cw::sync;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Op op = decode_op("fuzz", text);
  const std::string record = encode_op(op);
  if (!op.raw.empty()) {
    // Never rewritten, never lost (an empty record is kept as "null", see unusable()).
    if (record != op.raw || op.raw != (text.empty() ? std::string_view("null") : text)) std::abort();
  } else {
    // Usable: the current format reads back as the same op (a migrated v1 record included).
    const Op again = decode_op("fuzz", record);
    if (!again.raw.empty() || encode_op(again) != record) std::abort();
  }
  (void)op_path(op);
  if (op.last_error) (void)cw::dump_json(op_error_json(*op.last_error, cw::Lang::en));

  // The engine loads it (migrating version 1), lists it, sends it if it may, and a 4xx, a retry and
  // a success all leave a store it can boot from again.
  cw::fuzz::World w;
  w.store.data["op:fuzz"] = std::string(text);
  w.store.data["blob:fuzz"] = "bytes";
  int calls = 0;
  w.answer = [&calls](const HttpRequest& r) {
    ++calls;
    if (calls == 1) return HttpResponse{0, 422, R"({"error":{"code":"validation.required","fields":{"text":"validation.required"}}})", {}, {}};
    if (r.path == "/uploads") return HttpResponse{0, 201, R"({"id":"up1","sha256":"00","size":5,"type":"image/png"})", {}, {}};
    if (r.path == "/complaints") {
      return HttpResponse{0, 201, R"({"acceptance_no":"TS-260105-00000001-5","status":"received","access_token":"t"})", {}, {}};
    }
    return HttpResponse{0, 200, R"({"acceptance_no":"TS-260105-00000001-5","status":"received"})", {}, {}};
  };
  w.boot();
  w.run(3, 2000);
  (void)cw::dump_json(w.engine->pending());
  (void)cw::dump_json(w.engine->mine());
  (void)w.engine->retry("fuzz");
  w.engine->flush(1, true, true);
  w.run(3, 2000);
  (void)cw::dump_json(w.engine->pending());
  (void)w.engine->discard("fuzz");
  w.boot();  // a reload over what the first run left
  w.run(2, 2000);
  (void)cw::dump_json(w.engine->pending());
  return 0;
}
