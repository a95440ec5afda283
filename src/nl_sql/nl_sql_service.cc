#include "nl_sql/nl_sql_service.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/status_detail.h"
#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The generated SQL is refused (worth a retry with the error), rather than the request failing.
bool IsRefusal(const Status& status) {
  return status.code() == StatusCode::kInvalidArgument ||
         status.code() == StatusCode::kPermissionDenied;
}

std::string Shorten(std::string text, size_t max_chars) {
  if (text.size() <= max_chars) return text;
  size_t cut = max_chars;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  text.resize(cut);
  return text + "…";
}

}  // namespace

NlSqlService::NlSqlService(CatalogService* catalog, PolicyViews* policy_views,
                           QueryService* queries, GeneratorRegistry* generators,
                           AiViewStore* ai_views)
    : catalog_(catalog),
      policy_views_(policy_views),
      queries_(queries),
      generators_(generators),
      ai_views_(ai_views) {}

Result<SchemaContext> NlSqlService::ContextFor(const AccessPolicy& policy,
                                               const std::shared_ptr<const PolicyScope>& scope,
                                               const std::vector<std::string>& datasets) {
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> all, catalog_->ListDatasets());
  const std::set<std::string> requested(datasets.begin(), datasets.end());
  std::set<std::string> wanted = requested;
  SchemaContext context;
  for (const Dataset& dataset : all) {
    if (!PolicyShows(policy, dataset)) continue;
    if (!wanted.empty() && wanted.erase(dataset.name) == 0) continue;
    const std::string table_name = Lower(dataset.name);
    const std::set<std::string>* clear = nullptr;
    if (scope != nullptr) {
      if (!scope->tables.contains(table_name)) continue;
      auto found = scope->clear_columns.find(table_name);
      if (found == scope->clear_columns.end()) continue;
      clear = &found->second;
    }
    SchemaTable table{dataset.name, dataset.description, {}};
    for (const Column& column : dataset.columns) {
      // Masked and denied columns are not offered: the prompt holds only what the caller sees.
      if (clear != nullptr && !clear->contains(Lower(column.name))) continue;
      table.columns.push_back({column.name, column.type, column.description, {}});
    }
    if (table.columns.empty()) continue;
    if (context.tables.size() < kMaxTables) context.tables.push_back(std::move(table));
  }
  LH_RETURN_IF_ERROR(AddAiViews(policy, scope, all, requested, &wanted, &context));
  if (!wanted.empty()) return NotFound("dataset '", *wanted.begin(), "' not found");
  for (SchemaTable& table : context.tables) AddSamples(&table, scope);
  return context;
}

Status NlSqlService::AddAiViews(const AccessPolicy& policy,
                                const std::shared_ptr<const PolicyScope>& scope,
                                const std::vector<Dataset>& datasets,
                                const std::set<std::string>& requested,
                                std::set<std::string>* wanted, SchemaContext* context) {
  if (ai_views_ == nullptr) return Status::Ok();
  const bool named_only = !requested.empty();
  LH_ASSIGN_OR_RETURN(std::vector<AiView> views, ai_views_->List());
  for (const AiView& view : views) {
    if (named_only && !requested.contains(view.name)) continue;
    // Unrestricted callers see the base dataset whole: a view is offered only when named.
    if (scope == nullptr && !named_only) continue;
    if (!policy.unrestricted() && !policy.ForDataset(view.name, {})) continue;
    const std::set<std::string>* clear = nullptr;
    if (scope != nullptr) {
      const std::string table_name = Lower(view.name);
      if (!scope->tables.contains(table_name)) continue;
      auto found = scope->clear_columns.find(table_name);
      if (found == scope->clear_columns.end()) continue;
      clear = &found->second;
    }
    auto base = std::find_if(datasets.begin(), datasets.end(),
                             [&](const Dataset& d) { return d.id == view.base_dataset_id; });
    if (base == datasets.end()) continue;
    std::set<std::string> listed;
    for (const std::string& column : view.columns) listed.insert(Lower(column));
    // The base dataset is named only to a caller who may see it.
    SchemaTable table{view.name,
                      PolicyShows(policy, *base)
                          ? "AI-safe view of " + base->name +
                                (base->description.empty() ? "" : ": " + base->description)
                          : "AI-safe view",
                      {}};
    for (const Column& column : base->columns) {
      const std::string lower = Lower(column.name);
      if (!listed.empty() && !listed.contains(lower)) continue;
      // What the view itself redacts is never offered, nor what the caller's scope redacts.
      if (view.column_redactions.contains(lower)) continue;
      if (clear != nullptr && !clear->contains(lower)) continue;
      table.columns.push_back({column.name, column.type, column.description, {}});
    }
    if (table.columns.empty()) continue;
    wanted->erase(view.name);
    if (context->tables.size() < kMaxTables) context->tables.push_back(std::move(table));
  }
  return Status::Ok();
}

