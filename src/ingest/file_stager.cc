#include "ingest/file_stager.h"

#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>
#include <vector>

#include "common/ids.h"
#include "ingest/csv_converter.h"
#include "ingest/input_scan.h"
#include "ingest/input_scanner.h"
#include "ingest/json_converter.h"
#include "ingest/parquet_converter.h"
#include "ingest/parquet_output.h"
#include "ingest/pdf_converter.h"
#include "ingest/sms_converter.h"
#include "ingest/text_converter.h"
#include "storage/write_behind.h"

namespace lakehouse {
namespace {

namespace fs = std::filesystem;

// Removes a staging file unless released: failed conversions leave no partial Parquet behind.
class PendingFile {
 public:
  explicit PendingFile(fs::path path) : path_(std::move(path)) {}
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;
  ~PendingFile() {
    std::error_code ignored;
    if (!released_) fs::remove(path_, ignored);
  }
  void Release() { released_ = true; }

 private:
  fs::path path_;
  bool released_ = false;
};

Result<BadRows> Convert(Connection& conn, const ConversionJob& job, InputFormat format,
                        const CsvOptions& csv) {
  Status status;
  switch (format) {
    case InputFormat::kCsv:
    case InputFormat::kTsv:
      return ConvertCsv(conn, job, csv, format);
    case InputFormat::kJson:
    case InputFormat::kNdjson:
      status = ConvertJson(conn, job, format);
      break;
    case InputFormat::kParquet:
      status = ConvertParquet(conn, job);
      break;
    case InputFormat::kPdf:
      status = ConvertPdf(conn, job);
      break;
    case InputFormat::kText:
      status = ConvertText(conn, job);
      break;
    case InputFormat::kSms:
      status = ConvertSms(conn, job);
      break;
  }
  LH_RETURN_IF_ERROR(status);
  return BadRows{};
}

// DuckDB's JSON reader refuses a UTF-8 byte order mark. A JSON upload that starts with one is
// converted from a copy without it (in the staging directory, removed with the job).
constexpr std::string_view kUtf8Bom = "\xef\xbb\xbf";

Result<bool> StartsWithBom(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open uploaded file");
  char head[3] = {0, 0, 0};
  in.read(head, 3);
  return in.gcount() == 3 && std::string_view(head, 3) == kUtf8Bom;
}

Status CopyWithoutBom(const std::string& from, const fs::path& to) {
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  if (!in || !out) return Unavailable("cannot copy the upload without its byte order mark");
  in.seekg(static_cast<std::streamoff>(kUtf8Bom.size()));
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    out.write(buffer.data(), in.gcount());
  }
  out.flush();
  if (in.bad() || !out) return Unavailable("cannot copy the upload without its byte order mark");
  return Status::Ok();
}

// The scan that ran while the upload streamed in, when it used these very parameters; otherwise
// a pass over the file now.
Result<InputFacts> ScanOnce(const StageRequest& request, const std::string& source_name,
                            InputFormat format, const ScanLimits& limits) {
  const InputScanner* prescan = request.prescan.get();
  if (prescan != nullptr && prescan->finished() && prescan->Matches(source_name, format, limits)) {
    return prescan->result();
  }
  return ScanInput(request.input_path, source_name, format, limits);
}

}  // namespace

ScanLimits StagingScanLimits(const StagingOptions& options, InputFormat format,
                             const CsvOptions& csv, bool hash) {
  ScanLimits limits;
  limits.max_columns = options.max_columns;
  limits.max_line_bytes = options.max_line_bytes;
  if (format == InputFormat::kCsv || format == InputFormat::kTsv) {
    limits.csv = CsvShapeFor(csv, format);
  }
  limits.hash = hash;
  return limits;
}

FileStager::FileStager(Connection& conn, StagingOptions options)
    : conn_(conn), options_(std::move(options)) {}

