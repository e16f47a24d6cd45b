// server/stats.cpp — spec 六's measures as arithmetic over cases, and CSV cells (server/stats.h).
#include "server/stats.h"

#include <algorithm>
#include <cstdio>

namespace cw::server {

std::string stats_key(const Case& c, StatsGroupBy by) {
  switch (by) {
    case StatsGroupBy::month: {
      const std::chrono::year_month_day d{shanghai_day(c.filed_at)};
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()));
      return buf;
    }
    case StatsGroupBy::category: return std::string(to_string(c.filing.category.value_or(Category::other)));
    case StatsGroupBy::business_type:
      return std::string(to_string(c.filing.business_type.value_or(BusinessType::other)));
    case StatsGroupBy::channel: return std::string(to_string(c.filing.channel.value_or(Channel::web)));
  }
  return {};
}

namespace {

bool has_event(const Case& c, Action a) {
  return std::any_of(c.timeline.begin(), c.timeline.end(), [a](const TimelineEvent& e) { return e.action == a; });
}

// The share `part / whole`, or null over nothing (a rate of no stage is unknown, not 0 %).
Json share(int part, int whole) { return whole == 0 ? Json(nullptr) : Json(static_cast<double>(part) / whole); }

Json median(std::vector<double> v) {
  if (v.empty()) return nullptr;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

Json group_json(const std::string& key, const StatsGroup& g) {
  Json on_time = Json::object(), ended = Json::object();
  for (DeadlineKind k : enum_values<DeadlineKind>()) {
    const auto i = static_cast<std::size_t>(k);
    on_time[std::string(to_string(k))] = share(g.on_time[i], g.ended[i]);
    ended[std::string(to_string(k))] = g.ended[i];
  }
  return {{"key", key},
          {"filed", g.filed},
          {"accepted", g.accepted},
          {"rejected", g.rejected},
          {"withdrawn", g.withdrawn},
          {"closed", g.closed},
          {"escalated", g.escalated},
          {"on_time", std::move(on_time)},
          {"stage_ends", std::move(ended)},
          {"surveys", g.surveys},
          {"satisfaction",
           {{"mean_overall", g.surveys == 0 ? Json(nullptr) : Json(static_cast<double>(g.overall_sum) / g.surveys)},
            {"satisfied_share", share(g.satisfied, g.surveys)},
            {"resolved_share", share(g.resolved, g.surveys)}}},
          {"median_hours_to_reply", median(g.hours_to_reply)}};
}

}  // namespace

void add_to_stats(StatsTable& t, const Case& c) {
  StatsGroup& g = t.groups[stats_key(c, t.by)];
  ++g.filed;
  g.accepted += has_event(c, Action::accept);
  g.rejected += has_event(c, Action::reject);
  g.escalated += has_event(c, Action::escalate);
  g.withdrawn += c.status == Status::withdrawn;
  g.closed += c.status == Status::closed;
  // DESIGN §3: whether a deadline was met is the fact recorded when its stage ended (issue 22 item
  // 5). Recomputing it from today's deadlines would let a later extension, complexity change or
  // escalation rewrite a missed deadline as met.
  for (const TimelineEvent& e : c.timeline) {
    if (!e.stage_end) continue;
    const auto i = static_cast<std::size_t>(e.stage_end->stage);
    if (i >= g.ended.size()) continue;
    ++g.ended[i];
    g.on_time[i] += e.stage_end->on_time;
  }
  if (c.survey) {
    ++g.surveys;
    g.overall_sum += c.survey->overall;
    g.satisfied += !is_dissatisfied(*c.survey);
    g.resolved += c.survey->resolved;
  }
  // MIIT order No. 35 art. 10 counts the 15 days to the first reply; a reply after an escalation
  // answers the re-handling.
  const auto reply = std::find_if(c.timeline.begin(), c.timeline.end(),
                                  [](const TimelineEvent& e) { return e.action == Action::reply; });
  if (reply != c.timeline.end()) g.hours_to_reply.push_back(static_cast<double>((reply->at - c.filed_at).count()) / 3600.0);
}

Json stats_json(const StatsTable& t) {
  Json groups = Json::array();
  for (const auto& [key, g] : t.groups) groups.push_back(group_json(key, g));
  return {{"groups", std::move(groups)}};
}

std::string csv_cell(std::string_view v) {
  std::string cell;
  // OWASP "CSV injection": Excel and LibreOffice run a cell that begins with one of these as a
  // formula (=HYPERLINK(…), +cmd|…); an apostrophe makes it text and is not shown.
  if (!v.empty() && std::string_view("=+-@\t\r").find(v.front()) != std::string_view::npos) cell += '\'';
  cell += v;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char ch : cell) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  quoted += '"';
  return quoted;
}

std::string csv_row(const std::vector<std::string>& cells) {
  std::string row;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) row += ',';
    row += csv_cell(cells[i]);
  }
  row += "\r\n";
  return row;
}

}  // namespace cw::server
