// The JSON Schemas of the request bodies the handlers accept (the route contracts in
// api/routes.cc use them; the OpenAPI document shows them). Bodies the handlers check for unknown
// fields are closed objects. Keep a schema beside the parser it describes when you change either.
#pragma once

#include "common/json.h"

namespace lakehouse::request_schemas {

Json SqlQuery(bool paged);         // POST /query/sql, /query/paged
Json DatasetName();                // POST /query/compact, /query/cache/pin, /query/cache/evict
Json CreateBucket();               // POST /storage/buckets
Json CreateDataset();              // POST /catalog/datasets
Json MetadataPatch();              // PATCH .../metadata
Json ColumnPolicy();               // PUT /access/column-policies
Json AiView();                     // POST /access/views
Json IngestForm();                 // POST /ingest/file (multipart/form-data)
Json DbIngest();                   // POST /ingest/db
Json Tombstones();                 // POST .../tombstone
Json IndexDefinition(bool patch);  // POST /vectors/index, /vectors/refresh/{dataset}, PATCH
Json Search();                     // POST /vectors/search
Json SearchBatch();                // POST /vectors/search/batch
Json Rag();                        // POST /vectors/rag
Json IndexEval();                  // POST /vectors/indexes/{name}/evals, .../trials
Json Autotune();                   // POST /vectors/indexes/{name}/autotune
Json Rerank();                     // POST /ai/rerank
Json Embed();                      // POST /ai/embed
Json Generate();                   // POST /ai/generate

}  // namespace lakehouse::request_schemas
