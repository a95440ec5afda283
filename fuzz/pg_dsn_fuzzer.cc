// PgDsn: any text parses or gives INVALID_ARGUMENT; a parsed DSN's accessors and redactions are
// safe to call, and ConninfoWithoutSecrets() reads back (through libpq again) to the same
// non-secret options — the promise a stored pull relies on to reconnect.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fuzz/fuzz_input.h"
#include "pg/pg_dsn.h"

namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

Options WithoutKeys(const Options& options, const Options& reference_secrets) {
  Options out;
  for (const auto& option : options) {
    bool secret = false;
    for (const auto& s : reference_secrets) secret = secret || s.first == option.first;
    if (!secret) out.push_back(option);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lakehouse;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<PgDsn> dsn = PgDsn::Parse(text);
  if (!dsn.ok()) {
    LH_FUZZ_CHECK(dsn.status().code() == StatusCode::kInvalidArgument);
    return 0;
  }
  (void)dsn->Redacted();
  (void)dsn->Describe();
  (void)dsn->Scrub(text);
  const std::string conninfo = dsn->ConninfoWithoutSecrets();
  Result<PgDsn> again = PgDsn::Parse(conninfo);
  LH_FUZZ_CHECK(again.ok());
  LH_FUZZ_CHECK(!again->has_secrets());
  // The options libpq saw, minus the ones marked secret (whose values are non-empty).
  Options secrets;
  for (const auto& [key, value] : dsn->options()) {
    if (!value.empty() && (key == "password" || key == "sslpassword"))
      secrets.emplace_back(key, "");
  }
  LH_FUZZ_CHECK(WithoutKeys(dsn->options(), secrets) == again->options());
  LH_FUZZ_CHECK(again->ConninfoWithoutSecrets() == conninfo);
  return 0;
}
