// tests/ui/console_test.cpp — the staff workbench's screens (wasm/console/, DESIGN §5b) natively:
// sign-in with a pasted token, the workbench (rail, filters, queue, case beside it), the poll with
// the page's ETag, the keyboard, the case's record, timeline and actions, and a refused move worded
// in the staff member's language — through a scripted port that answers like web/staff/console.js.
#include <algorithm>
#include <functional>
#include <vector>

#include "core/codec.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/time_limits.h"
#include "core/validation.h"
#include "tests/ui/ui_harness.h"
#include "wasm/console/console.h"
#include "wasm/ui/data.h"

namespace {

using cw::Json;

// Answers by port method; a staff request by its path (without the query) — as the page would.
class StaffPort final : public ui::DataPort {
 public:
  struct Rec {
    unsigned id;
    std::string method;
    Json args;
  };
  void Call(unsigned id, std::string_view method, std::string_view args) override {
    pending.push_back({id, std::string(method), cw::parse_json(args).value()});
    calls.push_back(pending.back());
  }
  void Deliver() {
    std::vector<Rec> now;
    now.swap(pending);
    for (const Rec& r : now) ui::Data_OnResult(r.id, cw::dump_json(answer(r)));
  }
  // Every staff request's method and path, and every poll's path, in order.
  std::vector<std::string> Paths() const {
    std::vector<std::string> out;
    for (const Rec& r : calls) {
      if (r.method == "staff") out.push_back(r.args[0].get<std::string>() + " " + r.args[1].get<std::string>());
      if (r.method == "poll") out.push_back("POLL " + r.args[1].get<std::string>() + " " + r.args[0].get<std::string>());
    }
    return out;
  }
  const Rec* Last(const std::string& method) const {
    for (auto it = calls.rbegin(); it != calls.rend(); ++it)
      if (it->method == method) return &*it;
    return nullptr;
  }
  std::function<Json(const Rec&)> answer;
  std::vector<Rec> pending, calls;
};

Json Ok(Json v) { return Json{{"ok", true}, {"value", std::move(v)}}; }
Json Refused(const char* code, int status) {
  return Json{{"ok", false}, {"error", {{"code", code}, {"status", status}, {"message", ""}, {"fields", Json::object()}}}};
}

Json Row(const char* no, const char* status, const char* deadline, bool overdue, const char* owner) {
  return Json{{"acceptance_no", no}, {"status", status}, {"business_type", "mobile"}, {"category", "billing"},
              {"channel", "hotline"}, {"owner", owner ? Json(owner) : Json(nullptr)},
              {"filed_at", "2026-12-01T09:00:00+08:00"}, {"next_deadline", deadline}, {"overdue", overdue},
              {"escalation_level", 0}, {"customer", {{"name", "王*"}, {"phone", "139****5678"}}}};
}

constexpr const char* kLate = "TS-261201-AAAAAAAA-1";
constexpr const char* kFresh = "TS-261201-BBBBBBBB-2";

// The staff view of kFresh (GET /staff/complaints/{no}): the whole filing, an internal note, a file.
Json FreshCase() {
  cw::Case c;
  c.acceptance_no = kFresh;
  c.filing.channel = cw::Channel::hotline;
  c.filing.business_type = cw::BusinessType::broadband;
  c.filing.category = cw::Category::network;
  c.filing.service_number = "057188886666";
  c.filing.problem = "晚上 8 点后网速不到 1M";
  c.filing.demand = "请上门检修并减免本月月租";
  c.filing.customer.name = "王小明";
  c.filing.customer.phone = "13912345678";
  c.filing.customer.reply_method = cw::ReplyMethod::sms;
  c.filing.evidence = {"u_speedtest"};
  c.status = cw::Status::received;
  c.filed_at = cw::shanghai_time(2099, 12, 1, 18, 40);
  c.timeline.push_back({c.filed_at, cw::Status::received, cw::Actor::customer, "", "", cw::Action::file, 0, {}});
  cw::TimelineEvent note{c.filed_at + std::chrono::minutes{5}, cw::Status::received, cw::Actor::agent, "李娜",
                         "已调取端口日志", cw::Action::note, 0, {}};
  note.internal = true;
  c.timeline.push_back(note);
  Json j = cw::to_json(c);
  j["deadlines"] = cw::to_json(cw::compute_deadlines(cw::default_policy(), c));
  j["overdue"] = false;
  j["audit"] = Json::array();
  return j;
}

class ConsoleTest : public UiHarness {
 protected:
  void SetUp() override {
    UiHarness::SetUp();
    // The workbench's theme, as the shell sets it (ShellApp::dense).
    ui::GlyphCache_Shutdown();
    ui::SetTheme(0x0A6CFF, false, true);
    ui::GlyphCache_Init(&raster_, 1.0f, ui::T().fonts);
    ui::ApplyImGuiStyle(1.0f);
    ImGui::GetIO().DisplaySize = ImVec2(1280, 800);
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_DownArrow] = 40;
    io.KeyMap[ImGuiKey_UpArrow] = 38;
    io.KeyMap[ImGuiKey_Enter] = 13;
    io.KeyMap[ImGuiKey_Escape] = 27;
    console::Reset();
    ui::SetDataPort(&port_);
    port_.answer = [this](const StaffPort::Rec& r) { return Answer(r); };
  }
  void TearDown() override {
    ui::SetDataPort(nullptr);
    console::Reset();
    ui::SetTheme(0x0A6CFF, false);
    UiHarness::TearDown();
  }
  void Frame() override {
    port_.Deliver();
    for (int pass = 0; pass < 3; ++pass) {
      ImGui::NewFrame();
      ui::BeginFrame(ui::FrameInput{});
      console::Draw();
      ui::EndFrame();
      ImGui::Render();
      if (!ui::GlyphCache_TakeLayoutChanged()) break;
    }
    ExpectNoPlaceholders();
  }
  void Frames(int n) {
    for (int i = 0; i < n; ++i) Frame();
  }
  void Key(int index) {
    ImGui::GetIO().KeysDown[index] = true;
    Frame();
    ImGui::GetIO().KeysDown[index] = false;
    Frames(2);
  }
  const ui::RegistryItem& Need(const std::string& label, const char* role = nullptr) {
    const ui::RegistryItem* it = Find(label, role);
    if (!it) ADD_FAILURE() << "no \"" << label << "\" in: " << Labels();
    static const ui::RegistryItem none;
    return it ? *it : none;
  }
  void SignIn() {
    Frames(3);
    Type(Need("工作令牌", "textbox"), "good");
    Tap(Need("登录", "button"));
    Frames(3);
  }
  // The text of every item whose label or value holds `part`.
  bool Shows(const std::string& part) {
    for (int i = 0; i < ui::Registry_Count(); ++i) {
      const ui::RegistryItem& it = ui::Registry_Items()[i];
      if (it.label.find(part) != std::string::npos || it.value.find(part) != std::string::npos) return true;
    }
    return false;
  }
  // The page: no token kept; "good" is a supervisor's; the list has an overdue case first; its ETag
  // is "\"v1\"" until `rows_` changes.
  Json Answer(const StaffPort::Rec& r) {
    if (r.method == "signIn")
      return r.args[0] == "good" ? Ok({{"name", "王主管"}, {"role", "supervisor"}, {"expires_at", nullptr}})
                                 : Refused("auth.unauthorized", 401);
    if (r.method == "poll") {
      if (r.args[1] == etag_) return Ok({{"etag", etag_}, {"page", nullptr}});
      return Ok({{"etag", etag_}, {"page", {{"items", rows_}, {"next_cursor", nullptr}}}});
    }
    if (r.method == "openUpload" || r.method == "signOut") return Ok(nullptr);
    const std::string path = r.args[1].get<std::string>();
    if (path == "/staff/me") return Refused("auth.no_token", 401);
    if (path == std::string("/staff/complaints/") + kFresh) return Ok(FreshCase());
    if (path == std::string("/staff/complaints/") + kFresh + "/actions") return act_(r.args[2]);
    return Refused("data.unknown_method", 0);
  }
  StaffPort port_;
  std::string etag_ = "\"v1\"";
  Json rows_ = Json::array({Row(kLate, "accepted", "2026-12-02T18:00:00+08:00", true, "赵工"),
                            Row(kFresh, "received", "2099-12-03T18:00:00+08:00", false, nullptr)});
  std::function<Json(const Json&)> act_ = [](const Json&) { return Ok(FreshCase()); };
};

