// core/sync_op.cpp — outbox record codec (schema version 2), migration from version 1, and the
// request path of each kind of operation.
#include "core/sync_op.h"

#include <algorithm>
#include <array>

namespace cw::sync {
namespace {

constexpr std::int64_t kMaxStoredAttempts = 1 << 20;  // far beyond any real count (backoff caps at minutes)

constexpr std::array<std::string_view, 6> kKindNames = {"upload", "file", "supplement", "escalate",
                                                        "withdraw", "survey"};

// Attempts so far, as read from a record: the engine counts on from it (++attempts), so a stored
// INT_MAX must not overflow there.
int attempts_of(const Json& o, const char* k) {
  return static_cast<int>(std::clamp<std::int64_t>(int_of(o, k), 0, kMaxStoredAttempts));
}

Json error_record(const OpError& e) {
  Json j = Json::object();
  j["status"] = e.status;
  j["code"] = std::string(code_id(e.code));
  if (!e.message.empty()) j["message"] = e.message;
  if (!e.fields.empty()) {
    Json f = Json::object();
    for (const auto& [path, code] : e.fields) f[path] = std::string(code_id(code));
    j["fields"] = f;
  }
  return j;
}

std::optional<OpError> error_from_record(const Json& o) {
  const auto it = o.find("last_error");
  if (it == o.end() || !it->is_object()) return std::nullopt;
  OpError e;
  e.status = static_cast<int>(int_of(*it, "status"));
  e.code = errc_from_id(str_of(*it, "code")).value_or(Errc::server_error);
  e.message = str_of(*it, "message");
  const auto f = it->find("fields");
  if (f != it->end() && f->is_object()) {
    for (const auto& [path, code] : f->items()) {
      if (code.is_string()) e.fields[path] = errc_from_id(code.get<std::string>()).value_or(Errc::server_error);
    }
  }
  return e;
}

// A record this release cannot use: keep its text so it stays visible (and stored) as failed.
// The engine tells such an op by its non-empty `raw`, so an empty record (a write cut short) keeps
// "null", which reads back as unusable again; with "" it passed for a filing and retry() sent it.
Op unusable(std::string_view id, std::string_view text, int version) {
  Op op;
  op.id = std::string(id);
  op.group = "unusable:" + op.id;
  op.raw = text.empty() ? std::string("null") : std::string(text);
  op.unknown_version = version;
  op.failed = true;
  op.last_error = OpError{0, Errc::storage_error, {}, {}};
  return op;
}

// Version 1 (first prototype): {"v":1,"type":"filing"|"supplement"|"escalation"|"withdrawal"|"survey",
// "idempotency_key","payload","tries","next_at","no","created_at"}. Uploads did not exist yet.
Op migrate_v1(std::string_view id, std::string_view text, const Json& o) {
  static constexpr std::array<std::pair<std::string_view, OpKind>, 5> kV1Types = {{
      {"filing", OpKind::file},
      {"supplement", OpKind::supplement},
      {"escalation", OpKind::escalate},
      {"withdrawal", OpKind::withdraw},
      {"survey", OpKind::survey},
  }};
  const std::string type = str_of(o, "type");
  Op op;
  bool known = false;
  for (const auto& [name, kind] : kV1Types) {
    if (type == name) op.kind = kind, known = true;
  }
  const auto payload = o.find("payload");
  op.key = str_of(o, "idempotency_key");
  if (!known || op.key.empty() || payload == o.end() || !payload->is_object()) return unusable(id, text, 1);
  op.id = std::string(id);
  op.from_version = 1;
  op.body = *payload;
  op.attempts = attempts_of(o, "tries");
  op.next_attempt_at = int_of(o, "next_at");
  op.created_at = int_of(o, "created_at");
  op.seq = static_cast<std::uint64_t>(op.created_at);  // v1 ordered by creation time
  if (op.kind == OpKind::file) {
    op.client_ref = str_of(op.body, "client_ref");
    op.group = op.client_ref.empty() ? "v1:" + op.id : op.client_ref;
  } else {
    op.acceptance_no = str_of(o, "no");
    if (op.acceptance_no.empty()) return unusable(id, text, 1);
    op.group = op.acceptance_no;
  }
  return op;
}

}  // namespace


std::string_view op_kind_name(OpKind k) {
  const auto i = static_cast<std::size_t>(k);
  return i < kKindNames.size() ? kKindNames[i] : std::string_view{};
}

std::optional<OpKind> op_kind_from_name(std::string_view s) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == s) return static_cast<OpKind>(i);
  }
  return std::nullopt;
}

