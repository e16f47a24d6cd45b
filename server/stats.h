// server/stats.h — spec 六's measures of the handling (GET /staff/stats, DESIGN §4) as pure arithmetic
// over cases, and the CSV cells of GET /staff/export.csv. No storage and no HTTP: fed with decoded cases.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/model.h"

// StatsGroupBy (the query's `group_by`) is declared once with the workbench's requests.
#include "core/staff_api.h"

namespace cw::server {

// [SECTION] Statistics -----------------------------------------------------------------------------

// The counts of one group, as the complaints were added (see add_to_stats for what each one counts).
struct StatsGroup {
  int filed = 0, accepted = 0, rejected = 0, withdrawn = 0, closed = 0, escalated = 0;
  // Per DeadlineKind: stage ends recorded (TimelineEvent::stage_end) and how many of them were on time.
  std::array<int, 4> ended{}, on_time{};
  int surveys = 0, satisfied = 0, resolved = 0, overall_sum = 0;
  std::vector<double> hours_to_reply;  // one per complaint with a reply
};

struct StatsTable {
  StatsGroupBy by = StatsGroupBy::month;
  std::map<std::string, StatsGroup> groups;  // by key, so the answer is in key order
};

// The key of `c` under `by`: the filing month in Asia/Shanghai ("2026-11", where the policy counts
// days), or the wire name of its category, business type or channel.
std::string stats_key(const Case& c, StatsGroupBy by);

// Adds one complaint to its group. Everything counted is a fact on its record now:
// accepted / rejected / escalated — it has such an event (ever: a rejected case later closed still
// counts as rejected; an escalated one counts once whatever its level); withdrawn / closed — its
// status now; on-time — every stage end recorded on its timeline (a reply after an escalation is a
// second end of the reply stage), never a deadline computed again today; the survey — its latest
// answer; hours to reply — from filing to its first reply.
void add_to_stats(StatsTable& t, const Case& c);

// {groups: [{key, filed, accepted, rejected, withdrawn, closed, escalated, on_time: {acceptance,
// investigation, reply, follow_up}, surveys, satisfaction: {mean_overall, satisfied_share,
// resolved_share}, median_hours_to_reply}]}. A rate or mean over nothing is null, not 0.
Json stats_json(const StatsTable& t);

// [SECTION] CSV (RFC 4180) ---------------------------------------------------------------------------
// One cell: quoted when it holds a comma, a quote or a line break (quotes doubled); a cell that a
// spreadsheet would run as a formula (it begins with = + - @, a tab or a carriage return) gets a
// leading apostrophe first, so it is shown as text.
std::string csv_cell(std::string_view v);
// One record: the cells joined by commas, ended by CRLF.
std::string csv_row(const std::vector<std::string>& cells);

}  // namespace cw::server
