// Requests that create or change a dataset's manifest, and their parsing from JSON bodies.
// Parsing validates everything the client controls and fails with INVALID_ARGUMENT naming the bad
// field; unknown fields are rejected too, so a typo ("descripton") never silently does nothing.
//
// Create body:  {"name", "description"?, "owner"?, "sensitivity"?, "tags"?, "bucket"?,
//                "primary_key"?: [col…], "columns"?: [{"name","type","nullable"?,"description"?,
//                "sensitivity"?}], "lineage"?: {"source_system"?, "source_uri"?, "ingest_job_id"?,
//                "parent_datasets"?}}
// Patch body:   {"description"?, "owner"?, "sensitivity"?, "tags"? (replace all), "add_tags"?,
//                "remove_tags"?, "columns"?: {"<column>": {"description"?, "sensitivity"?:
//                s|null}}} (a null column sensitivity clears the override, restoring detection)
//
// Thread-safety: plain values and pure functions; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/dataset.h"
#include "catalog/dataset_version.h"
#include "common/json.h"

namespace lakehouse {

inline constexpr std::string_view kDefaultBucket = "primary";

struct CreateDatasetRequest {
  std::string name;
  std::string description;
  std::string owner;
  Sensitivity sensitivity = Sensitivity::kInternal;
  std::vector<std::string> tags;  // normalised by the parser
  std::vector<Column> columns;
  std::string bucket = std::string(kDefaultBucket);
  std::optional<std::vector<std::string>> primary_key;
  Lineage lineage;  // source_uri redacted by the parser

  // Not from JSON — for writers that create a dataset together with its first data (ingest):
  // a pre-allocated id (so files can be uploaded under its prefix first; empty → a new UUID) and
  // files to publish in version 1.
  std::string id;
  std::vector<DataFile> initial_files;
  std::string actor;
  // Set when initial_files are objects that already sat in their buckets (registering existing
  // Parquet files): their keys may lie anywhere outside kDatasetsPrefix instead of under the
  // dataset's own prefix (dataset_layout.h, ValidateRegisteredFile).
  bool initial_files_preexisting = false;
};

struct ColumnMetadataPatch {
  std::optional<std::string> description;
  // Outer optional: whether the field was sent; inner: the override, or nullopt to clear it.
  std::optional<std::optional<Sensitivity>> sensitivity;
};

struct MetadataPatch {
  std::optional<std::string> description;
  std::optional<std::string> owner;
  std::optional<Sensitivity> sensitivity;
  std::optional<std::vector<std::string>> tags;  // replaces the whole set
  std::vector<std::string> add_tags;             // applied after `tags`
  std::vector<std::string> remove_tags;
  std::map<std::string, ColumnMetadataPatch> columns;  // keyed by column name (case-insensitive)
};

Result<CreateDatasetRequest> ParseCreateDatasetRequest(const Json& body);
// The same checks and normalisation for a request built in code (the gRPC edge): name, description
// length, tags (normalised), bucket, columns, primary key, lineage (source_uri redacted, parent
// names checked). INVALID_ARGUMENT naming the field.
Result<CreateDatasetRequest> CheckCreateDatasetRequest(CreateDatasetRequest request);
Result<MetadataPatch> ParseMetadataPatch(const Json& body);

}  // namespace lakehouse
