// server/copy.h — `complaint-server copy --from PATH --to postgresql://…` (DESIGN §4 "Several
// servers", issue 23 item 3): moves a SQLite deployment into an empty PostgreSQL database, every
// table's rows and every upload's bytes in one PostgreSQL transaction, then checks each table on
// both sides by its count and an order-free checksum of its rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/time_limits.h"

namespace cw::server {

struct CopiedTable {
  std::string name;
  std::int64_t rows = 0;
};

// Copies the SQLite database at `from` (migrated to this build's schema first, as serve would) into
// the PostgreSQL database at `to`, which must hold no complaints, staff, messages or uploads yet; the
// staff list is then indexed on PostgreSQL with `policy`. On failure nothing is left in `to` but its
// empty schema, and `why` says what went wrong in words fit for an operator (no personal data).
Result<std::vector<CopiedTable>> copy_sqlite_to_postgres(const std::string& from, const std::string& to,
                                                         const Policy& policy, std::string& why);

}  // namespace cw::server
