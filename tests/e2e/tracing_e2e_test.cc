// Tracing against the real binary (issue 24, ADR 013): spans exported as OTLP/HTTP JSON to a
// test collector (tests/support/otlp_receiver.h). Checks the span tree of a search (HTTP → vector
// search → embedding batch → provider request, whose outgoing call carries the trace's
// `traceparent`), of an ingest (its phases) and of a refresh (job → refresh → batches), all
// continuing the trace of the client's `traceparent`; and that a collector that is down or hung
// neither fails nor slows requests, its drops counted in /metrics; a retried provider call counts
// its attempts.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/e2e/vector_e2e_fixture.h"
#include "tests/support/otlp_receiver.h"

namespace lakehouse::vector_e2e {
namespace {

using testing::FindSpan;
using testing::IsDescendant;
using testing::OtlpReceiver;
using testing::ReceivedSpan;
using testing::SpansOfTrace;

constexpr char kTraceId[] = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr char kClientSpanId[] = "00f067aa0ba902b7";

// The client's traceparent for its request number `n` (distinct trace ids).
std::string TraceIdFor(int n) {
  std::string id = kTraceId;
  id[31] = static_cast<char>('0' + n);
  return id;
}
HttpHeaders TraceHeaders(int n) {
  return {{"traceparent", "00-" + TraceIdFor(n) + "-" + kClientSpanId + "-01"}};
}

class TracingE2E : public VectorE2E {
 protected:
  void StartTraced(std::map<std::string, std::string> env = {}) {
    auto receiver = OtlpReceiver::Start();
    ASSERT_TRUE(receiver.ok());
    receiver_ = std::move(*receiver);
    env.emplace("LAKEHOUSE_TELEMETRY_OTLP_ENDPOINT", receiver_->url());
    env.emplace("LAKEHOUSE_TELEMETRY_FLUSH_INTERVAL_MS", "50");
    StartServer(env);
  }

  // The spans of trace `n` once `names` are all among them.
  std::vector<ReceivedSpan> TraceWith(int n, const std::vector<std::string>& names) {
    auto all = receiver_->WaitForSpans(
        [&](const std::vector<ReceivedSpan>& spans) {
          auto trace = SpansOfTrace(spans, TraceIdFor(n));
          for (const std::string& name : names) {
            if (FindSpan(trace, name) == nullptr) return false;
          }
          return true;
        },
        20s);
    return SpansOfTrace(all, TraceIdFor(n));
  }

  static std::string Names(const std::vector<ReceivedSpan>& spans) {
    std::string out;
    for (const ReceivedSpan& s : spans)
      out += s.name + " (" + s.span_id + " ← " + s.parent_span_id + ")\n";
    return out;
  }

  std::unique_ptr<OtlpReceiver> receiver_;
};

TEST_F(TracingE2E, ASearchIsOneTreeUnderTheClientsSpanAndItsProviderCallCarriesIt) {
  StartTraced();
  Ingest("notes", Notes(0, 20));
  FirstBuild("notes");
  auto r = c().Send(HttpMethod::kPost, "/vectors/search",
                    DumpJson({{"index", "notes_idx"}, {"query", "lakes and weather"}, {"k", 3}}),
                    "application/json", TraceHeaders(1));
  ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());

  auto trace =
      TraceWith(1, {"POST /vectors/search", "vector.search", "embed.batch", "provider.request"});
  const ReceivedSpan* http = FindSpan(trace, "POST /vectors/search");
  const ReceivedSpan* search = FindSpan(trace, "vector.search");
  const ReceivedSpan* batch = FindSpan(trace, "embed.batch");
  const ReceivedSpan* provider = FindSpan(trace, "provider.request");
  ASSERT_TRUE(http && search && batch && provider) << Names(trace);

