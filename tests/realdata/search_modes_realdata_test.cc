// Real-data acceptance of the search modes (issues #18 and #19), two labelled sets:
//   1. the State of the Union addresses since 1913 (builtin/hash-v1 embeddings, 800-character
//      chunks), each query a sentence of an address truncated or with words dropped, labelled
//      with its address;
//   2. the 1990–2021 addresses cut into passages (builtin/use-lite-v1), and 85 sentences asked
//      two ways: said in other words by hand (tests/realdata/data/sotu_paraphrases.tsv) and cut
//      to their first 60 % of words, labelled with their passage.
// Each is searched in vector, keyword and hybrid mode (DBSF, the default, and RRF); recall@10
// (the answer among the top 10 distinct documents) and MRR are printed (docs/PERFORMANCE.md,
// "Search modes").
//
// Asserted: on set 1 hybrid finds and ranks the address at least as well as either mode alone
// and as RRF; on set 2 the encoder beats BM25 on paraphrases, and over both kinds of query hybrid
// (BM25 + use-lite-v1) finds the passage more often and ranks it better than vector search with
// use-lite-v1, than vector search with builtin/hash-v1 (an index of the same passages) and than
// keyword search — issue #19's "hybrid beats both" — and than RRF. Not asserted, because it does
// not hold: on paraphrases alone hybrid trails vector search (BM25's loose matches dilute it).
// Set 2's figures are also printed for its two halves (even and odd sentences): the fusion was
// chosen on the even half and checked on the odd one. Figures in docs/PERFORMANCE.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "tests/realdata/derived_files.h"
#include "tests/realdata/realdata_fixture.h"
#include "tests/realdata/sotu_passages.h"
#include "tests/support/e2e_util.h"

namespace lakehouse::realdata {
namespace {

using testing::Body;

constexpr int kQueries = 200;

struct Labelled {
  std::string query;
  std::string address;                 // the doc_id that answers it (an address, or a passage)
  std::vector<std::string> also = {};  // other doc_ids that answer it as well
};

struct Quality {
  double recall_at_10 = 0;
  double mrr = 0;
  double p50_ms = 0;
  std::vector<double> reciprocal_ranks = {};  // per query, 0 when missed

  // The same measures over the queries whose index has this parity.
  Quality Half(size_t parity) const {
    Quality out;
    size_t n = 0;
    for (size_t q = parity; q < reciprocal_ranks.size(); q += 2, ++n) {
      out.recall_at_10 += reciprocal_ranks[q] > 0 ? 1 : 0;
      out.mrr += reciprocal_ranks[q];
    }
    if (n > 0) out.recall_at_10 /= static_cast<double>(n), out.mrr /= static_cast<double>(n);
    return out;
  }
};

// Averages two query sets' measures (the two halves of a query log).
Quality Mix(const Quality& a, const Quality& b) {
  return {(a.recall_at_10 + b.recall_at_10) / 2, (a.mrr + b.mrr) / 2, 0};
}

class SearchModesTest : public RealDataTest {
 protected:
  // Sentences (12+ words) of the addresses, spread over each; even queries keep the sentence's
  // first 10 words (truncated), odd ones drop every third word (a loose paraphrase).
  static std::vector<Labelled> Queries(const std::vector<Speech>& speeches) {
    std::vector<Labelled> out;
    for (int q = 0; static_cast<int>(out.size()) < kQueries && q < kQueries * 4; ++q) {
      const Speech& s = speeches[(static_cast<size_t>(q) * 37) % speeches.size()];
      std::vector<std::string> words = Words(s.text);
      size_t at = words.size() * static_cast<size_t>(q % 11 + 1) / 13;
      // From the start of the next sentence.
      while (at + 1 < words.size() && !words[at].ends_with(".")) ++at;
      ++at;
      size_t end = at;
      while (end < words.size() && !words[end].ends_with(".")) ++end;
      if (end >= words.size() || end - at + 1 < 12) continue;
      std::string query;
      for (size_t w = at; w <= end; ++w) {
        const size_t i = w - at;
        if (q % 2 == 0 ? i >= 10 : i % 3 == 2) continue;
        query += (query.empty() ? "" : " ") + words[w];
      }
      out.push_back({query, s.id});
    }
    return out;
  }

