// StaffingData: the reference domain of the staffing system we rebuild (issue 21, the demo) —
// candidates, clients, recruiters, job orders, placements and call logs — generated from a seed
// (the same seed gives the same rows), with referential integrity: every placement names an
// existing candidate, job order, its client and a recruiter; every call a candidate and a
// recruiter. Rows are typed columns (BIGINT, DOUBLE, VARCHAR), written as Parquet by
// cli/staffing_parquet.h for POST /ingest/file.
//
// candidate_activity is the per-candidate summary of the call log — calls and the last call's
// date, one row per candidate called at least once — maintained where the call log is written
// (here, as each candidate's calls are generated): what cold_leads reads instead of aggregating
// 2.6M calls per call (docs/PERFORMANCE.md). Whoever appends calls upserts the candidates' rows
// (the dataset is keyed by candidate_id).
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
#include <variant>
#include <vector>

namespace lakehouse {

enum class StaffingType { kInteger, kNumber, kText };  // BIGINT, DOUBLE, VARCHAR

// One column's values, in the vector of its type (the others stay empty).
struct StaffingColumn {
  std::string name;
  StaffingType type = StaffingType::kInteger;
  std::vector<int64_t> integers;
  std::vector<double> numbers;
  std::vector<std::string> texts;
};

struct StaffingTable {
  std::string name;  // dataset name
  std::string key;   // its key column
  std::vector<StaffingColumn> columns;
  int64_t rows = 0;
};

// The tables, in this order: candidates, clients, recruiters, job_orders, placements, call_logs,
// candidate_activity.
std::vector<StaffingTable> GenerateStaffingData(int64_t candidates, uint64_t seed,
                                                int64_t activity = 1);

}  // namespace lakehouse
