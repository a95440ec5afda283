#include "audit/audit_record.h"

#include <algorithm>

#include "common/json_writer.h"

namespace lakehouse {

void AuditRecord::AddDataset(std::string name) {
  if (name.empty() || std::find(datasets.begin(), datasets.end(), name) != datasets.end()) return;
  datasets.push_back(std::move(name));
}

std::string AuditRecord::ToJsonLine() const {
  std::string out;
  out.reserve(256 + sql.size() + path.size());
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("request_id").String(request_id);
  w.Key("time").Int(time_us);
  w.Key("principal").String(principal);
  w.Key("operation").String(operation);
  w.Key("method").String(method);
  w.Key("path").String(path);
  w.Key("status").Int(status);
  w.Key("duration_ms").Double(duration_ms);
  w.Key("datasets").BeginArray();
  for (const std::string& d : datasets) w.String(d);
  w.EndArray();
  w.Key("sql");
  if (sql.empty()) {
    w.Null();
  } else {
    w.String(sql);
  }
  w.Key("row_count");
  if (row_count) {
    w.Int(*row_count);
  } else {
    w.Null();
  }
  w.Key("index_name");
  if (index_name.empty()) {
    w.Null();
  } else {
    w.String(index_name);
  }
  w.Key("doc_ids").BeginArray();
  for (const std::string& id : doc_ids) w.String(id);
  w.EndArray();
  w.Key("subjects").BeginArray();
  for (const AuditSubject& s : subjects) {
    w.BeginObject().Key("dataset").String(s.dataset).Key("key").String(s.key).EndObject();
  }
  w.EndArray();
  w.EndObject();
  return out;
}

}  // namespace lakehouse
