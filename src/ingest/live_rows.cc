#include "ingest/live_rows.h"

#include <cctype>
#include <set>
#include <string>

#include "common/strings.h"
#include "table/dataset_view.h"

namespace lakehouse {
namespace {}  // namespace

Result<int64_t> CountLiveRows(Connection& conn, const BucketRegistry& buckets,
                              const Dataset& dataset, const std::vector<DataFile>& files) {
  if (!dataset.primary_key || dataset.primary_key->empty()) return TotalRows(files);
  // Only the key columns are read: the count does not depend on the others.
  Dataset keyed = dataset;
  keyed.columns.clear();
  std::set<std::string> present;
  for (const std::string& key : *dataset.primary_key) {
    for (const Column& column : dataset.columns) {
      if (AsciiLower(column.name) == AsciiLower(key)) keyed.columns.push_back(column);
    }
    present.insert(AsciiLower(key));
  }
  std::vector<ViewFile> view_files;
  for (const DataFile& file : files) {
    LH_ASSIGN_OR_RETURN(HeldLocalPath local, buckets.HoldReadPath(file.bucket, file.path));
    view_files.push_back(ViewFile{std::move(local.path), file.version_added, file.is_delete(),
                                  std::move(local.hold)});
  }
  LH_ASSIGN_OR_RETURN(std::string select, BuildDatasetSelectSql(keyed, view_files, present));
  LH_ASSIGN_OR_RETURN(QueryResult result,
                      conn.Query("SELECT count(*)::BIGINT FROM (" + select + ")"));
  const Json count = result.FetchScalar();
  if (!count.is_number_integer()) return Internal("live row count returned no number");
  return count.get<int64_t>();
}

}  // namespace lakehouse
