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

TEST(UploadSpoolTest, ManyBuffersInOddPiecesKeepOrderAndHash) {
  ScopedTempDir dir;
  auto spool = UploadSpool::Create(dir.path() + "/spool");
  ASSERT_TRUE(spool.ok()) << spool.status().ToString();
  std::string expected;
  for (int i = 0; expected.size() < (size_t{7} << 20); ++i) {
    // 4 KiB pieces as HTTP delivers them, now and then one over the 1 MiB buffer.
    size_t n = i % 97 == 0 ? (size_t{3} << 19) + 13 : 4093;
    std::string piece(n, static_cast<char>('0' + i % 10));
    expected += piece;
    ASSERT_TRUE((*spool)->Append(piece).ok());
  }
  ASSERT_TRUE((*spool)->Finish().ok());
  EXPECT_EQ((*spool)->size(), static_cast<int64_t>(expected.size()));
  EXPECT_EQ((*spool)->sha256(), Sha256Hex(expected));
  std::ifstream in((*spool)->path(), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_TRUE(ss.str() == expected) << "file content differs";
}

TEST(UploadSpoolTest, ObserverSeesEveryByteInOrderByFinish) {
  ScopedTempDir dir;
  std::string seen;  // written on the helper thread, read after Finish
  auto spool = UploadSpool::Create(dir.path() + "/spool", -1,
                                   [&seen](std::string_view bytes) { seen.append(bytes); });
  ASSERT_TRUE(spool.ok());
  std::string expected;
  for (int i = 0; i < 1000; ++i) {
    std::string piece(4093, static_cast<char>('a' + i % 26));
    expected += piece;
    ASSERT_TRUE((*spool)->Append(piece).ok());
  }
  ASSERT_TRUE((*spool)->Finish().ok());
  EXPECT_EQ(seen.size(), expected.size());
  EXPECT_TRUE(seen == expected);
}

TEST(UploadSpoolTest, AbandonedSpoolIsRemoved) {
  ScopedTempDir dir;
  auto spool = UploadSpool::Create(dir.path() + "/spool");
  ASSERT_TRUE(spool.ok());
  ASSERT_TRUE((*spool)->Append(std::string(3 << 20, 'a')).ok());
  std::string path = (*spool)->path();
  spool->reset();  // no Finish: an aborted request
  EXPECT_FALSE(std::filesystem::exists(path));
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
