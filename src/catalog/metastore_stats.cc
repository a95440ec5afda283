// Metastore: catalog-wide totals.
#include "catalog/catalog_statement.h"
#include "catalog/metastore.h"

namespace lakehouse {

namespace {

Result<int64_t> CountQuery(CatalogDb& db, std::string_view sql) {
  LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare(sql));
  LH_ASSIGN_OR_RETURN(bool has_row, stmt.Step());
  return has_row ? stmt.ColumnInt(0) : 0;
}

}  // namespace

Result<CatalogStats> Metastore::Stats() {
  return Read([](CatalogDb& db) -> Result<CatalogStats> {
    CatalogStats stats;
    for (Sensitivity s : kAllSensitivities) stats.by_sensitivity[s] = 0;
    LH_ASSIGN_OR_RETURN(auto totals,
                        db.Prepare("SELECT effective_sensitivity, COUNT(*), SUM(row_count), "
                                   "SUM(size_bytes) FROM datasets WHERE deleted_at IS NULL "
                                   "GROUP BY effective_sensitivity"));
    while (true) {
      LH_ASSIGN_OR_RETURN(bool more, totals.Step());
      if (!more) break;
      int64_t level = totals.ColumnInt(0);
      if (level < 0 || level > 3) return DataLoss("dataset with sensitivity level out of range");
      stats.by_sensitivity[static_cast<Sensitivity>(level)] = totals.ColumnInt(1);
      stats.dataset_count += totals.ColumnInt(1);
      stats.total_rows += totals.ColumnInt(2);
      stats.total_bytes += totals.ColumnInt(3);
    }
    LH_ASSIGN_OR_RETURN(stats.version_count,
                        CountQuery(db,
                                   "SELECT COUNT(*) FROM dataset_versions v JOIN datasets d "
                                   "ON d.id = v.dataset_id WHERE d.deleted_at IS NULL"));
    LH_ASSIGN_OR_RETURN(stats.live_file_count, CountQuery(db,
                                                          "SELECT COUNT(*) FROM data_files "
                                                          "WHERE version_removed IS NULL"));
    LH_ASSIGN_OR_RETURN(stats.pending_reap_files,
                        CountQuery(db,
                                   "SELECT COUNT(*) FROM data_files WHERE version_removed "
                                   "IS NOT NULL AND purged_at IS NULL"));
    return stats;
  });
}

}  // namespace lakehouse
