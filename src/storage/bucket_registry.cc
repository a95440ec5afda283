#include "storage/bucket_registry.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "common/logging.h"
#include "common/mutex.h"
#include "common/path_containment.h"
#include "storage/bucket_list_file.h"
#include "storage/durable_file.h"
#include "storage/journaling_object_store.h"
#include "storage/local_object_store.h"
#include "storage/s3_client.h"
#include "storage/s3_object_store.h"

namespace lakehouse {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxBucketNameBytes = 63;

// `path` made absolute (relative → from data_dir), lexically normalised, and with every existing
// prefix resolved through its symlinks: what the kernel will reach, even for a part still missing.
Result<std::string> ResolvePath(const std::string& data_dir, const std::string& path,
                                const std::string& context) {
  fs::path resolved(path);
  if (resolved.is_relative()) resolved = fs::path(data_dir) / resolved;
  std::error_code ec;
  resolved = fs::weakly_canonical(resolved.lexically_normal(), ec);
  if (ec) return ErrnoToStatus(ec.value(), StrCat(context, ": resolve"));
  return WithoutTrailingSlash(resolved.lexically_normal().string());
}

}  // namespace

Json BucketInfo::ToJson() const {
  Json out{{"name", name},           {"backend", backend},
           {"root", root},           {"is_primary", is_primary},
           {"is_rescue", is_rescue}, {"source", from_config ? "config" : "runtime"}};
  if (s3) {
    out["reachable"] = reachable;
    if (!reachable) out["error"] = error;
    const S3ClientOptions& client = s3->store.client;
    out["endpoint"] = client.endpoint;
    out["region"] = client.region;
    out["s3_bucket"] = client.bucket;
    out["url_style"] = client.virtual_host ? "virtual" : "path";
  }
  return out;
}

Result<std::shared_ptr<ObjectStore>> OpenBucketStore(const BucketInfo& bucket) {
  if (bucket.backend == "s3" && bucket.s3) {
    LH_ASSIGN_OR_RETURN(std::unique_ptr<S3ObjectStore> s3,
                        S3ObjectStore::Open(bucket.name, bucket.s3->store, bucket.s3->cache));
    return std::shared_ptr<ObjectStore>(std::move(s3));
  }
  if (bucket.backend != "local") {
    return InvalidArgument("bucket '", bucket.name, "': unsupported backend '", bucket.backend,
                           "' (supported: local, s3)");
  }
  LH_ASSIGN_OR_RETURN(std::unique_ptr<LocalObjectStore> store,
                      LocalObjectStore::Open(bucket.name, bucket.root));
  return std::shared_ptr<ObjectStore>(std::move(store));
}

Status ValidateBucketName(std::string_view name) {
  const auto lower_or_digit = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  bool ok = !name.empty() && name.size() <= kMaxBucketNameBytes && lower_or_digit(name[0]);
  for (size_t i = 1; ok && i < name.size(); ++i) {
    ok = lower_or_digit(name[i]) || name[i] == '_' || name[i] == '-';
  }
  if (ok) return Status::Ok();
  return InvalidArgument("invalid bucket name (", std::to_string(name.size()),
                         " bytes): use 1-63 characters from [a-z0-9_-], starting with a letter or "
                         "digit");
}

BucketRegistry::BucketRegistry(std::string data_dir, std::string rescue_bucket,
                               ObjectStoreFactory factory)
    : data_dir_(std::move(data_dir)),
      rescue_bucket_(std::move(rescue_bucket)),
      factory_(std::move(factory)) {}

