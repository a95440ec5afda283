#include "vector/index_generation.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <mutex>
#include <thread>

#include "common/ids.h"
#include "common/logging.h"
#include "sql/appender.h"
#include "sql/column_batch.h"
#include "sql/sql_literal.h"
#include "storage/durable_file.h"

namespace lakehouse {
namespace {

// A filter allowing at most 1/kExactFilterDivisor of the chunks is searched exactly.
constexpr int64_t kExactFilterDivisor = 50;

// Inserts the batch's vectors into the graph: on every core for a large batch (a build, a replay
// or a big refresh; HnswIndex::AddBatch), one by one otherwise. The caller checked dimensions.
Status AddToGraph(HnswIndex& graph, const std::vector<IndexBatch::Add>& adds) {
  constexpr size_t kParallelFrom = 256;
  if (adds.size() < kParallelFrom) {
    for (const IndexBatch::Add& add : adds) LH_RETURN_IF_ERROR(graph.Add(add.label, add.vector));
    return Status::Ok();
  }
  std::vector<uint64_t> labels;
  std::vector<float> rows;
  labels.reserve(adds.size());
  rows.reserve(adds.size() * static_cast<size_t>(graph.dimensions()));
  for (const IndexBatch::Add& add : adds) {
    labels.push_back(add.label);
    rows.insert(rows.end(), add.vector.begin(), add.vector.end());
  }
  return graph.AddBatch(labels, rows, static_cast<int32_t>(std::thread::hardware_concurrency()));
}

std::string SeqName(const char* prefix, int64_t seq, const char* suffix) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%s%06lld%s", prefix, static_cast<long long>(seq), suffix);
  return buf;
}

// Graph elements a batch adds or removes (a dropped document counts once: its chunks are not
// known from the batch alone, and the count only paces graph saves).
int64_t GraphChanges(const IndexBatch& batch) {
  return static_cast<int64_t>(batch.adds.size() + batch.removes.size() + batch.drops.size());
}

}  // namespace

std::string IndexGeneration::PartPath(int64_t seq) const {
  return options_.dir + "/" + SeqName("part-", seq, ".parquet");
}

std::string IndexGeneration::GraphPath(int64_t seq) const {
  return options_.dir + "/" + SeqName("graph-", seq, ".hnsw");
}

