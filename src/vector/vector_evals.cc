// VectorService: evals — recall@k of an index's search settings on given queries (against the
// documents they should find) or on queries sampled from the index (against exact search).
#include <algorithm>
#include <map>
#include <set>

#include "common/mutex.h"
#include "vector/vector_service.h"
#include "vector/vector_service_internal.h"

namespace lakehouse {
namespace {

// Doc ids as small integers, so that RecallAtK can compare them.
class DocIds {
 public:
  uint64_t Intern(const std::string& doc_id) {
    return ids_.emplace(doc_id, static_cast<uint64_t>(ids_.size())).first->second;
  }

 private:
  std::map<std::string, uint64_t> ids_;
};

}  // namespace

Result<IndexEvalResult> VectorService::EvaluateIndex(const IndexEvalRequest& request) {
  if (request.k < 1 || request.k > 1000) return InvalidArgument("field 'k' must be in [1, 1000]");
  if (request.queries.size() > IndexEvalRequest::kMaxQueries) {
    return InvalidArgument("at most ", std::to_string(IndexEvalRequest::kMaxQueries),
                           " queries per eval");
  }
  if (request.sample < 1 || request.sample > static_cast<int32_t>(IndexEvalRequest::kMaxQueries)) {
    return InvalidArgument("field 'sample' must be in [1, ",
                           std::to_string(IndexEvalRequest::kMaxQueries), "]");
  }
  if (request.ef_search.size() > IndexEvalRequest::kMaxTrials) {
    return InvalidArgument("at most ", std::to_string(IndexEvalRequest::kMaxTrials),
                           " ef_search values per eval");
  }
  for (int32_t ef : request.ef_search) {
    if (ef < 1 || ef > 10'000) return InvalidArgument("ef_search values must be in [1, 10000]");
  }
  std::shared_ptr<LiveIndex> index = Find(request.index);
  if (!index) return NotFound("vector index '", request.index, "' does not exist");
  IndexRecord record;
  std::shared_ptr<IndexGeneration> gen;
  {
    MutexLock lock(index->mu);
    LH_RETURN_IF_ERROR(index->RefuseWhileLoading());
    record = index->record;
    gen = index->gen;
  }
  const IndexDefinition& def = record.definition;
  if (!gen || gen->chunk_count() == 0) {
    return FailedPrecondition("index '", def.name, "' has no chunks to evaluate yet");
  }
  IndexEvalResult out;
  out.index = def.name;
  out.k = request.k;
  out.strategy = gen->search_strategy();
  out.ef_search = record.recall ? record.recall->ef_search : def.ef_search;
  std::vector<int32_t> efs = request.ef_search;
  if (efs.empty()) efs.push_back(out.ef_search);

  std::vector<RecallQuery> queries;
  std::vector<std::vector<uint64_t>> truth;
  RecallProbe probe = gen->MakeRecallProbe();
  if (request.queries.empty()) {
    out.sampled = true;
    LH_ASSIGN_OR_RETURN(queries, SampleRecallQueries(def, *gen, request.sample, request.seed));
    if (queries.empty()) return FailedPrecondition("index '", def.name, "' has no chunks");
    std::vector<double> latencies;
    LH_ASSIGN_OR_RETURN(truth, ExactTruth(probe, queries, request.k, &latencies));
    out.exact = {0, 1.0, Quantile(latencies, 0.5), Quantile(latencies, 0.95),
                 Quantile(latencies, 0.99)};
  } else {
    // Given queries: both searches return chunks; score the distinct documents of the top k.
    std::vector<std::string> texts;
    for (size_t i = 0; i < request.queries.size(); ++i) {
      const EvalQuery& q = request.queries[i];
      if (q.query.has_value() == q.vector.has_value()) {
        return InvalidArgument("queries[", std::to_string(i),
                               "]: give exactly one of 'query' and 'vector'");
      }
      if (q.expected_doc_ids.empty()) {
        return InvalidArgument("queries[", std::to_string(i), "]: 'expected_doc_ids' is empty");
      }
      if (q.query) texts.push_back(*q.query);
    }
    std::vector<std::vector<float>> embedded;
    if (!texts.empty()) {
      if (def.byo_vectors()) {
        return InvalidArgument("index '", def.name, "' holds external vectors: give 'vector'");
      }
      LH_ASSIGN_OR_RETURN(std::shared_ptr<Embedder> embedder, deps_.embedders(def.model));
      LH_ASSIGN_OR_RETURN(embedded, embedder->Embed(texts));
      if (embedded.size() != texts.size()) return Internal("embedder returned too few vectors");
    }
    size_t next_text = 0;
    for (size_t i = 0; i < request.queries.size(); ++i) {
      const EvalQuery& q = request.queries[i];
      std::vector<float> v = q.vector ? *q.vector : std::move(embedded[next_text++]);
      if (static_cast<int32_t>(v.size()) != gen->dimensions()) {
        return InvalidArgument("queries[", std::to_string(i), "] has ", std::to_string(v.size()),
                               " dimensions; the index has ", std::to_string(gen->dimensions()));
      }
      queries.push_back({std::move(v), std::nullopt});
    }
    auto docs = std::make_shared<DocIds>();
    auto to_docs = [gen, docs, k = request.k](const std::vector<uint64_t>& labels) {
      std::vector<uint64_t> out;
      std::set<uint64_t> seen;
      for (uint64_t label : labels) {
        std::optional<ChunkRecord> chunk = gen->Chunk(label);
        if (!chunk) continue;
        const uint64_t id = docs->Intern(chunk->doc_id);
        if (seen.insert(id).second) out.push_back(id);
        if (static_cast<int32_t>(out.size()) == k) break;
      }
      return out;
    };
    // Chunks → documents: ask for more chunks than k so that k distinct documents come back.
    const int32_t chunk_k = std::min(request.k * 4, 4000);
    RecallProbe by_chunk = probe;
    probe.exact = [by_chunk, to_docs, chunk_k](std::span<const float> q,
                                               int32_t) -> Result<std::vector<uint64_t>> {
      LH_ASSIGN_OR_RETURN(std::vector<uint64_t> labels, by_chunk.exact(q, chunk_k));
      return to_docs(labels);
    };
    probe.approximate = [by_chunk, to_docs, chunk_k](std::span<const float> q, int32_t,
                                                     int32_t ef) -> Result<std::vector<uint64_t>> {
      LH_ASSIGN_OR_RETURN(std::vector<uint64_t> labels, by_chunk.approximate(q, chunk_k, ef));
      return to_docs(labels);
    };
    for (const EvalQuery& q : request.queries) {
      std::vector<uint64_t> expected;
      for (const std::string& doc : q.expected_doc_ids) expected.push_back(docs->Intern(doc));
      std::sort(expected.begin(), expected.end());
      expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
      truth.push_back(std::move(expected));
    }
    std::vector<double> latencies;
    LH_ASSIGN_OR_RETURN(std::vector<std::vector<uint64_t>> exact_found,
                        ExactTruth(probe, queries, request.k, &latencies));
    out.exact = {0, RecallAtK(exact_found, truth), Quantile(latencies, 0.5),
                 Quantile(latencies, 0.95), Quantile(latencies, 0.99)};
  }
  out.queries = static_cast<int32_t>(queries.size());
  for (int32_t ef : efs) {
    LH_ASSIGN_OR_RETURN(EfTrial trial, RunEfTrial(probe, queries, truth, request.k, ef));
    out.trials.push_back(trial);
  }
  return out;
}

}  // namespace lakehouse