  EXPECT_EQ(http->parent_span_id, kClientSpanId);  // continues the client's trace
  EXPECT_EQ(http->kind, 2);                        // SERVER
  EXPECT_EQ(http->StringAttribute("http.route"), "/vectors/search");
  EXPECT_EQ(http->StringAttribute("lakehouse.operation_id"), "searchVectors");
  EXPECT_EQ(http->IntAttribute("http.response.status_code"), 200);
  EXPECT_EQ(http->StringAttribute("enduser.id"), "dev");
  EXPECT_EQ(http->service_name, "lakehouse");
  EXPECT_EQ(search->parent_span_id, http->span_id);
  EXPECT_EQ(search->StringAttribute("lakehouse.index"), "notes_idx");
  EXPECT_TRUE(IsDescendant(trace, *batch, *search));
  EXPECT_EQ(batch->IntAttribute("lakehouse.embed.batch_size"), 1);
  EXPECT_EQ(provider->parent_span_id, batch->span_id);
  EXPECT_EQ(provider->kind, 3);  // CLIENT
  EXPECT_EQ(provider->StringAttribute("lakehouse.provider"), "ollama");
  EXPECT_EQ(provider->IntAttribute("lakehouse.provider.attempts"), 1);
  for (const ReceivedSpan& s : trace) {
    EXPECT_GE(s.start_unix_nano, http->start_unix_nano) << s.name;
    EXPECT_LE(s.end_unix_nano, http->end_unix_nano) << s.name;
  }

