// SHA-256 (OpenSSL's EVP interface, wrapped here so the rest of the code never includes OpenSSL).
// Thread-safety: the free functions are thread-safe; a Sha256 object is externally synchronised.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace lakehouse {

// Lower-case hex SHA-256 of the bytes.
std::string Sha256Hex(std::string_view bytes);

// Incremental hashing for streams (uploaded files).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  std::string FinishHex();  // the object must not be updated afterwards

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

}  // namespace lakehouse
