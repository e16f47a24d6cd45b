// tests/ui/track_test.cpp — the track and survey screens natively against a scripted data port: a
// typo'd number is caught before any request; the view shows the reply in full, a rejection in the
// customer's language, the regulator's path and the overdue escalation; the survey sends exactly the
// wire fields of DESIGN §4.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/acceptance_no.h"
#include "core/codec.h"
#include "core/json.h"
#include "core/workflow.h"
#include "tests/core/test_fixtures.h"
#include "tests/ui/ui_harness.h"
#include "wasm/ui/data.h"
#include "wasm/ui/screens/screens.h"

namespace {

using cw::Json;

// The headless client's stand-in: records every call; answers by method between frames.
class FakePort final : public ui::DataPort {
 public:
  struct Rec {
    unsigned id;
    std::string method;
    Json args;
  };
  void Call(unsigned id, std::string_view method, std::string_view args) override {
    Rec r{id, std::string(method), cw::parse_json(args).value()};
    calls.push_back(r);
    pending.push_back(r);
  }
  void Deliver() {
    std::vector<Rec> now;
    now.swap(pending);
    for (const Rec& r : now) {
      const auto a = answers.find(r.method);
      ui::Data_OnResult(r.id, a != answers.end() ? cw::dump_json(a->second)
                                                 : R"({"ok":false,"error":{"code":"data.unavailable"}})");
    }
  }
  std::vector<const Rec*> Of(const std::string& method) const {
    std::vector<const Rec*> out;
    for (const Rec& r : calls)
      if (r.method == method) out.push_back(&r);
    return out;
  }
  std::vector<Rec> calls, pending;
  std::map<std::string, Json> answers;
};

Json Ok(Json v) { return Json{{"ok", true}, {"value", std::move(v)}}; }
Json Fail(const char* code, int status) {
  return Json{{"ok", false}, {"error", {{"code", code}, {"status", status}, {"message", ""}}}};
}

std::string Number() {
  using namespace std::chrono;
  return cw::make_acceptance_no(year{2026} / November / 28, 0x7A3C91D2E4ull);
}

// A case of Number() filed at `iso` and still `received`: the core makes its views (customer_view).
cw::Case Filed(const char* iso) {
  cw::Case c;
  c.acceptance_no = Number();
  c.filing = cw::testing::ValidComplaint();
  c.status = cw::Status::received;
  c.filed_at = cw::parse_iso8601(iso).value();
  c.timeline.push_back(cw::TimelineEvent{c.filed_at, cw::Status::received, cw::Actor::customer, "", "",
                                         cw::Action::file, 0});
  return c;
}

// Moves `c` on by the core's decide() at `iso` (the server's way, never by setting its status), with
// the payload given or else one each guard accepts.
void Act(cw::Case& c, cw::Action a, cw::Actor role, const char* iso, cw::ActionPayload p = {}) {
  const cw::Timestamp at = cw::parse_iso8601(iso).value();
  switch (a) {
    case cw::Action::assign:
      if (p.department.empty()) {
        p.department = "计费中心";
        p.owner = "李工";
      }
      break;
    case cw::Action::propose:
      if (!p.plan) p.plan = cw::Plan{"退还多收的 30 元", "李工", at + std::chrono::hours{48}};
      break;
    case cw::Action::reply:
      if (!p.reply) p.reply = cw::Reply{"经核实，系统重复计费", "《资费协议》第三条", "退还 30 元", "已退还"};
      break;
    default: break;
  }
  const cw::Result<cw::Outcome> r = cw::decide(c, a, role, p, at);
  ASSERT_TRUE(r.ok()) << cw::to_string(a) << ": " << cw::code_id(r.code());
  cw::apply(c, r.value());
}

// Filed on Monday 2026-11-02, handled and replied on the 3rd, follow-up started the same day.
cw::Case RepliedAndFollowedUp() {
  cw::Case c = Filed("2026-11-02T10:00:00+08:00");
  cw::ActionPayload assign, plan, reply;
  assign.department = "计费中心";
  assign.owner = "李工";
  plan.plan = cw::Plan{"退还多收费用", "李工", cw::parse_iso8601("2026-11-06T18:00:00+08:00").value()};
  reply.reply = cw::Reply{"确属多收", "资费协议", "退还 20 元", "已退还"};
  Act(c, cw::Action::accept, cw::Actor::agent, "2026-11-02T11:00:00+08:00");
  Act(c, cw::Action::assign, cw::Actor::agent, "2026-11-02T12:00:00+08:00", assign);
  Act(c, cw::Action::propose, cw::Actor::agent, "2026-11-02T13:00:00+08:00", plan);
  Act(c, cw::Action::reply, cw::Actor::agent, "2026-11-03T10:00:00+08:00", reply);
  Act(c, cw::Action::start_follow_up, cw::Actor::agent, "2026-11-03T11:00:00+08:00");
  return c;
}

// The view of `c` the server would send at the screen's clock (Ctx().fixed_now).
Json ViewNow(const cw::Case& c) {
  return cw::to_json(cw::customer_view(c, cw::Timestamp(std::chrono::seconds(ui::Ctx().fixed_now))));
}

// A customer view as GET /complaints/{no} returns it (DESIGN §4).
Json View(const std::string& status) {
  return Json{{"acceptance_no", Number()},
              {"status", status},
              {"business_type", "mobile"},
              {"category", "billing"},
              {"filed_at", "2026-11-28T14:32:00+08:00"},
              {"deadlines",
               {{"acceptance", "2026-11-29T14:32:00+08:00"},
                {"investigation", nullptr},
                {"reply", "2026-12-13T23:59:59+08:00"},
                {"follow_up", nullptr}}},
              {"overdue", false},
              {"escalation_level", 0},
              {"can_escalate", false},
              {"can_withdraw", false},
              {"can_rate", false},
              {"customer", {{"name", "王*"}, {"phone", "139****5678"}}},
              {"timeline", Json::array({{{"at", "2026-11-28T14:32:00+08:00"},
                                         {"status", "received"},
                                         {"actor", "customer"},
                                         {"note", ""}}})},
              {"reply", nullptr}};
}

class TrackTest : public UiHarness {
 protected:
  void SetUp() override {
    UiHarness::SetUp();
    ImGui::GetIO().DisplaySize = ImVec2(390, 2400);  // tall: every card on screen without scrolling
    ui::SetDataPort(&port_);
    ui::Ctx().fixed_now = 1795000000;  // 2026-11-18: before the deadlines above
    port_.answers["myComplaints"] = Ok(Json::array());
  }
  void TearDown() override {
    ui::SetDataPort(nullptr);
    ui::Ctx().fixed_now = 0;
    UiHarness::TearDown();
  }
  void Frame() override {
    port_.Deliver();
    UiHarness::Frame();
  }
  void Go(const std::string& hash) {
    ui::App_SetOption("route", hash);
    for (int i = 0; i < 4; ++i) Frame();
  }
  const ui::RegistryItem& Need(const std::string& label, const char* role = nullptr) {
    const ui::RegistryItem* it = Find(label, role);
    if (!it) ADD_FAILURE() << "no \"" << label << "\" in: " << Labels();
    static const ui::RegistryItem none;
    return it ? *it : none;
  }
  FakePort port_;
};

// Issue 18: the screens' states have one owner (Ctx().screen_states): ResetScreens() forgets what
// every screen kept, with no hook per screen.
TEST_F(TrackTest, ResetScreensForgetsWhatEveryScreenKept) {
  Go("#/track");
  Type(Need("投诉时留的联系电话", "textbox"), "13912345678");
  Go("#/mine/phone");
  Type(Need("投诉时留的联系电话", "textbox"), "13800000000");
  EXPECT_GE(ui::Ctx().screen_states.size(), 2u);
  Go("#/");
  ui::ResetScreens();
  EXPECT_TRUE(ui::Ctx().screen_states.empty());
  Go("#/track");
  EXPECT_EQ(Need("投诉时留的联系电话", "textbox").value, "");
  Go("#/mine/phone");
  EXPECT_EQ(Need("投诉时留的联系电话", "textbox").value, "");
}

// A survey answer sent from the survey screen reaches the server after the customer may already be
// back on the complaint: its arrival reloads the view (the status stays follow_up after a
// dissatisfied answer, so no status event would), and another number's answer changes nothing.
TEST_F(TrackTest, ASurveyAnswerThatReachedTheServerReloadsTheView) {
  port_.answers["getComplaint"] = Ok(View("follow_up"));
  Go("#/track/" + Number());
  const std::size_t loads = port_.Of("getComplaint").size();
  ASSERT_GE(loads, 1u);
  ui::Data_OnEvent("survey-submitted", R"({"acceptance_no":"TS-261127-0000000A-1"})");
  for (int i = 0; i < 3; ++i) Frame();
  EXPECT_EQ(port_.Of("getComplaint").size(), loads) << "another complaint's answer";
  ui::Data_OnEvent("survey-submitted", Json{{"acceptance_no", Number()}}.dump().c_str());
  for (int i = 0; i < 3; ++i) Frame();
  EXPECT_EQ(port_.Of("getComplaint").size(), loads + 1);
}

TEST_F(TrackTest, ATypoInTheNumberIsCaughtBeforeAnyRequest) {
  Go("#/track");
  std::string typo = Number();
  typo[12] = typo[12] == 'A' ? 'B' : 'A';  // one symbol of the random part changed
  ASSERT_FALSE(cw::parse_acceptance_no(typo).ok());
  Type(Need("受理编号", "textbox"), typo);
  Type(Need("投诉时留的联系电话", "textbox"), "13912345678");
  EXPECT_TRUE(Need("受理编号", "textbox").state & ui::kStateInvalid);
  EXPECT_TRUE(Need("获取验证码", "button").state & ui::kStateDisabled);
  Tap(Need("获取验证码", "button"));
  EXPECT_TRUE(port_.Of("requestLookupCode").empty());

  // Corrected (lower case, spaces: the parser forgives them) → the code is requested for the canonical form.
  std::string typed = Number();
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  typed.replace(typed.find('-'), 1, " ");
  Type(Need("受理编号", "textbox"), typed);
  EXPECT_FALSE(Need("受理编号", "textbox").state & ui::kStateInvalid);
  port_.answers["requestLookupCode"] = Ok({{"sent", true}});
  Tap(Need("获取验证码", "button"));
  ASSERT_EQ(port_.Of("requestLookupCode").size(), 1u);
  EXPECT_EQ(port_.Of("requestLookupCode")[0]->args, Json::array({Number(), "13912345678"}));
  Frame();
  // The code step: 6 digits on a numeric keypad, the resend waits for its countdown.
  const ui::RegistryItem& code = Need("短信或语音验证码", "textbox");
  EXPECT_STREQ(code.inputmode, "numeric");
  EXPECT_EQ(code.max_chars, 6);
  EXPECT_NE(Find("60 秒后可重发", "button"), nullptr) << Labels();
  EXPECT_TRUE(Need("查看进度", "button").state & ui::kStateDisabled);
  port_.answers["verifyLookup"] = Ok({{"access_token", "t"}, {"expires_at", "2026-11-19T00:00:00+08:00"}});
  port_.answers["getComplaint"] = Ok(View("received"));
  Type(Need("短信或语音验证码", "textbox"), "123456");
  Tap(Need("查看进度", "button"));
  for (int i = 0; i < 4; ++i) Frame();
  ASSERT_EQ(port_.Of("verifyLookup").size(), 1u);
  EXPECT_EQ(port_.Of("verifyLookup")[0]->args, Json::array({Number(), "13912345678", "123456"}));
  EXPECT_EQ(ui::Ctx().route.no, Number());
  EXPECT_EQ(Need("状态", "text").value, "已提交");
  EXPECT_EQ(Need("联系人", "text").value, "王* · 139****5678");
}

TEST_F(TrackTest, ANumberOnThisDeviceSkipsTheCode) {
  port_.answers["myComplaints"] = Ok(Json::array({{{"acceptance_no", Number()}, {"status", "received"}}}));
  Go("#/track");
  Type(Need("受理编号", "textbox"), Number());
  EXPECT_EQ(Find("投诉时留的联系电话", "textbox"), nullptr) << "no phone needed";
  port_.answers["getComplaint"] = Ok(View("received"));
  Tap(Need("查看进度", "button"));
  for (int i = 0; i < 3; ++i) Frame();
  EXPECT_TRUE(port_.Of("requestLookupCode").empty());
  EXPECT_EQ(port_.Of("getComplaint").size(), 1u);
  EXPECT_EQ(Need("受理编号", "text").value, Number());
}

TEST_F(TrackTest, TheReplyIsShownInFullWithItsFourParts) {
  Json v = View("follow_up");
  v["reply"] = {{"conclusion", "经核实，系统重复计费"}, {"basis", "《资费协议》第三条"},
                {"plan", "退还多收的 30 元"}, {"execution", "已于 11 月 30 日退还"}};
  v["can_rate"] = true;
  port_.answers["getComplaint"] = Ok(v);
  Go("#/track/" + Number());
  for (const char* s : {"调查结论", "处理依据", "处理方案", "执行情况", "经核实，系统重复计费", "《资费协议》第三条",
                        "退还多收的 30 元", "已于 11 月 30 日退还"}) {
    EXPECT_NE(Find(s, "text"), nullptr) << s << " in " << Labels();
  }
  // Rating leads to the survey of this complaint (the device's access token; no link token).
  Tap(Need("评价处理结果", "button"));
  EXPECT_EQ(ui::Ctx().route.screen, ui::Screen::Survey);
  EXPECT_EQ(ui::Ctx().route.no, Number());
  EXPECT_TRUE(ui::Ctx().route.token.empty());
}

// The screens read the view through core's decoder (core/client_api.h): an answer that breaks the
// contract (a status no release has) says so and offers a retry; it is never shown as a guess
// (the raw reader showed it as "已提交", the default of a status it could not read).
TEST_F(TrackTest, AViewThatBreaksTheContractIsNotShownAsAGuess) {
  using namespace std::chrono;
  const std::string no = cw::make_acceptance_no(year{2026} / November / 27, 0x1B2C3D4E5Full);  // never seen before
  Json v = View("received");
  v["acceptance_no"] = no;
  v["status"] = "paused";
  port_.answers["getComplaint"] = Ok(v);
  Go("#/track/" + no);
  EXPECT_EQ(Find("已提交", "text"), nullptr) << Labels();
  EXPECT_EQ(Find("状态"), nullptr) << Labels();
  Need(std::string(cw::message(cw::Errc::server_error, cw::Lang::zh_CN)), "text");
  // Once the answer is whole again, the retry shows it.
  v["status"] = "received";
  port_.answers["getComplaint"] = Ok(v);
  Tap(Need("重试", "button"));
  for (int i = 0; i < 3; ++i) Frame();
  EXPECT_EQ(Need("状态", "text").value, "已提交");
}

// One formatting module (wasm/ui/screens/format.h): an operator's own label for a category (/meta)
// shows on the complaint as on the wizard and the list (the complaint had only the built-in ones).
TEST_F(TrackTest, TheOperatorsLabelsShowOnTheComplaintToo) {
  ui::Ctx().meta = Json{{"categories", Json::array({{{"id", "billing"}, {"label", {{"zh-CN", "账单疑问"}, {"en", "Bill query"}}}}})}};
  port_.answers["getComplaint"] = Ok(View("received"));
  Go("#/track/" + Number());
  const std::string service = Need("业务", "text").value;
  ui::Ctx().meta = Json();
  EXPECT_EQ(service, "移动电话 · 账单疑问");
}

// Events that do not move the complaint are named by who made them and what they were: a staff note,
// the customer's supplement (its text is the note), the customer's survey answer (no public note).
TEST_F(TrackTest, TimelineEventsWithoutAMoveAreNamedForWhatTheyWere) {
  Json v = View("follow_up");
  v["timeline"] = Json::array({
      {{"at", "2026-11-28T14:32:00+08:00"}, {"status", "received"}, {"actor", "customer"}, {"note", ""}},
      {{"at", "2026-11-28T15:00:00+08:00"}, {"status", "follow_up"}, {"actor", "agent"}, {"note", ""}},
      {{"at", "2026-11-28T15:10:00+08:00"}, {"status", "follow_up"}, {"actor", "agent"}, {"note", "已调取计费记录"}},
      {{"at", "2026-11-28T15:20:00+08:00"}, {"status", "follow_up"}, {"actor", "customer"}, {"note", "短信截图已保存"}},
      {{"at", "2026-11-28T15:30:00+08:00"}, {"status", "follow_up"}, {"actor", "customer"}, {"note", ""}}});
  port_.answers["getComplaint"] = Ok(v);
  Go("#/track/" + Number());
  std::vector<std::string> titles;
  for (int i = 0; i < ui::Registry_Count(); ++i) {
    const ui::RegistryItem& it = ui::Registry_Items()[i];
    for (const char* t : {"您提交了评价", "您的补充说明", "处理进展", "回访中", "已提交"})
      if (it.label.rfind(t, 0) == 0) titles.push_back(t);
  }
  // Newest first.
  EXPECT_EQ(titles, (std::vector<std::string>{"您提交了评价", "您的补充说明", "处理进展", "回访中", "已提交"}))
      << Labels();
}

// spec 二(三), issue 19 item 7: the guidance is the catalog's for the reason code, in the screen's
// language; the staff note stays as written; the regulator's path follows with the decision's date.
TEST_F(TrackTest, ARejectionIsWordedInTheCustomersLanguageAndNamesTheRegulator) {
  cw::Case c = Filed("2026-11-28T14:32:00+08:00");
  cw::ActionPayload p;
  p.reason_code = cw::RejectionReason::time_barred;
  p.note = "该费用发生于 2023 年。";
  Act(c, cw::Action::reject, cw::Actor::agent, "2026-11-28T16:00:00+08:00", p);
  ui::Ctx().fixed_now = 1796000000;  // 2026-11-30
  port_.answers["getComplaint"] = Ok(ViewNow(c));
  Go("#/track/" + Number());
  const std::string zh_guidance(cw::rejection_guidance(cw::RejectionReason::time_barred, cw::Lang::zh_CN));
  const std::string en_guidance(cw::rejection_guidance(cw::RejectionReason::time_barred, cw::Lang::en));
  EXPECT_NE(Find("未能受理的原因", "heading"), nullptr) << Labels();
  Need(zh_guidance, "text");
  Need("工作人员说明", "text");
  Need("该费用发生于 2023 年。", "text");
  EXPECT_EQ(Find("处理时限", "heading"), nullptr) << "no deadlines on a rejected complaint";
  Need("向电信监管部门申诉", "heading");
  Need("工业和信息化部电信用户申诉受理中心", "text");
  EXPECT_EQ(Need("申诉电话", "text").value, "12300");
  EXPECT_EQ(Need("不予受理时间", "text").value, "11月28日 16:00");
  EXPECT_EQ(Need("投诉时间", "text").value, "11月28日 14:32");

  // The same view in English: English guidance under English labels; the note as written.
  ui::App_SetOption("lang", "en");
  Frame();
  Frame();
  const bool en = Find(en_guidance, "text") != nullptr;
  const bool zh_left = Find(zh_guidance, "text") != nullptr;
  const bool note = Find("该费用发生于 2023 年。", "text") != nullptr;
  const ui::RegistryItem* decided = Find("Not accepted on", "text");
  const bool heading = Find("Appeal to the telecom regulator", "heading") != nullptr;
  const std::string labels = Labels();
  ui::App_SetOption("lang", "zh-CN");
  Frame();
  EXPECT_TRUE(en) << labels;
  EXPECT_FALSE(zh_left) << "Chinese guidance under English labels: " << labels;
  EXPECT_TRUE(note) << labels;
  EXPECT_TRUE(heading) << labels;
  ASSERT_NE(decided, nullptr) << labels;
}

// DESIGN §3 "The regulator's path" after a dissatisfied survey: the core-made view carries it, the
// screen names the centre with the acceptance number and the dates of the handling.
TEST_F(TrackTest, ADissatisfiedSurveyShowsTheRegulatorsPathWithItsDates) {
  cw::Case c = Filed("2026-11-28T14:32:00+08:00");
  Act(c, cw::Action::accept, cw::Actor::agent, "2026-11-28T15:01:00+08:00");
  Act(c, cw::Action::assign, cw::Actor::agent, "2026-11-28T16:00:00+08:00");
  Act(c, cw::Action::propose, cw::Actor::agent, "2026-11-29T09:12:00+08:00");
  Act(c, cw::Action::reply, cw::Actor::agent, "2026-11-30T10:05:00+08:00");
  Act(c, cw::Action::start_follow_up, cw::Actor::agent, "2026-11-30T10:06:00+08:00");
  ui::Ctx().fixed_now = 1796100000;  // 2026-12-01 12:40
  port_.answers["getComplaint"] = Ok(ViewNow(c));
  Go("#/track/" + Number());
  EXPECT_EQ(Find("向电信监管部门申诉", "heading"), nullptr) << "replied in time, not rated: nothing to appeal";

  cw::ActionPayload survey;
  survey.survey = cw::Survey{1, false, {2, 1, 1}, "问题没有解决"};
  Act(c, cw::Action::survey, cw::Actor::customer, "2026-12-01T12:30:00+08:00", survey);
  port_.answers["getComplaint"] = Ok(ViewNow(c));
  Go("#/");
  Go("#/track/" + Number());
  Need("向电信监管部门申诉", "heading");
  Need(std::string(cw::tr(cw::Str::regulator_why_dissatisfied, cw::Lang::zh_CN)), "text");
  EXPECT_EQ(Need("申诉电话", "text").value, "12300");
  EXPECT_EQ(Need("网站", "text").value, "yhssglxt.miit.gov.cn");
  int numbers = 0;  // the summary's and the appeal's
  for (int i = 0; i < ui::Registry_Count(); ++i) {
    const ui::RegistryItem& it = ui::Registry_Items()[i];
    if (it.label == "受理编号" && it.value == Number()) ++numbers;
  }
  EXPECT_EQ(numbers, 2) << Labels();
  EXPECT_EQ(Need("投诉时间", "text").value, "11月28日 14:32");
  EXPECT_EQ(Need("受理时间", "text").value, "11月28日 15:01");
  EXPECT_EQ(Need("答复时间", "text").value, "11月30日 10:05");
  EXPECT_EQ(Need("评价时间", "text").value, "12月1日 12:30");
  EXPECT_EQ(Find("答复期限", "text"), nullptr) << "the reply was given: no deadline is owed";
  EXPECT_NE(Find("申请升级处理", "button"), nullptr) << "escalation stays on offer beside it";
}

// The reply deadline (15 days after filing) passed without a reply: the path with that deadline.
TEST_F(TrackTest, AReplyDeadlinePassedShowsTheRegulatorsPath) {
  cw::Case c = Filed("2026-11-02T10:00:00+08:00");
  Act(c, cw::Action::accept, cw::Actor::agent, "2026-11-02T12:00:00+08:00");
  ui::Ctx().fixed_now = 1796000000;  // 2026-11-30
  port_.answers["getComplaint"] = Ok(ViewNow(c));
  Go("#/track/" + Number());
  Need(std::string(cw::tr(cw::Str::regulator_why_reply_overdue, cw::Lang::zh_CN)), "text");
  EXPECT_EQ(Need("答复期限", "text").value, "11月17日 23:59");
  EXPECT_EQ(Need("受理时间", "text").value, "11月2日 12:00");
  EXPECT_EQ(Find("答复时间", "text"), nullptr);
}

// spec 五(一): a complaint nobody accepted in time. The view is the core's (customer_view of a case
// filed on 2026-11-28 and still `received` two days later), not hand-written flags: the banner's
// button exists because the core allows the escalation.
TEST_F(TrackTest, AnOverdueComplaintOffersEscalationAndSendsTheReason) {
  const cw::Case c = Filed("2026-11-28T14:32:00+08:00");
  ui::Ctx().fixed_now = 1796000000;  // 2026-11-30: past the acceptance deadline
  const cw::CustomerView view = cw::customer_view(c, cw::Timestamp(std::chrono::seconds(ui::Ctx().fixed_now)));
  ASSERT_TRUE(view.overdue);
  ASSERT_TRUE(view.can_escalate) << "the core allows it (it did not before: the banner had no button)";
  port_.answers["getComplaint"] = Ok(cw::to_json(view));
  Go("#/track/" + Number());
  EXPECT_NE(Find(std::string(cw::tr(cw::Str::track_overdue_banner, cw::Lang::zh_CN)), "text"), nullptr) << Labels();
  const ui::RegistryItem* acceptance = Find("受理反馈", "text");
  ASSERT_NE(acceptance, nullptr);
  // The overdue mark is drawn as a badge; screen readers hear it first in the row's value.
  EXPECT_EQ(acceptance->value.rfind("已超时", 0), 0u) << acceptance->value;
  Tap(Need("申请升级处理", "button"));
  Type(Need("请说明您不满意的地方", "textbox"), "超过时限仍未受理");
  port_.answers["requestEscalation"] = Ok({{"status", "escalated"}});
  Tap(Need("提交升级申请", "button"));
  ASSERT_EQ(port_.Of("requestEscalation").size(), 1u);
  EXPECT_EQ(port_.Of("requestEscalation")[0]->args, Json::array({Number(), "超过时限仍未受理"}));
  Frame();
  EXPECT_NE(Find("已提交，我们会尽快处理。", "text"), nullptr) << Labels();
  EXPECT_GE(port_.Of("getComplaint").size(), 2u) << "the view is reloaded after the action";
}

// Overdue at the highest level: no escalation is left, so the banner does not offer one; it names
// the regulator's channel instead (spec 五(三), MIIT order No. 35). A core-made view.
TEST_F(TrackTest, AnOverdueComplaintAtTheHighestLevelNamesTheRegulatorInstead) {
  cw::Case c = Filed("2026-11-02T10:00:00+08:00");
  c.status = cw::Status::investigating;
  c.escalation = cw::Escalation{3, cw::EscalationTrigger::overdue};
  c.timeline.push_back(cw::TimelineEvent{c.filed_at + std::chrono::hours{2}, cw::Status::accepted, cw::Actor::agent,
                                         "", "", cw::Action::accept, 0});
  ui::Ctx().fixed_now = 1796000000;  // 2026-11-30
  const cw::CustomerView view = cw::customer_view(c, cw::Timestamp(std::chrono::seconds(ui::Ctx().fixed_now)));
  ASSERT_TRUE(view.overdue);
  ASSERT_FALSE(view.can_escalate);
  port_.answers["getComplaint"] = Ok(cw::to_json(view));
  Go("#/track/" + Number());
  Need(std::string(cw::tr(cw::Str::track_overdue_no_escalation, cw::Lang::zh_CN)), "text");
  EXPECT_EQ(Find(std::string(cw::tr(cw::Str::track_overdue_banner, cw::Lang::zh_CN)), "text"), nullptr)
      << "no promise of an escalation that cannot be asked for";
  EXPECT_EQ(Find("申请升级处理", "button"), nullptr);
  Need("向电信监管部门申诉", "heading");  // the path, with the reply deadline that passed (DESIGN §3)
  Need("答复期限", "text");
}

// spec 六, DESIGN §3: the follow-up is overdue after its 7 days like any stage. The core's overdue
// mark and the screen's 已超时 agree (the screen once said 已超时 where the core said on time).
TEST_F(TrackTest, Spec_6_AFollowUpPastItsDeadlineIsOverdueOnTheScreenAndInTheCore) {
  const cw::Case c = RepliedAndFollowedUp();  // follow-up due 2026-11-10 23:59:59
  const std::string banner_or_not[] = {std::string(cw::tr(cw::Str::track_overdue_banner, cw::Lang::zh_CN)),
                                       std::string(cw::tr(cw::Str::track_overdue_no_escalation, cw::Lang::zh_CN))};
  ui::Ctx().fixed_now = 1794110400;  // 2026-11-08: in time
  cw::CustomerView view = cw::customer_view(c, cw::Timestamp(std::chrono::seconds(ui::Ctx().fixed_now)));
  ASSERT_EQ(view.status, cw::Status::follow_up);
  EXPECT_FALSE(view.overdue);
  port_.answers["getComplaint"] = Ok(cw::to_json(view));
  Go("#/track/" + Number());
  EXPECT_EQ(Need("回访", "text").value.rfind("已超时", 0), std::string::npos) << Need("回访", "text").value;
  for (const std::string& b : banner_or_not) EXPECT_EQ(Find(b, "text"), nullptr);

  ui::Ctx().fixed_now = 1796000000;  // 2026-11-30: the follow-up is late
  view = cw::customer_view(c, cw::Timestamp(std::chrono::seconds(ui::Ctx().fixed_now)));
  EXPECT_TRUE(view.overdue) << "the core marks it, as the screen does";
  port_.answers["getComplaint"] = Ok(cw::to_json(view));
  Go("#/");
  Go("#/track/" + Number());
  EXPECT_EQ(Need("回访", "text").value.rfind("已超时", 0), 0u) << Need("回访", "text").value;
  EXPECT_TRUE(Find(banner_or_not[0], "text") || Find(banner_or_not[1], "text")) << Labels();
}

// DESIGN §3: after an escalation the re-handled case has its own reply limit (15 days from the
// escalation). The first reply stays readable, but the reply row counts down again and is overdue
// once that limit passes; the screen and the core agree.
TEST_F(TrackTest, Spec_5_2_AReHandledCaseCountsDownToItsOwnReply) {
  cw::Case c = RepliedAndFollowedUp();
  cw::ActionPayload why, assign, plan;
  why.note = "退费金额不对";
  assign.department = "投诉督办组";
  assign.owner = "赵工";
  plan.plan = cw::Plan{"重新核算", "赵工", cw::parse_iso8601("2026-11-10T18:00:00+08:00").value()};
  Act(c, cw::Action::escalate, cw::Actor::customer, "2026-11-04T10:00:00+08:00", why);
  Act(c, cw::Action::assign, cw::Actor::agent, "2026-11-04T11:00:00+08:00", assign);
  Act(c, cw::Action::propose, cw::Actor::agent, "2026-11-04T12:00:00+08:00", plan);  // reply due 11-19
  ui::Ctx().fixed_now = 1794456000;  // 2026-11-12
  cw::CustomerView view = cw::customer_view(c, cw::Timestamp(std::chrono::seconds(ui::Ctx().fixed_now)));
  ASSERT_EQ(view.status, cw::Status::processing);
  ASSERT_TRUE(view.reply.has_value()) << "the first reply is still the customer's to read";
  EXPECT_FALSE(view.overdue);
  EXPECT_EQ(cw::format_iso8601(*view.deadlines.reply), "2026-11-19T23:59:59+08:00");
  port_.answers["getComplaint"] = Ok(cw::to_json(view));
  Go("#/track/" + Number());
  const std::string done(cw::tr(cw::Str::track_deadline_done, cw::Lang::zh_CN));
  EXPECT_EQ(Need("处理答复", "text").value.find(done), std::string::npos) << Need("处理答复", "text").value;
  EXPECT_NE(Need("处理答复", "text").value.find("11月19日"), std::string::npos) << Need("处理答复", "text").value;

  ui::Ctx().fixed_now = 1796000000;  // 2026-11-30: the re-handling's reply is late
  view = cw::customer_view(c, cw::Timestamp(std::chrono::seconds(ui::Ctx().fixed_now)));
  EXPECT_TRUE(view.overdue);
  port_.answers["getComplaint"] = Ok(cw::to_json(view));
  Go("#/");
  Go("#/track/" + Number());
  EXPECT_EQ(Need("处理答复", "text").value.rfind("已超时", 0), 0u) << Need("处理答复", "text").value;
}

// Issue 19 item 3 (DESIGN §4): the 补充材料 panel takes photos/PDFs like the wizard's step 4 and sends
// them with the text; the timeline (a view the core made of a case with that supplement) says how
// many files it had.
TEST_F(TrackTest, ASupplementTakesPhotosAndTheTimelineCountsThem) {
  cw::Case c = Filed("2026-11-02T10:00:00+08:00");
  Act(c, cw::Action::accept, cw::Actor::agent, "2026-11-02T11:00:00+08:00");
  port_.answers["getComplaint"] = Ok(ViewNow(c));
  Go("#/track/" + Number());
  Tap(Need("补充材料", "button"));
  Need("添加照片或 PDF", "button");
  // A picked file goes to the panel open on this screen, with the wizard's checks.
  ui::Data_OnEvent("files", R"([{"key":"file:a","name":"信号1.jpg","size":204800,"type":"image/jpeg"},
                               {"key":"file:b","name":"信号2.png","size":102400,"type":"image/png"},
                               {"key":"file:c","name":"说明.docx","size":1000,"type":"application/msword"}])");
  Frame();
  Need("信号1.jpg", "button");
  EXPECT_NE(Need("说明.docx", "button").value.find("只支持 jpg、png、pdf"), std::string::npos);
  EXPECT_FALSE(Need("提交补充", "button").state & ui::kStateDisabled) << "files alone may be sent";
  Type(Need("补充说明", "textbox"), "家里客厅信号只有一格");
  port_.answers["supplement"] = Ok({{"status", "accepted"}});
  Tap(Need("提交补充", "button"));
  ASSERT_EQ(port_.Of("supplement").size(), 1u);
  EXPECT_EQ(port_.Of("supplement")[0]->args,
            Json::array({Number(), "家里客厅信号只有一格", Json::array({"file:a", "file:b"})}));