// DESIGN §5b: the token is pasted on the first screen; a wrong one is refused in words the staff
// member can act on, and nothing else is asked of the server until one is accepted.
TEST_F(ConsoleTest, ARefusedTokenIsSaidAndAnAcceptedOneOpensTheQueueOverdueFirst) {
  Frames(3);
  const ui::RegistryItem& field = Need("工作令牌", "textbox");
  EXPECT_EQ(field.description.find("令牌无效"), std::string::npos) << "no token yet is not an error";
  Type(field, "wrong");
  Tap(Need("登录", "button"));
  Frames(2);
  EXPECT_NE(Need("工作令牌", "textbox").description.find("令牌无效、已撤销或已过期"), std::string::npos)
      << Need("工作令牌", "textbox").description;
  EXPECT_EQ(port_.Paths(), std::vector<std::string>{"GET /staff/me"});

  Type(Need("工作令牌", "textbox"), "good");
  Tap(Need("登录", "button"));
  Frames(3);
  EXPECT_EQ(port_.Paths().back(), "POLL  /staff/complaints?limit=200") << "the first list has no ETag yet";
  EXPECT_NE(Find("王主管 · 主管", "text"), nullptr) << Labels();
  const ui::RegistryItem& late = Need(kLate, "button");
  EXPECT_NE(late.value.find("已受理"), std::string::npos) << late.value;
  EXPECT_NE(late.value.find("超时"), std::string::npos) << late.value;
  EXPECT_NE(late.value.find("赵工"), std::string::npos) << late.value;
  const ui::RegistryItem& fresh = Need(kFresh, "button");
  EXPECT_NE(fresh.value.find("剩"), std::string::npos) << fresh.value;
  EXPECT_LT(late.y, fresh.y) << "the server's order (overdue first) is kept";
  EXPECT_NE(Find("显示 2 件", "text"), nullptr) << Labels();
  // The rail: the places (links), the queue's count; the queue is where we are.
  EXPECT_EQ(Need("待办队列", "link").value, "2");
  EXPECT_NE(Need("待办队列", "link").state & ui::kStateChecked, 0u);
  EXPECT_NE(Find("统计分析", "link"), nullptr);
}

