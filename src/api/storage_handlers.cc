#include "api/storage_handlers.h"

#include "access/dataset_authorizer.h"
#include "api/request_policy.h"
#include "common/clock.h"
#include "storage/upload_spool.h"

namespace lakehouse {
namespace {

constexpr const char* kRescueHeader = "X-Lakehouse-Rescue-Used";

Json ObjectInfoJson(const ObjectInfo& info) {
  return Json{{"key", info.key},
              {"size_bytes", info.size_bytes},
              {"modified_at", FormatTimestamp(info.modified_micros)}};
}

// "bytes=START-END" or "bytes=START-" (one range). INVALID_ARGUMENT for anything else.
Result<std::pair<int64_t, int64_t>> ParseRange(const std::string& header) {
  const std::string prefix = "bytes=";
  if (header.rfind(prefix, 0) != 0 || header.find(',') != std::string::npos) {
    return InvalidArgument("unsupported Range header '", header, "' (use bytes=START-END)");
  }
  std::string spec = header.substr(prefix.size());
  size_t dash = spec.find('-');
  if (dash == std::string::npos || dash == 0) {
    return InvalidArgument("unsupported Range header '", header, "' (use bytes=START-END)");
  }
  try {
    size_t used = 0;
    int64_t start = std::stoll(spec.substr(0, dash), &used);
    if (used != dash || start < 0) throw std::invalid_argument("start");
    int64_t length = -1;
    if (dash + 1 < spec.size()) {
      int64_t end = std::stoll(spec.substr(dash + 1), &used);
      if (used != spec.size() - dash - 1 || end < start) throw std::invalid_argument("end");
      length = end - start + 1;
    }
    return std::make_pair(start, length);
  } catch (const std::exception&) {
    return InvalidArgument("malformed Range header '", header, "'");
  }
}

// Raw objects bypass every dataset's policy (a Parquet file read directly is not masked), so the
// object API is for administrators; principals reach data through datasets.
Status RequireObjectAccess(const HttpRequest& request) {
  return CheckAdmin(PolicyOf(request), "the object API");
}

// Buckets: admins only, and never in dev mode (a server nobody authenticates to keeps its
// buckets to the config, issue 15).
Status RequireBucketAdmin(const HttpRequest& request) {
  const AccessPolicy& policy = PolicyOf(request);
  if (policy.principal().dev_mode) {
    return PermissionDenied(
        "adding or removing buckets at runtime needs authentication: create an API key "
        "(POST /access/keys, `lakehouse access keys create`) or configure server.api_keys (or "
        "LAKEHOUSE_API_KEYS), or list the bucket under [[storage.buckets]] in the config");
  }
  return CheckAdmin(policy, "adding or removing buckets");
}

}  // namespace

Result<HttpResponse> StorageHandlers::PutObject(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireObjectAccess(request));
  LH_ASSIGN_OR_RETURN(auto spool, UploadSpool::Create(spool_dir_, max_upload_bytes_));
  Status appended;
  Status read = request.read_body([&](std::string_view chunk) {
    appended = spool->Append(chunk);
    return appended.ok();
  });
  LH_RETURN_IF_ERROR(appended);  // the spool's reason (too large, disk full) comes first
  LH_RETURN_IF_ERROR(read);
  LH_RETURN_IF_ERROR(spool->Finish());
  const std::string& bucket = request.PathParam("bucket");
  const std::string& key = request.PathParam("key");
  LH_RETURN_IF_ERROR(storage_->PutObjectFile(bucket, key, spool->path()));
  return HttpResponse::JsonBody({{"bucket", bucket},
                                 {"key", key},
                                 {"size_bytes", spool->size()},
                                 {"sha256", spool->sha256()}},
                                201);
}

Result<HttpResponse> StorageHandlers::GetObject(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireObjectAccess(request));
  const std::string& bucket = request.PathParam("bucket");
  const std::string& key = request.PathParam("key");
  std::optional<std::string> range = request.Header("Range");
  ReadResult read;
  int status = 200;
  if (range) {
    LH_ASSIGN_OR_RETURN(auto span, ParseRange(*range));
    LH_ASSIGN_OR_RETURN(read, storage_->GetObjectRange(bucket, key, span.first, span.second));
    status = 206;
  } else {
    LH_ASSIGN_OR_RETURN(read, storage_->GetObject(bucket, key));
  }
  HttpResponse response =
      HttpResponse::Text(std::move(read.data), "application/octet-stream", status);
  if (read.rescue_used) response.headers[kRescueHeader] = "true";
  return response;
}