  Quality Measure(const std::vector<Labelled>& queries, const std::string& mode,
                  const Json& hybrid = nullptr, const std::string& index = "sotu_idx") {
    std::vector<std::string> texts;
    for (const Labelled& l : queries) texts.push_back(l.query);
    Quality out;
    std::vector<double> elapsed;
    // Batches of 50, so that elapsed_ms per batch gives a latency distribution.
    for (size_t begin = 0; begin < texts.size(); begin += 50) {
      const size_t end = std::min(texts.size(), begin + 50);
      std::vector<std::string> part(texts.begin() + begin, texts.begin() + end);
      Json request = {{"index", index},
                      {"queries", part},
                      {"k", 10},
                      {"mode", mode},
                      {"columns", Json::array()}};
      if (!hybrid.is_null()) request["hybrid"] = hybrid;
      auto r = c().PostJson("/vectors/search/batch", request);
      EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
      if (!r.ok() || r->status != 200) return out;
      const Json body = Body(r);
      EXPECT_EQ(body["mode"], mode);
      elapsed.push_back(body["elapsed_ms"].get<double>() / static_cast<double>(part.size()));
      for (size_t q = 0; q < part.size(); ++q) {
        std::vector<std::string> ranked;  // distinct addresses, best first
        for (const Json& hit : body["results"][q]) {
          const std::string doc = hit["doc_id"].get<std::string>();
          if (std::find(ranked.begin(), ranked.end(), doc) == ranked.end()) ranked.push_back(doc);
        }
        const Labelled& label = queries[begin + q];
        auto it = std::find_if(ranked.begin(), ranked.end(), [&](const std::string& doc) {
          return doc == label.address ||
                 std::find(label.also.begin(), label.also.end(), doc) != label.also.end();
        });
        const double rr =
            it == ranked.end() ? 0 : 1.0 / static_cast<double>(it - ranked.begin() + 1);
        out.recall_at_10 += rr > 0 ? 1 : 0;
        out.mrr += rr;
        out.reciprocal_ranks.push_back(rr);
      }
    }
    out.recall_at_10 /= static_cast<double>(queries.size());
    out.mrr /= static_cast<double>(queries.size());
    std::sort(elapsed.begin(), elapsed.end());
    out.p50_ms = elapsed.empty() ? 0 : elapsed[elapsed.size() / 2];
    return out;
  }
};

TEST_F(SearchModesTest, HybridMatchesOrBeatsVectorAndKeywordOnLabelledQueries) {
  auto speeches = LoadSpeeches();
  ASSERT_TRUE(speeches.ok()) << speeches.status().ToString();
  std::erase_if(*speeches, [](const Speech& s) { return s.year < 1913; });
  ASSERT_EQ(speeches->size(), 110u);
  IngestOk({{"sotu.ndjson", SpeechesNdjson(*speeches)}}, {{"dataset", "sotu"}, {"key", "id"}});
  auto built = c().PostJson("/vectors/index?wait=true", {{"index_name", "sotu_idx"},
                                                         {"dataset", "sotu"},
                                                         {"id_column", "id"},
                                                         {"text_column", "text"},
                                                         {"chunk_size", 800},
                                                         {"overlap", 80},
                                                         {"model", "builtin/hash-v1"}});
  ASSERT_TRUE(built.ok() && built->status == 200) << (built.ok() ? built->body : "");
  const int64_t chunks = Body(c().Get("/vectors/indexes/sotu_idx"))["chunk_count"].get<int64_t>();

  const std::vector<Labelled> queries = Queries(*speeches);
  ASSERT_EQ(queries.size(), static_cast<size_t>(kQueries));
  std::map<std::string, Quality> quality;
  for (const char* mode : {"vector", "keyword", "hybrid"}) quality[mode] = Measure(queries, mode);
  for (double w : {0.5, 0.25}) {
    quality["hybrid rrf v" + std::to_string(w).substr(0, 4)] = Measure(
        queries, "hybrid", {{"fusion", "rrf"}, {"vector_weight", w}, {"keyword_weight", 1}});
  }
  quality["hybrid rrf"] = Measure(queries, "hybrid", {{"fusion", "rrf"}});
  quality["hybrid rrf k10"] = Measure(queries, "hybrid", {{"fusion", "rrf"}, {"rrf_k", 10}});

  std::printf("\nsearch modes over %lld SOTU chunks, %d labelled queries, builtin/hash-v1:\n",
              static_cast<long long>(chunks), kQueries);
  std::printf("  %-14s %10s %8s %12s\n", "mode", "recall@10", "MRR", "ms/query p50");
  for (const auto& [mode, q] : quality) {
    std::printf("  %-14s %10.3f %8.3f %12.2f\n", mode.c_str(), q.recall_at_10, q.mrr, q.p50_ms);
  }
  const Quality& v = quality["vector"];
  const Quality& k = quality["keyword"];
  const Quality& h = quality["hybrid"];  // DBSF, the default
  // Measured: hybrid 1.000 / 0.980, keyword 0.990 / 0.973, vector 0.970 / 0.852, RRF 1.000 / 0.969.
  EXPECT_GE(h.recall_at_10, std::max(v.recall_at_10, k.recall_at_10));
  EXPECT_GT(h.mrr, v.mrr);
  EXPECT_GE(h.mrr, k.mrr);
  EXPECT_GE(h.mrr, quality["hybrid rrf"].mrr);
  // Both single modes find most addresses: the query set is answerable.
  EXPECT_GT(std::max(v.recall_at_10, k.recall_at_10), 0.5);
}

// Issue #19's semantic target through the server: the hand-written paraphrases
// (tests/realdata/data/sotu_paraphrases.tsv) against an index of the 1990–2021 passages embedded by
// builtin/use-lite-v1, in vector, keyword and hybrid mode. The queries share few words with their
// passage, so this is where a sentence encoder earns its keep and BM25 alone does not.
TEST_F(SearchModesTest, HybridWithUseLiteOnHandWrittenParaphrases) {
  auto speeches = LoadSpeeches();
  ASSERT_TRUE(speeches.ok()) << speeches.status().ToString();
  const std::vector<Passage> passages = SotuPassages(*speeches);
  const HandWrittenQueries written = LoadHandWrittenQueries(passages);
  ASSERT_GE(written.queries.size(), 80u);
  std::string ndjson;
  for (size_t p = 0; p < passages.size(); ++p) {
    ndjson += Json{{"id", "p" + std::to_string(p)}, {"text", passages[p].text}}.dump() + "\n";
  }
  IngestOk({{"passages.ndjson", ndjson}}, {{"dataset", "passages"}, {"key", "id"}});
  for (const auto& [name, model] : {std::pair{"passages_idx", "builtin/use-lite-v1"},
                                    std::pair{"passages_hash", "builtin/hash-v1"}}) {
    auto built = c().PostJson("/vectors/index?wait=true", {{"index_name", name},
                                                           {"dataset", "passages"},
                                                           {"id_column", "id"},
                                                           {"text_column", "text"},
                                                           {"model", model}});
    ASSERT_TRUE(built.ok() && built->status == 200) << (built.ok() ? built->body : "");
  }
  // The same 85 sentences asked two ways: said in other words (the hand-written query), and cut
  // to their first 60 % of words (a user pasting what they remember). A real query log holds
  // both; the mix is the two halves averaged.
  std::vector<Labelled> paraphrased, truncated;
  for (size_t q = 0; q < written.queries.size(); ++q) {
    Labelled l{written.queries[q], "p" + std::to_string(written.labels[q][0])};
    for (size_t i = 1; i < written.labels[q].size(); ++i) {
      l.also.push_back("p" + std::to_string(written.labels[q][i]));
    }
    paraphrased.push_back(l);
    const std::vector<std::string> words = Words(written.sentences[q]);
    l.query.clear();
    for (size_t w = 0; w < std::max<size_t>(4, words.size() * 6 / 10) && w < words.size(); ++w) {
      l.query += (w ? " " : "") + words[w];
    }
    truncated.push_back(std::move(l));
  }
  std::printf(
      "\nsearch modes over %zu SOTU passages, builtin/use-lite-v1, %zu sentences asked two "
      "ways:\n",
      passages.size(), paraphrased.size());
  std::printf("  %-12s %22s %22s %22s %22s %22s\n", "mode", "paraphrased R@10 / MRR",
              "truncated R@10 / MRR", "mixed R@10 / MRR", "even half (dev)", "odd half (held out)");
  std::map<std::string, Quality> mixed;
  struct Run {
    std::string name, mode, index;
    Json hybrid;
  };
  const std::vector<Run> runs = {{"vector", "vector", "passages_idx", nullptr},
                                 {"vector hash", "vector", "passages_hash", nullptr},
                                 {"keyword", "keyword", "passages_idx", nullptr},
                                 {"hybrid", "hybrid", "passages_idx", nullptr},
                                 {"hybrid rrf", "hybrid", "passages_idx", {{"fusion", "rrf"}}}};
  for (const Run& run : runs) {
    const Quality para = Measure(paraphrased, run.mode, run.hybrid, run.index);
    const Quality trunc = Measure(truncated, run.mode, run.hybrid, run.index);
    const Quality mix = Mix(para, trunc);
    mixed[run.name] = mix;
    mixed[run.name + " even"] = Mix(para.Half(0), trunc.Half(0));
    mixed[run.name + " odd"] = Mix(para.Half(1), trunc.Half(1));
    std::printf(
        "  %-12s %10.3f / %-9.3f %10.3f / %-9.3f %10.3f / %-9.3f %10.3f / %-9.3f %10.3f / %-9.3f\n",
        run.name.c_str(), para.recall_at_10, para.mrr, trunc.recall_at_10, trunc.mrr,
        mix.recall_at_10, mix.mrr, mixed[run.name + " even"].recall_at_10,
        mixed[run.name + " even"].mrr, mixed[run.name + " odd"].recall_at_10,
        mixed[run.name + " odd"].mrr);
    mixed[run.name + " paraphrased"] = para;
  }
  // The encoder is what finds a sentence said in other words; BM25 finds few.
  EXPECT_GT(mixed["vector paraphrased"].recall_at_10, mixed["keyword paraphrased"].recall_at_10);
  EXPECT_GT(mixed["vector paraphrased"].mrr, mixed["keyword paraphrased"].mrr);
  // Over both kinds of query, hybrid (BM25 + use-lite-v1, DBSF) finds the passage more often and
  // ranks it better than each single mode and model, and than RRF. Measured (recall@10 / MRR):
  // hybrid 0.688 / 0.552, hash-v1 0.506 / 0.477, use-lite-v1 0.524 / 0.316, keyword 0.594 /
  // 0.525 (held-out half: 0.679 / 0.545 against 0.488 / 0.456, 0.571 / 0.368, 0.583 / 0.512). With
  // DBSF capped at 1 (before) hybrid's MRR was 0.493: BM25's landslides on the truncated half
  // became near-ties with the encoder's top.
  const Quality& h = mixed["hybrid"];
  for (const char* single : {"vector", "vector hash", "keyword"}) {
    EXPECT_GT(h.recall_at_10, mixed[single].recall_at_10) << single;
    EXPECT_GT(h.mrr, mixed[single].mrr) << single;
  }
  EXPECT_GE(h.recall_at_10, mixed["hybrid rrf"].recall_at_10);
  EXPECT_GT(h.mrr, mixed["hybrid rrf"].mrr);
}

}  // namespace
}  // namespace lakehouse::realdata
