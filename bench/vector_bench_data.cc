#include "bench/vector_bench_data.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <thread>

#include "common/logging.h"
#include "sql/appender.h"
#include "sql/column_batch.h"
#include "sql/sql_literal.h"
#include "vector/vector_ops.h"

namespace lakehouse::bench {

std::string ChunkKey(const std::string& doc, int64_t chunk) {
  return doc + "#" + std::to_string(chunk);
}

// ---------------------------------------------------------------------------------------------
// Inputs

Matrix ClusteredVectors(std::mt19937_64& rng, const Matrix& centres, int64_t count, float spread) {
  std::normal_distribution<float> noise(0.0f, spread);
  std::uniform_int_distribution<size_t> pick(0, centres.rows() - 1);
  Matrix out;
  out.data.resize(static_cast<size_t>(count) * kDims);
  for (int64_t i = 0; i < count; ++i) {
    std::span<const float> c = centres.row(pick(rng));
    float* v = out.data.data() + static_cast<size_t>(i) * kDims;
    for (int d = 0; d < kDims; ++d) v[d] = c[static_cast<size_t>(d)] + noise(rng);
    NormalizeL2({v, static_cast<size_t>(kDims)});
  }
  return out;
}

Matrix RandomCentres(std::mt19937_64& rng, int count) {
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  Matrix out;
  out.data.resize(static_cast<size_t>(count) * kDims);
  for (float& x : out.data) x = gauss(rng);
  for (size_t r = 0; r < out.rows(); ++r) {
    NormalizeL2({out.data.data() + r * kDims, static_cast<size_t>(kDims)});
  }
  return out;
}

namespace {

// ≈ 2 KB of words for row r: seeded by r, so rows differ and zstd cannot fold them together.
std::string BodyText(size_t r) {
  static const char* kWords[] = {"lake",  "house", "vector",  "search", "row",   "filter",
                                 "index", "graph", "parquet", "column", "query", "merge",
                                 "delta", "cache", "version", "label",  "chunk", "score"};
  uint64_t state = 0x9E3779B97F4A7C15ull * (r + 1);
  std::string out;
  out.reserve(2100);
  while (out.size() < 2000) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    out += kWords[(state >> 33) % (sizeof(kWords) / sizeof(kWords[0]))];
    out += (state >> 40) % 11 == 0 ? ". " : " ";
  }
  return out;
}

}  // namespace

void WriteVectorParquet(ScratchDb& db, const Matrix& vectors, const std::string& path) {
  db.Execute(
      "CREATE OR REPLACE TABLE vecs (id BIGINT, cluster_hint INTEGER, title VARCHAR, body VARCHAR, "
      "embedding FLOAT[" +
      std::to_string(kDims) + "])");
  ColumnBatch rows({{ColumnBatch::kInt64},
                    {ColumnBatch::kInt32},
                    {ColumnBatch::kVarchar},
                    {ColumnBatch::kVarchar},
                    {ColumnBatch::kFloatArray, kDims}});
  auto flush = [&] {
    Result<Appender> appender = db.conn.CreateAppender("vecs");
    if (!appender.ok()) Die(appender.status().ToString());
    if (Status s = appender->AppendBatch(rows); !s.ok()) Die(s.ToString());
    if (Status s = appender->Close(); !s.ok()) Die(s.ToString());
    rows.Clear();
  };
  for (size_t r = 0; r < vectors.rows(); ++r) {
    rows.AddInt64(0, static_cast<int64_t>(r));
    rows.AddInt32(1, static_cast<int32_t>(r % 97));
    rows.AddString(2, "item " + std::to_string(r));
    rows.AddString(3, BodyText(r));
    if (Status s = rows.AddFloats(4, vectors.row(r)); !s.ok()) Die(s.ToString());
    if (Status s = rows.EndRow(); !s.ok()) Die(s.ToString());
    if (rows.rows() == 8192) flush();
  }
  if (rows.rows() > 0) flush();
  db.Execute("COPY vecs TO " + SqlStringLiteral(path) + " (FORMAT parquet, COMPRESSION zstd)");
  db.Execute("DROP TABLE vecs");
}

void WriteTextParquet(ScratchDb& db, const TextCorpus& corpus, const std::string& path) {
  db.Execute("CREATE OR REPLACE TABLE docs (id BIGINT, source VARCHAR, body VARCHAR)");
  ColumnBatch rows({{ColumnBatch::kInt64}, {ColumnBatch::kVarchar}, {ColumnBatch::kVarchar}});
  for (size_t i = 0; i < corpus.paragraphs.size(); ++i) {
    rows.AddInt64(0, static_cast<int64_t>(i));
    rows.AddString(1, corpus.sources[i]);
    rows.AddString(2, corpus.paragraphs[i]);
    if (Status s = rows.EndRow(); !s.ok()) Die(s.ToString());
  }
  Result<Appender> appender = db.conn.CreateAppender("docs");
  if (!appender.ok()) Die(appender.status().ToString());
  if (Status s = appender->AppendBatch(rows); !s.ok()) Die(s.ToString());
  if (Status s = appender->Close(); !s.ok()) Die(s.ToString());
  db.Execute("COPY docs TO " + SqlStringLiteral(path) + " (FORMAT parquet, COMPRESSION zstd)");
  db.Execute("DROP TABLE docs");
}

