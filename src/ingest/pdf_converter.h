// PDF → Parquet with poppler-cpp, one row per page:
//
//   file VARCHAR (the upload's name), page INTEGER (1-based), text VARCHAR (poppler's text layout)
//
// Pages are appended to a ScratchTable and then copied. Trailing line breaks and poppler's form
// feed are trimmed from each page. A page without extractable text (a scan) gives an empty
// string, not a missing row.
//
// Refused with INVALID_ARGUMENT naming job.source_name: a file poppler cannot parse (corrupt or
// truncated), a document that needs a password to open (encrypted with a user password; files
// encrypted only to restrict permissions open without one and are read), and a document with no
// pages. Poppler reports parse problems on stderr through its process-wide debug hook, which this
// converter leaves alone.
//
// Thread-safety: uses `conn`, which is externally synchronised; poppler documents are local to the
// call, so concurrent conversions on different connections are safe.
#pragma once

#include "common/status.h"
#include "ingest/conversion_job.h"
#include "sql/connection.h"

namespace lakehouse {

Status ConvertPdf(Connection& conn, const ConversionJob& job);

}  // namespace lakehouse