  // What the server then holds: the core's decide() keeps the two files on the event.
  cw::ActionPayload sup;
  sup.note = "家里客厅信号只有一格";
  sup.evidence = {"up_a", "up_b"};
  Act(c, cw::Action::supplement, cw::Actor::customer, "2026-11-02T12:00:00+08:00", sup);
  port_.answers["getComplaint"] = Ok(ViewNow(c));
  Frame();
  Frame();
  const ui::RegistryItem* row = Find("您的补充说明", "text");
  ASSERT_NE(row, nullptr) << Labels();
  EXPECT_NE(row->value.find("已附 2 个文件"), std::string::npos) << row->value;
  EXPECT_EQ(Find("信号1.jpg", "button"), nullptr) << "the panel closed with its files sent";
  EXPECT_EQ(port_.Of("forgetFile").size(), 3u) << "the element forgets every picked file";
  ui::App_SetOption("lang", "en");
  Frame();
  const ui::RegistryItem* en = Find("Your additional information", "text");
  ASSERT_NE(en, nullptr) << Labels();
  EXPECT_NE(en->value.find("2 files attached"), std::string::npos) << en->value;
  // The banner that says the supplement went through follows the language too.
  const bool banner_en = Find("Sent. We will handle it as soon as possible.", "text") != nullptr;
  const bool banner_zh = Find("已提交，我们会尽快处理。", "text") != nullptr;
  const std::string labels = Labels();
  ui::App_SetOption("lang", "zh-CN");
  EXPECT_TRUE(banner_en) << labels;
  EXPECT_FALSE(banner_zh) << labels;
}

