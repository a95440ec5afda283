// StaffingData: the reference domain of the staffing system we rebuild (issue 21, the demo) —
// candidates, clients, recruiters, job orders, placements and call logs — generated from a seed
// (the same seed gives the same rows), with referential integrity: every placement names an
// existing candidate, job order, its client and a recruiter; every call a candidate and a
// recruiter. Rows are NDJSON, one string per table, ready for POST /ingest/file.
//
// Sizes scale with the candidate count: clients n/100, recruiters n/500 (at least 5), job orders
// n/10, placements n/20, call logs ≈ 3n with a long tail (some candidates are called 5+ times
// and never placed: the cold leads).
//
// Thread-safety: a pure function.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lakehouse {

struct StaffingTable {
  std::string name;  // dataset name
  std::string key;   // its key column
  std::string ndjson;
  int64_t rows = 0;
};

std::vector<StaffingTable> GenerateStaffingData(int64_t candidates, uint64_t seed);

}  // namespace lakehouse
