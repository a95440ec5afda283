// ClientProbe: tells whether the client of a request in progress has closed its connection, so a
// long query can be interrupted when nobody waits for its answer any more.
//
// The server hands the probe the request's socket (libmicrohttpd reports it; the older
// address-based constructor finds it by matching both ends' addresses against this process's
// socket descriptors, /proc/self/fd + getsockname/getpeername). The probe polls the socket without
// blocking: a peer that closed (FIN or RST: POLLRDHUP/POLLHUP/POLLERR, or a zero-byte MSG_PEEK
// read) is gone. Bytes waiting to be read (a pipelined request) are left alone and do not count as
// gone. libmicrohttpd does not notice a disconnect while a connection is suspended (the handler
// runs on a worker); the probe does.
//
// A client that half-closes its sending side but still reads the response would look gone; HTTP
// clients do not do that. Linux only (POLLRDHUP, /proc).
//
// Thread-safety: Gone() may be called from any thread, but only while the request's handler is
// running (afterwards the descriptor may belong to another connection); calls are serialised by
// the caller (the query watchdog holds its lock).
#pragma once

#include <string>

namespace lakehouse {

class ClientProbe {
 public:
  ClientProbe(std::string local_addr, int local_port, std::string remote_addr, int remote_port);
  // The request's own socket, open while the handler runs.
  explicit ClientProbe(int fd) : local_port_(-1), remote_port_(-1), searched_(true), fd_(fd) {}

  // True once the peer has closed the connection. False when it is open or cannot be found.
  bool Gone();

 private:
  int FindSocket() const;

  std::string local_addr_;
  int local_port_;
  std::string remote_addr_;
  int remote_port_;
  bool searched_ = false;
  int fd_ = -1;
};

}  // namespace lakehouse
