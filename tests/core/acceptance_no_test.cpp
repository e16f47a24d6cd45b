// tests/core/acceptance_no_test.cpp — acceptance numbers (DESIGN §3, spec 二(二)4): format, parser
// forgiveness, and the exhaustive proof that every single substitution and every adjacent
// transposition of the 15 covered symbols (6 date + 8 random + check) is detected.
#include "core/acceptance_no.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

namespace cw {
namespace {

using namespace std::chrono;

constexpr std::size_t kCovered = kAcceptanceDataSymbols + 1;  // 15

// --- The algebra, exhaustively -----------------------------------------------------------------

TEST(AcceptanceNo, Gf32IsAFieldWithPrimitiveAlpha) {
  // α = 2 generates all 31 non-zero elements: x^5 + x^2 + 1 is primitive.
  unsigned p = 1;
  for (int i = 1; i <= 31; ++i) {
    p = gf32_mul(p, 2);
    EXPECT_EQ(p == 1, i == 31) << i;
  }
  for (unsigned a = 1; a < 32; ++a) {  // every non-zero element has an inverse
    int inverses = 0;
    for (unsigned b = 1; b < 32; ++b) inverses += gf32_mul(a, b) == 1;
    EXPECT_EQ(inverses, 1) << a;
  }
}

TEST(AcceptanceNo, DammOperationIsATotallyAntiSymmetricQuasigroup) {
  for (unsigned x = 0; x < 32; ++x) {
    for (unsigned a = 0; a < 32; ++a) {
      for (unsigned b = 0; b < 32; ++b) {
        if (a == b) continue;
        EXPECT_NE(damm_op(x, a), damm_op(x, b));  // rows are permutations: substitution changes the interim
        EXPECT_NE(damm_op(a, x), damm_op(b, x));  // columns are permutations: a difference survives later steps
        EXPECT_NE(damm_op(damm_op(x, a), b), damm_op(damm_op(x, b), a));  // anti-symmetry: transpositions
      }
    }
  }
  // Why this suffices for any position: the interims before the error agree; right after it they
  // differ (row property / anti-symmetry); every later step maps the interim through a permutation
  // (column property), so the final interims differ and at most one of them can be 0.
}

TEST(AcceptanceNo, ExhaustiveOverEveryPositionAndEveryPairAtValueLevel) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 40; ++round) {
    unsigned v[kCovered];
    for (std::size_t i = 0; i < kAcceptanceDataSymbols; ++i) v[i] = rng() % 32;
    v[kAcceptanceDataSymbols] = damm_check(v, kAcceptanceDataSymbols);
    ASSERT_EQ(damm_interim(v, kCovered), 0u);
    for (std::size_t pos = 0; pos < kCovered; ++pos) {
      // Every single-symbol substitution at every position.
      for (unsigned b = 0; b < 32; ++b) {
        if (b == v[pos]) continue;
        unsigned w[kCovered];
        std::copy(v, v + kCovered, w);
        w[pos] = b;
        EXPECT_NE(damm_interim(w, kCovered), 0u) << "pos " << pos;
      }
    }
    for (std::size_t pos = 0; pos + 1 < kCovered; ++pos) {
      // Every ordered pair (a, b), a ≠ b, placed at pos, pos+1, then swapped. For pos + 1 == 14 the
      // pair includes the check symbol, so the prefix is re-drawn to reach every (a, check) pair.
      for (unsigned a = 0; a < 32; ++a) {
        for (unsigned b = 0; b < 32; ++b) {
          if (a == b) continue;
          unsigned w[kCovered];
          std::copy(v, v + kCovered, w);
          w[pos] = a;
          if (pos + 1 < kAcceptanceDataSymbols) {
            w[pos + 1] = b;
            w[kAcceptanceDataSymbols] = damm_check(w, kAcceptanceDataSymbols);
          } else {
            // Choose the symbol before `a` so that the check comes out as b: interim after pos-1 must
            // be i with α·(α·i ⊕ a) = b; search all 32 values of w[pos-1].
            bool found = false;
            for (unsigned s = 0; s < 32 && !found; ++s) {
              w[pos - 1] = s;
              w[kAcceptanceDataSymbols] = damm_check(w, kAcceptanceDataSymbols);
              found = w[kAcceptanceDataSymbols] == b;
            }
            ASSERT_TRUE(found);
          }
          ASSERT_EQ(damm_interim(w, kCovered), 0u);
          std::swap(w[pos], w[pos + 1]);
          EXPECT_NE(damm_interim(w, kCovered), 0u) << "pos " << pos << " a " << a << " b " << b;
        }
      }
    }
  }
}

