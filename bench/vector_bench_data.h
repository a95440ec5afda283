// The data of the vector search benchmark: seeded clustered vectors, the text corpus's Parquet
// and queries, the server's index parts read back, and exact ground truth for recall@k.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench/bench_server.h"
#include "bench/text_corpus.h"

namespace lakehouse::bench {

constexpr int kDims = 384;
constexpr int kK = 10;  // results per query, and the k of recall@k

// Row-major vectors, unit norm.
struct Matrix {
  int dims = kDims;
  std::vector<float> data;
  size_t rows() const { return data.size() / static_cast<size_t>(dims); }
  std::span<const float> row(size_t r) const {
    return {data.data() + r * static_cast<size_t>(dims), static_cast<size_t>(dims)};
  }
};

// What the server indexed, read back from the index's Parquet parts (same vectors, same order).
struct IndexedVectors {
  Matrix vectors;
  std::vector<uint64_t> labels;
  std::unordered_map<std::string, size_t> row_of;  // "doc_id#chunk_idx" → row
};

std::string ChunkKey(const std::string& doc, int64_t chunk);

// `count` vectors around random centres (per-coordinate σ `spread`), re-normalised.
Matrix ClusteredVectors(std::mt19937_64& rng, const Matrix& centres, int64_t count, float spread);
Matrix RandomCentres(std::mt19937_64& rng, int count);

// (id BIGINT, cluster_hint INTEGER, title VARCHAR, body VARCHAR ≈ 2 KB, embedding
// FLOAT[kDims]) as zstd Parquet.
void WriteVectorParquet(ScratchDb& db, const Matrix& vectors, const std::string& path);
// (id BIGINT, source VARCHAR, body VARCHAR): one row per paragraph.
void WriteTextParquet(ScratchDb& db, const TextCorpus& corpus, const std::string& path);
// `count` seeded 4-10 word windows of random paragraphs.
std::vector<std::string> TextQueries(const TextCorpus& corpus, std::mt19937_64& rng, int count);

IndexedVectors ReadIndexParts(ScratchDb& db, const std::string& generation_dir);

struct Truth {
  std::vector<float> kth_score;  // per query: the k-th best exact score
};

// Exact scores of every query against every vector (the project's SIMD kernel), on both cores.
Truth BruteForce(const Matrix& data, const Matrix& queries);

// Fraction of the k best found, from the true scores of the returned rows (a hit counts when its
// true score is at least the k-th best − 1e-5: ties count whichever is returned).
double Recall(const Matrix& data, const Matrix& queries, const Truth& truth,
              const std::vector<std::vector<size_t>>& found_rows);

}  // namespace lakehouse::bench
