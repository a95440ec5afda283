// End-to-end: file ingest never loses or changes data silently (issue #16 items 4–8, 10, 13, 14,
// 15; issue #15 items 4, 9, 13). Every count that says "ingested" equals what a query then sees;
// bad input is a 4xx naming the line or column; nothing committed changes when an ingest is
// refused.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "tests/e2e/ingest_e2e_fixture.h"

namespace lakehouse {
namespace {

std::string ErrorMessage(const Result<ClientResponse>& r) {
  Json body = Body(r);
  return body.contains("error") ? body["error"].value("message", "") : r->body;
}

// Issue #16 item 4: a ragged row turned a three-column CSV into one VARCHAR column, "3 ingested".
TEST_F(IngestE2E, ARaggedCsvRowIsRefusedNamingItsLineUnlessSkippedOrPadded) {
  const std::string ragged = "id,name,score\n1,alice,10\n2,bob\n3,carol,30\n";
  auto refused = Ingest({{"ragged.csv", ragged}}, {{"dataset", "scores"}});
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 400) << refused->body;
  const std::string message = ErrorMessage(refused);
  EXPECT_NE(message.find("ragged.csv: line 3"), std::string::npos) << message;
  EXPECT_NE(message.find("on_bad_rows"), std::string::npos) << message;
  EXPECT_EQ(c().Get("/catalog/datasets/by-name/scores")->status, 404) << "nothing was created";

  Json skipped =
      IngestOk({{"ragged.csv", ragged}}, {{"dataset", "scores"}, {"on_bad_rows", "skip"}});
  EXPECT_EQ(skipped["rows_added"], 2);
  EXPECT_EQ(skipped["rows_skipped"], 1);
  EXPECT_EQ(skipped["files"][0]["rows_skipped"], 1);
  EXPECT_EQ(skipped["files"][0]["bad_row_lines"], Json::array({3}));
  EXPECT_EQ(Dataset("scores")["columns"].size(), 3u) << Dataset("scores").dump();
  EXPECT_EQ(Count("scores"), 2);
  EXPECT_EQ(Dataset("scores")["row_count"], 2);

  Json padded = IngestOk({{"ragged.csv", ragged}}, {{"dataset", "padded"}, {"on_bad_rows", "pad"}});
  EXPECT_EQ(padded["rows_added"], 3);
  EXPECT_EQ(padded["rows_padded"], 1);
  EXPECT_EQ(padded["files"][0]["bad_row_lines"], Json::array({3}));
  EXPECT_EQ(AllRows("padded"), Json::parse(R"([[1,"alice",10],[2,"bob",null],[3,"carol",30]])"));

