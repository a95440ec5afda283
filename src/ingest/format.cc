#include "ingest/format.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <utility>

#include "common/strings.h"

namespace lakehouse {
namespace {

constexpr std::array<std::pair<std::string_view, InputFormat>, 10> kExtensions = {{
    {".csv", InputFormat::kCsv},
    {".tsv", InputFormat::kTsv},
    {".json", InputFormat::kJson},
    {".ndjson", InputFormat::kNdjson},
    {".jsonl", InputFormat::kNdjson},
    {".parquet", InputFormat::kParquet},
    {".pdf", InputFormat::kPdf},
    {".txt", InputFormat::kText},
    {".sms", InputFormat::kSms},
    {".text", InputFormat::kText},
}};

constexpr size_t kPdfMagicWindow = 1024;

std::string Extension(std::string_view name) {
  return AsciiLower(std::filesystem::path(std::string(name)).extension().string());
}

std::optional<InputFormat> FormatOfExtension(std::string_view extension) {
  for (const auto& [known, candidate] : kExtensions) {
    if (known == extension) return candidate;
  }
  return std::nullopt;
}

struct Magic {
  bool parquet = false;  // "PAR1" at both ends
  bool pdf = false;      // "%PDF-" near the start (readers tolerate leading junk)
  bool pdf_at_start = false;
};

Result<Magic> ReadMagic(const std::string& path, std::string_view source_name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(source_name, ": cannot open uploaded file");
  std::string head(kPdfMagicWindow, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  Magic magic;
  magic.pdf = head.find("%PDF-") != std::string::npos;
  magic.pdf_at_start = head.compare(0, 5, "%PDF-") == 0;
  if (head.size() >= 8 && head.compare(0, 4, "PAR1") == 0) {
    in.clear();
    in.seekg(-4, std::ios::end);
    std::string tail(4, '\0');
    in.read(tail.data(), 4);
    magic.parquet = in.gcount() == 4 && tail == "PAR1";
  }
  return magic;
}

}  // namespace

std::string_view InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kCsv:
      return "csv";
    case InputFormat::kTsv:
      return "tsv";
    case InputFormat::kJson:
      return "json";
    case InputFormat::kNdjson:
      return "ndjson";
    case InputFormat::kParquet:
      return "parquet";
    case InputFormat::kPdf:
      return "pdf";
    case InputFormat::kText:
      return "text";
    case InputFormat::kSms:
      return "sms";
  }
  return "unknown";
}

Result<InputFormat> ParseInputFormat(std::string_view name) {
  std::string lower = AsciiLower(name);
  for (const auto& [extension, format] : kExtensions) {
    if (extension.substr(1) == lower || InputFormatName(format) == lower) return format;
  }
  return InvalidArgument("unknown format '", std::string(name),
                         "' (expected csv, tsv, json, ndjson, parquet, pdf, text or sms)");
}

bool IsTextFormat(InputFormat format) {
  return format != InputFormat::kParquet && format != InputFormat::kPdf;
}

std::optional<InputFormat> FormatFromExtension(std::string_view source_name) {
  return FormatOfExtension(Extension(source_name));
}

Result<InputFormat> DetectFormat(const std::string& path, std::string_view source_name,
                                 std::optional<InputFormat> explicit_format) {
  LH_ASSIGN_OR_RETURN(Magic magic, ReadMagic(path, source_name));
  std::optional<InputFormat> format = explicit_format;
  std::string extension = Extension(source_name);
  if (extension.empty()) extension = Extension(path);
  if (!format) format = FormatOfExtension(extension);
  if (!format) {
    if (magic.parquet) return InputFormat::kParquet;
    if (magic.pdf) return InputFormat::kPdf;
    return InvalidArgument(source_name, ": cannot tell the format from the extension '", extension,
                           "'; name the format explicitly");
  }
  std::string_view name = InputFormatName(*format);
  if (*format == InputFormat::kParquet && !magic.parquet) {
    return InvalidArgument(source_name, ": not a Parquet file (no PAR1 magic at start and end)");
  }
  if (*format == InputFormat::kPdf && !magic.pdf) {
    return InvalidArgument(source_name, ": not a PDF file (no %PDF- header)");
  }
  if (IsTextFormat(*format) && (magic.parquet || magic.pdf_at_start)) {
    return InvalidArgument(source_name, ": expected ", name, " text but the file is a ",
                           magic.parquet ? "Parquet" : "PDF", " file");
  }
  return *format;
}

}  // namespace lakehouse
