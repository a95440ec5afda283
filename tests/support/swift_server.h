// SwiftServer: a real, throwaway OpenStack Swift with the s3api middleware, for tests of the S3
// object store. Start() writes a single-replica configuration (rings with one device, tempauth
// user test:tester / testing, memcached, `slo` in the pipeline for multipart uploads, s3api's
// minimum part size lowered to 1 byte so tests can use small parts, storage_domain "localhost"
// for virtual-host addressing) into a fresh temp dir, starts memcached and the account,
// container, object and proxy servers on free loopback ports and waits until an S3 request
// succeeds (7-20 s; up to 120 s on a loaded machine). The destructor kills them and removes the
// dir — also when a test fails. Binaries come from Debian's swift-* and memcached packages.
//
// Thread-safety: externally synchronised.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "storage/s3_object_store.h"

namespace lakehouse::testing {

class SwiftServer {
 public:
  static constexpr const char* kAccessKeyId = "test:tester";
  static constexpr const char* kSecretKey = "testing";

  static Result<std::unique_ptr<SwiftServer>> Start();
  ~SwiftServer();

  int port() const { return proxy_port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(proxy_port_); }
  // Options for an S3ObjectStore on `remote_bucket` with the test credentials, fast retries and
  // no fail-fast window after a transport failure (unreachable_retry_ms = 0).
  S3StoreOptions StoreOptions(const std::string& remote_bucket) const;
  // Creates `remote_bucket` (PUT bucket).
  Status CreateBucket(const std::string& remote_bucket) const;

  // Stops / restarts only the proxy (the S3 endpoint), e.g. to break an upload midway.
  void StopProxy();
  Status StartProxy();

 private:
  SwiftServer() = default;
  Status WriteConfig() const;
  Status Spawn(const std::string& name, const std::string& command);
  Status WaitReady(int timeout_s) const;

  std::string dir_;
  int proxy_port_ = 0;
  int account_port_ = 0;
  int container_port_ = 0;
  int object_port_ = 0;
  int memcached_port_ = 0;
  int memcached_pid_ = 0;
  int proxy_pid_ = 0;
  int account_pid_ = 0;
  int container_pid_ = 0;
  int object_pid_ = 0;
};

}  // namespace lakehouse::testing
