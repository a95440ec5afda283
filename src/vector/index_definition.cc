#include "vector/index_definition.h"

namespace lakehouse {
namespace {

constexpr std::string_view kModeNames[] = {"manual", "on_append", "scheduled"};

Result<std::optional<int32_t>> IntField(const Json& json, std::string_view field, int64_t min,
                                        int64_t max, std::string_view label = {}) {
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> value, OptionalInt(json, field));
  if (!value) return std::optional<int32_t>();
  if (*value < min || *value > max) {
    return InvalidArgument("field '", label.empty() ? field : label, "' must be in [", min, ", ",
                           max, "], got ", *value);
  }
  return std::optional<int32_t>(static_cast<int32_t>(*value));
}

Status ParseHnsw(const Json& json, IndexFields* fields) {
  if (!json.contains("hnsw") || json["hnsw"].is_null()) return Status::Ok();
  const Json& hnsw = json["hnsw"];
  if (!hnsw.is_object()) return InvalidArgument("field 'hnsw' must be an object");
  for (const auto& [key, value] : hnsw.items()) {
    if (key != "m" && key != "ef_construction" && key != "ef_search") {
      return InvalidArgument("unknown field 'hnsw.", key,
                             "' (expected m, ef_construction, ef_search)");
    }
  }
  LH_ASSIGN_OR_RETURN(fields->m, IntField(hnsw, "m", 2, 100));
  LH_ASSIGN_OR_RETURN(fields->ef_construction, IntField(hnsw, "ef_construction", 1, 10'000));
  LH_ASSIGN_OR_RETURN(fields->ef_search, IntField(hnsw, "ef_search", 1, 10'000));
  return Status::Ok();
}

Status ParseTargetRecall(const Json& json, IndexFields* fields) {
  if (!json.contains("target_recall") || json["target_recall"].is_null()) return Status::Ok();
  const Json& value = json["target_recall"];
  if (!value.is_number()) return InvalidArgument("field 'target_recall' must be a number");
  const double target = value.get<double>();
  if (!(target > 0 && target <= 1)) {
    return InvalidArgument("field 'target_recall' must be in (0, 1], got ", DumpJson(value));
  }
  fields->target_recall = target;
  return Status::Ok();
}

Status ParsePolicy(const Json& json, IndexFields* fields) {
  if (!json.contains("refresh_policy") || json["refresh_policy"].is_null()) return Status::Ok();
  const Json& policy = json["refresh_policy"];
  if (policy.is_string()) {
    LH_ASSIGN_OR_RETURN(fields->refresh_mode, ParseRefreshMode(policy.get<std::string>()));
    return Status::Ok();
  }
  if (!policy.is_object()) {
    return InvalidArgument("field 'refresh_policy' must be a string or an object");
  }
  LH_ASSIGN_OR_RETURN(std::optional<std::string> mode, OptionalString(policy, "mode"));
  if (mode) {
    LH_ASSIGN_OR_RETURN(fields->refresh_mode, ParseRefreshMode(*mode));
  }
  LH_ASSIGN_OR_RETURN(fields->refresh_cron, OptionalString(policy, "cron"));
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> debounce, OptionalInt(policy, "debounce_ms"));
  if (debounce) {
    if (*debounce < 0 || *debounce > 3'600'000) {
      return InvalidArgument("field 'refresh_policy.debounce_ms' must be in [0, 3600000]");
    }
    fields->refresh_debounce_ms = *debounce;
  }
  return Status::Ok();
}

template <typename T>
void Take(const std::optional<T>& given, T* into) {
  if (given) *into = *given;
}

Status Validate(const IndexDefinition& def) {
  LH_RETURN_IF_ERROR(ValidateIndexName(def.name));
  if (def.dataset.empty()) return InvalidArgument("field 'dataset' is required");
  if (def.id_column.empty()) return InvalidArgument("field 'id_column' is required");
  if (def.text_column.empty() == def.vector_column.empty()) {
    return InvalidArgument("give exactly one of 'text_column' and 'vector_column'");
  }
  if (def.chunk_size < 16 || def.chunk_size > 100'000) {
    return InvalidArgument("field 'chunk_size' must be in [16, 100000]");
  }
  if (def.overlap < 0 || def.overlap >= def.chunk_size) {
    return InvalidArgument("field 'overlap' must be ≥ 0 and smaller than chunk_size");
  }
  if (def.byo_vectors() && !def.context_template.empty()) {
    return InvalidArgument("a 'template' needs a text_column, not a vector_column");
  }
  if (def.policy.mode == RefreshMode::kScheduled && def.policy.cron.empty()) {
    return InvalidArgument("refresh_policy 'scheduled' needs a 'cron' expression");
  }
  return Status::Ok();
}

}  // namespace

std::string_view RefreshModeName(RefreshMode mode) { return kModeNames[static_cast<int>(mode)]; }

Result<RefreshMode> ParseRefreshMode(std::string_view name) {
  for (int i = 0; i < 3; ++i) {
    if (kModeNames[i] == name) return static_cast<RefreshMode>(i);
  }
  return InvalidArgument("unknown refresh policy '", std::string(name),
                         "' (expected manual, on_append or scheduled)");
}

Status ValidateIndexName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 64 && std::isalnum(static_cast<unsigned char>(name[0]));
  for (char c : name) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-');
  }
  if (!ok) {
    return InvalidArgument("index name '", std::string(name),
                           "' must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-', starting "
                           "with a letter or digit");
  }
  return Status::Ok();
}

Status CheckBoundDataset(const IndexDefinition& def, std::string_view dataset_id) {
  if (def.dataset_id.empty() || def.dataset_id == dataset_id) return Status::Ok();
  return NotFound("the dataset '", def.dataset, "' that index '", def.name,
                  "' was built over was deleted; the dataset now named '", def.dataset,
                  "' is a different one (delete the index and create a new one over it)");
}

bool IndexDefinition::SameEmbedding(const IndexDefinition& other) const {
  return text_column == other.text_column && vector_column == other.vector_column &&
         context_template == other.context_template && chunk_size == other.chunk_size &&
         overlap == other.overlap && model == other.model && id_column == other.id_column;
}

Json IndexDefinition::ToJson() const {
  Json out = {{"index_name", name},
              {"dataset", dataset},
              {"dataset_id", dataset_id.empty() ? Json(nullptr) : Json(dataset_id)},
              {"id_column", id_column},
              {"text_column", text_column.empty() ? Json(nullptr) : Json(text_column)},
              {"vector_column", vector_column.empty() ? Json(nullptr) : Json(vector_column)},
              {"template", context_template.empty() ? Json(nullptr) : Json(context_template)},
              {"chunk_size", chunk_size},
              {"overlap", overlap},
              {"model", model},
              {"dimensions", dimensions},
              {"metric", "cosine"},
              {"hnsw", {{"m", m}, {"ef_construction", ef_construction}, {"ef_search", ef_search}}},
              {"target_recall", target_recall}};
  Json policy_json = {{"mode", RefreshModeName(policy.mode)}, {"debounce_ms", policy.debounce_ms}};
  policy_json["cron"] = policy.cron.empty() ? Json(nullptr) : Json(policy.cron);
  out["refresh_policy"] = std::move(policy_json);
  if (model == kUseLiteModelId) {
    out["model_token_window"] = kUseLiteTokenWindow;
    if (chunk_size > kUseLiteChunkSize) {
      out["truncation"] =
          "builtin/use-lite-v1 embeds the first 128 tokens (about 550 characters of English) of "
          "each chunk and ignores the rest; with a chunk_size above 400 (template text included) "
          "some chunks of this index are longer than that";
    }
  }
  return out;
}

void ApplyModelChunkDefaults(const IndexFields& request, IndexDefinition* def) {
  if (def->model != kUseLiteModelId || request.chunk_size) return;
  const int32_t overlap = request.overlap ? def->overlap : kUseLiteOverlap;
  if (overlap >= kUseLiteChunkSize) return;  // an explicit overlap that needs the larger default
  def->chunk_size = kUseLiteChunkSize;
  def->overlap = overlap;
}

Result<IndexFields> ParseIndexFields(const Json& json) {
  if (!json.is_object()) return InvalidArgument("request body must be a JSON object");
  IndexFields f;
  LH_ASSIGN_OR_RETURN(f.name, OptionalString(json, "index_name"));
  LH_ASSIGN_OR_RETURN(f.dataset, OptionalString(json, "dataset"));
  LH_ASSIGN_OR_RETURN(f.dataset_id, OptionalString(json, "dataset_id"));
  LH_ASSIGN_OR_RETURN(f.id_column, OptionalString(json, "id_column"));
  LH_ASSIGN_OR_RETURN(f.text_column, OptionalString(json, "text_column"));
  LH_ASSIGN_OR_RETURN(f.vector_column, OptionalString(json, "vector_column"));
  LH_ASSIGN_OR_RETURN(f.context_template, OptionalString(json, "template"));
  LH_ASSIGN_OR_RETURN(f.chunk_size, IntField(json, "chunk_size", 1, 1'000'000));
  LH_ASSIGN_OR_RETURN(f.overlap, IntField(json, "overlap", 0, 1'000'000));
  LH_ASSIGN_OR_RETURN(f.model, OptionalString(json, "model"));
  LH_ASSIGN_OR_RETURN(f.dimensions, IntField(json, "dimensions", 0, 65'536));
  LH_ASSIGN_OR_RETURN(std::optional<std::string> metric, OptionalString(json, "metric"));
  if (metric && *metric != "cosine") {
    return InvalidArgument("field 'metric': only 'cosine' is supported");
  }
  LH_RETURN_IF_ERROR(ParseHnsw(json, &f));
  LH_RETURN_IF_ERROR(ParseTargetRecall(json, &f));
  LH_RETURN_IF_ERROR(ParsePolicy(json, &f));
  return f;
}

Result<IndexDefinition> ApplyIndexFields(const IndexFields& f, const IndexDefinition& base) {
  IndexDefinition def = base;
  Take(f.name, &def.name);
  Take(f.dataset, &def.dataset);
  Take(f.dataset_id, &def.dataset_id);
  Take(f.id_column, &def.id_column);
  Take(f.text_column, &def.text_column);
  Take(f.vector_column, &def.vector_column);
  Take(f.context_template, &def.context_template);
  Take(f.chunk_size, &def.chunk_size);
  Take(f.overlap, &def.overlap);
  Take(f.model, &def.model);
  Take(f.dimensions, &def.dimensions);
  Take(f.m, &def.m);
  Take(f.ef_construction, &def.ef_construction);
  Take(f.ef_search, &def.ef_search);
  Take(f.target_recall, &def.target_recall);
  Take(f.refresh_mode, &def.policy.mode);
  Take(f.refresh_cron, &def.policy.cron);
  Take(f.refresh_debounce_ms, &def.policy.debounce_ms);
  if (def.byo_vectors()) def.model = "external";
  LH_RETURN_IF_ERROR(Validate(def));
  return def;
}

Result<IndexDefinition> ParseIndexDefinition(const Json& json, const IndexDefinition& defaults) {
  if (!json.is_object()) return InvalidArgument("index definition must be a JSON object");
  LH_ASSIGN_OR_RETURN(IndexFields fields, ParseIndexFields(json));
  return ApplyIndexFields(fields, defaults);
}

Result<IndexDefinition> ApplyIndexPatch(const IndexDefinition& current, const IndexFields& patch) {
  const std::pair<std::string_view, bool> fixed[] = {
      {"index_name", patch.name.has_value()},
      {"dataset", patch.dataset.has_value()},
      {"dataset_id", patch.dataset_id.has_value()},
      {"id_column", patch.id_column.has_value()},
      {"vector_column", patch.vector_column.has_value()},
      {"dimensions", patch.dimensions.has_value()}};
  for (const auto& [field, given] : fixed) {
    if (given) {
      return InvalidArgument("field '", field, "' cannot be changed; create a new index instead");
    }
  }
  IndexDefinition base = current;
  if (patch.model && !current.byo_vectors()) base.dimensions = 0;  // rediscovered
  LH_ASSIGN_OR_RETURN(IndexDefinition next, ApplyIndexFields(patch, base));
  if (!next.SameEmbedding(current)) next.dimensions = patch.model ? 0 : current.dimensions;
  return next;
}

}  // namespace lakehouse
