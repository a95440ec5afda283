#include "http/listen_socket.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lakehouse {

Result<int> ListenOn(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string port_text = std::to_string(port);
  const std::string where = host + ":" + port_text;
  if (int rc = getaddrinfo(host.c_str(), port_text.c_str(), &hints, &found); rc != 0) {
    return Unavailable("cannot listen on ", where, ": ", gai_strerror(rc));
  }
  std::string reason = "no usable address";
  int listening = -1;
  for (addrinfo* a = found; a != nullptr && listening < 0; a = a->ai_next) {
    const int sock = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (sock < 0) continue;
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    if (bind(sock, a->ai_addr, a->ai_addrlen) == 0 && listen(sock, SOMAXCONN) == 0) {
      listening = sock;
      break;
    }
    reason = errno == EADDRINUSE ? "the port is already in use (is another server running?)"
                                 : std::string(std::strerror(errno));
    close(sock);
  }
  freeaddrinfo(found);
  if (listening < 0) return Unavailable("cannot listen on ", where, ": ", reason);
  return listening;
}

int BoundPort(int sock) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
}

std::string AddressText(const sockaddr* addr) {
  if (addr == nullptr) return "";
  char text[INET6_ADDRSTRLEN] = {0};
  if (addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, text, sizeof(text));
  } else if (addr->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, text,
              sizeof(text));
  }
  return text;
}

}  // namespace lakehouse