void NlSqlService::AddSamples(SchemaTable* table, const std::shared_ptr<const PolicyScope>& scope) {
  std::string select;
  for (const SchemaColumn& column : table->columns) {
    if (!select.empty()) select += ", ";
    select += SqlIdentifier(column.name);
  }
  // Through the caller's own views: a sample is a value the caller could read anyway.
  Result<QueryAnswer> sample =
      queries_->QueryComposed("SELECT " + select + " FROM " + SqlIdentifier(table->name) +
                                  " LIMIT " + std::to_string(kSampleRows),
                              kSampleRows, scope);
  if (!sample.ok()) return;  // samples help; a table without them is still offered
  const RowSet& rows = *sample->rows;
  for (size_t c = 0; c < table->columns.size() && c < rows.columns.size(); ++c) {
    std::vector<std::string>& samples = table->columns[c].samples;
    for (size_t r = 0; r < rows.row_count() && samples.size() < kSamplesPerColumn; ++r) {
      const SqlValue& value = rows.At(r, c);
      if (value.is_null() || value.is_nested()) continue;
      std::string text = value.AsString() != nullptr
                             ? SqlStringLiteral(Shorten(*value.AsString(), kSampleChars))
                             : value.ToJson().dump();
      if (std::find(samples.begin(), samples.end(), text) == samples.end()) {
        samples.push_back(std::move(text));
      }
    }
  }
}

Result<std::optional<QueryAnswer>> NlSqlService::Try(
    const NlSqlRequest& request, const std::string& sql,
    const std::shared_ptr<const PolicyScope>& scope) {
  if (sql.empty()) return InvalidArgument("the reply holds no SQL statement");
  SqlRequest statement;
  statement.sql = sql;
  statement.limit = request.limit;
  statement.scope = scope;
  statement.client_gone = request.client_gone;
  if (!request.run) {
    LH_RETURN_IF_ERROR(queries_->Check(statement));
    return std::optional<QueryAnswer>();
  }
  LH_ASSIGN_OR_RETURN(QueryAnswer answer, queries_->Query(statement));
  return std::optional<QueryAnswer>(std::move(answer));
}

Result<NlSqlAnswer> NlSqlService::Ask(const NlSqlRequest& request, const AccessPolicy& policy) {
  if (request.question.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("field 'question' is empty");
  }
  Result<std::shared_ptr<Generator>> generator = generators_->Get(request.model);
  if (!generator.ok()) {
    if (generator.status().code() != StatusCode::kFailedPrecondition) return generator.status();
    return FailedPrecondition(
        "natural language to SQL needs a text generator (", generator.status().message(),
        "). Configure one: ai.generate_model = \"ollama/<model>\" with ai.ollama_url, or "
        "\"openai/<model>\" with ai.openai_url, in the config file (or "
        "LAKEHOUSE_AI_GENERATE_MODEL and LAKEHOUSE_AI_OLLAMA_URL / LAKEHOUSE_AI_OPENAI_URL); see "
        "lakehouse.example.toml");
  }
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const PolicyScope> scope, policy_views_->ScopeFor(policy));
  LH_ASSIGN_OR_RETURN(SchemaContext context, ContextFor(policy, scope, request.datasets));
  if (context.tables.empty()) {
    return FailedPrecondition("there is no dataset you may read to ask about");
  }
  NlSqlAnswer answer;
  for (const SchemaTable& table : context.tables) answer.datasets.push_back(table.name);
  std::vector<FailedAttempt> failures;
  Json attempts = Json::array();
  Status refused;
  for (int32_t attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    GenerateRequest generate;
    generate.messages = BuildSqlPrompt(request.question, context, failures);
    generate.temperature = 0;
    LH_ASSIGN_OR_RETURN(GenerateResult reply, (*generator)->Generate(generate));
    ExtractedSql extracted = ExtractSql(reply.text);
    Result<std::optional<QueryAnswer>> tried = Try(request, extracted.sql, scope);
    if (tried.ok()) {
      answer.sql = std::move(extracted.sql);
      answer.explanation = std::move(extracted.explanation);
      answer.model = std::move(reply.model);
      answer.attempts = attempt;
      answer.result = std::move(*tried);
      return answer;
    }
    if (!IsRefusal(tried.status())) return tried.status();
    refused = tried.status();
    attempts.push_back({{"sql", extracted.sql}, {"error", refused.message()}});
    failures.push_back({reply.text, refused.message()});
  }
  return WithDetail(Status(refused.code(),
                           StrCat("the generated SQL was refused after ",
                                  std::to_string(kMaxAttempts), " attempts: ", refused.message())),
                    "attempts", std::move(attempts));
}

}  // namespace lakehouse
