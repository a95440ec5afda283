// RedactUri: removes secrets from a connection string before it is stored or shown. Lineage keeps
// where data came from, never how to log in there.
//
// Handles, in one pass each:
//   * URL userinfo:  scheme://user:secret@host/db   → scheme://user:***@host/db
//     (the password ends at the LAST '@' of the authority, so passwords containing '@' are covered;
//     a user without a password is left alone)
//   * key/value secrets, in query strings and libpq/ODBC-style strings, case-insensitively:
//     password=, passwd=, pwd=, secret=, token=, access_key=, secret_key=, api_key=
//       ?password=abc&x=1            → ?password=***&x=1
//       host=db password='a b' port=5 → host=db password=*** port=5
//       Server=x;Pwd=abc;            → Server=x;Pwd=***;
//
// Thread-safety: pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace lakehouse {

inline constexpr std::string_view kRedacted = "***";

std::string RedactUri(std::string_view uri);

}  // namespace lakehouse
