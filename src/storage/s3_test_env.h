// The one Swift (s3api) server the S3 tests of this binary share: starting Swift takes 7-20 s, so
// it starts once, on first use, and stops when the binary exits. Each test uses its own remote
// bucket (UniqueBucket), so tests do not see each other's objects.
//
// Thread-safety: call from the test thread only.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "storage/s3_object_store.h"
#include "tests/support/swift_server.h"

namespace lakehouse {

inline testing::SwiftServer* SharedSwift() {
  static std::unique_ptr<testing::SwiftServer> swift = [] {
    Result<std::unique_ptr<testing::SwiftServer>> started = testing::SwiftServer::Start();
    if (!started.ok()) {
      ADD_FAILURE() << "Swift did not start: " << started.status().ToString();
      return std::unique_ptr<testing::SwiftServer>();
    }
    return std::move(*started);
  }();
  return swift.get();
}

// A fresh remote bucket name, created on the shared server.
inline std::string UniqueBucket(const std::string& stem) {
  static std::atomic<int> counter{0};
  std::string name = stem + "-" + std::to_string(++counter);
  Status created = SharedSwift()->CreateBucket(name);
  EXPECT_TRUE(created.ok()) << created.ToString();
  return name;
}

}  // namespace lakehouse
