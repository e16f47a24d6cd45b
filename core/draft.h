// core/draft.h — the filing while the customer types it: the wizard's model (as typed, before any
// check), the form it is saved in on the device (the client's draft store, versioned: a draft saved
// by an older release still loads), the filing it makes for the core's validation and the wire, and
// the receipt kept after it was sent. The widget's wizard and a host's own form share it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/json.h"
#include "core/model.h"

namespace cw {

// When it happened, as the customer chose it (the wizard's chips, in this order).
enum DraftWhen : int { kWhenNone = -1, kWhenToday, kWhenYesterday, kWhenDayBefore, kWhenOther };

// The text members, each as typed and under its own name in the store: business_type, category and
// reply_method hold wire ids ("" = not chosen); date is as typed ("2026-10-01", "2026/10/1") when
// `when` is kWhenOther.
#define CW_DRAFT_TEXTS(X) \
  X(business_type) X(category) X(date) X(service_number) X(problem) X(demand) X(name) X(phone) X(email) X(reply_method)
// Added in version 2 (issue 19 item 8), wire ids or text as typed ("" = not given): a network
// complaint's place, address, time_of_day and frequency, and the contact_time of a phone reply.
// Stored only when given, so a version-1 draft is written back with the same members.
#define CW_DRAFT_TEXTS_V2(X) X(place) X(address) X(time_of_day) X(frequency) X(contact_time)

struct Draft {
#define CW_DRAFT_MEMBER(name) std::string name;
  CW_DRAFT_TEXTS(CW_DRAFT_MEMBER)
  CW_DRAFT_TEXTS_V2(CW_DRAFT_MEMBER)
#undef CW_DRAFT_MEMBER
  int when = kWhenNone;  // DraftWhen
  bool consent = false;
  bool operator==(const Draft&) const = default;
};

// The draft store's form: {"v": 2, business_type, category, when, date, service_number, problem,
// demand, name, phone, email, reply_method, consent, and those of CW_DRAFT_TEXTS_V2 that are given}.
// tests/data/draft_v1.json (release 1) and draft_v2.json are saved ones.
inline constexpr int kDraftVersion = 2;
Json to_json(const Draft& d);
// Never fails: a member of the wrong type, or missing, is left empty (a draft is the customer's own
// typing: whatever can be read is kept), `when` outside the chips is none. A draft of a later
// version is read the same way, member by member.
Draft draft_from_json(const Json& j);

// Something the customer chose or typed beyond the contact details a host may prefill.
bool meaningful(const Draft& d);

// The time it happened: "today" is now; an earlier day is its noon in Shanghai (the customer names
// the day, not the minute). nullopt when not chosen, or "other" with no date yet (the core's
// validation says "required"); validation.date_invalid when the typed date cannot be read.
Result<std::optional<Timestamp>> occurred_at(const Draft& d, Timestamp now);

// The filing the draft makes: trimmed text, spaces dropped from numbers, enums parsed (an unknown id
// stays unset), `evidence` as given. client_ref and channel are left for the client to set. The
// network details go only with a network category, the contact time only with a phone reply (the
// draft keeps them in case the customer switches back).
Complaint to_complaint(const Draft& d, Timestamp now, std::vector<std::string> evidence);

// What the receipt shows after a filing, kept on the device (draft name "receipt") so a reload on
// the receipt, or a queued filing the customer comes back to, still shows it.
struct Receipt {
  bool queued = false;
  std::string client_ref;
  std::string acceptance_no;
  Deadlines deadlines;
  std::string reply_method;  // as chosen in the draft
  bool operator==(const Receipt&) const = default;
};
Json to_json(const Receipt& r);
// Never fails: what cannot be read is left empty (the screen then sends the customer to "my
// complaints", which has the filing).
Receipt receipt_from_json(const Json& j);

}  // namespace cw
