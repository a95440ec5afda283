// Internal to IngestService (ingest_service.cc, ingest_staging.cc): the staged form of one call.
// Not part of the ingest API.
#pragma once

#include <string>
#include <vector>

#include "ingest/ingest_service.h"
#include "ingest/staged_file.h"

namespace lakehouse {

// Staged Parquet files of one call; deletes whatever is still local on destruction (files moved
// into a bucket are gone from the staging directory already).
struct IngestService::Prepared {
  std::vector<StagedFile> staged;   // one per non-duplicate upload, in upload order
  std::vector<ColumnSpec> columns;  // merged over `staged`

  Prepared() = default;
  Prepared(Prepared&&) = default;
  Prepared& operator=(Prepared&&) = default;
  ~Prepared();
};

}  // namespace lakehouse
