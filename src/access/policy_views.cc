#include "access/policy_views.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include "access/policy_journal_view.h"
#include "common/logging.h"
#include "common/strings.h"
#include "sql/scalar_guards.h"
#include "sql/sql_literal.h"
#include "sql/statement_sources.h"

namespace lakehouse {
namespace {

constexpr std::string_view kFilterTarget = "__lh_row_filter";
// The journal as the policy reads it (policy_journal_view.h), under the raw view's own name.
constexpr std::string_view kJournalView = "journal.events";

std::string RandomHex(size_t bytes) {
  std::ifstream in("/dev/urandom", std::ios::binary);
  std::string raw(bytes, '\0');
  in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
  if (!in) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace

bool PolicyShows(const AccessPolicy& policy, const Dataset& dataset) {
  return policy.unrestricted() || policy.ForDataset(dataset.name, dataset.tags).has_value();
}

Result<std::string> LoadOrCreatePolicySecret(const std::string& data_dir) {
  const std::string path = data_dir + "/policy_secret";
  if (std::ifstream in(path); in) {
    std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (secret.size() >= 32) return secret;
    return FailedPrecondition("the policy secret in the data directory is too short");
  }
  std::string secret = RandomHex(32);
  if (secret.empty()) return Internal("cannot read /dev/urandom for the policy secret");
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << secret << '\n';
    out.flush();
    if (!out) return Internal("cannot write the policy secret");
  }
  ::chmod(temp.c_str(), 0600);
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    return Internal("cannot write the policy secret");
  }
  return secret;
}

PolicyViews::PolicyViews(const Database* db, Metastore* metastore, ColumnPolicyStore* overrides,
                         AiViewStore* ai_views, std::string hash_secret)
    : db_(db),
      metastore_(metastore),
      overrides_(overrides),
      ai_views_(ai_views),
      hash_secret_(std::move(hash_secret)) {}

Status PolicyViews::ConnectLocked() {
  if (conn_ == nullptr) {
    LH_ASSIGN_OR_RETURN(Connection conn, db_->Connect());
    conn_ = std::make_unique<Connection>(std::move(conn));
  }
  if (own_catalog_.empty()) {
    LH_ASSIGN_OR_RETURN(QueryResult result, conn_->Query("SELECT current_database()"));
    Json name = result.FetchScalar();
    if (!name.is_string()) return Internal("cannot read the query database's name");
    own_catalog_ = name.get<std::string>();
  }
  return Status::Ok();
}

Status PolicyViews::CheckRowFilter(std::string_view filter) {
  MutexLock lock(mu_);
  LH_RETURN_IF_ERROR(ConnectLocked());
  return CheckRowFilterLocked(filter);
}

Status PolicyViews::CheckRowFilterLocked(std::string_view filter) {
  LH_RETURN_IF_ERROR(CheckSqlText("row filter", filter));
  if (filter.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return InvalidArgument("a row filter may not be empty");
  }
  // Newlines keep a trailing line comment in the filter from swallowing the ')'.
  const std::string sql =
      "SELECT 1 FROM " + std::string(kFilterTarget) + " WHERE (\n" + std::string(filter) + "\n)";
  LH_ASSIGN_OR_RETURN(CheckedStatement checked, CheckReadStatement(*conn_, sql));
  const Json& node = checked.tree["statements"][0]["node"];
  if (checked.explain || node.value("type", "") != "SELECT_NODE" ||
      !node.value("modifiers", Json::array()).empty() ||
      !node.value("group_expressions", Json::array()).empty() ||
      !node.value("having", Json()).is_null() || !node.value("qualify", Json()).is_null()) {
    return InvalidArgument("a row filter must be one predicate over the dataset's columns");
  }
  PolicyScope only_target;
  only_target.tables.insert(std::string(kFilterTarget));
  Status names = CheckPolicyNames(checked.tree, only_target);
  if (!names.ok()) {
    return InvalidArgument("a row filter may read only its dataset's columns: ", names.message());
  }
  LH_ASSIGN_OR_RETURN(uint64_t count, conn_->CountStatements(sql));
  if (count != 1) return InvalidArgument("a row filter must be one predicate");
  return Status::Ok();
}

std::string PolicyViews::SelectSql(const ViewSpec& spec, std::set<std::string>* clear) {
  std::string columns;
  for (const Column& column : spec.base->columns) {
    if (!spec.columns.empty() &&
        std::none_of(spec.columns.begin(), spec.columns.end(),
                     [&](const std::string& c) { return EqualsIgnoreAsciiCase(c, column.name); })) {
      continue;
    }
    Redaction redaction{RedactionKind::kNone};
    if (auto fixed = spec.fixed->find(AsciiLower(column.name));
        fixed != spec.fixed->end() && fixed->second.kind != RedactionKind::kNone) {
      redaction = fixed->second;
    } else if (spec.clearance) {
      redaction = RedactionFor(column, *spec.clearance, *spec.overrides);
    }
    std::optional<std::string> item = RedactedColumnSql(column, redaction, hash_secret_);
    if (!item) continue;
    if (redaction.kind == RedactionKind::kNone && clear != nullptr) {
      clear->insert(AsciiLower(column.name));
    }
    columns += (columns.empty() ? "" : ", ") + *item;
  }
  // Every column denied: the relation is still there, with no data to show.
  if (columns.empty()) columns = "CAST(NULL AS INTEGER) AS no_visible_columns";
  std::string where;
  for (const std::vector<std::string>* any_of : {&spec.view_filter, &spec.grant_filters}) {
    if (any_of->empty()) continue;
    std::string valid_filters;
    for (const std::string& filter : *any_of) {
      Status valid = CheckRowFilterLocked(filter);
      if (!valid.ok()) {
        LH_LOG_WARN("row filter on '{}' refused (no rows shown): {}", spec.base->name,
                    valid.message());
        continue;
      }
      valid_filters += (valid_filters.empty() ? "" : " OR ") + std::string("(\n") + filter + "\n)";
    }
    where += (where.empty() ? " WHERE " : " AND ") +
             (valid_filters.empty() ? std::string("false") : "(" + valid_filters + ")");
  }
  return "SELECT " + columns + " FROM " + SqlIdentifier(own_catalog_) + ".main." +
         SqlIdentifier(spec.base->name) + where;
}

Result<PolicyViews::Plan> PolicyViews::PlanFor(const AccessPolicy& policy) {
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> datasets, metastore_->ListDatasets());
  std::map<std::string, ColumnRedactions> overrides;
  if (overrides_ != nullptr) {
    LH_ASSIGN_OR_RETURN(overrides, overrides_->ByDatasetId());
  }
  std::vector<AiView> ai_views;
  if (ai_views_ != nullptr) {
    LH_ASSIGN_OR_RETURN(ai_views, ai_views_->List());
  }
  const ColumnRedactions none;
  auto overrides_of = [&](const std::string& id) -> const ColumnRedactions& {
    auto it = overrides.find(id);
    return it == overrides.end() ? none : it->second;
  };
  Plan plan;
  for (const Dataset& dataset : datasets) {
    std::optional<DatasetAccess> access = policy.ForDataset(dataset.name, dataset.tags);
    if (!access) continue;
    ViewSpec spec{
        &dataset,           {}, access->max_unmasked, &none, &overrides_of(dataset.id), {},
        access->row_filters};
    plan.views.emplace_back(dataset.name,
                            SelectSql(spec, &plan.clear_columns[AsciiLower(dataset.name)]));
  }
  // AI-safe views the policy is granted by name (or "*"): named as the view.
  for (const AiView& view : ai_views) {
    std::optional<DatasetAccess> access = policy.ForDataset(view.name, {});
    if (!access) continue;
    auto base = std::find_if(datasets.begin(), datasets.end(),
                             [&](const Dataset& d) { return d.id == view.base_dataset_id; });
    if (base == datasets.end()) continue;
    ViewSpec spec{&*base,
                  view.columns,
                  access->max_unmasked,
                  &view.column_redactions,
                  &overrides_of(base->id),
                  view.row_filter.empty() ? std::vector<std::string>{}
                                          : std::vector<std::string>{view.row_filter},
                  access->row_filters};
    plan.views.emplace_back(view.name, SelectSql(spec, &plan.clear_columns[AsciiLower(view.name)]));
  }
  LH_ASSIGN_OR_RETURN(bool journal, JournalViewExistsLocked());
  if (journal) {
    std::vector<JournalDatasetPolicy> journaled;
    for (const Dataset& dataset : datasets) {
      std::optional<DatasetAccess> access = policy.ForDataset(dataset.name, dataset.tags);
      if (!access || !access->all_rows()) continue;
      JournalDatasetPolicy& d = journaled.emplace_back();
      d.name = dataset.name;
      for (const Column& column : dataset.columns) {
        Redaction r = RedactionFor(column, access->max_unmasked, overrides_of(dataset.id));
        if (r.kind != RedactionKind::kNone) d.redacted.emplace_back(AsciiLower(column.name), r);
      }
    }
    plan.views.emplace_back(std::string(kJournalView),
                            PolicyJournalSelectSql(SqlIdentifier(own_catalog_) + ".journal.events",
                                                   journaled, hash_secret_));
  }
  for (const auto& [name, select] : plan.views) plan.signature += name + '\0' + select + '\0';
  return plan;
}

