// KeyedChanges: the entity-level changes a commit makes to a dataset with a primary key, for the
// event journal (audit/change_journal.h): for each key in the files being added, "insert" when
// the dataset's view showed no row for it before, "update" with the fields whose value changed
// (old and new, as JSON text) when it did, nothing when the row is unchanged. One query in the
// ingest DuckDB, with the view's own merge rules (table/dataset_view.h): the view over `before`,
// narrowed to the added keys right after its scan (BuildDatasetSelectSql's only_keys), left-joined
// with the merged rows of the added files (the newest version, so they are the view's rows for
// those keys after the commit), compared column by column on the typed values in SQL; only the
// changed fields come back, already rendered by to_json. The cost follows the upsert's size and
// one scan of the dataset's files.
//
// Thread-safety: uses `conn`, which is externally synchronised.
#pragma once

#include <vector>

#include "audit/change_journal.h"
#include "catalog/dataset.h"
#include "catalog/dataset_version.h"
#include "common/result.h"
#include "sql/connection.h"
#include "storage/bucket_registry.h"

namespace lakehouse {

// `dataset` carries the columns after the commit (merged) and a primary key; `added` carry the
// version they will be committed as. Events have type, dataset, key and changes set.
Result<std::vector<JournalEvent>> KeyedChanges(Connection& conn, const BucketRegistry& buckets,
                                               const Dataset& dataset,
                                               const std::vector<DataFile>& before,
                                               const std::vector<DataFile>& added);

}  // namespace lakehouse
