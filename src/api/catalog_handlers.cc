#include "api/catalog_handlers.h"

#include "api/request_policy.h"
#include "catalog/catalog_json.h"
#include "catalog/dataset_request.h"

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

}  // namespace

Result<HttpResponse> CatalogHandlers::List(HttpRequest&) {
  LH_ASSIGN_OR_RETURN(auto datasets, catalog_->ListDatasets());
  return HttpResponse::JsonBody(DatasetListToJson(datasets));
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
  LH_ASSIGN_OR_RETURN(Dataset dataset, catalog_->GetDataset(request.PathParam("name")));
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

Result<HttpResponse> CatalogHandlers::Stats(HttpRequest&) {
  LH_ASSIGN_OR_RETURN(CatalogStats stats, catalog_->Stats());
  return HttpResponse::JsonBody(CatalogStatsToJson(stats));
}

}  // namespace lakehouse
