// tests/ui/filing_test.cpp — the filing wizard natively against a scripted data port: the core's
// field errors block Next and name the field, the filing sent has exactly the wire fields of
// DESIGN §3, a queued filing's receipt becomes the real one on "submitted", server field errors
// land beside their field, and the draft is restored and saved.
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/field_path.h"
#include "core/i18n.h"
#include "core/iso_time.h"
#include "core/json.h"
#include "tests/ui/ui_harness.h"
#include "wasm/ui/data.h"
#include "wasm/ui/screens/filing.h"
#include "wasm/ui/screens/screens.h"

namespace {

struct Call {
  unsigned id;
  std::string method;
  cw::Json args;
};

// The client as the screens see it: records calls; the test answers them.
class FakePort : public ui::DataPort {
 public:
  void Call(unsigned id, std::string_view method, std::string_view args_json) override {
    calls.push_back({id, std::string(method), cw::parse_json(args_json).value()});
  }
  // The latest call of `method` (nullptr when there was none).
  const ::Call* Last(const std::string& method) const {
    for (auto it = calls.rbegin(); it != calls.rend(); ++it)
      if (it->method == method) return &*it;
    return nullptr;
  }
  // Answers the latest call of `method` (with exactly these arguments, when given).
  void Answer(const std::string& method, const cw::Json& value, const cw::Json& args = nullptr) {
    const ::Call* c = nullptr;
    for (auto it = calls.rbegin(); it != calls.rend() && !c; ++it)
      if (it->method == method && (args.is_null() || it->args == args)) c = &*it;
    ASSERT_NE(c, nullptr) << "no call of " << method;
    ui::Data_OnResult(c->id, cw::dump_json(cw::Json{{"ok", true}, {"value", value}}));
  }
  void Fail(const std::string& method, const cw::Json& error) {
    const ::Call* c = Last(method);
    ASSERT_NE(c, nullptr) << "no call of " << method;
    ui::Data_OnResult(c->id, cw::dump_json(cw::Json{{"ok", false}, {"error", error}}));
  }
  std::vector<::Call> calls;
};

class Filing : public UiHarness {
 protected:
  void SetUp() override {
    UiHarness::SetUp();
    ui::SetDataPort(&port_);
    ui::Ctx() = ui::Ctx_{};
    ui::SetLanguage(cw::Lang::zh_CN);
    // Friday 27 November 2026, 10:00 in Shanghai: "today" and "yesterday" are fixed.
    ui::Ctx().fixed_now = cw::shanghai_time(2026, 11, 27, 10).time_since_epoch().count();
    ui::ResetScreens();
  }
  void TearDown() override {
    // The next suite starts from a fresh page too (language, route, prefill).
    ui::Ctx() = ui::Ctx_{};
    ui::SetLanguage(cw::Lang::zh_CN);
    ui::SetDataPort(nullptr);
    UiHarness::TearDown();
  }
  // One frame that scrolls the page (as a wheel or a drag would), then a plain one.
  void ScrollBy(float dy) {
    ImGui::NewFrame();
    ui::BeginFrame(ui::FrameInput{dy, 0});
    ui::App_Draw();
    ui::EndFrame();
    ImGui::Render();
    Frame();
  }
  bool Has(const std::string& label) { return Find(label) != nullptr; }
  // A tap: scrolls the page until the item is on screen, then presses and releases over it.
  void Tap(const std::string& label, const char* role = nullptr) {
    const ui::RegistryItem* it = Find(label, role);
    ASSERT_NE(it, nullptr) << "no widget " << label;
    for (int i = 0; i < 20 && (it->state & ui::kStateHidden); ++i) {
      ScrollBy(it->y > 400 ? 300.0f : -300.0f);
      it = Find(label, role);
      ASSERT_NE(it, nullptr);
    }
    UiHarness::Tap(*it);
    ImGui::GetIO().MousePos = ImVec2(-1, -1);  // nothing stays hovered
    Frame();
  }
  // Press and release without the frame after: a tap that navigates to the track screen must not
  // draw it (track.cpp keeps its own calls, which this test's data port would leave unanswered).
  void PressOnly(const std::string& label) {
    const ui::RegistryItem* it = Find(label, "button");
    ASSERT_NE(it, nullptr) << "no button " << label;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(it->x + it->w / 2, it->y + it->h / 2);
    Frame();
    io.MouseDown[0] = true;
    Frame();
    io.MouseDown[0] = false;
    Frame();
  }
  // Typing as the DOM text agent delivers it: focus, committed text, blur.
  void Type(const std::string& label, const std::string& text) {
    const ui::RegistryItem* it = Find(label, "textbox");
    ASSERT_NE(it, nullptr) << "no field " << label;
    const unsigned id = it->id;
    ui::Agent_OnFocus(id);
    ui::Agent_OnText(id, text);
    Frame();
    ui::Agent_OnBlur(id);
    Frame();
  }
  std::string Step() { return ui::RouteHash(ui::Ctx().route); }
  void Open(const char* hash, const cw::Json& draft = nullptr) {
    ASSERT_TRUE(ui::App_SetOption("route", hash));
    Frame();
    port_.Answer("loadDraft", draft);
    Frame();
  }
  std::string Msg(cw::Errc c) { return std::string(cw::message(c, cw::Lang::zh_CN)); }

