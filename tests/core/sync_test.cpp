// tests/core/sync_test.cpp — the sync engine under faults with fakes (natively and as wasm): offline,
// 5xx storms, 429 + Retry-After, timeouts, lost/duplicated answers, restarts, 4xx mid-queue, old schema.
#include <gtest/gtest.h>

#include <limits>
#include <set>

#include "core/client_api.h"
#include "tests/core/sync_fakes.h"

namespace cw::sync {
namespace {

using testing::Fault;
using testing::World;
using testing::FakeServer;
using testing::header;

std::string op_of(const Result<Json>& r) { return r.ok() ? r.value().value("op", std::string()) : std::string(); }

std::set<std::string> keys_of_filings(const World& w) {
  std::set<std::string> keys;
  for (const HttpRequest& r : w.transport.log) {
    if (r.path == "/complaints") keys.insert(header(r, "Idempotency-Key"));
  }
  return keys;
}

// [SECTION] Helpers ---------------------------------------------------------------------------------
TEST(SyncBackoff, FullJitterWithinCappedExponential) {
  EXPECT_EQ(backoff_ms(1, 100, 5000, 0), 0);
  EXPECT_EQ(backoff_ms(1, 100, 5000, 100), 100);
  EXPECT_EQ(backoff_ms(1, 100, 5000, 101), 0);  // random % (cap + 1)
  EXPECT_EQ(backoff_ms(3, 100, 5000, 400), 400);
  EXPECT_EQ(backoff_ms(3, 100, 5000, 401), 0);
  EXPECT_EQ(backoff_ms(40, 100, 5000, 5000), 5000);  // capped, no overflow at high attempt counts
  EXPECT_EQ(backoff_ms(40, 100, 5000, 0xffffffffu) <= 5000, true);
  EXPECT_EQ(backoff_ms(0, 0, 0, 7), 0);
}

TEST(SyncBackoff, RetryAfterDeltaSeconds) {
  EXPECT_EQ(parse_retry_after("30"), 30000);
  EXPECT_EQ(parse_retry_after(" 0 "), 0);
  EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
  EXPECT_FALSE(parse_retry_after(""));
  EXPECT_FALSE(parse_retry_after("-1"));
  EXPECT_FALSE(parse_retry_after("99999999999"));
}

// [SECTION] Happy path ------------------------------------------------------------------------------
TEST(Sync, FilesOnceAndRemembersTheComplaint) {
  World w;
  w.boot();
  ASSERT_TRUE(w.engine->ready());
  const Result<Json> r = w.engine->file(World::filing(), {});
  ASSERT_TRUE(r.ok());
  // Persisted before sent: nothing on the wire until the store confirmed the put.
  w.engine->pump(w.now);
  EXPECT_TRUE(w.transport.log.empty());
  EXPECT_EQ(w.store.data.count("op:" + op_of(r)), 0u);
  w.settle();
  ASSERT_EQ(w.server.complaints.size(), 1u);
  EXPECT_EQ(w.server.complaints[0]["client_ref"], r.value()["client_ref"]);
  EXPECT_EQ(w.server.complaints[0]["channel"], "web");
  EXPECT_EQ(w.engine->outbox_size(), 0u);
  EXPECT_EQ(w.count("submitted"), 1);
  const Json mine = w.engine->mine();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["status"], "received");
  EXPECT_FALSE(mine[0].contains("access_token"));  // tokens stay inside the engine
  for (const auto& [k, v] : w.store.data) EXPECT_NE(k.rfind("op:", 0), 0u) << k;
}

TEST(Sync, SameClientRefTwiceIsOneOpAndThenTheSameAnswer) {
  World w;
  w.boot();
  Json f = World::filing();
  f["client_ref"] = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  const Result<Json> a = w.engine->file(f, {});
  const Result<Json> b = w.engine->file(f, {});
  EXPECT_EQ(op_of(a), op_of(b));
  w.settle();
  const Result<Json> c = w.engine->file(f, {});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c.value()["duplicate"].get<bool>());
  EXPECT_FALSE(c.value()["acceptance_no"].get<std::string>().empty());
  EXPECT_EQ(w.server.complaints.size(), 1u);
}

