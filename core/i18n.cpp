// core/i18n.cpp — the UI string catalog tables and placeholder formatting.
// The table is generated from CW_UI_STRINGS so both languages always exist for every key.
#include "core/i18n.h"

#include <initializer_list>
#include <string>

namespace cw {

namespace {

struct Row {
  std::string_view key, zh, en;
};

constexpr Row kRows[] = {
#define CW_STR_ROW(key, zh, en) {#key, zh, en},
    CW_UI_STRINGS(CW_STR_ROW)
#undef CW_STR_ROW
};

constexpr std::size_t kCount = sizeof(kRows) / sizeof(kRows[0]);

}  // namespace

std::string_view tr(Str key, Lang lang) {
  auto i = static_cast<std::size_t>(key);
  if (i >= kCount) return {};
  return lang == Lang::en ? kRows[i].en : kRows[i].zh;
}

std::string_view str_key(Str key) {
  auto i = static_cast<std::size_t>(key);
  return i < kCount ? kRows[i].key : std::string_view{};
}

std::size_t str_count() { return kCount; }

Str str_at(std::size_t index) { return static_cast<Str>(index < kCount ? index : 0); }

std::string format(std::string_view pattern, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' &&
        pattern[i + 2] == '}') {
      auto n = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (n < args.size()) {
        out.append(*(args.begin() + n));
        i += 2;
        continue;
      }
    }
    out.push_back(pattern[i]);
  }
  return out;
}

}  // namespace cw
