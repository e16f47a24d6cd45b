// wasm/console/case_pane.cpp — see case_pane.h. What is offered is asked of the core
// (cw::staff_offers: the transition table and decide()); the server decides again when the form is
// sent, and its refusal (403, 409, 422) is kept as the error and worded when drawn.
#include "wasm/console/case_pane.h"

#include <imgui_internal.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "core/codec.h"
#include "core/time_limits.h"
#include "wasm/console/common.h"
#include "wasm/ui/registry.h"
#include "wasm/ui/widgets.h"

namespace console {
namespace {

using cw::Str;

// What the action forms hold while they are open (one form at a time; kept across frames).
struct Form {
  std::string note, department, owner, days, measures, plan_owner, due;
  std::string conclusion, basis, plan, execution, comment;
  int visibility = 0;  // 0 internal, 1 public
  int reason = 0, complexity = 1, delivered = 0, trigger = 0, resolved = 0, via = 0;
  int overall = 0, attitude = 0, speed = 0, result = 0;
  std::string local_error;  // a field the form itself could not read (the due date)
};

struct State {
  std::string no;
  ui::Pending<cw::Json> read;
  std::optional<cw::Case> c;
  std::optional<cw::Timestamp> next_deadline;
  std::optional<cw::CallError> read_error;
  std::optional<cw::Action> open;  // the form shown
  Form form;
  ui::Pending<cw::Json> act;
  std::optional<cw::Action> acting;
  std::optional<cw::CallError> act_error;
  std::optional<cw::Action> done;  // the last action taken (said until another starts)
  bool changed = false;
};

State& S() {
  static State s;
  return s;
}

void Read() {
  State& s = S();
  s.read = Request(cw::StaffRequest::read_case, cw::staff_path(cw::StaffRequest::read_case, s.no));
}

// The case as the server answered it (a read, or an action's answer: the staff view after it).
void Show(const cw::Json& value) {
  State& s = S();
  cw::Result<cw::Case> c = cw::case_from_json(value);
  if (!c) {
    s.read_error = cw::CallError{0, "data.bad_answer", "", {}};
    return;
  }
  s.read_error.reset();
  s.c = std::move(c).value();
  s.next_deadline.reset();
  if (auto d = value.find("deadlines"); d != value.end())
    if (cw::Result<cw::Deadlines> dl = cw::deadlines_from_json(*d)) s.next_deadline = cw::next_deadline(*s.c, dl.value());
}

void TakeRead() {
  State& s = S();
  auto a = s.read.Take();
  if (!a) return;
  if (!a->ok) s.read_error = a->error;
  else Show(a->value);
}

void TakeAct() {
  State& s = S();
  auto a = s.act.Take();
  if (!a) return;
  if (!a->ok) {
    s.act_error = a->error;
    return;
  }
  s.done = s.acting;
  s.open.reset();
  s.form = Form{};
  s.changed = true;  // the queue polls at once
  Show(a->value);
}

// [SECTION] the record -----------------------------------------------------------------------------
// A fact in the two-column list: the key in grey, the value wrapped beside it.
void Fact(std::string_view key, std::string_view value) {
  if (value.empty()) return;
  const ui::Theme& t = ui::T();
  const float x0 = ui::ColumnLeft(), x1 = ui::ColumnRight();
  const float y = ImGui::GetCursorScreenPos().y;
  TextAt(ImVec2(x0, y + 1), key, ui::kFontSmall, t.hint);
  ui::SetColumn(x0 + 76, x1);
  ui::Text(value, ui::kFontBody);
  if (ui::RegistryItem* it = ui::Registry_Last()) {  // read as "客户: 王小明 …"
    it->value = it->label;
    it->label.assign(key);
  }
  ui::SetColumn(x0, x1);
}

void Header(const cw::Case& c) {
  const ui::Theme& t = ui::T();
  const float x0 = ui::ColumnLeft();
  const float y = ImGui::GetCursorScreenPos().y;
  ImFont* f = ui::GetFont(ui::kFontHeading);
  const float line = f->FontSize * f->Scale + 6;
  float x = x0 + TextAt(ImVec2(x0, y + 3), c.acceptance_no, ui::kFontHeading, t.text) + 10;
  ImU32 fg, bg;
  StatusColors(c.status, &fg, &bg);
  const std::string status = ByName("status_", cw::to_string(c.status));
  x += Badge(ImVec2(x, y), line, status, fg, bg) + 6;
  std::string deadline;
  if (S().next_deadline) {
    const DeadlineText d = Deadline(*S().next_deadline);
    x += Badge(ImVec2(x, y), line, d.text, d.fg, d.bg) + 6;
    deadline = d.text;
  }
  if (c.escalation && c.escalation->level > 0)
    Badge(ImVec2(x, y), line, cw::format(Tr(Str::console_level_n), {std::to_string(c.escalation->level)}),
          IM_COL32(0x6E, 0x3F, 0xC4, 255), IM_COL32(0xF1, 0xEB, 0xFC, 255));
  Register("heading", c.acceptance_no, status + (deadline.empty() ? "" : " · " + deadline),
           ImRect(ImVec2(x0, y), ImVec2(x, y + line)), 2);
  ImGui::SetCursorScreenPos(ImVec2(x0, y));
  ImGui::Dummy(ImVec2(1, line));
}

void Record(const cw::Case& c) {
  const cw::Complaint& f = c.filing;
  std::string customer = f.customer.name + "  " + f.customer.phone;
  if (!f.customer.email.empty()) customer += "  " + f.customer.email;
  if (f.customer.reply_method) customer += "  · " + ByName("rm_", cw::to_string(*f.customer.reply_method));
  Fact(Tr(Str::console_case_customer), customer);
  std::string service = f.business_type ? ByName("bt_", cw::to_string(*f.business_type)) : "";
  if (f.category) service += " · " + ByName("cat_", cw::to_string(*f.category));
  if (!f.service_number.empty()) service += " · " + f.service_number;
  if (f.channel) service += " · " + ByName("channel_", cw::to_string(*f.channel));
  Fact(Tr(Str::console_case_service), service);
  Fact(Tr(Str::console_case_filed), ShortTime(c.filed_at));
  if (f.occurred_at) Fact(Tr(Str::console_case_occurred), ShortTime(*f.occurred_at));
  Fact(Tr(Str::console_case_problem), f.problem);
  Fact(Tr(Str::console_case_demand), f.demand);
  std::string owner = c.owner.empty() ? std::string(Tr(Str::console_case_nobody)) : c.owner;
  if (c.assignment && !c.assignment->department.empty()) owner += " · " + c.assignment->department;
  Fact(Tr(Str::console_case_owner), owner);
  if (c.plan) {
    std::string plan = c.plan->measures + " · " + c.plan->owner;
    if (c.plan->due) plan += " · " + ShortTime(*c.plan->due);
    Fact(Tr(Str::console_case_plan), plan);
  }
  if (c.reply) Fact(Tr(Str::console_case_reply), c.reply->conclusion);
  if (c.hold) Fact(Tr(Str::console_case_held), c.hold->note);
}

// Evidence of the filing and of the customer's supplements: each opens in a tab of its own (the
// browser shows an image or a PDF as it is; the read is audited by the server).
void Evidence(const cw::Case& c) {
  std::vector<std::string> ids = c.filing.evidence;
  for (const cw::TimelineEvent& e : c.timeline) ids.insert(ids.end(), e.evidence.begin(), e.evidence.end());
  const ui::Theme& t = ui::T();
  const float x0 = ui::ColumnLeft(), x1 = ui::ColumnRight();
  const float y = ImGui::GetCursorScreenPos().y;
  TextAt(ImVec2(x0, y + 8), Tr(Str::console_case_evidence), ui::kFontSmall, t.hint);
  if (ids.empty()) {
    TextAt(ImVec2(x0 + 76, y + 8), Tr(Str::console_case_no_evidence), ui::kFontBody, t.hint);
    ImGui::Dummy(ImVec2(1, t.button_h));
    return;
  }
  float x = x0 + 76;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string label = cw::format(Tr(Str::console_case_evidence_item), {std::to_string(i + 1)});
    const float w = TextWidth(label, ui::kFontBody) + 24;
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    ui::SetColumn(x, x + w);
    if (ui::OutlineButton(label.c_str()))
      ui::Data_Call(cw::ConsolePortMethod::open_upload, cw::Json::array({ids[i]}));
    x += w + 8;
  }
  ui::SetColumn(x0, x1);
}

std::string ActorText(const cw::TimelineEvent& e) {
  if (!e.staff_name.empty()) return e.staff_name;
  if (e.actor == cw::Actor::customer) return std::string(Tr(Str::console_case_customer_actor));
  return std::string(Tr(Str::console_case_system_actor));
}

// Newest first; an internal note carries the 内部 badge (spec 三(二): never shown to the customer).
void Timeline(const cw::Case& c) {
  const ui::Theme& t = ui::T();
  const float x0 = ui::ColumnLeft(), x1 = ui::ColumnRight();
  ui::Text(Tr(Str::console_case_timeline), ui::kFontBodyBold);
  for (auto e = c.timeline.rbegin(); e != c.timeline.rend(); ++e) {
    const float y = ImGui::GetCursorScreenPos().y;
    const bool newest = e == c.timeline.rbegin();
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(x0 + 4, y + 9), 4, newest ? t.brand : t.border);
    float x = x0 + 16;
    const std::string when = ShortTime(e->at), who = ActorText(*e);
    const std::string what = ByName("console_act_", cw::to_string(e->action));
    x += TextAt(ImVec2(x, y), when, ui::kFontSmall, t.text2) + 8;
    x += TextAt(ImVec2(x, y), who, ui::kFontSmall, t.text) + 8;
    if (e->internal) x += Badge(ImVec2(x, y - 2), 20, Tr(Str::console_case_internal), IM_COL32(0x8A, 0x5A, 0x00, 255),
                                IM_COL32(0xFF, 0xF1, 0xC7, 255)) + 6;
    TextAt(ImVec2(x, y), what, ui::kFontSmall, t.text);
    ImGui::Dummy(ImVec2(1, 18));
    Register("text", when + " " + who + " " + what,
             (e->internal ? std::string(Tr(Str::console_case_internal)) + " · " : std::string()) + e->note,
             ImRect(ImVec2(x0, y), ImVec2(x1, y + 18)));
    if (!e->note.empty()) {
      ui::SetColumn(x0 + 16, x1);
      ui::Text(e->note, ui::kFontSmall, t.text2);
      ui::Registry_Last()->role = "text";
      ui::SetColumn(x0, x1);
    }
  }
}

