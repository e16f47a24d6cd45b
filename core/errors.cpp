// core/errors.cpp — lookups over the CW_ERRORS table (ids, messages, HTTP statuses).
// The table is the single source; everything here is generated from it.
#include "core/errors.h"

#include <array>

namespace cw {
namespace {

struct Row {
  std::string_view id;
  int http;
  std::string_view zh;
  std::string_view en;
};

constexpr std::array kRows = {
#define CW_ERRC_ROW(name, id, http, zh, en) Row{id, http, zh, en},
    CW_ERRORS(CW_ERRC_ROW)
#undef CW_ERRC_ROW
};

const Row& row(Errc code) {
  const auto i = static_cast<std::size_t>(code);
  return kRows[i < kRows.size() ? i : static_cast<std::size_t>(Errc::server_error)];
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

Lang lang_from_tag(std::string_view tag) { return starts_with_ci(tag, "en") ? Lang::en : Lang::zh_CN; }

std::string_view lang_tag(Lang lang) { return lang == Lang::en ? "en" : "zh-CN"; }

std::string_view code_id(Errc code) { return row(code).id; }

std::optional<Errc> errc_from_id(std::string_view id) {
  for (std::size_t i = 0; i < kRows.size(); ++i) {
    if (kRows[i].id == id) return static_cast<Errc>(i);
  }
  return std::nullopt;
}

std::string_view message(Errc code, Lang lang) { return lang == Lang::en ? row(code).en : row(code).zh; }

int http_status(Errc code) { return row(code).http; }

std::size_t error_count() { return kRows.size(); }

Errc errc_at(std::size_t index) {
  return index < kRows.size() ? static_cast<Errc>(index) : Errc::server_error;
}

}  // namespace cw
