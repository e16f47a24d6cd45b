// core/staff_api.cpp — see staff_api.h.
#include "core/staff_api.h"

#include "core/codec.h"
#include "core/workflow.h"

namespace cw {

namespace {

// RFC 3986 unreserved characters stay; every other byte is %XX (UTF-8 bytes of Chinese included).
void append_encoded(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}

}  // namespace

std::string staff_path(StaffRequest r, std::string_view param, std::string_view query) {
  const std::string_view tmpl = staff_route(r).path;
  std::string out;
  const std::size_t open = tmpl.find('{');
  if (open == std::string_view::npos) {
    out = tmpl;
  } else {
    const std::size_t close = tmpl.find('}', open);
    out = tmpl.substr(0, open);
    append_encoded(out, param);
    out += tmpl.substr(close + 1);
  }
  if (!query.empty()) {
    out += '?';
    out += query;
  }
  return out;
}

std::string query_value(std::string_view value) {
  std::string out;
  append_encoded(out, value);
  return out;
}

Result<StaffMe> staff_me_from_json(const Json& j) {
  if (!j.is_object()) return Error(Errc::json_not_object, "");
  FieldErrors errors;
  JsonReader r(j, "", errors);
  StaffMe me;
  if (auto x = r.str("name", true)) me.name = *x;
  if (auto x = r.enumeration<Actor>("role", true)) me.role = *x;
  if (me.role == Actor::customer || me.role == Actor::system) r.fail("role", Errc::validation_enum_invalid);
  return decoded(std::move(me), errors);
}

Result<QueuePage> queue_page_from_json(const Json& j) {
  if (!j.is_object()) return Error(Errc::json_not_object, "");
  FieldErrors errors;
  JsonReader r(j, "", errors);
  QueuePage page;
  if (auto x = r.str("next_cursor")) page.next_cursor = *x;
  const Json* items = r.array("items", true);
  std::size_t i = 0;
  for (const Json& item : items ? *items : Json::array()) {
    std::string at = "items[";
    at += std::to_string(i++);
    at += ']';
    if (!item.is_object()) {
      errors.emplace(at, Errc::json_not_object);
      continue;
    }
    JsonReader ir(item, at, errors);
    QueueItem q;
    if (auto x = ir.str("acceptance_no", true)) q.acceptance_no = *x;
    if (auto x = ir.enumeration<Status>("status", true)) q.status = *x;
    q.business_type = ir.enumeration<BusinessType>("business_type");
    q.category = ir.enumeration<Category>("category");
    q.channel = ir.enumeration<Channel>("channel");
    if (auto x = ir.str("owner")) q.owner = *x;
    if (auto x = ir.time("filed_at", true)) q.filed_at = *x;
    q.next_deadline = ir.time("next_deadline");
    if (auto x = ir.boolean("overdue")) q.overdue = *x;
    if (auto x = ir.integer("escalation_level", 0, 3)) q.escalation_level = static_cast<int>(*x);
    if (const Json* c = ir.object("customer")) {
      JsonReader cr(*c, at + ".customer", errors);
      if (auto x = cr.str("name")) q.customer_name = *x;
    }
    page.items.push_back(std::move(q));
  }
  return decoded(std::move(page), errors);
}

Result<QueuePoll> queue_poll_from_json(const Json& j) {
  if (!j.is_object()) return Error(Errc::json_not_object, "");
  FieldErrors errors;
  JsonReader r(j, "", errors);
  QueuePoll poll;
  if (auto x = r.str("etag")) poll.etag = *x;
  const auto page = j.find("page");
  if (page != j.end() && !page->is_null()) {
    Result<QueuePage> p = queue_page_from_json(*page);
    if (!p) return p.error();
    poll.page = std::move(p).value();
  }
  return decoded(std::move(poll), errors);
}

Result<IntakeAnswer> intake_answer_from_json(const Json& j) {
  if (!j.is_object()) return Error(Errc::json_not_object, "");
  FieldErrors errors;
  JsonReader r(j, "", errors);
  IntakeAnswer a;
  if (auto x = r.str("acceptance_no", true)) a.acceptance_no = *x;
  if (auto x = r.time("filed_at", true)) a.filed_at = *x;
  return decoded(std::move(a), errors);
}

namespace {

// A share, mean or median: a number, or null for one over nothing (absent reads as null too).
std::optional<double> number_or_null(const Json& object, const char* key, const std::string& at, FieldErrors& errors) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) {
    errors.emplace(at + "." + key, Errc::json_wrong_type);
    return std::nullopt;
  }
  return it->get<double>();
}

// items[i] of a list answer: "items[3]".
std::string item_path(const char* list, std::size_t i) { return std::string(list) + "[" + std::to_string(i) + "]"; }

}  // namespace

