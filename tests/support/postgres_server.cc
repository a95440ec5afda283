#include "tests/support/postgres_server.h"

#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace lakehouse::testing {
namespace {

namespace fs = std::filesystem;

std::string FindBinDir() {
  if (const char* env = std::getenv("LAKEHOUSE_PG_BIN"); env != nullptr && *env != '\0') {
    return env;
  }
  std::string best;
  int best_version = -1;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    int version = std::atoi(e.path().filename().c_str());
    if (version > best_version && fs::exists(e.path() / "bin" / "initdb")) {
      best_version = version;
      best = (e.path() / "bin").string();
    }
  }
  return best;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    socklen_t len = sizeof(addr);
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace

Status PostgresServer::Run(const std::string& command) const {
  std::string full = as_postgres_user_ ? "runuser -u postgres -- " + command : command;
  full += " >>" + dir_ + "/commands.log 2>&1";
  int rc = std::system(full.c_str());
  if (rc != 0) {
    std::ifstream log(dir_ + "/commands.log");
    std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    return Internal("`", command, "` failed (", rc,
                    "): ", text.substr(text.size() > 2000 ? text.size() - 2000 : 0));
  }
  return Status::Ok();
}

Result<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  std::unique_ptr<PostgresServer> pg(new PostgresServer());
  pg->bin_dir_ = FindBinDir();
  if (pg->bin_dir_.empty()) {
    return FailedPrecondition("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)");
  }
  std::string pattern = (fs::temp_directory_path() / "lh_pg_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return Internal("mkdtemp failed");
  pg->dir_ = pattern;
  pg->as_postgres_user_ = geteuid() == 0;
  if (pg->as_postgres_user_) {
    std::string chown = "chown -R postgres: " + pg->dir_;
    if (std::system(chown.c_str()) != 0) return Internal("cannot chown ", pg->dir_);
  }
  {
    std::ofstream pw(pg->dir_ + "/pwfile");
    pw << pg->password_ << "\n";
  }
  if (pg->as_postgres_user_) (void)std::system(("chown postgres: " + pg->dir_ + "/pwfile").c_str());
  LH_RETURN_IF_ERROR(pg->Run(pg->bin_dir_ + "/initdb -D " + pg->dir_ + "/data -U " + pg->user_ +
                             " --pwfile=" + pg->dir_ + "/pwfile --auth-local=trust" +
                             " --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync"));
  for (int attempt = 0; attempt < 5 && !pg->running_; ++attempt) {
    pg->port_ = FreePort();
    std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(pg->port_) + " -k " +
                          pg->dir_ + " -c fsync=off -c full_page_writes=off";
    Status started = pg->Run(pg->bin_dir_ + "/pg_ctl -D " + pg->dir_ + "/data -l " + pg->dir_ +
                             "/server.log -w -t 30 -o '" + options + "' start");
    if (started.ok()) pg->running_ = true;
  }
  if (!pg->running_) return Internal("pg_ctl start failed; see ", pg->dir_, "/server.log");
  return pg;
}

PostgresServer::~PostgresServer() {
  Kill();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

void PostgresServer::Kill() {
  if (!running_) return;
  (void)Run(bin_dir_ + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop");
  running_ = false;
}

std::string PostgresServer::SocketDsn(const std::string& database) const {
  return "postgresql:///" + database + "?host=" + dir_ + "&port=" + std::to_string(port_) +
         "&user=" + user_;
}

std::string PostgresServer::Dsn(const std::string& database) const {
  return "postgresql://" + user_ + ":" + password_ + "@127.0.0.1:" + std::to_string(port_) + "/" +
         database;
}

namespace {

Result<PGconn*> Open(const std::string& dsn) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return Internal("connect: ", message);
  }
  return conn;
}

}  // namespace

Status PostgresServer::Execute(const std::string& sql, const std::string& database) const {
  LH_ASSIGN_OR_RETURN(PGconn * conn, Open(Dsn(database)));
  PGresult* r = PQexec(conn, sql.c_str());
  ExecStatusType st = PQresultStatus(r);
  Status s = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
                 ? Status::Ok()
                 : Internal("SQL failed: ", PQresultErrorMessage(r));
  PQclear(r);
  PQfinish(conn);
  return s;
}

Result<std::string> PostgresServer::QueryValue(const std::string& sql,
                                               const std::string& database) const {
  LH_ASSIGN_OR_RETURN(PGconn * conn, Open(Dsn(database)));
  PGresult* r = PQexec(conn, sql.c_str());
  Result<std::string> out = std::string();
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    out = Internal("SQL failed: ", PQresultErrorMessage(r));
  } else if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
    out = std::string(PQgetvalue(r, 0, 0));
  }
  PQclear(r);
  PQfinish(conn);
  return out;
}

}  // namespace lakehouse::testing
