// PDF → Parquet with poppler-cpp, one row per page:
//
//   file VARCHAR (the upload's name), page INTEGER (1-based), text VARCHAR,
//   text_source VARCHAR ('text_layer' | 'ocr' | 'none'), ocr_confidence DOUBLE (0-100, NULL
//   unless 'ocr'), ocr_note VARCHAR (why a page without a text layer has no text; else NULL)
//
// A page with a text layer gives poppler's text layout ('text_layer'). A page without one (a
// scan) is rendered and recognised with Tesseract (ingest/pdf_ocr.h; 'ocr' with its mean word
// confidence) unless OCR is off (ocr.max_pages 0); otherwise, beyond ocr.max_pages such pages, or
// after the file's ocr.timeout_ms, it gives an empty string, text_source 'none' and a note saying
// which limit applied — never a missing row. Trailing line breaks and poppler's form feed are
// trimmed.
//
// Refused with INVALID_ARGUMENT naming job.source_name: a file poppler cannot parse (corrupt or
// truncated), a document that needs a password to open (encrypted with a user password; files
// encrypted only to restrict permissions open without one and are read), and a document with no
// pages. FAILED_PRECONDITION when OCR is needed and Tesseract lacks the configured languages.
// Poppler reports parse problems on stderr through its process-wide debug hook, which this
// converter leaves alone.
//
// Thread-safety: uses `conn`, which is externally synchronised; poppler documents and Tesseract
// instances are local to the call, so concurrent conversions on different connections are safe.
#pragma once

#include "common/status.h"
#include "ingest/conversion_job.h"
#include "sql/connection.h"

namespace lakehouse {

Status ConvertPdf(Connection& conn, const ConversionJob& job);

}  // namespace lakehouse
