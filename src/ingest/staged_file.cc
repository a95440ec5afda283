#include "ingest/staged_file.h"

namespace lakehouse {

Json StagedFileToJson(const StagedFile& file) {
  Json columns = Json::array();
  for (const ColumnSpec& column : file.columns) {
    columns.push_back(
        {{"name", column.name}, {"type", column.type}, {"nullable", column.nullable}});
  }
  return Json{{"parquet_path", file.parquet_path},
              {"row_count", file.row_count},
              {"columns", std::move(columns)},
              {"input_sha256", file.input_sha256},
              {"input_size_bytes", file.input_size_bytes},
              {"format", InputFormatName(file.format)},
              {"source_name", file.source_name}};
}

}  // namespace lakehouse
