// core/validation.h — field rules of DESIGN §3 for a filing, a survey, action payloads and uploads.
// Every function reports ALL field errors at once, keyed by path in the request body ("customer.phone").
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/errors.h"
#include "core/model.h"

namespace cw {

// Limits (code points unless said otherwise). Public so the UI can show counters and the server /meta.
inline constexpr std::size_t kProblemMin = 10;
inline constexpr std::size_t kProblemMax = 2000;
inline constexpr std::size_t kDemandMin = 1;
inline constexpr std::size_t kDemandMax = 500;
inline constexpr std::size_t kNameMax = 40;
inline constexpr std::size_t kAddressMax = 200;       // network.address
inline constexpr std::size_t kEvidenceMax = 5;
inline constexpr std::size_t kCommentMax = 500;       // survey comment (spec 六)
inline constexpr std::size_t kNoteMax = 2000;         // notes, reply parts, plan measures, supplements
inline constexpr std::size_t kShortTextMax = 100;     // department, owner
inline constexpr std::size_t kUploadIdMax = 64;
inline constexpr std::size_t kUploadMaxBytes = 5u * 1024u * 1024u;
inline constexpr int kClockSkewSeconds = 300;         // occurred_at may be this far "in the future"
inline constexpr int kOccurredMaxYears = 3;           // occurred_at: 民法典 art. 188 limitation period
inline constexpr int kReceivedMaxDays = 30;           // received_at of a staff intake: a letter's post, a backlog

// Numbers and addresses.
bool is_mobile(std::string_view s);            // 1[3-9]\d{9}
bool is_fixed_line(std::string_view s);        // area code 0 + 2–3 digits (not 00), optional '-', 7–8 digits
bool is_contact_phone(std::string_view s);     // mobile or fixed line (customer.phone)
bool is_broadband_account(std::string_view s); // 6–32 of [A-Za-z0-9@._-], starting alphanumeric
bool is_email(std::string_view s);             // ASCII local@domain.tld, ≤ 254 bytes
bool is_uuid(std::string_view s);              // 8-4-4-4-12 hex digits
bool is_upload_id(std::string_view s);         // 1–64 of [A-Za-z0-9_-]
// service_number by business type (DESIGN §3): mobile → mobile; fixed_line → fixed line;
// broadband, data, other → a broadband/service account (which includes fixed-line numbers).
bool is_service_number(BusinessType type, std::string_view s);

// Text fields: UTF-8, control characters, trimmed emptiness and code point bounds.
// Returns Errc::ok or the first problem (utf8_invalid, control_char, required, too_short, too_long).
Errc check_text(std::string_view text, std::size_t min, std::size_t max, bool multi_line);

// The filing (DESIGN §3 table). `now` decides "not in the future" and "not before 3 years ago".
FieldErrors validate_filing(const Complaint& c, Timestamp now);
// The survey (spec 六): ratings 1–5, comment ≤ 500. Paths: "overall", "aspects.speed", "comment".
FieldErrors validate_survey(const Survey& s);
// The path in the request body that ActionPayload::note comes from (DESIGN §4): a supplement's
// `text`, the customer's escalation or withdrawal `reason`, and `note` in every staff action.
const char* note_path(Action action, Actor role);
// Text shape of an action's payload (lengths, encoding). Required parts and ranges are workflow guards
// (core/workflow.h), so this only reports what is malformed. `role` picks the note's path.
FieldErrors validate_action_payload(Action action, Actor role, const ActionPayload& p);

// Uploads (DESIGN §4 POST /uploads): jpg/png/pdf by their magic bytes, ≤ 5 MB.
// Returns "image/jpeg", "image/png", "application/pdf", or nullopt.
std::optional<std::string_view> sniff_upload_type(std::string_view bytes);
// Errc::ok, http_payload_too_large or http_unsupported_media_type.
Errc check_upload(std::string_view bytes);

// The earliest allowed occurred_at for a filing at `now`: the same Shanghai wall time three years
// earlier (29 February → 28 February).
Timestamp earliest_occurred_at(Timestamp now);

}  // namespace cw