TEST_F(TrackTest, WithdrawAsksForConfirmationFirst) {
  Json v = View("received");
  v["can_withdraw"] = true;
  port_.answers["getComplaint"] = Ok(v);
  Go("#/track/" + Number());
  Tap(Need("撤回投诉", "button"));
  EXPECT_TRUE(port_.Of("withdraw").empty()) << "one tap only asks";
  EXPECT_NE(Find(std::string(cw::tr(cw::Str::withdraw_confirm, cw::Lang::zh_CN)), "text"), nullptr);
  port_.answers["withdraw"] = Ok({{"status", "withdrawn"}});
  Tap(Need("确定撤回", "button"));
  ASSERT_EQ(port_.Of("withdraw").size(), 1u);
  EXPECT_EQ(port_.Of("withdraw")[0]->args, Json::array({Number(), ""}));
}

TEST_F(TrackTest, SurveySendsTheExactWireFieldsAndOffersEscalationWhenDissatisfied) {
  Go("#/survey/" + Number() + "?t=tok_123");
  EXPECT_TRUE(Need("提交评价", "button").state & ui::kStateDisabled);
  Tap(Need("总体满意度 2", "radio"));
  Tap(Need("未解决", "radio"));
  Tap(Need("服务态度 3", "radio"));
  Tap(Need("处理速度 4", "radio"));
  Tap(Need("处理结果 5", "radio"));
  Type(Need("意见和建议（选填）", "textbox"), "希望尽快处理");
  port_.answers["submitSurvey"] = Ok({{"status", "follow_up"}});
  Tap(Need("提交评价", "button"));
  ASSERT_EQ(port_.Of("submitSurvey").size(), 1u);
  const Json expected = Json::array(
      {Number(),
       {{"token", "tok_123"}, {"overall", 2}, {"resolved", false},
        {"aspects", {{"attitude", 3}, {"speed", 4}, {"result", 5}}}, {"comment", "希望尽快处理"}}});
  EXPECT_EQ(port_.Of("submitSurvey")[0]->args, expected);
  Frame();
  EXPECT_NE(Find("感谢您的评价", "text"), nullptr) << Labels();
  Tap(Need("申请升级处理", "button"));
  EXPECT_EQ(ui::Ctx().route.screen, ui::Screen::Track);
  EXPECT_EQ(ui::Ctx().route.no, Number());
}

