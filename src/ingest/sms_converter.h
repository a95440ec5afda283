// SMS/chat export → Parquet, one row per message (line format in sms_parser.h):
//
//   ts TIMESTAMP, sender VARCHAR, body VARCHAR
//
// The file is parsed line by line in C++ and appended to a ScratchTable, then copied. The caller
// (FileStager) has already checked that the file is non-empty UTF-8.
//
// Refused with INVALID_ARGUMENT "<source_name>: line N: <reason>" (see sms_parser.h), or
// "<source_name>: no messages" for a file of blank lines.
//
// Thread-safety: uses `conn`, which is externally synchronised.
#pragma once

#include "common/status.h"
#include "ingest/conversion_job.h"
#include "sql/connection.h"

namespace lakehouse {

Status ConvertSms(Connection& conn, const ConversionJob& job);

}  // namespace lakehouse
