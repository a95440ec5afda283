// VectorService: recall that is measured and kept. After a build, a refresh that changed more
// than kRetuneFraction of an index, a target_recall change, or a load of an index never measured,
// the index samples queries from its own chunks, takes exact search as ground truth and chooses
// the smallest ef_search reaching its target_recall — or exact search (RecallTuner). It runs in
// the refresh job (or a "vector_recall" job), never on a request thread; searches continue.
#include <algorithm>
#include <random>
#include <sstream>
#include <thread>

#include "common/logging.h"
#include "common/mutex.h"
#include "vector/vector_service.h"
#include "vector/vector_service_internal.h"

namespace lakehouse {
namespace {

using vector_internal::kRecallKind;
using vector_internal::OptionalTime;

// A refresh that added or removed more than this fraction of an index's chunks since its last
// measurement measures again.
constexpr double kRetuneFraction = 0.05;
constexpr int32_t kSampleQueries = 200;
constexpr uint64_t kSampleSeed = 18;
constexpr size_t kPhraseWords = 12;

// A phrase of kPhraseWords words of a chunk, at a position drawn from rng: the kind of query a
// user types (a chunk's own vector would find itself first and flatter the graph).
std::string PhraseOf(const std::string& text, std::mt19937_64& rng) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(std::move(word));
  if (words.empty()) return text;
  const size_t span = std::min(words.size(), kPhraseWords);
  std::uniform_int_distribution<size_t> start_at(0, words.size() - span);
  const size_t start = start_at(rng);
  std::string phrase;
  for (size_t i = start; i < start + span; ++i) phrase += (phrase.empty() ? "" : " ") + words[i];
  return phrase;
}

}  // namespace

Result<std::vector<RecallQuery>> VectorService::SampleRecallQueries(const IndexDefinition& def,
                                                                    const IndexGeneration& gen,
                                                                    int32_t count, uint64_t seed) {
  const std::vector<uint64_t> labels = gen.SampleLabels(count, seed);
  std::vector<RecallQuery> queries;
  if (!def.byo_vectors()) {
    // Text indexes: phrases of the sampled chunks, embedded as a search would embed them.
    std::mt19937_64 rng(seed);
    std::vector<std::string> phrases;
    for (uint64_t label : labels) {
      std::optional<ChunkRecord> chunk = gen.Chunk(label);
      if (chunk && chunk->text.find_first_not_of(" \t\r\n") != std::string::npos) {
        phrases.push_back(PhraseOf(chunk->text, rng));
      }
    }
    Result<std::shared_ptr<Embedder>> embedder = deps_.embedders(def.model);
    Result<std::vector<std::vector<float>>> vectors =
        embedder.ok() ? (*embedder)->Embed(phrases)
                      : Result<std::vector<std::vector<float>>>(embedder.status());
    if (vectors.ok() && vectors->size() == phrases.size()) {
      for (std::vector<float>& v : *vectors) {
        if (static_cast<int32_t>(v.size()) == gen.dimensions())
          queries.push_back({std::move(v), std::nullopt});
      }
      if (!queries.empty()) return queries;
    }
    LH_LOG_WARN("index '{}': recall queries from its stored vectors ({})", def.name,
                vectors.ok() ? "embedder returned unusable vectors" : vectors.status().ToString());
  }
  // Stored vectors as queries, each leaving itself out of the results.
  for (uint64_t label : labels) {
    Result<std::vector<float>> v = gen.Vector(label);
    if (v.ok()) queries.push_back({std::move(v).value(), label});
  }
  return queries;
}

