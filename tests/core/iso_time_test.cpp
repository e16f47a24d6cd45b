// tests/core/iso_time_test.cpp — ISO-8601 with offset (DESIGN §4: times carry an offset) and the
// Shanghai civil day used for deadlines (DESIGN §3).
#include "core/iso_time.h"

#include <gtest/gtest.h>

namespace cw {
namespace {

using namespace std::chrono;

TEST(IsoTime, ParsesOffsetsZuluAndFractions) {
  const Timestamp t = shanghai_time(2026, 1, 5, 10, 0, 0);
  for (const char* s : {"2026-01-05T10:00:00+08:00", "2026-01-05T02:00:00Z", "2026-01-05t02:00:00z",
                        "2026-01-05T10:00+08:00", "2026-01-05T10:00:00.999+08:00", "2026-01-05 10:00:00+0800",
                        "2026-01-04T21:00:00-05:00", "2026-01-05T10:00:00,5+08:00"}) {
    const auto r = parse_iso8601(s);
    ASSERT_TRUE(r.ok()) << s;
    EXPECT_EQ(r.value(), t) << s;
  }
}

TEST(IsoTime, RejectsWhatIsNotAnInstant) {
  for (const char* s : {"", "2026-01-05", "2026-01-05T10:00:00", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
                        "2026-01-05T24:00:00Z", "2026-01-05T10:60:00Z", "2026-01-05T10:00:60Z",
                        "2026-01-05T10:00:00+24:00", "2026-01-05T10:00:00+08:60", "2026-01-05T10:00:00+8",
                        "2026-01-05T10:00:00Z ", "26-01-05T10:00:00Z", "2026-01-05X10:00:00Z",
                        "2026-01-05T10:00:00.Z", "2026-01-05T10:00:00.1234567890Z", "2026/01/05T10:00:00Z",
                        "2026-01-05T10:0", "2026-01-05T10:00:00Q", "abcd-01-05T10:00:00Z"}) {
    const auto r = parse_iso8601(s);
    EXPECT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.code(), Errc::validation_date_invalid);
  }
  EXPECT_TRUE(parse_iso8601("2028-02-29T00:00:00Z").ok());  // leap year
}

TEST(IsoTime, FormatsWithOffsetAndRoundTrips) {
  const Timestamp t = shanghai_time(2026, 12, 31, 23, 59, 59);
  EXPECT_EQ(format_iso8601(t), "2026-12-31T23:59:59+08:00");
  EXPECT_EQ(format_iso8601(t, 0), "2026-12-31T15:59:59Z");
  EXPECT_EQ(format_iso8601(t, -330), "2026-12-31T10:29:59-05:30");
  EXPECT_EQ(parse_iso8601(format_iso8601(t)).value(), t);
  EXPECT_EQ(parse_iso8601(format_iso8601(t, -330)).value(), t);
  EXPECT_EQ(format_iso8601(Timestamp{}), "1970-01-01T08:00:00+08:00");
}

TEST(IsoTime, ShanghaiDayAndItsLastSecond) {
  // 2026-01-05 23:30 in Shanghai is still the 5th there, although it is 15:30 UTC.
  const Timestamp late = shanghai_time(2026, 1, 5, 23, 30);
  EXPECT_EQ(shanghai_day(late), sys_days{2026y / January / 5});
  // 00:30 on the 6th in Shanghai is the 5th in UTC, but the 6th for deadlines.
  EXPECT_EQ(shanghai_day(shanghai_time(2026, 1, 6, 0, 30)), sys_days{2026y / January / 6});
  EXPECT_EQ(format_iso8601(end_of_shanghai_day(sys_days{2026y / January / 5})), "2026-01-05T23:59:59+08:00");
}

}  // namespace
}  // namespace cw
