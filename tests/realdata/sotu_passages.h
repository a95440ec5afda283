// The labelled retrieval sets over the State of the Union addresses 1990–2021 (issue #19): the
// addresses cut into passages of consecutive sentences (50–100 words, inside use-lite-v1's
// 128-token window), and the hand-written paraphrase queries of
// tests/realdata/data/sotu_paraphrases.tsv labelled with the passages that hold their sentence.
#ifndef LAKEHOUSE_TESTS_REALDATA_SOTU_PASSAGES_H_
#define LAKEHOUSE_TESTS_REALDATA_SOTU_PASSAGES_H_

#include <string>
#include <vector>

#include "tests/realdata/corpus.h"

namespace lakehouse::realdata {

struct Passage {
  std::string text;
  std::vector<std::string> sentences;
};

// Passages of the addresses from 1990 on, in corpus order.
std::vector<Passage> SotuPassages(const std::vector<Speech>& speeches);

struct HandWrittenQueries {
  std::vector<std::string> queries;
  std::vector<std::string> sentences;       // the address's own words, per query
  std::vector<std::vector<size_t>> labels;  // indexes into the passages, per query
  size_t lines = 0;                         // queries in the file, found in a passage or not
};

// A sentence cut off at an address's end is in no passage; its query is skipped.
HandWrittenQueries LoadHandWrittenQueries(const std::vector<Passage>& passages);

}  // namespace lakehouse::realdata

#endif  // LAKEHOUSE_TESTS_REALDATA_SOTU_PASSAGES_H_
