// Generic human-readable output of JSON answers for the table-declared commands: an array of
// records as an aligned table of chosen fields, an object as "key: value" lines.
// Thread-safety: stateless functions.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "common/json.h"

namespace lakehouse {

// One row per element of `records` with the given fields as columns (titles upper-cased);
// "(none)" when the array is empty. Numeric fields are right-aligned.
void PrintRecords(const Json& records, const std::vector<std::string>& fields, std::ostream& out);

// Every scalar member of `object` as an aligned "key: value" line; arrays and objects compact.
void PrintFields(const Json& object, std::ostream& out);

}  // namespace lakehouse
