// core/workflow.cpp — the lifecycle table (DESIGN §3, spec 二–六) and decide(). Keep the table the
// single source: guards below only add conditions a row cannot express (payload contents, eligibility).
#include "core/workflow.h"

#include <array>

#include "core/field_path.h"
#include "core/i18n.h"
#include "core/mask.h"
#include "core/validation.h"

namespace cw {
namespace {

constexpr std::uint32_t S(Status s) { return 1u << static_cast<unsigned>(s); }
constexpr std::uint8_t R(Actor a) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(a)); }

constexpr std::uint32_t kOpen = S(Status::received) | S(Status::accepted) | S(Status::investigating) |
                                S(Status::processing) | S(Status::replied) | S(Status::follow_up) |
                                S(Status::escalated);
constexpr std::uint32_t kFiled = kOpen | S(Status::rejected) | S(Status::closed) | S(Status::withdrawn);
constexpr std::uint8_t kAgent = R(Actor::agent) | R(Actor::supervisor);

// DESIGN §3 lifecycle, row by row. "accepted … follow_up" is the order of the design's table:
// accepted, investigating, processing, replied, follow_up (rejected leads only to closed).
constexpr std::array kTable = {
    // filing: the number is issued at once (spec 二(二)4), by the customer on the web or app, or by
    // staff for a complaint received on another channel (spec 二(一); the channel is a guard)
    Transition{Action::file, S(Status::draft) | S(Status::queued), Status::received,
               static_cast<std::uint8_t>(R(Actor::customer) | R(Actor::system) | R(Actor::agent))},
    Transition{Action::accept, S(Status::received), Status::accepted, kAgent},
    Transition{Action::reject, S(Status::received), Status::rejected, kAgent},  // spec 二(三)
    Transition{Action::assign, S(Status::accepted) | S(Status::escalated), Status::investigating, kAgent},  // 三(一)
    Transition{Action::propose, S(Status::investigating), Status::processing, kAgent},  // 四(二)
    Transition{Action::reply, S(Status::processing), Status::replied, kAgent},          // 四(三)3
    Transition{Action::start_follow_up, S(Status::replied), Status::follow_up, kAgent},  // 六
    Transition{Action::close, S(Status::follow_up) | S(Status::rejected), Status::closed, kAgent},
    // spec 五: supervisor with a trigger, or the customer when eligible; level + 1, max 3. From
    // `received` only once its acceptance deadline passed (a guard); from `escalated` only the
    // customer, when the re-handling is overdue too (spec 五(一) "在规定时限内未解决", DESIGN §3).
    Transition{Action::escalate,
               S(Status::received) | S(Status::accepted) | S(Status::investigating) | S(Status::processing) |
                   S(Status::replied) | S(Status::follow_up) | S(Status::escalated),
               Status::escalated, static_cast<std::uint8_t>(R(Actor::supervisor) | R(Actor::customer))},
    Transition{Action::withdraw,
               S(Status::received) | S(Status::accepted) | S(Status::investigating) | S(Status::processing),
               Status::withdrawn, R(Actor::customer)},
    // spec 六: a satisfied survey closes; a dissatisfied one stays in follow_up (and makes eligible)
    Transition{Action::survey, S(Status::follow_up), Status::closed, R(Actor::customer)},
    // timeline only (DESIGN §3 "Not moves, but recorded on the timeline")
    Transition{Action::set_complexity,
               S(Status::received) | S(Status::accepted) | S(Status::investigating) | S(Status::escalated),
               std::nullopt, kAgent},  // spec 三(三): the investigation limit depends on it
    Transition{Action::note, kOpen, std::nullopt, kAgent},    // spec 三(三): progress the customer sees
    Transition{Action::extend, kOpen, std::nullopt, kAgent},  // once per stage, with a note
    Transition{Action::supplement, kOpen, std::nullopt, R(Actor::customer)},  // more facts or evidence
    // spec 一(三)5 首问负责: the first staff member to take it on owns it until it is assigned
    Transition{Action::claim, S(Status::received) | S(Status::accepted) | S(Status::escalated), std::nullopt, kAgent},
    // spec 六: the follow-up done by phone (or an SMS reply) recorded by staff, as the survey
    Transition{Action::record_survey, S(Status::follow_up), Status::closed, kAgent},
    // DESIGN §8 retention (issue 22 item 7): a supervisor keeps a filed case from the purge (an
    // appeal to the regulator needs the record), and releases it; recorded, never told the customer
    Transition{Action::hold, kFiled, std::nullopt, R(Actor::supervisor)},
    Transition{Action::release, kFiled, std::nullopt, R(Actor::supervisor)},
};

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

