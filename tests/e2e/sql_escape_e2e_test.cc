// End-to-end: the SQL sandbox's escape corpus (tests/e2e/sql_escape_corpus.txt, issue #15) against
// the real binary — every statement on /query/sql, the CSV and Parquet exports, /query/paged and a
// vector search filter. A refused statement is a 4xx with the JSON error shape on each of them,
// reads and writes no file and changes no view; no answer names the data directory or shows the
// secret file's content.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/vector_e2e_fixture.h"

namespace lakehouse::vector_e2e {
namespace {

constexpr const char* kSecret = "TOPSECRET-4711";

struct EscapeCase {
  int line = 0;
  bool allowed = false;
  std::string sql;
};

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The corpus with its placeholders filled in for the server's data directory.
std::vector<EscapeCase> LoadCorpus(const std::string& data_dir) {
  const char* source = std::getenv("LAKEHOUSE_SOURCE_DIR");
  std::ifstream in(std::string(source != nullptr ? source : ".") +
                   "/tests/e2e/sql_escape_corpus.txt");
  EXPECT_TRUE(in.good()) << "cannot open the corpus (LAKEHOUSE_SOURCE_DIR)";
  const std::string link = data_dir + "/tmp/bucket-links/primary";
  std::vector<EscapeCase> cases;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    EscapeCase c{number, false, ""};
    if (line.starts_with("refuse ")) {
      c.sql = line.substr(7);
    } else if (line.starts_with("allow ")) {
      c.allowed = true;
      c.sql = line.substr(6);
    } else {
      ADD_FAILURE() << "corpus line " << number << " is neither refuse nor allow: " << line;
      continue;
    }
    ReplaceAll(c.sql, "{secret}", link + "/raw/passwd");
    ReplaceAll(c.sql, "{out}", link + "/raw/escape-out");
    ReplaceAll(c.sql, "{link}", link);
    ReplaceAll(c.sql, "{bucket}", data_dir + "/buckets/primary");
    ReplaceAll(c.sql, "{data}", data_dir);
    ReplaceAll(c.sql, "{nl}", "\n");
    cases.push_back(std::move(c));
  }
  return cases;
}

class SqlEscapeE2E : public VectorE2E {
 protected:
  // The answer is a 4xx with the JSON error shape and shows neither the secret nor the data dir.
  void ExpectRefused(const EscapeCase& c, const std::string& surface,
                     const Result<ClientResponse>& r) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->status >= 400 && r->status < 500)
        << surface << " line " << c.line << " answered " << r->status << ": " << c.sql << "\n"
        << r->body.substr(0, 300);
    auto body = r->JsonBody();
    EXPECT_TRUE(body.ok() && body->contains("error") && (*body)["error"].contains("code") &&
                (*body)["error"].contains("message"))
        << surface << " line " << c.line << ": " << r->body.substr(0, 300);
    ExpectNothingHidden(c, surface, r->body);
  }

  void ExpectNothingHidden(const EscapeCase& c, const std::string& surface,
                           const std::string& body) {
    EXPECT_EQ(body.find(kSecret), std::string::npos)
        << surface << " line " << c.line << " showed the secret: " << c.sql;
    EXPECT_EQ(body.find(server_->data_dir()), std::string::npos)
        << surface << " line " << c.line << " named the data directory: " << body.substr(0, 400);
  }

  Result<ClientResponse> Export(const std::string& sql, const std::string& accept) {
    return c().Send(HttpMethod::kPost, "/query/sql", DumpJson(Json{{"sql", sql}}),
                    "application/json", {{"Accept", accept}});
  }

  // Every file under the data directory whose name says an escape wrote it.
  std::vector<std::string> EscapeFiles() {
    std::vector<std::string> found;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(server_->data_dir(), ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (it->path().filename().string().find("escape") != std::string::npos) {
        found.push_back(it->path().string());
      }
    }
    return found;
  }

  std::string Digest() {
    return Body(c().PostJson("/query/sql",
                             {{"sql",
                               "SELECT count(*), sum(id), md5(string_agg(title || body, ',' "
                               "ORDER BY id)) FROM notes"}}))["rows"]
        .dump();
  }
};