Result<std::unique_ptr<IndexGeneration>> IndexGeneration::Open(const GenerationOptions& options,
                                                               int64_t parts_seq, int64_t graph_seq,
                                                               Connection* conn) {
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec) return Internal("cannot create index directory '", options.dir, "': ", ec.message());
  LH_RETURN_IF_ERROR(RestoreFromRemote(options, parts_seq));
  std::unique_ptr<IndexGeneration> gen(new IndexGeneration(options));
  // The newest compacted base recorded in the registry's range supersedes the parts up to it.
  int64_t base_seq = 0;
  for (const auto& entry : std::filesystem::directory_iterator(options.dir, ec)) {
    long long seq = 0;
    const std::string name = entry.path().filename().string();
    if (std::sscanf(name.c_str(), "base-%lld.parquet", &seq) == 1 && seq <= parts_seq)
      base_seq = std::max<int64_t>(base_seq, seq);
  }
  // Leftovers of a crash: parts never recorded, temp files, graphs that are not the recorded one;
  // and what a base supersedes (a compaction that stopped before deleting it).
  for (const auto& entry : std::filesystem::directory_iterator(options.dir, ec)) {
    std::string name = entry.path().filename().string();
    long long seq = 0;
    bool stale = name.starts_with(".");
    if (std::sscanf(name.c_str(), "part-%lld.parquet", &seq) == 1 &&
        (seq > parts_seq || seq <= base_seq))
      stale = true;
    if (std::sscanf(name.c_str(), "base-%lld.parquet", &seq) == 1 && seq != base_seq) stale = true;
    if (std::sscanf(name.c_str(), "graph-%lld.hnsw", &seq) == 1 && seq != graph_seq) stale = true;
    if (stale) std::filesystem::remove(entry.path(), ec);
  }
  gen->base_seq_ = base_seq;
  gen->OpenKeywordIndex(parts_seq);
  // The keyword index missed parts the base folded: they cannot be replayed one by one.
  if (gen->keyword_ && gen->keyword_->applied_seq() < base_seq) gen->keyword_rebuild_ = true;
  bool have_graph = false;
  // A graph older than the base cannot be brought forward (the parts between are gone).
  if (graph_seq > 0 && graph_seq >= base_seq && options.dimensions > 0 &&
      std::filesystem::exists(gen->GraphPath(graph_seq))) {
    HnswOptions hnsw;
    hnsw.dimensions = options.dimensions;
    hnsw.m = options.m;
    hnsw.ef_construction = options.ef_construction;
    hnsw.ef_search = options.ef_search;
    Result<std::unique_ptr<HnswIndex>> loaded = HnswIndex::Load(gen->GraphPath(graph_seq), hnsw);
    if (loaded.ok()) {
      gen->hnsw_ = std::move(loaded).value();
      have_graph = true;
    } else {
      LH_LOG_WARN("index {}: graph unreadable ({}); rebuilding it from the parts", options.dir,
                  loaded.status().ToString());
    }
  }
  if (base_seq > 0) {
    LH_RETURN_IF_ERROR(gen->LoadPart(gen->BasePath(base_seq), base_seq,
                                     !have_graph || base_seq > graph_seq, conn));
  }
  for (int64_t seq = base_seq + 1; seq <= parts_seq; ++seq) {
    LH_RETURN_IF_ERROR(
        gen->LoadPart(gen->PartPath(seq), seq, !have_graph || seq > graph_seq, conn));
  }
  gen->FinishKeywordIndex(parts_seq);
  return gen;
}

Status IndexGeneration::EnsureIndexes(int32_t dimensions) {
  if (exact_) {
    if (dimensions != exact_->dimensions()) {
      return InvalidArgument("vector has ", std::to_string(dimensions), " dimensions, the index ",
                             std::to_string(exact_->dimensions()));
    }
    if (!hnsw_) {
      HnswOptions hnsw;
      hnsw.dimensions = dimensions;
      hnsw.m = options_.m;
      hnsw.ef_construction = options_.ef_construction;
      hnsw.ef_search = options_.ef_search;
      LH_ASSIGN_OR_RETURN(hnsw_, HnswIndex::Create(hnsw));
    }
    return Status::Ok();
  }
  if (options_.dimensions != 0 && options_.dimensions != dimensions) {
    return InvalidArgument("vector has ", std::to_string(dimensions), " dimensions, the index ",
                           std::to_string(options_.dimensions));
  }
  options_.dimensions = dimensions;
  // A full exact search over 100K × 384 takes ~4.8 ms on one core, ~2.9 ms on both cores of this
  // machine (bench/vector_search; the target is 7 ms).
  const int32_t scan_threads =
      static_cast<int32_t>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
  LH_ASSIGN_OR_RETURN(exact_, ExactIndex::Create(ExactIndexOptions{
                                  .dimensions = dimensions, .search_threads = scan_threads}));
  if (!hnsw_) {
    HnswOptions hnsw;
    hnsw.dimensions = dimensions;
    hnsw.m = options_.m;
    hnsw.ef_construction = options_.ef_construction;
    hnsw.ef_search = options_.ef_search;
    LH_ASSIGN_OR_RETURN(hnsw_, HnswIndex::Create(hnsw));
  }
  return Status::Ok();
}