  // Fills every step with valid answers and stops on the review.
  void FillAll() {
    Open("#/file/1");
    Tap("移动电话", "radio");
    Tap("费用争议", "radio");
    Type("涉及的号码或账号", "139 1234 5678");
    Tap("昨天", "radio");
    Tap("下一步", "button");
    ASSERT_EQ(Step(), "#/file/2");
    Type("遇到的问题", "本月话费账单多扣了三十元流量费，我并没有使用这些流量");
    Type("您的诉求", "退还多扣的三十元");
    Tap("下一步", "button");
    ASSERT_EQ(Step(), "#/file/3");
    Type("姓名", "王喆");
    Type("联系电话", "13912345678");
    Tap("短信", "radio");
    Tap("下一步", "button");
    ASSERT_EQ(Step(), "#/file/4");
    ui::Data_OnEvent("files", R"([{"key":"file:k1","name":"账单.png","size":20480,"type":"image/png"}])");
    Frame();
    Tap("下一步", "button");
    ASSERT_EQ(Step(), "#/file/5");
  }

  FakePort port_;
};

}  // namespace

TEST_F(Filing, EmptyStepShowsEveryFieldErrorAndNextStaysPut) {
  Open("#/file/1");
  ASSERT_TRUE(Has("下一步"));
  EXPECT_FALSE(Has(Msg(cw::Errc::validation_required))) << "no errors before the customer tries to move on";
  Tap("下一步", "button");
  EXPECT_EQ(Step(), "#/file/1");
  const ui::RegistryItem* number = Find("涉及的号码或账号", "textbox");
  ASSERT_NE(number, nullptr);
  EXPECT_TRUE(number->state & ui::kStateInvalid);
  EXPECT_TRUE(Has(Msg(cw::Errc::validation_required)));

  // A mobile service with a landline number: the core's own code, beside the field.
  Tap("移动电话", "radio");
  Tap("费用争议", "radio");
  Tap("今天", "radio");
  Type("涉及的号码或账号", "010-12345678");
  Tap("下一步", "button");
  EXPECT_EQ(Step(), "#/file/1");
  EXPECT_TRUE(Has(Msg(cw::Errc::validation_service_number_invalid)));
  Type("涉及的号码或账号", "13912345678");
  Tap("下一步", "button");
  EXPECT_EQ(Step(), "#/file/2");
}

TEST_F(Filing, ProblemTooShortAndEmailReplyWithoutAddressAreRefused) {
  Open("#/file/2");
  Type("遇到的问题", "太贵了");
  Type("您的诉求", "退钱");
  Tap("下一步", "button");
  EXPECT_EQ(Step(), "#/file/2");
  EXPECT_TRUE(Has(Msg(cw::Errc::validation_too_short)));
  ASSERT_TRUE(ui::App_SetOption("route", "#/file/3"));
  Frame();
  Type("姓名", "李四");
  Type("联系电话", "13912345678");
  Tap("电子邮件", "radio");
  Tap("下一步", "button");
  EXPECT_EQ(Step(), "#/file/3");
  EXPECT_TRUE(Has(Msg(cw::Errc::validation_email_required)));
}

