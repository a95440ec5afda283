#include "vector/search_results.h"

#include "common/json_writer.h"

namespace lakehouse {
namespace {

void WriteHits(const SearchResults& results, const std::vector<ChunkHit>& hits, JsonWriter& w) {
  w.BeginArray();
  for (const ChunkHit& hit : hits) {
    w.BeginObject();
    w.Key("doc_id").String(hit.chunk.doc_id);
    w.Key("chunk_idx").Int(hit.chunk.chunk_idx);
    w.Key("score").Float(hit.score);
    w.Key("chunk_text").String(hit.chunk.text);
    if (results.with_rows) {
      auto it = results.rows.find(hit.chunk.doc_id);
      w.Key("row");
      if (it == results.rows.end()) {
        w.Null();
      } else {
        it->second.WriteJson(w);
      }
    }
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string SearchResults::ToJson(bool batch) const {
  std::string out;
  size_t text_bytes = 0;
  for (const std::vector<ChunkHit>& query_hits : hits) {
    for (const ChunkHit& hit : query_hits)
      text_bytes += hit.chunk.text.size() + hit.chunk.doc_id.size();
  }
  out.reserve(192 + text_bytes + 96 * hits.size() * (hits.empty() ? 0 : hits.front().size()));
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("index").String(index);
  w.Key("index_version").Int(index_version);
  w.Key("dataset_version").Int(dataset_version);
  w.Key("stale").Bool(stale());
  w.Key("exact").Bool(exact);
  w.Key("mode").String(SearchModeName(mode));
  w.Key("reranked_by");
  if (reranked_by.empty()) {
    w.Null();
  } else {
    w.String(reranked_by);
  }
  w.Key("elapsed_ms").Double(elapsed_ms);
  w.Key("results");
  if (batch) {
    w.BeginArray();
    for (const std::vector<ChunkHit>& query_hits : hits) WriteHits(*this, query_hits, w);
    w.EndArray();
  } else {
    // Both branches lvalues: a temporary on one side would make the other a copy.
    static const std::vector<ChunkHit> kNoHits;
    WriteHits(*this, hits.empty() ? kNoHits : hits.front(), w);
  }
  w.EndObject();
  return out;
}

std::shared_ptr<const RowSet> SearchHitsToRowSet(const SearchResults& found,
                                                 const std::vector<std::string>& wanted) {
  auto rows = std::make_shared<RowSet>();
  rows->columns = {{"doc_id", "VARCHAR"}, {"score", "DOUBLE"}, {"chunk_text", "VARCHAR"}};
  std::vector<std::string> columns = wanted;
  if (columns.empty() && found.with_rows) {
    for (const auto& [doc, row] : found.rows) {
      const std::vector<std::string>& names = row.columns->names();
      for (size_t i : row.columns->json_order()) columns.push_back(names[i]);
      break;
    }
  }
  for (const std::string& c : columns) rows->columns.push_back({c, "ANY"});
  if (found.hits.empty()) return rows;
  for (const ChunkHit& hit : found.hits.front()) {
    std::vector<SqlValue> values = {SqlValue::FromJson(hit.chunk.doc_id),
                                    SqlValue::FromJson(static_cast<double>(hit.score)),
                                    SqlValue::FromJson(hit.chunk.text)};
    auto row = found.rows.find(hit.chunk.doc_id);
    const Json row_json = row != found.rows.end() ? row->second.ToJson() : Json::object();
    for (const std::string& c : columns) {
      values.push_back(row_json.contains(c) ? SqlValue::FromJson(row_json[c]) : SqlValue());
    }
    rows->rows.push_back(std::move(values));
  }
  return rows;
}

}  // namespace lakehouse
