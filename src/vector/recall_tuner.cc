#include "vector/recall_tuner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_set>

namespace lakehouse {
namespace {

double ElapsedMicros(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - since)
      .count();
}

// Top-k without the query's excluded label: asks for one more when there is one to drop.
std::vector<uint64_t> WithoutExcluded(std::vector<uint64_t> labels, const RecallQuery& query,
                                      int32_t k) {
  if (query.exclude_label) {
    labels.erase(std::remove(labels.begin(), labels.end(), *query.exclude_label), labels.end());
  }
  if (static_cast<int32_t>(labels.size()) > k) labels.resize(static_cast<size_t>(k));
  return labels;
}

int32_t Want(const RecallQuery& query, int32_t k) { return query.exclude_label ? k + 1 : k; }

double Round(double value, double scale) { return std::round(value * scale) / scale; }

}  // namespace

std::string_view SearchStrategyName(SearchStrategy strategy) {
  return strategy == SearchStrategy::kExact ? "exact" : "hnsw";
}

Result<SearchStrategy> ParseSearchStrategy(std::string_view name) {
  if (name == "hnsw") return SearchStrategy::kHnsw;
  if (name == "exact") return SearchStrategy::kExact;
  return InvalidArgument("unknown search strategy '", std::string(name),
                         "' (expected hnsw or exact)");
}

double Quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(q * static_cast<double>(values.size()));
  const size_t index = static_cast<size_t>(std::max(1.0, rank)) - 1;
  return values[std::min(index, values.size() - 1)];
}

double RecallAtK(const std::vector<std::vector<uint64_t>>& approximate,
                 const std::vector<std::vector<uint64_t>>& truth) {
  if (truth.empty()) return 0;
  double sum = 0;
  for (size_t q = 0; q < truth.size(); ++q) {
    if (truth[q].empty()) {
      sum += 1;
      continue;
    }
    const std::unordered_set<uint64_t> expected(truth[q].begin(), truth[q].end());
    size_t found = 0;
    if (q < approximate.size()) {
      for (uint64_t label : approximate[q]) found += expected.count(label);
    }
    sum += static_cast<double>(found) / static_cast<double>(expected.size());
  }
  return sum / static_cast<double>(truth.size());
}

Result<std::vector<std::vector<uint64_t>>> ExactTruth(const RecallProbe& probe,
                                                      std::span<const RecallQuery> queries,
                                                      int32_t k,
                                                      std::vector<double>* latencies_us) {
  std::vector<std::vector<uint64_t>> truth;
  truth.reserve(queries.size());
  for (const RecallQuery& query : queries) {
    const auto started = std::chrono::steady_clock::now();
    LH_ASSIGN_OR_RETURN(std::vector<uint64_t> labels, probe.exact(query.vector, Want(query, k)));
    if (latencies_us != nullptr) latencies_us->push_back(ElapsedMicros(started));
    truth.push_back(WithoutExcluded(std::move(labels), query, k));
  }
  return truth;
}

Result<EfTrial> RunEfTrial(const RecallProbe& probe, std::span<const RecallQuery> queries,
                           const std::vector<std::vector<uint64_t>>& truth, int32_t k,
                           int32_t ef_search) {
  std::vector<std::vector<uint64_t>> found;
  std::vector<double> latencies;
  found.reserve(queries.size());
  latencies.reserve(queries.size());
  for (const RecallQuery& query : queries) {
    const auto started = std::chrono::steady_clock::now();
    LH_ASSIGN_OR_RETURN(std::vector<uint64_t> labels,
                        probe.approximate(query.vector, Want(query, k), ef_search));
    latencies.push_back(ElapsedMicros(started));
    found.push_back(WithoutExcluded(std::move(labels), query, k));
  }
  EfTrial trial;
  trial.ef_search = ef_search;
  trial.recall = RecallAtK(found, truth);
  trial.p50_us = Quantile(latencies, 0.50);
  trial.p95_us = Quantile(latencies, 0.95);
  trial.p99_us = Quantile(latencies, 0.99);
  return trial;
}

