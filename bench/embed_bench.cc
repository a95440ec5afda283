// builtin/hash-v1 throughput: chunks per second on one core over ~500-character chunks of seeded
// synthetic English-like text (Zipf-distributed vocabulary, sentence punctuation, capitals,
// numbers), against the target of 20,000 chunks/s per core.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "embed/hash_embedder.h"

namespace lakehouse::bench {
namespace {

constexpr double kTargetChunksPerSecond = 20000.0;
constexpr size_t kChunkChars = 500;
constexpr size_t kCorpusChunks = 4096;

// A vocabulary of pronounceable made-up words, 2–12 letters, from a fixed seed.
std::vector<std::string> Vocabulary(std::mt19937_64& rng, size_t size) {
  static const std::string kConsonants = "bcdfghjklmnprstvwz";
  static const std::string kVowels = "aeiou";
  std::uniform_int_distribution<int> syllables(1, 4);
  std::vector<std::string> words;
  for (size_t i = 0; i < size; ++i) {
    std::string w;
    for (int s = syllables(rng); s > 0; --s) {
      w += kConsonants[rng() % kConsonants.size()];
      w += kVowels[rng() % kVowels.size()];
      if (rng() % 3 == 0) w += kConsonants[rng() % kConsonants.size()];
    }
    words.push_back(std::move(w));
  }
  return words;
}

std::vector<std::string> Corpus() {
  std::mt19937_64 rng(20261124);
  const std::vector<std::string> vocab = Vocabulary(rng, 20000);
  // Zipf(s≈1) over the vocabulary: frequent function words, a long tail.
  std::vector<double> weights(vocab.size());
  for (size_t i = 0; i < weights.size(); ++i) weights[i] = 1.0 / static_cast<double>(i + 1);
  std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
  std::vector<std::string> chunks;
  for (size_t c = 0; c < kCorpusChunks; ++c) {
    std::string text;
    bool sentence_start = true;
    while (text.size() < kChunkChars) {
      std::string word = rng() % 40 == 0 ? std::to_string(rng() % 10000) : vocab[pick(rng)];
      if (sentence_start) word[0] = static_cast<char>(std::toupper(word[0]));
      text += word;
      sentence_start = rng() % 12 == 0;
      text += sentence_start ? ". " : (rng() % 10 == 0 ? ", " : " ");
    }
    text.resize(kChunkChars);
    chunks.push_back(std::move(text));
  }
  return chunks;
}

const std::vector<std::string>& SharedCorpus() {
  static const std::vector<std::string> corpus = Corpus();
  return corpus;
}

// The steady state of an index build: one reused output buffer per thread.
void BM_HashEmbedderEmbedInto(benchmark::State& state) {
  const auto& corpus = SharedCorpus();
  auto embedder = HashEmbedder::Create({}).value();
  std::vector<float> out(static_cast<size_t>(embedder->dimensions()));
  size_t i = 0;
  for (auto _ : state) {
    embedder->EmbedInto(corpus[i++ % corpus.size()], out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HashEmbedderEmbedInto);

// Through the Embedder interface, 32 chunks per call (allocates the result vectors).
void BM_HashEmbedderEmbedBatch32(benchmark::State& state) {
  const auto& corpus = SharedCorpus();
  auto embedder = HashEmbedder::Create({}).value();
  std::vector<std::vector<std::string>> batches;
  for (size_t start = 0; start + 32 <= corpus.size(); start += 32) {
    batches.emplace_back(corpus.begin() + static_cast<long>(start),
                         corpus.begin() + static_cast<long>(start + 32));
  }
  size_t b = 0;
  for (auto _ : state) {
    auto vectors = embedder->Embed(batches[b++ % batches.size()]);
    benchmark::DoNotOptimize(vectors);
  }
  state.SetItemsProcessed(state.iterations() * 32);
}
BENCHMARK(BM_HashEmbedderEmbedBatch32);

// Prints like the console reporter (without colours) and remembers each run's items/s.
class RateReporter : public benchmark::ConsoleReporter {
 public:
  RateReporter() : ConsoleReporter(OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      auto it = run.counters.find("items_per_second");
      if (run.run_type == Run::RT_Iteration && it != run.counters.end()) {
        rates_.emplace_back(run.run_name.function_name, it->second.value);
      }
    }
  }
  const std::vector<std::pair<std::string, double>>& rates() const { return rates_; }

 private:
  std::vector<std::pair<std::string, double>> rates_;
};

}  // namespace
}  // namespace lakehouse::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  lakehouse::bench::RateReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\n%-40s %16s %10s\n", "builtin/hash-v1, 500-char chunks, 1 core", "chunks/s",
              "vs 20K/s");
  for (const auto& [name, rate] : reporter.rates()) {
    std::printf("%-40s %16.0f %9.2fx\n", name.c_str(), rate,
                rate / lakehouse::bench::kTargetChunksPerSecond);
  }
  benchmark::Shutdown();
  return 0;
}
