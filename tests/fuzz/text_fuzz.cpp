// tests/fuzz/text_fuzz.cpp — UTF-8 validation and decoding, text checks, ISO-8601 parsing, phone and
// e-mail checks, upload sniffing: no crash on any bytes; decode/encode round-trips valid text.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/iso_time.h"
#include "core/utf8.h"
#include "core/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (cw::utf8::is_valid(text)) {
    auto cps = cw::utf8::decode(text);
    if (cps.size() != cw::utf8::count(text)) std::abort();
    if (cw::utf8::encode(cps) != text) std::abort();
  }
  (void)cw::check_text(text, 1, 2000, true);
  (void)cw::check_text(text, 1, 40, false);
  auto t = cw::parse_iso8601(text);
  if (t.ok()) (void)cw::format_iso8601(t.value());
  (void)cw::is_contact_phone(text);
  (void)cw::is_email(text);
  (void)cw::is_broadband_account(text);
  (void)cw::is_uuid(text);
  (void)cw::check_upload(text);
  return 0;
}
