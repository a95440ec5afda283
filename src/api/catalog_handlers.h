// Handlers for /catalog/*: dataset manifests, metadata patches, version logs, resync and stats.
//
// Thread-safety: thread-safe (stateless over thread-safe services).
#pragma once

#include <functional>

#include "access/ai_view_store.h"
#include "access/column_policy_store.h"
#include "access/dataset_authorizer.h"
#include "catalog/catalog_service.h"
#include "http/http_types.h"
#include "table/resync_service.h"

namespace lakehouse {

class CatalogHandlers {
 public:
  // Writes need a permission on the dataset (`authorizer`): create, metadata and delete need
  // admin, resync needs write, resync-missing needs the admin role.
  // `ai_views` (may be null): the AI-safe views the listing shows beside the datasets.
  // `column_policies` (may be null): admins' column overrides; a column one denies is left out of
  // a restricted caller's manifests.
  CatalogHandlers(CatalogService* catalog, ResyncService* resync,
                  const DatasetAuthorizer* authorizer, AiViewStore* ai_views = nullptr,
                  ColumnPolicyStore* column_policies = nullptr)
      : catalog_(catalog),
        resync_(resync),
        authorizer_(authorizer),
        ai_views_(ai_views),
        column_policies_(column_policies) {}

  // Adds fields other subsystems own to a dataset manifest (e.g. the vector indexes'
  // last_embedded_at / embedding_stale_since / embedding_refresh_policy). Set during start-up.
  using ManifestExtension = std::function<Json(const Dataset&)>;
  void SetManifestExtension(ManifestExtension extension) { extension_ = std::move(extension); }

  // GET /catalog/datasets: the visible datasets' manifests, and under "views" the AI-safe views
  // the caller may query ({name, kind: "ai_view", base_dataset?, columns}).
  Result<HttpResponse> List(HttpRequest& request);
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
  const DatasetAuthorizer* authorizer_;
  AiViewStore* const ai_views_;               // may be null
  ColumnPolicyStore* const column_policies_;  // may be null
  ManifestExtension extension_;
};

}  // namespace lakehouse