TEST_F(TrackTest, AUsedSurveyLinkSaysSoPlainly) {
  Go("#/survey/" + Number() + "?t=used");
  for (const char* l : {"总体满意度 5", "已解决", "服务态度 5", "处理速度 5", "处理结果 5"}) Tap(Need(l, "radio"));
  port_.answers["submitSurvey"] = Fail("survey.already_submitted", 409);
  Tap(Need("提交评价", "button"));
  Frame();
  EXPECT_NE(Find("无法提交评价", "heading"), nullptr) << Labels();
  EXPECT_NE(Find(std::string(cw::message(cw::Errc::survey_already_submitted, cw::Lang::zh_CN)), "text"), nullptr);
  EXPECT_EQ(Find("提交评价", "button"), nullptr);
}

// A refusal a screen keeps on show is kept as the error and worded when drawn: a customer who
// switches to English while it shows reads it in English (issue 18: no screen keeps text it
// worded when the answer came).
TEST_F(TrackTest, AShownRefusalFollowsAChangeOfLanguage) {
  const auto en = [](cw::Errc c) { return std::string(cw::message(c, cw::Lang::en)); };
  const auto zh = [](cw::Errc c) { return std::string(cw::message(c, cw::Lang::zh_CN)); };

  Go("#/survey/" + Number() + "?t=used");
  for (const char* l : {"总体满意度 5", "已解决", "服务态度 5", "处理速度 5", "处理结果 5"}) Tap(Need(l, "radio"));
  port_.answers["submitSurvey"] = Fail("survey.already_submitted", 409);
  Tap(Need("提交评价", "button"));
  Frame();
  Need(zh(cw::Errc::survey_already_submitted), "text");
  ASSERT_TRUE(ui::App_SetOption("lang", "en"));
  Frame();
  EXPECT_NE(Find(en(cw::Errc::survey_already_submitted), "text"), nullptr) << Labels();
  EXPECT_EQ(Labels().find(zh(cw::Errc::survey_already_submitted)), std::string::npos) << Labels();

  ASSERT_TRUE(ui::App_SetOption("lang", "zh-CN"));
  Go("#/mine/phone");
  Type(Need("投诉时留的联系电话", "textbox"), "13912345678");
  port_.answers["requestPhoneLookupCode"] = Ok({{"sent", true}});
  Tap(Need("获取验证码", "button"));
  for (int i = 0; i < 2; ++i) Frame();
  port_.answers["verifyPhoneLookup"] = Fail("lookup.code_invalid", 422);
  Type(Need("短信或语音验证码", "textbox"), "000000");
  Tap(Need("查找", "button"));
  for (int i = 0; i < 3; ++i) Frame();
  ASSERT_NE(Labels().find(zh(cw::Errc::lookup_code_invalid)), std::string::npos) << Labels();
  ASSERT_TRUE(ui::App_SetOption("lang", "en"));
  Frame();
  EXPECT_NE(Labels().find(en(cw::Errc::lookup_code_invalid)), std::string::npos) << Labels();
  EXPECT_EQ(Labels().find(zh(cw::Errc::lookup_code_invalid)), std::string::npos) << Labels();
}

