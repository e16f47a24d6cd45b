// tests/server/notify_retry_test.cpp — POST /staff/notifications/{id}/retry (issue 24 item 5, the
// workbench's 通知失败 screen): a supervisor puts a failed message back in the queue with a fresh
// give-up time and it reaches the receiver under its own id; what must never be sent (a message the
// per-contact cap held back, a code or survey link whose secret is gone) is refused with the reason;
// every retry is audited. Suite `Api`, so scripts/test runs it on PostgreSQL too.
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <mutex>

#include "server/outbox.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

// The operator's receiver on loopback: answers `status` (changed by the test) and keeps the ids
// it acknowledged.
class Receiver {
 public:
  Receiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      res.status = status_;
      if (status_ / 100 == 2) acked_.push_back(req.get_header_value("X-Complaint-Delivery"));
      cv_.notify_all();
      res.set_content("{}", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  void answer(int status) {
    std::lock_guard lock(mu_);
    status_ = status;
  }
  bool wait_acked(const std::string& id, std::chrono::seconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return std::find(acked_.begin(), acked_.end(), id) != acked_.end(); });
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  int status_ = 500;
  std::vector<std::string> acked_;
};

Json items(TestServer& s, const std::string& query) {
  auto r = s.get("/api/v1/staff/notifications?" + query, bearer(s.staff_token("agent")));
  EXPECT_TRUE(r && r->status == 200);
  return r && r->status == 200 ? parse(r->body)["items"] : Json::array();
}

httplib::Result retry(TestServer& s, const std::string& token, const std::string& id) {
  return s.post("/api/v1/staff/notifications/" + id + "/retry", Json::object(), bearer(token));
}

// The error code of a refusal.
std::string code_of(const httplib::Result& r) { return r ? str(parse(r->body)["error"]["code"]) : "no answer"; }

std::vector<server::AuditRecord> audit_of(TestServer& s, const std::string& no) {
  std::vector<server::AuditRecord> out;
  (void)s.ctx().storage->read([&](server::Tx& tx) -> Result<void> {
    auto rows = tx.list_audit(no);
    if (rows) out = rows.value();
    return {};
  });
  return out;
}

bool audited(TestServer& s, const std::string& no, const std::string& id, const std::string& outcome) {
  for (const server::AuditRecord& a : audit_of(s, no))
    if (a.action == "retry_notification" && a.subject == id && a.outcome == outcome) return true;
  return false;
}

// Waits until the message `id` is in `state` (the outbox's senders work on their own threads).
bool wait_state(TestServer& s, const std::string& id, const std::string& state, std::chrono::seconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    for (const Json& n : items(s, ""))
      if (n["id"] == id && n["state"] == state) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace

// A receiver down for more than a day: the message fails; once it is back, a supervisor's retry
// sends it, under the same id, with a fresh day to try in.
TEST(Api, ARetriedFailedMessageGoesBackInTheQueueAndReachesTheReceiverUnderItsId) {
  Receiver rx;
  TestServer s([&](server::Config& c) {
    c.dev = false;
    c.notify_webhook = rx.url();
    c.public_origin = "https://complaints.example.test";
    c.notify_timeout_s = 2;
  });
  const std::string no = str(s.file()["acceptance_no"]);
  const Json listed = items(s, "");
  ASSERT_EQ(listed.size(), 1u);
  const std::string id = str(listed[0]["id"]);
  s.advance(std::chrono::seconds(server::give_up_seconds("status") + 60));  // a day without the receiver
  ASSERT_TRUE(wait_state(s, id, "failed", std::chrono::seconds(10))) << "the sender gives up after a day";

  rx.answer(200);
  const std::string supervisor = s.staff_token("supervisor", "陈静");
  auto r = retry(s, supervisor, id);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const Json back = parse(r->body);
  EXPECT_EQ(back["id"], id);
  EXPECT_EQ(back["last_error"], nullptr);
  EXPECT_EQ(back["to"]["phone"], "139****5678") << "answered as the list shows it, masked";
  // A fresh give-up time, a day from the retry (not from the filing, which is more than a day old).
  const Result<Timestamp> give_up = parse_iso8601(str(back["give_up_at"]));
  ASSERT_TRUE(give_up.ok()) << r->body;
  EXPECT_GT(give_up.value(), s.ctx().now() + std::chrono::hours(23));
  EXPECT_TRUE(rx.wait_acked(id, std::chrono::seconds(10))) << "delivered under the same id";
  EXPECT_TRUE(wait_state(s, id, "sent", std::chrono::seconds(5)));
  EXPECT_TRUE(audited(s, no, id, "ok"));
  // Sent now: nothing to retry.
  EXPECT_EQ(code_of(retry(s, supervisor, id)), "notify.not_failed");
}

// What must not be sent is refused with the reason, an agent may not, an unknown id is 404; the
// refusals are audited too.
TEST(Api, ARetryIsRefusedForACappedMessageASecretThatIsGoneAnAgentAndAnUnknownId) {
  // Without a webhook nothing leaves: every message fails as "only logged" and a retry fails again.
  TestServer s([](server::Config& c) {
    c.dev = false;
    c.rate_limits = false;
  });
  const std::string phone = "13700001111";
  std::vector<std::string> numbers;
  for (int i = 0; i <= server::kCaseMessagesPerContactDay; ++i) {
    char ref[64];
    std::snprintf(ref, sizeof ref, "6f1c0d2e-0000-4000-8000-%012d", i);
    numbers.push_back(str(s.file(filing(phone, ref))["acceptance_no"]));
  }
  std::string capped, logged, logged_no;
  for (const Json& n : items(s, "state=failed")) {
    if (n["last_error"] == "capped") capped = str(n["id"]);
    else if (logged.empty()) logged = str(n["id"]), logged_no = str(n["acceptance_no"]);
  }
  ASSERT_FALSE(capped.empty()) << "the sixth acceptance message to one phone is held back";
  ASSERT_FALSE(logged.empty());
  const std::string supervisor = s.staff_token("supervisor", "陈静");

  auto r = retry(s, supervisor, capped);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(code_of(r), "notify.capped");
  EXPECT_TRUE(audited(s, numbers.back(), capped, "notify.capped"));

  // A lookup code's secret is blanked when it fails: it cannot be sent again.
  auto lookup = s.post("/api/v1/lookup", {{"phone", phone}});
  ASSERT_TRUE(lookup && lookup->status == 202);
  s.ctx().after_answer->drain();
  std::string code;
  for (const Json& n : items(s, "state=failed"))
    if (n["kind"] == "lookup_code") code = str(n["id"]);
  ASSERT_FALSE(code.empty());
  EXPECT_EQ(code_of(retry(s, supervisor, code)), "notify.not_retryable");

  auto agent = retry(s, s.staff_token("agent"), logged);
  ASSERT_TRUE(agent);
  EXPECT_EQ(agent->status, 403);
  EXPECT_TRUE(audited(s, logged_no, logged, "auth.forbidden"));
  auto unknown = retry(s, supervisor, "n_000000000000000000000000");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  auto nobody = s.post("/api/v1/staff/notifications/" + logged + "/retry", Json::object());
  ASSERT_TRUE(nobody);
  EXPECT_EQ(nobody->status, 401);

  // Still no webhook: the retried message is tried at once and fails again, one attempt more.
  auto again = retry(s, supervisor, logged);
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(parse(again->body)["state"], "failed");
  EXPECT_EQ(parse(again->body)["last_error"], "no webhook: only logged");
  EXPECT_TRUE(audited(s, logged_no, logged, "ok"));
}

}  // namespace cw::test
