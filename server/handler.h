// server/handler.h — the HTTP side of the use cases (server/use_cases.h): what a handler reads from
// every request (the Caller) and how it sends an Answer over cpp-httplib.
#pragma once

#include <httplib.h>

#include <string>

#include "server/context.h"
#include "server/http_util.h"
#include "server/use_cases.h"

namespace cw::server {

// Client address (rate limits), Bearer token and Idempotency-Key of a request.
Caller caller_of(const Context& ctx, const httplib::Request& req);

// Sends an answer: its status, headers and body (an error in the request's language).
void send(const httplib::Request& req, httplib::Response& res, const Answer& a);
// … or the error of a failed use case (the DESIGN §4 error shape).
void send(const httplib::Request& req, httplib::Response& res, const Result<Answer>& r);

}  // namespace cw::server
