// wasm/console/intake.cpp — 来电录入 (DESIGN §4 POST /staff/complaints, spec 二(一), 二(二)4): a
// complaint received by hotline, shop, letter, e-mail or social media, filed by the staff member.
// The form is the widget's draft model (core/draft.h) checked by the same core rules with the same
// messages as the wizard (validate_filing, and filing_channel_errors for the channel and received_at);
// the server checks again and its field errors show beside the same fields. The answer's acceptance
// number is shown and the new case opened in the queue.
#include <imgui_internal.h>

#include <cstdio>
#include <optional>
#include <random>

#include "core/codec.h"
#include "core/draft.h"
#include "core/field_path.h"
#include "core/validation.h"
#include "core/workflow.h"
#include "wasm/console/common.h"
#include "wasm/console/places.h"
#include "wasm/ui/widgets.h"

namespace console {
namespace {

using cw::Field;
using cw::Str;

// The channels staff file (spec 二(一)); web and app are the customer's own.
constexpr cw::Channel kIntakeChannels[] = {cw::Channel::hotline, cw::Channel::shop, cw::Channel::letter,
                                           cw::Channel::email, cw::Channel::social};
constexpr const char* kLangs[] = {"zh-CN", "en"};

struct State {
  cw::Draft form;       // as typed (the wizard's model): the occurred date is typed, `when` is "other"
  int channel = 0;      // kIntakeChannels
  int lang = 0;         // kLangs: the customer's messages
  std::string received;  // "2026-12-06 14:30" in Beijing time; "" = now
  std::string client_ref;  // one per complaint taken (a resend of the same form files it once)
  bool tried = false;      // the core's errors show once the staff member tried to file
  cw::FieldErrors server_errors;
  std::optional<cw::CallError> error;
  ui::Pending<cw::Json> call;
  std::string filed_no, to_open;
  cw::Timestamp filed_at{};
  bool show_in_queue = false;
};

State& S() {
  static State s;
  return s;
}

// A version-4 UUID for client_ref (DESIGN §3: made where the complaint is taken).
std::string NewUuid() {
  static std::random_device rd;
  unsigned char b[16];
  for (int i = 0; i < 16; i += 4) {
    const unsigned r = rd();
    for (int k = 0; k < 4; ++k) b[i + k] = static_cast<unsigned char>(r >> (8 * k));
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

// "2026-12-06 14:30" (or with a T, or seconds) in Beijing time; nullopt when empty or unreadable.
std::optional<cw::Timestamp> ReceivedAt(const std::string& typed, bool* bad) {
  *bad = false;
  if (typed.empty()) return std::nullopt;
  std::string iso = typed;
  if (iso.size() > 10 && iso[10] == ' ') iso[10] = 'T';
  if (iso.size() == 16) iso += ":00";
  cw::Result<cw::Timestamp> t = cw::parse_iso8601(iso + "+08:00");
  if (!t) {
    *bad = true;
    return std::nullopt;
  }
  return t.value();
}

// The filing as the core and the wire know it.
cw::Complaint Build(const State& s, cw::FieldErrors* local) {
  cw::Draft d = s.form;
  d.when = d.date.empty() ? cw::kWhenNone : cw::kWhenOther;
  cw::Complaint c = cw::to_complaint(d, Now(), {});
  c.client_ref = s.client_ref;
  c.channel = kIntakeChannels[s.channel];
  bool bad = false;
  c.received_at = ReceivedAt(s.received, &bad);
  if (local) {
    *local = cw::validate_filing(c, Now());
    // The typed date as the wizard reads it (core/draft.h): an unreadable one says so.
    if (!cw::occurred_at(d, Now())) (*local)[cw::path_str(Field::occurred_at)] = cw::Errc::validation_date_invalid;
    for (auto& [path, code] : cw::filing_channel_errors(c, Me().role, Now())) local->emplace(path, code);
    if (bad) (*local)[cw::path_str(Field::received_at)] = cw::Errc::validation_date_invalid;
  }
  return c;
}

// The message beside a field: the core's once the staff member tried, else the server's answer.
std::string ErrorFor(const cw::FieldErrors& local, Field field, bool choice = false) {
  const State& s = S();
  const std::string path = cw::path_str(field);
  if (s.tried)
    if (auto it = local.find(path); it != local.end()) {
      // Nothing chosen yet: "please choose one", as the wizard says.
      const cw::Errc code =
          choice && it->second == cw::Errc::validation_required ? cw::Errc::validation_enum_invalid : it->second;
      return std::string(cw::message(code, Lang()));
    }
  if (auto it = s.server_errors.find(path); it != s.server_errors.end())
    return std::string(cw::message(it->second, Lang()));
  return {};
}

void Changed(Field field) { S().server_errors.erase(cw::path_str(field)); }

void ChipError(const std::string& text) {
  if (!text.empty()) ui::Hint(text, ui::T().error);
}

// Chips over an enumeration's values bound to a wire id in the draft ("" = none chosen).
template <class E, std::size_t N>
bool EnumChips(const char* id, Str label, std::string_view prefix, const E (&values)[N], std::string& value) {
  std::vector<std::string> names;
  int sel = -1;
  for (std::size_t i = 0; i < N; ++i) {
    names.push_back(ByName(prefix, cw::to_string(values[i])));
    if (value == cw::to_string(values[i])) sel = static_cast<int>(i);
  }
  std::vector<const char*> ptrs;
  for (const std::string& n : names) ptrs.push_back(n.c_str());
  const std::string l(Tr(label));
  ui::Text(l, ui::kFontSmall, ui::T().text2);
  if (!ui::Chips(id, ptrs.data(), static_cast<int>(ptrs.size()), &sel, l.c_str())) return false;
  value = std::string(cw::to_string(values[static_cast<std::size_t>(sel)]));
  return true;
}

constexpr cw::BusinessType kBusiness[] = {cw::BusinessType::mobile, cw::BusinessType::fixed_line,
                                          cw::BusinessType::broadband, cw::BusinessType::data, cw::BusinessType::other};
constexpr cw::Category kCategories[] = {cw::Category::billing, cw::Category::network, cw::Category::service,
                                        cw::Category::product, cw::Category::privacy, cw::Category::other};
constexpr cw::ReplyMethod kReplies[] = {cw::ReplyMethod::phone, cw::ReplyMethod::sms, cw::ReplyMethod::email,
                                        cw::ReplyMethod::letter, cw::ReplyMethod::in_person};

bool Input(const char* id, Str label, std::string& value, const std::string& error, const char* placeholder = "",
           int max_chars = 0, ui::InputKind kind = ui::InputKind::Text) {
  const std::string l(Tr(label));
  ui::FieldOpts o;
  o.error = error.c_str();
  o.placeholder = placeholder;
  o.max_chars = max_chars;
  o.kind = kind;
  return ui::TextField(id, l.c_str(), value, o);
}

bool Area(const char* id, Str label, std::string& value, const std::string& error, Str hint, int max_chars,
          float height) {
  const std::string l(Tr(label)), h(Tr(hint));
  ui::FieldOpts o;
  o.error = error.c_str();
  o.placeholder = h.c_str();
  o.max_chars = max_chars;
  o.counter = true;
  o.height = height;
  return ui::TextArea(id, l.c_str(), value, o);
}

// The complaint: channel and when it came, the service, what happened and what is asked.
void ComplaintColumn(const cw::FieldErrors& e) {
  State& s = S();
  cw::Draft& f = s.form;
  ui::BeginCard(std::string(Tr(Str::console_intake_complaint)).c_str());
  {
    std::vector<std::string> names;
    for (cw::Channel c : kIntakeChannels) names.push_back(ByName("channel_", cw::to_string(c)));
    std::vector<const char*> ptrs;
    for (const std::string& n : names) ptrs.push_back(n.c_str());
    const std::string l(Tr(Str::console_intake_channel));
    ui::Text(l, ui::kFontSmall, ui::T().text2);
    if (ui::Chips("channel", ptrs.data(), static_cast<int>(ptrs.size()), &s.channel, l.c_str())) Changed(Field::channel);
    ChipError(ErrorFor(e, Field::channel, true));
  }
  const std::string rhint(Tr(Str::console_intake_received_hint));
  if (Input("received", Str::console_intake_received, s.received, ErrorFor(e, Field::received_at), rhint.c_str(), 19))
    Changed(Field::received_at);
  if (EnumChips("business_type", Str::field_business_type, "bt_", kBusiness, f.business_type))
    Changed(Field::business_type);
  ChipError(ErrorFor(e, Field::business_type, true));
  if (EnumChips("category", Str::field_category, "cat_", kCategories, f.category)) Changed(Field::category);
  ChipError(ErrorFor(e, Field::category, true));
  const Str sn_hint = f.business_type == "mobile"       ? Str::hint_service_number_mobile
                      : f.business_type == "fixed_line" ? Str::hint_service_number_fixed
                                                        : Str::hint_service_number_broadband;
  const std::string snh(Tr(sn_hint)), dh(Tr(Str::hint_date));
  if (Input("service_number", Str::field_service_number, f.service_number, ErrorFor(e, Field::service_number),
            snh.c_str(), 32))
    Changed(Field::service_number);
  if (Input("occurred_date", Str::console_intake_occurred, f.date, ErrorFor(e, Field::occurred_at), dh.c_str(), 10))
    Changed(Field::occurred_at);
  if (Area("problem", Str::field_problem, f.problem, ErrorFor(e, Field::problem), Str::hint_problem,
           static_cast<int>(cw::kProblemMax), 110))
    Changed(Field::problem);
  if (Area("demand", Str::field_demand, f.demand, ErrorFor(e, Field::demand), Str::hint_demand,
           static_cast<int>(cw::kDemandMax), 64))
    Changed(Field::demand);
  ui::EndCard();
}

// The customer: who, how to reach them and how to reply, the privacy consent; then file.
void CustomerColumn(const cw::FieldErrors& e) {
  State& s = S();
  cw::Draft& f = s.form;
  ui::BeginCard(std::string(Tr(Str::console_intake_customer)).c_str());
  if (Input("name", Str::field_name, f.name, ErrorFor(e, Field::customer_name), "", static_cast<int>(cw::kNameMax),
            ui::InputKind::Name))
    Changed(Field::customer_name);
  const std::string ph(Tr(Str::hint_phone));
  if (Input("phone", Str::field_phone, f.phone, ErrorFor(e, Field::customer_phone), ph.c_str(), 20,
            ui::InputKind::Phone)) {
    Changed(Field::customer_phone);
    Changed(Field::customer_reply_method);  // "SMS needs a mobile" depends on the number
  }
  if (Input("email", Str::field_email, f.email, ErrorFor(e, Field::customer_email), "name@example.com", 254,
            ui::InputKind::Email))
    Changed(Field::customer_email);
  if (EnumChips("reply_method", Str::field_reply_method, "rm_", kReplies, f.reply_method)) {
    Changed(Field::customer_reply_method);
    Changed(Field::customer_email);
  }
  ChipError(ErrorFor(e, Field::customer_reply_method, true));
  {
    const std::string zh(cw::tr(Str::settings_lang_zh, cw::Lang::zh_CN)), en(cw::tr(Str::settings_lang_en, cw::Lang::en));
    const char* ptrs[] = {zh.c_str(), en.c_str()};
    const std::string l(Tr(Str::console_intake_lang));
    ui::Text(l, ui::kFontSmall, ui::T().text2);
    ui::Chips("lang", ptrs, 2, &s.lang, l.c_str());
  }
  const std::string consent(Tr(Str::console_intake_consent));
  if (ui::Checkbox(consent.c_str(), &f.consent)) Changed(Field::consent);
  ChipError(ErrorFor(e, Field::consent));
  ui::Space(4);
  const bool busy = s.call.active();
  const std::string submit(Tr(busy ? Str::msg_sending : Str::console_intake_submit));
  if (ui::PrimaryButton(submit.c_str(), !busy)) {
    s.tried = true;
    s.error.reset();
    if (e.empty()) {
      cw::Json body = cw::to_json(Build(s, nullptr));
      body["lang"] = kLangs[s.lang];
      s.call = Request(cw::StaffRequest::intake, cw::staff_path(cw::StaffRequest::intake), std::move(body));
    }
  }
  // What stops the filing, said once under the button (each field says its own beside it).
  std::string why;
  if (s.tried && !e.empty()) why = cw::format(Tr(Str::msg_fix_fields), {std::to_string(e.size())});
  else if (s.error) why = ui::ErrorText(*s.error, Lang());
  if (!why.empty()) {
    ui::Text(why, ui::kFontSmall, ui::T().error);
    ui::Announce(why, true);
  }
  ui::EndCard();
}

void Receipt() {
  State& s = S();
  const std::string title(Tr(Str::console_intake_filed));
  ui::BeginCard(title.c_str());
  ui::Display(s.filed_no);
  ui::Hint(Tr(Str::console_intake_filed_hint));
  ui::Space(4);
  const std::string open(Tr(Str::console_intake_open)), another(Tr(Str::console_intake_another));
  if (ui::PrimaryButton(open.c_str())) s.show_in_queue = true;
  if (ui::OutlineButton(another.c_str())) {
    const int channel = s.channel, lang = s.lang;
    s = State{};
    s.channel = channel;  // the next call likely came the same way
    s.lang = lang;
  }
  ui::EndCard();
}

void TakeAnswer() {
  State& s = S();
  auto a = s.call.Take();
  if (!a) return;
  if (!a->ok) {
    s.error = a->error;
    s.server_errors.clear();
    for (const auto& [path, id] : a->error.fields)
      s.server_errors.emplace(path, cw::errc_from_id(id).value_or(cw::Errc::validation_enum_invalid));
    return;
  }
  cw::Result<cw::IntakeAnswer> r = cw::intake_answer_from_json(a->value);
  if (!r) {
    s.error = cw::CallError{0, "data.bad_answer", "", {}};
    return;
  }
  s.filed_no = r->acceptance_no;
  s.filed_at = r->filed_at;
  s.to_open = r->acceptance_no;
  ui::Announce(std::string(Tr(Str::console_intake_filed)) + " " + s.filed_no);
}

}  // namespace

float PlaceBar(ImVec2 pos, float w, std::string_view title) {
  const ui::Theme& t = ui::T();
  constexpr float kH = 52;
  ui::BeginPane("##placebar", pos, ImVec2(w, kH), t.card, 16);
  ImGui::GetWindowDrawList()->AddLine(ImVec2(pos.x, pos.y + kH - 1), ImVec2(pos.x + w, pos.y + kH - 1), t.divider);
  TextAt(ImVec2(pos.x + 20, pos.y + 15), title, ui::kFontBodyBold, t.text);
  Register("heading", title, {}, ImRect(ImVec2(pos.x + 20, pos.y + 10), ImVec2(pos.x + w - 20, pos.y + 42)), 2);
  ui::EndPane();
  return kH;
}

void Intake_Draw(ImVec2 pos, ImVec2 size) {
  State& s = S();
  TakeAnswer();
  if (s.client_ref.empty()) s.client_ref = NewUuid();
  const ui::Theme& t = ui::T();
  const float bar = PlaceBar(pos, size.x, Tr(Str::console_intake_title));
  cw::FieldErrors local;
  Build(s, &local);
  // Two columns side by side: the complaint, and the customer with the button; each scrolls.
  const float top = pos.y + bar, h = size.y - bar;
  const float left_w = std::floor(size.x * 0.56f);
  ui::BeginPane("##intake_left", ImVec2(pos.x, top), ImVec2(left_w, h), t.bg, 16);
  ui::Space(12);
  ComplaintColumn(local);
  ImGui::Dummy(ImVec2(1, 16));
  ui::EndPane();
  ui::BeginPane("##intake_right", ImVec2(pos.x + left_w, top), ImVec2(size.x - left_w, h), t.bg, 16);
  ui::Space(12);
  if (!s.filed_no.empty()) Receipt();
  else CustomerColumn(local);
  ImGui::Dummy(ImVec2(1, 16));
  ui::EndPane();
}

std::string Intake_TakeFiled() { return std::exchange(S().to_open, std::string()); }
bool Intake_TakeShowInQueue() { return std::exchange(S().show_in_queue, false); }
void Intake_Reset() { S() = State{}; }

}  // namespace console
