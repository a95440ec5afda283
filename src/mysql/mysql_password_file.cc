#include "mysql/mysql_password_file.h"

#include <sys/stat.h>

#include <fstream>
#include <vector>

#include "common/logging.h"

namespace lakehouse {
namespace {

// The five fields of one line, unescaped; fewer than five → not a valid line.
std::vector<std::string> SplitFields(const std::string& line) {
  std::vector<std::string> fields(1);
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      fields.back() += line[++i];
    } else if (line[i] == ':' && fields.size() < 5) {
      fields.emplace_back();
    } else {
      fields.back() += line[i];
    }
  }
  return fields;
}

bool FieldMatches(const std::string& field, const std::string& value) {
  return field == "*" || field == value;
}

}  // namespace

std::optional<std::string> LookUpMysqlPassword(const std::string& password_file,
                                               const MysqlDsn& dsn) {
  if (password_file.empty()) return std::nullopt;
  struct stat st {};
  if (stat(password_file.c_str(), &st) != 0) return std::nullopt;
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    LH_LOG_WARN("mysql.password_file {} is readable by group or others; not using it (chmod 0600)",
                password_file);
    return std::nullopt;
  }
  std::ifstream in(password_file);
  const std::string host = dsn.socket().empty() ? dsn.host() : "localhost";
  const std::string port = std::to_string(dsn.port());
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> f = SplitFields(line);
    if (f.size() != 5) continue;
    if (FieldMatches(f[0], host) && FieldMatches(f[1], port) &&
        FieldMatches(f[2], dsn.database()) && FieldMatches(f[3], dsn.user())) {
      return f[4];
    }
  }
  return std::nullopt;
}

}  // namespace lakehouse