// --- Generator and parser on strings ----------------------------------------------------------------

std::uint64_t Fixed() { return 0x123456789AULL; }

TEST(AcceptanceNo, GeneratorMakesTheCanonicalForm) {
  const std::string no = make_acceptance_no(2026y / January / 5, Fixed());
  ASSERT_EQ(no.size(), kAcceptanceCanonicalLength);
  EXPECT_EQ(no.substr(0, 10), "TS-260105-");
  EXPECT_EQ(no.substr(10, 8), "28T5CY4T");  // 0x123456789A in 5-bit groups: 2 8 26 5 12 30 4 26
  EXPECT_EQ(no[18], '-');
  EXPECT_TRUE(parse_acceptance_no(no).ok());
  EXPECT_EQ(parse_acceptance_no(no).value(), no);
  // The date is the Shanghai calendar day: 2026-01-05 16:30 UTC is already the 6th in Shanghai.
  const Timestamp t = shanghai_time(2026, 1, 6, 0, 30);
  EXPECT_EQ(generate_acceptance_no(t, Fixed).substr(0, 10), "TS-260106-");
  EXPECT_EQ(generate_acceptance_no(t, {}).substr(10, 8), "00000000");  // no source → zeros, never a crash
  // Only 40 bits are used.
  EXPECT_EQ(make_acceptance_no(2026y / January / 5, Fixed() | (1ULL << 45)), no);
}

TEST(AcceptanceNo, ExampleInTheErrorMessageIsValid) {
  // acceptance_no.format shows an example; it must itself be a valid number.
  const std::string example = "TS-260105-7K3M9QXZ-";
  bool any_valid = false;
  for (char c : kCrockford) any_valid |= parse_acceptance_no(example + c).ok() &&
                                           std::string(message(Errc::acceptance_no_format, Lang::en))
                                                   .find(example + c) != std::string::npos;
  EXPECT_TRUE(any_valid);
}

TEST(AcceptanceNo, ParserForgivesWhatPeopleType) {
  const std::string no = make_acceptance_no(2026y / March / 31, 0xFEDCBA9876ULL);
  std::string lower;
  for (char c : no) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  std::string bare, spaced;
  for (char c : no) {
    if (c != '-') bare += c;
    spaced += c == '-' ? ' ' : c;
  }
  for (const std::string& s : {lower, bare, spaced, bare.substr(2), no.substr(3), " " + no + " ",
                               std::string("ＴＳ－") + no.substr(3)}) {
    const auto r = parse_acceptance_no(s);
    ASSERT_TRUE(r.ok()) << s << " " << code_id(r.code());
    EXPECT_EQ(r.value(), no) << s;
  }
  // O for 0, I and L for 1.
  const std::string zeros = make_acceptance_no(2026y / January / 10, 0x0000000000ULL);  // "TS-260110-00000000-?"
  std::string typed = zeros;
  typed[8] = 'O';   // date 260110 → 26011O
  typed[11] = 'o';
  EXPECT_EQ(parse_acceptance_no(typed).value(), zeros);
  const std::string ones = make_acceptance_no(2026y / November / 11, 0x0842108421ULL);  // random "11111111"
  ASSERT_EQ(ones.substr(10, 8), "11111111");
  std::string typed1 = ones;
  typed1[5] = 'l';   // date 261111 → 26l1I1
  typed1[7] = 'I';
  typed1[10] = 'L';
  typed1[17] = 'i';
  EXPECT_EQ(parse_acceptance_no(typed1).value(), ones);
}