// The filter bar: each drop-down and toggle is one of the list's parameters, sent at once; the
// search word (percent-encoded) when the field is left.
TEST_F(ConsoleTest, TheFiltersAreTheListsParameters) {
  SignIn();
  Tap(Need("状态", "button"));
  Tap(Need("已受理", "radio"));
  Frames(2);
  EXPECT_EQ(port_.Paths().back(), "POLL  /staff/complaints?limit=200&status=accepted");
  Tap(Need("渠道", "button"));
  Tap(Need("热线", "radio"));
  Frames(2);
  EXPECT_EQ(port_.Paths().back(), "POLL  /staff/complaints?limit=200&status=accepted&channel=hotline");
  Tap(Need("已超时", "checkbox"));
  Frames(2);
  EXPECT_EQ(port_.Paths().back(), "POLL  /staff/complaints?limit=200&status=accepted&channel=hotline&overdue=true");
  Tap(Need("我负责的", "checkbox"));
  Frames(2);
  EXPECT_NE(port_.Paths().back().find("&owner=%E7%8E%8B%E4%B8%BB%E7%AE%A1"), std::string::npos) << port_.Paths().back();
  Type(Need("搜索问题或诉求中的词", "textbox"), "网速");
  ui::Agent_OnBlur(ui::Agent_ActiveId());
  Frames(2);
  EXPECT_NE(port_.Paths().back().find("&q=%E7%BD%91%E9%80%9F"), std::string::npos) << port_.Paths().back();
}