int current_level(const Case& c) { return c.escalation ? c.escalation->level : 0; }

// The customer's answer, or the one staff took by phone: the same answer (DESIGN §4 record_survey).
bool is_survey(Action a) { return a == Action::survey || a == Action::record_survey; }

// A dissatisfied survey answered since the latest escalation (one from before it is what that
// escalation was about; the survey itself is answered once per case).
bool dissatisfied_in_stage(const Case& c) {
  if (!c.survey || !is_dissatisfied(*c.survey)) return false;
  bool answered = false;
  for (const TimelineEvent& e : c.timeline) {
    if (e.action == Action::escalate) answered = false;
    if (is_survey(e.action)) answered = true;
  }
  return answered;
}

// An extension moves a deadline that has not passed yet (DESIGN §3: a missed deadline stays missed),
// and never the reply past its ceiling (MIIT order 35 art. 10, core/time_limits.h kReplyCeilingDays).
Result<void> check_extension(const Case& c, DeadlineKind stage, int days_added, Timestamp now, const Policy& policy) {
  const Deadlines d = compute_deadlines(policy, c);
  const std::optional<Timestamp> due = deadline_of(d, stage);
  if (due && now > *due) return Error(Errc::workflow_deadline_passed);
  if (stage == DeadlineKind::reply && due) {
    const std::optional<Timestamp> ceiling = reply_ceiling(policy, c);
    if (ceiling && *due + std::chrono::days{days_added} > *ceiling) {
      return Error(Errc::workflow_extend_past_ceiling, FieldErrors{{"days", Errc::validation_out_of_range}});
    }
  }
  return {};
}

// A filing's channel says who may file it (spec 二(一)): the customer files on the web or in the app;
// staff file what came by the hotline, a shop, a letter, e-mail or social media, with when it came
// (not in the future, not before the problem, at most kReceivedMaxDays back).
Result<void> check_filing_channel(const Complaint& f, Actor role, Timestamp now) {
  FieldErrors e;
  const bool own = f.channel == Channel::web || f.channel == Channel::app;
  if (f.channel && own == is_staff(role)) e.emplace(path_str(Field::channel), Errc::validation_enum_invalid);
  if (f.received_at && !is_staff(role)) e.emplace(path_str(Field::received_at), Errc::validation_not_applicable);
  if (f.received_at && is_staff(role)) {
    const Timestamp at = *f.received_at;
    if (at > now + std::chrono::seconds{kClockSkewSeconds}) {
      e.emplace(path_str(Field::received_at), Errc::validation_date_future);
    } else if (at < now - std::chrono::days{kReceivedMaxDays} || (f.occurred_at && at < *f.occurred_at)) {
      e.emplace(path_str(Field::received_at), Errc::validation_out_of_range);
    }
  }
  if (e.empty()) return {};
  const Errc first = e.begin()->second;
  return Error(first, std::move(e));
}

// spec 四(三)2: how and when a reply reached the customer, when staff record it.
Result<void> check_delivery(const Case& c, const ActionPayload& p, Timestamp now) {
  if (!p.delivered_at) return {};
  const std::string at = path_str(Field::delivered_at);
  if (!p.delivered_via) return Error(Errc::validation_required, FieldErrors{{path_str(Field::delivered_via), Errc::validation_required}});
  if (*p.delivered_at > now + std::chrono::seconds{kClockSkewSeconds}) return Error(Errc::validation_date_future, FieldErrors{{at, Errc::validation_date_future}});
  if (*p.delivered_at < c.filed_at) return Error(Errc::validation_out_of_range, FieldErrors{{at, Errc::validation_out_of_range}});
  return {};
}

// DESIGN §3: the stage a move completes — a deadline that bound before the move and is met after it —
// with whether it was met, recorded now (issue 22 item 5). A withdrawal or an escalation completes
// nothing: the customer left, or the stage is handed up (its lateness is the escalation's trigger).
std::optional<StageEnd> stage_ended(const Case& c, Action action, Status after, Timestamp now, const Policy& policy) {
  if (action == Action::withdraw || action == Action::escalate) return std::nullopt;
  const bool replied = replied_in_stage(c.timeline);
  const bool replied_after = replied || after == Status::replied;
  const Deadlines d = compute_deadlines(policy, c);
  for (DeadlineKind k : enum_values<DeadlineKind>()) {
    const std::optional<Timestamp> due = deadline_of(d, k);
    if (!due || !deadline_binds(k, c.status, replied)) continue;
    if (deadline_met(k, c.status, replied) || !deadline_met(k, after, replied_after)) continue;
    return StageEnd{k, *due, now <= *due};
  }
  return std::nullopt;
}