// [SECTION] actions --------------------------------------------------------------------------------
std::string ActionLabel(cw::Action a) { return ByName("console_act_", cw::to_string(a)); }

// Pills for an enum's values, named by the catalog ("console_reason_" + value).
template <class E, std::size_t N>
void EnumChips(const char* id, const char* label, std::string_view prefix, const E (&values)[N], int* selected) {
  std::vector<std::string> names;
  for (E v : values) names.push_back(ByName(prefix, cw::to_string(v)));
  std::vector<const char*> ptrs;
  for (const std::string& n : names) ptrs.push_back(n.c_str());
  ui::Text(label, ui::kFontSmall, ui::T().text2);
  ui::Chips(id, ptrs.data(), static_cast<int>(ptrs.size()), selected, label);
}

void Field(const char* id, Str label, std::string& value, bool multiline = false) {
  const std::string l(Tr(label));
  ui::FieldOpts o;
  o.enter = ui::EnterKey::Next;
  if (multiline) {
    o.height = 64;
    ui::TextArea(id, l.c_str(), value, o);
  } else {
    ui::TextField(id, l.c_str(), value, o);
  }
}

constexpr cw::RejectionReason kReasons[] = {cw::RejectionReason::out_of_scope, cw::RejectionReason::time_barred,
                                            cw::RejectionReason::repeated, cw::RejectionReason::other};
