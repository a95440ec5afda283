// NlSqlService: natural language to SQL (issue 21, POST /ai/sql). A question becomes one
// read-only statement written by the configured generator, checked by the SQL sandbox and run in
// the caller's policy scope:
//
//   1. the schema context: the datasets the caller may read (or the ones the request names), each
//      with only the columns the caller sees unredacted — masked and denied columns are never
//      offered — their types, descriptions and a few sample values read through the caller's
//      own views; then the AI-safe views (access/ai_view_store.h) a restricted caller is granted
//      by name (or "*"), the same way, so a principal granted only a view can ask about it (an
//      unrestricted caller is offered a view only when the request names it: it already sees
//      the base dataset whole);
//   2. the generator writes a reply (sql_prompt.h), one statement is extracted from it;
//   3. the statement is validated by QueryService in the caller's scope (one statement,
//      read-only, only names the caller may read, bound by DuckDB), and run unless `run` is
//      false;
//   4. when it is refused (INVALID_ARGUMENT, PERMISSION_DENIED — a write, an unknown or denied
//      column, prose without SQL), the generator is asked once more with the database's error;
//      a second refusal is the answer: the last error's code, its message, and the attempts as the
//      error's "attempts" detail ([{sql, error}]).
// No generator configured (and none named) → FAILED_PRECONDITION (412) saying how to configure
// one. Whatever the generator writes, nothing runs outside QueryService's sandbox and the policy.
//
// Thread-safety: thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "access/access_policy.h"
#include "access/ai_view_store.h"
#include "access/policy_views.h"
#include "catalog/catalog_service.h"
#include "embed/generator_registry.h"
#include "nl_sql/sql_prompt.h"
#include "sql/query_service.h"

namespace lakehouse {

struct NlSqlRequest {
  std::string question;                 // required, non-blank
  std::vector<std::string> datasets;    // empty = every dataset the caller may read
  std::string model;                    // "" = ai.generate_model
  bool run = true;                      // false: validate only, no rows
  int64_t limit = 1000;                 // rows returned when run
  std::function<bool()> client_gone{};  // interrupts the statement (QueryService)
};

struct NlSqlAnswer {
  std::string sql;
  std::string explanation;            // the generator's prose around the SQL ("" = none)
  std::string model;                  // the generator's model id
  std::vector<std::string> datasets;  // offered in the prompt
  int32_t attempts = 1;               // 1, or 2 after a retry
  std::optional<QueryAnswer> result;  // when run
};

class NlSqlService {
 public:
  static constexpr int32_t kMaxAttempts = 2;
  static constexpr size_t kMaxTables = 40;
  static constexpr int64_t kSampleRows = 20;
  static constexpr size_t kSamplesPerColumn = 3;
  static constexpr size_t kSampleChars = 40;

  // Pointers must outlive the service; `ai_views` may be null (no AI-safe views offered).
  NlSqlService(CatalogService* catalog, PolicyViews* policy_views, QueryService* queries,
               GeneratorRegistry* generators, AiViewStore* ai_views = nullptr);

  Result<NlSqlAnswer> Ask(const NlSqlRequest& request, const AccessPolicy& policy);

  // The schema the generator is shown for `policy` (see the header comment); NOT_FOUND for a
  // named dataset the caller does not see.
  Result<SchemaContext> ContextFor(const AccessPolicy& policy,
                                   const std::shared_ptr<const PolicyScope>& scope,
                                   const std::vector<std::string>& datasets);

 private:
  void AddSamples(SchemaTable* table, const std::shared_ptr<const PolicyScope>& scope);
  // Adds the AI-safe views offered to `policy` (see the header comment; `requested`: the names
  // the request gave, empty = all) to `context`, erasing the names it offers from `wanted`.
  Status AddAiViews(const AccessPolicy& policy, const std::shared_ptr<const PolicyScope>& scope,
                    const std::vector<Dataset>& datasets, const std::set<std::string>& requested,
                    std::set<std::string>* wanted, SchemaContext* context);
  // Validates (and, with `run`, runs) one extracted statement.
  Result<std::optional<QueryAnswer>> Try(const NlSqlRequest& request, const std::string& sql,
                                         const std::shared_ptr<const PolicyScope>& scope);

  CatalogService* const catalog_;
  PolicyViews* const policy_views_;
  QueryService* const queries_;
  GeneratorRegistry* const generators_;
  AiViewStore* const ai_views_;  // may be null
};

}  // namespace lakehouse
