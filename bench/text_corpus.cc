#include "bench/text_corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_set>

#include "common/hash.h"

namespace lakehouse::bench {

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(std::move(w));
  return out;
}

TextCorpus LoadCorpus() {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/usr/share/common-licenses", ec)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  for (const auto& e : std::filesystem::directory_iterator("/usr/share/doc", ec)) {
    std::filesystem::path copyright = e.path() / "copyright";
    if (std::filesystem::is_regular_file(copyright, ec)) files.push_back(copyright);
  }
  std::sort(files.begin(), files.end());
  TextCorpus corpus;
  std::unordered_set<std::string> seen;
  std::string all;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ++corpus.files;
    std::string source = path.parent_path().filename().string();
    std::string paragraph;
    auto end_paragraph = [&] {
      std::string joined;
      for (const std::string& w : Words(paragraph)) joined += (joined.empty() ? "" : " ") + w;
      paragraph.clear();
      if (joined.size() < 40 || !seen.insert(joined).second) return;
      corpus.bytes += static_cast<int64_t>(joined.size());
      all += joined;
      all += '\n';
      corpus.paragraphs.push_back(std::move(joined));
      corpus.sources.push_back(source);
    };
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) {
        end_paragraph();
      } else {
        paragraph += line;
        paragraph += '\n';
      }
    }
    end_paragraph();
  }
  corpus.sha256 = Sha256Hex(all);
  return corpus;
}

}  // namespace lakehouse::bench
