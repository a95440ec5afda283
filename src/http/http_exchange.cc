#include "http/http_exchange.h"

#include <algorithm>
#include <cstring>

namespace lakehouse {

HttpExchange::HttpExchange(std::function<void()> suspend, std::function<void()> resume,
                           size_t buffer_bytes)
    : suspend_(std::move(suspend)), resume_(std::move(resume)), buffer_bytes_(buffer_bytes) {}

void HttpExchange::SuspendLocked() {
  if (!suspended_ && !closed_) {
    suspended_ = true;
    suspend_();
  }
}

void HttpExchange::ResumeLocked() {
  if (suspended_ && !closed_) {
    suspended_ = false;
    resume_();
  }
}

size_t HttpExchange::OfferBody(const char* data, size_t size) {
  MutexLock lock(mu_);
  if (closed_) return size;  // nobody reads it any more: drop
  if (body_buffered_ >= buffer_bytes_) {
    SuspendLocked();
    return 0;
  }
  body_.emplace_back(data, size);
  body_buffered_ += size;
  changed_.notify_all();
  return size;
}

void HttpExchange::FinishBody() {
  MutexLock lock(mu_);
  body_done_ = true;
  changed_.notify_all();
}

bool HttpExchange::body_complete() const {
  MutexLock lock(mu_);
  return body_done_ && body_.empty();
}

Status HttpExchange::ReadBody(const BodyChunkSink& sink, std::chrono::milliseconds idle) {
  for (;;) {
    std::string chunk;
    {
      MutexLock lock(mu_);
      const bool progressed = changed_.wait_for(lock.native(), idle, [this]() LH_REQUIRES(mu_) {
        return closed_ || !body_.empty() || body_done_;
      });
      if (!progressed) {
        return DeadlineExceeded("no request body bytes for ", std::to_string(idle.count() / 1000),
                                " s");
      }
      if (!body_.empty()) {
        chunk = std::move(body_.front());
        body_.pop_front();
        body_buffered_ -= chunk.size();
        ResumeLocked();  // the network side may be waiting for room
      } else if (body_done_) {
        return Status::Ok();
      } else {
        return Cancelled("the client closed the connection during the request body");
      }
    }
    if (!sink(chunk)) return InvalidArgument("request body refused by the handler");
  }
}

void HttpExchange::SetResponse(HttpResponse response) {
  MutexLock lock(mu_);
  response_ = std::move(response);
  response_set_ = true;
  ResumeLocked();
}

std::optional<HttpResponse> HttpExchange::TakeResponseOrSuspend() {
  MutexLock lock(mu_);
  if (!response_set_) {
    SuspendLocked();
    return std::nullopt;
  }
  std::optional<HttpResponse> out = std::move(response_);
  response_.reset();
  return out;
}

bool HttpExchange::response_ready() const {
  MutexLock lock(mu_);
  return response_set_;
}

bool HttpExchange::Write(std::string_view chunk, std::chrono::milliseconds idle) {
  MutexLock lock(mu_);
  if (!changed_.wait_for(lock.native(), idle, [&]() LH_REQUIRES(mu_) {
        return closed_ || out_buffered_ < buffer_bytes_;
      })) {
    return false;  // the client has not read for `idle`
  }
  if (closed_) return false;
  out_.emplace_back(chunk);
  out_buffered_ += chunk.size();
  ResumeLocked();
  return true;
}

void HttpExchange::FinishStream(bool ok) {
  MutexLock lock(mu_);
  out_done_ = true;
  out_ok_ = ok;
  ResumeLocked();
}

int64_t HttpExchange::ReadStream(char* buf, size_t max) {
  MutexLock lock(mu_);
  size_t copied = 0;
  while (copied < max && !out_.empty()) {
    const std::string& front = out_.front();
    const size_t n = std::min(max - copied, front.size() - out_front_offset_);
    std::memcpy(buf + copied, front.data() + out_front_offset_, n);
    copied += n;
    out_front_offset_ += n;
    out_buffered_ -= n;
    if (out_front_offset_ == front.size()) {
      out_.pop_front();
      out_front_offset_ = 0;
    }
  }
  if (copied > 0) {
    changed_.notify_all();  // room for the writer
    return static_cast<int64_t>(copied);
  }
  if (out_done_) return out_ok_ ? -1 : -2;
  SuspendLocked();
  return 0;
}

void HttpExchange::Close() {
  MutexLock lock(mu_);
  closed_ = true;
  suspended_ = false;
  changed_.notify_all();
}

bool HttpExchange::closed() const {
  MutexLock lock(mu_);
  return closed_;
}

}  // namespace lakehouse
