// Typed conversions between the catalog's C++ types (catalog/dataset.h, dataset_version.h,
// dataset_request.h, table/file_committer.h) and the messages of
// proto/lakehouse/catalog/v1/catalog.proto. Field by field: no JSON between the layers (a
// version's free-form `detail` becomes a google.protobuf.Struct value by value). Requests are
// checked by the same rules as the HTTP API's (CheckCreateDatasetRequest).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "catalog/dataset.h"
#include "catalog/dataset_request.h"
#include "catalog/dataset_version.h"
#include "lakehouse/catalog/v1/catalog.pb.h"
#include "table/file_committer.h"

namespace lakehouse {

namespace pb = ::lakehouse::catalog::v1;

pb::Sensitivity ToProto(Sensitivity s);
pb::VersionOperation ToProto(VersionOperation op);
void ToProto(const Dataset& dataset, pb::Dataset* out);
void ToProto(const DatasetVersion& version, pb::DatasetVersion* out);
// A JSON value as a google.protobuf.Value (numbers become doubles, as Struct has no integers).
void ToProto(const Json& value, google::protobuf::Value* out);

// UNSPECIFIED → nullopt.
std::optional<Sensitivity> FromProto(pb::Sensitivity s);

struct RegisterRequest {
  CreateDatasetRequest create;
  std::vector<std::pair<std::string, std::string>> files;  // bucket, key
};
// INVALID_ARGUMENT naming the field, as POST /catalog/datasets would.
Result<RegisterRequest> FromProto(const pb::RegisterDatasetRequest& request);
Result<FileCommitRequest> FromProto(const pb::CommitVersionRequest& request);

}  // namespace lakehouse
