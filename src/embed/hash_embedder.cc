#include "embed/hash_embedder.h"

#include <algorithm>
#include <cmath>

#include "embed/feature_hash.h"
#include "embed/normalize_embedding.h"
#include "embed/utf8.h"

namespace lakehouse {
namespace {

// Feature kinds live in the two low bits of a feature hash, so one sorted array of uint64 holds
// every feature and its kind.
enum FeatureKind : uint64_t { kUnigram = 0, kBigram = 1, kTrigram = 2 };
constexpr float kKindWeight[4] = {1.0f, 0.5f, 0.25f, 0.0f};
constexpr uint64_t kUnigramSeed = 0x5b1f0a3c2d4e6f71ULL;
constexpr uint64_t kTrigramSeed = 0x3c6ef372fe94f82bULL;

enum class CharClass { kSeparator, kWordChar, kStandalone };

// Simple case folding for the scripts named in the header; everything else is returned as is.
char32_t ToLower(char32_t cp) {
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) return cp | 1;
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return (cp & 1) ? cp + 1 : cp;
  if (cp == 0x178) return 0xFF;
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

CharClass Classify(char32_t cp) {
  if (cp >= 0xA0 && cp <= 0xBF) return CharClass::kSeparator;  // Latin-1 punctuation, symbols
  if (cp == 0xD7 || cp == 0xF7) return CharClass::kSeparator;
  if (cp >= 0x2000 && cp <= 0x2BFF) return CharClass::kSeparator;  // punctuation, arrows, math
  if (cp >= 0x3000 && cp <= 0x303F) return CharClass::kSeparator;  // CJK punctuation
  if (cp >= 0xFE30 && cp <= 0xFE4F) return CharClass::kSeparator;
  if ((cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
      (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65)) {
    return CharClass::kSeparator;
  }
  if (cp == kReplacementCharacter || IsUnicodeWhitespace(cp)) return CharClass::kSeparator;
  if ((cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3040 && cp <= 0x31FF) ||
      (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
      (cp >= 0x20000 && cp <= 0x2FFFF)) {
    return CharClass::kStandalone;
  }
  return CharClass::kWordChar;
}

// Per-thread buffers, reused across calls so steady-state embedding does not allocate.
struct Scratch {
  std::string token;                   // "<" + normalised word; ">" is appended on flush
  std::vector<uint32_t> token_starts;  // byte offset of each code point of `token`
  std::vector<uint64_t> features;
};

class FeatureExtractor {
 public:
  explicit FeatureExtractor(Scratch* scratch) : s_(*scratch) {
    s_.features.clear();
    ResetToken();
  }

  void Run(std::string_view text) {
    for (size_t pos = 0; pos < text.size();) {
      const unsigned char b = static_cast<unsigned char>(text[pos]);
      if (b < 0x80) {  // ASCII fast path
        ++pos;
        if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
          AppendAscii(static_cast<char>(b));
        } else if (b >= 'A' && b <= 'Z') {
          AppendAscii(static_cast<char>(b + ('a' - 'A')));
        } else {
          FlushToken();
        }
        continue;
      }
      const DecodedCodePoint d = DecodeUtf8(text, pos);
      pos += static_cast<size_t>(d.length);
      const CharClass cls = d.valid ? Classify(d.code_point) : CharClass::kSeparator;
      if (cls == CharClass::kSeparator) {
        FlushToken();
      } else if (cls == CharClass::kStandalone) {
        FlushToken();
        AppendCodePoint(d.code_point);
        FlushToken();
      } else {
        AppendCodePoint(ToLower(d.code_point));
      }
    }
    FlushToken();
  }

 private:
  void ResetToken() {
    s_.token.assign(1, '<');
    s_.token_starts.assign(1, 0);
  }
  void AppendAscii(char c) {
    s_.token_starts.push_back(static_cast<uint32_t>(s_.token.size()));
    s_.token.push_back(c);
  }
  void AppendCodePoint(char32_t cp) {
    s_.token_starts.push_back(static_cast<uint32_t>(s_.token.size()));
    AppendUtf8(cp, &s_.token);
  }
  void Add(uint64_t hash, FeatureKind kind) { s_.features.push_back((hash & ~3ULL) | kind); }

  void FlushToken() {
    const size_t code_points = s_.token_starts.size() - 1;  // without the leading '<'
    if (code_points == 0) return;
    const std::string_view word = std::string_view(s_.token).substr(1);
    const uint64_t h = FeatureHash(word, kUnigramSeed);
    Add(h, kUnigram);
    if (has_previous_) Add(CombineFeatureHashes(previous_, h), kBigram);
    previous_ = h;
    has_previous_ = true;
    if (code_points >= 3) {
      s_.token_starts.push_back(static_cast<uint32_t>(s_.token.size()));
      s_.token.push_back('>');
      s_.token_starts.push_back(static_cast<uint32_t>(s_.token.size()));  // end sentinel
      const std::string_view padded(s_.token);
      const size_t windows = s_.token_starts.size() - 3;  // (code_points + 2) - 3 + 1
      for (size_t j = 0; j < windows; ++j) {
        const uint32_t b = s_.token_starts[j];
        Add(FeatureHash(padded.substr(b, s_.token_starts[j + 3] - b), kTrigramSeed), kTrigram);
      }
    }
    ResetToken();
  }

  Scratch& s_;
  uint64_t previous_ = 0;
  bool has_previous_ = false;
};

}  // namespace

Result<std::unique_ptr<HashEmbedder>> HashEmbedder::Create(const HashEmbedderOptions& options) {
  if (options.dimensions < 8 || options.dimensions > 65536) {
    return InvalidArgument("hash embedder dimensions must be in [8, 65536], got ",
                           std::to_string(options.dimensions));
  }
  return std::unique_ptr<HashEmbedder>(new HashEmbedder(options.dimensions));
}

void HashEmbedder::EmbedInto(std::string_view text, std::span<float> out) const {
  thread_local Scratch scratch;
  std::fill(out.begin(), out.end(), 0.0f);
  FeatureExtractor(&scratch).Run(text);
  std::vector<uint64_t>& features = scratch.features;
  std::sort(features.begin(), features.end());

  const uint64_t dims = static_cast<uint64_t>(dimensions_);
  for (size_t i = 0; i < features.size();) {
    const uint64_t h = features[i];
    size_t j = i + 1;
    while (j < features.size() && features[j] == h) ++j;
    const size_t tf = j - i;
    float value = kKindWeight[h & 3];
    if (tf > 1) value *= 1.0f + std::log(static_cast<float>(tf));
    if (h & 4) value = -value;
    out[((h >> 32) * dims) >> 32] += value;
    i = j;
  }

  NormalizeEmbedding(out);
}

Result<std::vector<std::vector<float>>> HashEmbedder::Embed(const std::vector<std::string>& texts) {
  std::vector<std::vector<float>> vectors(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    vectors[i].resize(static_cast<size_t>(dimensions_));
    EmbedInto(texts[i], vectors[i]);
  }
  return vectors;
}

}  // namespace lakehouse