constexpr cw::Complexity kComplexities[] = {cw::Complexity::simple, cw::Complexity::complex};
constexpr cw::EscalationTrigger kTriggers[] = {cw::EscalationTrigger::dissatisfied, cw::EscalationTrigger::overdue,
                                               cw::EscalationTrigger::major_incident, cw::EscalationTrigger::group_risk};
constexpr cw::ReplyMethod kDelivered[] = {cw::ReplyMethod::phone, cw::ReplyMethod::sms, cw::ReplyMethod::email,
                                          cw::ReplyMethod::letter, cw::ReplyMethod::in_person};
constexpr cw::SurveyVia kVias[] = {cw::SurveyVia::phone, cw::SurveyVia::sms_reply};

// The form's fields for action `a` (none for claim, accept, start_follow_up).
void FormFields(cw::Action a, Form& f) {
  using A = cw::Action;
  const std::string l_vis(Tr(Str::console_f_visibility));
  switch (a) {
    case A::reject:
      EnumChips("reason", Tr(Str::console_f_reason).data(), "console_reason_", kReasons, &f.reason);
      Field("note", Str::console_f_note_optional, f.note, true);
      break;
    case A::assign:
      Field("department", Str::console_f_department, f.department);
      Field("owner", Str::console_f_owner, f.owner);
      break;
    case A::set_complexity:
      EnumChips("complexity", Tr(Str::console_f_complexity).data(), "console_cx_", kComplexities, &f.complexity);
      Field("note", Str::console_f_note_public, f.note, true);
      break;
    case A::note: {
      const std::string vis[] = {std::string(Tr(Str::console_f_internal)), std::string(Tr(Str::console_f_public))};
      const char* ptrs[] = {vis[0].c_str(), vis[1].c_str()};
      ui::Text(l_vis, ui::kFontSmall, ui::T().text2);
      ui::Chips("visibility", ptrs, 2, &f.visibility, l_vis.c_str());
      Field("note", Str::console_f_note, f.note, true);
      break;
    }
    case A::extend:
      Field("days", Str::console_f_days, f.days);
      Field("note", Str::console_f_note_public, f.note, true);
      break;
    case A::propose:
      Field("measures", Str::console_f_measures, f.measures, true);
      Field("plan_owner", Str::console_f_plan_owner, f.plan_owner);
      Field("due", Str::console_f_due, f.due);
      break;
    case A::reply: {
      Field("conclusion", Str::reply_conclusion, f.conclusion, true);
      Field("basis", Str::reply_basis, f.basis, true);
      Field("plan", Str::reply_plan, f.plan, true);
      Field("execution", Str::reply_execution, f.execution, true);
      std::vector<std::string> names{std::string(Tr(Str::console_f_not_said))};
      for (cw::ReplyMethod m : kDelivered) names.push_back(ByName("rm_", cw::to_string(m)));
      std::vector<const char*> ptrs;
      for (const std::string& n : names) ptrs.push_back(n.c_str());
      const std::string l(Tr(Str::console_f_delivered));
      ui::Text(l, ui::kFontSmall, ui::T().text2);
      ui::Chips("delivered", ptrs.data(), static_cast<int>(ptrs.size()), &f.delivered, l.c_str());
      break;
    }
    case A::record_survey: {
      ui::StarRating("overall", Tr(Str::survey_overall).data(), &f.overall, false);
      ui::StarRating("attitude", Tr(Str::survey_attitude).data(), &f.attitude, false);
      ui::StarRating("speed", Tr(Str::survey_speed).data(), &f.speed, false);
      ui::StarRating("result", Tr(Str::survey_result).data(), &f.result, false);
      const std::string yes(Tr(Str::survey_yes)), no(Tr(Str::survey_no)), l(Tr(Str::survey_resolved));
      const char* ptrs[] = {yes.c_str(), no.c_str()};
      ui::Text(l, ui::kFontSmall, ui::T().text2);
      ui::Chips("resolved", ptrs, 2, &f.resolved, l.c_str());
      EnumChips("via", Tr(Str::console_f_via).data(), "console_via_", kVias, &f.via);
      Field("comment", Str::console_f_comment, f.comment, true);
      break;
    }
    case A::escalate:
      EnumChips("trigger", Tr(Str::console_f_trigger).data(), "console_trigger_", kTriggers, &f.trigger);
      Field("note", Str::console_f_note_optional, f.note, true);
      break;
    case A::hold: Field("note", Str::console_f_note, f.note, true); break;
    case A::close:
    case A::release: Field("note", Str::console_f_note_optional, f.note, true); break;
    default: break;
  }
}

