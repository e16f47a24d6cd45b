// core/field_path.cpp — the field path table (field_path.h): names, list items, parsing.
#include "core/field_path.h"

namespace cw {

namespace {
constexpr std::string_view kPaths[] = {
#define CW_FIELD_STR(name, path) path,
    CW_FIELD_PATHS(CW_FIELD_STR)
#undef CW_FIELD_STR
};
}  // namespace

std::string_view path(Field f) { return kPaths[static_cast<std::size_t>(f)]; }

std::string path_str(Field f) { return std::string(path(f)); }

std::string item_path(Field list, std::size_t index) {
  return path_str(list) + "[" + std::to_string(index) + "]";
}

std::optional<std::size_t> item_of(std::string_view p, Field list) {
  const std::string_view base = path(list);
  if (p.size() < base.size() + 3 || p.substr(0, base.size()) != base || p[base.size()] != '[' || p.back() != ']') {
    return std::nullopt;
  }
  const std::string_view digits = p.substr(base.size() + 1, p.size() - base.size() - 2);
  if (digits.empty() || digits.size() > 6 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  std::size_t n = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

bool names(std::string_view p, Field f) { return p == path(f) || item_of(p, f).has_value(); }

std::optional<Field> field_of(std::string_view p) {
  const std::string_view base = p.substr(0, p.find('['));
  for (std::size_t i = 0; i < std::size(kPaths); ++i) {
    if (kPaths[i] == base && (base.size() == p.size() || item_of(p, static_cast<Field>(i)))) return static_cast<Field>(i);
  }
  return std::nullopt;
}

}  // namespace cw
