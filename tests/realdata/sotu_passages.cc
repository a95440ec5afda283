#include "tests/realdata/sotu_passages.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace lakehouse::realdata {
namespace {

std::string JoinWords(const std::string& text) {
  std::string out;
  for (const std::string& w : Words(text)) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

std::vector<Passage> SotuPassages(const std::vector<Speech>& speeches) {
  std::vector<Passage> out;
  for (const Speech& speech : speeches) {
    if (speech.year < 1990) continue;
    Passage current;
    size_t words = 0;
    std::string sentence;
    for (const std::string& w : Words(speech.text)) {
      sentence += sentence.empty() ? w : " " + w;
      const char last = w.back();
      if (last != '.' && last != '?' && last != '!') continue;
      const size_t n = Words(sentence).size();
      if (words + n > 100 && words >= 50) {
        out.push_back(current);
        current = {};
        words = 0;
      }
      current.text += current.text.empty() ? sentence : " " + sentence;
      current.sentences.push_back(sentence);
      words += n;
      sentence.clear();
    }
    if (words >= 50 && words <= 100) out.push_back(current);
  }
  return out;
}

HandWrittenQueries LoadHandWrittenQueries(const std::vector<Passage>& passages) {
  HandWrittenQueries out;
  const char* source = std::getenv("LAKEHOUSE_SOURCE_DIR");
  const std::string path =
      std::string(source != nullptr ? source : ".") + "/tests/realdata/data/sotu_paraphrases.tsv";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::vector<std::string> joined;
  for (const Passage& p : passages) joined.push_back(JoinWords(p.text));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t a = line.find('\t');
    const size_t b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    ++out.lines;
    const std::string sentence = JoinWords(line.substr(a + 1, b - a - 1));
    std::vector<size_t> labels;
    for (size_t p = 0; p < joined.size(); ++p) {
      if (joined[p].find(sentence) != std::string::npos) labels.push_back(p);
    }
    if (labels.empty()) continue;
    out.queries.push_back(line.substr(b + 1));
    out.sentences.push_back(sentence);
    out.labels.push_back(std::move(labels));
  }
  return out;
}

}  // namespace lakehouse::realdata
