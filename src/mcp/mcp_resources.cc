// McpServer's resources: datasets and vector indexes, as the caller's policy shows them.
#include <string>

#include "access/catalog_visibility.h"
#include "catalog/catalog_json.h"
#include "mcp/mcp_server.h"

namespace lakehouse {
namespace {

constexpr std::string_view kDatasetPrefix = "lakehouse://datasets/";
constexpr std::string_view kIndexPrefix = "lakehouse://indexes/";

// MCP clients get no lineage parents from a restricted policy (the catalog routes keep the
// visible ones); the rest of what a principal sees is catalog_visibility.h's rule.
Dataset WithoutLineage(const AccessPolicy& policy, Dataset dataset) {
  if (!policy.unrestricted()) dataset.lineage.parent_datasets.clear();
  return dataset;
}

Json TextContent(const std::string& uri, const Json& body) {
  return {
      {"contents",
       Json::array({{{"uri", uri}, {"mimeType", "application/json"}, {"text", body.dump(2)}}})}};
}

}  // namespace

Result<std::vector<Dataset>> McpServer::VisibleDatasets(const AccessPolicy& policy) {
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> datasets,
                      lakehouse::VisibleDatasets(deps_.catalog, policy, deps_.column_policies));
  for (Dataset& d : datasets) d = WithoutLineage(policy, std::move(d));
  return datasets;
}

Result<Dataset> McpServer::VisibleDataset(const std::string& name, const AccessPolicy& policy) {
  LH_ASSIGN_OR_RETURN(Dataset dataset, lakehouse::VisibleDataset(deps_.catalog, policy, name,
                                                                 deps_.column_policies));
  return WithoutLineage(policy, std::move(dataset));
}

Result<Json> McpServer::ListResources(const AccessPolicy& policy) {
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> datasets, VisibleDatasets(policy));
  Json resources = Json::array();
  for (const Dataset& d : datasets) {
    resources.push_back({{"uri", std::string(kDatasetPrefix) + d.name},
                         {"name", d.name},
                         {"title", "dataset " + d.name},
                         {"description", d.description.empty() ? "dataset" : d.description},
                         {"mimeType", "application/json"}});
  }
  if (deps_.vectors != nullptr) {
    LH_ASSIGN_OR_RETURN(std::vector<IndexInfo> indexes, deps_.vectors->ListIndexes("", ""));
    for (const IndexInfo& index : indexes) {
      const std::string& dataset = index.record.definition.dataset;
      if (!std::any_of(datasets.begin(), datasets.end(),
                       [&](const Dataset& d) { return d.name == dataset; })) {
        continue;
      }
      const std::string& name = index.record.definition.name;
      resources.push_back({{"uri", std::string(kIndexPrefix) + name},
                           {"name", name},
                           {"title", "vector index " + name},
                           {"description", "vector index over dataset " + dataset},
                           {"mimeType", "application/json"}});
    }
  }
  LH_ASSIGN_OR_RETURN(Json workspaces, ListWorkspaceResources(policy));
  for (Json& w : workspaces) resources.push_back(std::move(w));
  return Json{{"resources", std::move(resources)}};
}

Json McpServer::ResourceTemplates() {
  return {{"resourceTemplates",
           Json::array({{{"uriTemplate", std::string(kDatasetPrefix) + "{name}"},
                         {"name", "dataset"},
                         {"title", "Dataset"},
                         {"description",
                          "A dataset's schema (types, descriptions, sensitivity, PII), "
                          "description and freshness"},
                         {"mimeType", "application/json"}},
                        {{"uriTemplate", std::string(kIndexPrefix) + "{name}"},
                         {"name", "index"},
                         {"title", "Vector index"},
                         {"description", "A vector index's definition, status and freshness"},
                         {"mimeType", "application/json"}},
                        WorkspaceResourceTemplate()})}};
}

Result<Json> McpServer::ReadResource(const std::string& uri, const AccessPolicy& policy) {
  if (uri.starts_with(kDatasetPrefix)) {
    const std::string name = uri.substr(kDatasetPrefix.size());
    LH_ASSIGN_OR_RETURN(Dataset dataset, VisibleDataset(name, policy));
    return TextContent(uri, DatasetToJson(dataset));
  }
  if (uri.starts_with(kIndexPrefix) && deps_.vectors != nullptr) {
    const std::string name = uri.substr(kIndexPrefix.size());
    LH_ASSIGN_OR_RETURN(IndexInfo index, deps_.vectors->GetIndex(name));
    LH_RETURN_IF_ERROR(VisibleDataset(index.record.definition.dataset, policy).status());
    Json body = index.ToJson();
    if (Result<IndexFreshness> fresh = deps_.vectors->Freshness(name); fresh.ok()) {
      body["freshness"] = fresh->ToJson();
    }
    return TextContent(uri, body);
  }
  if (std::optional<Result<Json>> workspace = ReadWorkspaceResource(uri, policy)) {
    return std::move(*workspace);
  }
  return NotFound("resource '", uri, "' not found");
}

}  // namespace lakehouse