TEST_F(Filing, TheFilingSentHasExactlyTheWireFields) {
  FillAll();
  Tap("提交投诉", "button");
  EXPECT_EQ(port_.Last("fileComplaint"), nullptr) << "consent is required before anything is sent";
  EXPECT_TRUE(Has(Msg(cw::Errc::validation_consent_required)));
  Tap("我已阅读并同意《个人信息保护说明》", "checkbox");
  Tap("提交投诉", "button");
  const Call* c = port_.Last("fileComplaint");
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->args.is_array());
  const cw::Json& f = c->args[0];
  std::vector<std::string> keys;
  for (auto it = f.begin(); it != f.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"business_type", "category", "consent", "customer", "demand", "evidence",
                                            "occurred_at", "problem", "service_number"}));
  EXPECT_EQ(f["business_type"], "mobile");
  EXPECT_EQ(f["category"], "billing");
  EXPECT_EQ(f["occurred_at"], "2026-11-26T12:00:00+08:00") << "yesterday, noon in Shanghai";
  EXPECT_EQ(f["service_number"], "13912345678") << "spaces typed between digit groups are dropped";
  EXPECT_EQ(f["problem"], "本月话费账单多扣了三十元流量费，我并没有使用这些流量");
  EXPECT_EQ(f["demand"], "退还多扣的三十元");
  EXPECT_EQ(f["customer"], (cw::Json{{"name", "王喆"}, {"phone", "13912345678"}, {"reply_method", "sms"}}));
  EXPECT_EQ(f["evidence"], cw::Json::array({"file:k1"})) << "the element swaps the key for the picked file";
  EXPECT_EQ(f["consent"], true);
  // The button cannot send it twice while the first is on its way.
  Tap("正在提交…", "button");
  int filings = 0;
  for (const Call& call : port_.calls) filings += call.method == "fileComplaint";
  EXPECT_EQ(filings, 1);
}

// Issue 19 item 8 (spec 二(二)3, 四(三)2): a network complaint asks where and when it happens, a
// phone reply when to call; both only there, and the filing carries them under their wire names.
TEST_F(Filing, Spec_2_2_3_ANetworkComplaintAsksWhereAndWhenAndAPhoneReplyWhenToCall) {
  Open("#/file/1");
  Tap("宽带上网", "radio");
  Tap("费用争议", "radio");
  EXPECT_FALSE(Has("在哪里、什么时候出现（选填）")) << "not for a billing complaint";
  Tap("网络质量", "radio");
  ASSERT_TRUE(Has("在哪里、什么时候出现（选填）")) << Labels();
  Type("或填写具体地址", "花园小区3号楼");
  Tap("家里", "radio");  // a place from the list replaces the address (one of them)
  EXPECT_EQ(Find("或填写具体地址", "textbox")->value, "");
  Tap("晚上", "radio");
  Tap("一直如此", "radio");
  Type("涉及的号码或账号", "ad02112345678");
  Tap("今天", "radio");
  Tap("下一步", "button");
  ASSERT_EQ(Step(), "#/file/2");
  Type("遇到的问题", "家里晚上八点以后宽带经常断线，重启光猫也没用");
  Type("您的诉求", "尽快派人上门检修");
  Tap("下一步", "button");
  ASSERT_EQ(Step(), "#/file/3");
  Type("姓名", "李华");
  Type("联系电话", "13800138000");
  Tap("短信", "radio");
  EXPECT_FALSE(Has("方便接听电话的时段（选填）")) << "only for a phone reply";
  Tap("电话", "radio");
  ASSERT_TRUE(Has("方便接听电话的时段（选填）")) << Labels();
  Tap("晚上 18–21 点", "radio");
  Tap("下一步", "button");
  ASSERT_EQ(Step(), "#/file/4");
  Tap("下一步", "button");
  Tap("我已阅读并同意《个人信息保护说明》", "checkbox");
  Tap("提交投诉", "button");
  const Call* c = port_.Last("fileComplaint");
  ASSERT_NE(c, nullptr) << Labels();
  const cw::Json& f = c->args[0];
  EXPECT_EQ(f["network"], (cw::Json{{"place", "home"}, {"time_of_day", "evening"}, {"frequency", "always"}}));
  EXPECT_EQ(f["customer"]["contact_time"], "evening");
}

// The same choices are kept in the draft (version 2), saved as the customer makes them.
TEST_F(Filing, Spec_2_2_3_TheDraftKeepsWhereAndWhen) {
  Open("#/file/1");
  Tap("网络质量", "radio");
  port_.Answer("saveDraft", nullptr);  // the save in flight; the next one has the place
  Frame();
  Tap("户外", "radio");
  port_.Answer("saveDraft", nullptr);
  Frame();
  Tap("时有时无", "radio");
  port_.Answer("saveDraft", nullptr);
  Frame();
  const Call* save = port_.Last("saveDraft");
  ASSERT_NE(save, nullptr);
  EXPECT_EQ(save->args[0]["v"], 2);
  EXPECT_EQ(save->args[0]["place"], "outdoors");
  EXPECT_EQ(save->args[0]["frequency"], "sometimes");
  EXPECT_FALSE(save->args[0].contains("contact_time")) << "stored only when given";
}

