// core/validation.cpp — the DESIGN §3 field rules, hand-written (no <regex>: it costs ~45 KB in wasm).
// Client and server call the same code, so they can never disagree on what is valid.
#include "core/validation.h"

#include <set>
#include <string>

#include "core/field_path.h"
#include "core/utf8.h"

namespace cw {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return !s.empty();
}

// Whitespace-only text counts as empty for "required" (a name of three spaces is no name).
bool blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

void check_into(FieldErrors& out, const std::string& path, std::string_view text, std::size_t min,
                std::size_t max, bool multi_line) {
  const Errc e = check_text(text, min, max, multi_line);
  if (e != Errc::ok) out.emplace(path, e);
}

}  // namespace

bool is_mobile(std::string_view s) {
  return s.size() == 11 && all_digits(s) && s[0] == '1' && s[1] >= '3' && s[1] <= '9';
}

bool is_fixed_line(std::string_view s) {
  const auto area_ok = [](std::string_view a) {
    return (a.size() == 3 || a.size() == 4) && all_digits(a) && a[0] == '0' && a[1] != '0';
  };
  const auto local_ok = [](std::string_view l) {
    return (l.size() == 7 || l.size() == 8) && all_digits(l) && l[0] != '0';
  };
  const std::size_t dash = s.find('-');
  if (dash != std::string_view::npos) return area_ok(s.substr(0, dash)) && local_ok(s.substr(dash + 1));
  // Without a dash any split into a 3–4 digit area code and a 7–8 digit local number will do.
  for (std::size_t area = 3; area <= 4; ++area) {
    if (s.size() > area && area_ok(s.substr(0, area)) && local_ok(s.substr(area))) return true;
  }
  return false;
}

bool is_contact_phone(std::string_view s) { return is_mobile(s) || is_fixed_line(s); }