// The action's body from its form; false (with the form's own error) when a field cannot be read.
bool Payload(cw::Action a, Form& f, cw::ActionRequest* out) {
  using A = cw::Action;
  out->action = a;
  cw::ActionPayload& p = out->payload;
  p.note = f.note;
  switch (a) {
    case A::reject: p.reason_code = kReasons[f.reason]; break;
    case A::assign:
      p.department = f.department;
      p.owner = f.owner;
      break;
    case A::set_complexity: p.complexity = kComplexities[f.complexity]; break;
    case A::note: p.internal = f.visibility == 0; break;
    case A::extend: p.days = std::atoi(f.days.c_str()); break;
    case A::propose: {
      cw::Plan plan{f.measures, f.plan_owner, std::nullopt};
      if (!f.due.empty()) {
        // A due date is the end of that working day in Shanghai (18:00), as the deadlines count.
        cw::Result<cw::Timestamp> due = cw::parse_iso8601(f.due + "T18:00:00+08:00");
        if (!due) {
          f.local_error = std::string(Tr(Str::console_f_due_invalid));
          return false;
        }
        plan.due = due.value();
      }
      p.plan = plan;
      break;
    }
    case A::reply:
      p.reply = cw::Reply{f.conclusion, f.basis, f.plan, f.execution};
      if (f.delivered > 0) p.delivered_via = kDelivered[f.delivered - 1];
      break;
    case A::record_survey: {
      cw::Survey s;
      s.overall = f.overall;
      s.resolved = f.resolved == 0;
      s.aspects = {f.attitude, f.speed, f.result};
      s.comment = f.comment;
      p.survey = s;
      p.survey_via = kVias[f.via];
      break;
    }
    case A::escalate: p.trigger = kTriggers[f.trigger]; break;
    default: break;
  }
  f.local_error.clear();
  return true;
}

