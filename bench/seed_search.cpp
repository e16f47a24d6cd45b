// bench/seed_search.cpp — seeds N complaints into a SQLite database for bench/search (issue 22 item 1):
// real filings through the core (decoded, decided, encoded), written with the server's own storage and
// the same derived columns and search terms as a filing. The handling columns (status, owner, level,
// next deadline) are drawn from an operator's mix: most cases closed, ~12 % open, 1 in 100 overdue.
// Usage: cw-bench-seed DB N   (prints the phone, service number and words the bench searches for)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/acceptance_no.h"
#include "core/codec.h"
#include "core/workflow.h"
#include "server/search.h"
#include "server/service.h"
#include "server/storage.h"

namespace {

using namespace cw;
using namespace cw::server;

// Fragments of complaints as customers write them; each complaint takes three.
const char* const kPhrases[] = {
    "本月账单多扣了三十元流量费", "话费余额不足却没有提醒", "套餐资费与营业员承诺不符", "国际漫游费用过高",
    "宽带网速很慢经常断线", "家里信号很差打不通电话", "5G网络覆盖不到小区", "晚上高峰期上网卡顿",
    "营业厅工作人员态度恶劣", "客服电话一直打不进去", "投诉多次没有回复", "上门维修人员迟到两个小时",
    "手机卡被停机没有通知", "流量包订购后没有生效", "积分兑换失败", "携号转网被拒绝",
    "收到大量骚扰短信", "个人信息疑似被泄露", "未经同意开通了增值业务", "合约到期后自动续约",
    "宽带安装一直拖延", "光猫故障无法上网", "固话有杂音", "来电显示功能不能用",
    "退订后仍然扣费", "发票开具错误", "充值未到账", "副卡被收取月租",
    "视频会员无法使用", "云盘空间被扣费", "路由器租赁费不合理", "老人机套餐被更改",
    "please refund the roaming charges", "the broadband router keeps rebooting", "billing error on my invoice",
    "no signal at home since last week", "the app shows a wrong balance", "unwanted value added service",
};
const char* const kDemands[] = {"退还多扣的费用", "尽快修复网络", "给出书面解释", "取消该业务并退费",
                                "赔偿损失", "道歉并改进服务", "恢复原套餐"};
// One complaint in a thousand names this (the bench's rare word).
const char* const kRare = "携号转网时被收取违约金";

template <class T, std::size_t N>
const T& pick(std::mt19937_64& rng, const T (&a)[N]) {
  return a[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
}

// Weighted choice: weights in percent (the rest goes to the last).
template <std::size_t N>
const char* weighted(std::mt19937_64& rng, const char* const (&names)[N], const double (&weights)[N]) {
  double x = std::uniform_real_distribution<double>(0, 100)(rng);
  for (std::size_t i = 0; i < N; ++i) {
    if (x < weights[i]) return names[i];
    x -= weights[i];
  }
  return names[N - 1];
}

std::string mobile(std::mt19937_64& rng) {
  // Appended char by char: "1" + to_string(…) trips GCC 12's -Wrestrict false positive at -O3.
  std::string s = "1";
  s.push_back(static_cast<char>('0' + std::uniform_int_distribution<int>(3, 9)(rng)));
  for (int i = 0; i < 9; ++i) s.push_back(static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(rng)));
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DB N\n", argv[0]);
    return 2;
  }
  const long n = std::atol(argv[2]);
  auto storage = open_sqlite_storage(argv[1], 1);
  if (!storage) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  const Policy& policy = default_policy();
  std::mt19937_64 rng(22);
  const Timestamp now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const char* const channels[] = {"web", "app", "hotline", "shop", "email", "letter", "social"};
  const double channel_w[] = {45, 35, 12, 4, 2, 1, 1};
  const char* const categories[] = {"billing", "network", "service", "product", "privacy", "other"};
  const double category_w[] = {35, 30, 15, 10, 3, 7};
  const char* const businesses[] = {"mobile", "broadband", "fixed_line", "data", "other"};
  const double business_w[] = {60, 20, 8, 8, 4};
  const char* const open_statuses[] = {"received", "accepted", "investigating", "processing", "replied", "follow_up",
                                       "escalated"};
  const std::string repeat_phone = "13912345678";  // three complaints of one customer
  const std::string repeat_service = "13800138000";

