// Column-name similarity for rename detection. Names are split into lower-case parts on '_', '.',
// '-', spaces and camelCase boundaries ("customerName" → customer|name, "HTTPStatus" → http|status,
// "cust_name" → cust|name), and two names are compared part by part:
//   equal parts                                   1.0
//   one part a prefix of the other (≥ 3 letters)  0.8   cust ~ customer, num ~ number
//   one an abbreviation of the other: same first
//   letter, its letters in order (≥ 3 letters)    0.6   qty ~ quantity, amt ~ amount
// Parts are paired greedily, best first, each used once; the similarity is the Dice coefficient
// 2 × Σ scores / (parts(a) + parts(b)), in [0, 1].
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lakehouse {

std::vector<std::string> SplitNameParts(std::string_view name);

double NameSimilarity(std::string_view a, std::string_view b);

}  // namespace lakehouse