Status IndexGeneration::WritePart(int64_t seq, const IndexBatch& batch, Connection* conn) const {
  int32_t width = dimensions();
  if (width == 0)
    width = batch.adds.empty() ? 1 : static_cast<int32_t>(batch.adds[0].vector.size());
  std::string table = "__lh_part_" + NewRequestId();
  LH_RETURN_IF_ERROR(conn->Execute(
      StrCat("CREATE TEMP TABLE ", table,
             " (op VARCHAR, label BIGINT, doc_id VARCHAR, chunk_idx INTEGER, chunk_text VARCHAR, "
             "content_hash VARCHAR, doc_hash VARCHAR, vector FLOAT[",
             std::to_string(width), "])")));
  std::string tmp = options_.dir + "/." + SeqName("part-", seq, ".parquet.tmp");
  auto write = [&]() -> Status {
    ColumnBatch rows({{ColumnBatch::kVarchar},
                      {ColumnBatch::kInt64},
                      {ColumnBatch::kVarchar},
                      {ColumnBatch::kInt32},
                      {ColumnBatch::kVarchar},
                      {ColumnBatch::kVarchar},
                      {ColumnBatch::kVarchar},
                      {ColumnBatch::kFloatArray, width}});
    auto nulls_from = [&](size_t first) {
      for (size_t c = first; c < 8; ++c) rows.AddNull(c);
    };
    for (const std::string& doc : batch.drops) {
      rows.AddString(0, "drop");
      rows.AddNull(1);
      rows.AddString(2, doc);
      nulls_from(3);
      LH_RETURN_IF_ERROR(rows.EndRow());
    }
    for (uint64_t label : batch.removes) {
      rows.AddString(0, "del");
      rows.AddInt64(1, static_cast<int64_t>(label));
      nulls_from(2);
      LH_RETURN_IF_ERROR(rows.EndRow());
    }
    for (const auto& [doc, hash] : batch.docs) {
      rows.AddString(0, "doc");
      rows.AddNull(1);
      rows.AddString(2, doc);
      rows.AddNull(3);
      rows.AddNull(4);
      rows.AddNull(5);
      rows.AddString(6, hash);
      rows.AddNull(7);
      LH_RETURN_IF_ERROR(rows.EndRow());
    }
    for (const IndexBatch::Add& add : batch.adds) {
      rows.AddString(0, "add");
      rows.AddInt64(1, static_cast<int64_t>(add.label));
      rows.AddString(2, add.doc_id);
      rows.AddInt32(3, add.chunk_idx);
      rows.AddString(4, add.text);
      rows.AddString(5, add.content_hash);
      rows.AddString(6, add.doc_hash);
      LH_RETURN_IF_ERROR(rows.AddFloats(7, add.vector));
      LH_RETURN_IF_ERROR(rows.EndRow());
    }
    {
      LH_ASSIGN_OR_RETURN(Appender appender, conn->CreateAppender(table));
      LH_RETURN_IF_ERROR(appender.AppendBatch(rows));
      LH_RETURN_IF_ERROR(appender.Close());
    }
    LH_RETURN_IF_ERROR(conn->Execute(StrCat("COPY ", table, " TO ", SqlStringLiteral(tmp),
                                            " (FORMAT parquet, COMPRESSION zstd)")));
    LH_RETURN_IF_ERROR(FsyncFile(tmp, "index part"));
    std::error_code ec;
    std::filesystem::rename(tmp, PartPath(seq), ec);
    if (ec) return Internal("cannot publish index part '", PartPath(seq), "': ", ec.message());
    LH_RETURN_IF_ERROR(FsyncDirectory(options_.dir, "index part"));
    return MirrorFile(PartPath(seq));  // before the caller records the part
  };
  Status status = write();
  Status dropped = conn->Execute(StrCat("DROP TABLE IF EXISTS ", table));
  if (!status.ok()) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    return status;
  }
  return dropped;
}

