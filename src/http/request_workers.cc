#include "http/request_workers.h"

namespace lakehouse {

RequestWorkers::RequestWorkers(int threads) {
  if (threads < 1) threads = 1;
  threads_.reserve(static_cast<size_t>(threads));
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

RequestWorkers::~RequestWorkers() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void RequestWorkers::Submit(std::function<void()> task) {
  {
    MutexLock lock(mu_);
    tasks_.push_back(std::move(task));
  }
  ready_.notify_one();
}

int64_t RequestWorkers::queued() const {
  MutexLock lock(mu_);
  return static_cast<int64_t>(tasks_.size());
}

void RequestWorkers::Loop() {
  for (;;) {
    std::function<void()> task;
    {
      MutexLock lock(mu_);
      ready_.wait(lock.native(),
                  [this]() LH_REQUIRES(mu_) { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping, and everything queued has run
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace lakehouse
