#include "rpc/grpc_status.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(GrpcStatusTest, MapsEveryCode) {
  const std::pair<StatusCode, grpc::StatusCode> cases[] = {
      {StatusCode::kOk, grpc::StatusCode::OK},
      {StatusCode::kInvalidArgument, grpc::StatusCode::INVALID_ARGUMENT},
      {StatusCode::kNotFound, grpc::StatusCode::NOT_FOUND},
      {StatusCode::kAlreadyExists, grpc::StatusCode::ALREADY_EXISTS},
      {StatusCode::kConflict, grpc::StatusCode::ABORTED},
      {StatusCode::kFailedPrecondition, grpc::StatusCode::FAILED_PRECONDITION},
      {StatusCode::kPermissionDenied, grpc::StatusCode::PERMISSION_DENIED},
      {StatusCode::kUnauthenticated, grpc::StatusCode::UNAUTHENTICATED},
      {StatusCode::kPayloadTooLarge, grpc::StatusCode::RESOURCE_EXHAUSTED},
      {StatusCode::kResourceExhausted, grpc::StatusCode::RESOURCE_EXHAUSTED},
      {StatusCode::kInsufficientStorage, grpc::StatusCode::RESOURCE_EXHAUSTED},
      {StatusCode::kDeadlineExceeded, grpc::StatusCode::DEADLINE_EXCEEDED},
      {StatusCode::kCancelled, grpc::StatusCode::CANCELLED},
      {StatusCode::kUnavailable, grpc::StatusCode::UNAVAILABLE},
      {StatusCode::kUpstreamError, grpc::StatusCode::UNAVAILABLE},
      {StatusCode::kDataLoss, grpc::StatusCode::DATA_LOSS},
      {StatusCode::kInternal, grpc::StatusCode::INTERNAL},
  };
  for (const auto& [ours, theirs] : cases) {
    EXPECT_EQ(GrpcCodeFor(ours), theirs) << StatusCodeName(ours);
  }
}

TEST(GrpcStatusTest, KeepsTheMessage) {
  grpc::Status status = ToGrpcStatus(Conflict("dataset 'a' is at version 3, not 2"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(status.error_message(), "dataset 'a' is at version 3, not 2");
  EXPECT_TRUE(ToGrpcStatus(Status::Ok()).ok());
}

}  // namespace
}  // namespace lakehouse
