// server/log.h — structured logs: one JSON object per line on stderr. Callers pass only fields that
// are not personal data (DESIGN §8): never a phone, name, code, token or request body.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace cw::server {

using LogField = std::pair<std::string_view, std::string>;

// {"ts":"…","level":"info","event":"…",<fields>}. Values are written as JSON strings, except that a
// value starting with '#' is written as a raw number without the '#'.
void log_event(std::string_view level, std::string_view event, std::initializer_list<LogField> fields = {});

// A number field for log_event ("#42"). Built by append: `"#" + std::to_string(n)` trips g++ 12's
// false -Wrestrict positive at -O2.
inline std::string log_num(long long v) {
  std::string s(1, '#');
  s.append(std::to_string(v));
  return s;
}

// Turns a request path into a loggable route: query dropped, acceptance numbers and upload ids
// replaced ("/api/v1/complaints/TS-…/survey" → "/api/v1/complaints/{no}/survey").
std::string loggable_path(std::string_view path);

// Silences log lines (tests that expect errors keep their output short).
void set_log_enabled(bool on);

}  // namespace cw::server