// [SECTION] Faults ----------------------------------------------------------------------------------
TEST(Sync, OfflineThenOnline) {
  World w;
  bool online = false;
  w.fault = [&](const HttpRequest&) { return online ? Fault::none : Fault::drop_before; };
  w.boot();
  const Result<Json> r = w.engine->file(World::filing(), {});
  w.advance(60'000);
  EXPECT_TRUE(w.server.complaints.empty());
  EXPECT_EQ(w.count("queued"), 1);
  Json p = w.engine->pending();
  ASSERT_EQ(p.size(), 1u);
  EXPECT_GT(p[0]["attempts"].get<int>(), 1);
  EXPECT_EQ(p[0]["last_error"]["code"], "network.error");
  EXPECT_EQ(w.engine->mine()[0]["status"], "queued");
  online = true;  // the `online` event: a forced flush skips the backoff
  ASSERT_TRUE(w.flush());
  EXPECT_EQ(w.server.complaints.size(), 1u);
  EXPECT_TRUE(w.engine->pending().empty());
  EXPECT_EQ(keys_of_filings(w).size(), 1u);  // every attempt carried the same key
}

TEST(Sync, StormOf5xxBacksOffWithJitterAndEndsOnce) {
  World w;
  int n = 0;
  w.fault = [&](const HttpRequest&) { return ++n <= 12 ? (n % 2 ? Fault::status500 : Fault::status503) : Fault::none; };
  w.boot();
  (void)w.engine->file(World::filing(), {});
  std::vector<std::int64_t> delays;
  std::int64_t last_now = w.now;
  for (int i = 0; i < 2000 && !w.server.complaints.size(); ++i) {
    const Json p = w.engine->pending();
    if (!p.empty() && p[0]["attempts"].get<int>() > static_cast<int>(delays.size())) {
      delays.push_back(p[0]["next_attempt_at"].get<std::int64_t>() - w.now);
      const int a = p[0]["attempts"].get<int>();
      const std::int64_t cap = std::min<std::int64_t>(5000, 100ll << std::min(a - 1, 20));
      EXPECT_LE(delays.back(), cap) << "attempt " << a;
      EXPECT_GE(delays.back(), 0);
    }
    last_now = w.now;
    w.advance(50);
  }
  (void)last_now;
  EXPECT_EQ(w.server.complaints.size(), 1u);
  EXPECT_EQ(delays.size(), 12u);
  // Full jitter: not every delay sits at its cap (with this seed several are far below).
  int below_half = 0;
  for (std::size_t i = 0; i < delays.size(); ++i) {
    const std::int64_t cap = std::min<std::int64_t>(5000, 100ll << std::min<std::size_t>(i, 20));
    below_half += delays[i] < cap / 2;
  }
  EXPECT_GE(below_half, 2);
}

TEST(Sync, RateLimitedHonoursRetryAfterEvenWhenFlushedByHand) {
  World w;
  int n = 0;
  w.retry_after_s = 30;
  w.fault = [&](const HttpRequest&) { return ++n == 1 ? Fault::status429 : Fault::none; };
  w.boot();
  (void)w.engine->file(World::filing(), {});
  w.settle();
  const std::int64_t t0 = w.now;
  EXPECT_EQ(w.engine->pending()[0]["last_error"]["code"], "http.rate_limited");
  EXPECT_GE(w.engine->pending()[0]["next_attempt_at"].get<std::int64_t>(), t0 + 30000);
  w.advance(5000);
  ASSERT_TRUE(w.flush());  // the host's "retry now" does not override the server's Retry-After
  EXPECT_TRUE(w.server.complaints.empty());
  w.advance_to(t0 + 30000);
  EXPECT_EQ(w.server.complaints.size(), 1u);
}

TEST(Sync, TimeoutsRetryWithTheSameKey) {
  World w;
  int n = 0;
  w.fault = [&](const HttpRequest&) { return ++n == 1 ? Fault::timeout_after : n == 2 ? Fault::silent : Fault::none; };
  w.boot();
  (void)w.engine->file(World::filing(), {});
  w.settle();
  EXPECT_EQ(w.engine->pending()[0]["last_error"]["code"], "network.timeout");
  // Second attempt: the transport never answers; the engine's watchdog ends it after timeout + grace.
  w.advance(10'000);
  EXPECT_EQ(w.server.complaints.size(), 1u);  // three deliveries, one complaint
  EXPECT_EQ(w.transport.log.size(), 3u);
  EXPECT_EQ(keys_of_filings(w).size(), 1u);
  EXPECT_TRUE(w.engine->pending().empty());
  // The late answer of the watched-out request is ignored.
  w.engine->on_http_done(w.server.handle(w.never_answered.at(0)));
  w.engine->pump(w.now);
  EXPECT_EQ(w.count("submitted"), 1);
}

TEST(Sync, LostAndDuplicatedAnswers) {
  World w;
  int n = 0;
  w.fault = [&](const HttpRequest&) {
    ++n;
    return n == 1 ? Fault::drop_after : n == 2 ? Fault::truncate : n == 3 ? Fault::duplicate : Fault::none;
  };
  w.boot();
  (void)w.engine->file(World::filing(), {});
  w.advance(10'000);
  EXPECT_EQ(w.server.complaints.size(), 1u);
  EXPECT_GE(w.server.requests, 4);
  EXPECT_EQ(w.count("submitted"), 1);  // the duplicated answer was consumed once
  EXPECT_EQ(w.engine->mine().size(), 1u);
}

TEST(Sync, RestartBetweenPersistedAndSentResendsTheSameKey) {
  World w;
  w.boot();
  const Result<Json> r = w.engine->file(World::filing(), {});
  w.store.complete(*w.engine);  // persisted…
  ASSERT_EQ(w.store.data.count("op:" + op_of(r)), 1u);
  const Json stored = Json::parse(w.store.data["op:" + op_of(r)]);
  w.crash_and_boot();  // …and the tab died before the next pump sent it
  EXPECT_TRUE(w.engine->ready());
  EXPECT_EQ(w.server.complaints.size(), 1u);
  ASSERT_EQ(w.transport.log.size(), 1u);
  EXPECT_EQ(header(w.transport.log[0], "Idempotency-Key"), stored["key"]);
}

TEST(Sync, RestartAfterSentBeforeAnswerStillOneComplaint) {
  World w;
  w.fault = [](const HttpRequest&) { return Fault::silent; };  // delivered, the tab dies waiting
  w.boot();
  (void)w.engine->file(World::filing(), {});
  w.settle();
  EXPECT_EQ(w.server.complaints.size(), 1u);
  w.fault = [](const HttpRequest&) { return Fault::none; };
  w.crash_and_boot(true);
  EXPECT_EQ(w.server.complaints.size(), 1u);
  EXPECT_EQ(keys_of_filings(w).size(), 1u);
  EXPECT_EQ(w.count("submitted"), 1);
  EXPECT_TRUE(w.engine->pending().empty());
}

TEST(Sync, UnconfirmedWriteLostInACrashWasNeverSent) {
  World w;
  w.boot();
  (void)w.engine->file(World::filing(), {});
  w.crash_and_boot(false);  // the put never reached disk: nothing was sent either
  EXPECT_TRUE(w.transport.log.empty());
  EXPECT_TRUE(w.server.complaints.empty());
}

TEST(Sync, FourXxMidQueueStopsOnlyThatOpAndShowsTheFields) {
  World w;
  w.boot();
  (void)w.engine->file(World::filing(), {});
  Json bad = World::filing("REJECT this one please");
  bad["client_ref"] = "11111111-2222-4333-8444-555555555555";
  const Result<Json> b = w.engine->file(bad, {});
  (void)w.engine->file(World::filing(), {});
  w.advance(1000);
  EXPECT_EQ(w.server.complaints.size(), 2u);
  const Json p = w.engine->pending();
  ASSERT_EQ(p.size(), 1u);  // kept, never dropped
  EXPECT_TRUE(p[0]["failed"].get<bool>());
  EXPECT_EQ(p[0]["last_error"]["status"], 422);
  EXPECT_EQ(p[0]["last_error"]["fields"]["problem"], "validation.too_short");
  EXPECT_FALSE(p[0]["last_error"]["field_messages"]["problem"].get<std::string>().empty());
  EXPECT_EQ(w.count("op-failed"), 1);
  EXPECT_EQ(w.count("error"), 1);
  const auto posts = [&w] {
    int n = 0;
    for (const HttpRequest& q : w.transport.log) n += q.method == "POST";
    return n;
  };
  const int sent = posts();
  w.advance(60'000);
  ASSERT_TRUE(w.flush());
  EXPECT_EQ(posts(), sent);  // a stopped op is not retried by itself
  // The customer fixes the text: same client_ref, new key, sent.
  bad["problem"] = "Now with enough detail to pass.";
  const Result<Json> fixed = w.engine->file(bad, {});
  ASSERT_TRUE(fixed.ok());
  EXPECT_NE(op_of(fixed), op_of(b));
  w.settle();
  EXPECT_EQ(w.server.complaints.size(), 3u);
  EXPECT_TRUE(w.engine->pending().empty());
}

TEST(Sync, InvalidFilingIsRefusedBeforeItIsQueued) {
  World w;
  w.boot();
  Json f = World::filing("short");
  f["customer"]["phone"] = "123";
  const Result<Json> r = w.engine->file(f, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields.at("problem"), Errc::validation_too_short);
  EXPECT_EQ(r.error().fields.at("customer.phone"), Errc::validation_phone_invalid);
  EXPECT_EQ(w.engine->outbox_size(), 0u);
  Json g = World::filing();
  g["business_type"] = 7;
  EXPECT_FALSE(w.engine->file(g, {}).ok());
}

TEST(Sync, RetryAndDiscardOnlyStoppedOps) {
  World w;
  w.boot();
  const Result<Json> b = w.engine->file(World::filing("REJECT this one please"), {});
  EXPECT_EQ(w.engine->discard(op_of(b)).code(), Errc::http_conflict);  // may be on its way
  w.settle();
  EXPECT_TRUE(w.engine->retry(op_of(b)).ok());
  w.settle();
  EXPECT_EQ(w.engine->pending()[0]["attempts"], 2);
  EXPECT_TRUE(w.engine->discard(op_of(b)).ok());
  w.settle();
  EXPECT_TRUE(w.engine->pending().empty());
  EXPECT_TRUE(w.store.data.empty());
  EXPECT_EQ(w.engine->retry("nope").code(), Errc::http_not_found);
}

// [SECTION] Order and uploads -----------------------------------------------------------------------
TEST(Sync, UploadsGoBeforeTheFilingThatNamesThem) {
  World w;
  int n = 0;
  w.fault = [&](const HttpRequest&) { return ++n == 2 ? Fault::status500 : Fault::none; };
  w.boot();
  w.store.data["blob:a"] = "png";
  w.store.data["blob:b"] = "pdf";
  Json f = World::filing();
  f["evidence"] = {"upload:0", "upload:1"};
  const Result<Json> r = w.engine->file(f, {{"blob:a", "image/png"}, {"blob:b", "application/pdf"}});
  ASSERT_TRUE(r.ok());
  w.advance(10'000);
  ASSERT_EQ(w.server.complaints.size(), 1u);
  std::vector<std::string> order;
  for (const HttpRequest& q : w.transport.log) order.push_back(q.path + (q.body_blob.empty() ? "" : " " + q.body_blob));
  ASSERT_EQ(order.size(), 4u);  // upload a, upload b (500), upload b again, filing
  EXPECT_EQ(order[0], "/uploads blob:a");
  EXPECT_EQ(order[1], "/uploads blob:b");
  EXPECT_EQ(order[2], "/uploads blob:b");
  EXPECT_EQ(order[3], "/complaints");
  EXPECT_EQ(w.server.complaints[0]["evidence"], Json({"up1", "up2"}));
  EXPECT_EQ(w.store.data.count("blob:a"), 0u);  // bytes dropped once the server has them
}

TEST(Sync, AFailedUploadHoldsItsFilingUntilDiscarded) {
  World w;
  w.boot();
  w.store.data["blob:t"] = "text";
  Json f = World::filing();
  f["evidence"] = {"upload:0"};
  const Result<Json> r = w.engine->file(f, {{"blob:t", "text/plain"}});
  w.advance(5000);
  EXPECT_TRUE(w.server.complaints.empty());
  const Json p = w.engine->pending();
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0]["kind"], "upload");
  EXPECT_EQ(p[0]["last_error"]["code"], "http.unsupported_media_type");
  ASSERT_TRUE(w.engine->discard(p[0]["op"].get<std::string>()).ok());
  w.settle();
  ASSERT_EQ(w.server.complaints.size(), 1u);
  EXPECT_EQ(w.server.complaints[0]["evidence"], Json::array());
  EXPECT_EQ(w.engine->file(Json::array(), {}).code(), Errc::json_not_object);
  Json bad = World::filing();
  bad["evidence"] = {"upload:3"};
  EXPECT_EQ(w.engine->file(bad, {}).code(), Errc::validation_evidence_invalid);
}

TEST(Sync, ActionsOnOneComplaintGoInOrderAndUseItsToken) {
  World w;
  w.boot();
  (void)w.engine->file(World::filing(), {});
  w.settle();
  const std::string no = w.engine->mine()[0]["acceptance_no"].get<std::string>();
  int n = 0;
  w.fault = [&](const HttpRequest& q) { return q.path != "/complaints" && ++n == 1 ? Fault::status503 : Fault::none; };
  ASSERT_TRUE(w.engine->act(OpKind::supplement, no, Json{{"text", "one more thing"}}).ok());
  ASSERT_TRUE(w.engine->act(OpKind::escalate, no, Json{{"reason", "slow"}}).ok());
  ASSERT_TRUE(w.engine->act(OpKind::withdraw, no, Json{{"reason", "solved"}}).ok());
  w.advance(20'000);
  ASSERT_EQ(w.server.actions.size(), 3u);
  EXPECT_EQ(w.server.actions[0], "supplements " + no);
  EXPECT_EQ(w.server.actions[1], "escalations " + no);
  EXPECT_EQ(w.server.actions[2], "withdrawal " + no);
  EXPECT_EQ(w.engine->act(OpKind::survey, "TS-260105-00000000-0", Json::object()).code(), Errc::acceptance_no_checksum);
  const std::string other = make_acceptance_no(std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{1},
                                                                           std::chrono::day{5}}, 999);
  EXPECT_EQ(w.engine->act(OpKind::escalate, other, Json::object()).code(), Errc::auth_unauthorized);
  EXPECT_TRUE(w.engine->act(OpKind::survey, other, Json{{"token", "t"}, {"overall", 5}}).ok());
  EXPECT_EQ(w.engine->act(OpKind::file, no, Json::object()).code(), Errc::http_bad_request);
}

TEST(Sync, SurveySubmittedEvent) {
  World w;
  w.boot();
  (void)w.engine->file(World::filing(), {});
  w.settle();
  const std::string no = w.engine->mine()[0]["acceptance_no"].get<std::string>();
  ASSERT_TRUE(w.engine->act(OpKind::survey, no, Json{{"overall", 5}, {"resolved", true}}).ok());
  w.settle();
  EXPECT_EQ(w.count("survey-submitted"), 1);
}

// [SECTION] Schema versions -------------------------------------------------------------------------
TEST(Sync, OutboxWrittenByAnOlderSchemaIsMigratedAndSentWithItsKey) {
  World w;
  Json v1 = {{"v", 1}, {"type", "filing"}, {"idempotency_key", "k-old-1"}, {"payload", World::filing()},
             {"tries", 3}, {"next_at", 0}, {"created_at", 1}};
  v1["payload"]["client_ref"] = "0f8fad5b-d9cb-469f-a165-70867728950e";
  w.store.data["op:legacy1"] = v1.dump();
  w.store.data["op:future"] = R"({"v":9,"kind":"teleport"})";
  w.store.data["op:garbage"] = "{not json";
  w.store.data["op:v1bad"] = R"({"v":1,"type":"fax","idempotency_key":"k","payload":{}})";
  w.boot();
  ASSERT_EQ(w.server.complaints.size(), 1u);
  EXPECT_EQ(header(w.transport.log.at(0), "Idempotency-Key"), "k-old-1");
  EXPECT_EQ(w.server.complaints[0]["client_ref"], "0f8fad5b-d9cb-469f-a165-70867728950e");
  EXPECT_EQ(w.store.data.count("op:legacy1"), 0u);
  // Records this release cannot use stay stored, untouched, visible as stopped, never sent.
  EXPECT_EQ(w.store.data["op:future"], R"({"v":9,"kind":"teleport"})");
  EXPECT_EQ(w.store.data["op:garbage"], "{not json");
  const Json p = w.engine->pending();
  ASSERT_EQ(p.size(), 3u);
  for (const Json& e : p) {
    EXPECT_EQ(e["kind"], "unknown");
    EXPECT_TRUE(e["failed"].get<bool>());
    EXPECT_EQ(e["last_error"]["code"], "storage.error");
  }
  EXPECT_EQ(w.transport.log.size(), 1u);
  EXPECT_EQ(w.engine->retry("future").code(), Errc::http_conflict);
  EXPECT_TRUE(w.engine->discard("garbage").ok());  // the customer (or support) may clear it
}

TEST(Sync, OlderSchemaMigrationIsRewrittenBeforeAnyLaterCrash) {
  World w;
  w.fault = [](const HttpRequest&) { return Fault::drop_before; };
  Json v1 = {{"v", 1}, {"type", "withdrawal"}, {"idempotency_key", "k-w"}, {"payload", {{"reason", "ok"}}},
             {"no", "TS-260105-00000001-X"}};
  w.store.data["op:w1"] = v1.dump();
  w.boot();
  const Json rec = Json::parse(w.store.data.at("op:w1"));
  EXPECT_EQ(rec["v"], kOutboxSchemaVersion);
  EXPECT_EQ(rec["key"], "k-w");
  EXPECT_EQ(rec["kind"], "withdraw");
  EXPECT_EQ(rec["acceptance_no"], "TS-260105-00000001-X");
  // No token for that complaint on this device: stopped with auth.unauthorized, not dropped.
  EXPECT_EQ(w.engine->pending()[0]["last_error"]["code"], "auth.unauthorized");
}

TEST(SyncOp, RoundTripsEveryField) {
  Op op;
  op.id = "abc";
  op.seq = 42;
  op.kind = OpKind::upload;
  op.group = "g";
  op.key = "k";
  op.client_ref = "c";
  op.blob = "blob:x";
  op.content_type = "image/png";
  op.created_at = 5;
  op.attempts = 2;
  op.next_attempt_at = 7;
  op.not_before = 6;
  op.failed = true;
  op.last_error = OpError{415, Errc::http_unsupported_media_type, "m", {{"file", Errc::http_unsupported_media_type}}};
  const Op back = decode_op("abc", encode_op(op));
  EXPECT_EQ(encode_op(back), encode_op(op));
  EXPECT_EQ(back.last_error->fields.at("file"), Errc::http_unsupported_media_type);
  for (OpKind k : {OpKind::upload, OpKind::file, OpKind::supplement, OpKind::escalate, OpKind::withdraw, OpKind::survey}) {
    EXPECT_EQ(op_kind_from_name(op_kind_name(k)), k);
  }
  EXPECT_FALSE(op_kind_from_name("fax"));
  // A version-2 record missing what its kind needs is unusable, not a crash.
  EXPECT_FALSE(decode_op("x", R"({"v":2,"kind":"survey","key":"k","group":"g","body":{}})").raw.empty());
  EXPECT_FALSE(decode_op("x", R"({"v":2,"kind":"upload","key":"k","group":"g"})").raw.empty());
  EXPECT_FALSE(decode_op("x", "[]").raw.empty());
}

// Found by tests/fuzz/sync_op_fuzz: an empty stored record decoded with an empty `raw`, which the
// engine takes for a usable op, so retry() let a "null" filing go to the server.
TEST(Regression, Fuzz_EmptyOutboxRecordStaysUnusable) {
  const Op op = decode_op("e", "");
  EXPECT_FALSE(op.raw.empty());
  EXPECT_TRUE(op.failed);
  EXPECT_FALSE(decode_op("e", encode_op(op)).raw.empty());
  World w;
  w.store.data["op:e"] = "";
  w.boot();
  ASSERT_EQ(w.engine->pending().size(), 1u);
  EXPECT_EQ(w.engine->pending()[0]["kind"], "unknown");
  EXPECT_EQ(w.engine->retry("e").code(), Errc::http_conflict);
  w.flush();
  EXPECT_TRUE(w.transport.log.empty());
  EXPECT_TRUE(w.engine->discard("e").ok());
}

// Found by probing the stored-outbox decoder under UBSan (tests/fuzz/sync_op_fuzz): a float beyond
// int64 was converted (undefined), and a stored INT_MAX attempt count overflowed at the next send.
TEST(Regression, Fuzz_OutboxRecordNumbersOutOfRange) {
  const Op big = decode_op("b", R"({"v":2,"kind":"file","group":"g","key":"k","body":{},"attempts":2147483647,)"
                                R"("next_attempt_at":1e300,"created_at":-1e300,"not_before":1.5e3})");
  ASSERT_TRUE(big.raw.empty());
  EXPECT_GT(big.attempts, 0);
  EXPECT_LE(big.attempts, 1 << 20);
  EXPECT_EQ(big.next_attempt_at, 0);
  EXPECT_EQ(big.created_at, 0);
  EXPECT_EQ(big.not_before, 1500);
  EXPECT_EQ(decode_op("n", R"({"v":2,"kind":"file","group":"g","key":"k","body":{},"attempts":-5})").attempts, 0);
  const Op v1 = decode_op("o", R"({"v":1,"type":"withdrawal","idempotency_key":"k","payload":{},"no":"TS-260105-00000001-X",)"
                               R"("tries":9007199254740993,"created_at":1e19})");
  ASSERT_TRUE(v1.raw.empty());
  EXPECT_LE(v1.attempts, 1 << 20);
  EXPECT_EQ(v1.created_at, 0);
  // The engine sends it and counts on without overflowing (UBSan in native-asan would say so).
  World w;
  w.fault = [](const HttpRequest&) { return Fault::status500; };
  w.store.data["op:b"] = R"({"v":2,"kind":"file","group":"g","key":"k","body":{},"attempts":2147483647})";
  w.boot();
  w.flush();
  EXPECT_GT(w.engine->pending()[0]["attempts"].get<int>(), 1 << 20);
}

// [SECTION] Drafts, cache, passes, tabs ------------------------------------------------------------
TEST(Sync, DraftsSurviveARestart) {
  World w;
  w.boot();
  w.engine->save_draft(7, "filing", Json{{"problem", "半句话"}});
  w.settle();
  EXPECT_EQ(w.count("call-done"), 1);
  w.crash_and_boot();
  EXPECT_EQ(w.engine->load_draft("filing")["problem"], "半句话");
  EXPECT_TRUE(w.engine->load_draft("other").is_null());
  w.engine->save_draft(8, "filing", Json());
  w.settle();
  EXPECT_EQ(w.store.data.count("draft:filing"), 0u);
  w.store.fail_puts = true;
  w.engine->save_draft(9, "filing", Json{{"x", 1}});
  w.settle();
  EXPECT_EQ(w.events.back().second["error"]["code"], "storage.error");
}

// DESIGN §8 "on the device" (issue 21): drafts go 30 days after they were last saved, access tokens
// 180 days after they were last used; the complaint stays in "my complaints" without its token.
// Records stored before this rule start their clock when first loaded.
TEST(Sync, TheDeviceKeepsDraftsThirtyDaysAndUnusedTokensHalfAYear) {
  constexpr std::int64_t kDay = 86'400'000;
  World w;
  w.boot();
  w.engine->save_draft(1, "filing", Json{{"problem", "半句话"}});
  (void)w.engine->file(World::filing(), {});
  w.settle();
  ASSERT_TRUE(w.flush());
  const Json mine = w.engine->mine();
  ASSERT_EQ(mine.size(), 1u);
  const std::string no = str_of(mine[0], "acceptance_no");
  ASSERT_FALSE(str_of(parse_json(w.store.data["mine:" + no]).value(), "access_token").empty());
  // An older store: a draft and a complaint saved before either had a time.
  w.store.data["draft:old"] = R"({"problem":"很久以前"})";

  w.now += 29 * kDay;
  w.crash_and_boot();
  EXPECT_EQ(w.engine->load_draft("filing")["problem"], "半句话") << "29 days: kept";
  EXPECT_EQ(w.engine->load_draft("old")["problem"], "很久以前") << "untimed: its clock starts now";
  w.now += 2 * kDay;
  w.crash_and_boot();
  EXPECT_TRUE(w.engine->load_draft("filing").is_null()) << "31 days after it was saved";
  EXPECT_EQ(w.store.data.count("draft:filing"), 0u);
  EXPECT_EQ(w.store.data.count("draft_at:filing"), 0u);
  EXPECT_EQ(w.engine->load_draft("old")["problem"], "很久以前") << "2 days on its own clock";

  // Opening the widget refreshes "my complaints" with the token: a use, so the 180 days start again.
  w.now += 170 * kDay;
  w.crash_and_boot();
  EXPECT_FALSE(str_of(parse_json(w.store.data["mine:" + no]).value(), "access_token").empty()) << "used 170 days ago";
  EXPECT_EQ(parse_json(w.store.data["mine:" + no]).value()["used_at"], w.now) << "and used again now";
  w.now += 181 * kDay;
  w.crash_and_boot();
  const Json kept = parse_json(w.store.data["mine:" + no]).value();
  EXPECT_TRUE(str_of(kept, "access_token").empty()) << "unused for 181 days";
  EXPECT_FALSE(kept.contains("view")) << "nor its last view";
  ASSERT_EQ(w.engine->mine().size(), 1u) << "still listed";
  EXPECT_EQ(str_of(w.engine->mine()[0], "acceptance_no"), no);
}

TEST(Sync, MyComplaintsRefreshWithIfNoneMatchWhileVisible) {
  World w;
  w.options.refresh_interval_ms = 10'000;
  w.boot();
  (void)w.engine->file(World::filing(), {});
  w.settle();
  const std::string no = w.engine->mine()[0]["acceptance_no"].get<std::string>();
  w.advance(10'000);  // first refresh: 200 with an ETag
  w.advance(10'000);  // second: If-None-Match → 304
  std::vector<std::string> inm;
  for (const HttpRequest& q : w.transport.log) {
    if (q.method == "GET") inm.push_back(header(q, "If-None-Match"));
  }
  ASSERT_GE(inm.size(), 2u);
  EXPECT_EQ(inm[0], "");
  EXPECT_EQ(inm[1], "\"v1\"");
  w.server.status_of[no] = "accepted";
  ++w.server.version_of[no];
  w.advance(10'000);
  EXPECT_EQ(w.count("status"), 1);
  EXPECT_EQ(w.engine->mine()[0]["status"], "accepted");
  // Hidden: no background requests.
  w.engine->set_visible(false);
  const std::size_t before = w.transport.log.size();
  w.advance(60'000);
  EXPECT_EQ(w.transport.log.size(), before);
  // Offline: getComplaint answers from the cache, marked stale.
  w.fault = [](const HttpRequest&) { return Fault::drop_before; };
  w.engine->get_complaint(5, no);
  w.settle();
  const Json d = w.events.back().second;
  EXPECT_EQ(w.events.back().first, "call-done");
  EXPECT_TRUE(d["ok"].get<bool>());
  EXPECT_TRUE(d["body"]["stale"].get<bool>());
  EXPECT_EQ(d["body"]["status"], "accepted");
}

TEST(Sync, ReadsVerifyMetaAndCalls) {
  World w;
  const std::string valid = make_acceptance_no(
      std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{1}, std::chrono::day{5}}, 77);
  w.boot();
  w.engine->meta(1);
  w.settle();
  EXPECT_EQ(w.events.back().second["body"]["policy"]["version"], "1");
  w.fault = [](const HttpRequest&) { return Fault::drop_before; };
  w.crash_and_boot();
  w.engine->meta(2);
  w.settle();
  EXPECT_TRUE(w.events.back().second["body"]["stale"].get<bool>());
  w.fault = [](const HttpRequest&) { return Fault::none; };
  w.engine->get_complaint(3, valid);
  EXPECT_EQ(w.events.back().second["error"]["code"], "auth.unauthorized");
  w.engine->get_complaint(4, "nonsense");
  EXPECT_EQ(w.events.back().second["error"]["code"], "acceptance_no.format");
  w.engine->call(5, "POST", "/lookup", Json{{"acceptance_no", "x"}});
  w.settle();
  EXPECT_EQ(w.events.back().second["status"], 404);
  EXPECT_FALSE(w.events.back().second["ok"].get<bool>());
  w.engine->verify_lookup(6, valid, Json{{"code", "123456"}});
  w.settle();
  EXPECT_FALSE(w.events.back().second["ok"].get<bool>());
}

// DESIGN §4 lookup by phone: the phone's complaints join "my complaints" and open with the phone
// token; one filed on this device keeps its own token; all of it survives a reload.
TEST(Sync, VerifyPhoneLookupMergesThePhonesComplaints) {
  World w;
  w.boot();
  ASSERT_TRUE(w.engine->file(World::filing(), {}).ok());
  ASSERT_TRUE(w.flush());
  ASSERT_EQ(w.engine->mine().size(), 1u);
  const std::string own = w.engine->mine()[0]["acceptance_no"].get<std::string>();
  const std::string elsewhere = make_acceptance_no(
      std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{1}, std::chrono::day{5}}, 40);
  w.server.status_of[elsewhere] = "processing";  // filed on the hotline
  w.server.version_of[elsewhere] = 1;

  w.engine->verify_phone_lookup(7, Json{{"phone", "13912345678"}, {"code", "000000"}});
  w.settle();
  EXPECT_FALSE(w.events.back().second["ok"].get<bool>());
  EXPECT_EQ(w.events.back().second["error"]["code"], "lookup.code_invalid");
  EXPECT_EQ(w.engine->mine().size(), 1u);

  w.engine->verify_phone_lookup(8, Json{{"phone", "13912345678"}, {"code", "123456"}});
  w.settle();
  const Json done = w.events.back().second;
  ASSERT_TRUE(done["ok"].get<bool>()) << done.dump();
  EXPECT_EQ(done["body"]["scope"], "phone");
  EXPECT_EQ(done["body"]["items"].size(), 2u);
  EXPECT_FALSE(done["body"].contains("access_token")) << "the token stays inside the engine";
  EXPECT_TRUE(phone_lookup_from_json(done["body"]).ok());

  w.crash_and_boot();
  const Json mine = w.engine->mine();
  ASSERT_EQ(mine.size(), 2u);
  for (const Json& m : mine) EXPECT_FALSE(m.contains("access_token"));
  w.engine->get_complaint(9, elsewhere);
  w.settle();
  EXPECT_TRUE(w.events.back().second["ok"].get<bool>());
  EXPECT_EQ(w.events.back().second["body"]["status"], "processing");
  EXPECT_EQ(header(w.transport.log.back(), "Authorization"), std::string("Bearer ") + FakeServer::kPhoneToken);
  w.engine->get_complaint(10, own);
  w.settle();
  EXPECT_EQ(header(w.transport.log.back(), "Authorization"), "Bearer " + w.server.token_for(own));
}

TEST(Sync, FlushPassEndsWhenEveryDueOpAnswered) {
  World w;
  w.fault = [](const HttpRequest&) { return Fault::drop_before; };
  w.boot();
  for (int i = 0; i < 3; ++i) (void)w.engine->file(World::filing(), {});
  ASSERT_TRUE(w.flush());
  for (const Json& p : w.engine->pending()) EXPECT_EQ(p["attempts"], 1);
  w.engine->set_sending(false);  // another tab holds the outbox
  w.advance(60'000);
  EXPECT_TRUE(w.engine->has_due(w.now));  // the host would take the lock now
  const std::size_t before = w.transport.log.size();
  ASSERT_TRUE(w.flush());
  w.advance(60'000);
  EXPECT_EQ(w.transport.log.size(), before);
  w.engine->set_sending(true);
  w.fault = [](const HttpRequest&) { return Fault::none; };
  ASSERT_TRUE(w.flush());
  EXPECT_FALSE(w.engine->has_due(w.now));
}

TEST(Sync, TwoTabsSharingOneStoreSendEachComplaintOnce) {
  World a;
  World b;
  b.store.db = &a.store.data;  // one IndexedDB
  b.srv = &a.server;
  b.rng = 999;
  a.boot();
  b.boot();
  a.engine->set_sending(false);  // neither holds the Web Lock yet
  b.engine->set_sending(false);
  const Result<Json> x = a.engine->file(World::filing(), {});
  const Result<Json> y = b.engine->file(World::filing(), {});
  a.settle();
  b.settle();
  EXPECT_TRUE(a.transport.log.empty());
  EXPECT_TRUE(b.transport.log.empty());
  // Tab A takes the lock: re-reads the outbox (sees B's op too), sends both, lets go.
  a.engine->set_sending(true);
  ASSERT_TRUE(a.flush(true, true));
  a.engine->set_sending(false);
  EXPECT_EQ(a.server.complaints.size(), 2u);
  // Tab B's turn: its op is gone from the store, so it learns the outcome instead of resending.
  b.engine->set_sending(true);
  ASSERT_TRUE(b.flush(true, true));
  for (const HttpRequest& q : b.transport.log) ADD_FAILURE() << q.method << " " << q.path;
  EXPECT_EQ(a.server.complaints.size(), 2u);
  bool told = false;
  for (const auto& [type, d] : b.events) {
    if (type == "submitted" && d["client_ref"] == y.value()["client_ref"] && d.value("other_tab", false)) told = true;
  }
  EXPECT_TRUE(told);
  EXPECT_EQ(b.engine->mine().size(), 2u);
  EXPECT_TRUE(b.engine->pending().empty());
  (void)x;
}

TEST(Regression, PassWaitsForOpsThatFellDueDuringIt) {
  // Two tabs sent one op: tab A's pass ended (lock released) while an op filed during the pass was
  // still on the wire; tab B re-read the store, still saw it, and sent it again.
  World w;
  w.fault = [](const HttpRequest&) { return Fault::silent; };
  w.boot();
  (void)w.engine->file(World::filing(), {});
  w.settle();  // on the wire, never answered
  w.engine->flush(99, true, false);
  w.engine->pump(w.now);
  w.settle();
  EXPECT_EQ(w.count("flushed"), 0);
  w.advance(w.options.timeout_ms + 1000);  // the watchdog ends it
  EXPECT_EQ(w.count("flushed"), 1);
}

TEST(Regression, FilingAnswerWithoutARealNumberIsAskedAgain) {
  // Found by the browser fault matrix (tests/e2e/faults.test.mjs): a 201 whose body came back as
  // 20 MB of {"acceptance_no":"AAAA…"} was taken as filed, and the device kept a junk number.
  World w;
  int n = 0;
  w.fault = [&](const HttpRequest&) { return ++n <= 2 ? Fault::silent : Fault::none; };
  w.boot();
  (void)w.engine->file(World::filing(), {});
  const std::string junk[] = {R"({"acceptance_no":")" + std::string(5000, 'A') + R"("})",
                              R"({"acceptance_no":"TS-260601-0123456Z","access_token":"t"})"};
  for (std::size_t i = 0; i < 2; ++i) {
    for (int step = 0; step < 100 && w.never_answered.size() <= i; ++step) w.advance(100);
    ASSERT_EQ(w.never_answered.size(), i + 1);
    w.engine->on_http_done({w.never_answered[i].id, 201, junk[i], {}, {}});
    w.settle();
    EXPECT_EQ(w.count("submitted"), 0) << junk[i].substr(0, 60);
  }
  w.advance(10'000);
  EXPECT_EQ(w.server.complaints.size(), 1u);
  EXPECT_EQ(w.count("submitted"), 1);
  const Json mine = w.engine->mine();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_TRUE(parse_acceptance_no(mine[0].value("acceptance_no", std::string())).ok()) << mine.dump();
}

TEST(Sync, TwoTabsWithoutTheLockStillFileOnceThanksToTheKey) {
  World a;
  World b;
  b.store.db = &a.store.data;
  b.srv = &a.server;
  b.rng = 4242;
  a.boot();
  (void)a.engine->file(World::filing(), {});
  a.engine->set_sending(false);
  a.settle();
  b.boot();  // loads A's persisted op
  a.engine->set_sending(true);
  a.engine->pump(a.now);
  b.engine->pump(b.now);  // both send the same op before either hears back
  a.settle();
  b.settle();
  EXPECT_EQ(a.server.complaints.size(), 1u);
  EXPECT_EQ(keys_of_filings(a), keys_of_filings(b));
}

// Regression (sync_op_fuzz, UBSan): a stored "my complaints" record with refreshed_at at INT64_MAX
// overflowed `refreshed_at + interval`, and a float like 1e300 was converted to int64 (both
// undefined behaviour, which the native-asan run of this test halts on). A time after now: due now.
TEST(Regression, Fuzz_MineRecordWithRefreshTimeOutOfRange) {
  for (const Json& bad : {Json(std::numeric_limits<std::int64_t>::max()), Json(1e300), Json(-1e300)}) {
    World w;
    w.options.refresh_interval_ms = 10'000;
    w.boot();
    (void)w.engine->file(World::filing(), {});
    w.settle();
    const std::string no = w.engine->mine()[0]["acceptance_no"].get<std::string>();
    const std::string key = "mine:" + no;
    ASSERT_EQ(w.store.data.count(key), 1u);
    Json m = Json::parse(w.store.data[key]);
    m["refreshed_at"] = bad;
    w.store.data[key] = m.dump();
    const auto gets = [&] {
      int n = 0;
      for (const HttpRequest& q : w.transport.log) n += q.method == "GET" && q.path.find(no) != std::string::npos;
      return n;
    };
    const int before = gets();
    w.crash_and_boot(true);
    w.advance(10'000);
    EXPECT_GE(gets(), before + 1) << bad.dump() << ": refreshed, not put off for ever";
    EXPECT_LE(gets(), before + 2) << bad.dump() << ": and not in a tight loop";
  }
}

// Found in the browser under load (tracking e2e, "网络响应超时" with the server's 202 logged at
// once): a host command sends between pumps, when the engine's clock is the last pump's; a page
// idle for longer than the timeout pumped next with a clock already past a deadline counted from
// there, and the watchdog ended a request the server had answered.
TEST(Regression, ARequestSentAfterAnIdleSpellIsNotTimedOutAtTheNextPump) {
  World w;
  w.boot();
  w.now += 60'000;  // a minute with nothing to do: no pump
  w.engine->call(41, "GET", "/meta", Json());
  ASSERT_EQ(w.transport.outbox.size(), 1u);
  w.engine->pump(w.now + 50);  // the next frame's pump comes before the answer
  EXPECT_EQ(w.count("call-done"), 0) << "ended by the watchdog before the answer could come";
  w.now += 100;
  w.settle();
  ASSERT_EQ(w.count("call-done"), 1);
  EXPECT_EQ(w.events.back().second["ok"], true) << w.events.back().second.dump();
  // A request that really gets no answer is still ended by the watchdog, timeout + grace after it.
  w.fault = [](const HttpRequest&) { return Fault::silent; };
  w.engine->call(42, "GET", "/meta", Json());
  w.settle();
  w.advance(w.options.timeout_ms + 1000);
  ASSERT_EQ(w.count("call-done"), 2);
  EXPECT_EQ(w.events.back().second["error"]["code"], "network.timeout") << w.events.back().second.dump();
}

}  // namespace
}  // namespace cw::sync