Result<HttpResponse> StorageHandlers::DeleteObject(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireObjectAccess(request));
  LH_RETURN_IF_ERROR(storage_->DeleteObject(request.PathParam("bucket"), request.PathParam("key")));
  return HttpResponse::NoContent();
}

Result<HttpResponse> StorageHandlers::ListObjects(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireObjectAccess(request));
  const std::string& bucket = request.PathParam("bucket");
  LH_ASSIGN_OR_RETURN(std::vector<ObjectInfo> objects,
                      storage_->ListObjects(bucket, request.QueryParam("prefix").value_or("")));
  Json items = Json::array();
  for (const ObjectInfo& info : objects) items.push_back(ObjectInfoJson(info));
  return HttpResponse::JsonBody({{"bucket", bucket}, {"objects", items}});
}

Result<HttpResponse> StorageHandlers::ListBuckets(HttpRequest&) {
  Json items = Json::array();
  for (const BucketInfo& b : storage_->ListBuckets()) items.push_back(b.ToJson());
  return HttpResponse::JsonBody({{"buckets", items}});
}

Result<HttpResponse> StorageHandlers::CreateBucket(HttpRequest& request) {
  // A malformed body is 400 whoever asks; then the permission.
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownFields(
      body, {"name", "root", "backend", "endpoint", "region", "s3_bucket", "url_style",
             "access_key_id", "secret_access_key", "secret_access_key_file"}));
  BucketOptions options;
  LH_ASSIGN_OR_RETURN(options.name, RequiredString(body, "name"));
  LH_ASSIGN_OR_RETURN(auto backend, OptionalString(body, "backend"));
  if (backend) options.backend = *backend;
  if (options.backend == "s3") {
    // Reads every s3 field that is present; S3StoreOptionsFor (storage/) judges them.
    for (auto [field, out] : {std::pair{"endpoint", &options.endpoint},
                              {"region", &options.region},
                              {"s3_bucket", &options.s3_bucket},
                              {"url_style", &options.url_style},
                              {"access_key_id", &options.access_key_id},
                              {"secret_access_key", &options.secret_access_key},
                              {"secret_access_key_file", &options.secret_access_key_file}}) {
      LH_ASSIGN_OR_RETURN(auto value, OptionalString(body, field));
      if (value) *out = *value;
    }
  } else {
    LH_ASSIGN_OR_RETURN(options.root, RequiredString(body, "root"));
  }
  LH_RETURN_IF_ERROR(RequireBucketAdmin(request));
  LH_ASSIGN_OR_RETURN(BucketInfo info, storage_->CreateBucket(options));
  return HttpResponse::JsonBody(info.ToJson(), 201);
}

Result<HttpResponse> StorageHandlers::DeleteBucket(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireBucketAdmin(request));
  LH_RETURN_IF_ERROR(storage_->DeleteBucket(request.PathParam("name")));
  return HttpResponse::NoContent();
}

Result<HttpResponse> StorageHandlers::Errors(HttpRequest& request) {
  size_t limit = 100;
  if (auto text = request.QueryParam("limit")) {
    try {
      long long v = std::stoll(*text);
      if (v <= 0) throw std::invalid_argument("limit");
      limit = static_cast<size_t>(std::min<long long>(v, StorageService::kMaxErrorRecords));
    } catch (const std::exception&) {
      return InvalidArgument("query parameter 'limit' must be a positive integer");
    }
  }
  LH_ASSIGN_OR_RETURN(auto records,
                      storage_->RecentErrors(limit, request.QueryParam("bucket").value_or("")));
  Json items = Json::array();
  for (const ErrorRecord& r : records) items.push_back(r.ToJson());
  return HttpResponse::JsonBody({{"errors", items}});
}

Result<HttpResponse> StorageHandlers::Health(HttpRequest& request) {
  bool count = request.QueryParam("count_objects").value_or("false") == "true";
  Json items = Json::array();
  for (const BucketHealth& h : storage_->CheckBucketHealth(count)) items.push_back(h.ToJson());
  return HttpResponse::JsonBody({{"buckets", items}});
}

}  // namespace lakehouse
