// Handlers for file ingest:
//   POST /ingest/file                                    multipart upload → one dataset commit
//   GET  /catalog/datasets/by-name/{name}/schema-diff    ?against=<key>&bucket=<bucket>&format=
//   POST /catalog/datasets/by-name/{name}/tombstone      {"row_key_column","row_key_values":[…],
//                                                        "actor"?,"reason"?} → 200, or 207 when
//                                                        some values matched nothing
//   GET  /catalog/datasets/by-name/{name}/tombstone      the live tombstones
//
// POST /ingest/file takes multipart/form-data: one or more parts named `file` (with a filename)
// and the fields dataset, mode (append|replace|upsert), key, format, delimiter, header
// (true|false), allow_schema_change (true|false), on_bad_rows (error|skip|pad; CSV/TSV),
// null_values (a JSON array of strings read as NULL; CSV/TSV), on_duplicate_key
// (error|first|last). File parts are streamed to spool files, never held in memory. Headers:
// X-Lakehouse-Bucket (the bucket; unknown → 404 listing the valid ones), X-Lakehouse-Actor. 200
// with IngestResult::ToJson; an incompatible schema change is 409 with
// {"error":{…},"schema_diff":{…}}.
//
// Thread-safety: thread-safe (stateless over a thread-safe service).
#pragma once

#include <string>

#include "access/dataset_authorizer.h"
#include "http/http_types.h"
#include "ingest/ingest_service.h"
#include "ingest/tombstone_service.h"

namespace lakehouse {

class IngestHandlers {
 public:
  // `spool_dir`: where uploads are streamed; `max_upload_bytes` caps each file (< 0: no cap).
  // Ingest and tombstones need write on the dataset (`authorizer`).
  IngestHandlers(IngestService* ingest, TombstoneService* tombstones, std::string spool_dir,
                 int64_t max_upload_bytes, const DatasetAuthorizer* authorizer)
      : ingest_(ingest),
        tombstones_(tombstones),
        spool_dir_(std::move(spool_dir)),
        max_upload_bytes_(max_upload_bytes),
        authorizer_(authorizer) {}

  Result<HttpResponse> IngestFile(HttpRequest& request);      // POST /ingest/file
  Result<HttpResponse> SchemaDiff(HttpRequest& request);      // GET …/by-name/{name}/schema-diff
  Result<HttpResponse> AddTombstones(HttpRequest& request);   // POST …/by-name/{name}/tombstone
  Result<HttpResponse> ListTombstones(HttpRequest& request);  // GET …/by-name/{name}/tombstone

 private:
  IngestService* ingest_;
  TombstoneService* tombstones_;
  std::string spool_dir_;
  int64_t max_upload_bytes_;
  const DatasetAuthorizer* authorizer_;
};

}  // namespace lakehouse
