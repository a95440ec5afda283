#include "vector/rag.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace lakehouse {

const char kNoRelevantContext[] =
    "I could not find anything relevant to this question in the indexed documents.";

namespace {

const std::set<std::string>& StopWords() {
  static const std::set<std::string> kWords = {
      "a",     "an",   "and",   "are",   "as",    "at",   "be",   "by",   "can", "do",   "does",
      "for",   "from", "had",   "has",   "have",  "how",  "i",    "in",   "is",  "it",   "its",
      "me",    "my",   "no",    "not",   "of",    "on",   "or",   "our",  "so",  "that", "the",
      "their", "them", "then",  "there", "these", "they", "this", "to",   "was", "we",   "were",
      "what",  "when", "where", "which", "who",   "why",  "will", "with", "you", "your"};
  return kWords;
}

std::set<std::string> ContentWords(const std::string& text) {
  std::set<std::string> out;
  std::string word;
  auto flush = [&] {
    if (word.size() > 1 && StopWords().count(word) == 0) out.insert(word);
    word.clear();
  };
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80) {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

std::vector<std::string> Sentences(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    current.push_back(c == '\n' ? ' ' : c);
    bool end = (c == '.' || c == '!' || c == '?') &&
               (i + 1 == text.size() || std::isspace(static_cast<unsigned char>(text[i + 1])));
    if (end || c == '\n' || i + 1 == text.size()) {
      size_t b = current.find_first_not_of(' ');
      size_t e = current.find_last_not_of(' ');
      if (b != std::string::npos) out.push_back(current.substr(b, e - b + 1));
      current.clear();
    }
  }
  return out;
}

}  // namespace

std::pair<std::string, std::string> BuildRagPrompt(const std::string& question,
                                                   const std::vector<RagSource>& sources) {
  std::string system =
      "You answer questions using only the numbered sources provided. Cite every claim with the "
      "source number in square brackets, like [1]. If the sources do not contain the answer, say "
      "that you do not know. Do not use outside knowledge.";
  std::string user = "Sources:\n";
  for (const RagSource& s : sources) {
    user += "[" + std::to_string(s.n) + "] " + s.text + "\n\n";
  }
  user += "Question: " + question + "\nAnswer with citations:";
  return {system, user};
}

ExtractiveAnswer BuildExtractiveAnswer(const std::string& question,
                                       const std::vector<RagSource>& sources,
                                       size_t max_sentences) {
  std::set<std::string> query = ContentWords(question);
  struct Candidate {
    size_t overlap;
    size_t rank;
    size_t order;
    std::string sentence;
    int32_t n;
  };
  std::vector<Candidate> candidates;
  size_t order = 0;
  std::set<std::string> seen;  // the same sentence in several chunks is quoted once
  for (size_t rank = 0; rank < sources.size(); ++rank) {
    for (std::string& sentence : Sentences(sources[rank].text)) {
      if (!seen.insert(sentence).second) continue;
      std::set<std::string> words = ContentWords(sentence);
      size_t overlap = 0;
      for (const std::string& w : words) overlap += query.count(w);
      if (overlap > 0)
        candidates.push_back({overlap, rank, order++, std::move(sentence), sources[rank].n});
    }
  }
  ExtractiveAnswer out;
  if (candidates.empty()) {
    out.answer = kNoRelevantContext;
    return out;
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.overlap != b.overlap) return a.overlap > b.overlap;
                     return a.rank < b.rank;
                   });
  candidates.resize(std::min(candidates.size(), max_sentences));
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     return a.rank != b.rank ? a.rank < b.rank : a.order < b.order;
                   });
  for (const Candidate& c : candidates) {
    if (!out.answer.empty()) out.answer += " ";
    out.answer += c.sentence + " [" + std::to_string(c.n) + "]";
    if (std::find(out.cited.begin(), out.cited.end(), c.n) == out.cited.end())
      out.cited.push_back(c.n);
  }
  return out;
}

std::vector<int32_t> CitedSources(const std::string& answer, size_t source_count) {
  std::vector<int32_t> out;
  for (size_t i = 0; i < answer.size(); ++i) {
    if (answer[i] != '[') continue;
    size_t j = i + 1;
    int32_t n = 0;
    while (j < answer.size() && std::isdigit(static_cast<unsigned char>(answer[j])) && n < 100000) {
      n = n * 10 + (answer[j++] - '0');
    }
    if (j < answer.size() && answer[j] == ']' && j > i + 1 && n >= 1 &&
        static_cast<size_t>(n) <= source_count &&
        std::find(out.begin(), out.end(), n) == out.end()) {
      out.push_back(n);
    }
  }
  return out;
}

std::string_view RagAnswerModeName(RagAnswerMode mode) {
  return mode == RagAnswerMode::kGenerated ? "generated" : "extractive";
}

Json RagAnswer::ToJson() const {
  Json citation_list = Json::array();
  for (const RagSource& s : citations) {
    citation_list.push_back(Json{{"n", s.n},
                                 {"doc_id", s.doc_id},
                                 {"chunk_idx", s.chunk_idx},
                                 {"score", s.score},
                                 {"text", s.text}});
  }
  return Json{{"index", index},
              {"index_version", index_version},
              {"dataset_version", dataset_version},
              {"stale", stale()},
              {"search_mode", SearchModeName(search_mode)},
              {"reranked_by", reranked_by.empty() ? Json() : Json(reranked_by)},
              {"answer", answer},
              {"citations", std::move(citation_list)},
              {"mode", RagAnswerModeName(mode)},
              {"model", model ? Json(*model) : Json()},
              {"relevant_context", relevant_context}};
}

}  // namespace lakehouse
