// server/search.h — what the staff list filters and searches by (DESIGN §4 GET /staff/complaints):
// the columns derived from a case, the service number's hash and the search terms of its text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/model.h"
#include "core/time_limits.h"
#include "server/storage.h"

namespace cw::server {

// The list's columns of `rec` from the case (category, channel, owner, level, next deadline,
// service key). Called at every write, so the list never recomputes anything per row.
void derive_list_columns(const Policy& policy, const Case& c, ComplaintRecord& rec);

// Indexes the complaints stored before the list's columns existed (schema 7), in batches, before the
// server answers; a case that does not decode keeps its defaults (it sorts last) and is logged.
Result<int> index_old_complaints(Storage& storage, const Policy& policy);

// The key a service number is searched by: a hash of its letters and digits (case folded), so the
// columns hold no new copy of the number (the case document already holds it once).
std::string service_key(std::string_view service_number);

// Search terms of a complaint's problem and demand for FTS5 (unicode61): Latin words and digits as
// they are (lower case); Chinese, Japanese and Korean runs as overlapping pairs of characters plus
// the run's last character, since those scripts do not put spaces between words. "网速很慢 5G" →
// "网速 速很 很慢 慢 5g".
std::string search_words(std::string_view problem, std::string_view demand);

// The FTS5 query for `q` (words separated by spaces, every one must occur): each word as a phrase of
// the same terms, a single CJK character as a prefix term. nullopt when `q` has no letter or digit.
std::optional<std::string> search_match(std::string_view q);

}  // namespace cw::server
