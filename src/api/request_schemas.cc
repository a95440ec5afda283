#include "api/request_schemas.h"

#include "http/json_schema.h"

namespace lakehouse::request_schemas {
namespace {

using schema::Any;
using schema::AnyOf;
using schema::Array;
using schema::Boolean;
using schema::Closed;
using schema::Enum;
using schema::Integer;
using schema::Nullable;
using schema::Number;
using schema::Object;
using schema::Opt;
using schema::Req;
using schema::String;

Json Sensitivity() { return Enum({"public", "internal", "confidential", "restricted"}); }
Json Tags() { return Array(String()); }
Json FloatVector() {
  return AnyOf({Array(Number()), String("base64 of little-endian float32 values")});
}

// mode, hybrid and rerank: how a search, a batch or RAG retrieves chunks (vector/search_mode.h).
std::vector<schema::Property> RetrievalOptions() {
  return {Opt("mode", Enum({"vector", "keyword", "hybrid"})),
          Opt("hybrid",
              Nullable(Closed({Opt("fusion", Enum({"dbsf", "rrf"})), Opt("vector_weight", Number()),
                               Opt("keyword_weight", Number()), Opt("rrf_k", Integer()),
                               Opt("candidates", Integer())},
                              "fusion weights; needs mode hybrid"))),
          Opt("rerank", Nullable(Closed({Opt("model", String()), Opt("candidates", Integer())},
                                        "reorder the candidates with a rerank model")))};
}

Json WithRetrieval(std::vector<schema::Property> properties) {
  for (schema::Property& p : RetrievalOptions()) properties.push_back(std::move(p));
  return Closed(properties);
}

Json EfSearchList() { return AnyOf({Integer(), Array(Integer())}); }

}  // namespace

Json SqlQuery(bool paged) {
  Json out =
      Closed({Req("sql", String("one read-only statement")),
              Opt("params", AnyOf({Array(Any()), Object({})})),
              Opt("limit", Nullable(Integer("row limit"))), Opt("timeout_ms", Nullable(Integer())),
              Opt("cache", Nullable(Boolean("use the result cache (default true)")))});
  if (paged) out["properties"]["page_size"] = Nullable(Integer());
  return out;
}

Json DatasetName() { return Closed({Req("dataset", String())}); }

Json CreateBucket() {
  return Closed({Req("name", String()),
                 Opt("root", String("directory of the bucket (required for backend local)")),
                 Opt("backend", String("local (default) or s3")),
                 Opt("endpoint", String("s3: http(s) URL of the service")),
                 Opt("region", String("s3: signing region")),
                 Opt("s3_bucket", String("s3: remote bucket name (default: name)")),
                 Opt("url_style", String("s3: path or virtual")),
                 Opt("access_key_id", String("s3")), Opt("secret_access_key", String("s3")),
                 Opt("secret_access_key_file", String("s3: file holding the secret"))});
}

Json CreateDataset() {
  Json column = Closed({Req("name", String()), Req("type", String()), Opt("nullable", Boolean()),
                        Opt("description", String()), Opt("sensitivity", Sensitivity())});
  Json lineage = Closed({Opt("source_system", String()), Opt("source_uri", String()),
                         Opt("ingest_job_id", String()), Opt("parent_datasets", Array(String()))});
  return Closed({Req("name", String()), Opt("description", String()), Opt("owner", String()),
                 Opt("sensitivity", Sensitivity()), Opt("tags", Tags()),
                 Opt("columns", Array(column)), Opt("bucket", String()),
                 Opt("primary_key", Array(String())), Opt("lineage", lineage),
                 Opt("files", Array(Closed({Req("key", String()), Opt("bucket", String())}),
                                    "existing Parquet objects to register"))});
}

Json MetadataPatch() {
  return Closed({Opt("description", Nullable(String())), Opt("owner", Nullable(String())),
                 Opt("sensitivity", Nullable(Sensitivity())), Opt("tags", Tags()),
                 Opt("add_tags", Tags()), Opt("remove_tags", Tags()),
                 Opt("columns", schema::MapOf(Closed({Opt("description", Nullable(String())),
                                                      Opt("sensitivity", Nullable(Sensitivity()))}),
                                              "per column name"))});
}

Json ColumnPolicy() {
  return Closed({Req("dataset", String()), Req("column", String()),
                 Req("redaction", Enum({"null", "hash", "mask", "deny"})),
                 Opt("keep_prefix", Integer("mask: characters kept at the start (0-64)")),
                 Opt("keep_suffix", Integer("mask: characters kept at the end (0-64)"))});
}

Json AiView() {
  Json redaction = Closed({Req("redaction", Enum({"null", "hash", "mask", "deny"})),
                           Opt("keep_prefix", Integer()), Opt("keep_suffix", Integer())});
  return Closed({Req("name", String()), Req("base_dataset", String()),
                 Opt("columns", Array(String(), "the base dataset's columns shown; default all")),
                 Opt("row_filter", String("SQL predicate over the base dataset's columns")),
                 Opt("column_redactions", schema::MapOf(redaction, "per column name"))});
}

Json IngestForm() {
  return Object({Req("file", String("one or more file parts (CSV, JSON, NDJSON, Parquet, ...)")),
                 Opt("dataset", String()), Opt("mode", Enum({"append", "replace", "upsert"})),
                 Opt("key", String()), Opt("format", String()), Opt("delimiter", String()),
                 Opt("header", String("true/false")),
                 Opt("allow_schema_change", String("true/false")), Opt("on_bad_rows", String()),
                 Opt("null_values", String("a JSON array of strings")),
                 Opt("on_duplicate_key", Enum({"error", "first", "last"}))});
}

Json DbIngest() {
  return Closed(
      {Req("dsn",
           String("postgresql:// URL or libpq key=value string, or mysql:// / mariadb:// URL")),
       Opt("table", String()), Opt("query", String()), Opt("dataset", String()),
       Opt("mode", Enum({"append", "replace", "upsert"})), Opt("key", String()),
       Opt("batch_size", Integer()), Opt("incremental_column", String()),
       Opt("allow_schema_change", Boolean()),
       Opt("on_duplicate_key", Enum({"error", "first", "last"}))});
}

Json Tombstones() {
  return Closed({Req("row_key_column", String()),
                 Req("row_key_values", Array(AnyOf({String(), Number()}))), Opt("actor", String()),
                 Opt("reason", String())});
}

Json IndexDefinition(bool patch) {
  return Closed({(patch ? Opt : Req)("index_name", String()), Opt("dataset", String()),
                 Opt("id_column", String()), Opt("text_column", String()),
                 Opt("vector_column", String()), Opt("template", String()),
                 Opt("chunk_size", Integer()), Opt("overlap", Integer()), Opt("model", String()),
                 Opt("dimensions", Integer()), Opt("metric", String()),
                 Opt("hnsw", Object({}, "m, ef_construction, ef_search")),
                 Opt("target_recall", Nullable(Number("recall@10 the tuner aims for, (0, 1]"))),
                 Opt("refresh_policy", Object({}, "mode (manual, on_commit, scheduled), cron"))});
}

Json Search() {
  return WithRetrieval(
      {Req("index", String()), Opt("query", String()), Opt("vector", FloatVector()),
       Opt("k", Integer()), Opt("filter", String("SQL predicate over the dataset")),
       Opt("exact", Boolean()), Opt("ef_search", Integer()), Opt("columns", Array(String()))});
}

Json SearchBatch() {
  return WithRetrieval({Req("index", String()), Opt("queries", Array(String())),
                        Opt("vectors", Array(FloatVector())), Opt("k", Integer()),
                        Opt("filter", String()), Opt("exact", Boolean()),
                        Opt("ef_search", Integer()), Opt("columns", Array(String()))});
}

Json Rag() {
  return WithRetrieval({Req("index", String()), Req("question", String()), Opt("k", Integer()),
                        Opt("model", String()), Opt("filter", String())});
}

Json IndexEval() {
  return Closed({Opt("queries",
                     Array(Closed({Opt("query", String()), Opt("vector", FloatVector()),
                                   Req("expected_doc_ids", Array(AnyOf({String(), Integer()})))}))),
                 Opt("sample", Integer("queries drawn from the index when none are given")),
                 Opt("seed", Integer()), Opt("k", Integer()), Opt("ef_search", EfSearchList())});
}

Json Autotune() {
  return Closed({Opt("min_recall", Number("(0, 1], default 0.95")),
                 Opt("ef_search", EfSearchList()), Opt("sample", Integer()),
                 Opt("seed", Integer())});
}

Json Rerank() {
  return Closed({Opt("model", String()), Req("query", String()), Req("documents", Array(String())),
                 Opt("top_n", Integer())});
}

Json Embed() { return Closed({Opt("model", String()), Req("texts", Array(String()))}); }

Json Generate() {
  return Closed({Opt("model", String()), Opt("prompt", String()),
                 Opt("messages", Array(Closed({Req("role", String()), Req("content", String())}))),
                 Opt("system", String()), Opt("temperature", Number()),
                 Opt("max_tokens", Integer())});
}

}  // namespace lakehouse::request_schemas
