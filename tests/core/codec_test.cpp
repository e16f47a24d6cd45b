// tests/core/codec_test.cpp — JSON wire form (DESIGN §3–§4): golden fixtures in tests/data round-trip,
// decoders check every type and report paths, never abort, and the nesting cap of 32 holds.
#include "core/codec.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/validation.h"
#include "core/workflow.h"
#include "tests/core/test_fixtures.h"

namespace cw {
namespace {

using testing::Now;
using testing::ValidComplaint;

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(CW_TEST_DATA_DIR) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Json Golden(const std::string& name) {
  const Result<Json> j = parse_json(ReadData(name));
  EXPECT_TRUE(j.ok()) << name;
  return j.value();
}

TEST(Codec, ComplaintGoldenRoundTrip) {
  const Json g = Golden("complaint.json");
  const Result<Complaint> c = complaint_from_json(g);
  ASSERT_TRUE(c.ok()) << code_id(c.code());
  EXPECT_EQ(c.value(), ValidComplaint());
  EXPECT_EQ(to_json(c.value()), g);
  EXPECT_TRUE(validate_filing(c.value(), Now()).empty());
}

TEST(Codec, CaseAndCustomerViewGoldenRoundTrip) {
  const Json g = Golden("case-replied.json");
  const Result<Case> k = case_from_json(g);
  ASSERT_TRUE(k.ok()) << code_id(k.code()) << " " << (k.ok() ? "" : k.error().fields.begin()->first);
  EXPECT_EQ(to_json(k.value()), g);
  EXPECT_EQ(k->status, Status::replied);
  EXPECT_EQ(k->timeline.size(), 5u);
  EXPECT_EQ(k->timeline[1].staff_name, "李四");
  // The customer view of that case at 2026-01-06 01:00 is the golden view: masked, no staff names.
  const Json v = Golden("customer-view.json");
  EXPECT_EQ(to_json(customer_view(k.value(), shanghai_time(2026, 1, 6, 1, 0))), v);
  EXPECT_EQ(dump_json(v).find("李四"), std::string::npos);
  EXPECT_EQ(dump_json(v).find("13812345678"), std::string::npos);
  const Result<CustomerView> back = customer_view_from_json(v);
  ASSERT_TRUE(back.ok()) << code_id(back.code());
  EXPECT_EQ(to_json(back.value()), v);
}

TEST(Codec, ActionSurveyAndErrorGoldenRoundTrip) {
  const Json a = Golden("staff-action-reply.json");
  const Result<ActionRequest> req = staff_action_from_json(a);
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->action, Action::reply);
  EXPECT_EQ(req->payload.reply->basis, "《资费协议》第三条。");
  EXPECT_EQ(to_json(req.value()), a);

  const Json s = Golden("survey.json");
  const Result<Survey> survey = survey_from_json(s);
  ASSERT_TRUE(survey.ok());
  EXPECT_TRUE(is_dissatisfied(survey.value()));
  EXPECT_EQ(to_json(survey.value()), s);