// Guards: conditions on the payload and the case that a table row cannot express.
Result<void> check_guards(const Case& c, Action action, Actor role, const ActionPayload& p, Timestamp now,
                          const Policy& policy) {
  FieldErrors f;
  switch (action) {
    case Action::file: return check_filing_channel(c.filing, role, now);
    case Action::claim:
      if (!c.owner.empty()) return Error(Errc::workflow_already_owned);  // spec 一(三)5: one owner
      break;
    case Action::hold:
      if (is_held(c, now)) return Error(Errc::workflow_already_held);  // one hold, changed by release + hold
      if (blank(p.note)) return Error(Errc::workflow_note_required, FieldErrors{{"note", Errc::validation_required}});
      if (p.until && *p.until <= now)
        return Error(Errc::validation_out_of_range, FieldErrors{{path_str(Field::until), Errc::validation_out_of_range}});
      break;
    case Action::release:
      if (!is_held(c, now)) return Error(Errc::workflow_not_held);
      break;
    case Action::close:
      // A dissatisfied customer's case is not the agent's to close (spec 五(一): it is escalated, or
      // a supervisor reviews it and says why in a note the customer reads).
      if (dissatisfied_in_stage(c)) {
        if (role == Actor::agent) return Error(Errc::workflow_close_dissatisfied);
        if (blank(p.note)) return Error(Errc::workflow_note_required, FieldErrors{{"note", Errc::validation_required}});
      }
      break;
    case Action::reject:
      if (!p.reason_code) return Error(Errc::workflow_reason_required, FieldErrors{{"reason_code", Errc::validation_required}});
      break;
    case Action::assign:
      if (blank(p.department)) f.emplace(path_str(Field::department), Errc::validation_required);
      if (blank(p.owner)) f.emplace(path_str(Field::owner), Errc::validation_required);
      if (!f.empty()) return Error(Errc::workflow_assignment_incomplete, std::move(f));
      break;
    case Action::propose:
      if (!p.plan || blank(p.plan->measures)) f.emplace(path_str(Field::plan_measures), Errc::validation_required);
      if (!p.plan || blank(p.plan->owner)) f.emplace(path_str(Field::plan_owner), Errc::validation_required);
      if (!p.plan || !p.plan->due) f.emplace(path_str(Field::plan_due), Errc::validation_required);
      if (!f.empty()) return Error(Errc::workflow_plan_incomplete, std::move(f));
      break;
    case Action::reply: {
      const Reply r = p.reply.value_or(Reply{});
      if (blank(r.conclusion)) f.emplace(path_str(Field::conclusion), Errc::validation_required);
      if (blank(r.basis)) f.emplace(path_str(Field::basis), Errc::validation_required);
      if (blank(r.plan)) f.emplace(path_str(Field::plan), Errc::validation_required);
      if (blank(r.execution)) f.emplace(path_str(Field::execution), Errc::validation_required);
      if (!f.empty()) return Error(Errc::workflow_reply_incomplete, std::move(f));
      return check_delivery(c, p, now);
    }
    case Action::escalate:
      // Nobody has looked at it yet: escalating is for a case not accepted in time, by anyone.
      if (c.status == Status::received && !is_overdue(c, compute_deadlines(policy, c), now)) {
        return Error(role == Actor::customer ? Errc::workflow_not_eligible : Errc::workflow_transition_not_allowed);
      }
      // Escalated again: by the customer, only when the re-handling itself is late (DESIGN §3
      // eligibility); staff move an escalated case on by assigning it, not by escalating it again.
      if (c.status == Status::escalated) {
        if (role != Actor::customer) return Error(Errc::workflow_transition_not_allowed);
        if (!is_overdue(c, compute_deadlines(policy, c), now)) return Error(Errc::workflow_not_eligible);
      }
      if (current_level(c) >= kMaxEscalationLevel) return Error(Errc::workflow_max_level);
      if (role == Actor::customer) {
        if (!escalation_eligible(c, now, policy)) return Error(Errc::workflow_not_eligible);
      } else if (!p.trigger) {
        return Error(Errc::workflow_trigger_required, FieldErrors{{"trigger", Errc::validation_required}});
      }
      break;
    case Action::set_complexity: {
      if (!p.complexity) {
        return Error(Errc::workflow_complexity_required, FieldErrors{{"complexity", Errc::validation_required}});
      }
      // DESIGN §3: the customer is told why their time limit changes.
      if (blank(p.note)) return Error(Errc::workflow_note_required, FieldErrors{{"note", Errc::validation_required}});
      // The investigation limit is read from the complexity: once it has passed, a new complexity
      // would recompute the miss away (DESIGN §3: a deadline that has passed stays missed).
      const std::optional<Timestamp> due = compute_deadlines(policy, c).investigation;
      if (due && now > *due) return Error(Errc::workflow_deadline_passed);
      break;
    }
    case Action::note:
      if (blank(p.note)) return Error(Errc::workflow_note_required, FieldErrors{{"note", Errc::validation_required}});
      break;
    case Action::extend: {
      if (p.days < 1 || p.days > policy.max_extend_days) {
        return Error(Errc::workflow_days_invalid, FieldErrors{{"days", Errc::validation_out_of_range}});
      }
      if (blank(p.note)) return Error(Errc::workflow_note_required, FieldErrors{{"note", Errc::validation_required}});
      const std::optional<DeadlineKind> stage = stage_of(c.status);
      if (stage && extension_used(c, *stage)) return Error(Errc::workflow_extend_used);
      if (stage) return check_extension(c, *stage, p.days, now, policy);
      break;
    }
    case Action::survey:
    case Action::record_survey:
      if (!p.survey) return Error(Errc::validation_required, FieldErrors{{"overall", Errc::validation_required}});
      if (action == Action::record_survey && !p.survey_via)
        return Error(Errc::validation_required, FieldErrors{{path_str(Field::via), Errc::validation_required}});
      break;
    case Action::supplement:
      if (blank(p.note) && p.evidence.empty()) {
        return Error(Errc::validation_required, FieldErrors{{note_path(action, role), Errc::validation_required}});
      }
      break;
    default:
      break;
  }
  return {};
}

}  // namespace

