#include "access/policy_views.h"

#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <set>

#include "common/logging.h"
#include "common/strings.h"
#include "sql/scalar_guards.h"
#include "sql/sql_literal.h"
#include "sql/statement_sources.h"

namespace lakehouse {
namespace {

constexpr std::string_view kFilterTarget = "__lh_row_filter";

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

PolicyViews::PolicyViews(const Database* db, Metastore* metastore, std::string hash_secret)
    : db_(db), metastore_(metastore), hash_secret_(std::move(hash_secret)) {}

Status PolicyViews::CheckRowFilter(std::string_view filter) {
  MutexLock lock(mu_);
  if (conn_ == nullptr) {
    LH_ASSIGN_OR_RETURN(Connection conn, db_->Connect());
    conn_ = std::make_unique<Connection>(std::move(conn));
  }
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

Result<PolicyViews::Plan> PolicyViews::PlanFor(const AccessPolicy& policy) {
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> datasets, metastore_->ListDatasets());
  Plan plan;
  for (const Dataset& dataset : datasets) {
    std::optional<DatasetAccess> access = policy.ForDataset(dataset.name, dataset.tags);
    if (!access) continue;
    std::string columns;
    for (const Column& column : dataset.columns) {
      const Redaction redaction = RedactionFor(column, access->max_unmasked, ColumnRedactions());
      std::optional<std::string> item = RedactedColumnSql(column, redaction, hash_secret_);
      if (!item) continue;
      if (redaction.kind == RedactionKind::kNone) {
        plan.clear_columns[AsciiLower(dataset.name)].insert(AsciiLower(column.name));
      }
      columns += (columns.empty() ? "" : ", ") + *item;
    }
    // Every column denied: the dataset is still there, with no data to show.
    if (columns.empty()) columns = "CAST(NULL AS INTEGER) AS no_visible_columns";
    std::string where;
    if (!access->all_rows()) {
      for (const std::string& filter : access->row_filters) {
        Status valid = CheckRowFilterLocked(filter);
        if (!valid.ok()) {
          LH_LOG_WARN("row filter of principal '{}' on dataset '{}' refused (no rows shown): {}",
                      policy.principal().name, dataset.name, valid.message());
          continue;
        }
        where += (where.empty() ? "" : " OR ") + std::string("(\n") + filter + "\n)";
      }
      if (where.empty()) where = "false";
      where = " WHERE " + where;
    }
    plan.views.emplace_back(dataset.name, "SELECT " + columns + " FROM " +
                                              SqlIdentifier(own_catalog_) + ".main." +
                                              SqlIdentifier(dataset.name) + where);
  }
  for (const auto& [name, select] : plan.views) plan.signature += name + '\0' + select + '\0';
  return plan;
}

Result<std::shared_ptr<const PolicyScope>> PolicyViews::Build(const AccessPolicy& policy,
                                                              const Plan& plan, Built* built) {
  auto scope = std::make_shared<PolicyScope>();
  scope->fingerprint = policy.fingerprint();
  scope->catalog = "__lh_policy_" + policy.fingerprint().substr(0, 12) + "_" +
                   std::to_string(++next_catalog_);
  LH_RETURN_IF_ERROR(conn_->Execute("ATTACH ':memory:' AS " + SqlIdentifier(scope->catalog)));
  bool complete = true;
  Status status = [&]() -> Status {
    LH_RETURN_IF_ERROR(conn_->UseCatalog(scope->catalog));
    LH_RETURN_IF_ERROR(InstallScalarGuards(*conn_));
    for (const auto& [name, select] : plan.views) {
      Status created = conn_->Execute("CREATE VIEW " + SqlIdentifier(name) + " AS " + select);
      if (!created.ok()) {
        // The raw view may lag the catalog by a moment (a new dataset): the dataset stays
        // invisible to the policy until the next build, which the next statement retries.
        LH_LOG_WARN("policy view of '{}' not built: {}", name, created.message());
        complete = false;
        continue;
      }
      scope->tables.insert(AsciiLower(name));
      if (auto it = plan.clear_columns.find(AsciiLower(name)); it != plan.clear_columns.end()) {
        scope->clear_columns.insert(*it);
      }
    }
    return Status::Ok();
  }();
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
