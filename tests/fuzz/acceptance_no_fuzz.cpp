// tests/fuzz/acceptance_no_fuzz.cpp — the acceptance-number parser never crashes, and whatever it
// accepts is canonical and parses to itself again.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/acceptance_no.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = cw::parse_acceptance_no(text);
  if (parsed.ok()) {
    auto again = cw::parse_acceptance_no(parsed.value());
    if (!again.ok() || again.value() != parsed.value()) std::abort();
  }
  return 0;
}
