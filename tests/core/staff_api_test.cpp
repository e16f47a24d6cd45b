// tests/core/staff_api_test.cpp — the staff workbench's contract (core/staff_api.h): its request
// paths, and the decoders of the answers its screens read (strict about types and enum values,
// blind to members they do not know).
#include "core/staff_api.h"

#include <gtest/gtest.h>

namespace cw {
namespace {

TEST(StaffApi, PathsFillTheParameterAndEncodeIt) {
  EXPECT_EQ(staff_path(StaffRequest::list), "/staff/complaints");
  EXPECT_EQ(staff_path(StaffRequest::act, "TS-261201-AAAAAAAA-1"), "/staff/complaints/TS-261201-AAAAAAAA-1/actions");
  EXPECT_EQ(staff_path(StaffRequest::upload, "a/b c"), "/staff/uploads/a%2Fb%20c");  // never a second segment
  EXPECT_EQ(staff_path(StaffRequest::list, {}, "status=received"), "/staff/complaints?status=received");
  EXPECT_EQ(query_value("网速 慢&x=1"), "%E7%BD%91%E9%80%9F%20%E6%85%A2%26x%3D1");
  EXPECT_EQ(staff_route(StaffRequest::intake).method, "POST");
}

TEST(StaffApi, MeIsAStaffRoleNeverACustomer) {
  auto me = staff_me_from_json(parse_json(R"({"name":"王主管","role":"supervisor","expires_at":null,"new":1})").value());
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(me->name, "王主管");
  EXPECT_EQ(me->role, Actor::supervisor);
  EXPECT_FALSE(staff_me_from_json(parse_json(R"({"name":"x","role":"customer"})").value()).ok());
  EXPECT_FALSE(staff_me_from_json(parse_json(R"({"name":"x","role":"boss"})").value()).ok());
  EXPECT_FALSE(staff_me_from_json(parse_json(R"({"role":"agent"})").value()).ok());
  EXPECT_FALSE(staff_me_from_json(parse_json(R"([])").value()).ok());
}

TEST(StaffApi, AQueuePageDecodesItsRowsAndRefusesAStatusItDoesNotKnow) {
  auto page = queue_page_from_json(parse_json(R"({"items":[
    {"acceptance_no":"TS-261201-AAAAAAAA-1","status":"accepted","business_type":"mobile","category":"billing",
     "channel":"hotline","owner":null,"filed_at":"2026-12-01T09:00:00+08:00",
     "next_deadline":"2026-12-02T18:00:00+08:00","overdue":true,"escalation_level":2,
     "customer":{"name":"王*","phone":"139****5678"},"later":"ignored"}],
    "next_cursor":"1795000000.12"})").value());
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  const QueueItem& q = page->items[0];
  EXPECT_EQ(q.status, Status::accepted);
  EXPECT_EQ(q.channel, Channel::hotline);
  EXPECT_EQ(q.owner, "");
  EXPECT_TRUE(q.overdue);
  EXPECT_EQ(q.escalation_level, 2);
  EXPECT_EQ(q.customer_name, "王*");
  ASSERT_TRUE(q.next_deadline.has_value());
  EXPECT_EQ(page->next_cursor, "1795000000.12");

  auto odd = queue_page_from_json(parse_json(R"({"items":[{"acceptance_no":"TS-261201-AAAAAAAA-1",
    "status":"pondering","filed_at":"2026-12-01T09:00:00+08:00"}],"next_cursor":null})").value());
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().fields.count("items[0].status"), 1u);
  EXPECT_FALSE(queue_page_from_json(parse_json(R"({"next_cursor":null})").value()).ok());
}

}  // namespace
}  // namespace cw