void Send(cw::Action a) {
  State& s = S();
  cw::ActionRequest req;
  if (!Payload(a, s.form, &req)) return;
  s.acting = a;
  s.act_error.reset();
  s.done.reset();
  s.act = Request(cw::StaffRequest::act, cw::staff_path(cw::StaffRequest::act, s.no), cw::to_json(req));
}

// One row of buttons, wrapping: each as wide as its label. Returns the index pressed, -1 for none.
int ButtonRow(const std::vector<std::string>& labels, const std::vector<bool>& enabled, int primary) {
  const ui::Theme& t = ui::T();
  const float x0 = ui::ColumnLeft(), x1 = ui::ColumnRight();
  float x = x0, y = ImGui::GetCursorScreenPos().y;
  int pressed = -1;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const float w = TextWidth(labels[i], ui::kFontBodyBold) + 28;
    if (x > x0 && x + w > x1) {
      x = x0;
      y += t.button_h + 8;
    }
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    ui::SetColumn(x, x + w);
    const bool hit = static_cast<int>(i) == primary ? ui::PrimaryButton(labels[i].c_str(), enabled[i])
                                                    : ui::OutlineButton(labels[i].c_str(), enabled[i]);
    if (hit) pressed = static_cast<int>(i);
    x += w + 8;
  }
  ui::SetColumn(x0, x1);
  ImGui::SetCursorScreenPos(ImVec2(x0, y));
  ImGui::Dummy(ImVec2(1, t.button_h));
  return pressed;
}