std::string encode_op(const Op& op) {
  if (!op.raw.empty()) return op.raw;  // never rewrite a record we could not read
  Json j = Json::object();
  j["v"] = kOutboxSchemaVersion;
  j["id"] = op.id;
  j["seq"] = op.seq;
  j["kind"] = std::string(op_kind_name(op.kind));
  j["group"] = op.group;
  j["key"] = op.key;
  if (!op.client_ref.empty()) j["client_ref"] = op.client_ref;
  if (!op.acceptance_no.empty()) j["acceptance_no"] = op.acceptance_no;
  if (!op.body.is_null()) j["body"] = op.body;
  if (!op.blob.empty()) j["blob"] = op.blob;
  if (!op.content_type.empty()) j["content_type"] = op.content_type;
  j["created_at"] = op.created_at;
  j["attempts"] = op.attempts;
  j["next_attempt_at"] = op.next_attempt_at;
  if (op.not_before) j["not_before"] = op.not_before;
  if (op.failed) j["failed"] = true;
  if (op.last_error) j["last_error"] = error_record(*op.last_error);
  return dump_json(j);
}

Op decode_op(std::string_view id, std::string_view text) {
  const Result<Json> parsed = parse_json(text, 48);
  if (!parsed.ok() || !parsed->is_object()) return unusable(id, text, 0);
  const Json& o = *parsed;
  const int version = static_cast<int>(int_of(o, "v"));
  if (version == 1) return migrate_v1(id, text, o);
  if (version != kOutboxSchemaVersion) return unusable(id, text, version);

  Op op;
  op.id = std::string(id);
  const std::optional<OpKind> kind = op_kind_from_name(str_of(o, "kind"));
  op.key = str_of(o, "key");
  op.group = str_of(o, "group");
  if (!kind || op.key.empty() || op.group.empty()) return unusable(id, text, version);
  op.kind = *kind;
  op.seq = static_cast<std::uint64_t>(int_of(o, "seq"));
  op.client_ref = str_of(o, "client_ref");
  op.acceptance_no = str_of(o, "acceptance_no");
  const auto body = o.find("body");
  if (body != o.end()) op.body = *body;
  op.blob = str_of(o, "blob");
  op.content_type = str_of(o, "content_type");
  op.created_at = int_of(o, "created_at");
  op.attempts = attempts_of(o, "attempts");
  op.next_attempt_at = int_of(o, "next_attempt_at");
  op.not_before = int_of(o, "not_before");
  op.failed = bool_of(o, "failed");
  op.last_error = error_from_record(o);
  const bool needs_no = op.kind != OpKind::file && op.kind != OpKind::upload;
  if ((needs_no && op.acceptance_no.empty()) || (op.kind == OpKind::upload && op.blob.empty()) ||
      (op.kind != OpKind::upload && !op.body.is_object())) {
    return unusable(id, text, version);
  }
  return op;
}

std::string op_path(const Op& op) {
  switch (op.kind) {
    case OpKind::upload: return "/uploads";
    case OpKind::file: return "/complaints";
    case OpKind::supplement: return "/complaints/" + op.acceptance_no + "/supplements";
    case OpKind::escalate: return "/complaints/" + op.acceptance_no + "/escalations";
    case OpKind::withdraw: return "/complaints/" + op.acceptance_no + "/withdrawal";
    case OpKind::survey: return "/complaints/" + op.acceptance_no + "/survey";
  }
  return "/";
}

Json op_error_json(const OpError& e, Lang lang) {
  Json j = Json::object();
  j["status"] = e.status;
  j["code"] = std::string(code_id(e.code));
  // Our catalog's text in the customer's language; the server's text only for a code we lack.
  j["message"] = e.code == Errc::server_error && !e.message.empty() ? e.message
                                                                    : std::string(message(e.code, lang));
  Json f = Json::object();
  Json fm = Json::object();
  for (const auto& [path, code] : e.fields) {
    f[path] = std::string(code_id(code));
    fm[path] = std::string(message(code, lang));
  }
  j["fields"] = f;
  j["field_messages"] = fm;
  return j;
}

}  // namespace cw::sync
