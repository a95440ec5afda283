// Retrieval quality of the built-in models on real text (issue #19): labelled sets built from the
// State of the Union addresses 1990–2021, cut into passages (tests/realdata/sotu_passages.h). A
// query is one sentence of a passage said another way, and its label is that passage:
//   - hand-written: tests/realdata/data/sotu_paraphrases.tsv, 85 sentences said in other words
//     as a person would search for them ("fix the decaying roads and bridges while restoring
//     manufacturing" for "it is also time to rebuild our crumbling infrastructure");
//   - paraphrased: the words a fixed table knows replaced by synonyms or near-synonyms
//     ("nation" → "country", "jobs" → "employment", …), function words kept, other words
//     left out — a mechanical rewrite, kept as a hard case;
//   - truncated: the sentence's first 60 % of words.
// Every passage is embedded by builtin/use-lite-v1 and by builtin/hash-v1, searched exactly
// (cosine, all passages), and recall@10 and MRR are printed per model (docs/PERFORMANCE.md).
// Asserted: on the hand-written set use-lite-v1 beats hash-v1 on both measures (issue #19's
// target; measured 0.42 / 0.21 against 0.02 / 0.01), and floors on the truncated set that would
// catch a broken model. hash-v1, being lexical, wins the truncated and mechanical sets.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "embed/hash_embedder.h"
#include "embed/use_lite_embedder.h"
#include "tests/realdata/corpus.h"
#include "tests/realdata/sotu_passages.h"

