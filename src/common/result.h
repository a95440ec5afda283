// Result<T>: either a value of type T or a non-OK Status (Abseil's StatusOr, simplified).
//
//   Result<Dataset> r = catalog.Get(name);
//   if (!r.ok()) return r.status();
//   Use(*r);
//
// Thread-safety: a value type; externally synchronised like any other.
#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "common/status.h"

namespace lakehouse {

template <typename T>
class [[nodiscard]] Result {
 public:
  // Implicit from a value and from an error Status, so `return value;` and `return NotFound(...)`
  // both work. Constructing from an OK Status is a programmer error.
  Result(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok() && "Result constructed from an OK Status without a value");
    if (status_.ok()) status_ = Status(StatusCode::kInternal, "Result built from OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const& { return status_; }
  Status status() && { return std::move(status_); }

  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T& value() & {
    assert(ok());
    return *value_;
  }
  T value() && {
    assert(ok());
    return std::move(*value_);
  }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  T value_or(T fallback) const& { return ok() ? *value_ : std::move(fallback); }

 private:
  std::optional<T> value_;
  Status status_;
};

template <typename T>
const Status& ToStatus(const Result<T>& r) {
  return r.status();
}

}  // namespace lakehouse
