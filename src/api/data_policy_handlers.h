// Handlers for /access/column-policies and /access/views (issue 20): per-column redaction overrides
// and AI-safe views, admin only.
//
// Thread-safety: thread-safe (stateless over a thread-safe store).
#pragma once

#include "access/ai_view_store.h"
#include "access/column_policy_store.h"
#include "access/policy_views.h"
#include "http/http_types.h"

namespace lakehouse {

class DataPolicyHandlers {
 public:
  DataPolicyHandlers(ColumnPolicyStore* column_policies, PolicyViews* policy_views,
                     AiViewStore* ai_views)
      : column_policies_(column_policies), policy_views_(policy_views), ai_views_(ai_views) {}

  // GET /access/column-policies → {"column_policies": [{"dataset","column","redaction",
  // "keep_prefix","keep_suffix"}]}
  Result<HttpResponse> ListColumnPolicies(HttpRequest& request);
  // PUT /access/column-policies {"dataset","column","redaction": "null"|"hash"|"mask"|"deny",
  // "keep_prefix"?, "keep_suffix"?} → the stored entry
  Result<HttpResponse> PutColumnPolicy(HttpRequest& request);
  // DELETE /access/column-policies/{dataset}/{column} → {"deleted": true}
  Result<HttpResponse> DeleteColumnPolicy(HttpRequest& request);

  // POST /access/views {"name","base_dataset","columns"?,"row_filter"?,"column_redactions"?:
  // {"<column>": {"redaction","keep_prefix"?,"keep_suffix"?}}} → 201 the view
  Result<HttpResponse> CreateView(HttpRequest& request);
  // GET /access/views → {"views": [...]}
  Result<HttpResponse> ListViews(HttpRequest& request);
  // GET /access/views/{name} → the view
  Result<HttpResponse> GetView(HttpRequest& request);
  // DELETE /access/views/{name} → {"deleted": true}
  Result<HttpResponse> DeleteView(HttpRequest& request);

 private:
  ColumnPolicyStore* const column_policies_;
  PolicyViews* const policy_views_;
  AiViewStore* const ai_views_;
};

}  // namespace lakehouse