bool is_broadband_account(std::string_view s) {
  if (s.size() < 6 || s.size() > 32 || !is_alnum(s[0])) return false;
  for (char c : s) {
    if (!is_alnum(c) && c != '@' && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

bool is_email(std::string_view s) {
  if (s.size() > 254) return false;
  const std::size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || s.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view local = s.substr(0, at), domain = s.substr(at + 1);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  for (char c : local) {
    if (!is_alnum(c) && c != '.' && c != '_' && c != '%' && c != '+' && c != '-') return false;
  }
  // Domain: labels of [A-Za-z0-9-] (not starting or ending with '-'), at least two, TLD ≥ 2 letters.
  std::size_t labels = 0, start = 0;
  while (start <= domain.size()) {
    std::size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!is_alnum(c) && c != '-') return false;
    }
    ++labels;
    if (end == domain.size()) {
      if (label.size() < 2) return false;
      for (char c : label) {
        if (!is_alpha(c)) return false;
      }
      break;
    }
    start = end + 1;
  }
  return labels >= 2;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash_pos = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_pos ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

bool is_upload_id(std::string_view s) {
  if (s.empty() || s.size() > kUploadIdMax) return false;
  for (char c : s) {
    if (!is_alnum(c) && c != '_' && c != '-') return false;
  }
  return true;
}

bool is_service_number(BusinessType type, std::string_view s) {
  switch (type) {
    case BusinessType::mobile: return is_mobile(s);
    case BusinessType::fixed_line: return is_fixed_line(s);
    case BusinessType::broadband:
    case BusinessType::data:
    case BusinessType::other: return is_broadband_account(s) || is_fixed_line(s) || is_mobile(s);
  }
  return false;
}

Errc check_text(std::string_view text, std::size_t min, std::size_t max, bool multi_line) {
  const Errc enc = utf8::check(text, multi_line ? utf8::Lines::multi : utf8::Lines::single);
  if (enc != Errc::ok) return enc;
  if (min > 0 && blank(text)) return Errc::validation_required;
  const std::size_t n = utf8::count(text);
  if (n < min) return Errc::validation_too_short;
  if (n > max) return Errc::validation_too_long;
  return Errc::ok;
}

Timestamp earliest_occurred_at(Timestamp now) {
  using namespace std::chrono;
  const Timestamp local = now + kShanghaiOffset;
  const sys_days day = floor<days>(local);
  const seconds time_of_day = local - Timestamp{day};
  year_month_day ymd{day};
  ymd -= years{kOccurredMaxYears};
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / last;  // 29 February three years ago did not exist
  return Timestamp{sys_days{ymd}} + time_of_day - kShanghaiOffset;
}

namespace {

// Issue 19 item 8: only on a network complaint; a place from the list or an address, not both.
void check_network(FieldErrors& e, const NetworkDetails& n, std::optional<Category> category) {
  if (category != Category::network) {
    e.emplace(path_str(Field::network), Errc::validation_not_applicable);
    return;
  }
  if (!n.address.empty()) {
    check_into(e, path_str(Field::network_address), n.address, 0, kAddressMax, false);
    if (n.place) e.emplace(path_str(Field::network_address), Errc::validation_place_or_address);
  }
}

}  // namespace

FieldErrors validate_filing(const Complaint& c, Timestamp now) {
  FieldErrors e;
  if (c.client_ref.empty()) {
    e.emplace(path_str(Field::client_ref), Errc::validation_required);
  } else if (!is_uuid(c.client_ref)) {
    e.emplace(path_str(Field::client_ref), Errc::validation_uuid_invalid);
  }
  if (!c.channel) e.emplace(path_str(Field::channel), Errc::validation_required);
  if (!c.business_type) e.emplace(path_str(Field::business_type), Errc::validation_required);
  if (!c.category) e.emplace(path_str(Field::category), Errc::validation_required);
  // spec 二(二)3: the complaint time; DESIGN §3: not in the future, not past the limitation period
  // (民法典 art. 188: three years); the refusal names the other lawful channels (spec 二(三)).
  if (!c.occurred_at) {
    e.emplace(path_str(Field::occurred_at), Errc::validation_required);
  } else if (*c.occurred_at > now + std::chrono::seconds{kClockSkewSeconds}) {
    e.emplace(path_str(Field::occurred_at), Errc::validation_date_future);
  } else if (*c.occurred_at < earliest_occurred_at(now)) {
    e.emplace(path_str(Field::occurred_at), Errc::validation_date_too_old);
  }
  if (blank(c.service_number)) {
    e.emplace(path_str(Field::service_number), Errc::validation_required);
  } else if (c.business_type && !is_service_number(*c.business_type, c.service_number)) {
    e.emplace(path_str(Field::service_number), Errc::validation_service_number_invalid);
  }
  check_into(e, path_str(Field::problem), c.problem, kProblemMin, kProblemMax, true);
  check_into(e, path_str(Field::demand), c.demand, kDemandMin, kDemandMax, true);
  check_into(e, path_str(Field::customer_name), c.customer.name, 1, kNameMax, false);
  // spec 二(二)3: customer basics with a reachable contact.
  if (blank(c.customer.phone)) {
    e.emplace(path_str(Field::customer_phone), Errc::validation_required);
  } else if (!is_contact_phone(c.customer.phone)) {
    e.emplace(path_str(Field::customer_phone), Errc::validation_phone_invalid);
  }
  if (!c.customer.email.empty() && !is_email(c.customer.email)) {
    e.emplace(path_str(Field::customer_email), Errc::validation_email_invalid);
  }
  if (!c.customer.reply_method) {
    e.emplace(path_str(Field::customer_reply_method), Errc::validation_required);
  } else if (*c.customer.reply_method == ReplyMethod::email && c.customer.email.empty()) {
    e.emplace(path_str(Field::customer_email), Errc::validation_email_required);  // spec 四(三)2: reply as chosen
  } else if (*c.customer.reply_method == ReplyMethod::sms && is_fixed_line(c.customer.phone)) {
    // spec 四(三)2: a reply by SMS to a landline would never arrive. Said on the method, the choice
    // that cannot be kept (the landline itself is a valid contact).
    e.emplace(path_str(Field::customer_reply_method), Errc::validation_sms_needs_mobile);
  }
  // Issue 19 item 8: a contact time is for a phone reply; the network details for network complaints.
  if (c.customer.contact_time && c.customer.reply_method != ReplyMethod::phone) {
    e.emplace(path_str(Field::customer_contact_time), Errc::validation_not_applicable);
  }
  if (c.network) check_network(e, *c.network, c.category);
  if (c.evidence.size() > kEvidenceMax) {
    e.emplace(path_str(Field::evidence), Errc::validation_evidence_too_many);
  }
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < c.evidence.size(); ++i) {
    if (!is_upload_id(c.evidence[i]) || !seen.insert(c.evidence[i]).second) {
      e.emplace(item_path(Field::evidence, i), Errc::validation_evidence_invalid);
    }
  }
  if (!c.consent) e.emplace(path_str(Field::consent), Errc::validation_consent_required);  // PIPL
  return e;
}

FieldErrors validate_survey(const Survey& s) {
  FieldErrors e;
  const auto rating = [&](const std::string& where, int v) {
    if (v < 1 || v > 5) e.emplace(where, Errc::validation_out_of_range);
  };
  rating(path_str(Field::survey_overall), s.overall);
  rating(path_str(Field::survey_attitude), s.aspects.attitude);
  rating(path_str(Field::survey_speed), s.aspects.speed);
  rating(path_str(Field::survey_result), s.aspects.result);
  check_into(e, path_str(Field::survey_comment), s.comment, 0, kCommentMax, true);
  return e;
}

// The table's paths are string literals: data() is NUL-terminated.
const char* note_path(Action action, Actor role) {
  if (action == Action::supplement) return path(Field::text).data();
  if (action == Action::withdraw || (action == Action::escalate && role == Actor::customer)) return path(Field::reason).data();
  return path(Field::note).data();
}

FieldErrors validate_action_payload(Action action, Actor role, const ActionPayload& p) {
  FieldErrors e;
  check_into(e, note_path(action, role), p.note, 0, kNoteMax, true);
  switch (action) {
    case Action::assign:
      check_into(e, path_str(Field::department), p.department, 0, kShortTextMax, false);
      check_into(e, path_str(Field::owner), p.owner, 0, kShortTextMax, false);
      break;
    case Action::propose:
      if (p.plan) {
        check_into(e, path_str(Field::plan_measures), p.plan->measures, 0, kNoteMax, true);
        check_into(e, path_str(Field::plan_owner), p.plan->owner, 0, kShortTextMax, false);
      }
      break;
    case Action::reply:
      if (p.reply) {
        check_into(e, path_str(Field::conclusion), p.reply->conclusion, 0, kNoteMax, true);
        check_into(e, path_str(Field::basis), p.reply->basis, 0, kNoteMax, true);
        check_into(e, path_str(Field::plan), p.reply->plan, 0, kNoteMax, true);
        check_into(e, path_str(Field::execution), p.reply->execution, 0, kNoteMax, true);
      }
      break;
    case Action::survey:
    case Action::record_survey:
      if (p.survey) e.merge(validate_survey(*p.survey));
      break;
    case Action::supplement:
      if (p.evidence.size() > kEvidenceMax) e.emplace(path_str(Field::evidence), Errc::validation_evidence_too_many);
      for (std::size_t i = 0; i < p.evidence.size(); ++i) {
        if (!is_upload_id(p.evidence[i])) {
          e.emplace(item_path(Field::evidence, i), Errc::validation_evidence_invalid);
        }
      }
      break;
    default:
      break;
  }
  return e;
}

std::optional<std::string_view> sniff_upload_type(std::string_view b) {
  if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return "image/jpeg";
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) return "image/png";
  if (b.size() >= 5 && b.substr(0, 5) == "%PDF-") return "application/pdf";
  return std::nullopt;
}

Errc check_upload(std::string_view bytes) {
  if (bytes.size() > kUploadMaxBytes) return Errc::http_payload_too_large;
  if (!sniff_upload_type(bytes)) return Errc::http_unsupported_media_type;
  return Errc::ok;
}

}  // namespace cw
