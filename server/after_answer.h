// server/after_answer.h — work that must not delay the answer it follows (DESIGN §8: a lookup takes
// the same time whether or not the number or phone exists, so its message leaves after the answer).
// One thread runs the posted jobs in order, each kDelay after it was posted — by then the answer has
// left, and the job's work (a decode, a write) no longer competes with it for the CPU and the disk
// while it is being sent. A full queue refuses a job (the customer can ask again).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace cw::server {

class AfterAnswer {
 public:
  static constexpr std::size_t kMaxQueued = 4096;
  static constexpr std::chrono::milliseconds kDelay{100};

  AfterAnswer();
  // Runs what is still queued, then joins: a graceful stop sends every code already promised.
  ~AfterAnswer();
  AfterAnswer(const AfterAnswer&) = delete;
  AfterAnswer& operator=(const AfterAnswer&) = delete;

  // False when kMaxQueued jobs are waiting (the job is dropped).
  bool post(std::function<void()> job);
  // Waits until every job posted before the call has run (the dev messages endpoint, tests); their
  // delay is skipped.
  void drain();

 private:
  void run();
  std::mutex mu_;
  std::condition_variable cv_, idle_;
  struct Job {
    std::chrono::steady_clock::time_point not_before;
    std::function<void()> run;
  };
  std::deque<Job> jobs_;
  bool running_job_ = false;
  int draining_ = 0;  // callers in drain(): run what is queued without waiting
  bool stopping_ = false;
  std::thread thread_;  // last: started once the members above exist
};

}  // namespace cw::server