TEST_F(Filing, QueuedReceiptBecomesTheRealOneWhenSubmitted) {
  FillAll();
  Tap("我已阅读并同意《个人信息保护说明》", "checkbox");
  Tap("提交投诉", "button");
  port_.Answer("fileComplaint", {{"queued", true}, {"client_ref", "ref-1"}});
  Frame();
  EXPECT_EQ(Step(), "#/file/done");
  EXPECT_TRUE(Has("已保存，联网后自动提交"));
  EXPECT_FALSE(Has("TS-261127-7K3M9QXD-4"));

  // Another filing's event changes nothing.
  ui::Data_OnEvent("submitted", R"({"client_ref":"other","acceptance_no":"TS-261127-0000000A-1","response":{}})");
  Frame();
  EXPECT_TRUE(Has("已保存，联网后自动提交"));

  ui::Data_OnEvent("submitted", R"({"client_ref":"ref-1","acceptance_no":"TS-261127-7K3M9QXD-4",
    "response":{"acceptance_no":"TS-261127-7K3M9QXD-4","status":"received",
                "deadlines":{"acceptance":"2026-11-28T10:00:00+08:00","investigation":null,
                             "reply":"2026-12-12T23:59:59+08:00","follow_up":null}}})");
  Frame();
  EXPECT_TRUE(Has("TS-261127-7K3M9QXD-4")) << "the number, large";
  EXPECT_TRUE(Has("我们已收到您的投诉"));
  EXPECT_TRUE(Has("复制编号"));
  EXPECT_TRUE(Has("也可拨打中国电信客服热线 10000 咨询")) << "the policy's operator, formatted";
  const ui::RegistryItem* acc = Find("受理反馈");
  ASSERT_NE(acc, nullptr);
  EXPECT_EQ(acc->value, "11月28日 10:00 前确认是否受理");
  const ui::RegistryItem* reply = Find("处理答复");
  ASSERT_NE(reply, nullptr);
  EXPECT_NE(reply->value.find("12月12日 23:59"), std::string::npos) << reply->value;
  PressOnly("查看进度");
  EXPECT_EQ(Step(), "#/track/TS-261127-7K3M9QXD-4");
}

TEST_F(Filing, ServerFieldErrorsLandBesideTheirFieldOnItsStep) {
  FillAll();
  Tap("我已阅读并同意《个人信息保护说明》", "checkbox");
  Tap("提交投诉", "button");
  port_.Fail("fileComplaint", {{"code", "validation.phone_invalid"},
                               {"status", 422},
                               {"message", "x"},
                               {"fields", {{"customer.phone", "validation.phone_invalid"}}}});
  Frame();
  EXPECT_EQ(Step(), "#/file/3");
  const ui::RegistryItem* phone = Find("联系电话", "textbox");
  ASSERT_NE(phone, nullptr);
  EXPECT_TRUE(phone->state & ui::kStateInvalid);
  EXPECT_TRUE(Has(Msg(cw::Errc::validation_phone_invalid)));
  Type("联系电话", "13812345678");
  phone = Find("联系电话", "textbox");
  EXPECT_FALSE(phone->state & ui::kStateInvalid) << "fixing the field clears the server's complaint";
}

TEST_F(Filing, TheDraftIsRestoredAndSavedAsTheCustomerTypes) {
  Open("#/file/2", {{"v", 1}, {"business_type", "broadband"}, {"problem", "晚上八点以后宽带经常断线"}, {"when", 1}});
  const ui::RegistryItem* problem = Find("遇到的问题", "textbox");
  ASSERT_NE(problem, nullptr);
  EXPECT_EQ(problem->value, "晚上八点以后宽带经常断线");
  EXPECT_TRUE(Has("已恢复您上次未提交的内容"));
  EXPECT_EQ(port_.Last("saveDraft"), nullptr) << "restoring is not a change";
  Type("您的诉求", "尽快修复");
  const Call* save = port_.Last("saveDraft");
  ASSERT_NE(save, nullptr);
  EXPECT_EQ(save->args[0]["demand"], "尽快修复");
  EXPECT_EQ(save->args[0]["business_type"], "broadband");
  // One save at a time: what is typed meanwhile goes out when the first is answered.
  const unsigned first = save->id;
  Type("您的诉求", "尽快修复并减免费用");
  EXPECT_EQ(port_.Last("saveDraft")->id, first);
  EXPECT_FALSE(Has("草稿已自动保存"));
  port_.Answer("saveDraft", nullptr);
  Frame();
  EXPECT_TRUE(Has("草稿已自动保存"));
  ASSERT_NE(port_.Last("saveDraft")->id, first);
  EXPECT_EQ(port_.Last("saveDraft")->args[0]["demand"], "尽快修复并减免费用");
}