Status PolicyViews::RefreshSharedViews() {
  MutexLock lock(mu_);
  LH_RETURN_IF_ERROR(ConnectLocked());
  std::vector<AiView> views;
  if (ai_views_ != nullptr) {
    LH_ASSIGN_OR_RETURN(views, ai_views_->List());
  }
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> datasets, metastore_->ListDatasets());
  std::map<std::string, ColumnRedactions> overrides;
  if (overrides_ != nullptr) {
    LH_ASSIGN_OR_RETURN(overrides, overrides_->ByDatasetId());
  }
  const ColumnRedactions none;
  std::set<std::string> now;
  Status first_error;
  for (const AiView& view : views) {
    auto base = std::find_if(datasets.begin(), datasets.end(),
                             [&](const Dataset& d) { return d.id == view.base_dataset_id; });
    if (base == datasets.end()) continue;
    ViewSpec spec{&*base,
                  view.columns,
                  std::nullopt,
                  &view.column_redactions,
                  &none,
                  view.row_filter.empty() ? std::vector<std::string>{}
                                          : std::vector<std::string>{view.row_filter},
                  {}};
    Status created =
        conn_->Execute("CREATE OR REPLACE VIEW " + SqlIdentifier(own_catalog_) + ".main." +
                       SqlIdentifier(view.name) + " AS " + SelectSql(spec, nullptr));
    if (!created.ok()) {
      LH_LOG_WARN("AI-safe view '{}' not built: {}", view.name, created.message());
      if (first_error.ok()) first_error = created;
      continue;
    }
    now.insert(AsciiLower(view.name));
  }
  for (const std::string& gone : shared_views_) {
    if (now.contains(gone)) continue;
    (void)conn_->Execute("DROP VIEW IF EXISTS " + SqlIdentifier(own_catalog_) + ".main." +
                         SqlIdentifier(gone));
  }
  shared_views_ = std::move(now);
  return first_error;
}

