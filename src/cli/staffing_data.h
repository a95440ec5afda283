// StaffingData: the reference domain of the staffing system we rebuild (issue 21, the demo) —
// candidates, clients, recruiters, job orders, placements and call logs — generated from a seed
// (the same seed gives the same rows), with referential integrity: every placement names an
// existing candidate, job order, its client and a recruiter; every call a candidate and a
// recruiter. Rows are NDJSON, one string per table, ready for POST /ingest/file.
//
// Sizes scale with the candidate count: clients n/100, recruiters n/500 (at least 5), job orders
// n/10, placements n/20, call logs ≈ 3.3·activity·n with a long tail: most candidates get
// 0 … 5·activity − 1 calls, one in eight 5·activity … 13·activity − 1 (some are called that often
// and never placed: the cold leads). activity 8 at 100K candidates gives 2.6M calls, 2.62M related
// rows in all (the reference scale, ≈ 2.5M).
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

std::vector<StaffingTable> GenerateStaffingData(int64_t candidates, uint64_t seed,
                                                int64_t activity = 1);

}  // namespace lakehouse
