// core/iso_time.cpp — a small hand-written ISO-8601 reader/writer on sys_days (no <regex>, no
// <chrono> time zones: neither is available or affordable in the browser build).
#include "core/iso_time.h"

#include <cstdio>

namespace cw {
namespace {

using namespace std::chrono;

// Reads exactly `width` decimal digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, std::size_t width, int& out) {
  if (pos > s.size() || s.size() - pos < width) return false;
  int v = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += width;
  out = v;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

Result<Timestamp> parse_iso8601(std::string_view s) {
  const Error bad(Errc::validation_date_invalid);
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, pos, 4, y) || !expect(s, pos, '-') || !digits(s, pos, 2, mo) || !expect(s, pos, '-') ||
      !digits(s, pos, 2, d))
    return bad;
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) return bad;
  ++pos;
  if (!digits(s, pos, 2, h) || !expect(s, pos, ':') || !digits(s, pos, 2, mi)) return bad;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!digits(s, pos, 2, sec)) return bad;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      const std::size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start || pos - start > 9) return bad;
    }
  }
  if (h > 23 || mi > 59 || sec > 59) return bad;  // no leap seconds: sys_time cannot hold them
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return bad;
  if (pos >= s.size()) return bad;  // the offset is required
  int offset_min = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!digits(s, pos, 2, oh)) return bad;
    if (pos < s.size() && s[pos] == ':') ++pos;
    if (!digits(s, pos, 2, om)) return bad;
    if (oh > 23 || om > 59) return bad;
    offset_min = sign * (oh * 60 + om);
  } else {
    return bad;
  }
  if (pos != s.size()) return bad;
  const Timestamp local = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec};
  return Timestamp{local - minutes{offset_min}};
}

std::string format_iso8601(Timestamp t, int offset_minutes) {
  const Timestamp local = t + minutes{offset_minutes};
  const sys_days day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> tod{local - day};
  char buf[40];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                              static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                              static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                              static_cast<int>(tod.seconds().count()));
  std::string out(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  if (offset_minutes == 0) {
    out += 'Z';
  } else {
    const int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
    out += buf;
  }
  return out;
}

sys_days shanghai_day(Timestamp t) { return floor<days>(t + kShanghaiOffset); }

Timestamp end_of_shanghai_day(sys_days day) {
  return Timestamp{day} + hours{23} + minutes{59} + seconds{59} - kShanghaiOffset;
}

Timestamp shanghai_time(int y, unsigned mo, unsigned d, int h, int mi, int sec) {
  const sys_days day{year{y} / month{mo} / std::chrono::day{d}};
  return Timestamp{day} + hours{h} + minutes{mi} + seconds{sec} - kShanghaiOffset;
}

}  // namespace cw
