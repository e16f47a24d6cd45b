// core/acceptance_no.cpp — Damm check over GF(32), generator and parser of acceptance numbers.
// Why Damm: a single check symbol that detects every single substitution and every adjacent
// transposition (DESIGN §3), with no special cases; see tests/core/acceptance_no_test.cpp for the proof.
#include "core/acceptance_no.h"

#include "core/utf8.h"

namespace cw {
namespace {

constexpr unsigned kPoly = 0x25;  // x^5 + x^2 + 1, primitive over GF(2)
constexpr unsigned kAlpha = 2;    // α = x

}  // namespace

unsigned gf32_mul(unsigned a, unsigned b) {
  a &= 31u;
  b &= 31u;
  unsigned r = 0;
  while (b != 0) {
    if (b & 1u) r ^= a;
    b >>= 1;
    a <<= 1;
    if (a & 32u) a ^= kPoly;
  }
  return r;
}

unsigned damm_op(unsigned x, unsigned y) { return gf32_mul(kAlpha, x) ^ (y & 31u); }

unsigned damm_interim(const unsigned* values, std::size_t count, unsigned start) {
  unsigned interim = start & 31u;
  for (std::size_t i = 0; i < count; ++i) interim = damm_op(interim, values[i]);
  return interim;
}

unsigned damm_check(const unsigned* values, std::size_t count) {
  // interim∘c = α·interim ⊕ c = 0  ⇔  c = α·interim (characteristic 2).
  return gf32_mul(kAlpha, damm_interim(values, count));
}

int crockford_value(char c) {
  for (std::size_t i = 0; i < kCrockford.size(); ++i) {
    if (kCrockford[i] == c) return static_cast<int>(i);
  }
  return -1;
}

std::string make_acceptance_no(std::chrono::year_month_day date, std::uint64_t random40) {
  const int yy = static_cast<int>(date.year()) % 100;
  const unsigned mm = static_cast<unsigned>(date.month());
  const unsigned dd = static_cast<unsigned>(date.day());
  unsigned v[kAcceptanceDataSymbols] = {
      static_cast<unsigned>(yy / 10), static_cast<unsigned>(yy % 10), mm / 10, mm % 10, dd / 10, dd % 10};
  for (std::size_t i = 0; i < 8; ++i) {
    v[6 + i] = static_cast<unsigned>((random40 >> (5 * (7 - i))) & 31u);
  }
  std::string out = "TS-";
  for (std::size_t i = 0; i < kAcceptanceDataSymbols; ++i) {
    if (i == 6) out += '-';
    out += kCrockford[v[i]];
  }
  out += '-';
  out += kCrockford[damm_check(v, kAcceptanceDataSymbols)];
  return out;
}

std::string generate_acceptance_no(Timestamp now, const Random40& random40) {
  const std::chrono::year_month_day date{shanghai_day(now)};
  return make_acceptance_no(date, random40 ? random40() : 0);
}

Result<std::string> parse_acceptance_no(std::string_view text) {
  // 1. Fold what people type (full-width forms from Chinese IMEs, lower case, look-alikes) and drop
  //    separators.
  std::string sym;
  for (char32_t cp : utf8::decode(text)) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (cp == U' ' || cp == U'-' || cp == U'\t' || cp == 0x3000 || (cp >= 0x2010 && cp <= 0x2015) ||
        cp == 0x2212 || cp == U'_')
      continue;
    if (cp >= U'a' && cp <= U'z') cp -= 32;
    if (cp > 0x7F) return Error(Errc::acceptance_no_format);
    sym += static_cast<char>(cp);
    if (sym.size() > 32) return Error(Errc::acceptance_no_format);
  }
  if (sym.empty()) return Error(Errc::acceptance_no_incomplete);
  // 2. The optional prefix: the date part is digits, so a leading T is always the prefix.
  if (sym[0] == 'T') {
    if (sym.size() == 1) return Error(Errc::acceptance_no_incomplete);
    if (sym[1] != 'S') return Error(Errc::acceptance_no_format);
    sym.erase(0, 2);
    if (sym.empty()) return Error(Errc::acceptance_no_incomplete);
  }
  // 3. Look-alikes (Crockford): O → 0, I and L → 1; then every symbol must be in the alphabet.
  unsigned v[kAcceptanceDataSymbols + 1] = {};
  if (sym.size() > kAcceptanceDataSymbols + 1) return Error(Errc::acceptance_no_format);
  for (std::size_t i = 0; i < sym.size(); ++i) {
    char c = sym[i];
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    const int value = crockford_value(c);
    if (value < 0) return Error(Errc::acceptance_no_format);
    if (i < 6 && value > 9) return Error(Errc::acceptance_no_format);  // the date is digits
    v[i] = static_cast<unsigned>(value);
    sym[i] = c;
  }
  // The date must be a real calendar day (checked as soon as it is typed).
  if (sym.size() >= 4) {
    const unsigned mm = v[2] * 10 + v[3];
    if (mm < 1 || mm > 12) return Error(Errc::acceptance_no_format);
    if (sym.size() >= 6) {
      const unsigned dd = v[4] * 10 + v[5];
      const std::chrono::year_month_day ymd{std::chrono::year{2000 + static_cast<int>(v[0] * 10 + v[1])},
                                            std::chrono::month{mm}, std::chrono::day{dd}};
      if (!ymd.ok()) return Error(Errc::acceptance_no_format);
    }
  }
  if (sym.size() < kAcceptanceDataSymbols + 1) return Error(Errc::acceptance_no_incomplete);
  // 4. The check symbol: any single substitution or adjacent transposition lands here.
  if (damm_interim(v, kAcceptanceDataSymbols + 1) != 0) return Error(Errc::acceptance_no_checksum);
  return "TS-" + sym.substr(0, 6) + "-" + sym.substr(6, 8) + "-" + sym.substr(14, 1);
}

}  // namespace cw
