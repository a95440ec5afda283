// Handlers for /storage/*: objects in buckets, buckets, the error journal and bucket health.
// Object uploads are streamed to a spool file and moved into the bucket, never held in memory.
//
// Thread-safety: thread-safe (stateless over thread-safe services).
#pragma once

#include <string>

#include "http/http_types.h"
#include "storage/storage_service.h"

namespace lakehouse {

class StorageHandlers {
 public:
  // `spool_dir`: where uploads are streamed before being moved into a bucket.
  StorageHandlers(StorageService* storage, std::string spool_dir, int64_t max_upload_bytes)
      : storage_(storage), spool_dir_(std::move(spool_dir)), max_upload_bytes_(max_upload_bytes) {}

  Result<HttpResponse> PutObject(HttpRequest& request);     // PUT …/objects/{key...}
  Result<HttpResponse> GetObject(HttpRequest& request);     // GET …/objects/{key...} (Range ok)
  Result<HttpResponse> DeleteObject(HttpRequest& request);  // DELETE …/objects/{key...}
  Result<HttpResponse> ListObjects(HttpRequest& request);   // GET …/objects?prefix=
  Result<HttpResponse> ListBuckets(HttpRequest& request);   // GET /storage/buckets
  Result<HttpResponse> CreateBucket(HttpRequest& request);  // POST /storage/buckets
  Result<HttpResponse> DeleteBucket(HttpRequest& request);  // DELETE /storage/buckets/{name}
  Result<HttpResponse> Errors(HttpRequest& request);        // GET /storage/errors?limit=&bucket=
  Result<HttpResponse> Health(HttpRequest& request);        // GET /storage/bucket-health

 private:
  StorageService* storage_;
  std::string spool_dir_;
  int64_t max_upload_bytes_;
};

}  // namespace lakehouse
