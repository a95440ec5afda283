// End-to-end bad-input suite, data-driven: every case of tests/e2e/bad_input/cases.json is sent to
// one real server (shared by the suite, restarted if a case kills it) and must be answered with a
// 4xx in the JSON error shape — never a 5xx, a hang or a crash — and must leave the committed data
// as it was (the reference dataset's rows, digest and version, the dataset list and the buckets).
//
// A case is one line of JSON:
//   name        test name (unique)
//   method      GET | POST | PUT | PATCH | DELETE, or RAW to write `raw` on a socket as is
//   path        request path; "{ref_id}" stands for the reference dataset's id
//   body        the request body: a string, or a list of segments — a string, {"hex": "c0af"},
//               {"repeat": "[", "times": 70000}, {"file": "name"} (a file beside cases.json)
//   content_type  default application/json
//   multipart   {"fields": {...}, "filename": "...", "content": segments} → POST as
//               multipart/form-data with the fields and one file part; with "parquet_select" on
//               the case, the file is that query's result written as Parquet by DuckDB
//   raw         segments forming the whole HTTP request (framing cases)
//   expect      "4xx" (default) | "not5xx" (a valid bomb may be accepted) | "4xx_or_close" (raw:
//               a 4xx, or the connection closed without an answer — but not a hang)
//   max_seconds answered within this (default 30)
//   absent_after  paths that must not exist afterwards ("{data}" = the server's data directory),
//               for traversal cases
//   known_defect  "#15.4" etc.: the case fails today because of an open issue item; it is skipped
//               with that message. Delete the field once the fix is merged (or run with
//               LAKEHOUSE_RUN_KNOWN_DEFECTS=1 to see which still fail).
//   note        why the case is there
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/server_test.h"
#include "tests/support/temp_dir.h"

#ifndef LAKEHOUSE_SOURCE_DIR_DEFAULT
#define LAKEHOUSE_SOURCE_DIR_DEFAULT "."
#endif

namespace lakehouse {
namespace {

using testing::Body;
using testing::ServerProcess;

std::string CasesDir() {
  const char* root = std::getenv("LAKEHOUSE_SOURCE_DIR");
  return std::string(root && *root ? root : LAKEHOUSE_SOURCE_DIR_DEFAULT) + "/tests/e2e/bad_input";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct BadInputCase {
  std::string name;
  Json spec;
};
void PrintTo(const BadInputCase& c, std::ostream* os) { *os << c.name; }

std::vector<BadInputCase> LoadCases() {
  std::vector<BadInputCase> out;
  Result<Json> doc = ParseJson(ReadFile(CasesDir() + "/cases.json"));
  if (!doc.ok()) {
    out.push_back({"cases_json_unreadable", Json{{"unreadable", doc.status().ToString()}}});
    return out;
  }
  for (const Json& c : (*doc)["cases"]) out.push_back({c["name"].get<std::string>(), c});
  return out;
}

// Builds bytes from a segment list (see the header).
std::string Segments(const Json& segments) {
  if (segments.is_string()) return segments.get<std::string>();
  std::string out;
  for (const Json& s : segments) {
    if (s.is_string()) {
      out += s.get<std::string>();
    } else if (s.contains("hex")) {
      const std::string hex = s["hex"];
      for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
      }
    } else if (s.contains("repeat")) {
      const std::string unit = s["repeat"];
      for (int64_t i = 0; i < s["times"].get<int64_t>(); ++i) out += unit;
    } else if (s.contains("file")) {
      out += ReadFile(CasesDir() + "/" + s["file"].get<std::string>());
    }
  }
  return out;
}

// Writes `request` to a fresh connection and reads the status line: the status, 0 when the server
// closed the connection without answering, -1 when it did not answer within `timeout`.
int SendRaw(int port, const std::string& request, std::chrono::milliseconds timeout) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -2;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -2;
  }
  for (size_t sent = 0; sent < request.size();) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may refuse and close before reading everything
    sent += static_cast<size_t>(n);
  }
  std::string answer;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (answer.find("\r\n") == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      close(fd);
      return -1;
    }
    char buf[4096];
    const ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    answer.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return 0;
  return std::atoi(answer.substr(9, 3).c_str());
}

class BadInputE2E : public ::testing::TestWithParam<BadInputCase> {
 public:
  static void SetUpTestSuite() {
    auto server = ServerProcess::Start();
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    HttpClient& c = server_->client();
    std::vector<MultipartItem> items = {
        {"dataset", "ref", "", "", ""},
        {"key", "id", "", "", ""},
        {"file", "id,name,amount\n1,Ann,10.5\n2,Bob,20\n3,Cy,-3\n4,Dee,0\n", "ref.csv", "", ""}};
    auto ingested = c.PostMultipart("/ingest/file", items);
    ASSERT_TRUE(ingested.ok() && ingested->status == 200) << Describe(ingested);
    auto indexed = c.PostJson("/vectors/refresh/ref?wait=true", {{"index_name", "ref_idx"},
                                                                 {"id_column", "id"},
                                                                 {"text_column", "name"},
                                                                 {"model", "builtin/hash-v1"}});
    ASSERT_TRUE(indexed.ok() && indexed->status == 200) << Describe(indexed);
    ref_id_ = Body(c.Get("/catalog/datasets/by-name/ref"))["id"].get<std::string>();
  }
  static void TearDownTestSuite() { server_.reset(); }

 protected:
  static std::string Describe(const Result<ClientResponse>& r) {
    return r.ok() ? std::to_string(r->status) + " " + r->body.substr(0, 400)
                  : r.status().ToString();
  }