// New complaints appear without a reload: the poll sends the page's ETag; 304 changes nothing, a
// new page replaces the rows and keeps the selection on the same complaint.
TEST_F(ConsoleTest, ThePollSendsTheETagAndANewComplaintAppears) {
  SignIn();
  Tap(Need(kFresh, "button"));
  const std::size_t before = port_.calls.size();
  console::PollNow();
  Frames(2);
  ASSERT_GT(port_.calls.size(), before);
  EXPECT_EQ(port_.Paths().back(), "POLL \"v1\" /staff/complaints?limit=200");
  EXPECT_EQ(Find("TS-261206-CCCCCCCC-3", "button"), nullptr);

  rows_.insert(rows_.begin(), Row("TS-261206-CCCCCCCC-3", "received", "2026-12-01T18:00:00+08:00", true, nullptr));
  etag_ = "\"v2\"";
  console::PollNow();
  Frames(3);
  const ui::RegistryItem& added = Need("TS-261206-CCCCCCCC-3", "button");
  EXPECT_LT(added.y, Need(kLate, "button").y);
  EXPECT_NE(Need(kFresh, "button").state & ui::kStateChecked, 0u) << "the selection stays on its complaint";
  EXPECT_NE(Find("显示 3 件", "text"), nullptr) << Labels();
}

// Keyboard-driven: arrows move the selection, Enter opens the case beside the queue, `/` searches.
TEST_F(ConsoleTest, ArrowsMoveEnterOpensSlashSearches) {
  SignIn();
  Key(40);
  EXPECT_NE(Need(kLate, "button").state & ui::kStateChecked, 0u);
  Key(40);
  EXPECT_NE(Need(kFresh, "button").state & ui::kStateChecked, 0u);
  Key(13);
  Frames(2);
  EXPECT_EQ(port_.Paths().back(), std::string("GET /staff/complaints/") + kFresh);
  EXPECT_NE(Find(kFresh, "heading"), nullptr) << Labels();
  Key(27);
  EXPECT_EQ(Find(kFresh, "heading"), nullptr) << "Escape closes the case";
  ImGui::GetIO().AddInputCharacter('/');
  Frames(3);
  EXPECT_NE(Need("搜索问题或诉求中的词", "textbox").state & ui::kStateFocused, 0u);
}

// The case: the whole record, the timeline newest first with the internal note marked, the file
// opened by the page, and the actions the core offers this role.
TEST_F(ConsoleTest, TheCaseShowsTheRecordTimelineEvidenceAndTheOfferedActions) {
  SignIn();
  Tap(Need(kFresh, "button"));
  Frames(2);
  EXPECT_NE(Need("客户", "text").value.find("王小明"), std::string::npos) << "unmasked for staff";
  EXPECT_NE(Need("诉求", "text").value.find("减免本月月租"), std::string::npos);
  const ui::RegistryItem* note = nullptr;
  const ui::RegistryItem* filed = nullptr;
  for (int i = 0; i < ui::Registry_Count(); ++i) {
    const ui::RegistryItem& it = ui::Registry_Items()[i];
    if (it.label.find("李娜 添加备注") != std::string::npos) note = &it;
    if (it.label.find("客户 提交投诉") != std::string::npos) filed = &it;
  }
  ASSERT_NE(note, nullptr) << Labels();
  ASSERT_NE(filed, nullptr) << Labels();
  EXPECT_EQ(note->value, "内部 · 已调取端口日志");
  EXPECT_LT(note->y, filed->y) << "newest first";
  Tap(Need("附件 1", "button"));
  ASSERT_NE(port_.Last("openUpload"), nullptr);
  EXPECT_EQ(port_.Last("openUpload")->args, Json::array({"u_speedtest"}));
  for (const char* offered : {"认领", "受理", "不予受理", "添加备注", "保留"})
    EXPECT_NE(Find(offered, "button"), nullptr) << offered << " in " << Labels();
  EXPECT_EQ(Find("答复客户", "button"), nullptr) << "not from received";
}

