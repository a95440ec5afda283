// IndexDefinition: parsing create requests and registry entries, validation with the field named,
// PATCH rules (what may change, when re-embedding is needed) and the JSON round trip.
#include "vector/index_definition.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

Json Base() {
  return {
      {"index_name", "docs"}, {"dataset", "notes"}, {"id_column", "id"}, {"text_column", "body"}};
}

Result<IndexDefinition> Parse(const Json& json) { return ParseIndexDefinition(json, {}); }

// A PATCH as the handler runs it: the body's fields, then the patch.
Result<IndexDefinition> Patch(const IndexDefinition& current, const Json& body) {
  LH_ASSIGN_OR_RETURN(IndexFields fields, ParseIndexFields(body));
  return ApplyIndexPatch(current, fields);
}

IndexFields Fields(const Json& body) { return ParseIndexFields(body).value(); }

// Issue #19: use-lite-v1 reads 128 tokens, so its indexes default to chunks that fit, and an index
// whose chunks can be longer says so.
TEST(IndexDefinitionTest, UseLiteChunksFitItsTokenWindow) {
  IndexDefinition defaults;
  defaults.model = std::string(kUseLiteModelId);
  auto def = ParseIndexDefinition(Base(), defaults);
  ASSERT_TRUE(def.ok());
  ApplyModelChunkDefaults(Fields(Base()), &*def);
  EXPECT_EQ(def->chunk_size, 400);
  EXPECT_EQ(def->overlap, 40);
  EXPECT_EQ(def->ToJson()["model_token_window"], 128);
  EXPECT_FALSE(def->ToJson().contains("truncation"));

  Json sized = Base();
  sized["chunk_size"] = 1000;
  auto explicit_size = ParseIndexDefinition(sized, defaults);
  ASSERT_TRUE(explicit_size.ok());
  ApplyModelChunkDefaults(Fields(sized), &*explicit_size);
  EXPECT_EQ(explicit_size->chunk_size, 1000);
  EXPECT_EQ(explicit_size->overlap, 100);
  ASSERT_TRUE(explicit_size->ToJson()["truncation"].is_string());
  EXPECT_NE(explicit_size->ToJson()["truncation"].get<std::string>().find("128 tokens"),
            std::string::npos);

  Json overlapped = Base();
  overlapped["overlap"] = 450;  // only fits the larger default
  auto kept = ParseIndexDefinition(overlapped, defaults);
  ASSERT_TRUE(kept.ok());
  ApplyModelChunkDefaults(Fields(overlapped), &*kept);
  EXPECT_EQ(kept->chunk_size, 1000);

  Json hash = Base();
  hash["model"] = "builtin/hash-v1";
  auto lexical = ParseIndexDefinition(hash, defaults);
  ASSERT_TRUE(lexical.ok());
  ApplyModelChunkDefaults(Fields(hash), &*lexical);
  EXPECT_EQ(lexical->chunk_size, 1000);
  EXPECT_FALSE(lexical->ToJson().contains("model_token_window"));
}

TEST(IndexDefinitionTest, DefaultsAndRoundTrip) {
  auto def = Parse(Base());
  ASSERT_TRUE(def.ok()) << def.status().ToString();
  EXPECT_EQ(def->chunk_size, 1000);
  EXPECT_EQ(def->overlap, 100);
  EXPECT_EQ(def->m, 16);
  EXPECT_EQ(def->ef_search, 128);
  EXPECT_EQ(def->policy.mode, RefreshMode::kManual);
  EXPECT_FALSE(def->byo_vectors());

  Json full = Base();
  full["template"] = "{title}\n{chunk}";
  full["chunk_size"] = 200;
  full["overlap"] = 20;
  full["model"] = "ollama/nomic";
  full["hnsw"] = {{"m", 8}, {"ef_construction", 50}, {"ef_search", 40}};
  full["refresh_policy"] = {{"mode", "scheduled"}, {"cron", "*/5 * * * *"}};
  auto parsed = Parse(full);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const Json stored = parsed->ToJson();
  EXPECT_EQ(stored["template"], "{title}\n{chunk}");
  EXPECT_EQ(stored["hnsw"]["ef_construction"], 50);
  EXPECT_EQ(stored["refresh_policy"]["mode"], "scheduled");
  EXPECT_EQ(stored["refresh_policy"]["cron"], "*/5 * * * *");
  EXPECT_EQ(stored["metric"], "cosine");
  // A stored entry parses back to the same definition.
  auto again = Parse(stored);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *parsed);
}

TEST(IndexDefinitionTest, PolicyAsAString) {
  Json j = Base();
  j["refresh_policy"] = "on_append";
  auto def = Parse(j);
  ASSERT_TRUE(def.ok());
  EXPECT_EQ(def->policy.mode, RefreshMode::kOnAppend);
  EXPECT_EQ(def->policy.debounce_ms, 2000);
}

TEST(IndexDefinitionTest, BringYourOwnVectorsIsModelExternal) {
  Json j = Base();
  j.erase("text_column");
  j["vector_column"] = "embedding";
  j["model"] = "ollama/ignored";
  auto def = Parse(j);
  ASSERT_TRUE(def.ok()) << def.status().ToString();
  EXPECT_TRUE(def->byo_vectors());
  EXPECT_EQ(def->model, "external");
}

struct BadCase {
  const char* name;
  Json patch;  // merged into Base(); null values erase the field
  const char* message;
};

class IndexDefinitionErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(IndexDefinitionErrorTest, RejectedWithTheFieldNamed) {
  Json j = Base();
  for (const auto& [key, value] : GetParam().patch.items()) {
    if (value.is_null()) {
      j.erase(key);
    } else {
      j[key] = value;
    }
  }
  auto def = Parse(j);
  ASSERT_FALSE(def.ok());
  EXPECT_EQ(def.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(def.status().message().find(GetParam().message), std::string::npos)
      << def.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, IndexDefinitionErrorTest,
    ::testing::Values(
        BadCase{"BadName", {{"index_name", "bad name!"}}, "index name"},
        BadCase{"LeadingDash", {{"index_name", "-x"}}, "index name"},
        BadCase{"NoDataset", {{"dataset", nullptr}}, "'dataset' is required"},
        BadCase{"NoIdColumn", {{"id_column", nullptr}}, "'id_column' is required"},
        BadCase{"NoTextOrVector", {{"text_column", nullptr}}, "exactly one of"},
        BadCase{"BothTextAndVector", {{"vector_column", "v"}}, "exactly one of"},
        BadCase{"ChunkTooSmall", {{"chunk_size", 4}}, "chunk_size"},
        BadCase{"OverlapTooBig", {{"chunk_size", 100}, {"overlap", 100}}, "overlap"},
        BadCase{"ChunkSizeNotInt", {{"chunk_size", "big"}}, "chunk_size"},
        BadCase{"Metric", {{"metric", "l2"}}, "cosine"},
        BadCase{"HnswUnknown", {{"hnsw", {{"mm", 3}}}}, "hnsw.mm"},
        BadCase{"HnswRange", {{"hnsw", {{"m", 1}}}}, "'m'"},
        BadCase{"PolicyMode", {{"refresh_policy", "hourly"}}, "unknown refresh policy"},
        BadCase{"ScheduledNeedsCron", {{"refresh_policy", "scheduled"}}, "cron"},
        BadCase{"Debounce",
                {{"refresh_policy", {{"mode", "on_append"}, {"debounce_ms", -1}}}},
                "debounce_ms"},
        BadCase{"TemplateWithVectors",
                {{"text_column", nullptr}, {"vector_column", "v"}, {"template", "{t}"}},
                "template"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

TEST(IndexDefinitionTest, NotAnObject) { EXPECT_FALSE(Parse(Json::array()).ok()); }

TEST(IndexDefinitionTest, PatchPolicyKeepsTheEmbedding) {
  auto def = Parse(Base());
  ASSERT_TRUE(def.ok());
  def->dimensions = 384;
  auto next = Patch(*def, {{"refresh_policy", {{"mode", "on_append"}, {"debounce_ms", 50}}},
                           {"hnsw", {{"ef_search", 64}}}});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_TRUE(next->SameEmbedding(*def));
  EXPECT_EQ(next->dimensions, 384);
  EXPECT_EQ(next->policy.mode, RefreshMode::kOnAppend);
  EXPECT_EQ(next->policy.debounce_ms, 50);
  EXPECT_EQ(next->ef_search, 64);
}

TEST(IndexDefinitionTest, PatchModelOrChunkingNeedsReembedding) {
  auto def = Parse(Base());
  ASSERT_TRUE(def.ok());
  def->dimensions = 384;
  auto model = Patch(*def, {{"model", "openai/small"}});
  ASSERT_TRUE(model.ok());
  EXPECT_FALSE(model->SameEmbedding(*def));
  EXPECT_EQ(model->dimensions, 0);  // rediscovered from the new model
  auto chunking = Patch(*def, {{"chunk_size", 300}, {"overlap", 0}});
  ASSERT_TRUE(chunking.ok());
  EXPECT_FALSE(chunking->SameEmbedding(*def));
  EXPECT_EQ(chunking->dimensions, 384);  // same model, same dimensions
  auto tmpl = Patch(*def, {{"template", "{title}: {chunk}"}});
  ASSERT_TRUE(tmpl.ok());
  EXPECT_FALSE(tmpl->SameEmbedding(*def));
}

// Issue #16 (2): the index is bound to its dataset's id; the binding round-trips through the
// registry, cannot be patched, and a different dataset under the same name is NOT_FOUND.
TEST(IndexDefinitionTest, BoundToTheDatasetId) {
  Json stored = Base();
  stored["dataset_id"] = "d-1";
  auto def = Parse(stored);
  ASSERT_TRUE(def.ok()) << def.status().ToString();
  EXPECT_EQ(def->dataset_id, "d-1");
  EXPECT_EQ(def->ToJson()["dataset_id"], "d-1");
  EXPECT_TRUE(CheckBoundDataset(*def, "d-1").ok());
  Status other = CheckBoundDataset(*def, "d-2");
  EXPECT_EQ(other.code(), StatusCode::kNotFound);
  EXPECT_NE(other.message().find("was deleted"), std::string::npos) << other.message();
  EXPECT_EQ(Patch(*def, {{"dataset_id", "d-2"}}).status().code(), StatusCode::kInvalidArgument);
  // A registry row from before the binding: no id, nothing to compare.
  auto legacy = Parse(Base());
  EXPECT_TRUE(legacy->ToJson()["dataset_id"].is_null());
  EXPECT_TRUE(CheckBoundDataset(*legacy, "d-2").ok());
}

TEST(IndexDefinitionTest, PatchCannotChangeIdentity) {
  auto def = Parse(Base());
  ASSERT_TRUE(def.ok());
  for (const char* field : {"index_name", "dataset", "id_column", "vector_column", "dimensions"}) {
    auto next = Patch(*def, {{field, "x"}});
    ASSERT_FALSE(next.ok()) << field;
    EXPECT_NE(next.status().message().find(field), std::string::npos);
  }
  EXPECT_FALSE(Patch(*def, {{"chunk_size", 2}}).ok());
  EXPECT_FALSE(Patch(*def, Json::array()).ok());
}

}  // namespace
}  // namespace lakehouse