// The same survey link opened again after the thank-you starts a fresh form, even when the
// browser's two hash changes (home, then the link) arrive between two frames.
TEST_F(TrackTest, TheSameSurveyLinkAgainBetweenTwoFramesIsAFreshForm) {
  const std::string link = "#/survey/" + Number() + "?t=tok";
  Go(link);
  for (const char* l : {"总体满意度 4", "已解决", "服务态度 4", "处理速度 4", "处理结果 4"}) Tap(Need(l, "radio"));
  port_.answers["submitSurvey"] = Ok(Json{{"acceptance_no", Number()}});
  Tap(Need("提交评价", "button"));
  Frame();
  ASSERT_NE(Find("感谢您的评价", "text"), nullptr) << Labels();
  ASSERT_TRUE(ui::App_SetOption("route", "#/"));
  ASSERT_TRUE(ui::App_SetOption("route", link));
  Frame();
  EXPECT_EQ(Find("感谢您的评价", "text"), nullptr) << Labels();
  EXPECT_NE(Find("总体满意度 1", "radio"), nullptr) << Labels();
}

}  // namespace

// DESIGN §5 power: a screen showing a running countdown asks for one frame at the next minute; a
// screen without one (home) asks for no timed frame, so an idle page draws nothing.
namespace {
struct TimerHost : ui::Host {
  std::vector<int> frame_in;
  void ShowTextAgent(const ui::AgentField&) override {}
  void HideTextAgent() override {}
  void SetClipboardText(std::string_view) override {}
  void RequestFrame() override {}
  void RequestFrameIn(int ms) override { frame_in.push_back(ms); }
};
}  // namespace

