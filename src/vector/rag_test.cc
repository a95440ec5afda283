// RAG answer building: the grounded prompt, extractive answers (best sentences, citations only of
// retrieved sources, honest "no relevant context") and citation parsing of generated answers.
#include "vector/rag.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

std::vector<RagSource> Sources() {
  return {
      {1, "lake-1", 0, 0.9f,
       "Lake Geneva is a deep lake. Its maximum depth is 310 metres. Boats cross it daily."},
      {2, "lake-2", 3, 0.7f, "Lake Baikal is the deepest lake in the world. It lies in Siberia."},
      {3, "misc", 0, 0.2f, "Bread is baked in ovens.\nMost bakeries open early."},
  };
}

TEST(RagTest, PromptNumbersEverySourceAndAsksForCitations) {
  auto [system, user] = BuildRagPrompt("How deep is Lake Geneva?", Sources());
  EXPECT_NE(system.find("only the numbered sources"), std::string::npos);
  EXPECT_NE(system.find("[1]"), std::string::npos);
  EXPECT_NE(user.find("[1] Lake Geneva is a deep lake."), std::string::npos);
  EXPECT_NE(user.find("[2] Lake Baikal"), std::string::npos);
  EXPECT_NE(user.find("[3] Bread"), std::string::npos);
  EXPECT_NE(user.find("Question: How deep is Lake Geneva?"), std::string::npos);
}

TEST(RagTest, ExtractiveAnswerQuotesBestSentencesWithCitations) {
  ExtractiveAnswer a =
      BuildExtractiveAnswer("What is the maximum depth of Lake Geneva?", Sources());
  EXPECT_NE(a.answer.find("Its maximum depth is 310 metres. [1]"), std::string::npos) << a.answer;
  EXPECT_EQ(a.answer.find("Bread"), std::string::npos) << a.answer;
  ASSERT_FALSE(a.cited.empty());
  EXPECT_EQ(a.cited.front(), 1);
  for (int32_t n : a.cited) {
    EXPECT_GE(n, 1);
    EXPECT_LE(n, 3);
  }
}

TEST(RagTest, ExtractiveAnswerIsCappedAndInRankOrder) {
  ExtractiveAnswer a = BuildExtractiveAnswer("lake deepest depth Baikal Geneva", Sources(), 2);
  // Two sentences at most.
  size_t markers = 0;
  for (size_t p = a.answer.find(" ["); p != std::string::npos; p = a.answer.find(" [", p + 1)) {
    ++markers;
  }
  EXPECT_EQ(markers, 2u) << a.answer;
  // Source 1's sentence comes before source 2's.
  EXPECT_LT(a.answer.find("[1]"), a.answer.find("[2]")) << a.answer;
}

TEST(RagTest, DuplicateSentencesAreQuotedOnce) {
  std::vector<RagSource> sources = {{1, "a", 0, 0.9f, "Otters hold hands while sleeping."},
                                    {2, "a", 1, 0.8f, "Otters hold hands while sleeping."}};
  ExtractiveAnswer a = BuildExtractiveAnswer("Do otters hold hands?", sources);
  EXPECT_EQ(a.answer, "Otters hold hands while sleeping. [1]");
  EXPECT_EQ(a.cited, std::vector<int32_t>{1});
}

TEST(RagTest, NoRelevantContextIsSaidHonestly) {
  EXPECT_EQ(BuildExtractiveAnswer("quantum chromodynamics", Sources()).answer, kNoRelevantContext);
  EXPECT_EQ(BuildExtractiveAnswer("anything at all", {}).answer, kNoRelevantContext);
  // Stop words alone never count as relevance.
  ExtractiveAnswer a = BuildExtractiveAnswer("what is the", Sources());
  EXPECT_EQ(a.answer, kNoRelevantContext);
  EXPECT_TRUE(a.cited.empty());
}

TEST(RagTest, CitedSourcesKeepsOnlyRetrievedNumbers) {
  EXPECT_EQ(CitedSources("Deep [1], deeper [2][1]; see [7] and [0] and [x] and [", 3),
            (std::vector<int32_t>{1, 2}));
  EXPECT_TRUE(CitedSources("no citations here", 3).empty());
  EXPECT_EQ(CitedSources("[3]", 3), std::vector<int32_t>{3});
  EXPECT_TRUE(CitedSources("[99999999999]", 3).empty());
}

// The typed answer renders exactly the response members /vectors/rag has always had.
TEST(RagTest, AnswerJsonHasTheResponseShape) {
  RagAnswer generated;
  generated.index = "docs";
  generated.index_version = 3;
  generated.dataset_version = 4;
  generated.search_mode = SearchMode::kHybrid;
  generated.reranked_by = "builtin/rerank";
  generated.answer = "Deep [1].";
  generated.citations = {RagSource{1, "d1", 2, 0.5f, "Deep water."}};
  generated.mode = RagAnswerMode::kGenerated;
  generated.model = "builtin/echo";
  generated.relevant_context = true;
  EXPECT_EQ(generated.ToJson(), Json::parse(R"({
      "index": "docs", "index_version": 3, "dataset_version": 4, "stale": true,
      "search_mode": "hybrid", "reranked_by": "builtin/rerank", "answer": "Deep [1].",
      "citations": [{"n": 1, "doc_id": "d1", "chunk_idx": 2, "score": 0.5, "text": "Deep water."}],
      "mode": "generated", "model": "builtin/echo", "relevant_context": true})"));
  RagAnswer nothing;
  nothing.index = "docs";
  nothing.answer = kNoRelevantContext;
  const Json json = nothing.ToJson();
  EXPECT_EQ(json["mode"], "extractive");
  EXPECT_TRUE(json["model"].is_null());
  EXPECT_TRUE(json["reranked_by"].is_null());
  EXPECT_EQ(json["citations"], Json::array());
  EXPECT_EQ(json["stale"], false);
  EXPECT_EQ(json["search_mode"], "vector");
  EXPECT_EQ(json.size(), 11u);
}

}  // namespace
}  // namespace lakehouse