Result<std::unique_ptr<BucketRegistry>> BucketRegistry::Open(const StorageOptions& options,
                                                             const std::string& data_dir,
                                                             const Clock& clock,
                                                             ObjectStoreFactory factory) {
  if (data_dir.empty()) return InvalidArgument("storage: the data directory is not set");
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return ErrnoToStatus(ec.value(), "storage: create the data directory");
  fs::path canonical = fs::canonical(data_dir, ec);
  if (ec) return ErrnoToStatus(ec.value(), "storage: resolve the data directory");
  std::unique_ptr<BucketRegistry> registry(
      new BucketRegistry(canonical.string(), options.rescue_bucket, std::move(factory)));
  // Not shared yet; held so the analysis sees buckets_ guarded like everywhere else.
  WriterMutexLock lock(registry->mu_);
  LH_RETURN_IF_ERROR(registry->ResolveAllowedRoots(options.allowed_roots));
  LH_RETURN_IF_ERROR(registry->ResolveAllowedEndpoints(options));
  ObjectCacheOptions cache_options;
  cache_options.dir = registry->data_dir_ + "/cache/s3";
  cache_options.capacity_bytes = options.s3_cache_bytes;
  LH_ASSIGN_OR_RETURN(registry->s3_cache_, ObjectCache::Open(cache_options));

  std::vector<BucketOptions> configured = options.buckets;
  bool has_primary = false;
  for (const BucketOptions& bucket : configured) has_primary |= bucket.name == kPrimaryBucket;
  if (!has_primary)
    configured.insert(configured.begin(), BucketOptions{std::string(kPrimaryBucket), "local", ""});

  // Open the raw stores first: the journal lives in the primary's raw store, and only then can
  // every store be wrapped to journal its failures.
  const auto add_raw = [&](const BucketOptions& bucket, bool from_config)
                           LH_REQUIRES(registry->mu_) -> Status {
    BucketInfo info;
    // An s3 bucket that cannot be reached now is served anyway (reported unreachable): the
    // server starts and answers over the other buckets.
    LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> raw,
                        registry->OpenRaw(bucket, from_config, /*require_reachable=*/false, &info));
    auto s3 = std::dynamic_pointer_cast<S3ObjectStore>(raw);
    registry->buckets_.emplace(info.name, Entry{info, bucket, std::move(raw), "", std::move(s3)});
    return Status::Ok();
  };
  for (const BucketOptions& bucket : configured) {
    if (registry->buckets_.count(bucket.name) != 0) {
      return InvalidArgument("storage: bucket '", bucket.name, "' is configured twice");
    }
    LH_RETURN_IF_ERROR(add_raw(bucket, /*from_config=*/true));
  }
  LH_ASSIGN_OR_RETURN(std::vector<BucketOptions> persisted,
                      LoadBucketList(registry->data_dir_ + "/" + kBucketListFileName));
  for (const BucketOptions& bucket : persisted) {
    if (registry->buckets_.count(bucket.name) != 0) {
      LH_LOG_WARN("storage: ignoring runtime bucket '{}' from {}: the config defines it",
                  bucket.name, kBucketListFileName);
      continue;
    }
    if (Status allowed = registry->CheckEndpointAllowed(bucket); !allowed.ok()) {
      LH_LOG_WARN("storage: ignoring runtime bucket '{}' from {}: {}", bucket.name,
                  kBucketListFileName, allowed.ToString());
      continue;
    }
    Status status = add_raw(bucket, /*from_config=*/false);
    if (!status.ok()) return status.WithContext(StrCat("storage: ", kBucketListFileName));
  }
  if (!registry->rescue_bucket_.empty() &&
      registry->buckets_.count(registry->rescue_bucket_) == 0) {
    return InvalidArgument("storage: rescue bucket '", registry->rescue_bucket_,
                           "' is not a configured bucket");
  }

  registry->journal_ =
      std::make_unique<ErrorJournal>(registry->buckets_.find(kPrimaryBucket)->second.store, clock);
  for (auto& [name, entry] : registry->buckets_) {
    entry.store = std::make_shared<JournalingObjectStore>(name, entry.store, *registry->journal_);
  }
  return registry;
}

Status BucketRegistry::ResolveAllowedEndpoints(const StorageOptions& options) {
  const bool from_buckets = options.s3_allowed_endpoints.empty();
  std::vector<std::string> given = options.s3_allowed_endpoints;
  if (from_buckets) {
    for (const BucketOptions& bucket : options.buckets) {
      if (bucket.backend == "s3" && !bucket.endpoint.empty()) given.push_back(bucket.endpoint);
    }
  }
  for (const std::string& endpoint : given) {
    Result<std::string> normalized = NormalizedS3Endpoint(endpoint);
    if (!normalized.ok()) {
      if (from_buckets) continue;  // the bucket itself reports its bad endpoint
      return normalized.status().WithContext("storage.s3_allowed_endpoints");
    }
    allowed_endpoints_.push_back(std::move(*normalized));
  }
  return Status::Ok();
}

