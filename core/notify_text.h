// core/notify_text.h — the texts of the messages that reach customers (DESIGN §4 Notifier): one per
// purpose, channel and language, from one zh-CN/en table; and how many SMS segments a text takes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/errors.h"
#include "core/iso_time.h"
#include "core/model.h"

namespace cw {

// What a message is about. `filed` and `status` go out as kind "status", `note`, `extended` and
// `complexity` as "progress", the others under their own kind.
enum class NotifyPurpose : std::uint8_t { filed, status, note, extended, complexity, lookup_code, survey };
enum class NotifyChannel : std::uint8_t { sms, voice, email };

std::string_view notify_kind(NotifyPurpose p);       // "status" | "progress" | "lookup_code" | "survey"
std::string_view channel_name(NotifyChannel c);      // "sms" | "voice" | "email"

// Only what the message needs: the number, the status, one date, the staff's public note, a code or a
// link. Never the customer's name, phone or complaint text (DESIGN §8, issue 20 item 2).
struct NotifyFacts {
  std::string acceptance_no;
  Status status = Status::received;
  std::optional<Timestamp> deadline;  // the next date the customer can hold us to (Shanghai day)
  std::string note;                   // a public note, or why a time limit was extended
  int days = 0;                       // extended: days added
  Complexity complexity = Complexity::simple;
  std::string code;                   // lookup_code
  std::string link;                   // survey
};

// The text for one purpose, channel and language. SMS texts are kept within kSmsMaxSegments (a
// long note is shortened with "…" and the customer pointed to the track screen); voice texts spell
// codes digit by digit and carry no links; e-mails carry the note whole.
std::string notify_text(NotifyPurpose purpose, const NotifyFacts& facts, NotifyChannel channel, Lang lang);

// [SECTION] SMS size
// 3GPP TS 23.038 §6.2.1: text that fits the GSM 7-bit default alphabet goes as 7-bit, 160 characters
// in one SMS (a character of the extension table, as `{` or `€`, takes two); anything else (every
// Chinese text) goes as UCS-2: 140 octets = 70 UTF-16 units. TS 23.040 §9.2.3.24.1: a long text is
// split into parts that each lose 6 octets to the concatenation header: 153 (7-bit) or 67 (UCS-2).
// A code point above U+FFFF takes two UCS-2 units (a surrogate pair, as handsets send it).
inline constexpr std::size_t kSmsUcs2Single = 70;
inline constexpr std::size_t kSmsUcs2Part = 67;
inline constexpr std::size_t kSmsGsmSingle = 160;
inline constexpr std::size_t kSmsGsmPart = 153;
inline constexpr int kSmsMaxSegments = 3;  // what a customer reads as one message; more is cut

struct SmsSize {
  bool ucs2 = false;
  std::size_t units = 0;  // septets (7-bit) or UTF-16 units (UCS-2)
  int segments = 0;
};
SmsSize sms_size(std::string_view text);

}  // namespace cw