FieldErrors filing_channel_errors(const Complaint& f, Actor role, Timestamp now) {
  const Result<void> r = check_filing_channel(f, role, now);
  return r ? FieldErrors{} : r.error().fields;
}

std::span<const Transition> transitions() { return {kTable.data(), kTable.size()}; }

const Transition& transition(Action a) {
  for (const Transition& t : kTable) {
    if (t.action == a) return t;
  }
  return kTable[0];  // unreachable for a valid Action (a test checks every action has a row)
}

bool allowed_from(const Transition& t, Status s) {
  return static_cast<unsigned>(s) < 32 && (t.from & S(s)) != 0;
}

int staff_rank(Actor role) {
  switch (role) {
    case Actor::agent: return 1;
    case Actor::supervisor: return 2;
    case Actor::manager: return 3;
    default: return 0;
  }
}

bool role_allowed(const Transition& t, Actor role) {
  if (static_cast<unsigned>(role) >= enum_count<Actor>()) return false;
  if ((t.roles & R(role)) != 0) return true;
  // agent ⊂ supervisor ⊂ manager: a row open to a lower staff role is open to the higher ones.
  for (Actor lower : {Actor::agent, Actor::supervisor}) {
    if ((t.roles & R(lower)) != 0 && staff_rank(role) > staff_rank(lower)) return true;
  }
  return false;
}

bool is_held(const Case& c, Timestamp now) { return c.hold && (!c.hold->until || now < *c.hold->until); }

bool staff_only(const TimelineEvent& e) {
  return e.internal || e.action == Action::claim || e.action == Action::hold || e.action == Action::release;
}

bool escalation_eligible(const Case& c, Timestamp now, const Policy& policy) {
  // After an escalation the re-handled stage is judged on its own reply and survey: the first
  // round's answers were what the escalation was about (`c.reply` keeps the latest reply for reading).
  if (replied_in_stage(c.timeline)) return true;         // spec 五(一): dissatisfied with the result
  if (dissatisfied_in_stage(c)) return true;             // spec 六 → 五
  return is_overdue(c, compute_deadlines(policy, c), now);  // spec 五(一): not solved in time
}

std::string_view rejection_guidance(RejectionReason reason, Lang lang) {
  switch (reason) {
    case RejectionReason::out_of_scope: return tr(Str::rejection_guidance_out_of_scope, lang);
    case RejectionReason::time_barred: return tr(Str::rejection_guidance_time_barred, lang);
    case RejectionReason::repeated: return tr(Str::rejection_guidance_repeated, lang);
    case RejectionReason::other: break;
  }
  return tr(Str::rejection_guidance_other, lang);
}

