// tests/core/test_fixtures.h — shared sample data for the core tests: a valid filing and the fixed
// "now" the tests reason from (Monday 2026-01-05 10:00 in Shanghai).
#pragma once

#include <ostream>
#include <string>

#include "core/errors.h"
#include "core/model.h"

namespace cw {
// gtest prints error codes by their stable id instead of raw bytes.
inline void PrintTo(Errc e, std::ostream* os) { *os << code_id(e); }
}  // namespace cw

namespace cw::testing {

inline Timestamp Now() { return shanghai_time(2026, 1, 5, 10, 0, 0); }

inline Complaint ValidComplaint() {
  Complaint c;
  c.client_ref = "6f1c2a4e-8b7d-4c3e-9a10-0b2c3d4e5f60";
  c.channel = Channel::web;
  c.business_type = BusinessType::mobile;
  c.category = Category::billing;
  c.occurred_at = shanghai_time(2026, 1, 3, 9, 30);
  c.service_number = "13812345678";
  c.problem = "上月账单多收了20元流量费，我没有使用过该流量包。";
  c.demand = "退还多收的费用";
  c.customer.name = "张三";
  c.customer.phone = "13812345678";
  c.customer.email = "zhang@example.com";
  c.customer.reply_method = ReplyMethod::sms;
  c.evidence = {"up_1a2b3c"};
  c.consent = true;
  return c;
}

}  // namespace cw::testing
