#include "ingest/text_converter.h"

#include "ingest/parquet_output.h"
#include "sql/sql_literal.h"

namespace lakehouse {

Status ConvertText(Connection& conn, const ConversionJob& job) {
  LH_RETURN_IF_ERROR(CheckSqlText("file name", job.source_name));
  const std::string select =
      StrCat("SELECT ", SqlStringLiteral(job.source_name), "::VARCHAR AS file, content AS text, ",
             "size::BIGINT AS size_bytes FROM read_text(", SqlStringLiteral(job.input_path), ")");
  return CopyToParquet(conn, select, job).status();
}

}  // namespace lakehouse
