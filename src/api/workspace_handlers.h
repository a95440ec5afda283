// Handlers for /workspaces (issue 21): agent workspaces over HTTP. Thin: parse (workspace/
// workspace_requests.h) → WorkspaceService as the request's principal (PolicyOf) → encode
// (workspace/workspace_json.h).
//
// Thread-safety: thread-safe (stateless over a thread-safe service).
#pragma once

#include "http/http_types.h"
#include "workspace/workspace_service.h"

namespace lakehouse {

class WorkspaceHandlers {
 public:
  explicit WorkspaceHandlers(WorkspaceService* workspaces) : workspaces_(workspaces) {}

  // POST /workspaces {name, description?, tier, owner?, shared_with?} → 201 the workspace
  Result<HttpResponse> Create(HttpRequest& request);
  // GET /workspaces?owner=&tier=&state= → {"workspaces": [...]} (the ones the caller may read)
  Result<HttpResponse> List(HttpRequest& request);
  // GET /workspaces/{id} → the workspace with its searches and shortlist
  Result<HttpResponse> Get(HttpRequest& request);
  // PATCH /workspaces/{id} {name?, description?, tier?, shared_with?} → the workspace
  Result<HttpResponse> Update(HttpRequest& request);
  // DELETE /workspaces/{id} → {"deleted": id}
  Result<HttpResponse> Delete(HttpRequest& request);
  // POST /workspaces/{id}/searches {saved search} → 201 the search
  Result<HttpResponse> SaveSearch(HttpRequest& request);
  // DELETE /workspaces/{id}/searches/{name} → {"deleted": name}
  Result<HttpResponse> DeleteSearch(HttpRequest& request);
  // POST /workspaces/{id}/searches/{name}/run → columns, rows, fingerprint, who ran it
  Result<HttpResponse> RunSearch(HttpRequest& request);
  // POST /workspaces/{id}/shortlist {dataset, key, note?} → 201 the item
  Result<HttpResponse> AddToShortlist(HttpRequest& request);
  // PATCH /workspaces/{id}/shortlist/{item} {note} → the item
  Result<HttpResponse> SetShortlistNote(HttpRequest& request);
  // DELETE /workspaces/{id}/shortlist/{item} → {"deleted": item}
  Result<HttpResponse> RemoveFromShortlist(HttpRequest& request);
  // POST /workspaces/{id}/handoff {to, reason} → the workspace, its new owner and chain
  Result<HttpResponse> Handoff(HttpRequest& request);
  // GET /workspaces/{id}/activity?limit= → {"activity": [...]}, newest first
  Result<HttpResponse> Activity(HttpRequest& request);

 private:
  WorkspaceService* const workspaces_;
};

}  // namespace lakehouse
