// core/client_api.cpp — the decoders of the client's answers (core/client_api.h). They read through
// JsonReader like core/codec.cpp, so no answer can abort the module, and reuse its model decoders.
#include "core/client_api.h"

#include <algorithm>

#include "core/codec.h"

namespace cw {
namespace {

// Puts a nested decoder's errors under `prefix` ("[2]", "view").
void merge(const Error& e, const std::string& prefix, FieldErrors& errors) {
  if (e.fields.empty()) errors.emplace(prefix, e.code);
  for (const auto& [path, code] : e.fields) errors.emplace(path.empty() ? prefix : prefix + "." + path, code);
}

// Decodes each object of the array `j` with `read(reader, item)`; errors under "[i].member".
template <class T, class Read>
Result<std::vector<T>> read_list(const Json& j, Read read) {
  if (!j.is_array()) return Error(Errc::json_wrong_type, "");
  FieldErrors errors;
  std::vector<T> out;
  std::size_t i = 0;
  for (const Json& item : j) {
    // Appended, not "[" + … + "]": GCC 12's -Wrestrict misfires on that at -O3 (GCC bug 105329),
    // which broke bench/server's Release build.
    std::string at = "[";
    at += std::to_string(i++);
    at += ']';
    if (!item.is_object()) {
      errors.emplace(at, Errc::json_not_object);
      continue;
    }
    JsonReader r(item, at, errors);
    out.push_back(read(r));
  }
  return decoded(std::move(out), errors);
}

}  // namespace

bool CallError::auth_failure() const {
  return status == 401 || status == 404 || code.rfind("auth.", 0) == 0 || code == "http.not_found";
}

Result<NoAnswer> no_answer_from_json(const Json&) { return NoAnswer{}; }

Result<Json> json_answer_from_json(const Json& j) { return j; }

Result<ViewAnswer> view_answer_from_json(const Json& j) {
  Result<CustomerView> v = customer_view_from_json(j);
  if (!v) return v.error();
  ViewAnswer a{std::move(v.value()), false};
  FieldErrors errors;
  JsonReader r(j, "", errors);
  if (auto x = r.boolean("stale")) a.stale = *x;
  return decoded(std::move(a), errors);
}

Result<MyComplaints> my_complaints_from_json(const Json& j) {
  return read_list<MyComplaint>(j, [](JsonReader& r) {
    MyComplaint m;
    if (auto x = r.str("acceptance_no")) m.acceptance_no = *x;
    m.status = r.enumeration<Status>("status");
    if (auto x = r.str("client_ref")) m.client_ref = *x;
    m.business_type = r.enumeration<BusinessType>("business_type");
    m.category = r.enumeration<Category>("category");
    m.filed_at = r.time("filed_at");
    if (auto x = r.boolean("failed")) m.failed = *x;
    return m;
  });
}

Result<PhoneLookup> phone_lookup_from_json(const Json& j) {
  if (!j.is_object()) return Error(Errc::json_not_object, "");
  FieldErrors errors;
  JsonReader r(j, "", errors);
  PhoneLookup out;
  out.expires_at = r.time("expires_at");
  const Json* items = r.array("items", true);
  if (!errors.empty()) return Error(errors.begin()->second, errors.begin()->first);
  Result<MyComplaints> list = my_complaints_from_json(*items);
  if (!list) return list.error();
  out.items = std::move(list).value();
  return out;
}

CallError call_error_from_json(const Json& j) {
  CallError e;
  FieldErrors errors;
  if (!j.is_object()) {
    e.code = "data.bad_answer";
    return e;
  }
  JsonReader r(j, "", errors);
  if (auto x = r.integer("status", 0, 999)) e.status = static_cast<int>(*x);
  if (auto x = r.str("code")) e.code = *x;
  if (auto x = r.str("message")) e.message = *x;
  if (const Json* f = r.object("fields")) {
    for (auto it = f->begin(); it != f->end(); ++it) {
      // A field the client could not name precisely still marks the field (validation.enum_invalid
      // is the generic "choose again").
      e.fields[it.key()] = it->is_string() ? it->get<std::string>() : std::string("validation.enum_invalid");
    }
  }
  if (e.code.empty()) e.code = "data.bad_answer";
  return e;
}

Result<PendingOps> pending_ops_from_json(const Json& j) {
  return read_list<PendingOp>(j, [](JsonReader& r) {
    PendingOp op;
    if (auto x = r.str("op", true)) op.op = *x;
    if (auto x = r.str("kind")) op.kind = *x;
    if (auto x = r.str("client_ref")) op.client_ref = *x;
    if (auto x = r.str("acceptance_no")) op.acceptance_no = *x;
    if (auto x = r.integer("attempts", 0, 1LL << 40)) op.attempts = static_cast<int>(std::min<long long>(*x, 1 << 30));
    if (auto x = r.boolean("failed")) op.failed = *x;
    if (auto x = r.boolean("in_flight")) op.in_flight = *x;
    if (const Json* e = r.object("last_error")) op.last_error = call_error_from_json(*e);
    return op;
  });
}

Result<Sent> sent_from_json(const Json& j) {
  FieldErrors errors;
  Sent s;
  if (j.is_null()) return s;  // an action the server answered with no body
  if (!j.is_object()) return Error(Errc::json_not_object, "");
  JsonReader r(j, "", errors);
  if (auto x = r.boolean("queued")) s.queued = *x;
  if (auto x = r.boolean("duplicate")) s.duplicate = *x;
  if (auto x = r.str("client_ref")) s.client_ref = *x;
  if (auto x = r.str("acceptance_no")) s.acceptance_no = *x;
  if (const Json* d = r.object("deadlines")) {
    Result<Deadlines> dl = deadlines_from_json(*d);
    if (dl) s.deadlines = dl.value();
    else merge(dl.error(), "deadlines", errors);
  }
  if (!s.acceptance_no.empty()) s.queued = false;  // numbered: it reached the server
  return decoded(std::move(s), errors);
}

}  // namespace cw
