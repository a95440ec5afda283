#include "http/deferred_responses.h"

#include "common/logging.h"
#include "http/status_mapping.h"

namespace lakehouse {

DeferredResponses::DeferredResponses(std::chrono::milliseconds watch_period)
    : watch_([state = state_, watch_period] { Watch(state, watch_period); }) {}

DeferredResponses::~DeferredResponses() { Close(); }

void DeferredResponses::Start(Waiting waiting,
                              const std::function<void(ResponseCompleter)>& start) {
  uint64_t id = 0;
  {
    MutexLock lock(state_->mu);
    if (state_->closed) {
      waiting.deliver(ErrorResponse(Unavailable("server shutting down"), waiting.request_id));
      return;
    }
    id = ++state_->next_id;
    state_->waiting.emplace(id, std::move(waiting));
  }
  ResponseCompleter complete = [state = state_, id](Result<HttpResponse> result) {
    MutexLock lock(state->mu);
    auto it = state->waiting.find(id);
    if (state->closed || it == state->waiting.end()) return;  // answered already
    Waiting w = std::move(it->second);
    state->waiting.erase(it);
    if (!result.ok()) {
      w.deliver(ErrorResponse(result.status(), w.request_id));
    } else if (result->deferred || result->stream) {
      w.deliver(
          ErrorResponse(Internal("a deferred answer must be a plain response"), w.request_id));
    } else {
      w.deliver(std::move(result).value());
    }
  };
  try {
    start(complete);
  } catch (const std::exception& e) {
    LH_LOG_ERROR("starting a deferred answer threw: {}", e.what());
    complete(Internal("internal error"));
  }
}

void DeferredResponses::Close() {
  {
    MutexLock lock(state_->mu);
    if (!state_->closed) {
      state_->closed = true;
      for (auto& [id, w] : state_->waiting) {
        w.deliver(ErrorResponse(Unavailable("server shutting down"), w.request_id));
      }
      state_->waiting.clear();
    }
  }
  state_->changed.notify_all();
  if (watch_.joinable()) watch_.join();
}

int64_t DeferredResponses::waiting() const {
  MutexLock lock(state_->mu);
  return static_cast<int64_t>(state_->waiting.size());
}

void DeferredResponses::Watch(const std::shared_ptr<State>& state,
                              std::chrono::milliseconds period) {
  MutexLock lock(state->mu);
  while (!state->closed) {
    state->changed.wait_for(lock.native(), period);
    for (auto it = state->waiting.begin(); it != state->waiting.end();) {
      if (!it->second.client_gone || !it->second.client_gone()) {
        ++it;
        continue;
      }
      Waiting w = std::move(it->second);
      it = state->waiting.erase(it);
      w.deliver(ErrorResponse(Cancelled("the client closed the connection"), w.request_id));
    }
  }
}

}  // namespace lakehouse
