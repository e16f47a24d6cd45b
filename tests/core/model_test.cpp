// tests/core/model_test.cpp — the wire names of every enumeration (DESIGN §3, a public contract) and
// the channel field (spec 二(一): this module is the website and app channel).
#include "core/model.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/codec.h"
#include "tests/core/test_fixtures.h"

namespace cw {
namespace {

template <class E>
std::vector<std::string> Names() {
  std::vector<std::string> out;
  for (E e : enum_values<E>()) out.emplace_back(to_string(e));
  return out;
}

TEST(Model, WireNamesAreTheDesignsExactly) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Names<Channel>(), (V{"web", "app", "hotline", "shop", "letter", "email", "social"}));
  EXPECT_EQ(Names<BusinessType>(), (V{"fixed_line", "mobile", "broadband", "data", "other"}));
  EXPECT_EQ(Names<Category>(), (V{"billing", "network", "service", "product", "privacy", "other"}));
  EXPECT_EQ(Names<ReplyMethod>(), (V{"phone", "sms", "email", "letter", "in_person"}));
  EXPECT_EQ(Names<Status>(), (V{"draft", "queued", "received", "accepted", "rejected", "investigating", "processing",
                                "replied", "follow_up", "closed", "escalated", "withdrawn"}));
  EXPECT_EQ(Names<Actor>(), (V{"customer", "agent", "supervisor", "system", "manager"}));
  EXPECT_EQ(Names<SurveyVia>(), (V{"phone", "sms_reply"}));
  EXPECT_EQ(Names<Complexity>(), (V{"simple", "complex"}));
  EXPECT_EQ(Names<EscalationTrigger>(), (V{"dissatisfied", "overdue", "major_incident", "group_risk"}));
  EXPECT_EQ(Names<RejectionReason>(), (V{"out_of_scope", "time_barred", "repeated", "other"}));
  EXPECT_EQ(Names<DeadlineKind>(), (V{"acceptance", "investigation", "reply", "follow_up"}));
}

TEST(Model, ParseIsTheInverseAndExact) {
  for (Status s : enum_values<Status>()) EXPECT_EQ(parse_enum<Status>(to_string(s)), s);
  for (Action a : enum_values<Action>()) EXPECT_EQ(parse_enum<Action>(to_string(a)), a);
  EXPECT_FALSE(parse_enum<Status>("Received").has_value());
  EXPECT_FALSE(parse_enum<Status>("").has_value());
  EXPECT_EQ(to_string(static_cast<Status>(99)), "");
  static_assert(to_string(Status::follow_up) == "follow_up");
  static_assert(enum_count<Action>() == 19);  // hold, release: issue 22 item 7
}

TEST(Spec_2_1, ChannelRecordsEveryChannelOfTheSpec) {
  Complaint c = testing::ValidComplaint();
  c.channel = Channel::app;
  EXPECT_EQ(to_json(c)["channel"].get<std::string>(), "app");
  Json j = to_json(c);
  // The operator's other channels (spec 二(一)) decode; who may file on which is the file guard's
  // (workflow_test Spec_2_1): a customer never files as the hotline.
  j["channel"] = "hotline";
  EXPECT_EQ(complaint_from_json(j).value().channel, Channel::hotline);
  j["channel"] = "fax";
  EXPECT_EQ(complaint_from_json(j).error().fields.at("channel"), Errc::validation_enum_invalid);
}

}  // namespace
}  // namespace cw
