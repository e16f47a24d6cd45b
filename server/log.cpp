// server/log.cpp — the structured logger; one fputs per line so concurrent lines never interleave.
#include "server/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>

#include "core/iso_time.h"

namespace cw::server {
namespace {

std::atomic<bool> g_enabled{true};

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

}  // namespace

void set_log_enabled(bool on) { g_enabled = on; }

void log_event(std::string_view level, std::string_view event, std::initializer_list<LogField> fields) {
  if (!g_enabled) return;
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::string line = "{\"ts\":";
  append_json_string(line, format_iso8601(now, 0));
  line += ",\"level\":";
  append_json_string(line, level);
  line += ",\"event\":";
  append_json_string(line, event);
  for (const auto& [k, v] : fields) {
    line.push_back(',');
    append_json_string(line, k);
    line.push_back(':');
    if (!v.empty() && v[0] == '#') line.append(v, 1);
    else append_json_string(line, v);
  }
  line += "}\n";
  std::fputs(line.c_str(), stderr);
}

std::string loggable_path(std::string_view path) {
  auto q = path.find('?');
  if (q != std::string_view::npos) path = path.substr(0, q);
  std::string out;
  std::size_t i = 0;
  std::string_view prev;
  while (i < path.size()) {
    std::size_t j = path.find('/', i + 1);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);  // includes the leading '/'
    if (prev == "/complaints" || prev == "/uploads" || prev == "/survey") out += "/{id}";
    else out.append(seg.substr(0, 200));
    prev = seg;
    i = j;
  }
  return out.empty() ? std::string("/") : out;
}

}  // namespace cw::server
