// builtin/use-lite-v1 throughput (issue #19), on real text: State of the Union sentences, 100-word
// and 250-word chunks (third_party/corpora/sotu, scripts/setup.sh).
//   1. chunks/s and tokens/s on one thread (per core) and on all cores, per chunk shape;
//   2. the JS reference (@energetic-ai/embeddings on the same weights, node, installed by setup)
//      on the same texts in the same run, and the C++/JS ratio (target ≥ 10×).
// Tokens are counted after the 128-token clip (what the model reads). Every rate is given per
// CPU-second (getrusage of the whole process, all threads; node's process.cpuUsage for the
// reference) because the benchmark machine is shared: wall-clock rates there measure the other
// jobs. Wall-clock chunks/s on all cores is printed too. Usage:
//   use_lite_bench [texts per shape, default 2048] [JS texts per shape, default 128]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/json.h"
#include "embed/use_lite_embedder.h"

namespace lakehouse::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

struct Shapes {
  std::vector<std::string> sentences, words100, words250;
};

Shapes LoadShapes(const std::string& source_dir, size_t per_shape) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(source_dir + "/third_party/corpora/sotu/data")) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::reverse(files.begin(), files.end());  // the modern addresses first
  Shapes s;
  for (const std::string& file : files) {
    const std::vector<std::string> words = Words(Read(file));
    std::string sentence;
    for (const std::string& w : words) {
      sentence += sentence.empty() ? w : " " + w;
      if (w.back() == '.' || w.back() == '?' || w.back() == '!') {
        if (sentence.size() >= 20 && s.sentences.size() < per_shape)
          s.sentences.push_back(sentence);
        sentence.clear();
      }
    }
    auto windows = [&](size_t n, std::vector<std::string>* out) {
      for (size_t i = 0; i + n <= words.size() && out->size() < per_shape; i += n) {
        std::string chunk;
        for (size_t j = i; j < i + n; ++j) chunk += (j == i ? "" : " ") + words[j];
        out->push_back(std::move(chunk));
      }
    };
    windows(100, &s.words100);
    windows(250, &s.words250);
    if (s.sentences.size() >= per_shape && s.words250.size() >= per_shape) break;
  }
  return s;
}

struct Run {
  double seconds = 0;      // wall
  double cpu_seconds = 0;  // all threads
  int64_t tokens = 0;
};

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

Run TimeCpp(UseLiteEmbedder& embedder, const std::vector<std::string>& texts) {
  Run run;
  for (const std::string& t : texts) {
    run.tokens += std::min<int64_t>(static_cast<int64_t>(embedder.Tokenize(t).size()),
                                    UseLiteEmbedder::kMaxTokens);
  }
  (void)embedder.Embed({texts.front()});  // warm the caches
  run.seconds = run.cpu_seconds = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    const double cpu_start = ProcessCpuSeconds();
    const auto start = Clock::now();
    auto vectors = embedder.Embed(texts);
    run.seconds =
        std::min(run.seconds, std::chrono::duration<double>(Clock::now() - start).count());
    run.cpu_seconds = std::min(run.cpu_seconds, ProcessCpuSeconds() - cpu_start);
    if (!vectors.ok()) std::abort();
  }
  return run;
}

// Wall and CPU seconds the JS reference takes to embed `texts` (model loading excluded), or
// negative when node or the reference is unavailable.
Run TimeJs(const std::string& source_dir, const std::vector<std::string>& texts) {
  const std::string modules = source_dir + "/third_party/use-lite-reference/node_modules";
  if (std::system("node --version >/dev/null 2>&1") != 0 ||
      !fs::exists(modules + "/@energetic-ai/embeddings")) {
    return {-1, -1, 0};
  }
  const fs::path dir = fs::temp_directory_path() / ("use_lite_bench_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream((dir / "texts.json").string()) << Json(texts).dump();
  const std::string command = "node '" + source_dir + "/tests/use_lite/reference_embed.js' '" +
                              modules + "' --time < '" + (dir / "texts.json").string() + "' > '" +
                              (dir / "time.json").string() + "'";
  const int rc = std::system(command.c_str());
  const std::string out = Read((dir / "time.json").string());
  fs::remove_all(dir);
  if (rc != 0) return {-1, -1, 0};
  const Json times = Json::parse(out);
  return {times["seconds"].get<double>(), times["cpu_seconds"].get<double>(), 0};
}

}  // namespace
}  // namespace lakehouse::bench