Result<Outcome> decide(const Case& c, Action action, Actor role, const ActionPayload& p, Timestamp now,
                       const Policy& policy) {
  if (static_cast<std::size_t>(action) >= enum_count<Action>()) return Error(Errc::workflow_transition_not_allowed);
  const Transition& t = transition(action);
  if (!role_allowed(t, role)) return Error(Errc::workflow_role_forbidden);
  // spec 五(三): the top level is led by senior management; others may still record a note on it
  // (and an escalation past it is workflow.max_level, below).
  // A hold is about keeping the record, not handling the case: the supervisor may place it.
  if (is_staff(role) && role != Actor::manager && current_level(c) >= kMaxEscalationLevel && action != Action::note &&
      action != Action::escalate && action != Action::hold && action != Action::release)
    return Error(Errc::workflow_manager_required);
  if (is_survey(action) && c.survey) return Error(Errc::survey_already_submitted);
  if (!allowed_from(t, c.status)) {
    return Error(is_survey(action) ? Errc::survey_not_open : Errc::workflow_transition_not_allowed);
  }
  if (Result<void> g = check_guards(c, action, role, p, now, policy); !g) return g.error();
  if (FieldErrors f = validate_action_payload(action, role, p); !f.empty()) {
    const Errc first = f.begin()->second;
    return Error(first, std::move(f));
  }

  Outcome o;
  o.status = t.to.value_or(c.status);
  o.event.at = now;
  o.event.actor = role;
  o.event.action = action;
  o.event.staff_name = is_staff(role) ? p.staff_name : std::string();
  o.event.note = p.note;
  switch (action) {
    // A complaint from another channel is filed when it was received (its number and deadlines
    // count from the customer's call or visit, spec 二(二)4).
    case Action::file:
      if (c.filing.received_at) o.event.at = *c.filing.received_at;
      break;
    case Action::claim: o.owner = p.staff_name; break;
    case Action::hold: o.hold = Hold{p.note, p.staff_name, now, p.until}; break;
    case Action::release: o.release = true; break;
    case Action::note: o.event.internal = p.internal; break;
    case Action::reject:
      // spec 二(三): a reason and polite guidance to other lawful channels, always. Only the reason
      // code and the staff's own words are kept: the guidance is worded from the catalog by the
      // code, in the reader's language (issue 19 item 7: stored Chinese showed in English views).
      o.rejection = Rejection{*p.reason_code, blank(p.note) ? std::string() : p.note};
      o.event.note = o.rejection->note;
      break;
    case Action::assign:
      o.assignment = Assignment{p.department, p.owner};
      o.owner = p.owner;
      break;
    case Action::set_complexity: o.complexity = p.complexity; break;
    case Action::extend: o.event.days = p.days; break;
    case Action::supplement: o.event.evidence = p.evidence; break;  // DESIGN §4: kept with its event
    case Action::propose: o.plan = p.plan; break;
    case Action::reply:
      o.reply = p.reply;
      if (p.delivered_via) {
        o.event.delivered_via = p.delivered_via;
        o.event.delivered_at = p.delivered_at.value_or(now);
      }
      break;
    case Action::escalate: {
      EscalationTrigger trigger = p.trigger.value_or(EscalationTrigger::dissatisfied);
      if (role == Actor::customer) {
        const bool dissatisfied = replied_in_stage(c.timeline) || dissatisfied_in_stage(c);
        trigger = dissatisfied ? EscalationTrigger::dissatisfied : EscalationTrigger::overdue;
      }
      o.escalation = Escalation{current_level(c) + 1, trigger};
      o.owner = std::string();  // spec 五(二): handed up; the upper level claims or assigns it
      break;
    }
    case Action::survey:
    case Action::record_survey:
      o.survey = p.survey;
      if (action == Action::record_survey) o.event.survey_via = p.survey_via;
      if (is_dissatisfied(*p.survey)) o.status = c.status;  // stays in follow_up; now eligible (spec 五)
      o.event.note.clear();  // the comment is not a public timeline note
      break;
    default: break;
  }
  o.event.status = o.status;
  o.moved = o.status != c.status;
  if (o.moved) o.event.stage_end = stage_ended(c, action, o.status, now, policy);
  return o;
}

