#include "catalog/name_parts.h"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace lakehouse {
namespace {

constexpr size_t kMinAbbreviation = 3;

bool IsUpper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool IsLower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// `shorter`'s letters appear in order in `longer`, starting with the same letter.
bool IsAbbreviation(const std::string& shorter, const std::string& longer) {
  if (shorter.empty() || shorter[0] != longer[0]) return false;
  size_t next = 0;
  for (char c : longer) {
    if (next < shorter.size() && shorter[next] == c) ++next;
  }
  return next == shorter.size();
}

double PartScore(const std::string& a, const std::string& b) {
  if (a == b) return 1.0;
  const std::string& shorter = a.size() < b.size() ? a : b;
  const std::string& longer = a.size() < b.size() ? b : a;
  if (shorter.size() < kMinAbbreviation) return 0.0;
  if (longer.compare(0, shorter.size(), shorter) == 0) return 0.8;
  if (IsAbbreviation(shorter, longer)) return 0.6;
  return 0.0;
}

}  // namespace

std::vector<std::string> SplitNameParts(std::string_view name) {
  std::vector<std::string> parts;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) parts.push_back(std::move(current));
    current.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '_' || c == '.' || c == '-' || c == ' ') {
      flush();
      continue;
    }
    if (!current.empty()) {
      const char prev = name[i - 1];
      const bool next_lower = i + 1 < name.size() && IsLower(name[i + 1]);
      // aB → a|B;  ABc → A|Bc (end of an acronym);  a1 / 1a stay together
      if (IsUpper(c) && (IsLower(prev) || IsDigit(prev) || (IsUpper(prev) && next_lower))) flush();
    }
    current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  flush();
  return parts;
}

double NameSimilarity(std::string_view a, std::string_view b) {
  const std::vector<std::string> x = SplitNameParts(a);
  const std::vector<std::string> y = SplitNameParts(b);
  if (x.empty() || y.empty()) return 0.0;
  std::vector<std::tuple<double, size_t, size_t>> pairs;
  for (size_t i = 0; i < x.size(); ++i) {
    for (size_t j = 0; j < y.size(); ++j) {
      if (double score = PartScore(x[i], y[j]); score > 0) pairs.emplace_back(score, i, j);
    }
  }
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto& l, const auto& r) { return std::get<0>(l) > std::get<0>(r); });
  std::vector<bool> used_x(x.size());
  std::vector<bool> used_y(y.size());
  double total = 0;
  for (const auto& [score, i, j] : pairs) {
    if (used_x[i] || used_y[j]) continue;
    used_x[i] = used_y[j] = true;
    total += score;
  }
  return 2.0 * total / static_cast<double>(x.size() + y.size());
}

}  // namespace lakehouse
