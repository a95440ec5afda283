// TextCorpus: a real text corpus every Debian machine has — the paragraphs of
// /usr/share/common-licenses/* and /usr/share/doc/*/copyright — for the vector benchmarks' text
// suite (embedded by the built-in embedder, queried with word windows of its paragraphs).
//
// Thread-safety: plain values and a pure loader.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lakehouse::bench {

struct TextCorpus {
  std::vector<std::string> paragraphs;
  std::vector<std::string> sources;
  int64_t files = 0;
  int64_t bytes = 0;
  std::string sha256;  // of the paragraphs, to compare runs across machines
};

// The whitespace-separated words of text.
std::vector<std::string> Words(const std::string& text);

// Paragraphs (blank-line separated, whitespace collapsed, ≥ 40 characters, duplicates dropped),
// files in sorted path order, so every run on the same machine loads the same corpus.
TextCorpus LoadCorpus();

}  // namespace lakehouse::bench