Status BucketRegistry::CheckEndpointAllowed(const BucketOptions& options) const {
  if (options.backend != "s3") return Status::Ok();
  const std::string context = StrCat("bucket '", options.name, "'");
  Result<std::string> normalized = NormalizedS3Endpoint(options.endpoint);
  if (!normalized.ok()) return normalized.status().WithContext(context);
  const std::string& endpoint = *normalized;
  if (std::find(allowed_endpoints_.begin(), allowed_endpoints_.end(), endpoint) ==
      allowed_endpoints_.end()) {
    return PermissionDenied(context, ": endpoint '", endpoint,
                            "' is not an allowed s3 endpoint (storage.s3_allowed_endpoints; by "
                            "default only the endpoints of s3 buckets in the config file)");
  }
  if (options.url_style == "virtual" &&
      options.s3_bucket.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") !=
          std::string::npos) {
    return PermissionDenied(context,
                            ": a virtual-host s3 bucket added at runtime needs an s3_bucket of "
                            "a-z 0-9 - only (it becomes part of the host name)");
  }
  return Status::Ok();
}

Status BucketRegistry::ResolveAllowedRoots(const std::vector<std::string>& configured) {
  const std::string default_root = data_dir_ + "/" + std::string(kDefaultBucketsDir);
  std::error_code ec;
  fs::create_directories(default_root, ec);
  if (ec) return ErrnoToStatus(ec.value(), StrCat("storage: create ", default_root));
  if (configured.empty()) {
    allowed_roots_ = {WithoutTrailingSlash(fs::canonical(default_root, ec).string())};
    if (ec) return ErrnoToStatus(ec.value(), StrCat("storage: resolve ", default_root));
    return Status::Ok();
  }
  for (const std::string& entry : configured) {
    const std::string context = StrCat("storage.allowed_roots entry '", entry, "'");
    if (entry.empty()) return InvalidArgument(context, " is empty");
    fs::path path(entry);
    if (path.is_relative()) path = fs::path(data_dir_) / path;
    fs::path real = fs::canonical(path.lexically_normal(), ec);
    if (ec) return InvalidArgument(context, " cannot be resolved: ", ec.message());
    if (!fs::is_directory(real, ec)) return InvalidArgument(context, " is not a directory");
    allowed_roots_.push_back(WithoutTrailingSlash(real.string()));
  }
  return Status::Ok();
}

Status BucketRegistry::CheckRootAllowed(const std::string& root, const std::string& context) const {
  const std::string private_dir_rule = StrCat(" (inside the data directory only <data_dir>/",
                                              kDefaultBucketsDir, " may hold buckets)");
  if (IsSameOrUnder(data_dir_, root)) {
    return PermissionDenied(context, ": root must not contain the data directory");
  }
  if (IsSameOrUnder(root, data_dir_) &&
      !IsSameOrUnder(root, data_dir_ + "/" + std::string(kDefaultBucketsDir))) {
    return PermissionDenied(context, ": root is a private directory of the server",
                            private_dir_rule);
  }
  for (const std::string& allowed : allowed_roots_) {
    if (IsSameOrUnder(root, allowed)) return Status::Ok();
  }
  std::string list;
  for (const std::string& allowed : allowed_roots_) list += (list.empty() ? "" : ", ") + allowed;
  return PermissionDenied(context, ": root '", root,
                          "' is outside the allowed bucket roots (storage.allowed_roots: ", list,
                          ")");
}

Result<std::shared_ptr<ObjectStore>> BucketRegistry::OpenRaw(const BucketOptions& options,
                                                             bool from_config,
                                                             bool require_reachable,
                                                             BucketInfo* info) const {
  LH_RETURN_IF_ERROR(ValidateBucketName(options.name));
  const std::string context = StrCat("bucket '", options.name, "'");
  if (options.backend == "s3") {
    LH_ASSIGN_OR_RETURN(S3StoreOptions store, S3StoreOptionsFor(options));
    info->name = options.name;
    info->backend = "s3";
    info->root = s3_cache_->BucketDir(options.name);
    info->is_primary = options.name == kPrimaryBucket;
    info->is_rescue = options.name == rescue_bucket_;
    info->from_config = from_config;
    info->s3 = std::make_shared<S3BucketAccess>(S3BucketAccess{std::move(store), s3_cache_});
    std::error_code ec;
    fs::create_directories(info->root, ec);
    if (ec) return ErrnoToStatus(ec.value(), StrCat(context, ": create its cache directory"));
    LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> opened, factory_(*info));
    if (auto s3 = std::dynamic_pointer_cast<S3ObjectStore>(opened)) {
      Status probed = s3->Probe();  // a wrong endpoint, secret or bucket names its reason here
      if (!probed.ok()) {
        if (require_reachable) return probed;
        LH_LOG_WARN("storage: {} is unreachable; serving the other buckets meanwhile: {}", context,
                    probed.ToString());
      }
    }
    return opened;
  }
  const std::string given =
      options.root.empty() ? StrCat(kDefaultBucketsDir, "/", options.name) : options.root;
  LH_ASSIGN_OR_RETURN(std::string root_text, ResolvePath(data_dir_, given, context));
  // Checked before the store creates anything: a refused root is never created.
  LH_RETURN_IF_ERROR(CheckRootAllowed(root_text, context));
  for (const auto& [name, entry] : buckets_) {
    if (entry.info.backend == "s3") continue;  // its root is a cache directory of the server
    if (IsSameOrUnder(root_text, entry.info.root) || IsSameOrUnder(entry.info.root, root_text)) {
      return InvalidArgument(context, ": root overlaps the root of bucket '", name, "'");
    }
  }

  info->name = options.name;
  info->backend = options.backend.empty() ? "local" : options.backend;
  info->root = root_text;
  info->is_primary = options.name == kPrimaryBucket;
  info->is_rescue = options.name == rescue_bucket_;
  info->from_config = from_config;
  LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, factory_(*info));
  // A symlink swapped in between the check and the creation must not win: check what now exists.
  std::error_code ec;
  fs::path real = fs::canonical(root_text, ec);
  if (!ec) LH_RETURN_IF_ERROR(CheckRootAllowed(WithoutTrailingSlash(real.string()), context));
  return store;
}