  // Too many fields cannot be padded away.
  auto too_many = Ingest({{"wide.csv", "id,name\n1,a\n2,b,extra\n"}},
                         {{"dataset", "padded2"}, {"on_bad_rows", "pad"}});
  EXPECT_EQ(too_many->status, 400) << too_many->body;
  EXPECT_NE(ErrorMessage(too_many).find("line 3"), std::string::npos) << too_many->body;
  EXPECT_EQ(Ingest({{"x.csv", "a\n1\n"}}, {{"dataset", "x"}, {"on_bad_rows", "drop"}})->status,
            400);
}

// Issue #16 item 8: NULL keys collapsed into one row and duplicate keys collapsed, "3 ingested".
TEST_F(IngestE2E, KeysNeverCollapseRowsSilently) {
  auto nulls = Ingest({{"k.csv", "id,v\n1,a\n,b\n,c\n"}}, {{"dataset", "keyed"}, {"key", "id"}});
  EXPECT_EQ(nulls->status, 400) << nulls->body;
  EXPECT_NE(ErrorMessage(nulls).find("rows 2, 3"), std::string::npos) << nulls->body;
  EXPECT_EQ(c().Get("/catalog/datasets/by-name/keyed")->status, 404);

  const std::string repeated = "id,v\n1,a\n1,b\n2,c\n";
  auto dup = Ingest({{"d.csv", repeated}}, {{"dataset", "keyed"}, {"key", "id"}});
  EXPECT_EQ(dup->status, 400) << dup->body;
  EXPECT_NE(ErrorMessage(dup).find("'1' ×2"), std::string::npos) << dup->body;
  EXPECT_NE(ErrorMessage(dup).find("on_duplicate_key"), std::string::npos) << dup->body;

  Json last = IngestOk({{"d.csv", repeated}},
                       {{"dataset", "keyed"}, {"key", "id"}, {"on_duplicate_key", "last"}});
  EXPECT_EQ(last["duplicate_keys_dropped"], 1);
  EXPECT_EQ(last["files"][0]["rows"], 2);
  EXPECT_EQ(last["rows_added"], 2);
  EXPECT_EQ(AllRows("keyed"), Json::parse(R"([[1,"b"],[2,"c"]])"));
  Json first = IngestOk({{"d.csv", repeated}},
                        {{"dataset", "keyed_first"}, {"key", "id"}, {"on_duplicate_key", "first"}});
  EXPECT_EQ(first["duplicate_keys_dropped"], 1);
  EXPECT_EQ(AllRows("keyed_first"), Json::parse(R"([[1,"a"],[2,"c"]])"));

  // Across the files of one call, and in an append without --key into a keyed dataset.
  auto across = Ingest({{"a.csv", "id,v\n5,x\n"}, {"b.csv", "id,v\n5,y\n"}},
                       {{"dataset", "keyed"}, {"mode", "upsert"}, {"key", "id"}});
  EXPECT_EQ(across->status, 400) << across->body;
  auto keyless_append = Ingest({{"e.csv", "id,v\n7,x\n7,y\n"}}, {{"dataset", "keyed"}});
  EXPECT_EQ(keyless_append->status, 400) << keyless_append->body;
  EXPECT_EQ(Count("keyed"), 2);
  EXPECT_EQ(Dataset("keyed")["current_version"], 2) << "refusals commit nothing";
}

// Issue #16 item 7: dedup skipped known files in replace and upsert too.
TEST_F(IngestE2E, ContentDedupAppliesToAppendOnly) {
  const std::string a = "id,v\n1,a\n2,b\n";
  const std::string b = "id,v\n3,c\n";
  IngestOk({{"a.csv", a}}, {{"dataset", "d"}});
  IngestOk({{"b.csv", b}}, {{"dataset", "d"}});
  Json replaced = IngestOk({{"a.csv", a}}, {{"dataset", "d"}, {"mode", "replace"}});
  EXPECT_EQ(replaced["dedup"], false);
  EXPECT_EQ(replaced["committed"], true);
  EXPECT_EQ(replaced["files"][0]["duplicate"], false);
  EXPECT_EQ(replaced["rows_removed"], 3);
  EXPECT_EQ(AllRows("d"), Json::parse(R"([[1,"a"],[2,"b"]])")) << "ingest A; B; A --mode replace";
  // B left the dataset with the replace: appending it again is not a duplicate.
  Json again = IngestOk({{"b.csv", b}}, {{"dataset", "d"}});
  EXPECT_EQ(again["dedup"], true);
  EXPECT_EQ(again["files"][0]["duplicate"], false);
  EXPECT_EQ(Count("d"), 3);
  Json dup = IngestOk({{"b2.csv", b}}, {{"dataset", "d"}});
  EXPECT_EQ(dup["files"][0]["duplicate"], true);
  EXPECT_EQ(Count("d"), 3);

  // Rows tombstoned from a file come back when the file is upserted again.
  IngestOk({{"p.csv", a}}, {{"dataset", "p"}, {"mode", "upsert"}, {"key", "id"}});
  auto tomb = c().Send(HttpMethod::kPost, "/catalog/datasets/by-name/p/tombstone",
                       R"({"row_key_column":"id","row_key_values":["1"]})");
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  EXPECT_EQ(Count("p"), 1);
  Json restored = IngestOk({{"p.csv", a}}, {{"dataset", "p"}, {"mode", "upsert"}, {"key", "id"}});
  EXPECT_EQ(restored["dedup"], false);
  EXPECT_EQ(restored["rows_inserted"], 1);
  EXPECT_EQ(restored["rows_updated"], 1);
  EXPECT_EQ(Count("p"), 2);
  EXPECT_EQ(Dataset("p")["row_count"], 2);
}

// Issue #16 item 5: an append with other columns was "compatible"; a case typo landed elsewhere.
TEST_F(IngestE2E, ColumnChangesAndNameSpellingsNeedConsent) {
  IngestOk({{"mail.csv", "msg_id,grp,subject\n1,a,hi\n2,b,yo\n"}}, {{"dataset", "mail"}});
  const Json before = Dataset("mail");
  auto foreign = Ingest({{"other.csv", "id,v\n1,2\n"}}, {{"dataset", "mail"}});
  ASSERT_EQ(foreign->status, 409) << foreign->body;
  Json diff = Body(foreign)["schema_diff"];
  EXPECT_EQ(diff["compatible"], false);
  EXPECT_FALSE(diff["added"].empty() && diff["renamed"].empty()) << diff.dump();
  EXPECT_FALSE(diff["removed"].empty()) << diff.dump();
  EXPECT_EQ(Ingest({{"fewer.csv", "msg_id,grp\n3,c\n"}}, {{"dataset", "mail"}})->status, 409)
      << "a removed column";
  EXPECT_EQ(
      Ingest({{"more.csv", "msg_id,grp,subject,body\n3,c,x,y\n"}}, {{"dataset", "mail"}})->status,
      409)
      << "an added column";
  auto typo = Ingest({{"m2.csv", "msg_id,grp,subject\n3,c,x\n"}}, {{"dataset", "Mail"}});
  EXPECT_EQ(typo->status, 400) << typo->body;
  EXPECT_NE(ErrorMessage(typo).find("'mail'"), std::string::npos) << typo->body;
  const Json after = Dataset("mail");
  EXPECT_EQ(after["current_version"], before["current_version"]);
  EXPECT_EQ(after["columns"], before["columns"]);
  EXPECT_EQ(Count("mail"), 2);

  Json allowed = IngestOk({{"more.csv", "msg_id,grp,subject,body\n3,c,x,y\n"}},
                          {{"dataset", "mail"}, {"allow_schema_change", "true"}});
  EXPECT_EQ(allowed["schema_diff"]["added"][0]["name"], "body");
  EXPECT_EQ(Count("mail"), 3);
}

// Issue #16 item 6: one "n/a" turned a BIGINT column into VARCHAR as a "widening".
TEST_F(IngestE2E, TypeFamilyChangesAreConflictsAndNullValuesAreOffered) {
  IngestOk({{"a.csv", "id,n\n1,10\n2,20\n"}}, {{"dataset", "nums"}});
  const std::string with_na = "id,n\n3,n/a\n4,40\n";
  auto refused = Ingest({{"b.csv", with_na}}, {{"dataset", "nums"}});
  ASSERT_EQ(refused->status, 409) << refused->body;
  Json change = Body(refused)["schema_diff"]["type_changed"][0];
  EXPECT_EQ(change["name"], "n");
  EXPECT_EQ(change["from"], "BIGINT");
  EXPECT_EQ(change["to"], "VARCHAR");
  EXPECT_EQ(change["widening"], false);
  EXPECT_EQ(Column(Dataset("nums"), "n")["type"], "BIGINT");

  Json nulled =
      IngestOk({{"b.csv", with_na}}, {{"dataset", "nums"}, {"null_values", R"(["n/a","NA",""])"}});
  EXPECT_EQ(nulled["rows_added"], 2);
  EXPECT_EQ(Column(Dataset("nums"), "n")["type"], "BIGINT");
  auto avg = c().PostJson("/query/sql", {{"sql", "SELECT avg(n) FROM nums"}});
  ASSERT_EQ(avg->status, 200) << avg->body;
  EXPECT_NEAR(Body(avg)["rows"][0][0].get<double>(), 70.0 / 3, 1e-9);

  // Lossless widenings stay automatic; narrower values fit the column as it is.
  Json widened = IngestOk({{"c.csv", "id,n\n5,1.5\n"}}, {{"dataset", "nums"}});
  EXPECT_EQ(widened["schema_diff"]["type_changed"][0]["widening"], true);
  EXPECT_EQ(Column(Dataset("nums"), "n")["type"], "DOUBLE");
  Json narrower = IngestOk({{"d.csv", "id,n\n6,7\n"}}, {{"dataset", "nums"}});
  EXPECT_EQ(narrower["schema_diff"]["type_changed"].size(), 0u) << narrower.dump();
  EXPECT_EQ(Count("nums"), 6);
  EXPECT_EQ(
      Ingest({{"e.csv", "id,n\n7,8\n"}}, {{"dataset", "nums"}, {"null_values", "n/a"}})->status,
      400)
      << "null_values is a JSON array";
}

// Issue #16 items 10 and 15: row_count counted physical rows; an upsert printed "+34 rows".
TEST_F(IngestE2E, RowCountsAreLiveRowsAfterEveryCommit) {
  IngestOk({{"a.csv", "id,v\n1,a\n2,b\n3,c\n"}}, {{"dataset", "live"}, {"key", "id"}});
  Json upsert = IngestOk({{"b.csv", "id,v\n3,C\n4,d\n"}},
                         {{"dataset", "live"}, {"mode", "upsert"}, {"key", "id"}});
  EXPECT_EQ(upsert["rows_added"], 2);
  EXPECT_EQ(upsert["rows_inserted"], 1);
  EXPECT_EQ(upsert["rows_updated"], 1);
  EXPECT_EQ(upsert["row_count"], 4);
  EXPECT_EQ(Dataset("live")["row_count"], 4);
  EXPECT_EQ(Count("live"), 4);

  auto tomb = c().Send(HttpMethod::kPost, "/catalog/datasets/by-name/live/tombstone",
                       R"({"row_key_column":"id","row_key_values":["1","2"]})");
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  EXPECT_EQ(Dataset("live")["row_count"], 2);
  EXPECT_EQ(Count("live"), 2);
  EXPECT_EQ(Body(c().Get("/catalog/stats"))["total_rows"], 2);
  auto [code, out] = RunCli("datasets --server " + server_->base_url());
  EXPECT_EQ(code, 0) << out;

  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  EXPECT_EQ(Dataset("live")["row_count"], 2) << "start-up resync keeps the live count";
  EXPECT_EQ(Count("live"), 2);

  // The CLI says what changed.
  std::ofstream(scratch_.Join("c.csv")) << "id,v\n4,D\n5,e\n";
  auto [upserted, upsert_out] =
      RunCli("ingest " + scratch_.Join("c.csv") +
             " --dataset live --mode upsert --key id --server " + server_->base_url());
  EXPECT_EQ(upserted, 0) << upsert_out;
  EXPECT_NE(upsert_out.find("+1 new, 1 updated"), std::string::npos) << upsert_out;
  EXPECT_NE(upsert_out.find("3 rows now"), std::string::npos) << upsert_out;
}

// Issue #16 item 13, issue #15 items 4 and 13: JSON errors name the real line and cause.
TEST_F(IngestE2E, JsonErrorsNameTheRealLineAndCause) {
  std::string truncated;
  for (int i = 1; i <= 3000; ++i) truncated += "{\"k\":" + std::to_string(i) + "}\n";
  truncated += "{\"k\":3001,\"t\":\"cut\n";
  for (int i = 3002; i <= 6000; ++i) truncated += "{\"k\":" + std::to_string(i) + "}\n";
  auto cut = Ingest({{"cut.ndjson", truncated}}, {{"dataset", "j"}});
  EXPECT_EQ(cut->status, 400) << cut->body;
  EXPECT_NE(ErrorMessage(cut).find("line 3001"), std::string::npos) << cut->body;

  auto malformed =
      Ingest({{"bad.ndjson", "{\"a\":1}\n\n{\"a\":2}\n{\"a\":3 x}\n"}}, {{"dataset", "j"}});
  EXPECT_EQ(malformed->status, 400) << malformed->body;
  EXPECT_NE(ErrorMessage(malformed).find("on line 4"), std::string::npos) << malformed->body;

  const std::string deep = "{\"a\":" + std::string(13'400, '[') + std::string(13'400, ']') + "}\n";
  auto nested = Ingest({{"deep.ndjson", deep}}, {{"dataset", "j"}});
  EXPECT_EQ(nested->status, 400) << nested->body.substr(0, 300);
  EXPECT_NE(ErrorMessage(nested).find("nested more than"), std::string::npos);

  auto huge = Ingest({{"inf.ndjson", "{\"a\":1}\n{\"a\":1e999}\n"}}, {{"dataset", "j"}});
  EXPECT_EQ(huge->status, 400) << huge->body;
  EXPECT_NE(ErrorMessage(huge).find("line 2"), std::string::npos) << huge->body;
  EXPECT_EQ(c().Get("/catalog/datasets/by-name/j")->status, 404);

  Json bom = IngestOk({{"bom.ndjson", "\xef\xbb\xbf{\"a\":1}\n{\"a\":2}\n"}}, {{"dataset", "bom"}});
  EXPECT_EQ(bom["rows_added"], 2);
  EXPECT_EQ(AllRows("bom"), Json::parse("[[1],[2]]"));
  EXPECT_TRUE(c().Get("/health")->status == 200) << "the server survived";
}

// Issue #16 item 14, issue #15 item 9: a 20 MB single-field CSV took 20–50 s and the message was
// cut inside the echoed line.
TEST_F(IngestE2E, OverlongLinesFailFastWithTheCause) {
  const std::string field(20 << 20, 'x');
  const auto started = std::chrono::steady_clock::now();
  auto csv = Ingest({{"big.csv", "text\n" + field + "\n"}}, {{"dataset", "big"}});
  auto ndjson = Ingest({{"big.ndjson", "{\"t\":\"" + field + "\"}\n"}}, {{"dataset", "big"}});
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
          .count();
  for (const auto& [r, line] : {std::pair{&csv, "line 2"}, std::pair{&ndjson, "line 1"}}) {
    ASSERT_TRUE(r->ok());
    EXPECT_EQ((*r)->status, 400) << (*r)->body.substr(0, 300);
    const std::string message = ErrorMessage(*r);
    EXPECT_NE(message.find(line), std::string::npos) << message.substr(0, 300);
    EXPECT_NE(message.find("longer than"), std::string::npos) << message.substr(0, 300);
    EXPECT_LT(message.size(), 400u) << "no echoed line";
  }
  EXPECT_LT(seconds, 15) << "bounded time";
}

// The options on the command line.
TEST_F(IngestE2E, CliPassesTheIntegrityOptions) {
  std::ofstream(scratch_.Join("ragged.csv")) << "id,name,score\n1,alice,10\n2,bob\n3,carol,30\n";
  auto [refused, refused_out] = RunCli("ingest " + scratch_.Join("ragged.csv") +
                                       " --dataset s --server " + server_->base_url());
  EXPECT_EQ(refused, 1) << refused_out;
  EXPECT_NE(refused_out.find("line 3"), std::string::npos) << refused_out;
  auto [skip, skip_out] = RunCli("ingest " + scratch_.Join("ragged.csv") +
                                 " --dataset s --on-bad-rows skip --server " + server_->base_url());
  EXPECT_EQ(skip, 0) << skip_out;
  EXPECT_NE(skip_out.find("skipped 1 rows on lines 3"), std::string::npos) << skip_out;

  std::ofstream(scratch_.Join("na.csv")) << "id,n\n1,n/a\n2,NA\n3,5\n";
  auto [nulls, nulls_out] =
      RunCli("ingest " + scratch_.Join("na.csv") +
             " --dataset n --null-values n/a --null-values NA --server " + server_->base_url());
  EXPECT_EQ(nulls, 0) << nulls_out;
  EXPECT_EQ(Column(Dataset("n"), "n")["type"], "BIGINT") << Dataset("n").dump();

  std::ofstream(scratch_.Join("dup.csv")) << "id,v\n1,a\n1,b\n";
  auto [dup, dup_out] =
      RunCli("ingest " + scratch_.Join("dup.csv") +
             " --dataset k --key id --on-duplicate-key last --server " + server_->base_url());
  EXPECT_EQ(dup, 0) << dup_out;
  EXPECT_NE(dup_out.find("dropped 1 rows with a repeated key"), std::string::npos) << dup_out;
  EXPECT_EQ(AllRows("k"), Json::parse(R"([[1,"b"]])"));

  std::ofstream(scratch_.Join("more.csv")) << "id,v,w\n2,c,d\n";
  auto [schema, schema_out] =
      RunCli("ingest " + scratch_.Join("more.csv") +
             " --dataset k --allow-schema-change --server " + server_->base_url());
  EXPECT_EQ(schema, 0) << schema_out;
}

}  // namespace
}  // namespace lakehouse