TEST_F(SqlEscapeE2E, EveryEscapeIsRefusedOnEverySurface) {
  StartServer();
  Ingest("notes", Notes(0, 40));
  FirstBuild("notes");
  auto put = c().Send(HttpMethod::kPut, "/storage/buckets/primary/objects/raw/passwd",
                      std::string(kSecret) + "\n", "text/plain");
  ASSERT_TRUE(put.ok() && put->status < 300) << (put.ok() ? put->body : put.status().ToString());
  const std::string before = Digest();
  ASSERT_NE(before, "null");
  const std::vector<EscapeCase> cases = LoadCorpus(server_->data_dir());
  ASSERT_GT(cases.size(), 200u);

  int refused = 0;
  for (const EscapeCase& c : cases) {
    SCOPED_TRACE("corpus line " + std::to_string(c.line) + ": " + c.sql);
    auto sql = this->c().PostJson("/query/sql", {{"sql", c.sql}});
    if (c.allowed) {
      ASSERT_TRUE(sql.ok());
      EXPECT_EQ(sql->status, 200) << sql->body.substr(0, 400);
      ExpectNothingHidden(c, "/query/sql", sql->body);
      continue;
    }
    ++refused;
    ExpectRefused(c, "/query/sql", sql);
    ExpectRefused(c, "CSV export", Export(c.sql, "text/csv"));
    ExpectRefused(c, "Parquet export", Export(c.sql, "application/vnd.apache.parquet"));
    ExpectRefused(c, "/query/paged", this->c().PostJson("/query/paged", {{"sql", c.sql}}));
    ExpectRefused(c, "vector filter",
                  this->c().PostJson("/vectors/search", {{"index", "notes_idx"},
                                                         {"query", "lakes"},
                                                         {"filter", "id IN (" + c.sql + ")"}}));
  }
  EXPECT_GT(refused, 180);
  EXPECT_EQ(EscapeFiles(), std::vector<std::string>{}) << "no escape wrote a file";
  EXPECT_EQ(Digest(), before) << "the view reads the same rows";
  EXPECT_EQ(Body(c().PostJson("/query/sql", {{"sql", "SELECT repeat('ab', 2)"}}))["rows"][0][0],
            "abab")
      << "the guard macros are still in place";
  Json hits = Search({{"query", "lakes weather"}, {"k", 3}, {"filter", "category = 'common'"}});
  EXPECT_EQ(hits["results"].size(), 3u) << "a sound filter still works";
}

// A long scalar is stopped at once with a clear error, not 40 s past its timeout.
TEST_F(SqlEscapeE2E, HugeScalarFailsFastWithAClearError) {
  StartServer();
  auto start = std::chrono::steady_clock::now();
  auto r = c().PostJson("/query/sql",
                        {{"sql", "SELECT length(repeat('x', 2147483647))"}, {"timeout_ms", 2000}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(r->body.find("repeat: the result would have 2147483647 characters or elements"),
            std::string::npos)
      << r->body;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// /query/page without ?size= serves pages of the page_size the query announced (#16.12).
TEST_F(SqlEscapeE2E, PagesHaveTheAnnouncedSize) {
  StartServer();
  auto started =
      c().PostJson("/query/paged", {{"sql", "SELECT * FROM range(1234)"}, {"page_size", 500}});
  ASSERT_EQ(started->status, 200) << started->body;
  EXPECT_EQ(Body(started)["pages"], 3);
  const std::string id = Body(started)["query_id"];
  Json first = Body(c().Get("/query/page/" + id + "/0"));
  EXPECT_EQ(first["rows"].size(), 500u);
  EXPECT_EQ(first["size"], 500);
  Json last = Body(c().Get("/query/page/" + id + "/2"));
  EXPECT_EQ(last["rows"].size(), 234u);
  EXPECT_EQ(c().Get("/query/page/" + id + "/3")->status, 404);
}

}  // namespace
}  // namespace lakehouse::vector_e2e