Result<bool> VectorService::TuneRecall(LiveIndex& index, bool force, JobContext* ctx) {
  IndexRecord record;
  std::shared_ptr<IndexGeneration> gen;
  {
    MutexLock lock(index.mu);
    record = index.record;
    gen = index.gen;
  }
  if (!gen) return false;
  const int64_t chunks = gen->chunk_count();
  if (chunks == 0) return false;
  const IndexDefinition& def = record.definition;
  const bool stale_measure =
      !record.recall || record.recall->target != def.target_recall ||
      static_cast<double>(gen->changes_since_tuning()) >
          kRetuneFraction * static_cast<double>(std::max<int64_t>(1, record.recall->chunk_count));
  if (!force && !stale_measure) return false;

  const int64_t started = deps_.clock->MonotonicMicros();
  RecallMeasurement m;
  m.target = def.target_recall;
  if (chunks < IndexGeneration::kExactBelow) {
    // Searches of so small an index are scans: exact by construction, nothing to sample (and
    // no query to embed).
    m.strategy = SearchStrategy::kExact;
    m.measured = 1.0;
    m.ef_search = def.ef_search;
  } else {
    LH_ASSIGN_OR_RETURN(std::vector<RecallQuery> queries,
                        SampleRecallQueries(def, *gen, kSampleQueries, kSampleSeed));
    if (queries.empty()) return false;
    RecallTunerOptions options;
    options.target_recall = def.target_recall;
    if (ctx != nullptr) options.check_cancelled = [ctx] { return ctx->CheckCancelled(); };
    LH_ASSIGN_OR_RETURN(m, MeasureRecall(gen->MakeRecallProbe(), queries, options));
  }
  m.measured_at = deps_.clock->NowMicros();
  m.chunk_count = chunks;
  gen->SetSearchStrategy(m.strategy, m.ef_search);
  gen->ResetChangesSinceTuning();
  {
    MutexLock lock(index.mu);
    if (index.gen == gen) index.record.recall = m;
  }
  LH_RETURN_IF_ERROR(store_->SaveRecall(def.name, record.generation, m));
  LH_LOG_INFO(
      "index '{}': recall@{} {:.3f} (target {:.3f}) with {} ef_search {} over {} queries "
      "in {} ms",
      def.name, m.k, m.measured, m.target, SearchStrategyName(m.strategy), m.ef_search,
      m.sample_queries, (deps_.clock->MonotonicMicros() - started) / 1000);
  return true;
}

void VectorService::PinEfSearch(LiveIndex& index, int32_t ef_search,
                                std::optional<double> measured) {
  MutexLock lock(index.mu);
  if (index.gen) index.gen->SetSearchStrategy(SearchStrategy::kHnsw, ef_search);
  if (!index.record.recall) return;
  RecallMeasurement& m = *index.record.recall;
  m.strategy = SearchStrategy::kHnsw;
  m.ef_search = ef_search;
  auto trial = std::find_if(m.trials.begin(), m.trials.end(),
                            [&](const EfTrial& t) { return t.ef_search == ef_search; });
  if (measured) {
    m.measured = *measured;
  } else {
    m.measured = trial != m.trials.end() ? trial->recall : 0;
    if (trial == m.trials.end()) m.sample_queries = 0;  // not measured at this ef_search
  }
  Status saved = store_->SaveRecall(index.record.definition.name, index.record.generation, m);
  if (!saved.ok()) LH_LOG_WARN("index '{}': {}", index.record.definition.name, saved.ToString());
}

Result<Json> VectorService::RunRecallJob(JobContext& ctx) {
  std::shared_ptr<LiveIndex> index = Find(ctx.target());
  if (!index) return NotFound("vector index '", ctx.target(), "' does not exist (deleted?)");
  LH_RETURN_IF_ERROR(index->WaitUntilLoaded(ctx));  // a job resumed at start-up
  MutexLock serial(index->refresh_mu);
  if (!Find(ctx.target())) return NotFound("vector index '", ctx.target(), "' was deleted");
  LH_ASSIGN_OR_RETURN(bool measured, TuneRecall(*index, /*force=*/true, &ctx));
  MutexLock lock(index->mu);
  return Json{{"index_name", index->record.definition.name},
              {"measured", measured},
              {"recall", InfoLocked(*index).ToJson()["recall"]}};
}

Result<Job> VectorService::SubmitRecall(const std::string& name) {
  return jobs_->Submit(kRecallKind, name, Json{{"index_name", name}},
                       SubmitOptions{.coalesce = true});
}

}  // namespace lakehouse
