#include "storage/data_dir_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "storage/storage_test_util.h"

namespace lakehouse {
namespace {

TEST(DataDirLockTest, SecondHolderIsRefusedWithThePidUntilTheFirstLetsGo) {
  ScopedTempDir dir;
  {
    Result<DataDirLock> first = DataDirLock::Acquire(dir.path());
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    std::ifstream in(dir.path() + "/LOCK");
    std::string pid;
    in >> pid;
    EXPECT_EQ(pid, std::to_string(::getpid()));

    Result<DataDirLock> second = DataDirLock::Acquire(dir.path());
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(second.status().message().find("pid " + std::to_string(::getpid())),
              std::string::npos)
        << second.status().message();

    DataDirLock moved = std::move(first).value();
    EXPECT_FALSE(DataDirLock::Acquire(dir.path()).ok()) << "a moved lock is still held";
  }
  EXPECT_TRUE(DataDirLock::Acquire(dir.path()).ok()) << "released with its holder";
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/LOCK")) << "the file stays; the lock does not";
}

TEST(DataDirLockTest, MissingDirectoryIsAnError) {
  ScopedTempDir dir;
  EXPECT_FALSE(DataDirLock::Acquire(dir.path() + "/missing").ok());
}

}  // namespace
}  // namespace lakehouse