TEST_F(TrackTest, OnlyARunningCountdownAsksForTheMinuteFrame) {
  TimerHost host;
  ui::App_SetHost(&host);
  Go("#/");
  for (int i = 0; i < 3; ++i) Frame();
  EXPECT_TRUE(host.frame_in.empty()) << "home asked for a timed frame: " << host.frame_in.size();
  port_.answers["getComplaint"] = Ok(View("received"));
  ui::Ctx().fixed_now = 1794999960 + 30;  // 30 s into a minute (1794999960 is a whole minute)
  Go("#/track/" + Number());
  ui::App_SetHost(nullptr);
  ASSERT_FALSE(host.frame_in.empty()) << Labels();
  for (int ms : host.frame_in) {
    EXPECT_GT(ms, 29'000);
    EXPECT_LE(ms, 30'100) << "at the next minute, not later";
  }
}

namespace {

// DESIGN §3 "The operator": the home screen's hotline is the one the policy names (/meta), the
// built-in example's only until /meta arrives; no screen hard-codes one.
TEST_F(TrackTest, TheHomeScreenNamesThePolicysOperatorAndHotline) {
  Go("#/");
  Need("也可拨打中国电信客服热线 10000 咨询", "text");
  ui::Ctx().meta = Json{{"policy", {{"operator", {{"name", {{"zh-CN", "中国移动"}, {"en", "China Mobile"}}},
                                                   {"hotline", "10086"}}}}}};
  Frame();
  const bool zh = Find("也可拨打中国移动客服热线 10086 咨询", "text") != nullptr;
  ui::App_SetOption("lang", "en");
  Frame();
  Frame();
  const bool en = Find("You can also call the China Mobile hotline 10086", "text") != nullptr;
  const std::string labels = Labels();
  ui::App_SetOption("lang", "zh-CN");
  ui::Ctx().meta = Json();
  Frame();
  EXPECT_TRUE(zh);
  EXPECT_TRUE(en) << labels;
}

}  // namespace

// DESIGN §4 lookup by phone (issue 20 item 5): "my complaints" offers it; a phone and one code find
// the complaints filed in a shop, on the hotline or on another phone, and they open from the list.
TEST_F(TrackTest, MyComplaintsFindsComplaintsByPhone) {
  Go("#/mine");
  Tap(Need("找不到？用手机号查找"));
  for (int i = 0; i < 2; ++i) Frame();
  EXPECT_EQ(ui::Ctx().route.screen, ui::Screen::Mine);
  EXPECT_EQ(ui::Ctx().route.step, ui::kMineByPhone);
  Need("用手机号查找投诉");

  Type(Need("投诉时留的联系电话", "textbox"), "1391234567");  // one digit short
  EXPECT_TRUE(Need("获取验证码", "button").state & ui::kStateDisabled);
  Type(Need("投诉时留的联系电话", "textbox"), "13912345678");
  EXPECT_FALSE(Need("获取验证码", "button").state & ui::kStateDisabled);
  port_.answers["requestPhoneLookupCode"] = Ok({{"sent", true}});
  Tap(Need("获取验证码", "button"));
  Frame();
  ASSERT_EQ(port_.Of("requestPhoneLookupCode").size(), 1u);
  EXPECT_EQ(port_.Of("requestPhoneLookupCode")[0]->args, Json::array({"13912345678"}));
  Frame();
  Need("如这个号码有投诉记录，验证码已发送");
  EXPECT_EQ(Need("投诉时留的联系电话", "text").value, "139****5678");

  // A wrong code: said in Chinese, nothing merged.
  port_.answers["verifyPhoneLookup"] = Fail("lookup.code_invalid", 422);
  Type(Need("短信或语音验证码", "textbox"), "000000");
  Tap(Need("查找", "button"));
  for (int i = 0; i < 3; ++i) Frame();
  EXPECT_NE(Labels().find("验证码不正确或已过期"), std::string::npos) << Labels();

  port_.answers["verifyPhoneLookup"] =
      Ok({{"scope", "phone"},
          {"expires_at", "2026-12-18T00:00:00+08:00"},
          {"items", Json::array({{{"acceptance_no", Number()}, {"status", "processing"}, {"filed_at", "2026-11-28T09:00:00+08:00"},
                                  {"business_type", "mobile"}, {"category", "billing"}, {"overdue", false}}})}});
  Type(Need("短信或语音验证码", "textbox"), "123456");
  Tap(Need("查找", "button"));
  for (int i = 0; i < 3; ++i) Frame();
  ASSERT_EQ(port_.Of("verifyPhoneLookup").size(), 2u);
  EXPECT_EQ(port_.Of("verifyPhoneLookup")[1]->args, Json::array({"13912345678", "123456"}));
  Need("找到 1 件投诉，已加入“我的投诉”");
  port_.answers["getComplaint"] = Ok(View("received"));
  Tap(Need(Number()));
  for (int i = 0; i < 3; ++i) Frame();
  EXPECT_EQ(ui::Ctx().route.screen, ui::Screen::Track);
  EXPECT_EQ(ui::Ctx().route.no, Number());
  EXPECT_EQ(Need("状态", "text").value, "已提交");
}