Result<std::vector<StatsRow>> stats_from_json(const Json& j) {
  if (!j.is_object()) return Error(Errc::json_not_object, "");
  FieldErrors errors;
  JsonReader r(j, "", errors);
  std::vector<StatsRow> out;
  const Json* groups = r.array("groups", true);
  std::size_t i = 0;
  for (const Json& g : groups ? *groups : Json::array()) {
    const std::string at = item_path("groups", i++);
    if (!g.is_object()) {
      errors.emplace(at, Errc::json_not_object);
      continue;
    }
    JsonReader gr(g, at, errors);
    StatsRow row;
    if (auto x = gr.str("key", true)) row.key = *x;
    const auto count = [&](const char* key, int* v) {
      if (auto x = gr.integer(key, 0, 1LL << 40)) *v = static_cast<int>(*x);
    };
    count("filed", &row.filed);
    count("accepted", &row.accepted);
    count("rejected", &row.rejected);
    count("withdrawn", &row.withdrawn);
    count("closed", &row.closed);
    count("escalated", &row.escalated);
    count("surveys", &row.surveys);
    if (const Json* t = gr.object("on_time"))
      for (const DeadlineKind k : enum_values<DeadlineKind>())
        row.on_time[static_cast<std::size_t>(k)] = number_or_null(*t, enum_names<DeadlineKind>()[static_cast<std::size_t>(k)].data(),
                                                                  at + ".on_time", errors);
    if (const Json* ends = gr.object("stage_ends")) {
      JsonReader er(*ends, at + ".stage_ends", errors);
      for (const DeadlineKind k : enum_values<DeadlineKind>()) {
        const std::size_t i = static_cast<std::size_t>(k);
        if (auto x = er.integer(enum_names<DeadlineKind>()[i].data(), 0, 1LL << 40)) row.stage_ends[i] = static_cast<int>(*x);
      }
    }
    if (const Json* sat = gr.object("satisfaction")) {
      row.mean_overall = number_or_null(*sat, "mean_overall", at + ".satisfaction", errors);
      row.satisfied_share = number_or_null(*sat, "satisfied_share", at + ".satisfaction", errors);
      row.resolved_share = number_or_null(*sat, "resolved_share", at + ".satisfaction", errors);
    }
    row.median_hours_to_reply = number_or_null(g, "median_hours_to_reply", at, errors);
    out.push_back(std::move(row));
  }
  return decoded(std::move(out), errors);
}

namespace {

void read_notification(JsonReader& r, const std::string& at, FieldErrors& errors, NotificationItem& n) {
  if (auto x = r.str("id", true)) n.id = *x;
  if (auto x = r.str("kind", true)) n.kind = *x;
  if (auto x = r.str("acceptance_no")) n.acceptance_no = *x;
  if (auto x = r.str("channel")) n.channel = *x;
  if (auto x = r.str("state", true)) n.state = *x;
  if (auto x = r.str("last_error")) n.last_error = *x;
  if (auto x = r.str("retry_refused")) {
    n.retry_refused = errc_from_id(*x);
    if (!n.retry_refused) n.retry_refused = Errc::http_conflict;  // a reason this build does not know: still refused
  }
  n.created_at = r.time("created_at");
  n.done_at = r.time("done_at");
  if (const Json* to = r.object("to")) {
    JsonReader tr(*to, at.empty() ? "to" : at + ".to", errors);
    if (auto x = tr.str("phone")) n.phone = *x;
  }
  if (const Json* a = r.array("attempts")) n.attempts = static_cast<int>(a->size());
}

}  // namespace

Result<NotificationItem> notification_from_json(const Json& j) {
  if (!j.is_object()) return Error(Errc::json_not_object, "");
  FieldErrors errors;
  JsonReader r(j, "", errors);
  NotificationItem n;
  read_notification(r, "", errors, n);
  return decoded(std::move(n), errors);
}

Result<std::vector<NotificationItem>> notifications_from_json(const Json& j) {
  if (!j.is_object()) return Error(Errc::json_not_object, "");
  FieldErrors errors;
  JsonReader r(j, "", errors);
  std::vector<NotificationItem> out;
  const Json* items = r.array("items", true);
  std::size_t i = 0;
  for (const Json& item : items ? *items : Json::array()) {
    const std::string at = item_path("items", i++);
    if (!item.is_object()) {
      errors.emplace(at, Errc::json_not_object);
      continue;
    }
    JsonReader ir(item, at, errors);
    NotificationItem n;
    read_notification(ir, at, errors, n);
    out.push_back(std::move(n));
  }
  return decoded(std::move(out), errors);
}

std::vector<ActionOffer> staff_offers(const Case& c, Actor role, Timestamp now, const Policy& policy) {
  std::vector<ActionOffer> out;
  for (const Action a : kStaffActions) {
    const Transition& t = transition(a);
    if (!allowed_from(t, c.status)) continue;  // the table does not start it here: not shown
    ActionOffer offer;
    offer.action = a;
    const Result<Outcome> o = decide(c, a, role, ActionPayload{}, now, policy);
    const Errc why = o.code();
    // Hold and release are one switch: only the half that applies is shown.
    const Errc state = decide(c, a, Actor::manager, ActionPayload{}, now, policy).code();
    if (state == Errc::workflow_not_held || state == Errc::workflow_already_held) continue;
    if (why == Errc::workflow_role_forbidden || why == Errc::workflow_manager_required) {
      offer.refused = why;
      offer.needs_role = why == Errc::workflow_manager_required || !role_allowed(t, Actor::supervisor)
                             ? Actor::manager
                             : Actor::supervisor;
    } else if (!o && http_status(why) == 409) {
      offer.refused = why;  // the case's state (owned, held, extended, a dissatisfied survey …)
    }
    out.push_back(offer);
  }
  return out;
}

}  // namespace cw
