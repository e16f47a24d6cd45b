// tests/ui/console_test.cpp — the staff workbench's screens (wasm/console/, DESIGN §5b) natively:
// sign-in with a pasted token, the refusal worded for the staff member, the queue from the staff
// list with its filters, through a scripted port that answers like web/staff/console.js.
#include <functional>
#include <vector>

#include "core/json.h"
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
  std::vector<std::string> Paths() const {  // every staff request's method and path, in order
    std::vector<std::string> out;
    for (const Rec& r : calls)
      if (r.method == "staff") out.push_back(r.args[0].get<std::string>() + " " + r.args[1].get<std::string>());
    return out;
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

class ConsoleTest : public UiHarness {
 protected:
  void SetUp() override {
    UiHarness::SetUp();
    ImGui::GetIO().DisplaySize = ImVec2(1280, 800);
    console::Reset();
    ui::SetDataPort(&port_);
    port_.answer = [this](const StaffPort::Rec& r) { return Answer(r); };
  }
  void TearDown() override {
    ui::SetDataPort(nullptr);
    console::Reset();
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
  // The page: no token kept; "good" is a supervisor's; the list has an overdue case first.
  Json Answer(const StaffPort::Rec& r) {
    if (r.method == "signIn")
      return r.args[0] == "good" ? Ok({{"name", "王主管"}, {"role", "supervisor"}, {"expires_at", nullptr}})
                                 : Refused("auth.unauthorized", 401);
    if (r.method == "staff" && r.args[1] == "/staff/me") return Refused("auth.no_token", 401);
    if (r.method == "staff" && r.args[1].get<std::string>().rfind("/staff/complaints?", 0) == 0)
      return Ok({{"items", Json::array({Row("TS-261201-AAAAAAAA-1", "accepted", "2026-12-02T18:00:00+08:00", true, "赵工"),
                                        Row("TS-261201-BBBBBBBB-2", "received", "2099-12-03T18:00:00+08:00", false, nullptr)})},
                 {"next_cursor", nullptr}});
    return Refused("data.unknown_method", 0);
  }
  StaffPort port_;
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
  EXPECT_EQ(port_.Paths().back(), "GET /staff/complaints?limit=200");
  EXPECT_NE(Find("王主管 · 主管", "text"), nullptr) << Labels();
  const ui::RegistryItem& late = Need("TS-261201-AAAAAAAA-1", "text");
  EXPECT_NE(late.value.find("已受理"), std::string::npos) << late.value;
  EXPECT_NE(late.value.find("超时"), std::string::npos) << late.value;
  EXPECT_NE(late.value.find("赵工"), std::string::npos) << late.value;
  const ui::RegistryItem& fresh = Need("TS-261201-BBBBBBBB-2", "text");
  EXPECT_NE(fresh.value.find("剩余"), std::string::npos) << fresh.value;
  EXPECT_LT(late.y, fresh.y) << "the server's order (overdue first) is kept";
  EXPECT_NE(Find("共 2 件", "text"), nullptr) << Labels();
}

// The filters go to the server as the list's parameters (the search word percent-encoded).
TEST_F(ConsoleTest, TheStatusAndTheSearchWordAreTheListsParameters) {
  SignIn();
  Tap(Need("已受理", "radio"));
  Frames(2);
  EXPECT_EQ(port_.Paths().back(), "GET /staff/complaints?limit=200&status=accepted");
  Type(Need("搜索问题或诉求中的词", "textbox"), "网速");
  Tap(Need("查询", "button"));
  Frames(2);
  EXPECT_EQ(port_.Paths().back(), "GET /staff/complaints?limit=200&status=accepted&q=%E7%BD%91%E9%80%9F");
}

// Signing out forgets the person and goes back to the token; the page is told to drop it.
TEST_F(ConsoleTest, SigningOutGoesBackToTheTokenAndTellsThePage) {
  SignIn();
  Tap(Need("退出", "link"));
  Frames(2);
  EXPECT_NE(Find("工作令牌", "textbox"), nullptr) << Labels();
  EXPECT_EQ(Find("TS-261201-AAAAAAAA-1", "text"), nullptr);
  bool told = false;
  for (const StaffPort::Rec& r : port_.calls) told = told || r.method == "signOut";
  EXPECT_TRUE(told);
}

// zh-CN and en (DESIGN §5b).
TEST_F(ConsoleTest, TheWorkbenchSpeaksEnglish) {
  console::SetOption("lang", "en");
  Frames(3);
  EXPECT_NE(Find("Staff token", "textbox"), nullptr) << Labels();
  EXPECT_NE(Find("Sign in", "button"), nullptr) << Labels();
}

}  // namespace
