#include "storage/spool_writer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "storage/storage_test_util.h"

namespace lakehouse {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(SpoolWriterTest, WritesAndHashesInSubmissionOrder) {
  ScopedTempDir dir;
  std::string path = dir.path() + "/out";
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(fd, 0);
  std::string expected;
  {
    SpoolWriter writer(fd);
    std::string buffer;
    for (int i = 0; i < 200; ++i) {  // far more buffers than the queue holds
      buffer.assign(static_cast<size_t>(1 + i * 997 % 5000), static_cast<char>('a' + i % 26));
      expected += buffer;
      ASSERT_TRUE(writer.Submit(&buffer).ok());
      EXPECT_TRUE(buffer.empty()) << "Submit hands back an empty buffer";
    }
    Result<std::string> hash = writer.Finish();
    ASSERT_TRUE(hash.ok()) << hash.status().ToString();
    EXPECT_EQ(*hash, Sha256Hex(expected));
  }
  close(fd);
  EXPECT_TRUE(ReadFile(path) == expected);
}

TEST(SpoolWriterTest, EmptyInputHashesToTheEmptyDigest) {
  ScopedTempDir dir;
  int fd = open((dir.path() + "/out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(fd, 0);
  SpoolWriter writer(fd);
  Result<std::string> hash = writer.Finish();
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(*hash, Sha256Hex(""));
  close(fd);
}

TEST(SpoolWriterTest, DiskFullIsStickyAndReported) {
  int fd = open("/dev/full", O_WRONLY);
  if (fd < 0) GTEST_SKIP() << "no /dev/full";
  SpoolWriter writer(fd);
  std::string buffer(4096, 'x');
  Status first = writer.Submit(&buffer);  // accepted: the failure happens on the helper
  EXPECT_TRUE(first.ok()) << first.ToString();
  Status later;
  for (int i = 0; i < 100 && later.ok(); ++i) {
    buffer.assign(4096, 'y');
    later = writer.Submit(&buffer);
    if (later.ok()) usleep(1000);
  }
  EXPECT_EQ(later.code(), StatusCode::kInsufficientStorage) << later.ToString();
  Result<std::string> hash = writer.Finish();
  EXPECT_EQ(hash.status().code(), StatusCode::kInsufficientStorage);
  close(fd);
}

TEST(SpoolWriterTest, DestroyedWithoutFinishDoesNotBlock) {
  ScopedTempDir dir;
  int fd = open((dir.path() + "/out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(fd, 0);
  {
    SpoolWriter writer(fd);
    std::string buffer(1 << 20, 'z');
    ASSERT_TRUE(writer.Submit(&buffer).ok());
    buffer.assign(1 << 20, 'z');
    ASSERT_TRUE(writer.Submit(&buffer).ok());
  }  // abandoned: joins without waiting for a Finish
  close(fd);
}

}  // namespace
}  // namespace lakehouse
