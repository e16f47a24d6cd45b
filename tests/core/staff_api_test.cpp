// tests/core/staff_api_test.cpp — the staff workbench's contract (core/staff_api.h): its request
// paths, and the decoders of the answers its screens read (strict about types and enum values,
// blind to members they do not know).
#include "core/staff_api.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/core/test_fixtures.h"

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


// The poll's answer (the page's port, web/staff/console.js): 304 is a page of null, nothing to do.
TEST(StaffApi, APollIsTheETagAndThePageOrNothingWhenUnchanged) {
  auto same = queue_poll_from_json(parse_json(R"({"etag":"\"ab\"","page":null})").value());
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->etag, "\"ab\"");
  EXPECT_FALSE(same->page.has_value());
  auto fresh = queue_poll_from_json(parse_json(
      R"({"etag":"\"cd\"","page":{"items":[{"acceptance_no":"TS-261201-AAAAAAAA-1","status":"received",
          "filed_at":"2026-12-01T09:00:00+08:00"}],"next_cursor":null}})").value());
  ASSERT_TRUE(fresh.ok());
  ASSERT_TRUE(fresh->page.has_value());
  EXPECT_EQ(fresh->page->items.size(), 1u);
  EXPECT_FALSE(queue_poll_from_json(parse_json(R"({"etag":"x","page":{"items":[{"status":"lost"}]}})").value()).ok());
}

// The case pane's buttons come from the core's one judge: the transition table says which actions
// start from the status, decide() says which the role may take (shown disabled with the role that
// may) and which the case's state refuses (disabled with why); a refusal for want of fields is still
// offered, since the form asks for them.
Case Received() {
  Case c;
  c.acceptance_no = "TS-260105-28T5CY4T-P";
  c.filing = testing::ValidComplaint();
  c.status = Status::received;
  c.filed_at = testing::Now() - std::chrono::hours{1};
  c.timeline.push_back(TimelineEvent{c.filed_at, Status::received, Actor::customer, "", "", Action::file, 0, {}});
  return c;
}

const ActionOffer* Find(const std::vector<ActionOffer>& offers, Action a) {
  auto it = std::find_if(offers.begin(), offers.end(), [a](const ActionOffer& o) { return o.action == a; });
  return it == offers.end() ? nullptr : &*it;
}

TEST(StaffApi, OffersFollowTheTableAndTheRole) {
  Case c = Received();
  const std::vector<ActionOffer> agent = staff_offers(c, Actor::agent, testing::Now());
  for (Action a : {Action::claim, Action::accept, Action::reject, Action::note}) {
    const ActionOffer* o = Find(agent, a);
    ASSERT_NE(o, nullptr) << to_string(a);
    EXPECT_FALSE(o->refused) << to_string(a) << " is offered (reject's reason is asked by its form)";
  }
  EXPECT_EQ(Find(agent, Action::reply), nullptr) << "not from received: not shown";
  EXPECT_EQ(Find(agent, Action::start_follow_up), nullptr);
  const ActionOffer* hold = Find(agent, Action::hold);
  ASSERT_NE(hold, nullptr);
  EXPECT_EQ(hold->refused, Errc::workflow_role_forbidden);
  EXPECT_EQ(hold->needs_role, Actor::supervisor);
  const std::vector<ActionOffer> boss = staff_offers(c, Actor::supervisor, testing::Now());
  const ActionOffer* held_by_boss = Find(boss, Action::hold);
  ASSERT_NE(held_by_boss, nullptr);
  EXPECT_FALSE(held_by_boss->refused);
  EXPECT_EQ(Find(agent, Action::release), nullptr) << "nothing is held: release is not shown";

  // Someone owns it: claim is shown disabled with the core's reason.
  c.owner = "李四";
  const std::vector<ActionOffer> owned = staff_offers(c, Actor::agent, testing::Now());
  const ActionOffer* claim = Find(owned, Action::claim);
  ASSERT_NE(claim, nullptr);
  EXPECT_EQ(claim->refused, Errc::workflow_already_owned);
  EXPECT_FALSE(claim->needs_role);

  // A level-3 case is the managers' (spec 五(三)).
  c.status = Status::escalated;
  c.escalation = Escalation{3, EscalationTrigger::overdue};
  const std::vector<ActionOffer> level3 = staff_offers(c, Actor::supervisor, testing::Now());
  const ActionOffer* top = Find(level3, Action::assign);
  ASSERT_NE(top, nullptr);
  EXPECT_EQ(top->refused, Errc::workflow_manager_required);
  EXPECT_EQ(top->needs_role, Actor::manager);
}

}  // namespace
}  // namespace cw
