#include "vector/index_refresher.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "common/ids.h"
#include "common/logging.h"
#include "embed/chunker.h"
#include "sql/appender.h"
#include "sql/column_batch.h"
#include "sql/sql_literal.h"
#include "telemetry/span.h"

namespace lakehouse {

struct IndexRefresher::DocWork {
  std::string doc_id;
  std::string doc_hash;
  std::string text;
  ColumnValues columns;
  std::vector<float> vector;  // vector_column indexes
};

struct IndexRefresher::Plan {
  bool full = false;
  std::string changed_sql;  // doc_id, doc_hash, payload…
  std::vector<std::string> deleted;
  std::string temp_table;  // full diff: the generation's doc hashes; dropped at the end
};

namespace {

bool HasColumn(const Dataset& dataset, const std::string& name) {
  return std::any_of(dataset.columns.begin(), dataset.columns.end(),
                     [&](const Column& c) { return c.name == name; });
}

std::string AsVarchar(const std::string& column) {
  return "CAST(s." + SqlIdentifier(column) + " AS VARCHAR)";
}

}  // namespace

Json RefreshResult::ToJson() const {
  return Json{{"index_name", index_name},
              {"from_version", from_version},
              {"to_version", to_version},
              {"docs_added", docs_added},
              {"docs_updated", docs_updated},
              {"docs_deleted", docs_deleted},
              {"chunks_embedded", chunks_embedded},
              {"chunks_reused", chunks_reused},
              {"full_diff", full_diff},
              {"stale_cleared", stale_cleared},
              {"elapsed_ms", elapsed_ms},
              {"failed_chunks", failed_chunks}};
}

Result<IndexRefresher::Plan> IndexRefresher::MakePlan(const IndexRecord& record,
                                                      const Dataset& dataset,
                                                      const SnapshotPin& pin, IndexGeneration* gen,
                                                      Connection* conn) {
  const IndexDefinition& def = record.definition;
  for (const std::string* column : {&def.id_column, &def.text_column, &def.vector_column}) {
    if (!column->empty() && !HasColumn(dataset, *column)) {
      return InvalidArgument("dataset '", dataset.name, "' has no column '", *column, "'");
    }
  }
  std::vector<std::string> template_columns;
  if (!def.context_template.empty()) {
    std::vector<std::string> names;
    for (const Column& c : dataset.columns) names.push_back(c.name);
    LH_ASSIGN_OR_RETURN(ChunkTemplate tmpl, ChunkTemplate::Parse(def.context_template, names));
    template_columns = tmpl.referenced_columns();
  }

  Plan plan;
  const int64_t base = record.built_from_version;
  bool keyed_by_id =
      !dataset.primary_key || dataset.primary_key->empty() ||
      (dataset.primary_key->size() == 1 && dataset.primary_key->front() == def.id_column);
  // Documents whose embedding failed last time are only found again by a full diff (their rows
  // are not in the new files).
  plan.full = base == 0 || !keyed_by_id || gen->docs_pending_retry() > 0;
  if (!plan.full) {
    LH_ASSIGN_OR_RETURN(std::vector<DatasetVersion> versions,
                        deps_.catalog->ListVersions(dataset.name));
    for (const DatasetVersion& v : versions) {
      if (v.version > base && v.version <= pin.version() && !v.files_removed.empty())
        plan.full = true;
    }
  }
  std::vector<DataFile> files;
  std::vector<std::string> new_delete_paths;
  for (const DataFile& file : pin.files()) {
    if (plan.full || file.version_added > base) {
      files.push_back(file);
      if (file.is_delete() && !plan.full) {
        LH_ASSIGN_OR_RETURN(std::string local, deps_.buckets->ReadPath(file.bucket, file.path));
        new_delete_paths.push_back(std::move(local));
      }
    }
  }
  LH_ASSIGN_OR_RETURN(DatasetViewRegistry::HeldSelect held, deps_.views->SelectSql(dataset, files));
  const std::string& source = held.sql;

  // doc_id, doc_hash, then the payload: text + template columns, or the vector.
  std::string id = AsVarchar(def.id_column);
  std::string select = "SELECT " + id + " AS doc_id, ";
  if (def.byo_vectors()) {
    std::string vec = "s." + SqlIdentifier(def.vector_column);
    std::string cast = def.dimensions > 0
                           ? "CAST(" + vec + " AS FLOAT[" + std::to_string(def.dimensions) + "])"
                           : "CAST(CAST(" + vec + " AS FLOAT[]) AS VARCHAR)";
    select += "md5(CAST(" + vec + " AS VARCHAR)) AS doc_hash, " + cast + " AS payload";
  } else {
    std::string hash = "concat_ws(chr(31), coalesce(" + AsVarchar(def.text_column) + ", '')";
    for (const std::string& c : template_columns) hash += ", coalesce(" + AsVarchar(c) + ", '')";
    hash += ")";
    select += "md5(" + hash + ") AS doc_hash, " + AsVarchar(def.text_column) + " AS payload";
    for (size_t i = 0; i < template_columns.size(); ++i) {
      select += ", " + AsVarchar(template_columns[i]) + " AS t" + std::to_string(i);
    }
  }
  // One row per document (CheckIdsUnique refused the ids of a dataset that repeats them).
  std::string docs =
      select + " FROM (" + source + ") s WHERE s." + SqlIdentifier(def.id_column) +
      " IS NOT NULL QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY doc_hash) = 1";

  if (plan.full) {
    // The generation's documents, anti-joined in SQL.
    plan.temp_table = "__lh_docs_" + NewRequestId();
    LH_RETURN_IF_ERROR(conn->Execute("CREATE TEMP TABLE " + plan.temp_table +
                                     " (doc_id VARCHAR, doc_hash VARCHAR)"));
    ColumnBatch rows({{ColumnBatch::kVarchar}, {ColumnBatch::kVarchar}});
    for (const auto& [doc, hash] : gen->DocHashes()) {
      rows.AddString(0, doc);
      rows.AddString(1, hash);
      LH_RETURN_IF_ERROR(rows.EndRow());
    }
    {
      LH_ASSIGN_OR_RETURN(Appender appender, conn->CreateAppender(plan.temp_table));
      LH_RETURN_IF_ERROR(appender.AppendBatch(rows));
      LH_RETURN_IF_ERROR(appender.Close());
    }
    plan.changed_sql = "SELECT d.* FROM (" + docs + ") d LEFT JOIN " + plan.temp_table +
                       " i ON i.doc_id = d.doc_id WHERE i.doc_hash IS DISTINCT FROM d.doc_hash";
    LH_ASSIGN_OR_RETURN(
        QueryResult deleted,
        conn->Query("SELECT i.doc_id FROM " + plan.temp_table +
                    " i WHERE NOT EXISTS (SELECT 1 FROM (" + "SELECT " + id + " AS doc_id FROM (" +
                    source + ") s) c WHERE c.doc_id = i.doc_id)"));
    while (std::optional<DataChunk> chunk = deleted.NextChunk()) {
      for (uint64_t r = 0; r < chunk->size(); ++r) plan.deleted.push_back(*chunk->GetString(0, r));
    }
    return plan;
  }
  plan.changed_sql = docs;
  if (!new_delete_paths.empty()) {
    std::string paths;
    for (const std::string& p : new_delete_paths)
      paths += (paths.empty() ? "" : ", ") + SqlStringLiteral(p);
    LH_ASSIGN_OR_RETURN(
        QueryResult deleted,
        conn->Query("SELECT DISTINCT CAST(\"key\" AS VARCHAR) FROM read_parquet([" + paths +
                    "], union_by_name = true) EXCEPT SELECT doc_id FROM (" + docs + ")"));
    while (std::optional<DataChunk> chunk = deleted.NextChunk()) {
      for (uint64_t r = 0; r < chunk->size(); ++r) {
        std::optional<std::string> doc = chunk->GetString(0, r);
        if (doc && gen->Doc(*doc)) plan.deleted.push_back(*doc);
      }
    }
  }
  return plan;
}

namespace {

constexpr const char* kProbeText = "lakehouse embedding probe";

// Embeds texts[lo, hi) into (*vectors); on failure, splits the range and retries the halves, down
// to single texts, whose error goes to (*errors)[i]. A single text's failure is first checked
// against a probe text: when the probe fails too, the provider itself is failing (down, rate
// limited past its retries) and the error is returned, failing the refresh (it resumes from its
// checkpoint later) rather than blaming every chunk.
Status EmbedRange(Embedder* embedder, const std::vector<std::string>& texts, size_t lo, size_t hi,
                  std::vector<std::vector<float>>* vectors, std::vector<std::string>* errors,
                  bool* probed) {
  std::vector<std::string> part(texts.begin() + static_cast<std::ptrdiff_t>(lo),
                                texts.begin() + static_cast<std::ptrdiff_t>(hi));
  Result<std::vector<std::vector<float>>> embedded = embedder->Embed(part);
  if (embedded.ok() && embedded->size() == part.size()) {
    for (size_t i = lo; i < hi; ++i) (*vectors)[i] = std::move((*embedded)[i - lo]);
    return Status::Ok();
  }
  Status error = embedded.ok() ? Internal("embedder returned ", std::to_string(embedded->size()),
                                          " vectors for ", std::to_string(part.size()), " texts")
                               : embedded.status();
  if (error.code() == StatusCode::kCancelled) return error;
  if (hi - lo > 1) {
    const size_t mid = lo + (hi - lo) / 2;
    LH_RETURN_IF_ERROR(EmbedRange(embedder, texts, lo, mid, vectors, errors, probed));
    return EmbedRange(embedder, texts, mid, hi, vectors, errors, probed);
  }
  if (!*probed) {
    Result<std::vector<std::vector<float>>> probe = embedder->Embed({kProbeText});
    if (!probe.ok()) return error.WithContext("the embedding provider fails even a probe text");
    *probed = true;
  }
  (*errors)[lo] = error.ToString();
  return Status::Ok();
}

}  // namespace

Status IndexRefresher::EmbedIsolating(Embedder* embedder, const std::vector<std::string>& texts,
                                      std::vector<std::vector<float>>* vectors,
                                      std::vector<std::string>* errors) {
  // One pass keeps what the provider embedded; each run of texts it did not is then retried
  // whole and bisected on failure.
  std::vector<Status> failed;
  *vectors = embedder->EmbedEach(texts, &failed);
  vectors->resize(texts.size());
  bool probed = false;
  for (size_t lo = 0; lo < texts.size();) {
    if (failed[lo].ok()) {
      ++lo;
      continue;
    }
    if (failed[lo].code() == StatusCode::kCancelled) return failed[lo];
    size_t hi = lo + 1;
    while (hi < texts.size() && !failed[hi].ok()) ++hi;
    LH_RETURN_IF_ERROR(EmbedRange(embedder, texts, lo, hi, vectors, errors, &probed));
    lo = hi;
  }
  return Status::Ok();
}

Status IndexRefresher::ProcessBatch(std::vector<DocWork>& docs, IndexRecord* record,
                                    IndexGeneration* gen, Embedder* embedder,
                                    const std::optional<Chunker>& chunker, Connection* conn,
                                    RefreshResult* result, std::vector<std::string>* drops) {
  const IndexDefinition& def = record->definition;
  // Rows rewritten with the same content (an upsert of unchanged rows) change no document: they
  // are not counted as updated, nor chunked again.
  std::erase_if(docs, [&](const DocWork& d) {
    std::optional<DocRecord> old = gen->Doc(d.doc_id);
    return old && !old->doc_hash.empty() && old->doc_hash == d.doc_hash;
  });
  IndexBatch batch;
  for (const std::string& doc : *drops) {
    std::optional<DocRecord> old = gen->Doc(doc);
    if (!old) continue;
    batch.drops.push_back(doc);
    batch.removes.insert(batch.removes.end(), old->labels.begin(), old->labels.end());
    ++result->docs_deleted;
  }
  drops->clear();

  // Per document: which chunks to keep, reuse (same text elsewhere), embed, remove.
  struct Pending {
    size_t doc;
    int32_t chunk_idx;
    std::string text;
    std::string embed_text;
    std::string content_hash;
  };
  std::vector<Pending> to_embed;
  std::vector<size_t> doc_failed;  // indices into docs with a failed chunk
  for (size_t i = 0; i < docs.size(); ++i) {
    DocWork& doc = docs[i];
    std::optional<DocRecord> old = gen->Doc(doc.doc_id);
    (old ? result->docs_updated : result->docs_added) += 1;
    std::unordered_multimap<std::string, std::pair<uint64_t, int32_t>> old_chunks;
    if (old) {
      for (uint64_t label : old->labels) {
        if (std::optional<ChunkRecord> c = gen->Chunk(label)) {
          old_chunks.emplace(c->content_hash, std::make_pair(label, c->chunk_idx));
        }
      }
    }
    std::vector<uint64_t> kept;
    if (def.byo_vectors()) {
      if (!doc.vector.empty()) {
        IndexBatch::Add add{static_cast<uint64_t>(record->next_label++),
                            doc.doc_id,
                            0,
                            "",
                            doc.doc_hash,
                            doc.doc_hash,
                            doc.vector};
        batch.adds.push_back(std::move(add));
      }
    } else {
      for (TextChunk& chunk : chunker->Split(doc.text, doc.columns)) {
        auto range = old_chunks.equal_range(chunk.content_hash);
        bool done = false;
        for (auto it = range.first; it != range.second && !done; ++it) {
          auto [label, idx] = it->second;
          if (std::find(kept.begin(), kept.end(), label) != kept.end()) continue;
          if (idx == chunk.index) {
            kept.push_back(label);  // unchanged chunk at the same position: untouched
          } else {
            Result<std::vector<float>> vector = gen->Vector(label);
            if (!vector.ok()) continue;
            batch.adds.push_back({static_cast<uint64_t>(record->next_label++), doc.doc_id,
                                  chunk.index, chunk.text, chunk.content_hash, doc.doc_hash,
                                  std::move(vector).value()});
            kept.push_back(label);  // its vector lives on under the new label
            batch.removes.push_back(label);
          }
          ++result->chunks_reused;
          done = true;
        }
        if (!done) {
          to_embed.push_back({i, chunk.index, std::move(chunk.text), std::move(chunk.embed_text),
                              std::move(chunk.content_hash)});
        }
      }
    }
    if (old) {
      for (uint64_t label : old->labels) {
        if (std::find(kept.begin(), kept.end(), label) == kept.end())
          batch.removes.push_back(label);
      }
    }
  }

  // Embed the new chunks: one call (the embedder batches); when it fails, halves are retried to
  // isolate the chunks the model rejects.
  std::vector<std::vector<float>> vectors(to_embed.size());
  std::vector<bool> ok(to_embed.size(), true);
  if (!to_embed.empty()) {
    std::vector<std::string> texts;
    texts.reserve(to_embed.size());
    for (const Pending& p : to_embed) texts.push_back(p.embed_text);
    std::vector<std::string> errors(texts.size());
    LH_RETURN_IF_ERROR(EmbedIsolating(embedder, texts, &vectors, &errors));
    for (size_t j = 0; j < texts.size(); ++j) {
      if (errors[j].empty()) continue;
      ok[j] = false;
      result->failed_chunks.push_back(docs[to_embed[j].doc].doc_id + "#" +
                                      std::to_string(to_embed[j].chunk_idx) + ": " + errors[j]);
    }
    if (!result->failed_chunks.empty()) {
      LH_LOG_WARN("index {}: {} chunk(s) rejected by the model, e.g. {}", def.name,
                  result->failed_chunks.size(), result->failed_chunks.front());
    }
  }
  for (size_t j = 0; j < to_embed.size(); ++j) {
    Pending& p = to_embed[j];
    if (!ok[j]) {
      doc_failed.push_back(p.doc);
      continue;
    }
    if (record->definition.dimensions == 0) {
      record->definition.dimensions = static_cast<int32_t>(vectors[j].size());
    } else if (static_cast<int32_t>(vectors[j].size()) != record->definition.dimensions) {
      return FailedPrecondition("model '", def.model, "' returned ",
                                std::to_string(vectors[j].size()), " dimensions; the index has ",
                                std::to_string(record->definition.dimensions));
    }
    batch.adds.push_back({static_cast<uint64_t>(record->next_label++), docs[p.doc].doc_id,
                          p.chunk_idx, std::move(p.text), std::move(p.content_hash),
                          docs[p.doc].doc_hash, std::move(vectors[j])});
    ++result->chunks_embedded;
  }
  for (size_t i = 0; i < docs.size(); ++i) {
    // A document with a failed chunk keeps an unknown hash: the next refresh retries it.
    bool failed = std::find(doc_failed.begin(), doc_failed.end(), i) != doc_failed.end();
    batch.docs.emplace_back(docs[i].doc_id, failed ? std::string() : docs[i].doc_hash);
  }
  if (!doc_failed.empty()) {
    std::unordered_set<std::string> failed_ids;
    for (size_t i : doc_failed) failed_ids.insert(docs[i].doc_id);
    for (IndexBatch::Add& add : batch.adds) {
      if (failed_ids.count(add.doc_id)) add.doc_hash.clear();
    }
  }
  if (batch.empty()) return Status::Ok();
  if (def.byo_vectors() && !batch.adds.empty()) {
    int32_t dims = static_cast<int32_t>(batch.adds.front().vector.size());
    if (record->definition.dimensions == 0) record->definition.dimensions = dims;
  }

  int64_t seq = record->parts_seq + 1;
  LH_RETURN_IF_ERROR(gen->WritePart(seq, batch, conn));
  // Counts after this batch, computed before publishing it.
  int64_t chunk_delta =
      static_cast<int64_t>(batch.adds.size()) - static_cast<int64_t>(batch.removes.size());
  LH_RETURN_IF_ERROR(deps_.store->SaveCheckpoint(def.name, record->generation, seq,
                                                 record->next_label, gen->doc_count(),
                                                 gen->chunk_count() + chunk_delta));
  record->parts_seq = seq;
  LH_RETURN_IF_ERROR(gen->Apply(batch, seq));
  record->doc_count = gen->doc_count();
  record->chunk_count = gen->chunk_count();
  return Status::Ok();
}

Result<RefreshResult> IndexRefresher::Run(IndexRecord* record, IndexGeneration* gen,
                                          JobContext* ctx) {
  const int64_t started = deps_.clock->MonotonicMicros();
  const IndexDefinition& def = record->definition;
  Span span("vector.refresh");
  span.SetAttribute("lakehouse.index", def.name);
  RefreshResult result;
  result.index_name = def.name;
  result.from_version = record->built_from_version;
  LH_ASSIGN_OR_RETURN(Dataset dataset, deps_.catalog->GetDataset(def.dataset));
  LH_RETURN_IF_ERROR(CheckBoundDataset(def, dataset.id));
  LH_ASSIGN_OR_RETURN(SnapshotPin pin, deps_.metastore->PinSnapshot(dataset.name, std::nullopt));
  result.to_version = pin.version();
  if (pin.version() == record->built_from_version && gen->docs_pending_retry() == 0) return result;

  std::shared_ptr<Embedder> embedder;
  if (!def.byo_vectors()) {
    LH_ASSIGN_OR_RETURN(embedder, deps_.embedders(def.model));
  }
  LH_ASSIGN_OR_RETURN(ConnectionLease read_lease, deps_.pool->Acquire(std::chrono::seconds(60)));
  LH_ASSIGN_OR_RETURN(ConnectionLease write_lease, deps_.pool->Acquire(std::chrono::seconds(60)));
  Connection* reader = &read_lease.connection();
  Connection* writer = &write_lease.connection();

  LH_RETURN_IF_ERROR(CheckIdsUnique(def, dataset, pin.files(), reader));
  LH_ASSIGN_OR_RETURN(Plan plan, MakePlan(*record, dataset, pin, gen, reader));
  result.full_diff = plan.full;
  // The changed rows stream (a full diff of a large dataset is never held whole). The diff's temp
  // table is dropped once the stream is destroyed: declared first, so it is destroyed last.
  struct DropTempTable {
    Connection* conn;
    const std::string& table;
    ~DropTempTable() {
      if (!table.empty()) (void)conn->Execute("DROP TABLE IF EXISTS " + table);
    }
  } drop_temp{reader, plan.temp_table};
  // Progress counts documents: the changed rows (counted first — one more pass over the delta,
  // cheap beside embedding it) and the deleted ones.
  std::optional<int64_t> total;
  if (ctx) {
    LH_ASSIGN_OR_RETURN(QueryResult counted,
                        reader->Query("SELECT count(*) FROM (" + plan.changed_sql + ")"));
    if (std::optional<DataChunk> chunk = counted.NextChunk(); chunk && chunk->size() > 0) {
      total = chunk->GetInt64(0, 0).value_or(0) + static_cast<int64_t>(plan.deleted.size());
    }
    ctx->SetProgress(0, total, "documents");
  }
  Result<QueryResult> changed = reader->QueryStreaming(plan.changed_sql);
  if (!changed.ok()) {
    return changed.status().WithContext("reading the changed rows of '" + dataset.name + "'");
  }

  const bool byo = def.byo_vectors();
  std::vector<DocWork> batch;
  int64_t batch_chunks = 0;  // estimated chunks of the batch's documents
  int64_t done = 0;
  std::vector<std::string> drops = std::move(plan.deleted);
  // The template is validated against the dataset's schema, once: never against one batch's
  // documents (a deletion-only batch has none; a NULL value is no column).
  std::vector<std::string> template_names;
  std::optional<Chunker> chunker;
  if (!byo) {
    std::optional<ChunkTemplate> tmpl;
    if (!def.context_template.empty()) {
      std::vector<std::string> names;
      for (const Column& c : dataset.columns) names.push_back(c.name);
      LH_ASSIGN_OR_RETURN(ChunkTemplate parsed, ChunkTemplate::Parse(def.context_template, names));
      template_names = parsed.referenced_columns();
      tmpl = std::move(parsed);
    }
    LH_ASSIGN_OR_RETURN(
        Chunker created,
        Chunker::Create(ChunkerOptions{def.chunk_size, def.overlap}, std::move(tmpl)));
    chunker = std::move(created);
  }
  auto flush = [&]() -> Status {
    if (ctx) LH_RETURN_IF_ERROR(ctx->CheckCancelled());
    int64_t n = static_cast<int64_t>(batch.size()) + static_cast<int64_t>(drops.size());
    Span batch_span("vector.refresh.batch");
    batch_span.SetAttribute("lakehouse.refresh.documents", n);
    Status processed =
        ProcessBatch(batch, record, gen, embedder.get(), chunker, writer, &result, &drops);
    if (!processed.ok()) batch_span.SetError(processed.message());
    LH_RETURN_IF_ERROR(processed);
    done += n;
    if (ctx) ctx->SetProgress(done, total, "documents");
    batch.clear();
    batch_chunks = 0;
    return Status::Ok();
  };
  // A document of n characters makes about n / (chunk_size - overlap) chunks, and at least one.
  const int64_t step_chars = std::max<int64_t>(def.chunk_size - def.overlap, 1);
  while (std::optional<DataChunk> chunk = changed->NextChunk()) {
    for (uint64_t r = 0; r < chunk->size(); ++r) {
      DocWork work;
      work.doc_id = chunk->GetString(0, r).value_or("");
      work.doc_hash = chunk->GetString(1, r).value_or("");
      if (byo) {
        std::span<const float> v = chunk->GetFloatArray(2, r);
        if (v.empty() && !chunk->IsNull(2, r)) {
          // Dimensions not known yet: the payload came as text ("[0.1, 0.2, …]").
          LH_ASSIGN_OR_RETURN(Json parsed, ParseJson(chunk->GetString(2, r).value_or("[]")));
          for (const Json& x : parsed) work.vector.push_back(x.get<float>());
        } else {
          work.vector.assign(v.begin(), v.end());
        }
        if (def.dimensions > 0 && !work.vector.empty() &&
            static_cast<int32_t>(work.vector.size()) != def.dimensions) {
          return InvalidArgument("row '", work.doc_id, "': vector has ",
                                 std::to_string(work.vector.size()), " values, the index ",
                                 std::to_string(def.dimensions));
        }
        if (record->definition.dimensions == 0 && !work.vector.empty()) {
          record->definition.dimensions = static_cast<int32_t>(work.vector.size());
        }
        batch_chunks += 1;
      } else {
        work.text = chunk->GetString(2, r).value_or("");
        for (size_t i = 0; i < template_names.size(); ++i) {
          if (std::optional<std::string> v = chunk->GetString(3 + i, r))
            work.columns[template_names[i]] = *v;
        }
        batch_chunks += std::max<int64_t>(
            1, (static_cast<int64_t>(work.text.size()) + step_chars - 1) / step_chars);
      }
      batch.push_back(std::move(work));
      if (batch_chunks >= options_.batch_chunks) LH_RETURN_IF_ERROR(flush());
    }
  }
  // A stream that failed part-way must not pass for the whole delta.
  LH_RETURN_IF_ERROR(
      changed->status().WithContext("reading the changed rows of '" + dataset.name + "'"));
  if (!batch.empty() || !drops.empty()) LH_RETURN_IF_ERROR(flush());

  LH_ASSIGN_OR_RETURN(bool compacted,
                      gen->CompactGraphIfNeeded(options_.max_graph_deleted_fraction));
  if (compacted) LH_LOG_INFO("index {}: HNSW graph rebuilt without deleted elements", def.name);
  const bool graph_behind = record->parts_seq != record->graph_seq;
  const bool save_graph =
      compacted ||
      (graph_behind && (record->graph_seq == 0 ||
                        static_cast<double>(gen->unsaved_graph_changes()) >
                            options_.graph_save_fraction *
                                static_cast<double>(std::max<int64_t>(1, gen->chunk_count()))));
  if (save_graph) {
    LH_RETURN_IF_ERROR(gen->SaveGraph(record->parts_seq));
    record->graph_seq = record->parts_seq;
  }
  const int64_t elapsed_us = deps_.clock->MonotonicMicros() - started;
  record->built_from_version = pin.version();
  record->last_embedded_at = deps_.clock->NowMicros();
  record->status = IndexStatus::kReady;
  record->doc_count = gen->doc_count();
  record->chunk_count = gen->chunk_count();
  record->build_ms = elapsed_us / 1000;
  record->chunks_per_s =
      elapsed_us > 0 ? static_cast<double>(result.chunks_embedded) * 1e6 / elapsed_us : 0.0;
  record->failures = 0;
  record->last_error.reset();
  record->next_retry_at.reset();
  record->updated_at = deps_.clock->NowMicros();
  LH_RETURN_IF_ERROR(deps_.store->Update(*record));
  result.stale_cleared = true;
  result.elapsed_ms = elapsed_us / 1000;
  return result;
}

}  // namespace lakehouse
