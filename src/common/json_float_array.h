// TakeFloatArrayField: a fast path for request bodies that carry one large array of numbers, such
// as a 384-value query vector in POST /vectors/search. nlohmann's lexer spends ~50 µs on such an
// array (a string append per character and a strtod per number), more than the rest of a search
// request's parsing; this scanner reads the numbers with std::from_chars instead.
//
// When `json` is an object whose top-level member `key` is a non-empty array of JSON numbers, the
// numbers are returned (each parsed as a double, as nlohmann does, then narrowed to float) and the
// array in `json` is replaced by `null`; the member may instead be a string holding the vector as
// base64 little-endian float32 (common/base64.h), which is decoded and replaced the same way, so
// the rest of the document can still go through ParseJson at little cost. In every other case — a
// different shape, an empty array, a non-number element, a number outside double's range, a
// duplicate key, any member name with an escape sequence, malformed JSON — it returns nullopt and
// leaves `json` untouched: the caller parses the whole document as usual and gets the usual errors.
// It never accepts what ParseJson rejects (the numbers follow JSON's grammar; the rest of the
// document is still parsed by ParseJson). A string with an escape sequence, empty, or not canonical
// base64 of whole floats is declined too.
//
// Thread-safety: a pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lakehouse {

std::optional<std::vector<float>> TakeFloatArrayField(std::string& json, std::string_view key);

// The same for a member holding a non-empty array of vectors, each a non-empty array of numbers
// or a base64 string (the query vectors of POST /vectors/search/batch); the rows may differ in
// length (the caller checks).
std::optional<std::vector<std::vector<float>>> TakeFloatArraysField(std::string& json,
                                                                    std::string_view key);

}  // namespace lakehouse
