// core/workflow.h — the complaint lifecycle of DESIGN §3 as ONE table plus ONE function, decide(),
// that the server, the client and the tests all ask. Nothing else decides what is allowed.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/errors.h"
#include "core/model.h"
#include "core/time_limits.h"

namespace cw {

inline constexpr int kMaxEscalationLevel = 3;  // spec 五(三): the top level is senior management

// One row of the lifecycle table (DESIGN §3): the action, the statuses it may start from, the status
// it enters (nullopt: recorded on the timeline only), and the roles that may take it.
struct Transition {
  Action action;
  std::uint32_t from;       // bit (1 << Status)
  std::optional<Status> to;
  std::uint8_t roles;       // bit (1 << Actor); a higher staff role may do what a lower one may
};
std::span<const Transition> transitions();  // the table, one row per action
const Transition& transition(Action a);
bool allowed_from(const Transition& t, Status s);
// DESIGN §4 roles: agent ⊂ supervisor ⊂ manager — a role may do what the roles below it may.
bool role_allowed(const Transition& t, Actor role);
// The staff roles, ranked: agent 1, supervisor 2, manager 3; 0 for the customer and the system.
int staff_rank(Actor role);
inline bool is_staff(Actor role) { return staff_rank(role) > 0; }
// The filing's channel and received_at for who files it (spec 二(一)): web and app are the
// customer's, the other channels staff's, and received_at (staff only) neither in the future, nor
// before the problem, nor more than kReceivedMaxDays back. Keyed by path, as validate_filing's.
FieldErrors filing_channel_errors(const Complaint& f, Actor role, Timestamp now);

// What a decided action changes. apply() writes it into the case.
struct Outcome {
  Status status = Status::received;  // the status after the action
  bool moved = false;                // true when the status changed
  TimelineEvent event;               // appended to the timeline
  std::optional<Complexity> complexity;
  std::optional<Assignment> assignment;
  std::optional<Plan> plan;
  std::optional<Reply> reply;
  std::optional<Rejection> rejection;
  std::optional<Escalation> escalation;
  std::optional<Survey> survey;
  std::optional<std::string> owner;  // claim, assign: the new owner; escalate: "" (the upper level takes it)
  std::optional<Hold> hold;          // hold: the new hold
  bool release = false;              // release: the hold ends
};

// The one judge. Checks, in order: the role (workflow.role_forbidden, 403; on a level-3 case every
// staff action but a note needs a manager, workflow.manager_required, spec 五(三)), the status
// (workflow.transition_not_allowed / survey.not_open / survey.already_submitted, 409), the guards
// (reply needs all four parts; plan its measures, owner, due; reject a reason; escalate a trigger and
// level < 3, or for the customer eligibility; extend days 1..max and a note, once per stage; note a
// note; claim an unowned case; close not by an agent after a dissatisfied survey; a filing's channel
// by who files it), then the payload's text (validation.*). Field errors are in Error::fields.
Result<Outcome> decide(const Case& c, Action action, Actor role, const ActionPayload& payload, Timestamp now,
                       const Policy& policy = default_policy());
void apply(Case& c, const Outcome& o);

// DESIGN §8 retention: a hold placed and not released, whose `until` (if any) has not passed — the
// purge skips the case while this holds.
bool is_held(const Case& c, Timestamp now);
// Events the customer never sees (internal notes, claims, holds and releases).
bool staff_only(const TimelineEvent& e);

// DESIGN §3: the customer may ask to escalate when a reply exists (asking is saying "dissatisfied"),
// when the survey was dissatisfied (overall ≤ 2 or not resolved), or when a deadline is overdue.
bool escalation_eligible(const Case& c, Timestamp now, const Policy& policy = default_policy());

// The guidance for a rejection (spec 二(三): explain politely, point to other lawful channels), from
// the catalog by reason code in the reader's language; a staff note never replaces it.
std::string_view rejection_guidance(RejectionReason reason, Lang lang);

// DESIGN §3 "The regulator's path" (MIIT order No. 35 art. 10): on a rejection, after a dissatisfied
// survey, when the reply deadline passed without a reply, at the highest escalation level, and once
// closed — the reason (the most specific of these) with the dates the appeal asks for; nullopt when
// none holds, and once withdrawn. `d` is compute_deadlines(policy, c).
std::optional<RegulatorPath> regulator_path(const Case& c, const Deadlines& d, Timestamp now);

// DESIGN §4 GET /complaints/{no}: masked contact, public timeline, deadlines, overdue, the can_*
// flags (each computed by asking decide()), the rejection's reason code and the regulator's path.
CustomerView customer_view(const Case& c, Timestamp now, const Policy& policy = default_policy());

}  // namespace cw
