// core/acceptance_no.h — acceptance numbers (受理编号, spec 二(二)4): `TS-YYMMDD-XXXXXXXX-C` in Crockford
// base32 with a Damm check symbol over GF(32); generator (randomness injected) and forgiving parser.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/errors.h"
#include "core/iso_time.h"

namespace cw {

// Crockford's base32: 0-9, A-Z without I, L, O, U (DESIGN §3).
inline constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// The check symbol covers the 14 data symbols (6 date digits + 8 random symbols); the constant `TS`
// prefix is not covered (it may be omitted when typing). 14 data + 1 check = the 15 covered symbols.
inline constexpr std::size_t kAcceptanceDataSymbols = 14;
inline constexpr std::size_t kAcceptanceCanonicalLength = 20;  // "TS-YYMMDD-XXXXXXXX-C"

// Damm quasigroup over GF(32) = GF(2)[x]/(x^5 + x^2 + 1):  x∘y = α·x ⊕ y with α = 2 (the class of x),
// α ∉ {0, 1}, so the operation is a totally anti-symmetric quasigroup (proved exhaustively in tests).
unsigned gf32_mul(unsigned a, unsigned b);
unsigned damm_op(unsigned x, unsigned y);
// Runs the Damm interim over symbol values (0..31); a valid number (data + check) ends at 0.
unsigned damm_interim(const unsigned* values, std::size_t count, unsigned start = 0);
// The check value for data values: the c with interim(data)∘c == 0, i.e. c = α·interim.
unsigned damm_check(const unsigned* values, std::size_t count);

// Symbol ↔ value; -1 for a character outside the canonical alphabet.
int crockford_value(char c);

// Builds the canonical number for the Shanghai filing date and 40 random bits (higher bits ignored).
std::string make_acceptance_no(std::chrono::year_month_day filing_date, std::uint64_t random40);

// A callable giving 40 random bits (e.g. from the OS CSPRNG on the server, a fixed sequence in tests).
using Random40 = std::function<std::uint64_t()>;
// Issues a number for a filing at `now` (the date is the Shanghai calendar day of `now`).
std::string generate_acceptance_no(Timestamp now, const Random40& random40);

// Accepts any case, spaces or dashes (ASCII or full-width), an omitted `TS`, O typed for 0 and I/L for
// 1; returns the canonical form. Errors: acceptance_no_incomplete (a valid beginning, keep typing),
// acceptance_no_format (not shaped like a number), acceptance_no_checksum (a typo: the check fails).
Result<std::string> parse_acceptance_no(std::string_view text);

}  // namespace cw