Status IndexGeneration::LoadPart(const std::string& path, int64_t seq, bool add_to_graph,
                                 Connection* conn) {
  if (!std::filesystem::exists(path)) {
    return DataLoss("index part '", path, "' is recorded in the registry but missing");
  }
  LH_ASSIGN_OR_RETURN(
      QueryResult result,
      conn->Query(StrCat("SELECT op, label, doc_id, chunk_idx, chunk_text, content_hash, doc_hash, "
                         "vector FROM read_parquet(",
                         SqlStringLiteral(path),
                         ", file_row_number = true) ORDER BY file_row_number")));
  IndexBatch batch;
  while (std::optional<DataChunk> chunk = result.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      std::string op = chunk->GetString(0, row).value_or("");
      if (op == "drop") {
        batch.drops.push_back(chunk->GetString(2, row).value_or(""));
      } else if (op == "del") {
        batch.removes.push_back(static_cast<uint64_t>(chunk->GetInt64(1, row).value_or(0)));
      } else if (op == "doc") {
        batch.docs.emplace_back(chunk->GetString(2, row).value_or(""),
                                chunk->GetString(6, row).value_or(""));
      } else if (op == "add") {
        IndexBatch::Add add;
        add.label = static_cast<uint64_t>(chunk->GetInt64(1, row).value_or(0));
        add.doc_id = chunk->GetString(2, row).value_or("");
        add.chunk_idx = static_cast<int32_t>(chunk->GetInt64(3, row).value_or(0));
        add.text = chunk->GetString(4, row).value_or("");
        add.content_hash = chunk->GetString(5, row).value_or("");
        add.doc_hash = chunk->GetString(6, row).value_or("");
        std::span<const float> v = chunk->GetFloatArray(7, row);
        add.vector.assign(v.begin(), v.end());
        batch.adds.push_back(std::move(add));
      } else {
        return DataLoss("index part '", path, "': unknown op '", op, "'");
      }
    }
  }
  // Vectors first (exact always, the graph unless the saved graph has them), then metadata.
  // Open is single-threaded: no search can run yet.
  for (const IndexBatch::Add& add : batch.adds) {
    LH_RETURN_IF_ERROR(EnsureIndexes(static_cast<int32_t>(add.vector.size())));
    LH_RETURN_IF_ERROR(exact_->Upsert(add.label, add.vector));
  }
  if (add_to_graph && !batch.adds.empty()) LH_RETURN_IF_ERROR(AddToGraph(*hnsw_, batch.adds));
  if (add_to_graph) unsaved_graph_changes_ += GraphChanges(batch);
  if (keyword_ && !keyword_rebuild_ && seq > keyword_->applied_seq()) {
    Status keywords = ApplyKeywords(batch, seq);
    if (!keywords.ok()) {
      LH_LOG_WARN("index {}: keyword index replay failed ({}); rebuilding it", options_.dir,
                  keywords.ToString());
      keyword_rebuild_ = true;
    }
  }
  std::unique_lock lock(mu_);
  UnindexLocked(batch, add_to_graph);
  PublishLocked(batch);
  return Status::Ok();
}

Status IndexGeneration::Apply(const IndexBatch& batch, int64_t seq) {
  // Keywords first: a failure leaves memory untouched, and Open replays the part.
  if (keyword_) LH_RETURN_IF_ERROR(ApplyKeywords(batch, seq));
  if (!batch.adds.empty()) {
    std::unique_lock lock(mu_);
    LH_RETURN_IF_ERROR(EnsureIndexes(static_cast<int32_t>(batch.adds[0].vector.size())));
  }
  std::shared_ptr<ExactIndex> exact;
  std::shared_ptr<HnswIndex> hnsw;
  {
    std::shared_lock lock(mu_);
    exact = exact_;
    hnsw = hnsw_;
  }
  // New labels are invisible until published: searches map hits through chunks_.
  for (const IndexBatch::Add& add : batch.adds) {
    LH_RETURN_IF_ERROR(exact->Upsert(add.label, add.vector));
  }
  if (!batch.adds.empty()) LH_RETURN_IF_ERROR(AddToGraph(*hnsw, batch.adds));
  unsaved_graph_changes_ += GraphChanges(batch);
  changes_since_tuning_ += GraphChanges(batch);
  std::unique_lock lock(mu_);
  UnindexLocked(batch, /*from_graph=*/true);
  PublishLocked(batch);
  return Status::Ok();
}

