// AiViewStore: AI-safe views (issue 20) — named, admin-defined views over one dataset
// `{name, base_dataset, columns, row_filter, column_redactions}` that agents are granted instead of
// the base dataset. Kept in catalog.db (table `ai_views`, store schema "ai_views" step 1) by the
// base dataset's id, so a renamed dataset keeps its views. PolicyViews makes each one queryable by
// name: for unrestricted callers as a view in the query database, for a restricted policy in its
// own catalog when a grant names the view (or "*").
//
// A view's column_redactions apply to everyone who reads it (that is what makes it AI-safe); the
// reader's clearance may hide more (columns above it redact by their defaults). Its row filter is
// AND-ed with the reader's own filters on the view.
//
// Thread-safety: thread-safe (the Metastore serialises writes).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/column_policy.h"
#include "catalog/metastore.h"

namespace lakehouse {

struct AiView {
  std::string name;
  std::string base_dataset;          // the base dataset's current name
  std::string base_dataset_id;       // what it is kept by
  std::vector<std::string> columns;  // empty = every column of the base dataset
  std::string row_filter;            // "" = every row
  ColumnRedactions column_redactions;
  int64_t created_at = 0;  // epoch micros
};

class AiViewStore {
 public:
  explicit AiViewStore(Metastore* metastore);

  // Views over live datasets, by name. Views whose base dataset is gone are left out.
  Result<std::vector<AiView>> List();
  Result<AiView> Get(std::string_view name);  // NOT_FOUND when unknown
  // Stores a new view; the caller validated it (PolicyViews::CreateAiView). CONFLICT when the name
  // is taken.
  Status Insert(const AiView& view);
  Status Remove(std::string_view name);  // NOT_FOUND when unknown

 private:
  Metastore* const metastore_;
};

}  // namespace lakehouse
