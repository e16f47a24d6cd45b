// wasm/ui/gallery.cpp — the widget gallery, laid out like the reference screens (wizard step 2,
// contact, survey, timeline) so screenshots show the kit as customers will see it.
#include "wasm/ui/gallery.h"

#include <imgui.h>

#include <string>

#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

struct GalleryState {
  int business = 1;
  std::string problem = "本月话费账单多扣了三十元流量费，我并没有使用这些流量";
  std::string demand;
  std::string name;
  std::string phone;
  int reply = 0;
  bool consent = false;
  int overall = 4;
  int resolved = 0;
  int attitude = 5, speed = 4, result = 5;
  std::string comment;
  int next_taps = 0;
};

GalleryState g_state;

}  // namespace

const char* GalleryStrings() {
  return "组件库第步共问题与诉求业务类型固定电话移动电话宽带上网数据通信其他描述您的诉求请填写例如退还多扣的费用"
         "联系方式姓名联系电话答复短信邮件我已阅读并同意个人信息保护说明满意度回访您对本次投诉处理满意吗是否已解决未"
         "服务态度速度结果意见选填告诉我们可以改进的地方记录已提出方案剩余天调查核实受理提交补充材料对不满申请升级下一"
         "生僻字喆堃龘𠮷已输入写明时间号码和具体情况月日网站计费中心核实为系统重复计费拟退还元调取返回王先生";
}

void GalleryScreen() {
  GalleryState& s = g_state;
  const Theme& t = T();
  ScreenOpts so;
  so.title = "我要投诉 · 组件库";
  so.back = true;
  so.bottom_bar = true;
  BeginScreen("##gallery", so);

  StepIndicator(2, 5, "第 2 步，共 5 步 · 问题与诉求");

  BeginCard("业务类型");
  static const char* const kBusiness[] = {"固定电话", "移动电话", "宽带上网", "数据通信", "其他"};
  Chips("business", kBusiness, 5, &s.business);
  EndCard();

  BeginCard("问题描述");
  FieldOpts problem;
  problem.placeholder = "请描述您遇到的问题";
  problem.hint = "请写明时间、号码和具体情况";
  problem.max_chars = 2000;
  problem.counter = true;
  problem.aria_label = "问题描述";
  TextArea("problem", nullptr, s.problem, problem);
  FieldOpts demand;
  demand.placeholder = "例如：退还多扣的费用";
  demand.max_chars = 500;
  if (s.demand.empty()) demand.error = "请填写诉求，例如“退还多扣的费用”";
  TextField("demand", "您的诉求", s.demand, demand);
  EndCard();

  BeginCard("联系方式");
  FieldOpts name;
  name.kind = InputKind::Name;
  name.placeholder = "请输入姓名";
  name.max_chars = 40;
  TextField("name", "姓名", s.name, name);
  FieldOpts phone;
  phone.placeholder = "手机或带区号的固话";
  phone.enter = EnterKey::Done;
  PhoneField("phone", "联系电话", s.phone, phone);
  Text("答复方式", kFontBody, t.text);
  static const char* const kReply[] = {"电话", "短信", "邮件"};
  Chips("reply", kReply, 3, &s.reply);
  Checkbox("我已阅读并同意《个人信息保护说明》", &s.consent);
  EndCard();

  BeginCard("您对本次投诉处理满意吗？");
  StarRating("overall", "总体满意度", &s.overall, true);
  static const char* const kWords[] = {"请评分", "非常不满意", "不满意", "一般", "满意", "非常满意"};
  Hint(kWords[s.overall]);
  EndCard();

  BeginCard("问题是否已解决？");
  static const char* const kResolved[] = {"已解决", "未解决"};
  Chips("resolved", kResolved, 2, &s.resolved);
  EndCard();

  BeginCard();
  StarRating("attitude", "服务态度", &s.attitude, false);
  StarRating("speed", "处理速度", &s.speed, false);
  StarRating("result", "处理结果", &s.result, false);
  FieldOpts comment;
  comment.placeholder = "请告诉我们可以改进的地方";
  comment.height = 84;
  comment.max_chars = 500;
  TextArea("comment", "其他意见（选填）", s.comment, comment);
  EndCard();

  BeginCard("受理信息");
  KeyValue("受理编号", "TS-261128-7K3M9QXD-S", 0, kFontBodyBold);
  KeyValue("状态", "处理中", t.brand, kFontBodyBold);
  KeyValue("联系人", "王* · 139****5678");
  EndCard();

  BeginCard("处理记录");
  TimelineRow("已提出处理方案", "11月30日 10:05 · 计费中心：核实为系统重复计费，拟退还 30 元", Stage::Current, false,
              "剩余 2 天");
  TimelineRow("调查核实", "11月29日 09:12 · 已调取计费记录", Stage::Done, false);
  TimelineRow("已受理", "11月28日 15:01", Stage::Done, false);
  TimelineRow("已提交", "11月28日 14:32 · 网站", Stage::Done, true);
  EndCard();

  BeginCard();
  OutlineButton("补充材料");
  OutlineButton("对处理不满意，申请升级");
  EndCard();

  BeginCard("生僻字");
  Text("喆 堃 龘 𠮷 — 王喆、李堃", kFontBody);
  Display("TS-261128-7K3M9QXD-S");
  if (OutlineButton("复制编号")) ImGui::SetClipboardText("TS-261128-7K3M9QXD-S");
  EndCard();

  EndScreen();
  BeginBottomBar();
  if (PrimaryButton("下一步")) {
    ++s.next_taps;
    Announce(Tr(cw::Str::draft_saved));  // once, on the frame it happens (aria-live)
  }
  EndBottomBar();
}

}  // namespace ui
