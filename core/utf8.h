// core/utf8.h — strict UTF-8: validation (no overlongs, surrogates or control characters), code point
// counting and decoding. DESIGN §3: text is valid UTF-8, lengths count code points.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"

namespace cw::utf8 {

enum class Lines : unsigned char {
  single,  // no control characters at all
  multi,   // tab and newline (LF) allowed: `problem`, `demand`, notes (DESIGN §3)
};

// Errc::ok, validation_utf8_invalid (bad sequence, overlong, surrogate, > U+10FFFF) or
// validation_control_char (C0 except the allowed ones, DEL, C1 U+0080–U+009F).
Errc check(std::string_view text, Lines lines = Lines::single);

bool is_valid(std::string_view text);  // well-formed UTF-8 (control characters allowed)

// Number of code points. Each byte of an invalid sequence counts as one (never crashes).
std::size_t count(std::string_view text);

// Code points; each byte of an invalid sequence becomes U+FFFD (for the UI, never aborts).
std::vector<char32_t> decode(std::string_view text);

// Appends the UTF-8 form of `cp` (U+FFFD for surrogates and values above U+10FFFF).
void append(std::string& out, char32_t cp);
std::string encode(const std::vector<char32_t>& cps);

// Decodes one code point at `pos`; returns its length in bytes, or 0 when the sequence is invalid.
std::size_t next(std::string_view text, std::size_t pos, char32_t& cp);

}  // namespace cw::utf8
