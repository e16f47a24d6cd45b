// core/codec.cpp — encoders and decoders of core/codec.h. Decoders read through JsonReader, which
// checks each type before get<T>() (nlohmann without exceptions aborts on a wrong get).
#include "core/codec.h"

#include "core/field_path.h"
#include "core/validation.h"
#include "core/workflow.h"

namespace cw {
namespace {

Json time_or_null(const std::optional<Timestamp>& t) { return t ? Json(format_iso8601(*t)) : Json(nullptr); }

// {reason_code, note}. Records stored before issue 19 item 7 kept `guidance`: the staff note, a
// newline and the Chinese default guidance (or the guidance alone); the note is what remains.
Rejection read_rejection(JsonReader& r) {
  Rejection rej;
  if (auto x = r.enumeration<RejectionReason>("reason_code", true)) rej.reason_code = *x;
  if (auto x = r.str("note")) {
    rej.note = *x;
  } else if (auto g = r.str("guidance")) {
    const std::string_view fixed = rejection_guidance(rej.reason_code, Lang::zh_CN);
    std::string_view note = *g;
    if (note.ends_with(fixed)) note.remove_suffix(fixed.size());
    if (note.ends_with('\n')) note.remove_suffix(1);
    rej.note = std::string(note);
  }
  return rej;
}

template <class E>
Json name(E e) {
  return Json(std::string(to_string(e)));
}

bool require_object(const Json& j, FieldErrors& errors) {
  if (j.is_object()) return true;
  errors.emplace("", Errc::json_not_object);
  return false;
}

// Nested decoders write into `errors` under `prefix`.
void read_customer(const Json& j, const std::string& prefix, Customer& c, FieldErrors& errors) {
  JsonReader r(j, prefix, errors);
  if (auto v = r.str("name")) c.name = *v;
  if (auto v = r.str("phone")) c.phone = *v;
  if (auto v = r.str("email")) c.email = *v;
  c.reply_method = r.enumeration<ReplyMethod>("reply_method");
  c.contact_time = r.enumeration<ContactTime>("contact_time");
}

void read_network(const Json& j, const std::string& prefix, NetworkDetails& n, FieldErrors& errors) {
  JsonReader r(j, prefix, errors);
  n.place = r.enumeration<NetworkPlace>("place");
  if (auto v = r.str("address")) n.address = *v;
  n.time_of_day = r.enumeration<TimeOfDay>("time_of_day");
  n.frequency = r.enumeration<Frequency>("frequency");
}

void read_complaint(const Json& j, const std::string& prefix, Complaint& c, FieldErrors& errors) {
  JsonReader r(j, prefix, errors);
  if (auto v = r.str("client_ref")) c.client_ref = *v;
  c.channel = r.enumeration<Channel>("channel");
  c.business_type = r.enumeration<BusinessType>("business_type");
  c.category = r.enumeration<Category>("category");
  c.occurred_at = r.time("occurred_at");
  c.received_at = r.time("received_at");
  if (auto v = r.str("service_number")) c.service_number = *v;
  if (auto v = r.str("problem")) c.problem = *v;
  if (auto v = r.str("demand")) c.demand = *v;
  if (const Json* cust = r.object("customer")) read_customer(*cust, r.path("customer"), c.customer, errors);
  if (const Json* net = r.object("network")) {
    NetworkDetails n;
    read_network(*net, r.path("network"), n, errors);
    c.network = n;
  }
  if (auto v = r.strings("evidence", kEvidenceMax)) c.evidence = std::move(*v);
  if (auto v = r.boolean("consent")) c.consent = *v;
}

void read_reply(const Json& j, const std::string& prefix, Reply& out, FieldErrors& errors) {
  JsonReader r(j, prefix, errors);
  if (auto v = r.str("conclusion")) out.conclusion = *v;
  if (auto v = r.str("basis")) out.basis = *v;
  if (auto v = r.str("plan")) out.plan = *v;
  if (auto v = r.str("execution")) out.execution = *v;
}

void read_plan(const Json& j, const std::string& prefix, Plan& out, FieldErrors& errors) {
  JsonReader r(j, prefix, errors);
  if (auto v = r.str("measures")) out.measures = *v;
  if (auto v = r.str("owner")) out.owner = *v;
  out.due = r.time("due");
}

void read_survey(const Json& j, const std::string& prefix, Survey& s, FieldErrors& errors) {
  JsonReader r(j, prefix, errors);
  // Wide integer bounds here; validate_survey() reports 1–5 as validation.out_of_range.
  if (auto v = r.integer("overall", -1000, 1000, true)) s.overall = static_cast<int>(*v);
  if (auto v = r.boolean("resolved", true)) s.resolved = *v;
  if (const Json* a = r.object("aspects", true)) {
    JsonReader ra(*a, r.path("aspects"), errors);
    if (auto v = ra.integer("attitude", -1000, 1000, true)) s.aspects.attitude = static_cast<int>(*v);
    if (auto v = ra.integer("speed", -1000, 1000, true)) s.aspects.speed = static_cast<int>(*v);
    if (auto v = ra.integer("result", -1000, 1000, true)) s.aspects.result = static_cast<int>(*v);
  }
  if (auto v = r.str("comment")) s.comment = *v;
}

void read_deadlines(const Json& j, const std::string& prefix, Deadlines& d, FieldErrors& errors) {
  JsonReader r(j, prefix, errors);
  d.acceptance = r.time("acceptance");
  d.investigation = r.time("investigation");
  d.reply = r.time("reply");
  d.follow_up = r.time("follow_up");
}

std::string at(const std::string& prefix, std::size_t i) { return prefix + "[" + std::to_string(i) + "]"; }

void read_event(const Json& j, const std::string& prefix, TimelineEvent& e, FieldErrors& errors) {
  if (!j.is_object()) {
    errors.emplace(prefix, Errc::json_wrong_type);
    return;
  }
  JsonReader r(j, prefix, errors);
  if (auto v = r.time("at", true)) e.at = *v;
  if (auto v = r.enumeration<Status>("status", true)) e.status = *v;
  if (auto v = r.enumeration<Actor>("actor", true)) e.actor = *v;
  if (auto v = r.str("staff_name")) e.staff_name = *v;
  if (auto v = r.str("note")) e.note = *v;
  if (auto v = r.enumeration<Action>("action")) e.action = *v;
  if (auto v = r.integer("days", 0, 365)) e.days = static_cast<int>(*v);
  if (auto v = r.strings("evidence", kEvidenceMax)) e.evidence = std::move(*v);
  if (auto v = r.str("visibility")) e.internal = *v == "internal";
  e.delivered_via = r.enumeration<ReplyMethod>("delivered_via");
  e.delivered_at = r.time("delivered_at");
  e.survey_via = r.enumeration<SurveyVia>("via");
  if (const Json* end = r.object("stage_end")) {
    JsonReader rs(*end, r.path("stage_end"), errors);
    StageEnd se;
    if (auto x = rs.enumeration<DeadlineKind>("stage", true)) se.stage = *x;
    if (auto x = rs.time("due", true)) se.due = *x;
    if (auto x = rs.boolean("on_time", true)) se.on_time = *x;
    e.stage_end = se;
  }
}

}  // namespace

// [SECTION] Encoders ----------------------------------------------------------------------------------

Json to_json(const Customer& c) {
  Json j = {{"name", c.name}, {"phone", c.phone}};
  if (!c.email.empty()) j["email"] = c.email;
  if (c.reply_method) j["reply_method"] = name(*c.reply_method);
  if (c.contact_time) j["contact_time"] = name(*c.contact_time);
  return j;
}

Json to_json(const NetworkDetails& n) {
  Json j = Json::object();
  if (n.place) j["place"] = name(*n.place);
  if (!n.address.empty()) j["address"] = n.address;
  if (n.time_of_day) j["time_of_day"] = name(*n.time_of_day);
  if (n.frequency) j["frequency"] = name(*n.frequency);
  return j;
}

Json to_json(const Complaint& c) {
  Json j = Json::object();
  j["client_ref"] = c.client_ref;
  if (c.channel) j["channel"] = name(*c.channel);
  if (c.business_type) j["business_type"] = name(*c.business_type);
  if (c.category) j["category"] = name(*c.category);
  if (c.occurred_at) j["occurred_at"] = format_iso8601(*c.occurred_at);
  if (c.received_at) j["received_at"] = format_iso8601(*c.received_at);
  j["service_number"] = c.service_number;
  j["problem"] = c.problem;
  j["demand"] = c.demand;
  j["customer"] = to_json(c.customer);
  if (c.network) j["network"] = to_json(*c.network);
  j["evidence"] = c.evidence;
  j["consent"] = c.consent;
  return j;
}

Json to_json(const Rejection& r) { return {{"reason_code", name(r.reason_code)}, {"note", r.note}}; }
Json to_json(const Assignment& a) { return {{"department", a.department}, {"owner", a.owner}}; }
Json to_json(const Plan& p) { return {{"measures", p.measures}, {"owner", p.owner}, {"due", time_or_null(p.due)}}; }
Json to_json(const Reply& r) {
  return {{"conclusion", r.conclusion}, {"basis", r.basis}, {"plan", r.plan}, {"execution", r.execution}};
}
Json to_json(const Escalation& e) { return {{"level", e.level}, {"trigger", name(e.trigger)}}; }
Json to_json(const Hold& h) {
  return {{"note", h.note}, {"by", h.by}, {"at", format_iso8601(h.at)}, {"until", time_or_null(h.until)}};
}

Json to_json(const Survey& s) {
  return {{"overall", s.overall},
          {"resolved", s.resolved},
          {"aspects", {{"attitude", s.aspects.attitude}, {"speed", s.aspects.speed}, {"result", s.aspects.result}}},
          {"comment", s.comment}};
}

Json to_json(const TimelineEvent& e) {
  Json j = {{"at", format_iso8601(e.at)}, {"status", name(e.status)}, {"actor", name(e.actor)},
            {"staff_name", e.staff_name}, {"note", e.note},        {"action", name(e.action)}};
  if (e.days != 0) j["days"] = e.days;
  if (!e.evidence.empty()) j["evidence"] = e.evidence;
  if (e.action == Action::note) j["visibility"] = e.internal ? "internal" : "public";
  if (e.delivered_via) j["delivered_via"] = name(*e.delivered_via);
  if (e.delivered_at) j["delivered_at"] = format_iso8601(*e.delivered_at);
  if (e.survey_via) j["via"] = name(*e.survey_via);
  if (e.stage_end)
    j["stage_end"] = {{"stage", name(e.stage_end->stage)}, {"due", format_iso8601(e.stage_end->due)},
                      {"on_time", e.stage_end->on_time}};
  return j;
}

Json to_json(const Deadlines& d) {
  return {{"acceptance", time_or_null(d.acceptance)},
          {"investigation", time_or_null(d.investigation)},
          {"reply", time_or_null(d.reply)},
          {"follow_up", time_or_null(d.follow_up)}};
}

Json to_json(const CustomerView& v) {
  Json timeline = Json::array();
  for (const ViewEvent& e : v.timeline) {
    Json ev = {{"at", format_iso8601(e.at)}, {"status", name(e.status)}, {"actor", name(e.actor)}, {"note", e.note}};
    if (e.evidence_count > 0) ev["evidence_count"] = e.evidence_count;  // omitted: none
    timeline.push_back(std::move(ev));
  }
  Json j = Json::object();
  j["acceptance_no"] = v.acceptance_no;
  j["status"] = name(v.status);
  j["business_type"] = name(v.business_type);
  j["category"] = name(v.category);
  j["filed_at"] = format_iso8601(v.filed_at);
  j["deadlines"] = to_json(v.deadlines);
  j["overdue"] = v.overdue;
  j["escalation_level"] = v.escalation_level;
  j["can_escalate"] = v.can_escalate;
  j["can_withdraw"] = v.can_withdraw;
  j["can_rate"] = v.can_rate;
  j["customer"] = {{"name", v.customer_name}, {"phone", v.customer_phone}};
  j["timeline"] = timeline;
  j["reply"] = v.reply ? to_json(*v.reply) : Json(nullptr);
  j["rejection"] = v.rejection ? to_json(*v.rejection) : Json(nullptr);
  j["regulator_path"] = v.regulator_path ? to_json(*v.regulator_path) : Json(nullptr);
  return j;
}

Json to_json(const RegulatorPath& p) {
  return {{"reason", name(p.reason)},
          {"filed_at", format_iso8601(p.filed_at)},
          {"accepted_at", time_or_null(p.accepted_at)},
          {"rejected_at", time_or_null(p.rejected_at)},
          {"replied_at", time_or_null(p.replied_at)},
          {"reply_due", time_or_null(p.reply_due)},
          {"surveyed_at", time_or_null(p.surveyed_at)},
          {"escalated_at", time_or_null(p.escalated_at)},
          {"closed_at", time_or_null(p.closed_at)}};
}

Json to_json(const Case& c) {
  Json timeline = Json::array();
  for (const TimelineEvent& e : c.timeline) timeline.push_back(to_json(e));
  Json j = Json::object();
  j["acceptance_no"] = c.acceptance_no;
  j["filing"] = to_json(c.filing);
  j["status"] = name(c.status);
  j["filed_at"] = format_iso8601(c.filed_at);
  j["complexity"] = name(c.complexity);
  if (!c.owner.empty()) j["owner"] = c.owner;  // left out when nobody owns it (as stored before issue 22)
  j["assignment"] = c.assignment ? to_json(*c.assignment) : Json(nullptr);
  j["plan"] = c.plan ? to_json(*c.plan) : Json(nullptr);
  j["reply"] = c.reply ? to_json(*c.reply) : Json(nullptr);
  j["rejection"] = c.rejection ? to_json(*c.rejection) : Json(nullptr);
  j["escalation"] = c.escalation ? to_json(*c.escalation) : Json(nullptr);
  j["survey"] = c.survey ? to_json(*c.survey) : Json(nullptr);
  if (c.hold) j["hold"] = to_json(*c.hold);  // left out when none (as stored before holds existed)
  j["timeline"] = timeline;
  return j;
}

Json error_to_json(const Error& e, Lang lang) {
  Json fields = Json::object();
  for (const auto& [path, code] : e.fields) fields[path] = std::string(code_id(code));
  if (!e.path.empty() && e.fields.empty()) fields[e.path] = std::string(code_id(e.code));
  return {{"error",
           {{"code", std::string(code_id(e.code))}, {"message", std::string(message(e.code, lang))}, {"fields", fields}}}};
}

Json to_json(const ActionRequest& r) {
  const ActionPayload& p = r.payload;
  Json j = {{"action", name(r.action)}};
  if (!p.note.empty()) j["note"] = p.note;
  switch (r.action) {
    case Action::reject:
      if (p.reason_code) j["reason_code"] = name(*p.reason_code);
      break;
    case Action::assign:
      j["department"] = p.department;
      j["owner"] = p.owner;
      break;
    case Action::set_complexity:
      if (p.complexity) j["complexity"] = name(*p.complexity);
      break;
    case Action::extend: j["days"] = p.days; break;
    case Action::propose:
      if (p.plan) j["plan"] = to_json(*p.plan);
      break;
    case Action::reply:
      if (p.reply) j.update(to_json(*p.reply));  // flat on the wire: conclusion, basis, plan, execution
      if (p.delivered_via) j["delivered_via"] = name(*p.delivered_via);
      if (p.delivered_at) j["delivered_at"] = format_iso8601(*p.delivered_at);
      break;
    case Action::note: j["visibility"] = p.internal ? "internal" : "public"; break;
    case Action::record_survey:
      if (p.survey) j.update(to_json(*p.survey));  // flat, as the customer's survey body
      if (p.survey_via) j["via"] = name(*p.survey_via);
      break;
    case Action::escalate:
      if (p.trigger) j["trigger"] = name(*p.trigger);
      break;
    case Action::hold:
      if (p.until) j["until"] = format_iso8601(*p.until);
      break;
    default: break;
  }
  return j;
}

// [SECTION] Decoders ----------------------------------------------------------------------------------

Result<Complaint> complaint_from_json(const Json& j) {
  FieldErrors errors;
  Complaint c;
  if (require_object(j, errors)) read_complaint(j, "", c, errors);
  return decoded(std::move(c), errors);
}

Result<Survey> survey_from_json(const Json& j) {
  FieldErrors errors;
  Survey s;
  if (require_object(j, errors)) read_survey(j, "", s, errors);
  return decoded(std::move(s), errors);
}

Result<Deadlines> deadlines_from_json(const Json& j) {
  FieldErrors errors;
  Deadlines d;
  if (require_object(j, errors)) read_deadlines(j, "", d, errors);
  return decoded(std::move(d), errors);
}

Result<CustomerView> customer_view_from_json(const Json& j) {
  FieldErrors errors;
  CustomerView v;
  if (require_object(j, errors)) {
    JsonReader r(j, "", errors);
    if (auto x = r.str("acceptance_no", true)) v.acceptance_no = *x;
    if (auto x = r.enumeration<Status>("status", true)) v.status = *x;
    if (auto x = r.enumeration<BusinessType>("business_type", true)) v.business_type = *x;
    if (auto x = r.enumeration<Category>("category", true)) v.category = *x;
    if (auto x = r.time("filed_at", true)) v.filed_at = *x;
    if (const Json* d = r.object("deadlines")) read_deadlines(*d, "deadlines", v.deadlines, errors);
    if (auto x = r.boolean("overdue")) v.overdue = *x;
    if (auto x = r.integer("escalation_level", 0, 3)) v.escalation_level = static_cast<int>(*x);
    if (auto x = r.boolean("can_escalate")) v.can_escalate = *x;
    if (auto x = r.boolean("can_withdraw")) v.can_withdraw = *x;
    if (auto x = r.boolean("can_rate")) v.can_rate = *x;
    if (const Json* cust = r.object("customer")) {
      JsonReader rc(*cust, "customer", errors);
      if (auto x = rc.str("name")) v.customer_name = *x;
      if (auto x = rc.str("phone")) v.customer_phone = *x;
    }
    if (const Json* tl = r.array("timeline")) {
      std::size_t i = 0;
      for (const Json& item : *tl) {
        TimelineEvent e;
        const std::string prefix = at("timeline", i++);
        read_event(item, prefix, e, errors);
        ViewEvent ve{e.at, e.status, e.actor, e.note};
        if (item.is_object()) {
          JsonReader re(item, prefix, errors);
          if (auto n = re.integer("evidence_count", 0, static_cast<long long>(kEvidenceMax)))
            ve.evidence_count = static_cast<int>(*n);
        }
        v.timeline.push_back(std::move(ve));
      }
    }
    if (const Json* rep = r.object("reply")) {
      Reply reply;
      read_reply(*rep, "reply", reply, errors);
      v.reply = reply;
    }
    if (const Json* rej = r.object("rejection")) {
      JsonReader rr(*rej, "rejection", errors);
      v.rejection = read_rejection(rr);
    }
    if (const Json* path = r.object("regulator_path")) {
      JsonReader rp(*path, "regulator_path", errors);
      RegulatorPath p;
      if (auto x = rp.enumeration<AppealReason>("reason", true)) p.reason = *x;
      if (auto x = rp.time("filed_at", true)) p.filed_at = *x;
      p.accepted_at = rp.time("accepted_at");
      p.rejected_at = rp.time("rejected_at");
      p.replied_at = rp.time("replied_at");
      p.reply_due = rp.time("reply_due");
      p.surveyed_at = rp.time("surveyed_at");
      p.escalated_at = rp.time("escalated_at");
      p.closed_at = rp.time("closed_at");
      v.regulator_path = p;
    }
  }
  return decoded(std::move(v), errors);
}

Result<Case> case_from_json(const Json& j) {
  FieldErrors errors;
  Case c;
  if (require_object(j, errors)) {
    JsonReader r(j, "", errors);
    if (auto x = r.str("acceptance_no", true)) c.acceptance_no = *x;
    if (const Json* f = r.object("filing", true)) read_complaint(*f, "filing", c.filing, errors);
    if (auto x = r.enumeration<Status>("status", true)) c.status = *x;
    if (auto x = r.time("filed_at", true)) c.filed_at = *x;
    if (auto x = r.enumeration<Complexity>("complexity")) c.complexity = *x;
    if (auto x = r.str("owner")) c.owner = *x;
    if (const Json* a = r.object("assignment")) {
      JsonReader ra(*a, "assignment", errors);
      Assignment as;
      if (auto x = ra.str("department")) as.department = *x;
      if (auto x = ra.str("owner")) as.owner = *x;
      c.assignment = as;
    }
    if (const Json* p = r.object("plan")) {
      Plan plan;
      read_plan(*p, "plan", plan, errors);
      c.plan = plan;
    }
    if (const Json* p = r.object("reply")) {
      Reply reply;
      read_reply(*p, "reply", reply, errors);
      c.reply = reply;
    }
    if (const Json* p = r.object("rejection")) {
      JsonReader rr(*p, "rejection", errors);
      c.rejection = read_rejection(rr);
    }
    if (const Json* p = r.object("escalation")) {
      JsonReader re(*p, "escalation", errors);
      Escalation esc;
      if (auto x = re.integer("level", 0, 3, true)) esc.level = static_cast<int>(*x);
      if (auto x = re.enumeration<EscalationTrigger>("trigger", true)) esc.trigger = *x;
      c.escalation = esc;
    }
    if (const Json* p = r.object("survey")) {
      Survey s;
      read_survey(*p, "survey", s, errors);
      c.survey = s;
    }
    if (const Json* p = r.object("hold")) {
      JsonReader rh(*p, "hold", errors);
      Hold h;
      if (auto x = rh.str("note")) h.note = *x;
      if (auto x = rh.str("by")) h.by = *x;
      if (auto x = rh.time("at", true)) h.at = *x;
      h.until = rh.time("until");
      c.hold = h;
    }
    if (const Json* tl = r.array("timeline")) {
      std::size_t i = 0;
      for (const Json& item : *tl) {
        TimelineEvent e;
        read_event(item, at("timeline", i++), e, errors);
        c.timeline.push_back(std::move(e));
      }
    }
  }
  return decoded(std::move(c), errors);
}

Error error_from_json(const Json& j) {
  FieldErrors errors;  // shape problems are not reported: any odd body is a server.error
  Error out(Errc::server_error);
  if (j.is_object()) {
    JsonReader r(j, "", errors);
    if (const Json* e = r.object("error")) {
      JsonReader re(*e, "error", errors);
      if (auto code = re.str("code")) out.code = errc_from_id(*code).value_or(Errc::server_error);
      if (const Json* f = re.object("fields")) {
        for (auto it = f->begin(); it != f->end(); ++it) {
          if (it.value().is_string()) {
            out.fields[it.key()] = errc_from_id(it.value().get<std::string>()).value_or(Errc::server_error);
          }
        }
      }
    }
  }
  return out;
}

Result<ActionRequest> staff_action_from_json(const Json& j) {
  FieldErrors errors;
  ActionRequest req;
  if (!require_object(j, errors)) return decoded(std::move(req), errors);
  JsonReader r(j, "", errors);
  const std::optional<Action> action = r.enumeration<Action>("action", true);
  if (!action) return decoded(std::move(req), errors);
  req.action = *action;
  ActionPayload& p = req.payload;
  if (auto x = r.str("note")) p.note = *x;
  switch (*action) {
    case Action::reject: p.reason_code = r.enumeration<RejectionReason>("reason_code"); break;
    case Action::assign:
      if (auto x = r.str("department")) p.department = *x;
      if (auto x = r.str("owner")) p.owner = *x;
      break;
    case Action::set_complexity: p.complexity = r.enumeration<Complexity>("complexity"); break;
    case Action::extend:
      if (auto x = r.integer("days", -100000, 100000)) p.days = static_cast<int>(*x);
      break;
    case Action::propose:
      if (const Json* plan = r.object("plan")) {
        Plan pl;
        read_plan(*plan, "plan", pl, errors);
        p.plan = pl;
      }
      break;
    case Action::reply: {
      Reply rep;
      read_reply(j, "", rep, errors);
      p.reply = rep;
      p.delivered_via = r.enumeration<ReplyMethod>("delivered_via");
      p.delivered_at = r.time("delivered_at");
      break;
    }
    case Action::note:
      // DESIGN §4: "public" (the default: progress the customer sees, spec 三(三)) or "internal".
      if (auto v = r.str("visibility")) {
        if (*v == "internal") p.internal = true;
        else if (*v != "public") errors.emplace(path_str(Field::visibility), Errc::validation_enum_invalid);
      }
      break;
    case Action::record_survey: {
      Survey sv;
      read_survey(j, "", sv, errors);
      p.survey = sv;
      p.survey_via = r.enumeration<SurveyVia>("via");
      break;
    }
    case Action::escalate: p.trigger = r.enumeration<EscalationTrigger>("trigger"); break;
    case Action::hold: p.until = r.time(path(Field::until).data()); break;  // absent or null: until released
    case Action::release:
    case Action::accept:
    case Action::start_follow_up:
    case Action::close:
    case Action::claim: break;
    default:
      // file, withdraw, survey, supplement are the customer's, not staff actions.
      errors.emplace("action", Errc::validation_enum_invalid);
      break;
  }
  return decoded(std::move(req), errors);
}

Result<ActionPayload> customer_action_from_json(Action action, const Json& j) {
  FieldErrors errors;
  ActionPayload p;
  if (!require_object(j, errors)) return decoded(std::move(p), errors);
  JsonReader r(j, "", errors);
  switch (action) {
    case Action::supplement:
      if (auto x = r.str(note_path(action, Actor::customer))) p.note = *x;  // "text"
      if (auto x = r.strings("evidence", kEvidenceMax)) p.evidence = std::move(*x);
      break;
    case Action::escalate:
    case Action::withdraw:
      if (auto x = r.str(note_path(action, Actor::customer))) p.note = *x;  // "reason"
      break;
    case Action::survey: {
      Survey s;
      read_survey(j, "", s, errors);
      p.survey = s;
      break;
    }
    default: errors.emplace("action", Errc::validation_enum_invalid); break;
  }
  return decoded(std::move(p), errors);
}

Result<Complaint> parse_filing(std::string_view body, Timestamp now) {
  const Result<Json> j = parse_json(body);
  if (!j) return j.error();
  if (!j->is_object()) return Error(Errc::json_not_object);
  FieldErrors errors;
  Complaint c;
  read_complaint(j.value(), "", c, errors);
  // Type errors first, then the rules for every field that decoded (all errors at once).
  for (auto& [path, code] : validate_filing(c, now)) errors.emplace(path, code);
  return decoded(std::move(c), errors);
}

}  // namespace cw