  long done = 0;
  const auto started = std::chrono::steady_clock::now();
  while (done < n) {
    const long batch = std::min<long>(10000, n - done);
    Result<void> w = storage.value()->write([&](Tx& tx) -> Result<void> {
      for (long i = 0; i < batch; ++i) {
        const long k = done + i;
        // Filed over the last two years; 12 % are open, filed in the last 30 days.
        const bool open = std::uniform_real_distribution<double>(0, 1)(rng) < 0.12;
        const auto age = std::chrono::seconds(open ? std::uniform_int_distribution<long>(0, 30 * 86400)(rng)
                                                   : std::uniform_int_distribution<long>(30 * 86400, 730 * 86400)(rng));
        const Timestamp filed = now - age;
        const std::string phone = k % 333333 == 7 ? repeat_phone : mobile(rng);
        const std::string service = k % 333333 == 11 ? repeat_service : (k % 3 ? phone : mobile(rng));
        std::string problem = std::string(pick(rng, kPhrases)) + "，" + pick(rng, kPhrases) + "。" + pick(rng, kPhrases) + "。";
        if (k % 1000 == 500) problem += kRare + std::string("。");
        Json f = {{"client_ref", "0b7e7c1a-3d3b-4a8e-9a51-2f0a0c1d2e3f"},
                  {"channel", weighted(rng, channels, channel_w)},
                  {"business_type", weighted(rng, businesses, business_w)},
                  {"category", weighted(rng, categories, category_w)},
                  {"occurred_at", format_iso8601(filed - std::chrono::hours(24))},
                  {"service_number", service},
                  {"problem", problem},
                  {"demand", pick(rng, kDemands)},
                  {"customer", {{"name", "王小明"}, {"phone", phone}, {"reply_method", "sms"}}},
                  {"evidence", Json::array()},
                  {"consent", true}};
        Result<Complaint> filing = complaint_from_json(f);
        if (!filing) return filing.error();
        Case c;
        c.filing = filing.value();
        c.filing.channel = Channel::web;  // the filing rule for customers; the column keeps the drawn one
        Result<Outcome> o = decide(c, Action::file, Actor::customer, ActionPayload{}, filed, policy);
        if (!o) return o.error();
        apply(c, o.value());
        c.acceptance_no = generate_acceptance_no(filed, [&] { return rng() & ((1ULL << 40) - 1); });
        ComplaintRecord rec;
        rec.acceptance_no = c.acceptance_no;
        rec.phone_key = phone;
        rec.filed_at = unix_seconds(filed);
        rec.updated_at = rec.filed_at;
        rec.doc = dump_json(to_json(c));
        derive_list_columns(policy, c, rec);
        rec.channel = f["channel"].get<std::string>();
        rec.words = search_words(c.filing.problem, c.filing.demand);
        if (open) {
          rec.status = pick(rng, open_statuses);
          // ~1 in 12 open cases is late: its deadline passed up to 5 days ago; the rest run up to 15 days.
          const bool late = std::uniform_int_distribution<int>(0, 11)(rng) == 0;
          rec.next_deadline = unix_seconds(now) + (late ? -std::uniform_int_distribution<long>(60, 5 * 86400)(rng)
                                                        : std::uniform_int_distribution<long>(60, 15 * 86400)(rng));
        } else {
          const int r = std::uniform_int_distribution<int>(0, 99)(rng);
          rec.status = r < 95 ? "closed" : r < 98 ? "rejected" : "withdrawn";
          rec.next_deadline = kNoDeadline;
          rec.closed_at = rec.filed_at + 10 * 86400;
        }
        if (rec.status != "received") rec.owner = "坐席" + std::to_string(std::uniform_int_distribution<int>(1, 300)(rng));
        const int l = std::uniform_int_distribution<int>(0, 999)(rng);
        rec.escalation_level = l < 1 ? 3 : l < 6 ? 2 : l < 26 ? 1 : 0;
        if (auto id = tx.insert_complaint(rec); !id) return id.error();
      }
      return {};
    });
    if (!w) {
      std::fprintf(stderr, "seeding failed at %ld: %s\n", done, std::string(code_id(w.code())).c_str());
      return 1;
    }
    done += batch;
    if (done % 100000 == 0)
      std::fprintf(stderr, "seeded %ld (%.0f s)\n", done,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  storage.value()->checkpoint();
  std::printf("phone=%s service_number=%s rare=%s\n", repeat_phone.c_str(), repeat_service.c_str(), kRare);
  return 0;
}
