#include "table/hot_cache.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/logging.h"
#include "sql/sql_literal.h"
#include "storage/durable_file.h"

namespace lakehouse {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The estimated in-memory width of one value of a catalog type (see the header).
int64_t FixedWidth(std::string_view type) {
  std::string t = Lower(type);
  auto is = [&](std::string_view prefix) { return t.rfind(prefix, 0) == 0; };
  if (is("boolean") || is("tinyint") || is("utinyint")) return 1;
  if (is("smallint") || is("usmallint")) return 2;
  if (is("integer") || is("uinteger") || is("float") || is("real") || is("date")) return 4;
  if (is("bigint") || is("ubigint") || is("double") || is("timestamp") || is("time")) return 8;
  return 16;
}

bool IsVarchar(std::string_view type) {
  std::string t = Lower(type);
  return t == "varchar" || t == "text" || t == "string";
}

}  // namespace

Json HotCacheEntry::ToJson() const {
  return Json{{"dataset", dataset},
              {"rows", rows},
              {"bytes", bytes},
              {"version", version},
              {"hits", hits},
              {"pinned_at", FormatTimestamp(pinned_at_micros)},
              {"last_used", FormatTimestamp(last_used_micros)}};
}

Json HotCacheStats::ToJson() const {
  Json list = Json::array();
  for (const HotCacheEntry& entry : datasets) list.push_back(entry.ToJson());
  Json out{{"datasets", std::move(list)},  {"rows", rows}, {"bytes", bytes},
           {"budget_bytes", budget_bytes}, {"hits", hits}, {"misses", misses}};
  if (results) out["result_cache"] = results->ToJson();
  return out;
}

HotCache::HotCache(const Database* query_db, Metastore* metastore, const Clock* clock,
                   int64_t budget_bytes, ViewRefresher* views, ResultCache* results,
                   std::string pins_file)
    : query_db_(query_db),
      metastore_(metastore),
      clock_(clock),
      budget_bytes_(budget_bytes),
      pins_file_(std::move(pins_file)),
      views_(views),
      results_(results) {}

void HotCache::SavePinsLocked() {
  if (pins_file_.empty()) return;
  Json ids = Json::array();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, entry] : entries_) ids.push_back(id);
  }
  Status saved = WriteFileAtomically(pins_file_, DumpJson(Json{{"pinned_dataset_ids", ids}}),
                                     "hot cache pins");
  if (!saved.ok()) LH_LOG_WARN("hot cache: pins not saved: {}", saved.ToString());
}

Status HotCache::RestorePins() {
  if (pins_file_.empty() || !std::filesystem::exists(pins_file_)) return Status::Ok();
  std::ifstream in(pins_file_);
  std::stringstream text;
  text << in.rdbuf();
  Result<Json> saved = ParseJson(text.str());
  if (!saved.ok() || !saved->is_object() || !(*saved)["pinned_dataset_ids"].is_array()) {
    LH_LOG_WARN("hot cache: '{}' is unreadable; no pins restored", pins_file_);
    return Status::Ok();
  }
  for (const Json& id : (*saved)["pinned_dataset_ids"]) {
    if (!id.is_string()) continue;
    Result<Dataset> dataset = metastore_->GetDatasetById(id.get<std::string>());
    if (!dataset.ok()) continue;  // deleted since
    Result<HotCacheEntry> pinned = Pin(dataset->name);
    if (pinned.ok()) {
      LH_LOG_INFO("hot cache: '{}' pinned again ({} rows)", dataset->name, pinned->rows);
    } else {
      LH_LOG_WARN("hot cache: '{}' not pinned again: {}", dataset->name,
                  pinned.status().ToString());
    }
  }
  std::lock_guard<std::mutex> op(op_mu_);
  SavePinsLocked();  // without the datasets deleted meanwhile
  return Status::Ok();
}

std::string HotCache::TableName(const Dataset& dataset) { return "__lh_hot_" + dataset.id; }