Result<std::shared_ptr<ObjectStore>> BucketRegistry::Get(std::string_view name) const {
  ReaderMutexLock lock(mu_);
  auto it = buckets_.find(name);
  if (it == buckets_.end()) return UnknownBucketLocked(name);
  return it->second.store;
}

Result<BucketInfo> BucketRegistry::Describe(std::string_view name) const {
  ReaderMutexLock lock(mu_);
  auto it = buckets_.find(name);
  if (it == buckets_.end()) return UnknownBucketLocked(name);
  return InfoOf(it->second);
}

BucketInfo BucketRegistry::InfoOf(const Entry& entry) {
  BucketInfo info = entry.info;
  if (entry.s3) {
    S3Reachability state = entry.s3->reachability();
    info.reachable = state.reachable;
    info.error = std::move(state.error);
  }
  return info;
}

std::vector<BucketInfo> BucketRegistry::List() const {
  std::vector<std::shared_ptr<S3ObjectStore>> due;
  {
    ReaderMutexLock lock(mu_);
    for (const auto& [name, entry] : buckets_) {
      if (entry.s3 && entry.s3->ProbeDue()) due.push_back(entry.s3);
    }
  }
  // Unreachable buckets are asked again (outside the lock) once their fail-fast time is over.
  for (const std::shared_ptr<S3ObjectStore>& s3 : due) {
    Status probed = s3->Probe();
    if (probed.ok()) LH_LOG_INFO("storage: an unreachable s3 bucket answers again");
  }
  ReaderMutexLock lock(mu_);
  std::vector<BucketInfo> out;
  out.reserve(buckets_.size());
  for (const auto& [name, entry] : buckets_) out.push_back(InfoOf(entry));
  return out;
}

Result<BucketInfo> BucketRegistry::Add(const BucketOptions& options) {
  LH_RETURN_IF_ERROR(ValidateBucketName(options.name));
  LH_RETURN_IF_ERROR(CheckEndpointAllowed(options));
  WriterMutexLock lock(mu_);
  if (buckets_.count(options.name) != 0) {
    return AlreadyExists("bucket '", options.name, "' already exists");
  }
  BucketInfo info;
  LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> raw,
                      OpenRaw(options, false, /*require_reachable=*/true, &info));
  auto s3 = std::dynamic_pointer_cast<S3ObjectStore>(raw);
  auto store = std::make_shared<JournalingObjectStore>(info.name, std::move(raw), *journal_);
  Entry entry{info, options, std::move(store), "", std::move(s3)};
  LH_RETURN_IF_ERROR(LinkLocked(entry));
  buckets_.emplace(info.name, std::move(entry));
  Status saved = SaveRuntimeBucketsLocked();
  if (!saved.ok()) {
    buckets_.erase(info.name);
    if (!read_link_dir_.empty()) {
      std::error_code ec;
      fs::remove(fs::path(read_link_dir_) / info.name, ec);
    }
    return saved;
  }
  return info;
}