// Seeded 4-10 word windows of random paragraphs.
std::vector<std::string> TextQueries(const TextCorpus& corpus, std::mt19937_64& rng, int count) {
  std::vector<std::string> out;
  while (static_cast<int>(out.size()) < count) {
    std::vector<std::string> words = Words(corpus.paragraphs[rng() % corpus.paragraphs.size()]);
    size_t len = 4 + rng() % 7;
    if (words.size() < len) continue;
    size_t start = rng() % (words.size() - len + 1);
    std::string q;
    for (size_t i = start; i < start + len; ++i) q += (q.empty() ? "" : " ") + words[i];
    out.push_back(std::move(q));
  }
  return out;
}

IndexedVectors ReadIndexParts(ScratchDb& db, const std::string& generation_dir) {
  // The generation's live files: its compacted base (the build schedules a compaction) and the
  // parts after it. A compaction may replace them while they are read: list and read again.
  Result<QueryResult> result = Internal("not read");
  for (int attempt = 0; attempt < 10 && !result.ok(); ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::seconds(1));
    long long base = 0;
    std::vector<std::pair<long long, std::string>> parts;
    for (const auto& e : std::filesystem::directory_iterator(generation_dir)) {
      const std::string name = e.path().filename().string();
      long long seq = 0;
      if (std::sscanf(name.c_str(), "base-%lld.parquet", &seq) == 1) base = std::max(base, seq);
      if (std::sscanf(name.c_str(), "part-%lld.parquet", &seq) == 1)
        parts.emplace_back(seq, e.path().string());
    }
    std::string files;
    auto add = [&](const std::string& path) {
      files += (files.empty() ? "" : ", ") + SqlStringLiteral(path);
    };
    if (base > 0) {
      char name[64];
      std::snprintf(name, sizeof(name), "/base-%06lld.parquet", base);
      add(generation_dir + name);
    }
    for (const auto& [seq, path] : parts) {
      if (seq > base) add(path);
    }
    // Labels are given in insertion order: the raw side inserts in the server's order.
    result = db.conn.Query("SELECT label, doc_id, chunk_idx, vector FROM read_parquet([" + files +
                           "]) WHERE op = 'add' ORDER BY label");
  }
  if (!result.ok()) Die("reading index parts: " + result.status().ToString());
  IndexedVectors out;
  while (std::optional<DataChunk> chunk = result->NextChunk()) {
    for (uint64_t r = 0; r < chunk->size(); ++r) {
      std::span<const float> v = chunk->GetFloatArray(3, r);
      if (static_cast<int>(v.size()) != kDims) Die("index part vector of the wrong size");
      size_t row = out.labels.size();
      out.labels.push_back(static_cast<uint64_t>(chunk->GetInt64(0, r).value_or(0)));
      out.row_of[ChunkKey(chunk->GetString(1, r).value_or(""), chunk->GetInt64(2, r).value_or(0))] =
          row;
      out.vectors.data.insert(out.vectors.data.end(), v.begin(), v.end());
      NormalizeL2({out.vectors.data.data() + row * kDims, static_cast<size_t>(kDims)});
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Ground truth and recall

// Exact scores of every query against every vector (the project's SIMD kernel), on both cores.
Truth BruteForce(const Matrix& data, const Matrix& queries) {
  Truth truth;
  truth.kth_score.resize(queries.rows());
  auto work = [&](size_t begin, size_t end) {
    std::vector<float> scores(data.rows());
    for (size_t q = begin; q < end; ++q) {
      DotProductRows(queries.row(q).data(), data.data.data(), kDims, data.rows(), kDims,
                     scores.data());
      std::nth_element(scores.begin(), scores.begin() + (kK - 1), scores.end(),
                       std::greater<float>());
      truth.kth_score[q] = scores[kK - 1];
    }
  };
  std::thread other(work, queries.rows() / 2, queries.rows());
  work(0, queries.rows() / 2);
  other.join();
  return truth;
}

// Fraction of the k best found, from the true scores of the returned rows.
double Recall(const Matrix& data, const Matrix& queries, const Truth& truth,
              const std::vector<std::vector<size_t>>& found_rows) {
  int64_t hits = 0;
  for (size_t q = 0; q < found_rows.size(); ++q) {
    int64_t good = 0;
    for (size_t row : found_rows[q]) {
      float score = DotProduct(queries.row(q).data(), data.row(row).data(), kDims);
      if (score >= truth.kth_score[q] - 1e-5f) ++good;
    }
    hits += std::min<int64_t>(good, kK);
  }
  return static_cast<double>(hits) / static_cast<double>(found_rows.size() * kK);
}

}  // namespace lakehouse::bench