Status FileStager::ValidateOptions() const {
  if (options_.staging_dir.empty()) return FailedPrecondition("staging directory is not set");
  if (options_.row_group_size < kMinRowGroupSize || options_.row_group_size > kMaxRowGroupSize) {
    return FailedPrecondition("staging row_group_size must be in ",
                              std::to_string(kMinRowGroupSize), "..",
                              std::to_string(kMaxRowGroupSize));
  }
  if (options_.max_columns < 1) return FailedPrecondition("staging max_columns must be positive");
  if (options_.max_line_bytes < 1) {
    return FailedPrecondition("staging max_line_bytes must be positive");
  }
  return Status::Ok();
}

Result<StagedFile> FileStager::StageFile(const StageRequest& request) {
  LH_RETURN_IF_ERROR(ValidateOptions());
  if (request.input_path.empty()) return InvalidArgument("no input file given");
  const std::string source_name = request.source_name.empty()
                                      ? fs::path(request.input_path).filename().string()
                                      : request.source_name;
  LH_ASSIGN_OR_RETURN(InputFormat format,
                      DetectFormat(request.input_path, source_name, request.format));
  const bool csv = format == InputFormat::kCsv || format == InputFormat::kTsv;
  if (csv) {
    if (Status s = ValidateCsvOptions(request.csv); !s.ok()) {
      return InvalidArgument(source_name, ": ", s.message());
    }
  }

  const ScanLimits limits =
      StagingScanLimits(options_, format, request.csv, /*hash=*/request.sha256.empty());
  LH_ASSIGN_OR_RETURN(InputFacts facts, ScanOnce(request, source_name, format, limits));

  std::error_code error;
  fs::create_directories(options_.staging_dir, error);
  if (error) {
    return Unavailable("cannot create staging directory ", options_.staging_dir, ": ",
                       error.message());
  }
  const fs::path final_path = fs::path(options_.staging_dir) / (NewUuid() + ".parquet");
  const fs::path temp_path = fs::path(final_path).concat(".tmp");
  PendingFile pending(temp_path);
  // DuckDB's messages name the path as given; an absolute one is what InputError replaces.
  fs::path input = fs::absolute(request.input_path, error);
  if (error) input = request.input_path;
  const bool json = format == InputFormat::kJson || format == InputFormat::kNdjson;
  const fs::path bomless = fs::path(final_path).concat(".nobom");
  PendingFile pending_bomless(bomless);
  if (json) {
    Result<bool> bom = StartsWithBom(input.string());
    if (!bom.ok()) return NotFound(source_name, ": ", bom.status().message());
    if (*bom) {
      LH_RETURN_IF_ERROR(CopyWithoutBom(input.string(), bomless).WithContext(source_name));
      input = bomless;
    }
  }
  ConversionJob job{input.string(),       source_name,
                    temp_path.string(),   options_.row_group_size,
                    options_.max_columns, options_.max_line_bytes,
                    options_.ocr};
  CsvOptions csv_options = request.csv;
  if (csv && !csv_options.delimiter && facts.csv_delimiter) {
    csv_options.delimiter = std::string(1, *facts.csv_delimiter);
  }
  BadRows bad_rows;
  {
    // The staged file is fsynced when it moves into its bucket; start its writeback while DuckDB
    // is still writing it, so that fsync has little left to do.
    WriteBehind write_behind(temp_path.string());
    LH_ASSIGN_OR_RETURN(bad_rows, Convert(conn_, job, format, csv_options));
  }
  LH_ASSIGN_OR_RETURN(ParquetSummary summary, SummarizeParquet(conn_, temp_path.string()));
  LH_RETURN_IF_ERROR(CheckColumnCount(summary.columns.size(), job));

  fs::rename(temp_path, final_path, error);
  if (error) return Unavailable("cannot publish staged file: ", error.message());
  pending.Release();
  return StagedFile{final_path.string(),
                    summary.row_count,
                    std::move(summary.columns),
                    request.sha256.empty() ? std::move(facts.sha256) : request.sha256,
                    facts.size_bytes,
                    format,
                    source_name,
                    std::move(bad_rows)};
}

}  // namespace lakehouse
