// `lakehouse refresh DATASET [--index NAME] [--wait] [--json]`: brings a dataset's vector indexes
// up to date with it (POST /vectors/refresh/{dataset}); without --index, every index of the
// dataset (GET /vectors/indexes?dataset=…), submitted together, then waited for with --wait.
// `lakehouse stale [--dataset NAME] [--json]`: the indexes behind their dataset (GET
// /vectors/stale).
#pragma once

#include <vector>

#include "common/json.h"

namespace lakehouse {

// Prints refresh results ({"index_name", "from_version", "to_version", "docs_added", …}) as a
// table, one row each, and a warning for chunks that failed to embed.
void PrintRefreshResults(const std::vector<Json>& results);

}  // namespace lakehouse