void IndexGeneration::UnindexLocked(const IndexBatch& batch, bool from_graph) {
  auto unindex = [&](uint64_t label) {
    if (exact_) (void)exact_->Remove(label);
    if (from_graph && hnsw_) (void)hnsw_->Remove(label);
  };
  for (uint64_t label : batch.removes) unindex(label);
  for (const std::string& doc : batch.drops) {
    auto it = docs_.find(doc);
    if (it == docs_.end()) continue;
    for (uint64_t label : it->second.labels) unindex(label);
  }
}

void IndexGeneration::PublishLocked(const IndexBatch& batch) {
  for (const std::string& doc : batch.drops) {
    auto it = docs_.find(doc);
    if (it == docs_.end()) continue;
    for (uint64_t label : it->second.labels) chunks_.erase(label);
    if (it->second.doc_hash.empty()) --unhashed_docs_;
    docs_.erase(it);
  }
  for (uint64_t label : batch.removes) {
    auto it = chunks_.find(label);
    if (it == chunks_.end()) continue;
    auto doc = docs_.find(it->second.doc_id);
    if (doc != docs_.end()) std::erase(doc->second.labels, label);
    chunks_.erase(it);
  }
  for (const auto& [doc, hash] : batch.docs) SetDocHashLocked(doc, hash);
  for (const IndexBatch::Add& add : batch.adds) {
    SetDocHashLocked(add.doc_id, add.doc_hash);
    docs_[add.doc_id].labels.push_back(add.label);
    chunks_[add.label] = ChunkRecord{add.doc_id, add.chunk_idx, add.text, add.content_hash};
  }
  publish_epoch_.fetch_add(1);
}

Status IndexGeneration::SaveGraph(int64_t seq) {
  std::shared_ptr<HnswIndex> hnsw;
  {
    std::shared_lock lock(mu_);
    hnsw = hnsw_;
  }
  if (!hnsw) return Status::Ok();
  const int64_t changes = unsaved_graph_changes_.load();
  LH_RETURN_IF_ERROR(hnsw->Save(GraphPath(seq)));
  unsaved_graph_changes_ -= changes;  // the caller serialises Apply and SaveGraph
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(options_.dir, ec)) {
    long long other = 0;
    std::string name = entry.path().filename().string();
    if (std::sscanf(name.c_str(), "graph-%lld.hnsw", &other) == 1 && other != seq) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
  return Status::Ok();
}

Result<bool> IndexGeneration::CompactGraphIfNeeded(double max_deleted_fraction) {
  std::shared_ptr<HnswIndex> old_graph;
  std::shared_ptr<ExactIndex> exact;
  {
    std::shared_lock lock(mu_);
    old_graph = hnsw_;
    exact = exact_;
  }
  if (!old_graph || old_graph->stats().deleted_fraction() <= max_deleted_fraction) return false;
  HnswOptions options;
  options.dimensions = exact->dimensions();
  options.m = options_.m;
  options.ef_construction = options_.ef_construction;
  options.ef_search = options_.ef_search;
  options.initial_capacity = static_cast<int64_t>(exact->size()) + 1024;
  LH_ASSIGN_OR_RETURN(std::shared_ptr<HnswIndex> rebuilt, HnswIndex::Create(options));
  Status status = Status::Ok();
  exact->ForEach([&](uint64_t label, std::span<const float> vector) {
    if (status.ok()) status = rebuilt->Add(label, vector);
  });
  LH_RETURN_IF_ERROR(status);
  std::unique_lock lock(mu_);
  hnsw_ = std::move(rebuilt);
  return true;
}

