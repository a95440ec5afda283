#include "api/audit_routes.h"

#include "http/json_schema.h"

namespace lakehouse {
namespace {

using schema::Any;
using schema::Array;
using schema::Closed;
using schema::Enum;
using schema::Integer;
using schema::Nullable;
using schema::Number;
using schema::Object;
using schema::Opt;
using schema::Req;
using schema::String;

constexpr HttpMethod GET = HttpMethod::kGet;
constexpr HttpMethod POST = HttpMethod::kPost;

template <typename H>
HttpHandler Bind(H* object, Result<HttpResponse> (H::*method)(HttpRequest&)) {
  return [object, method](HttpRequest& request) { return (object->*method)(request); };
}

Json Subject() { return Object({Req("dataset", String()), Req("key", String())}); }

Json AuditRequestRow() {
  return Object({Req("request_id", String()), Req("time", String("UTC timestamp")),
                 Req("time_us", Integer("epoch microseconds")), Req("principal", String()),
                 Req("operation", String("the route's operation id")), Req("method", String()),
                 Req("path", String()), Req("status", Integer()), Req("duration_ms", Number()),
                 Req("datasets", Nullable(Array(String()))), Req("sql", Nullable(String())),
                 Req("row_count", Nullable(Integer())), Req("index_name", Nullable(String())),
                 Req("doc_ids", Nullable(Array(String()))),
                 Req("subjects", Nullable(Array(Subject())))});
}

Json JournalEventRow() {
  return Object(
      {Req("event_id", String()), Req("time", String("UTC timestamp")),
       Req("time_us", Integer("epoch microseconds")),
       Req("type", String("insert | update | tombstone | commit | an application type")),
       Req("dataset", Nullable(String())), Req("key", Nullable(String())),
       Req("changes",
           Nullable(Array(Object({Req("field", String()), Req("old", Any()), Req("new", Any())})))),
       Req("actor", Nullable(String())), Req("source", Nullable(String())),
       Req("version", Nullable(Integer())), Req("payload", Any())});
}

Json AuditRequests() { return Object({Req("requests", Array(AuditRequestRow()))}); }
Json JournalEvents() { return Object({Req("events", Array(JournalEventRow()))}); }
Json JournalHistory() {
  return Object(
      {Req("dataset", String()), Req("key", String()), Req("events", Array(JournalEventRow()))});
}
Json JournalStats() {
  return Object({Req("enabled", schema::Boolean()), Req("events", Integer()),
                 Req("by_dataset_and_type",
                     Array(Object({Req("dataset", Nullable(String())), Req("type", String()),
                                   Req("events", Integer()), Req("first_time_us", Integer()),
                                   Req("last_time_us", Integer())})))});
}
Json JournalEventBody() {
  return Closed({Req("type", String("application event type (not insert, update, tombstone, "
                                    "commit)")),
                 Opt("subject", Nullable(Closed({Req("dataset", String()), Req("key", String())}))),
                 Opt("payload", Nullable(Object({})))});
}
Json JournalEventRecorded() {
  return Object(
      {Req("recorded", schema::Boolean()), Req("type", String()), Req("actor", String())});
}
Json SubjectAudit() {
  return Object({Req("dataset", String()), Req("key", String()),
                 Req("changes", Array(JournalEventRow())), Req("reads", Array(AuditRequestRow()))});
}

RouteContract AuditFilterContract(RouteContract contract) {
  return contract.Query("principal", String(), "only this principal's requests")
      .Query("dataset", String(), "only requests that touched this dataset")
      .Query("since", String(), "epoch microseconds or an RFC 3339 UTC time")
      .Query("limit", Integer(), "at most this many, newest first (default 100)");
}

}  // namespace

Status RegisterAuditRoutes(AuditHandlers* a, RouteTable* t) {
  LH_RETURN_IF_ERROR(t->Add(
      {GET, "/access/audit", "listAuditRequests",
       "The audit log: every request with principal, route, datasets, SQL, search hits, status "
       "and duration (admin only)",
       "audit"},
      AuditFilterContract(RouteContract())
          .Query("format", Enum({"json", "parquet"}), "parquet exports the rows instead")
          .Returns(200, "audited requests, newest first", AuditRequests())
          .Returns(200, "the rows as Parquet", nullptr, "application/vnd.apache.parquet"),
      Bind(a, &AuditHandlers::Requests)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/access/audit.parquet", "exportAuditRequests",
              "The audit log as Parquet (same filters; admin only)", "audit"},
             AuditFilterContract(RouteContract())
                 .Returns(200, "the rows as Parquet", nullptr, "application/vnd.apache.parquet"),
             Bind(a, &AuditHandlers::RequestsParquet)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/journal/history/{dataset}/{key}", "getJournalHistory",
              "Every journaled change of one row, oldest first (admin only)", "audit"},
             RouteContract()
                 .Query("limit", Integer(), "at most this many (default 100)")
                 .Returns(200, "the subject's events", JournalHistory()),
             Bind(a, &AuditHandlers::History)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/journal/recent", "listRecentJournalEvents",
                             "The newest journal events, newest first (admin only)", "audit"},
                            RouteContract()
                                .Query("limit", Integer(), "at most this many (default 100)")
                                .Returns(200, "events", JournalEvents()),
                            Bind(a, &AuditHandlers::Recent)));
  LH_RETURN_IF_ERROR(t->Add({GET, "/journal/stats", "getJournalStats",
                             "Journal event counts per dataset and type (admin only)", "audit"},
                            RouteContract().Returns(200, "counts", JournalStats()),
                            Bind(a, &AuditHandlers::Stats)));
  LH_RETURN_IF_ERROR(t->Add(
      {POST, "/journal/event", "postJournalEvent", "Record an application event in the journal",
       "audit", false, false, 201},
      RouteContract().Body(JournalEventBody()).Returns(201, "recorded", JournalEventRecorded()),
      Bind(a, &AuditHandlers::PostEvent)));
  return t->Add(
      {GET, "/audit/subject/{dataset}/{key}", "getSubjectAudit",
       "Every change to a data subject and every read that returned it (admin only)", "audit"},
      RouteContract().Returns(200, "changes and reads", SubjectAudit()),
      Bind(a, &AuditHandlers::Subject));
}

}  // namespace lakehouse
