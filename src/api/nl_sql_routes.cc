#include "api/nl_sql_routes.h"

#include "http/json_schema.h"

namespace lakehouse {

using schema::Any;
using schema::Array;
using schema::Boolean;
using schema::Closed;
using schema::Integer;
using schema::Number;
using schema::Object;
using schema::Opt;
using schema::Req;
using schema::String;

Status RegisterNlSqlRoutes(NlSqlHandlers* handlers, RouteTable* t) {
  Json body = Closed({Req("question", String("the question, in plain language")),
                      Opt("datasets", Array(String(),
                                            "offer only these (default: every dataset "
                                            "the caller may read)")),
                      Opt("model", String("generator: ollama/<model>, openai/<model>; default "
                                          "ai.generate_model")),
                      Opt("limit", Integer("rows returned, 1..10000, default 1000"))});
  Json answer = Object(
      {Req("sql", String("the statement, validated in the caller's policy scope")),
       Req("explanation", String("the generator's words about it; may be empty")),
       Req("model", String()), Req("datasets", Array(String(), "the datasets offered")),
       Req("attempts", Integer("1, or 2 after a retry with the database's error")),
       Req("ran", Boolean("false with ?run=false")),
       Opt("columns", Array(Object({Req("name", String()), Req("type", String())}))),
       Opt("rows", Array(Array(Any()), "rows, each an array of column values")),
       Opt("row_count", Integer()), Opt("truncated", Boolean()), Opt("elapsed_ms", Number())});
  return t->Add(
      {HttpMethod::kPost, "/ai/sql", "askSql",
       "Turn a question into one read-only SQL statement with the configured generator, checked "
       "and run under the caller's policy (412 without a generator)",
       "ai"},
      RouteContract()
          .Body(std::move(body))
          .Query("run", Boolean(), "false: return the validated SQL without running it")
          .Returns(200, "the SQL and, unless ?run=false, its rows", std::move(answer)),
      [handlers](HttpRequest& request) { return handlers->Ask(request); });
}

}  // namespace lakehouse