TEST_F(Filing, HostPrefillFillsTheContactStep) {
  ASSERT_TRUE(ui::App_SetOption("prefill.name", "张三"));
  ASSERT_TRUE(ui::App_SetOption("prefill.phone", "13800138000"));
  Open("#/file/3");
  EXPECT_EQ(Find("姓名", "textbox")->value, "张三");
  EXPECT_EQ(Find("联系电话", "textbox")->value, "13800138000");
}

// The app learns who is signed in after the wizard loaded its (empty) draft: the contact step still
// takes it, and a field the customer emptied afterwards stays empty.
TEST_F(Filing, APrefillAfterTheDraftLoadedFillsWhatIsEmpty) {
  Open("#/file/3");
  EXPECT_EQ(Find("姓名", "textbox")->value, "");
  ASSERT_TRUE(ui::App_SetOption("prefill.name", "李四"));
  ASSERT_TRUE(ui::App_SetOption("prefill.phone", "0755-12345678"));
  Frame();
  EXPECT_EQ(Find("姓名", "textbox")->value, "李四");
  EXPECT_EQ(Find("联系电话", "textbox")->value, "0755-12345678");
  ui::Agent_OnText(Find("姓名", "textbox")->id, "");
  Frame();
  Frame();
  EXPECT_EQ(Find("姓名", "textbox")->value, "") << "not filled again";
}

TEST_F(Filing, EnglishShowsEnglishLabelsAndErrors) {
  ASSERT_TRUE(ui::App_SetOption("lang", "en"));
  Open("#/file/1");
  EXPECT_TRUE(Has("Mobile"));
  Tap("Next", "button");
  EXPECT_TRUE(Has(std::string(cw::message(cw::Errc::validation_required, cw::Lang::en))));
}

// DESIGN §3, 民法典 art. 188: three years, not two; the refusal says why and names the other lawful
// channels (spec 二(三)) beside the date, in the customer's language.
TEST_F(Filing, Spec_2_3_AnEventPastTheLimitationPeriodIsRefusedWithWhyBesideTheDate) {
  for (const cw::Lang lang : {cw::Lang::zh_CN, cw::Lang::en}) {
    const bool en = lang == cw::Lang::en;
    ui::ResetScreens();
    ASSERT_TRUE(ui::App_SetOption("lang", en ? "en" : "zh-CN"));
    Open("#/file/1");
    const std::string date(cw::tr(cw::Str::field_date, lang)), next(cw::tr(cw::Str::btn_next, lang));
    Tap(std::string(cw::tr(cw::Str::bt_mobile, lang)), "radio");
    Tap(std::string(cw::tr(cw::Str::cat_billing, lang)), "radio");
    Type(std::string(cw::tr(cw::Str::field_service_number, lang)), "13912345678");
    Tap(std::string(cw::tr(cw::Str::when_other, lang)), "radio");
    Type(date, "2024-06-01");  // two and a half years ago: filed
    Tap(next, "button");
    EXPECT_EQ(Step(), "#/file/2");
    ASSERT_TRUE(ui::App_SetOption("route", "#/file/1"));
    Frame();
    Type(date, "2023-11-01");
    Tap(next, "button");
    EXPECT_EQ(Step(), "#/file/1");
    const std::string why(cw::message(cw::Errc::validation_date_too_old, lang));
    EXPECT_NE(why.find(en ? "Civil Code" : "民法典"), std::string::npos);
    EXPECT_TRUE(Has(why)) << Labels();
    const ui::RegistryItem* field = Find(date, "textbox");
    ASSERT_NE(field, nullptr);
    EXPECT_TRUE(field->state & ui::kStateInvalid);
  }
}

