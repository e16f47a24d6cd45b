// core/model.h — the complaint domain model: enumerations with their wire names, the filing
// (DESIGN §3, spec 二(二)3), the server-side case with its timeline, and the customer view (DESIGN §4).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/iso_time.h"

namespace cw {

// [SECTION] Enumerations -------------------------------------------------------------------------
// Each enum is declared from one list, so the C++ names and the wire names cannot drift apart.
// The values are contiguous from 0 in list order; the wire names are a public contract (DESIGN §4).
template <class E>
struct EnumNames;  // specialised by CW_ENUM: static constexpr std::string_view names[]

#define CW_ENUM_VALUE_(v) v,
#define CW_ENUM_NAME_(v) #v,
#define CW_ENUM(Name, LIST)                                                  \
  enum class Name : std::uint8_t { LIST(CW_ENUM_VALUE_) };                   \
  template <>                                                                \
  struct EnumNames<Name> {                                                   \
    static constexpr std::string_view names[] = {LIST(CW_ENUM_NAME_)};       \
  };

// spec 二(一): this module is the website and app channel (web, app); the others are the operator's own,
// filed by staff (DESIGN §4 POST /staff/complaints, spec 二(二)4 "无论通过何种渠道").
#define CW_CHANNELS(X) X(web) X(app) X(hotline) X(shop) X(letter) X(email) X(social)
#define CW_BUSINESS_TYPES(X) X(fixed_line) X(mobile) X(broadband) X(data) X(other)  // spec 一(二)
#define CW_CATEGORIES(X) X(billing) X(network) X(service) X(product) X(privacy) X(other)
#define CW_REPLY_METHODS(X) X(phone) X(sms) X(email) X(letter) X(in_person)  // spec 四(三)2
// A `network` complaint's circumstances, as operators' own apps ask them (issue 19 item 8): where it
// happens (a place from this list, or an address), when in the day, and whether always or sometimes.
#define CW_NETWORK_PLACES(X) X(home) X(office) X(outdoors) X(on_the_move)
#define CW_TIMES_OF_DAY(X) X(morning) X(afternoon) X(evening) X(night) X(all_day)
#define CW_FREQUENCIES(X) X(always) X(sometimes)
// When the customer prefers a phone reply (spec 四(三)2: reply as the customer chose).
#define CW_CONTACT_TIMES(X) X(morning) X(afternoon) X(evening)
// draft and queued exist on the device only (DESIGN §3 lifecycle).
#define CW_STATUSES(X)                                                                          \
  X(draft) X(queued) X(received) X(accepted) X(rejected) X(investigating) X(processing) X(replied) \
  X(follow_up) X(closed) X(escalated) X(withdrawn)
// Staff roles nest: agent ⊂ supervisor ⊂ manager (DESIGN §4; manager last, added for spec 五(三)).
#define CW_ACTORS(X) X(customer) X(agent) X(supervisor) X(system) X(manager)
#define CW_COMPLEXITIES(X) X(simple) X(complex)  // spec 三(三)
#define CW_ESCALATION_TRIGGERS(X) X(dissatisfied) X(overdue) X(major_incident) X(group_risk)  // spec 五(一)
#define CW_REJECTION_REASONS(X) X(out_of_scope) X(time_barred) X(repeated) X(other)  // spec 二(三)
// Everything that can happen to a complaint; `decide()` in core/workflow.h is the only judge.
#define CW_ACTIONS(X)                                                                          \
  X(file) X(accept) X(reject) X(assign) X(set_complexity) X(note) X(extend) X(propose) X(reply) \
  X(escalate) X(start_follow_up) X(close) X(withdraw) X(survey) X(supplement) X(claim) X(record_survey) \
  X(hold) X(release)
// How staff took a follow-up answer (DESIGN §4 `record_survey`): a call, or the customer's SMS reply.
#define CW_SURVEY_VIAS(X) X(phone) X(sms_reply)
#define CW_DEADLINE_KINDS(X) X(acceptance) X(investigation) X(reply) X(follow_up)
// DESIGN §3 "The regulator's path" (MIIT order No. 35 art. 10): why the customer may appeal now, in
// the order the core picks the one it names (the most specific first).
#define CW_APPEAL_REASONS(X) X(rejected) X(dissatisfied) X(reply_overdue) X(top_level) X(closed)

CW_ENUM(Channel, CW_CHANNELS)
CW_ENUM(BusinessType, CW_BUSINESS_TYPES)
CW_ENUM(Category, CW_CATEGORIES)
CW_ENUM(ReplyMethod, CW_REPLY_METHODS)
CW_ENUM(NetworkPlace, CW_NETWORK_PLACES)
CW_ENUM(TimeOfDay, CW_TIMES_OF_DAY)
CW_ENUM(Frequency, CW_FREQUENCIES)
CW_ENUM(ContactTime, CW_CONTACT_TIMES)
CW_ENUM(Status, CW_STATUSES)
CW_ENUM(Actor, CW_ACTORS)
CW_ENUM(Complexity, CW_COMPLEXITIES)
CW_ENUM(EscalationTrigger, CW_ESCALATION_TRIGGERS)
CW_ENUM(RejectionReason, CW_REJECTION_REASONS)
CW_ENUM(Action, CW_ACTIONS)
CW_ENUM(DeadlineKind, CW_DEADLINE_KINDS)
CW_ENUM(SurveyVia, CW_SURVEY_VIAS)
CW_ENUM(AppealReason, CW_APPEAL_REASONS)

template <class E>
constexpr std::size_t enum_count() {
  return std::size(EnumNames<E>::names);
}
template <class E>
constexpr std::span<const std::string_view> enum_names() {
  return {EnumNames<E>::names, enum_count<E>()};
}
// Wire name of a value ("" for a value outside the list).
template <class E>
constexpr std::string_view to_string(E e) {
  const auto i = static_cast<std::size_t>(e);
  return i < enum_count<E>() ? EnumNames<E>::names[i] : std::string_view{};
}
// Value of a wire name; nullopt for anything else (exact, case-sensitive match).
template <class E>
constexpr std::optional<E> parse_enum(std::string_view s) {
  for (std::size_t i = 0; i < enum_count<E>(); ++i) {
    if (EnumNames<E>::names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}
// All values in list order (for table-driven code and tests).
template <class E>
std::vector<E> enum_values() {
  std::vector<E> out;
  for (std::size_t i = 0; i < enum_count<E>(); ++i) out.push_back(static_cast<E>(i));
  return out;
}

// [SECTION] The filing (DESIGN §3 table, spec 二(二)3) ---------------------------------------------
// Optional members are the ones a draft may still lack; validate_filing() requires them.
struct Customer {
  std::string name;
  std::string phone;  // reachable contact: mainland mobile or fixed line with area code
  std::string email;  // optional ("" = none); required when reply_method is email
  std::optional<ReplyMethod> reply_method;
  std::optional<ContactTime> contact_time;  // optional; only with reply_method phone
  bool operator==(const Customer&) const = default;
};

// Optional details of a `network` complaint (only with that category). The place is one of the list
// or an address, not both.
struct NetworkDetails {
  std::optional<NetworkPlace> place;
  std::string address;  // free text ("" = none), up to kAddressMax code points
  std::optional<TimeOfDay> time_of_day;
  std::optional<Frequency> frequency;
  bool operator==(const NetworkDetails&) const = default;
};

struct Complaint {
  std::string client_ref;  // UUID made on the device
  std::optional<Channel> channel;
  std::optional<BusinessType> business_type;
  std::optional<Category> category;
  std::optional<Timestamp> occurred_at;
  // When the operator received it on another channel (staff intake only; DESIGN §4): the filing's
  // time, so its number and deadlines count from the customer's call, visit or letter.
  std::optional<Timestamp> received_at;
  std::string service_number;
  std::string problem;  // 10–2000 code points
  std::string demand;   // 诉求, 1–500 code points
  Customer customer;
  std::optional<NetworkDetails> network;  // `network` complaints only (issue 19 item 8)
  std::vector<std::string> evidence;  // upload ids, at most 5
  bool consent = false;               // PIPL privacy notice accepted
  bool operator==(const Complaint&) const = default;
};

// [SECTION] Handling records (spec 二(三), 三, 四, 五, 六) ---------------------------------------------
struct Rejection {  // spec 二(三): reason + guidance to other lawful channels
  RejectionReason reason_code = RejectionReason::other;
  // The staff member's own words for this case, as written ("" = none). The guidance to the other
  // lawful channels is not stored: it comes from the catalog by reason_code, in the reader's
  // language (rejection_guidance in core/workflow.h; issue 19 item 7).
  std::string note;
  bool operator==(const Rejection&) const = default;
};

struct Assignment {  // spec 三(一): responsible department and a named owner
  std::string department;
  std::string owner;
  bool operator==(const Assignment&) const = default;
};

struct Plan {  // spec 四(二): measures, owner, deadline
  std::string measures;
  std::string owner;
  std::optional<Timestamp> due;
  bool operator==(const Plan&) const = default;
};

struct Reply {  // spec 四(三)3: conclusion, basis, plan and its execution
  std::string conclusion;
  std::string basis;
  std::string plan;
  std::string execution;
  bool operator==(const Reply&) const = default;
};

struct Escalation {  // spec 五: level 1–3 and why
  int level = 0;
  EscalationTrigger trigger = EscalationTrigger::dissatisfied;
  bool operator==(const Escalation&) const = default;
};

// DESIGN §8 retention: a supervisor keeps a case from being purged (an appeal to the regulator, a
// dispute) with a note saying why, until a date or until released (issue 22 item 7). Staff only.
struct Hold {
  std::string note;
  std::string by;                  // the supervisor who placed it
  Timestamp at{};
  std::optional<Timestamp> until;  // nullopt: until released
  bool operator==(const Hold&) const = default;
};

struct SurveyAspects {
  int attitude = 0;  // 1–5
  int speed = 0;     // 1–5
  int result = 0;    // 1–5
  bool operator==(const SurveyAspects&) const = default;
};

struct Survey {  // spec 六: satisfaction, really solved?, views on the process
  int overall = 0;  // 1–5
  bool resolved = false;
  SurveyAspects aspects;
  std::string comment;  // ≤ 500 code points
  bool operator==(const Survey&) const = default;
};
// DESIGN §3: dissatisfied = overall ≤ 2 or not resolved (makes the customer eligible to escalate).
inline bool is_dissatisfied(const Survey& s) { return s.overall <= 2 || !s.resolved; }

// DESIGN §3 "Time limits": whether a stage's deadline was met is recorded when the stage ends, on
// the event that ended it — a fact that a later extension, complexity change or policy cannot rewrite
// (issue 22 item 5; the statistics read it).
struct StageEnd {
  DeadlineKind stage = DeadlineKind::acceptance;
  Timestamp due{};       // the deadline as it stood when the stage ended
  bool on_time = false;  // ended at or before `due`
  bool operator==(const StageEnd&) const = default;
};

struct TimelineEvent {
  Timestamp at{};
  Status status = Status::received;  // the status after the event
  Actor actor = Actor::system;
  std::string staff_name;  // internal: never in the customer view (spec 一(三) 保密)
  std::string note;        // public: the customer sees it (spec 三(三) progress)
  Action action = Action::file;  // what happened (internal; deadlines are derived from it)
  int days = 0;                  // `extend` only: the days added
  // `supplement` only: the upload ids the customer added (DESIGN §4: staff see and download them,
  // the customer's timeline shows how many there were).
  std::vector<std::string> evidence;
  // `note` only: an internal note is for staff (spec 三(二) 调查内容); it never reaches the customer's
  // view or a message to them.
  bool internal = false;
  // `reply` only: how and when the reply reached the customer (spec 四(三)2), when staff say so.
  std::optional<ReplyMethod> delivered_via;
  std::optional<Timestamp> delivered_at;
  // `record_survey` only: how staff took the answer (a follow-up call, spec 六).
  std::optional<SurveyVia> survey_via;
  // The stage this event completed, with its deadline and whether it was met (see StageEnd).
  std::optional<StageEnd> stage_end;
  bool operator==(const TimelineEvent&) const = default;
};

struct Deadlines {  // each is unknown (nullopt) until its starting event has happened
  std::optional<Timestamp> acceptance;
  std::optional<Timestamp> investigation;
  std::optional<Timestamp> reply;
  std::optional<Timestamp> follow_up;
  bool operator==(const Deadlines&) const = default;
};

// The server's record of one complaint after filing. `decide()` reads it; `apply()` updates it.
struct Case {
  std::string acceptance_no;
  Complaint filing;
  Status status = Status::draft;  // draft until `file` is decided
  Timestamp filed_at{};
  Complexity complexity = Complexity::simple;
  // Who answers for the case now: the staff member who claimed it (首问负责, spec 一(三)5), then the
  // assigned owner (spec 三(一)); empty after an escalation until the upper level takes it.
  std::string owner;
  std::optional<Assignment> assignment;
  std::optional<Plan> plan;
  std::optional<Reply> reply;
  std::optional<Rejection> rejection;
  std::optional<Escalation> escalation;  // current level and the latest trigger
  std::optional<Survey> survey;
  std::optional<Hold> hold;  // kept from the retention purge (staff only)
  std::vector<TimelineEvent> timeline;
  bool operator==(const Case&) const = default;
};

// [SECTION] Action payloads (DESIGN §4 POST /staff/complaints/{no}/actions and the customer's posts) -----
// One shape for every action; each action reads only its own members (see core/workflow.h).
struct ActionPayload {
  std::string staff_name;  // who acted (internal, from the staff token; empty for the customer)
  std::string note;        // note, extend, reject (guidance), customer reason, supplement text
  std::optional<RejectionReason> reason_code;        // reject
  std::string department;                            // assign
  std::string owner;                                 // assign
  std::optional<Complexity> complexity;              // set_complexity
  int days = 0;                                      // extend
  std::optional<Plan> plan;                          // propose
  std::optional<Reply> reply;                        // reply
  std::optional<EscalationTrigger> trigger;          // escalate (staff)
  std::optional<Survey> survey;                      // survey, record_survey
  std::vector<std::string> evidence;                 // supplement
  bool internal = false;                             // note: visibility "internal"
  std::optional<ReplyMethod> delivered_via;          // reply
  std::optional<Timestamp> delivered_at;             // reply
  std::optional<SurveyVia> survey_via;               // record_survey (with `survey`)
  std::optional<Timestamp> until;                    // hold (nullopt: until released)
  bool operator==(const ActionPayload&) const = default;
};

// [SECTION] The customer view (DESIGN §4 GET /complaints/{no}) ----------------------------------------
struct ViewEvent {  // a timeline event without internal fields
  Timestamp at{};
  Status status = Status::received;
  Actor actor = Actor::system;
  std::string note;
  int evidence_count = 0;  // files the customer added with a supplement (the ids stay internal)
  bool operator==(const ViewEvent&) const = default;
};

// DESIGN §3 "The regulator's path": the appeal channel is named, with the dates the appeal asks for
// (nullopt: it did not happen). The acceptance number is the view's own.
struct RegulatorPath {
  AppealReason reason = AppealReason::closed;
  Timestamp filed_at{};
  std::optional<Timestamp> accepted_at;
  std::optional<Timestamp> rejected_at;
  std::optional<Timestamp> replied_at;    // the latest reply
  std::optional<Timestamp> reply_due;     // the reply deadline (with its extension)
  std::optional<Timestamp> surveyed_at;   // the survey answer
  std::optional<Timestamp> escalated_at;  // the latest escalation
  std::optional<Timestamp> closed_at;
  bool operator==(const RegulatorPath&) const = default;
};

struct CustomerView {
  std::string acceptance_no;
  Status status = Status::received;
  BusinessType business_type = BusinessType::other;
  Category category = Category::other;
  Timestamp filed_at{};
  Deadlines deadlines;
  bool overdue = false;
  int escalation_level = 0;
  bool can_escalate = false;
  bool can_withdraw = false;
  bool can_rate = false;
  std::string customer_name;   // masked: "王*"
  std::string customer_phone;  // masked: "139****5678"
  std::vector<ViewEvent> timeline;
  std::optional<Reply> reply;
  std::optional<Rejection> rejection;            // the reason code (the screen words it) and staff note
  std::optional<RegulatorPath> regulator_path;  // nullopt: no reason to appeal (yet)
  bool operator==(const CustomerView&) const = default;
};

}  // namespace cw
