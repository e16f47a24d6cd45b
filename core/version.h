// core/version.h — the product and API versions, shared by the server, the widget and the client.
#pragma once

namespace cw {

inline constexpr const char* kProductVersion = "0.1.0";
inline constexpr const char* kApiVersion = "v1";
// Version of the records the client persists (drafts, outbox); bumped when their shape changes.
inline constexpr int kClientSchemaVersion = 1;

const char* product_version();

}  // namespace cw