// spec 四(三)2: an SMS cannot reach a landline. The core refuses the choice on the reply method, the
// wizard says so there (zh-CN and en), and a mobile number or another method lets the customer on.
TEST_F(Filing, Spec_4_3_2_AnSmsReplyToALandlineIsRefusedOnTheReplyMethod) {
  for (const cw::Lang lang : {cw::Lang::zh_CN, cw::Lang::en}) {
    ui::ResetScreens();
    ASSERT_TRUE(ui::App_SetOption("lang", lang == cw::Lang::en ? "en" : "zh-CN"));
    Open("#/file/3");
    const std::string phone(cw::tr(cw::Str::field_phone, lang)), next(cw::tr(cw::Str::btn_next, lang));
    const std::string why(cw::message(cw::Errc::validation_sms_needs_mobile, lang));
    Type(std::string(cw::tr(cw::Str::field_name, lang)), "王喆");
    Type(phone, "010-62345678");
    Tap(std::string(cw::tr(cw::Str::rm_sms, lang)), "radio");
    Tap(next, "button");
    EXPECT_EQ(Step(), "#/file/3");
    EXPECT_TRUE(Has(why)) << Labels();
    EXPECT_FALSE(Find(phone, "textbox")->state & ui::kStateInvalid) << "the landline itself is a valid contact";
    Tap(std::string(cw::tr(cw::Str::rm_phone, lang)), "radio");
    EXPECT_FALSE(Has(why));
    Tap(std::string(cw::tr(cw::Str::rm_sms, lang)), "radio");
    Type(phone, "13912345678");
    EXPECT_FALSE(Has(why));
    Tap(next, "button");
    EXPECT_EQ(Step(), "#/file/4");
  }
}

// The same refusal from the server (a 422 field error on customer.reply_method) lands on the reply
// method's step; fixing the number clears it.
TEST_F(Filing, TheServersSmsRefusalLandsOnTheReplyMethod) {
  FillAll();
  Tap("我已阅读并同意《个人信息保护说明》", "checkbox");
  Tap("提交投诉", "button");
  port_.Fail("fileComplaint", {{"code", "validation.sms_needs_mobile"},
                               {"status", 422},
                               {"message", "x"},
                               {"fields", {{"customer.reply_method", "validation.sms_needs_mobile"}}}});
  Frame();
  EXPECT_EQ(Step(), "#/file/3");
  EXPECT_TRUE(Has(Msg(cw::Errc::validation_sms_needs_mobile))) << Labels();
  Type("联系电话", "13812345678");
  EXPECT_FALSE(Has(Msg(cw::Errc::validation_sms_needs_mobile))) << "the number it depended on changed";
}

TEST_F(Filing, MyComplaintsListsFiledQueuedAndRefusedOnesWithRetry) {
  ASSERT_TRUE(ui::App_SetOption("route", "#/mine"));
  Frame();
  port_.Answer("loadDraft", nullptr);
  port_.Answer("myComplaints", cw::Json::array({
      {{"acceptance_no", nullptr}, {"client_ref", "ref-q"}, {"status", "queued"}, {"business_type", "mobile"},
       {"category", "billing"}, {"failed", false}},
      {{"acceptance_no", nullptr}, {"client_ref", "ref-f"}, {"status", "queued"}, {"business_type", "broadband"},
       {"category", "network"}, {"failed", true}},
      {{"acceptance_no", "TS-261127-7K3M9QXD-4"}, {"status", "accepted"}, {"business_type", "mobile"},
       {"category", "billing"}, {"filed_at", "2026-11-27T09:30:00+08:00"}}}));
  port_.Answer("pending", cw::Json::array({
      {{"op", "op-7"}, {"kind", "file"}, {"client_ref", "ref-f"}, {"failed", true},
       {"last_error", {{"code", "validation.phone_invalid"}, {"message", "请填写有效的手机号"}}}}}));
  Frame();
  const ui::RegistryItem* filed = Find("TS-261127-7K3M9QXD-4", "button");
  ASSERT_NE(filed, nullptr);
  EXPECT_NE(filed->value.find("11月27日 09:30"), std::string::npos) << filed->value;
  EXPECT_NE(filed->value.find(std::string(cw::tr(cw::Str::status_accepted, cw::Lang::zh_CN))), std::string::npos) << "its status badge is read too";
  // The queued one has no number yet: it is named by what it is about, and it says it waits.
  EXPECT_EQ(Find("移动电话 · 费用争议", "button"), nullptr) << "nothing to open before it has a number";
  const ui::RegistryItem* queued = Find("移动电话 · 费用争议", "text");
  ASSERT_NE(queued, nullptr) << Labels();
  EXPECT_EQ(queued->value.rfind("待发送", 0), 0u) << queued->value;
  EXPECT_NE(queued->value.find("联网后自动提交"), std::string::npos) << queued->value;
  EXPECT_TRUE(Has("提交未成功"));
  EXPECT_TRUE(Has("请填写有效的手机号")) << "why the server refused it";
  Tap("重试", "button");
  const Call* retry = port_.Last("retry");
  ASSERT_NE(retry, nullptr);
  EXPECT_EQ(retry->args, cw::Json::array({"op-7"}));
  port_.Answer("retry", nullptr);
  Frame();
  Tap("放弃", "button");
  EXPECT_EQ(port_.Last("discard"), nullptr) << "discarding asks first";
  Tap("确定", "button");
  ASSERT_NE(port_.Last("discard"), nullptr);
  EXPECT_EQ(port_.Last("discard")->args, cw::Json::array({"op-7"}));

  // A tap on a filed one opens its track route.
  port_.Answer("discard", nullptr);
  Frame();
  PressOnly("TS-261127-7K3M9QXD-4");
  EXPECT_EQ(Step(), "#/track/TS-261127-7K3M9QXD-4");
}