Result<HotCacheEntry> HotCache::Pin(std::string_view name) {
  std::lock_guard<std::mutex> op(op_mu_);
  LH_ASSIGN_OR_RETURN(Dataset dataset, metastore_->GetDataset(name));
  bool added = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.count(dataset.id) == 0) {
      Entry entry;
      entry.stats.dataset = dataset.name;
      entry.stats.pinned_at_micros = clock_->NowMicros();
      entry.stats.last_used_micros = entry.stats.pinned_at_micros;
      entry.table = TableName(dataset);
      entries_[dataset.id] = std::move(entry);
      added = true;
    }
    entries_[dataset.id].last_use_seq = ++use_seq_;
  }
  Status built = views_->RefreshView(dataset.name);
  if (!built.ok()) {
    if (added) {
      Status undone = EvictLocked(dataset.id);
      if (!undone.ok()) LH_LOG_WARN("failed pin of '{}' not undone: {}", name, undone.ToString());
    }
    return built;
  }
  LH_RETURN_IF_ERROR(EnforceBudgetLocked(dataset.id));
  SavePinsLocked();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(dataset.id);
  // Only a delete of the dataset while it was being pinned takes it out again.
  if (it == entries_.end()) return NotFound("dataset '", dataset.name, "' was deleted");
  return it->second.stats;
}

Status HotCache::Evict(std::string_view name) {
  std::lock_guard<std::mutex> op(op_mu_);
  LH_ASSIGN_OR_RETURN(Dataset dataset, metastore_->GetDataset(name));
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.count(dataset.id) == 0) {
      return NotFound("dataset '", dataset.name, "' is not in the hot cache");
    }
  }
  Status evicted = EvictLocked(dataset.id);
  SavePinsLocked();
  return evicted;
}

Status HotCache::EvictLocked(const std::string& id) {
  std::string table;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(id);
    if (it == entries_.end()) return Status::Ok();
    table = it->second.table;
    entries_.erase(it);
    // Results read from any build so far go; a later pin builds with a larger number.
    if (results_ != nullptr) results_->DropDataset(id, ++build_seq_);
  }
  // The view goes back to the files before the table it read disappears. A deleted dataset has
  // no view left to point anywhere.
  Result<Dataset> live = metastore_->GetDatasetById(id);
  if (live.ok()) {
    Status status = views_->RefreshView(live->name);
    if (!status.ok()) return status;
  }
  return DropTable(table);
}

Status HotCache::DropTable(const std::string& table) {
  LH_ASSIGN_OR_RETURN(Connection conn, query_db_->Connect());
  return conn.Execute("DROP TABLE IF EXISTS " + SqlIdentifier(table));
}

Status HotCache::EnforceBudgetLocked(const std::string& keep_id) {
  std::set<std::string> live;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.empty()) return Status::Ok();
  }
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> datasets, metastore_->ListDatasets());
  for (const Dataset& d : datasets) live.insert(d.id);
  while (true) {
    std::string victim;
    {
      std::lock_guard<std::mutex> lock(mu_);
      int64_t total = 0;
      uint64_t oldest = UINT64_MAX;
      for (const auto& [id, entry] : entries_) {
        if (live.count(id) == 0) {
          victim = id;
          break;
        }
        total += entry.stats.bytes;
        if (id != keep_id && entry.last_use_seq < oldest) {
          oldest = entry.last_use_seq;
          victim = id;
        }
      }
      bool deleted = !victim.empty() && live.count(victim) == 0;
      if (!deleted && (total <= budget_bytes_ || victim.empty())) {
        // Cached results share the budget with the tables and give way first (cheap to redo).
        if (results_ != nullptr) results_->TrimTo(std::max<int64_t>(budget_bytes_ - total, 0));
        return Status::Ok();
      }
      LH_LOG_INFO("hot cache: evicting '{}' ({} of {} bytes used)",
                  entries_.at(victim).stats.dataset, total, budget_bytes_);
    }
    LH_RETURN_IF_ERROR(EvictLocked(victim));
  }
}

HotCacheStats HotCache::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  HotCacheStats stats;
  for (const auto& [id, entry] : entries_) {
    stats.datasets.push_back(entry.stats);
    stats.rows += entry.stats.rows;
    stats.bytes += entry.stats.bytes;
  }
  std::sort(stats.datasets.begin(), stats.datasets.end(),
            [](const HotCacheEntry& a, const HotCacheEntry& b) { return a.dataset < b.dataset; });
  stats.budget_bytes = budget_bytes_;
  stats.hits = hits_;
  stats.misses = misses_;
  if (results_ != nullptr) stats.results = results_->Stats();
  return stats;
}

