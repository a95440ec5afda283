// OrphanCollector: deletes data objects that no commit published.
//
// Writers upload Parquet objects under datasets/<dataset_id>/ first and publish them with
// Metastore::Commit afterwards (dataset_layout.h). A crash between the two leaves an object
// nobody references; so does a reaper that claimed a file but died before deleting it. This
// collector lists everything under "datasets/" in one bucket and deletes each object that no
// unpurged data_files row of that bucket references.
//
// Run it at startup, before any writer starts. While writers run, set min_age_micros above the
// longest upload-to-commit time: younger objects may be uploads whose commit is still coming.
// Objects are listed BEFORE the referenced set is read, so an object committed in between is
// seen as referenced.
//
// Thread-safety: stateless apart from its references; safe to call from any thread, but two
// concurrent runs on one bucket only duplicate work.
#pragma once

#include <cstdint>
#include <string>

#include "catalog/metastore.h"
#include "common/clock.h"
#include "storage/object_store.h"

namespace lakehouse {

struct OrphanCollectorOptions {
  int64_t min_age_micros = 0;  // 0: everything unreferenced is an orphan (startup)
};

struct OrphanReport {
  int64_t scanned = 0;
  int64_t deleted = 0;
  int64_t kept_too_young = 0;
  int64_t failed = 0;  // delete errors; logged, retried on the next run
};

// `bucket` is the name data_files rows use for `store`.
Result<OrphanReport> CollectOrphans(Metastore& metastore, std::string_view bucket,
                                    ObjectStore& store, const Clock& clock,
                                    const OrphanCollectorOptions& options = {});

}  // namespace lakehouse