  const Json e = Golden("error-validation.json");
  const Error err = error_from_json(e);
  EXPECT_EQ(err.code, Errc::validation_phone_invalid);
  EXPECT_EQ(err.fields.at("problem"), Errc::validation_too_short);
  EXPECT_EQ(error_to_json(err, Lang::zh_CN), e);
}

TEST(Codec, EveryStaffActionRoundTrips) {
  ActionRequest r;
  r.payload.note = "说明";
  for (Action a : {Action::accept, Action::reject, Action::assign, Action::set_complexity, Action::note,
                   Action::extend, Action::propose, Action::reply, Action::escalate, Action::start_follow_up,
                   Action::close}) {
    r.action = a;
    r.payload.reason_code = a == Action::reject ? std::optional(RejectionReason::repeated) : std::nullopt;
    r.payload.department = a == Action::assign ? "网络部" : "";
    r.payload.owner = a == Action::assign ? "赵六" : "";
    r.payload.complexity = a == Action::set_complexity ? std::optional(Complexity::complex) : std::nullopt;
    r.payload.days = a == Action::extend ? 5 : 0;
    r.payload.plan = a == Action::propose ? std::optional(Plan{"m", "o", Now()}) : std::nullopt;
    r.payload.reply = a == Action::reply ? std::optional(Reply{"c", "b", "p", "e"}) : std::nullopt;
    r.payload.trigger = a == Action::escalate ? std::optional(EscalationTrigger::overdue) : std::nullopt;
    const Result<ActionRequest> back = staff_action_from_json(to_json(r));
    ASSERT_TRUE(back.ok()) << to_string(a);
    EXPECT_EQ(back->action, a);
    EXPECT_EQ(back->payload, r.payload) << to_string(a);
  }
  // Customer actions are not staff actions.
  EXPECT_EQ(staff_action_from_json(Json{{"action", "withdraw"}}).error().fields.at("action"),
            Errc::validation_enum_invalid);
  EXPECT_EQ(staff_action_from_json(Json{{"action", "fly"}}).code(), Errc::validation_enum_invalid);
  EXPECT_EQ(staff_action_from_json(Json::object()).error().fields.at("action"), Errc::validation_required);
  EXPECT_EQ(staff_action_from_json(Json::array()).code(), Errc::json_not_object);
  EXPECT_EQ(staff_action_from_json(Json{{"action", "extend"}, {"days", "3"}}).error().fields.at("days"),
            Errc::json_wrong_type);
}

TEST(Codec, CustomerActionBodies) {
  Result<ActionPayload> p = customer_action_from_json(Action::supplement, Json{{"text", "补充"}, {"evidence", {"u1"}}});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->note, "补充");
  EXPECT_EQ(p->evidence.size(), 1u);
  EXPECT_EQ(customer_action_from_json(Action::escalate, Json{{"reason", "不满意"}})->note, "不满意");
  EXPECT_EQ(customer_action_from_json(Action::withdraw, Json::object())->note, "");
  p = customer_action_from_json(Action::survey, Golden("survey.json"));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->survey->overall, 2);
  EXPECT_EQ(customer_action_from_json(Action::accept, Json::object()).code(), Errc::validation_enum_invalid);
  EXPECT_EQ(customer_action_from_json(Action::supplement, Json{{"evidence", {1}}}).error().fields.at("evidence[0]"),
            Errc::json_wrong_type);
  EXPECT_EQ(customer_action_from_json(Action::supplement, Json(3)).code(), Errc::json_not_object);
  // Type errors are keyed by the body's own names, as are the rules' errors (DESIGN §4).
  EXPECT_EQ(customer_action_from_json(Action::supplement, Json{{"text", 1}}).error().fields.at("text"), Errc::json_wrong_type);
  EXPECT_EQ(customer_action_from_json(Action::escalate, Json{{"reason", 1}}).error().fields.at("reason"), Errc::json_wrong_type);
  EXPECT_EQ(customer_action_from_json(Action::withdraw, Json{{"reason", 1}}).error().fields.at("reason"), Errc::json_wrong_type);
}

TEST(Codec, DecodersReportEveryWrongFieldByPath) {
  const Json bad = {{"client_ref", 5},
                    {"channel", "fax"},
                    {"business_type", "mobile"},
                    {"occurred_at", "yesterday"},
                    {"customer", {{"phone", 13812345678LL}, {"reply_method", "pigeon"}}},
                    {"evidence", "u1"},
                    {"consent", "yes"}};
  const Result<Complaint> c = complaint_from_json(bad);
  ASSERT_FALSE(c.ok());
  const FieldErrors& f = c.error().fields;
  EXPECT_EQ(f.at("client_ref"), Errc::json_wrong_type);
  EXPECT_EQ(f.at("channel"), Errc::validation_enum_invalid);
  EXPECT_EQ(f.at("occurred_at"), Errc::validation_date_invalid);
  EXPECT_EQ(f.at("customer.phone"), Errc::json_wrong_type);
  EXPECT_EQ(f.at("customer.reply_method"), Errc::validation_enum_invalid);
  EXPECT_EQ(f.at("evidence"), Errc::json_wrong_type);
  EXPECT_EQ(f.at("consent"), Errc::json_wrong_type);
  EXPECT_EQ(f.count("business_type"), 0u);
  EXPECT_EQ(c.code(), f.begin()->second);
  // A draft may lack anything: it decodes, and validation says what is missing.
  const Result<Complaint> draft = complaint_from_json(Json{{"problem", "写到一半"}});
  ASSERT_TRUE(draft.ok());
  EXPECT_FALSE(draft->business_type.has_value());
  // null counts as absent.
  EXPECT_TRUE(complaint_from_json(Json{{"channel", nullptr}, {"customer", nullptr}}).ok());
  EXPECT_EQ(complaint_from_json(Json{{"customer", "x"}}).error().fields.at("customer"), Errc::json_wrong_type);
  EXPECT_EQ(complaint_from_json(Json("x")).code(), Errc::json_not_object);
}

