// Dataset: the manifest the catalog keeps for one table — identity, ownership, classification,
// schema, lineage, freshness and size. Every field is persisted in the metastore and read back
// unchanged after a restart; dataset_json.h turns it into the API's JSON shape.
//
// Thread-safety: plain values; externally synchronised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/sensitivity.h"

namespace lakehouse {

struct PiiTag {
  PiiKind kind = PiiKind::kEmail;
  double confidence = 0.0;  // in [0, 1]; see pii_detector.h for the formula
  friend bool operator==(const PiiTag&, const PiiTag&) = default;
};

struct Column {
  std::string name;
  std::string type;  // DuckDB type name as reported by the writer, e.g. "BIGINT", "VARCHAR"
  bool nullable = true;
  std::string description;
  std::optional<PiiTag> pii;  // set by detection
  // Set by the owner (PATCH): replaces the detected sensitivity, up or down.
  std::optional<Sensitivity> sensitivity_override;

  // The override when present, else the PII kind's sensitivity, else public.
  Sensitivity EffectiveSensitivity() const;
  friend bool operator==(const Column&, const Column&) = default;
};

struct Lineage {
  std::string source_system;                 // e.g. "postgres", "upload", "s3"
  std::string source_uri;                    // always stored redacted (RedactUri)
  std::string ingest_job_id;                 // the job that last wrote the dataset; "" when none
  std::vector<std::string> parent_datasets;  // dataset names this one was derived from
  friend bool operator==(const Lineage&, const Lineage&) = default;
};

struct Dataset {
  std::string id;  // UUID v4
  std::string name;
  std::string description;
  std::string owner;
  // What the owner declared; the effective sensitivity also counts the columns.
  Sensitivity declared_sensitivity = Sensitivity::kInternal;
  std::vector<std::string> tags;  // lower-case, sorted, unique
  std::vector<Column> columns;    // in table order
  Lineage lineage;
  int64_t created_at = 0;  // epoch microseconds
  int64_t updated_at = 0;
  std::optional<int64_t> last_ingest_at;
  int64_t row_count = 0;           // live rows: what a query sees (upserts, tombstones applied)
  int64_t size_bytes = 0;          // sum over live files
  std::string schema_fingerprint;  // SchemaFingerprint(columns)
  std::string bucket;
  std::optional<std::vector<std::string>> primary_key;  // column names
  int64_t current_version = 0;

  // max(declared, every column's effective sensitivity).
  Sensitivity EffectiveSensitivity() const;
  friend bool operator==(const Dataset&, const Dataset&) = default;
};

}  // namespace lakehouse
