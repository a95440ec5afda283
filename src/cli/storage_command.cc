// `lakehouse buckets …`, `lakehouse objects …`, `lakehouse storage errors`: the object store.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command_table.h"
#include "cli/record_output.h"
#include "cli/server_client.h"

namespace lakehouse {
namespace {

template <typename Print>
int Call(const Invocation& in, HttpMethod method, const std::string& path, const Json& body,
         Print human) {
  Json answer;
  if (int code = CallServer(in.server(), method, path, body, &answer)) return code;
  if (in.Has("--json")) {
    PrintJson(answer);
  } else {
    human(answer);
  }
  return kExitOk;
}

int ListBuckets(const Invocation& in) {
  return Call(in, HttpMethod::kGet, "/storage/buckets", nullptr, [](const Json& r) {
    PrintRecords(r.value("buckets", Json::array()),
                 {"name", "backend", "root", "is_primary", "is_rescue", "source"}, std::cout);
  });
}

int CreateBucket(const Invocation& in) {
  Json body = {{"name", in.Get("NAME")}, {"root", in.Get("--root")}};
  if (in.Has("--backend")) body["backend"] = in.Get("--backend");
  return Call(in, HttpMethod::kPost, "/storage/buckets", body, [](const Json& b) {
    std::cout << "created bucket '" << b.value("name", "") << "' at " << b.value("root", "")
              << "\n";
  });
}

int DeleteBucket(const Invocation& in) {
  return Call(in, HttpMethod::kDelete, "/storage/buckets/" + UrlEncode(in.Get("NAME")), nullptr,
              [&](const Json&) { std::cout << "removed bucket '" << in.Get("NAME") << "'\n"; });
}

int Health(const Invocation& in) {
  const std::string query = in.Has("--count-objects") ? "?count_objects=true" : "";
  return Call(in, HttpMethod::kGet, "/storage/bucket-health" + query, nullptr, [](const Json& r) {
    PrintRecords(r.value("buckets", Json::array()),
                 {"bucket", "reachable", "free_bytes", "probe_micros", "objects"}, std::cout);
  });
}

int Errors(const Invocation& in) {
  std::string query;
  if (in.Has("--limit")) query += "?limit=" + UrlEncode(in.Get("--limit"));
  if (in.Has("--bucket"))
    query += (query.empty() ? "?" : "&") + ("bucket=" + UrlEncode(in.Get("--bucket")));
  return Call(in, HttpMethod::kGet, "/storage/errors" + query, nullptr, [](const Json& r) {
    const Json errors = r.value("errors", Json::array());
    if (errors.empty() || !errors.front().is_object()) {
      std::cout << "(none)\n";
      return;
    }
    std::vector<std::string> fields;
    for (auto it = errors.front().begin(); it != errors.front().end(); ++it) {
      fields.push_back(it.key());
    }
    PrintRecords(errors, fields, std::cout);
  });
}

// Object keys keep their '/' in the path; every other byte is encoded.
std::string ObjectPath(const Invocation& in) {
  std::string key;
  for (char c : in.Get("KEY")) key += c == '/' ? "/" : UrlEncode(std::string(1, c));
  return "/storage/buckets/" + UrlEncode(in.Get("BUCKET")) + "/objects/" + key;
}

int ListObjects(const Invocation& in) {
  std::string path = "/storage/buckets/" + UrlEncode(in.Get("BUCKET")) + "/objects";
  if (in.Has("--prefix")) path += "?prefix=" + UrlEncode(in.Get("--prefix"));
  return Call(in, HttpMethod::kGet, path, nullptr, [](const Json& r) {
    PrintRecords(r.value("objects", Json::array()), {"key", "size_bytes", "modified_at"},
                 std::cout);
  });
}

int PutObject(const Invocation& in) {
  std::ifstream file(in.Get("FILE"), std::ios::binary);
  if (!file) return UsageError("cannot read '" + in.Get("FILE") + "'");
  std::ostringstream bytes;
  bytes << file.rdbuf();
  ClientResponse response;
  if (int code = CallServerRaw(in.server(), HttpMethod::kPut, ObjectPath(in), bytes.str(),
                               "application/octet-stream", {}, &response)) {
    return code;
  }
  std::cout << (in.Has("--json") ? response.body + "\n"
                                 : "wrote " + in.Get("BUCKET") + "/" + in.Get("KEY") + "\n");
  return kExitOk;
}

int GetObject(const Invocation& in) {
  ClientResponse response;
  if (int code =
          CallServerRaw(in.server(), HttpMethod::kGet, ObjectPath(in), "", "", {}, &response)) {
    return code;
  }
  if (!in.Has("--output")) {
    std::cout << response.body << std::flush;
    return kExitOk;
  }
  std::ofstream out(in.Get("--output"), std::ios::binary);
  out << response.body;
  if (!out) return UsageError("cannot write '" + in.Get("--output") + "'");
  return kExitOk;
}

int DeleteObject(const Invocation& in) {
  ClientResponse response;
  if (int code =
          CallServerRaw(in.server(), HttpMethod::kDelete, ObjectPath(in), "", "", {}, &response)) {
    return code;
  }
  std::cout << "deleted " << in.Get("BUCKET") << "/" << in.Get("KEY") << "\n";
  return kExitOk;
}

}  // namespace

std::vector<CommandSpec> StorageCommands() {
  const std::string objects = "/storage/buckets/{bucket}/objects";
  const ArgSpec bucket{"BUCKET", "Bucket name", true, "bucket"};
  const ArgSpec key{"KEY", "Object key (a/b/c.parquet)", true, ""};
  return {
      {"buckets",
       "List buckets (or: create, delete, health)",
       "lakehouse buckets [list|create|delete|health] …",
       {},
       {JsonFlag()},
       "lakehouse buckets",
       {"GET /storage/buckets"},
       ListBuckets},
      {"buckets list",
       "List buckets: backend, root, primary/rescue, where configured",
       "lakehouse buckets list [--json]",
       {},
       {JsonFlag()},
       "lakehouse buckets list",
       {"GET /storage/buckets"},
       ListBuckets},
      {"buckets create",
       "Add a bucket at runtime (persisted)",
       "lakehouse buckets create NAME --root DIR [--backend B] [--json]",
       {{"NAME", "Bucket name", true, ""}},
       {{"--root", FlagType::kString, "Directory of the bucket (within storage.allowed_roots)",
         true},
        {"--backend", FlagType::kString, "Backend (default local)"},
        JsonFlag()},
       "lakehouse buckets create archive --root /srv/lake/archive",
       {"POST /storage/buckets"},
       CreateBucket},
      {"buckets delete",
       "Remove a runtime bucket (never the primary or rescue one)",
       "lakehouse buckets delete NAME",
       {{"NAME", "Bucket name", true, "bucket"}},
       {},
       "lakehouse buckets delete archive",
       {"DELETE /storage/buckets/{name}"},
       DeleteBucket},
      {"buckets health",
       "Reachability and free space per bucket",
       "lakehouse buckets health [--count-objects] [--json]",
       {},
       {{"--count-objects", FlagType::kBool, "Also count objects (slower)"}, JsonFlag()},
       "lakehouse buckets health",
       {"GET /storage/bucket-health"},
       Health},
      {"storage",
       "The storage error journal (storage errors)",
       "lakehouse storage errors …",
       {},
       {},
       "lakehouse storage errors",
       {},
       nullptr},
      {"storage errors",
       "Recent failed bucket operations, newest first",
       "lakehouse storage errors [--bucket B] [--limit N] [--json]",
       {},
       {{"--bucket", FlagType::kString, "Only this bucket"},
        {"--limit", FlagType::kInt, "At most this many (default 100)"},
        JsonFlag()},
       "lakehouse storage errors --limit 20",
       {"GET /storage/errors"},
       Errors},
      {"objects",
       "Objects in a bucket: list, put, get, delete",
       "lakehouse objects …",
       {},
       {},
       "lakehouse objects list primary --prefix raw/",
       {},
       nullptr},
      {"objects list",
       "List objects by key prefix",
       "lakehouse objects list BUCKET [--prefix P] [--json]",
       {bucket},
       {{"--prefix", FlagType::kString, "Only keys starting with this"}, JsonFlag()},
       "lakehouse objects list primary --prefix raw/",
       {"GET " + objects},
       ListObjects},
      {"objects put",
       "Write a local file as an object (replaces atomically)",
       "lakehouse objects put BUCKET KEY FILE [--json]",
       {bucket, key, {"FILE", "Local file", true, "file"}},
       {JsonFlag()},
       "lakehouse objects put primary raw/orders.parquet ./orders.parquet",
       {"PUT " + objects + "/{key...}"},
       PutObject},
      {"objects get",
       "Read an object to stdout or --output FILE",
       "lakehouse objects get BUCKET KEY [--output FILE]",
       {bucket, key},
       {{"--output", FlagType::kFile, "Write here instead of stdout"}},
       "lakehouse objects get primary raw/orders.parquet --output orders.parquet",
       {"GET " + objects + "/{key...}"},
       GetObject},
      {"objects delete",
       "Delete an object",
       "lakehouse objects delete BUCKET KEY",
       {bucket, key},
       {},
       "lakehouse objects delete primary raw/old.csv",
       {"DELETE " + objects + "/{key...}"},
       DeleteObject},
  };
}

}  // namespace lakehouse