Result<std::vector<ChunkHit>> IndexGeneration::Search(
    std::span<const float> query, int32_t k, bool exact_only,
    const std::unordered_set<std::string>* allowed_docs, int32_t ef_search) const {
  if (k <= 0) return std::vector<ChunkHit>{};
  const bool tuned_exact = ef_search == 0 && tuned_exact_.load();
  if (ef_search == 0) ef_search = tuned_ef_search_.load();
  std::shared_lock lock(mu_);
  if (!exact_ || chunks_.empty()) return std::vector<ChunkHit>{};
  if (static_cast<int32_t>(query.size()) != exact_->dimensions()) {
    return InvalidArgument("query vector has ", std::to_string(query.size()),
                           " dimensions, the index ", std::to_string(exact_->dimensions()));
  }
  const int64_t total = static_cast<int64_t>(chunks_.size());
  std::vector<SearchHit> hits;
  if (allowed_docs != nullptr) {
    std::vector<uint64_t> allowed = LabelsOfLocked(*allowed_docs);
    LH_ASSIGN_OR_RETURN(hits, SearchAllowedLocked(query, k, exact_only, allowed));
  } else {
    // Labels of a batch being applied are in the indexes before they are visible (published in
    // chunks_): when they crowd out visible hits, search again for more.
    int32_t want = k;
    while (true) {
      if (exact_only || tuned_exact || total < kExactBelow || !hnsw_) {
        LH_ASSIGN_OR_RETURN(hits, exact_->Search(query, want));
      } else {
        LH_ASSIGN_OR_RETURN(hits, hnsw_->Search(query, want, ef_search));
      }
      const int64_t visible = std::count_if(
          hits.begin(), hits.end(), [&](const SearchHit& h) { return chunks_.count(h.label) > 0; });
      // Fewer hits than asked for: the index has nothing more to give.
      constexpr int64_t kMaxWant = std::numeric_limits<int32_t>::max();
      if (visible >= k || static_cast<int64_t>(hits.size()) < want || want == kMaxWant) break;
      want = static_cast<int32_t>(std::min<int64_t>(int64_t{want} * 2 + 16, kMaxWant));
    }
  }
  return ToChunkHitsLocked(hits, k);
}

Result<std::vector<ChunkHit>> IndexGeneration::SearchAmong(
    std::span<const float> query, int32_t k, bool exact_only,
    std::span<const uint64_t> sorted_labels) const {
  if (k <= 0) return std::vector<ChunkHit>{};
  std::shared_lock lock(mu_);
  if (!exact_ || chunks_.empty()) return std::vector<ChunkHit>{};
  if (static_cast<int32_t>(query.size()) != exact_->dimensions()) {
    return InvalidArgument("query vector has ", std::to_string(query.size()),
                           " dimensions, the index ", std::to_string(exact_->dimensions()));
  }
  LH_ASSIGN_OR_RETURN(std::vector<SearchHit> hits,
                      SearchAllowedLocked(query, k, exact_only, sorted_labels));
  return ToChunkHitsLocked(hits, k);
}

std::pair<std::vector<uint64_t>, int64_t> IndexGeneration::LabelsOf(
    const std::unordered_set<std::string>& docs) const {
  std::shared_lock lock(mu_);
  return {LabelsOfLocked(docs), publish_epoch_.load()};
}

std::vector<uint64_t> IndexGeneration::LabelsOfLocked(
    const std::unordered_set<std::string>& docs) const {
  std::vector<uint64_t> labels;
  for (const std::string& doc : docs) {
    auto it = docs_.find(doc);
    if (it != docs_.end())
      labels.insert(labels.end(), it->second.labels.begin(), it->second.labels.end());
  }
  std::sort(labels.begin(), labels.end());
  return labels;
}

