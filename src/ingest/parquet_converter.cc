#include "ingest/parquet_converter.h"

#include <vector>

#include "ingest/parquet_output.h"
#include "sql/sql_literal.h"

namespace lakehouse {

Status ConvertParquet(Connection& conn, const ConversionJob& job) {
  const std::string select =
      StrCat("SELECT * FROM read_parquet(", SqlStringLiteral(job.input_path), ")");
  LH_ASSIGN_OR_RETURN(std::vector<ColumnSpec> columns, DescribeSelect(conn, select, job));
  LH_RETURN_IF_ERROR(CheckColumnCount(columns.size(), job));
  return CopyToParquet(conn, select, job).status();
}

}  // namespace lakehouse
