// core/mask.cpp — masking rules of core/mask.h; the shapes are those of DESIGN §4's customer view.
#include "core/mask.h"

#include "core/utf8.h"

namespace cw {

std::string mask_phone(std::string_view phone) {
  std::size_t digits = 0;
  for (char c : phone) digits += c >= '0' && c <= '9';
  std::string out;
  out.reserve(phone.size());
  if (digits < 7) {
    for (char c : phone) out += (c >= '0' && c <= '9') ? '*' : c;
    return out;
  }
  // Keep the prefix (3 digits of a mobile, or the area code of a fixed line) and the last 4 digits.
  // Mainland area codes: 010 and 02X have 3 digits, all others 4.
  std::size_t keep_head = 3;
  const std::size_t dash = phone.find('-');
  if (!phone.empty() && phone[0] == '0') {
    if (dash != std::string_view::npos) {
      keep_head = dash;
    } else {
      keep_head = phone.size() >= 2 && (phone[1] == '1' || phone[1] == '2') ? 3 : 4;
    }
  }
  std::size_t seen = 0;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    const bool digit = c >= '0' && c <= '9';
    if (!digit) {
      out += c;
      continue;
    }
    const bool head = i < keep_head;
    const bool tail = seen >= digits - 4;
    out += (head || tail) ? c : '*';
    ++seen;
  }
  return out;
}

std::string mask_name(std::string_view name) {
  const std::vector<char32_t> cps = utf8::decode(name);
  if (cps.empty()) return "";
  std::string out;
  utf8::append(out, cps[0]);
  out.append(cps.size() > 1 ? cps.size() - 1 : 1, '*');
  return out;
}

std::string mask_email(std::string_view email) {
  const std::size_t at = email.rfind('@');
  if (at == std::string_view::npos || at == 0) return "***";
  const std::vector<char32_t> local = utf8::decode(email.substr(0, at));
  std::string out;
  utf8::append(out, local[0]);
  out += "***";
  out += email.substr(at);
  return out;
}

}  // namespace cw
