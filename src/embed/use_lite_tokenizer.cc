#include "embed/use_lite_tokenizer.h"

#include <utf8proc.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/json.h"
#include "embed/utf8.h"

namespace lakehouse {
namespace {

constexpr char32_t kWordPrefix = 0x2581;  // ▁

std::vector<char32_t> CodePoints(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const DecodedCodePoint d = DecodeUtf8(text, pos);
    out.push_back(d.code_point);
    pos += static_cast<size_t>(d.length);
  }
  return out;
}

int32_t Utf16Length(std::string_view text) {
  int32_t length = 0;
  for (char32_t cp : CodePoints(text)) length += cp > 0xFFFF ? 2 : 1;
  return length;
}

}  // namespace

std::string NormalizeNfkc(std::string_view text) {
  const std::string valid = SanitizeUtf8(text);
  utf8proc_uint8_t* normalized = nullptr;
  const utf8proc_ssize_t length = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(valid.data()),
      static_cast<utf8proc_ssize_t>(valid.size()), &normalized,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  if (length < 0 || normalized == nullptr) return valid;  // cannot happen for valid UTF-8
  std::string out(reinterpret_cast<const char*>(normalized), static_cast<size_t>(length));
  std::free(normalized);
  return out;
}

Result<std::unique_ptr<UseLiteTokenizer>> UseLiteTokenizer::FromVocabFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open the vocabulary '", path, "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  Json json = Json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
  if (!json.is_array() || json.size() <= static_cast<size_t>(kReservedIds)) {
    return DataLoss("the vocabulary '", path, "' is not an array of [piece, score] pairs");
  }
  std::vector<VocabPiece> pieces;
  pieces.reserve(json.size());
  for (const Json& entry : json) {
    if (!entry.is_array() || entry.size() != 2 || !entry[0].is_string() ||
        !(entry[1].is_number() || entry[1].is_null())) {
      return DataLoss("the vocabulary '", path, "' has an entry that is not [piece, score]");
    }
    // Seven pieces with ':' have a null score; the reference adds it as 0 (null + x == x in JS).
    pieces.push_back(
        {entry[0].get<std::string>(), entry[1].is_null() ? 0.0 : entry[1].get<double>()});
  }
  return std::make_unique<UseLiteTokenizer>(std::move(pieces));
}

UseLiteTokenizer::UseLiteTokenizer(std::vector<VocabPiece> vocabulary)
    : vocabulary_(std::move(vocabulary)) {
  nodes_.emplace_back();
  utf16_lengths_.reserve(vocabulary_.size());
  for (const VocabPiece& piece : vocabulary_) utf16_lengths_.push_back(Utf16Length(piece.text));
  for (size_t id = kReservedIds; id < vocabulary_.size(); ++id) {
    const std::vector<char32_t> symbols = CodePoints(vocabulary_[id].text);
    if (symbols.empty()) continue;
    int32_t node = 0;
    for (char32_t cp : symbols) {
      const uint64_t key = (static_cast<uint64_t>(node) << 21) | cp;
      auto [it, inserted] = children_.try_emplace(key, static_cast<int32_t>(nodes_.size()));
      if (inserted) nodes_.emplace_back();
      node = it->second;
    }
    // A later duplicate overwrites an earlier one, as in the reference's trie.
    nodes_[node] = {true, static_cast<int32_t>(id), static_cast<int32_t>(symbols.size()),
                    vocabulary_[id].score};
  }
}

int32_t UseLiteTokenizer::Child(int32_t node, char32_t code_point) const {
  auto it = children_.find((static_cast<uint64_t>(node) << 21) | code_point);
  return it == children_.end() ? -1 : it->second;
}

std::vector<int32_t> UseLiteTokenizer::Encode(std::string_view text) const {
  std::vector<char32_t> symbols = CodePoints(NormalizeNfkc(text));
  if (symbols.empty()) return {};
  for (char32_t& cp : symbols) {
    if (cp == U' ') cp = kWordPrefix;
  }
  symbols.insert(symbols.begin(), kWordPrefix);
  const size_t n = symbols.size();

  // best[end] == 0 means "not reached yet" in the reference, so a path scoring exactly 0 can be
  // replaced by any later candidate; kept as is to produce the same tokens.
  std::vector<double> best(n + 1, 0.0);
  std::vector<int32_t> words(n + 1, 0);
  // The reference visits edges by end position, then by start position ascending. Starts are
  // processed in ascending order here, and every edge into `end` comes from a start < end that
  // was already finalised, so relaxing edges in start order gives the same comparisons.
  for (size_t start = 0; start < n; ++start) {
    bool matched = false;
    int32_t node = 0;
    for (size_t pos = start; pos < n; ++pos) {
      node = Child(node, symbols[pos]);
      if (node < 0) break;
      const TrieNode& t = nodes_[node];
      if (!t.end) continue;
      matched = true;
      const size_t end = start + static_cast<size_t>(t.length);
      const double score = t.score + best[start];
      if (best[end] == 0 || score >= best[end]) {
        best[end] = score;
        words[end] = t.id;
      }
    }
    if (!matched) {
      const size_t end = start + 1;
      const double score = 0 + best[start];
      if (best[end] == 0 || score >= best[end]) {
        best[end] = score;
        words[end] = 0;
      }
    }
  }

  std::vector<int32_t> reversed;
  for (int64_t iter = static_cast<int64_t>(n); iter > 0;) {
    const int32_t id = words[static_cast<size_t>(iter)];
    reversed.push_back(id);
    iter -= utf16_lengths_[static_cast<size_t>(id)];
  }
  std::vector<int32_t> tokens;
  tokens.reserve(reversed.size());
  bool previous_unknown = false;
  for (int32_t id : reversed) {
    if (!(previous_unknown && id == 0)) tokens.push_back(id);
    previous_unknown = id == 0;
  }
  return {tokens.rbegin(), tokens.rend()};
}

}  // namespace lakehouse
