// core/sync_op.h — one outbox operation as persisted in the Store: its record format (schema version
// 2), the migration from version 1, and the request it becomes on the wire (DESIGN §4).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/errors.h"
#include "core/json.h"
#include "core/sync_ports.h"

namespace cw::sync {

// Version 1 was the first prototype's record: {"v":1,"type","idempotency_key","payload","tries",
// "next_at","no"} with no ordering group (order was creation time). Version 2 adds groups, sequence
// numbers, uploads and the error of the last attempt. A record with a higher version was written by
// a newer release in another tab: it is kept untouched and never sent by this one.
inline constexpr int kOutboxSchemaVersion = 2;

enum class OpKind : std::uint8_t { upload, file, supplement, escalate, withdraw, survey };
std::string_view op_kind_name(OpKind k);  // "upload", "file", …
std::optional<OpKind> op_kind_from_name(std::string_view s);

// Why the last attempt did not succeed (shown by pending() and, for 4xx, to the customer).
struct OpError {
  int status = 0;           // HTTP status, kNetworkError or kTimeout
  Errc code = Errc::ok;     // the stable id (server's `error.code`, or ours for network conditions)
  std::string message;      // server's text when it sent one and we do not know the code
  FieldErrors fields;       // DESIGN §4 `fields`: body path → code
};

struct Op {
  std::string id;             // local id; the store key is "op:" + id
  std::uint64_t seq = 0;      // creation order (ordering inside a group)
  OpKind kind = OpKind::file;
  std::string group;          // ordering group: the filing's client_ref, or the acceptance number
  std::string key;            // Idempotency-Key, fixed when the op is created, sent on every attempt
  std::string client_ref;     // file / upload: the filing's client_ref
  std::string acceptance_no;  // supplement, escalate, withdraw, survey
  Json body;                  // the request body (JSON ops)
  std::string blob;           // upload: store key of the bytes ("blob:…")
  std::string content_type;   // upload: the file's type
  std::int64_t created_at = 0;
  int attempts = 0;
  std::int64_t next_attempt_at = 0;  // backoff: not before this (ms)
  std::int64_t not_before = 0;       // Retry-After: not before this even when flushed by hand
  bool failed = false;               // a 4xx stopped it: waits for the customer (retry/discard)
  std::optional<OpError> last_error;
  int unknown_version = 0;           // > kOutboxSchemaVersion: raw record kept, never sent
  std::string raw;                   // the raw record when unknown_version or unreadable
  int from_version = kOutboxSchemaVersion;  // 1 when migrated on load (rewritten as version 2)
  std::uint64_t request = 0;         // transient: the request in flight (never persisted)
};

// The record written to the Store (always the current version).
std::string encode_op(const Op& op);
// Reads a record of version 1 or 2 (migrating 1 → 2). A record from a newer version, or one that
// cannot be read, comes back with `raw` set so it is shown as failed, never silently dropped.
Op decode_op(std::string_view id, std::string_view text);

// The request path of an op ("/uploads", "/complaints", "/complaints/{no}/supplements", …).
std::string op_path(const Op& op);

Json op_error_json(const OpError& e, Lang lang);


}  // namespace cw::sync
