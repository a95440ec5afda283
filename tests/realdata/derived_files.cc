#include "tests/realdata/derived_files.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "common/json.h"
#include "sql/database.h"

namespace lakehouse::realdata {

std::string SpeechesNdjson(const std::vector<Speech>& speeches) {
  std::string out;
  for (const Speech& s : speeches) {
    out += DumpJson(Json{
        {"id", s.id}, {"year", s.year}, {"name", s.name}, {"party", s.party}, {"text", s.text}});
    out += '\n';
  }
  return out;
}

std::string FfqCsvSlice(const FfqTable& table, size_t begin, size_t end) {
  std::string out;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    out += (i ? ",\"" : "\"") + table.columns[i] + "\"";
  }
  out += '\n';
  for (size_t r = begin; r < end && r < table.lines.size(); ++r) out += table.lines[r] + '\n';
  return out;
}

Result<std::string> DuckDbExport(const std::string& select, const std::string& path,
                                 const std::string& copy_options) {
  LH_ASSIGN_OR_RETURN(Database db, Database::Open({}));
  LH_ASSIGN_OR_RETURN(Connection conn, db.Connect());
  LH_RETURN_IF_ERROR(
      conn.Execute("COPY (" + select + ") TO '" + path + "' (" + copy_options + ")"));
  return ReadFileBytes(path);
}

Result<std::string> RenderPdf(const std::string& text, const std::string& path) {
  // groff input: no hyphenation, ragged right; every line starts with \& so that no word is read
  // as a request, and backslashes are escaped.
  std::string roff = ".nh\n.ad l\n";
  std::string line;
  for (const std::string& word : Words(text)) {
    std::string escaped;
    for (char c : word) escaped += c == '\\' ? std::string("\\e") : std::string(1, c);
    if (!line.empty() && line.size() + escaped.size() > 100) {
      roff += "\\&" + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + escaped;
  }
  if (!line.empty()) roff += "\\&" + line + "\n";
  const std::string roff_path = path + ".roff";
  LH_RETURN_IF_ERROR(WriteFileBytes(roff_path, roff));
  const std::string cmd =
      "groff -Tpdf -P-pletter -Kutf8 '" + roff_path + "' > '" + path + "' 2>'" + path + ".err'";
  int status = std::system(cmd.c_str());
  if (status != 0) {
    auto err = ReadFileBytes(path + ".err");
    return Internal("groff failed (is Debian's groff installed? scripts/setup.sh installs it): ",
                    err.ok() ? *err : std::string());
  }
  return ReadFileBytes(path);
}

int64_t PdfPageCount(const std::string& pdf) {
  int64_t pages = 0;
  const std::string marker = "/Type /Page";
  for (size_t at = pdf.find(marker); at != std::string::npos; at = pdf.find(marker, at + 1)) {
    const size_t next = at + marker.size();
    pages += next >= pdf.size() || !std::isalpha(static_cast<unsigned char>(pdf[next]));
  }
  return pages;
}

}  // namespace lakehouse::realdata
