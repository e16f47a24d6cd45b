// tests/core/draft_test.cpp — the wizard's model (core/draft.h): a draft saved by release 1 still
// loads (golden fixture tests/data/draft_v1.json), round trips, survives a damaged store, and makes
// the filing the core validates.
#include "core/draft.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/codec.h"
#include "core/iso_time.h"
#include "core/validation.h"

namespace cw {
namespace {

Json Fixture(const char* name) {
  std::ifstream in(std::string(CW_TEST_DATA_DIR) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_json(ss.str()).value();
}

Timestamp At(const char* iso) { return parse_iso8601(iso).value(); }

TEST(Draft, ADraftSavedByRelease1StillLoads) {
  const Json saved = Fixture("draft_v1.json");
  ASSERT_TRUE(saved.is_object());
  const Draft d = draft_from_json(saved);
  EXPECT_EQ(d.business_type, "mobile");
  EXPECT_EQ(d.category, "billing");
  EXPECT_EQ(d.when, kWhenOther);
  EXPECT_EQ(d.date, "2026/11/2");
  EXPECT_EQ(d.demand, "退还多扣的 30 元");
  EXPECT_EQ(d.reply_method, "sms");
  EXPECT_TRUE(d.consent);
  // And is written back with the same members under the current version: what version 2 added is
  // stored only when given (issue 19 item 8).
  Json back = saved;
  back["v"] = kDraftVersion;
  EXPECT_EQ(to_json(d), back);
  EXPECT_TRUE(d.place.empty() && d.address.empty() && d.time_of_day.empty() && d.contact_time.empty());
}

// Issue 19 item 8 (spec 二(二)3, 四(三)2): a network complaint's place and time, and a phone reply's
// contact time, are kept in the draft (golden tests/data/draft_v2.json) and go into the filing only
// where they apply.
TEST(Spec_2_2_3, TheDraftKeepsANetworkComplaintsPlaceAndTime) {
  const Json saved = Fixture("draft_v2.json");
  const Draft d = draft_from_json(saved);
  EXPECT_EQ(d.category, "network");
  EXPECT_EQ(d.place, "home");
  EXPECT_EQ(d.time_of_day, "evening");
  EXPECT_EQ(d.frequency, "always");
  EXPECT_EQ(d.contact_time, "evening");
  EXPECT_EQ(to_json(d), saved);
  const Timestamp now = At("2026-12-05T10:00:00+08:00");
  Complaint c = to_complaint(d, now, {});
  ASSERT_TRUE(c.network.has_value());
  EXPECT_EQ(c.network->place, NetworkPlace::home);
  EXPECT_EQ(c.network->time_of_day, TimeOfDay::evening);
  EXPECT_EQ(c.network->frequency, Frequency::always);
  EXPECT_EQ(c.customer.contact_time, ContactTime::evening);
  c.client_ref = "00000000-0000-4000-8000-000000000000";
  c.channel = Channel::web;
  EXPECT_TRUE(validate_filing(c, now).empty());
  // Switched to a billing complaint and an SMS reply: the draft keeps them, the filing leaves them out.
  Draft other = d;
  other.category = "billing";
  other.reply_method = "sms";
  const Complaint o = to_complaint(other, now, {});
  EXPECT_FALSE(o.network.has_value());
  EXPECT_FALSE(o.customer.contact_time.has_value());
  EXPECT_EQ(draft_from_json(to_json(other)).place, "home");
}

TEST(Draft, RoundTripsEveryMember) {
  Draft d;
  d.business_type = "broadband";
  d.category = "network";
  d.when = kWhenYesterday;
  d.service_number = "02112345678";
  d.problem = "晚上八点以后经常断网";
  d.demand = "尽快修复";
  d.name = "李";
  d.phone = "13800138000";
  d.email = "li@example.com";
  d.reply_method = "email";
  d.consent = true;
  d.place = "office";
  d.address = "三楼会议室";
  d.time_of_day = "morning";
  d.frequency = "sometimes";
  d.contact_time = "afternoon";
  EXPECT_EQ(draft_from_json(parse_json(dump_json(to_json(d))).value()), d);
}

TEST(Draft, ADamagedStoreLosesOnlyWhatCannotBeRead) {
  const Draft d = draft_from_json(parse_json(R"({"v":7,"problem":"还在","when":9,"phone":13800138000,"consent":"yes",
    "a_later_member":{"x":1}})").value());
  EXPECT_EQ(d.problem, "还在");
  EXPECT_EQ(d.when, kWhenNone);
  EXPECT_EQ(d.phone, "");
  EXPECT_FALSE(d.consent);
  EXPECT_EQ(draft_from_json(Json()), Draft{});
  EXPECT_EQ(draft_from_json(Json::array()), Draft{});
}

TEST(Draft, OnlyWhatTheCustomerChoseOrTypedIsMeaningful) {
  Draft d;
  d.name = "王小明";  // a host's prefill
  d.phone = "13912345678";
  EXPECT_FALSE(meaningful(d));
  d.problem = "x";
  EXPECT_TRUE(meaningful(d));
}

TEST(Draft, WhenItHappenedIsADayInShanghai) {
  const Timestamp now = At("2026-12-05T01:30:00+08:00");
  Draft d;
  EXPECT_FALSE(occurred_at(d, now).value().has_value());
  d.when = kWhenToday;
  EXPECT_EQ(occurred_at(d, now).value(), now);
  d.when = kWhenYesterday;  // the Shanghai day before, even when UTC is still on the 4th
  EXPECT_EQ(occurred_at(d, now).value(), At("2026-12-04T12:00:00+08:00"));
  d.when = kWhenOther;
  d.date = " 2026.11.2 ";
  EXPECT_EQ(occurred_at(d, now).value(), At("2026-11-02T12:00:00+08:00"));
  d.date = "";
  EXPECT_FALSE(occurred_at(d, now).value().has_value()) << "the core then says required";
  for (const char* bad : {"2026-02-30", "昨天", "2026-13-01", "2026-11-2x"}) {
    d.date = bad;
    const auto at = occurred_at(d, now);
    ASSERT_FALSE(at.ok()) << bad;
    EXPECT_EQ(at.code(), Errc::validation_date_invalid) << bad;
  }
}

TEST(Draft, TheFixtureMakesAFilingTheCoreAccepts) {
  const Timestamp now = At("2026-12-05T10:00:00+08:00");
  Complaint c = to_complaint(draft_from_json(Fixture("draft_v1.json")), now, {"up-1"});
  EXPECT_EQ(c.service_number, "13912345678");
  EXPECT_EQ(c.customer.phone, "13912345678");
  EXPECT_EQ(c.problem, "11月的话费里多扣了 30 元流量费，我没有用过这个流量包。");
  EXPECT_EQ(c.occurred_at, At("2026-11-02T12:00:00+08:00"));
  EXPECT_EQ(c.evidence, std::vector<std::string>{"up-1"});
  c.client_ref = "00000000-0000-4000-8000-000000000000";
  c.channel = Channel::web;
  EXPECT_TRUE(validate_filing(c, now).empty());
}

TEST(Draft, AReceiptRoundTripsAndADamagedOneIsEmpty) {
  Receipt r;
  r.queued = false;
  r.client_ref = "r-1";
  r.acceptance_no = "TS-261205-7A3C91D2-X";
  r.deadlines.acceptance = At("2026-12-06T10:00:00+08:00");
  r.reply_method = "phone";
  EXPECT_EQ(receipt_from_json(parse_json(dump_json(to_json(r))).value()), r);
  const Receipt bad = receipt_from_json(parse_json(R"({"acceptance_no":5,"deadlines":{"acceptance":"soon"}})").value());
  EXPECT_EQ(bad, Receipt{});
}

}  // namespace
}  // namespace cw
