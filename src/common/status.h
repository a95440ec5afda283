// Status: the outcome of an operation that can fail in an expected way (LevelDB/Abseil style).
// A Status carries a code and a human-readable message. The codes are transport-neutral: exactly
// one function (http/status_mapping.cc) turns them into HTTP numbers.
//
// Thread-safety: a Status is an immutable value; distinct objects may be used from any thread.
#pragma once

#include <charconv>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace lakehouse {

// Structured detail an error carries to the one status→HTTP mapping (Abseil's Status::SetPayload):
// defined in common/status_detail.h so that this header stays free of JSON.
struct StatusDetail;

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller sent something malformed or out of range
  kNotFound,         // the named thing does not exist
  kAlreadyExists,    // creating something that exists
  kConflict,         // the request conflicts with current state (e.g. incompatible schema change)
  kFailedPrecondition,   // the system is not in a state that allows the operation
  kPermissionDenied,     // authenticated but not allowed (or forbidden by policy, e.g. the SQL
                         // sandbox)
  kUnauthenticated,      // missing or wrong credentials
  kPayloadTooLarge,      // a request body or value exceeds a configured limit
  kResourceExhausted,    // a quota or capacity limit was hit; retry later
  kInsufficientStorage,  // the disk or quota is full (ENOSPC, EDQUOT, SQLITE_FULL); answered 507
  kDeadlineExceeded,     // a timeout elapsed
  kCancelled,            // the caller cancelled the operation
  kUnavailable,          // a dependency is temporarily unreachable; retry may succeed
  kUpstreamError,        // a remote system (database, embedder) answered with an error
  kDataLoss,             // stored data is corrupt or missing
  kInternal,             // a bug: an invariant was broken
};

// Stable upper-case name of a code, e.g. "INVALID_ARGUMENT"; used in JSON error bodies.
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "INVALID_ARGUMENT: message"
  std::string ToString() const;

  // Returns a copy whose message is "context: message"; the code and detail are kept.
  Status WithContext(std::string_view context) const;

  // The structured detail attached with WithDetail (common/status_detail.h), or null. It travels
  // with the status through Result<T> and LH_RETURN_IF_ERROR; http/status_mapping renders it.
  const StatusDetail* detail() const { return detail_.get(); }
  Status WithDetail(std::shared_ptr<const StatusDetail> detail) const {
    Status out = *this;
    out.detail_ = std::move(detail);
    return out;
  }

  // Code and message; the detail is not compared.
  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::shared_ptr<const StatusDetail> detail_;  // immutable once attached; shared by copies
};

// Constructors that read well at call sites: `return InvalidArgument("bad key: ", key);`
namespace status_internal {
template <typename T>
void AppendPart(std::string& out, const T& part) {
  if constexpr (std::is_same_v<T, char>) {
    out.push_back(part);
  } else if constexpr (std::is_same_v<T, bool>) {
    out += part ? "true" : "false";
  } else if constexpr (std::is_arithmetic_v<T>) {
    char buf[64];
    const std::to_chars_result r = std::to_chars(buf, buf + sizeof(buf), part);
    out.append(buf, r.ptr);
  } else {
    out += part;
  }
}
}  // namespace status_internal

// Concatenates strings, characters and numbers (in decimal; floating point shortest round-trip).
template <typename... Parts>
std::string StrCat(const Parts&... parts) {
  std::string out;
  (status_internal::AppendPart(out, parts), ...);
  return out;
}
#define LH_STATUS_FACTORY(Name, Code)                  \
  template <typename... Parts>                         \
  Status Name(const Parts&... parts) {                 \
    return Status(StatusCode::Code, StrCat(parts...)); \
  }
LH_STATUS_FACTORY(InvalidArgument, kInvalidArgument)
LH_STATUS_FACTORY(NotFound, kNotFound)
LH_STATUS_FACTORY(AlreadyExists, kAlreadyExists)
LH_STATUS_FACTORY(Conflict, kConflict)
LH_STATUS_FACTORY(FailedPrecondition, kFailedPrecondition)
LH_STATUS_FACTORY(PermissionDenied, kPermissionDenied)
LH_STATUS_FACTORY(Unauthenticated, kUnauthenticated)
LH_STATUS_FACTORY(PayloadTooLarge, kPayloadTooLarge)
LH_STATUS_FACTORY(ResourceExhausted, kResourceExhausted)
LH_STATUS_FACTORY(InsufficientStorage, kInsufficientStorage)
LH_STATUS_FACTORY(DeadlineExceeded, kDeadlineExceeded)
LH_STATUS_FACTORY(Cancelled, kCancelled)
LH_STATUS_FACTORY(Unavailable, kUnavailable)
LH_STATUS_FACTORY(UpstreamError, kUpstreamError)
LH_STATUS_FACTORY(DataLoss, kDataLoss)
LH_STATUS_FACTORY(Internal, kInternal)
#undef LH_STATUS_FACTORY

}  // namespace lakehouse

// Propagates a non-OK Status (or the Status of a non-OK Result) to the caller.
#define LH_RETURN_IF_ERROR(expr)                                    \
  do {                                                              \
    ::lakehouse::Status lh_status_ = ::lakehouse::ToStatus((expr)); \
    if (!lh_status_.ok()) return lh_status_;                        \
  } while (0)

#define LH_CONCAT_INNER(a, b) a##b
#define LH_CONCAT(a, b) LH_CONCAT_INNER(a, b)

// LH_ASSIGN_OR_RETURN(auto value, ComputeValue()); declares/assigns `value` or returns the error.
#define LH_ASSIGN_OR_RETURN(lhs, expr) \
  LH_ASSIGN_OR_RETURN_IMPL(LH_CONCAT(lh_result_, __LINE__), lhs, expr)
#define LH_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return std::move(tmp).status(); \
  lhs = std::move(tmp).value()

namespace lakehouse {
inline const Status& ToStatus(const Status& s) { return s; }
}  // namespace lakehouse
