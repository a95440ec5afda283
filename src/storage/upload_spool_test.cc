#include "storage/upload_spool.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/hash.h"
#include "storage/storage_test_util.h"

namespace lakehouse {
namespace {

TEST(UploadSpoolTest, StreamsToAFileAndHashes) {
  ScopedTempDir dir;
  auto spool = UploadSpool::Create(dir.path() + "/spool");
  ASSERT_TRUE(spool.ok()) << spool.status().ToString();
  ASSERT_TRUE((*spool)->Append("hello ").ok());
  ASSERT_TRUE((*spool)->Append("world").ok());
  ASSERT_TRUE((*spool)->Finish().ok());
  EXPECT_EQ((*spool)->size(), 11);
  EXPECT_EQ((*spool)->sha256(), Sha256Hex("hello world"));
  std::ifstream in((*spool)->path());
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), "hello world");
  std::string path = (*spool)->path();
  spool->reset();
  EXPECT_FALSE(std::filesystem::exists(path)) << "removed on destruction";
}

TEST(UploadSpoolTest, EnforcesTheLimit) {
  ScopedTempDir dir;
  auto spool = UploadSpool::Create(dir.path(), 4);
  ASSERT_TRUE(spool.ok());
  EXPECT_TRUE((*spool)->Append("abcd").ok());
  EXPECT_EQ((*spool)->Append("e").code(), StatusCode::kPayloadTooLarge);
}

}  // namespace
}  // namespace lakehouse
