#include "storage/local_object_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "storage/durable_file.h"
#include "storage/storage_test_util.h"

namespace lakehouse {
namespace {

namespace fs = std::filesystem;

class LocalObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<LocalObjectStore>> opened =
        LocalObjectStore::Open("test", dir_.Sub("root"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  std::vector<std::string> Keys(std::string_view prefix) {
    Result<std::vector<ObjectInfo>> listed = store_->List(prefix);
    EXPECT_TRUE(listed.ok()) << listed.status().ToString();
    std::vector<std::string> keys;
    if (listed.ok()) {
      for (const ObjectInfo& info : *listed) keys.push_back(info.key);
    }
    return keys;
  }

  ScopedTempDir dir_;
  std::unique_ptr<LocalObjectStore> store_;
};

TEST_F(LocalObjectStoreTest, OpenCreatesRootAndRejectsRelativeRoot) {
  EXPECT_TRUE(fs::is_directory(dir_.Sub("root")));
  EXPECT_EQ(LocalObjectStore::Open("x", "relative/root").status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(LocalObjectStoreTest, PutGetReplace) {
  ASSERT_TRUE(store_->Put("a/b/c.txt", "first").ok());
  EXPECT_EQ(*store_->Get("a/b/c.txt"), "first");
  ASSERT_TRUE(store_->Put("a/b/c.txt", "second, longer").ok());
  EXPECT_EQ(*store_->Get("a/b/c.txt"), "second, longer");
  ASSERT_TRUE(store_->Put("a//b/./c.txt", "normalised").ok());
  EXPECT_EQ(*store_->Get("a/b/c.txt"), "normalised");
  EXPECT_EQ(ReadLocalFile(dir_.Sub("root/a/b/c.txt")), "normalised");
  // No temporary files are left behind.
  for (const auto& entry : fs::recursive_directory_iterator(dir_.Sub("root"))) {
    EXPECT_EQ(entry.path().filename().string().find(".lh-tmp."), std::string::npos);
  }
}

TEST_F(LocalObjectStoreTest, EmptyAndBinaryObjects) {
  ASSERT_TRUE(store_->Put("empty", "").ok());
  EXPECT_EQ(*store_->Get("empty"), "");
  const std::string binary("\0\xFF\x01zero", 7);
  ASSERT_TRUE(store_->Put("bin", binary).ok());
  EXPECT_EQ(*store_->Get("bin"), binary);
}

TEST_F(LocalObjectStoreTest, InvalidKeysAreRejectedBeforeTouchingDisk) {
  for (const char* key : {"../escape", "/etc/passwd", "a/../../x", "a\\b", ""}) {
    EXPECT_EQ(store_->Put(key, "x").code(), StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(store_->Get(key).status().code(), StatusCode::kInvalidArgument) << key;
  }
  EXPECT_FALSE(fs::exists(dir_.Sub("escape")));
}

TEST_F(LocalObjectStoreTest, GetRange) {
  ASSERT_TRUE(store_->Put("r", "0123456789").ok());
  EXPECT_EQ(*store_->GetRange("r", 0, 3), "012");
  EXPECT_EQ(*store_->GetRange("r", 7, 100), "789");
  EXPECT_EQ(*store_->GetRange("r", 10, 5), "");
  EXPECT_EQ(*store_->GetRange("r", 50, 5), "");
  EXPECT_EQ(*store_->GetRange("r", 4, 0), "");
  EXPECT_EQ(store_->GetRange("r", -1, 2).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetRange("r", 0, -2).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetRange("missing", 0, 2).status().code(), StatusCode::kNotFound);
}

TEST_F(LocalObjectStoreTest, DeleteAndMissingObjects) {
  ASSERT_TRUE(store_->Put("d/e/f", "x").ok());
  ASSERT_TRUE(store_->Delete("d/e/f").ok());
  EXPECT_EQ(store_->Get("d/e/f").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Delete("d/e/f").code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Delete("never/there").code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Stat("never").status().code(), StatusCode::kNotFound);
  // Emptied directories are pruned, so the name is free for an object again.
  EXPECT_FALSE(fs::exists(dir_.Sub("root/d")));
  ASSERT_TRUE(store_->Put("d", "now a file").ok());
}

TEST_F(LocalObjectStoreTest, ErrorMessagesNameBucketAndKeyButNotPaths) {
  Status status = store_->Delete("no/such/key");
  ASSERT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("bucket 'test'"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("no/such/key"), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find(dir_.path()), std::string::npos) << status.message();
}

TEST_F(LocalObjectStoreTest, ObjectAndDirectoryNamesConflict) {
  ASSERT_TRUE(store_->Put("a", "file").ok());
  EXPECT_EQ(store_->Put("a/b", "x").code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store_->Put("dir/x", "x").ok());
  EXPECT_EQ(store_->Put("dir", "x").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->Get("dir").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Delete("dir").code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Get("a/b").status().code(), StatusCode::kNotFound);
}

TEST_F(LocalObjectStoreTest, StatReportsSizeAndTime) {
  ASSERT_TRUE(store_->Put("s/t", "12345").ok());
  Result<ObjectInfo> info = store_->Stat("s//t");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->key, "s/t");
  EXPECT_EQ(info->size_bytes, 5);
  EXPECT_GT(info->modified_micros, 0);
}

TEST_F(LocalObjectStoreTest, ListByPrefixSortedRecursiveWithoutTempFiles) {
  for (const char* key : {"b/2", "a/1", "a/sub/3", "ab", "c", "a/sub/deeper/4"}) {
    ASSERT_TRUE(store_->Put(key, key).ok());
  }
  WriteLocalFile(dir_.Sub("root/a/.lh-tmp.deadbeef"), "in flight");
  EXPECT_EQ(Keys(""),
            (std::vector<std::string>{"a/1", "a/sub/3", "a/sub/deeper/4", "ab", "b/2", "c"}));
  EXPECT_EQ(Keys("a/"), (std::vector<std::string>{"a/1", "a/sub/3", "a/sub/deeper/4"}));
  EXPECT_EQ(Keys("a"), (std::vector<std::string>{"a/1", "a/sub/3", "a/sub/deeper/4", "ab"}));
  EXPECT_EQ(Keys("a/s"), (std::vector<std::string>{"a/sub/3", "a/sub/deeper/4"}));
  EXPECT_EQ(Keys("a//sub/"), (std::vector<std::string>{"a/sub/3", "a/sub/deeper/4"}));
  EXPECT_TRUE(Keys("zzz/").empty());
  EXPECT_TRUE(Keys("c/").empty());  // "c" is an object, not a directory
  Result<std::vector<ObjectInfo>> listed = store_->List("c");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].size_bytes, 1);
  EXPECT_EQ(store_->List("../").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(LocalObjectStoreTest, PutFileMovesTheSourceIn) {
  const std::string source = dir_.Sub("upload.tmp");
  WriteLocalFile(source, "uploaded bytes");
  ASSERT_TRUE(store_->PutFile("up/loaded", source).ok());
  EXPECT_FALSE(fs::exists(source));
  EXPECT_EQ(*store_->Get("up/loaded"), "uploaded bytes");
  Status missing = store_->PutFile("up/other", dir_.Sub("nope"));
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_NE(missing.message().find("source file"), std::string::npos);
}

TEST_F(LocalObjectStoreTest, AppendCreatesAndExtends) {
  ASSERT_TRUE(store_->Append("log/x.jsonl", "one\n").ok());
  ASSERT_TRUE(store_->Append("log/x.jsonl", "two\n").ok());
  EXPECT_EQ(*store_->Get("log/x.jsonl"), "one\ntwo\n");
}

TEST_F(LocalObjectStoreTest, LocalPathAndFreeBytes) {
  ASSERT_TRUE(store_->Put("p/q", "x").ok());
  Result<std::string> path = store_->LocalPath("p/q");
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path, store_->root() + "/p/q");
  EXPECT_EQ(ReadLocalFile(*path), "x");
  EXPECT_EQ(*store_->LocalPath("not/yet"), store_->root() + "/not/yet");
  EXPECT_FALSE(fs::exists(store_->root() + "/not"));
  Result<int64_t> free_bytes = store_->FreeBytes();
  ASSERT_TRUE(free_bytes.ok());
  EXPECT_GT(*free_bytes, 0);
}

TEST_F(LocalObjectStoreTest, SymlinkEscapesAreRefused) {
  WriteLocalFile(dir_.Sub("outside/secret"), "secret");
  fs::create_directory_symlink(dir_.Sub("outside"), dir_.Sub("root/link_dir"));
  fs::create_symlink(dir_.Sub("outside/secret"), dir_.Sub("root/link_file"));
  fs::create_symlink(dir_.Sub("outside/not_yet"), dir_.Sub("root/dangling"));

  EXPECT_EQ(store_->Get("link_dir/secret").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->Get("link_file").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->Stat("link_file").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->Put("link_dir/planted", "x").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->Append("link_file", "x").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->Append("dangling", "x").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->LocalPath("link_dir/secret").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->List("link_dir/").status().code(), StatusCode::kPermissionDenied);
  EXPECT_FALSE(fs::exists(dir_.Sub("outside/planted")));
  EXPECT_FALSE(fs::exists(dir_.Sub("outside/not_yet")));
  EXPECT_EQ(ReadLocalFile(dir_.Sub("outside/secret")), "secret");
  // A full listing neither follows nor reports the escaping links.
  EXPECT_TRUE(Keys("").empty());
}

TEST_F(LocalObjectStoreTest, SymlinksInsideTheRootAreFollowed) {
  ASSERT_TRUE(store_->Put("real/data", "inside").ok());
  fs::create_symlink(store_->root() + "/real/data", store_->root() + "/alias");
  EXPECT_EQ(*store_->Get("alias"), "inside");
  EXPECT_EQ(Keys(""), (std::vector<std::string>{"alias", "real/data"}));
}

TEST(ErrnoToStatusTest, MapsTheDocumentedCodes) {
  EXPECT_EQ(ErrnoToStatus(ENOENT, "ctx").code(), StatusCode::kNotFound);
  EXPECT_EQ(ErrnoToStatus(EACCES, "ctx").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrnoToStatus(EPERM, "ctx").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrnoToStatus(ENOSPC, "ctx").code(), StatusCode::kInsufficientStorage);
  EXPECT_EQ(ErrnoToStatus(EIO, "ctx").code(), StatusCode::kUnavailable);
  Status status = ErrnoToStatus(ENOSPC, "bucket 'b': put 'k'");
  EXPECT_EQ(status.message(), std::string("bucket 'b': put 'k': ") + std::strerror(ENOSPC));
}

TEST_F(LocalObjectStoreTest, PermissionErrorsMapToPermissionDenied) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores file permissions";
  ASSERT_TRUE(store_->Put("locked/file", "x").ok());
  fs::permissions(store_->root() + "/locked", fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_EQ(store_->Put("locked/new", "x").code(), StatusCode::kPermissionDenied);
  fs::permissions(store_->root() + "/locked", fs::perms::owner_all);
}

}  // namespace
}  // namespace lakehouse
