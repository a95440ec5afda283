// JSON (kJson: a top-level array of records, a single object, or records one after another) and
// NDJSON (kNdjson: one record per line) → Parquet through DuckDB's read_json.
//
// Schema detection reads the whole file (sample_size = -1, so a key first seen late is not
// dropped) with map inference off (wide objects stay STRUCTs rather than becoming MAPs). The
// detected columns are then flattened: every STRUCT column becomes one column per field, named
// `parent.child`, recursively (`a.b.c`). LISTs are kept as LISTs, and STRUCTs inside a LIST stay
// STRUCTs (`STRUCT(x BIGINT)[]`). The copy reuses the detected schema instead of detecting again.
//
// Refused with INVALID_ARGUMENT naming job.source_name: invalid JSON (DuckDB's message with the
// position, its record number turned into the real line of the upload), no records, more than
// job.max_columns columns after flattening, and two flattened names that collide (e.g. a key "a.b"
// next to an object "a" with a key "b").
//
// Thread-safety: uses `conn`, which is externally synchronised.
#pragma once

#include "common/status.h"
#include "ingest/conversion_job.h"
#include "ingest/format.h"
#include "sql/connection.h"

namespace lakehouse {

// Writes job.output_path. `format` is kJson or kNdjson.
Status ConvertJson(Connection& conn, const ConversionJob& job, InputFormat format);

}  // namespace lakehouse