TEST_F(Filing, HomeShowsTheCountTheLatestAndAnUnsentDraft) {
  ASSERT_TRUE(ui::App_SetOption("route", "#/"));
  Frame();
  port_.Answer("loadDraft", {{"v", 1}, {"problem", "宽带断线"}});
  port_.Answer("myComplaints", cw::Json::array({{{"acceptance_no", "TS-261127-7K3M9QXD-4"}, {"status", "replied"}}}));
  port_.Answer("pending", cw::Json::array());
  Frame();
  const ui::RegistryItem* mine = Find("我的投诉", "button");
  ASSERT_NE(mine, nullptr);
  EXPECT_EQ(mine->value, "共 1 条 · 最近：TS-261127-7K3M9QXD-4 · 已答复") << "the count badge is read first";
  EXPECT_TRUE(Has("您有一份未提交的投诉"));
  Tap("您有一份未提交的投诉", "button");
  EXPECT_EQ(Step(), "#/file/1");
}

TEST_F(Filing, AnEarlierDayIsTypedAndCheckedByTheCore) {
  Open("#/file/1");
  Tap("移动电话", "radio");
  Tap("费用争议", "radio");
  Type("涉及的号码或账号", "13912345678");
  Tap("更早", "radio");
  Type("日期", "2026-12-01");
  Tap("下一步", "button");
  EXPECT_EQ(Step(), "#/file/1");
  EXPECT_TRUE(Has(Msg(cw::Errc::validation_date_future)));
  Type("日期", "2026-13-01");
  Tap("下一步", "button");
  EXPECT_TRUE(Has(Msg(cw::Errc::validation_date_invalid)));
  Type("日期", "2023-10-01");  // more than three years before 2026-11-27 (民法典 art. 188)
  Tap("下一步", "button");
  EXPECT_TRUE(Has(Msg(cw::Errc::validation_date_too_old)));
  Type("日期", "2026-10-01");
  Tap("下一步", "button");
  EXPECT_EQ(Step(), "#/file/2");
  port_.Answer("saveDraft", nullptr);  // the save in flight; the next one has the date
  Frame();
  const Call* save = port_.Last("saveDraft");
  ASSERT_NE(save, nullptr);
  EXPECT_EQ(save->args[0]["date"], "2026-10-01");
}