Result<std::vector<SearchHit>> IndexGeneration::SearchAllowedLocked(
    std::span<const float> query, int32_t k, bool exact_only,
    std::span<const uint64_t> sorted) const {
  std::vector<SearchHit> hits;
  if (sorted.empty()) return hits;
  const int64_t total = static_cast<int64_t>(chunks_.size());
  const int64_t allowed = static_cast<int64_t>(sorted.size());
  // Exact over the allowed rows costs O(|allowed| · dims) (≈ 1.6 ms for 10K × 384 here); an
  // over-fetched graph search costs about ef (≈ 0.3 ms at 220 candidates), so the graph serves
  // every filter but a selective one (bench/vector_search, "filter" cases).
  const bool selective = allowed <= std::max<int64_t>(kExactBelow, total / kExactFilterDivisor);
  if (!exact_only && !selective && hnsw_) {
    // Over-fetch from the graph in proportion to the filter's selectivity, keep the allowed.
    int64_t want = std::min<int64_t>(total, static_cast<int64_t>(k) * (total / allowed + 1) * 2);
    LH_ASSIGN_OR_RETURN(
        std::vector<SearchHit> candidates,
        hnsw_->Search(query, static_cast<int32_t>(std::min<int64_t>(want, 10'000))));
    for (const SearchHit& hit : candidates) {
      if (std::binary_search(sorted.begin(), sorted.end(), hit.label) &&
          chunks_.count(hit.label) > 0) {
        hits.push_back(hit);
      }
    }
    if (static_cast<int64_t>(hits.size()) >= std::min<int64_t>(k, allowed)) return hits;
    hits.clear();
  }
  // Not enough from the graph (or exact asked for): exact over the allowed set, never fewer hits.
  return exact_->SearchAmong(query, k, sorted);
}

std::vector<ChunkHit> IndexGeneration::ToChunkHitsLocked(const std::vector<SearchHit>& hits,
                                                         int32_t k) const {
  std::vector<ChunkHit> out;
  out.reserve(static_cast<size_t>(k));
  for (const SearchHit& hit : hits) {
    auto it = chunks_.find(hit.label);
    if (it == chunks_.end()) continue;
    const ChunkRecord& c = it->second;
    out.push_back(ChunkHit{hit.label, hit.score, ChunkRecord{c.doc_id, c.chunk_idx, c.text, {}}});
    if (static_cast<int32_t>(out.size()) == k) break;
  }
  return out;
}

std::optional<DocRecord> IndexGeneration::Doc(const std::string& doc_id) const {
  std::shared_lock lock(mu_);
  auto it = docs_.find(doc_id);
  if (it == docs_.end()) return std::nullopt;
  return it->second;
}

std::optional<ChunkRecord> IndexGeneration::Chunk(uint64_t label) const {
  std::shared_lock lock(mu_);
  auto it = chunks_.find(label);
  if (it == chunks_.end()) return std::nullopt;
  return it->second;
}

Result<std::vector<float>> IndexGeneration::Vector(uint64_t label) const {
  std::shared_lock lock(mu_);
  if (!exact_) return NotFound("index has no vectors");
  return exact_->Get(label);
}

std::vector<std::pair<std::string, std::string>> IndexGeneration::DocHashes() const {
  std::shared_lock lock(mu_);
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(docs_.size());
  for (const auto& [doc, record] : docs_) out.emplace_back(doc, record.doc_hash);
  return out;
}

void IndexGeneration::SetDocHashLocked(const std::string& doc_id, const std::string& hash) {
  auto [it, inserted] = docs_.try_emplace(doc_id);
  if (!inserted && it->second.doc_hash.empty()) --unhashed_docs_;
  it->second.doc_hash = hash;
  if (hash.empty()) ++unhashed_docs_;
}

int64_t IndexGeneration::docs_pending_retry() const {
  std::shared_lock lock(mu_);
  return unhashed_docs_;
}

int64_t IndexGeneration::doc_count() const {
  std::shared_lock lock(mu_);
  return static_cast<int64_t>(docs_.size());
}

int64_t IndexGeneration::chunk_count() const {
  std::shared_lock lock(mu_);
  return static_cast<int64_t>(chunks_.size());
}

int32_t IndexGeneration::dimensions() const {
  std::shared_lock lock(mu_);
  return exact_ ? exact_->dimensions() : options_.dimensions;
}

HnswStats IndexGeneration::graph_stats() const {
  std::shared_lock lock(mu_);
  return hnsw_ ? hnsw_->stats() : HnswStats{};
}

Status IndexGeneration::SetEfSearch(int32_t ef_search) {
  std::unique_lock lock(mu_);
  options_.ef_search = ef_search;
  return hnsw_ ? hnsw_->SetEfSearch(ef_search) : Status::Ok();
}

}  // namespace lakehouse
