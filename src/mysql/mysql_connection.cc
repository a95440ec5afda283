#include "mysql/mysql_connection.h"

#include <mysql.h>

#include "mysql/mysql_error.h"
#include "mysql/mysql_password_file.h"

namespace lakehouse {
namespace {

Status ErrorOf(MYSQL* conn, const MysqlDsn& dsn) {
  return MysqlStatementError(dsn, mysql_errno(conn), mysql_sqlstate(conn), mysql_error(conn));
}

}  // namespace

void MysqlConnection::Close::operator()(st_mysql* conn) const { mysql_close(conn); }
void MysqlResultStream::Free::operator()(st_mysql_res* result) const { mysql_free_result(result); }

MysqlResultStream::MysqlResultStream(st_mysql_res* result, st_mysql* conn, MysqlDsn dsn)
    : result_(result), conn_(conn), dsn_(std::move(dsn)) {
  const unsigned int count = mysql_num_fields(result);
  MYSQL_FIELD* fields = mysql_fetch_fields(result);
  fields_.reserve(count);
  for (unsigned int i = 0; i < count; ++i) {
    const MYSQL_FIELD& f = fields[i];
    MysqlField field;
    field.name.assign(f.name, f.name_length);
    field.type = static_cast<int>(f.type);
    field.flags = f.flags;
    field.length = f.length;
    field.decimals = f.decimals;
    field.charsetnr = f.charsetnr;
    MARIADB_CONST_STRING format{};
    if (mariadb_field_attr(&format, &f, MARIADB_FIELD_ATTR_FORMAT_NAME) == 0 &&
        format.str != nullptr) {
      field.format_name.assign(format.str, format.length);
    }
    fields_.push_back(std::move(field));
  }
}

Result<bool> MysqlResultStream::Next() {
  row_ = mysql_fetch_row(result_.get());
  if (row_ == nullptr) {
    lengths_ = nullptr;
    if (mysql_errno(conn_) != 0) return ErrorOf(conn_, dsn_);
    return false;
  }
  lengths_ = mysql_fetch_lengths(result_.get());
  return true;
}

Result<MysqlConnection> MysqlConnection::Connect(const MysqlDsn& dsn,
                                                 std::chrono::seconds connect_timeout,
                                                 const std::string& password_file) {
  MYSQL* raw = mysql_init(nullptr);
  if (raw == nullptr) return ResourceExhausted("Connector/C could not allocate a connection");
  MysqlConnection conn(raw, dsn);
  unsigned int timeout = dsn.connect_timeout_seconds() > 0
                             ? static_cast<unsigned int>(dsn.connect_timeout_seconds())
                             : static_cast<unsigned int>(connect_timeout.count());
  mysql_options(raw, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_options(raw, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  unsigned int no_local_infile = 0;
  mysql_options(raw, MYSQL_OPT_LOCAL_INFILE, &no_local_infile);
  mysql_options(raw, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
  if (dsn.ssl_mode() != MysqlSslMode::kDisabled) {
    my_bool enforce = 1;
    mysql_options(raw, MYSQL_OPT_SSL_ENFORCE, &enforce);
    my_bool verify = dsn.ssl_mode() == MysqlSslMode::kVerifyIdentity ? 1 : 0;
    mysql_options(raw, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
  }
  std::optional<std::string> password;
  if (dsn.has_password()) {
    password = dsn.password();
  } else {
    password = LookUpMysqlPassword(password_file, dsn);
  }
  const bool socket = !dsn.socket().empty();
  MYSQL* ok = mysql_real_connect(raw, socket ? nullptr : dsn.host().c_str(),
                                 dsn.user().empty() ? nullptr : dsn.user().c_str(),
                                 password ? password->c_str() : nullptr,
                                 dsn.database().empty() ? nullptr : dsn.database().c_str(),
                                 socket ? 0 : static_cast<unsigned int>(dsn.port()),
                                 socket ? dsn.socket().c_str() : nullptr, 0);
  if (ok == nullptr) {
    Status error = MysqlConnectError(dsn, mysql_errno(raw), mysql_error(raw));
    if (!password || password->empty() || error.message().find(*password) == std::string::npos) {
      return error;
    }
    std::string message = error.message();  // a password from the file, echoed back: scrub it
    for (size_t pos = message.find(*password); pos != std::string::npos;
         pos = message.find(*password, pos)) {
      message.replace(pos, password->size(), "***");
    }
    return Status(error.code(), message);
  }
  return conn;
}

Status MysqlConnection::LastError() const { return ErrorOf(conn_.get(), dsn_); }

Status MysqlConnection::Execute(std::string_view sql) {
  if (mysql_real_query(conn_.get(), sql.data(), sql.size()) != 0) return LastError();
  MYSQL_RES* result = mysql_store_result(conn_.get());
  if (result != nullptr) {
    mysql_free_result(result);
  } else if (mysql_field_count(conn_.get()) != 0) {
    return LastError();
  }
  return Status::Ok();
}

Result<std::optional<std::string>> MysqlConnection::QueryValue(std::string_view sql) {
  if (mysql_real_query(conn_.get(), sql.data(), sql.size()) != 0) return LastError();
  MYSQL_RES* result = mysql_store_result(conn_.get());
  if (result == nullptr) return LastError();
  std::unique_ptr<MYSQL_RES, MysqlResultStream::Free> guard(result);
  MYSQL_ROW row = mysql_fetch_row(result);
  if (row == nullptr || mysql_num_fields(result) == 0 || row[0] == nullptr) {
    return std::optional<std::string>();
  }
  unsigned long* lengths = mysql_fetch_lengths(result);
  return std::optional<std::string>(std::string(row[0], lengths[0]));
}

Result<MysqlResultStream> MysqlConnection::Stream(std::string_view sql) {
  if (mysql_real_query(conn_.get(), sql.data(), sql.size()) != 0) return LastError();
  MYSQL_RES* result = mysql_use_result(conn_.get());
  if (result == nullptr) {
    if (mysql_errno(conn_.get()) != 0) return LastError();
    return InvalidArgument("MySQL ", dsn_.Describe(), ": the statement returned no rows");
  }
  return MysqlResultStream(result, conn_.get(), dsn_);
}

std::string MysqlConnection::QuoteLiteral(std::string_view value) const {
  std::string out(value.size() * 2 + 3, '\0');
  out[0] = '\'';
  unsigned long n = mysql_real_escape_string(conn_.get(), out.data() + 1, value.data(),
                                             static_cast<unsigned long>(value.size()));
  out.resize(n + 1);
  out += '\'';
  return out;
}

std::string MysqlConnection::QuoteIdentifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

void MysqlConnection::Cancel() { (void)mariadb_cancel(conn_.get()); }

}  // namespace lakehouse