TEST_F(Filing, PickedFilesThatCannotBeSentAreMarkedAndLeftOut) {
  FillAll();  // one good PNG picked
  ASSERT_TRUE(ui::App_SetOption("route", "#/file/4"));
  Frame();
  ui::Data_OnEvent("files", R"([{"key":"file:big","name":"视频.png","size":6291456,"type":"image/png"},
                               {"key":"file:doc","name":"说明.docx","size":1000,"type":"application/msword"}])");
  Frame();
  const ui::RegistryItem* big = Find("视频.png", "button");
  ASSERT_NE(big, nullptr);
  EXPECT_NE(big->value.find("超过 5 MB"), std::string::npos) << big->value;
  const ui::RegistryItem* doc = Find("说明.docx", "button");
  ASSERT_NE(doc, nullptr);
  EXPECT_NE(doc->value.find("只支持 jpg、png、pdf"), std::string::npos) << doc->value;
  Tap("移除 说明.docx", "button");
  EXPECT_EQ(Find("说明.docx", "button"), nullptr);
  ASSERT_NE(port_.Last("forgetFile"), nullptr);
  EXPECT_EQ(port_.Last("forgetFile")->args, cw::Json::array({"file:doc"}));
  Tap("下一步", "button");
  Tap("我已阅读并同意《个人信息保护说明》", "checkbox");
  Tap("提交投诉", "button");
  ASSERT_NE(port_.Last("fileComplaint"), nullptr);
  EXPECT_EQ(port_.Last("fileComplaint")->args[0]["evidence"], cw::Json::array({"file:k1"}));
  EXPECT_EQ(Find("证据材料", "button")->value, "1 个附件 · 正在上传 0%");
  // The bytes of the file being uploaded move the figure (a 5 MB photo on a weak link).
  ui::Data_OnEvent("upload-progress", R"({"loaded":1048576,"total":4194304})");
  Frame();
  EXPECT_EQ(Find("证据材料", "button")->value, "1 个附件 · 正在上传 25%");
  EXPECT_NE(Find("正在上传 25%", "button"), nullptr) << "the submit button counts too: " << Labels();
  ui::Data_OnEvent("upload-progress", R"({"loaded":"x","total":0})");  // nonsense changes nothing
  Frame();
  EXPECT_EQ(Find("证据材料", "button")->value, "1 个附件 · 正在上传 25%");
  ui::Data_OnEvent("op-done", R"({"kind":"upload","op":"u1"})");
  Frame();
  EXPECT_EQ(Find("证据材料", "button")->value, "1 个附件 · 正在上传 100%");
}

TEST_F(Filing, AReloadOnTheReceiptShowsItFromTheDevice) {
  ASSERT_TRUE(ui::App_SetOption("route", "#/file/done"));
  Frame();
  port_.Answer("loadDraft", nullptr, cw::Json::array());  // the form's draft
  port_.Answer("loadDraft", {{"queued", true}, {"client_ref", "ref-9"}, {"acceptance_no", ""}, {"reply_method", "sms"}},
               cw::Json::array({"receipt"}));
  Frame();
  EXPECT_TRUE(Has("已保存，联网后自动提交"));
  ui::Data_OnEvent("submitted", R"({"client_ref":"ref-9","acceptance_no":"TS-261127-7K3M9QXD-4","response":{}})");
  Frame();
  EXPECT_TRUE(Has("TS-261127-7K3M9QXD-4"));
  const Call* save = port_.Last("saveDraft");
  ASSERT_NE(save, nullptr);
  EXPECT_EQ(save->args[1], "receipt");
  EXPECT_EQ(save->args[0]["acceptance_no"], "TS-261127-7K3M9QXD-4") << "the real receipt replaces the queued one";
}

TEST_F(Filing, AFileTheServerLostIsNamedOnTheEvidenceStep) {
  FillAll();
  Tap("我已阅读并同意《个人信息保护说明》", "checkbox");
  Tap("提交投诉", "button");
  port_.Fail("fileComplaint", {{"code", "upload.not_found"}, {"status", 422},
                               {"fields", {{cw::item_path(cw::Field::evidence, 0), "upload.not_found"}}}});
  Frame();
  EXPECT_EQ(Step(), "#/file/4");
  EXPECT_TRUE(Has(Msg(cw::Errc::upload_not_found)));
  // On the refused file's own row, so the customer knows which one to pick again.
  const ui::RegistryItem* row = Find("账单.png", "button");
  ASSERT_NE(row, nullptr) << Labels();
  EXPECT_NE(row->value.find(Msg(cw::Errc::upload_not_found)), std::string::npos) << row->value;
  Tap("移除 账单.png", "button");
  EXPECT_FALSE(Has(Msg(cw::Errc::upload_not_found)));
}

TEST_F(Filing, EditFromTheReviewReturnsToIt) {
  FillAll();
  Tap("修改 联系方式", "button");
  EXPECT_EQ(Step(), "#/file/3");
  Type("联系电话", "13812345678");
  Tap("返回确认页", "button");
  EXPECT_EQ(Step(), "#/file/5");
  EXPECT_NE(Find("联系方式", "button")->value.find("13812345678"), std::string::npos);
}
