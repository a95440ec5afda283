// SchemaFingerprint: a stable identity for a table schema, so a reader can tell "same columns,
// same types, same order" with one string comparison.
//
// Byte format hashed (SHA-256, lower-case hex), one record per column in table order:
//
//   <len(name)> ':' <name> <len(TYPE)> ':' <TYPE> '\n'
//
// where len is the byte length in decimal ASCII, name is the column name exactly as stored, and
// TYPE is the type trimmed of surrounding whitespace and ASCII-upper-cased ("varchar" and
// "VARCHAR" are the same DuckDB type). Length prefixes make the encoding unambiguous whatever bytes
// a name contains. Example: columns (id BIGINT), (email varchar) hash the 21 bytes
// "2:id6:BIGINT\n5:email7:VARCHAR\n". An empty schema hashes the empty string. Nullability,
// descriptions and classifications are not part of the fingerprint.
//
// Thread-safety: pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "catalog/dataset.h"

namespace lakehouse {

std::string SchemaFingerprintBytes(const std::vector<Column>& columns);
std::string SchemaFingerprint(const std::vector<Column>& columns);

}  // namespace lakehouse