// Each action is a small form with the fields it needs; what it sends is the action's body; the
// server's refusal is said in the staff member's language from its code.
TEST_F(ConsoleTest, AnActionIsSentAndARefusedOneSaysWhy) {
  Json sent;
  act_ = [&sent](const Json& body) {
    sent = body;
    if (body["action"] == "claim") return Refused("workflow.already_owned", 409);
    return Ok(FreshCase());
  };
  SignIn();
  Tap(Need(kFresh, "button"));
  Frames(2);
  Tap(Need("添加备注", "button"));
  Type(Need("说明", "textbox"), "已联系装维");
  Tap(Need("确定 · 添加备注", "button"));
  Frames(2);
  EXPECT_EQ(sent, Json({{"action", "note"}, {"note", "已联系装维"}, {"visibility", "internal"}}));
  EXPECT_NE(Find("已完成：添加备注", "text"), nullptr) << Labels();

  Tap(Need("认领", "button"));
  Tap(Need("确定 · 认领", "button"));
  Frames(2);
  EXPECT_EQ(sent, Json({{"action", "claim"}}));
  const std::string why(cw::message(cw::Errc::workflow_already_owned, cw::Lang::zh_CN));
  const ui::RegistryItem& said = Need(why, "text");
  EXPECT_NE(said.state & ui::kStateInvalid, 0u);

  console::SetOption("lang", "en");
  Frames(2);
  EXPECT_NE(Find(std::string(cw::message(cw::Errc::workflow_already_owned, cw::Lang::en)), "text"), nullptr)
      << "the refusal is kept as its code and worded anew: " << Labels();
}

// Signing out forgets the person and goes back to the token; the page is told to drop it.
TEST_F(ConsoleTest, SigningOutGoesBackToTheTokenAndTellsThePage) {
  SignIn();
  Tap(Need("退出", "link"));
  Frames(2);
  EXPECT_NE(Find("工作令牌", "textbox"), nullptr) << Labels();
  EXPECT_EQ(Find(kLate, "button"), nullptr);
  EXPECT_NE(port_.Last("signOut"), nullptr);
}

// zh-CN and en (DESIGN §5b).
TEST_F(ConsoleTest, TheWorkbenchSpeaksEnglish) {
  console::SetOption("lang", "en");
  Frames(3);
  EXPECT_NE(Find("Staff token", "textbox"), nullptr) << Labels();
  Type(Need("Staff token", "textbox"), "good");
  Tap(Need("Sign in", "button"));
  Frames(3);
  EXPECT_NE(Find("Queue", "link"), nullptr) << Labels();
  EXPECT_NE(Need(kLate, "button").value.find("over by"), std::string::npos);
}

}  // namespace

// [SECTION] intake, statistics, failed notifications (issue 24 item 5) ----------------------------

