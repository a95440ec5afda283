// The server's listening socket and socket addresses as text.
//
// ListenOn binds with SO_REUSEADDR (a restart while old connections sit in TIME_WAIT) but never
// SO_REUSEPORT: cpp-httplib's default set it, so a second `lakehouse serve --port P` bound the same
// port and the kernel split connections between the two servers at random (issue 16.1).
//
// Thread-safety: stateless functions.
#pragma once

#include <sys/socket.h>

#include <string>

#include "common/result.h"

namespace lakehouse {

// A listening TCP socket on host:port (port 0: an ephemeral port). UNAVAILABLE naming host:port
// and the cause ("the port is already in use (is another server running?)") otherwise.
Result<int> ListenOn(const std::string& host, int port);

// The local port a socket is bound to; -1 on error.
int BoundPort(int sock);

// "127.0.0.1" / "::1" for an AF_INET / AF_INET6 address; "" otherwise.
std::string AddressText(const sockaddr* addr);

}  // namespace lakehouse
