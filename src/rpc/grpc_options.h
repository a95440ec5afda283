// Options of the gRPC listener (the catalog over gRPC, issue 24). Every field documents its
// default and trade-off.
#pragma once

#include <string>

namespace lakehouse {

struct GrpcOptions {
  // Interface to bind. Loopback by default, like the HTTP listener: exposing it is a choice.
  std::string host = "127.0.0.1";
  // TCP port. -1 (the default) turns the gRPC listener off; 0 picks a free ephemeral port (tests),
  // reported on stdout as "grpc listening on HOST:PORT".
  int port = -1;
};

}  // namespace lakehouse
