// core/iso_time.h — instants (UTC seconds), ISO-8601 with offset parsing and formatting, and the
// Asia/Shanghai civil day (UTC+8, no DST since 1991) that every deadline is counted in (DESIGN §3).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/errors.h"

namespace cw {

using Timestamp = std::chrono::sys_seconds;  // an instant, UTC, whole seconds

// Asia/Shanghai: civil time is UTC+8 all year (TOOLCHAIN.md), so no tz database is needed.
inline constexpr std::chrono::seconds kShanghaiOffset{8 * 3600};

// "2026-01-05T10:00:00+08:00", "2026-01-05T02:00:00Z", "…T10:00+0800", "…T10:00:00.123+08:00".
// The offset is required (DESIGN §4: times are ISO-8601 with offset); fractions are truncated.
// Error: Errc::validation_date_invalid.
Result<Timestamp> parse_iso8601(std::string_view text);

// Formats with the given offset in minutes (default +08:00); offset 0 is written "Z".
std::string format_iso8601(Timestamp t, int offset_minutes = 480);

// The Shanghai calendar day an instant falls on, and the last second (23:59:59 +08:00) of a day.
std::chrono::sys_days shanghai_day(Timestamp t);
Timestamp end_of_shanghai_day(std::chrono::sys_days day);

// A Timestamp from a Shanghai civil date and time (for tests and fixtures).
Timestamp shanghai_time(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0);

}  // namespace cw