TEST(AcceptanceNo, ParserErrorsSayWhatIsWrong) {
  const std::string no = make_acceptance_no(2026y / January / 5, Fixed());
  EXPECT_EQ(parse_acceptance_no("").code(), Errc::acceptance_no_incomplete);
  EXPECT_EQ(parse_acceptance_no("T").code(), Errc::acceptance_no_incomplete);
  EXPECT_EQ(parse_acceptance_no("TS-").code(), Errc::acceptance_no_incomplete);
  EXPECT_EQ(parse_acceptance_no("TS-2601").code(), Errc::acceptance_no_incomplete);
  EXPECT_EQ(parse_acceptance_no(no.substr(0, 19)).code(), Errc::acceptance_no_incomplete);
  EXPECT_EQ(parse_acceptance_no(no + "0").code(), Errc::acceptance_no_format);
  EXPECT_EQ(parse_acceptance_no("TX-260105").code(), Errc::acceptance_no_format);
  EXPECT_EQ(parse_acceptance_no("TS-26A105").code(), Errc::acceptance_no_format);  // date is digits
  EXPECT_EQ(parse_acceptance_no("TS-261305").code(), Errc::acceptance_no_format);  // month 13
  EXPECT_EQ(parse_acceptance_no("TS-260230").code(), Errc::acceptance_no_format);  // 30 February
  EXPECT_EQ(parse_acceptance_no("TS-260105-UUUUUUUU-0").code(), Errc::acceptance_no_format);
  EXPECT_EQ(parse_acceptance_no("TS-260105-张").code(), Errc::acceptance_no_format);
  EXPECT_EQ(parse_acceptance_no("TS-260105-\xFF").code(), Errc::acceptance_no_format);
  EXPECT_EQ(parse_acceptance_no(std::string(100, '1')).code(), Errc::acceptance_no_format);
  std::string typo = no;
  typo[12] = typo[12] == 'A' ? 'B' : 'A';
  EXPECT_EQ(parse_acceptance_no(typo).code(), Errc::acceptance_no_checksum);
}

// Symbol index (0..14 over the covered symbols) → index in the canonical string.
std::size_t CanonicalIndex(std::size_t covered) {
  return covered < 6 ? 3 + covered : covered < 14 ? 4 + covered : 19;
}

TEST(AcceptanceNo, EverySubstitutionAndAdjacentTranspositionOfRealNumbersIsRefused) {
  std::mt19937_64 rng(2026);
  const year_month_day dates[] = {2026y / January / 1, 2026y / February / 28, 2028y / February / 29,
                                  2026y / December / 31, 2030y / June / 15};
  for (int round = 0; round < 60; ++round) {
    const std::string no = make_acceptance_no(dates[round % 5], rng() & ((1ULL << 40) - 1));
    ASSERT_TRUE(parse_acceptance_no(no).ok()) << no;
    for (std::size_t k = 0; k < kCovered; ++k) {
      const std::size_t at = CanonicalIndex(k);
      for (char b : kCrockford) {
        if (b == no[at]) continue;
        std::string typo = no;
        typo[at] = b;
        EXPECT_FALSE(parse_acceptance_no(typo).ok()) << typo;
      }
      if (k + 1 < kCovered) {
        const std::size_t next = CanonicalIndex(k + 1);
        if (no[at] == no[next]) continue;
        std::string swapped = no;
        std::swap(swapped[at], swapped[next]);  // adjacent symbols (also across a dash)
        EXPECT_FALSE(parse_acceptance_no(swapped).ok()) << swapped;
      }
    }
  }
}

}  // namespace
}  // namespace cw