class ConsolePlacesTest : public ConsoleTest {
 protected:
  Json Places(const StaffPort::Rec& r) {
    if (r.method == "staff") {
      const std::string path = r.args[1].get<std::string>();
      if (r.args[0] == "POST" && path == "/staff/complaints") {
        intake_body = r.args[2];
        return intake_answer;
      }
      if (path.rfind("/staff/stats?", 0) == 0) {
        stats_path = path;
        return Ok(stats);
      }
      if (path == "/staff/notifications?state=failed") return Ok({{"items", failed}});
      if (path.rfind("/staff/notifications/", 0) == 0) {
        retried.push_back(path);
        failed = Json::array();
        return Ok(Json::object());
      }
      if (path == std::string("/staff/complaints/") + kNew) return Ok(FreshCase());
    }
    if (r.method == "signIn" && r.args[0] == "agent")
      return Ok({{"name", "李娜"}, {"role", "agent"}, {"expires_at", nullptr}});
    return Answer(r);
  }
  void SetUp() override {
    ConsoleTest::SetUp();
    port_.answer = [this](const StaffPort::Rec& r) { return Places(r); };
  }
  void Fill() {
    Tap(Need("营业厅", "radio"));
    Tap(Need(std::string(cw::tr(cw::Str::bt_mobile, cw::Lang::zh_CN)), "radio"));
    Tap(Need(std::string(cw::tr(cw::Str::cat_billing, cw::Lang::zh_CN)), "radio"));
    Type(Need("涉及的号码或账号", "textbox"), "13912345678");
    Type(Need("发生日期", "textbox"), "2026-12-01");
    Type(Need("遇到的问题", "textbox"), "本月话费比平时多扣了三十元，没有订过新业务");
    Type(Need("您的诉求", "textbox"), "退还多扣的费用");
    Type(Need("姓名", "textbox"), "王小明");
    Type(Need("联系电话", "textbox"), "13912345678");
    Tap(Need(std::string(cw::tr(cw::Str::rm_phone, cw::Lang::zh_CN)), "radio"));
    Tap(Need(std::string(cw::tr(cw::Str::console_intake_consent, cw::Lang::zh_CN)), "checkbox"));
  }
  static constexpr const char* kNew = "TS-261206-CCCCCCCC-3";
  Json intake_body, intake_answer = Ok({{"acceptance_no", kNew}, {"status", "received"},
                                        {"filed_at", "2026-12-06T10:00:00+08:00"}, {"deadlines", Json::object()}});
  std::string stats_path;
  Json stats = {{"groups",
                 {{{"key", "2026-11"}, {"filed", 3}, {"accepted", 2}, {"rejected", 1}, {"withdrawn", 0}, {"closed", 1},
                   {"escalated", 1}, {"on_time", {{"acceptance", 1.0}, {"investigation", nullptr}, {"reply", 0.5},
                                                  {"follow_up", nullptr}}},
                   {"stage_ends", {{"acceptance", 3}, {"investigation", 0}, {"reply", 2}, {"follow_up", 0}}},
                   {"surveys", 1}, {"satisfaction", {{"mean_overall", 4.0}, {"satisfied_share", 1.0}, {"resolved_share", 1.0}}},
                   {"median_hours_to_reply", 30.0}},
                  {{"key", "2026-12"}, {"filed", 1}, {"accepted", 1}, {"rejected", 0}, {"withdrawn", 0}, {"closed", 0},
                   {"escalated", 0}, {"on_time", {{"acceptance", 1.0}, {"investigation", nullptr}, {"reply", 1.0},
                                                  {"follow_up", nullptr}}},
                   {"stage_ends", {{"acceptance", 1}, {"investigation", 0}, {"reply", 2}, {"follow_up", 0}}},
                   {"surveys", 0}, {"satisfaction", {{"mean_overall", nullptr}, {"satisfied_share", nullptr},
                                                     {"resolved_share", nullptr}}},
                   {"median_hours_to_reply", nullptr}}}}};
  Json failed = Json::array(
      {{{"id", "n_aaa"}, {"kind", "status"}, {"acceptance_no", kLate}, {"to", {{"phone", "139****5678"}}},
        {"channel", "sms"}, {"state", "failed"}, {"last_error", "http 500"}, {"done_at", "2026-12-05T10:00:00+08:00"},
        {"attempts", Json::array({{{"at", "2026-12-04T10:00:00+08:00"}, {"outcome", "http 500"}}})},
        {"retry_refused", nullptr}},
       {{"id", "n_bbb"}, {"kind", "status"}, {"acceptance_no", kFresh}, {"to", {{"phone", "137****1111"}}},
        {"channel", "sms"}, {"state", "failed"}, {"last_error", "capped"}, {"done_at", "2026-12-05T11:00:00+08:00"},
        {"attempts", Json::array()}, {"retry_refused", "notify.capped"}}});
  std::vector<std::string> retried;
};

// The intake form says what is wrong beside each field with the wizard's own messages (the core's
// validate_filing), sends nothing until it is right, then files once and opens the case.
TEST_F(ConsolePlacesTest, IntakeChecksWithTheWizardsRulesThenFilesAndOpensTheCase) {
  SignIn();
  Tap(Need("来电录入", "link"));
  Frames(2);
  Tap(Need("登记投诉", "button"));
  Frames(2);
  EXPECT_TRUE(intake_body.is_null()) << "nothing sent with errors";
  EXPECT_EQ(Need("遇到的问题", "textbox").description,
            std::string(cw::message(cw::Errc::validation_required, cw::Lang::zh_CN)));
  Type(Need("联系电话", "textbox"), "12345");
  Frames(1);
  EXPECT_EQ(Need("联系电话", "textbox").description,
            std::string(cw::message(cw::Errc::validation_phone_invalid, cw::Lang::zh_CN)))
      << "the same message as the widget's wizard";
  Fill();
  Frames(1);
  Tap(Need("登记投诉", "button"));
  Frames(3);
  ASSERT_TRUE(intake_body.is_object()) << Labels();
  EXPECT_EQ(intake_body["channel"], "shop");
  EXPECT_EQ(intake_body["customer"]["phone"], "13912345678");
  EXPECT_EQ(intake_body["lang"], "zh-CN");
  EXPECT_TRUE(cw::is_uuid(intake_body["client_ref"].get<std::string>()));
  EXPECT_TRUE(intake_body.contains("occurred_at"));
  EXPECT_NE(Find(kNew, "text"), nullptr) << "the acceptance number is shown: " << Labels();
  Tap(Need("在队列中打开", "button"));
  Frames(3);
  const auto paths = port_.Paths();
  EXPECT_NE(std::find(paths.begin(), paths.end(), std::string("GET /staff/complaints/") + kNew), paths.end())
      << "the new case is opened";
}

