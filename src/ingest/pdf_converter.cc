#include "ingest/pdf_converter.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <memory>
#include <string>

#include "ingest/parquet_output.h"
#include "ingest/scratch_table.h"
#include "ingest/utf8_validator.h"

namespace lakehouse {
namespace {

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

  LH_ASSIGN_OR_RETURN(ScratchTable table,
                      ScratchTable::Create(conn, "file VARCHAR, page INTEGER, text VARCHAR"));
  {
    LH_ASSIGN_OR_RETURN(Appender appender, conn.CreateAppender(table.name()));
    for (int index = 0; index < pages; ++index) {
      LH_RETURN_IF_ERROR(appender.AppendString(job.source_name));
      LH_RETURN_IF_ERROR(appender.AppendInt32(index + 1));
      LH_RETURN_IF_ERROR(appender.AppendString(PageText(*document, index)));
      LH_RETURN_IF_ERROR(appender.EndRow());
    }
    LH_RETURN_IF_ERROR(appender.Close());
  }
  return CopyToParquet(conn, table.SelectAll(), job).status();
}

}  // namespace lakehouse
