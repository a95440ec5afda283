// WriteBehind: asks for writeback of each new range of a growing file once it is large enough,
// never the same bytes twice, tolerates a file that does not exist yet, and stops promptly.
#include "storage/write_behind.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

#include "storage/storage_test_util.h"

namespace lakehouse {
namespace {

using namespace std::chrono_literals;

struct Calls {
  std::mutex mu;
  std::vector<std::pair<int64_t, int64_t>> ranges;  // (offset, length)
};

void Append(const std::string& path, size_t bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << std::string(bytes, 'x');
}

TEST(WriteBehindTest, RequestsEachNewRangeOnceItIsLargeEnough) {
  ScopedTempDir dir;
  const std::string path = dir.Sub("growing.parquet.tmp");
  Calls calls;
  WriteBehindOptions options;
  options.interval = 5ms;
  options.min_bytes = 1000;
  options.start_writeback = [&](int fd, int64_t offset, int64_t length) {
    EXPECT_GE(fd, 0);
    std::lock_guard<std::mutex> lock(calls.mu);
    calls.ranges.emplace_back(offset, length);
  };
  auto wait_for_ranges = [&](size_t n) {
    for (int i = 0; i < 400; ++i) {
      {
        std::lock_guard<std::mutex> lock(calls.mu);
        if (calls.ranges.size() >= n) return;
      }
      std::this_thread::sleep_for(5ms);
    }
  };
  {
    WriteBehind behind(path, options);
    std::this_thread::sleep_for(20ms);  // the file does not exist yet: nothing happens
    Append(path, 500);                  // below min_bytes: nothing yet
    std::this_thread::sleep_for(30ms);
    {
      std::lock_guard<std::mutex> lock(calls.mu);
      EXPECT_TRUE(calls.ranges.empty());
    }
    Append(path, 700);  // 1200 bytes: one request for all of them
    wait_for_ranges(1);
    Append(path, 3000);
    wait_for_ranges(2);
    EXPECT_EQ(behind.requested_bytes(), 4200);
  }
  std::lock_guard<std::mutex> lock(calls.mu);
  ASSERT_EQ(calls.ranges.size(), 2u);
  EXPECT_EQ(calls.ranges[0], std::make_pair(int64_t{0}, int64_t{1200}));
  EXPECT_EQ(calls.ranges[1], std::make_pair(int64_t{1200}, int64_t{3000}));
  EXPECT_EQ(std::filesystem::file_size(path), 4200u);  // the file itself is untouched
}

TEST(WriteBehindTest, StopsPromptlyWithTheRealSyscall) {
  ScopedTempDir dir;
  const std::string path = dir.Sub("real.bin");
  Append(path, 64 << 10);
  const auto start = std::chrono::steady_clock::now();
  {
    WriteBehindOptions options;
    options.interval = 10ms;
    options.min_bytes = 1;
    WriteBehind behind(path, options);
    std::this_thread::sleep_for(30ms);
    EXPECT_EQ(behind.requested_bytes(), 64 << 10);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_EQ(std::filesystem::file_size(path), size_t{64} << 10);
}

}  // namespace
}  // namespace lakehouse