// A server refusal is shown beside the field it names, worded from its code.
TEST_F(ConsolePlacesTest, IntakeShowsTheServersFieldErrorBesideTheField) {
  intake_answer = Json{{"ok", false},
                       {"error", {{"code", "validation.phone_invalid"}, {"status", 422}, {"message", ""},
                                  {"fields", {{"customer.phone", "validation.phone_invalid"}}}}}};
  SignIn();
  Tap(Need("来电录入", "link"));
  Frames(2);
  Fill();
  Tap(Need("登记投诉", "button"));
  Frames(3);
  EXPECT_EQ(Need("联系电话", "textbox").description,
            std::string(cw::message(cw::Errc::validation_phone_invalid, cw::Lang::zh_CN)));
}

// Statistics: the groups' figures combined by what each is over, with the numbers on the charts.
TEST_F(ConsolePlacesTest, StatisticsShowTheNumbersOfTheAnswerAndAnAgentSeesThemDisabled) {
  SignIn();
  Tap(Need("统计分析", "link"));
  Frames(3);
  EXPECT_EQ(stats_path.rfind("/staff/stats?group_by=month&from=", 0), 0u) << stats_path;
  EXPECT_EQ(Need("受理", "text").value.rfind("4 · ", 0), 0u) << "3 + 1 filed";
  EXPECT_EQ(Need("按时答复", "text").value.rfind("75.0%", 0), 0u) << "(0.5 × 2 + 1.0 × 2) / 4 replies";
  EXPECT_EQ(Need("满意度", "text").value.rfind("4.0 / 5", 0), 0u);
  EXPECT_EQ(Need("2026-11 · 受理", "text").value.rfind("3 · ", 0), 0u);
  Tap(Need("按渠道", "radio"));
  Frames(2);
  EXPECT_EQ(stats_path.rfind("/staff/stats?group_by=channel", 0), 0u) << stats_path;

  Tap(Need("退出", "link"));
  Frames(2);
  Type(Need("工作令牌", "textbox"), "agent");
  Tap(Need("登录", "button"));
  Frames(3);
  stats_path.clear();
  Tap(Need("统计分析", "link"));
  Frames(2);
  EXPECT_TRUE(stats_path.empty()) << "an agent does not ask";
  EXPECT_NE(Find(std::string(cw::tr(cw::Str::console_stats_only_supervisors, cw::Lang::zh_CN)), "text"), nullptr)
      << Labels();
}

// Failed notifications: listed with what the server says of each; a retry is sent for the one it
// allows, the capped one is shown disabled with the server's reason.
TEST_F(ConsolePlacesTest, FailedNotificationsAreListedAndOneIsRetried) {
  SignIn();
  Tap(Need("通知失败", "link"));
  Frames(3);
  const ui::RegistryItem& capped = Need("重发 n_bbb", "button");
  EXPECT_NE(capped.state & ui::kStateDisabled, 0u);
  EXPECT_EQ(capped.description, std::string(cw::message(cw::Errc::notify_capped, cw::Lang::zh_CN)));
  Tap(Need("重发 n_aaa", "button"));
  Frames(3);
  ASSERT_EQ(retried, std::vector<std::string>{"/staff/notifications/n_aaa/retry"});
  EXPECT_TRUE(Shows("已重新排队：n_aaa")) << Labels();
  EXPECT_NE(Find(std::string(cw::tr(cw::Str::console_failed_none, cw::Lang::zh_CN))), nullptr) << "listed again";
}
