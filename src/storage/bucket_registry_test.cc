#include "storage/bucket_registry.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/fault_injecting_object_store.h"
#include "storage/storage_test_util.h"

namespace lakehouse {
namespace {

namespace fs = std::filesystem;

class BucketRegistryTest : public ::testing::Test {
 protected:
  std::unique_ptr<BucketRegistry> OpenRegistry(const StorageOptions& options) {
    Result<std::unique_ptr<BucketRegistry>> opened =
        BucketRegistry::Open(options, dir_.Sub("data"), clock_);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    return opened.ok() ? std::move(opened).value() : nullptr;
  }
  std::string DataDir() const { return fs::canonical(dir_.Sub("data")).string(); }

  ScopedTempDir dir_;
  ManualClock clock_;
};

std::vector<std::string> Names(const std::vector<BucketInfo>& buckets) {
  std::vector<std::string> names;
  for (const BucketInfo& b : buckets) names.push_back(b.name);
  return names;
}

TEST(ValidateBucketNameTest, Rules) {
  for (const char* ok : {"a", "primary", "b-2_x", "0abc",
                         "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij012"}) {
    EXPECT_TRUE(ValidateBucketName(ok).ok()) << ok;
  }
  for (const char* bad : {"", "A", "-a", "_a", "a/b", "a.b", "..", "a b",
                          "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij0123"}) {
    EXPECT_EQ(ValidateBucketName(bad).code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST_F(BucketRegistryTest, PrimaryAlwaysExistsAtTheDefaultRoot) {
  auto registry = OpenRegistry(StorageOptions{});
  ASSERT_NE(registry, nullptr);
  std::vector<BucketInfo> buckets = registry->List();
  ASSERT_EQ(buckets.size(), 1u);
  EXPECT_EQ(buckets[0].name, "primary");
  EXPECT_TRUE(buckets[0].is_primary);
  EXPECT_FALSE(buckets[0].is_rescue);
  EXPECT_EQ(buckets[0].root, DataDir() + "/buckets/primary");
  EXPECT_TRUE(fs::is_directory(buckets[0].root));
  EXPECT_TRUE(registry->Get("primary").ok());
}

TEST_F(BucketRegistryTest, ConfiguredBucketsResolveRootsAndRescue) {
  StorageOptions options;
  fs::create_directories(dir_.Sub("elsewhere"));
  options.buckets = {{"archive", "local", "buckets/arch"},
                     {"rescue", "local", dir_.Sub("elsewhere/rescue")},
                     {"primary", "local", "buckets/prim"}};
  options.rescue_bucket = "rescue";
  options.allowed_roots = {"buckets", dir_.Sub("elsewhere")};
  auto registry = OpenRegistry(options);
  ASSERT_NE(registry, nullptr);
  EXPECT_EQ(Names(registry->List()), (std::vector<std::string>{"archive", "primary", "rescue"}));
  EXPECT_EQ(registry->Describe("archive")->root, DataDir() + "/buckets/arch");
  EXPECT_EQ(registry->Describe("primary")->root, DataDir() + "/buckets/prim");
  EXPECT_TRUE(registry->Describe("rescue")->is_rescue);
  EXPECT_TRUE(fs::is_directory(dir_.Sub("elsewhere/rescue")));
  EXPECT_EQ(registry->rescue_bucket(), "rescue");
}

TEST_F(BucketRegistryTest, UnknownBucketListsValidNames) {
  StorageOptions options;
  options.buckets = {{"archive", "local", ""}};
  auto registry = OpenRegistry(options);
  Result<std::shared_ptr<ObjectStore>> missing = registry->Get("nope");
  ASSERT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("valid buckets: archive, primary"), std::string::npos)
      << missing.status().message();
}

TEST_F(BucketRegistryTest, BadConfigurationsAreRejected) {
  const auto open = [&](StorageOptions options) {
    return BucketRegistry::Open(options, dir_.Sub("data"), clock_).status().code();
  };
  EXPECT_EQ(open({{{"Bad Name", "local", ""}}, "", {}}), StatusCode::kInvalidArgument);
  EXPECT_EQ(open({{{"a", "local", ""}, {"a", "local", "x"}}, "", {}}),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(open({{{"a", "s3", ""}}, "", {}}), StatusCode::kInvalidArgument);
  EXPECT_EQ(open({{}, "ghost", {}}), StatusCode::kInvalidArgument);
  EXPECT_EQ(open({{{"a", "local", "buckets/same"}, {"b", "local", "buckets/same"}}, "", {}}),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(open({{{"a", "local", "buckets"}}, "", {}}),
            StatusCode::kInvalidArgument);  // holds primary
  EXPECT_EQ(open({{{"a", "local", dir_.path()}}, "", {}}),
            StatusCode::kPermissionDenied);  // holds data
  EXPECT_EQ(open({{}, "", {}}), StatusCode::kOk);
}

TEST_F(BucketRegistryTest, AddAndRemoveRules) {
  StorageOptions options;
  options.buckets = {{"configured", "local", ""}, {"rescue", "local", ""}};
  options.rescue_bucket = "rescue";
  auto registry = OpenRegistry(options);

  Result<BucketInfo> added = registry->Add({"scratch", "local", ""});
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->root, DataDir() + "/buckets/scratch");
  EXPECT_FALSE(added->from_config);
  ASSERT_TRUE((*registry->Get("scratch"))->Put("k", "v").ok());

  EXPECT_EQ(registry->Add({"scratch", "local", "other"}).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(registry->Add({"primary", "local", ""}).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(registry->Add({"UPPER", "local", ""}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(registry->Add({"s3ish", "s3", ""}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(registry->Add({"nested", "local", "buckets/scratch/inner"}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(registry->Add({"elsewhere", "local", dir_.Sub("elsewhere")}).status().code(),
            StatusCode::kPermissionDenied);

  EXPECT_EQ(registry->Remove("primary").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(registry->Remove("rescue").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(registry->Remove("configured").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(registry->Remove("ghost").code(), StatusCode::kNotFound);
  ASSERT_TRUE(registry->Remove("scratch").ok());
  EXPECT_EQ(registry->Get("scratch").status().code(), StatusCode::kNotFound);
  // The data stays on disk, and re-adding the bucket finds it again.
  ASSERT_TRUE(registry->Add({"scratch", "local", ""}).ok());
  EXPECT_EQ(*(*registry->Get("scratch"))->Get("k"), "v");
}

TEST_F(BucketRegistryTest, ReadLinksCoverEveryBucketIncludingRuntimeOnes) {
  auto registry = OpenRegistry(StorageOptions{});
  ASSERT_TRUE((*registry->Get("primary"))->Put("a/x.parquet", "p").ok());
  // Without a link directory ReadPath is the store's own path.
  EXPECT_EQ(*registry->ReadPath("primary", "a/x.parquet"),
            DataDir() + "/buckets/primary/a/x.parquet");

  const std::string links = DataDir() + "/tmp/links";
  fs::create_directories(links + "/stale");  // left over from a previous run: cleared
  ASSERT_TRUE(registry->SetReadLinkDir(links).ok());
  EXPECT_FALSE(fs::exists(links + "/stale"));
  Result<std::string> primary = registry->ReadPath("primary", "a/x.parquet");
  ASSERT_TRUE(primary.ok()) << primary.status().ToString();
  EXPECT_EQ(*primary, links + "/primary/a/x.parquet");
  EXPECT_TRUE(fs::exists(*primary)) << "the link leads to the object";

  ASSERT_TRUE(registry->Add({"later", "local", DataDir() + "/buckets/later-root"}).ok());
  ASSERT_TRUE((*registry->Get("later"))->Put("k", "v").ok());
  Result<std::string> later = registry->ReadPath("later", "k");
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  EXPECT_EQ(*later, links + "/later/k");
  EXPECT_TRUE(fs::exists(*later));

  EXPECT_EQ(registry->ReadPath("nope", "k").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(registry->ReadPath("primary", "../escape").status().code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(registry->Remove("later").ok());
  EXPECT_FALSE(fs::exists(fs::symlink_status(links + "/later")));
  EXPECT_TRUE(fs::exists(DataDir() + "/buckets/later-root/k"))
      << "removing the link keeps the data";
  EXPECT_EQ(registry->SetReadLinkDir("relative").code(), StatusCode::kInvalidArgument);
}

TEST_F(BucketRegistryTest, RuntimeBucketsSurviveANewRegistry) {
  StorageOptions options;
  options.buckets = {{"configured", "local", ""}};
  {
    auto registry = OpenRegistry(options);
    ASSERT_TRUE(registry->Add({"keep", "local", "buckets/kept-root"}).ok());
    ASSERT_TRUE(registry->Add({"drop", "local", ""}).ok());
    ASSERT_TRUE((*registry->Get("keep"))->Put("obj", "data").ok());
    ASSERT_TRUE(registry->Remove("drop").ok());
  }
  EXPECT_TRUE(fs::exists(dir_.Sub("data/buckets.json")));
  auto reopened = OpenRegistry(options);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(Names(reopened->List()), (std::vector<std::string>{"configured", "keep", "primary"}));
  Result<BucketInfo> keep = reopened->Describe("keep");
  EXPECT_FALSE(keep->from_config);
  EXPECT_EQ(keep->root, DataDir() + "/buckets/kept-root");
  EXPECT_EQ(*(*reopened->Get("keep"))->Get("obj"), "data");
}

TEST_F(BucketRegistryTest, ConfigWinsOverAPersistedBucketOfTheSameName) {
  {
    auto registry = OpenRegistry(StorageOptions{});
    ASSERT_TRUE(registry->Add({"shared", "local", "buckets/runtime-root"}).ok());
  }
  StorageOptions options;
  options.buckets = {{"shared", "local", "buckets/config-root"}};
  auto reopened = OpenRegistry(options);
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(reopened->Describe("shared")->from_config);
  EXPECT_EQ(reopened->Describe("shared")->root, DataDir() + "/buckets/config-root");
}

// Issue #15 item 2: a bucket root may not escape the allowed roots, whatever the spelling, and a
// refused root creates nothing.
TEST_F(BucketRegistryTest, RootsOutsideTheAllowedRootsAreRefusedAndNeverCreated) {
  auto registry = OpenRegistry(StorageOptions{});
  ASSERT_NE(registry, nullptr);
  fs::create_directories(dir_.Sub("outside"));
  fs::create_directory_symlink(dir_.Sub("outside"), DataDir() + "/buckets/sneaky");
  const std::string missing = dir_.Sub("outside/created-by-server");
  const std::vector<std::string> escapes = {
      "/etc",
      "../../../../../../../../etc",
      "buckets/../../../../../../../../etc",
      "/proc/self",
      "/",
      missing,
      DataDir() + "/buckets/sneaky",         // a symlink inside leading outside
      DataDir() + "/buckets/sneaky/deeper",  // ... and below it, still missing
      "tmp",                                 // private directories of the data dir
      "indexes",
      DataDir(),
  };
  for (const std::string& root : escapes) {
    Result<BucketInfo> added = registry->Add({"escape", "local", root});
    EXPECT_FALSE(added.ok()) << root;
    EXPECT_TRUE(added.status().code() == StatusCode::kPermissionDenied)
        << root << ": " << added.status().ToString();
  }
  EXPECT_FALSE(fs::exists(missing)) << "a refused root was created";
  EXPECT_FALSE(fs::exists(dir_.Sub("outside/deeper")));
  EXPECT_FALSE(fs::exists(DataDir() + "/tmp"));
  EXPECT_EQ(Names(registry->List()), (std::vector<std::string>{"primary"}));
  EXPECT_FALSE(fs::exists(DataDir() + "/buckets.json")) << "nothing persisted";

  // Under the allowed root, a missing directory is fine and is created.
  Result<BucketInfo> inside = registry->Add({"inside", "local", "buckets/new/inside"});
  ASSERT_TRUE(inside.ok()) << inside.status().ToString();
  EXPECT_TRUE(fs::is_directory(DataDir() + "/buckets/new/inside"));
}

TEST_F(BucketRegistryTest, ConfiguredRootsObeyTheAllowedRootsToo) {
  const auto open = [&](StorageOptions options) {
    return BucketRegistry::Open(options, dir_.Sub("data"), clock_).status();
  };
  StorageOptions etc;
  etc.buckets = {{"etc", "local", "/etc"}};
  Status refused = open(etc);
  EXPECT_EQ(refused.code(), StatusCode::kPermissionDenied) << refused.ToString();
  EXPECT_NE(refused.message().find("storage.allowed_roots"), std::string::npos)
      << refused.message();

  StorageOptions outside;
  outside.buckets = {{"lake", "local", dir_.Sub("lake/a")}};
  EXPECT_EQ(open(outside).code(), StatusCode::kPermissionDenied);
  EXPECT_FALSE(fs::exists(dir_.Sub("lake")));

  fs::create_directories(dir_.Sub("lake"));
  outside.allowed_roots = {dir_.Sub("lake"), "buckets"};
  Status allowed = open(outside);
  EXPECT_TRUE(allowed.ok()) << allowed.ToString();
  EXPECT_TRUE(fs::is_directory(dir_.Sub("lake/a")));
  // With allowed roots configured, the primary's default root must be listed too.
  StorageOptions only_lake;
  only_lake.allowed_roots = {dir_.Sub("lake")};
  EXPECT_EQ(open(only_lake).code(), StatusCode::kPermissionDenied);

  StorageOptions ghost;
  ghost.allowed_roots = {dir_.Sub("no-such-dir")};
  EXPECT_EQ(open(ghost).code(), StatusCode::kInvalidArgument);
  StorageOptions data_dir_itself;
  data_dir_itself.allowed_roots = {dir_.Sub("data")};
  data_dir_itself.buckets = {{"cat", "local", "tmp"}};
  EXPECT_EQ(open(data_dir_itself).code(), StatusCode::kPermissionDenied)
      << "the data dir's private folders stay private even when the data dir is allowed";
}

TEST_F(BucketRegistryTest, CorruptBucketListIsDataLoss) {
  WriteLocalFile(dir_.Sub("data/buckets.json"), "{not json");
  EXPECT_EQ(BucketRegistry::Open(StorageOptions{}, dir_.Sub("data"), clock_).status().code(),
            StatusCode::kDataLoss);
}

TEST_F(BucketRegistryTest, FailedOperationsAreJournaledInThePrimary) {
  StorageOptions options;
  options.buckets = {{"archive", "local", ""}};
  auto registry = OpenRegistry(options);
  std::shared_ptr<ObjectStore> archive = *registry->Get("archive");
  EXPECT_EQ(archive->Get("missing/key").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(archive->Get("../bad").status().code(), StatusCode::kInvalidArgument);  // not journaled

  Result<std::vector<ErrorRecord>> records = registry->journal().Recent(10);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].bucket, "archive");
  EXPECT_EQ((*records)[0].op, "get");
  EXPECT_EQ((*records)[0].key, "missing/key");
  EXPECT_EQ((*records)[0].code, "NOT_FOUND");
  // The journal is an ordinary object in the primary bucket.
  EXPECT_EQ((*registry->Get("primary"))->List("_errors/")->size(), 1u);
}

TEST_F(BucketRegistryTest, FactoryLetsTestsInjectFaults) {
  std::shared_ptr<FaultInjectingObjectStore> faulty;
  ObjectStoreFactory factory =
      [&](const BucketInfo& bucket) -> Result<std::shared_ptr<ObjectStore>> {
    LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, OpenBucketStore(bucket));
    if (bucket.name != "flaky") return store;
    faulty = std::make_shared<FaultInjectingObjectStore>(store);
    return std::shared_ptr<ObjectStore>(faulty);
  };
  StorageOptions options;
  options.buckets = {{"flaky", "local", ""}};
  auto registry = BucketRegistry::Open(options, dir_.Sub("data"), clock_, factory);
  ASSERT_TRUE(registry.ok());
  ASSERT_NE(faulty, nullptr);
  faulty->FailOnce(StoreOp::kPut, "", ResourceExhausted("disk full"));
  EXPECT_EQ((*(*registry)->Get("flaky"))->Put("k", "v").code(), StatusCode::kResourceExhausted);
  Result<std::vector<ErrorRecord>> records = (*registry)->journal().Recent(10, "flaky");
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].code, "RESOURCE_EXHAUSTED");
  EXPECT_EQ((*records)[0].message, "disk full");
}

// SSRF guard: a runtime s3 bucket may only use an allowed endpoint (by default those of the
// config's s3 buckets), compared after normalisation; the check comes before any request. The
// configured bucket points at a closed port: it is served (reported unreachable), not fatal.
TEST_F(BucketRegistryTest, RuntimeS3EndpointsMustBeAllowed) {
  const auto s3 = [](const std::string& name, const std::string& endpoint) {
    BucketOptions bucket{name, "s3", ""};
    bucket.endpoint = endpoint;
    bucket.access_key_id = "id";
    bucket.secret_access_key = "secret";
    return bucket;
  };
  StorageOptions options;
  options.buckets = {s3("lake", "http://127.0.0.1:1")};
  auto registry = OpenRegistry(options);
  ASSERT_NE(registry, nullptr);
  Result<BucketInfo> lake = registry->Describe("lake");
  ASSERT_TRUE(lake.ok());
  EXPECT_FALSE(lake->reachable);
  EXPECT_FALSE(lake->error.empty());
  for (const char* endpoint :
       {"http://169.254.169.254", "http://127.0.0.1:2", "https://127.0.0.1:1",
        "http://127.0.0.1:1/prefix", "http://user:pw@127.0.0.1:1"}) {
    Status added = registry->Add(s3("ssrf", endpoint)).status();
    EXPECT_TRUE(added.code() == StatusCode::kPermissionDenied ||
                added.code() == StatusCode::kInvalidArgument)
        << endpoint << ": " << added.ToString();
  }
  BucketOptions dotted = s3("dotted", "http://127.0.0.1:1");
  dotted.url_style = "virtual";
  dotted.s3_bucket = "169.254.169.254.nip";
  EXPECT_EQ(registry->Add(dotted).status().code(), StatusCode::kPermissionDenied);
  // The configured endpoint (with a trailing slash) passes the list (and then fails to connect).
  Status same = registry->Add(s3("same", "http://127.0.0.1:1/")).status();
  EXPECT_EQ(same.code(), StatusCode::kUnavailable) << same.ToString();
  EXPECT_EQ(Names(registry->List()), (std::vector<std::string>{"lake", "primary"}));

  // An explicit list replaces the default.
  options.s3_allowed_endpoints = {"https://s3.example.com"};
  registry.reset();
  fs::remove_all(dir_.Sub("data"));
  registry = OpenRegistry(options);
  ASSERT_NE(registry, nullptr);
  EXPECT_EQ(registry->Add(s3("again", "http://127.0.0.1:1")).status().code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace lakehouse
