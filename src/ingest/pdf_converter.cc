#include "ingest/pdf_converter.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ingest/parquet_output.h"
#include "ingest/pdf_ocr.h"
#include "ingest/scratch_table.h"
#include "ingest/utf8_validator.h"

namespace lakehouse {
namespace {

struct PageRow {
  std::string text;
  std::string source = "none";  // text_layer | ocr | none
  std::optional<double> confidence;
  std::optional<std::string> note;
};

std::string PageText(const poppler::document& document, int index) {
  std::unique_ptr<poppler::page> page(document.create_page(index));
  if (!page) return "";
  poppler::byte_array utf8 = page->text().to_utf8();
  std::string text(utf8.begin(), utf8.end());
  // Poppler ends each page with "\n\f"; the page boundary is the row boundary here.
  while (!text.empty() && (text.back() == '\f' || text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  Utf8Validator validator;  // poppler should emit UTF-8; never let a bad byte reach DuckDB
  if (!validator.Feed(text) || !validator.Finish()) return "";
  return text;
}

bool HasText(const std::string& text) {
  return text.find_first_not_of(" \t\r\n\f") != std::string::npos;
}

// Recognises the pages without a text layer, within the page budget; notes the rest.
Status RecognizeScannedPages(const ConversionJob& job, std::vector<PageRow>& rows) {
  std::vector<int> scanned;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].source == "none") scanned.push_back(static_cast<int>(i));
  }
  if (scanned.empty()) return Status::Ok();
  if (job.ocr.max_pages <= 0) {
    for (int i : scanned) rows[i].note = "no text layer; OCR is off (ingest.ocr_max_pages = 0)";
    return Status::Ok();
  }
  std::vector<int> budget = scanned;
  if (static_cast<int64_t>(budget.size()) > job.ocr.max_pages) {
    budget.resize(static_cast<size_t>(job.ocr.max_pages));
    const std::string note = "not recognised: the file has " + std::to_string(scanned.size()) +
                             " pages without a text layer, over ingest.ocr_max_pages = " +
                             std::to_string(job.ocr.max_pages);
    for (size_t k = budget.size(); k < scanned.size(); ++k) rows[scanned[k]].note = note;
  }
  Result<std::vector<OcrPage>> pages = RecognizePdfPages(job.input_path, budget, job.ocr);
  if (!pages.ok()) {
    return Status(pages.status().code(), job.source_name + ": " + pages.status().message());
  }
  for (const OcrPage& page : *pages) {
    PageRow& row = rows[page.page_index];
    if (!page.recognised) {
      row.note = page.note;
      continue;
    }
    row.text = page.text;
    row.source = "ocr";
    row.confidence = page.confidence;
  }
  return Status::Ok();
}

}  // namespace

Status ConvertPdf(Connection& conn, const ConversionJob& job) {
  std::unique_ptr<poppler::document> document(poppler::document::load_from_file(job.input_path));
  if (!document) {
    return InvalidArgument(job.source_name,
                           ": not a readable PDF (corrupt, truncated or "
                           "encrypted)");
  }
  if (document->is_locked()) {
    return InvalidArgument(job.source_name, ": the PDF is encrypted and needs a password");
  }
  const int pages = document->pages();
  if (pages <= 0) return InvalidArgument(job.source_name, ": the PDF has no pages");

  std::vector<PageRow> rows(static_cast<size_t>(pages));
  for (int index = 0; index < pages; ++index) {
    rows[index].text = PageText(*document, index);
    if (HasText(rows[index].text)) rows[index].source = "text_layer";
  }
  document.reset();
  LH_RETURN_IF_ERROR(RecognizeScannedPages(job, rows));

  LH_ASSIGN_OR_RETURN(ScratchTable table,
                      ScratchTable::Create(conn,
                                           "file VARCHAR, page INTEGER, text VARCHAR, "
                                           "text_source VARCHAR, ocr_confidence DOUBLE, "
                                           "ocr_note VARCHAR"));
  {
    LH_ASSIGN_OR_RETURN(Appender appender, conn.CreateAppender(table.name()));
    for (int index = 0; index < pages; ++index) {
      const PageRow& row = rows[index];
      LH_RETURN_IF_ERROR(appender.AppendString(job.source_name));
      LH_RETURN_IF_ERROR(appender.AppendInt32(index + 1));
      LH_RETURN_IF_ERROR(appender.AppendString(row.text));
      LH_RETURN_IF_ERROR(appender.AppendString(row.source));
      if (row.confidence) {
        LH_RETURN_IF_ERROR(appender.AppendDouble(*row.confidence));
      } else {
        LH_RETURN_IF_ERROR(appender.AppendNull());
      }
      if (row.note) {
        LH_RETURN_IF_ERROR(appender.AppendString(*row.note));
      } else {
        LH_RETURN_IF_ERROR(appender.AppendNull());
      }
      LH_RETURN_IF_ERROR(appender.EndRow());
    }
    LH_RETURN_IF_ERROR(appender.Close());
  }
  return CopyToParquet(conn, table.SelectAll(), job).status();
}

}  // namespace lakehouse
