// tests/server/notify_cap_test.cpp — issue 21 (Low): notifications went to unverified contacts with
// no per-contact cap, so anyone could make the server text a stranger by naming the stranger's phone
// in filings. The per-contact daily cap (server/outbox.h), against a real server and SQLite.
#include <gtest/gtest.h>

#include <cstdio>

#include "server/outbox.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

constexpr const char* kVictim = "13700001111";

// A filing naming `phone`, the `n`th of a test (each needs its own client_ref).
Json filing_naming(const std::string& phone, int n) {
  char ref[64];
  std::snprintf(ref, sizeof ref, "6f1c0d2e-0000-4000-8000-%012d", n);
  return filing(phone, ref);
}

// Files it as a client at its own address (the proxy appends it: the last X-Forwarded-For hop).
void file_from_own_address(TestServer& s, const Json& body, int n) {
  const std::string ip = "203.0.113." + std::to_string(1 + n % 250);
  auto r = s.post("/api/v1/complaints", body,
                  {{"Idempotency-Key", "cap-" + std::to_string(n)}, {"X-Forwarded-For", ip}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << "the filer's answer does not change: " << r->body;
}

// The outbox rows (newest first) that the cap held back, as staff see them.
int capped_rows(TestServer& s) {
  auto r = s.get("/api/v1/staff/notifications?state=failed", bearer(s.staff_token("agent")));
  int n = 0;
  if (!r || r->status != 200) return -1;
  const Json body = parse(r->body);  // kept alive: a loop over a temporary's member would outlive it
  for (const Json& item : body["items"])
    if (item["last_error"] == "capped") ++n;
  return n;
}

int messages_of_kind(TestServer& s, const std::string& phone, const std::string& kind) {
  int n = 0;
  for (const Json& m : s.messages(phone))
    if (m["kind"] == kind) ++n;
  return n;
}

// Behind a proxy, each filing from its own address; the per-phone filing limit stands at a day's
// worth of its real pace (1 a minute is 1440 a day), so only the cap can stop the texts.
void behind_a_proxy(server::Config& c) {
  c.trust_proxy = true;
  c.rules.file_phone = {100, 1};
}

}  // namespace

TEST(Regression, Issue21_ThirtyFilingsNamingOnePhoneTextItOnlyUpToTheDailyCap) {
  TestServer s(behind_a_proxy);
  for (int i = 0; i < 30; ++i) file_from_own_address(s, filing_naming(kVictim, i), i);
  EXPECT_EQ(messages_of_kind(s, kVictim, "status"), server::kCaseMessagesPerContactDay)
      << "30 filings by strangers naming one phone";
  EXPECT_EQ(capped_rows(s), 30 - server::kCaseMessagesPerContactDay) << "the rest are kept, as capped, for staff";
  // Another phone is not affected.
  file_from_own_address(s, filing_naming("13700002222", 100), 100);
  EXPECT_EQ(messages_of_kind(s, "13700002222", "status"), 1);
  // A day later the phone is texted again.
  s.advance(std::chrono::seconds(server::kContactCapWindowSeconds + 1));
  file_from_own_address(s, filing_naming(kVictim, 200), 200);
  EXPECT_EQ(messages_of_kind(s, kVictim, "status"), server::kCaseMessagesPerContactDay + 1);
}

TEST(Regression, Issue21_AFloodOfFilingsStopsNeitherStaffMessagesNorTheCustomersCode) {
  TestServer s(behind_a_proxy);
  file_from_own_address(s, filing_naming(kVictim, 0), 0);
  for (int i = 1; i < 20; ++i) file_from_own_address(s, filing_naming(kVictim, i), i);
  const int before = messages_of_kind(s, kVictim, "status");
  ASSERT_EQ(before, server::kCaseMessagesPerContactDay);
  // Staff act on one of the cases: the operator's own word is never held back.
  auto list = s.get("/api/v1/staff/complaints?phone=" + std::string(kVictim) + "&limit=1",
                    bearer(s.staff_token("agent")));
  ASSERT_TRUE(list && list->status == 200);
  const std::string no = str(parse(list->body)["items"][0]["acceptance_no"]);
  auto accepted = s.act(s.staff_token("agent"), no, {{"action", "accept"}});
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  EXPECT_EQ(messages_of_kind(s, kVictim, "status"), before + 1);
  // The real owner of the phone can still log in: codes have their own budget.
  auto lookup = s.post("/api/v1/lookup", {{"phone", kVictim}});
  ASSERT_TRUE(lookup);
  EXPECT_EQ(lookup->status, 202);
  s.ctx().after_answer->drain();
  EXPECT_EQ(messages_of_kind(s, kVictim, "lookup_code"), 1);
}

// The lookup guards (server/lookup.cpp) count codes per phone over a day that starts with the
// first code; at that day's end they start afresh, so 9 codes just before it and 10 just after
// reached one phone within minutes. The outbox's budget is over any 24 hours. And the answer to
// the asker is the same whether or not the code was held back (no oracle).
TEST(Regression, Issue21_LookupCodesToOnePhoneAreCappedOverAnyTwentyFourHours) {
  TestServer s([](server::Config& c) { c.rate_limits = false; });
  s.file(filing_naming(kVictim, 0));
  auto ask = [&] {
    auto r = s.post("/api/v1/lookup", {{"phone", kVictim}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 202);
    EXPECT_EQ(parse(r->body), (Json{{"sent", true}}));
    s.ctx().after_answer->drain();
  };
  ask();
  s.advance(std::chrono::seconds(23 * 3600 + 50 * 60));
  for (int i = 0; i < 9; ++i) ask();
  ASSERT_EQ(messages_of_kind(s, kVictim, "lookup_code"), 10);
  s.advance(std::chrono::seconds(11 * 60));  // the guards' day is over; 9 codes are 11 minutes old
  for (int i = 0; i < 10; ++i) ask();
  EXPECT_EQ(messages_of_kind(s, kVictim, "lookup_code"), server::kCodesPerContactDay + 1)
      << "the first code is a day old: one more, not ten";
  // A held-back code is not kept: the secrets rule holds for capped rows too.
  int capped_codes = 0;
  ASSERT_TRUE(s.ctx().storage->read([&](server::Tx& tx) -> Result<void> {
    auto rows = tx.list_notifications("failed", 100);
    if (!rows) return rows.error();
    for (const server::NotificationRecord& r : rows.value()) {
      if (r.last_error != "capped") continue;
      ++capped_codes;
      EXPECT_TRUE(r.code.empty() && r.text.empty()) << r.id;
    }
    return {};
  }));
  EXPECT_EQ(capped_codes, 9);
}

// The same mailbox however it is typed, and whichever phone the filings give.
TEST(Regression, Issue21_FilingsNamingOneMailboxAreCappedToo) {
  TestServer s(behind_a_proxy);
  for (int i = 0; i < 12; ++i) {
    Json f = filing_naming("1370000" + std::to_string(3000 + i), i);
    f["customer"]["reply_method"] = "email";
    f["customer"]["email"] = i % 2 ? "Victim@Example.com" : "victim@example.com";
    file_from_own_address(s, f, i);
  }
  EXPECT_EQ(capped_rows(s), 12 - server::kCaseMessagesPerContactDay);
}

}  // namespace cw::test
