// The request bodies of the vector routes, parsed into the vector service's typed requests
// (vector/vector_service.h) at the HTTP edge: POST /vectors/search, /vectors/search/batch,
// /vectors/rag and the eval bodies of /vectors/indexes/{name}/evals, …/trials, …/autotune.
//
// Each returns INVALID_ARGUMENT (HTTP 400 with the JSON error shape) naming the field for a body
// that is not an object, an unknown field (a misspelt option never silently does nothing), a
// missing required field, a field of the wrong type or out of range. What only the index can tell
// (dimensions, an empty query text, a filter's SQL) is checked by the service. The caller sets
// what does not come from the body: the policy scope, and for evals the index name.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "vector/vector_service.h"

namespace lakehouse {

// {"index", "query" | "vector", "k"?, "filter"?, "exact"?, "ef_search"?, "columns"?, "mode"?,
//  "hybrid"?, "rerank"?}. `taken_vector`: the "vector" already read from the raw body
// (TakeFloatArrayField), used instead of the body's.
Result<SearchRequest> ParseSearchRequest(
    const Json& body, std::optional<std::vector<float>> taken_vector = std::nullopt);

// As a search, with "queries" or "vectors" (`taken_vectors`: already read from the raw body).
Result<SearchBatchRequest> ParseSearchBatchRequest(
    const Json& body, std::optional<std::vector<std::vector<float>>> taken_vectors = std::nullopt);

// {"index", "question", "k"?, "model"?, "filter"?, "mode"?, "hybrid"?, "rerank"?}.
Result<RagRequest> ParseRagRequest(const Json& body);

// {"queries"?, "sample"?, "seed"?, "k"?, "ef_search"?}; the index is the caller's.
Result<IndexEvalRequest> ParseEvalRequest(const Json& body);

}  // namespace lakehouse