TEST(Codec, SurveyDecoderChecksTypesAndPresence) {
  Result<Survey> s = survey_from_json(Json{{"overall", 5.0}, {"resolved", true},
                                           {"aspects", {{"attitude", 5}, {"speed", 4}, {"result", 3}}}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->overall, 5);
  s = survey_from_json(Json{{"overall", 4.5}, {"aspects", {{"attitude", "5"}, {"speed", 1e300}}}});
  ASSERT_FALSE(s.ok());
  const FieldErrors& f = s.error().fields;
  EXPECT_EQ(f.at("overall"), Errc::json_wrong_type);
  EXPECT_EQ(f.at("resolved"), Errc::validation_required);
  EXPECT_EQ(f.at("aspects.attitude"), Errc::json_wrong_type);
  EXPECT_EQ(f.at("aspects.speed"), Errc::validation_out_of_range);
  EXPECT_EQ(f.at("aspects.result"), Errc::validation_required);
  EXPECT_EQ(survey_from_json(Json{{"overall", 18446744073709551615ULL}}).error().fields.at("overall"),
            Errc::validation_out_of_range);
  EXPECT_EQ(survey_from_json(Json{{"overall", -3}}).error().fields.count("overall"), 0u);  // range is validation's
}

TEST(Codec, ParseFilingCombinesParsingDecodingAndValidation) {
  const std::string good = ReadData("complaint.json");
  const Result<Complaint> ok = parse_filing(good, Now());
  ASSERT_TRUE(ok.ok()) << code_id(ok.code());
  EXPECT_EQ(ok.value(), ValidComplaint());
  EXPECT_EQ(parse_filing("{\"a\":", Now()).code(), Errc::json_malformed);
  EXPECT_EQ(parse_filing("", Now()).code(), Errc::json_malformed);
  EXPECT_EQ(parse_filing("[1]", Now()).code(), Errc::json_not_object);
  EXPECT_EQ(parse_filing(std::string(33, '[') + std::string(33, ']'), Now()).code(), Errc::json_too_deep);
  // All problems at once: a type error and rule violations together.
  const Result<Complaint> bad =
      parse_filing(R"({"client_ref": 1, "channel": "web", "business_type": "mobile", "problem": "短",
                       "customer": {"phone": "123"}, "consent": false})", Now());
  ASSERT_FALSE(bad.ok());
  const FieldErrors& f = bad.error().fields;
  EXPECT_EQ(f.at("client_ref"), Errc::json_wrong_type);
  EXPECT_EQ(f.at("problem"), Errc::validation_too_short);
  EXPECT_EQ(f.at("customer.phone"), Errc::validation_phone_invalid);
  EXPECT_EQ(f.at("consent"), Errc::validation_consent_required);
  EXPECT_EQ(f.at("category"), Errc::validation_required);
  const Json body = error_to_json(bad.error(), Lang::en);
  EXPECT_EQ(body["error"]["fields"]["customer.phone"].get<std::string>(), "validation.phone_invalid");
}

