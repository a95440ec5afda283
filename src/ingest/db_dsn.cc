#include "ingest/db_dsn.h"

#include <cctype>

namespace lakehouse {

Result<DbDsn> DbDsn::Parse(std::string_view dsn) {
  if (MysqlDsn::Matches(dsn)) {
    LH_ASSIGN_OR_RETURN(MysqlDsn parsed, MysqlDsn::Parse(dsn));
    return DbDsn(std::move(parsed));
  }
  const size_t scheme = dsn.find("://");
  if (scheme != std::string_view::npos && dsn.find('=') > scheme) {
    std::string_view name = dsn.substr(0, scheme);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) {
      name.remove_prefix(1);
    }
    if (name != "postgresql" && name != "postgres") {
      return InvalidArgument("invalid DSN: unsupported scheme '", name,
                             "' (use postgresql://, postgres://, mysql:// or mariadb://, or libpq "
                             "key=value pairs)");
    }
  }
  LH_ASSIGN_OR_RETURN(PgDsn parsed, PgDsn::Parse(dsn));
  return DbDsn(std::move(parsed));
}

std::string_view DbDsn::system_name() const { return pg() != nullptr ? "postgres" : "mysql"; }

std::string DbDsn::Redacted() const {
  return pg() != nullptr ? pg()->Redacted() : mysql()->Redacted();
}

bool DbDsn::has_secrets() const {
  return pg() != nullptr ? pg()->has_secrets() : mysql()->has_password();
}

std::string DbDsn::WithoutSecrets() const {
  return pg() != nullptr ? pg()->ConninfoWithoutSecrets() : mysql()->WithoutSecrets();
}

std::string DbDsn::host() const { return pg() != nullptr ? pg()->host() : mysql()->host(); }

std::string DbDsn::port() const {
  return pg() != nullptr ? pg()->port() : std::to_string(mysql()->port());
}

std::string DbDsn::database() const {
  return pg() != nullptr ? pg()->database() : mysql()->database();
}

}  // namespace lakehouse
