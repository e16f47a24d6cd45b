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