// Issue 19 item 8: the wire form of a network complaint's details and a phone reply's contact time
// (docs/api.yaml `network`, `customer.contact_time`); a value outside a list is refused by its path.
TEST(Spec_2_2_3, NetworkDetailsAndContactTimeOnTheWire) {
  Complaint c = ValidComplaint();
  c.category = Category::network;
  c.network = NetworkDetails{NetworkPlace::on_the_move, "", TimeOfDay::night, Frequency::sometimes};
  c.customer.reply_method = ReplyMethod::phone;
  c.customer.contact_time = ContactTime::afternoon;
  const Json j = to_json(c);
  EXPECT_EQ(j["network"], (Json{{"place", "on_the_move"}, {"time_of_day", "night"}, {"frequency", "sometimes"}}));
  EXPECT_EQ(j["customer"]["contact_time"], "afternoon");
  EXPECT_EQ(complaint_from_json(j).value(), c);
  EXPECT_FALSE(to_json(ValidComplaint()).contains("network")) << "absent when not given";
  Json bad = j;
  bad["network"]["place"] = "basement";
  bad["customer"]["contact_time"] = 9;
  const Result<Complaint> r = complaint_from_json(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields.at("network.place"), Errc::validation_enum_invalid);
  EXPECT_EQ(r.error().fields.at("customer.contact_time"), Errc::json_wrong_type);
}

TEST(Codec, DepthCapIsCheckedOutsideStrings) {
  EXPECT_EQ(json_depth("1"), 0);
  EXPECT_EQ(json_depth("{}"), 1);
  EXPECT_EQ(json_depth(R"({"a":[{"b":[]}]})"), 4);
  EXPECT_EQ(json_depth(R"({"a":"[[[[[[[[[[\"]]]"})"), 1);  // brackets inside strings do not count
  const std::string deep32 = std::string(32, '[') + std::string(32, ']');
  const std::string deep33 = "[" + deep32 + "]";
  EXPECT_TRUE(parse_json(deep32).ok());
  EXPECT_EQ(parse_json(deep33).code(), Errc::json_too_deep);
  // Unbalanced input deep enough is refused before nlohmann sees it, whatever follows.
  EXPECT_EQ(parse_json(std::string(100000, '[')).code(), Errc::json_too_deep);
  EXPECT_EQ(parse_json("]]]]").code(), Errc::json_malformed);
}

TEST(Codec, DumpNeverAbortsOnInvalidUtf8) {
  const Json j = {{"note", std::string("bad \xFF byte")}};
  EXPECT_EQ(dump_json(j), "{\"note\":\"bad \xEF\xBF\xBD byte\"}");
  Complaint c = ValidComplaint();
  c.problem = "\xC0\xAF";
  EXPECT_NE(dump_json(to_json(c)).find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(Codec, DecodersNeverAbortOnAnyShape) {
  // Every decoder against values of every JSON type at the root and in each member.
  const Json shapes[] = {Json(nullptr), Json(true), Json(-1), Json(3.5), Json("s"), Json::array({1, "x"}),
                         Json::object({{"k", 1}}), Json(18446744073709551615ULL)};
  const char* keys[] = {"acceptance_no", "status", "filed_at", "deadlines", "timeline", "reply", "customer",
                        "filing", "plan", "rejection", "escalation", "survey", "assignment", "overall",
                        "aspects", "action", "days", "evidence", "occurred_at", "complexity", "error",
                        "regulator_path", "reason", "note", "guidance", "reply_due"};
  for (const Json& root : shapes) {
    (void)complaint_from_json(root);
    (void)case_from_json(root);
    (void)customer_view_from_json(root);
    (void)survey_from_json(root);
    (void)deadlines_from_json(root);
    (void)staff_action_from_json(root);
    (void)error_from_json(root);
    for (const char* key : keys) {
      for (const Json& v : shapes) {
        Json obj = {{key, v}, {"action", "propose"}, {"timeline", Json::array({v})}};
        (void)complaint_from_json(obj);
        (void)case_from_json(obj);
        (void)customer_view_from_json(obj);
        (void)survey_from_json(obj);
        (void)staff_action_from_json(obj);
        (void)customer_action_from_json(Action::survey, obj);
        (void)error_from_json(Json{{"error", obj}});
      }
    }
  }
  EXPECT_EQ(error_from_json(Json("x")).code, Errc::server_error);
  EXPECT_EQ(error_from_json(Json{{"error", {{"code", "no.such"}}}}).code, Errc::server_error);
  EXPECT_EQ(deadlines_from_json(Json{{"reply", 5}}).error().fields.at("reply"), Errc::json_wrong_type);
  EXPECT_EQ(case_from_json(Json{{"timeline", {5}}}).error().fields.at("timeline[0]"), Errc::json_wrong_type);
}

}  // namespace
}  // namespace cw
