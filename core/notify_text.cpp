// core/notify_text.cpp — message texts (zh-CN and en) and SMS segment counting.
#include "core/notify_text.h"

#include <chrono>
#include <vector>

#include "core/i18n.h"
#include "core/utf8.h"

namespace cw {
namespace {

// X(key, "zh-CN", "en"). {0} is always the acceptance number where the text has one. Short on
// purpose: one SMS segment is 70 Chinese characters (see notify_text.h), and the sign 【投诉服务】
// is what Chinese carriers require at the start of a text message.
#define CW_NOTIFY_TEXTS(X)                                                                                          \
  X(sign, "【投诉服务】", "[Complaints] ")                                                                          \
  X(filed, "您的投诉已登记，受理编号 {0}。", "We have your complaint, number {0}. ")                                \
  X(filed_next, "我们将在 {1} 前告知是否受理。", "We will tell you by {1} whether we take it on. ")                  \
  X(track, "凭编号和手机号可查进度。", "Track it with the number and your phone.")                                  \
  X(status_head, "您的投诉 {0} ", "Your complaint {0} ")                                                            \
  X(next_accepted, "已受理，将于 {1} 前答复您。", "has been accepted; we will reply by {1}.")                        \
  X(next_accepted_nodate, "已受理，我们正在处理。", "has been accepted; we are on it.")                              \
  X(next_rejected, "未予受理，原因及其他反映渠道请凭编号查看。",                                                     \
    "was not accepted; the reason and other ways to raise it are on the track page.")                               \
  X(next_investigating, "正在调查核实，将于 {1} 前答复您。", "is being investigated; we will reply by {1}.")           \
  X(next_processing, "正在处理，将于 {1} 前答复您。", "is being resolved; we will reply by {1}.")                     \
  X(next_working_nodate, "正在处理中。", "is being worked on.")                                                      \
  X(next_replied, "已答复，答复内容请凭编号查看。", "has been answered; read the reply on the track page.")          \
  X(next_follow_up, "已答复，我们将请您评价处理结果。", "has been answered; we will ask how we did.")                \
  X(next_closed, "已办结，感谢您的耐心。", "is closed. Thank you for your patience.")                                \
  X(next_escalated, "已升级，由上级部门处理，将于 {1} 前答复您。",                                                  \
    "has been escalated to a higher level; we will reply by {1}.")                                                  \
  X(next_escalated_nodate, "已升级，由上级部门处理。", "has been escalated to a higher level.")                      \
  X(next_withdrawn, "已撤回。如仍有问题，欢迎再次投诉。", "has been withdrawn. You can file again at any time.")       \
  X(note, "有新进展：{2}", "has news: {2}")                                                                          \
  X(extended, "处理时限延长 {3} 天，新期限 {1}。原因：{2}", "needs {3} more days, until {1}. Why: {2}")              \
  X(complex_, "经评估为复杂投诉，答复期限为 {1}。", "needs more work than usual; we will reply by {1}.")               \
  X(simple_, "将按一般投诉处理，答复期限为 {1}。", "is a simple case; we will reply by {1}.")                          \
  X(lookup_code, "验证码 {4}，用于查询投诉进度，5 分钟内有效。如非本人操作请忽略。",                                 \
    "Your code is {4}. It lets you track your complaint and works for 5 minutes. Not you? Ignore this.")             \
  X(lookup_code_voice, "您好，这里是投诉服务。您的验证码是 {4}。再说一遍，{4}。5 分钟内有效。",                      \
    "Hello, this is the complaint service. Your code is {4}. Again: {4}. It works for 5 minutes.")                  \
  X(survey, "您的投诉 {0} 已处理，请评价：{5} 14 天内有效。",                                                        \
    "Your complaint {0} has been handled. Please tell us how we did: {5} (valid 14 days)")                          \
  X(survey_voice, "您的投诉 {0} 已处理，我们将致电请您评价。",                                                        \
    "Your complaint {0} has been handled; we will call to ask how we did.")                                          \
  X(more, "…详情凭编号查看。", "... more on the track page.")

enum class T : std::uint8_t {
#define CW_T_ENUM(key, zh, en) key,
  CW_NOTIFY_TEXTS(CW_T_ENUM)
#undef CW_T_ENUM
};

struct TextRow {
  std::string_view zh;
  std::string_view en;
};
constexpr TextRow kTexts[] = {
#define CW_T_ROW(key, zh, en) {zh, en},
    CW_NOTIFY_TEXTS(CW_T_ROW)
#undef CW_T_ROW
};

std::string_view t(T key, Lang lang) {
  const TextRow& r = kTexts[static_cast<std::size_t>(key)];
  return lang == Lang::en ? r.en : r.zh;
}

// A Shanghai calendar day as customers write it: "12月8日" / "8 Dec".
std::string day_text(Timestamp at, Lang lang) {
  const std::chrono::year_month_day ymd(shanghai_day(at));
  const unsigned m = static_cast<unsigned>(ymd.month());
  const unsigned d = static_cast<unsigned>(ymd.day());
  if (lang == Lang::zh_CN) return std::to_string(m) + "月" + std::to_string(d) + "日";
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return std::to_string(d) + " " + kMonths[(m + 11) % 12];
}

// "1 2 3 4 5 6": a text-to-speech engine reads digits one by one, not as a number.
std::string spaced_digits(const std::string& code) {
  std::string out;
  for (char ch : code) {
    if (!out.empty()) out.push_back(' ');
    out.push_back(ch);
  }
  return out;
}

// The "what happens next" part of a status message.
T next_step(Status s, bool has_date) {
  switch (s) {
    case Status::accepted: return has_date ? T::next_accepted : T::next_accepted_nodate;
    case Status::rejected: return T::next_rejected;
    case Status::investigating: return has_date ? T::next_investigating : T::next_working_nodate;
    case Status::processing: return has_date ? T::next_processing : T::next_working_nodate;
    case Status::replied: return T::next_replied;
    case Status::follow_up: return T::next_follow_up;
    case Status::closed: return T::next_closed;
    case Status::escalated: return has_date ? T::next_escalated : T::next_escalated_nodate;
    case Status::withdrawn: return T::next_withdrawn;
    default: return T::next_working_nodate;
  }
}

// The template pieces of one message ({0}…{5} filled by render()).
std::vector<T> pieces(NotifyPurpose purpose, const NotifyFacts& f, NotifyChannel channel) {
  const bool has_date = f.deadline.has_value();
  switch (purpose) {
    case NotifyPurpose::filed:
      if (has_date) return {T::filed, T::filed_next, T::track};
      return {T::filed, T::track};
    case NotifyPurpose::status: return {T::status_head, next_step(f.status, has_date)};
    case NotifyPurpose::note: return {T::status_head, T::note};
    case NotifyPurpose::extended: return {T::status_head, T::extended};
    case NotifyPurpose::complexity:
      if (!has_date) return {T::status_head, T::next_working_nodate};
      return {T::status_head, f.complexity == Complexity::complex ? T::complex_ : T::simple_};
    case NotifyPurpose::lookup_code:
      return {channel == NotifyChannel::voice ? T::lookup_code_voice : T::lookup_code};
    case NotifyPurpose::survey:
      return {channel == NotifyChannel::voice || f.link.empty() ? T::survey_voice : T::survey};
  }
  return {};
}

std::string render(const std::vector<T>& parts, const NotifyFacts& f, NotifyChannel channel, Lang lang,
                   const std::string& note) {
  const std::string date = f.deadline ? day_text(*f.deadline, lang) : std::string();
  const std::string days = std::to_string(f.days);
  const std::string code = channel == NotifyChannel::voice ? spaced_digits(f.code) : f.code;
  // Voice calls are read out: no bracketed sign.
  std::string out = channel == NotifyChannel::voice ? std::string() : std::string(t(T::sign, lang));
  for (T p : parts) out += format(t(p, lang), {f.acceptance_no, date, note, days, code, f.link});
  return out;
}

}  // namespace

std::string_view notify_kind(NotifyPurpose p) {
  switch (p) {
    case NotifyPurpose::filed:
    case NotifyPurpose::status: return "status";
    case NotifyPurpose::note:
    case NotifyPurpose::extended:
    case NotifyPurpose::complexity: return "progress";
    case NotifyPurpose::lookup_code: return "lookup_code";
    case NotifyPurpose::survey: return "survey";
  }
  return "status";
}

std::string_view channel_name(NotifyChannel c) {
  switch (c) {
    case NotifyChannel::sms: return "sms";
    case NotifyChannel::voice: return "voice";
    case NotifyChannel::email: return "email";
  }
  return "sms";
}

std::string notify_text(NotifyPurpose purpose, const NotifyFacts& f, NotifyChannel channel, Lang lang) {
  const std::vector<T> parts = pieces(purpose, f, channel);
  std::string text = render(parts, f, channel, lang, f.note);
  if (channel != NotifyChannel::sms || sms_size(text).segments <= kSmsMaxSegments) return text;
  // Too long for an SMS: only a staff note can make it so. Cut the note by code points until the
  // whole text fits, and point to the track screen for the rest.
  std::vector<char32_t> cps = utf8::decode(f.note);
  // The whole SMS holds no more than this, so start there (a 2,000-character note, cut 8 at a time).
  if (cps.size() > kSmsMaxSegments * kSmsGsmPart) cps.resize(kSmsMaxSegments * kSmsGsmPart);
  const std::string more(t(T::more, lang));
  while (!cps.empty()) {
    cps.resize(cps.size() > 8 ? cps.size() - 8 : 0);
    text = render(parts, f, channel, lang, utf8::encode(cps) + more);
    if (sms_size(text).segments <= kSmsMaxSegments) break;
  }
  return text;
}

// [SECTION] SMS size -----------------------------------------------------------------------------
namespace {
// 3GPP TS 23.038 §6.2.1: the GSM 7-bit default alphabet (basic table) and the characters of its
// extension table (escape + one septet). Only the ASCII part and a few symbols matter here.
bool gsm_basic(char32_t c) {
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= 'a' && c <= 'z') return true;
  if (c >= '0' && c <= '9') return true;
  static constexpr std::u32string_view kOther =
      U" \n\r!\"#$%&'()*+,-./:;<=>?@_\u00a3\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\u00d8\u00f8\u00c5\u00e5"
      U"\u0394\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9\u00a4\u00a1\u00c4"
      U"\u00d6\u00d1\u00dc\u00a7\u00bf\u00e4\u00f6\u00f1\u00fc\u00e0";
  return kOther.find(c) != std::u32string_view::npos;
}
bool gsm_extension(char32_t c) {
  static constexpr std::u32string_view kExt = U"^{}\\[~]|\u20ac\f";
  return kExt.find(c) != std::u32string_view::npos;
}
}  // namespace

SmsSize sms_size(std::string_view text) {
  const std::vector<char32_t> cps = utf8::decode(text);
  SmsSize s;
  std::size_t septets = 0;
  std::size_t utf16 = 0;
  for (char32_t c : cps) {
    utf16 += c > 0xFFFF ? 2 : 1;
    if (gsm_basic(c)) septets += 1;
    else if (gsm_extension(c)) septets += 2;
    else s.ucs2 = true;
  }
  s.units = s.ucs2 ? utf16 : septets;
  const std::size_t single = s.ucs2 ? kSmsUcs2Single : kSmsGsmSingle;
  const std::size_t part = s.ucs2 ? kSmsUcs2Part : kSmsGsmPart;
  if (s.units == 0) s.segments = 0;
  else if (s.units <= single) s.segments = 1;
  else s.segments = static_cast<int>((s.units + part - 1) / part);
  return s;
}

}  // namespace cw
