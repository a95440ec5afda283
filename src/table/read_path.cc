#include "table/read_path.h"

namespace lakehouse {
namespace {

// Keeps the files of the dataset views a query may read on disk until the query is done.
struct ViewReadScope : QueryScope {
  explicit ViewReadScope(ViewReadLeases::Lease l) : lease(std::move(l)) {}
  ViewReadLeases::Lease lease;
};

}  // namespace

ReadPath::ReadPath(const Database* query_db, Metastore* metastore, BucketRegistry* buckets,
                   const Clock* clock, const ReadPathOptions& options)
    : results_(std::make_unique<ResultCache>(options.result_cache_bytes,
                                             options.result_cache_max_result_bytes)),
      hot_cache_(std::make_unique<HotCache>(query_db, metastore, clock, options.hot_cache_bytes,
                                            static_cast<ViewRefresher*>(this), results_.get(),
                                            options.pins_file)),
      views_(
          std::make_unique<DatasetViewRegistry>(query_db, metastore, buckets, hot_cache_.get())) {}

Status ReadPath::Start() {
  LH_RETURN_IF_ERROR(views_->BuildAll());
  return hot_cache_->RestorePins();
}

Result<std::unique_ptr<QueryScope>> ReadPath::BeforeQuery() {
  // The lease comes first: every view the query may bind is then covered (view_read_leases.h).
  auto scope = std::make_unique<ViewReadScope>(views_->BeginRead());
  LH_RETURN_IF_ERROR(hot_cache_->BeforeQuery());
  return std::unique_ptr<QueryScope>(std::move(scope));
}

void ReadPath::CountRead(const std::vector<std::string>& tables) { hot_cache_->CountRead(tables); }

std::optional<std::vector<ResultSource>> ReadPath::PinnedSources(
    const std::vector<std::string>& tables) {
  return hot_cache_->PinnedSources(tables);
}

Status ReadPath::SyncViews() { return views_->Sync(); }

Status ReadPath::RefreshView(std::string_view name) { return views_->Refresh(name); }

}  // namespace lakehouse