  // What a bad request must not change.
  struct Snapshot {
    Json ref_rows, ref_version, datasets, buckets;
    bool operator==(const Snapshot&) const = default;
  };
  static Snapshot Take() {
    HttpClient& c = server_->client();
    Snapshot s;
    s.ref_rows = Body(c.PostJson(
        "/query/sql",
        {{"sql",
          "SELECT count(*), md5(string_agg(id || ':' || name || ':' || amount, ',' ORDER BY id)) "
          "FROM ref"}}))["rows"];
    s.ref_version = Body(c.Get("/catalog/datasets/by-name/ref"))["current_version"];
    s.datasets = Json::array();
    const Json list = Body(c.Get("/catalog/datasets"));
    for (const Json& d : list.is_array() ? list : list["datasets"]) {
      s.datasets.push_back({d["name"], d["current_version"]});
    }
    s.buckets = Json::array();
    const Json buckets = Body(c.Get("/storage/buckets"));
    for (const Json& b : buckets["buckets"]) s.buckets.push_back(b["name"]);
    return s;
  }

  static bool Alive() {
    auto health = server_->NewClient()->Get("/health");
    return health.ok() && health->status == 200;
  }

  // Sends the case; returns the status (see SendRaw for 0 and -1).
  int Send(const Json& spec) {
    if (spec.contains("raw"))
      return SendRaw(server_->port(), Segments(spec["raw"]), std::chrono::milliseconds(10'000));
    auto client = server_->NewClient();
    std::string path = spec["path"];
    if (size_t at = path.find("{ref_id}"); at != std::string::npos) path.replace(at, 8, ref_id_);
    Result<ClientResponse> r = Internal("not sent");
    if (spec.contains("multipart")) {
      const Json& mp = spec["multipart"];
      std::vector<MultipartItem> items;
      for (const auto& [name, value] : mp["fields"].items()) {
        const std::string text = value.get<std::string>();
        if (!text.empty()) items.push_back({name, text, "", "", ""});
      }
      std::string content = Segments(mp["content"]);
      if (spec.contains("parquet_select")) {
        content = testing::WriteParquet(scratch_.Join(GetParam().name + ".parquet"),
                                        spec["parquet_select"].get<std::string>());
      }
      items.push_back({"file", content, mp["filename"].get<std::string>(), "", ""});
      r = client->PostMultipart(path, items);
    } else {
      const std::optional<HttpMethod> method = ParseHttpMethod(spec["method"].get<std::string>());
      if (!method) return -3;
      r = client->Send(*method, path, spec.contains("body") ? Segments(spec["body"]) : "",
                       spec.value("content_type", "application/json"));
    }
    if (!r.ok()) return 0;
    last_body_ = r->body;
    return r->status;
  }

  static inline std::unique_ptr<ServerProcess> server_;
  static inline std::string ref_id_;
  testing::TempDir scratch_;
  std::string last_body_;
};

TEST_P(BadInputE2E, IsRefusedAndChangesNothing) {
  const Json& spec = GetParam().spec;
  ASSERT_FALSE(spec.contains("unreadable")) << spec.dump();
  ASSERT_NE(server_, nullptr);
  if (spec.contains("known_defect") && !std::getenv("LAKEHOUSE_RUN_KNOWN_DEFECTS")) {
    GTEST_SKIP() << "known defect " << spec["known_defect"].get<std::string>() << ": "
                 << spec.value("note", "");
  }
  if (!Alive()) {
    ASSERT_TRUE(server_->Restart().ok()) << "restart after an earlier case";
  }
  const Snapshot before = Take();
  const std::string expect = spec.value("expect", "4xx");

  const auto sent = std::chrono::steady_clock::now();
  const int status = Send(spec);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  EXPECT_LE(seconds, spec.value("max_seconds", 30.0)) << "answered too slowly";
  SCOPED_TRACE("status " + std::to_string(status) + ", body " + last_body_.substr(0, 300));

  const bool alive = Alive();
  EXPECT_TRUE(alive) << "the server died: " << server_->Log().substr(0, 2000);
  EXPECT_NE(status, -1) << "no answer within 10 s";
  if (expect == "4xx") {
    EXPECT_TRUE(status >= 400 && status < 500);
  } else if (expect == "4xx_or_close") {
    EXPECT_TRUE(status == 0 || (status >= 400 && status < 500));
  } else {
    EXPECT_TRUE(status > 0 && status < 500);
  }
  if (status >= 400 && status < 500 && !spec.contains("raw")) {
    Result<Json> error = ParseJson(last_body_);
    ASSERT_TRUE(error.ok() && error->contains("error")) << "not the JSON error shape";
    const Json& e = (*error)["error"];
    EXPECT_TRUE(e.value("code", Json()).is_string() && e.value("message", Json()).is_string() &&
                e.value("request_id", Json()).is_string())
        << e.dump();
  }
  for (const Json& absent : spec.value("absent_after", Json::array())) {
    std::string path = absent;
    if (size_t at = path.find("{data}"); at != std::string::npos) {
      path.replace(at, 6, server_->data_dir());
    }
    EXPECT_FALSE(std::filesystem::exists(path)) << "written outside its place: " << path;
  }
  if (!alive) {
    ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  }
  const Snapshot after = Take();
  if (status >= 200 && status < 300) {
    // An accepted bomb may add its own dataset; the reference data must be as it was.
    EXPECT_EQ(after.ref_rows, before.ref_rows);
    EXPECT_EQ(after.ref_version, before.ref_version);
  } else {
    EXPECT_EQ(after.ref_rows, before.ref_rows);
    EXPECT_EQ(after.ref_version, before.ref_version);
    EXPECT_EQ(after.datasets, before.datasets);
    EXPECT_EQ(after.buckets, before.buckets);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, BadInputE2E, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<BadInputCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace lakehouse
