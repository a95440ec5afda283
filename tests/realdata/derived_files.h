// Files the real-data suite derives from the corpora at test time, in a temporary directory:
// NDJSON written here from the parsed speeches, CSV/TSV/NDJSON/Parquet exports made by an
// in-memory DuckDB (through lh_sql, like tests/support's WriteParquet), subsets of the FFQ CSV cut
// from its own lines, and a PDF of one address typeset by groff's gropdf (Debian's groff).
//
// Thread-safety: free functions; each call opens its own in-memory DuckDB.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "tests/realdata/corpus.h"

namespace lakehouse::realdata {

// One JSON object per line: {"id","year","name","party","text"}.
std::string SpeechesNdjson(const std::vector<Speech>& speeches);

// The FFQ CSV's header and the data lines [begin, end), exactly as in the source file.
std::string FfqCsvSlice(const FfqTable& table, size_t begin, size_t end);

// COPY (select) TO path (copy_options) on an in-memory DuckDB, e.g. copy_options
// "FORMAT parquet" or "FORMAT csv, DELIMITER '\t', HEADER". Returns the file's bytes.
Result<std::string> DuckDbExport(const std::string& select, const std::string& path,
                                 const std::string& copy_options);

// Typesets `text` as a Letter-sized PDF with groff -Tpdf (hyphenation and justification off, so
// the extracted words are the source's words). Returns the PDF's bytes.
Result<std::string> RenderPdf(const std::string& text, const std::string& path);

// Pages of a PDF written by gropdf, counted from its page objects (/Type /Page).
int64_t PdfPageCount(const std::string& pdf);

}  // namespace lakehouse::realdata
