// OcrOptions: how PDF pages without a text layer are recognised (ingest/pdf_ocr.h). Filled from
// the `ingest.ocr*` configuration keys by the composition root; carried by StagingOptions into
// every ConversionJob.
//
// Thread-safety: a plain value; externally synchronised.
#pragma once

#include <cstdint>
#include <string>

namespace lakehouse {

struct OcrOptions {
  // ingest.ocr_languages: Tesseract language codes joined by '+', e.g. "eng" or "eng+deu"; each
  // needs its traineddata (Debian: tesseract-ocr-<code>).
  std::string languages = "eng";
  // ingest.ocr_max_pages: most pages recognised per file; the rest get a note instead of text.
  // 0 turns OCR off: pages without a text layer stay empty (text_source "none", with a note).
  int64_t max_pages = 200;
  // ingest.ocr_timeout_ms: wall time for all of a file's OCR; pages not done by then get a note.
  int64_t timeout_ms = 300'000;
  // ingest.ocr_threads: pages recognised at once per file (each thread renders and recognises
  // its own pages with its own Tesseract instance, ~40 MB each for "eng").
  int64_t threads = 2;
  // ingest.ocr_dpi: rendering resolution. 300 is Tesseract's sweet spot for body text; lower is
  // faster but misreads small print.
  int64_t dpi = 300;
};

}  // namespace lakehouse
