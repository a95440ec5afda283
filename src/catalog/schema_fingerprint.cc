#include "catalog/schema_fingerprint.h"

#include "common/hash.h"

namespace lakehouse {

namespace {

std::string NormalizeType(const std::string& type) {
  size_t begin = type.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return std::string();
  size_t end = type.find_last_not_of(" \t\r\n");
  std::string out = type.substr(begin, end - begin + 1);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

void AppendField(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
}

}  // namespace

std::string SchemaFingerprintBytes(const std::vector<Column>& columns) {
  std::string bytes;
  for (const Column& column : columns) {
    AppendField(bytes, column.name);
    AppendField(bytes, NormalizeType(column.type));
    bytes += '\n';
  }
  return bytes;
}

std::string SchemaFingerprint(const std::vector<Column>& columns) {
  return Sha256Hex(SchemaFingerprintBytes(columns));
}

}  // namespace lakehouse
