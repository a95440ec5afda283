// The issue #18 cases of the vector search benchmark ("fast with rows and filters"), each against
// the id-only search (`"columns": []`) measured in the same run, one client over HTTP:
//   - rows: two small columns and the whole row, read from the per-version row cache once it is
//     built (the first, cold request fetches with SQL: printed, with the cache's build time);
//   - filters matching 10 % and 0.1 % of the rows (resolved once per dataset version, the first
//     query's SQL pass printed apart), with how many queries got k hits and recall@10 against
//     exact search with the same filter;
//   - embeddings."<index>" in SQL: count(*) and LIMIT 1.
#pragma once

#include "bench/vector_search_runs.h"

namespace lakehouse::bench {

// `id_column` is an integer column of the suite's dataset (the filters are `id % n = r`).
void RunFastPathCases(BenchServer& server, const Suite& suite, int k);

}  // namespace lakehouse::bench
