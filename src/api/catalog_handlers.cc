#include "api/catalog_handlers.h"

#include <algorithm>

#include "access/catalog_visibility.h"
#include "access/policy_views.h"
#include "api/request_policy.h"
#include "catalog/catalog_json.h"
#include "catalog/dataset_request.h"
#include "common/strings.h"

namespace lakehouse {
namespace {

// Who is acting: X-Lakehouse-Actor, else "api".
std::string ActorOf(const HttpRequest& request) {
  return request.Header("X-Lakehouse-Actor").value_or("api");
}

// "files": [{"key": "...", "bucket"?: "..."}] — existing Parquet objects to register.
Result<std::vector<std::pair<std::string, std::string>>> ParseFiles(const Json& files,
                                                                    const std::string& bucket) {
  if (!files.is_array()) return InvalidArgument("field 'files' must be an array of objects");
  std::vector<std::pair<std::string, std::string>> out;
  for (const Json& f : files) {
    if (!f.is_object()) return InvalidArgument("each entry of 'files' must be an object");
    LH_ASSIGN_OR_RETURN(std::string key, RequiredString(f, "key"));
    LH_ASSIGN_OR_RETURN(auto file_bucket, OptionalString(f, "bucket"));
    out.emplace_back(file_bucket.value_or(bucket), std::move(key));
  }
  return out;
}

// The AI-safe views `policy` may query (unrestricted: all; otherwise those a grant names, or "*"),
// as listing entries: the base dataset only when the caller may see it, the columns the view
// shows (not those it or the caller's clearance denies).
Result<Json> VisibleAiViews(CatalogService* catalog, AiViewStore* store,
                            const AccessPolicy& policy) {
  Json out = Json::array();
  if (store == nullptr) return out;
  LH_ASSIGN_OR_RETURN(std::vector<AiView> views, store->List());
  if (views.empty()) return out;
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> all, catalog->ListDatasets());
  for (const AiView& view : views) {
    std::optional<DatasetAccess> access;
    if (!policy.unrestricted()) {
      access = policy.ForDataset(view.name, {});
      if (!access) continue;
    }
    auto base = std::find_if(all.begin(), all.end(),
                             [&](const Dataset& d) { return d.id == view.base_dataset_id; });
    if (base == all.end()) continue;
    Json columns = Json::array();
    for (const Column& column : base->columns) {
      const bool listed =
          view.columns.empty() ||
          std::any_of(view.columns.begin(), view.columns.end(),
                      [&](const std::string& c) { return EqualsIgnoreAsciiCase(c, column.name); });
      auto fixed = view.column_redactions.find(AsciiLower(column.name));
      const bool denied_by_view =
          fixed != view.column_redactions.end() && fixed->second.kind == RedactionKind::kDeny;
      const bool denied_for_caller =
          access && RedactionFor(column, access->max_unmasked, ColumnRedactions()).kind ==
                        RedactionKind::kDeny;
      if (listed && !denied_by_view && !denied_for_caller) columns.push_back(column.name);
    }
    Json entry = {{"name", view.name}, {"kind", "ai_view"}, {"columns", std::move(columns)}};
    if (PolicyShows(policy, *base)) entry["base_dataset"] = base->name;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

Result<HttpResponse> CatalogHandlers::List(HttpRequest& request) {
  const AccessPolicy& policy = PolicyOf(request);
  LH_ASSIGN_OR_RETURN(auto datasets, VisibleDatasets(catalog_, policy, column_policies_));
  Json out = DatasetListToJson(datasets);
  LH_ASSIGN_OR_RETURN(out["views"], VisibleAiViews(catalog_, ai_views_, policy));
  return HttpResponse::JsonBody(out);
}

Result<HttpResponse> CatalogHandlers::Create(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  Json files = body.contains("files") ? body["files"] : Json();
  body.erase("files");
  LH_ASSIGN_OR_RETURN(CreateDatasetRequest create, ParseCreateDatasetRequest(body));
  create.actor = ActorOf(request);
  LH_RETURN_IF_ERROR(CheckCreatePermission(PolicyOf(request), create.name, create.tags));
  Dataset dataset;
  if (files.is_null()) {
    LH_ASSIGN_OR_RETURN(dataset, catalog_->CreateDataset(std::move(create)));
  } else {
    LH_ASSIGN_OR_RETURN(auto parsed, ParseFiles(files, create.bucket));
    LH_ASSIGN_OR_RETURN(dataset, resync_->RegisterWithFiles(std::move(create), parsed));
  }
  return HttpResponse::JsonBody(DatasetToJson(dataset), 201);
}

Result<HttpResponse> CatalogHandlers::Get(HttpRequest& request) {
  const AccessPolicy& policy = PolicyOf(request);
  LH_ASSIGN_OR_RETURN(Dataset dataset, catalog_->GetDataset(request.PathParam("name")));
  if (!policy.unrestricted()) {
    LH_ASSIGN_OR_RETURN(std::vector<Dataset> all, catalog_->ListDatasets());
    LH_ASSIGN_OR_RETURN(ColumnRedactions overrides,
                        ColumnOverridesOf(column_policies_, dataset.id));
    LH_ASSIGN_OR_RETURN(dataset, DatasetAsSeenBy(policy, std::move(dataset), &all, &overrides));
  }
  Json manifest = DatasetToJson(dataset);
  if (extension_) manifest.update(extension_(dataset));
  return HttpResponse::JsonBody(manifest);
}

Result<HttpResponse> CatalogHandlers::PatchMetadata(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(MetadataPatch patch, ParseMetadataPatch(body));
  LH_RETURN_IF_ERROR(
      authorizer_->Require(PolicyOf(request), request.PathParam("name"), Permission::kAdmin));
  LH_ASSIGN_OR_RETURN(Dataset dataset, catalog_->UpdateMetadata(request.PathParam("name"), patch));
  return HttpResponse::JsonBody(DatasetToJson(dataset));
}

Result<HttpResponse> CatalogHandlers::Versions(HttpRequest& request) {
  if (const AccessPolicy& policy = PolicyOf(request); !policy.unrestricted()) {
    LH_ASSIGN_OR_RETURN(Dataset dataset, catalog_->GetDataset(request.PathParam("name")));
    LH_RETURN_IF_ERROR(DatasetAsSeenBy(policy, std::move(dataset)).status());
  }
  LH_ASSIGN_OR_RETURN(auto versions, catalog_->ListVersions(request.PathParam("name")));
  return HttpResponse::JsonBody(VersionListToJson(versions));
}

Result<HttpResponse> CatalogHandlers::Delete(HttpRequest& request) {
  LH_RETURN_IF_ERROR(
      authorizer_->Require(PolicyOf(request), request.PathParam("name"), Permission::kAdmin));
  LH_ASSIGN_OR_RETURN(DatasetVersion version,
                      catalog_->DeleteDataset(request.PathParam("name"), ActorOf(request)));
  return HttpResponse::JsonBody(DatasetVersionToJson(version));
}

Result<HttpResponse> CatalogHandlers::Resync(HttpRequest& request) {
  LH_RETURN_IF_ERROR(
      authorizer_->Require(PolicyOf(request), request.PathParam("name"), Permission::kWrite));
  LH_ASSIGN_OR_RETURN(ResyncReport report, resync_->ResyncDataset(request.PathParam("name")));
  return HttpResponse::JsonBody(report.ToJson());
}

Result<HttpResponse> CatalogHandlers::ResyncMissing(HttpRequest& request) {
  LH_RETURN_IF_ERROR(CheckAdmin(PolicyOf(request), "resyncing every dataset"));
  LH_ASSIGN_OR_RETURN(auto reports, resync_->ResyncMissing());
  Json items = Json::array();
  for (const ResyncReport& r : reports) items.push_back(r.ToJson());
  return HttpResponse::JsonBody({{"resynced", items}});
}

Result<HttpResponse> CatalogHandlers::Stats(HttpRequest& request) {
  const AccessPolicy& policy = PolicyOf(request);
  if (policy.unrestricted()) {
    LH_ASSIGN_OR_RETURN(CatalogStats stats, catalog_->Stats());
    return HttpResponse::JsonBody(CatalogStatsToJson(stats));
  }
  // Only what the policy may see: totals over its datasets (file counts are not shown).
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> visible,
                      VisibleDatasets(catalog_, policy, column_policies_));
  CatalogStats stats;
  for (Sensitivity level : kAllSensitivities) stats.by_sensitivity[level] = 0;
  for (const Dataset& dataset : visible) {
    ++stats.dataset_count;
    stats.total_rows += dataset.row_count;
    stats.total_bytes += dataset.size_bytes;
    stats.version_count += dataset.current_version;
    ++stats.by_sensitivity[dataset.EffectiveSensitivity()];
  }
  return HttpResponse::JsonBody(CatalogStatsToJson(stats));
}

}  // namespace lakehouse
