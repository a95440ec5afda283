// The one mapping from our Status codes to gRPC's (the gRPC edge's counterpart of
// http/status_mapping.cc). CONFLICT — an optimistic commit that lost — is ABORTED, gRPC's code for
// "retry at a higher level" (re-read, then commit again); PAYLOAD_TOO_LARGE and
// INSUFFICIENT_STORAGE are RESOURCE_EXHAUSTED; UPSTREAM_ERROR is UNAVAILABLE; DATA_LOSS is
// DATA_LOSS.
//
// Thread-safety: pure functions.
#pragma once

#include <grpcpp/support/status.h>

#include "common/status.h"

namespace lakehouse {

grpc::StatusCode GrpcCodeFor(StatusCode code);
// OK for an OK status; otherwise the mapped code with the status's message.
grpc::Status ToGrpcStatus(const Status& status);

}  // namespace lakehouse
