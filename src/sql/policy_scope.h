// PolicyScope: how one restricted access policy reads the query database (issue 20). Its
// datasets and AI-safe views are views in a DuckDB catalog of their own (`catalog`, an attached
// in-memory database built by access/PolicyViews), each already masked and row-filtered; a
// statement run for the policy runs with that catalog as its default (USE), so an unqualified
// name cannot reach the raw dataset views, and the sandbox (CheckPolicyNames) refuses every name
// outside `tables`, every qualified name, catalog listings and metadata.
//
// A null scope (std::shared_ptr) means unrestricted: today's read path, unchanged.
//
// Thread-safety: immutable after construction; share as std::shared_ptr<const PolicyScope>.
#pragma once

#include <map>
#include <set>
#include <string>

namespace lakehouse {

struct PolicyScope {
  // The attached catalog holding the policy's views; its name changes whenever the views are
  // rebuilt, so caches keyed by it never mix two versions of the masking.
  std::string catalog;
  // The policy fingerprint (AccessPolicy::fingerprint).
  std::string fingerprint;
  // Lower-case names the policy may read: granted datasets and AI-safe views, and
  // "journal.events" when its catalog holds the masked journal.
  std::set<std::string> tables;
  // For each of those (lower-case), the lower-case columns it shows unredacted. Text derived from
  // other columns (a vector index's chunk text) is shown only when all of them are here.
  std::map<std::string, std::set<std::string>> clear_columns;
};

}  // namespace lakehouse