void apply(Case& c, const Outcome& o) {
  if (o.event.action == Action::file) c.filed_at = o.event.at;
  c.status = o.status;
  if (o.complexity) c.complexity = *o.complexity;
  if (o.assignment) c.assignment = o.assignment;
  if (o.plan) c.plan = o.plan;
  if (o.reply) c.reply = o.reply;
  if (o.rejection) c.rejection = o.rejection;
  if (o.escalation) c.escalation = o.escalation;
  if (o.owner) c.owner = *o.owner;
  if (o.survey) c.survey = o.survey;
  if (o.hold) c.hold = o.hold;
  if (o.release) c.hold.reset();
  c.timeline.push_back(o.event);
}

std::optional<RegulatorPath> regulator_path(const Case& c, const Deadlines& d, Timestamp now) {
  if (c.status == Status::withdrawn || c.status == Status::draft || c.status == Status::queued) return std::nullopt;
  RegulatorPath p;
  p.filed_at = c.filed_at;
  bool answered = false;  // a reply since the latest escalation (the re-handling owes a new one)
  for (const TimelineEvent& e : c.timeline) {
    switch (e.action) {
      case Action::accept:
        if (!p.accepted_at) p.accepted_at = e.at;
        break;
      case Action::reject: p.rejected_at = e.at; break;
      case Action::reply:
        p.replied_at = e.at;
        answered = true;
        break;
      case Action::survey:
      case Action::record_survey: p.surveyed_at = e.at; break;
      case Action::escalate:
        p.escalated_at = e.at;
        answered = false;
        break;
      default: break;
    }
    if (e.status == Status::closed && !p.closed_at) p.closed_at = e.at;
  }
  // The deadline the outstanding reply owes; one that ended before the latest escalation was the
  // first round's, already answered by that round's reply.
  const bool open = c.status != Status::closed && c.status != Status::rejected;
  if (open && !answered && d.reply && (!p.escalated_at || *d.reply > *p.escalated_at)) p.reply_due = d.reply;
  if (c.rejection) p.reason = AppealReason::rejected;
  else if (c.survey && is_dissatisfied(*c.survey)) p.reason = AppealReason::dissatisfied;  // spec 六 → art. 10
  else if (p.reply_due && now > *p.reply_due) p.reason = AppealReason::reply_overdue;     // 15 days, art. 10
  else if (current_level(c) >= kMaxEscalationLevel) p.reason = AppealReason::top_level;   // spec 五(三)
  else if (c.status == Status::closed) p.reason = AppealReason::closed;
  else return std::nullopt;
  return p;
}

CustomerView customer_view(const Case& c, Timestamp now, const Policy& policy) {
  CustomerView v;
  v.acceptance_no = c.acceptance_no;
  v.status = c.status;
  v.business_type = c.filing.business_type.value_or(BusinessType::other);
  v.category = c.filing.category.value_or(Category::other);
  v.filed_at = c.filed_at;
  v.deadlines = compute_deadlines(policy, c);
  v.overdue = is_overdue(c, v.deadlines, now);
  v.escalation_level = current_level(c);
  v.can_escalate = decide(c, Action::escalate, Actor::customer, {}, now, policy).ok();
  v.can_withdraw = decide(c, Action::withdraw, Actor::customer, {}, now, policy).ok();
  ActionPayload rate;
  rate.survey = Survey{5, true, {5, 5, 5}, ""};
  v.can_rate = decide(c, Action::survey, Actor::customer, rate, now, policy).ok();
  // spec 一(三) 保密: masked contact, no staff names in the public timeline.
  v.customer_name = mask_name(c.filing.customer.name);
  v.customer_phone = mask_phone(c.filing.customer.phone);
  for (const TimelineEvent& e : c.timeline) {
    // spec 三(二), 一(三) 保密: staff's own notes stay with staff, and so do who owns the case and
    // whether its record is kept past retention.
    if (staff_only(e)) continue;
    // A rejection's public words are the staff note alone (older records also kept the Chinese
    // guidance in the event; the catalog words it now, by reason code).
    const bool rejection = e.action == Action::reject && c.rejection;
    // A follow-up taken by phone is the customer's answer, shown as theirs (staff only wrote it down).
    const Actor actor = e.action == Action::record_survey ? Actor::customer : e.actor;
    v.timeline.push_back(ViewEvent{e.at, e.status, actor, rejection ? c.rejection->note : e.note,
                                   static_cast<int>(e.evidence.size())});
  }
  v.reply = c.reply;
  v.rejection = c.rejection;
  v.regulator_path = regulator_path(c, v.deadlines, now);
  return v;
}

}  // namespace cw