Result<AiView> PolicyViews::CreateAiView(AiView view) {
  if (ai_views_ == nullptr) return FailedPrecondition("AI-safe views are not configured");
  {
    MutexLock lock(mu_);
    LH_RETURN_IF_ERROR(ConnectLocked());
    if (view.name.empty() || view.name.size() > 128 ||
        view.name.find_first_of("\"./*\\") != std::string::npos || view.name.starts_with("__lh")) {
      return InvalidArgument("view name '", view.name,
                             "' must be 1-128 characters without quotes, dots, slashes or '*' "
                             "and not start with __lh");
    }
    if (metastore_->GetDataset(view.name).ok()) {
      return Conflict("a dataset is named '", view.name, "'; views and datasets share names");
    }
    LH_ASSIGN_OR_RETURN(Dataset base, metastore_->GetDataset(view.base_dataset));
    view.base_dataset = base.name;
    view.base_dataset_id = base.id;
    auto has = [&](const std::string& name) {
      return std::any_of(base.columns.begin(), base.columns.end(),
                         [&](const Column& c) { return EqualsIgnoreAsciiCase(c.name, name); });
    };
    for (const std::string& column : view.columns) {
      if (!has(column)) {
        return InvalidArgument("dataset '", base.name, "' has no column '", column, "'");
      }
    }
    ColumnRedactions lower;
    for (const auto& [column, redaction] : view.column_redactions) {
      if (!has(column)) {
        return InvalidArgument("dataset '", base.name, "' has no column '", column, "'");
      }
      lower[AsciiLower(column)] = redaction;
    }
    view.column_redactions = std::move(lower);
    if (!view.row_filter.empty()) LH_RETURN_IF_ERROR(CheckRowFilterLocked(view.row_filter));
  }
  LH_RETURN_IF_ERROR(ai_views_->Insert(view));
  LH_RETURN_IF_ERROR(RefreshSharedViews());
  return ai_views_->Get(view.name);
}