int main(int argc, char** argv) {
  using namespace lakehouse;
  using namespace lakehouse::bench;
  // Positional numbers only; bench/run.sh's --benchmark_* flags do not apply.
  std::vector<size_t> numbers;
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] != '-') numbers.push_back(std::stoul(argv[i]));
  }
  const size_t per_shape = numbers.size() > 0 ? numbers[0] : 2048;
  const size_t js_per_shape = numbers.size() > 1 ? numbers[1] : 128;
  const char* source = std::getenv("LAKEHOUSE_SOURCE_DIR");
  const std::string source_dir = source ? source : LAKEHOUSE_SOURCE_DIR_DEFAULT;
  const Shapes shapes = LoadShapes(source_dir, per_shape);
  auto one = UseLiteEmbedder::Create({"", 1});
  auto all = UseLiteEmbedder::Create({"", 0});
  if (!one.ok() || !all.ok()) {
    std::fprintf(stderr, "%s\n", one.status().ToString().c_str());
    return 1;
  }
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::printf("builtin/use-lite-v1, %u cores, load average at start: ", cores);
  std::fflush(stdout);
  std::system("cut -d' ' -f1-3 /proc/loadavg");
  std::printf(
      "| chunks | n | tokens/chunk | chunks per CPU-s (1 thread) | tokens per CPU-s (1 thread) | "
      "chunks per CPU-s (%u threads) | chunks/s wall (%u threads) | JS n | JS chunks per CPU-s | "
      "C++ / JS per CPU-s | C++ all cores / JS, wall |\n| --- | --- | --- | --- | --- | --- | --- "
      "| --- "
      "| --- | --- | --- |\n",
      cores, cores);
  const std::pair<const char*, const std::vector<std::string>*> rows[] = {
      {"1 sentence", &shapes.sentences},
      {"100 words", &shapes.words100},
      {"250 words", &shapes.words250}};
  for (const auto& [name, texts] : rows) {
    const Run single = TimeCpp(**one, *texts);
    const Run multi = TimeCpp(**all, *texts);
    const std::vector<std::string> js_texts(
        texts->begin(),
        texts->begin() + static_cast<std::ptrdiff_t>(std::min(js_per_shape, texts->size())));
    const Run cpp_same = TimeCpp(**one, js_texts);
    const Run cpp_same_all = TimeCpp(**all, js_texts);
    const Run js = TimeJs(source_dir, js_texts);
    const double js_cpu = js.cpu_seconds;
    const double n = static_cast<double>(texts->size());
    const double js_n = static_cast<double>(js_texts.size());
    char js_rate[32] = "n/a (no node)", ratio[32] = "n/a", wall_ratio[32] = "n/a";
    if (js_cpu > 0) {
      std::snprintf(js_rate, sizeof(js_rate), "%.1f", js_n / js_cpu);
      std::snprintf(ratio, sizeof(ratio), "%.1fx", js_cpu / cpp_same.cpu_seconds);
      std::snprintf(wall_ratio, sizeof(wall_ratio), "%.1fx", js.seconds / cpp_same_all.seconds);
    }
    std::printf("| %s | %zu | %.1f | %.0f | %.0f | %.0f | %.0f | %zu | %s | %s | %s |\n", name,
                texts->size(), static_cast<double>(single.tokens) / n, n / single.cpu_seconds,
                static_cast<double>(single.tokens) / single.cpu_seconds, n / multi.cpu_seconds,
                n / multi.seconds, js_texts.size(), js_rate, ratio, wall_ratio);
    std::fflush(stdout);
  }
  return 0;
}
