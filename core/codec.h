// core/codec.h — JSON wire form of every model type (DESIGN §3–§4 names and values), kept apart from
// the model. Decoders check every type and range, never abort, and report paths ("customer.phone").
#pragma once

#include <string>
#include <string_view>

#include "core/errors.h"
#include "core/json.h"
#include "core/model.h"

namespace cw {

// [SECTION] Encoders — times are ISO-8601 with +08:00; unknown deadlines are null.
Json to_json(const Customer& c);
Json to_json(const NetworkDetails& n);  // only the members given
Json to_json(const Complaint& c);  // a draft too: what is not set yet is left out
Json to_json(const Rejection& r);
Json to_json(const Assignment& a);
Json to_json(const Plan& p);
Json to_json(const Reply& r);
Json to_json(const Escalation& e);
Json to_json(const Survey& s);
Json to_json(const TimelineEvent& e);  // internal form, with staff_name, action and days
Json to_json(const Deadlines& d);
Json to_json(const RegulatorPath& p);  // DESIGN §3 "The regulator's path"
Json to_json(const CustomerView& v);   // DESIGN §4 GET /complaints/{no}
Json to_json(const Case& c);           // storage / staff form, everything
// {error: {code, message, fields}} (DESIGN §4 error body), message in `lang`.
Json error_to_json(const Error& e, Lang lang);

// [SECTION] Decoders — on failure the Error carries every bad path in `fields`; its `code` is the
// first field's code (json.wrong_type, validation.enum_invalid, validation.date_invalid, …), or
// json.not_object when the value is not an object.
// Complaint: lenient about what is missing (drafts); validate_filing() says what is required.
Result<Complaint> complaint_from_json(const Json& j);
Result<Survey> survey_from_json(const Json& j);
Result<Deadlines> deadlines_from_json(const Json& j);
Result<CustomerView> customer_view_from_json(const Json& j);
Result<Case> case_from_json(const Json& j);
// A server's error body → Error. Never fails: a body that is not an error body, or an unknown code,
// gives server.error (the client must show something sensible for any answer).
Error error_from_json(const Json& j);

// A staff action body (DESIGN §4 POST /staff/complaints/{no}/actions): {action, …fields of it}.
struct ActionRequest {
  Action action = Action::note;
  ActionPayload payload;
};
Result<ActionRequest> staff_action_from_json(const Json& j);
Json to_json(const ActionRequest& r);
// The customer's posts: supplements {text, evidence}, escalations {reason}, withdrawal {reason},
// survey {overall, resolved, aspects, comment}. `action` says which body it is.
Result<ActionPayload> customer_action_from_json(Action action, const Json& j);

// [SECTION] Text in, checked value out (what the server does with a request body).
// Parses (depth ≤ 32), decodes and validates a filing: json.too_deep / json.malformed /
// json.not_object, or a validation error whose `fields` has every problem at once.
Result<Complaint> parse_filing(std::string_view body, Timestamp now);

}  // namespace cw
