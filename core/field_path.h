// core/field_path.h — the wire paths that field errors name (DESIGN §4 `fields`), declared once for
// validation, the server and the screens, with the one spelling of a list item: `evidence[2]`.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cw {

// X(name, wire path). The filing's fields (DESIGN §3), the survey's, and the payloads of actions.
#define CW_FIELD_PATHS(X)                                    \
  X(client_ref, "client_ref")                                \
  X(channel, "channel")                                      \
  X(business_type, "business_type")                          \
  X(category, "category")                                    \
  X(occurred_at, "occurred_at")                              \
  X(received_at, "received_at")                              \
  X(service_number, "service_number")                        \
  X(problem, "problem")                                      \
  X(demand, "demand")                                        \
  X(customer_name, "customer.name")                          \
  X(customer_phone, "customer.phone")                        \
  X(customer_email, "customer.email")                        \
  X(customer_reply_method, "customer.reply_method")          \
  X(customer_contact_time, "customer.contact_time")          \
  X(network, "network")                                      \
  X(network_place, "network.place")                          \
  X(network_address, "network.address")                      \
  X(network_time_of_day, "network.time_of_day")              \
  X(network_frequency, "network.frequency")                  \
  X(evidence, "evidence")                                    \
  X(consent, "consent")                                      \
  X(survey_overall, "overall")                               \
  X(survey_attitude, "aspects.attitude")                     \
  X(survey_speed, "aspects.speed")                           \
  X(survey_result, "aspects.result")                         \
  X(survey_comment, "comment")                               \
  X(text, "text")                                            \
  X(reason, "reason")                                        \
  X(note, "note")                                            \
  X(department, "department")                                \
  X(owner, "owner")                                          \
  X(plan, "plan")                                            \
  X(plan_measures, "plan.measures")                          \
  X(plan_owner, "plan.owner")                                \
  X(plan_due, "plan.due")                                    \
  X(conclusion, "conclusion")                                \
  X(basis, "basis")                                          \
  X(execution, "execution")                                  \
  X(visibility, "visibility")                                \
  X(delivered_via, "delivered_via")                          \
  X(delivered_at, "delivered_at")                            \
  X(via, "via")                                              \
  X(until, "until")

enum class Field {
#define CW_FIELD_ENUM(name, path) name,
  CW_FIELD_PATHS(CW_FIELD_ENUM)
#undef CW_FIELD_ENUM
};

// The wire path of a field: "customer.name".
std::string_view path(Field f);
std::string path_str(Field f);

// The path of one item of a list field: item_path(Field::evidence, 2) == "evidence[2]".
std::string item_path(Field list, std::size_t index);

// The item index when `p` names an item of `list` ("evidence[2]" → 2), else nothing.
std::optional<std::size_t> item_of(std::string_view p, Field list);

// Whether `p` names the field itself or one of its items ("evidence", "evidence[0]").
bool names(std::string_view p, Field f);

// The field a path names (an item's path names its list), or nothing for an unknown path.
std::optional<Field> field_of(std::string_view p);

}  // namespace cw
