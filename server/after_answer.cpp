// server/after_answer.cpp — see after_answer.h.
#include "server/after_answer.h"

namespace cw::server {

AfterAnswer::AfterAnswer() : thread_([this] { run(); }) {}

AfterAnswer::~AfterAnswer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

bool AfterAnswer::post(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (jobs_.size() >= kMaxQueued) return false;
    jobs_.push_back({std::chrono::steady_clock::now() + kDelay, std::move(job)});
  }
  cv_.notify_one();
  return true;
}

void AfterAnswer::drain() {
  std::unique_lock<std::mutex> lock(mu_);
  ++draining_;
  cv_.notify_all();
  idle_.wait(lock, [this] { return jobs_.empty() && !running_job_; });
  --draining_;
}

void AfterAnswer::run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping, and nothing left to run
    // Not before its time, unless the server is stopping or someone waits for the queue to empty.
    // (Only this thread pops, so the front job is still the same one after the wait.)
    cv_.wait_until(lock, jobs_.front().not_before, [this] { return stopping_ || draining_ > 0; });
    std::function<void()> job = std::move(jobs_.front().run);
    jobs_.pop_front();
    running_job_ = true;
    lock.unlock();
    job();
    lock.lock();
    running_job_ = false;
    if (jobs_.empty()) idle_.notify_all();
  }
}

}  // namespace cw::server