void Actions(const cw::Case& c) {
  State& s = S();
  const ui::Theme& t = ui::T();
  ui::Text(Tr(Str::console_case_actions), ui::kFontBodyBold);
  const std::vector<cw::ActionOffer> offers = cw::staff_offers(c, Me().role, Now());
  if (offers.empty()) {
    ui::Hint(Tr(Str::console_case_no_actions));
    return;
  }
  std::vector<std::string> labels;
  std::vector<bool> enabled;
  std::vector<std::string> why;  // a refusal by the case's state, said under the buttons
  for (const cw::ActionOffer& o : offers) {
    std::string label = ActionLabel(o.action);
    if (o.needs_role)
      label += "（" + std::string(Tr(*o.needs_role == cw::Actor::manager ? Str::console_needs_manager
                                                                        : Str::console_needs_supervisor)) + "）";
    else if (o.refused)
      why.push_back(ActionLabel(o.action) + "：" + std::string(cw::message(*o.refused, Lang())));
    labels.push_back(std::move(label));
    enabled.push_back(!o.refused && !s.act.active());
  }
  const int pressed = ButtonRow(labels, enabled, -1);
  for (const std::string& w : why) ui::Hint(w);
  if (pressed >= 0) {
    const cw::Action a = offers[static_cast<std::size_t>(pressed)].action;
    s.open = a;
    s.form = Form{};
    s.act_error.reset();
    s.done.reset();
  }
  if (s.done) ui::Text(cw::format(Tr(Str::console_done), {ActionLabel(*s.done)}), ui::kFontSmall, t.success);
  if (!s.open) return;
  // The open form, in a card of its own: its fields, then Confirm / Cancel, then the refusal.
  const cw::Action a = *s.open;
  ui::BeginCard(ActionLabel(a).c_str());
  ImGui::PushID(static_cast<int>(a));
  FormFields(a, s.form);
  const std::string confirm = std::string(Tr(Str::console_submit)) + " · " + ActionLabel(a);
  const int choice = ButtonRow({confirm, std::string(Tr(Str::console_cancel))}, {!s.act.active(), true}, 0);
  ImGui::PopID();
  if (choice == 0) Send(a);
  if (choice == 1) {
    s.open.reset();
    s.act_error.reset();
  }
  std::string error = s.form.local_error;
  if (error.empty() && s.act_error) error = ui::ErrorText(*s.act_error, Lang());
  if (!error.empty()) {
    ui::Text(error, ui::kFontSmall, t.error);
    if (ui::RegistryItem* it = ui::Registry_Last()) it->state |= ui::kStateInvalid;
    ui::Announce(error, true);
  }
  ui::EndCard();
}

}  // namespace

void CasePane_Open(const std::string& no) {
  State& s = S();
  if (s.no != no) {
    s = State{};
    s.no = no;
  }
  Read();
}

void CasePane_Close() { S() = State{}; }
const std::string& CasePane_No() { return S().no; }

bool CasePane_TakeChanged() { return std::exchange(S().changed, false); }
void CasePane_Reset() { S() = State{}; }

void CasePane_Draw(ImVec2 pos, ImVec2 size) {
  State& s = S();
  TakeRead();
  TakeAct();
  const ui::Theme& t = ui::T();
  ui::BeginPane("##case", pos, size, t.card, 20);
  ImGui::GetWindowDrawList()->AddLine(pos, ImVec2(pos.x, pos.y + size.y), t.divider);
  ui::Space(16);
  if (!s.c) {
    if (s.read_error) ui::Text(ui::ErrorText(s.read_error, Lang()), ui::kFontSmall, t.error);
    else ui::Hint(Tr(Str::msg_loading));
    ui::EndPane();
    return;
  }
  const cw::Case& c = *s.c;
  Header(c);
  ui::Space(4);
  Record(c);
  Evidence(c);
  ui::Space(8);
  Timeline(c);
  ui::Space(8);
  Actions(c);
  ImGui::Dummy(ImVec2(1, 24));  // room under the last form (the pane's scroll range)
  ui::EndPane();
}

}  // namespace console