Status PolicyViews::DeleteAiView(std::string_view name) {
  if (ai_views_ == nullptr) return NotFound("view '", name, "' not found");
  LH_RETURN_IF_ERROR(ai_views_->Remove(name));
  return RefreshSharedViews();
}

Status PolicyViews::FillCatalog(const Plan& plan, PolicyScope* scope, bool* complete) {
  LH_RETURN_IF_ERROR(conn_->UseCatalog(scope->catalog));
  LH_RETURN_IF_ERROR(InstallScalarGuards(*conn_));
  for (const auto& [name, select] : plan.views) {
    Status created =
        name == kJournalView
            ? conn_->Execute("CREATE SCHEMA IF NOT EXISTS journal; CREATE VIEW journal.events AS " +
                             select)
            : conn_->Execute("CREATE VIEW " + SqlIdentifier(name) + " AS " + select);
    if (!created.ok()) {
      // The raw view may lag the catalog by a moment (a new dataset): the dataset stays
      // invisible to the policy until the next build, which the next statement retries.
      LH_LOG_WARN("policy view of '{}' not built: {}", name, created.message());
      *complete = false;
      continue;
    }
    scope->tables.insert(AsciiLower(name));
    if (auto it = plan.clear_columns.find(AsciiLower(name)); it != plan.clear_columns.end()) {
      scope->clear_columns.insert(*it);
    }
  }
  return Status::Ok();
}

Result<bool> PolicyViews::JournalViewExistsLocked() {
  if (journal_view_exists_) return true;
  LH_ASSIGN_OR_RETURN(QueryResult result,
                      conn_->Query("SELECT count(*) FROM duckdb_views() WHERE database_name = " +
                                   SqlStringLiteral(own_catalog_) +
                                   " AND schema_name = 'journal' AND view_name = 'events'"));
  Json count = result.FetchScalar();
  journal_view_exists_ = count.is_number_integer() && count.get<int64_t>() > 0;
  return journal_view_exists_;
}

Result<std::shared_ptr<const PolicyScope>> PolicyViews::Build(const AccessPolicy& policy,
                                                              const Plan& plan, Built* built) {
  auto scope = std::make_shared<PolicyScope>();
  scope->fingerprint = policy.fingerprint();
  scope->catalog =
      "__lh_policy_" + policy.fingerprint().substr(0, 12) + "_" + std::to_string(++next_catalog_);
  LH_RETURN_IF_ERROR(conn_->Execute("ATTACH ':memory:' AS " + SqlIdentifier(scope->catalog)));
  bool complete = true;
  Status status = FillCatalog(plan, scope.get(), &complete);
  Status back = conn_->UseCatalog("");
  if (!status.ok() || !back.ok()) {
    (void)conn_->Execute("DETACH DATABASE IF EXISTS " + SqlIdentifier(scope->catalog));
    return !status.ok() ? status : back;
  }
  if (!built->previous_catalog.empty()) {
    (void)conn_->Execute("DETACH DATABASE IF EXISTS " + SqlIdentifier(built->previous_catalog));
  }
  built->previous_catalog = built->scope ? built->scope->catalog : "";
  built->signature = plan.signature;
  built->complete = complete;
  built->scope = std::move(scope);
  return built->scope;
}

Result<std::shared_ptr<const PolicyScope>> PolicyViews::ScopeFor(const AccessPolicy& policy) {
  if (policy.unrestricted()) return std::shared_ptr<const PolicyScope>();
  MutexLock lock(mu_);
  LH_RETURN_IF_ERROR(ConnectLocked());
  Built& built = built_[policy.fingerprint()];
  const uint64_t writes = metastore_->write_count();
  if (built.scope && built.complete && built.write_count == writes) return built.scope;
  LH_ASSIGN_OR_RETURN(Plan plan, PlanFor(policy));
  if (built.scope && built.complete && plan.signature == built.signature) {
    built.write_count = writes;
    return built.scope;
  }
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const PolicyScope> scope, Build(policy, plan, &built));
  built.write_count = writes;
  return scope;
}

}  // namespace lakehouse
