// Handlers for /catalog/*: dataset manifests, metadata patches, version logs, resync and stats.
//
// Thread-safety: thread-safe (stateless over thread-safe services).
#pragma once

#include "catalog/catalog_service.h"
#include "http/http_types.h"
#include "table/resync_service.h"

namespace lakehouse {

class CatalogHandlers {
 public:
  CatalogHandlers(CatalogService* catalog, ResyncService* resync)
      : catalog_(catalog), resync_(resync) {}

  Result<HttpResponse> List(HttpRequest& request);           // GET /catalog/datasets
  Result<HttpResponse> Create(HttpRequest& request);         // POST /catalog/datasets
  Result<HttpResponse> Get(HttpRequest& request);            // GET …/by-name/{name}
  Result<HttpResponse> PatchMetadata(HttpRequest& request);  // PATCH …/by-name/{name}/metadata
  Result<HttpResponse> Versions(HttpRequest& request);       // GET …/by-name/{name}/versions
  Result<HttpResponse> Delete(HttpRequest& request);         // DELETE …/by-name/{name}
  Result<HttpResponse> Resync(HttpRequest& request);         // POST …/by-name/{name}/resync
  Result<HttpResponse> ResyncMissing(HttpRequest& request);  // POST /catalog/resync-missing
  Result<HttpResponse> Stats(HttpRequest& request);          // GET /catalog/stats

 private:
  CatalogService* catalog_;
  ResyncService* resync_;
};

}  // namespace lakehouse
