// tests/fuzz/codec_fuzz.cpp — every JSON decoder (requests and responses) on arbitrary bytes: the
// depth-capped parser, then each decoder on the same document. No crash, no abort, and whatever a
// decoder accepts re-encodes and decodes to the same value.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/codec.h"
#include "core/json.h"
#include "core/time_limits.h"

namespace {

template <class T, class Decode>
void round_trip(const cw::Json& j, Decode decode) {
  auto first = decode(j);
  if (!first.ok()) return;
  auto again = decode(cw::to_json(first.value()));
  if (!again.ok() || !(again.value() == first.value())) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)cw::parse_filing(text, cw::shanghai_time(2026, 6, 1, 12));
  (void)cw::parse_policy(text);
  auto parsed = cw::parse_json(text);
  if (!parsed.ok()) return 0;
  const cw::Json& j = parsed.value();
  (void)cw::dump_json(j);
  round_trip<cw::Complaint>(j, [](const cw::Json& x) { return cw::complaint_from_json(x); });
  round_trip<cw::Survey>(j, [](const cw::Json& x) { return cw::survey_from_json(x); });
  round_trip<cw::Deadlines>(j, [](const cw::Json& x) { return cw::deadlines_from_json(x); });
  round_trip<cw::CustomerView>(j, [](const cw::Json& x) { return cw::customer_view_from_json(x); });
  round_trip<cw::Case>(j, [](const cw::Json& x) { return cw::case_from_json(x); });
  (void)cw::staff_action_from_json(j);
  (void)cw::error_from_json(j);
  for (auto a : {cw::Action::withdraw, cw::Action::escalate, cw::Action::survey, cw::Action::supplement})
    (void)cw::customer_action_from_json(a, j);
  return 0;
}