Status BucketRegistry::Remove(std::string_view name) {
  WriterMutexLock lock(mu_);
  auto it = buckets_.find(name);
  if (it == buckets_.end()) return UnknownBucketLocked(name);
  const BucketInfo& info = it->second.info;
  if (info.is_primary) return PermissionDenied("the primary bucket cannot be removed");
  if (info.is_rescue) return PermissionDenied("bucket '", info.name, "' is the rescue bucket");
  if (info.from_config) {
    return PermissionDenied("bucket '", info.name,
                            "' is defined in the server configuration; remove it there");
  }
  Entry removed = std::move(it->second);
  buckets_.erase(it);
  Status saved = SaveRuntimeBucketsLocked();
  if (!saved.ok()) {
    buckets_.emplace(removed.info.name, std::move(removed));
    return saved;
  }
  if (!read_link_dir_.empty()) {
    std::error_code ec;
    fs::remove(fs::path(read_link_dir_) / removed.info.name, ec);
    if (ec) LH_LOG_WARN("storage: read link of bucket '{}' not removed: {}", name, ec.message());
  }
  return saved;
}

Status BucketRegistry::SetReadLinkDir(const std::string& dir) {
  if (dir.empty() || dir.front() != '/') {
    return InvalidArgument("storage: the read link directory must be an absolute path");
  }
  WriterMutexLock lock(mu_);
  std::error_code ec;
  fs::remove_all(dir, ec);  // symlinks are removed, never followed
  if (ec) return ErrnoToStatus(ec.value(), "storage: clear the read link directory");
  fs::create_directories(dir, ec);
  if (ec) return ErrnoToStatus(ec.value(), "storage: create the read link directory");
  read_link_dir_ = WithoutTrailingSlash(dir);
  for (auto& [name, entry] : buckets_) LH_RETURN_IF_ERROR(LinkLocked(entry));
  return Status::Ok();
}

Status BucketRegistry::LinkLocked(Entry& entry) const {
  if (read_link_dir_.empty()) return Status::Ok();
  std::error_code ec;
  fs::path real = fs::canonical(entry.info.root, ec);
  if (ec)
    return ErrnoToStatus(ec.value(),
                         StrCat("storage: resolve the root of bucket '", entry.info.name, "'"));
  fs::path link = fs::path(read_link_dir_) / entry.info.name;
  fs::remove(link, ec);
  fs::create_directory_symlink(real, link, ec);
  if (ec) {
    return ErrnoToStatus(ec.value(),
                         StrCat("storage: link bucket '", entry.info.name, "' for reading"));
  }
  entry.real_root = real.string();
  return Status::Ok();
}

Result<std::string> BucketRegistry::ReadPath(std::string_view bucket, std::string_view key) const {
  LH_ASSIGN_OR_RETURN(HeldLocalPath held, ReadPathImpl(bucket, key, /*hold=*/false));
  return std::move(held.path);
}

Result<HeldLocalPath> BucketRegistry::HoldReadPath(std::string_view bucket,
                                                   std::string_view key) const {
  return ReadPathImpl(bucket, key, /*hold=*/true);
}

Result<HeldLocalPath> BucketRegistry::ReadPathImpl(std::string_view bucket, std::string_view key,
                                                   bool hold) const {
  ReaderMutexLock lock(mu_);
  auto it = buckets_.find(bucket);
  if (it == buckets_.end()) return UnknownBucketLocked(bucket);
  const Entry& entry = it->second;
  HeldLocalPath held;
  if (hold) {
    LH_ASSIGN_OR_RETURN(held, entry.store->HoldLocalPath(key));
  } else {
    LH_ASSIGN_OR_RETURN(held.path, entry.store->LocalPath(key));
  }
  if (read_link_dir_.empty() || entry.real_root.empty() ||
      !IsSameOrUnder(held.path, entry.real_root)) {
    return held;
  }
  held.path = read_link_dir_ + "/" + entry.info.name + held.path.substr(entry.real_root.size());
  return held;
}

Status BucketRegistry::SaveRuntimeBucketsLocked() const {
  std::vector<BucketOptions> runtime;
  for (const auto& [name, entry] : buckets_) {
    if (!entry.info.from_config) runtime.push_back(entry.options);
  }
  return SaveBucketList(data_dir_ + "/" + kBucketListFileName, runtime);
}

Status BucketRegistry::UnknownBucketLocked(std::string_view name) const {
  std::string names;
  for (const auto& [bucket, entry] : buckets_) {
    if (!names.empty()) names += ", ";
    names += bucket;
  }
  const std::string shown = ValidateBucketName(name).ok() ? std::string(name) : "(invalid name)";
  return NotFound("unknown bucket '", shown, "'; valid buckets: ", names);
}

}  // namespace lakehouse
