// IndexDefinition: what a vector index is built from and how — the registry's record of an index
// as the user defined it (POST /vectors/index, POST /vectors/refresh/{dataset}, PATCH).
//
// JSON field names (requests, registry entries and responses alike): index_name, dataset,
// dataset_id (set by the server), id_column, text_column | vector_column, template, chunk_size,
// overlap, model, dimensions, metric, hnsw {m, ef_construction, ef_search}, target_recall,
// refresh_policy {mode, cron, debounce_ms}.
//
// Thread-safety: plain value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"
#include "common/result.h"

namespace lakehouse {

enum class RefreshMode { kManual, kOnAppend, kScheduled };
std::string_view RefreshModeName(RefreshMode mode);  // "manual" | "on_append" | "scheduled"
Result<RefreshMode> ParseRefreshMode(std::string_view name);

struct RefreshPolicy {
  RefreshMode mode = RefreshMode::kManual;
  std::string cron;            // scheduled: 5-field cron expression (UTC)
  int64_t debounce_ms = 2000;  // on_append: wait for writes to settle
  friend bool operator==(const RefreshPolicy&, const RefreshPolicy&) = default;
};

struct IndexDefinition {
  std::string name;
  std::string dataset;
  // The catalog id of the dataset the index was built over. The index is bound to it, not to the
  // name: a dataset deleted and re-created under the same name is a different dataset, and the
  // index never serves it. Empty only in registry rows written before the binding existed.
  std::string dataset_id;
  std::string id_column;
  std::string text_column;    // chunked and embedded, or …
  std::string vector_column;  // … bring your own vectors (FLOAT[] / FLOAT[d]); no embedder runs
  std::string context_template;  // e.g. "{title}\n{chunk}"; empty = the chunk alone
  int32_t chunk_size = 1000;     // characters (code points)
  int32_t overlap = 100;
  std::string model;       // embedder model id; "external" for vector_column indexes
  int32_t dimensions = 0;  // 0 until discovered from the model or the data
  // HNSW parameters. Defaults from the sweep in docs/PERFORMANCE.md (m = 16, ef_construction =
  // 200 reached recall@10 ≥ 0.95 at ef_search 64-128 on 100K × 384).
  int32_t m = 16;
  int32_t ef_construction = 200;
  int32_t ef_search = 128;
  // The recall@10 (against exact search) the index keeps: after a build, or a refresh that
  // changed more than a few percent of it, the recall tuner picks the smallest ef_search that
  // reaches it, or exact search (recall_tuner.h). (0, 1]; 1 means exact answers.
  double target_recall = 0.95;
  RefreshPolicy policy;

  bool byo_vectors() const { return !vector_column.empty(); }
  // True when `other` embeds the same texts the same way (same source columns, chunking,
  // template, model): switching between them needs no re-embedding.
  bool SameEmbedding(const IndexDefinition& other) const;
  Json ToJson() const;
  friend bool operator==(const IndexDefinition&, const IndexDefinition&) = default;
};

// builtin/use-lite-v1 reads only the first 128 tokens of a text: about 550 characters of English
// (4.3 characters per token on the State of the Union corpus; 400-character chunks there have a
// median of 94 tokens and a 99th percentile of 118). Its indexes therefore default to 400-character
// chunks overlapping by 40, and an index whose chunks may be longer says so in its JSON
// ("model_token_window", "truncation").
inline constexpr std::string_view kUseLiteModelId = "builtin/use-lite-v1";
inline constexpr int32_t kUseLiteTokenWindow = 128;
inline constexpr int32_t kUseLiteWindowChars = 550;
inline constexpr int32_t kUseLiteChunkSize = 400;
inline constexpr int32_t kUseLiteOverlap = 40;

// The fields of an index request — POST /vectors/index, POST /vectors/refresh/{dataset}, PATCH
// /vectors/indexes/{name} — each set exactly when the body gives it (a JSON null counts as not
// given). Parsed at the HTTP edge; the service applies it over defaults or the current definition.
struct IndexFields {
  std::optional<std::string> name;
  std::optional<std::string> dataset;
  std::optional<std::string> dataset_id;
  std::optional<std::string> id_column;
  std::optional<std::string> text_column;
  std::optional<std::string> vector_column;
  std::optional<std::string> context_template;
  std::optional<std::string> model;
  std::optional<int32_t> chunk_size;
  std::optional<int32_t> overlap;
  std::optional<int32_t> dimensions;
  std::optional<int32_t> m;
  std::optional<int32_t> ef_construction;
  std::optional<int32_t> ef_search;
  std::optional<double> target_recall;
  std::optional<RefreshMode> refresh_mode;
  std::optional<std::string> refresh_cron;
  std::optional<int64_t> refresh_debounce_ms;
};

// Reads the fields of an index request body. INVALID_ARGUMENT naming the field for wrong types or
// values out of their field's range (chunk_size and overlap 0..1000000, dimensions 0..65536, m
// 2..100, ef_* 1..10000, 0 < target_recall ≤ 1, debounce_ms 0..3600000, metric other than
// "cosine", unknown hnsw members or refresh modes).
Result<IndexFields> ParseIndexFields(const Json& json);

// `base` with every given field of `fields` applied, then validated as a whole (chunk_size
// 16..100000, 0 ≤ overlap < chunk_size, exactly one of text_column / vector_column, a cron for a
// scheduled policy, a valid name). A vector_column index's model is "external".
Result<IndexDefinition> ApplyIndexFields(const IndexFields& fields, const IndexDefinition& base);

// For a new index whose request sets no chunk_size: the model's default chunking
// (builtin/use-lite-v1: kUseLiteChunkSize / kUseLiteOverlap; other models keep 1000 / 100).
void ApplyModelChunkDefaults(const IndexFields& request, IndexDefinition* def);

// NOT_FOUND unless `dataset_id` — the id of the live dataset now called def.dataset — is the
// dataset the index was built over (a dataset deleted and re-created under its name is not).
Status CheckBoundDataset(const IndexDefinition& def, std::string_view dataset_id);

// Validates an index name: 1-64 characters of [A-Za-z0-9_-], starting with a letter or digit.
Status ValidateIndexName(std::string_view name);

// A definition from JSON (a stored registry entry): ParseIndexFields then ApplyIndexFields over
// `defaults`.
Result<IndexDefinition> ParseIndexDefinition(const Json& json, const IndexDefinition& defaults);

// Applies a PATCH (any of: template, chunk_size, overlap, model, text_column, hnsw,
// target_recall, refresh_policy) to `current`. index_name, dataset, dataset_id, id_column,
// vector_column and dimensions cannot change (INVALID_ARGUMENT).
Result<IndexDefinition> ApplyIndexPatch(const IndexDefinition& current, const IndexFields& patch);

}  // namespace lakehouse
