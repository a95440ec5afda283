// PdfOcr: renders PDF pages with poppler-cpp's page renderer and recognises them with Tesseract
// (the C++ API, tesseract::TessBaseAPI). The only file that includes Tesseract.
//
// Pages are spread over up to OcrOptions::threads worker threads; each worker opens its own
// poppler document (poppler documents are not safe to share across threads) and its own
// TessBaseAPI (not thread-safe either), and takes the next page from a shared counter. One
// deadline (now + timeout_ms) bounds the whole file: Tesseract's progress monitor stops a page
// at it, and pages not started by then are not recognised.
//
// Thread-safety: RecognizePdfPages is reentrant; it starts and joins its own threads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "ingest/ocr_options.h"

namespace lakehouse {

struct OcrPage {
  int page_index = 0;               // 0-based
  bool recognised = false;          // false: timed out (see note) or failed
  std::string text;                 // UTF-8, trailing whitespace trimmed
  double confidence = 0;            // Tesseract's mean word confidence, 0-100
  std::optional<std::string> note;  // why a page was not recognised
};

// Recognises `page_indexes` of the PDF at `path`, in the order given. FAILED_PRECONDITION when
// Tesseract cannot load the languages (naming them and the Debian package to install); a page
// that cannot be rendered or that times out is reported in its OcrPage, not as an error.
Result<std::vector<OcrPage>> RecognizePdfPages(const std::string& path,
                                               const std::vector<int>& page_indexes,
                                               const OcrOptions& options);

}  // namespace lakehouse