  // The model provider saw the provider span as its parent.
  const std::string expected = "00-" + TraceIdFor(1) + "-" + provider->span_id + "-01";
  std::vector<std::string> seen = fake_->traceparents();
  EXPECT_NE(std::find(seen.begin(), seen.end(), expected), seen.end())
      << "provider calls carried: " << ::testing::PrintToString(seen);
}

TEST_F(TracingE2E, AnIngestAndARefreshShowTheirPhases) {
  StartTraced();
  std::string ndjson;
  for (const Json& row : Notes(0, 10)) ndjson += DumpJson(row) + "\n";
  auto r = c().PostMultipart("/ingest/file",
                             {{"dataset", "notes", "", "", ""},
                              {"key", "id", "", "", ""},
                              {"file", ndjson, "rows.ndjson", "", ""}},
                             TraceHeaders(2));
  ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
  auto trace = TraceWith(2, {"POST /ingest/file", "ingest", "ingest.stage", "ingest.publish",
                             "ingest.upload", "ingest.commit"});
  const ReceivedSpan* http = FindSpan(trace, "POST /ingest/file");
  const ReceivedSpan* ingest = FindSpan(trace, "ingest");
  ASSERT_TRUE(http && ingest) << Names(trace);
  EXPECT_EQ(http->parent_span_id, kClientSpanId);
  EXPECT_EQ(ingest->parent_span_id, http->span_id);
  EXPECT_EQ(ingest->StringAttribute("lakehouse.dataset"), "notes");
  for (const char* phase : {"ingest.stage", "ingest.publish"}) {
    EXPECT_EQ(FindSpan(trace, phase)->parent_span_id, ingest->span_id) << phase << Names(trace);
  }
  const ReceivedSpan* publish = FindSpan(trace, "ingest.publish");
  for (const char* phase : {"ingest.upload", "ingest.commit"}) {
    EXPECT_EQ(FindSpan(trace, phase)->parent_span_id, publish->span_id) << phase << Names(trace);
  }

  // A refresh runs as a job on another thread: it continues the trace of its request.
  auto refreshed = c().Send(HttpMethod::kPost, "/vectors/refresh/notes?wait=true",
                            DumpJson({{"index_name", "notes_idx"},
                                      {"id_column", "id"},
                                      {"text_column", "body"},
                                      {"model", kModel}}),
                            "application/json", TraceHeaders(3));
  ASSERT_TRUE(refreshed.ok() && refreshed->status == 200) << refreshed->body;
  auto refresh = TraceWith(3, {"POST /vectors/refresh/{dataset}", "job vector_refresh",
                               "vector.refresh", "vector.refresh.batch", "embed.batch"});
  const ReceivedSpan* request = FindSpan(refresh, "POST /vectors/refresh/{dataset}");
  const ReceivedSpan* run = FindSpan(refresh, "vector.refresh");
  const ReceivedSpan* batch = FindSpan(refresh, "vector.refresh.batch");
  ASSERT_TRUE(request && run && batch) << Names(refresh);
  EXPECT_TRUE(IsDescendant(refresh, *run, *request)) << Names(refresh);
  EXPECT_EQ(batch->parent_span_id, run->span_id);
  EXPECT_EQ(batch->IntAttribute("lakehouse.refresh.documents"), 10);
  EXPECT_TRUE(IsDescendant(refresh, *FindSpan(refresh, "embed.batch"), *batch));

  // SQL is traced too.
  auto sql =
      c().Send(HttpMethod::kPost, "/query/sql", DumpJson({{"sql", "SELECT count(*) FROM notes"}}),
               "application/json", TraceHeaders(4));
  ASSERT_TRUE(sql.ok() && sql->status == 200);
  auto query = TraceWith(4, {"POST /query/sql", "sql.query"});
  EXPECT_EQ(FindSpan(query, "sql.query")->parent_span_id,
            FindSpan(query, "POST /query/sql")->span_id);
  EXPECT_EQ(FindSpan(query, "sql.query")->IntAttribute("lakehouse.sql.rows"), 1);
}

// A provider call that had to be retried says so on its span (issue 24: "embedding calls
// (provider, batch size, retries)").
TEST_F(TracingE2E, ARetriedProviderCallCountsItsAttempts) {
  StartTraced();
  Ingest("notes", Notes(0, 5));
  FirstBuild("notes");
  fake_->FailNext(1, 503);
  auto r = c().Send(HttpMethod::kPost, "/vectors/search",
                    DumpJson({{"index", "notes_idx"}, {"query", "rivers after rain"}, {"k", 2}}),
                    "application/json", TraceHeaders(5));
  ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
  auto trace = TraceWith(5, {"POST /vectors/search", "provider.request"});
  const ReceivedSpan* provider = FindSpan(trace, "provider.request");
  ASSERT_NE(provider, nullptr) << Names(trace);
  EXPECT_EQ(provider->IntAttribute("lakehouse.provider.attempts"), 2);
  EXPECT_EQ(provider->StringAttribute("lakehouse.provider"), "ollama");
}

// Polls /metrics for the counter line `prefix` and returns its value (-1 when absent).
int64_t MetricValue(HttpClient& client, const std::string& prefix) {
  auto r = client.Get("/metrics");
  if (!r.ok() || r->status != 200) return -1;
  // At the start of a line: "# HELP <name> …" names the metric too.
  size_t at = r->body.find("\n" + prefix);
  if (at == std::string::npos) return -1;
  return std::stoll(r->body.substr(at + 1 + prefix.size()));
}

TEST_F(TracingE2E, AHungCollectorNeitherSlowsNorFailsRequests) {
  auto receiver = OtlpReceiver::Start();
  ASSERT_TRUE(receiver.ok());
  receiver_ = std::move(*receiver);
  receiver_->SetDelay(3s);  // every export waits for its timeout
  StartServer({{"LAKEHOUSE_TELEMETRY_OTLP_ENDPOINT", receiver_->url()},
               {"LAKEHOUSE_TELEMETRY_FLUSH_INTERVAL_MS", "20"},
               {"LAKEHOUSE_TELEMETRY_EXPORT_TIMEOUT_MS", "2000"},
               {"LAKEHOUSE_TELEMETRY_QUEUE_SPANS", "16"}});
  auto slowest = std::chrono::nanoseconds(0);
  for (int i = 0; i < 200; ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto r = c().Get("/catalog/datasets");
    slowest = std::max(slowest, std::chrono::steady_clock::now() - start);
    ASSERT_TRUE(r.ok() && r->status == 200);
  }
  // An export on the request path would hold a request for the 2 s export timeout.
  EXPECT_LT(slowest, 1s);
  EXPECT_GT(MetricValue(c(), "lakehouse_trace_spans_dropped_total{reason=\"queue_full\"} "), 0);
}

TEST_F(TracingE2E, ACollectorThatIsDownCountsItsDrops) {
  auto receiver = OtlpReceiver::Start();
  ASSERT_TRUE(receiver.ok());
  receiver_ = std::move(*receiver);
  receiver_->SetAvailable(false);  // answers 503
  StartServer({{"LAKEHOUSE_TELEMETRY_OTLP_ENDPOINT", receiver_->url()},
               {"LAKEHOUSE_TELEMETRY_FLUSH_INTERVAL_MS", "20"}});
  for (int i = 0; i < 50; ++i) {
    auto r = c().Get("/catalog/datasets");
    ASSERT_TRUE(r.ok() && r->status == 200);
  }
  EXPECT_TRUE(Eventually([&] {
    return MetricValue(c(), "lakehouse_trace_spans_dropped_total{reason=\"export_failed\"} ") >= 50;
  }));
  EXPECT_GE(MetricValue(c(), "lakehouse_trace_export_failures_total "), 1);
  EXPECT_TRUE(receiver_->spans().empty());
}

}  // namespace
}  // namespace lakehouse::vector_e2e