Status HotCache::BeforeQuery() {
  LH_RETURN_IF_ERROR(views_->SyncViews());
  std::lock_guard<std::mutex> op(op_mu_);
  return EnforceBudgetLocked("");
}

void HotCache::CountRead(const std::vector<std::string>& tables) {
  int64_t now = clock_->NowMicros();
  std::lock_guard<std::mutex> lock(mu_);
  bool hit = false;
  for (auto& [id, entry] : entries_) {
    if (std::find(tables.begin(), tables.end(), Lower(entry.stats.dataset)) == tables.end()) {
      continue;
    }
    hit = true;
    ++entry.stats.hits;
    ++hits_;
    entry.stats.last_used_micros = now;
    entry.last_use_seq = ++use_seq_;
  }
  if (!hit) ++misses_;
}

std::optional<std::vector<ResultSource>> HotCache::PinnedSources(
    const std::vector<std::string>& tables) {
  if (tables.empty()) return std::nullopt;
  std::vector<std::pair<std::string, ResultSource>> pinned;  // exact name, source
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const std::string& table : tables) {
      const Entry* match = nullptr;
      std::string id;
      for (const auto& [entry_id, entry] : entries_) {
        if (Lower(entry.stats.dataset) != table) continue;
        if (match != nullptr) return std::nullopt;  // ambiguous
        match = &entry;
        id = entry_id;
      }
      if (match == nullptr || match->build == 0) return std::nullopt;
      ResultSource source;
      source.dataset_id = id;
      source.table_version = match->stats.version;
      source.build = match->build;
      pinned.emplace_back(match->stats.dataset, std::move(source));
    }
  }
  std::vector<ResultSource> sources;
  for (auto& [name, source] : pinned) {
    Result<Dataset> dataset = metastore_->GetDataset(name);
    // The table must hold the catalog's current version of the same dataset.
    if (!dataset.ok() || dataset->id != source.dataset_id ||
        dataset->current_version != source.table_version) {
      return std::nullopt;
    }
    source.version = dataset->current_version;
    sources.push_back(std::move(source));
  }
  return sources;
}

Result<std::string> HotCache::ViewSelect(Connection& conn, const Dataset& dataset,
                                         const std::string& select) {
  std::string table;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(dataset.id);
    if (it == entries_.end()) return select;
    table = it->second.table;
  }
  LH_RETURN_IF_ERROR(
      conn.Execute("CREATE OR REPLACE TABLE " + SqlIdentifier(table) + " AS " + select));
  int64_t width = 0;
  for (const Column& column : dataset.columns) width += FixedWidth(column.type);
  // One row: the count, then the byte length of each VARCHAR column.
  std::string sql = "SELECT count(*)::BIGINT";
  for (const Column& column : dataset.columns) {
    if (IsVarchar(column.type)) {
      sql += ", coalesce(sum(strlen(" + SqlIdentifier(column.name) + ")), 0)::BIGINT";
    }
  }
  sql += " FROM " + SqlIdentifier(table);
  LH_ASSIGN_OR_RETURN(QueryResult measured, conn.Query(sql));
  int64_t rows = 0;
  int64_t string_bytes = 0;
  if (std::optional<DataChunk> chunk = measured.NextChunk(); chunk && chunk->size() > 0) {
    rows = chunk->GetInt64(0, 0).value_or(0);
    for (uint64_t col = 1; col < chunk->column_count(); ++col) {
      string_bytes += chunk->GetInt64(col, 0).value_or(0);
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(dataset.id);
    if (it != entries_.end()) {
      it->second.stats.dataset = dataset.name;
      it->second.stats.rows = rows;
      it->second.stats.bytes = rows * width + string_bytes;
      it->second.stats.version = dataset.current_version;
      it->second.build = ++build_seq_;
      // Results of earlier builds are stale now, and so is any still being computed from them.
      if (results_ != nullptr) results_->DropDataset(dataset.id, it->second.build);
    }
  }
  return "SELECT * FROM " + SqlIdentifier(table);
}

}  // namespace lakehouse