namespace lakehouse::realdata {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Synonyms and near-synonyms for words frequent in the addresses.
const std::map<std::string, std::string>& Synonyms() {
  static const std::map<std::string, std::string> kTable = {{"nation", "country"},
                                                            {"nations", "countries"},
                                                            {"country", "nation"},
                                                            {"america", "the united states"},
                                                            {"american", "u.s."},
                                                            {"americans", "u.s. citizens"},
                                                            {"people", "citizens"},
                                                            {"government", "administration"},
                                                            {"congress", "the legislature"},
                                                            {"economy", "economic system"},
                                                            {"jobs", "employment"},
                                                            {"job", "position"},
                                                            {"work", "labor"},
                                                            {"workers", "employees"},
                                                            {"children", "kids"},
                                                            {"families", "households"},
                                                            {"world", "globe"},
                                                            {"war", "armed conflict"},
                                                            {"peace", "tranquility"},
                                                            {"help", "assist"},
                                                            {"must", "have to"},
                                                            {"will", "shall"},
                                                            {"can", "are able to"},
                                                            {"new", "fresh"},
                                                            {"great", "tremendous"},
                                                            {"good", "fine"},
                                                            {"big", "large"},
                                                            {"small", "little"},
                                                            {"year", "twelve months"},
                                                            {"years", "decades"},
                                                            {"today", "now"},
                                                            {"tonight", "this evening"},
                                                            {"program", "initiative"},
                                                            {"programs", "initiatives"},
                                                            {"money", "funds"},
                                                            {"tax", "levy"},
                                                            {"taxes", "levies"},
                                                            {"budget", "spending plan"},
                                                            {"cut", "reduce"},
                                                            {"cuts", "reductions"},
                                                            {"increase", "raise"},
                                                            {"growth", "expansion"},
                                                            {"problem", "issue"},
                                                            {"problems", "issues"},
                                                            {"plan", "proposal"},
                                                            {"security", "safety"},
                                                            {"freedom", "liberty"},
                                                            {"health", "wellbeing"},
                                                            {"schools", "classrooms"},
                                                            {"education", "schooling"},
                                                            {"energy", "power"},
                                                            {"military", "armed forces"},
                                                            {"defense", "protection"},
                                                            {"weapons", "arms"},
                                                            {"business", "commerce"},
                                                            {"businesses", "companies"},
                                                            {"cost", "price"},
                                                            {"costs", "expenses"},
                                                            {"poor", "needy"},
                                                            {"rich", "wealthy"},
                                                            {"law", "statute"},
                                                            {"laws", "legislation"},
                                                            {"ask", "request"},
                                                            {"believe", "think"},
                                                            {"want", "wish"},
                                                            {"need", "require"},
                                                            {"make", "create"},
                                                            {"give", "provide"},
                                                            {"keep", "maintain"},
                                                            {"start", "begin"},
                                                            {"end", "finish"},
                                                            {"fight", "combat"},
                                                            {"strong", "powerful"},
                                                            {"free", "liberated"},
                                                            {"together", "jointly"},
                                                            {"future", "years ahead"},
                                                            {"support", "back"},
                                                            {"soviet", "russian"},
                                                            {"crime", "lawlessness"},
                                                            {"farmers", "growers"},
                                                            {"prices", "costs"},
                                                            {"million", "millions of"},
                                                            {"billion", "billions of"},
                                                            {"percent", "per cent"},
                                                            {"states", "provinces"},
                                                            {"city", "town"},
                                                            {"cities", "towns"}};
  return kTable;
}

// The sentence said in other words: each word the table knows becomes its synonym, function
// words stay, and every other content word is left out, so the query shares (almost) no content
// word with its passage, as a user who remembers what was said but not how.
std::string Paraphrase(const std::string& sentence, size_t* replaced_words) {
  static const std::set<std::string> kFunctionWords = {
      "the", "a",  "an", "of",  "to",   "in",   "for",  "and", "or",
      "our", "we", "is", "are", "that", "this", "with", "on",  "by",
      "not", "it", "be", "all", "more", "no",   "i",    "you", "they"};
  std::string out;
  *replaced_words = 0;
  for (const std::string& word : Words(sentence)) {
    size_t b = 0, e = word.size();
    while (b < e && !std::isalnum(static_cast<unsigned char>(word[b]))) ++b;
    while (e > b && !std::isalnum(static_cast<unsigned char>(word[e - 1]))) --e;
    const std::string core = Lower(word.substr(b, e - b));
    std::string kept;
    if (auto it = Synonyms().find(core); it != Synonyms().end()) {
      kept = it->second;
      ++*replaced_words;
    } else if (kFunctionWords.count(core) > 0) {
      kept = core;
    }
    if (!kept.empty()) out += out.empty() ? kept : " " + kept;
  }
  return out;
}

std::string Truncate(const std::string& sentence) {
  const std::vector<std::string> words = Words(sentence);
  const size_t keep = std::max<size_t>(4, words.size() * 6 / 10);
  std::string out;
  for (size_t i = 0; i < keep && i < words.size(); ++i) out += (i ? " " : "") + words[i];
  return out;
}

struct Scores {
  double recall_at_10 = 0;
  double mrr = 0;
};

// `labels[q]` holds every passage that answers query q (a sentence may open two passages' worth
// of repeated text); the rank is that of the best of them.
Scores Evaluate(Embedder& embedder, const std::vector<std::string>& passages,
                const std::vector<std::string>& queries,
                const std::vector<std::vector<size_t>>& labels) {
  auto docs = embedder.Embed(passages);
  auto qs = embedder.Embed(queries);
  EXPECT_TRUE(docs.ok() && qs.ok());
  if (!docs.ok() || !qs.ok()) return {};
  Scores s;
  for (size_t q = 0; q < queries.size(); ++q) {
    const std::vector<float>& query = (*qs)[q];
    auto score = [&](size_t d) {
      double dot = 0;
      for (size_t k = 0; k < query.size(); ++k) dot += query[k] * (*docs)[d][k];
      return dot;
    };
    double target = -1e9;
    for (size_t label : labels[q]) target = std::max(target, score(label));
    size_t better = 0;  // passages ranked above the best label
    for (size_t d = 0; d < passages.size(); ++d) {
      const bool is_label = std::find(labels[q].begin(), labels[q].end(), d) != labels[q].end();
      better += !is_label && score(d) > target;
    }
    s.recall_at_10 += better < 10 ? 1 : 0;
    s.mrr += 1.0 / static_cast<double>(better + 1);
  }
  s.recall_at_10 /= static_cast<double>(queries.size());
  s.mrr /= static_cast<double>(queries.size());
  return s;
}

std::vector<std::vector<size_t>> OneEach(const std::vector<size_t>& labels) {
  std::vector<std::vector<size_t>> out;
  for (size_t label : labels) out.push_back({label});
  return out;
}

TEST(UseLiteRetrievalRealDataTest, MeasuresRecallAndMrrOfBothBuiltinModels) {
  auto speeches = LoadSpeeches();
  ASSERT_TRUE(speeches.ok()) << speeches.status().ToString();
  const std::vector<Passage> passages = SotuPassages(*speeches);
  ASSERT_GT(passages.size(), 1000u);

  std::vector<std::string> texts;
  for (const Passage& p : passages) texts.push_back(p.text);
  // 200 labelled queries from passages picked with a fixed seed: the passage's longest sentence
  // of 12+ words whose paraphrase replaces at least three words.
  std::mt19937_64 rng(19);
  std::vector<std::string> paraphrased, truncated;
  std::vector<size_t> labels;
  std::vector<size_t> order(passages.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  for (size_t p : order) {
    if (labels.size() == 200) break;
    const std::vector<std::string>& sentences = passages[p].sentences;
    auto longest = std::max_element(sentences.begin(), sentences.end(),
                                    [](const std::string& a, const std::string& b) {
                                      return Words(a).size() < Words(b).size();
                                    });
    if (Words(*longest).size() < 12) continue;
    size_t changed = 0;
    const std::string rewritten = Paraphrase(*longest, &changed);
    if (changed < 3) continue;
    paraphrased.push_back(rewritten);
    truncated.push_back(Truncate(*longest));
    labels.push_back(p);
  }
  ASSERT_EQ(labels.size(), 200u);

  auto use_lite = UseLiteEmbedder::Create({});
  ASSERT_TRUE(use_lite.ok()) << use_lite.status().ToString();
  auto hash = HashEmbedder::Create({});
  ASSERT_TRUE(hash.ok());
  const Scores use_para = Evaluate(**use_lite, texts, paraphrased, OneEach(labels));
  const Scores hash_para = Evaluate(**hash, texts, paraphrased, OneEach(labels));
  const Scores use_trunc = Evaluate(**use_lite, texts, truncated, OneEach(labels));
  const Scores hash_trunc = Evaluate(**hash, texts, truncated, OneEach(labels));
  std::cout << passages.size() << " passages, " << labels.size() << " queries\n"
            << "paraphrased: use-lite-v1 recall@10 " << use_para.recall_at_10 << " MRR "
            << use_para.mrr << " | hash-v1 recall@10 " << hash_para.recall_at_10 << " MRR "
            << hash_para.mrr << "\n"
            << "truncated:   use-lite-v1 recall@10 " << use_trunc.recall_at_10 << " MRR "
            << use_trunc.mrr << " | hash-v1 recall@10 " << hash_trunc.recall_at_10 << " MRR "
            << hash_trunc.mrr << "\n";
  const HandWrittenQueries written = LoadHandWrittenQueries(passages);
  const Scores use_written = Evaluate(**use_lite, texts, written.queries, written.labels);
  const Scores hash_written = Evaluate(**hash, texts, written.queries, written.labels);
  std::cout << "hand-written (" << written.queries.size() << " of " << written.lines
            << " sentences in a passage): use-lite-v1 recall@10 " << use_written.recall_at_10
            << " MRR " << use_written.mrr << " | hash-v1 recall@10 " << hash_written.recall_at_10
            << " MRR " << hash_written.mrr << "\n";
  // Measured 2026-12-07: truncated use-lite 0.805 / hash 0.99 recall@10; paraphrased 0.07 / 0.195;
  // hand-written 0.424 / 0.024 (MRR 0.213 / 0.013).
  EXPECT_GE(written.queries.size(), 80u);
  EXPECT_GT(use_written.recall_at_10, hash_written.recall_at_10);
  EXPECT_GT(use_written.mrr, hash_written.mrr);
  EXPECT_GE(use_written.recall_at_10, 0.3);
  EXPECT_GE(use_trunc.recall_at_10, 0.7);
  EXPECT_GE(hash_trunc.recall_at_10, 0.9);
}

}  // namespace
}  // namespace lakehouse::realdata