Result<RecallMeasurement> MeasureRecall(const RecallProbe& probe,
                                        std::span<const RecallQuery> queries,
                                        const RecallTunerOptions& options) {
  if (queries.empty()) return InvalidArgument("recall needs at least one query");
  if (!(options.target_recall > 0 && options.target_recall <= 1)) {
    return InvalidArgument("target_recall must be in (0, 1]");
  }
  if (options.ef_ladder.empty()) return InvalidArgument("the ef_search ladder is empty");
  if (options.k < 1) return InvalidArgument("k must be positive");
  std::vector<int32_t> ladder = options.ef_ladder;
  std::sort(ladder.begin(), ladder.end());
  ladder.erase(std::unique(ladder.begin(), ladder.end()), ladder.end());

  RecallMeasurement out;
  out.target = options.target_recall;
  out.k = options.k;
  out.sample_queries = static_cast<int32_t>(queries.size());
  std::vector<double> exact_latencies;
  LH_ASSIGN_OR_RETURN(const std::vector<std::vector<uint64_t>> truth,
                      ExactTruth(probe, queries, options.k, &exact_latencies));
  // A second, warm pass: the first also paid for bringing the vectors into cache.
  exact_latencies.clear();
  if (options.check_cancelled) LH_RETURN_IF_ERROR(options.check_cancelled());
  LH_RETURN_IF_ERROR(ExactTruth(probe, queries, options.k, &exact_latencies).status());
  out.exact_p50_us = Quantile(exact_latencies, 0.5);

  const EfTrial* reached = nullptr;
  for (int32_t ef : ladder) {
    if (ef < 1) return InvalidArgument("ef_search values must be positive");
    if (options.check_cancelled) LH_RETURN_IF_ERROR(options.check_cancelled());
    LH_ASSIGN_OR_RETURN(EfTrial trial, RunEfTrial(probe, queries, truth, options.k, ef));
    out.trials.push_back(trial);
    // Recall is averaged over finitely many queries: compare with a little tolerance so that
    // 0.95 measured as 0.9499999 still counts.
    if (trial.recall + 1e-9 >= options.target_recall) {
      reached = &out.trials.back();
      break;
    }
  }
  if (reached == nullptr) {
    out.strategy = SearchStrategy::kExact;
    out.ef_search = out.trials.back().ef_search;
    out.measured = 1.0;
    return out;
  }
  out.ef_search = reached->ef_search;
  out.measured = reached->recall;
  out.strategy = SearchStrategy::kHnsw;
  if (options.compare_latency && out.exact_p50_us <= reached->p50_us) {
    out.strategy = SearchStrategy::kExact;
    out.measured = 1.0;
  }
  return out;
}

Json RecallMeasurement::ToJson() const {
  Json trials_json = Json::array();
  for (const EfTrial& t : trials) {
    trials_json.push_back({{"ef_search", t.ef_search},
                           {"recall", Round(t.recall, 1e4)},
                           {"p50_us", Round(t.p50_us, 10)},
                           {"p95_us", Round(t.p95_us, 10)},
                           {"p99_us", Round(t.p99_us, 10)}});
  }
  return Json{{"measured", Round(measured, 1e4)},
              {"target", target},
              {"k", k},
              {"ef_search", ef_search},
              {"strategy", SearchStrategyName(strategy)},
              {"sample_queries", sample_queries},
              {"measured_at_us", measured_at},
              {"chunk_count", chunk_count},
              {"exact_p50_us", Round(exact_p50_us, 10)},
              {"trials", std::move(trials_json)}};
}

Result<RecallMeasurement> RecallMeasurement::FromJson(const Json& json) {
  if (!json.is_object()) return InvalidArgument("a recall measurement must be an object");
  RecallMeasurement out;
  try {
    out.measured = json.value("measured", 0.0);
    out.target = json.value("target", 0.95);
    out.k = json.value("k", 10);
    out.ef_search = json.value("ef_search", 0);
    LH_ASSIGN_OR_RETURN(out.strategy, ParseSearchStrategy(json.value("strategy", "hnsw")));
    out.sample_queries = json.value("sample_queries", 0);
    out.measured_at = json.value("measured_at_us", int64_t{0});
    out.chunk_count = json.value("chunk_count", int64_t{0});
    out.exact_p50_us = json.value("exact_p50_us", 0.0);
    for (const Json& t : json.value("trials", Json::array())) {
      out.trials.push_back({t.value("ef_search", 0), t.value("recall", 0.0), t.value("p50_us", 0.0),
                            t.value("p95_us", 0.0), t.value("p99_us", 0.0)});
    }
  } catch (const std::exception& e) {
    return InvalidArgument("malformed recall measurement: ", e.what());
  }
  return out;
}

}  // namespace lakehouse
