// Seeded random data for the vector tests.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "vector/search_hit.h"

namespace lakehouse::testing {

// `count` vectors of `dims` floats drawn from N(0, 1).
inline std::vector<std::vector<float>> RandomVectors(size_t count, size_t dims, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<std::vector<float>> out(count, std::vector<float>(dims));
  for (auto& v : out) {
    for (float& x : v) x = normal(rng);
  }
  return out;
}

// `count` vectors around `clusters` random centres (spread controls the cluster radius).
inline std::vector<std::vector<float>> ClusteredVectors(size_t count, size_t dims, size_t clusters,
                                                        float spread, uint64_t seed) {
  const auto centres = RandomVectors(clusters, dims, seed ^ 0x9e3779b97f4a7c15ULL);
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, spread);
  std::uniform_int_distribution<size_t> pick(0, clusters - 1);
  std::vector<std::vector<float>> out(count, std::vector<float>(dims));
  for (auto& v : out) {
    const auto& centre = centres[pick(rng)];
    for (size_t d = 0; d < dims; ++d) v[d] = centre[d] + normal(rng);
  }
  return out;
}

inline std::vector<uint64_t> Labels(const std::vector<SearchHit>& hits) {
  std::vector<uint64_t> labels;
  for (const SearchHit& h : hits) labels.push_back(h.label);
  return labels;
}

}  // namespace lakehouse::testing
